import Foundation
import Glibc
import Synchronization

/// A tmux command failed, or a wait on the screen timed out (the message then holds the whole
/// last screen).
public struct TmuxError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What the command a session was started with is doing.
public enum ProgramState: Sendable, Equatable, CustomStringConvertible {
    case running
    case exited(Int32)
    case killed(signal: Int32)

    /// The exit status as a shell reports it (128 + N for signal N); nil while running.
    public var status: Int32? {
        switch self {
        case .running: nil
        case .exited(let code): code
        case .killed(let signal): 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .running: "running"
        case .exited(let code): "exited with status \(code)"
        case .killed(let signal): "killed by signal \(signal)"
        }
    }
}

/// One detached tmux session on a private tmux server, for end-to-end tests of terminal
/// programs (the real `vipctl` binary).
///
/// Isolation: each session has its own server (`-L <unique name>`), its own `TMUX_TMPDIR` (a
/// fresh directory under /tmp, which is also the panes' HOME and default working directory)
/// and its own config (`-f`, so no tmux.conf is read). The default tmux server is never
/// touched. `kill()` (also run by `deinit`, and by `with`/`withShell` whatever happens) stops
/// that server, makes sure the pane's processes are gone, and removes the directory.
///
/// The pane: `width`x`height` exactly (no status line), LANG=C.UTF-8, TERM=tmux-256color,
/// SWIFT_BACKTRACE=interactive=no, bash prompt `e2e$ ` and no history file. The command runs
/// under a small sh wrapper that records its exit status and keeps the pane, and so the final
/// screen, alive after it ends (`programState()`, `waitForExit()`).
///
/// Every tmux client is started with `Spawn.run` (posix_spawn, clean signal mask, no inherited
/// fds); see `Spawn`.
///
/// ```swift
/// let vipctl = try TmuxSession.vipctlBinary()
/// try await TmuxSession.withShell(width: 80, height: 24) { tmux in
///     try tmux.typeLine(TmuxSession.shellQuote(vipctl) + " demo")
///     try await tmux.waitFor("prod-net")
///     try tmux.sendKeys("j", "j", "Enter")
///     try await tmux.waitFor("Network prod-net")
///     try tmux.sendKeys("Escape", "/")
///     try tmux.type("db")
///     try tmux.resize(width: 60, height: 10)
///     try tmux.sendKeys("Q")
///     #expect(try await tmux.lastExitStatus() == 0)
///     try await tmux.checkShellUsable()
/// }
/// ```
///
/// A closure whose only `try`s are inside `#expect(...)` needs `{ tmux async throws in`
/// (the macro hides them from the closure's type inference).
public final class TmuxSession: Sendable {
    /// The session (and so the target of every command): one window, one pane.
    public static let target = "main"
    /// The prompt of `startShell`'s bash, as `capture()` shows it (tmux trims the trailing space).
    public static let prompt = "e2e$"
    public static let defaultTimeout: Duration = .seconds(10)

    /// The `-L` name of this session's private server.
    public let serverName: String
    /// This session's private `TMUX_TMPDIR`; also HOME and the default working directory of
    /// the pane. Removed by `kill()`.
    public let directory: String
    /// The tmux server's pid.
    public let serverPID: pid_t

    private let tmuxPath: String
    private let configPath: String
    private let clientEnvironment: [String: String]
    private let killed = Mutex(false)
    private let nonce = Mutex(0)

    private static let counter = Mutex(0)

    /// The server's socket (it stays on disk after `kill-server`; `kill()` removes it with the
    /// directory).
    public var socketPath: String { "\(directory)/tmux-\(getuid())/\(serverName)" }

    private init(serverName: String, directory: String, serverPID: pid_t, tmuxPath: String, configPath: String,
                 clientEnvironment: [String: String])
    {
        self.serverName = serverName
        self.directory = directory
        self.serverPID = serverPID
        self.tmuxPath = tmuxPath
        self.configPath = configPath
        self.clientEnvironment = clientEnvironment
    }

    deinit { kill() }

    // MARK: availability

    /// tmux on this process's PATH, if any.
    public static var installedTmux: String? { Spawn.executable("tmux") }

