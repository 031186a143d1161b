import CloudAPI
import Foundation
import Testing
import TestSupport
import VIPCore

/// vipctl's own settings are typed and checked once (the config loader); the UI and the
/// commands decide the strategy by one rule and refuse a bad value with the same message.
@Suite("settings: one validation, one rule")
struct SettingsTests {
    typealias H = HeadlessCommandTests

    @Test("the strategy: the flag, else vip_strategy, else huawei")
    func strategyRule() {
        var c = CloudConfig(name: "c", authURL: "https://k/v3", auth: .applicationCredential(id: "a", name: nil, user: nil, secret: "s"))
        #expect(VIPStrategy.chosen(flag: nil, config: c) == .huawei)
        c.vipStrategy = "openstack"
        #expect(VIPStrategy.chosen(flag: nil, config: c) == .openstack)
        #expect(VIPStrategy.chosen(flag: .huawei, config: c) == .huawei)
    }

    @Test("a bad vip_strategy or read_only: the same one-line config error (exit 2) from the UI and from a command", arguments: [
        ("OS_VIP_STRATEGY", "magic", "expected huawei or openstack"), ("OS_READ_ONLY", "sometimes", "OS_READ_ONLY"),
    ])
    func badValue(variable: String, value: String, says: String) async throws {
        try await SimHarness.with { h in
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env[variable] = value
            let ui = try await H.vipctl(["ui"], env: env, home: home)
            let bind = try await H.vipctl(["vip", "bind", "vip-web", "--server", "web-01", "--dry-run"], env: env, home: home)
            for r in [ui, bind] {
                #expect(r.status == 2, "\(r.stderr)")
                #expect(r.stderrLines.count == 1 && r.stderr.contains(says), "\(r.stderr)")
            }
            #expect(ui.stderr == bind.stderr)
        }
    }
}
