// In-process figures of issue 13 (ordo-one/benchmark): what the terminal UI does per page,
// per keystroke and per frame at 100,000 ports. Built and run only by scripts/bench
// (VIPCTL_BENCHMARKS=1 swift package benchmark --target VipctlBenchmarks); never by CI.
//
// Everything goes through the public API the app itself uses: `AppState`, `reduce` with the
// actions the UI sends (`pageLoaded`, `typedFilter`, `sortedBy`) and `AppRenderer.render`.
// The fixtures are generated here and decoded by CloudAPI's own `Decodable` models, shaped
// like `vipctl sim --scenario scale` (one NIC per server, every 25th other port a VIP bound
// to two NICs, the rest unattached, over 20 networks).

import Benchmark
import CloudAPI
import Foundation
import TerminalUI
import ViewModels

/// BENCH_SWIFT_PORTS (default 100000): the size of the loaded list.
let portCount = Int(ProcessInfo.processInfo.environment["BENCH_SWIFT_PORTS"] ?? "") ?? 100_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    // A page of 1000 ports arrives while the list already holds `portCount` (it grows by a
    // page per iteration: at most 21 pages, so the list stays near its size).
    measured("merge a page of 1000 ports into \(portCount)", loaded: false) { box, benchmark in
        let page = box.nextPage()
        benchmark.startMeasurement()
        _ = reduce(&box.state, .pageLoaded(.ports(page), generation: box.generation, done: false))
        benchmark.stopMeasurement()
    }

    // One keystroke of a filter over every row (the first key searches all of them).
    measured("filter keystroke at \(portCount) rows") { box, benchmark in
        if box.state.filterInput == nil { _ = reduce(&box.state, .startedFilter) }
        benchmark.startMeasurement()
        _ = reduce(&box.state, .typedFilter("p"))
        benchmark.stopMeasurement()
        _ = reduce(&box.state, .erasedFilterChar)
    }

    // A longer filter: the six keys after the first of "port-01", together.
    measured("filter: keys 2-7 of \"port-01\" at \(portCount) rows") { box, benchmark in
        if box.state.filterInput == nil { _ = reduce(&box.state, .startedFilter) }
        _ = reduce(&box.state, .typedFilter("p"))
        benchmark.startMeasurement()
        for c in "ort-01" { _ = reduce(&box.state, .typedFilter(String(c))) }
        benchmark.stopMeasurement()
        for _ in 0..<7 { _ = reduce(&box.state, .erasedFilterChar) }
    }

    // Sort by the ID column (unique UUIDs: the costliest keys to compare; again: reverse).
    // At 80 columns the ID is not shown, so no key does this one: scripts/bench's tmux figure
    // sorts by DEVICE OWNER (`2`, the second column on screen).
    measured("sort by ID at \(portCount) rows") { box, benchmark in
        benchmark.startMeasurement()
        _ = reduce(&box.state, .sortedBy(column: 1))
        benchmark.stopMeasurement()
    }

    // `2` on the ports list at 80 columns: sort by DEVICE OWNER (again: reverse).
    measured("sort by DEVICE OWNER at \(portCount) rows") { box, benchmark in
        benchmark.startMeasurement()
        _ = reduce(&box.state, .sortedBy(column: 2))
        benchmark.stopMeasurement()
    }

    // The whole 80x24 frame of the ports list.
    measured("render a frame at \(portCount) rows") { box, benchmark in
        benchmark.startMeasurement()
        let frame = AppRenderer.render(box.state, theme: .color())
        benchmark.stopMeasurement()
        blackHole(frame)
    }
}

/// A benchmark over its own state: built by the setup hook (outside the figures), released
/// by the teardown; `body` runs once per iteration and measures what it brackets with
/// `startMeasurement()` / `stopMeasurement()`.
func measured(_ name: String, loaded: Bool = true, _ body: @escaping @Sendable (StateBox, Benchmark) -> Void) {
    let holder = Holder()
    Benchmark(name, closure: { benchmark in
        guard let box = holder.box else { return }
        body(box, benchmark)
        blackHole(box.state.statusLine)
    }, setup: {
        holder.box = loaded ? Fixtures.shared.loaded() : Fixtures.shared.loading()
    }, teardown: {
        holder.box = nil
    })
}

final class Holder: @unchecked Sendable {
    var box: StateBox?
}

/// A state the benchmarks mutate (each benchmark gets its own).
final class StateBox: @unchecked Sendable {
    var state: AppState
    let generation: Int
    let extraPages: [[CloudAPI.Port]]
    var next = 0

    init(state: AppState, generation: Int, extraPages: [[CloudAPI.Port]]) {
        self.state = state
        self.generation = generation
        self.extraPages = extraPages
    }

    /// The next page of new ports (an empty page once all are used).
    func nextPage() -> [CloudAPI.Port] {
        defer { next += 1 }
        return next < extraPages.count ? extraPages[next] : []
    }
}

/// The decoded fixtures, built once.
final class Fixtures: @unchecked Sendable {
    static let shared = Fixtures()

