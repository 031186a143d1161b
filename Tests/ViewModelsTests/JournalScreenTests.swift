import CloudAPI
import Foundation
import Testing
import VIPCore
@testable import ViewModels

/// Journal entries for the journal screen's tests.
enum JournalFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_796_535_600)  // 2026-12-06T05:40:00Z
    static let utc = TimeZone(secondsFromGMT: 0) ?? .current
    static let path = "/home/alice/.local/state/vipctl/journal.jsonl"

    static func entry(_ run: String, _ phase: JournalEntry.Phase, minute: Int, outcome: String? = nil, command: String = "vip bind",
                      summary: String) -> JournalEntry
    {
        JournalEntry(runID: run, phase: phase, time: t0.addingTimeInterval(Double(minute * 60)), cloud: "hcs", region: "RegionOne",
                     project: "demo", user: "alice", command: command, summary: summary, strategy: "huawei",
                     intent: JournalIntent(action: "bind", vipPortID: "vip-web", nicPortIDs: ["port-web1"]),
                     requests: phase == .finished ? [JournalRequest(method: "PUT", path: "/v2.0/ports/vip-web", status: 200,
                                                                    requestID: "req-1")] : [],
                     ports: [JournalPort(portID: "vip-web", label: "VIP 192.168.10.100 (vip-web)",
                                         before: PortFields(allowedAddressPairs: [], portSecurityEnabled: true, securityGroups: []),
                                         after: PortFields(allowedAddressPairs: ["192.168.10.11"], portSecurityEnabled: true,
                                                           securityGroups: []),
                                         added: ["192.168.10.11"])],
                     outcome: phase == .finished ? outcome ?? "applied" : nil, lines: phase == .finished ? ["done"] : [], undoOf: nil)
    }

    static let bindID = "aaaaaaaa-1111-4000-8000-000000000001"
    static let unbindID = "bbbbbbbb-2222-4000-8000-000000000002"
    static let crashID = "cccccccc-3333-4000-8000-000000000003"

    static var entries: [JournalEntry] {
        [
            entry(bindID, .started, minute: 0, summary: "bind VIP vip-web to web-01"),
            entry(bindID, .finished, minute: 0, summary: "bind VIP vip-web to web-01"),
            entry(unbindID, .started, minute: 5, command: "tui: unbind", summary: "unbind web-01 from VIP vip-web"),
            entry(unbindID, .finished, minute: 5, outcome: "rolled back", command: "tui: unbind", summary: "unbind web-01 from VIP vip-web"),
            entry(crashID, .started, minute: 9, command: "vip delete", summary: "delete VIP vip-db"),
        ]
    }

    static var listing: JournalListing {
        JournalListing(path: path, runs: JournalRun.runs(entries), warnings: ["journal line 6 is incomplete or not JSON; skipped"])
    }
}

@Suite("Reducer and store: the journal screen")
struct JournalScreenTests {
    typealias JF = JournalFixtures

    func state() throws -> AppState {
        var s = try loadedState()
        s.timeZone = JF.utc
        return s
    }

