import CNcurses
import Foundation
import L10n
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real terminal, through ncursesw. The only code in vipctl that calls ncurses; every
/// call happens on the main actor.
///
/// - `start` refuses — with a `TerminalError`, before any curses call that could hang or
///   exit — when stdin or stdout is not a TTY, `TERM` is unset, or terminfo does not know it.
/// - The locale comes from the environment (`LocaleDecision.decide`): UTF-8 draws Unicode;
///   a locale that names no character set (unset, C, POSIX) switches LC_CTYPE to C.UTF-8 and
///   says so on stderr; an installed locale of another character set (GB18030, Latin-1) is
///   kept and ncursesw converts to it, with ASCII borders; an uninstalled one gets ASCII
///   only. Whenever the display is not UTF-8 the status line says so once, and nothing the
///   terminal cannot decode is sent: such characters are transliterated or shown as `?`.
/// - `flush` writes only the cells that changed since the last frame.
/// - A thread polls the input descriptor (250 ms timeout); on input or timeout the main actor
///   reads every pending key (`wget_wch`) and yields it into `keys`, and checks the kernel's
///   window size, so a resize is seen even when SIGWINCH never reaches ncurses (Swift
///   concurrency threads block it).
/// - `stop` restores the terminal; so do fatal signals and `exit` (see `TerminalRestore`).
@MainActor
public final class CursesDriver: TerminalDriver {
    public let keys: AsyncStream<Key>
    private let continuation: AsyncStream<Key>.Continuation
    public private(set) var capabilities = TerminalCapabilities(utf8: false, colors: false)

    private let environment: [String: String]
    private let inputFD: Int32
    private let outputFD: Int32
    private var screen: OpaquePointer?
    private var inFile: UnsafeMutablePointer<FILE>?
    private var outFile: UnsafeMutablePointer<FILE>?
    private var shown: CellBuffer?
    private var pairs: [PairKey: Int16] = [:]
    private var defaultColors = false
    private var pump: InputPump?
    private var running = false
    private var stopped = false
    /// The size the last `.resize` announced: resizeterm queues its own KEY_RESIZE, so one
    /// change can be seen twice; only a size that differs is announced.
    private var announcedSize: Size?
    /// What the display can show (see `LocaleDecision`).
    public private(set) var charset: DisplayCharset = .ascii

    /// - Parameters:
    ///   - environment: where `TERM` and `NO_COLOR` are read from.
    ///   - inputFD, outputFD: the terminal (tests pass a pseudo-terminal or /dev/null).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                inputFD: Int32 = STDIN_FILENO, outputFD: Int32 = STDOUT_FILENO)
    {
        (keys, continuation) = AsyncStream.makeStream(of: Key.self)
        self.environment = environment
        self.inputFD = inputFD
        self.outputFD = outputFD
    }

    // MARK: - start / stop

