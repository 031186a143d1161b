import CNcurses

/// A key press, as the screens see it.
public enum Key: Hashable, Sendable {
    /// A printable character, including CJK and space.
    case char(Character)
    /// Ctrl plus a letter, as a lowercase `a`...`z`. Ctrl-H, Ctrl-I, Ctrl-J and Ctrl-M arrive
    /// as `.backspace`, `.tab` and `.enter`: terminals send the same bytes for them.
    case ctrl(Character)
    case up, down, left, right
    case enter, escape, backspace, tab, backTab
    case insert, delete
    case pageUp, pageDown, home, end
    /// F1 ... F63.
    case function(Int)
    /// The terminal changed size: lay out again.
    case resize

    /// How help and the README name the key: `j`, `Space`, `Ctrl-C`, `Enter`, `PgDn`, `F5`.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-" + String(c).uppercased()
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .insert: "Ins"
        case .delete: "Del"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .function(let n): "F\(n)"
        case .resize: "Resize"
        }
    }
}

/// Turns what ncurses `wget_wch` returned into a `Key`. Pure: the curses driver calls it, the
/// tests call it with the documented ncurses numbers.
public enum KeyDecoder {
    /// `wget_wch` returned `OK`: `value` is a character.
    public static let ok: Int32 = 0
    /// `wget_wch` returned `KEY_CODE_YES`: `value` is a `KEY_*` code.
    public static let keyCodeYes = Int32(KEY_CODE_YES)

    /// The key for one `wget_wch` result, or nil for `ERR`, control characters without a
    /// meaning here, and key codes the UI does not use (mouse, ...).
    public static func decode(status: Int32, value: UInt32) -> Key? {
        switch status {
        case ok: return character(value)
        case keyCodeYes: return keyCode(Int32(bitPattern: value))
        default: return nil
        }
    }

    static func character(_ v: UInt32) -> Key? {
        switch v {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A:
            guard let s = Unicode.Scalar(0x60 + v) else { return nil }
            return .ctrl(Character(s))
        case 0x00...0x1F, 0x80...0x9F: return nil
        default:
            guard let s = Unicode.Scalar(v) else { return nil }
            return .char(Character(s))
        }
    }

    static func keyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1, KEY_FIND: return .home
        case KEY_END, KEY_C1, KEY_SELECT: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case (KEY_F0 + 1)...(KEY_F0 + 63): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }
}
