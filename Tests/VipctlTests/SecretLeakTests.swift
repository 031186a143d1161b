import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Every byte a session writes, searched for the secrets it held.
struct SecretScanner {
    struct Output {
        let name: String
        let bytes: [UInt8]
    }

    struct Finding: CustomStringConvertible {
        let output: String
        let secret: String
        let offset: Int
        var description: String { "\(secret) in \(output) at byte \(offset)" }
    }

    /// label -> value. Tokens are also searched by their first and last 24 characters, so a
    /// token cut for a column or a status line still counts.
    private(set) var needles: [(label: String, bytes: [UInt8])] = []
    private(set) var outputs: [Output] = []

    mutating func secret(_ label: String, _ value: String) {
        needles.append((label, Array(value.utf8)))
    }

    mutating func token(_ label: String, _ value: String) {
        secret(label, value)
        if value.count > 60 {
            needles.append((label + " (start)", Array(value.utf8.prefix(24))))
            needles.append((label + " (end)", Array(value.utf8.suffix(24))))
        }
    }

    mutating func add(_ name: String, _ text: String) { outputs.append(Output(name: name, bytes: Array(text.utf8))) }
    mutating func add(_ name: String, bytes: [UInt8]) { outputs.append(Output(name: name, bytes: bytes)) }

    /// Every regular file under `dir` (sockets, links and directories skipped).
    mutating func addFiles(under dir: String, as prefix: String) {
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return }
        for case let rel as String in walker {
            let path = dir + "/" + rel
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            add(prefix + "/" + rel, bytes: Array(data))
        }
    }

    var byteCount: Int { outputs.reduce(0) { $0 + $1.bytes.count } }

    func scan() -> [Finding] {
        var found: [Finding] = []
        for o in outputs {
            for n in needles where !n.bytes.isEmpty {
                if let at = Self.firstIndex(of: n.bytes, in: o.bytes) { found.append(Finding(output: o.name, secret: n.label, offset: at)) }
            }
        }
        return found
    }

    static func firstIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count, let first = needle.first else { return nil }
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}

/// Issue 10, item 3: the password, every token the cloud issued and the application
/// credential secret never appear in anything vipctl writes. One session against the
/// in-process simulator (loopback): the headless read and change commands, JSON output, the
/// journal, the TUI in tmux (screens captured), each with `--debug-log`, with password and with
/// application-credential auth, and with failures (a wrong password and a wrong secret: 401; a
/// token expired in the middle of a run; 5xx answers on a read and on a write). Then every byte
/// written (stdout, stderr, debug logs, journal, every file under the session's HOME and the
/// terminal's directory, every screen) is searched.
@Suite("Secrets never written: a whole session searched byte by byte", .serialized)
struct SecretLeakTests {
    typealias H = HeadlessCommandTests

    static let wrongPassword = "wrong-pw-Q7v2-never-shown"
    static let wrongSecret = "wrong-ac-T4k9-never-shown"
    static let wrongSK = "wrong-sk-M3x8-never-shown-000000000000000"
    /// A temporary AK/SK's security token (the simulator's gateway signs over it and ignores it).
    static let securityToken = "sts-H5q1-never-shown-" + String(repeating: "Zq9-", count: 40)

    @Test("the scanner finds a secret planted in a sample (so a zero below means something)")
    func scannerSelfCheck() {
        var s = SecretScanner()
        let token = "gAAAAAB" + String(repeating: "xY7-", count: 44)
        s.secret("password", "demo-secret")
        s.token("token 1", token)
        s.add("clean", "no secrets here: demo-secre, gAAAAAB\n")
        s.add("stderr", "vipctl: Keystone 401 ... password demo-secret [req-1]\n")
        s.add("log", bytes: Array(("X-Auth-Token: " + token + "\n").utf8))
        s.add("screen", "│ token " + String(token.prefix(30)) + "… │")
        let found = s.scan()
        #expect(Set(found.map(\.output)) == ["stderr", "log", "screen"], "\(found)")
        #expect(found.contains { $0.output == "stderr" && $0.secret == "password" && $0.offset == 34 })
        #expect(found.contains { $0.output == "screen" && $0.secret == "token 1 (start)" })
        #expect(s.byteCount > 100)
    }

