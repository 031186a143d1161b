import Foundation
import Testing
@testable import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

@MainActor
@Suite struct HeadlessDriverTests {
    @Test func keysComeOutInOrderAndEndOnStop() async throws {
        let d = HeadlessDriver(size: Size(width: 80, height: 24), keys: [.char("j"), .down])
        try d.start()
        d.send(.char("数"), .ctrl("c"))
        d.resize(to: Size(width: 120, height: 40))
        d.stop()
        var got: [Key] = []
        for await k in d.keys { got.append(k) }
        #expect(got == [.char("j"), .down, .char("数"), .ctrl("c"), .resize])
        #expect(d.size() == Size(width: 120, height: 40))
    }

    @Test func flushShowsTheFrameAndWritesOnlyChangedCells() throws {
        let d = HeadlessDriver(size: Size(width: 80, height: 24))
        try d.start()
        #expect(d.screenText() == [String](repeating: "", count: 24))
        let first = Scenes.ports(80, 24, selected: 0)
        d.flush(first)
        #expect(d.screenText() == first.lines())
        #expect(d.flushCount == 1)
        // Moving the selection down one row changes two rows only.
        let second = Scenes.ports(80, 24, selected: 1)
        d.flush(second)
        #expect(d.screenText() == second.lines())
        #expect(Set(d.lastRuns.map(\.y)) == [2, 3])
        #expect(d.screenBuffer == second)
        // The same frame again writes nothing.
        d.flush(second)
        #expect(d.lastRuns.isEmpty)
    }

    @Test func aResizeRedrawsEverything() throws {
        let d = HeadlessDriver(size: Size(width: 80, height: 24))
        d.flush(Scenes.ports(80, 24))
        d.resize(to: Size(width: 120, height: 40))
        let big = Scenes.ports(d.size().width, d.size().height)
        d.flush(big)
        #expect(d.lastRuns.count == 40)
        #expect(d.screenText() == big.lines())
    }

    /// The loop the app will run: keys in, state updated, frame rendered and flushed.
    @Test func aSmallAppLoopOverTheHeadlessDriver() async throws {
        let d = HeadlessDriver(size: Size(width: 80, height: 24), keys: [.char("j"), .char("j"), .char("j"), .char("k")])
        try d.start()
        var selected = 0
        var offset = 0
        func render() {
            let s = d.size()
            var b = CellBuffer(size: s)
            if TooSmall.applies(to: s) {
                TooSmall.draw(on: &b, theme: mono)
            } else {
                Scenes.header.draw(in: b.bounds.row(0), on: &b, theme: mono)
                offset = TableView(columns: portColumns, rows: portRows, selected: selected, scrollOffset: offset)
                    .draw(in: Rect(x: 0, y: 1, width: s.width, height: s.height - 1), on: &b, theme: mono).scrollOffset
            }
            d.flush(b)
        }
        render()
        var rendered: [[String]] = []
        for await key in d.keys {
            switch key {
            case .char("j"): selected = min(selected + 1, portRows.count - 1)
            case .char("k"): selected = max(selected - 1, 0)
            case .resize: d.send(.char("q"))
            case .char("q"): d.stop()
            default: break
            }
            render()
            rendered.append(d.screenText())
            if key == .char("k") { d.resize(to: Size(width: 60, height: 20)) }  // then the window shrinks
        }
        #expect(selected == 2)
        #expect(rendered.count == 6)
        // After the fourth key (k) the third row is selected: index 2 = keepalived-vip.
        #expect(rendered[3][4].hasPrefix(" keepalived-vip"))
        #expect(d.flushCount == 7)
        #expect(d.screenText().count == 20)
        #expect(d.screenText().contains { $0.contains("Terminal too small") })
        #expect(d.screenText().contains { $0.contains("60x20, needs at least 80x24") })
    }
}

/// The curses driver: its refusals (no terminal, no TERM, unknown TERM) and one real session
/// on a pseudo-terminal. ncurses state is process-wide, so these run one at a time.
@MainActor
@Suite(.serialized) struct CursesDriverTests {
    static let term = ["TERM": "xterm-256color"]

    @Test func refusesWhenStdinIsNotATerminal() throws {
        let devnull = open("/dev/null", O_RDWR)
        try #require(devnull >= 0)
        defer { close(devnull) }
        let driver = CursesDriver(environment: Self.term, inputFD: devnull, outputFD: devnull)
        let t0 = ContinuousClock.now
        #expect(throws: TerminalError.notATerminal(stream: "the input (fd \(devnull))")) { try driver.start() }
        #expect(ContinuousClock.now - t0 < .seconds(1))
        driver.stop()  // harmless after a refusal
    }

