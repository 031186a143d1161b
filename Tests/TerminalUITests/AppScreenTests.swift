import CloudAPI
import CloudSimulator
import Foundation
import L10n
import TerminalUI
import TestSupport
import Testing
import ViewModels

/// The app through the headless driver on the demo scenario, over real HTTP: keys in, screen
/// lines out. ncurses is never touched here.
@Suite("App screens (headless driver, demo scenario)", .serialized)
@MainActor
struct AppScreenTests {
    func line(_ h: AppHarness, containing text: String) -> String? { h.screen.first { $0.contains(text) } }

    @Test("all four lists at 80x24 and 120x40 match their snapshots")
    func snapshots() async throws {
        for (w, ht) in [(80, 24), (120, 40)] {
            try await AppHarness.with(width: w, height: ht) { h in
                Snapshot.assertMatches(h.maskedScreen, "networks-\(w)x\(ht)")
                for screen in ["ports", "servers", "vips"] {
                    try await h.press(.char(":"))
                    try await h.type(screen)
                    try await h.press(.enter)
                    Snapshot.assertMatches(h.maskedScreen, "\(screen)-\(w)x\(ht)")
                }
            }
        }
    }

    @Test("the header shows cloud, region, project, user and DEMO; the first screen lists the networks")
    func firstScreen() async throws {
        try await AppHarness.with { h in
            let top = h.screen[0]
            for part in ["cloud demo", "region RegionOne", "project demo", "user demo", "DEMO"] {
                #expect(top.contains(part), "header: \(top)")
            }
            #expect(h.screen[1].hasPrefix(" Networks"))
            for net in ["prod-net", "db-net", "mgmt-net"] { #expect(line(h, containing: net) != nil) }
            #expect(line(h, containing: "192.168.10.0/24") != nil)
            #expect(h.screen[23].contains("3 networks"))
            #expect(h.screen.count == 24)
        }
    }

    @Test("server → NICs → VIPs holding the NIC's IP → bound servers, and back with Esc")
    func crossNavigation() async throws {
        try await AppHarness.with { h in
            try await h.press(.char(":"))
            try await h.type("servers")
            try await h.press(.enter)
            try await h.press(.char("/"))
            try await h.type("lb-01")
            try await h.press(.enter)
            #expect(h.screen[1].contains("Servers"))
            #expect(line(h, containing: "lb-01") != nil)
            #expect(line(h, containing: "lb-02") == nil)
            try await h.press(.enter)
            #expect(h.screen[1].contains("NICs of lb-01"), "\(h.screen[1])")
            #expect(line(h, containing: "192.168.10.21") != nil)
            try await h.press(.enter)
            #expect(h.screen[1].contains("VIPs holding 192.168.10.21 (lb-01)"), "\(h.screen[1])")
            #expect(line(h, containing: "192.168.10.100") != nil)
            try await h.press(.enter)
            #expect(h.screen[1].contains("Servers bound to VIP 192.168.10.100"), "\(h.screen[1])")
            #expect(line(h, containing: "lb-01") != nil && line(h, containing: "lb-02") != nil)
            try await h.press(.escape)
            #expect(h.screen[1].contains("VIPs holding 192.168.10.21"))
            try await h.press(.char("q"), .escape)
            // Back on the servers list, the filter still there; Esc clears it.
            #expect(h.screen[1].hasPrefix(" Servers") && h.screen[1].contains("/lb-01"))
            try await h.press(.escape)
            #expect(line(h, containing: "lb-02") != nil)
            #expect(await h.state.stack.count == 1)
        }
    }

    @Test("port details link to the network and the subnet; raw JSON on y is the cloud's own body; back to the port")
    func portToNetworkAndSubnet() async throws {
        try await AppHarness.with { h in
            try await h.press(.char(":"))
            try await h.type("ports")
            try await h.press(.enter, .char("/"))
            try await h.type("vip-web")
            try await h.press(.enter, .char("d"))
            #expect(h.screen[1].contains("Port vip-web"))
            #expect(line(h, containing: "neutron:VIP_PORT") != nil)
            let lines = h.screen
            let networkRow = try #require(lines.firstIndex { $0.contains(" Network ") })
            let subnetRow = try #require(lines.firstIndex { $0.contains("Fixed IP") })
            // The cursor starts on the first field line (row 3).
            for _ in 3..<networkRow { try await h.press(.char("j")) }
            try await h.press(.enter)
            #expect(h.screen[1].contains("Network prod-net"), "\(h.screen[1])")
            #expect(line(h, containing: "192.168.10.0/24") != nil)
            try await h.press(.escape)
            for _ in networkRow..<subnetRow { try await h.press(.down) }
            try await h.press(.enter)
            #expect(h.screen[1].contains("Subnet prod-subnet"), "\(h.screen[1])")
            #expect(line(h, containing: "192.168.10.1") != nil)
            try await h.press(.escape, .char("y"))
            #expect(h.screen[1].contains("raw JSON"))
            #expect(line(h, containing: "\"device_owner\" : \"neutron:VIP_PORT\"") != nil
                || line(h, containing: "\"device_owner\": \"neutron:VIP_PORT\"") != nil, "\(h.screen.joined(separator: "\n"))")
            // The cloud's own body, fetched for this view: a field vipctl does not model is in it.
            #expect(line(h, containing: "\"binding:vnic_type\"") != nil, "\(h.screen.joined(separator: "\n"))")
            try await h.press(.char("y"))
            #expect(h.screen[1].contains("fields"))
        }
    }