    /// Whether tmux tests should run: always when tmux is installed; when it is not, they run
    /// (and fail, with `tmuxExecutable()`'s message) unless VIPCTL_TEST_SKIP_TMUX=1.
    /// Use as `@Suite(.enabled(if: TmuxSession.testsEnabled))`.
    public static var testsEnabled: Bool {
        installedTmux != nil || ProcessInfo.processInfo.environment["VIPCTL_TEST_SKIP_TMUX"] != "1"
    }

    /// tmux's path in `searchPath` (default: this process's PATH), or an error saying what to do.
    public static func tmuxExecutable(searchPath: String? = nil) throws -> String {
        guard let path = Spawn.executable("tmux", searchPath: searchPath) else {
            let searched = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? Spawn.defaultSearchPath
            throw TmuxError("tmux is not on PATH (\(searched)); the end-to-end tests need it. Install it "
                                + "(scripts/test.sh does: apt-get install tmux) or set VIPCTL_TEST_SKIP_TMUX=1 to skip them.")
        }
        return path
    }

    /// The built `vipctl` (`<package>/.build/debug/vipctl`; run `swift build` first).
    public static func vipctlBinary() throws -> String { try ChildRun.vipctlBinary() }

    /// `s` as one single-quoted shell word.
    public static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: starting

    /// Starts `command` (a /bin/sh command line) in a new `width`x`height` pane on a private
    /// server. `environment` is added to the pane's (and wins over the defaults above).
    public static func start(command: String, width: Int = 80, height: Int = 24, environment: [String: String] = [:],
                             term: String = "tmux-256color", workingDirectory: String? = nil) throws -> TmuxSession
    {
        let tmux = try tmuxExecutable()
        var template = Array("/tmp/vipctl-e2e.XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap(mkdtemp) }) else {
            throw TmuxError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: made)
        let n = counter.withLock { c in
            c += 1
            return c
        }
        let serverName = "vipctl-e2e-\(getpid())-\(n)"
        let configPath = directory + "/tmux.conf"
        let config = """
            set -g status off
            set -g remain-on-exit on
            set -g default-shell /bin/sh
            set -g default-terminal '\(term)'
            set -g history-limit 5000
            set -s escape-time 0

            """
        let clientEnvironment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? Spawn.defaultSearchPath,
            "HOME": directory,
            "LANG": "C.UTF-8",
            "TMUX_TMPDIR": directory,
        ]
        var pane = [
            "LANG": "C.UTF-8",
            "TERM": term,
            "SWIFT_BACKTRACE": "interactive=no",
            "PS1": prompt + " ",
            "PROMPT_COMMAND": "",
            "HISTFILE": "",
        ]
        pane.merge(environment) { _, new in new }

