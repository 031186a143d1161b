import Testing
@testable import TerminalUI

/// `wget_wch` results as ncurses documents them: OK = 0 with a character, KEY_CODE_YES = 0400
/// with a key code (curses.h: KEY_DOWN 0402, KEY_UP 0403, ...). Literal numbers on purpose, so
/// the decoder's use of the header's constants is checked too.
@Suite struct KeyDecoderTests {
    let ok: Int32 = 0
    let code: Int32 = 0o400
    let err: Int32 = -1

    @Test func statusConstantsMatchNcurses() {
        #expect(KeyDecoder.ok == 0)
        #expect(KeyDecoder.keyCodeYes == 0o400)
    }

    @Test func printableCharactersIncludingCJK() {
        #expect(KeyDecoder.decode(status: ok, value: 0x6A) == .char("j"))
        #expect(KeyDecoder.decode(status: ok, value: 0x51) == .char("Q"))
        #expect(KeyDecoder.decode(status: ok, value: 0x2F) == .char("/"))
        #expect(KeyDecoder.decode(status: ok, value: 0x20) == .char(" "))
        #expect(KeyDecoder.decode(status: ok, value: 0x6570) == .char("数"))     // 数
        #expect(KeyDecoder.decode(status: ok, value: 0xE9) == .char("é"))
        #expect(KeyDecoder.decode(status: ok, value: 0x1F600) == .char("😀"))
    }

    @Test func controlCharacters() {
        #expect(KeyDecoder.decode(status: ok, value: 13) == .enter)
        #expect(KeyDecoder.decode(status: ok, value: 10) == .enter)
        #expect(KeyDecoder.decode(status: ok, value: 9) == .tab)
        #expect(KeyDecoder.decode(status: ok, value: 27) == .escape)
        #expect(KeyDecoder.decode(status: ok, value: 127) == .backspace)
        #expect(KeyDecoder.decode(status: ok, value: 8) == .backspace)
        #expect(KeyDecoder.decode(status: ok, value: 3) == .ctrl("c"))
        #expect(KeyDecoder.decode(status: ok, value: 1) == .ctrl("a"))
        #expect(KeyDecoder.decode(status: ok, value: 26) == .ctrl("z"))
        #expect(KeyDecoder.decode(status: ok, value: 18) == .ctrl("r"))
        #expect(KeyDecoder.decode(status: ok, value: 0) == nil)
        #expect(KeyDecoder.decode(status: ok, value: 0x1C) == nil)
        #expect(KeyDecoder.decode(status: ok, value: 0x9B) == nil)      // C1 CSI
        #expect(KeyDecoder.decode(status: ok, value: 0xD800) == nil)    // not a scalar
        #expect(KeyDecoder.decode(status: ok, value: 0x110000) == nil)
    }

    @Test func keyCodes() {
        #expect(KeyDecoder.decode(status: code, value: 0o402) == .down)
        #expect(KeyDecoder.decode(status: code, value: 0o403) == .up)
        #expect(KeyDecoder.decode(status: code, value: 0o404) == .left)
        #expect(KeyDecoder.decode(status: code, value: 0o405) == .right)
        #expect(KeyDecoder.decode(status: code, value: 0o406) == .home)
        #expect(KeyDecoder.decode(status: code, value: 0o550) == .end)
        #expect(KeyDecoder.decode(status: code, value: 0o407) == .backspace)
        #expect(KeyDecoder.decode(status: code, value: 0o512) == .delete)
        #expect(KeyDecoder.decode(status: code, value: 0o513) == .insert)
        #expect(KeyDecoder.decode(status: code, value: 0o522) == .pageDown)
        #expect(KeyDecoder.decode(status: code, value: 0o523) == .pageUp)
        #expect(KeyDecoder.decode(status: code, value: 0o527) == .enter)
        #expect(KeyDecoder.decode(status: code, value: 0o541) == .backTab)
        #expect(KeyDecoder.decode(status: code, value: 0o632) == .resize)
        // Keypad corners as sent by some terminals.
        #expect(KeyDecoder.decode(status: code, value: 0o534) == .home)      // KEY_A1
        #expect(KeyDecoder.decode(status: code, value: 0o535) == .pageUp)    // KEY_A3
        #expect(KeyDecoder.decode(status: code, value: 0o537) == .end)       // KEY_C1
        #expect(KeyDecoder.decode(status: code, value: 0o540) == .pageDown)  // KEY_C3
    }

    @Test func functionKeys() {
        #expect(KeyDecoder.decode(status: code, value: 0o410 + 1) == .function(1))
        #expect(KeyDecoder.decode(status: code, value: 0o410 + 5) == .function(5))
        #expect(KeyDecoder.decode(status: code, value: 0o410 + 12) == .function(12))
        #expect(KeyDecoder.decode(status: code, value: 0o410 + 63) == .function(63))
        #expect(KeyDecoder.decode(status: code, value: 0o410) == nil)        // F0
    }

    @Test func ignoredResults() {
        #expect(KeyDecoder.decode(status: code, value: 0o631) == nil)   // KEY_MOUSE
        #expect(KeyDecoder.decode(status: code, value: 0o777) == nil)
        #expect(KeyDecoder.decode(status: err, value: 0x6A) == nil)
        // The same number means a character with OK and a key code with KEY_CODE_YES.
        #expect(KeyDecoder.decode(status: ok, value: 0o402) == .char("Ă"))
    }

    @Test func labels() {
        #expect(Key.char("j").label == "j")
        #expect(Key.char(" ").label == "Space")
        #expect(Key.char("数").label == "数")
        #expect(Key.ctrl("c").label == "Ctrl-C")
        #expect(Key.up.label == "Up")
        #expect(Key.escape.label == "Esc")
        #expect(Key.pageDown.label == "PgDn")
        #expect(Key.backTab.label == "Shift-Tab")
        #expect(Key.function(5).label == "F5")
        #expect(Key.enter.label == "Enter")
    }
}
