import CloudSimulator
import Foundation
import Testing
import TestSupport

/// The headless read commands as a user runs them: the built `vipctl` in a child process, with
/// a controlled environment (PATH, a fresh HOME and the OS_* variables of an in-process
/// simulator), checked on exit code, stdout and stderr.
@Suite("vipctl headless read commands")
struct HeadlessCommandTests {
    // MARK: helpers

    typealias TempHome = TestSupport.TempHome

    static var path: String { ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }

    /// PATH and HOME only.
    static func bareEnv(_ home: TempHome) -> [String: String] { ["PATH": path, "HOME": home.path] }

    /// PATH, HOME and the OS_* variables of the demo user on `h` (TestSupport's one helper).
    static func osEnv(_ h: SimHarness, _ home: TempHome, authURL: String? = nil) -> [String: String] {
        h.osEnvironment(home: home.path, authURL: authURL)
    }

    static func vipctl(_ args: [String], env: [String: String], home: TempHome) async throws -> ProcessOutput {
        // Generous: an apply without If-Match waits out a quiet period of 3 write round trips,
        // which stretch on a loaded 2-core CI machine; a hang still fails.
        try await ChildRun.run(try ChildRun.vipctlBinary(), args, environment: env, directory: home.path, timeout: .seconds(60))
    }

