import Foundation
import NIOConcurrencyHelpers

/// `--state FILE`: the simulator's resources (networks, subnets, ports, security groups,
/// servers) as JSON. Identity data and tokens are never written: they come from the scenario
/// at every start, so no password or token ends up in a file.
enum StateFile {
    static let format = "vipctl-sim-state/1"

    static func encode(_ s: CloudState) -> JSON {
        func ts(_ t: Double) -> JSON { .double(t) }
        var o = JSONObject()
        o.appendUnique("format", .string(format))
        o.appendUnique("rng", .string(String(s.rng.state)))
        o.appendUnique("mac_counter", .int(Int(s.macCounter)))
        o.appendUnique("networks", .array(s.networks.values.sorted { $0.id < $1.id }.map { n in
            ["id": .string(n.id), "name": .string(n.name), "project_id": .string(n.projectID), "description": .string(n.description),
             "admin_state_up": .bool(n.adminStateUp), "shared": .bool(n.shared), "external": .bool(n.external), "mtu": .int(n.mtu),
             "port_security_enabled": .bool(n.portSecurityEnabled), "subnets": .strings(n.subnetIDs), "tags": .strings(n.tags),
             "revision": .int(n.revision), "created": ts(n.createdAt), "updated": ts(n.updatedAt)]
        }))
        o.appendUnique("subnets", .array(s.subnets.values.sorted { $0.id < $1.id }.map { x in
            ["id": .string(x.id), "name": .string(x.name), "project_id": .string(x.projectID), "network_id": .string(x.networkID),
             "cidr": .string(x.cidr.description), "gateway_ip": .str(x.gatewayIP?.description),
             "pools": .array(x.pools.map { ["start": .string($0.start.description), "end": .string($0.end.description)] }),
             "enable_dhcp": .bool(x.enableDHCP), "dns": .strings(x.dnsNameservers), "host_routes": .array(x.hostRoutes),
             "description": .string(x.description), "tags": .strings(x.tags), "ipv6_ra_mode": .str(x.ipv6RAMode),
             "ipv6_address_mode": .str(x.ipv6AddressMode), "revision": .int(x.revision), "created": ts(x.createdAt),
             "updated": ts(x.updatedAt), "cursor": .string(String(x.cursor))]
        }))
        o.appendUnique("ports", .array(s.portOrder.compactMap { s.ports[$0] }.map { p in
            ["id": .string(p.id), "name": .string(p.name), "description": .string(p.description), "network_id": .string(p.networkID),
             "project_id": .string(p.projectID), "mac": .string(p.macAddress), "admin_state_up": .bool(p.adminStateUp),
             "status": .string(p.status), "device_id": .string(p.deviceID), "device_owner": .string(p.deviceOwner),
             "fixed_ips": .array(p.fixedIPs.map { ["subnet_id": .string($0.subnetID), "ip": .string($0.ip.description)] }),
             "pairs": .array(p.pairs.map { ["ip_address": .string($0.ipAddress), "mac_address": .string($0.macAddress)] }),
             "security_groups": .strings(p.securityGroups), "port_security_enabled": .bool(p.portSecurityEnabled),
             "tags": .strings(p.tags), "vnic_type": .string(p.bindingVnicType), "revision": .int(p.revision),
             "created": ts(p.createdAt), "updated": ts(p.updatedAt)]
        }))
        o.appendUnique("security_groups", .array(s.securityGroups.values.sorted { $0.id < $1.id }.map { g in
            ["id": .string(g.id), "name": .string(g.name), "project_id": .string(g.projectID), "description": .string(g.description),
             "revision": .int(g.revision), "created": ts(g.createdAt), "updated": ts(g.updatedAt)]
        }))
        o.appendUnique("servers", .array(s.serverOrder.compactMap { s.servers[$0] }.map { v in
            ["id": .string(v.id), "name": .string(v.name), "project_id": .string(v.projectID), "user_id": .string(v.userID),
             "status": .string(v.status), "az": .string(v.availabilityZone), "flavor_name": .string(v.flavorName),
             "flavor_id": .string(v.flavorID), "image_id": .string(v.imageID), "key_name": .str(v.keyName),
             "metadata": .object(JSONObject(v.metadata.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })),
             "host_id": .string(v.hostID), "created": ts(v.createdAt), "updated": ts(v.updatedAt)]
        }))
        return .object(o)
    }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// Loads resources from `path` over a fresh identity built from `base`.
    static func decode(_ j: JSON, into base: CloudState) throws -> CloudState {
        guard j["format"]?.stringValue == format else { throw LoadError(description: "not a \(format) file") }
        var s = base
        func str(_ o: JSON, _ k: String) throws -> String {
            guard let v = o[k]?.stringValue else { throw LoadError(description: "missing string '\(k)'") }
            return v
        }
        // Times and counters are bounded: a time past year 9999 used to load and then crash the
        // simulator when a listing formatted it, a revision of Int.max at the next update.
        func num(_ o: JSON, _ k: String) throws -> Double {
            let d: Double
            switch o[k] {
            case .double(let v)?: d = v
            case .int(let i)?: d = Double(i)
            default: throw LoadError(description: "missing number '\(k)'")
            }
            guard d.isFinite, (0...maxTime).contains(d) else {
                throw LoadError(description: "'\(k)' must be a time in seconds between 0 and \(Int(maxTime)), not \(JSON.double(d).text)")
            }
            return d
        }
        func int(_ o: JSON, _ k: String) throws -> Int {
            guard let v = o[k]?.intValue else { throw LoadError(description: "missing integer '\(k)'") }
            guard (0...maxCounter).contains(v) else {
                throw LoadError(description: "'\(k)' must be an integer between 0 and \(maxCounter), not \(v)")
            }
            return v
        }
        func bool(_ o: JSON, _ k: String) throws -> Bool {
            guard let v = o[k]?.boolValue else { throw LoadError(description: "missing boolean '\(k)'") }
            return v
        }
        func strs(_ o: JSON, _ k: String) -> [String] { o[k]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        func ip(_ t: String) throws -> IPAddress {
            guard let a = IPAddress(t) else { throw LoadError(description: "bad IP address '\(t)'") }
            return a
        }
        if let r = j["rng"]?.stringValue, let v = UInt64(r) { s.rng = SplitMix64(seed: v) }
        if let m = j["mac_counter"]?.intValue { s.macCounter = UInt32(truncatingIfNeeded: m) }
        s.networks = [:]
        s.subnets = [:]
        s.ports = [:]
        s.securityGroups = [:]
        s.servers = [:]
        s.serverOrder = []
        for n in j["networks"]?.arrayValue ?? [] {
            var net = Network(id: try str(n, "id"), name: try str(n, "name"), projectID: try str(n, "project_id"),
                              createdAt: try num(n, "created"), updatedAt: try num(n, "updated"))
            net.description = n["description"]?.stringValue ?? ""
            net.adminStateUp = try bool(n, "admin_state_up")
            net.shared = try bool(n, "shared")
            net.external = try bool(n, "external")
            net.mtu = try int(n, "mtu")
            net.portSecurityEnabled = try bool(n, "port_security_enabled")
            net.subnetIDs = strs(n, "subnets")
            net.tags = strs(n, "tags")
            net.revision = try int(n, "revision")
            s.networks[net.id] = net
        }
        for x in j["subnets"]?.arrayValue ?? [] {
            guard let cidr = CIDR(try str(x, "cidr")) else { throw LoadError(description: "bad CIDR") }
            let pools = try (x["pools"]?.arrayValue ?? []).map { AllocationPool(start: try ip(try str($0, "start")), end: try ip(try str($0, "end"))) }
            try checkPools(pools, in: cidr)
            var sub = Subnet(id: try str(x, "id"), name: try str(x, "name"), projectID: try str(x, "project_id"),
                             networkID: try str(x, "network_id"), cidr: cidr,
                             gatewayIP: try x["gateway_ip"]?.stringValue.map(ip), pools: pools,
                             createdAt: try num(x, "created"), updatedAt: try num(x, "updated"))
            sub.enableDHCP = try bool(x, "enable_dhcp")
            sub.dnsNameservers = strs(x, "dns")
            sub.hostRoutes = x["host_routes"]?.arrayValue ?? []
            sub.description = x["description"]?.stringValue ?? ""
            sub.tags = strs(x, "tags")
            sub.ipv6RAMode = x["ipv6_ra_mode"]?.stringValue
            sub.ipv6AddressMode = x["ipv6_address_mode"]?.stringValue
            sub.revision = try int(x, "revision")
            sub.cursor = UInt128(x["cursor"]?.stringValue ?? "0") ?? 0
            s.subnets[sub.id] = sub
        }
        for p in j["ports"]?.arrayValue ?? [] {
            var port = Port(id: try str(p, "id"), name: try str(p, "name"), networkID: try str(p, "network_id"),
                            projectID: try str(p, "project_id"), macAddress: try str(p, "mac"),
                            createdAt: try num(p, "created"), updatedAt: try num(p, "updated"))
            port.description = p["description"]?.stringValue ?? ""
            port.adminStateUp = try bool(p, "admin_state_up")
            port.status = try str(p, "status")
            port.deviceID = try str(p, "device_id")
            port.deviceOwner = try str(p, "device_owner")
            port.fixedIPs = try (p["fixed_ips"]?.arrayValue ?? []).map { FixedIP(subnetID: try str($0, "subnet_id"), ip: try ip(try str($0, "ip"))) }
            port.pairs = try (p["pairs"]?.arrayValue ?? []).map { AddressPair(ipAddress: try str($0, "ip_address"), macAddress: try str($0, "mac_address")) }
            port.securityGroups = strs(p, "security_groups")
            port.portSecurityEnabled = try bool(p, "port_security_enabled")
            port.tags = strs(p, "tags")
            port.bindingVnicType = p["vnic_type"]?.stringValue ?? "normal"
            port.revision = try int(p, "revision")
            s.ports[port.id] = port
        }
        for g in j["security_groups"]?.arrayValue ?? [] {
            var sg = SecurityGroup(id: try str(g, "id"), name: try str(g, "name"), projectID: try str(g, "project_id"),
                                   description: try str(g, "description"), createdAt: try num(g, "created"), updatedAt: try num(g, "updated"))
            sg.revision = try int(g, "revision")
            s.securityGroups[sg.id] = sg
        }
        for v in j["servers"]?.arrayValue ?? [] {
            var srv = Server(id: try str(v, "id"), name: try str(v, "name"), projectID: try str(v, "project_id"),
                             userID: try str(v, "user_id"), createdAt: try num(v, "created"), updatedAt: try num(v, "updated"))
            srv.status = try str(v, "status")
            srv.availabilityZone = try str(v, "az")
            srv.flavorName = try str(v, "flavor_name")
            srv.flavorID = try str(v, "flavor_id")
            srv.imageID = try str(v, "image_id")
            srv.keyName = v["key_name"]?.stringValue
            srv.metadata = Dictionary(uniqueKeysWithValues: (v["metadata"]?.objectValue?.entries ?? []).compactMap { e in
                e.value.stringValue.map { (e.key, $0) }
            })
            srv.hostID = v["host_id"]?.stringValue ?? ""
            s.servers[srv.id] = srv
            s.serverOrder.append(srv.id)
        }
        s.rebuildPortIndexes()
        return s
    }

    /// The latest time a state file may hold: 9999-12-31T23:59:59Z.
    static let maxTime = 253_402_300_799.0
    /// The largest revision, MTU or other counter a state file may hold (2^53).
    static let maxCounter = 1 << 53

    /// Each pool lies inside the subnet's CIDR, start <= end, and the pools' sizes add up
    /// without overflow (an inverted or oversized pool used to crash the address allocator).
    static func checkPools(_ pools: [AllocationPool], in cidr: CIDR) throws {
        var total: UInt128 = 0
        for p in pools {
            let text = "\(p.start)-\(p.end)"
            guard p.start.version == cidr.version, p.end.version == cidr.version, cidr.contains(p.start), cidr.contains(p.end) else {
                throw LoadError(description: "allocation pool \(text) is not inside \(cidr)")
            }
            guard p.start.raw <= p.end.raw else { throw LoadError(description: "allocation pool \(text) ends before it starts") }
            let span = p.end.raw - p.start.raw
            guard span < UInt128.max else { throw LoadError(description: "allocation pool \(text) is too large") }
            let (sum, overflow) = total.addingReportingOverflow(span + 1)
            guard !overflow else { throw LoadError(description: "the allocation pools of \(cidr) are too large") }
            total = sum
        }
    }

    static func load(path: String, config: SimulatorConfig) throws -> CloudState {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LoadError(description: "cannot read state file \(path): \(error.localizedDescription)")
        }
        let json: JSON
        do { json = try JSON.parse([UInt8](data)) } catch {
            throw LoadError(description: "state file \(path) is not valid JSON: \(error)")
        }
        do { return try decode(json, into: Scenarios.identityOnly(config)) } catch let e as LoadError {
            throw LoadError(description: "state file \(path): \(e.description)")
        }
    }

    /// Atomic write: a temp file in the same directory, then rename over the target.
    static func write(_ s: CloudState, path: String) throws {
        let bytes = encode(s).serialized()
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try Data(bytes).write(to: tmp)
        if rename(tmp.path, url.path) != 0 {
            let err = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw LoadError(description: "cannot rename \(tmp.path) to \(path): \(err)")
        }
    }
}

/// Coalesces saves: after a change, one write happens shortly after; a burst of writes costs
/// one save, not one per request.
final class StateSaver: Sendable {
    let path: String
    private struct Status {
        var scheduled = false
        var savedChange: UInt64 = 0
    }
    private let status = NIOLockedValueBox(Status())

    init(path: String) { self.path = path }

    func schedule(_ engine: SimulatorEngine) {
        let already = status.withLockedValue { s in
            defer { s.scheduled = true }
            return s.scheduled
        }
        if already { return }
        Task.detached {
            try? await Task.sleep(nanoseconds: 50_000_000)
            await self.saveNow(engine)
        }
    }

    func saveNow(_ engine: SimulatorEngine) async {
        status.withLockedValue { $0.scheduled = false }
        let (snapshot, change) = await engine.snapshotForSave()
        let needed = status.withLockedValue { $0.savedChange != change || change == 0 }
        guard needed else { return }
        do {
            try StateFile.write(snapshot, path: path)
            status.withLockedValue { $0.savedChange = change }
        } catch {
            FileHandle.standardError.write(Data("vipctl sim: could not save state: \(error)\n".utf8))
        }
    }
}
