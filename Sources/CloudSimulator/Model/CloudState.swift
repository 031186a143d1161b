/// Everything the simulated cloud holds. A value type owned by `SimulatorEngine` (an actor),
/// so every request sees and leaves a consistent state.
struct CloudState: Sendable {
    var rng: SplitMix64
    var clock: Double  // "now" for scenario data; live requests use the wall clock
    var macCounter: UInt32 = 0x10_0000
    /// Bumped on every persisted change (the saver writes only when it moved).
    var changeCount: UInt64 = 0

    // Keystone
    var domains: [String: Domain] = [:]
    var projects: [String: Project] = [:]
    var users: [String: User] = [:]
    var roles: [String: Role] = [:]
    /// user id -> project id -> role names
    var assignments: [String: [String: [String]]] = [:]
    var appCredentials: [String: ApplicationCredential] = [:]
    var tokens: [String: Token] = [:]
    var revokedTokens: Set<String> = []

    // Neutron
    var networks: [String: Network] = [:]
    var subnets: [String: Subnet] = [:]
    var ports: [String: Port] = [:]
    /// Port ids in ascending order: the default sort, and O(log n) marker lookups.
    var portOrder: [String] = []
    var portsByDevice: [String: [String]] = [:]
    var securityGroups: [String: SecurityGroup] = [:]

    // Nova
    var servers: [String: Server] = [:]
    /// Server ids in creation order (nova lists newest first).
    var serverOrder: [String] = []

    /// Catalog ids, stable per state.
    var serviceIDs: [String: String] = [:]

    init(seed: UInt64, clock: Double) {
        rng = SplitMix64(seed: seed)
        self.clock = clock
    }

    mutating func newUUID() -> String { IDs.uuid(&rng) }
    mutating func newHexID() -> String { IDs.hex32(&rng) }
    mutating func newMAC() -> String {
        macCounter &+= 1
        return IDs.mac(macCounter & 0xFF_FFFF)
    }

    // MARK: lookups

    func domain(named name: String) -> Domain? { domains.values.first { $0.name == name } }
    func user(named name: String, domainID: String) -> User? {
        users.values.first { $0.name == name && $0.domainID == domainID }
    }
    func project(named name: String, domainID: String?) -> Project? {
        projects.values.first { $0.name == name && (domainID == nil || $0.domainID == domainID) }
    }
    func roleNames(user: String, project: String) -> [String] { assignments[user]?[project] ?? [] }

    // MARK: port index maintenance

    mutating func insertPort(_ p: Port) {
        ports[p.id] = p
        let i = lowerBound(portOrder, p.id)
        portOrder.insert(p.id, at: i)
        if !p.deviceID.isEmpty { portsByDevice[p.deviceID, default: []].append(p.id) }
        for f in p.fixedIPs { subnets[f.subnetID]?.allocated.insert(f.ip) }
    }

    mutating func removePort(_ id: String) {
        guard let p = ports.removeValue(forKey: id) else { return }
        let i = lowerBound(portOrder, id)
        if i < portOrder.count, portOrder[i] == id { portOrder.remove(at: i) }
        if !p.deviceID.isEmpty {
            portsByDevice[p.deviceID]?.removeAll { $0 == id }
            if portsByDevice[p.deviceID]?.isEmpty == true { portsByDevice[p.deviceID] = nil }
        }
        for f in p.fixedIPs { subnets[f.subnetID]?.allocated.remove(f.ip) }
    }

    /// Replaces a stored port, keeping the indexes right.
    mutating func replacePort(_ p: Port) {
        guard let old = ports[p.id] else { return }
        if old.deviceID != p.deviceID {
            if !old.deviceID.isEmpty {
                portsByDevice[old.deviceID]?.removeAll { $0 == p.id }
                if portsByDevice[old.deviceID]?.isEmpty == true { portsByDevice[old.deviceID] = nil }
            }
            if !p.deviceID.isEmpty { portsByDevice[p.deviceID, default: []].append(p.id) }
        }
        if old.fixedIPs != p.fixedIPs {
            for f in old.fixedIPs { subnets[f.subnetID]?.allocated.remove(f.ip) }
            for f in p.fixedIPs { subnets[f.subnetID]?.allocated.insert(f.ip) }
        }
        ports[p.id] = p
    }

    /// Rebuilds every index from `ports` (after a bulk load).
    mutating func rebuildPortIndexes() {
        portOrder = sortedIDs(ports.keys)
        portsByDevice = [:]
        var allocated: [String: Set<IPAddress>] = [:]
        // One pass over the ports as stored (no lookup per id); each device's list in id order.
        for p in ports.values {
            if !p.deviceID.isEmpty { portsByDevice[p.deviceID, default: []].append(p.id) }
            for f in p.fixedIPs { allocated[f.subnetID, default: []].insert(f.ip) }
        }
        for (device, list) in portsByDevice where list.count > 1 { portsByDevice[device] = list.sorted() }
        for k in subnets.keys { subnets[k]?.allocated = allocated[k] ?? [] }
    }

    mutating func defaultSecurityGroup(project: String, now: Double) -> String {
        if let sg = securityGroups.values.first(where: { $0.projectID == project && $0.name == "default" }) { return sg.id }
        let sg = SecurityGroup(id: newUUID(), name: "default", projectID: project,
                               description: "Default security group", createdAt: now, updatedAt: now)
        securityGroups[sg.id] = sg
        return sg.id
    }
}

/// `ids` in `String` order. Ids all in ASCII (as the simulator makes them) are sorted by their
/// first eight bytes as one number, then by text where those are equal: for ASCII that is the
/// same order, without a string comparison per step (a scale scenario sorts 100,000).
func sortedIDs(_ ids: some Collection<String>) -> [String] {
    let all = Array(ids)
    var items: [(head: UInt64, index: Int)] = []
    items.reserveCapacity(all.count)
    for (i, id) in all.enumerated() {
        var head: UInt64 = 0
        var n = 0
        for b in id.utf8 {
            guard b < 0x80 else { return all.sorted() }
            if n < 8 { head |= UInt64(b) << UInt64(56 - 8 * n) }
            n += 1
        }
        items.append((head, i))
    }
    // Plain numbers move and compare; a text only where two heads are equal.
    items.sort { $0.head != $1.head ? $0.head < $1.head : all[$0.index] < all[$1.index] }
    return items.map { all[$0.index] }
}

/// Index of the first element not less than `key` in a sorted array.
func lowerBound(_ a: [String], _ key: String) -> Int {
    var lo = 0, hi = a.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if a[mid] < key { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
