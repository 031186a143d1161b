import Foundation
import Testing
import TestSupport

/// Self-tests of the tmux harness and of `Spawn`, with plain shell programs (no vipctl UI).
@Suite("tmux harness", .enabled(if: TmuxSession.testsEnabled, "tmux is not installed and VIPCTL_TEST_SKIP_TMUX=1"))
struct TmuxHarnessTests {
    @Test("bash in an 80x24 pane: UTF-8 output, literal text survives tmux's parsing, the shell stays usable")
    func bashUTF8() async throws {
        try await TmuxSession.withShell(width: 80, height: 24) { tmux in
            let size = try tmux.size()
            #expect(size.width == 80 && size.height == 24)
            try tmux.typeLine("printf '中文 %s\\n' ok")
            let screen = try await tmux.waitFor("中文 ok")
            #expect(screen.count == 24)
            #expect(screen.contains("中文 ok"))

            // `;` at the end, `\;`, a leading `-`, `$`, braces: all arrive as typed.
            try tmux.type("-")
            try tmux.sendKeys("C-u")
            try tmux.typeLine("echo \"a;b\" {x} '$HOME' \\; tail;")
            try await tmux.waitFor("a;b {x} $HOME ; tail")

            try tmux.typeLine("false")
            #expect(try await tmux.lastExitStatus() == 1)
            try await tmux.checkShellUsable()
            #expect(try tmux.programState() == .running)
        }
    }

    @Test("resize to 100x30: the pane's program sees the new size")
    func resize() async throws {
        try await TmuxSession.withShell(width: 80, height: 24) { tmux in
            try tmux.resize(width: 100, height: 30)
            let size = try tmux.size()
            #expect(size.width == 100 && size.height == 30)
            try tmux.typeLine("echo size=$(stty size) cols=$(tput cols)")
            try await tmux.waitFor("size=30 100 cols=100")
            #expect(try tmux.capture().count == 30)
        }
    }

    @Test("the exit status of a program that ends at once is readable, and its last screen")
    func exitStatus() async throws {
        try await TmuxSession.with(command: "sh -c 'echo bye; exit 3'") { tmux async throws in
            #expect(try await tmux.waitForExit() == 3)
            #expect(try tmux.hasExited())
            #expect(try tmux.programState() == .exited(3))
            // The screen as the program left it.
            let screen = try tmux.capture()
            #expect(screen.first == "bye")
            #expect(screen.count == 24)
        }
        try await TmuxSession.with(command: "exec sh -c 'kill -TERM $$'") { tmux async throws in
            #expect(try await tmux.waitForExit() == 128 + 15)
            #expect(try tmux.programState() == .killed(signal: 15))
        }
        // C-c reaches the program (its process group), and the status is still recorded.
        try await TmuxSession.with(command: "echo waiting; sleep 30") { tmux in
            try await tmux.waitFor("waiting")
            #expect(try tmux.exitStatus() == nil)
            try tmux.sendKeys("C-c")
            #expect(try await tmux.waitForExit() == 128 + 2)
        }
    }

    @Test("programs that exit at once, several at a time: status and output are never lost")
    func quickExits() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<6 {
                group.addTask {
                    try await TmuxSession.with(command: "echo out-\(i); exit \(i + 1)") { tmux in
                        let status = try await tmux.waitForExit()
                        #expect(status == Int32(i + 1))
                        #expect(try tmux.capture().first == "out-\(i)")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("a wait that fails says what it waited for and shows the whole last screen")
    func waitFailure() async throws {
        try await TmuxSession.with(command: "printf 'line one\\nline two\\n'; sleep 30") { tmux in
            try await tmux.waitFor("line two")
            let error = await #expect(throws: TmuxError.self) {
                try await tmux.waitFor("never shown", timeout: .milliseconds(300))
            }
            let text = error?.description ?? ""
            #expect(text.contains("timed out"))
            #expect(text.contains("\"never shown\""))
            #expect(text.contains("line one") && text.contains("line two"))
        }
        // A program that ends without the text fails the wait at once, not at the timeout.
        try await TmuxSession.with(command: "echo early; exit 7") { tmux in
            let start = ContinuousClock.now
            let error = await #expect(throws: TmuxError.self) {
                try await tmux.waitFor("never shown", timeout: .seconds(20))
            }
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(error?.description.contains("exited with status 7") == true)
            #expect(error?.description.contains("early") == true)
        }
    }

    @Test("waitUntilStable returns once the screen stops changing")
    func stable() async throws {
        try await TmuxSession.with(command: "for i in 1 2 3 4 5; do echo tick $i; sleep 0.1; done; sleep 30") { tmux in
            try await tmux.waitFor("tick 1")
            let screen = try await tmux.waitUntilStable(for: .milliseconds(400))
            #expect(screen.contains("tick 5"))
        }
    }

    @Test("waitUntilStable fails on a screen that keeps changing (ticks for 30 s, the wait's timeout 2 s)")
    func neverStable() async throws {
        // No bound on how soon: on a loaded machine a capture can stall for seconds. Were the
        // timeout ignored, the wait would return once the ticks stop, and the check fails.
        try await TmuxSession.with(command: "i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo tick $i; sleep 0.1; done; sleep 30") { tmux in
            try await tmux.waitFor("tick 1")
            let error = await #expect(throws: TmuxError.self) {
                try await tmux.waitUntilStable(for: .milliseconds(400), timeout: .seconds(2))
            }
            #expect(error?.description.contains("waiting for the screen to stay unchanged") == true)
        }
    }

