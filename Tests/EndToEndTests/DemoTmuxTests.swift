import Foundation
import Testing
import TestSupport

/// The built `vipctl` binary in a real terminal (tmux, own server and socket directory):
/// `vipctl demo` starts its in-process cloud on a loopback port and draws through ncursesw.
@Suite("vipctl demo in tmux", .serialized,
       .enabled(if: TmuxSession.testsEnabled, "tmux is not installed and VIPCTL_TEST_SKIP_TMUX=1"))
struct DemoTmuxTests {
    static func command(_ args: String = "demo") throws -> String {
        try TmuxSession.shellQuote(TmuxSession.vipctlBinary()) + " " + args
    }

    static let environment = ["LANG": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no"]

    @Test("lists, navigation, filter, help, resize and quit; then the shell prompt works")
    func browse() async throws {
        try await TmuxSession.withShell(width: 80, height: 24, environment: Self.environment) { tmux in
            try tmux.typeLine(try Self.command() + "; echo demo-exit=$?")
            var screen = try await tmux.waitFor("3 networks")
            #expect(screen[0].contains("cloud demo") && screen[0].contains("DEMO"))
            #expect(screen.contains { $0.contains("prod-net") && $0.contains("192.168.10.0/24") })

            // :servers, down to lb-01 by filter, Enter → its NICs → VIPs holding the NIC's IP.
            try tmux.sendKeys(":")
            try tmux.type("servers")
            try tmux.sendKeys("Enter")
            screen = try await tmux.waitFor("12 servers")
            #expect(screen.contains { $0.contains("数据库主节点") })
            try tmux.sendKeys("/")
            try tmux.type("lb-01")
            try tmux.sendKeys("Enter")
            screen = try await tmux.waitFor("1 of 12 servers match")
            try tmux.sendKeys("Enter")
            // The title can be drawn a frame before the rows (on a loaded machine the demo may
            // still be reading ports): wait for both; a row that never comes fails with the screen.
            screen = try await tmux.waitUntil("NICs of lb-01 with 192.168.10.21, its check off") { s in
                s.contains { $0.contains("NICs of lb-01") } && s.contains { $0.contains("192.168.10.21") && $0.contains("off") }
            }
            try tmux.sendKeys("Enter")
            screen = try await tmux.waitUntil("VIPs holding 192.168.10.21, vip-web 192.168.10.100 among them") { s in
                s.contains { $0.contains("VIPs holding 192.168.10.21") } && s.contains { $0.contains("192.168.10.100") && $0.contains("vip-web") }
            }
            try tmux.sendKeys("Escape", "Escape")
            screen = try await tmux.waitFor("1 of 12 servers match")

            // Help from the key table, then closed.
            try tmux.sendKeys("?")
            screen = try await tmux.waitFor("move down")
            #expect(screen.contains { $0.contains("Keys") })
            try tmux.sendKeys("Escape")
            screen = try await tmux.waitUntilGone("move down")

            // Resize: wider re-lays out at once; too small shows the short message.
            try tmux.resize(width: 120, height: 40)
            screen = try await tmux.waitUntil("a 120-column header") { s in s.count == 40 && s[0].count > 100 }
            try tmux.resize(width: 70, height: 20)
            screen = try await tmux.waitFor("Terminal too small")
            try tmux.resize(width: 80, height: 24)
            screen = try await tmux.waitFor("1 of 12 servers match")

            try tmux.sendKeys("Q")
            screen = try await tmux.waitFor("demo-exit=0")
            try await tmux.checkShellUsable()
        }
    }

    @Test("Ctrl-C quits with status 0 and the terminal is usable again")
    func ctrlC() async throws {
        try await TmuxSession.withShell(width: 80, height: 24, environment: Self.environment) { tmux in
            try tmux.typeLine(try Self.command() + "; echo demo-exit=$?")
            _ = try await tmux.waitFor("3 networks")
            try tmux.sendKeys("C-c")
            _ = try await tmux.waitFor("demo-exit=0")
            try await tmux.checkShellUsable()
        }
    }

    @Test("SIGTERM restores the terminal")
    func sigterm() async throws {
        try await TmuxSession.withShell(width: 80, height: 24, environment: Self.environment) { tmux in
            try tmux.typeLine(try Self.command() + "; echo demo-exit=$?")
            _ = try await tmux.waitFor("3 networks")
            // From outside the pane, as an admin's `kill` would.
            let pids = try Self.demoProcesses()
            #expect(pids.count == 1)
            for pid in pids { kill(pid, SIGTERM) }
            let (screen, status) = try await tmux.waitForStatusLine("demo-exit")
            #expect(status == 143, "\(screen)")
            try await tmux.checkShellUsable()
        }
    }

    @Test("Q during an apply stops it: the write in flight finishes, it is undone, vipctl quits with 1 and the journal says rolled back; SIGHUP too")
    func quitDuringApply() async throws {
        for (how, status) in [("Q", "1"), ("SIGHUP", "129")] {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-tui-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: state) }
            var env = Self.environment
            env["XDG_STATE_HOME"] = state
            env["VIPCTL_TEST_PAUSE_BEFORE_WRITE"] = "3"
            try await TmuxSession.withShell(width: 100, height: 30, environment: env) { tmux in
                try tmux.typeLine(try Self.command() + "; echo demo-exit=$?")
                _ = try await tmux.waitFor("3 networks")
                try tmux.sendKeys(":")
                try tmux.type("ports")
                try tmux.sendKeys("Enter")
                try tmux.sendKeys("/")
                try tmux.type("192.168.10.11")
                try tmux.sendKeys("Enter")
                _ = try await tmux.waitFor("match")
                try tmux.sendKeys("x")
                _ = try await tmux.waitFor("critical path.")
                try tmux.sendKeys("a")
                _ = try await tmux.waitFor("Applying")
                // The stop must land while the write is held by the test pause (3 s): the
                // journal's started line is written at the gate just before it, then one read.
                let journalPath = state + "/vipctl/demo-journal.jsonl"
                let waitStart = ContinuousClock.now
                while !((try? String(contentsOfFile: journalPath, encoding: .utf8))?.contains("\"phase\":\"started\"") ?? false) {
                    if ContinuousClock.now - waitStart > .seconds(20) { throw TmuxError("no started line in \(journalPath)") }
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await Task.sleep(for: .seconds(1))
                if how == "Q" {
                    try tmux.sendKeys("Q")
                    _ = try await tmux.waitFor("stopping:")
                } else {
                    for pid in try Self.demoProcesses() { kill(pid, SIGHUP) }
                }
                // The stop lets the write in flight finish (after the test pause) and undoes it.
                let clock = ContinuousClock()
                let t0 = clock.now
                let screen: [String]
                do {
                    screen = try await tmux.waitForStatusLine("demo-exit", timeout: .seconds(60)).screen
                } catch {
                    // What vipctl was doing: its threads' stacks.
                    var stacks = ""
                    for pid in try Self.demoProcesses() {
                        let r = try? Spawn.run(["gdb", "-p", "\(pid)", "-batch", "-ex", "thread apply all bt 25"],
                                               environment: ["PATH": "/usr/bin:/bin"], timeout: .seconds(60))
                        stacks += r?.stdout.split(separator: "\n").filter { $0.hasPrefix("#") || $0.hasPrefix("Thread") }.joined(separator: "\n") ?? ""
                    }
                    let ps = try? Spawn.run(["ps", "-eo", "pid,ppid,stat,wchan:20,args"], environment: ["PATH": "/usr/bin:/bin"], timeout: .seconds(10))
                    let pane = (try? tmux.capture().joined(separator: "\n")) ?? ""
                    try? (stacks + "\n--- ps\n" + (ps?.stdout ?? "") + "\n--- pane\n" + pane).write(toFile: "/tmp/vipctl-hang-\(how).txt", atomically: true, encoding: .utf8)
                    throw error
                }
                print("tui \(how) during an apply: exit after \(clock.now - t0)")
                #expect(screen.contains("demo-exit=\(status)"), "\(how): \(screen)")
                try await tmux.checkShellUsable()
            }
            // The demo keeps its own journal, apart from the real one.
            #expect(!FileManager.default.fileExists(atPath: state + "/vipctl/journal.jsonl"))
            let journal = try String(contentsOfFile: state + "/vipctl/demo-journal.jsonl", encoding: .utf8)
            let lines = journal.split(separator: "\n")
            #expect(lines.count == 2, "\(how): \(journal)")
            #expect(lines.last?.contains("\"outcome\":\"rolled back (interrupted)\"") == true, "\(how): \(journal)")
            #expect(lines.last?.contains("\"command\":\"tui: nic check\"") == true, "\(how): \(journal)")
        }
    }

