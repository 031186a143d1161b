import Testing
import ViewModels
@testable import TerminalUI

/// Locale honesty (issue 10, item 6): what the driver draws when the terminal's locale is not
/// UTF-8, decided by pure functions tested here without a terminal.
@Suite("Terminal character set")
struct CharsetTests {
    typealias D = LocaleDecision

    @Test("the locale name: LC_ALL, else LC_CTYPE, else LANG; empty values do not count")
    func localeName() {
        #expect(D.localeName([:]) == "")
        #expect(D.localeName(["LANG": "zh_CN.GB18030"]) == "zh_CN.GB18030")
        #expect(D.localeName(["LANG": "zh_CN.GB18030", "LC_CTYPE": "C.UTF-8"]) == "C.UTF-8")
        #expect(D.localeName(["LANG": "C.UTF-8", "LC_CTYPE": "de_DE.ISO-8859-1", "LC_ALL": "zh_CN.GBK"]) == "zh_CN.GBK")
        #expect(D.localeName(["LANG": "zh_CN.GB18030", "LC_ALL": ""]) == "zh_CN.GB18030")
        #expect(D.codeset(ofName: "zh_CN.GB18030@stroke") == "GB18030")
        #expect(D.codeset(ofName: "en_US") == nil && D.codeset(ofName: "C") == nil && D.codeset(ofName: "x.") == nil)
        #expect(D.isUTF8("UTF-8") && D.isUTF8("utf8") && D.isUTF8("UTF8") && !D.isUTF8("GB18030"))
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let installed: String?
        let cUTF8: Bool
        let charset: DisplayCharset
        let switches: Bool
        /// Words the status-line notice must contain (nil: no notice).
        let notice: [String]?
        /// Words the stderr note must contain (nil: no note).
        let note: [String]?
        var description: String { "LANG=\(name) installed=\(installed ?? "no") C.UTF-8=\(cUTF8)" }
    }

    static let cases: [Case] = [
        // UTF-8: nothing to say.
        Case(name: "C.UTF-8", installed: "UTF-8", cUTF8: true, charset: .utf8, switches: false, notice: nil, note: nil),
        Case(name: "zh_CN.UTF-8", installed: "UTF-8", cUTF8: true, charset: .utf8, switches: false, notice: nil, note: nil),
        // A UTF-8 locale that is not installed: the terminal is UTF-8; C.UTF-8 draws it.
        Case(name: "en_US.UTF-8", installed: nil, cUTF8: true, charset: .utf8, switches: true, notice: nil, note: nil),
        // No character set named: UTF-8 assumed, and said on stderr.
        Case(name: "", installed: "ANSI_X3.4-1968", cUTF8: true, charset: .utf8, switches: true, notice: nil, note: ["unset", "assumes a UTF-8"]),
        Case(name: "C", installed: "ANSI_X3.4-1968", cUTF8: true, charset: .utf8, switches: true, notice: nil, note: ["(C)", "assumes a UTF-8"]),
        Case(name: "POSIX", installed: "ANSI_X3.4-1968", cUTF8: true, charset: .utf8, switches: true, notice: nil, note: ["POSIX"]),
        Case(name: "en_US", installed: nil, cUTF8: true, charset: .utf8, switches: true, notice: nil, note: ["en_US"]),
        // Another character set, not installed: ASCII only, and said on the status line.
        Case(name: "zh_CN.GB18030", installed: nil, cUTF8: true, charset: .ascii, switches: false,
             notice: ["not UTF-8", "zh_CN.GB18030 not installed", "ASCII borders"], note: ["GB18030", "not installed", "LANG=C.UTF-8"]),
        Case(name: "zh_CN.GBK", installed: nil, cUTF8: true, charset: .ascii, switches: false, notice: ["zh_CN.GBK"], note: ["GBK"]),
        Case(name: "de_DE.ISO-8859-1", installed: nil, cUTF8: true, charset: .ascii, switches: false, notice: ["not UTF-8"], note: ["ISO-8859-1"]),
        Case(name: "ja_JP.eucJP", installed: nil, cUTF8: true, charset: .ascii, switches: false, notice: ["not UTF-8"], note: ["eucJP"]),
        // Another character set, installed: ncursesw converts to it.
        Case(name: "zh_CN.GB18030", installed: "GB18030", cUTF8: true, charset: .native(codeset: "GB18030"), switches: false,
             notice: ["GB18030", "not UTF-8", "ASCII borders"], note: ["GB18030"]),
        Case(name: "en_US", installed: "ISO-8859-1", cUTF8: true, charset: .native(codeset: "ISO-8859-1"), switches: false,
             notice: ["ISO-8859-1"], note: ["ISO-8859-1"]),
        // No C.UTF-8 to switch to: ASCII only.
        Case(name: "C", installed: "ANSI_X3.4-1968", cUTF8: false, charset: .ascii, switches: false, notice: ["not UTF-8"], note: ["C.UTF-8 is missing"]),
    ]

