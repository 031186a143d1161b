import CloudAPI
import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Issue 10, item 3 (and the warning of item 4): the debug log is private whatever existed
/// before; a clouds.yaml or secure.yaml that holds a secret and that others can read, a secret
/// on the command line, and TLS verification turned off each get one warning line that says
/// what to do, and never holds the secret.
@Suite("Credentials: debug log mode, secret files, secrets on the command line, insecure")
struct CredentialWarningTests {
    typealias H = HeadlessCommandTests

    final class Dir {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-creds-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path + "/cwd", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: path + "/home", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: path + "/etc", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        var cwd: String { path + "/cwd" }

        @discardableResult
        func write(_ name: String, _ text: String, mode: Int) throws -> String {
            let full = name.hasPrefix("/") ? name : path + "/" + name
            try text.write(toFile: full, atomically: false, encoding: .utf8)
            #expect(chmod(full, mode_t(mode)) == 0)
            return full
        }

        func loader(_ env: [String: String] = [:]) -> ConfigLoader {
            ConfigLoader(environment: env, currentDirectory: cwd, homeDirectory: path + "/home", systemDirectory: path + "/etc")
        }
    }

    static func mode(_ path: String) -> Int {
        var st = stat()
        guard lstat(path, &st) == 0 else { return -1 }
        return Int(st.st_mode & 0o7777)
    }

