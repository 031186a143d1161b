import CloudAPI
import CloudSimulator
import Foundation
import Testing
import TestSupport
import VIPCore

/// Foundation has a `Port` too.
typealias Port = CloudAPI.Port

// MARK: fixtures (CloudAPI's models decode only, as from the wire)

func decode<T: Decodable>(_ type: T.Type, _ object: [String: Any]) -> T {
    do {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try JSONDecoder().decode(T.self, from: data)
    } catch {
        fatalError("fixture does not decode: \(error)")
    }
}

enum F {
    static let prodNet = "net-prod"
    static let prodSub = "sub-prod"
    static let prodSubB = "sub-prod-b"
    static let dbNet = "net-db"
    static let dbSub = "sub-db"
    static let v6Sub = "sub-prod-v6"

    static func port(_ id: String, name: String = "", network: String = prodNet, owner: String = "", device: String = "",
                     ips: [(String, String)], pairs: [(String, String?)] = [], security: Bool? = true,
                     groups: [String] = ["sg-default"], revision: Int? = 3, mac: String = "fa:16:3e:00:00:01") -> Port
    {
        var o: [String: Any] = [
            "id": id, "name": name, "network_id": network, "mac_address": mac, "status": "ACTIVE", "device_id": device,
            "device_owner": owner,
            "fixed_ips": ips.map { ["subnet_id": $0.0, "ip_address": $0.1] },
            "allowed_address_pairs": pairs.map { p -> [String: Any] in
                var d: [String: Any] = ["ip_address": p.0]
                if let m = p.1 { d["mac_address"] = m }
                return d
            },
            "security_groups": groups,
        ]
        if let security { o["port_security_enabled"] = security }
        if let revision { o["revision_number"] = revision }
        return decode(Port.self, o)
    }

    static func subnet(_ id: String, network: String = prodNet, cidr: String, gateway: String?, pools: [(String, String)],
                       version: Int = 4) -> Subnet
    {
        var o: [String: Any] = ["id": id, "name": id, "network_id": network, "cidr": cidr, "ip_version": version,
                                "allocation_pools": pools.map { ["start": $0.0, "end": $0.1] }]
        if let gateway { o["gateway_ip"] = gateway }
        return decode(Subnet.self, o)
    }

    static func network(_ id: String, name: String, subnets: [String]) -> Network {
        decode(Network.self, ["id": id, "name": name, "subnets": subnets])
    }

    // The demo tenant, in small.
    static let vipWeb = port("vip-web-id", name: "vip-web", owner: Port.vipOwner, ips: [(prodSub, "192.168.10.100")],
                             pairs: [("192.168.10.21", "fa:16:3e:00:00:21"), ("192.168.10.22", "fa:16:3e:00:00:22")], revision: 2,
                             mac: "fa:16:3e:00:01:00")
    static let lb01 = port("nic-lb01", owner: "compute:nova", device: "srv-lb01", ips: [(prodSub, "192.168.10.21")],
                           pairs: [("1.1.1.1/0", "fa:16:3e:00:00:21")], revision: 2, mac: "fa:16:3e:00:00:21")
    static let lb02 = port("nic-lb02", owner: "compute:nova", device: "srv-lb02", ips: [(prodSub, "192.168.10.22")],
                           pairs: [("1.1.1.1/0", "fa:16:3e:00:00:22")], revision: 2, mac: "fa:16:3e:00:00:22")
    static let web01 = port("nic-web01", owner: "compute:nova", device: "srv-web01", ips: [(prodSub, "192.168.10.11")], revision: 1,
                            mac: "fa:16:3e:00:00:11")
    static let dhcp = port("dhcp-prod", owner: "network:dhcp", device: "dhcp-x", ips: [(prodSub, "192.168.10.2")])
    static let dbNIC = port("nic-db1", network: dbNet, owner: "compute:nova", device: "srv-db1", ips: [(dbSub, "192.168.20.11")])

    static let prodSubnet = subnet(prodSub, cidr: "192.168.10.0/24", gateway: "192.168.10.1", pools: [("192.168.10.2", "192.168.10.254")])
    static let prodSubnetB = subnet(prodSubB, cidr: "192.168.11.0/24", gateway: "192.168.11.1", pools: [("192.168.11.2", "192.168.11.254")])
    static let v6Subnet = subnet(v6Sub, cidr: "fd00:10::/64", gateway: "fd00:10::1", pools: [("fd00:10::2", "fd00:10::ffff:ffff:ffff:ffff")],
                                 version: 6)
    static let prod = network(prodNet, name: "prod-net", subnets: [prodSub, v6Sub])
    static let db = network(dbNet, name: "db-net", subnets: [dbSub])

