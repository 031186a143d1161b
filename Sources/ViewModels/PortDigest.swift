import CloudAPI
import VIPCore

// What the networks, servers and VIPs lists need from every port, kept up to date page by
// page: a page of ports then costs what it holds, not what was loaded before it.

/// An allocation pool set as address ranges and its size.
struct PoolSpan: Sendable {
    let ranges: [ClosedRange<IPAddressValue>]
    /// Addresses in all pools (saturating).
    let total: UInt128

    /// nil when a pool cannot be read.
    init?(_ pools: [AllocationPool]) {
        var ranges: [ClosedRange<IPAddressValue>] = []
        var total: UInt128 = 0
        for p in pools {
            guard let a = IPAddressValue(p.start), let b = IPAddressValue(p.end), a.version == b.version, a.raw <= b.raw else { return nil }
            ranges.append(a...b)
            let (size, o1) = (b.raw - a.raw).addingReportingOverflow(1)
            let (sum, o2) = total.addingReportingOverflow(size)
            total = o1 || o2 ? UInt128.max : sum
        }
        self.ranges = ranges
        self.total = total
    }

    func contains(_ ip: IPAddressValue) -> Bool { ranges.contains { $0.contains(ip) } }

    /// The free addresses when `used` distinct addresses of the pools are held.
    func free(used: Int) -> UInt128 {
        let n = UInt128(used)
        return total > n ? total - n : 0
    }
}

/// Per server: its NIC ports (not VIPs), counted, and their fixed IPs in port order.
struct NICSummary: Sendable {
    var count = 0
    var ips: [String] = []
}

/// The digest of the loaded ports. It is derived from `CloudData` and is no part of the
/// state's value: any two digests compare equal.
struct PortDigest: Equatable, Sendable {
    static func == (_: PortDigest, _: PortDigest) -> Bool { true }

    /// How many networks, subnets, ports and servers it has taken in (-1: nothing yet).
    private(set) var counts = [-1, -1, -1, -1]
    /// Per subnet (position in `data.subnets`): its pools, nil when one cannot be read.
    private var spans: [PoolSpan?] = []
    /// Per subnet position: how many of the addresses held in it (`fixedAt`) fall in its pools.
    private var inPools: [Int] = []
    private var subnetPositions: [String: [Int]] = [:]
    /// Per server id.
    private(set) var nics: [String: NICSummary] = [:]
    /// Per server id: its positions in `data.servers`.
    private(set) var serverPositions: [String: [Int]] = [:]
    /// `network|address` keys of the VIPs' pairs and of the VIPs' addresses.
    private var pairKeys: Set<String> = []
    private var addressKeys: Set<String> = []
    /// The ports a VIP binding can involve, in port order (see `Rows.vips(_:)`).
    private(set) var relevant: [Port] = []
    /// Their positions in `data.ports`.
    private var relevantAt: Set<Int32> = []
    /// Per subnet id: each address ports hold in it, with the position of the first port
    /// holding it (IPv4 addresses are short strings, kept inside the key: no allocation per
    /// port). Its count per subnet is the subnet's used addresses.
    private var fixedAt: [String: [String: Int32]] = [:]
    /// `subnet|address` held by a second port (rare): those ports' positions.
    private var moreFixedAt: [String: [Int32]] = [:]
    /// Per network id: the subnets its ports hold addresses in.
    private var subnetsOf: [String: Set<String>] = [:]
    /// `network|address` a non-VIP port's pair names: those ports' positions.
    private var pairAt: [String: [Int32]] = [:]
    /// `network|address` of a VIP's pair: the VIPs' positions.
    private var vipsByPair: [String: [Int32]] = [:]
    /// `network|address` of a VIP's own address: the VIPs' positions.
    private var vipsByAddress: [String: [Int32]] = [:]
    /// Per VIP position: its place among the VIPs (the VIP rows are in port order).
    private var vipRowIndex: [Int32: Int] = [:]

    init() {}

    /// Everything, from scratch.
    init(_ data: CloudData) {
        setSubnets(data)
        setServers(data.servers)
        counts[0] = data.networks.count
        _ = add(data.ports[...], all: data.ports)
    }

    /// Whether it describes `data` as it is, or as it was before its last `pending` ports.
    func covers(_ data: CloudData, pending: Int = 0, pendingServers: Int = 0) -> Bool {
        counts == [data.networks.count, data.subnets.count, data.ports.count - pending, data.servers.count - pendingServers]
    }