    static func configMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let e as CloudError {
            return e.oneLine
        } catch {
            return "\(error)"
        }
    }

    static let password = "pw-Zq81-never-shown"
    static let appSecret = "ac-Kx55-never-shown"

    static func cloudsYAML(url: String = "https://keystone.example.com/v3", auth: String) -> String {
        """
        clouds:
          prod:
            auth:
              auth_url: \(url)
              username: admin
              project_name: ops
              user_domain_name: Default
              project_domain_name: Default
        \(auth)
            region_name: RegionOne

        """
    }

    // MARK: debug log

    @Test("the debug log is 0600: a new file, and a file that existed with 0644 or 0666 (its content kept, appended to)")
    func debugLogIsPrivate() throws {
        let dir = try Dir()
        let fresh = dir.path + "/fresh.log"
        let oldMask = umask(0)
        defer { umask(oldMask) }
        _ = try DebugLog(path: fresh)
        #expect(Self.mode(fresh) == 0o600)
        for wide in [0o644, 0o666, 0o604] {
            let old = try dir.write("old-\(wide).log", "earlier run\n", mode: wide)
            #expect(Self.mode(old) == wide)
            let log = try DebugLog(path: old)
            #expect(Self.mode(old) == 0o600, "a debug log that existed with mode \(String(wide, radix: 8)) stays readable by others")
            withExtendedLifetime(log) {}
            #expect(try String(contentsOfFile: old, encoding: .utf8) == "earlier run\n")
        }
    }

    @Test("a debug log path that is a symbolic link, a FIFO, a directory or another user's file is refused with one line naming it")
    func debugLogRefusals() throws {
        let dir = try Dir()
        let target = try dir.write("target.log", "someone else's file\n", mode: 0o644)
        let link = dir.path + "/link.log"
        #expect(symlink(target, link) == 0)
        let viaLink = Self.configMessage { _ = try DebugLog(path: link) }
        #expect(viaLink?.contains(link) == true && viaLink?.contains("symbolic link") == true, "\(viaLink ?? "accepted")")
        #expect(Self.mode(target) == 0o644, "the link's target was changed")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "someone else's file\n")

        // A FIFO: refused at once, never waited on.
        let fifo = dir.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let viaFIFO = Self.configMessage { _ = try DebugLog(path: fifo) }
        #expect(viaFIFO?.contains(fifo) == true, "\(viaFIFO ?? "accepted")")

        let directory = Self.configMessage { _ = try DebugLog(path: dir.cwd) }
        #expect(directory?.contains(dir.cwd) == true && directory?.contains("--debug-log") == true, "\(directory ?? "accepted")")

        // Another user's file: only root can make one.
        if geteuid() == 0 {
            let theirs = try dir.write("theirs.log", "", mode: 0o644)
            #expect(chown(theirs, 65534, 65534) == 0)
            let m = Self.configMessage { _ = try DebugLog(path: theirs) }
            #expect(m?.contains("owned by another user") == true, "\(m ?? "accepted")")
            #expect(Self.mode(theirs) == 0o644)
        }
    }

    // MARK: loader warnings

    @Test("clouds.yaml or secure.yaml with a secret, readable by group or others: one warning each with the chmod; private or secret-free: none")
    func secretFileWarnings() throws {
        let dir = try Dir()
        let clouds = try dir.write("cwd/clouds.yaml", Self.cloudsYAML(auth: "      password: \(Self.password)"), mode: 0o644)
        var w = try dir.loader().loadWithWarnings().warnings
        #expect(w.count == 1, "\(w)")
        let line = w.first ?? ""
        #expect(line.hasPrefix(clouds + " holds password"), "\(line)")
        #expect(line.contains("mode 644") && line.hasSuffix("run: chmod 600 " + clouds), "\(line)")
        #expect(!line.contains(Self.password) && !line.contains("\n"))

        #expect(chmod(clouds, 0o640) == 0)
        w = try dir.loader().loadWithWarnings().warnings
        #expect(w.count == 1 && w.first?.contains("mode 640") == true, "group-readable: \(w)")

        #expect(chmod(clouds, 0o600) == 0)
        #expect(try dir.loader().loadWithWarnings().warnings.isEmpty)

        // The secret in secure.yaml, clouds.yaml without one (readable: fine).
        try dir.write("cwd/clouds.yaml", Self.cloudsYAML(auth: ""), mode: 0o644)
        let secure = try dir.write("cwd/secure.yaml", """
            clouds:
              prod:
                auth:
                  password: \(Self.password)
                  application_credential_secret: \(Self.appSecret)

            """, mode: 0o604)
        w = try dir.loader().loadWithWarnings().warnings
        #expect(w == ["\(secure) holds application_credential_secret, password and other users can read it (mode 604); run: chmod 600 \(secure)"],
                "\(w)")
        #expect(chmod(secure, 0o600) == 0)
        #expect(try dir.loader().loadWithWarnings().warnings.isEmpty)

        // No secret anywhere (the password comes from OS_PASSWORD): no warning.
        try FileManager.default.removeItem(atPath: secure)
        #expect(try dir.loader(["OS_PASSWORD": Self.password]).loadWithWarnings().warnings.isEmpty)

        // A token, an AK/SK secret key, and a path that needs quoting for the shell.
        for (key, value) in [("token", "gAAAAABtoken-value"), ("secret_key", "SK-never-shown")] {
            let odd = try dir.write("cwd/it's clouds.yaml", Self.cloudsYAML(auth: "      \(key): \(value)"), mode: 0o644)
            let found = try dir.loader(["OS_CLIENT_CONFIG_FILE": odd, "OS_PASSWORD": Self.password]).loadWithWarnings().warnings
            #expect(found.count == 1 && found.first?.contains("holds \(key) ") == true, "\(found)")
            #expect(found.first?.hasSuffix("chmod 600 '\(dir.cwd)/it'\\''s clouds.yaml'") == true, "\(found)")
            #expect(found.first?.contains(value) == false)
        }
    }

    @Test("--os-password and --os-application-credential-secret: a warning that says what to use instead, without the value")
    func commandLineSecrets() throws {
        let dir = try Dir()
        var flags = ConfigOverrides()
        flags.authURL = "https://keystone.example.com/v3"
        flags.username = "admin"
        flags.password = Self.password
        let w = try dir.loader().loadWithWarnings(flags).warnings
        #expect(w.count == 1, "\(w)")
        let line = w.first ?? ""
        #expect(line.hasPrefix("--os-password shows the password") && line.contains("ps"), "\(line)")
        #expect(line.contains("OS_PASSWORD") && line.contains("secure.yaml") && line.contains("asked"), "\(line)")
        #expect(!line.contains(Self.password))

        var app = ConfigOverrides()
        app.authURL = "https://keystone.example.com/v3"
        app.applicationCredentialID = "0123abcd"
        app.applicationCredentialSecret = Self.appSecret
        let a = try dir.loader().loadWithWarnings(app).warnings
        #expect(a.count == 1 && a.first?.hasPrefix("--os-application-credential-secret") == true, "\(a)")
        #expect(a.first?.contains(Self.appSecret) == false)

        // The same password from OS_PASSWORD: nothing to warn about.
        #expect(try dir.loader(["OS_AUTH_URL": "https://k.example.com/v3", "OS_USERNAME": "admin", "OS_PASSWORD": Self.password])
                    .loadWithWarnings().warnings.isEmpty)
    }

    @Test("TLS verification off, from --insecure, OS_INSECURE, insecure: true or verify: false: one warning naming where")
    func insecureWarnings() throws {
        let dir = try Dir()
        let env = ["OS_AUTH_URL": "https://k.example.com/v3", "OS_USERNAME": "admin", "OS_PASSWORD": Self.password]
        var flag = ConfigOverrides()
        flag.insecure = true
        var w = try dir.loader(env).loadWithWarnings(flag)
        #expect(w.config.verifyTLS == false)
        #expect(w.warnings == ["TLS certificates are not verified (--insecure): whoever sits between here and the cloud can read "
                                + "the password and the tokens; set cacert to the cloud's CA instead"], "\(w.warnings)")
        w = try dir.loader(env.merging(["OS_INSECURE": "true"]) { $1 }).loadWithWarnings()
        #expect(w.warnings.count == 1 && w.warnings.first?.contains("(OS_INSECURE=true)") == true, "\(w.warnings)")

        let clouds = try dir.write("cwd/clouds.yaml", Self.cloudsYAML(auth: "") + "    insecure: true\n", mode: 0o600)
        w = try dir.loader(["OS_PASSWORD": Self.password]).loadWithWarnings()
        #expect(w.warnings.count == 1 && w.warnings.first?.contains("(clouds.prod.insecure: true in \(clouds):") == true, "\(w.warnings)")
        try dir.write("cwd/clouds.yaml", Self.cloudsYAML(auth: "") + "    verify: false\n", mode: 0o600)
        w = try dir.loader(["OS_PASSWORD": Self.password]).loadWithWarnings()
        #expect(w.warnings.count == 1 && w.warnings.first?.contains("(clouds.prod.verify: false in ") == true, "\(w.warnings)")

        // On by default, and insecure: false says nothing.
        let on = try dir.loader(env).loadWithWarnings()
        #expect(on.config.verifyTLS && on.warnings.isEmpty)
        #expect(try dir.loader(env.merging(["OS_INSECURE": "false"]) { $1 }).loadWithWarnings().warnings.isEmpty)
    }

    // MARK: the built binary

    @Test("vipctl (built): --os-password, --insecure, OS_INSECURE and a 0644 clouds.yaml with a password each print one warning on stderr; the command still works; the debug log ends 0600")
    func binaryWarnings() async throws {
        try await SimHarness.with { h in
            let home = try H.TempHome()
            defer { home.remove() }
            var noPassword = H.osEnv(h, home)
            noPassword["OS_PASSWORD"] = nil
            let pw = SimulatorDefaults.password

            let flagged = try await H.vipctl(["networks", "--os-password", pw, "-o", "json"], env: noPassword, home: home)
            #expect(flagged.status == 0, "\(flagged.stderr)")
            #expect(flagged.stderrLines.count == 1, "\(flagged.stderr)")
            #expect(flagged.stderr.hasPrefix("vipctl: warning: --os-password shows the password"), "\(flagged.stderr)")
            #expect(!flagged.stderr.contains(pw) && !flagged.stdout.contains(pw))
            #expect((try? JSON.parse(flagged.stdout).arrayValue?.count) == 3)

            // --insecure with a debug log that existed with 0644.
            let log = home.path + "/debug.log"
            try "earlier\n".write(toFile: log, atomically: false, encoding: .utf8)
            #expect(chmod(log, 0o644) == 0)
            let insecure = try await H.vipctl(["networks", "--insecure", "--debug-log", log], env: H.osEnv(h, home), home: home)
            #expect(insecure.status == 0, "\(insecure.stderr)")
            #expect(insecure.stderrLines == ["vipctl: warning: TLS certificates are not verified (--insecure): whoever sits between "
                                                + "here and the cloud can read the password and the tokens; set cacert to the cloud's CA instead"],
                    "\(insecure.stderr)")
            #expect(Self.mode(log) == 0o600, "the debug log kept mode \(String(Self.mode(log), radix: 8))")

            let envInsecure = try await H.vipctl(["vips"], env: H.osEnv(h, home).merging(["OS_INSECURE": "1"]) { $1 }, home: home)
            #expect(envInsecure.status == 0 && envInsecure.stderrLines.count == 1, "\(envInsecure.stderr)")
            #expect(envInsecure.stderr.contains("(OS_INSECURE=1)"), "\(envInsecure.stderr)")

            // A VIP command warns too (before its plan), and so does the UI before it starts.
            let dry = try await H.vipctl(["vip", "bind", "vip-web", "--server", "web-01", "--dry-run", "--insecure"],
                                         env: H.osEnv(h, home), home: home)
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stderrLines.first?.hasPrefix("vipctl: warning: TLS certificates are not verified (--insecure)") == true,
                    "\(dry.stderr)")
            let ui = try await H.vipctl(["ui", "--insecure"], env: H.osEnv(h, home), home: home)
            #expect(ui.stderrLines.first?.hasPrefix("vipctl: warning: TLS certificates are not verified (--insecure)") == true,
                    "\(ui.stderr)")

            // clouds.yaml in the working directory, with the password, readable by all.
            let yaml = home.path + "/clouds.yaml"
            try VipCommandTests.cloudsYAML(h, extra: "").write(toFile: yaml, atomically: false, encoding: .utf8)
            #expect(chmod(yaml, 0o644) == 0)
            let cloudEnv = H.bareEnv(home).merging(["OS_CLOUD": "sim"]) { $1 }
            let open = try await H.vipctl(["networks"], env: cloudEnv, home: home)
            #expect(open.status == 0, "\(open.stderr)")
            #expect(open.stderrLines == ["vipctl: warning: \(yaml) holds password and other users can read it (mode 644); run: chmod 600 \(yaml)"],
                    "\(open.stderr)")
            #expect(!open.stderr.contains(pw))
            #expect(chmod(yaml, 0o600) == 0)
            let closed = try await H.vipctl(["networks"], env: cloudEnv, home: home)
            #expect(closed.status == 0 && closed.stderr.isEmpty, "\(closed.stderr)")
        }
    }
}

