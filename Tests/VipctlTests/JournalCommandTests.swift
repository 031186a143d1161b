import CloudSimulator
import Foundation
import Testing
import TestSupport
import VIPCore

/// `vipctl journal` and `vipctl journal show` as a user runs them: the built binary, HOME and
/// XDG_STATE_HOME pointing into a temporary directory that holds a journal this test wrote.
@Suite("vipctl journal")
struct JournalCommandTests {
    typealias H = HeadlessCommandTests

    static let bindID = "4d1c0a7e-5b7d-4c1e-9a0b-1c2d3e4f5a6b"
    static let unbindID = "9e8f7a6b-0000-4000-8000-000000000002"
    static let checkID = "4d1cffff-0000-4000-8000-000000000003"
    static let t0 = 1_796_535_600.0  // 2026-12-06T05:40:00Z

    static func entry(_ run: String, _ phase: JournalEntry.Phase, seconds: Double, outcome: String? = nil, command: String,
                      summary: String, project: String? = "demo") -> JournalEntry
    {
        let finished = phase == .finished
        return JournalEntry(
            runID: run, phase: phase, time: Date(timeIntervalSince1970: t0 + seconds), cloud: "hcs", region: "cn-north-4",
            project: project, user: "alice", command: command, summary: summary, strategy: "huawei",
            intent: JournalIntent(action: "bind", vipPortID: "61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5",
                                  nicPortIDs: ["31f599c9-6797-42a6-af79-141c6dbdc243"]),
            requests: finished ? [JournalRequest(method: "PUT", path: "/v2.0/ports/61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5",
                                                 status: 200, requestID: "req-77")] : [],
            ports: [JournalPort(portID: "61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5", label: "VIP 192.168.10.100 (vip-web)",
                                before: PortFields(allowedAddressPairs: [], portSecurityEnabled: true, securityGroups: []),
                                after: finished ? PortFields(allowedAddressPairs: ["192.168.10.11"], portSecurityEnabled: true,
                                                             securityGroups: []) : nil,
                                added: finished ? ["192.168.10.11"] : [])],
            outcome: finished ? outcome : nil, lines: finished ? ["applied: 1 write done"] : [], undoOf: nil)
    }

    /// HOME (and an XDG_STATE_HOME) in a fresh directory; the journal under HOME has three runs
    /// and a line cut short.
    struct Setup {
        let home: H.TempHome
        var homeJournal: String { home.path + "/.local/state/vipctl/journal.jsonl" }
        var xdg: String { home.path + "/xdg" }

        init() throws {
            home = try H.TempHome()
            let store = JournalStore(path: homeJournal)
            try store.append(entry(bindID, .started, seconds: 0, command: "vip bind", summary: "bind VIP vip-web to web-01"))
            try store.append(entry(bindID, .finished, seconds: 1.5, outcome: "applied", command: "vip bind",
                                   summary: "bind VIP vip-web to web-01"))
            try store.append(entry(unbindID, .started, seconds: 600, command: "tui: unbind", summary: "unbind 数据库主节点 from VIP vip-db"))
            try store.append(entry(checkID, .started, seconds: 300, command: "nic check", summary: "turn the check off", project: nil))
            try store.append(entry(checkID, .finished, seconds: 301, outcome: "rolled back", command: "nic check",
                                   summary: "turn the check off", project: nil))
            let cut = try JournalStore.line(for: entry(unbindID, .finished, seconds: 601, outcome: "applied", command: "tui: unbind",
                                                       summary: "unbind 数据库主节点 from VIP vip-db")).prefix(120)
            guard let h = FileHandle(forWritingAtPath: homeJournal) else { throw HarnessError("cannot open \(homeJournal)") }
            h.seekToEndOfFile()
            h.write(Data(cut.utf8))
            try h.close()
        }

        func env(tz: String = "UTC", xdg: Bool = false) -> [String: String] {
            var e = H.bareEnv(home)
            e["TZ"] = tz
            if xdg { e["XDG_STATE_HOME"] = self.xdg }
            return e
        }

        func run(_ args: [String], tz: String = "UTC", xdg: Bool = false) async throws -> ProcessOutput {
            try await H.vipctl(["journal"] + args, env: env(tz: tz, xdg: xdg), home: home)
        }
    }

    static let warning = "vipctl: warning: journal line 6 is incomplete or not JSON; skipped"

