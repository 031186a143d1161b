import CloudSimulator
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Signals during a headless apply, the journal every run keeps, and undo from it: the built
/// vipctl against an in-process simulator, checked on exit status, output, the journal file and
/// what the simulator holds afterwards.
@Suite("vipctl: interrupts, journal, undo")
struct InterruptUndoTests {
    typealias H = HeadlessCommandTests
    typealias V = VipCommandTests

    static func env(_ h: SimHarness, _ home: H.TempHome, project: String = "demo") -> [String: String] {
        var e = H.osEnv(h, home)
        e["OS_PROJECT_NAME"] = project
        e["XDG_STATE_HOME"] = home.path + "/state"
        return e
    }

    static func journalLines(_ home: H.TempHome) throws -> [JSON] {
        let text = try String(contentsOfFile: home.path + "/state/vipctl/journal.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSON.parse(Array($0.utf8)) }
    }

    @Test("SIGINT, SIGTERM, SIGHUP during an apply: the writes in flight finish, what was done is undone, the journal says so, exit 128+signal",
          arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func signalDuringApply(_ sig: Int32, _ status: Int32) async throws {
        try await SimHarness.with { h in
            let d = try await V.demo(h)
            let vip = try d.vip("vip-web"), web01 = try d.port(ip: "192.168.10.11")
            let home = try H.TempHome()
            defer { home.remove() }
            var env = Self.env(h, home)
            env["VIPCTL_TEST_PAUSE_BEFORE_WRITE"] = "2"
            let child = try Background(args: ["vip", "bind", "vip-web", "--server", "web-01", "--yes"], env: env, home: home)
            defer { child.kill() }
            try await child.waitForStderr("VIPCTL_TEST_PAUSE_BEFORE_WRITE", timeout: .seconds(20))
            kill(child.pid, sig)
            let rc = try await child.wait(timeout: .seconds(60))
            #expect(rc == status, "stdout: \(child.stdout) stderr: \(child.stderr)")
            #expect(child.stderr.contains("stopping. The step in flight finishes"), "\(child.stderr)")
            #expect(child.stdout.contains("rolled back (a read afterwards shows the cloud as it was)"), "\(child.stdout)")
            // The report is the truth: the cloud is as it was.
            #expect(try await V.pairIPs(h, vip.id, token: d.token).sorted() == ["192.168.10.21", "192.168.10.22"])
            #expect(try await V.pairIPs(h, web01.id, token: d.token) == [])
            let lines = try Self.journalLines(home)
            #expect(lines.map { $0["phase"]?.stringValue ?? "" } == ["started", "finished"])
            #expect(lines.last?["outcome"]?.stringValue == "rolled back (interrupted)")
            #expect((lines.last?["requests"]?.arrayValue ?? []).allSatisfy { $0["method"]?.stringValue == "PUT" })
        }
    }

    @Test("a second Ctrl-C is explained, not ignored; the run still rolls back")
    func secondCtrlC() async throws {
        try await SimHarness.with { h in
            let d = try await V.demo(h)
            let web01 = try d.port(ip: "192.168.10.11")
            let home = try H.TempHome()
            defer { home.remove() }
            var env = Self.env(h, home)
            env["VIPCTL_TEST_PAUSE_BEFORE_WRITE"] = "2"
            let child = try Background(args: ["vip", "bind", "vip-web", "--server", "web-01", "--yes"], env: env, home: home)
            defer { child.kill() }
            try await child.waitForStderr("VIPCTL_TEST_PAUSE_BEFORE_WRITE", timeout: .seconds(20))
            kill(child.pid, SIGINT)
            try await child.waitForStderr("stopping.", timeout: .seconds(10))
            kill(child.pid, SIGINT)
            let rc = try await child.wait(timeout: .seconds(60))
            #expect(rc == 130, "\(child.stderr)")
            #expect(child.stderr.contains("still stopping: vipctl is finishing or undoing writes"), "\(child.stderr)")
            #expect(try await V.pairIPs(h, web01.id, token: d.token) == [])
        }
    }

    @Test("every change is journaled (0600, started + finished); undo last reverses it; a second undo is refused (both flavors)",
          arguments: [SimulatorConfig.Flavor.openstack, .huawei])
    func journalAndUndo(_ flavor: SimulatorConfig.Flavor) async throws {
        try await SimHarness.with({ $0.flavor = flavor }) { h in
            let project = flavor == .huawei ? "cn-north-4" : "demo"
            let token = try await h.token(project: project)
            let d = VipCommandTests.Demo(token: token, ports: try await h.allPorts(token: token))
            let web01 = try d.port(ip: "192.168.10.11"), app01 = try d.port(ip: "192.168.10.31")
            let home = try H.TempHome()
            defer { home.remove() }
            let env = Self.env(h, home, project: project)
            let create = try await H.vipctl(["vip", "create", "--network", "prod-net", "--name", "vip-j", "--bind", "web-01", "--bind", "app-01",
                                             "--yes", "--output", "json"], env: env, home: home)
            #expect(create.status == 0, "\(create.stderr)")
            let report = try JSON.parse(Array(create.stdout.utf8))["report"]
            let runID = try #require(report?["run_id"]?.stringValue)
            let vipID = try #require(report?["vip_port_id"]?.stringValue)
            let attrs = try FileManager.default.attributesOfItem(atPath: home.path + "/state/vipctl/journal.jsonl")
            #expect((attrs[.posixPermissions] as? Int) == 0o600)
            let lines = try Self.journalLines(home)
            #expect(lines.map { $0["phase"]?.stringValue ?? "" } == ["started", "finished"])
            #expect(lines.allSatisfy { $0["run_id"]?.stringValue == runID })
            let ports = lines.last?["ports"]?.arrayValue ?? []
            #expect(ports.contains { $0["port_id"]?.stringValue == vipID && $0["created"]?.boolValue == true })
            #expect(ports.contains { $0["port_id"]?.stringValue == web01.id && $0["added"]?.arrayValue?.first?.stringValue == "1.1.1.1/0" })
            #expect(lines.last?["requests"]?.arrayValue?.count == 3)

            let undo = try await H.vipctl(["journal", "undo", "last", "--yes"], env: env, home: home)
            #expect(undo.status == 0, "\(undo.stdout) \(undo.stderr)")
            #expect(undo.stdout.contains("Plan: undo run \(runID.prefix(8))"), "\(undo.stdout)")
            #expect(try await V.port(h, vipID, token: d.token).status == 404, "the VIP the run created is deleted")
            #expect(try await V.pairIPs(h, web01.id, token: d.token) == [])
            #expect(try await V.pairIPs(h, app01.id, token: d.token) == [])
            let after = try Self.journalLines(home)
            #expect(after.last?["undo_of"]?.stringValue == runID)

            let again = try await H.vipctl(["journal", "undo", runID, "--yes"], env: env, home: home)
            #expect(again.status == 1, "\(again.stdout) \(again.stderr)")
            #expect(again.stderr.contains("was undone already, by run"), "\(again.stderr)")
        }
    }

    @Test("undo only considers runs made on the same cloud: another cloud's run is never undone here")
    func undoSameCloudOnly() async throws {
        try await SimHarness.with { h in
            let d = try await V.demo(h)
            let web01 = try d.port(ip: "192.168.10.11")
            let state = try H.TempHome()
            defer { state.remove() }
            let extra = ["XDG_STATE_HOME": state.path]
            // A bind on the cloud named by OS_* ("envvars")...
            let bind = try await V.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--yes"], extraEnv: extra)
            #expect(bind.status == 0, "\(bind.stderr)")
            // ...is not this cloud's (clouds.yaml cloud "sim", the same simulator).
            let other = try await V.run(h, ["journal", "undo", "last", "--yes"], extraEnv: extra, yaml: V.cloudsYAML(h, extra: ""))
            #expect(other.status == 1, "\(other.stdout) \(other.stderr)")
            #expect(other.stderr.contains("changed this cloud; nothing to undo"), "\(other.stderr)")
            #expect(try await V.pairIPs(h, web01.id, token: d.token) == ["1.1.1.1/0"], "nothing was undone")
            let same = try await V.run(h, ["journal", "undo", "last", "--yes"], extraEnv: extra)
            #expect(same.status == 0, "\(same.stdout) \(same.stderr)")
            #expect(try await V.pairIPs(h, web01.id, token: d.token) == [])
        }
    }

    @Test("undo is refused, with the difference, when a port changed since in a conflicting way; nothing is sent")
    func undoRefusedOnConflict() async throws {
        try await SimHarness.with { h in
            let d = try await V.demo(h)
            let vip = try d.vip("vip-web")
            let home = try H.TempHome()
            defer { home.remove() }
            let env = Self.env(h, home)
            let bind = try await H.vipctl(["vip", "bind", "vip-web", "--server", "web-01", "--yes"], env: env, home: home)
            #expect(bind.status == 0, "\(bind.stderr)")
            // A colleague unbinds web-01 from the VIP by hand.
            let pairs = (try await V.port(h, vip.id, token: d.token).json["port"]?["allowed_address_pairs"]?.arrayValue ?? [])
                .filter { $0["ip_address"]?.stringValue != "192.168.10.11" }
            let put = try await h.request("PUT", h.network + "/ports/" + vip.id, json: ["port": ["allowed_address_pairs": .array(pairs)]],
                                          token: d.token)
            #expect(put.status == 200)
            let before = try await V.requests(h).filter { !$0.key.hasPrefix("GET ") && !$0.key.hasSuffix("/auth/tokens") }
            let undo = try await H.vipctl(["journal", "undo", "last", "--yes"], env: env, home: home)
            #expect(undo.status == 1)
            #expect(undo.stderr.contains("refused"), "\(undo.stderr)")
            #expect(undo.stderr.contains("192.168.10.11, added by the run, is gone already"), "\(undo.stderr)")
            #expect(try await V.requests(h).filter { !$0.key.hasPrefix("GET ") && !$0.key.hasSuffix("/auth/tokens") } == before, "nothing sent")
        }
    }
}
