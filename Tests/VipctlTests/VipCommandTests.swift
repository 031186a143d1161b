import CloudSimulator
import Foundation
import Testing
import TestSupport

/// The changing commands (`vip create|bind|unbind|delete`, `nic check`) as a user runs them:
/// the built `vipctl` in a child process against an in-process simulator (demo scenario),
/// checked on exit code, stdout, stderr, and on what the simulator holds afterwards over HTTP.
@Suite("vipctl vip and nic commands")
struct VipCommandTests {
    typealias H = HeadlessCommandTests

    // MARK: helpers

    static func run(_ h: SimHarness, _ args: [String], extraEnv: [String: String] = [:], yaml: String? = nil) async throws -> ProcessOutput {
        let home = try H.TempHome()
        defer { home.remove() }
        var env = H.osEnv(h, home).merging(extraEnv) { _, new in new }
        if let yaml {
            // clouds.yaml in the working directory, selected with OS_CLOUD; no OS_* auth.
            env = H.bareEnv(home).merging(extraEnv) { _, new in new }
            env["OS_CLOUD"] = "sim"
            try yaml.write(toFile: home.path + "/clouds.yaml", atomically: true, encoding: .utf8)
            // As a careful admin keeps a file with a password (else vipctl warns about it).
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home.path + "/clouds.yaml")
        }
        return try await ChildRun.run(try ChildRun.vipctlBinary(), args, environment: env, directory: home.path, timeout: .seconds(30))
    }

    static func cloudsYAML(_ h: SimHarness, extra: String = "", region: String = "RegionOne") -> String {
        """
        clouds:
          sim:
            auth:
              auth_url: \(h.identity)
              username: demo
              password: demo-secret
              project_name: demo
              user_domain_name: Default
              project_domain_name: Default
            region_name: \(region)
        \(extra)

        """
    }

    struct Demo {
        let token: String
        let ports: [JSON]
        func port(ip: String) throws -> JSON { try #require(ports.first { $0.firstIP == ip }, "no port with \(ip)") }
        func vip(_ name: String) throws -> JSON { try #require(ports.first { $0["name"]?.stringValue == name }, "no port \(name)") }
    }

    static func demo(_ h: SimHarness) async throws -> Demo {
        let token = try await h.token()
        return Demo(token: token, ports: try await h.allPorts(token: token))
    }

    static func port(_ h: SimHarness, _ id: String, token: String) async throws -> HTTPResult {
        try await h.get(h.network + "/ports/" + id, token: token)
    }

    static func pairIPs(_ h: SimHarness, _ id: String, token: String) async throws -> [String] {
        let r = try await port(h, id, token: token)
        try #require(r.status == 200, "GET port \(id): \(r.status) \(r.text)")
        return r.json["port"]?.pairIPs ?? []
    }

    /// The requests the simulator counted, by "METHOD /route".
    static func requests(_ h: SimHarness) async throws -> [String: Int] {
        let s = try await h.stats()
        var out: [String: Int] = [:]
        for (k, v) in s["requests"]?.objectValue ?? JSONObject() { out[k] = v.intValue ?? 0 }
        return out
    }

    /// Every request besides GETs and keystone's token issue (what --read-only must never send).
    static func writes(_ h: SimHarness) async throws -> [String] {
        try await requests(h).keys.filter { !$0.hasPrefix("GET ") && $0 != "POST /identity/v3/auth/tokens" }.sorted()
    }

    /// The exact body of a PUT of `pairs` (kept pairs with their MAC, new ones without).
    static func pairsBody(kept: [JSON], added: [String]) -> String {
        var items = kept.map { p in
            "{\"ip_address\":\"\(p["ip_address"]?.stringValue ?? "")\"" + (p["mac_address"]?.stringValue.map { ",\"mac_address\":\"\($0)\"" } ?? "") + "}"
        }
        items += added.map { "{\"ip_address\":\"\($0)\"}" }
        return "{\"port\":{\"allowed_address_pairs\":[" + items.joined(separator: ",") + "]}}"
    }

    // MARK: bind

    @Test("vip bind --dry-run: the plan names the strategy, each request with its exact body and If-Match, the diffs; nothing sent")
    func bindDryRun() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-web"), web01 = try d.port(ip: "192.168.10.11")
            let r = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--dry-run"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stderr.isEmpty, "stderr: \(r.stderr)")
            let out = r.stdout
            #expect(out.contains("Plan: bind VIP vip-web (192.168.10.100) to web-01 (NIC 192.168.10.11)"), "\(out)")
            #expect(out.contains("strategy huawei"), "\(out)")
            let vipBody = Self.pairsBody(kept: vip["allowed_address_pairs"]?.arrayValue ?? [], added: ["192.168.10.11"])
            #expect(out.contains("  PUT /v2.0/ports/\(vip.id)\n  If-Match: revision_number=\(vip["revision_number"]?.intValue ?? -1)\n  \(vipBody)\n"),
                    "\(out)")
            #expect(out.contains("  PUT /v2.0/ports/\(web01.id)\n  If-Match: revision_number=\(web01["revision_number"]?.intValue ?? -1)\n"
                + "  {\"port\":{\"allowed_address_pairs\":[{\"ip_address\":\"1.1.1.1/0\"}]}}\n"), "\(out)")
            #expect(out.contains("    before: 192.168.10.21, 192.168.10.22\n    after:  192.168.10.21, 192.168.10.22, 192.168.10.11   (+192.168.10.11)"),
                    "\(out)")
            #expect(out.contains("    before: (none)\n    after:  1.1.1.1/0   (+1.1.1.1/0)"), "\(out)")
            #expect(out.contains("Warnings:\n  ! 1.1.1.1/0 turns off anti-spoofing on NIC 192.168.10.11 of web-01"), "\(out)")
            #expect(out.contains("2 requests, 1 round trip on the critical path."), "\(out)")
            #expect(out.hasSuffix("Dry run: nothing was sent.\n"), "\(out)")
            #expect(try await Self.writes(h) == [])
            #expect(try await Self.pairIPs(h, vip.id, token: d.token) == ["192.168.10.21", "192.168.10.22"])
        }
    }

    @Test("vip bind --yes: applied; the simulator holds the merged pairs and 1.1.1.1/0; progress on stderr, report on stdout")
    func bindApplies() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-web"), web01 = try d.port(ip: "192.168.10.11")
            let r = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--yes"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(try await Self.pairIPs(h, vip.id, token: d.token).sorted() == ["192.168.10.11", "192.168.10.21", "192.168.10.22"])
            #expect(try await Self.pairIPs(h, web01.id, token: d.token) == ["1.1.1.1/0"])
            #expect(r.stdout.contains("\nApplied: 2 writes sent ("), "\(r.stdout)")
            #expect(!r.stderrLines.isEmpty && r.stderrLines.allSatisfy { $0.hasPrefix("apply: ") }, "stderr: \(r.stderr)")
            #expect(r.stderr.contains("apply: step 1/2 PUT /v2.0/ports/"), "stderr: \(r.stderr)")
            #expect(r.stderr.contains(": done"), "stderr: \(r.stderr)")
            #expect(try await Self.requests(h)["PUT /networking/v2.0/ports/{id}"] == 2)
        }
    }

    @Test("nothing to do (already bound; check already off): exit 0, says so, sends nothing, also without a terminal")
    func nothingToDo() async throws {
        try await SimHarness.with { h in
            let r = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "lb-01"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("Nothing to do: vip-web is already bound to lb-01 (192.168.10.21)."), "\(r.stdout)")
            #expect(r.stderr.isEmpty, "stderr: \(r.stderr)")
            let c = try await Self.run(h, ["nic", "check", "--port", "192.168.10.21", "off", "--yes", "--output", "json"])
            #expect(c.status == 0, "stderr: \(c.stderr)")
            let j = try JSON.parse(c.stdout)
            #expect(j["result"]?.stringValue == "nothing to do")
            #expect(j["plan"]?["steps"]?.arrayValue?.isEmpty == true)
            #expect(j["plan"]?["nothing_to_do"]?.stringValue?.contains("already has its source/destination check off") == true, "\(c.stdout)")
            #expect(j["report"] == .null)
            #expect(try await Self.writes(h) == [])
        }
    }

    @Test("no terminal and neither --yes nor --dry-run: the plan, then a refusal on stderr, exit 2, nothing sent")
    func refusesWithoutTerminal() async throws {
        try await SimHarness.with { h in
            let r = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01"])
            #expect(r.status == 2, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("Plan: bind VIP vip-web"), "\(r.stdout)")
            #expect(r.stderrLines.count == 1, "stderr: \(r.stderr)")
            #expect(r.stderrLines.first?.hasPrefix("vipctl: not applied: no terminal") == true, "stderr: \(r.stderr)")
            #expect(r.stderr.contains("--yes") && r.stderr.contains("--dry-run"), "stderr: \(r.stderr)")
            #expect(try await Self.writes(h) == [])
        }
    }

    // MARK: read-only

    @Test("--read-only (flag, and read_only: true in clouds.yaml) with --yes: plan printed, exit 2, nothing but GETs sent")
    func readOnly() async throws {
        try await SimHarness.with { h in
            let r = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--yes", "--read-only"])
            #expect(r.status == 2, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("Plan: bind VIP vip-web"), "\(r.stdout)")
            #expect(r.stderrLines.count == 1, "stderr: \(r.stderr)")
            #expect(r.stderr.contains("read-only") && r.stderr.contains("nothing was sent"), "stderr: \(r.stderr)")
            #expect(try await Self.writes(h) == [])

            let y = try await Self.run(h, ["vip", "create", "--network", "prod-net", "--bind", "web-01", "--yes", "--output", "json"],
                                       yaml: Self.cloudsYAML(h, extra: "    read_only: true"))
            #expect(y.status == 2, "stderr: \(y.stderr)")
            #expect(try JSON.parse(y.stdout)["result"]?.stringValue == "read-only", "\(y.stdout)")
            #expect(y.stderr.contains("read-only"), "stderr: \(y.stderr)")
            #expect(try await Self.writes(h) == [])
            let gets = try await Self.requests(h).keys.filter { $0.hasPrefix("GET ") }
            #expect(!gets.isEmpty)
        }
    }

    // MARK: create

    @Test("vip create --ip --bind A --bind B --yes --output json: the VIP exists with both NIC IPs, both NICs have 1.1.1.1/0")
    func createWithBind() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let app01 = try d.port(ip: "192.168.10.31"), app02 = try d.port(ip: "192.168.10.32")
            let r = try await Self.run(h, ["vip", "create", "--network", "prod-net", "--ip", "192.168.10.50", "--name", "vip-app",
                                           "--bind", "app-01", "--bind", "app-02:192.168.10.32", "--yes", "--output", "json"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let j = try JSON.parse(r.stdout)
            #expect(j["command"]?.stringValue == "vip create")
            #expect(j["result"]?.stringValue == "applied")
            #expect(j["plan"]?["strategy"]?.stringValue == "huawei")
            #expect(j["plan"]?["intent"]?["action"]?.stringValue == "create_vip")
            #expect(j["plan"]?["intent"]?["nic_port_ids"]?.arrayValue?.compactMap(\.stringValue) == [app01.id, app02.id])
            let steps = j["plan"]?["steps"]?.arrayValue ?? []
            #expect(steps.count == 3)
            let post = try #require(steps.first)
            #expect(post["method"]?.stringValue == "POST" && post["path"]?.stringValue == "/v2.0/ports")
            let net = try await h.firstNetwork(named: "prod-net", token: d.token)
            let subnet = net["subnets"]?.arrayValue?.first?.stringValue ?? "?"
            #expect(post["body"]?.stringValue == "{\"port\":{\"network_id\":\"\(net.id)\",\"device_owner\":\"neutron:VIP_PORT\",\"name\":\"vip-app\","
                + "\"fixed_ips\":[{\"subnet_id\":\"\(subnet)\",\"ip_address\":\"192.168.10.50\"}],"
                + "\"allowed_address_pairs\":[{\"ip_address\":\"192.168.10.31\"},{\"ip_address\":\"192.168.10.32\"}]}}", "\(post)")
            #expect(post["if_match"] == .null)
            #expect(post["created_by_step"]?.intValue == 1 && post["port_id"] == .null)
            let report = try #require(j["report"]?.objectValue)
            #expect(report["outcome"]?.stringValue == "applied")
            #expect(report["writes"]?.arrayValue?.compactMap { $0["method"]?.stringValue } .sorted() == ["POST", "PUT", "PUT"])
            let ports = report["ports"]?.arrayValue ?? []
            #expect(ports.count == 3 && ports.allSatisfy { $0["exists"]?.boolValue == true }, "\(ports)")
            let vipID = try #require(report["vip_port_id"]?.stringValue)
            let vip = try await Self.port(h, vipID, token: d.token).json["port"]
            #expect(vip?["device_owner"]?.stringValue == "neutron:VIP_PORT")
            #expect(vip?["name"]?.stringValue == "vip-app")
            #expect(vip?.firstIP == "192.168.10.50")
            #expect(vip?.pairIPs.sorted() == ["192.168.10.31", "192.168.10.32"])
            #expect(try await Self.pairIPs(h, app01.id, token: d.token) == ["1.1.1.1/0"])
            #expect(try await Self.pairIPs(h, app02.id, token: d.token) == ["1.1.1.1/0"])
            // vipctl vips now resolves it to both servers.
            let vips = try await Self.run(h, ["vips", "--output", "json"])
            let row = try JSON.parse(vips.stdout).arrayValue?.first { $0.id == vipID }
            #expect(row?["bound"]?.arrayValue?.compactMap { $0["server_name"]?.stringValue } == ["app-01", "app-02"])
        }
    }

    // MARK: unbind, delete, nic check

    @Test("vip unbind --server lb-02 --yes: only lb-02's IP leaves vip-web's pairs; 1.1.1.1/0 stays, with a warning")
    func unbind() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-web"), lb02 = try d.port(ip: "192.168.10.22")
            let r = try await Self.run(h, ["vip", "unbind", "vip-web", "--server", "lb-02", "--yes"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("1.1.1.1/0 stays on NIC 192.168.10.22 of lb-02"), "\(r.stdout)")
            #expect(try await Self.pairIPs(h, vip.id, token: d.token) == ["192.168.10.21"])
            #expect(try await Self.pairIPs(h, lb02.id, token: d.token) == ["1.1.1.1/0"])
            let again = try await Self.run(h, ["vip", "unbind", "vip-web", "--server", "lb-02", "--yes"])
            #expect(again.status == 0, "stderr: \(again.stderr)")
            #expect(again.stdout.contains("Nothing to do: vip-web is not bound to lb-02"), "\(again.stdout)")
        }
    }

    @Test("vip delete: refused while bound (exit 1, one line); --unbind --yes empties the pairs, then deletes")
    func delete() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-db")
            let refused = try await Self.run(h, ["vip", "delete", "vip-db", "--yes"])
            #expect(refused.status == 1)
            #expect(refused.stderrLines.count == 1, "stderr: \(refused.stderr)")
            #expect(refused.stderr.contains("vip-db is bound to 2 NICs") && refused.stderr.contains("--unbind"), "stderr: \(refused.stderr)")
            #expect(try await Self.writes(h) == [])

            let dry = try await Self.run(h, ["vip", "delete", "192.168.20.100", "--unbind", "--dry-run"])
            #expect(dry.status == 0, "stderr: \(dry.stderr)")
            #expect(dry.stdout.contains("  DELETE /v2.0/ports/\(vip.id)\n  If-Match: revision_number=(the one step 1 returns)\n"), "\(dry.stdout)")
            #expect(dry.stdout.contains("{\"port\":{\"allowed_address_pairs\":[]}}"), "\(dry.stdout)")

            let r = try await Self.run(h, ["vip", "delete", vip.id, "--unbind", "--yes"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(try await Self.port(h, vip.id, token: d.token).status == 404)
        }
    }

    @Test("nic check --port IP off / on --yes: 1.1.1.1/0 added and removed, other pairs kept")
    func nicCheck() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let nic = try d.port(ip: "192.168.20.12")
            let pre = try await h.request("PUT", h.network + "/ports/" + nic.id,
                                          json: ["port": ["allowed_address_pairs": [["ip_address": "192.168.20.99"]]]], token: d.token)
            try #require(pre.status == 200, "\(pre.text)")
            let off = try await Self.run(h, ["nic", "check", "--port", "192.168.20.12", "off", "--yes"])
            #expect(off.status == 0, "stderr: \(off.stderr)")
            #expect(off.stdout.contains("Plan: turn the source/destination check off on 数据库备节点 (NIC 192.168.20.12)"), "\(off.stdout)")
            #expect(try await Self.pairIPs(h, nic.id, token: d.token).sorted() == ["1.1.1.1/0", "192.168.20.99"])
            let on = try await Self.run(h, ["nic", "check", "--port", nic.id, "on", "--yes"])
            #expect(on.status == 0, "stderr: \(on.stderr)")
            #expect(try await Self.pairIPs(h, nic.id, token: d.token) == ["192.168.20.99"])
        }
    }

    // MARK: strategy

    @Test("--strategy openstack, and vip_strategy: openstack in clouds.yaml: the NIC's pairs get the VIP address")
    func openstackStrategy() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-web"), web01 = try d.port(ip: "192.168.10.11")
            let dry = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--dry-run", "--output", "json"],
                                         yaml: Self.cloudsYAML(h, extra: "    vip_strategy: openstack"))
            #expect(dry.status == 0, "stderr: \(dry.stderr)")
            let j = try JSON.parse(dry.stdout)
            #expect(j["plan"]?["strategy"]?.stringValue == "openstack")
            #expect(j["result"]?.stringValue == "dry run")
            #expect(j["plan"]?["steps"]?.arrayValue?.compactMap { $0["body"]?.stringValue }
                == ["{\"port\":{\"allowed_address_pairs\":[{\"ip_address\":\"192.168.10.100\"}]}}"], "\(dry.stdout)")

            let r = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--strategy", "openstack", "--yes"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("strategy openstack"), "\(r.stdout)")
            #expect(try await Self.pairIPs(h, web01.id, token: d.token) == ["192.168.10.100"])
            #expect(try await Self.pairIPs(h, vip.id, token: d.token) == ["192.168.10.21", "192.168.10.22"])
        }
    }

    // MARK: errors

    @Test("name lookups: unknown and ambiguous names, a server with two NICs in the network, a NIC in another network")
    func lookupErrors() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            func fails(_ args: [String], _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let r = try await Self.run(h, args)
                #expect(r.status == 1, "\(args): stderr: \(r.stderr)", sourceLocation: sourceLocation)
                #expect(r.stdout.isEmpty, "\(args): \(r.stdout)", sourceLocation: sourceLocation)
                #expect(r.stderrLines.count == 1 && r.stderrLines.first?.hasPrefix("vipctl: ") == true, "\(args): stderr: \(r.stderr)",
                        sourceLocation: sourceLocation)
                for f in fragments { #expect(r.stderr.contains(f), "\(args): \(f) not in \(r.stderr)", sourceLocation: sourceLocation) }
            }
            try await fails(["vip", "bind", "nope", "--server", "web-01", "--yes"], ["no VIP named or with id \"nope\""])
            try await fails(["vip", "bind", "vip-web", "--server", "nope", "--yes"], ["no server named or with id \"nope\""])
            try await fails(["vip", "create", "--network", "nope", "--yes"], ["no network named or with id \"nope\""])
            try await fails(["nic", "check", "--port", "10.9.9.9", "off", "--yes"], ["no port named or with id \"10.9.9.9\""])

            // Two networks named alike, two VIPs named alike.
            let (n1, _) = try await h.makeNetwork(token: d.token, name: "twin-net", cidr: "10.50.0.0/24")
            let (n2, _) = try await h.makeNetwork(token: d.token, name: "twin-net", cidr: "10.51.0.0/24")
            try await fails(["vip", "create", "--network", "twin-net", "--yes"], ["\"twin-net\" matches 2 networks", n1, n2, "use the id"])
            let v1 = try await h.makePort(token: d.token, network: n1, extra: [("name", "twin-vip"), ("device_owner", "neutron:VIP_PORT")])
            let v2 = try await h.makePort(token: d.token, network: n2, extra: [("name", "twin-vip"), ("device_owner", "neutron:VIP_PORT")])
            try await fails(["vip", "delete", "twin-vip", "--yes"], ["\"twin-vip\" matches 2 VIPs", v1.id, v2.id])

            // web-01 gets a second NIC in prod-net: --nic (or SERVER:NIC-IP) is needed.
            let web01 = try d.port(ip: "192.168.10.11")
            let prod = try #require(web01["network_id"]?.stringValue)
            let second = try await h.makePort(token: d.token, network: prod, extra: [("device_owner", "compute:nova"),
                                                                                        ("device_id", web01["device_id"] ?? .null)])
            try await fails(["vip", "bind", "vip-web", "--server", "web-01", "--yes"],
                            ["web-01 has 2 NICs in network prod-net", "192.168.10.11", second.firstIP, "--nic"])
            let withNIC = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--nic", second.firstIP, "--dry-run"])
            #expect(withNIC.status == 0, "stderr: \(withNIC.stderr)")
            #expect(withNIC.stdout.contains("to web-01 (NIC \(second.firstIP))"), "\(withNIC.stdout)")
            let colon = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01:192.168.10.11", "--dry-run"])
            #expect(colon.status == 0, "stderr: \(colon.stderr)")
            #expect(colon.stdout.contains("to web-01 (NIC 192.168.10.11)"), "\(colon.stdout)")
            // A NIC outside the VIP's network.
            try await fails(["vip", "bind", "vip-db", "--server", "web-01", "--nic", "192.168.10.11", "--yes"],
                            ["is in network prod-net, not in the VIP's network db-net"])
            try await fails(["vip", "bind", "vip-db", "--server", "bastion", "--yes"], ["bastion has no NIC in network db-net"])
            #expect(try await Self.writes(h) == ["POST /networking/v2.0/networks", "POST /networking/v2.0/ports", "POST /networking/v2.0/subnets"])
        }
    }

    @Test("usage and configuration errors exit 2: --yes with --dry-run, a bad --strategy, a bad vip_strategy, a missing option")
    func usageErrors() async throws {
        try await SimHarness.with { h in
            let both = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--yes", "--dry-run"])
            #expect(both.status == 2, "stderr: \(both.stderr)")
            #expect(both.stderr.contains("--yes and --dry-run exclude each other"), "stderr: \(both.stderr)")
            let strategy = try await Self.run(h, ["vip", "delete", "vip-web", "--strategy", "azure", "--dry-run"])
            #expect(strategy.status == 2, "stderr: \(strategy.stderr)")
            let missing = try await Self.run(h, ["vip", "bind", "vip-web", "--dry-run"])
            #expect(missing.status == 2, "stderr: \(missing.stderr)")
            #expect(missing.stderr.contains("--server"), "stderr: \(missing.stderr)")
            let yaml = try await Self.run(h, ["vip", "delete", "vip-web", "--dry-run"], yaml: Self.cloudsYAML(h, extra: "    vip_strategy: azure"))
            #expect(yaml.status == 2, "stderr: \(yaml.stderr)")
            #expect(yaml.stderrLines.count == 1 && yaml.stderr.contains("vip_strategy"), "stderr: \(yaml.stderr)")
            #expect(try await Self.writes(h) == [])
        }
    }

    @Test("cloud options after the subcommand: --os-cloud NAME and --debug-log FILE (writes with body and If-Match, no secrets)")
    func cloudOptionsAfterSubcommand() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-web")
            let home = try H.TempHome()
            defer { home.remove() }
            try Self.cloudsYAML(h, extra: "").write(toFile: home.path + "/clouds.yaml", atomically: true, encoding: .utf8)
            let log = home.path + "/calls.log"
            let r = try await ChildRun.run(try ChildRun.vipctlBinary(),
                                           ["vip", "bind", "vip-web", "--server", "web-01", "--yes", "--os-cloud", "sim", "--debug-log", log],
                                           environment: H.bareEnv(home), directory: home.path, timeout: .seconds(30))
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let text = try String(contentsOfFile: log, encoding: .utf8)
            #expect(text.contains("PUT \(h.network)/ports/\(vip.id) -> 200"), "\(text.prefix(600))")
            #expect(text.contains("If-Match: revision_number=\(vip["revision_number"]?.intValue ?? -1)"))
            #expect(text.contains("\"ip_address\":\"192.168.10.11\""))
            #expect(text.contains("X-Auth-Token: ***"))
            for secret in ["demo-secret", "gAAAAAB"] {
                #expect(!text.contains(secret))
                #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret))
            }
        }
    }

    // MARK: failures

    @Test("a write that is refused: the done step is undone, exit 1, the report says rolled back, the cloud is as it was")
    func rollback() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-web"), web01 = try d.port(ip: "192.168.10.11")
            // The second PUT fails (the first is the VIP's or the NIC's, whichever runs first).
            let f = try await h.request("POST", h.baseURL + "/__sim/faults",
                                        json: ["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 400,
                                                          "after": 1, "count": 1, "body": "neutron"]]])
            try #require(f.status == 200, "\(f.text)")
            let r = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--yes"])
            #expect(r.status == 1, "stdout: \(r.stdout) stderr: \(r.stderr)")
            #expect(r.stdout.contains("Failed, rolled back"), "\(r.stdout)")
            #expect(r.stderr.contains(": Neutron 400"), "stderr: \(r.stderr)")
            #expect(r.stderrLines.last?.hasPrefix("vipctl: apply failed; rolled back") == true, "stderr: \(r.stderr)")
            #expect(try await Self.pairIPs(h, vip.id, token: d.token) == ["192.168.10.21", "192.168.10.22"])
            #expect(try await Self.pairIPs(h, web01.id, token: d.token) == [])
        }
    }

    @Test("a concurrent change between plan and apply (VIPCTL_TEST_PAUSE_BEFORE_APPLY): the delta is merged into a fresh read, both changes kept")
    func concurrentChange() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-web")
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env["VIPCTL_TEST_PAUSE_BEFORE_APPLY"] = "3"
            let child = try Background(args: ["vip", "bind", "vip-web", "--server", "web-01", "--yes"], env: env, home: home)
            defer { child.kill() }
            try await child.waitForStderr("VIPCTL_TEST_PAUSE_BEFORE_APPLY", timeout: .seconds(20))
            // Someone else adds a pair to the VIP meanwhile.
            let current = try await Self.port(h, vip.id, token: d.token).json["port"]?["allowed_address_pairs"]?.arrayValue ?? []
            let put = try await h.request("PUT", h.network + "/ports/" + vip.id,
                                          json: ["port": ["allowed_address_pairs": .array(current + [["ip_address": "192.168.10.77"]])]],
                                          token: d.token)
            try #require(put.status == 200, "\(put.text)")
            let status = try await child.wait(timeout: .seconds(30))
            let err = child.stderr
            #expect(status == 0, "stderr: \(err)")
            #expect(try await Self.pairIPs(h, vip.id, token: d.token).sorted() == ["192.168.10.11", "192.168.10.21", "192.168.10.22", "192.168.10.77"])
            #expect((try await Self.requests(h)["PUT /networking/v2.0/ports/{id}"] ?? 0) == 3, "the other writer's PUT and vipctl's two")
        }
    }

    @Test("the cloud changed beyond the delta after the plan was shown (web-01 got bound meanwhile): nothing sent, exit 4, the new plan printed")
    func planChangedStops() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let vip = try d.vip("vip-web"), web01 = try d.port(ip: "192.168.10.11")
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env["VIPCTL_TEST_PAUSE_BEFORE_APPLY"] = "3"
            let child = try Background(args: ["vip", "bind", "vip-web", "--server", "web-01", "--yes"], env: env, home: home)
            defer { child.kill() }
            try await child.waitForStderr("VIPCTL_TEST_PAUSE_BEFORE_APPLY", timeout: .seconds(20))
            // A colleague binds web-01 by hand meanwhile (its NIC gets 1.1.1.1/0 already).
            let put = try await h.request("PUT", h.network + "/ports/" + web01.id,
                                          json: ["port": ["allowed_address_pairs": [["ip_address": "1.1.1.1/0"]]]], token: d.token)
            try #require(put.status == 200, "\(put.text)")
            let status = try await child.wait(timeout: .seconds(30))
            #expect(status == 4, "stderr: \(child.stderr)")
            #expect(child.stderr.contains("the cloud changed since the plan was shown; nothing was sent"), "stderr: \(child.stderr)")
            #expect((try await Self.requests(h)["PUT /networking/v2.0/ports/{id}"] ?? 0) == 1, "only the colleague's PUT")
            #expect(try await Self.pairIPs(h, vip.id, token: d.token).sorted() == ["192.168.10.21", "192.168.10.22"])
        }
    }

    // MARK: terminal

    @Test("on a terminal: Apply? [y/N]; Enter (no) sends nothing and exits 1; y applies", .enabled(if: TmuxSession.testsEnabled))
    func asksOnTerminal() async throws {
        try await SimHarness.with { h in
            let d = try await Self.demo(h)
            let web01 = try d.port(ip: "192.168.10.11")
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env.removeValue(forKey: "PATH")
            env.removeValue(forKey: "HOME")
            let vipctl = TmuxSession.shellQuote(try ChildRun.vipctlBinary())
            try await TmuxSession.withShell(width: 120, height: 40, environment: env) { tmux in
                try tmux.typeLine("\(vipctl) vip bind vip-web --server web-01; echo \"rc=$?\"")
                try await tmux.waitFor("Apply? [y/N]")
                try tmux.sendKeys("Enter")
                try await tmux.waitFor("rc=1")
                #expect(try tmux.capture().contains { $0.contains("not applied (answered no)") })
                #expect(try await Self.writes(h) == [])

                try tmux.typeLine("clear; \(vipctl) vip bind vip-web --server web-01; echo \"rc=$?\"")
                try await tmux.waitFor("Apply? [y/N]")
                try tmux.typeLine("y")
                try await tmux.waitFor("rc=0")
                #expect(try tmux.capture().contains { $0.hasPrefix("Applied: 2 writes sent") })
            }
            #expect(try await Self.pairIPs(h, web01.id, token: d.token) == ["1.1.1.1/0"])
        }
    }
}

/// The built vipctl in the background with stdout and stderr in files, so a test can act while
/// it runs (e.g. during VIPCTL_TEST_PAUSE_BEFORE_APPLY).
final class Background {
    let child: SpawnedChild

    init(args: [String], env: [String: String], home: HeadlessCommandTests.TempHome) throws {
        child = try Spawn.start([try ChildRun.vipctlBinary()] + args, environment: env, directory: home.path)
    }

    var pid: pid_t { child.pid }
    var stdout: String { child.stdout }
    var stderr: String { child.stderr }

    func waitForStderr(_ text: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while !stderr.contains(text) {
            if ContinuousClock.now > deadline || !child.isRunning {
                throw HarnessError("\"\(text)\" never appeared on stderr: \(stderr); stdout: \(stdout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func wait(timeout: Duration) async throws -> Int32 {
        try await child.wait(timeout: timeout).status
    }

    func kill() { child.killGroup() }
}