    @Test("journal: a table of the runs, newest first, in local time; the skipped line is a warning on stderr")
    func table() async throws {
        let s = try Setup()
        defer { s.home.remove() }
        let r = try await s.run([])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderrLines == [Self.warning + " (\(s.homeJournal))"])
        H.checkTable(r.stdout, header: ["TIME", "OUTCOME", "COMMAND", "SUMMARY", "CLOUD/PROJECT", "RUN"], expected: [
            ["2026-12-06 05:50:00", JournalRun.unfinishedOutcome, "tui: unbind", "unbind 数据库主节点 from VIP vip-db", "hcs/demo", "9e8f7a6b"],
            ["2026-12-06 05:45:00", "rolled back", "nic check", "turn the check off", "hcs", "4d1cffff"],
            ["2026-12-06 05:40:00", "applied", "vip bind", "bind VIP vip-web to web-01", "hcs/demo", "4d1c0a7e"],
        ])
        // `list` is the default; TZ sets the local time; --limit keeps the newest.
        let china = try await s.run(["list", "--limit", "1"], tz: "Asia/Shanghai")
        #expect(china.status == 0)
        let lines = china.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasPrefix("2026-12-06 13:50:00  unfinished"), "\(china.stdout)")
        let bad = try await s.run(["--limit", "0"])
        #expect(bad.status == 2 && bad.stderr.contains("--limit must be 1 or more"), "\(bad.stderr)")
    }

    @Test("journal --output json: the runs newest first, started and finished lines as stored")
    func json() async throws {
        let s = try Setup()
        defer { s.home.remove() }
        let r = try await s.run(["--output", "json"])
        #expect(r.status == 0)
        #expect(r.stderrLines == [Self.warning + " (\(s.homeJournal))"])
        let runs = try #require(try JSON.parse(r.stdout).arrayValue)
        #expect(runs.map { $0["run_id"]?.stringValue } == [Self.unbindID, Self.checkID, Self.bindID])
        #expect(runs.map { $0["outcome"]?.stringValue } == [JournalRun.unfinishedOutcome, "rolled back", "applied"])
        #expect(runs[0]["finished"]?.isNull == true)
        let started = try #require(runs[2]["started"])
        let finished = try #require(runs[2]["finished"])
        #expect(started["phase"]?.stringValue == "started" && finished["phase"]?.stringValue == "finished")
        #expect(started["time"]?.stringValue == "2026-12-06T05:40:00.000Z")
        #expect(finished["time"]?.stringValue == "2026-12-06T05:40:01.500Z")
        #expect(finished["v"]?.intValue == 1)
        #expect(finished["requests"]?.arrayValue?.first?["request_id"]?.stringValue == "req-77")
        #expect(finished["ports"]?.arrayValue?.first?["after"]?["allowed_address_pairs"]?.arrayValue?.first?.stringValue == "192.168.10.11")
        #expect(finished["undo_of"]?.isNull == true)
        let one = try await s.run(["--output", "json", "--limit", "2"])
        #expect(try JSON.parse(one.stdout).arrayValue?.count == 2)
    }

    @Test("XDG_STATE_HOME wins over HOME; no journal there is an empty journal")
    func xdg() async throws {
        let s = try Setup()
        defer { s.home.remove() }
        let r = try await s.run([], xdg: true)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == "no runs in the journal \(s.xdg)/vipctl/journal.jsonl\n")
        let j = try await s.run(["--output", "json"], xdg: true)
        #expect(j.status == 0)
        #expect(try JSON.parse(j.stdout).arrayValue?.isEmpty == true)
        try JournalStore(path: s.xdg + "/vipctl/journal.jsonl").append(
            Self.entry(Self.bindID, .started, seconds: 0, command: "vip create", summary: "create VIP vip-app"))
        let after = try await s.run([], xdg: true)
        #expect(after.stdout.contains("create VIP vip-app") && !after.stdout.contains("vip-web"), "\(after.stdout)")
    }

    @Test("journal show: a run by id or prefix (requests, ports before → after, report); none or several is exit 1")
    func show() async throws {
        let s = try Setup()
        defer { s.home.remove() }
        let r = try await s.run(["show", "4D1C0A"], tz: "Asia/Shanghai")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderrLines == [Self.warning + " (\(s.homeJournal))"])
        #expect(r.stdout == """
            run        4d1c0a7e-5b7d-4c1e-9a0b-1c2d3e4f5a6b
            time       2026-12-06 13:40:00 → 13:40:01
            outcome    applied
            command    vip bind
            summary    bind VIP vip-web to web-01
            cloud      hcs, region cn-north-4, project demo, user alice
            strategy   huawei
            intent     bind; VIP port 61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5; NIC port 31f599c9-6797-42a6-af79-141c6dbdc243
            request 1  PUT /v2.0/ports/61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5 → 200 [req-77]
            port       VIP 192.168.10.100 (vip-web)  61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5
              pairs    (none) → 192.168.10.11   (+192.168.10.11)
            report     applied: 1 write done

            """, "\(r.stdout)")
        let j = try await s.run(["show", Self.unbindID, "--output", "json"])
        let run = try JSON.parse(j.stdout)
        #expect(run["run_id"]?.stringValue == Self.unbindID && run["finished"]?.isNull == true)
        #expect(run["started"]?["summary"]?.stringValue == "unbind 数据库主节点 from VIP vip-db")

        let several = try await s.run(["show", "4d1c"])
        #expect(several.status == 1)
        #expect(several.stderrLines.last == "vipctl: 4d1c matches 2 runs (\(Self.checkID), \(Self.bindID)); give more of the id")
        let none = try await s.run(["show", "ffff"])
        #expect(none.status == 1)
        #expect(none.stderrLines.last == "vipctl: no run in the journal \(s.homeJournal) has an id starting with ffff")
    }
}
