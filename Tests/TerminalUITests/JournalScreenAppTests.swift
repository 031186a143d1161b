import Foundation
import Testing
import VIPCore
import ViewModels

/// The journal screen of the whole app on the headless driver, reading a journal file this
/// test writes (two runs and a line cut short by a crash).
@Suite("App screens: the journal (headless driver)", .serialized)
@MainActor
struct JournalScreenAppTests {
    func line(_ h: AppHarness, containing text: String) -> String? { h.screen.first { $0.contains(text) } }

    static func entry(_ run: String, _ phase: JournalEntry.Phase, seconds: Double, outcome: String? = nil, command: String,
                      summary: String) -> JournalEntry
    {
        let finished = phase == .finished
        return JournalEntry(
            runID: run, phase: phase, time: Date(timeIntervalSince1970: 1_796_535_600 + seconds), cloud: "demo",
            region: "RegionOne", project: "demo", user: "demo", command: command, summary: summary, strategy: "huawei",
            intent: JournalIntent(action: "bind", vipPortID: "61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5",
                                  nicPortIDs: ["31f599c9-6797-42a6-af79-141c6dbdc243"]),
            requests: finished ? [JournalRequest(method: "PUT", path: "/v2.0/ports/61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5",
                                                 status: 200, requestID: "req-0f3c")] : [],
            ports: [JournalPort(portID: "61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5", label: "VIP 192.168.10.100 (vip-web)",
                                before: PortFields(allowedAddressPairs: ["192.168.10.21"], portSecurityEnabled: true, securityGroups: []),
                                after: PortFields(allowedAddressPairs: ["192.168.10.21", "192.168.10.11"], portSecurityEnabled: true,
                                                  securityGroups: []),
                                added: ["192.168.10.11"])],
            outcome: finished ? outcome : nil, lines: finished ? ["VIP 192.168.10.100 (vip-web): pairs 192.168.10.11, 192.168.10.21"] : [],
            undoOf: nil)
    }

    @Test(":journal lists the runs of the file newest first with the skipped line in the status; Enter shows a run, y its JSON")
    func journalScreen() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-journal-ui-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = JournalStore(path: dir + "/vipctl/journal.jsonl")
        let bind = "4d1c0a7e-0000-4000-8000-000000000001"
        let unbind = "9e8f7a6b-0000-4000-8000-000000000002"
        try store.append(Self.entry(bind, .started, seconds: 0, command: "vip bind", summary: "bind VIP vip-web to web-01"))
        try store.append(Self.entry(bind, .finished, seconds: 1, outcome: "applied", command: "vip bind",
                                    summary: "bind VIP vip-web to web-01"))
        try store.append(Self.entry(unbind, .started, seconds: 60, command: "tui: unbind", summary: "unbind lb-02 from VIP vip-web"))
        // The finished line of the unbind, cut short by a crash.
        let cut = try JournalStore.line(for: Self.entry(unbind, .finished, seconds: 61, outcome: "applied", command: "tui: unbind",
                                                        summary: "unbind lb-02 from VIP vip-web")).prefix(100)
        let handle = try #require(FileHandle(forWritingAtPath: store.path))
        handle.seekToEndOfFile()
        handle.write(Data(cut.utf8))
        try handle.close()

        try await AppHarness.with(width: 120, height: 30, journal: store) { h in
            try await h.press(.char(":"))
            try await h.type("journal")
            try await h.press(.enter)
            #expect(h.screen[1].hasPrefix(" Journal"), "\(h.screen[1])")
            let header = try #require(line(h, containing: "OUTCOME"))
            for title in ["TIME", "COMMAND", "SUMMARY", "CLOUD/PROJECT", "ID"] { #expect(header.contains(title), "\(header)") }
            // Newest first: the unfinished unbind, then the bind.
            let unbindRow = try #require(h.screen.firstIndex { $0.contains("unbind lb-02 from VIP vip-web") })
            let bindRow = try #require(h.screen.firstIndex { $0.contains("bind VIP vip-web to web-01") })
            #expect(unbindRow < bindRow)
            #expect(h.screen[unbindRow].contains("unfinished") && h.screen[unbindRow].contains("tui: unbind"))
            #expect(h.screen[unbindRow].contains("9e8f7a6b"))
            #expect(h.screen[bindRow].contains("applied") && h.screen[bindRow].contains("demo/demo") && h.screen[bindRow].contains("4d1c0a7e"))
            let status = h.screen[29]
            #expect(status.contains("2 runs; journal line 4 is incomplete or not JSON; skipped"), "\(status)")

            // Down to the bind, Enter: its detail.
            try await h.press(.char("j"), .enter)
            #expect(h.screen[1].contains("Journal › Run 4d1c0a7e"), "\(h.screen[1])")
            #expect(line(h, containing: "outcome")?.contains("applied") == true)
            #expect(line(h, containing: "request 1")?.contains("PUT /v2.0/ports/61fb8bab-2ed4-4e13-bbf3-3ff5fdd567e5 → 200 [req-0f3c]") == true,
                    "\(h.screen.joined(separator: "\n"))")
            #expect(line(h, containing: "pairs")?.contains("192.168.10.21 → 192.168.10.21, 192.168.10.11   (+192.168.10.11)") == true)
            #expect(line(h, containing: "report")?.contains("VIP 192.168.10.100 (vip-web): pairs") == true)
            // y: the lines as stored.
            try await h.press(.char("y"))
            #expect(line(h, containing: "RAW JSON") != nil)
            #expect(line(h, containing: #""phase" : "started""#) != nil, "\(h.screen.joined(separator: "\n"))")
            #expect(line(h, containing: #""command" : "vip bind""#) != nil)
            try await h.press(.escape)
            #expect(h.screen[1].hasPrefix(" Journal") && !h.screen[1].contains("Run"))
            #expect(await h.state.selectedJournalRun?.runID == bind)

            // At 80 columns the times stay whole; the id gives way first.
            try await h.resize(80, 24)
            let rows = h.screen.filter { $0.contains("bind") }
            #expect(rows.count == 2)
            for row in rows {
                #expect(row.range(of: #"^ 2026-12-06 \d\d:\d\d:\d\d  "#, options: .regularExpression) != nil, "\(h.screen.joined(separator: "\n"))")
            }
        }
    }
}