    public func start() throws(TerminalError) {
        guard !running else { return }
        guard !stopped else { throw .startFailed(TerminalText.alreadyStopped.text) }
        // Refusals first: nothing below may run without a terminal (newterm on /dev/null
        // hangs, initscr with an unknown TERM exits the process).
        guard isatty(inputFD) == 1 else {
            throw .notATerminal(stream: inputFD == STDIN_FILENO ? TerminalText.streamStdin.text : TerminalText.streamInput(inputFD))
        }
        guard isatty(outputFD) == 1 else {
            throw .notATerminal(stream: outputFD == STDOUT_FILENO ? TerminalText.streamStdout.text : TerminalText.streamOutput(outputFD))
        }
        guard let term = environment["TERM"], !term.isEmpty else { throw .termUnset }
        switch shim_probe_terminal(term, outputFD) {
        case 2: break
        case 3: throw .unknownTerminal(term: term, reason: TerminalText.noCursorAddressing.text)
        case 1: throw .unknownTerminal(term: term, reason: TerminalText.hardcopy.text)
        case -1: throw .unknownTerminal(term: term, reason: TerminalText.noTerminfo.text)
        default: throw .unknownTerminal(term: term, reason: TerminalText.noTerminfoEntry.text)
        }

        var locale = Self.setUpLocale()
        // A terminal that can show only ASCII would show a Chinese UI as rows of `?`: it gets
        // the English one (the catalog's other language), whatever the locale asked for, and
        // the notice and note in English too.
        if locale.charset == .ascii, L10n.lang != .en {
            L10n.setProcessLanguage(.en)
            locale = Self.setUpLocale()
        }
        if let note = locale.note {
            let line = note + "\n"
            _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        }
        charset = locale.charset
        // Own descriptors, so closing the FILEs in stop() leaves stdin/stdout open.
        let inDup = dup(inputFD)
        let outDup = dup(outputFD)
        guard inDup >= 0, outDup >= 0, let inF = fdopen(inDup, "r"), let outF = fdopen(outDup, "w") else {
            let why = String(cString: strerror(errno))
            if inDup >= 0 { close(inDup) }
            if outDup >= 0 { close(outDup) }
            throw .startFailed(TerminalText.cannotOpen(why))
        }
        TerminalRestore.install()
        guard let scr = newterm(term, outF, inF) else {
            TerminalRestore.uninstall()
            fclose(inF)
            fclose(outF)
            throw .startFailed(TerminalText.cannotInitialise(term))
        }
        TerminalRestore.active.store(true, ordering: .releasing)
        screen = scr
        inFile = inF
        outFile = outF
        set_term(scr)
        let win = shim_stdscr()
        raw()
        noecho()
        nonl()
        intrflush(win, false)
        keypad(win, true)
        nodelay(win, true)
        set_escdelay(25)
        curs_set(0)
        var colors = false
        if !TerminalCapabilities.noColorRequested(environment) && has_colors() && start_color() == OK {
            defaultColors = use_default_colors() == OK
            colors = true
        }
        capabilities = TerminalCapabilities(utf8: locale.charset.isUTF8, colors: colors, notice: locale.notice)
        running = true
        announcedSize = size()
        startInputThread()
    }

    public func stop() {
        if running {
            running = false
            pump?.stopped.store(true, ordering: .releasing)
            pump = nil
            curs_set(1)
            TerminalRestore.restoreNow()
            if let screen { delscreen(screen) }
            screen = nil
            if let inFile { fclose(inFile) }
            if let outFile { fclose(outFile) }
            inFile = nil
            outFile = nil
            TerminalRestore.uninstall()
        }
        if !stopped {
            stopped = true
            continuation.finish()
        }
    }

    /// LC_ALL from the environment, then what `LocaleDecision.decide` says (C.UTF-8 only for a
    /// locale that names no character set).
    private static func setUpLocale() -> LocaleDecision {
        let installed: String? = setlocale(LC_ALL, "") != nil ? shim_codeset().map { String(cString: $0) } : nil
        let decision = LocaleDecision.decide(localeName: LocaleDecision.localeName(ProcessInfo.processInfo.environment),
                                             installedCodeset: installed, cUTF8Available: shim_has_c_utf8() != 0)
        if decision.switchToCUTF8 {
            if setlocale(LC_CTYPE, "C.UTF-8") != nil && shim_codeset_is_utf8() != 0 { return decision }
            _ = setlocale(LC_ALL, "")
            return LocaleDecision.decide(localeName: LocaleDecision.localeName(ProcessInfo.processInfo.environment),
                                         installedCodeset: installed, cUTF8Available: false)
        }
        return decision
    }

    // MARK: - output

    public func size() -> Size {
        guard running else { return Size(width: 0, height: 0) }
        var rows: Int32 = 0
        var cols: Int32 = 0
        shim_getmaxyx(shim_stdscr(), &rows, &cols)
        return Size(width: Int(cols), height: Int(rows))
    }

    public func flush(_ buffer: CellBuffer) {
        guard running else { return }
        let win = shim_stdscr()
        let runs: [Run]
        if let shown, shown.size == buffer.size {
            runs = buffer.diff(from: shown)
        } else {
            // First frame or a new size: clear and repaint everything.
            werase(win)
            clearok(win, true)
            runs = buffer.diff(from: CellBuffer(width: 0, height: 0))
        }
        for run in runs {
            for (i, cell) in run.cells.enumerated() where !cell.isContinuation {
                draw(cell, x: run.x + i, y: run.y, on: win)
            }
        }
        shown = buffer
        wrefresh(win)
    }