    @Test(.enabled(if: isatty(STDIN_FILENO) == 0, "stdin is a terminal here"))
    func refusesOnTheProcessStdinWhenItIsNotATerminal() throws {
        let driver = CursesDriver(environment: Self.term)
        let t0 = ContinuousClock.now
        do {
            try driver.start()
            Issue.record("start() succeeded without a terminal")
            driver.stop()
        } catch {
            #expect(error == .notATerminal(stream: "stdin"))
            #expect(error.exitCode == 2)
            #expect(error.description.contains("stdin is not a terminal"))
        }
        #expect(ContinuousClock.now - t0 < .seconds(1))
    }

    @Test func refusesWhenStdoutIsNotATerminal() throws {
        let pty = try PTY(rows: 10, cols: 40)
        defer { pty.close() }
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let driver = CursesDriver(environment: Self.term, inputFD: pty.slave, outputFD: fds[1])
        #expect(throws: TerminalError.notATerminal(stream: "the output (fd \(fds[1]))")) { try driver.start() }
    }

    @Test func refusesWithoutTERM() throws {
        let pty = try PTY(rows: 10, cols: 40)
        defer { pty.close() }
        for env in [[:], ["TERM": ""]] {
            let driver = CursesDriver(environment: env, inputFD: pty.slave, outputFD: pty.slave)
            #expect(throws: TerminalError.termUnset) { try driver.start() }
        }
    }

