import Foundation
import Testing
import TestSupport

/// Locale honesty (issue 10, item 6) in a real terminal: a terminal whose locale is
/// zh_CN.GB18030 (not installed here, so nothing can convert to it) must not be sent UTF-8
/// (it would show mojibake), and the user is told why the screen looks as it does.
@Suite("Locale honesty in tmux", .serialized,
       .enabled(if: TmuxSession.testsEnabled, "tmux is not installed and VIPCTL_TEST_SKIP_TMUX=1"))
struct LocaleTmuxTests {
    static func command(_ args: String) throws -> String {
        try TmuxSession.shellQuote(TmuxSession.vipctlBinary()) + " " + args
    }

    static let environment = ["LANG": "zh_CN.GB18030", "LC_ALL": "zh_CN.GB18030", "SWIFT_BACKTRACE": "interactive=no"]

    @Test("LANG=zh_CN.GB18030 (not installed): only ASCII on screen, ASCII borders, aligned ?s for Chinese, a notice, a note on stderr")
    func gb18030NotInstalled() async throws {
        try await TmuxSession.withShell(width: 80, height: 24, environment: Self.environment) { tmux in
            try tmux.typeLine(try Self.command("demo") + "; echo demo-exit=$?")
            var screen = try await tmux.waitFor("not UTF-8")
            print("locale screen (GB18030):\n" + TmuxSession.render(screen))
            #expect(screen.contains { $0.contains("zh_CN.GB18030 not installed") && $0.contains("ASCII borders") })
            // Nothing but ASCII was drawn (capture-pane shows what tmux decoded): no box
            // drawing, no Chinese that a GB18030 terminal would show as mojibake.
            let nonASCII = screen.joined().unicodeScalars.filter { !$0.isASCII }
            #expect(nonASCII.isEmpty, "non-ASCII on screen: \(String(String.UnicodeScalarView(nonASCII)))")
            // The ASCII glyph set: " | " between header fields, "^" for the sort, "~" for a cut.
            #expect(screen[0].contains(" | ") && screen.contains { $0.contains("NAME^") })

            try tmux.sendKeys(":")
            try tmux.type("servers")
            try tmux.sendKeys("Enter")
            screen = try await tmux.waitFor("12 servers")
            print("locale screen (GB18030, servers):\n" + TmuxSession.render(screen))
            let allASCII = screen.joined().unicodeScalars.allSatisfy(\.isASCII)
            #expect(allASCII)
            // 数据库主节点 is 12 columns: 12 question marks, and the next column lines up.
            let cjk = try #require(screen.first { $0.contains("????????????") })
            let ascii = try #require(screen.first { $0.contains("lb-01 ") })
            #expect(cjk.range(of: "ACTIVE")?.lowerBound.utf16Offset(in: cjk) == ascii.range(of: "ACTIVE")?.lowerBound.utf16Offset(in: ascii),
                    "\(cjk)\n\(ascii)")
            try tmux.sendKeys("Q")
            screen = try await tmux.waitFor("demo-exit=0")
            // The note on stderr stays on the terminal after the UI ends.
            #expect(screen.joined(separator: " ").contains("zh_CN.GB18030 (GB18030, not UTF-8) is not installed"),
                    "\(TmuxSession.render(screen))")

            // A headless command on this terminal warns once on stderr; piped, it does not.
            try tmux.typeLine("clear; " + (try Self.command("networks --os-cloud nowhere")) + "; echo networks-exit=$?")
            screen = try await tmux.waitFor("networks-exit=2")
            print("locale screen (GB18030, headless):\n" + TmuxSession.render(screen))
            let warnings = screen.joined(separator: "\n").components(separatedBy: "this output is UTF-8").count - 1
            #expect(warnings == 1, "\(TmuxSession.render(screen))")
            try tmux.typeLine("clear; " + (try Self.command("networks --os-cloud nowhere")) + " 2>&1 | cat; echo piped-exit=$?")
            screen = try await tmux.waitFor("piped-exit=0")
            #expect(!screen.joined().contains("this output is UTF-8"), "\(TmuxSession.render(screen))")
        }
    }

    @Test("zh_CN.GB18030 installed (built with localedef into LOCPATH): the bytes written are GB18030, Chinese included, never UTF-8")
    func gb18030Installed() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-locale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The `locales` package's sources (scripts/test.sh installs it); nothing system-wide changes.
        let built = try Spawn.run(["localedef", "-i", "zh_CN", "-f", "GB18030", dir + "/zh_CN.GB18030"],
                                  environment: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"], timeout: .seconds(300))
        try #require(FileManager.default.fileExists(atPath: dir + "/zh_CN.GB18030/LC_CTYPE"),
                     "localedef could not build zh_CN.GB18030 (apt-get install locales): \(built)")
        var env = Self.environment
        env["LOCPATH"] = dir
        let raw = dir + "/pane.raw"
        try await TmuxSession.withShell(width: 80, height: 24, environment: env) { tmux in
            // Everything the pane's programs write, byte for byte (tmux itself decodes UTF-8,
            // so its screen cannot show what a GB18030 terminal would).
            try tmux.tmux(["pipe-pane", "-o", "-t", TmuxSession.target, "cat >> " + TmuxSession.shellQuote(raw)])
            // In English: tmux decodes what it is sent as UTF-8, so only ASCII words can be waited for on
            // its screen (the Chinese UI, in GB18030, is what a real GB18030 terminal shows).
            try tmux.typeLine(try Self.command("demo --lang en") + "; echo demo-exit=$?")
            // The first screen after localedef: a loaded CI machine (this test once ran beside
            // 20 vipctl processes of the concurrency proof) can take longer than the usual 10 s.
            _ = try await tmux.waitFor("not UTF-8", timeout: .seconds(40))
            try tmux.sendKeys(":")
            try tmux.type("servers")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("12 servers")
            try tmux.sendKeys("Q")
            _ = try await tmux.waitFor("demo-exit=0")
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: raw)))
        func has(_ needle: [UInt8]) -> Bool {
            guard needle.count <= bytes.count else { return false }
            return (0...(bytes.count - needle.count)).contains { i in bytes[i..<(i + needle.count)].elementsEqual(needle) }
        }
        let gb18030Name: [UInt8] = [0xCA, 0xFD, 0xBE, 0xDD, 0xBF, 0xE2, 0xD6, 0xF7, 0xBD, 0xDA, 0xB5, 0xE3]  // 数据库主节点
        print("locale: zh_CN.GB18030 installed: \(bytes.count) bytes written; GB18030 name: \(has(gb18030Name)); "
              + "UTF-8 name: \(has(Array("数据库主节点".utf8))); UTF-8 box drawing: \(has([0xE2, 0x94]))")
        #expect(has(gb18030Name), "the Chinese server name, in GB18030")
        #expect(!has(Array("数据库主节点".utf8)), "no UTF-8 Chinese")
        #expect(!has([0xE2, 0x94]), "no UTF-8 box drawing (U+2500...)")
        #expect(has(Array("charset GB18030, not UTF-8".utf8)), "the notice")
    }
}