    @Test("what the driver does for each locale, and what it tells the user", arguments: cases)
    func decisions(_ c: Case) {
        let d = D.decide(localeName: c.name, installedCodeset: c.installed, cUTF8Available: c.cUTF8)
        print("locale: \(c) -> \(d.charset), notice: \(d.notice ?? "-"), stderr: \(d.note ?? "-")")
        #expect(d.charset == c.charset)
        #expect(d.switchToCUTF8 == c.switches)
        #expect((d.notice == nil) == (c.notice == nil), "\(d.notice ?? "no notice")")
        for w in c.notice ?? [] { #expect(d.notice?.contains(w) == true, "notice \(d.notice ?? "-") lacks \(w)") }
        for w in c.note ?? [] { #expect(d.note?.contains(w) == true, "note \(d.note ?? "-") lacks \(w)") }
        #expect((d.note == nil) == (c.note == nil), "\(d.note ?? "no note")")
        // The notice fits the status line of an 80-column terminal.
        #expect((d.notice?.count ?? 0) <= 78, "\(d.notice ?? "")")
        // Never UTF-8 to a terminal whose locale names another character set.
        if let cs = D.codeset(ofName: c.name), !D.isUTF8(cs) { #expect(!d.charset.isUTF8) }
    }

    /// Widths as the C library gives them in a CJK locale: CJK, box drawing and accented
    /// Latin are 2 columns (East Asian Ambiguous), ASCII 1, emoji unknown.
    static func cjkWidth(_ s: Unicode.Scalar) -> Int {
        if s.value < 0x20 || s.value == 0x7F { return -1 }
        if s.value == 0x301 { return 0 }
        if s.value < 0x7F { return 1 }
        if s.value >= 0x1F000 { return -1 }
        return 2
    }

    @Test("ASCII display: ASCII passes, accents and dashes become ASCII, anything else one ? per column")
    func asciiGlyphs() {
        func g(_ text: String, _ width: Int) -> [[Unicode.Scalar]] {
            CursesDriver.glyphs(for: Cell(text: text, width: width), charset: .ascii, wcwidth: Self.cjkWidth, encodable: { _ in true })
        }
        #expect(g("a", 1) == [["a"]])
        #expect(g(" ", 1) == [[" "]])
        #expect(g("é", 1) == [["e"]])
        #expect(g("e\u{301}", 1) == [["e"]])
        #expect(g("Å", 1) == [["A"]])
        #expect(g("ß", 1) == [["s"]])
        #expect(g("–", 1) == [["-"]])
        #expect(g("“", 1) == [["\""]])
        #expect(g("数", 2) == [["?"], ["?"]])
        #expect(g("😀", 2) == [["?"], ["?"]])
        #expect(g("─", 1) == [["?"]])
        #expect(g("\u{1B}", 1) == [["?"]])
        #expect(g("\u{7F}", 1) == [["?"]])
        #expect(g("\u{202E}", 1) == [["?"]])
        // Nothing outside printable ASCII is ever sent.
        for text in ["é", "数", "😀", "─", "ñ", "Ω", "\u{200B}", "\u{9B}"] {
            let out = g(text, max(1, DisplayWidth.of(text)))
            #expect(out.joined().allSatisfy { (0x20...0x7E).contains($0.value) }, "\(text) -> \(out)")
        }
    }

    @Test("GB18030 display: what GB18030 encodes at the layout's width is sent; otherwise ASCII or ?")
    func nativeGlyphs() {
        let gb18030: (Unicode.Scalar) -> Bool = { $0.value < 0x1F000 }  // all but the emoji here (a stand-in)
        func g(_ text: String, _ width: Int) -> [[Unicode.Scalar]] {
            CursesDriver.glyphs(for: Cell(text: text, width: width), charset: .native(codeset: "GB18030"), wcwidth: Self.cjkWidth,
                                encodable: gb18030)
        }
        #expect(g("数", 2) == [["数"]])
        #expect(g("a", 1) == [["a"]])
        // 2 columns there, 1 in the layout: an ASCII stand-in keeps the table aligned.
        #expect(g("é", 1) == [["e"]])
        #expect(g("─", 1) == [["?"]])
        #expect(g("😀", 2) == [["?"], ["?"]])
        #expect(g("\u{1B}", 1) == [["?"]])
        // Latin-1: accents are there at width 1, CJK is not.
        let latin1: (Unicode.Scalar) -> Bool = { $0.value <= 0xFF }
        func l(_ text: String, _ width: Int) -> [[Unicode.Scalar]] {
            CursesDriver.glyphs(for: Cell(text: text, width: width), charset: .native(codeset: "ISO-8859-1"),
                                wcwidth: { $0.value < 0x20 ? -1 : ($0.value >= 0x1100 ? 2 : 1) }, encodable: latin1)
        }
        #expect(l("é", 1) == [["é"]])
        #expect(l("数", 2) == [["?"], ["?"]])
        #expect(l("€", 1) == [["?"]])
        #expect(l("–", 1) == [["-"]])
    }

    @Test("a display that is not UTF-8 gets ASCII borders; its notice reaches the status line once and the next key clears it")
    func themeAndNotice() {
        #expect(Theme.forTerminal(TerminalCapabilities(utf8: false, colors: true)).glyphs == .ascii)
        #expect(Theme.forTerminal(TerminalCapabilities(utf8: true, colors: true)).glyphs == .unicode)
        var state = AppState(header: Header(cloud: "demo", mode: .demo), size: TerminalSize(width: 80, height: 24))
        _ = reduce(&state, .noticed("not UTF-8 (zh_CN.GB18030 not installed): ASCII borders, other text as ?"))
        #expect(state.statusLine.kind == .notice)
        #expect(state.statusLine.text.contains("not UTF-8"))
        _ = reduce(&state, .launched)
        _ = reduce(&state, .tick)
        #expect(state.statusLine.text.contains("not UTF-8"), "results and ticks leave it")
        _ = reduce(&state, .movedDown)
        #expect(!state.statusLine.text.contains("not UTF-8"), "a key clears it")
    }

    @Test("headless commands warn once on stderr when stdout is a terminal whose locale names another character set")
    func headlessWarning() {
        let gb = D.headlessWarning(environment: ["LANG": "zh_CN.GB18030"], stdoutIsTerminal: true)
        #expect(gb?.contains("GB18030") == true && gb?.contains("iconv -f UTF-8 -t GB18030") == true, "\(gb ?? "-")")
        #expect(gb?.contains("\n") == false)
        #expect(D.headlessWarning(environment: ["LANG": "zh_CN.GB18030"], stdoutIsTerminal: false) == nil)
        #expect(D.headlessWarning(environment: ["LANG": "C.UTF-8"], stdoutIsTerminal: true) == nil)
        #expect(D.headlessWarning(environment: ["LANG": "C"], stdoutIsTerminal: true) == nil)
        #expect(D.headlessWarning(environment: [:], stdoutIsTerminal: true) == nil)
        #expect(D.headlessWarning(environment: ["LC_ALL": "de_DE.ISO-8859-1", "LANG": "C.UTF-8"], stdoutIsTerminal: true)?.contains("ISO-8859-1") == true)
    }
}