    @Test func refusesAnUnknownOrUnusableTERM() throws {
        let pty = try PTY(rows: 10, cols: 40)
        defer { pty.close() }
        let unknown = CursesDriver(environment: ["TERM": "vipctl-no-such-terminal"], inputFD: pty.slave, outputFD: pty.slave)
        #expect(throws: TerminalError.unknownTerminal(term: "vipctl-no-such-terminal", reason: "terminfo has no entry for it")) {
            try unknown.start()
        }
        let dumb = CursesDriver(environment: ["TERM": "dumb"], inputFD: pty.slave, outputFD: pty.slave)
        #expect(throws: TerminalError.unknownTerminal(term: "dumb", reason: "it has no cursor addressing")) {
            try dumb.start()
        }
        let message = TerminalError.unknownTerminal(term: "dumb", reason: "it has no cursor addressing").description
        #expect(message == "vipctl: cannot use terminal type 'dumb': it has no cursor addressing; set TERM to your terminal type (for example TERM=xterm-256color)")
    }

    /// A whole session on a pseudo-terminal: start, flush (read back through ncurses), keys
    /// through the input thread, a resize nobody signals, stop and the terminal restored.
    @Test func sessionOnAPseudoTerminal() async throws {
        let pty = try PTY(rows: 10, cols: 40)
        defer { pty.close() }
        let before = try pty.termios()
        let driver = CursesDriver(environment: Self.term, inputFD: pty.slave, outputFD: pty.slave)
        try driver.start()
        let watchdog = Task { @MainActor in
            try await Task.sleep(for: .seconds(10))
            driver.stop()
        }
        defer { watchdog.cancel(); driver.stop() }

        #expect(driver.capabilities == TerminalCapabilities(utf8: true, colors: true))
        #expect(driver.size() == Size(width: 40, height: 10))
        let raw = try pty.termios()
        #expect(raw.c_lflag & tcflag_t(ECHO) == 0)
        #expect(raw.c_lflag & tcflag_t(ICANON) == 0)

        // Frame 1: a box with CJK text and a table; ncurses must hold exactly these rows.
        var frame = CellBuffer(width: 40, height: 10)
        frame.drawBox(Rect(x: 0, y: 0, width: 40, height: 4), style: .unicode, title: "日本語 · 数据库")
        frame.put(x: 2, y: 1, text: "数据库主节点 e\u{301} ok", attrs: .bold)
        TableView(columns: [TableColumn("Name"), TableColumn("IP")], rows: [["数据库主节点", "192.168.10.11"], ["web", "10.0.0.5"]],
                  selected: 1)
            .draw(in: Rect(x: 0, y: 5, width: 40, height: 4), on: &frame, theme: .color())
        frame.put(x: 39, y: 9, text: "中")  // does not fit the last column: a space
        frame.put(x: 0, y: 9, text: "x\u{1B}[2Jy")
        driver.flush(frame)
        pty.drainOutput()
        #expect(driver.readBack() == frame.lines())

        // Frame 2: overwrite halves of wide characters; only the diff is written.
        var next = frame
        next.put(x: 3, y: 1, text: "AB")
        next.put(x: 5, y: 6, text: "中文")
        next.setAttributes(.reverse, in: Rect(x: 0, y: 2, width: 10, height: 1))
        driver.flush(next)
        pty.drainOutput()
        #expect(driver.readBack() == next.lines())

        // Keys typed on the terminal arrive through the input thread.
        let keys = Task { @MainActor in
            var got: [Key] = []
            for await k in driver.keys {
                got.append(k)
                if got.count == 5 { break }
            }
            return got
        }
        pty.type("j")
        pty.type("\u{1B}OB")        // Down in keypad (application) mode, as xterm sends it
        pty.type("数")
        pty.type("\u{03}")          // Ctrl-C: a key in raw mode, not a signal
        try await Task.sleep(for: .milliseconds(100))
        // A resize no one signals (this process does not own the terminal): seen by polling.
        pty.resize(rows: 12, cols: 50)
        let got = await keys.value
        #expect(got == [.char("j"), .down, .char("数"), .ctrl("c"), .resize])
        #expect(driver.size() == Size(width: 50, height: 12))
        let big = CellBuffer(width: 50, height: 12)
        driver.flush(big)
        pty.drainOutput()
        #expect(driver.readBack() == big.lines())

        driver.stop()
        pty.drainOutput()
        let after = try pty.termios()
        #expect(after.c_lflag == before.c_lflag)
        #expect(after.c_iflag == before.c_iflag)
        #expect(after.c_oflag == before.c_oflag)
        let output = String(decoding: pty.output, as: UTF8.self)
        #expect(output.contains("\u{1B}[?1049h"))   // alternate screen on ...
        #expect(output.contains("\u{1B}[?1049l"))   // ... and off again
        #expect(!output.contains("x\u{1B}[2Jy"))     // the escape in the text never reached the terminal
        #expect(output.contains("x\\e[2Jy"))
        // The stream ends with the session.
        var rest: [Key] = []
        for await k in driver.keys { rest.append(k) }
        #expect(rest.isEmpty)
        #expect(throws: TerminalError.startFailed("the driver was already stopped")) { try driver.start() }
    }

    @Test func noColorTurnsColoursOff() throws {
        let pty = try PTY(rows: 10, cols: 40)
        defer { pty.close() }
        let driver = CursesDriver(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"], inputFD: pty.slave,
                                  outputFD: pty.slave)
        try driver.start()
        defer { driver.stop() }
        #expect(driver.capabilities == TerminalCapabilities(utf8: true, colors: false))
        #expect(Theme.forTerminal(driver.capabilities) == .monochrome(glyphs: .unicode))
        var b = CellBuffer(width: 40, height: 10)
        b.put(x: 0, y: 0, text: "no colour", attrs: Attributes(fg: .red, bg: .blue))
        driver.flush(b)
        pty.drainOutput()
        #expect(driver.readBack()[0] == "no colour")
        #expect(!String(decoding: pty.output, as: UTF8.self).contains("\u{1B}[31m"))
    }

    @Test func glyphsFallBackWhenTheTerminalWouldDisagree() {
        let w = DisplayWidth.of(_:) as (Unicode.Scalar) -> Int
        #expect(CursesDriver.glyphs(for: Cell(text: "数", width: 2), utf8: true, wcwidth: w) == [["数"]])
        #expect(CursesDriver.glyphs(for: Cell(text: "e\u{301}", width: 1), utf8: true, wcwidth: w) == [["e", "\u{301}"]])
        // Not UTF-8: non-ASCII becomes "?" in every column it covers.
        #expect(CursesDriver.glyphs(for: Cell(text: "数", width: 2), utf8: false, wcwidth: w) == [["?"], ["?"]])
        #expect(CursesDriver.glyphs(for: Cell(text: "─", width: 1), utf8: false, wcwidth: w) == [["?"]])
        // A width the C library disagrees with, or a control character: "?".
        #expect(CursesDriver.glyphs(for: Cell(text: "数", width: 1), utf8: true, wcwidth: w) == [["?"]])
        #expect(CursesDriver.glyphs(for: Cell(text: "\u{1B}", width: 1), utf8: true, wcwidth: w) == [["?"]])
        #expect(CursesDriver.glyphs(for: Cell(text: "a", width: 1), utf8: true, wcwidth: { _ in -1 }) == [["?"]])
        // Extra wide scalars of a grapheme (an emoji ZWJ sequence) are dropped, not drawn.
        #expect(CursesDriver.glyphs(for: Cell(text: "👨\u{200D}👩", width: 2), utf8: true, wcwidth: w) == [["👨", "\u{200D}"]])
    }
}

/// A pseudo-terminal pair for the driver tests; the test plays the terminal on `master`.
final class PTY {
    let master: Int32
    let slave: Int32
    private(set) var output: [UInt8] = []

    init(rows: Int, cols: Int) throws {
        var m: Int32 = -1
        var s: Int32 = -1
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &ws) == 0 else { throw PTYError.openFailed(errno) }
        master = m
        slave = s
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    enum PTYError: Error { case openFailed(Int32), termios(Int32) }

    /// Reads everything the program wrote so far (so its writes never block).
    func drainOutput() {
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(master, &buf, buf.count)
            if n <= 0 { break }
            output += buf[0..<n]
        }
    }

    func type(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    func resize(rows: Int, cols: Int) {
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
    }

    func termios() throws -> Glibc.termios {
        var t = Glibc.termios()
        guard tcgetattr(slave, &t) == 0 else { throw PTYError.termios(errno) }
        return t
    }

    func close() {
        Glibc.close(master)
        Glibc.close(slave)
    }
}