    @Test(":journal opens the journal and reads it; the runs arrive newest first in the presenter's words")
    func open() throws {
        var t = StateTester(try state())
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.typedCommand("journal")) { $0.overlay = .command("journal") }
        t.send(.ranCommand, effects: [.loadJournal(generation: 1)]) {
            $0.overlay = nil
            $0.stack = [.root(.journal)]
            $0.journal.loading = true
            $0.journal.generation = 1
        }
        #expect(t.state.screen == .journal)
        #expect(t.state.title == "Journal")
        #expect(t.state.statusLine == StatusLine(kind: .info, text: "reading the journal"))
        let runs = JournalRun.runs(JF.entries)
        t.send(.journalLoaded(JF.listing, generation: 1)) {
            $0.journal.loading = false
            $0.journal.loaded = true
            $0.journal.path = JF.path
            $0.journal.warnings = ["journal line 6 is incomplete or not JSON; skipped"]
            $0.journal.list = ListState(rows: runs.map { JournalRow(run: $0, timeZone: JF.utc) })
        }
        let table = try #require(t.state.table)
        #expect(table.columns.map(\.title) == ["TIME", "OUTCOME", "COMMAND", "SUMMARY", "CLOUD/PROJECT", "ID"])
        #expect(table.rows == [
            ["2026-12-06 05:49:00", JournalRun.unfinishedOutcome, "vip delete", "delete VIP vip-db", "hcs/demo", "cccccccc"],
            ["2026-12-06 05:45:00", "rolled back", "tui: unbind", "unbind web-01 from VIP vip-web", "hcs/demo", "bbbbbbbb"],
            ["2026-12-06 05:40:00", "applied", "vip bind", "bind VIP vip-web to web-01", "hcs/demo", "aaaaaaaa"],
        ])
        #expect(t.state.statusLine.text
            == "3 runs; journal line 6 is incomplete or not JSON; skipped (\(JF.path))")
        #expect(t.state.selectedJournalRun?.runID == JF.crashID)

        // A result of an older read is dropped.
        t.send(.journalLoaded(JournalListing(path: JF.path, runs: []), generation: 0))
    }

    @Test("Enter shows the run (links to ports that exist), y its lines as stored, Esc goes back; the undo hook sees the run")
    func detail() throws {
        var s = try state()
        _ = reduce(&s, .startedCommand)
        _ = reduce(&s, .typedCommand("journal"))
        _ = reduce(&s, .ranCommand)
        _ = reduce(&s, .journalLoaded(JF.listing, generation: 1))
        var t = StateTester(s)
        t.send(.movedDown) { $0.journal.list.selection = 1 }
        let run = try #require(t.state.selectedJournalRun)
        #expect(run.runID == JF.unbindID)
        t.send(.opened) {
            $0.stack.append(.detail(DetailState(ref: .journalRun(JF.unbindID), view: JournalDetails.view(run, timeZone: JF.utc))))
        }
        let d = try #require(t.state.detail)
        #expect(d.view.title == "Run bbbbbbbb")
        #expect(t.state.breadcrumbs == ["Journal", "Run bbbbbbbb"])
        #expect(d.view.lines.map(\.label).prefix(3) == ["run", "time", "outcome"])
        #expect(d.view.lines.first { $0.label == "outcome" }?.value == "rolled back")
        #expect(d.view.lines.first { $0.label == "request 1" }?.value == "PUT /v2.0/ports/vip-web → 200 [req-1]")
        #expect(d.view.lines.first { $0.label == "port" }?.link == .detail(.port("vip-web")))
        #expect(d.view.json.first == "{")
        #expect(t.state.selectedJournalRun == run)
        #expect(t.state.selectedVIPID == nil)

        t.send(.toggledRawJSON) {
            $0.stack[1] = .detail(DetailState(ref: .journalRun(JF.unbindID), view: JournalDetails.view(run, timeZone: JF.utc),
                                              showsRawJSON: true))
        }
        t.send(.toggledRawJSON) {
            $0.stack[1] = .detail(DetailState(ref: .journalRun(JF.unbindID), view: JournalDetails.view(run, timeZone: JF.utc)))
        }
        // Enter on the port line follows the link to the port as it is now.
        let portLine = try #require(d.view.lines.firstIndex { $0.label == "port" })
        for _ in 0..<portLine { _ = reduce(&t.state, .movedDown) }
        _ = reduce(&t.state, .opened)
        #expect(t.state.stack.last?.screen == .detail(.port("vip-web")))
        _ = reduce(&t.state, .wentBack)
        _ = reduce(&t.state, .wentBack)
        #expect(t.state.stack == [.root(.journal)])
        #expect(t.state.selectedJournalRun == run)
    }

    @Test("r on the journal reads it again (and the cloud); a run's detail follows the new read")
    func refresh() throws {
        var s = try state()
        _ = reduce(&s, .startedCommand)
        _ = reduce(&s, .typedCommand("journal"))
        _ = reduce(&s, .ranCommand)
        _ = reduce(&s, .journalLoaded(JF.listing, generation: 1))
        _ = reduce(&s, .opened)
        #expect(s.detail?.view.lines.first { $0.label == "outcome" }?.value == JournalRun.unfinishedOutcome)
        let effects = reduce(&s, .refreshed)
        #expect(effects == [.load(.networks, generation: 2), .load(.subnets, generation: 2), .load(.ports, generation: 2),
                            .load(.servers, generation: 2), .loadJournal(generation: 2)])
        // Meanwhile the run finished (its finished line was written).
        let later = JF.entries + [JF.entry(JF.crashID, .finished, minute: 10, outcome: "partial", command: "vip delete",
                                          summary: "delete VIP vip-db")]
        _ = reduce(&s, .journalLoaded(JournalListing(path: JF.path, runs: JournalRun.runs(later)), generation: 2))
        #expect(s.detail?.view.lines.first { $0.label == "outcome" }?.value == "partial")
        #expect(s.journal.warnings.isEmpty)
        // Elsewhere, r does not read the journal.
        _ = reduce(&s, .startedCommand)
        _ = reduce(&s, .typedCommand("vips"))
        _ = reduce(&s, .ranCommand)
        #expect(!reduce(&s, .refreshed).contains(.loadJournal(generation: 3)))
        // Started on the journal, the launch reads it.
        var j = AppState(header: testHeader, size: TerminalSize(width: 100, height: 30), start: .journal, timeZone: JF.utc)
        #expect(reduce(&j, .launched).last == .loadJournal(generation: 1))
    }

    @Test("the journal filters and sorts like any list; Enter on an empty journal says why not")
    func filterAndSort() throws {
        var s = try state()
        _ = reduce(&s, .startedCommand)
        _ = reduce(&s, .typedCommand("journal"))
        _ = reduce(&s, .ranCommand)
        #expect(disabledReason(.opened, in: s) == "nothing to open")
        _ = reduce(&s, .journalLoaded(JF.listing, generation: 1))
        _ = reduce(&s, .startedFilter)
        _ = reduce(&s, .typedFilter("rolled"))
        _ = reduce(&s, .confirmedFilter)
        #expect(s.table?.rows.map { $0[5] } == ["bbbbbbbb"])
        #expect(s.statusLine.text.hasPrefix("1 of 3 runs match \"rolled\"; journal line 6"))
        _ = reduce(&s, .wentBack)
        for column in JournalRow.columns.indices {
            _ = reduce(&s, .sortedBy(column: column))
            let keys = s.journal.list.visible.map { s.journal.list.rows[$0].sortKey(column: column) }
            let ascending = s.journal.list.sort.ascending
            #expect(s.journal.list.visible.sorted() == [0, 1, 2])
            for (a, b) in zip(keys, keys.dropFirst()) { #expect(ascending ? !(b < a) : !(a < b), "column \(column)") }
        }
        _ = reduce(&s, .sortedBy(column: 0))
        _ = reduce(&s, .sortedBy(column: 0))
        #expect(s.table?.rows.map { $0[0] } == ["2026-12-06 05:49:00", "2026-12-06 05:45:00", "2026-12-06 05:40:00"])
    }

    @Test("the store reads the journal through the environment's loadJournal")
    func throughTheStore() async throws {
        let c = try Fixtures.cloud()
        var env = fakeEnvironment(c)
        env.loadJournal = { JF.listing }
        var initial = freshState()
        initial.timeZone = JF.utc
        let store = Store(state: initial, environment: env)
        await store.send(.launched)
        await store.waitForIdle()
        await store.send(.startedCommand)
        await store.send(.typedCommand("history"))
        await store.send(.ranCommand)
        await store.waitForIdle()
        let s = await store.state
        #expect(s.screen == .journal)
        #expect(s.journal.loaded && !s.journal.loading)
        #expect(s.journal.list.rows.map(\.id) == [JF.crashID, JF.unbindID, JF.bindID])
        // Without a journal, the screen says so.
        let bare = Store(state: freshState(), environment: fakeEnvironment(c))
        await bare.send(.startedCommand)
        await bare.send(.typedCommand("journal"))
        await bare.send(.ranCommand)
        await bare.waitForIdle()
        #expect(await bare.state.statusLine.text.hasPrefix("0 runs; this environment keeps no journal"))
    }
}