    @Test("vipctl --read-only on a cloud from OS_*: header with cloud, region, project, user and READ-ONLY; no password anywhere")
    func configuredCloudReadOnly() async throws {
        try await SimHarness.with { sim in
            var env = Self.environment
            env["OS_AUTH_URL"] = sim.identity
            env["OS_USERNAME"] = "demo"
            env["OS_PASSWORD"] = "demo-secret"
            env["OS_PROJECT_NAME"] = "demo"
            env["OS_USER_DOMAIN_NAME"] = "Default"
            env["OS_PROJECT_DOMAIN_NAME"] = "Default"
            env["OS_REGION_NAME"] = "RegionOne"
            try await TmuxSession.withShell(width: 80, height: 24, environment: env) { tmux in
                try tmux.typeLine(try Self.command("--read-only") + "; echo ui-exit=$?")
                let screen = try await tmux.waitFor("3 networks")
                for part in ["cloud envvars", "region RegionOne", "project demo", "user demo", "READ-ONLY"] {
                    #expect(screen[0].contains(part), "header: \(screen[0])")
                }
                try tmux.sendKeys(":")
                try tmux.type("vips")
                try tmux.sendKeys("Enter")
                let vips = try await tmux.waitFor("2 VIPs")
                #expect(!(vips + screen).joined().contains("demo-secret"))
                try tmux.sendKeys("Q")
                _ = try await tmux.waitFor("ui-exit=0")
                try await tmux.checkShellUsable()
            }
        }
    }

