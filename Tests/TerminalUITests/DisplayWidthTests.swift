import Testing
@testable import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

@Suite struct DisplayWidthTests {
    @Test func asciiCJKAndFullwidth() {
        #expect(DisplayWidth.of("admin") == 5)
        #expect(DisplayWidth.of("数据库主节点") == 12)
        #expect(DisplayWidth.of("db-主") == 5)
        #expect(DisplayWidth.of("ＡＢＣ") == 6)          // fullwidth Latin
        #expect(DisplayWidth.of("한국어") == 6)           // Hangul syllables
        #expect(DisplayWidth.of("にほんご") == 8)
        #expect(DisplayWidth.of("，。") == 4)             // CJK punctuation
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func combiningAndZeroWidth() {
        #expect(DisplayWidth.of("e\u{301}") == 1)           // é as e + combining acute
        #expect(DisplayWidth.of("Cafe\u{301}") == 4)
        #expect(DisplayWidth.of(Character("a\u{20DD}")) == 1)  // enclosing circle
        #expect(DisplayWidth.of("\u{200B}") == 6)           // zero-width space: drawn as \u200b
        #expect(DisplayWidth.of(Character("\u{200B}")) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x0301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x1160)!) == 0)  // Hangul medial jamo
        #expect(DisplayWidth.of(Character("中")) == 2)
    }

    @Test func controlCharactersCountAsTheirVisibleEscape() {
        // CellBuffer draws them through Inert: \e, \t, \u202e.
        #expect(DisplayWidth.of("a\u{1B}b") == 4)
        #expect(DisplayWidth.of("a\tb") == 4)
        #expect(DisplayWidth.of("\u{202E}数") == 8)
        #expect(DisplayWidth.truncate("a\u{1B}[31mbcdef", to: 6) == "a\\e[3…")
        #expect(DisplayWidth.wrap("a\u{1B}b\nc", width: 10) == ["a\\eb", "c"])
    }

    @Test func truncateWithEllipsis() {
        #expect(DisplayWidth.truncate("keepalived-vip", to: 20) == "keepalived-vip")
        #expect(DisplayWidth.truncate("keepalived-vip", to: 8) == "keepali…")
        #expect(DisplayWidth.truncate("keepalived-vip", to: 8, ellipsis: "~") == "keepali~")
        #expect(DisplayWidth.truncate("keepalived-vip", to: 8, ellipsis: "...") == "keepa...")
        #expect(DisplayWidth.truncate("keepalived-vip", to: 1) == "…")
        #expect(DisplayWidth.truncate("keepalived-vip", to: 2, ellipsis: "...") == "ke")
        #expect(DisplayWidth.truncate("keepalived-vip", to: 0) == "")
        #expect(DisplayWidth.truncate("keepalived-vip", to: -3) == "")
    }

    @Test func truncateNeverSplitsAWideCharacter() {
        // 6 CJK characters = 12 columns.
        #expect(DisplayWidth.truncate("数据库主节点", to: 12) == "数据库主节点")
        #expect(DisplayWidth.truncate("数据库主节点", to: 11) == "数据库主节…")   // 10 + 1
        #expect(DisplayWidth.truncate("数据库主节点", to: 10) == "数据库主…")     // 8 + 1: 9 columns, never 10 with half a char
        #expect(DisplayWidth.of(DisplayWidth.truncate("数据库主节点", to: 10)) == 9)
        #expect(DisplayWidth.truncate("数据库主节点", to: 2) == "…")
        #expect(DisplayWidth.truncate("a数据", to: 3) == "a…")
        // Every cut of a mixed string fits and ends on a whole character.
        let s = "db主节点-primary-数据库"
        for w in 0...DisplayWidth.of(s) + 1 {
            let t = DisplayWidth.truncate(s, to: w)
            #expect(DisplayWidth.of(t) <= w)
            #expect(DisplayWidth.of(t) >= w - 1)
            if DisplayWidth.of(s) > w && w >= 1 { #expect(t.hasSuffix("…")) }
        }
    }

    @Test func truncateKeepsCombiningMarksWithTheirBase() {
        #expect(DisplayWidth.truncate("Cafe\u{301}s", to: 5) == "Cafe\u{301}s")
        #expect(DisplayWidth.truncate("Cafe\u{301}s", to: 4) == "Caf…")
        #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
    }

    @Test func padAndFit() {
        #expect(DisplayWidth.pad("ab", to: 5) == "ab   ")
        #expect(DisplayWidth.pad("ab", to: 5, alignment: .right) == "   ab")
        #expect(DisplayWidth.pad("ab", to: 5, alignment: .center) == " ab  ")
        #expect(DisplayWidth.pad("数据", to: 6) == "数据  ")
        #expect(DisplayWidth.pad("数据", to: 6, alignment: .right) == "  数据")
        #expect(DisplayWidth.pad("toolong", to: 3) == "toolong")
        #expect(DisplayWidth.fit("数据库主节点", to: 10) == "数据库主… ")
        #expect(DisplayWidth.of(DisplayWidth.fit("数据库主节点", to: 10)) == 10)
        #expect(DisplayWidth.fit("2", to: 5, alignment: .right) == "    2")
    }

    @Test func wrapAtSpacesAndBetweenCJK() {
        #expect(DisplayWidth.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(DisplayWidth.wrap("数据库主节点的网卡", width: 8) == ["数据库主", "节点的网", "卡"])
        #expect(DisplayWidth.wrap("数据库主节点的网卡", width: 7) == ["数据库", "主节点", "的网卡"])
        #expect(DisplayWidth.wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("", width: 4) == [""])
        #expect(DisplayWidth.wrap("x", width: 0) == [])
        #expect(DisplayWidth.wrap("  indented text here", width: 10) == ["  indented", "text here"])
        #expect(DisplayWidth.wrap("    \"k\": \"a long value\"", width: 14, hangingIndent: 6)
            == ["    \"k\": \"a", "      long", "      value\""])
        for line in DisplayWidth.wrap("负载均衡器-外网入口 华北区域 生产环境 keepalived", width: 9) {
            #expect(DisplayWidth.of(line) <= 9)
        }
    }

    #if os(Linux)
    /// The tables must agree with the `wcwidth` ncursesw uses, or text would land in the
    /// wrong columns. Sweeps every assigned scalar (wcwidth >= 0) in the C.UTF-8 locale.
    @Test func agreesWithGlibcWcwidth() throws {
        guard let utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) else {
            Issue.record("C.UTF-8 locale not installed")
            return
        }
        defer { freelocale(utf8) }
        let old = uselocale(utf8)  // thread-local; the test does not suspend
        defer { uselocale(old) }
        // The locale really is in effect (otherwise wcwidth is -1 for all non-ASCII).
        try #require(CursesDriver.systemWidth("中") == 2)
        try #require(CursesDriver.systemWidth("\u{301}") == 0)
        var mismatches: [String] = []
        var compared = 0
        for v in UInt32(0x20)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let expected = CursesDriver.systemWidth(u)
            guard expected >= 0 else { continue }
            compared += 1
            if DisplayWidth.of(u) != expected && mismatches.count < 10 {
                mismatches.append(String(v, radix: 16) + ": \(DisplayWidth.of(u)) vs \(expected)")
            }
        }
        #expect(compared > 250_000)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
    #endif
}
