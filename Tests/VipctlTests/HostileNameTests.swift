import CloudAPI
import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Names that try to steer the admin's terminal, on the built `vipctl` against the simulator:
/// anyone who may name a port in the project can set them. Every byte vipctl writes must be
/// inert (no control, no bidi or invisible format character), tables must stay aligned, JSON
/// must carry the exact name, and the plan shown above `Apply? [y/N]` must not be forgeable.
@Suite("hostile names from the cloud")
struct HostileNameTests {
    typealias H = HeadlessCommandTests
    typealias V = VipCommandTests

    /// Sets the terminal title, turns the rest red, clears the screen, reverses text.
    static let painter = "db\u{1B}]0;pwned\u{07}\u{1B}[31mred\u{1B}[2J\u{9B}1;1H\u{202E}lmth.exe\u{200B}"

    /// Erases the lines above and draws a harmless-looking plan of its own.
    static let forger = "x\u{1B}[2K\u{1B}[1A\u{1B}[2K\u{1B}[1A\u{1B}[2K\u{1B}[1A\u{1B}[2K\r"
        + "Plan: delete VIP 192.168.10.250 (unused-test-vip)\n  strategy huawei: nothing else changes\n\n"
        + "Step 1: remove the unused test port\n"

    /// The scalars that must never be written raw (newlines of vipctl's own layout aside).
    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { $0 != "\n" && Inert.escapes($0) }.map { String(format: "U+%04X", $0.value) }
    }

    struct Setup {
        let token: String
        let network: String
        let vip: JSON
        let forgedVIP: JSON
    }

    static func setUp(_ h: SimHarness) async throws -> Setup {
        let token = try await h.token()
        let (net, _) = try await h.makeNetwork(token: token, name: painter, cidr: "10.99.0.0/24")
        let vip = try await h.makePort(token: token, network: net, extra: [("name", .string(painter)), ("device_owner", "neutron:VIP_PORT")])
        let prod = try await h.firstNetwork(named: "prod-net", token: token)
        let forged = try await h.makePort(token: token, network: prod.id,
                                          extra: [("name", .string(forger)), ("device_owner", "neutron:VIP_PORT")])
        return Setup(token: token, network: net, vip: vip, forgedVIP: forged)
    }

    @Test("tables: every byte inert, the hostile name shown escaped, columns aligned", arguments: ["ports", "networks", "vips"])
    func tables(command: String) async throws {
        try await SimHarness.with { h in
            let s = try await Self.setUp(h)
            let r = try await V.run(h, [command])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(Self.rawControls(r.stdout + r.stderr).isEmpty, "raw: \(Self.rawControls(r.stdout + r.stderr))")
            #expect(r.stdout.contains("db\\e]0;pwned\\x07\\e[31mred\\e[2J\\x9b1;1H\\u202elmth.exe\\u200b"), "\(r.stdout)")
            // Aligned: the second column starts at the same character offset on every line.
            let lines = r.stdout.split(separator: "\n").map(String.init)
            let header = try #require(lines.first)
            let second = try #require(header.range(of: "  ", options: [])).upperBound
            let col = header.distance(from: header.startIndex, to: header[second...].firstIndex { $0 != " " } ?? second)
            for line in lines.dropFirst() where line.contains(s.vip.id) || line.contains(s.network) {
                let start = line.index(line.startIndex, offsetBy: col)
                #expect(line[line.index(before: start)] == " " && line[start] != " ", "misaligned: \(line)")
            }
        }
    }

    @Test("JSON carries the exact name, with every control and format character as a JSON escape")
    func json() async throws {
        try await SimHarness.with { h in
            let s = try await Self.setUp(h)
            let r = try await V.run(h, ["ports", "--output", "json"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(Self.rawControls(r.stdout).isEmpty, "raw: \(Self.rawControls(r.stdout))")
            #expect(r.stdout.contains("\\u001b]0;pwned\\u0007") && r.stdout.contains("\\u202e") && r.stdout.contains("\\u009b"))
            let ports = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
            let mine = try #require(ports?.first { $0["id"] as? String == s.vip.id })
            #expect(mine["name"] as? String == Self.painter)
        }
    }

    @Test("the plan cannot be forged: the hostile VIP name is quoted and escaped on one line of the real plan")
    func plan() async throws {
        try await SimHarness.with { h in
            let s = try await Self.setUp(h)
            let r = try await V.run(h, ["vip", "delete", s.forgedVIP.id, "--dry-run"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(Self.rawControls(r.stdout + r.stderr).isEmpty, "raw: \(Self.rawControls(r.stdout + r.stderr))")
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(!lines.contains { $0.hasPrefix("Plan: delete VIP 192.168.10.250") || $0.hasPrefix("Step 1: remove the unused") }, "\(r.stdout)")
            let head = try #require(lines.first)
            #expect(head.hasPrefix("Plan: delete VIP \"x\\e[2K\\e[1A") && head.hasSuffix("(\(s.forgedVIP.firstIP))"), "\(head)")
            #expect(lines.filter { $0.hasPrefix("Plan:") }.count == 1)
        }
    }

    @Test("the fake-plan attack on a terminal: above Apply? [y/N] stands the real plan, the name shown as data",
          .enabled(if: TmuxSession.testsEnabled))
    func planOnTerminal() async throws {
        try await SimHarness.with { h in
            let s = try await Self.setUp(h)
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env.removeValue(forKey: "PATH")
            env.removeValue(forKey: "HOME")
            let vipctl = TmuxSession.shellQuote(try ChildRun.vipctlBinary())
            try await TmuxSession.withShell(width: 120, height: 40, environment: env) { tmux in
                try tmux.typeLine("clear; \(vipctl) vip delete \(s.forgedVIP.id); echo \"rc=$?\"")
                let screen = try await tmux.waitFor("Apply? [y/N]")
                let text = screen.joined(separator: "\n")
                #expect(!screen.contains { $0.hasPrefix("Plan: delete VIP 192.168.10.250") }, "\(text)")
                #expect(screen.contains { $0.hasPrefix("Plan: delete VIP \"x\\e[2K") && $0.contains(s.forgedVIP.firstIP) }, "\(text)")
                #expect(screen.contains { $0.hasPrefix("  DELETE /v2.0/ports/\(s.forgedVIP.id)") }, "\(text)")
                try tmux.sendKeys("Enter")
                try await tmux.waitFor("rc=1")
            }
            #expect(try await V.port(h, s.forgedVIP.id, token: s.token).status == 200)
        }
    }

    @Test("an error message holding text from a file (a region name with escapes in clouds.yaml): one inert line")
    func errorMessage() async throws {
        try await SimHarness.with { h in
            let yaml = V.cloudsYAML(h, region: #""Region\e]0;pwned\a\e[31m\nOne""#)
            let r = try await V.run(h, ["ports"], yaml: yaml)
            #expect(r.status != 0)
            #expect(Self.rawControls(r.stdout + r.stderr).isEmpty, "raw: \(Self.rawControls(r.stdout + r.stderr))")
            #expect(r.stderrLines.count == 1, "stderr: \(r.stderr)")
            #expect(r.stderr.contains("Region\\e]0;pwned\\x07\\e[31m\\nOne"), "stderr: \(r.stderr)")
        }
    }
}
