import CloudAPI
import Foundation
import L10n
import TestSupport
import Testing
@testable import TerminalUI
import VIPCore
import ViewModels

/// Every screen of the terminal UI in Simplified Chinese at 80x24: the same fixture sessions as
/// the English render snapshots, built and drawn inside `L10n.with(.zh)`, snapshotted in
/// `__Snapshots__/render-zh/`, then checked for English left untranslated and for table columns
/// that drift when a row holds Chinese (two cells a character).
@Suite("Chinese renders: snapshots, no untranslated English, aligned columns")
struct ChineseRenderTests {
    /// One screen: how to reach it from a fresh session, and which rows hold text from outside
    /// the terminal UI's catalog (the cloud's own data, or plan and journal wording that
    /// VIPCore words), left out of the English scan.
    struct Scene: Sendable, CustomTestStringConvertible {
        let name: String
        /// Rows (0-based; negative counts from the bottom) whose words are not the TUI's own.
        var foreignRows: Set<Int> = []
        var width = 80
        var height = 24
        let walk: @Sendable (inout RenderSession) throws -> Void

        var testDescription: String { name }
    }

    static func list(_ command: String) -> @Sendable (inout RenderSession) throws -> Void {
        { s in
            s.type(":" + command)
            s.press(.enter)
        }
    }

    static let scenes: [Scene] = [
        Scene(name: "networks", walk: list("networks")),
        Scene(name: "ports", walk: list("ports")),
        Scene(name: "servers", walk: list("servers")),
        Scene(name: "vips", walk: list("vips")),
        Scene(name: "server-nics") { s in
            s.type(":servers")
            s.press(.enter)
            while s.state.servers.selected?.name != "web-01", s.state.servers.selection < s.state.servers.count - 1 { s.press(.char("j")) }
            s.press(.enter)
        },
        Scene(name: "vip-bound-servers") { s in
            ChineseRenderTests.toVIPWeb(&s)
            s.press(.enter)
        },
        Scene(name: "nic-vips-holding") { s in
            s.type(":ports")
            s.press(.enter, .char("/"))
            s.type("192.168.10.21")
            s.press(.enter, .enter)
        },
        Scene(name: "filter-typing") { s in
            s.type(":ports")
            s.press(.enter, .char("/"))
            s.type("lb")
        },
        Scene(name: "filter-no-match") { s in
            s.type(":servers")
            s.press(.enter, .char("/"))
            s.type("nothing-here")
            s.press(.enter)
        },
        Scene(name: "command-line") { s in s.type(":jo") },
        Scene(name: "unknown-command") { s in
            s.type(":nope")
            s.press(.enter)
        },
        Scene(name: "unbound-key") { s in s.press(.char("z")) },
        Scene(name: "detail-network") { s in
            s.type(":networks")
            s.press(.enter, .char("d"))
        },
        Scene(name: "detail-subnet") { s in
            s.type(":networks")
            s.press(.enter, .char("d"))
            while let d = s.state.detail, d.currentLine?.label != DetailText.labelSubnet.text, d.cursor < d.lineCount - 1 { s.press(.char("j")) }
            s.press(.enter)
        },
        Scene(name: "detail-server") { s in
            s.type(":servers")
            s.press(.enter, .char("d"))
        },
        Scene(name: "detail-port") { s in
            s.type(":ports")
            s.press(.enter, .char("/"))
            s.type("port-lb01")
            s.press(.enter, .char("d"))
        },
        Scene(name: "detail-vip") { s in
            s.type(":vips")
            s.press(.enter, .char("/"))
            s.type("vip-web")
            s.press(.enter, .char("d"))
        },
        Scene(name: "detail-raw-json", foreignRows: Set(3...22)) { s in
            s.type(":servers")
            s.press(.enter, .char("d"), .char("y"))
        },
        Scene(name: "help-ports") { s in
            s.type(":ports")
            s.press(.enter, .char("?"))
        },
        Scene(name: "help-ports-end") { s in
            s.type(":ports")
            s.press(.enter, .char("?"))
            for _ in 0..<60 { s.press(.char("j")) }
        },
        // Under the box, the last row of the plan (PlanPresenter's words) shows.
        Scene(name: "help-wizard-plan") { s in
            try RenderSnapshotTests.toPlan(&s)
            s.press(.char("?"))
        },
        Scene(name: "wizard-server") { s in RenderSnapshotTests.toServer(&s) },
        Scene(name: "wizard-nic") { s in RenderSnapshotTests.toNIC(&s) },
        Scene(name: "wizard-vip") { s in RenderSnapshotTests.toVIP(&s) },
        Scene(name: "wizard-vip-typed") { s in
            RenderSnapshotTests.toVIP(&s)
            s.type("192.168.10.50")
        },
        // The address problem: the planner's wording (VIPCore), checked for English too.
        Scene(name: "wizard-vip-problem") { s in
            RenderSnapshotTests.toVIP(&s)
            s.type("192.168.10.21")
        },
        Scene(name: "wizard-options") { s in RenderSnapshotTests.toOptions(&s) },
        Scene(name: "wizard-options-picked") { s in
            try RenderSnapshotTests.toPlan(&s)
            s.press(.escape)
        },
        Scene(name: "plan") { s in try RenderSnapshotTests.toPlan(&s) },
        Scene(name: "apply") { s in
            try RenderSnapshotTests.toPlan(&s)
            s.press(.char("a"))
            s.send(.applyProgressed(.started(step: 1)))
            s.send(.applyProgressed(.finished(step: 1)))
        },
        // Row 10 is the fixture's report line ("applied", as the fixture gives it).
        Scene(name: "result-applied", foreignRows: [10]) { s in
            try RenderSnapshotTests.toPlan(&s)
            let plan = try s.plan
            s.press(.char("a"))
            for step in plan.steps {
                s.send(.applyProgressed(.started(step: step.id)))
                s.send(.applyProgressed(.finished(step: step.id)))
            }
            s.send(.applyFinished(ExecutionReport(outcome: .applied, lines: ["applied"], vipPortID: RenderFixtures.newVIP,
                                                  requests: 5, roundTripsOnCriticalPath: 3, seconds: 0.42)))
            s.loadAll(generation: 2)
        },
        Scene(name: "operation-unbind") { s in
            ChineseRenderTests.toVIPWeb(&s)
            s.press(.enter, .char("u"))
            try s.answerPlan()
        },
        // The status line and the dialog hold the cloud's error text (CloudAPI's words and the
        // fixture's message, as Neutron sent it).
        Scene(name: "error-status", foreignRows: [-1]) { s in
            ChineseRenderTests.failPorts(&s)
        },
        Scene(name: "error-details", foreignRows: [-1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]) { s in
            ChineseRenderTests.failPorts(&s)
            s.press(.char("e"))
        },
        // The journal's cells and a run's lines are JournalText's (VIPCore) and the fixture's
        // stored summaries (a journal keeps what was written, in English).
        Scene(name: "journal", foreignRows: Set(3...6)) { s in try ChineseRenderTests.openJournal(&s) },
        Scene(name: "journal-run", foreignRows: Set(3...22)) { s in
            try ChineseRenderTests.openJournal(&s)
            s.press(.enter)
        },
        Scene(name: "too-small", width: 60, height: 20) { _ in },
        // The doctor's findings: the words are the doctor's catalog (VIPCore), the labels the
        // fixture's names.
        Scene(name: "doctor") { s in try ChineseRenderTests.openDoctor(&s) },
        // The export overlay: its body is commands (openstack CLI), not words.
        Scene(name: "export-openstack", foreignRows: Set(3...21)) { s in
            try RenderSnapshotTests.toPlan(&s)
            s.press(.char("E"))
        },
    ]

