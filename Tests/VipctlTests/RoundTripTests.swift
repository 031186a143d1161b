import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Issue 13: the round trips a changing command takes, counted on both sides. The simulator
/// counts sequential round trips as it sees them (a request's depth is one more than the
/// deepest request answered before it arrived); vipctl counts them as it sends them
/// (`RoundTripMeter`) and reports that number. A latency of 300 ms keeps the requests of one
/// parallel wave overlapping on a loaded machine; nothing here measures time.
@Suite("round trips of vip create, counted by the simulator")
struct RoundTripTests {
    typealias H = HeadlessCommandTests

    struct Counted {
        let seen: Int
        let reported: Int?
        let requests: Int?
        let reportedRequests: Int?
        let outcome: String?
        /// The requests vipctl's debug log recorded (for a failure's message).
        let log: String
        /// The plan's reads (token included) and its figure for the writes.
        let planReads: Int?
        let planPath: Int?

        /// The plan's own figure: its reads, its writes' chain, the read afterwards.
        var planned: Int? { planReads.flatMap { r in planPath.map { r + $0 + 1 } } }
    }

    static func create(_ flavor: SimulatorConfig.Flavor, _ extra: [String]) async throws -> Counted {
        try await run(flavor, ["vip", "create", "--network", "prod-net", "--name", "rt-vip", "--bind", "web-01", "--bind", "web-02"] + extra)
    }

    static func run(_ flavor: SimulatorConfig.Flavor, _ args: [String]) async throws -> Counted {
        try await SimHarness.with({ c in
            c.flavor = flavor
            c.latencyMS = 300
        }) { h in
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env["OS_PROJECT_NAME"] = Proof.project(flavor)
            let logPath = home.path + "/debug.log"
            let r = try await H.vipctl(args + ["--yes", "--output", "json", "--debug-log", logPath], env: env, home: home)
            try #require(r.status == 0, "exit \(r.status); stderr: \(r.stderr)")
            let doc = try JSON.parse(r.stdout)
            let report = doc["report"]
            let stats = try await h.stats()
            let seen = try #require(stats["round_trips"]?.intValue, "\(stats)")
            let log = ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { $0.hasPrefix("--- ") }.joined(separator: "\n")
            return Counted(seen: seen, reported: report?["round_trips_on_critical_path"]?.intValue, requests: stats["total"]?.intValue,
                           reportedRequests: report?["requests"]?.intValue, outcome: report?["outcome"]?.stringValue, log: log,
                           planReads: doc["plan"]?["read_round_trips"]?.intValue, planPath: doc["plan"]?["critical_path"]?.intValue)
        }
    }

    /// The most round trips a create may take. With If-Match (the openstack flavor): the token,
    /// one read wave, the writes, the read afterwards; the openstack strategy with an automatic
    /// address waits for the POST's answer before the NICs' writes (one more). Without
    /// If-Match (the huawei flavor) each NIC write is merged into a read just before it, read
    /// back, and checked again after a quiet period (three more).
    static func most(_ flavor: SimulatorConfig.Flavor, waitsForAddress: Bool) -> Int {
        (flavor == .huawei ? 7 : 4) + (waitsForAddress ? 1 : 0)
    }

    @Test("vip create --bind A --bind B --yes (huawei strategy): with If-Match at most 4 sequential round trips including the token; reported exactly",
          arguments: [SimulatorConfig.Flavor.openstack, .huawei])
    func createHuawei(flavor: SimulatorConfig.Flavor) async throws {
        let c = try await Self.create(flavor, [])
        #expect(c.outcome == "applied")
        #expect(c.seen <= Self.most(flavor, waitsForAddress: false), "the simulator saw \(c.seen) sequential round trips:\n\(c.log)")
        #expect(c.reported == c.seen, "vipctl reported \(String(describing: c.reported)), the simulator saw \(c.seen):\n\(c.log)")
        #expect(c.planned == c.seen, "the plan said \(String(describing: c.planReads)) + \(String(describing: c.planPath)) + 1")
        #expect(c.reportedRequests == c.requests, "vipctl reported \(String(describing: c.reportedRequests)) requests, the simulator counted \(String(describing: c.requests))")
    }

    @Test("--strategy openstack: with --ip the NICs' writes go with the POST; with an automatic address they wait for it (one more); reported exactly",
          arguments: [SimulatorConfig.Flavor.openstack, .huawei])
    func createOpenstack(flavor: SimulatorConfig.Flavor) async throws {
        let typed = try await Self.create(flavor, ["--strategy", "openstack", "--ip", "192.168.10.50"])
        #expect(typed.outcome == "applied")
        #expect(typed.seen <= Self.most(flavor, waitsForAddress: false), "the simulator saw \(typed.seen):\n\(typed.log)")
        #expect(typed.reported == typed.seen, "\(typed.log)")
        #expect(typed.reportedRequests == typed.requests)
        #expect(typed.planned == typed.seen)
        let auto = try await Self.create(flavor, ["--strategy", "openstack"])
        #expect(auto.outcome == "applied")
        #expect(auto.seen <= Self.most(flavor, waitsForAddress: true), "the simulator saw \(auto.seen):\n\(auto.log)")
        #expect(auto.reported == auto.seen, "\(auto.log)")
        #expect(auto.reportedRequests == auto.requests)
        #expect(auto.planned == auto.seen)
    }

    @Test("vip bind and vip delete --unbind --yes: the plan's reads, its figure for the writes and the read afterwards are what the simulator saw",
          arguments: [SimulatorConfig.Flavor.openstack, .huawei])
    func bindAndDelete(flavor: SimulatorConfig.Flavor) async throws {
        for args in [["vip", "bind", "vip-web", "--server", "web-01"], ["vip", "delete", "vip-web", "--unbind"]] {
            let c = try await Self.run(flavor, args)
            #expect(c.outcome == "applied", "\(args)")
            #expect(c.reported == c.seen, "\(args): vipctl reported \(String(describing: c.reported)), the simulator saw \(c.seen):\n\(c.log)")
            #expect(c.planned == c.seen, "\(args): the plan said \(String(describing: c.planReads)) + \(String(describing: c.planPath)) + 1:\n\(c.log)")
            #expect(c.reportedRequests == c.requests, "\(args)")
            // With If-Match: the token, one read wave, the writes (for the delete: empty the
            // VIP's pairs, then DELETE), the read afterwards.
            if flavor == .openstack { #expect(c.seen == (args[1] == "bind" ? 4 : 5), "\(args):\n\(c.log)") }
        }
    }
}
