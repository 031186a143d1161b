import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Issue 14, item 4, end to end: the built binary signing with AK/SK against the simulator as
/// Huawei's API gateway. A cloud marked hardware SDN (`OS_HARDWARE_SDN=true`) gets a bind
/// whose NIC PUT would carry a CIDR pair refused in the plan: the reason on stderr, exit 1, and
/// the simulator saw no write. The same command unmarked plans (and sends) it.
@Suite("vipctl on Huawei: the planner refuses what the cloud would reject, nothing sent")
struct HuaweiRulesBinaryTests {
    static func writes(_ h: SimHarness) async throws -> Int {
        let r = try await h.get(h.baseURL + "/__sim/stats", token: nil)
        try #require(r.status == 200, "stats: \(r.status) \(r.text)")
        return r.json["writes"]?.intValue ?? -1
    }

    @Test("hardware SDN: vip bind refused in the plan (the NIC, the CIDR, what to do), exit 1, no write; unmarked the same bind applies")
    func hardwareSDNRefusedInPlan() async throws {
        try await SimHarness.with({ $0.flavor = .huawei; $0.auth = .aksk }) { h in
            let home = try TempHome()
            defer { home.remove() }
            // web-01's NIC holds a CIDR pair (a region without hardware SDN took it).
            let call = await h.signedCall()
            let ports = try await SimHarness.signed("GET", h.vpc + "/ports?fixed_ips=ip_address%3D192.168.10.11", call)
            let nicID = try #require(ports.json["ports"]?.arrayValue?.first?["id"]?.stringValue, "\(ports.text)")
            let seed = try await SimHarness.signed("PUT", h.vpc + "/ports/" + nicID,
                                                   json: ["port": ["allowed_address_pairs": [["ip_address": "10.9.9.0/28"]]]], call)
            try #require(seed.status == 200, "seed: \(seed.status) \(seed.text)")
            let before = try await Self.writes(h)

            var env = await h.akskEnvironment(home: home.path)
            env["OS_HARDWARE_SDN"] = "true"
            let bind = ["vip", "bind", "vip-web", "--server", "web-01", "--yes", "--lang", "en"]
            let refused = try await ChildRun.run(try ChildRun.vipctlBinary(), bind, environment: env, directory: home.path, timeout: .seconds(60))
            #expect(refused.status == 1, "stderr: \(refused.stderr)")
            #expect(refused.stderrLines.count == 1, "\(refused.stderr)")
            #expect(refused.stderr.hasPrefix("vipctl: NIC 192.168.10.11 of web-01: this cloud is marked hardware SDN (hardware_sdn)"), "\(refused.stderr)")
            #expect(refused.stderr.contains("10.9.9.0/28") && refused.stderr.contains("list the single addresses"), "\(refused.stderr)")
            #expect(try await Self.writes(h) == before, "the simulator saw a write")

            // Chinese: the same refusal in the vendor's terms.
            let zh = try await ChildRun.run(try ChildRun.vipctlBinary(), Array(bind.dropLast(2)) + ["--lang", "zh"], environment: env,
                                            directory: home.path, timeout: .seconds(60))
            #expect(zh.status == 1 && zh.stderr.contains("网卡 192.168.10.11") && zh.stderr.contains("硬件 SDN"), "\(zh.stderr)")
            #expect(try await Self.writes(h) == before)

            // Unmarked: the same bind is planned and sent (the gateway's region takes the CIDR).
            env["OS_HARDWARE_SDN"] = nil
            let applied = try await ChildRun.run(try ChildRun.vipctlBinary(), bind, environment: env, directory: home.path, timeout: .seconds(60))
            #expect(applied.status == 0, "stderr: \(applied.stderr)")
            #expect(try await Self.writes(h) > before)
        }
    }
}
