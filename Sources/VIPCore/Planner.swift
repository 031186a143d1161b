import CloudAPI
import L10n

/// What a plan is made from: fresh reads of what the intent touches (never a cache).
public struct PlanningSnapshot: Sendable, Equatable {
    /// The ports the intent names (the VIP, the NICs). For a create also the VIP ports of the
    /// same name in the network and the ports holding a typed address; for a delete, the
    /// ports of the VIP's network (to find the NICs bound to it).
    public var ports: [Port]
    /// The subnets a create chooses from (a bind needs none).
    public var subnets: [Subnet]
    public var networks: [Network]
    /// The NICs' servers, for names in labels (a NIC whose server is missing is named by
    /// its device id).
    public var servers: [Server]
    /// `max_allowed_address_pair` (neutron's default 10) unless the cloud says otherwise.
    public var maxAddressPairs: Int
    /// The cloud's vendor rules (`HuaweiRules`), from its settings.
    public var flavor: CloudFlavor

    public init(ports: [Port], subnets: [Subnet] = [], networks: [Network] = [], servers: [Server] = [],
                maxAddressPairs: Int = Planner.defaultMaxAddressPairs, flavor: CloudFlavor = .neutron)
    {
        self.ports = ports
        self.subnets = subnets
        self.networks = networks
        self.servers = servers
        self.maxAddressPairs = maxAddressPairs
        self.flavor = flavor
    }
}

/// Turns an intent and a snapshot into the exact requests to send. Pure.
///
/// Rules: a pair list is never replaced by one that lacks a pair the intent does not name
/// (pairs are compared by `ip_address`; kept pairs are sent back with the `mac_address` they
/// have, added ones without, so neutron fills in the port's MAC). An intent that already
/// holds plans no steps and says so in `nothingToDo`.
///
/// Two conventions the executor honours:
/// - A step on a port that an earlier step of the same plan writes (the DELETE after
///   emptying a VIP's pairs) has `ifRevision` nil: the executor sends the revision that the
///   earlier write returned.
/// - With the openstack strategy and an automatic address, a NIC's PUT depends on the POST
///   that creates the VIP and its body names the address as `{address of step N}`
///   (`Planner.addressPlaceholder(step:)`); the executor puts the created port's address
///   there. A created port's path is `/v2.0/ports/{port of step N}`.
public enum Planner {
    /// Huawei's "source/destination check off" pair.
    public static let checkOffPair = AddressPair.checkOff
    /// Vanilla neutron's `max_allowed_address_pair`.
    public static let defaultMaxAddressPairs = 10

    public static func addressPlaceholder(step: Int) -> String { "{address of step \(step)}" }
    public static func portPlaceholder(step: Int) -> String { "{port of step \(step)}" }

    public static func plan(_ intent: Intent, snapshot: PlanningSnapshot, strategy: VIPStrategy, ifMatch: Bool) throws(VIPError) -> Plan {
        try plan(intent, snapshot: snapshot, strategy: strategy, ifMatch: ifMatch, firstStepID: 1)
    }

    /// `firstStepID`: re-plans number their steps after the ones already run.
    static func plan(_ intent: Intent, snapshot: PlanningSnapshot, strategy: VIPStrategy, ifMatch: Bool,
                     firstStepID: Int) throws(VIPError) -> Plan
    {
        var b = PlanBuilder(snapshot: snapshot, strategy: strategy, ifMatch: ifMatch, nextID: firstStepID)
        switch intent {
        case .createVIP(let c): try b.create(c)
        case .bind(let vip, let nics): try b.bind(vip, nics)
        case .unbind(let vip, let nics): try b.unbind(vip, nics)
        case .deleteVIP(let vip, let unbindFirst): try b.delete(vip, unbindFirst: unbindFirst)
        case .setSourceDestCheck(let nic, let enabled): try b.check(nic, enabled: enabled)
        case .revert(let r): try b.revert(r)
        case .removePairs(let port, let addresses): try b.removePairs(port, addresses)
        }
        var seen: Set<String> = []
        let warnings = b.warnings.filter { seen.insert($0).inserted }
        let plan = Plan(intent: intent, strategy: strategy, steps: b.steps, warnings: warnings,
                        nothingToDo: b.steps.isEmpty ? (b.nothing ?? PlanText.nothingToDoDefault.text) : nil)
        // The vendor's rules, on every plan whatever made it (the one place they are checked).
        try HuaweiRules.check(plan, flavor: snapshot.flavor)
        return plan
    }

    // MARK: pair lists

    /// `pairs` with `ips` appended where missing (compared by address).
    static func adding(_ pairs: [AddressPair], _ ips: [String]) -> [AddressPair] {
        var out = pairs
        var keys = Set(pairs.map { PairKey.of($0.ipAddress) })
        for ip in ips where keys.insert(PairKey.of(ip)).inserted { out.append(AddressPair(ipAddress: ip)) }
        return out
    }

