import L10n

/// Why the UI cannot run on this terminal. The caller prints `description` to stderr and
/// exits with `exitCode` (2).
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// stdin or stdout is not a terminal (a pipe, a file, /dev/null).
    case notATerminal(stream: String)
    /// `TERM` is not set.
    case termUnset
    /// terminfo has no entry for `TERM`, or it cannot drive a full-screen UI.
    case unknownTerminal(term: String, reason: String)
    /// ncurses could not start on the terminal.
    case startFailed(String)

    public var exitCode: Int32 { 2 }

    public var description: String {
        switch self {
        case .notATerminal(let stream):
            TerminalText.notATerminal(stream)
        case .termUnset:
            TerminalText.termUnset.text
        case .unknownTerminal(let term, let reason):
            TerminalText.unknownTerminal(term, reason)
        case .startFailed(let why):
            TerminalText.startFailed(why)
        }
    }
}

/// What the app loop needs from a terminal; the curses driver and the headless driver
/// (tests) both provide it. One session per driver: `start`, any number of `flush`, `stop`.
@MainActor
public protocol TerminalDriver: AnyObject {
    /// Key presses (and `.resize`), in order. Finishes when the driver stops or input ends.
    var keys: AsyncStream<Key> { get }
    /// What the terminal can show (set by `start`).
    var capabilities: TerminalCapabilities { get }
    func start() throws(TerminalError)
    /// The current size in columns and rows.
    func size() -> Size
    /// Shows `buffer`.
    func flush(_ buffer: CellBuffer)
    /// Restores the terminal. Safe to call more than once.
    func stop()
    /// Puts `text` on the terminal's clipboard: writes `OSC52.sequence(text)` (the terminal,
    /// or tmux with `set-clipboard on`, does the rest; over SSH too).
    func copyToClipboard(_ text: String)
}

/// OSC 52, "set the clipboard": `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL`.
public enum OSC52 {
    public static func sequence(_ text: String) -> [UInt8] {
        Array("\u{1B}]52;c;".utf8) + Array(base64(Array(text.utf8)).utf8) + [0x07]
    }

    /// Standard base64 with padding (RFC 4648).
    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(table[Int(n >> 18 & 63)])
            out.append(table[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? table[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? table[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
