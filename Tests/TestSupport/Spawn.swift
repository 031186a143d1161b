import Foundation
import Glibc
import Synchronization

/// How a child run by `Spawn.run` ended, and what it wrote.
public struct SpawnResult: Sendable, CustomStringConvertible {
    /// The exit code, or 128 + N when signal N killed the child (as a shell reports it).
    public let status: Int32
    /// The signal that killed the child, if one did.
    public let signal: Int32?
    public let stdout: String
    public let stderr: String
    /// With `samplePeakMemory`: the highest `VmHWM` (peak resident memory, KiB) read from
    /// `/proc/PID/status` while the child ran. (Not `ru_maxrss`: posix_spawn starts the child
    /// in the parent's memory, and the kernel counts the parent's peak into the child's at exec.)
    public var peakRSSKilobytes: Int = 0

    public var description: String {
        "status \(status)\(signal.map { " (signal \($0))" } ?? ""); stdout: \(stdout.debugDescription); "
            + "stderr: \(stderr.debugDescription)"
    }
}

/// `Spawn.run` could not start the child, or it did not finish in time.
public struct SpawnError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a program to completion without Foundation.Process, for children that must behave as
/// if started from a plain shell:
///
/// - `posix_spawn` with an empty signal mask and every signal at its default disposition
///   (threads of the concurrency pool block HUP/INT/TERM/CHLD/WINCH, and a child would inherit
///   that, so a tmux server started from a test would ignore `kill-server`);
/// - every fd >= 3 closed in the child, stdin on /dev/null, stdout and stderr into (already
///   unlinked) temp files, never pipes, so a daemon that keeps them open (a tmux server) does
///   not make the caller wait;
/// - the child leads a new process group, and on timeout the whole group is SIGKILLed;
/// - nothing inherited: the child's environment is exactly `environment`.
///
/// Blocking: polls `waitpid` with short sleeps. Meant for short runs (tmux commands, `--help`).
public enum Spawn {
    /// Runs `argv` (argv[0] is a path, or a name looked up in `environment["PATH"]`) to its end,
    /// blocking (polls `waitpid` with short sleeps): for short runs (tmux commands, `--help`)
    /// and callers outside the concurrency pool.
    public static func run(_ argv: [String], environment: [String: String], directory: String? = nil,
                           timeout: Duration = .seconds(10), samplePeakMemory: Bool = false) throws -> SpawnResult
    {
        let child = try start(argv, environment: environment, directory: directory)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var pause: UInt32 = 200  // µs, doubling up to 5 ms
        var peak = 0
        while true {
            if samplePeakMemory { peak = max(peak, Spawn.highWaterMark(child.pid)) }
            if let end = try child.poll() {
                var result = SpawnResult(status: end.status, signal: end.signal, stdout: child.stdout, stderr: child.stderr)
                result.peakRSSKilobytes = peak
                return result
            }
            if clock.now > deadline {
                child.killGroup()
                throw SpawnError("Spawn.run: \(argv.joined(separator: " ")) did not exit within \(timeout) and was killed; "
                                     + "stdout: \(child.stdout.debugDescription); stderr: \(child.stderr.debugDescription)")
            }
            usleep(pause)
            pause = min(pause * 2, 5000)
        }
    }

    /// Starts `argv` and returns at once: the one way tests start a child process (ChildRun,
    /// the background runs of the CLI tests, `vipctl sim`, tmux and openssl all come here).
    public static func start(_ argv: [String], environment: [String: String], directory: String? = nil) throws -> SpawnedChild {
        guard let name = argv.first, !name.isEmpty else { throw SpawnError("Spawn.start: empty argv") }
        guard let path = executable(name, searchPath: environment["PATH"]) else {
            throw SpawnError("Spawn.start: \(name) not found (PATH=\(environment["PATH"] ?? defaultSearchPath))")
        }

        let out = try OutputFile()
        let err = try OutputFile()

        var actions = posix_spawn_file_actions_t()
        try check(posix_spawn_file_actions_init(&actions), "posix_spawn_file_actions_init")
        defer { posix_spawn_file_actions_destroy(&actions) }
        try check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "addopen /dev/null")
        try check(posix_spawn_file_actions_adddup2(&actions, out.fd, 1), "adddup2 stdout")
        try check(posix_spawn_file_actions_adddup2(&actions, err.fd, 2), "adddup2 stderr")
        try addCloseFrom3(&actions)
        if let directory { try addChdir(&actions, directory) }