    @Test("/ filters over every column, IPs and CJK names included; Esc restores")
    func filter() async throws {
        try await AppHarness.with { h in
            try await h.press(.char(":"))
            try await h.type("servers")
            try await h.press(.enter, .char("/"))
            try await h.type("数据库")
            // While typing, the input is on the title line and the list already filters.
            #expect(h.screen[1].contains("/数据库"), "\(h.screen[1])")
            #expect(line(h, containing: "数据库主节点") != nil && line(h, containing: "数据库备节点") != nil)
            #expect(line(h, containing: "lb-01") == nil)
            try await h.press(.enter)
            #expect(h.screen[23].contains("2 of 12 servers match \"数据库\""), "\(h.screen[23])")
            try await h.press(.char("/"))
            for _ in 0..<3 { try await h.press(.backspace) }
            try await h.type("192.168.20.1")
            #expect(line(h, containing: "数据库主节点") != nil && line(h, containing: "数据库备节点") != nil)
            try await h.press(.escape)  // cancel: the filter as it was before `/`
            #expect(h.screen[23].contains("match \"数据库\""))
            try await h.press(.escape)
            #expect(h.screen[23].contains("12 servers"))
        }
    }

    @Test("CJK names take two columns each: the next column starts at the same place on every row")
    func cjkAlignment() async throws {
        try await AppHarness.with { h in
            try await h.press(.char(":"))
            try await h.type("servers")
            try await h.press(.enter)
            let buffer = h.driver.screenBuffer
            func column(of text: String) -> Int? {
                for y in 0..<buffer.height {
                    let row = (0..<buffer.width).map { buffer[x: $0, y: y].text }.joined()
                    guard row.contains(text) else { continue }
                    // The x of the first status word after the name.
                    var x = 0
                    while x < buffer.width {
                        let cell = buffer[x: x, y: y]
                        if cell.text == "A" || cell.text == "S" || cell.text == "E" {
                            let word = (x..<min(buffer.width, x + 6)).map { buffer[x: $0, y: y].text }.joined()
                            if ["ACTIVE", "SHUTOF", "ERROR "].contains(word) { return x }
                        }
                        x += 1
                    }
                }
                return nil
            }
            let ascii = try #require(column(of: "lb-01"))
            let cjk = try #require(column(of: "数据库主节点"))
            #expect(ascii == cjk)
            // 数据库主节点 is 6 characters and 12 columns: the cell after each is a continuation.
            let row = try #require(h.screen.firstIndex { $0.contains("数据库主节点") })
            #expect(h.driver.screenBuffer[x: 2, y: row].isContinuation)
        }
    }

    @Test("digits sort by the columns as shown; again reverses; the arrow follows")
    func sorting() async throws {
        try await AppHarness.with { h in
            try await h.press(.char(":"))
            try await h.type("servers")
            try await h.press(.enter)
            #expect(h.screen[2].contains("NAME▲"))
            try await h.press(.char("2"))
            #expect(h.screen[2].contains("STATUS▲"))
            #expect(h.screen[3].contains("ACTIVE"))
            try await h.press(.char("2"))
            #expect(h.screen[2].contains("STATUS▼"))
            #expect(h.screen[3].contains("SHUTOFF") || h.screen[3].contains("ERROR"), "\(h.screen[3])")
            try await h.press(.char("9"))
            #expect(h.screen[23].contains("9 does nothing here"), "\(h.screen[23])")
        }
    }