    let networks: [CloudAPI.Network]
    let servers: [CloudAPI.Server]
    let ports: [CloudAPI.Port]
    let extraPages: [[CloudAPI.Port]]

    private init() {
        let netCount = 20
        let serverCount = portCount / 5
        var nets: [String] = []
        var netJSON: [String] = []
        for n in 0..<netCount {
            let id = Fixtures.uuid(1, n)
            nets.append(id)
            netJSON.append(#"{"id":"\#(id)","name":"scale-net-\#(String(format: "%03d", n))","status":"ACTIVE","subnets":["\#(Fixtures.uuid(2, n))"],"shared":false,"mtu":1500,"project_id":"p","revision_number":1}"#)
        }
        networks = Fixtures.decode([CloudAPI.Network].self, netJSON)

        func ip(_ i: Int) -> String { "10.\(i % netCount).\((i / netCount) / 250 % 250).\((i / netCount) % 250 + 2)" }
        func mac(_ i: Int) -> String { String(format: "fa:16:3e:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255) }
        func port(_ i: Int) -> String {
            let n = i % netCount
            var name = ""
            var owner = ""
            var device = ""
            var pairs = ""
            if i < serverCount {
                owner = "compute:nova"
                device = Fixtures.uuid(3, i)
                if i % 25 < 2 { pairs = #"{"ip_address":"1.1.1.1/0","mac_address":"\#(mac(i))"}"# }
            } else if i % 25 == 0 {
                name = String(format: "vip-%06d", i)
                owner = "neutron:VIP_PORT"
                pairs = #"{"ip_address":"\#(ip(i % serverCount))"},{"ip_address":"\#(ip((i + 1) % serverCount))"}"#
            } else {
                name = String(format: "port-%06d", i)
            }
            return #"{"id":"\#(Fixtures.uuid(4, i))","name":"\#(name)","network_id":"\#(nets[n])","project_id":"p","mac_address":"\#(mac(i))","status":"\#(device.isEmpty ? "DOWN" : "ACTIVE")","admin_state_up":true,"device_id":"\#(device)","device_owner":"\#(owner)","fixed_ips":[{"subnet_id":"\#(Fixtures.uuid(2, n))","ip_address":"\#(ip(i))"}],"allowed_address_pairs":[\#(pairs)],"security_groups":["\#(Fixtures.uuid(5, 0))"],"port_security_enabled":true,"revision_number":1,"description":""}"#
        }
        var serverJSON: [String] = []
        serverJSON.reserveCapacity(serverCount)
        for i in 0..<serverCount {
            let addr = #"{"addr":"\#(ip(i))","version":4,"OS-EXT-IPS:type":"fixed","OS-EXT-IPS-MAC:mac_addr":"\#(mac(i))"}"#
            serverJSON.append(#"{"id":"\#(Fixtures.uuid(3, i))","name":"node-\#(String(format: "%05d", i))","status":"\#(i % 50 == 49 ? "SHUTOFF" : "ACTIVE")","addresses":{"scale-net-\#(String(format: "%03d", i % netCount))":[\#(addr)]}}"#)
        }
        servers = Fixtures.decode([CloudAPI.Server].self, serverJSON)
        let pageSize = 1000
        ports = Fixtures.decode([CloudAPI.Port].self, (0..<portCount).map(port))
        extraPages = (0..<21).map { k in
            let start = portCount + k * pageSize
            return Fixtures.decode([CloudAPI.Port].self, (start..<start + pageSize).map(port))
        }
    }

    /// A state that received every network and server and `portCount` ports (in one page, so
    /// that building it does not depend on how pages are merged), the ports load still
    /// running, on the ports list (80x24).
    func loading() -> StateBox {
        var state = AppState(header: Header(cloud: "bench", region: "RegionOne", project: "demo", user: "demo", mode: .demo),
                             size: TerminalSize(width: 80, height: 24), start: .ports)
        var generations: [Resource: Int] = [:]
        for effect in reduce(&state, .launched) {
            if case .load(let r, let g) = effect { generations[r] = g }
        }
        _ = reduce(&state, .pageLoaded(.networks(networks), generation: generations[.networks] ?? 1, done: true))
        _ = reduce(&state, .pageLoaded(.subnets([]), generation: generations[.subnets] ?? 1, done: true))
        _ = reduce(&state, .pageLoaded(.servers(servers), generation: generations[.servers] ?? 1, done: true))
        let g = generations[.ports] ?? 1
        _ = reduce(&state, .pageLoaded(.ports(ports), generation: g, done: false))
        return StateBox(state: state, generation: g, extraPages: extraPages)
    }

    /// The same with the ports load finished.
    func loaded() -> StateBox {
        let box = loading()
        _ = reduce(&box.state, .pageLoaded(.ports([]), generation: box.generation, done: true))
        return box
    }

    static func uuid(_ kind: Int, _ i: Int) -> String {
        String(format: "%08x-0000-4000-8000-%012x", kind, i)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ objects: [String]) -> T {
        let text = "[" + objects.joined(separator: ",") + "]"
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            fatalError("fixture does not decode: \(error)")
        }
    }
}
