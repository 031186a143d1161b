import CloudSimulator
import Foundation
import Synchronization
import Testing
import TestSupport

/// `vipctl sim` as a user runs it: the built binary in a child process.
@Suite("vipctl sim command")
struct SimCommandTests {
    /// The built vipctl (`$VIPCTL_BINARY`, else `.build/debug/vipctl`; CI runs `swift build`
    /// before `swift test`).
    static func binary() throws -> String { try ChildRun.vipctlBinary() }

    @Test("--host 10.1.2.3 without --allow-remote fails and names --allow-remote")
    func remoteHostRefused() async throws {
        let child = try ChildProcess(try SimCommandTests.binary(), ["sim", "--host", "10.1.2.3"])
        defer { child.kill() }
        let status = try await child.waitForExit(timeout: .seconds(10))
        #expect(status != 0)
        #expect(child.stderr.contains("--allow-remote"), "stderr: \(child.stderr)")
        #expect(!child.stdout.contains("listening on"))
    }

    @Test("out-of-range --latency-ms and --token-ttl are usage errors, never a simulator that crashes at its first request",
          arguments: [["sim", "--latency-ms", "99999999999999"], ["sim", "--latency-ms=-1"], ["sim", "--token-ttl", "0"],
                      ["sim", "--token-ttl", "999999999999"], ["demo", "--latency-ms", "99999999999999"],
                      ["sim", "--scenario", "scale", "--ports", "9223372036854775807"],
                      ["sim", "--scenario", "scale", "--servers", "9223372036854775807"],
                      ["sim", "--scenario", "scale", "--networks", "99999999999"], ["sim", "--networks", "0"]])
    func outOfRange(_ args: [String]) async throws {
        let child = try ChildProcess(try SimCommandTests.binary(), args)
        defer { child.kill() }
        let status = try await child.waitForExit(timeout: .seconds(10))
        #expect(status != 0 && status < 128, "a usage error, not a signal: \(status)")
        #expect(child.stderr.contains("must be between"), "stderr: \(child.stderr)")
        #expect(!child.stdout.contains("listening on"))
    }

    @Test("--port 0 --scenario empty: listening line, OS_* exports that work, SIGTERM exits 0")
    func runAndStop() async throws {
        let child = try ChildProcess(try SimCommandTests.binary(), ["sim", "--port", "0", "--scenario", "empty"])
        defer { child.kill() }
        let lines = try await child.waitForLines(10, timeout: .seconds(15))
        let first = try #require(lines.first)
        #expect(first.hasPrefix("listening on http://127.0.0.1:"))
        let port = try #require(Int(first.dropFirst("listening on http://127.0.0.1:".count)), "first line: \(first)")
        #expect(port > 0)
        let base = "http://127.0.0.1:\(port)"
        #expect(lines[1] == "export OS_AUTH_URL=\(base)/identity/v3")
        let exports = Set(lines.dropFirst())
        for expected in ["export OS_USERNAME=demo", "export OS_PASSWORD=demo-secret", "export OS_PROJECT_NAME=demo",
                         "export OS_USER_DOMAIN_NAME=Default", "export OS_PROJECT_DOMAIN_NAME=Default",
                         "export OS_REGION_NAME=RegionOne", "export OS_IDENTITY_API_VERSION=3"]
        {
            #expect(exports.contains(expected), "missing \(expected) in \(lines)")
        }

        // The printed values work: issue a token over HTTP with exactly them.
        func value(_ name: String) -> String {
            lines.first { $0.hasPrefix("export \(name)=") }.map { String($0.dropFirst("export \(name)=".count)) } ?? ""
        }
        let auth: JSON = ["auth": ["identity": ["methods": ["password"],
                                                "password": ["user": ["name": .string(value("OS_USERNAME")),
                                                                      "domain": ["name": .string(value("OS_USER_DOMAIN_NAME"))],
                                                                      "password": .string(value("OS_PASSWORD"))]]],
                                   "scope": ["project": ["name": .string(value("OS_PROJECT_NAME")),
                                                         "domain": ["name": .string(value("OS_PROJECT_DOMAIN_NAME"))]]]]]
        let r = try await SimHarness.send("POST", value("OS_AUTH_URL") + "/auth/tokens", json: auth)
        #expect(r.status == 201)
        let token = try #require(r.header("X-Subject-Token"))
        let region = r.json["token"]?["catalog"]?.arrayValue?.first?["endpoints"]?.arrayValue?.first?["region_id"]?.stringValue
        #expect(region == value("OS_REGION_NAME"))
        // The empty scenario: no networks.
        let nets = try await SimHarness.send("GET", base + "/networking/v2.0/networks", token: token)
        #expect(nets.status == 200)
        #expect(nets.json["networks"]?.arrayValue?.isEmpty == true)

        child.signal(SIGTERM)
        let status = try await child.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "stderr: \(child.stderr)")
    }

    @Test("--flavor huawei prints the region-named project")
    func huaweiExports() async throws {
        let child = try ChildProcess(try SimCommandTests.binary(), ["sim", "--port", "0", "--scenario", "empty", "--flavor", "huawei"])
        defer { child.kill() }
        let lines = try await child.waitForLines(10, timeout: .seconds(15))
        #expect(lines.contains("export OS_PROJECT_NAME=cn-north-4"), "\(lines)")
        child.signal(SIGTERM)
        #expect(try await child.waitForExit(timeout: .seconds(10)) == 0)
    }
}

