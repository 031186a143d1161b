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
}