    mutating func setNetworks(_ data: CloudData) { counts[0] = data.networks.count }

    /// New subnets: the pools are read again and the used addresses counted in them.
    mutating func setSubnets(_ data: CloudData) {
        spans = data.subnets.map { PoolSpan($0.allocationPools) }
        subnetPositions = [:]
        for (i, s) in data.subnets.enumerated() { subnetPositions[s.id, default: []].append(i) }
        inPools = data.subnets.indices.map { i in
            guard let span = spans[i] else { return 0 }
            return (fixedAt[data.subnets[i].id] ?? [:]).keys.reduce(0) { n, text in
                n + (IPAddressValue(text).map(span.contains) == true ? 1 : 0)
            }
        }
        counts[1] = data.subnets.count
    }

    /// Takes in `items`, the last servers of `all`.
    mutating func addServers(_ items: [Server], all: ChunkedArray<Server>) {
        var position = all.count - items.count
        for s in items {
            serverPositions[s.id, default: []].append(position)
            position += 1
        }
        counts[3] = all.count
    }

    mutating func setServers(_ servers: ChunkedArray<Server>) {
        serverPositions = [:]
        for (i, s) in servers.enumerated() { serverPositions[s.id, default: []].append(i) }
        counts[3] = servers.count
    }

    /// Takes in `ports` (the last ports of `all`). Returns the servers whose NICs changed and
    /// whether the VIP rows may have changed. Costs what `ports` holds, whatever came before.
    mutating func add(_ ports: some Collection<Port>, all: ChunkedArray<Port>) -> (servers: Set<String>, vips: Set<Int32>) {
        var touched: Set<String> = []
        // The VIPs whose rows this page changes: its own VIPs, and those naming its NICs.
        var dirty: Set<Int32> = []
        let before = relevantAt.count
        var position = Int32(all.count - ports.count)
        for p in ports {
            defer { position += 1 }
            // Where a VIP taken in later finds this port, and the subnets' used addresses.
            for f in p.fixedIPs {
                if fixedAt[f.subnetID]?[f.ipAddress] != nil {
                    moreFixedAt[f.subnetID + "|" + f.ipAddress, default: []].append(position)
                    continue
                }
                fixedAt[f.subnetID, default: [:]][f.ipAddress] = position
                if subnetsOf[p.networkID]?.contains(f.subnetID) != true { subnetsOf[p.networkID, default: []].insert(f.subnetID) }
                guard let ip = IPAddressValue(f.ipAddress) else { continue }
                for pos in subnetPositions[f.subnetID] ?? [] where spans[pos]?.contains(ip) == true { inPools[pos] += 1 }
            }
            if p.isVIP {
                relevantAt.insert(position)
                dirty.insert(position)
                vipRowIndex[position] = vipRowIndex.count
                for pair in p.allowedAddressPairs { vipsByPair[p.networkID + "|" + pair.ipAddress, default: []].append(position) }
                if let a = p.fixedIPs.first?.ipAddress, !a.isEmpty { vipsByAddress[p.networkID + "|" + a, default: []].append(position) }
                // The ports already taken in that this VIP's keys name.
                for pair in p.allowedAddressPairs where pairKeys.insert(p.networkID + "|" + pair.ipAddress).inserted {
                    for subnet in subnetsOf[p.networkID] ?? [] {
                        if let first = fixedAt[subnet]?[pair.ipAddress] { relevantAt.insert(first) }
                        for more in moreFixedAt[subnet + "|" + pair.ipAddress] ?? [] { relevantAt.insert(more) }
                    }
                }
                if let a = p.fixedIPs.first?.ipAddress, !a.isEmpty, addressKeys.insert(p.networkID + "|" + a).inserted {
                    for holder in pairAt[p.networkID + "|" + a] ?? [] { relevantAt.insert(holder) }
                }
                continue
            }
            if !p.deviceID.isEmpty {
                nics[p.deviceID, default: NICSummary()].count += 1
                nics[p.deviceID, default: NICSummary()].ips.append(contentsOf: p.fixedIPs.map(\.ipAddress))
                touched.insert(p.deviceID)
            }
            for pair in p.allowedAddressPairs { pairAt[p.networkID + "|" + pair.ipAddress, default: []].append(position) }
            if isRelevant(p) {
                relevantAt.insert(position)
                for f in p.fixedIPs { dirty.formUnion(vipsByPair[p.networkID + "|" + f.ipAddress] ?? []) }
                for pair in p.allowedAddressPairs { dirty.formUnion(vipsByAddress[p.networkID + "|" + pair.ipAddress] ?? []) }
            }
        }
        counts[2] = all.count
        if relevantAt.count != before { relevant = relevantAt.sorted().map { all[Int($0)] } }
        return (touched, dirty)
    }