/// `vipctl ui --insecure` in a real terminal (tmux): the warning on stderr before the UI, still
/// on the terminal after it quits, and the INSECURE mark in the header on every screen, in red
/// (white on red: SGR 41), and as `[INSECURE]` with NO_COLOR.
@Suite("vipctl ui --insecure in tmux", .serialized,
       .enabled(if: TmuxSession.testsEnabled, "tmux is not installed and VIPCTL_TEST_SKIP_TMUX=1"))
struct InsecureTerminalTests {
    @Test("the header keeps INSECURE (red; [INSECURE] with NO_COLOR) across screens; the stderr warning is left on the terminal")
    func insecureUI() async throws {
        try await SimHarness.with { h in
            let home = try HeadlessCommandTests.TempHome()
            defer { home.remove() }
            for noColor in [false, true] {
                var env = HeadlessCommandTests.osEnv(h, home)
                env["PATH"] = nil
                env["SWIFT_BACKTRACE"] = "interactive=no"
                if noColor { env["NO_COLOR"] = "1" }
                try await TmuxSession.withShell(width: 100, height: 30, environment: env, workingDirectory: home.path) { tmux in
                    try tmux.typeLine(TmuxSession.shellQuote(try ChildRun.vipctlBinary()) + " ui --insecure; echo ui-exit=$?")
                    var screen = try await tmux.waitFor("3 networks", timeout: .seconds(20))
                    let mark = noColor ? "[INSECURE] [LIVE]" : "INSECURE   LIVE"
                    #expect(screen[0].hasSuffix(mark), "\(screen[0])")
                    if !noColor {
                        let top = try tmux.captureWithAttributes()[0]
                        let before = top.components(separatedBy: "INSECURE").first ?? ""
                        let lastSGR = before.components(separatedBy: "\u{1b}[").last ?? ""
                        #expect(lastSGR.contains("41"), "INSECURE is not drawn on red: \(top.debugDescription)")
                    }
                    for (command, until) in [("servers", "12 servers"), ("vips", "VIPs"), ("journal", "OUTCOME")] {
                        try tmux.sendKeys(":")
                        try tmux.type(command)
                        try tmux.sendKeys("Enter")
                        screen = try await tmux.waitFor(until, timeout: .seconds(20))
                        #expect(screen[0].hasSuffix(mark), "\(command): \(screen[0])")
                    }
                    try tmux.sendKeys("?")
                    screen = try await tmux.waitFor("move down")
                    #expect(screen[0].hasSuffix(mark), "help: \(screen[0])")
                    try tmux.sendKeys("Escape", "Q")
                    screen = try await tmux.waitFor("ui-exit=0", timeout: .seconds(20))
                    #expect(screen.contains { $0.hasPrefix("vipctl: warning: TLS certificates are not verified (--insecure)") },
                            "the warning is not on the terminal after the UI: \(screen)")
                }
            }
        }
    }
}