    @Test("LANG=C: the UI switches to C.UTF-8 and Chinese names keep their width")
    func nonUTF8Locale() async throws {
        var env = Self.environment
        env["LANG"] = "C"
        env["LC_ALL"] = "C"
        try await TmuxSession.withShell(width: 80, height: 24, environment: env) { tmux in
            try tmux.typeLine(try Self.command() + "; echo demo-exit=$?")
            _ = try await tmux.waitFor("3 networks")
            try tmux.sendKeys(":")
            try tmux.type("servers")
            try tmux.sendKeys("Enter")
            let screen = try await tmux.waitFor("12 servers")
            let cjk = try #require(screen.first { $0.contains("数据库主节点") })
            let ascii = try #require(screen.first { $0.contains("lb-01 ") })
            // Same display column for the status after a 12-column name and an ASCII one.
            func statusColumn(_ line: String) -> Int? {
                guard let r = line.range(of: "ACTIVE") else { return nil }
                return line[..<r.lowerBound].reduce(0) { $0 + ($1.unicodeScalars.first.map { $0.value >= 0x1100 ? 2 : 1 } ?? 1) }
            }
            #expect(statusColumn(cjk) == statusColumn(ascii))
            try tmux.sendKeys("Q")
            _ = try await tmux.waitFor("demo-exit=0")
        }
    }

    @Test("NO_COLOR: no colour escape in the frame; without it the header is coloured")
    func noColor() async throws {
        let colour = try Regex("\\u{1b}\\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)[0-9;]*m")
        for noColor in [true, false] {
            var env = Self.environment
            if noColor { env["NO_COLOR"] = "1" }
            try await TmuxSession.withShell(width: 80, height: 24, environment: env) { tmux in
                try tmux.typeLine(try Self.command() + "; echo demo-exit=$?")
                _ = try await tmux.waitFor("3 networks")
                let frame = try tmux.captureWithAttributes().joined(separator: "\n")
                #expect(frame.contains(colour) != noColor, "NO_COLOR=\(noColor): \(frame.debugDescription.prefix(400))")
                try tmux.sendKeys("Q")
                _ = try await tmux.waitFor("demo-exit=0")
            }
        }
    }

    /// Processes running `<vipctl> demo` (argv[0] is this build's binary).
    static func demoProcesses() throws -> [pid_t] {
        let binary = try TmuxSession.vipctlBinary()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { name -> pid_t? in
            guard let pid = pid_t(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
            let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return argv.count >= 2 && argv[0] == binary && argv[1] == "demo" ? pid : nil
        }
    }

    @Test("no terminal: a clear message and exit status 2, never a hang")
    func noTerminal() throws {
        let vipctl = try TmuxSession.vipctlBinary()
        let piped = try Spawn.run([vipctl, "demo"], environment: ["TERM": "xterm", "PATH": "/usr/bin:/bin"], timeout: .seconds(20))
        #expect(piped.status == 2)
        #expect(piped.stderr.contains("is not a terminal"), "\(piped.stderr)")
        #expect(piped.stdout.isEmpty)
    }

    @Test("TERM unset or unknown: a clear message and exit status 2")
    func badTerm() async throws {
        try await TmuxSession.withShell(width: 80, height: 24, environment: Self.environment) { tmux in
            try tmux.typeLine("env -u TERM " + (try Self.command()) + "; echo demo-exit=$?")
            var (screen, status) = try await tmux.waitForStatusLine("demo-exit")
            #expect(screen.contains { $0.contains("TERM is not set") })
            #expect(status == 2, "\(screen)")
            try tmux.typeLine("clear; TERM=no-such-term " + (try Self.command()) + "; echo demo2-exit=$?")
            (screen, status) = try await tmux.waitForStatusLine("demo2-exit")
            #expect(screen.contains { $0.contains("cannot use terminal type 'no-such-term'") }, "\(screen)")
            #expect(status == 2, "\(screen)")
            try await tmux.checkShellUsable()
        }
    }
}
