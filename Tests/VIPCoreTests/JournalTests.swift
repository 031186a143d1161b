import Foundation
import Testing
import VIPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-journal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func sub(_ rest: String) -> String { path + "/" + rest }
}

/// The permission bits of a file or directory.
func mode(_ path: String) -> mode_t {
    var st = stat()
    guard stat(path, &st) == 0 else { return 0 }
    return st.st_mode & 0o7777
}

enum J {
    /// 2026-12-06T05:40:00Z.
    static let t0 = Date(timeIntervalSince1970: 1_796_535_600)
    static let china = TimeZone(secondsFromGMT: 8 * 3600) ?? .current
    static let utc = TimeZone(secondsFromGMT: 0) ?? .current

    static func entry(_ run: String, _ phase: JournalEntry.Phase, at time: Date = t0, outcome: String? = nil,
                      command: String = "vip bind", summary: String = "bind VIP vip-web to web-01 (NIC 192.168.10.11)",
                      project: String? = "demo", undoOf: String? = nil) -> JournalEntry
    {
        let finished = phase == .finished
        return JournalEntry(
            runID: run, phase: phase, time: time, cloud: "hcs", region: "RegionOne", project: project, user: "alice",
            command: command, summary: summary, strategy: "huawei",
            intent: JournalIntent(action: "bind", vipPortID: "61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5",
                                  nicPortIDs: ["31f599c9-6797-42a6-af79-141c6dbdc243"]),
            requests: finished ? [
                JournalRequest(method: "PUT", path: "/v2.0/ports/61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5", status: 200,
                               requestID: "req-aaa"),
                JournalRequest(method: "PUT", path: "/v2.0/ports/31f599c9-6797-42a6-af79-141c6dbdc243", status: nil,
                               error: "connection reset"),
            ] : [],
            ports: [
                JournalPort(portID: "61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5", label: "VIP 192.168.10.100 (vip-web)",
                            before: PortFields(allowedAddressPairs: ["192.168.10.21"], portSecurityEnabled: true, securityGroups: ["sg-1"]),
                            after: finished
                                ? PortFields(allowedAddressPairs: ["192.168.10.21", "192.168.10.11"], portSecurityEnabled: true,
                                             securityGroups: ["sg-1"]) : nil,
                            added: finished ? ["192.168.10.11"] : []),
            ],
            outcome: finished ? (outcome ?? "applied") : nil,
            lines: finished ? ["applied: 2 writes done; the cloud holds the intent"] : [],
            undoOf: undoOf)
    }

    /// A UUID-shaped id: `0000000a-0000-4000-8000-00000000000a` for 10.
    static func uuid(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        func pad(_ w: Int) -> String { String(repeating: "0", count: max(0, w - hex.count)) + hex }
        return pad(8) + "-0000-4000-8000-" + pad(12)
    }
}

@Suite("Journal: model, file, runs")
struct JournalTests {
    // MARK: where

