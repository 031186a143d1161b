import CloudSimulator
import Foundation
import TerminalUI
import TestSupport
import Testing
import ViewModels

/// Issue 10, item 4: with TLS verification off (`--insecure`, `insecure: true`, `verify: false`,
/// `OS_INSECURE`) the header keeps a red INSECURE mark for the whole session; without colour
/// (NO_COLOR) it is still there as text.
@Suite("INSECURE mark in the header")
struct InsecureHeaderTests {
    static func state(insecure: Bool, mode: Mode = .live) -> AppState {
        var s = AppState(header: Header(cloud: "hcs", region: "cn-north-4", project: "运维项目", user: "admin", mode: mode,
                                        insecure: insecure),
                         size: TerminalSize(width: 80, height: 24))
        _ = reduce(&s, .resized(width: 80, height: 24))
        return s
    }

    @Test("colour: INSECURE in white on red left of the LIVE badge; the header's segments stay")
    func colour() {
        let b = AppRenderer.render(Self.state(insecure: true), theme: .color())
        let top = b.lines()[0]
        #expect(top.hasSuffix(" INSECURE   LIVE"), "\(top)")
        #expect(top.contains("cloud hcs") && top.contains("user admin"), "\(top)")
        // From the right edge: " LIVE ", a space, then " INSECURE ".
        let x = b.width - 6 - 1 - 10 + 1
        for i in x..<(x + 8) {
            #expect(b[x: i, y: 0].attrs.bg == .red, "column \(i)")
            #expect(b[x: i, y: 0].attrs.fg == .white, "column \(i)")
        }
        // Without the flag: no mark.
        let plain = AppRenderer.render(Self.state(insecure: false), theme: .color()).lines()[0]
        #expect(!plain.contains("INSECURE"), "\(plain)")
    }

    @Test("NO_COLOR (monochrome): [INSECURE] as text, bold reverse, no colour anywhere")
    func monochrome() {
        let theme = Theme.forTerminal(TerminalCapabilities(utf8: true, colors: false))
        let b = AppRenderer.render(Self.state(insecure: true), theme: theme)
        let top = b.lines()[0]
        #expect(top.hasSuffix("[INSECURE] [LIVE]"), "\(top)")
        let x = b.width - 6 - 1 - 10
        #expect(b[x: x + 1, y: 0].attrs.bold && b[x: x + 1, y: 0].attrs.reverse)
        #expect(b.cells.allSatisfy { $0.attrs.fg == nil && $0.attrs.bg == nil })
        // ASCII glyphs (a non-UTF-8 locale): the same text.
        let ascii = AppRenderer.render(Self.state(insecure: true, mode: .readOnly),
                                       theme: Theme.forTerminal(TerminalCapabilities(utf8: false, colors: false)))
        #expect(ascii.lines()[0].hasSuffix("[INSECURE] [READ-ONLY]"), "\(ascii.lines()[0])")
    }

    @MainActor
    @Test("the whole session on the headless driver: lists, help, filter, detail, an error and a resize all keep INSECURE")
    func wholeSession() async throws {
        try await AppHarness.with(insecure: true) { h in
            var seen: [String] = []
            @MainActor func check(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) {
                seen.append(step)
                let top = h.screen[0]
                #expect(top.contains("[INSECURE]"), "\(step): \(top)", sourceLocation: sourceLocation)
            }
            check("networks")
            try await h.press(.char(":"))
            try await h.type("servers")
            check("typing a command")
            try await h.press(.enter)
            check("servers")
            try await h.press(.char("?"))
            check("help")
            try await h.press(.escape, .char("/"))
            try await h.type("lb-01")
            try await h.press(.enter)
            check("filtered")
            try await h.press(.enter)
            check("NICs")
            // A failing request: the error is shown, the mark stays.
            _ = try await h.sim.request("POST", h.sim.baseURL + "/__sim/faults",
                                        json: ["rules": [["route": "GET /networking*", "action": "error", "status": 503]]])
            try await h.press(.escape, .escape, .char(":"))
            try await h.type("ports")
            try await h.press(.enter, .char("r"))
            let failed = h.screen.joined(separator: "\n")
            #expect(failed.contains("503"), "no error shown after a refresh answered 503:\n\(failed)")
            check("an error")
            _ = try await h.sim.request("POST", h.sim.baseURL + "/__sim/faults", json: ["clear": true])
            try await h.resize(120, 40)
            check("resized")
            let top = h.screen[0]
            #expect(top.hasSuffix("[INSECURE] [DEMO]"), "\(top)")
            #expect(await h.state.header.insecure)
            #expect(seen.count == 8)
        }
        // The same app without the flag shows no mark.
        try await AppHarness.with { h in
            let top = h.screen[0]
            #expect(!top.contains("INSECURE"), "\(top)")
        }
    }
}
