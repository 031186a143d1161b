import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Helpers shared by the proof tests of issue 9 (ConcurrencyProofTests, FaultProofTests): the
/// built `vipctl` run as child processes against an in-process simulator with the contention
/// scenario (network ha-net, servers node-01 ... node-40 with one NIC each, VIPs vip-ha ...
/// vip-ha-5), and the cloud read back over raw HTTP.
enum Proof {
    typealias H = HeadlessCommandTests

    /// The contention scenario in a flavor, allowing `maxAddressPairs` pairs per port.
    static func configure(_ flavor: SimulatorConfig.Flavor) -> (inout SimulatorConfig) -> Void {
        { c in
            c.flavor = flavor
            c.scenario = .contention
            c.maxAddressPairs = maxAddressPairs
        }
    }

    /// The simulator's `max_allowed_address_pair` in these tests, and what vipctl is told through
    /// `OS_MAX_ALLOWED_ADDRESS_PAIR` (clouds.yaml `max_allowed_address_pair`): twenty NIC IPs
    /// must fit in one VIP's pairs, above neutron's default of 10 that vipctl's planner assumes.
    static let maxAddressPairs = 64

    /// On Huawei the project is named after the region.
    static func project(_ flavor: SimulatorConfig.Flavor) -> String { flavor == .huawei ? "cn-north-4" : "demo" }

    static func node(_ n: Int) -> String { String(format: "node-%02d", n) }
    /// node-NN's NIC address in the contention scenario.
    static func nodeIP(_ n: Int) -> String { "10.20.0.\(10 + n)" }

    static let checkOff = "1.1.1.1/0"

    /// PATH, HOME and the OS_* variables of the demo user on `h`.
    static func env(_ h: SimHarness, _ flavor: SimulatorConfig.Flavor, _ home: H.TempHome) -> [String: String] {
        var env = H.osEnv(h, home)
        env["OS_PROJECT_NAME"] = project(flavor)
        env["OS_MAX_ALLOWED_ADDRESS_PAIR"] = String(maxAddressPairs)
        return env
    }

    /// What one vipctl run printed and how long it took.
    struct Run: Sendable {
        let args: [String]
        let output: ProcessOutput
        let seconds: Double

        /// stdout as JSON, if it is.
        var json: JSON? { try? JSON.parse(Array(output.stdout.utf8)) }
        var outcome: String? { json?["report"]?["outcome"]?.stringValue }
        var crashed: Bool { output.signal != nil || output.status == 134 || output.status == 139 }

        /// One line for a failure message: the command, exit, the result and report lines (or
        /// the end of stdout when it is not JSON), the end of stderr.
        var summary: String {
            var s = "vipctl \(args.joined(separator: " ")): exit \(output.status)"
                + (output.signal.map { " (killed by signal \($0))" } ?? "")
                + String(format: " after %.2f s", seconds)
            if let json {
                s += "; result \(json["result"]?.stringValue ?? "?")"
                if let lines = json["report"]?["lines"]?.arrayValue?.compactMap(\.stringValue) {
                    s += "; report: " + lines.joined(separator: " / ")
                }
            } else {
                s += "; stdout: \(String(output.stdout.suffix(800)).debugDescription)"
            }
            // A crash's backtrace starts with the crashing thread's frames: show its beginning.
            let err = crashed ? String(output.stderr.prefix(1500)) : String(output.stderr.suffix(800))
            return s + "; stderr: \(err.debugDescription)"
        }
    }

    /// Runs the built vipctl in its own fresh HOME; a generous deadline (2 minutes).
    static func vipctl(_ h: SimHarness, _ flavor: SimulatorConfig.Flavor, _ args: [String],
                       timeout: Duration = .seconds(120)) async throws -> Run
    {
        let home = try H.TempHome()
        defer { home.remove() }
        let clock = ContinuousClock()
        let start = clock.now
        let out = try await ChildRun.run(try ChildRun.vipctlBinary(), args, environment: env(h, flavor, home), directory: home.path,
                                         timeout: timeout)
        return Run(args: args, output: out, seconds: seconds(clock.now - start))
    }

    /// Runs every command list at once (all launched, then all awaited); results in input order.
    static func vipctlAll(_ h: SimHarness, _ flavor: SimulatorConfig.Flavor, _ commands: [[String]]) async throws -> [Run] {
        try await withThrowingTaskGroup(of: (Int, Run).self) { group in
            for (i, args) in commands.enumerated() {
                group.addTask {
                    let run = try await vipctl(h, flavor, args)
                    return (i, run)
                }
            }
            var out: [Run?] = Array(repeating: nil, count: commands.count)
            for try await (i, r) in group { out[i] = r }
            return out.compactMap { $0 }
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// A fresh token of the demo user.
    static func token(_ h: SimHarness, _ flavor: SimulatorConfig.Flavor) async throws -> String {
        try await h.token(project: project(flavor))
    }

    /// Every port of the tenant, by id.
    static func ports(_ h: SimHarness, _ flavor: SimulatorConfig.Flavor) async throws -> [String: JSON] {
        let t = try await token(h, flavor)
        var out: [String: JSON] = [:]
        for p in try await h.allPorts(token: t) { out[p.id] = p }
        return out
    }

    /// node-NN -> its NIC port id.
    static func nics(_ ports: [String: JSON]) throws -> [Int: String] {
        var out: [Int: String] = [:]
        for n in 1...40 {
            let nic = try #require(ports.values.first { $0.firstIP == nodeIP(n) && $0["device_owner"]?.stringValue == "compute:nova" },
                                   "no NIC with \(nodeIP(n))")
            out[n] = nic.id
        }
        return out
    }

    static func vip(named name: String, in ports: [String: JSON]) throws -> JSON {
        try #require(ports.values.first { $0["name"]?.stringValue == name }, "no port named \(name)")
    }

    static func setFaults(_ h: SimHarness, _ doc: JSON) async throws {
        let r = try await h.request("POST", h.baseURL + "/__sim/faults", json: doc)
        try #require(r.status == 200, "POST /__sim/faults: \(r.status) \(r.text)")
    }

    static func clearFaults(_ h: SimHarness) async throws {
        try await setFaults(h, ["clear": true])
    }

    static func reset(_ h: SimHarness) async throws {
        let r = try await h.request("POST", h.baseURL + "/__sim/reset")
        try #require(r.status == 200, "POST /__sim/reset: \(r.status) \(r.text)")
    }
}

/// A port as the proof tests compare it: whether it exists, its pair addresses (sorted, with
/// repeats) and its port security.
struct PortState: Equatable, CustomStringConvertible {
    var exists: Bool
    var pairs: [String]
    var portSecurity: Bool?

    init(_ port: JSON?) {
        exists = port != nil
        pairs = (port?.pairIPs ?? []).sorted()
        portSecurity = port?["port_security_enabled"]?.boolValue
    }

    init(exists: Bool, pairs: [String], portSecurity: Bool?) {
        self.exists = exists
        self.pairs = pairs.sorted()
        self.portSecurity = portSecurity
    }

    var description: String {
        exists ? "pairs [\(pairs.joined(separator: ", "))], port security \(portSecurity.map { $0 ? "on" : "off" } ?? "?")" : "absent"
    }
}

/// Waits until `count` tasks have arrived, then lets them all go on.
actor Barrier {
    private let count: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func arrive() async {
        arrived += 1
        if arrived >= count {
            let all = waiting
            waiting = []
            for c in all { c.resume() }
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