    static let servers = [
        Server(id: "srv-lb01", name: "lb-01", status: "ACTIVE"), Server(id: "srv-lb02", name: "lb-02", status: "ACTIVE"),
        Server(id: "srv-web01", name: "web-01", status: "ACTIVE"), Server(id: "srv-db1", name: "数据库主节点", status: "ACTIVE"),
    ]

    static func snapshot(_ ports: [Port], subnets: [Subnet] = [prodSubnet, v6Subnet], max: Int = 10) -> PlanningSnapshot {
        PlanningSnapshot(ports: ports, subnets: subnets, networks: [prod, db], servers: servers, maxAddressPairs: max)
    }
}

func plan(_ intent: Intent, _ snap: PlanningSnapshot, _ strategy: VIPStrategy = .huawei, ifMatch: Bool = true) throws -> Plan {
    try Planner.plan(intent, snapshot: snap, strategy: strategy, ifMatch: ifMatch)
}

func refusal(_ intent: Intent, _ snap: PlanningSnapshot, _ strategy: VIPStrategy = .huawei) -> String? {
    do {
        _ = try Planner.plan(intent, snapshot: snap, strategy: strategy, ifMatch: true)
        return nil
    } catch {
        if case .refused(let why) = error { return why }
        return "unexpected: \(error)"
    }
}

// MARK: simulator sessions

func simConfig(_ h: SimHarness, project: String = "demo") -> CloudConfig {
    var c = CloudConfig(name: "sim", authURL: h.identity,
                        auth: .password(user: .init(name: "demo", domainName: "Default"), password: "demo-secret"),
                        project: .init(name: project, domainName: "Default"), regionName: "RegionOne")
    c.timeouts.connect = 5
    c.timeouts.read = 20
    c.timeouts.total = 60
    return c
}

/// A session on `h` (shut down afterwards), optionally over a wrapping transport.
func withSession<T>(_ h: SimHarness, project: String = "demo", readOnly: Bool = false,
                    transport wrap: ((any HTTPTransport) -> any HTTPTransport)? = nil,
                    _ body: (CloudSession) async throws -> T) async throws -> T
{
    let config = simConfig(h, project: project)
    let base: any HTTPTransport = try AHCTransport(config: config)
    let session = CloudSession(config: config, transport: wrap?(base) ?? base, readOnly: readOnly)
    do {
        let r = try await body(session)
        await session.shutdown()
        return r
    } catch {
        await session.shutdown()
        throw error
    }
}

/// The demo tenant's ids, read over raw HTTP.
struct Demo: Sendable {
    let token: String
    let prodNet: String
    let prodSubnet: String
    let vipWeb: String
    let vipDB: String
    let nic: [String: String]  // by IP

    static func load(_ h: SimHarness) async throws -> Demo {
        let t = try await h.token()
        let ports = try await h.allPorts(token: t)
        var nic: [String: String] = [:]
        var vipWeb = "", vipDB = ""
        for p in ports {
            if p["name"]?.stringValue == "vip-web" { vipWeb = p.id }
            if p["name"]?.stringValue == "vip-db" { vipDB = p.id }
            if p["device_owner"]?.stringValue == "compute:nova" { nic[p.firstIP] = p.id }
        }
        let net = try await h.firstNetwork(named: "prod-net", token: t)
        let subs = try await h.get(h.network + "/subnets?name=prod-subnet", token: t)
        return Demo(token: t, prodNet: net.id, prodSubnet: try #require(subs.json["subnets"]?.arrayValue?.first).id,
                    vipWeb: vipWeb, vipDB: vipDB, nic: nic)
    }

    func nicID(_ ip: String) throws -> String { try #require(nic[ip]) }
}

extension SimHarness {
    func port(_ id: String, token: String) async throws -> JSON? {
        let r = try await get(network + "/ports/" + id, token: token)
        return r.status == 200 ? r.json["port"] : nil
    }

    func faults(_ doc: JSON) async throws {
        let r = try await request("POST", baseURL + "/__sim/faults", json: doc)
        guard r.status == 200 else { throw HarnessError("faults: \(r.status) \(r.text)") }
    }

    /// Requests by route template.
    func routeCounts() async throws -> [String: Int] {
        var out: [String: Int] = [:]
        if case .object(let o)? = try await stats()["requests"] {
            for (k, v) in o { out[k] = v.intValue ?? 0 }
        }
        return out
    }
}

/// Collects execution events.
final class Events: Sendable {
    private let list = Locked<[ExecutionEvent]>([])
    var all: [ExecutionEvent] { list.withLock { $0 } }
    func add(_ e: ExecutionEvent) { list.withLock { $0.append(e) } }
    var sink: @Sendable (ExecutionEvent) -> Void { { e in self.add(e) } }
}

import Synchronization