    /// `pairs` without those whose address is one of `ips`.
    static func removing(_ pairs: [AddressPair], _ ips: [String]) -> [AddressPair] {
        let keys = Set(ips.map(PairKey.of))
        return pairs.filter { !keys.contains(PairKey.of($0.ipAddress)) }
    }

    static func holds(_ pairs: [AddressPair], _ ip: String) -> Bool {
        let k = PairKey.of(ip)
        return pairs.contains { PairKey.of($0.ipAddress) == k }
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        PlanText.list(items)
    }

    /// The one rule for the subnet a new VIP takes its address from, for the planner and the
    /// wizard's check as the admin types: the subnet asked for; else the one holding the typed
    /// address (any subnet of the network, whatever the NICs' subnets); else the subnet of the
    /// first bound NIC's IP; else the network's first IPv4 subnet.
    public static func subnetForNewVIP(given: String?, typed: String?, nics: [Port], subnets: [Subnet],
                                       networkName: String) throws(VIPError) -> Subnet
    {
        guard let firstSubnet = subnets.first else { throw .refused(RefusalText.noSubnet(networkName)) }
        if let sid = given {
            guard let s = subnets.first(where: { $0.id == sid }) else { throw .refused(RefusalText.subnetNotIn(sid, networkName)) }
            return s
        }
        if let ip = typed {
            guard let a = IPAddressValue(ip) else { throw .refused(RefusalText.cannotBeAddress(ip, AddressProblem.notAnAddress)) }
            guard let s = subnets.first(where: { CIDRValue($0.cidr)?.contains(a) == true }) else {
                throw .refused(RefusalText.cannotBeAddress(ip, RefusalText.notInAnySubnet(networkName, subnets.map(\.cidr).joined(separator: ", "))))
            }
            return s
        }
        if let s = nics.lazy.flatMap(\.fixedIPs).compactMap({ f in subnets.first { $0.id == f.subnetID } }).first { return s }
        return subnets.first { $0.ipVersion == 4 } ?? firstSubnet
    }

    /// What is wrong with `typed` as a new VIP's address in `networkID`, bound to `nics`, or nil:
    /// the wizard's check as the admin types, with the planner's own rules.
    public static func newVIPAddressProblem(_ typed: String, networkID: String, nics: [Port], subnets: [Subnet],
                                            ports: [Port], servers: [Server] = [], networkName: String) -> String?
    {
        let inNetwork = subnets.filter { $0.networkID == networkID }
        if IPAddressValue(typed) == nil { return "\(typed): \(AddressProblem.notAnAddress)" }
        do {
            let subnet = try subnetForNewVIP(given: nil, typed: typed, nics: nics, subnets: inNetwork, networkName: networkName)
            return AddressCheck.check(typed, subnet: subnet, ports: ports, servers: servers).map { "\(typed): \($0)" }
        } catch {
            return error.description
        }
    }
}

struct PlanBuilder {
    let snap: PlanningSnapshot
    let strategy: VIPStrategy
    let ifMatch: Bool
    var nextID: Int
    var steps: [PlanStep] = []
    var warnings: [String] = []
    var nothing: String?
    let portsByID: [String: Port]
    let serverNames: [String: String]