        var attr = posix_spawnattr_t()
        try check(posix_spawnattr_init(&attr), "posix_spawnattr_init")
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        try check(posix_spawnattr_setsigmask(&attr, &empty), "setsigmask")
        try check(posix_spawnattr_setsigdefault(&attr, &all), "setsigdefault")
        try check(posix_spawnattr_setpgroup(&attr, 0), "setpgroup")
        let flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETPGROUP)
        try check(posix_spawnattr_setflags(&attr, Int16(flags)), "setflags")

        let cArgv = CStrings(argv)
        defer { cArgv.free() }
        let cEnv = CStrings(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        defer { cEnv.free() }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, cArgv.pointer, cEnv.pointer)
        guard rc == 0 else { throw SpawnError("Spawn.start: posix_spawn \(path) failed: \(String(cString: strerror(rc)))") }
        return SpawnedChild(pid: pid, argv: argv, out: out, err: err)
    }

    static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// `VmHWM` of a running process in KiB (0 when it cannot be read). Monotonic while the
    /// process lives, so the last sample is the peak up to then.
    static func highWaterMark(_ pid: pid_t) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    /// `name` itself if it contains a slash, else the first executable `name` in `searchPath`
    /// (colon-separated; nil means this process's PATH, or a default when that is unset).
    public static func executable(_ name: String, searchPath: String? = nil) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let dirs = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? defaultSearchPath
        for dir in dirs.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            var st = stat()
            if stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    private static func check(_ rc: Int32, _ what: String) throws {
        guard rc == 0 else { throw SpawnError("Spawn.run: \(what) failed: \(String(cString: strerror(rc)))") }
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias Chdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's GNU extensions (2.34+), which Swift's Glibc module does not declare.
    private static func gnuSymbol(_ name: String) -> UnsafeMutableRawPointer? {
        guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
        return dlsym(handle, name)
    }

    /// Closes every fd >= 3 in the child: `posix_spawn_file_actions_addclosefrom_np` when the
    /// libc has it, else an explicit close for each fd open now (from /proc/self/fd; closing
    /// one another thread has closed meanwhile is not an error for glibc).
    private static func addCloseFrom3(_ actions: inout posix_spawn_file_actions_t) throws {
        if let sym = gnuSymbol("posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(sym, to: CloseFrom.self)
            try check(closeFrom(&actions, 3), "addclosefrom_np")
            return
        }
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for fd in fds.sorted() where fd >= 3 {
            try check(posix_spawn_file_actions_addclose(&actions, fd), "addclose \(fd)")
        }
    }

    private static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ directory: String) throws {
        guard let sym = gnuSymbol("posix_spawn_file_actions_addchdir_np") else {
            throw SpawnError("Spawn.run: this libc has no posix_spawn_file_actions_addchdir_np; cannot run in \(directory)")
        }
        let chdir = unsafeBitCast(sym, to: Chdir.self)
        try check(directory.withCString { chdir(&actions, $0) }, "addchdir_np \(directory)")
    }
}

/// A NULL-terminated `char *[]` owned by the caller (`free()` it).
private struct CStrings {
    let pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointer = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() { pointer[i] = strdup(s) }
        pointer[strings.count] = nil
    }

    func free() {
        var i = 0
        while let p = pointer[i] {
            Glibc.free(p)
            i += 1
        }
        pointer.deallocate()
    }
}

/// A temp file for a child's output, unlinked as soon as it is open (nothing is left behind,
/// whatever happens), read back from the start.
final class OutputFile: Sendable {
    let fd: Int32

    init() throws {
        var lastError: Int32 = 0
        for _ in 0..<20 {
            let path = "/tmp/vipctl-spawn-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                unlink(path)
                self.fd = fd
                return
            }
            lastError = errno
        }
        throw SpawnError("Spawn.run: cannot create an output file in /tmp: \(String(cString: strerror(lastError)))")
    }

    func read() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += buffer[0..<n]
            offset += off_t(n)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func close() { _ = Glibc.close(fd) }
}

/// A child started by `Spawn.start`: its output (read back at any time from the unlinked temp
/// files), its end (reaped once, by `poll`), signals, and an async wait that sleeps on the
/// concurrency pool instead of blocking it (20 children at once in the concurrency proofs).
public final class SpawnedChild: Sendable {
    public let pid: pid_t
    let argv: [String]
    private let out: OutputFile
    private let err: OutputFile
    private let end = Mutex<(status: Int32, signal: Int32?)?>(nil)

    init(pid: pid_t, argv: [String], out: OutputFile, err: OutputFile) {
        self.pid = pid
        self.argv = argv
        self.out = out
        self.err = err
    }

    deinit {
        if (try? poll()) == nil { killGroup() }
        out.close()
        err.close()
    }

    public var stdout: String { out.read() }
    public var stderr: String { err.read() }

    /// How the child ended (reaping it), or nil while it runs. The exit code, or 128 + N and N
    /// when signal N killed it.
    public func poll() throws -> (status: Int32, signal: Int32?)? {
        try end.withLock { end in
            if let e = end { return e }
            var raw: Int32 = 0
            let r = waitpid(pid, &raw, WNOHANG)
            if r == 0 || (r < 0 && errno == EINTR) { return nil }
            if r < 0 { throw SpawnError("waitpid \(pid) failed: \(String(cString: strerror(errno)))") }
            let low = raw & 0x7f
            let e: (status: Int32, signal: Int32?) = low == 0 ? ((raw >> 8) & 0xff, nil) : (128 + low, low)
            end = e
            return e
        }
    }

    public var isRunning: Bool { ((try? poll()) ?? nil) == nil }

    /// Sends `sig` to the child while it runs.
    public func signal(_ sig: Int32) {
        if isRunning { _ = Glibc.kill(pid, sig) }
    }

    /// SIGKILL to the child's whole process group, then reaps it.
    public func killGroup() {
        end.withLock { end in
            guard end == nil else { return }
            _ = Glibc.kill(-pid, SIGKILL)
            _ = Glibc.kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            end = (128 + SIGKILL, SIGKILL)
        }
    }

    /// Waits for the end without blocking a thread of the pool; on timeout the group is killed
    /// and the error carries what the child wrote.
    public func wait(timeout: Duration) async throws -> SpawnResult {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var pause = 1
        while true {
            if let e = try poll() { return SpawnResult(status: e.status, signal: e.signal, stdout: stdout, stderr: stderr) }
            if clock.now > deadline {
                killGroup()
                throw SpawnError("\(argv.joined(separator: " ")) did not exit within \(timeout) and was killed; "
                                     + "stdout: \(stdout.debugDescription); stderr: \(stderr.debugDescription)")
            }
            try await Task.sleep(for: .milliseconds(pause))
            pause = min(pause * 2, 20)
        }
    }
}
