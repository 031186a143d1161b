// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "vipctl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vipctl", targets: ["vipctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // SHA-256, HMAC and HKDF for Huawei's AK/SK request signing (already in the graph via
        // swift-certificates).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Property-based tests (test targets only).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The one message catalog: every user-facing string, English and Simplified Chinese,
        // compiled into the binary (Foundation's localization does not work on Linux). A leaf.
        .target(name: "L10n"),
        .testTarget(name: "L10nTests", dependencies: ["L10n"]),
        // The shared client: config (clouds.yaml, OS_*), Keystone auth, catalog, Neutron, Nova,
        // pagination, typed errors. No UI.
        .target(
            name: "CloudAPI",
            dependencies: [
                "L10n",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // A faithful local Keystone v3 / Neutron v2.0 / Nova v2.1. Shares no model types with
        // the client, so a wire-format bug cannot hide in both.
        .target(
            name: "CloudSimulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The domain: pair-merge rules, strategies, plans and their one wording, executor, journal.
        .target(
            name: "VIPCore",
            dependencies: ["CloudAPI", "L10n"]
        ),
        // Pure TUI state, actions named after what the user did, a reducer, and a Store that
        // runs injected effects. No terminal, no ncurses.
        .target(name: "ViewModels", dependencies: ["VIPCore", "CloudAPI", "L10n"]),
        .executableTarget(
            name: "vipctl",
            dependencies: [
                "L10n",
                "CloudAPI",
                "VIPCore",
                "ViewModels",
                "TerminalUI",
                "CloudSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared test helpers: an in-process simulator on an ephemeral loopback port and a raw
        // HTTP client that sends exactly what a test says.
        .target(
            name: "TestSupport",
            dependencies: [
                "CloudSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        // ncursesw, reached only from TerminalUI's curses driver.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // Cell buffer, widgets, the keybinding table, pure screen rendering, the app loop and
        // the terminal drivers (curses and headless).
        .target(name: "TerminalUI", dependencies: ["CNcurses", "ViewModels", "VIPCore", "CloudAPI", "L10n"]),
        .testTarget(
            name: "TerminalUITests",
            dependencies: ["TerminalUI", "ViewModels", "VIPCore", "CloudAPI", "L10n", "CloudSimulator", "TestSupport"],
            // Text snapshots and the render tests' JSON fixtures, read through #filePath (not bundle resources).
            exclude: ["__Snapshots__", "Fixtures"]
        ),
        .testTarget(
            name: "CloudSimulatorTests",
            dependencies: ["CloudSimulator", "TestSupport"]
        ),
        .testTarget(
            name: "CloudAPITests",
            dependencies: ["CloudAPI", "VIPCore", "L10n", "CloudSimulator", "TestSupport"]
        ),
        // Planner table tests, address checks, and the executor against the simulator.
        .testTarget(
            name: "VIPCoreTests",
            dependencies: [
                "VIPCore", "CloudAPI", "L10n", "CloudSimulator", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ViewModelsTests",
            dependencies: ["ViewModels", "CloudAPI", "VIPCore", "L10n", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        // The built `vipctl` as users run it: every test that spawns the binary (read and
        // changing commands, interrupts, journal and undo, the concurrency and fault proofs,
        // secrets, hostile names and servers, settings, `vipctl sim`), against the in-process
        // simulator or a hostile loopback server. `VIPCTL_BINARY` points them at another build.
        .testTarget(
            name: "VipctlTests",
            dependencies: ["CloudAPI", "VIPCore", "L10n", "CloudSimulator", "TestSupport"]
        ),
        // The real `vipctl` binary driven through tmux (Tests/TestSupport/Tmux.swift).
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// The in-process benchmarks (issue 13): ordo-one/benchmark and Benchmarks/VipctlBenchmarks,
// only when VIPCTL_BENCHMARKS=1 (scripts/bench sets it and runs
// `swift package benchmark --target VipctlBenchmarks`). Without it, `swift build`, the tests
// and CI never resolve, fetch or build them. The MallocInterposer trait only: the default
// traits pull a package the machine's mirror lacks.
if Context.environment["VIPCTL_BENCHMARKS"] == "1" {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "VipctlBenchmarks",
            dependencies: [
                "CloudAPI", "ViewModels", "TerminalUI",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/VipctlBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ))
}