    /// Writes OSC 52 after what curses has sent (its output stream is flushed first).
    public func copyToClipboard(_ text: String) {
        guard running, let outFile else { return }
        let bytes = OSC52.sequence(text)
        fflush(outFile)
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, outFile) }
        fflush(outFile)
    }

    /// What ncurses holds for each row of the screen (read back with `mvwinnwstr`), trailing
    /// spaces trimmed: for diagnostics and the driver's own tests.
    public func readBack() -> [String] {
        guard running else { return [] }
        let win = shim_stdscr()
        let s = size()
        var out: [String] = []
        for y in 0..<s.height {
            var buf = [wchar_t](repeating: 0, count: s.width * 2 + 1)
            let n = mvwinnwstr(win, Int32(y), 0, &buf, Int32(s.width * 2))
            var line = ""
            if n > 0 {
                for w in buf.prefix(Int(n)) {
                    if let u = Unicode.Scalar(UInt32(bitPattern: w)) { line.unicodeScalars.append(u) }
                }
            }
            out.append(DisplayWidth.trimTrailingSpaces(line))
        }
        return out
    }

    private func draw(_ cell: Cell, x: Int, y: Int, on win: UnsafeMutablePointer<WINDOW>?) {
        let columns = Self.glyphs(for: cell, charset: charset, wcwidth: Self.systemWidth, encodable: Self.systemEncodable)
        var a = shim_A_NORMAL()
        if cell.attrs.bold { a |= shim_A_BOLD() }
        if cell.attrs.dim { a |= shim_A_DIM() }
        if cell.attrs.reverse { a |= shim_A_REVERSE() }
        if cell.attrs.underline { a |= shim_A_UNDERLINE() }
        let pair = colorPair(cell.attrs)
        for (i, scalars) in columns.enumerated() {
            var chars = scalars.map { wchar_t(bitPattern: $0.value) }
            chars.append(0)
            var cc = cchar_t()
            setcchar(&cc, chars, a, pair, nil)
            mvwadd_wch(win, Int32(y), Int32(x + i), &cc)
        }
    }

    /// What to write for a cell, one entry per terminal column it starts: normally one
    /// grapheme (base scalar plus up to four combining marks) covering the cell's width.
    /// When the terminal would disagree about the width (`wcwidth`), or cannot show the
    /// character (not UTF-8), or it is a control character, the cell's columns get `?`.
    nonisolated static func glyphs(for cell: Cell, utf8: Bool, wcwidth: (Unicode.Scalar) -> Int) -> [[Unicode.Scalar]] {
        glyphs(for: cell, charset: utf8 ? .utf8 : .ascii, wcwidth: wcwidth, encodable: { _ in utf8 })
    }

    /// The same for a display of `charset`: `.utf8` as above; `.native` shows a character
    /// only when the locale can encode it (`encodable`) at the cell's width, `.ascii` only
    /// ASCII; otherwise a one-column cell gets an ASCII stand-in (`é` -> `e`), if there is one,
    /// and every other cell one `?` per column.
    nonisolated static func glyphs(for cell: Cell, charset: DisplayCharset, wcwidth: (Unicode.Scalar) -> Int,
                       encodable: (Unicode.Scalar) -> Bool) -> [[Unicode.Scalar]] {
        let replacement = [[Unicode.Scalar]](repeating: ["?"], count: max(1, cell.width))
        if cell.text == " " { return [[" "]] }
        let scalars = Array(cell.text.unicodeScalars)
        if charset != .ascii, let baseIndex = scalars.firstIndex(where: { wcwidth($0) > 0 }) {
            let base = scalars[baseIndex]
            if DisplayWidth.isControl(base) { return replacement }
            if wcwidth(base) == cell.width && (charset == .utf8 || encodable(base)) {
                var out = [base]
                for s in scalars[(baseIndex + 1)...] where wcwidth(s) == 0 && !DisplayWidth.isControl(s) {
                    if out.count == 5 { break }  // CCHARW_MAX
                    if charset == .utf8 || encodable(s) { out.append(s) }
                }
                return [out]
            }
            if charset == .utf8 { return replacement }
        }
        guard charset != .utf8, cell.width == 1, let first = scalars.first, !DisplayWidth.isControl(first),
              let stand = Transliteration.ascii(cell.text)
        else { return replacement }
        return [[stand]]
    }

    /// Whether the current locale can encode `scalar` (ncursesw converts to it).
    nonisolated static func systemEncodable(_ scalar: Unicode.Scalar) -> Bool {
        shim_encodable(wchar_t(bitPattern: scalar.value)) != 0
    }

    /// The C library's width of `scalar` in the current locale (what ncurses uses): -1 for
    /// non-printable scalars.
    nonisolated static func systemWidth(_ scalar: Unicode.Scalar) -> Int {
        Int(shim_wcwidth(wchar_t(bitPattern: scalar.value)))
    }

    private struct PairKey: Hashable {
        var fg: Int16
        var bg: Int16
    }

    private func colorPair(_ attrs: Attributes) -> Int16 {
        guard capabilities.colors, attrs.fg != nil || attrs.bg != nil else { return 0 }
        let fallbackFG: Int16 = defaultColors ? -1 : Int16(Color.white.rawValue)
        let fallbackBG: Int16 = defaultColors ? -1 : Int16(Color.black.rawValue)
        let key = PairKey(fg: attrs.fg.map { Int16($0.rawValue) } ?? fallbackFG,
                          bg: attrs.bg.map { Int16($0.rawValue) } ?? fallbackBG)
        if let p = pairs[key] { return p }
        let next = pairs.count + 1
        guard next < Int(shim_color_pairs()), next <= Int(Int16.max) else { return 0 }
        let p = Int16(next)
        guard init_pair(p, key.fg, key.bg) == OK else { return 0 }
        pairs[key] = p
        return p
    }

    // MARK: - input

    private func startInputThread() {
        let pump = InputPump()
        self.pump = pump
        let fd = inputFD
        let thread = Thread { [weak self] in
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while !pump.stopped.load(ordering: .acquiring) {
                pfd.revents = 0
                let r = poll(&pfd, 1, 250)
                if pump.stopped.load(ordering: .acquiring) { break }
                // The terminal went away (hang-up, closed descriptor): read what is left, then end.
                let failed = r < 0 && errno != EINTR
                let gone = failed || (r > 0 && pfd.revents & Int16(POLLIN) == 0
                    && pfd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0)
                let done = DispatchSemaphore(value: 0)
                Task { @MainActor in
                    self?.readInput(inputGone: gone)
                    done.signal()
                }
                done.wait()
                if gone { break }
            }
        }
        thread.name = "vipctl-input"
        thread.start()
    }

    /// Reads every pending key (main actor), yields them, and notices resizes.
    private func readInput(inputGone: Bool) {
        guard running else { return }
        let win = shim_stdscr()
        var resized = false
        var value: wint_t = 0
        while true {
            let status = wget_wch(win, &value)
            if status == ERR { break }
            guard let key = KeyDecoder.decode(status: status, value: UInt32(value)) else { continue }
            if key == .resize { resized = true } else { continuation.yield(key) }
        }
        var rows: Int32 = 0
        var cols: Int32 = 0
        if shim_winsize(outputFD, &rows, &cols) == 0, rows > 0, cols > 0 {
            let s = size()
            if s.width != Int(cols) || s.height != Int(rows) {
                resizeterm(rows, cols)
                resized = true
            }
        }
        if resized {
            let now = size()
            if now != announcedSize {
                announcedSize = now
                continuation.yield(.resize)
            }
        }
        if inputGone { continuation.finish() }
    }
}

/// Shared between the driver and its input thread.
private final class InputPump: Sendable {
    let stopped = Atomic<Bool>(false)
}