    init(snapshot: PlanningSnapshot, strategy: VIPStrategy, ifMatch: Bool, nextID: Int) {
        snap = snapshot
        self.strategy = strategy
        self.ifMatch = ifMatch
        self.nextID = nextID
        portsByID = Dictionary(snapshot.ports.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        serverNames = Dictionary(snapshot.servers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: names

    func port(_ id: String) throws(VIPError) -> Port {
        guard let p = portsByID[id] else { throw .refused(RefusalText.noPort(id)) }
        return p
    }

    /// The server's name (its id when the server is unknown), else the port's name or id.
    func who(_ p: Port) -> String {
        if !p.deviceID.isEmpty {
            if let n = serverNames[p.deviceID], !n.isEmpty { return Inert.name(n) }
            return Inert.name(p.deviceID)
        }
        return p.name.isEmpty ? PlanText.portShort(p.id.prefix(8)) : Inert.name(p.name)
    }

    func nicLabel(_ p: Port, ip: String? = nil) -> String {
        PlanText.nicLabel(ip ?? p.fixedIPs.first?.ipAddress ?? PlanText.noIP.text, who(p))
    }

    func vipLabel(_ p: Port) -> String {
        let addr = p.fixedIPs.first?.ipAddress ?? PlanText.noIP.text
        return p.name.isEmpty ? PlanText.vipLabel(addr) : PlanText.vipLabelNamed(addr, Inert.name(p.name))
    }

    func vipName(_ p: Port) -> String { p.name.isEmpty ? (p.fixedIPs.first?.ipAddress ?? p.id) : Inert.name(p.name) }

    func networkName(_ id: String) -> String {
        guard let n = snap.networks.first(where: { $0.id == id }), !n.name.isEmpty else { return PlanText.networkByID(id) }
        return Inert.name(n.name)
    }

    func rev(_ p: Port) -> Int? { ifMatch ? p.revisionNumber : nil }

    mutating func newID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// The NIC's address a VIP's pairs name: its fixed IP in the VIP's subnet, else one of
    /// the same IP version (never blindly the first).
    func nicAddress(_ nic: Port, subnetID: String?, version: Int) -> String? {
        if let sid = subnetID, let f = nic.fixedIPs.first(where: { $0.subnetID == sid }) { return f.ipAddress }
        return nic.fixedIPs.first { IPAddressValue($0.ipAddress)?.version == version }?.ipAddress
    }

    func checkMax(_ count: Int, label: String) throws(VIPError) {
        if count > snap.maxAddressPairs {
            throw .refused(RefusalText.tooManyPairs(label, count, snap.maxAddressPairs))
        }
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }

    /// A port that can be a VIP: attached to nothing, with an address.
    func vipPort(_ id: String) throws(VIPError) -> Port {
        let vip = try port(id)
        if !vip.deviceID.isEmpty || !(vip.deviceOwner.isEmpty || vip.isVIP) {
            throw .refused(RefusalText.attachedTo(AddressCheck.label(vip), vip.deviceID.isEmpty ? vip.deviceOwner : who(vip)))
        }
        if vip.fixedIPs.isEmpty { throw .refused(RefusalText.noFixedIP(AddressCheck.label(vip))) }
        return vip
    }

    func nicPorts(_ ids: [String], network: String, vipText: String, vipID: String? = nil) throws(VIPError) -> [Port] {
        let ids = PlanBuilder.unique(ids)
        if ids.isEmpty { throw .refused(RefusalText.nameANIC.text) }
        var out: [Port] = []
        for id in ids {
            let nic = try port(id)
            if nic.isVIP || id == vipID { throw .refused(RefusalText.vipNotNIC(vipLabel(nic))) }
            if nic.networkID != network {
                throw .refused(RefusalText.wrongNetwork(nicLabel(nic), networkName(nic.networkID), networkName(network), vipText))
            }
            out.append(nic)
        }
        return out
    }

    // MARK: steps

    /// A PUT of the port's pairs: the delta between its pairs now and `after` (what is added,
    /// what is removed), shown with the body it implies on the port as read now.
    @discardableResult
    mutating func putPairs(_ p: Port, label: String, after: [AddressPair], summary: String, dependsOn: [Int] = []) -> Int {
        let id = newID()
        let beforeKeys = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
        let afterKeys = Set(after.map { PairKey.of($0.ipAddress) })
        let delta = PortDelta(addPairs: after.map(\.ipAddress).filter { !beforeKeys.contains(PairKey.of($0)) },
                              removePairs: p.allowedAddressPairs.map(\.ipAddress).filter { !afterKeys.contains(PairKey.of($0)) })
        let change = FieldChange(port: .existing(p.id), portLabel: label, field: "allowed_address_pairs",
                                 before: p.allowedAddressPairs.map(\.ipAddress), after: after.map(\.ipAddress))
        steps.append(PlanStep(id: id, operation: .update, port: .existing(p.id), method: "PUT", path: "/v2.0/ports/\(p.id)",
                              body: BodyJSON.port([("allowed_address_pairs", .pairs(after))]).text, ifRevision: rev(p),
                              dependsOn: dependsOn, changes: [change], summary: summary, delta: delta))
        return id
    }

    /// Huawei: `1.1.1.1/0` on the NIC unless its check is already off.
    mutating func addCheckOffPair(_ nic: Port, label: String) throws(VIPError) {
        if nic.portSecurityEnabled == false || Planner.holds(nic.allowedAddressPairs, Planner.checkOffPair) { return }
        let after = Planner.adding(nic.allowedAddressPairs, [Planner.checkOffPair])
        try checkMax(after.count, label: label)
        putPairs(nic, label: label, after: after, summary: PlanText.addCheckOff(label))
        warnings.append(PlanText.warnCheckOff(label))
    }

    /// OpenStack: the VIP's address in the NIC's pairs unless it is there.
    mutating func addVIPAddress(_ address: String, to nic: Port, label: String, vipText: String, dependsOn: [Int]) throws(VIPError) {
        if nic.portSecurityEnabled == false {
            throw .refused(RefusalText.portSecurityOffNoPairs(label))
        }
        if Planner.holds(nic.allowedAddressPairs, address) { return }
        let after = Planner.adding(nic.allowedAddressPairs, [address])
        try checkMax(after.count, label: label)
        putPairs(nic, label: label, after: after, summary: PlanText.addVIPAddress(address, label, vipText),
                 dependsOn: dependsOn)
    }

}