extension SimCommandTests {
    @Test("--flavor huawei --auth aksk: HUAWEICLOUD_SDK_* and endpoint exports, and requests signed with them work")
    func akskExports() async throws {
        let child = try ChildProcess(try SimCommandTests.binary(), ["sim", "--port", "0", "--flavor", "huawei", "--auth", "aksk"])
        defer { child.kill() }
        let lines = try await child.waitForLines(8, timeout: .seconds(15))
        func value(_ name: String) -> String? {
            lines.first { $0.hasPrefix("export \(name)=") }.map { String($0.dropFirst("export \(name)=".count)) }
        }
        #expect(value("HUAWEICLOUD_SDK_AK") == SimulatorDefaults.accessKey)
        #expect(value("HUAWEICLOUD_SDK_SK") == SimulatorDefaults.secretKey)
        #expect(value("OS_PASSWORD") == nil, "no password lines with AK/SK: \(lines)")
        let project = try #require(value("HUAWEICLOUD_SDK_PROJECT_ID"))
        #expect(project.count == 32)
        let vpc = try #require(value("OS_NETWORK_ENDPOINT_OVERRIDE"))
        let ecs = try #require(value("OS_COMPUTE_ENDPOINT_OVERRIDE"))
        #expect(vpc.hasPrefix("http://127.0.0.1:") && vpc.hasSuffix("/v2.0"), "\(vpc)")
        #expect(ecs.hasPrefix("http://127.0.0.1:") && ecs.hasSuffix("/v2.1"), "\(ecs)")
        #expect(!lines[0].contains(vpc.dropLast(5)) && vpc.dropLast(5) != ecs.dropLast(5), "three different ports: \(lines)")
        let call = SignedCall(projectID: project, date: Date().timeIntervalSince1970)
        let ports = try await SimHarness.signed("GET", vpc + "/ports", call)
        #expect(ports.status == 200, "\(ports.text)")
        #expect((ports.json["ports"]?.arrayValue?.count ?? 0) > 0)
        #expect(try await SimHarness.signed("GET", ecs + "/servers", call).json["servers"]?.arrayValue?.count == 12)
        var tampered = call
        tampered.tamper = true
        #expect(try await SimHarness.signed("GET", vpc + "/ports", tampered).json["error_code"]?.stringValue == "APIG.0301")
        child.signal(SIGTERM)
        #expect(try await child.waitForExit(timeout: .seconds(10)) == 0)
    }
}

/// `vipctl sim` in the background (through `Spawn.start`, the one runner; the test's own
/// environment): a test polls what has arrived, with a deadline.
final class ChildProcess: Sendable {
    private let child: SpawnedChild

    init(_ path: String, _ args: [String]) throws {
        child = try Spawn.start([path] + args, environment: ProcessInfo.processInfo.environment)
    }

    var stdout: String { child.stdout }
    var stderr: String { child.stderr }

    /// Waits until stdout holds at least `n` complete lines.
    func waitForLines(_ n: Int, timeout: Duration) async throws -> [String] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let text = stdout
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            if lines.count >= n { return lines }
            if !child.isRunning || clock.now > deadline {
                throw HarnessError("wanted \(n) lines within \(timeout), got: \(text.debugDescription); stderr: \(stderr.debugDescription)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func signal(_ sig: Int32) { child.signal(sig) }

    /// The exit status, once the process has exited.
    func waitForExit(timeout: Duration) async throws -> Int32 {
        try await child.wait(timeout: timeout).status
    }

    /// Always safe to call: SIGKILL if still running, then reap.
    func kill() { child.killGroup() }
}