    static func openDoctor(_ s: inout RenderSession) throws {
        s.type(":doctor")
        s.press(.enter)
        guard case .examine(let strategy, let generation)? = s.effects.first else { throw HarnessError("no doctor run asked for") }
        let c = try RenderFixtures.cloud()
        let inv = Inventory(networks: c.networks, subnets: c.subnets, ports: c.ports.array, servers: c.servers.array, serversFromNova: true)
        s.send(.doctorExamined(.report(Doctor.examine(DoctorInput(inventory: inv, securityGroups: nil, strategy: strategy))),
                               generation: generation))
    }

    /// The VIPs list filtered to vip-web (two servers bound).
    static func toVIPWeb(_ s: inout RenderSession) {
        s.type(":vips")
        s.press(.enter, .char("/"))
        s.type("vip-web")
        s.press(.enter)
    }

    static func failPorts(_ s: inout RenderSession) {
        s.press(.char("r"))
        s.loadAll(generation: 2, except: .ports)
        s.send(.loadFailed(.ports, .http(HTTPFailure(service: "network", method: "GET", path: "/v2.0/ports", status: 503,
                                                     type: "ServiceUnavailable", message: "The server is currently unavailable.",
                                                     requestID: "req-5d2e9a")), generation: 2))
    }

    static func openJournal(_ s: inout RenderSession) throws {
        s.type(":journal")
        s.press(.enter)
        guard case .loadJournal(let generation)? = s.effects.first else { throw HarnessError("no journal read asked for") }
        s.send(.journalLoaded(RenderFixtures.journal, generation: generation))
    }

    /// The scene's session and screen, built and drawn in Chinese.
    static func render(_ scene: Scene) throws -> (RenderSession, CellBuffer) {
        try L10n.with(.zh) {
            var s = try RenderSession(width: scene.width, height: scene.height)
            try scene.walk(&s)
            return (s, s.buffer)
        }
    }

