import CloudAPI
import L10n
import VIPCore

// The four row types and the pure functions that build them from CloudAPI models.

// MARK: networks

/// A subnet as the networks list shows it.
public struct SubnetSummary: Equatable, Sendable {
    public let id: String
    public let name: String
    public let cidr: String
    public let ipVersion: Int
    public let gateway: String?
    /// `start-end` per allocation pool.
    public let pools: [String]
    /// Addresses in the pools not held by a port's fixed IP; nil when a pool cannot be read.
    public let freeIPs: UInt128?

    /// `usedIPs`: the fixed IPs that ports hold in this subnet.
    public init(subnet: Subnet, usedIPs: Set<String>) {
        id = subnet.id
        name = subnet.name
        cidr = subnet.cidr
        ipVersion = subnet.ipVersion
        gateway = subnet.gatewayIP
        pools = subnet.allocationPools.map { "\($0.start)-\($0.end)" }
        freeIPs = SubnetSummary.free(pools: subnet.allocationPools, used: usedIPs)
    }

    /// A subnet whose free addresses are already counted (see `PortDigest`).
    init(subnet: Subnet, freeIPs: UInt128?) {
        id = subnet.id
        name = subnet.name
        cidr = subnet.cidr
        ipVersion = subnet.ipVersion
        gateway = subnet.gatewayIP
        pools = subnet.allocationPools.map { "\($0.start)-\($0.end)" }
        self.freeIPs = freeIPs
    }

    /// Pool sizes minus the distinct used addresses inside a pool.
    public static func free(pools: [AllocationPool], used: Set<String>) -> UInt128? {
        guard let span = PoolSpan(pools) else { return nil }
        let inPools = Set(used.compactMap { IPAddressValue($0) }.filter(span.contains))
        return span.free(used: inPools.count)
    }
}

/// A row of the networks list: the network and its subnets (CIDR, gateway, pools, free IPs).
public struct NetworkRow: TableRow {
    public let id: String
    public let name: String
    public let status: String
    public let subnets: [SubnetSummary]

    public init(id: String, name: String, status: String, subnets: [SubnetSummary]) {
        self.id = id
        self.name = name
        self.status = status
        self.subnets = subnets
    }

    /// `subnets`: the network's subnets, in the network's order; `usedIPs`: fixed IPs held by
    /// ports, by subnet id.
    public init(network: Network, subnets: [Subnet], usedIPs: [String: Set<String>]) {
        self.init(id: network.id, name: network.name, status: network.status ?? "",
                  subnets: subnets.map { SubnetSummary(subnet: $0, usedIPs: usedIPs[$0.id] ?? []) })
    }

    /// Free addresses over all subnets (saturating); nil when there is no subnet or a pool
    /// cannot be read.
    public var freeIPs: UInt128? {
        guard !subnets.isEmpty else { return nil }
        var total: UInt128 = 0
        for s in subnets {
            guard let f = s.freeIPs else { return nil }
            let (sum, o) = total.addingReportingOverflow(f)
            total = o ? UInt128.max : sum
        }
        return total
    }

    public static var columns: [Column] { [
        Column(.name, width: 16), Column(.id, width: 36), Column(.cidr, width: 18), Column(.gateway, width: 15),
        Column(.pools, width: 27), Column(.freeIPs, width: 8, .right),
    ] }
    public static let defaultSort = SortOrder(column: 0)

    public var cells: [String] {
        [name, id, subnets.map(\.cidr).joined(separator: ", "), subnets.map { $0.gateway ?? "-" }.joined(separator: ", "),
         subnets.flatMap(\.pools).joined(separator: ", "), subnets.map { $0.freeIPs.map(CountText.format) ?? "?" }.joined(separator: ", ")]
    }

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: return .natural(name)
        case 1: return .natural(id)
        case 2: return .address(subnets.first?.cidr)
        case 3: return .address(subnets.first?.gateway)
        case 4: return .address(subnets.first?.pools.first)
        case 5: return freeIPs.map { .number(Double($0)) } ?? .empty
        default: return .empty
        }
    }

    public var ref: ResourceRef { .network(id) }
    public var destination: Destination { .detail(ref) }
}

// MARK: ports

/// A row of the ports list is the port itself: the list and `CloudData.ports` share one copy
/// (their chunks are shared; see `ListState.append(sharing:added:height:)`), so 100,000 ports
/// are held once, not once as the API gave them and again as rows.
public typealias PortRow = Port

extension Port: TableRow {
    /// The fixed IPs joined with ", ".
    public var fixedIPText: String { fixedIPs.map(\.ipAddress).joined(separator: ", ") }
    public var pairCount: Int { allowedAddressPairs.count }

    public static var columns: [Column] { [
        Column(.name, width: 16), Column(.id, width: 36), Column(.deviceOwner, width: 16), Column(.fixedIPs, width: 15),
        Column(.pairs, width: 5, .right), Column(.sdCheck, width: 9), Column(.status, width: 6),
    ] }
    /// By fixed IP: most ports have no name.
    public static var defaultSort: SortOrder { SortOrder(column: 3) }