        func cleanUp() {
            _ = try? Spawn.run([tmux, "-f", configPath, "-L", serverName, "kill-server"], environment: clientEnvironment,
                               timeout: .seconds(3))
            try? FileManager.default.removeItem(atPath: directory)
        }
        // The pane runs a wrapper, not the command itself: tmux 3.3a loses the exit status of
        // a program that ends at once (the pane is dead, #{pane_dead_status} stays empty) and
        // sometimes its last output. The wrapper runs the command with sh, gives tmux 150 ms to
        // read the last output, records `$?` in exit-status, and keeps the pane (and so the
        // final screen) alive. It survives SIGINT/SIGQUIT sent to the pane's process group.
        let commandPath = directory + "/command"
        let statusPath = directory + "/exit-status"
        let wrapper = "trap : INT QUIT; sh \(shellQuote(commandPath)); st=$?; sleep 0.15; "
            + "echo $st > \(shellQuote(statusPath + ".tmp")) && mv \(shellQuote(statusPath + ".tmp")) \(shellQuote(statusPath)); "
            + "exec sleep 2147483647"
        do {
            try config.write(toFile: configPath, atomically: false, encoding: .utf8)
            try (command + "\n").write(toFile: commandPath, atomically: false, encoding: .utf8)
            var args = [tmux, "-f", configPath, "-L", serverName, "new-session", "-d", "-s", target,
                        "-x", "\(width)", "-y", "\(height)", "-c", workingDirectory ?? directory]
            for (key, value) in pane.sorted(by: { $0.key < $1.key }) { args += ["-e", escaped("\(key)=\(value)")] }
            args.append(escaped(wrapper))
            let r = try Spawn.run(args, environment: clientEnvironment)
            guard r.status == 0 else { throw TmuxError("tmux new-session failed: \(r)") }
            let p = try Spawn.run([tmux, "-L", serverName, "display-message", "-p", "#{pid}"], environment: clientEnvironment)
            let pidText: String = p.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard p.status == 0, let pid = pid_t(pidText) else {
                throw TmuxError("tmux display-message #{pid} failed: \(p)")
            }
            return TmuxSession(serverName: serverName, directory: directory, serverPID: pid, tmuxPath: tmux,
                               configPath: configPath, clientEnvironment: clientEnvironment)
        } catch {
            cleanUp()
            throw error
        }
    }

    /// Starts `bash --norc --noprofile -i` (prompt `e2e$ `) and waits for its prompt.
    public static func startShell(width: Int = 80, height: Int = 24, environment: [String: String] = [:],
                                  term: String = "tmux-256color", workingDirectory: String? = nil,
                                  timeout: Duration = defaultTimeout) async throws -> TmuxSession
    {
        let session = try start(command: "exec bash --norc --noprofile -i", width: width, height: height,
                                environment: environment, term: term, workingDirectory: workingDirectory)
        do {
            try await session.waitForPrompt(timeout: timeout)
        } catch {
            session.kill()
            throw error
        }
        return session
    }

    /// Runs `body` with a session started by `start` and kills it afterwards, whatever happens.
    public static func with<T>(command: String, width: Int = 80, height: Int = 24, environment: [String: String] = [:],
                               term: String = "tmux-256color", workingDirectory: String? = nil,
                               _ body: (TmuxSession) async throws -> T) async throws -> T
    {
        let session = try start(command: command, width: width, height: height, environment: environment, term: term,
                                workingDirectory: workingDirectory)
        defer { session.kill() }
        return try await session.reportingScreen { try await body(session) }
    }

    /// Runs `body` with a session started by `startShell` and kills it afterwards, whatever happens.
    public static func withShell<T>(width: Int = 80, height: Int = 24, environment: [String: String] = [:],
                                    term: String = "tmux-256color", workingDirectory: String? = nil,
                                    _ body: (TmuxSession) async throws -> T) async throws -> T
    {
        let session = try await startShell(width: width, height: height, environment: environment, term: term,
                                           workingDirectory: workingDirectory)
        defer { session.kill() }
        return try await session.reportingScreen { try await body(session) }
    }

    /// Runs `body`; if it throws, prints the screen to stderr first (errors from the waits carry
    /// it already).
    private func reportingScreen<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            if !(error is TmuxError) {
                FileHandle.standardError.write(Data("tmux session \(serverName) failed with \(error); screen:\n\(dump())\n".utf8))
            }
            throw error
        }
    }

    // MARK: raw commands

    /// Runs one tmux command line on this session's server (e.g. `["list-panes", "-a"]`) and
    /// returns its stdout; throws with tmux's stderr if it fails. Arguments go to tmux as they
    /// are: one that ends in `;` separates commands.
    @discardableResult
    public func tmux(_ args: [String], timeout: Duration = .seconds(10)) throws -> String {
        let r = try Spawn.run([tmuxPath, "-f", configPath, "-L", serverName] + args, environment: clientEnvironment,
                              timeout: timeout)
        guard r.status == 0 else { throw TmuxError("tmux \(args.joined(separator: " ")) failed: \(r)") }
        return r.stdout
    }

    /// tmux ends a command at an argument ending in an unescaped `;` and turns a trailing `\;`
    /// into `;`; escaping the final `;` keeps any text intact.
    static func escaped(_ arg: String) -> String {
        arg.hasSuffix(";") ? String(arg.dropLast()) + "\\;" : arg
    }

    // MARK: input

    /// Sends tmux key names in order: "j", "Enter", "Escape", "C-c", "Up", "BSpace", "F1", "/"…
    /// (a string that is not a key name is sent as its characters).
    public func sendKeys(_ keys: String...) throws { try sendKeys(keys) }

    public func sendKeys(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try tmux(["send-keys", "-t", Self.target, "--"] + keys.map(Self.escaped))
    }

    /// Types `text` literally (UTF-8; no key-name lookup, nothing interpreted).
    public func type(_ text: String) throws {
        guard !text.isEmpty else { return }
        try tmux(["send-keys", "-t", Self.target, "-l", "--", Self.escaped(text)])
    }

    /// Types `text` literally, then Enter.
    public func typeLine(_ text: String) throws {
        var args: [String] = []
        if !text.isEmpty { args += ["send-keys", "-t", Self.target, "-l", "--", Self.escaped(text), ";"] }
        try tmux(args + ["send-keys", "-t", Self.target, "Enter"])
    }

    // MARK: screen

    /// The visible screen, one string per row (`height` rows; tmux trims trailing blanks).
    /// After the command has ended, the screen as it left it (the pane stays alive).
    public func capture() throws -> [String] { try snapshot().screen }

    /// `capture()` with SGR escapes (`capture-pane -e`): e.g. "\u{1b}[7m" marks reverse video.
    public func captureWithAttributes() throws -> [String] { try snapshot(attributes: true).screen }

    /// The screen, numbered, for failure messages.
    public static func render(_ screen: [String]) -> String {
        var out = "┌── screen (\(screen.count) rows) ──\n"
        for (i, line) in screen.enumerated() { out += String(format: "%3d│", i) + line + "\n" }
        return out + "└──"
    }

    /// The current screen rendered, or why it could not be captured.
    public func dump() -> String {
        do { return Self.render(try capture()) } catch { return "(no screen: \(error))" }
    }

    /// The pane's size in cells.
    public func size() throws -> (width: Int, height: Int) {
        let v = try values("#{pane_width} #{pane_height}")
        return (v[0], v[1])
    }

    /// The cursor's cell (0-based).
    public func cursor() throws -> (x: Int, y: Int) {
        let v = try values("#{cursor_x} #{cursor_y}")
        return (v[0], v[1])
    }

    /// Resizes the window (and so the pane) to `width`x`height`; the program gets SIGWINCH.
    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", Self.target, "-x", "\(width)", "-y", "\(height)"])
    }

    private func values(_ format: String) throws -> [Int] {
        let out = try tmux(["display-message", "-p", "-t", Self.target, format])
        let v = out.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard v.count == 2 else { throw TmuxError("unexpected answer to \(format): \(out.debugDescription)") }
        return v
    }

    // MARK: the session's command

    private static let stateFormat = "#{pane_dead} #{pane_dead_status} #{pane_dead_signal}"

    /// Whether the command the session was started with still runs, and how it ended if not.
    /// Read from the exit status the pane's wrapper records (see `start`); sh reports death by
    /// signal N as 128 + N, so an exit code above 128 reads as `.killed`. Should the wrapper
    /// itself be killed, tmux's own (less reliable) pane state answers.
    public func programState() throws -> ProgramState {
        if let recorded = recordedState() { return recorded }
        return Self.parseState(try tmux(["display-message", "-p", "-t", Self.target, Self.stateFormat]))
    }

    /// Whether the session's command has ended.
    public func hasExited() throws -> Bool { try programState() != .running }

    /// The command's exit status (128 + N for signal N), or nil while it runs.
    public func exitStatus() throws -> Int32? { try programState().status }

    /// Waits until the session's command ends; returns its exit status (128 + N for signal N).
    @discardableResult
    public func waitForExit(timeout: Duration = defaultTimeout) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let (screen, state) = try snapshot()
            if let status = state.status { return status }
            if clock.now >= deadline {
                throw TmuxError("timed out after \(timeout) waiting for the command to exit\n" + Self.render(screen))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private func recordedState() -> ProgramState? {
        guard let text = try? String(contentsOfFile: directory + "/exit-status", encoding: .utf8),
              let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return status > 128 ? .killed(signal: status - 128) : .exited(status)
    }

    /// Parses `stateFormat`. tmux marks a pane dead when its pty closes, but has the exit
    /// status only once it has reaped the process: until both, the program counts as running.
    static func parseState(_ text: String) -> ProgramState {
        let parts = text.trimmingCharacters(in: .newlines).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "1" else { return .running }
        if let signal = Int32(parts[2]), signal != 0 { return .killed(signal: signal) }
        if let code = Int32(parts[1]) { return .exited(code) }
        return .running
    }

    /// The screen and the command's state. The state is read first: once the command has
    /// ended, the screen captured after it is final.
    private func snapshot(attributes: Bool = false) throws -> (screen: [String], state: ProgramState) {
        let recorded = recordedState()
        var lines = Self.lines(try tmux(["capture-pane", "-p", "-t", Self.target] + (attributes ? ["-e"] : [])
                                            + [";", "display-message", "-p", "-t", Self.target, Self.stateFormat]))
        let fromTmux = Self.parseState(lines.popLast() ?? "")
        return (lines, recorded ?? fromTmux)
    }

    private static func lines(_ output: String) -> [String] {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    // MARK: waiting

    /// Waits until some row contains `text`; returns that screen.
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = defaultTimeout) async throws -> [String] {
        try await waitUntil("\(text.debugDescription) on screen", timeout: timeout) { screen in
            screen.contains { $0.contains(text) }
        }
    }

    /// Waits until a row reads exactly `<tag>=<digits>` (what `; echo <tag>=$?` prints) and
    /// returns that screen and the number. The typed command line never matches, even when
    /// the terminal wraps it so that a row starts with `<tag>=$?`.
    public func waitForStatusLine(_ tag: String, timeout: Duration = defaultTimeout) async throws
        -> (screen: [String], status: Int32)
    {
        let screen = try await waitUntil("a row \"\(tag)=<status>\"", timeout: timeout) { screen in
            screen.contains { Self.statusLine($0, tag: tag) != nil }
        }
        let status = screen.lazy.compactMap { Self.statusLine($0, tag: tag) }.first ?? -1
        return (screen, status)
    }

    /// `N` when `row` is exactly `<tag>=N` (trailing blanks aside), else nil.
    static func statusLine(_ row: String, tag: String) -> Int32? {
        let text = row.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix(tag + "=") else { return nil }
        let digits = text.dropFirst(tag.count + 1)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int32(digits)
    }

    /// Waits until no row contains `text`; returns that screen.
    @discardableResult
    public func waitUntilGone(_ text: String, timeout: Duration = defaultTimeout) async throws -> [String] {
        try await waitUntil("\(text.debugDescription) gone from the screen", timeout: timeout) { screen in
            !screen.contains { $0.contains(text) }
        }
    }

    /// Polls the screen every 50 ms until `predicate` holds; returns that screen. Throws, with
    /// the whole last screen, on timeout or as soon as the session's command has ended without it.
    @discardableResult
    public func waitUntil(_ what: String, timeout: Duration = defaultTimeout,
                          _ predicate: ([String]) throws -> Bool) async throws -> [String]
    {
        let clock = ContinuousClock()
        let start = clock.now
        while true {
            let (screen, state) = try snapshot()
            if try predicate(screen) { return screen }
            if state != .running {
                throw TmuxError("waiting for \(what): the command \(state) after \(clock.now - start)\n"
                                    + Self.render(screen))
            }
            if clock.now - start >= timeout {
                throw TmuxError("timed out after \(timeout) waiting for \(what)\n" + Self.render(screen))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits until the screen (text and attributes) has not changed for `quiet`; returns it.
    @discardableResult
    public func waitUntilStable(for quiet: Duration = .milliseconds(300), timeout: Duration = defaultTimeout) async throws
        -> [String]
    {
        let clock = ContinuousClock()
        let start = clock.now
        var last = try captureWithAttributes()
        var since = clock.now
        var changedLate = false
        while clock.now - since < quiet {
            try await Task.sleep(for: .milliseconds(50))
            let now = try captureWithAttributes()
            guard now != last else { continue }
            last = now
            since = clock.now
            // Still changing past the timeout fails. One change may be the end of a stall (on a
            // loaded machine one capture can take seconds while the screen finishes changing:
            // CI saw a 10 s stall end on the final screen), so it gets its quiet window; a
            // second change past the timeout does not.
            if clock.now - start >= timeout {
                if changedLate {
                    throw TmuxError("timed out after \(timeout) waiting for the screen to stay unchanged for \(quiet)\n"
                                        + Self.render(try capture()))
                }
                changedLate = true
            }
        }
        return try capture()
    }

    // MARK: the shell of `startShell`

    private func nextTag(_ kind: String) -> String {
        let n = nonce.withLock { n in
            n += 1
            return n
        }
        return "__e2e_\(kind)\(n)"
    }

    private static func isPromptRow(_ row: String) -> Bool {
        row.trimmingCharacters(in: .whitespaces) == prompt
    }

    /// Waits until the last non-blank row is the bare prompt (`e2e$`).
    @discardableResult
    public func waitForPrompt(timeout: Duration = defaultTimeout) async throws -> [String] {
        try await waitUntil("the shell prompt \(Self.prompt.debugDescription) on the last non-blank row", timeout: timeout) {
            screen in
            screen.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(Self.isPromptRow) ?? false
        }
    }

    /// `$?` of the shell's last command: waits for the prompt, then types `echo <tag>=$?`.
    public func lastExitStatus(timeout: Duration = defaultTimeout) async throws -> Int32 {
        try await waitForPrompt(timeout: timeout)
        let tag = nextTag("status")
        try typeLine("echo \(tag)=$?")
        var status: Int32?
        try await waitUntil("the answer to `echo \(tag)=$?`", timeout: timeout) { screen in
            for row in screen where row.hasPrefix(tag + "=") {
                status = Int32(row.dropFirst(tag.count + 1).trimmingCharacters(in: .whitespaces))
            }
            return status != nil
        }
        try await waitForPrompt(timeout: timeout)
        return status ?? -1
    }

    /// Checks that the shell is usable as a person would find it after a program ran: the
    /// prompt is back, typed text is echoed, a command runs, and the terminal has `echo` and
    /// `icanon` on (as `stty -a` reports them). Throws, with the screen, otherwise.
    public func checkShellUsable(timeout: Duration = defaultTimeout) async throws {
        try await waitForPrompt(timeout: timeout)
        let tag = nextTag("tty")
        let command = "stty -a|tr ' ;' '\\n\\n'|grep -Ex -- '-?(echo|icanon)'|sort|tr '\\n' ,;echo \(tag)-$((40+2))"
        try typeLine(command)
        var modes: String?
        let screen = try await waitUntil("the answer to `\(command)`", timeout: timeout) { screen in
            modes = screen.first { $0.hasSuffix("\(tag)-42") && !$0.hasPrefix(Self.prompt) }
            return modes != nil
        }
        guard screen.contains(where: { $0.hasPrefix("\(Self.prompt) stty -a|tr") }) else {
            throw TmuxError("the typed command line is not on the screen (no echo?)\n" + Self.render(screen))
        }
        guard modes == "echo,icanon,\(tag)-42" else {
            throw TmuxError("the terminal is not in its normal mode: stty reports \(modes ?? "nothing"), "
                                + "expected echo and icanon\n" + Self.render(screen))
        }
        try await waitForPrompt(timeout: timeout)
    }

    // MARK: stopping

    /// Stops this session's server (never another one), waits until the server and every
    /// process left in the panes' sessions are gone (SIGKILL after 0.5 s), and removes the
    /// directory with the socket. Idempotent.
    public func kill() {
        let first = killed.withLock { k in
            defer { k = true }
            return !k
        }
        guard first else { return }
        let panes = ((try? tmux(["list-panes", "-a", "-F", "#{pane_pid}"], timeout: .seconds(3))) ?? "")
            .split(whereSeparator: \.isNewline).compactMap { pid_t($0) }
        _ = try? tmux(["kill-server"], timeout: .seconds(3))
        // The panes get SIGHUP, but a shell's background job sometimes outlives it.
        if !Self.waitUntilGone(server: serverPID, sessions: panes, within: .milliseconds(500)) {
            for pid in [serverPID] + Self.processes(inSessions: panes) { _ = Glibc.kill(pid, SIGKILL) }
            _ = Self.waitUntilGone(server: serverPID, sessions: panes, within: .seconds(2))
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func waitUntilGone(server: pid_t, sessions: [pid_t], within: Duration) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + within
        while isAlive(server) || !processes(inSessions: sessions).isEmpty {
            if clock.now >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    /// Running (not zombie) processes whose session id is one of `sessions` (tmux makes each
    /// pane's process a session leader, so this is everything started in the panes).
    public static func processes(inSessions sessions: [pid_t]) -> [pid_t] {
        guard !sessions.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let wanted = Set(sessions)
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let stat = procStat(pid), stat.state != "Z" else { return false }
            return wanted.contains(stat.session)
        }
    }

    /// Whether `pid` is a running (not zombie) process.
    public static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = procStat(pid) else { return false }
        return stat.state != "Z"
    }

    /// State and session id from /proc/<pid>/stat ("pid (comm) state ppid pgrp session …").
    private static func procStat(_ pid: pid_t) -> (state: Character, session: pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 3, let state = fields[0].first, let session = pid_t(fields[3]) else { return nil }
        return (state, session)
    }
}
