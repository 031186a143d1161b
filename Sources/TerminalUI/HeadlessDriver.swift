/// A terminal for tests: a size you set, keys you send, and the screen as text.
///
/// `flush` works like the curses driver: it diffs the frame against the previous one and
/// applies only the changed runs to its own copy of the screen, so `screenText()` is what a
/// real terminal would show after diff-only flushing.
@MainActor
public final class HeadlessDriver: TerminalDriver {
    public let keys: AsyncStream<Key>
    private let continuation: AsyncStream<Key>.Continuation
    public var capabilities: TerminalCapabilities
    private var currentSize: Size
    /// The last frame passed to `flush`.
    public private(set) var lastBuffer: CellBuffer?
    /// The runs the last `flush` wrote.
    public private(set) var lastRuns: [Run] = []
    public private(set) var flushCount = 0
    public private(set) var isRunning = false
    private var screen: CellBuffer

    public init(size: Size = Size(width: 80, height: 24), keys: [Key] = [],
                capabilities: TerminalCapabilities = TerminalCapabilities(utf8: true, colors: false))
    {
        (self.keys, continuation) = AsyncStream.makeStream(of: Key.self)
        self.capabilities = capabilities
        currentSize = size
        screen = CellBuffer(size: size)
        for k in keys { continuation.yield(k) }
    }

    public func start() throws(TerminalError) { isRunning = true }

    public func stop() {
        isRunning = false
        continuation.finish()
    }

    public func size() -> Size { currentSize }

    /// Every byte `copyToClipboard` wrote, in order (what a terminal would have received).
    public private(set) var written: [UInt8] = []

    public func copyToClipboard(_ text: String) { written += OSC52.sequence(text) }

    public func flush(_ buffer: CellBuffer) {
        let previous = lastBuffer ?? CellBuffer(size: screen.size)
        if buffer.size != screen.size { screen = CellBuffer(size: buffer.size) }
        lastRuns = buffer.diff(from: previous)
        screen.apply(lastRuns)
        lastBuffer = buffer
        flushCount += 1
    }

    /// The screen as text lines (trailing spaces trimmed).
    public func screenText() -> [String] { screen.lines() }

    /// The screen as cells.
    public var screenBuffer: CellBuffer { screen }

    /// Queues key presses.
    public func send(_ keys: Key...) {
        for k in keys { continuation.yield(k) }
    }

    /// Changes the size and queues `.resize`, like a terminal window being resized.
    public func resize(to size: Size) {
        currentSize = size
        continuation.yield(.resize)
    }

    /// Ends the key stream (as when the terminal goes away).
    public func endInput() { continuation.finish() }
}