    /// Runs a command that must succeed silently on stderr and parses its stdout as JSON.
    static func json(_ h: SimHarness, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSON {
        let home = try TempHome()
        defer { home.remove() }
        let r = try await vipctl(args, env: osEnv(h, home), home: home)
        try #require(r.status == 0, "exit \(r.status); stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.isEmpty, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        do {
            return try JSON.parse(r.stdout)
        } catch {
            Issue.record("stdout is not JSON (\(error)): \(r.stdout)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// The servers of demo as Nova lists them over HTTP: name -> id.
    static func novaServerIDs(_ h: SimHarness, token: String) async throws -> [String: String] {
        let r = try await h.get(h.compute + "/servers/detail", token: token)
        try #require(r.status == 200, "\(r.status) \(r.text)")
        var out: [String: String] = [:]
        for s in r.json["servers"]?.arrayValue ?? [] {
            if let name = s["name"]?.stringValue { out[name] = s.id }
        }
        return out
    }

    static func strings(_ j: JSON?, _ key: String) -> [String] {
        (j?.arrayValue ?? []).compactMap { $0[key]?.stringValue }
    }

    /// (subnet_id, ip_address) of `fixed_ips`, in order.
    static func fixedIPs(_ port: JSON) -> [String] {
        (port["fixed_ips"]?.arrayValue ?? []).map { ($0["subnet_id"]?.stringValue ?? "?") + " " + ($0["ip_address"]?.stringValue ?? "?") }
    }

    /// (ip_address, mac_address) of `allowed_address_pairs`, in order.
    static func pairs(_ port: JSON) -> [String] {
        (port["allowed_address_pairs"]?.arrayValue ?? []).map { ($0["ip_address"]?.stringValue ?? "?") + " " + ($0["mac_address"]?.stringValue ?? "-") }
    }

    static let fleet: [String: String] = [
        "web-01": "192.168.10.11", "web-02": "192.168.10.12", "lb-01": "192.168.10.21", "lb-02": "192.168.10.22",
        "app-01": "192.168.10.31", "app-02": "192.168.10.32", "数据库主节点": "192.168.20.11", "数据库备节点": "192.168.20.12",
        "cache-01": "192.168.20.21", "监控服务器": "10.0.0.10", "bastion": "10.0.0.5", "batch-worker": "10.0.0.40",
    ]

    // MARK: table layout (display columns, CJK counting 2)

    static func displayWidth(_ c: Character) -> Int {
        var w = 0
        for u in c.unicodeScalars {
            let v = u.value
            if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) { continue }
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
                || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            w += wide ? 2 : 1
        }
        return w
    }

    static func displayWidth(_ s: String) -> Int { s.reduce(0) { $0 + displayWidth($1) } }

    /// Display columns where the header's columns start (header labels hold at most single spaces).
    static func columnStarts(_ header: String) -> [Int] {
        var starts: [Int] = []
        var col = 0
        var spaces = 0
        for c in header {
            if c == " " {
                spaces += 1
            } else {
                if starts.isEmpty || spaces >= 2 { starts.append(col) }
                spaces = 0
            }
            col += displayWidth(c)
        }
        return starts
    }

    /// Cuts a row at the header's column starts (by display column). Nil when the layout is
    /// off: a character straddles a column start, or a cell is not followed by two spaces.
    static func cells(_ line: String, starts: [Int]) -> [String]? {
        var out = Array(repeating: "", count: starts.count)
        var col = 0
        for c in line {
            let w = displayWidth(c)
            guard let i = starts.lastIndex(where: { $0 <= col }) else { return nil }
            if i + 1 < starts.count, col + w > starts[i + 1] { return nil }  // straddles
            if i + 1 < starts.count, c != " ", col + w > starts[i + 1] - 2 { return nil }  // no gap
            out[i].append(c)
            col += w
        }
        return out.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    /// Checks a table: a header line, then exactly `expected` rows in order, every cell
    /// starting at its header's display column.
    static func checkTable(_ text: String, header: [String], expected: [[String]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(text.hasSuffix("\n"), sourceLocation: sourceLocation)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == expected.count + 1, "\(lines.count) lines: \(text)", sourceLocation: sourceLocation)
        guard let first = lines.first else {
            Issue.record("no header line", sourceLocation: sourceLocation)
            return
        }
        let starts = columnStarts(first)
        #expect(starts.count == header.count, "header: \(first)", sourceLocation: sourceLocation)
        #expect(cells(first, starts: starts) == header, "header: \(first)", sourceLocation: sourceLocation)
        for (line, want) in zip(lines.dropFirst(), expected) {
            let got = cells(line, starts: starts)
            #expect(got == want, "misaligned or wrong row:\n\(first)\n\(line)", sourceLocation: sourceLocation)
        }
    }

    // MARK: ports

    @Test("ports --output json: exactly the ports demo sees over HTTP, fixed IPs, pairs and check")
    func portsJSON() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let expected = try await h.allPorts(token: token)
            let j = try await Self.json(h, ["ports", "--output", "json"])
            let got = try #require(j.arrayValue, "not an array: \(j.text)")
            #expect(got.count == 17)  // 3 DHCP + 12 NICs + 2 VIPs; never alt's port
            #expect(got.map(\.id).sorted() == expected.map(\.id).sorted())
            #expect(!got.contains { $0.firstIP == "172.16.0.10" })
            let byID = Dictionary(expected.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for p in got {
                let e = try #require(byID[p.id])
                #expect(Self.fixedIPs(p) == Self.fixedIPs(e), "\(p.id)")
                #expect(Self.pairs(p) == Self.pairs(e), "\(p.id)")
                #expect(!Self.fixedIPs(p).isEmpty)
                for k in ["network_id", "device_owner", "device_id", "mac_address", "status", "name"] {
                    #expect(p[k]?.stringValue == e[k]?.stringValue, "\(p.id) \(k)")
                }
                #expect(p["revision_number"]?.intValue == e["revision_number"]?.intValue)
                let off = e.pairIPs.contains("1.1.1.1/0") || e["port_security_enabled"]?.boolValue == false
                #expect(p["source_dest_check"]?.stringValue == (off ? "off" : "on"), "\(p.id)")
            }
            // Exactly lb-01, lb-02 and 数据库主节点 have their check off.
            #expect(Set(got.filter { $0["source_dest_check"]?.stringValue == "off" }.map(\.firstIP))
                == ["192.168.10.21", "192.168.10.22", "192.168.20.11"])
        }
    }

    @Test("ports --device-owner neutron:VIP_PORT: exactly the two VIPs")
    func portsVIPFilter() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let vips = try await h.allPorts(token: token).filter { $0["device_owner"]?.stringValue == "neutron:VIP_PORT" }
            #expect(vips.count == 2)
            let j = try await Self.json(h, ["ports", "--device-owner", "neutron:VIP_PORT", "--output", "json"])
            let got = try #require(j.arrayValue)
            #expect(got.map(\.id).sorted() == vips.map(\.id).sorted())
            #expect(Set(got.compactMap { $0["name"]?.stringValue }) == ["vip-web", "vip-db"])
            #expect(Set(got.map(\.firstIP)) == ["192.168.10.100", "192.168.20.100"])
            let web = try #require(got.first { $0["name"]?.stringValue == "vip-web" })
            #expect(web.pairIPs == ["192.168.10.21", "192.168.10.22"])
        }
    }

    @Test("ports --network <prod-net>: only prod-net's ports")
    func portsNetworkFilter() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let prod = try await h.firstNetwork(named: "prod-net", token: token).id
            let expected = try await h.allPorts(token: token).filter { $0["network_id"]?.stringValue == prod }
            #expect(expected.count == 8)  // DHCP, six NICs, vip-web
            let j = try await Self.json(h, ["ports", "--network", prod, "--output", "json"])
            let got = try #require(j.arrayValue)
            #expect(got.map(\.id).sorted() == expected.map(\.id).sorted())
            #expect(got.allSatisfy { $0["network_id"]?.stringValue == prod })
            #expect(got.allSatisfy { $0.firstIP.hasPrefix("192.168.10.") })
        }
    }

    @Test("ports --device-id <lb-01>: only that server's NIC")
    func portsDeviceFilter() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let lb01 = try #require(try await Self.novaServerIDs(h, token: token)["lb-01"])
            let nic = try #require(try await h.allPorts(token: token).first { $0["device_id"]?.stringValue == lb01 })
            let j = try await Self.json(h, ["ports", "--device-id", lb01, "--output", "json"])
            let got = try #require(j.arrayValue)
            #expect(got.map(\.id) == [nic.id])
            #expect(got.first?.firstIP == "192.168.10.21")
            #expect(got.first?["device_id"]?.stringValue == lb01)
            #expect(got.first?["source_dest_check"]?.stringValue == "off")
        }
    }

    // MARK: networks, subnets, servers

    @Test("networks --output json: three networks with their subnets and CIDRs")
    func networksJSON() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let listed = try await h.get(h.network + "/networks", token: token).json["networks"]?.arrayValue ?? []
            let j = try await Self.json(h, ["networks", "--output", "json"])
            let got = try #require(j.arrayValue)
            #expect(got.count == 3)
            #expect(got.map(\.id).sorted() == listed.map(\.id).sorted())
            var cidrs: [String: [String]] = [:]
            for n in got {
                let name = try #require(n["name"]?.stringValue)
                cidrs[name] = Self.strings(n["subnets"], "cidr").sorted()
                #expect(n["status"]?.stringValue == "ACTIVE")
                for s in n["subnets"]?.arrayValue ?? [] {
                    #expect(!(s.id.isEmpty))
                    #expect(s["gateway_ip"]?.stringValue != nil)
                }
            }
            #expect(cidrs == ["prod-net": ["192.168.10.0/24"], "db-net": ["192.168.20.0/24"], "mgmt-net": ["10.0.0.0/24", "fd00:10::/64"]])
            let prod = try #require(got.first { $0["name"]?.stringValue == "prod-net" })
            #expect(prod["subnets"]?.arrayValue?.first?["name"]?.stringValue == "prod-subnet")
            #expect(prod["subnets"]?.arrayValue?.first?["gateway_ip"]?.stringValue == "192.168.10.1")
        }
    }

    @Test("subnets --output json: four subnets with gateway and pools, incl. fd00:10::/64; --network filters")
    func subnetsJSON() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let nets = try await h.get(h.network + "/networks", token: token).json["networks"]?.arrayValue ?? []
            let netID = Dictionary(nets.compactMap { n in n["name"]?.stringValue.map { ($0, n.id) } }, uniquingKeysWith: { a, _ in a })
            let j = try await Self.json(h, ["subnets", "--output", "json"])
            let got = try #require(j.arrayValue)
            #expect(got.count == 4)
            struct Want: Equatable { let network, cidr: String; let version: Int; let gateway, start, end: String }
            var have: [String: Want] = [:]
            for s in got {
                let pool = s["allocation_pools"]?.arrayValue ?? []
                #expect(pool.count == 1, "\(s.text)")
                have[s["name"]?.stringValue ?? "?"] = Want(network: s["network_id"]?.stringValue ?? "", cidr: s["cidr"]?.stringValue ?? "",
                                                        version: s["ip_version"]?.intValue ?? 0, gateway: s["gateway_ip"]?.stringValue ?? "",
                                                        start: pool.first?["start"]?.stringValue ?? "", end: pool.first?["end"]?.stringValue ?? "")
            }
            let mgmt = try #require(netID["mgmt-net"])
            #expect(have["prod-subnet"] == Want(network: try #require(netID["prod-net"]), cidr: "192.168.10.0/24", version: 4,
                                                gateway: "192.168.10.1", start: "192.168.10.2", end: "192.168.10.254"))
            #expect(have["db-subnet"] == Want(network: try #require(netID["db-net"]), cidr: "192.168.20.0/24", version: 4,
                                              gateway: "192.168.20.1", start: "192.168.20.2", end: "192.168.20.254"))
            #expect(have["mgmt-subnet"] == Want(network: mgmt, cidr: "10.0.0.0/24", version: 4,
                                                gateway: "10.0.0.1", start: "10.0.0.2", end: "10.0.0.254"))
            #expect(have["mgmt-subnet-v6"] == Want(network: mgmt, cidr: "fd00:10::/64", version: 6,
                                                   gateway: "fd00:10::", start: "fd00:10::1", end: "fd00:10::ffff:ffff:ffff:ffff"))

            let filtered = try #require(try await Self.json(h, ["subnets", "--network", mgmt, "--output", "json"]).arrayValue)
            #expect(Set(filtered.compactMap { $0["cidr"]?.stringValue }) == ["10.0.0.0/24", "fd00:10::/64"])
        }
    }

    @Test("servers --output json: 12 servers with their IPs and one NIC each; Chinese names in UTF-8")
    func serversJSON() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let nova = try await Self.novaServerIDs(h, token: token)
            let home = try TempHome()
            defer { home.remove() }
            let r = try await Self.vipctl(["servers", "--output", "json"], env: Self.osEnv(h, home), home: home)
            try #require(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stderr.isEmpty)
            // Literal UTF-8, not \u escapes.
            for name in ["数据库主节点", "数据库备节点", "监控服务器"] { #expect(r.stdout.contains("\"\(name)\""), "\(name)") }
            #expect(!r.stdout.contains("\\u"))
            let got = try #require(try JSON.parse(r.stdout).arrayValue)
            #expect(got.count == 12)
            var ips: [String: [String]] = [:]
            for s in got {
                let name = try #require(s["name"]?.stringValue)
                ips[name] = (s["ips"]?.arrayValue ?? []).compactMap(\.stringValue)
                #expect(s["nics"]?.intValue == 1, "\(name)")
                #expect(s.id == nova[name], "\(name)")
            }
            #expect(ips == Self.fleet.mapValues { [$0] })
            let status = Dictionary(got.map { ($0["name"]?.stringValue ?? "", $0["status"]?.stringValue ?? "") }, uniquingKeysWith: { a, _ in a })
            #expect(status["app-02"] == "SHUTOFF")
            #expect(status["batch-worker"] == "ERROR")
            #expect(status["数据库备节点"] == "ACTIVE")
        }
    }

    // MARK: nics

    @Test("nics 数据库备节点 (by name and by id): one NIC 192.168.20.12, check on")
    func nicsByNameAndID() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let id = try #require(try await Self.novaServerIDs(h, token: token)["数据库备节点"])
            let port = try #require(try await h.allPorts(token: token).first { $0["device_id"]?.stringValue == id })
            let byName = try await Self.json(h, ["nics", "数据库备节点", "--output", "json"])
            let byID = try await Self.json(h, ["nics", id, "--output", "json"])
            #expect(byName == byID)
            for j in [byName, byID] {
                #expect(j["server"]?["id"]?.stringValue == id)
                #expect(j["server"]?["name"]?.stringValue == "数据库备节点")
                let nics = try #require(j["nics"]?.arrayValue)
                #expect(nics.count == 1)
                let nic = try #require(nics.first)
                #expect(nic["port_id"]?.stringValue == port.id)
                #expect(nic["fixed_ips"]?.arrayValue?.compactMap { $0["ip_address"]?.stringValue } == ["192.168.20.12"])
                #expect(nic["network_name"]?.stringValue == "db-net")
                #expect(nic["mac_address"]?.stringValue == port["mac_address"]?.stringValue)
                #expect(nic["allowed_address_pairs"]?.arrayValue?.isEmpty == true)
                #expect(nic["source_dest_check"]?.stringValue == "on")
            }
        }
    }

    @Test("nics lb-01 --output json: check off and the 1.1.1.1/0 pair")
    func nicsCheckOff() async throws {
        try await SimHarness.with { h in
            let j = try await Self.json(h, ["nics", "lb-01", "--output", "json"])
            #expect(j["server"]?["name"]?.stringValue == "lb-01")
            let nics = try #require(j["nics"]?.arrayValue)
            #expect(nics.count == 1)
            #expect(nics.first?["source_dest_check"]?.stringValue == "off")
            #expect(Self.strings(nics.first?["allowed_address_pairs"], "ip_address") == ["1.1.1.1/0"])
            #expect(Self.strings(nics.first?["fixed_ips"], "ip_address") == ["192.168.10.21"])
            #expect(nics.first?["network_name"]?.stringValue == "prod-net")
        }
    }

    @Test("port security disabled counts as check off in ports, nics and vips alike (README)")
    func portSecurityOff() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let id = try #require(try await Self.novaServerIDs(h, token: token)["数据库备节点"])
            let nic = try #require(try await h.allPorts(token: token).first { $0["device_id"]?.stringValue == id })
            let put = try await h.request("PUT", h.network + "/ports/" + nic.id,
                                          json: ["port": ["port_security_enabled": false, "security_groups": []]], token: token)
            try #require(put.status == 200, "\(put.status) \(put.text)")
            #expect(put.json["port"]?["port_security_enabled"]?.boolValue == false)

            let ports = try #require(try await Self.json(h, ["ports", "--device-id", id, "--output", "json"]).arrayValue)
            #expect(ports.count == 1)
            #expect(ports.first?["port_security_enabled"]?.boolValue == false)
            #expect(ports.first?["source_dest_check"]?.stringValue == "off")

            let nics = try await Self.json(h, ["nics", "数据库备节点", "--output", "json"])
            #expect(nics["nics"]?.arrayValue?.count == 1)
            #expect(nics["nics"]?.arrayValue?.first?["source_dest_check"]?.stringValue == "off")

            let vips = try #require(try await Self.json(h, ["vips", "--output", "json"]).arrayValue)
            let db = try #require(vips.first { $0["name"]?.stringValue == "vip-db" })
            #expect(Self.strings(db["bound"], "source_dest_check") == ["off", "off"])

            // The table agrees with the JSON.
            let home = try TempHome()
            defer { home.remove() }
            let table = try await Self.vipctl(["ports", "--device-id", id], env: Self.osEnv(h, home), home: home)
            try #require(table.status == 0, "stderr: \(table.stderr)")
            let row = try #require(table.stdout.split(separator: "\n").dropFirst().first.map(String.init))
            let header = try #require(table.stdout.split(separator: "\n").first.map(String.init))
            #expect(Self.cells(row, starts: Self.columnStarts(header))?[5] == "off", "\(table.stdout)")
        }
    }

    // MARK: vips

    @Test("vips --output json: vip-web on lb-01/lb-02 (off), vip-db on both DB servers, 数据库备节点 still on")
    func vipsJSON() async throws {
        try await SimHarness.with { h in
            let token = try await h.token()
            let nova = try await Self.novaServerIDs(h, token: token)
            let j = try await Self.json(h, ["vips", "--output", "json"])
            let rows = try #require(j.arrayValue)
            #expect(rows.count == 2)
            func bound(_ name: String) throws -> [String] {
                let row = try #require(rows.first { $0["name"]?.stringValue == name }, "no \(name)")
                return (row["bound"]?.arrayValue ?? []).map {
                    [$0["server_name"]?.stringValue ?? "nil", $0["pair_ip"]?.stringValue ?? "nil",
                     $0["source_dest_check"]?.stringValue ?? "nil", $0["via"]?.stringValue ?? "nil"].joined(separator: " ")
                }
            }
            #expect(try bound("vip-web") == ["lb-01 192.168.10.21 off vip-pairs", "lb-02 192.168.10.22 off vip-pairs"])
            #expect(try bound("vip-db") == ["数据库主节点 192.168.20.11 off vip-pairs", "数据库备节点 192.168.20.12 on vip-pairs"])
            let web = try #require(rows.first { $0["name"]?.stringValue == "vip-web" })
            #expect(web["address"]?.stringValue == "192.168.10.100")
            #expect(web["network_name"]?.stringValue == "prod-net")
            #expect(Self.strings(web["bound"], "server_id") == [try #require(nova["lb-01"]), try #require(nova["lb-02"])])
            let db = try #require(rows.first { $0["name"]?.stringValue == "vip-db" })
            #expect(db["address"]?.stringValue == "192.168.20.100")
            #expect(db["network_name"]?.stringValue == "db-net")
            #expect(Self.strings(db["bound"], "server_id") == [try #require(nova["数据库主节点"]), try #require(nova["数据库备节点"])])
        }
    }

    // MARK: tables

    @Test("table output: a header and one line per item; cells start at the header's display column, CJK counting 2")
    func tables() async throws {
        try await SimHarness.with { h in
            let home = try TempHome()
            defer { home.remove() }
            let env = Self.osEnv(h, home)
            func run(_ args: [String]) async throws -> String {
                let r = try await Self.vipctl(args, env: env, home: home)
                try #require(r.status == 0, "\(args): \(r.stderr)")
                #expect(r.stderr.isEmpty)
                return r.stdout
            }

            let servers = try #require(try JSON.parse(try await run(["servers", "--output", "json"])).arrayValue)
            let serverTable = try await run(["servers"])
            Self.checkTable(serverTable, header: ["ID", "NAME", "STATUS", "IPS", "NICS"], expected: servers.map {
                [$0.id, $0["name"]?.stringValue ?? "", $0["status"]?.stringValue ?? "",
                 ($0["ips"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ","), String($0["nics"]?.intValue ?? -1)]
            })
            // The column after a Chinese name starts at the same display column on every row.
            let lines = serverTable.split(separator: "\n").map(String.init)
            let statusCols = Set(lines.map { line -> Int in
                let cut = line.range(of: "ACTIVE") ?? line.range(of: "SHUTOFF") ?? line.range(of: "ERROR") ?? line.range(of: "STATUS")
                return cut.map { Self.displayWidth(String(line[..<$0.lowerBound])) } ?? -1
            })
            #expect(statusCols.count == 1 && statusCols.first != -1, "STATUS starts at display columns \(statusCols):\n\(serverTable)")
            #expect(lines.contains { $0.contains("数据库备节点") } && lines.contains { $0.contains("监控服务器") })

            let ports = try #require(try JSON.parse(try await run(["ports", "--output", "json"])).arrayValue)
            Self.checkTable(try await run(["ports"]), header: ["ID", "NAME", "OWNER", "FIXED IPS", "PAIRS", "SRC/DST CHECK", "STATUS"],
                            expected: ports.map {
                                [$0.id, $0["name"]?.stringValue ?? "", $0["device_owner"]?.stringValue ?? "",
                                 Self.strings($0["fixed_ips"], "ip_address").joined(separator: ","), String($0.pairIPs.count),
                                 $0["source_dest_check"]?.stringValue ?? "", $0["status"]?.stringValue ?? ""]
                            })

            let vips = try #require(try JSON.parse(try await run(["vips", "--output", "json"])).arrayValue)
            Self.checkTable(try await run(["vips"]), header: ["VIP", "NAME", "NETWORK", "BOUND (server NIC-IP check)"], expected: vips.map { v in
                [v["address"]?.stringValue ?? "", v["name"]?.stringValue ?? "", v["network_name"]?.stringValue ?? "",
                 (v["bound"]?.arrayValue ?? []).map {
                     "\($0["server_name"]?.stringValue ?? "?") \($0["pair_ip"]?.stringValue ?? "?") \($0["source_dest_check"]?.stringValue ?? "?")"
                 }.joined(separator: "; ")]
            })

            let nics = try await run(["nics", "数据库备节点"])
            let nicLines = nics.split(separator: "\n").map(String.init)
            #expect(nicLines.count == 2, "\(nics)")
            #expect(nicLines.first?.hasPrefix("PORT") == true)
            #expect(nicLines.last?.contains("192.168.20.12") == true)
        }
    }

    // MARK: errors

    @Test("nics nope: non-zero, one stderr line `vipctl: ...` naming nope, nothing on stdout")
    func unknownServer() async throws {
        try await SimHarness.with { h in
            let home = try TempHome()
            defer { home.remove() }
            let r = try await Self.vipctl(["nics", "nope"], env: Self.osEnv(h, home), home: home)
            #expect(r.status != 0)
            #expect(r.stdout.isEmpty, "stdout: \(r.stdout)")
            #expect(r.stderr.hasSuffix("\n"))
            #expect(r.stderrLines.count == 1, "stderr: \(r.stderr)")
            #expect(r.stderrLines.first?.hasPrefix("vipctl: ") == true, "stderr: \(r.stderr)")
            #expect(r.stderr.contains("\"nope\""), "stderr: \(r.stderr)")
        }
    }

    @Test("wrong password: exit 1, one line with Keystone 401, the password never echoed")
    func wrongPassword() async throws {
        try await SimHarness.with { h in
            let home = try TempHome()
            defer { home.remove() }
            var env = Self.osEnv(h, home)
            env["OS_PASSWORD"] = "wrong"
            let r = try await Self.vipctl(["ports"], env: env, home: home)
            #expect(r.status == 1)
            #expect(r.stdout.isEmpty)
            #expect(r.stderrLines.count == 1, "stderr: \(r.stderr)")
            #expect(r.stderrLines.first?.hasPrefix("vipctl: ") == true)
            #expect(r.stderr.contains("Keystone 401"), "stderr: \(r.stderr)")
            #expect(!r.stderr.contains("wrong"), "stderr: \(r.stderr)")
        }
    }

    @Test("no OS_* and no clouds.yaml: exit 2 with one config line")
    func noConfig() async throws {
        try #require(!FileManager.default.fileExists(atPath: "/etc/openstack/clouds.yaml"),
                     "this machine has /etc/openstack/clouds.yaml, which vipctl would read")
        let home = try TempHome()
        defer { home.remove() }
        let r = try await Self.vipctl(["ports"], env: Self.bareEnv(home), home: home)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderrLines.count == 1, "stderr: \(r.stderr)")
        let line = r.stderrLines.first ?? ""
        #expect(line.hasPrefix("vipctl: no cloud configured"), "\(line)")
        #expect(line.contains(home.path + "/.config/openstack/clouds.yaml"), "\(line)")
        #expect(line.contains("OS_AUTH_URL"), "\(line)")
    }

    @Test("an auth URL on a port that was just closed: non-zero, one line with connection refused")
    func refused() async throws {
        let h = try await SimHarness.start()
        await h.stop()
        let home = try TempHome()
        defer { home.remove() }
        // AsyncHTTPClient retries a refused connect until the connect timeout (10 s by
        // default, not settable from the command line), so allow for it here.
        let r = try await ChildRun.run(try ChildRun.vipctlBinary(), ["ports"], environment: Self.osEnv(h, home),
                                       directory: home.path, timeout: .seconds(30))
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderrLines.count == 1, "stderr: \(r.stderr)")
        #expect(r.stderrLines.first?.hasPrefix("vipctl: ") == true)
        #expect(r.stderr.contains("connection refused"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains(h.baseURL), "stderr: \(r.stderr)")
    }

    // MARK: debug log

    @Test("--debug-log FILE after the subcommand: the calls are logged, no password, no token")
    func debugLog() async throws {
        try await SimHarness.with { h in
            let home = try TempHome()
            defer { home.remove() }
            let file = home.path + "/calls.log"
            let r = try await Self.vipctl(["vips", "--debug-log", file, "--output", "json"], env: Self.osEnv(h, home), home: home)
            try #require(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stderr.isEmpty)
            #expect(try JSON.parse(r.stdout).arrayValue?.count == 2)
            let log = try String(contentsOfFile: file, encoding: .utf8)
            #expect(log.contains("POST \(h.identity)/auth/tokens -> 201"), "\(log.prefix(400))")
            for path in ["/networks?", "/subnets?", "/ports?"] {
                #expect(log.contains("GET \(h.network)\(path)"), "\(path) not logged")
            }
            #expect(log.contains("GET \(h.compute)/servers/detail"))
            #expect(log.contains("X-Auth-Token: ***"))
            #expect(!log.contains("demo-secret"))
            #expect(!log.contains("gAAAAAB"))
            let attrs = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
    }

    // MARK: clouds.yaml

    @Test("--os-cloud sim from ~/.config/openstack/clouds.yaml, without any OS_*")
    func cloudsYAML() async throws {
        try await SimHarness.with { h in
            let home = try TempHome()
            defer { home.remove() }
            let dir = home.path + "/.config/openstack"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let yaml = VipCommandTests.cloudsYAML(h)
            try yaml.write(toFile: dir + "/clouds.yaml", atomically: true, encoding: .utf8)
            // Private, as it holds the password (else a warning on stderr: CredentialWarningTests).
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir + "/clouds.yaml")
            let r = try await Self.vipctl(["networks", "--os-cloud", "sim", "--output", "json"], env: Self.bareEnv(home), home: home)
            try #require(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stderr.isEmpty)
            let nets = try #require(try JSON.parse(r.stdout).arrayValue)
            #expect(Set(nets.compactMap { $0["name"]?.stringValue }) == ["prod-net", "db-net", "mgmt-net"])

            // A cloud that is not in the file is a config error naming the file.
            let bad = try await Self.vipctl(["networks", "--os-cloud", "other"], env: Self.bareEnv(home), home: home)
            #expect(bad.status == 2)
            #expect(bad.stderrLines.count == 1, "stderr: \(bad.stderr)")
            #expect(bad.stderr.contains("clouds.yaml") && bad.stderr.contains("\"other\""), "stderr: \(bad.stderr)")
        }
    }

    // MARK: Neutron-only

    @Test("a Neutron-only cloud: servers inferred from ports, nics through the Neutron fallback")
    func neutronOnly() async throws {
        try await SimHarness.with({ $0.computeInCatalog = false }) { h in
            let token = try await h.token()
            let nicPorts = try await h.allPorts(token: token).filter { $0["device_owner"]?.stringValue == "compute:nova" }
            #expect(nicPorts.count == 12)
            let ipOf = Dictionary(nicPorts.compactMap { p in p["device_id"]?.stringValue.map { ($0, p.firstIP) } }, uniquingKeysWith: { a, _ in a })

            let servers = try #require(try await Self.json(h, ["servers", "--output", "json"]).arrayValue)
            #expect(servers.count == 12)
            #expect(Set(servers.map(\.id)) == Set(ipOf.keys))
            for s in servers {
                #expect(s["name"]?.stringValue == s.id)
                #expect(s["nics"]?.intValue == 1)
                #expect((s["ips"]?.arrayValue ?? []).compactMap(\.stringValue) == [ipOf[s.id] ?? "?"])
            }

            let lb01 = try #require(nicPorts.first { $0.firstIP == "192.168.10.21" })
            let device = try #require(lb01["device_id"]?.stringValue)
            let j = try await Self.json(h, ["nics", device, "--output", "json"])
            #expect(j["server"]?["id"]?.stringValue == device)
            let nics = try #require(j["nics"]?.arrayValue)
            #expect(nics.count == 1)
            #expect(nics.first?["port_id"]?.stringValue == lb01.id)
            #expect(Self.strings(nics.first?["fixed_ips"], "ip_address") == ["192.168.10.21"])
            #expect(nics.first?["network_name"]?.stringValue == "prod-net")
            #expect(nics.first?["source_dest_check"]?.stringValue == "off")
            #expect(Self.strings(nics.first?["allowed_address_pairs"], "ip_address") == ["1.1.1.1/0"])
        }
    }
}