    @Test("attributes are visible with captureWithAttributes")
    func attributes() async throws {
        try await TmuxSession.with(command: "printf 'plain \\033[7mreverse\\033[0m\\n'; sleep 30") { tmux in
            try await tmux.waitFor("plain reverse")
            let rows = try tmux.captureWithAttributes()
            #expect(rows.first?.contains("\u{1b}[7mreverse") == true)
            let cursor = try tmux.cursor()
            #expect(cursor.x == 0 && cursor.y == 1)
        }
    }

    @Test("kill stops this session's server and its programs, and leaves no socket")
    func killCleansUp() async throws {
        let tmux = try await TmuxSession.startShell()
        try tmux.typeLine("sleep 300 & echo started-$((1+1))")
        try await tmux.waitFor("started-2")
        let socket = tmux.socketPath
        let panePID = try #require(pid_t(tmux.tmux(["display-message", "-p", "#{pane_pid}"])
                .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(FileManager.default.fileExists(atPath: socket))
        #expect(TmuxSession.isAlive(tmux.serverPID))
        #expect(!TmuxSession.processes(inSessions: [panePID]).isEmpty)

        tmux.kill()
        #expect(!TmuxSession.isAlive(tmux.serverPID))
        #expect(TmuxSession.processes(inSessions: [panePID]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: socket))
        #expect(!FileManager.default.fileExists(atPath: tmux.directory))
        tmux.kill()  // idempotent
    }

    @Test("a missing tmux is a clear error")
    func missingTmuxMessage() {
        let error = #expect(throws: TmuxError.self) { try TmuxSession.tmuxExecutable(searchPath: "/nonexistent") }
        #expect(error?.description.contains("tmux is not on PATH (/nonexistent)") == true)
        #expect(error?.description.contains("VIPCTL_TEST_SKIP_TMUX=1") == true)
    }
}

/// `Spawn.run` on its own.
@Suite("Spawn")
struct SpawnTests {
    private let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]

    @Test("stdout, stderr and the exit status")
    func outputAndStatus() throws {
        let r = try Spawn.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 4"], environment: env)
        #expect(r.status == 4)
        #expect(r.signal == nil)
        #expect(r.stdout == "out\n")
        #expect(r.stderr == "err\n")
    }

    @Test("the child gets a clean signal mask, default dispositions, no inherited fds, stdin on /dev/null")
    func cleanChild() throws {
        let r = try Spawn.run(["sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status; ls /proc/self/fd; read x; echo read=$?"],
                              environment: env)
        #expect(r.status == 0, "\(r)")
        // Signals 1-31 (and the real-time ones apps use) neither blocked nor ignored. glibc's
        // posix_spawn leaves its two internal signals (32, 33) ignored, as for any child.
        let masks = Dictionary(uniqueKeysWithValues: r.stdout.split(separator: "\n").compactMap { line -> (String, UInt64)? in
            let parts = line.split(separator: ":\t")
            guard parts.count == 2, let value = UInt64(parts[1], radix: 16) else { return nil }
            return (String(parts[0]), value)
        })
        #expect(masks["SigBlk"] == 0, "\(r)")
        #expect(masks["SigIgn"].map { $0 & ~UInt64(0x1_8000_0000) } == 0, "\(r)")
        // 0, 1, 2 and the fd `ls` opened to read the directory: nothing else.
        let fds = r.stdout.split(separator: "\n").compactMap { Int($0) }
        #expect(fds.filter { $0 > 3 }.isEmpty, "\(r)")
        #expect(r.stdout.contains("read=1"), "\(r)")
    }

    @Test("exactly the given environment; a working directory")
    func environmentAndDirectory() throws {
        let r = try Spawn.run(["sh", "-c", "echo \"$FOO|${HOME-unset}\"; pwd"], environment: env.merging(["FOO": "bar"]) { $1 },
                              directory: "/tmp")
        #expect(r.stdout == "bar|unset\n/tmp\n")
    }

    @Test("a background child holding stdout does not make run wait")
    func backgroundChild() throws {
        let start = ContinuousClock.now
        let r = try Spawn.run(["sh", "-c", "sleep 3 & echo parent done"], environment: env)
        #expect(r.stdout == "parent done\n")
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("signals and timeouts")
    func signalAndTimeout() throws {
        let r = try Spawn.run(["sh", "-c", "kill -TERM $$"], environment: env)
        #expect(r.signal == 15)
        #expect(r.status == 143)

        let start = ContinuousClock.now
        let error = #expect(throws: SpawnError.self) {
            try Spawn.run(["sh", "-c", "echo partial; sleep 30"], environment: env, timeout: .milliseconds(300))
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(error?.description.contains("partial") == true)
    }

    @Test("a program that is not there")
    func notFound() {
        #expect(throws: SpawnError.self) { try Spawn.run(["no-such-program-vipctl"], environment: env) }
    }
}
