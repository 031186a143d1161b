import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Issue 13: the round trips a changing command takes, counted on both sides. The simulator
/// counts sequential round trips as it sees them (a request's depth is one more than the
/// deepest request answered before it arrived); vipctl counts them as it sends them
/// (`RoundTripMeter`) and reports that number. A latency of 100 ms keeps the requests of one
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
    }

    static func create(_ flavor: SimulatorConfig.Flavor, _ extra: [String]) async throws -> Counted {
        try await SimHarness.with({ c in
            c.flavor = flavor
            c.latencyMS = 100
        }) { h in
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env["OS_PROJECT_NAME"] = Proof.project(flavor)
            let r = try await H.vipctl(["vip", "create", "--network", "prod-net", "--name", "rt-vip", "--bind", "web-01", "--bind", "web-02"]
                + extra + ["--yes", "--output", "json"], env: env, home: home)
            try #require(r.status == 0, "exit \(r.status); stderr: \(r.stderr)")
            let report = try JSON.parse(r.stdout)["report"]
            let stats = try await h.stats()
            let seen = try #require(stats["round_trips"]?.intValue, "\(stats)")
            return Counted(seen: seen, reported: report?["round_trips_on_critical_path"]?.intValue, requests: stats["total"]?.intValue,
                           reportedRequests: report?["requests"]?.intValue, outcome: report?["outcome"]?.stringValue)
        }
    }

    @Test("vip create --bind A --bind B --yes (huawei strategy): at most 4 sequential round trips including the token; reported exactly",
          arguments: [SimulatorConfig.Flavor.openstack, .huawei])
    func createHuawei(flavor: SimulatorConfig.Flavor) async throws {
        let c = try await Self.create(flavor, [])
        #expect(c.outcome == "applied")
        #expect(c.seen <= 4, "the simulator saw \(c.seen) sequential round trips")
        #expect(c.reported == c.seen, "vipctl reported \(String(describing: c.reported)), the simulator saw \(c.seen)")
        #expect(c.reportedRequests == c.requests, "vipctl reported \(String(describing: c.reportedRequests)) requests, the simulator counted \(String(describing: c.requests))")
    }

    @Test("--strategy openstack: with --ip the NICs' writes go with the POST (4 round trips); with an automatic address they wait for it (5); reported exactly",
          arguments: [SimulatorConfig.Flavor.openstack, .huawei])
    func createOpenstack(flavor: SimulatorConfig.Flavor) async throws {
        let typed = try await Self.create(flavor, ["--strategy", "openstack", "--ip", "192.168.10.50"])
        #expect(typed.outcome == "applied")
        #expect(typed.seen <= 4, "the simulator saw \(typed.seen)")
        #expect(typed.reported == typed.seen)
        #expect(typed.reportedRequests == typed.requests)
        let auto = try await Self.create(flavor, ["--strategy", "openstack"])
        #expect(auto.outcome == "applied")
        #expect(auto.seen <= 5, "the simulator saw \(auto.seen)")
        #expect(auto.reported == auto.seen)
        #expect(auto.reportedRequests == auto.requests)
    }
}