    @Test("? shows help from the key table with why keys are disabled now; j scrolls; Esc closes")
    func help() async throws {
        try await AppHarness.with { h in
            try await h.press(.char("?"))
            let text = h.screen.joined(separator: "\n")
            #expect(text.contains("Keys"))
            #expect(text.contains("move down"))
            #expect(text.contains("(disabled: already on a top-level screen)"), "\(text)")
            let before = h.screen
            try await h.press(.char("G"))  // not a help key: refused, help stays
            #expect(h.screen[23].contains("close the help first"))
            try await h.press(.char("j"), .char("j"))
            #expect(h.screen != before)
            #expect(await h.state.helpScroll == 2)
            try await h.press(.escape)
            #expect(!h.screen.joined().contains("move down"))
            #expect(await h.state.overlay == nil)
        }
    }

    @Test("a resize re-lays out at once; below 80x24 a short message; back to a full screen")
    func resize() async throws {
        try await AppHarness.with { h in
            try await h.resize(120, 40)
            #expect(h.screen.count == 40)
            #expect(h.screen[0].count > 100)
            #expect(h.screen[0].hasSuffix("DEMO]"))
            try await h.resize(70, 20)
            let small = h.screen.joined(separator: "\n")
            #expect(small.contains("Terminal too small"))
            #expect(small.contains("70x20, needs at least 80x24"))
            try await h.press(.char("j"))  // refused with the reason, nothing moves
            #expect(await h.state.networks.selection == 0)
            try await h.resize(80, 24)
            #expect(h.screen[1].hasPrefix(" Networks"))
            #expect(line(h, containing: "prod-net") != nil)
        }
    }

    @Test("a failed load shows one line with status, type and request id; e shows the details")
    func loadError() async throws {
        try await AppHarness.with { h in
            _ = try await h.sim.request("POST", h.sim.baseURL + "/__sim/faults", json: [
                "rules": [["route": "GET /networking/v2.0/ports", "status": 503]],
            ])
            try await h.press(.char("r"))
            let status = h.screen[23]
            #expect(status.contains("ports:"), "\(status)")
            #expect(status.contains("503"), "\(status)")
            #expect(status.contains("req-"), "\(status)")
            try await h.press(.char("e"))
            let text = h.screen.joined(separator: "\n")
            #expect(text.contains("Error details"))
            #expect(text.contains("503"))
            try await h.press(.escape)
            #expect(!h.screen.joined().contains("Error details"))
        }
    }