    public var cells: [String] {
        [name, id, deviceOwner, fixedIPText, String(pairCount), sourceDestCheckOff ? ScreenText.checkOff.text : ScreenText.checkOn.text, status]
    }

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: return .natural(name)
        case 1: return .natural(id)
        case 2: return .natural(deviceOwner)
        case 3: return .address(fixedIPs.first?.ipAddress)
        case 4: return .count(pairCount)
        case 5: return .natural(sourceDestCheckOff ? "off" : "on")
        case 6: return .natural(status)
        default: return .empty
        }
    }

    public var ref: ResourceRef { .port(id) }
    /// A VIP port leads to its bound servers; any other port to the VIPs holding its IP.
    public var destination: Destination { isVIP ? .boundServers(vip: id) : .vipsHolding(port: id) }
}

// MARK: servers

/// A row of the servers list.
public struct ServerRow: TableRow {
    public let id: String
    public let name: String
    public let status: String
    public let ips: [String]
    public let nicCount: Int

    /// `nics`: the server's NIC ports (not VIPs). IPs come from Nova's addresses, or from
    /// the NICs when Nova gave none (servers inferred from ports).
    public init(server: Server, nics: [Port]) {
        id = server.id
        name = server.name
        status = server.status
        let fromNova = server.ipAddresses
        ips = fromNova.isEmpty ? nics.flatMap { $0.fixedIPs.map(\.ipAddress) } : fromNova
        nicCount = nics.count
    }

    /// A server whose NICs are already counted (see `PortDigest`): `nicIPs` are their fixed
    /// IPs, in port order.
    init(server: Server, nicCount: Int, nicIPs: [String]) {
        id = server.id
        name = server.name
        status = server.status
        let fromNova = server.ipAddresses
        ips = fromNova.isEmpty ? nicIPs : fromNova
        self.nicCount = nicCount
    }

    public static var columns: [Column] { [
        Column(.name, width: 20), Column(.status, width: 8), Column(.ips, width: 30), Column(.nics, width: 4, .right),
        Column(.id, width: 36),
    ] }
    public static let defaultSort = SortOrder(column: 0)

    public var cells: [String] { [name, status, ips.joined(separator: ", "), String(nicCount), id] }

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: return .natural(name)
        case 1: return .natural(status)
        case 2: return .address(ips.first)
        case 3: return .count(nicCount)
        case 4: return .natural(id)
        default: return .empty
        }
    }

    public var ref: ResourceRef { .server(id) }
    public var destination: Destination { .nics(server: id) }
}

// MARK: VIPs

/// One NIC a VIP is bound to, as the VIPs list shows it.
public struct BoundServer: Equatable, Sendable {
    /// The server's id, nil when the NIC is not attached to a known server.
    public let serverID: String?
    /// The server's name; else `port <name or id>`; else `(no port)` for a stale pair.
    public let label: String
    /// nil when no port holds the pair's IP (a stale pair).
    public let nicPortID: String?
    public let nicIP: String
    public let sourceDestCheckOff: Bool
    public let via: BoundNIC.Via

    public init(serverID: String?, label: String, nicPortID: String?, nicIP: String, sourceDestCheckOff: Bool, via: BoundNIC.Via) {
        self.serverID = serverID
        self.label = label
        self.nicPortID = nicPortID
        self.nicIP = nicIP
        self.sourceDestCheckOff = sourceDestCheckOff
        self.via = via
    }

    public init(_ b: BoundNIC) {
        let label: String
        if let s = b.server {
            label = s.name.isEmpty ? s.id : s.name
        } else if let nic = b.nic {
            label = ScreenText.portLabel(nic.name.isEmpty ? String(nic.id.prefix(8)) : nic.name)
        } else {
            label = ScreenText.noPort.text
        }
        self.init(serverID: b.server?.id, label: label, nicPortID: b.nic?.id, nicIP: b.pairIP,
                  sourceDestCheckOff: b.sourceDestCheckOff, via: b.via)
    }

    /// `lb-01 192.168.10.21 off` (the NIC's source/destination check is off) or `... ON`.
    public var text: String {
        nicPortID == nil ? "\(label) \(nicIP)" : "\(label) \(nicIP) \(sourceDestCheckOff ? ScreenText.checkOff.text : ScreenText.checkOnUpper.text)"
    }
}

/// A row of the VIPs list: a VIP port with what its pairs resolve to.
public struct VIPRow: TableRow {
    /// The VIP port's id.
    public let id: String
    public let name: String
    public let address: String
    public let networkID: String
    /// The network's name, or its id when the network is not loaded.
    public let networkName: String
    public let bound: [BoundServer]

    public init(id: String, name: String, address: String, networkID: String, networkName: String, bound: [BoundServer]) {
        self.id = id
        self.name = name
        self.address = address
        self.networkID = networkID
        self.networkName = networkName
        self.bound = bound
    }

    public init(binding: VIPBinding) {
        self.init(id: binding.vip.id, name: binding.vip.name, address: binding.address, networkID: binding.vip.networkID,
                  networkName: binding.network.map { $0.name.isEmpty ? $0.id : $0.name } ?? binding.vip.networkID,
                  bound: binding.bound.map(BoundServer.init))
    }