    /// How many VIPs it has taken in.
    var vipCount: Int { vipRowIndex.count }

    /// The place of the VIP at `position` among the VIP rows.
    func vipRow(at position: Int32) -> Int? { vipRowIndex[position] }

    /// The rows of the VIPs at `positions` (ascending), from the ports their bindings can
    /// involve alone: a page costs the VIPs it touches, not every VIP loaded.
    func vipRows(at positions: [Int32], _ data: CloudData) -> [VIPRow] {
        var involved: Set<Int32> = []
        for v in positions {
            involved.insert(v)
            let vip = data.ports[Int(v)]
            for pair in vip.allowedAddressPairs {
                for subnet in subnetsOf[vip.networkID] ?? [] {
                    if let first = fixedAt[subnet]?[pair.ipAddress] { involved.insert(first) }
                    involved.formUnion(moreFixedAt[subnet + "|" + pair.ipAddress] ?? [])
                }
            }
            if let a = vip.fixedIPs.first?.ipAddress, !a.isEmpty { involved.formUnion(pairAt[vip.networkID + "|" + a] ?? []) }
        }
        let ports = involved.sorted().map { data.ports[Int($0)] }
        let wanted = Set(positions.map { data.ports[Int($0)].id })
        let rows = vipRows(of: ports, data)
        return rows.filter { wanted.contains($0.id) }
    }

    private func isRelevant(_ p: Port) -> Bool {
        if p.isVIP { return true }
        if pairKeys.isEmpty && addressKeys.isEmpty { return false }
        return p.fixedIPs.contains { pairKeys.contains(p.networkID + "|" + $0.ipAddress) }
            || p.allowedAddressPairs.contains { addressKeys.contains(p.networkID + "|" + $0.ipAddress) }
    }

    /// The free addresses of the subnet at `position`, nil when a pool cannot be read.
    func freeIPs(subnet position: Int) -> UInt128? { spans[position].map { $0.free(used: inPools[position]) } }

    // MARK: rows

    /// `Rows.networks(data.networks, subnets: data.subnets, ports: data.ports)`, from the digest.
    func networkRows(_ data: CloudData) -> [NetworkRow] {
        var first: [String: Int] = [:]
        for (i, s) in data.subnets.enumerated() where first[s.id] == nil { first[s.id] = i }
        return data.networks.map { n in
            let listed = n.subnets.compactMap { first[$0] }
            let listedIDs = Set(listed.map { data.subnets[$0].id })
            let others = data.subnets.indices.filter { data.subnets[$0].networkID == n.id && !listedIDs.contains(data.subnets[$0].id) }
            return NetworkRow(id: n.id, name: n.name, status: n.status ?? "", subnets: (listed + others).map {
                SubnetSummary(subnet: data.subnets[$0], freeIPs: freeIPs(subnet: $0))
            })
        }
    }

    /// `Rows.servers(data.servers, ports: data.ports)`, from the digest.
    func serverRow(_ server: Server) -> ServerRow {
        let n = nics[server.id] ?? NICSummary()
        return ServerRow(server: server, nicCount: n.count, nicIPs: n.ips)
    }

    /// `Rows.vips(data)`, from the digest.
    func vipRows(_ data: CloudData) -> [VIPRow] { vipRows(of: relevant, data) }

    private func vipRows(of relevant: [Port], _ data: CloudData) -> [VIPRow] {
        // Only the servers those ports name: the rows need their names, nothing else.
        var seen: Set<String> = []
        let servers = relevant.flatMap { p -> [Server] in
            guard !p.deviceID.isEmpty, seen.insert(p.deviceID).inserted else { return [] }
            return (serverPositions[p.deviceID] ?? []).compactMap { data.servers.indices.contains($0) ? data.servers[$0] : nil }
        }
        return Rows.vips(Inventory(networks: data.networks, subnets: data.subnets, ports: relevant, servers: servers,
                                   serversFromNova: true).vipBindings())
    }
}