    @Test("every screen in Chinese matches its snapshot", arguments: scenes)
    func snapshot(_ scene: Scene) throws {
        let (_, b) = try Self.render(scene)
        Snapshot.assertMatches(b.lines(), "render-zh/\(scene.name)-\(scene.width)x\(scene.height)")
        #expect(wideInvariantHolds(b))
    }

    @Test("no English word is left on a Chinese screen", arguments: scenes)
    func noEnglish(_ scene: Scene) throws {
        let (_, b) = try Self.render(scene)
        let lines = b.lines()
        let skipped = Set(scene.foreignRows.map { $0 < 0 ? lines.count + $0 : $0 })
        var found: [String] = []
        for (y, line) in lines.enumerated() where !skipped.contains(y) {
            // A request body as the plan sends it: JSON, the API's own words.
            if line.drop(while: { $0 == " " }).hasPrefix("{\"") { continue }
            for word in EnglishScan.words(line) where !EnglishScan.allowed(word) {
                found.append("row \(y): \(word) in \(line.debugDescription)")
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        #expect(lines.joined().unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "no Chinese on the screen")
    }

    @Test("table columns start at the same display column in the header and every row", arguments: scenes)
    func columnsAligned(_ scene: Scene) throws {
        let (s, b) = try Self.render(scene)
        guard let check = try L10n.with(.zh, { try Self.columnCheck(s, b) }) else { return }
        #expect(check.problems.isEmpty, "\(check.problems.joined(separator: "\n"))\n\(b.lines().joined(separator: "\n"))")
        #expect(check.rows > 0 || s.state.table?.rows.isEmpty == true, "no table rows checked")
    }

    /// The gaps between the columns of the table on screen: the header's titles give where each
    /// column starts (display columns); in the header and every row the two cells before each
    /// start are blank and no wide character straddles them. nil when no table is on screen.
    static func columnCheck(_ s: RenderSession, _ b: CellBuffer) throws -> (problems: [String], rows: Int)? {
        guard s.state.overlay != .help, s.state.overlay != .errorDetails, !s.state.tooSmall else { return nil }
        guard let table = tableOnScreen(s.state) else { return nil }
        let order = AppKeys.displayOrder(table.columns)
        let cells = (0..<b.height).map { y in (0..<b.width).map { b[x: $0, y: y] } }
        func text(_ y: Int) -> String { cells[y].filter { !$0.isContinuation }.map(\.text).joined() }
        // The header row: the first title shown at display column 1, the second after it (the
        // options step has a "名称" field above its list).
        guard order.count > 1, let header = (1..<(b.height - 1)).first(where: {
            text($0).hasPrefix(" " + table.columns[order[0]].title) && text($0).contains(table.columns[order[1]].title)
        })
        else { throw HarnessError("no table header on screen") }
        var starts: [Int] = []
        for i in order {
            let title = table.columns[i].title
            let row = cells[header]
            // Where the title is written, left or right aligned in its column.
            guard let x = (0..<row.count).first(where: { x in
                x > (starts.last ?? 0) && (x == 1 || row[x - 1].text == " " && !row[x - 1].isContinuation)
                    && row[x...].filter { !$0.isContinuation }.map(\.text).joined().hasPrefix(title)
            }) else { continue }  // a hidden column (the id at 80 columns)
            starts.append(x)
        }
        var problems: [String] = []
        let rowCount = min(table.rows.count, b.height - 2 - header)
        for y in header...(header + rowCount) where y < b.height - 1 {
            for x in starts.dropFirst() {
                for gap in [x - 2, x - 1] where cells[y][gap].text != " " || cells[y][gap].isContinuation || cells[y][gap].width != 1 {
                    problems.append("row \(y): display column \(gap) (the gap before the column at \(x)) holds \(cells[y][gap].text.debugDescription): \(text(y))")
                }
            }
        }
        if starts.count < 2 { problems.append("fewer than two columns found in the header: \(text(header))") }
        return (problems, rowCount)
    }

    /// The table drawn in the body: the list on top, or on the options step the more-NICs list.
    static func tableOnScreen(_ state: AppState) -> TableSnapshot? {
        if let w = state.wizard {
            switch w.step {
            case .server, .nic, .vip: return state.table
            case .options: return state.wizardMoreNICs(w)
            default: return nil
            }
        }
        return state.table
    }

    // MARK: the checks can fail

    @Test("the English scan finds an English word and lets the allowed ones through")
    func scanFindsEnglish() {
        #expect(EnglishScan.words(" 端口 web-01 · 3 ports match \"lb\"  Enter 打开 :vips") == ["web-01", "ports", "match", "Enter", ":vips"])
        #expect(!EnglishScan.allowed("ports"))
        #expect(!EnglishScan.allowed("match"))
        #expect(EnglishScan.allowed("Enter"))
        #expect(EnglishScan.allowed("web-01"))
        #expect(EnglishScan.allowed(":vips"))
        #expect(EnglishScan.allowed("192.168.10.21"))
    }

    @Test("the column check finds a row that drifts into the gap")
    func columnCheckFindsDrift() throws {
        let (s, screen) = try Self.render(Self.scenes[1])
        var b = screen
        #expect(try L10n.with(.zh) { try Self.columnCheck(s, b) }?.problems.isEmpty == true)
        // A wide character written one cell to the left of where its column starts.
        let header = try #require((1..<b.height).first { b.lines()[$0].hasPrefix(" 名称") })
        let x = try #require(Array(b.lines()[header]).firstIndex(of: "设"))
        let start = DisplayWidth.of(String(Array(b.lines()[header])[..<x]))
        b.put(x: start - 1, y: header + 1, text: "宽")
        let problems = try #require(try L10n.with(.zh) { try Self.columnCheck(s, b) }).problems
        #expect(problems.count == 1 && problems[0].hasPrefix("row \(header + 1): display column \(start - 1)"), "\(problems)")
    }
}

/// Finds English on a screen that should be Chinese: ASCII words of three letters or more,
/// minus what stays English in a Chinese UI too.
enum EnglishScan {
    /// Runs of ASCII letters, digits and `-_.:/@` that hold three letters in a row.
    static func words(_ line: String) -> [String] {
        var out: [String] = []
        var word = ""
        func flush() {
            while let last = word.last, ".:/".contains(last) { word.removeLast() }
            if hasThreeLetters(word) { out.append(word) }
            word = ""
        }
        for ch in line {
            if ch.isASCII, ch.isLetter || ch.isNumber || "-_.:/@".contains(ch) { word.append(ch) } else { flush() }
        }
        flush()
        return out
    }

    static func hasThreeLetters(_ w: String) -> Bool {
        var run = 0
        for ch in w {
            run = ch.isASCII && ch.isLetter ? run + 1 : 0
            if run >= 3 { return true }
        }
        return false
    }

    static func allowed(_ word: String) -> Bool {
        if allowedWords.contains(word) { return true }
        // Fixture names and ids: lowercase with a digit or a dash (web-01, lb-02, port-lb01,
        // vip-web, db-subnet, req-5d2e9a, demo-project): the cloud's names, shown as they are.
        if word == word.lowercased(), word.contains(where: { $0 == "-" || $0.isNumber }) { return true }
        // Commands after ':' (:networks, :journal): typed as written in any language.
        if word.hasPrefix(":") { return true }
        // Paths (the journal file, API paths): the file system's and the API's names.
        if word.hasPrefix("/") { return true }
        // Control keys as labelled in the key table (Ctrl-F, Ctrl-R).
        if word.hasPrefix("Ctrl-") { return true }
        // Device owners and ports' API values (compute:nova, network:dhcp, neutron:VIP_PORT).
        if word.contains(":") { return true }
        // API field names (allowed_address_pairs, fixed_ips, revision_number): the vendor's own
        // Chinese procedure writes them as they are, and the plan shows the request's fields.
        if word.contains("_") { return true }
        return false
    }

    static let allowedWords: Set<String> = [
        // Key labels as printed on the keyboard and in the vendor's own Chinese docs.
        "Enter", "Esc", "Tab", "Space", "PgUp", "PgDn", "Home", "End", "Down", "Ctrl", "Backspace", "Shift",
        // Protocols and formats that Chinese documents write in Latin letters.
        "JSON", "MAC", "CIDR", "DHCP", "MTU", "URL", "HTTP", "GET", "PUT", "POST", "DELETE",
        // The terminal's clipboard sequence (OSC 52), named as terminal documentation names it.
        "OSC",
        // The program's own name and the `--strategy` values (typed as written).
        "vipctl", "huawei", "openstack",
        // The fixture session's header: cloud "demo", region "RegionOne", user "admin" (the cloud's names).
        "demo", "RegionOne", "admin",
        // The one fixture server whose name has no digit (the cloud's name for it).
        "bastion",
        // Port and server status values exactly as Neutron and Nova return them (the API's words).
        "ACTIVE", "DOWN", "BUILD", "ERROR", "SHUTOFF",
        // Nova's address types, as the API names them (a server's address "on mgmt-net (fixed)").
        "fixed", "floating",
        // The request header a plan shows with a write (If-Match), as sent.
        "If-Match",
        // The options of the read-only refusal: the flag and the clouds.yaml key, as written.
        "read-only", "read_only", "true",
    ]
}
