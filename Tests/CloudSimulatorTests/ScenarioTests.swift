import CloudSimulator
import Foundation
import Testing
import TestSupport

@Suite("Scenarios")
struct ScenarioTests {
    /// Every server the token can see, following `servers_links`.
    static func allServers(_ h: SimHarness, token: String, detail: Bool = false) async throws -> [JSON] {
        var url: String? = h.compute + "/servers" + (detail ? "/detail" : "")
        var out: [JSON] = []
        while let u = url {
            let r = try await h.get(u, token: token)
            guard r.status == 200 else { throw HarnessError("servers: \(r.status) \(r.text)") }
            let page = r.json["servers"]?.arrayValue ?? []
            out += page
            url = page.isEmpty ? nil : r.json["servers_links"]?.arrayValue?.first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
        }
        return out
    }

    /// A test-side IPv4 parser, independent of the simulator's.
    static func v4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt32($0) }
        guard parts.count == 4, parts.allSatisfy({ ($0 ?? 256) < 256 }) else { return nil }
        return parts.reduce(0) { $0 << 8 | ($1 ?? 0) }
    }

    static func v4(_ cidr: String, contains ip: String) -> Bool {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let net = v4(String(parts[0])), let bits = UInt32(parts[1]), bits <= 32, let a = v4(ip) else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return a & mask == net & mask && a != net && a != net | ~mask
    }

    @Test("demo: three networks with subnets, twelve servers each with one compute:nova NIC")
    func demoShape() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let nets = try await h.get(h.network + "/networks", token: t).json["networks"]?.arrayValue ?? []
            #expect(Set(nets.compactMap { $0["name"]?.stringValue }) == ["prod-net", "db-net", "mgmt-net"])
            let subnets = try await h.get(h.network + "/subnets", token: t).json["subnets"]?.arrayValue ?? []
            for n in nets {
                let ids = n["subnets"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(!ids.isEmpty)
                // Every subnet the network names exists and points back at it.
                for id in ids {
                    #expect(subnets.first { $0.id == id }?["network_id"]?.stringValue == n.id)
                }
            }
            let cidrs = Set(subnets.compactMap { $0["cidr"]?.stringValue })
            #expect(cidrs.isSuperset(of: ["192.168.10.0/24", "192.168.20.0/24", "10.0.0.0/24", "fd00:10::/64"]))

            let servers = try await ScenarioTests.allServers(h, token: t, detail: true)
            #expect(servers.count == 12)
            let names = Set(servers.compactMap { $0["name"]?.stringValue })
            #expect(names.count == 12)
            #expect(names.isSuperset(of: ["数据库主节点", "数据库备节点", "监控服务器"]))
            let ports = try await h.allPorts(token: t)
            for s in servers {
                let nics = ports.filter { $0["device_id"]?.stringValue == s.id }
                #expect(nics.count == 1, "server \(s["name"]?.stringValue ?? "")")
                #expect(nics.first?["device_owner"]?.stringValue == "compute:nova")
                #expect(nics.first?["status"]?.stringValue == "ACTIVE")
            }
            #expect(ports.filter { $0["device_owner"]?.stringValue == "compute:nova" }.count == 12)
            // Not everything is ACTIVE: nova lists what neutron does not know about.
            #expect(Set(servers.compactMap { $0["status"]?.stringValue }) == ["ACTIVE", "SHUTOFF", "ERROR"])
            // The Chinese name survives a round trip through a filter.
            let byName = try await h.get(h.compute + "/servers?name=" + "数据库主节点".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, token: t)
            #expect(byName.json["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["数据库主节点"])
        }
    }

    @Test("demo VIPs: vip-web bound to lb-01/lb-02 with the check off; vip-db half configured")
    func demoVIPs() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let ports = try await h.allPorts(token: t)
            let servers = try await ScenarioTests.allServers(h, token: t)
            func nic(_ name: String) throws -> JSON {
                let sid = try #require(servers.first { $0["name"]?.stringValue == name }?.id)
                return try #require(ports.first { $0["device_id"]?.stringValue == sid })
            }
            let vips = ports.filter { $0["device_owner"]?.stringValue == "neutron:VIP_PORT" }
            #expect(Set(vips.compactMap { $0["name"]?.stringValue }) == ["vip-web", "vip-db"])

            let web = try #require(vips.first { $0["name"]?.stringValue == "vip-web" })
            let lb1 = try nic("lb-01"), lb2 = try nic("lb-02")
            #expect(Set(web.pairIPs) == [lb1.firstIP, lb2.firstIP])
            #expect(lb1.firstIP == "192.168.10.21" && lb2.firstIP == "192.168.10.22")
            #expect(lb1.pairIPs.contains("1.1.1.1/0"))
            #expect(lb2.pairIPs.contains("1.1.1.1/0"))
            #expect(web.firstIP == "192.168.10.100")

            let db = try #require(vips.first { $0["name"]?.stringValue == "vip-db" })
            let primary = try nic("数据库主节点"), standby = try nic("数据库备节点")
            #expect(Set(db.pairIPs).isSuperset(of: [primary.firstIP, standby.firstIP]))
            #expect(primary.pairIPs.contains("1.1.1.1/0"))
            #expect(!standby.pairIPs.contains("1.1.1.1/0"))
            #expect(standby.pairIPs.isEmpty)
            // Other NICs keep the check on.
            #expect(try nic("web-01").pairIPs.isEmpty)
        }
    }

    @Test("ids are stable: two simulators started separately list the same ids")
    func stableIDs() async throws {
        func snapshot() async throws -> (ports: [String], servers: [String], networks: [String], macs: [String]) {
            try await SimHarness.with { h in
                let t = try await h.token()
                let ports = try await h.allPorts(token: t)
                let servers = try await ScenarioTests.allServers(h, token: t).map(\.id)
                let nets = try await h.get(h.network + "/networks", token: t).json["networks"]?.arrayValue?.map(\.id) ?? []
                return (ports.map(\.id), servers, nets, ports.compactMap { $0["mac_address"]?.stringValue })
            }
        }
        let a = try await snapshot()
        let b = try await snapshot()
        #expect(a.ports.count == 17)
        #expect(a.ports == b.ports)
        #expect(a.servers == b.servers)
        #expect(a.networks == b.networks)
        #expect(a.macs == b.macs)
        #expect(Set(a.ports).count == a.ports.count)
    }

    @Test("empty: demo sees no networks, ports or servers, and can still log in")
    func empty() async throws {
        try await SimHarness.with({ $0.scenario = .empty }) { h in
            let t = try await h.token()
            let nets = try await h.get(h.network + "/networks", token: t)
            #expect(nets.status == 200)
            #expect(nets.json["networks"]?.arrayValue?.isEmpty == true)
            #expect(try await h.allPorts(token: t).isEmpty)
            #expect(try await h.get(h.network + "/subnets", token: t).json["subnets"]?.arrayValue?.isEmpty == true)
            let servers = try await h.get(h.compute + "/servers", token: t)
            #expect(servers.status == 200)
            #expect(servers.json["servers"]?.arrayValue?.isEmpty == true)
            // It is a working cloud: a network and a port can be created.
            let (nid, _) = try await h.makeNetwork(token: t, name: "n1", cidr: "10.50.0.0/24")
            let p = try await h.makePort(token: t, network: nid)
            #expect(p.firstIP.hasPrefix("10.50.0."))
        }
    }

    @Test("scale with small numbers: exact counts, unique IPs per subnet")
    func scale() async throws {
        try await SimHarness.with({ $0.scenario = .scale; $0.scalePorts = 2000; $0.scaleServers = 300; $0.scaleNetworks = 4 }) { h in
            let t = try await h.token()
            let nets = try await h.get(h.network + "/networks", token: t).json["networks"]?.arrayValue ?? []
            #expect(nets.count == 4)
            let ports = try await h.allPorts(token: t)
            #expect(ports.count == 2000)
            #expect(Set(ports.map(\.id)).count == 2000)
            let servers = try await ScenarioTests.allServers(h, token: t)
            #expect(servers.count == 300)
            #expect(Set(servers.map(\.id)).count == 300)
            // Every server has exactly one NIC.
            var nicsByServer: [String: Int] = [:]
            for p in ports {
                if let d = p["device_id"]?.stringValue, !d.isEmpty { nicsByServer[d, default: 0] += 1 }
            }
            #expect(nicsByServer.count == 300)
            #expect(nicsByServer.values.allSatisfy { $0 == 1 })
            #expect(Set(nicsByServer.keys) == Set(servers.map(\.id)))
            // Unique addresses per subnet, each inside its subnet, each port on a listed network.
            let subnets = try await h.get(h.network + "/subnets", token: t).json["subnets"]?.arrayValue ?? []
            #expect(subnets.count == 4)
            var bySubnet: [String: [String]] = [:]
            for p in ports {
                for f in p["fixed_ips"]?.arrayValue ?? [] {
                    bySubnet[f["subnet_id"]?.stringValue ?? "?", default: []].append(f["ip_address"]?.stringValue ?? "")
                }
            }
            #expect(Set(bySubnet.keys) == Set(subnets.map(\.id)))
            for (sid, ips) in bySubnet {
                #expect(Set(ips).count == ips.count, "duplicate IP in subnet \(sid)")
                let cidr = subnets.first { $0.id == sid }?["cidr"]?.stringValue ?? ""
                #expect(ips.allSatisfy { ScenarioTests.v4(cidr, contains: $0) }, "\(cidr)")
            }
            #expect(bySubnet.values.map(\.count).reduce(0, +) == 2000)
            // VIPs exist and every VIP's pairs are NIC addresses on its network.
            let vips = ports.filter { $0["device_owner"]?.stringValue == "neutron:VIP_PORT" }
            #expect(!vips.isEmpty)
            let nicIPs = Set(ports.filter { $0["device_owner"]?.stringValue == "compute:nova" }.map(\.firstIP))
            #expect(vips.allSatisfy { $0.pairIPs.count == 2 && $0.pairIPs.allSatisfy(nicIPs.contains) })
        }
    }
}