    // MARK: the session

    /// The environment of a headless run: PATH, HOME, and the auth of `mode`.
    static func env(_ h: SimHarness, _ home: H.TempHome, appCredential: Bool, wrong: Bool = false) -> [String: String] {
        var env = H.osEnv(h, home)
        if appCredential {
            for k in ["OS_PASSWORD", "OS_PROJECT_NAME", "OS_PROJECT_DOMAIN_NAME"] { env[k] = nil }
            env["OS_AUTH_TYPE"] = "v3applicationcredential"
            env["OS_APPLICATION_CREDENTIAL_NAME"] = SimulatorDefaults.appCredentialName
            env["OS_APPLICATION_CREDENTIAL_SECRET"] = wrong ? wrongSecret : SimulatorDefaults.appCredentialSecret
        } else if wrong {
            env["OS_PASSWORD"] = wrongPassword
        }
        return env
    }

    final class Session: @unchecked Sendable {
        let h: SimHarness
        let home: H.TempHome
        var scanner = SecretScanner()
        var runs = 0
        /// Runs that authenticate (cloud options, the right credentials).
        var authRuns = 0
        var failures: [String] = []
        /// AK/SK: the environment of Huawei's SDK variables (the runs sign instead of signing in).
        var akskEnv: [String: String]?
        /// AK/SK: a security token (temporary AK/SK) sent with every signed request while set.
        var securityToken: String?

        init(_ h: SimHarness, _ home: H.TempHome) {
            self.h = h
            self.home = home
        }

        /// Runs vipctl with a debug log; records stdout and stderr; returns the output.
        @discardableResult
        func run(_ args: [String], appCredential: Bool = false, wrong: Bool = false, log: String? = "debug.log",
                 expect status: Int32? = 0, sourceLocation: SourceLocation = #_sourceLocation) async throws -> ProcessOutput
        {
            runs += 1
            if log != nil && !wrong { authRuns += 1 }
            let full = args + (log.map { ["--debug-log", home.path + "/" + $0] } ?? [])
            let out = try await ChildRun.run(try ChildRun.vipctlBinary(), full, environment: environment(appCredential: appCredential, wrong: wrong),
                                             directory: home.path, timeout: .seconds(60))
            let name = "run \(runs) `vipctl \(args.joined(separator: " "))`" + (appCredential ? " (app credential)" : "")
                + (akskEnv != nil ? " (AK/SK\(securityToken != nil ? " + security token" : ""))" : "")
            scanner.add(name + " stdout", out.stdout)
            scanner.add(name + " stderr", out.stderr)
            if let status, out.status != status {
                Issue.record("\(name): exit \(out.status), expected \(status); stderr: \(out.stderr)", sourceLocation: sourceLocation)
            }
            return out
        }

        /// The environment of a run: the password or application credential of the demo user,
        /// or the AK/SK (with the wrong SK when `wrong`, and the security token when set).
        func environment(appCredential: Bool, wrong: Bool = false) -> [String: String] {
            guard var env = akskEnv else { return SecretLeakTests.env(h, home, appCredential: appCredential, wrong: wrong) }
            if wrong { env["HUAWEICLOUD_SDK_SK"] = SecretLeakTests.wrongSK }
            if let securityToken { env["HUAWEICLOUD_SDK_SECURITY_TOKEN"] = securityToken }
            return env
        }

        func faults(_ doc: JSON) async throws {
            let r = try await h.request("POST", h.baseURL + "/__sim/faults", json: doc)
            try #require(r.status == 200, "faults: \(r.status) \(r.text)")
        }
    }