    /// What is wrong with the VIP, empty when it is ready for failover: no NIC bound, NICs
    /// whose source/destination check is still on, pairs that match no port.
    public var problems: [String] {
        var out: [String] = []
        let nics = bound.filter { $0.nicPortID != nil }
        if nics.isEmpty { out.append(ScreenText.noNICBound.text) }
        let on = nics.filter { !$0.sourceDestCheckOff }
        if !on.isEmpty { out.append(ScreenText.checkOnFor(on.count, nics.count)) }
        let stale = bound.filter { $0.nicPortID == nil }
        if stale.count == 1 { out.append(ScreenText.stalePair(stale[0].nicIP)) }
        if stale.count > 1 { out.append(ScreenText.stalePairs(stale.count)) }
        return out
    }

    /// `ok` or the problems joined.
    public var stateText: String { problems.isEmpty ? ScreenText.stateOK.text : problems.joined(separator: ScreenText.problemSeparator.text) }

    public static var columns: [Column] { [
        Column(.address, width: 15), Column(.name, width: 14), Column(.network, width: 12),
        Column(.boundServersCheck, width: 44), Column(.state, width: 24),
    ] }
    public static let defaultSort = SortOrder(column: 0)

    public var cells: [String] { [address, name, networkName, bound.map(\.text).joined(separator: ", "), stateText] }

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: return .address(address)
        case 1: return .natural(name)
        case 2: return .natural(networkName)
        case 3: return .natural(bound.first?.label ?? "")
        case 4: return .natural(stateText)
        default: return .empty
        }
    }

    public var ref: ResourceRef { .port(id) }
    public var destination: Destination { .boundServers(vip: id) }
}

// MARK: builders

/// Pure functions from CloudAPI models to rows.
public enum Rows {
    public static func networks(_ networks: [Network], subnets: [Subnet], ports: some Sequence<Port>) -> [NetworkRow] {
        let byID = Dictionary(subnets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var used: [String: Set<String>] = [:]
        for p in ports {
            for f in p.fixedIPs { used[f.subnetID, default: []].insert(f.ipAddress) }
        }
        return networks.map { n in
            let listed = n.subnets.compactMap { byID[$0] }
            let listedIDs = Set(listed.map(\.id))
            let others = subnets.filter { $0.networkID == n.id && !listedIDs.contains($0.id) }
            return NetworkRow(network: n, subnets: listed + others, usedIPs: used)
        }
    }

    public static func servers(_ servers: [Server], ports: [Port]) -> [ServerRow] {
        var nics: [String: [Port]] = [:]
        for p in ports where !p.isVIP && !p.deviceID.isEmpty { nics[p.deviceID, default: []].append(p) }
        return servers.map { ServerRow(server: $0, nics: nics[$0.id] ?? []) }
    }

    public static func vips(_ bindings: [VIPBinding]) -> [VIPRow] { bindings.map(VIPRow.init) }

    /// VIP rows from everything loaded (bindings resolved by `Inventory.vipBindings()`).
    ///
    /// Only the ports a binding can involve are handed to it (VIP ports, NICs holding an IP
    /// named in a VIP's pairs, NICs whose own pairs name a VIP's address), in their order: the
    /// result is the same, and a tenant with 10,000 ports and a few VIPs stays fast.
    public static func vips(_ data: CloudData) -> [VIPRow] {
        var pairKeys: Set<String> = []
        var addressKeys: Set<String> = []
        for p in data.ports where p.isVIP {
            for pair in p.allowedAddressPairs { pairKeys.insert(p.networkID + "|" + pair.ipAddress) }
            if let a = p.fixedIPs.first?.ipAddress, !a.isEmpty { addressKeys.insert(p.networkID + "|" + a) }
        }
        let relevant = data.ports.filter { p in
            p.isVIP
                || p.fixedIPs.contains { pairKeys.contains(p.networkID + "|" + $0.ipAddress) }
                || p.allowedAddressPairs.contains { addressKeys.contains(p.networkID + "|" + $0.ipAddress) }
        }
        let inventory = Inventory(networks: data.networks, subnets: data.subnets, ports: relevant, servers: data.servers.array,
                                  serversFromNova: true)
        return vips(inventory.vipBindings())
    }
}

/// Everything loaded from the cloud, as the API returned it.
public struct CloudData: Equatable, Sendable {
    public var networks: [Network]
    public var subnets: [Subnet]
    /// Chunked: a page appended while the renderer holds a copy costs the page (see
    /// `ChunkedArray`).
    public var ports: ChunkedArray<Port>
    public var servers: ChunkedArray<Server>

    public init(networks: [Network] = [], subnets: [Subnet] = [], ports: [Port] = [], servers: [Server] = []) {
        self.networks = networks
        self.subnets = subnets
        self.ports = ChunkedArray(ports)
        self.servers = ChunkedArray(servers)
    }

    public var inventory: Inventory {
        Inventory(networks: networks, subnets: subnets, ports: ports.array, servers: servers.array, serversFromNova: true)
    }
}