@Suite("Scenarios: contention")
struct ContentionScenarioTests {
    @Test("contention: ha-net 10.20.0.0/16, node-01..node-40 with one compute:nova NIC each, five unbound VIPs; 20 pairs fit",
          arguments: SimulatorConfig.Flavor.allCases)
    func contention(flavor: SimulatorConfig.Flavor) async throws {
        try await SimHarness.with({ $0.flavor = flavor; $0.scenario = .contention }) { h in
            let t = try await h.token(project: flavor == .huawei ? "cn-north-4" : "demo")
            let nets = try await h.get(h.network + "/networks", token: t).json["networks"]?.arrayValue ?? []
            #expect(nets.compactMap { $0["name"]?.stringValue } == ["ha-net"])
            let net = try #require(nets.first)
            let subnets = try await h.get(h.network + "/subnets", token: t).json["subnets"]?.arrayValue ?? []
            #expect(subnets.compactMap { $0["cidr"]?.stringValue } == ["10.20.0.0/16"])
            #expect(subnets.first?["network_id"]?.stringValue == net.id)

            let servers = try await ScenarioTests.allServers(h, token: t, detail: true)
            let names = servers.compactMap { $0["name"]?.stringValue }.sorted()
            #expect(names == (1...40).map { String(format: "node-%02d", $0) })
            #expect(servers.allSatisfy { $0["status"]?.stringValue == "ACTIVE" })
            let ports = try await h.allPorts(token: t)
            for s in servers {
                let name = s["name"]?.stringValue ?? "?"
                let nics = ports.filter { $0["device_id"]?.stringValue == s.id }
                #expect(nics.count == 1, "\(name)")
                let nic = try #require(nics.first)
                #expect(nic["device_owner"]?.stringValue == "compute:nova")
                #expect(nic["network_id"]?.stringValue == net.id)
                #expect(nic.pairIPs.isEmpty)
                #expect(nic["port_security_enabled"]?.boolValue == true)
                let n = Int(name.dropFirst(5)) ?? 0
                #expect(nic.firstIP == "10.20.0.\(10 + n)", "\(name)")
            }
            let vips = ports.filter { $0["device_owner"]?.stringValue == "neutron:VIP_PORT" }
            #expect(vips.compactMap { $0["name"]?.stringValue }.sorted() == ["vip-ha", "vip-ha-2", "vip-ha-3", "vip-ha-4", "vip-ha-5"])
            #expect(vips.allSatisfy { $0.pairIPs.isEmpty && $0["device_id"]?.stringValue == "" && $0["network_id"]?.stringValue == net.id })
            #expect(vips.first { $0["name"]?.stringValue == "vip-ha" }?.firstIP == "10.20.0.100")
            #expect(ports.count == 1 + 40 + 5)  // and the DHCP port
            #expect(Set(ports.map(\.firstIP)).count == ports.count)

            // Twenty NIC IPs fit in one VIP's pairs (neutron's default would stop at 10).
            let vip = try #require(vips.first { $0["name"]?.stringValue == "vip-ha" })
            let twenty: [JSON] = (11...30).map { ["ip_address": .string("10.20.0.\($0)")] }
            let put = try await h.request("PUT", h.network + "/ports/" + vip.id, json: ["port": ["allowed_address_pairs": .array(twenty)]], token: t)
            #expect(put.status == 200, "\(put.text)")
            #expect(put.json["port"]?.pairIPs.count == 20)
            // An automatic address does not collide with the fixed ones.
            let auto = try await h.makePort(token: t, network: net.id)
            #expect(auto.firstIP == "10.20.4.0")
            // Reset brings it back.
            #expect(try await h.request("POST", h.baseURL + "/__sim/reset").json["scenario"]?.stringValue == "contention")
            let t2 = try await h.token(project: flavor == .huawei ? "cn-north-4" : "demo")
            #expect(try await h.get(h.network + "/ports/" + vip.id, token: t2).json["port"]?.pairIPs == [])
        }
    }
}