    @Test("a slow cloud: the first page is on screen with a spinner while the rest load; keys still work")
    func firstPageWhileLoading() async throws {
        let h = try await AppHarness.start(start: .ports, settle: false) { config in
            config.paginationMaxLimit = 4
            config.latencyMS = 150
        }
        do {
            // Poll the screen (no waiting for idle: the point is what shows before it).
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(20)
            var seen: [String]?
            while clock.now < deadline {
                let screen = h.screen
                if screen[23].contains("loading") && screen[23].contains("so far"),
                   screen.dropFirst(3).prefix(20).contains(where: { $0.contains("ACTIVE") || $0.contains("DOWN") })
                {
                    seen = screen
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            let partial = try #require(seen, "never saw a partial list while loading: \(h.screen.joined(separator: "\n"))")
            let spinner = partial[23].dropFirst().first.map(String.init) ?? ""
            #expect(Spinner.frames.contains(spinner), "status line: \(partial[23])")
            #expect(!partial[23].contains("17 ports"))
            // The input loop is not blocked by the loads: a key is handled at once.
            h.driver.send(.char("?"))
            let helpDeadline = clock.now + .milliseconds(400)
            var helpShown = false
            while clock.now < helpDeadline {
                if h.screen.joined().contains("move down") { helpShown = true; break }
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(helpShown)
            h.driver.send(.escape)
            try await h.settleAfter(keys: 2)
            #expect(h.screen[23].contains("17 ports"), "\(h.screen[23])")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    @Test("the wizard creates a VIP bound to two servers on the demo cloud; HTTP shows it; Enter jumps to it")
    func wizardCreateAndBind() async throws {
        try await AppHarness.with { h in
            try await h.press(.char(":"))
            try await h.type("servers")
            try await h.press(.enter, .char("c"))
            #expect(h.screen[1].contains("Create and bind a VIP"), "\(h.screen[1])")
            #expect(h.screen[2].contains("1 Server"))
            try await h.press(.char("/"))
            try await h.type("app-01")
            try await h.press(.enter, .enter)
            #expect(h.screen.contains { $0.contains("192.168.10.31") }, "\(h.screen.joined(separator: "\n"))")
            #expect(h.screen.contains { $0.contains("source/destination check on") })
            try await h.press(.enter)
            #expect(h.screen.contains { $0.contains("new VIP") })
            #expect(h.screen.contains { $0.contains("vip-web") })
            try await h.type("192.168.10.21")
            #expect(h.screen.contains { $0.contains("in use") }, "\(h.screen.joined(separator: "\n"))")
            try await h.press(.enter)
            #expect(h.screen[23].contains("fix the address first"))
            try await h.press(.backspace, .backspace)
            try await h.type("50")
            #expect(!h.screen.contains { $0.contains("in use") })
            try await h.press(.enter)
            #expect(h.screen.contains { $0.contains("Strategy") && $0.contains("huawei") })
            try await h.type("vip-app")
            try await h.press(.tab, .tab, .char("G"), .char(" "))
            #expect(h.screen.contains { $0.contains("[x]") && $0.contains("192.168.10.32") }, "\(h.screen.joined(separator: "\n"))")
            try await h.press(.enter)
            let plan = h.screen.joined(separator: "\n")
            #expect(plan.contains("POST /v2.0/ports"), "\(plan)")
            #expect(plan.contains("1.1.1.1/0"))
            #expect(plan.contains("\"ip_address\":\"192.168.10.50\""), "\(plan)")
            try await h.press(.enter)  // Enter opened the plan; it does not apply
            #expect(h.screen[23].contains("press a to apply"))
            try await h.press(.char("a"))
            let result = h.screen.joined(separator: "\n")
            #expect(result.contains("Applied: "), "\(result)")

            // The cloud, read over HTTP: the VIP's pairs hold both NIC IPs, both NICs 1.1.1.1/0.
            let token = try await h.sim.token()
            let vip = try #require(try await h.sim.allPorts(token: token, query: "fixed_ips=ip_address%3D192.168.10.50").first)
            #expect(vip["device_owner"]?.stringValue == "neutron:VIP_PORT")
            #expect(vip["name"]?.stringValue == "vip-app")
            let pairs = Set((vip["allowed_address_pairs"]?.arrayValue ?? []).compactMap { $0["ip_address"]?.stringValue })
            #expect(pairs == ["192.168.10.31", "192.168.10.32"])
            for ip in ["192.168.10.31", "192.168.10.32"] {
                let nic = try #require(try await h.sim.allPorts(token: token, query: "fixed_ips=ip_address%3D" + ip).first)
                let nicPairs = (nic["allowed_address_pairs"]?.arrayValue ?? []).compactMap { $0["ip_address"]?.stringValue }
                #expect(nicPairs.contains("1.1.1.1/0"), "\(ip): \(nicPairs)")
            }

            // Enter jumps to the VIP: its bound servers, reloaded.
            try await h.press(.enter)
            #expect(h.screen[1].contains("Servers bound to VIP 192.168.10.50"), "\(h.screen[1])")
            #expect(h.screen.contains { $0.contains("app-01") } && h.screen.contains { $0.contains("app-02") })
        }
    }

    @Test("a cloud marked hardware SDN: the wizard's plan is refused by the planner with the NIC and the rule; nothing is written")
    func wizardHuaweiRuleRefused() async throws {
        try await AppHarness.with(width: 120, height: 40, hardwareSDN: true) { h in
            // app-01's NIC holds a CIDR pair; the bind's PUT of its pairs would send it again.
            let token = try await h.sim.token()
            let nic = try #require(try await h.sim.allPorts(token: token, query: "fixed_ips=ip_address%3D192.168.10.31").first)
            let nicID = try #require(nic["id"]?.stringValue)
            let seed = try await h.sim.request("PUT", h.sim.network + "/ports/" + nicID, json: ["port": ["allowed_address_pairs": [["ip_address": "10.9.9.0/28"]]]],
                                               token: token)
            try #require(seed.status == 200, "\(seed.text)")
            let before = await h.sim.server.engine.requestCounts()
            try await h.press(.char(":"))
            try await h.type("servers")
            try await h.press(.enter, .char("c"), .char("/"))
            try await h.type("app-01")
            try await h.press(.enter, .enter, .enter)
            try await h.type("192.168.10.50")
            try await h.press(.enter)
            try await h.type("vip-app")
            try await h.press(.enter)
            let screen = h.screen.joined(separator: "\n")
            #expect(screen.contains("NIC 192.168.10.31 of app-01: this cloud is marked hardware SDN"), "\(screen)")
            #expect(screen.contains("10.9.9.0/28"), "\(screen)")
            #expect(await h.state.wizard?.planError?.contains("hardware SDN") == true)
            #expect(await h.state.wizard?.plan == nil)
            try await h.press(.char("a"))
            let after = await h.sim.server.engine.requestCounts()
            let writes = after.filter { key, n in !key.hasPrefix("GET ") && n != before[key] }
            #expect(writes.isEmpty, "\(writes)")
        }
    }

    @Test("read-only: c is refused with the reason, and nothing but GETs reach the cloud")
    func readOnlyRefuses() async throws {
        try await AppHarness.with(readOnly: true) { h in
            let before = await h.sim.server.engine.requestCounts()
            try await h.press(.char("c"))
            #expect(h.screen[23].contains("read-only mode"), "\(h.screen[23])")
            try await h.press(.char(":"))
            try await h.type("ports")
            try await h.press(.enter, .char("x"), .char("D"), .char("r"))
            #expect(await h.state.wizard == nil)
            let after = await h.sim.server.engine.requestCounts()
            // Between the two counts: reads only (the refresh), no write of any kind.
            let writes = after.filter { key, n in !key.hasPrefix("GET ") && n != before[key] }
            #expect(writes.isEmpty, "\(writes)")
            #expect(after.filter { $0.key.hasPrefix("GET ") }.values.reduce(0, +) > before.filter { $0.key.hasPrefix("GET ") }.values.reduce(0, +))
        }
    }

    @Test("Q quits: the driver is stopped and the store quit")
    func quit() async throws {
        try await AppHarness.with { h in
            try await h.press(.char("Q"))
            #expect(await h.state.shouldQuit)
            #expect(h.app.finished)
            #expect(!h.driver.isRunning)
        }
    }
}

@Suite("Key table")
struct KeyTableTests {
    @Test("no key is bound twice in one context")
    func noConflicts() {
        #expect(AppKeys.map.conflicts() == [])
    }

    @Test("the README's key list is the one the key table generates")
    func readmeIsCurrent() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = "<!-- keys:begin (generated from AppKeys.map; `swift run vipctl keys` prints it) -->\n"
        let end = "<!-- keys:end -->"
        let start = try #require(text.range(of: begin), "README has no keys:begin marker")
        let stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        let current = String(text[start.upperBound..<stop.lowerBound])
        #expect(current == AppKeys.markdown, "README key list is stale; replace it with `vipctl keys` output")
    }

    @Test("the Chinese README's key list is the one the key table generates in Chinese")
    func chineseReadmeIsCurrent() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.zh-CN.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = "<!-- keys:begin (generated from AppKeys.map; `swift run vipctl keys --lang zh` prints it) -->\n"
        let end = "<!-- keys:end -->"
        let start = try #require(text.range(of: begin), "README.zh-CN.md has no keys:begin marker")
        let stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        let current = String(text[start.upperBound..<stop.lowerBound])
        let chinese = L10n.with(.zh) { AppKeys.markdown }
        #expect(current == chinese, "README.zh-CN.md key list is stale; replace it with `vipctl keys --lang zh` output")
        // It is the Chinese table, not the English one: the headings and the footnote are Chinese.
        #expect(chinese != L10n.with(.en) { AppKeys.markdown })
        #expect(chinese.contains("| 按键 | 动作 | 说明 | 不可用的情况 |") && chinese.contains("### 所有界面"))
        #expect(L10n.with(.zh) { AppKeys.map.conflicts() } == [])
    }

    @MainActor
    @Test("printable keys type into the filter and the command line, even keys bound elsewhere")
    func typing() {
        var s = AppState(header: Header(cloud: "c", mode: .demo), size: TerminalSize(width: 80, height: 24))
        _ = reduce(&s, .startedFilter)
        #expect(AppKeys.action(for: .char("q"), in: s) == .typedFilter("q"))
        #expect(AppKeys.action(for: .char("j"), in: s) == .typedFilter("j"))
        #expect(AppKeys.action(for: .escape, in: s) == .cancelledFilter)
        #expect(AppKeys.action(for: .enter, in: s) == .confirmedFilter)
        #expect(AppKeys.action(for: .ctrl("c"), in: s) == .quitRequested)
        _ = reduce(&s, .cancelledFilter)
        #expect(AppKeys.action(for: .char("q"), in: s) == .wentBack)
        #expect(AppKeys.action(for: .char("z"), in: s) == .pressedUnboundKey("z"))
        _ = reduce(&s, .startedCommand)
        #expect(AppKeys.action(for: .char("Q"), in: s) == .typedCommand("Q"))
    }

    @Test("help lists the screen's own keys and the global ones, with live disabled reasons")
    func helpSections() {
        var s = AppState(header: Header(cloud: "c", mode: .demo), size: TerminalSize(width: 80, height: 24))
        _ = reduce(&s, .toggledHelp)
        let sections = AppKeys.help(for: s)
        #expect(sections.map(\.title) == ["Everywhere", "Networks (networks list)"])
        let back = sections[0].entries.first { $0.name == "back" }
        #expect(back?.disabledReason == "already on a top-level screen")
        #expect(sections[1].entries.map(\.description).first == "sort by NAME; again: reverse")
        #expect(AppKeys.helpLineCount(s) == sections[0].entries.count + sections[1].entries.count + 3)
    }
}

@Suite("Renderer (pure)")
struct RendererTests {
    func state(_ w: Int, _ h: Int) -> AppState {
        var s = AppState(header: Header(cloud: "hcs", region: "cn-north-4", project: "运维项目", user: "admin", mode: .live),
                         size: TerminalSize(width: w, height: h))
        _ = reduce(&s, .resized(width: w, height: h))
        return s
    }

    @Test("the frame is exactly the terminal size; header, title and status are on their rows")
    func layout() {
        let b = AppRenderer.render(state(80, 24), theme: .monochrome())
        let lines = b.lines()
        #expect(b.width == 80 && b.height == 24)
        #expect(lines[0].contains("cloud hcs") && lines[0].contains("project 运维项目") && lines[0].hasSuffix("[LIVE]"), "\(lines[0])")
        #expect(lines[1].hasPrefix(" Networks"))
        #expect(lines[2].contains("NAME"))
        #expect(lines[3].contains("(none)"))
        #expect(lines[23].contains("0 networks"))
    }

    @Test("below 80x24 only the too-small message is drawn")
    func tooSmall() {
        for (w, h) in [(79, 24), (80, 23), (20, 5)] {
            let text = AppRenderer.render(state(w, h), theme: .monochrome()).lines().joined(separator: "\n")
            #expect(text.contains("small"), "\(w)x\(h)")
            #expect(!text.contains("NAME"))
        }
    }

    @Test("monochrome (NO_COLOR) frames use no colours; ASCII glyphs when the locale is not UTF-8")
    func themes() {
        let mono = AppRenderer.render(state(80, 24), theme: Theme.forTerminal(TerminalCapabilities(utf8: true, colors: false)))
        #expect(mono.cells.allSatisfy { $0.attrs.fg == nil && $0.attrs.bg == nil })
        let color = AppRenderer.render(state(80, 24), theme: Theme.forTerminal(TerminalCapabilities(utf8: true, colors: true)))
        #expect(color.cells.contains { $0.attrs.bg != nil })
        var s = state(80, 24)
        _ = reduce(&s, .toggledHelp)
        let ascii = AppRenderer.render(s, theme: Theme.forTerminal(TerminalCapabilities(utf8: false, colors: false)))
        let text = ascii.lines().joined()
        #expect(text.contains("+-") && !text.contains("┌"))
        #expect(!text.contains("▲") && !text.contains("…"))
    }
}