    @Test("the path: $XDG_STATE_HOME/vipctl when absolute, else ~/.local/state/vipctl")
    func defaultPath() {
        #expect(JournalStore.defaultPath(environment: ["XDG_STATE_HOME": "/var/state", "HOME": "/home/u"])
            == "/var/state/vipctl/journal.jsonl")
        #expect(JournalStore.defaultPath(environment: ["XDG_STATE_HOME": "/var/state/", "HOME": "/home/u"])
            == "/var/state/vipctl/journal.jsonl")
        // A relative XDG_STATE_HOME is invalid per the XDG spec: ignored.
        #expect(JournalStore.defaultPath(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/u"])
            == "/home/u/.local/state/vipctl/journal.jsonl")
        #expect(JournalStore.defaultPath(environment: ["XDG_STATE_HOME": "", "HOME": "/home/u"])
            == "/home/u/.local/state/vipctl/journal.jsonl")
        #expect(JournalStore.defaultPath(environment: ["HOME": "/root/"]) == "/root/.local/state/vipctl/journal.jsonl")
        #expect(JournalStore(path: "/a/b/journal.jsonl").directory == "/a/b")
    }

    // MARK: the line

    @Test("one line of compact JSON, snake_case keys, every key present, time in UTC with milliseconds; reads back equal")
    func lineFormat() throws {
        var e = J.entry(J.uuid(1), .finished, at: J.t0.addingTimeInterval(0.123))
        e.undoOf = J.uuid(0)
        let line = try JournalStore.line(for: e)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"cloud":"hcs","command":"vip bind","intent":{"action":"bind","enabled":null,"#), "\(line)")
        for part in [#""time":"2026-12-06T05:40:00.123Z""#, #""v":1"#, #""run_id":"00000001-0000-4000-8000-000000000001""#,
                     #""undo_of":"00000000-0000-4000-8000-000000000000""#, #""phase":"finished""#, #""outcome":"applied""#,
                     #""vip_port_id":"61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5""#, #""nic_port_ids":["#, #""request_id":"req-aaa""#,
                     #""status":null"#, #""error":"connection reset""#, #""path":"/v2.0/ports/31f599c9"#,
                     #""allowed_address_pairs":["192.168.10.21"]"#, #""port_security_enabled":true"#,
                     #""security_groups":["sg-1"]"#, #""port_security_from":null"#, #""groups_added":[]"#,
                     #""created":false"#]
        {
            #expect(line.contains(part), "\(part) not in \(line)")
        }
        let (entries, warnings) = JournalStore.parse(Data((line + "\n").utf8))
        #expect(warnings.isEmpty)
        #expect(entries == [e])

        // A started line: outcome null, no after.
        let s = try JournalStore.line(for: J.entry(J.uuid(1), .started))
        #expect(s.contains(#""outcome":null"#) && s.contains(#""after":null"#) && s.contains(#""time":"2026-12-06T05:40:00.000Z""#))
    }

    @Test("times: milliseconds rounded on the way in, any offset read, calendar arithmetic right across years")
    func times() throws {
        let e = J.entry("r", .started, at: Date(timeIntervalSince1970: 1_796_535_600.1237))
        #expect(e.time == Date(timeIntervalSince1970: 1_796_535_600.124))
        func decodeTime(_ text: String) -> Date? {
            let line = try? JournalStore.line(for: J.entry("r", .started))
            let replaced = line?.replacingOccurrences(of: "2026-12-06T05:40:00.000Z", with: text) ?? ""
            return JournalStore.parse(Data(replaced.utf8)).entries.first?.time
        }
        #expect(decodeTime("2026-12-06T05:40:00Z") == J.t0)
        #expect(decodeTime("2026-12-06T13:40:00.5+08:00") == J.t0.addingTimeInterval(0.5))
        #expect(decodeTime("2026-12-06 05:40:00Z") == nil)
        #expect(decodeTime("yesterday") == nil)
        // Against Foundation's own calendar, over leap years and far dates.
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = J.utc
        for seconds in stride(from: Int64(-2_000_000_000), to: 4_000_000_000, by: 97_654_321) {
            let d = Date(timeIntervalSince1970: Double(seconds))
            let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
            let expected = String(format: "%04ld-%02ld-%02ld %02ld:%02ld:%02ld", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                                  c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
            #expect(JournalText.localTime(d, timeZone: J.utc) == expected)
            #expect(decodeTime(expected.replacingOccurrences(of: " ", with: "T") + "Z") == d)
        }
        #expect(JournalText.localTime(J.t0, timeZone: J.china) == "2026-12-06 13:40:00")
    }

    @Test("an entry's JSON holds no token, password or secret key")
    func noSecrets() throws {
        let line = try JournalStore.line(for: J.entry(J.uuid(1), .finished, undoOf: J.uuid(2)))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        var keys: [String] = []
        func collect(_ v: Any) {
            if let d = v as? [String: Any] {
                for (k, x) in d {
                    keys.append(k)
                    collect(x)
                }
            } else if let a = v as? [Any] {
                a.forEach(collect)
            }
        }
        collect(object)
        #expect(keys.count > 30)
        for k in keys {
            for bad in ["token", "password", "secret", "auth", "credential"] {
                #expect(!k.lowercased().contains(bad), "key \(k)")
            }
        }
    }

    // MARK: the file

    @Test("append makes the directory 0700 (missing parents too) and the file 0600; one line per append")
    func createsPrivately() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.sub("state/vipctl/journal.jsonl")
        let store = JournalStore(path: path)
        try store.append(J.entry(J.uuid(1), .started))
        try store.append(J.entry(J.uuid(1), .finished))
        #expect(mode(dir.sub("state")) == 0o700)
        #expect(mode(dir.sub("state/vipctl")) == 0o700)
        #expect(mode(path) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
        #expect(text.hasSuffix("}\n"))
        #expect(store.read().entries.map(\.phase) == [.started, .finished])
    }

    @Test("a vipctl directory left 0755 and a journal left 0644 are narrowed to 0700 and 0600")
    func narrowsModes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.sub("vipctl"), withIntermediateDirectories: true)
        let path = dir.sub("vipctl/journal.jsonl")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(chmod(dir.sub("vipctl"), 0o755) == 0)
        #expect(chmod(path, 0o644) == 0)
        try JournalStore(path: path).append(J.entry(J.uuid(1), .started))
        #expect(mode(dir.sub("vipctl")) == 0o700)
        #expect(mode(path) == 0o600)
        // A directory that is not vipctl's own (here the temporary directory) is left alone.
        let other = dir.sub("shared")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        #expect(chmod(other, 0o755) == 0)
        try JournalStore(path: other + "/journal.jsonl").append(J.entry(J.uuid(2), .started))
        #expect(mode(other) == 0o755)
        #expect(mode(other + "/journal.jsonl") == 0o600)
    }

    @Test("8 tasks x 50 appends (two stores on one file) give 400 whole lines")
    func concurrentAppends() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.sub("vipctl/journal.jsonl")
        let stores = [JournalStore(path: path), JournalStore(path: path)]
        // Long lines, so that a torn write would show.
        let lines = (0..<60).map { "report line \($0): " + String(repeating: "x", count: 40) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<50 {
                        var e = J.entry(J.uuid(t * 1000 + i), .finished)
                        e.lines = lines
                        try stores[t % 2].append(e)
                    }
                }
            }
            try await group.waitForAll()
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let fileLines = text.split(separator: "\n")
        #expect(fileLines.count == 400)
        let (entries, warnings) = JournalStore(path: path).read()
        #expect(warnings.isEmpty)
        #expect(entries.count == 400)
        #expect(Set(entries.map(\.runID)).count == 400)
        #expect(entries.allSatisfy { $0.lines == lines })
    }

    @Test("a last line cut short is skipped with a warning naming it; the next append starts a line of its own")
    func truncatedLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.sub("vipctl/journal.jsonl")
        let store = JournalStore(path: path)
        try store.append(J.entry(J.uuid(1), .started))
        try store.append(J.entry(J.uuid(1), .finished))
        // A crash in the middle of the third line.
        let half = try JournalStore.line(for: J.entry(J.uuid(2), .started)).prefix(150)
        let h = try #require(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data(half.utf8))
        try h.close()

        var (entries, warnings) = store.read()
        #expect(entries.map(\.runID) == [J.uuid(1), J.uuid(1)])
        #expect(warnings == ["journal line 3 is incomplete or not JSON; skipped"])

        try store.append(J.entry(J.uuid(3), .started))
        (entries, warnings) = store.read()
        #expect(entries.map(\.runID) == [J.uuid(1), J.uuid(1), J.uuid(3)])
        #expect(warnings == ["journal line 3 is incomplete or not JSON; skipped"])
    }

    @Test("garbage and foreign JSON lines are skipped by line number; blank lines are not warned about; no file is no journal")
    func badLines() throws {
        let good = try JournalStore.line(for: J.entry(J.uuid(1), .started))
        let text = [good, "", "garbage", #"{"hello":"world"}"#, #"{"v":1,"run_id":"x","phase":"paused"}"#, good, ""]
            .joined(separator: "\n")
        let (entries, warnings) = JournalStore.parse(Data(text.utf8))
        #expect(entries.count == 2)
        #expect(warnings == [
            "journal line 3 is incomplete or not JSON; skipped",
            "journal line 4 is not a vipctl journal entry (no v); skipped",
            "journal line 5 is not a vipctl journal entry (bad phase); skipped",
        ])
        let dir = try TempDir()
        defer { dir.remove() }
        let missing = JournalStore(path: dir.sub("nothing/journal.jsonl")).read()
        #expect(missing.entries.isEmpty && missing.warnings.isEmpty)
    }

    @Test("a journal that cannot be written is a one-line error with the path")
    func errors() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        #expect(FileManager.default.createFile(atPath: dir.sub("file"), contents: Data("x".utf8)))
        let store = JournalStore(path: dir.sub("file/vipctl/journal.jsonl"))
        do {
            try store.append(J.entry(J.uuid(1), .started))
            Issue.record("appended under a file")
        } catch {
            #expect(error.operation == .createDirectory)
            #expect(error.description.hasPrefix("cannot create the journal directory " + dir.sub("file/vipctl")), "\(error)")
            #expect(!error.description.contains("\n"))
        }
        try FileManager.default.createDirectory(atPath: dir.sub("vipctl/journal.jsonl"), withIntermediateDirectories: true)
        #expect(throws: JournalError.self) { try JournalStore(path: dir.sub("vipctl/journal.jsonl")).append(J.entry("r", .started)) }
    }

    /// Passes the journal gate, then is stopped before its first write (as a stop that lands
    /// between the gate and the PUT is).
    struct StoppedAfterGate: VIPPlanning {
        func plan(_ intent: Intent) async throws(VIPError) -> Plan { throw .refused("not used") }
        func apply(_ plan: Plan, context: ApplyContext, progress: @escaping @Sendable (ExecutionEvent) -> Void) async -> ExecutionReport {
            _ = await context.willWrite()
            var r = ExecutionReport(outcome: .nothingSent, lines: ["stopped before the first write; nothing was sent"], vipPortID: nil,
                                    requests: 1, roundTripsOnCriticalPath: 1, seconds: 0.01)
            r.interrupted = "Q"
            return r
        }
    }

    @Test("a stop between the journal gate and the first write still finishes the run's started line (nothing sent)")
    func stoppedAfterGate() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = JournalStore(path: dir.sub("vipctl/journal.jsonl"))
        let recorder = JournalRecorder(store: store, who: .init(cloud: "c", region: nil, project: "p", user: "u"), command: "test")
        let intent = Intent.setSourceDestCheck(nicPortID: "nic-1", enabled: false)
        let plan = Plan(intent: intent, strategy: .huawei, steps: [], warnings: [])
        let report = await recorder.apply(plan, summary: "s", via: StoppedAfterGate()) { _ in }
        #expect(report.outcome == .nothingSent)
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2, "\(text)")
        #expect(lines.last?.contains("\"outcome\":\"nothing sent (interrupted)\"") == true, "\(text)")
    }

    // MARK: runs

    @Test("runs: grouped by id, newest first; a run without its finished line is unfinished")
    func runs() throws {
        let a = J.uuid(0xa), b = J.uuid(0xb), c = J.uuid(0xc), d = J.uuid(0xd)
        let entries = [
            J.entry(a, .started, at: J.t0),
            J.entry(b, .started, at: J.t0.addingTimeInterval(60)),
            J.entry(a, .finished, at: J.t0.addingTimeInterval(1)),
            J.entry(c, .started, at: J.t0.addingTimeInterval(120)),
            J.entry(b, .finished, at: J.t0.addingTimeInterval(61), outcome: "rolled back"),
            // Its started line was lost.
            J.entry(d, .finished, at: J.t0.addingTimeInterval(30), outcome: "partial"),
        ]
        let runs = JournalRun.runs(entries)
        #expect(runs.map(\.runID) == [c, b, d, a])
        #expect(runs.map(\.outcome) == [JournalRun.unfinishedOutcome, "rolled back", "partial", "applied"])
        #expect(runs[0].isUnfinished && runs[0].finished == nil && runs[0].started == entries[3])
        #expect(runs[1].started == entries[1] && runs[1].finished == entries[4] && runs[1].latest == entries[4])
        #expect(runs[2].started == nil && runs[2].time == J.t0.addingTimeInterval(30))
        #expect(JournalRun.unfinishedOutcome == "unfinished (vipctl stopped during the apply; check the ports listed)")
        // Equal times: the run written later comes first.
        let same = JournalRun.runs([J.entry(a, .started), J.entry(b, .started)])
        #expect(same.map(\.runID) == [b, a])
        #expect(JournalRun(started: nil, finished: nil) == nil)
    }

    @Test("a run by id or by the start of one")
    func find() {
        let runs = JournalRun.runs([J.entry("3f2a9c1e-1111", .started), J.entry("3f2a0000-2222", .started),
                                    J.entry("77777777-3333", .started)])
        #expect(JournalRun.find("77", in: runs) == .found(runs[0]))
        #expect(JournalRun.find("3F2A9", in: runs).foundID == "3f2a9c1e-1111")
        #expect(JournalRun.find("3f2a0000-2222", in: runs).foundID == "3f2a0000-2222")
        #expect(JournalRun.find("3f2a", in: runs) == .ambiguous(["3f2a0000-2222", "3f2a9c1e-1111"]))
        #expect(JournalRun.find("abc", in: runs) == JournalRun.Match.none)
        #expect(JournalRun.find(" ", in: runs) == JournalRun.Match.none)
    }

    // MARK: the words

    @Test("a row: local time, outcome, command, summary, cloud/project, run id prefix")
    func row() {
        let run = JournalRun.runs([J.entry(J.uuid(7), .started), J.entry(J.uuid(7), .finished, at: J.t0.addingTimeInterval(2))])[0]
        let row = JournalText.row(run, timeZone: J.china)
        #expect(row.cells == ["2026-12-06 13:40:00", "applied", "vip bind", "bind VIP vip-web to web-01 (NIC 192.168.10.11)",
                              "hcs/demo", "00000007"])
        #expect(JournalText.columns.count == row.cells.count)
        let unfinished = JournalRun.runs([J.entry(J.uuid(8), .started, project: nil)])[0]
        #expect(JournalText.row(unfinished, timeZone: J.utc).outcome == JournalRun.unfinishedOutcome)
        #expect(JournalText.row(unfinished, timeZone: J.utc).cloudProject == "hcs")
    }

    @Test("a run's detail: requests with status and request id, ports before → after, added, report")
    func detail() {
        var finished = J.entry(J.uuid(7), .finished, at: J.t0.addingTimeInterval(2))
        finished.ports.append(JournalPort(portID: "nic-1", label: "NIC 192.168.10.11 of web-01",
                                          before: PortFields(allowedAddressPairs: [], portSecurityEnabled: true, securityGroups: ["sg-1"]),
                                          after: PortFields(allowedAddressPairs: [], portSecurityEnabled: false, securityGroups: []),
                                          portSecurityFrom: true, portSecurityTo: false, groupsRemoved: ["sg-1"]))
        finished.ports.append(JournalPort(portID: "vip-new", label: "VIP 192.168.10.50 (vip-app)", before: nil, after: nil,
                                          created: true, deleted: true))
        let run = JournalRun.runs([J.entry(J.uuid(7), .started), finished])[0]
        let text = JournalText.detailText(run, timeZone: J.china)
        #expect(text == [
            "run                00000007-0000-4000-8000-000000000007",
            "time               2026-12-06 13:40:00 → 13:40:02",
            "outcome            applied",
            "command            vip bind",
            "summary            bind VIP vip-web to web-01 (NIC 192.168.10.11)",
            "cloud              hcs, region RegionOne, project demo, user alice",
            "strategy           huawei",
            "intent             bind; VIP port 61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5; NIC port 31f599c9-6797-42a6-af79-141c6dbdc243",
            "request 1          PUT /v2.0/ports/61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5 → 200 [req-aaa]",
            "request 2          PUT /v2.0/ports/31f599c9-6797-42a6-af79-141c6dbdc243 → no answer: connection reset",
            "port               VIP 192.168.10.100 (vip-web)  61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5",
            "  pairs            192.168.10.21 → 192.168.10.21, 192.168.10.11   (+192.168.10.11)",
            "port               NIC 192.168.10.11 of web-01  nic-1",
            "  pairs            (none) → (none)",
            "  port security    on → off",
            "  security groups  -sg-1",
            "port               VIP 192.168.10.50 (vip-app)  vip-new  (created by this run)  (deleted by this run)",
            "  pairs            (did not exist) → (gone)",
            "report             applied: 2 writes done; the cloud holds the intent",
        ], "\(text.joined(separator: "\n"))")
        let lines = JournalText.detail(run, timeZone: J.china)
        #expect(lines.compactMap(\.portID) == ["61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5", "nic-1"])
        // The JSON view: the lines as stored, started then finished.
        let json = JournalText.json(run)
        #expect(json.filter { $0 == "{" }.count == 2 && json.first == "{" && json.last == "}")
        #expect(json.filter { $0.contains(#""run_id" : "00000007-0000-4000-8000-000000000007""#) }.count == 2)
        let phases = json.filter { $0.contains(#""phase" : "#) }
        #expect(phases == [#"  "phase" : "started","#, #"  "phase" : "finished","#])
    }

    @Test("text from the journal cannot drive the terminal: control characters become visible escapes")
    func clean() {
        #expect(JournalText.clean("vip\u{1B}[31m-web\u{07}\u{9B}\u{202E}") == "vip\\e[31m-web\\x07\\x9b\\u202e")
        #expect(JournalText.clean("数据库主节点") == "数据库主节点")
        let e = J.entry("r\u{1B}x", .started, summary: "evil\u{1B}]0;title\u{07}")
        let row = JournalText.row(JournalRun.runs([e])[0], timeZone: J.utc)
        #expect(row.summary == "evil\\e]0;title\\x07" && row.run == "r\\ex")
    }
}

extension JournalRun.Match {
    var foundID: String? {
        if case .found(let r) = self { return r.runID }
        return nil
    }
}