@Suite("A config printed by mistake holds no secret")
struct ConfigDescriptionTests {
    @Test("\"\\(config)\", String(reflecting:) and dump show *** for the password, the application credential secret, the SK and the security token")
    func masked() {
        let user = CloudConfig.UserRef(name: "admin", domainName: "Default")
        for (auth, secret) in [(CloudConfig.Auth.password(user: user, password: "pw-Zq81-never-shown"), "pw-Zq81-never-shown"),
                               (.applicationCredential(id: "ac1", name: nil, user: nil, secret: "ac-Kx55-never-shown"), "ac-Kx55-never-shown"),
                               (.accessKey(AccessKey(accessKey: "AK1", secretKey: "sk-Jw22-never-shown")), "sk-Jw22-never-shown"),
                               (.accessKey(AccessKey(accessKey: "AK1", secretKey: "sk-Jw23-x", securityToken: "tok-Jw24-never-shown")),
                                "tok-Jw24-never-shown")]
        {
            let config = CloudConfig(name: "prod", authURL: "https://k.example.com/v3", auth: auth)
            var dumped = ""
            dump(config, to: &dumped)
            for text in ["\(config)", String(reflecting: config), dumped] {
                #expect(!text.contains(secret), "\(text)")
                #expect(text.contains("***"), "\(text)")
            }
        }
    }
}
