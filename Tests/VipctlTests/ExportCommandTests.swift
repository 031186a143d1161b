import CloudSimulator
import Foundation
import Testing
import TestSupport

/// `vipctl export`: the built binary against the simulator. It plans as `vipctl vip ...` would,
/// prints the export, and sends nothing but reads.
@Suite("vipctl export")
struct ExportCommandTests {
    typealias V = VipCommandTests

    @Test("export --format curl|openstack vip bind: the plan's request with $OS_TOKEN; no write reaches the cloud")
    func exportBind() async throws {
        try await SimHarness.with { h in
            let d = try await V.demo(h)
            let vip = try d.vip("vip-web")
            let vipID = try #require(vip["id"]?.stringValue)
            let curl = try await V.run(h, ["export", "--format", "curl", "vip", "bind", "vip-web", "--server", "web-01"])
            #expect(curl.status == 0, "stderr: \(curl.stderr)")
            #expect(curl.stdout.contains("-X PUT \"$NEUTRON_URL\"/v2.0/ports/\(vipID) -H \"X-Auth-Token: $OS_TOKEN\""), "\(curl.stdout)")
            #expect(curl.stdout.contains("\"ip_address\":\"192.168.10.11\""))
            #expect(!curl.stdout.contains("demo-secret"))
            #expect(curl.stderr.contains("export only: nothing was sent"), "stderr: \(curl.stderr)")
            let cli = try await V.run(h, ["export", "--format", "openstack", "vip", "bind", "vip-web", "--server", "web-01", "--strategy", "openstack"])
            #expect(cli.status == 0, "stderr: \(cli.stderr)")
            #expect(cli.stdout.contains("openstack port set --allowed-address ip-address=192.168.10.100 "), "\(cli.stdout)")
            #expect(try await V.writes(h) == [])
            #expect(try await V.pairIPs(h, vipID, token: d.token) == ["192.168.10.21", "192.168.10.22"])
        }
    }

    @Test("refusals: no command (exit 2), another command (exit 2), an unknown journal run (exit 1), in Chinese with --lang zh")
    func refusals() async throws {
        try await SimHarness.with { h in
            let none = try await V.run(h, ["export", "--format", "curl"])
            #expect(none.status == 2)
            #expect(none.stderr.contains("name what to export"), "stderr: \(none.stderr)")
            let other = try await V.run(h, ["export", "--format", "curl", "vip", "delete", "vip-web"])
            #expect(other.status == 2)
            #expect(other.stderr.contains("vip delete cannot be exported"), "stderr: \(other.stderr)")
            let run = try await V.run(h, ["export", "--format", "postman", "--journal", "feedbeef"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("has an id starting with feedbeef"), "stderr: \(run.stderr)")
            let zh = try await V.run(h, ["export", "--format", "curl", "--lang", "zh"])
            #expect(zh.status == 2)
            #expect(zh.stderr.contains("请指定要导出的内容"), "stderr: \(zh.stderr)")
            #expect(try await V.writes(h) == [])
        }
    }

    @Test("export --journal: a run vipctl applied, as openstack commands that reproduce it")
    func exportJournal() async throws {
        try await SimHarness.with { h in
            let home = try HeadlessCommandTests.TempHome()
            defer { home.remove() }
            let env = HeadlessCommandTests.osEnv(h, home)
            let bin = try ChildRun.vipctlBinary()
            let bind = try await ChildRun.run(bin, ["vip", "bind", "vip-web", "--server", "web-01", "--yes"], environment: env,
                                              directory: home.path, timeout: .seconds(30))
            #expect(bind.status == 0, "stderr: \(bind.stderr)")
            let runID = try #require(bind.stdout.components(separatedBy: "vipctl journal undo ").last?.prefix(8).description)
            let r = try await ChildRun.run(bin, ["export", "--format", "openstack", "--journal", runID], environment: env,
                                           directory: home.path, timeout: .seconds(30))
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("# vipctl plan: journal run \(runID)"), "\(r.stdout)")
            #expect(r.stdout.contains("--allowed-address ip-address=192.168.10.11 "), "\(r.stdout)")
            #expect(r.stdout.contains("--allowed-address ip-address=1.1.1.1/0 "), "\(r.stdout)")
        }
    }
}