    @Test("headless and TUI, password and application credential, with failures and debug logs: 0 secrets in every byte written")
    func wholeSession() async throws {
        try await SimHarness.with { h in
            let home = try H.TempHome()
            defer { home.remove() }
            let s = Session(h, home)

            // --- headless, password auth ---
            for args in [["networks"], ["networks", "-o", "json"], ["subnets"], ["ports"], ["ports", "-o", "json"],
                         ["servers"], ["servers", "-o", "json"], ["nics", "web-01"], ["nics", "web-01", "-o", "json"],
                         ["vips"], ["vips", "-o", "json"]]
            {
                try await s.run(args)
            }
            try await s.run(["vip", "create", "--network", "prod-net", "--ip", "192.168.10.150", "--name", "vip-leak",
                             "--bind", "web-01", "--yes"])
            try await s.run(["vip", "bind", "vip-leak", "--server", "web-02", "--yes", "-o", "json"])
            try await s.run(["vip", "unbind", "vip-leak", "--server", "web-02", "--yes"])
            try await s.run(["nic", "check", "--port", "192.168.10.12", "off", "--yes", "-o", "json"])
            try await s.run(["nic", "check", "--port", "192.168.10.12", "on", "--yes"])
            try await s.run(["vip", "delete", "vip-leak", "--unbind", "--yes", "-o", "json"])
            try await s.run(["vip", "bind", "vip-web", "--server", "web-02", "--dry-run"])
            // The secret on the command line: warned about, never echoed.
            try await s.run(["networks", "--os-password", SimulatorDefaults.password])

            // Failures: a wrong password (401), a 503 on a read, a 500 on a write (rolled back).
            let denied = try await s.run(["networks"], wrong: true, expect: 1)
            #expect(denied.stderr.contains("401"), "\(denied.stderr)")
            try await s.faults(["rules": [["route": "GET /networking/v2.0/ports", "action": "error", "status": 503, "body": "html"]]])
            try await s.run(["ports"], expect: 1)
            try await s.faults(["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 500, "after": 1, "count": 1]]])
            try await s.run(["vip", "bind", "vip-web", "--server", "web-02", "--yes"], expect: nil)
            try await s.faults(["clear": true])

            // A token that expires in the middle of a run: the first Neutron call waits, the
            // tokens are expired meanwhile, the call gets a 401, vipctl re-authenticates.
            try await s.faults(["rules": [["route": "GET /networking*", "action": "delay", "delay_ms": 1500, "count": 1]]])
            let expiring = Task { try await s.run(["servers"], log: "debug-expiry.log") }
            try await Task.sleep(for: .milliseconds(700))
            try await s.faults(["expire_tokens": true])
            let afterExpiry = try await expiring.value
            try await s.faults(["clear": true])
            #expect(afterExpiry.stdout.contains("web-01"))
            let expiryLog = (try? String(contentsOfFile: home.path + "/debug-expiry.log", encoding: .utf8)) ?? ""
            #expect(expiryLog.contains("-> 401"), "no 401 in the run whose token expired: \(expiryLog.prefix(2000))")

            // The journal of it all (these read only the file: no cloud options).
            try await s.run(["journal", "list"], log: nil)
            let list = try await s.run(["journal", "list", "-o", "json"], log: nil)
            let runIDs = (try? JSON.parse(list.stdout).arrayValue?.compactMap { $0["run_id"]?.stringValue }) ?? nil
            #expect((runIDs?.count ?? 0) >= 6, "journal list -o json: \(list.stdout.prefix(500))")
            for id in (runIDs ?? []).prefix(8) {
                try await s.run(["journal", "show", id], log: nil)
                try await s.run(["journal", "show", id, "-o", "json"], log: nil)
            }
            try await s.run(["journal", "undo", "last", "--dry-run"])

            // --- headless, application credential ---
            for args in [["networks"], ["vips", "-o", "json"], ["servers"]] { try await s.run(args, appCredential: true, log: "debug-ac.log") }
            try await s.run(["vip", "bind", "vip-web", "--server", "web-02", "--yes"], appCredential: true, log: "debug-ac.log")
            try await s.run(["vip", "unbind", "vip-web", "--server", "web-02", "--yes"], appCredential: true, log: "debug-ac.log")
            let acDenied = try await s.run(["vips"], appCredential: true, wrong: true, log: "debug-ac.log", expect: 1)
            #expect(acDenied.stderr.contains("401"), "\(acDenied.stderr)")

            // --- the TUI in tmux, password and application credential ---
            var screens = 0
            if TmuxSession.installedTmux != nil || ProcessInfo.processInfo.environment["VIPCTL_TEST_SKIP_TMUX"] != "1" {
                screens += try await Self.tui(s, appCredential: false)
                screens += try await Self.tui(s, appCredential: true)
            }

            // --- everything written to disk ---
            s.scanner.addFiles(under: home.path, as: "HOME")
            let files = s.scanner.outputs.filter { $0.name.hasPrefix("HOME/") }.map(\.name)
            for must in ["HOME/debug.log", "HOME/debug-expiry.log", "HOME/debug-ac.log", "HOME/.local/state/vipctl/journal.jsonl"] {
                #expect(files.contains(must), "\(must) was not written: \(files)")
            }
            if screens > 0 {
                #expect(files.contains("HOME/debug-tui.log") && files.contains("HOME/debug-tui-ac.log"), "\(files)")
            }

            // --- the secrets of the session ---
            let tokens = await h.server.engine.issuedTokens()
            s.scanner.secret("the password", SimulatorDefaults.password)
            s.scanner.secret("the wrong password", Self.wrongPassword)
            s.scanner.secret("the application credential secret", SimulatorDefaults.appCredentialSecret)
            s.scanner.secret("the wrong application credential secret", Self.wrongSecret)
            for (i, t) in tokens.enumerated() { s.scanner.token("token \(i + 1)", t) }
            // At least one token per successful authentication of a headless run, and the re-auth.
            #expect(tokens.count >= s.authRuns, "only \(tokens.count) tokens for \(s.authRuns) runs that authenticate")
            // The secrets went through the logging path and were masked there.
            let passwordLog = (try? String(contentsOfFile: home.path + "/debug.log", encoding: .utf8)) ?? ""
            let appCredLog = (try? String(contentsOfFile: home.path + "/debug-ac.log", encoding: .utf8)) ?? ""
            #expect(passwordLog.contains("\"password\":\"***\"") && passwordLog.contains("X-Auth-Token: ***"))
            #expect(appCredLog.contains("\"secret\":\"***\"") && appCredLog.contains("-> 401"))

            let found = s.scanner.scan()
            print("secrets: scanned \(s.scanner.byteCount) bytes in \(s.scanner.outputs.count) outputs "
                      + "(\(s.runs) headless runs, \(screens) screens, \(files.count) files) for \(tokens.count) tokens, "
                      + "2 passwords and 2 application credential secrets: found \(found.count)")
            #expect(found.isEmpty, "secrets written: \(found.prefix(20))")
            #expect(s.scanner.byteCount > 50_000)
        }
    }

    /// Issue 14, item 3: the same with AK/SK against the simulator as Huawei's API gateway: the
    /// SK (the right one, a wrong one, one given on the command line) and a temporary AK/SK's
    /// security token appear in nothing vipctl writes: the headless reads and changes, JSON,
    /// `config show`, the journal, the TUI in tmux, each with `--debug-log`, with failures (a
    /// refused signature, a 503 on a read, a 500 on a write).
    @Test("AK/SK through Huawei's API gateway, headless and TUI, with a security token, failures and debug logs: 0 secrets in every byte written")
    func accessKeySession() async throws {
        try await SimHarness.with({ $0.flavor = .huawei; $0.auth = .aksk }) { h in
            let home = try H.TempHome()
            defer { home.remove() }
            let s = Session(h, home)
            s.akskEnv = await h.akskEnvironment(home: home.path)

            // --- headless ---
            for args in [["networks"], ["ports", "-o", "json"], ["servers"], ["nics", "web-01", "-o", "json"], ["vips"]] {
                try await s.run(args)
            }
            try await s.run(["doctor"], expect: nil)  // exits 1 on the demo's half-configured vip-db
            try await s.run(["vip", "create", "--network", "prod-net", "--ip", "192.168.10.150", "--name", "vip-leak",
                             "--bind", "web-01", "--yes"])
            try await s.run(["vip", "bind", "vip-leak", "--server", "web-02", "--yes", "-o", "json"])
            try await s.run(["vip", "unbind", "vip-leak", "--server", "web-02", "--yes"])
            try await s.run(["vip", "delete", "vip-leak", "--unbind", "--yes", "-o", "json"])
            try await s.run(["config", "show"], log: nil)
            // The SK on the command line: warned about, never echoed.
            try await s.run(["networks", "--os-secret-key", SimulatorDefaults.secretKey])
            // A temporary AK/SK: the security token is signed and sent, never shown.
            s.securityToken = Self.securityToken
            try await s.run(["vips", "-o", "json"], log: "debug-sts.log")
            try await s.run(["vip", "bind", "vip-web", "--server", "web-02", "--yes"], log: "debug-sts.log")
            try await s.run(["config", "show", "-o", "json"], log: nil)
            s.securityToken = nil

            // Failures: a wrong SK (the gateway's 401, one request), a 503 on a read, a 500 on a write.
            let denied = try await s.run(["networks"], wrong: true, expect: 1)
            #expect(denied.stderr.contains("refused the signature"), "\(denied.stderr)")
            try await s.faults(["rules": [["route": "GET /networking/v2.0/ports", "action": "error", "status": 503, "body": "html"]]])
            try await s.run(["ports"], expect: 1)
            try await s.faults(["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 500, "after": 1, "count": 1]]])
            try await s.run(["vip", "unbind", "vip-web", "--server", "web-02", "--yes"], expect: nil)
            try await s.faults(["clear": true])

            // The journal of it all.
            try await s.run(["journal", "list"], log: nil)
            try await s.run(["journal", "undo", "last", "--dry-run"], expect: nil)

            // --- the TUI in tmux ---
            var screens = 0
            if TmuxSession.installedTmux != nil || ProcessInfo.processInfo.environment["VIPCTL_TEST_SKIP_TMUX"] != "1" {
                screens += try await Self.tui(s, appCredential: false)
            }

            // --- everything written to disk ---
            s.scanner.addFiles(under: home.path, as: "HOME")
            let files = s.scanner.outputs.filter { $0.name.hasPrefix("HOME/") }.map(\.name)
            for must in ["HOME/debug.log", "HOME/debug-sts.log", "HOME/.local/state/vipctl/journal.jsonl"] {
                #expect(files.contains(must), "\(must) was not written: \(files)")
            }
            if screens > 0 { #expect(files.contains("HOME/debug-tui-aksk.log"), "\(files)") }
            // The signatures and the token went through the logging path and were masked there.
            let log = (try? String(contentsOfFile: home.path + "/debug.log", encoding: .utf8)) ?? ""
            let sts = (try? String(contentsOfFile: home.path + "/debug-sts.log", encoding: .utf8)) ?? ""
            #expect(log.contains("Authorization: ***") && log.contains("-> 401"), "\(log.prefix(2000))")
            #expect(sts.lowercased().contains("x-security-token: ***"), "\(sts.prefix(2000))")

            // --- the secrets of the session ---
            s.scanner.secret("the SK", SimulatorDefaults.secretKey)
            s.scanner.secret("the wrong SK", Self.wrongSK)
            s.scanner.token("the security token", Self.securityToken)
            let found = s.scanner.scan()
            print("secrets: scanned \(s.scanner.byteCount) bytes in \(s.scanner.outputs.count) outputs "
                      + "(\(s.runs) headless runs with AK/SK, \(screens) screens, \(files.count) files) for 0 tokens, "
                      + "2 SKs and 1 security token: found \(found.count)")
            #expect(found.isEmpty, "secrets written: \(found.prefix(20))")
            #expect(s.scanner.byteCount > 50_000)
        }
    }

    /// `vipctl ui` in tmux on the simulator: lists, a detail, raw JSON, an apply, the journal,
    /// an expired token, a failing refresh with its error details. Every screen is captured (text
    /// and with attributes) into the scanner. Returns how many screens were captured.
    static func tui(_ s: Session, appCredential: Bool) async throws -> Int {
        var env = s.environment(appCredential: appCredential)
        env["PATH"] = nil
        env["LANG"] = "C.UTF-8"
        env["SWIFT_BACKTRACE"] = "interactive=no"
        let aksk = s.akskEnv != nil
        let log = s.home.path + (aksk ? "/debug-tui-aksk.log" : appCredential ? "/debug-tui-ac.log" : "/debug-tui.log")
        let tag = aksk ? "tui (AK/SK)" : appCredential ? "tui (app credential)" : "tui"
        var count = 0
        try await TmuxSession.withShell(width: 100, height: 30, environment: env, workingDirectory: s.home.path) { tmux in
            func grab(_ what: String) throws {
                count += 1
                s.scanner.add("\(tag) screen \(count) (\(what))", try tmux.capture().joined(separator: "\n"))
                s.scanner.add("\(tag) screen \(count) (\(what), attributes)", try tmux.captureWithAttributes().joined(separator: "\n"))
            }
            func go(_ command: String, until text: String) async throws {
                try tmux.sendKeys(":")
                try tmux.type(command)
                try tmux.sendKeys("Enter")
                _ = try await tmux.waitFor(text, timeout: .seconds(20))
                try grab(command)
            }
            try tmux.typeLine(TmuxSession.shellQuote(try ChildRun.vipctlBinary()) + " ui --debug-log " + TmuxSession.shellQuote(log)
                                  + "; echo ui-exit=$?")
            _ = try await tmux.waitFor("3 networks", timeout: .seconds(20))
            try grab("networks")
            try await go("servers", until: "12 servers")
            try tmux.sendKeys("/")
            try tmux.type("lb-01")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("1 of 12 servers match")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("NICs of lb-01")
            try grab("NICs")
            try tmux.sendKeys("d")
            try await Task.sleep(for: .milliseconds(300))
            try grab("detail")
            try tmux.sendKeys("y")
            _ = try await tmux.waitFor("RAW JSON")
            try grab("raw JSON")
            try tmux.sendKeys("Escape", "Escape", "Escape", "Escape")
            // The tokens expire; the next screen re-authenticates.
            try await s.faults(["expire_tokens": true])
            try await go("vips", until: "VIPs")
            // An apply: the source/destination check of web-02's NIC, off.
            try await go("ports", until: "ports")
            try tmux.sendKeys("/")
            try tmux.type("192.168.10.12")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("match")
            try tmux.sendKeys("x")
            // The plan ends with the requests "on the critical path"; the result says how it went
            // ("Result: applied ..." or "Applied: ..." depending on the plan wording).
            _ = try await tmux.waitFor("critical path", timeout: .seconds(20))
            try grab("plan")
            try tmux.sendKeys("a")
            _ = try await tmux.waitUntil("the result of the apply", timeout: .seconds(30)) { screen in
                screen.contains { $0.contains("Result:") || $0.contains("Applied:") || $0.contains("rolled back") || $0.contains("Partly applied") }
            }
            try grab("result")
            try tmux.sendKeys("Escape", "Escape", "Escape")
            try await go("journal", until: "OUTCOME")
            // A failing refresh (503 from Neutron), and the error in full.
            try await s.faults(["rules": [["route": "GET /networking*", "action": "error", "status": 503]]])
            try tmux.sendKeys("Escape", "Escape")
            try await go("networks", until: "networks")
            try tmux.sendKeys("r")
            _ = try await tmux.waitFor("503", timeout: .seconds(30))
            try grab("error")
            try tmux.sendKeys("e")
            _ = try await tmux.waitFor("Error details")
            try grab("error details")
            try await s.faults(["clear": true])
            try tmux.sendKeys("Escape", "Q")
            _ = try await tmux.waitForStatusLine("ui-exit", timeout: .seconds(20))
            try grab("after quit")
            // The whole scrollback of the terminal, too.
            s.scanner.add("\(tag) scrollback", try tmux.tmux(["capture-pane", "-p", "-S", "-", "-t", TmuxSession.target]))
            s.scanner.addFiles(under: tmux.directory, as: "\(tag) tmux dir")
        }
        return count
    }
}
