import CloudAPI
import L10n

/// The VIP doctor: a pure function from one inventory read (ports, servers, networks and,
/// when readable, security groups) and the strategy to findings. Every finding's id is
/// deterministic (the kind and the port ids or address it is about), so `vipctl doctor --fix
/// ID` finds it again on a later read; every fix is an ordinary `Intent`, planned by
/// `Planner` on fresh reads and applied by the one executor.
public enum Doctor {
    /// The two pairs that let a NIC send from any address.
    static let anyPairs = [AddressPair.checkOff, "0.0.0.0/0"]

    public static func examine(_ input: DoctorInput) -> DoctorReport {
        var e = Examination(input)
        e.run()
        let findings = e.findings.sorted { ($0.severity, $0.id) < ($1.severity, $1.id) }
        var seen: Set<String> = []
        return DoctorReport(findings: findings.filter { seen.insert($0.id).inserted }, strategy: input.strategy,
                            vipsChecked: e.vipCount, portsChecked: input.inventory.ports.count,
                            securityGroupsChecked: input.securityGroups != nil)
    }

    /// The plan of a finding's fix on the inventory the doctor read (a preview: the command
    /// and the UI plan again on fresh reads before applying). nil without a fix.
    public static func plan(_ finding: Finding, _ input: DoctorInput) throws(VIPError) -> Plan? {
        guard let fix = finding.fix else { return nil }
        return try Planner.plan(fix, snapshot: snapshot(input), strategy: input.strategy, ifMatch: false)
    }

    /// The inventory as a planning snapshot.
    public static func snapshot(_ input: DoctorInput) -> PlanningSnapshot {
        let inv = input.inventory
        return PlanningSnapshot(ports: inv.ports, subnets: inv.subnets, networks: inv.networks, servers: inv.servers,
                                maxAddressPairs: input.maxAddressPairs, flavor: input.flavor)
    }
}

/// One run of the checks over indexes built once (linear in the number of ports).
struct Examination {
    let input: DoctorInput
    let ports: [Port]
    var findings: [Finding] = []
    var vipCount = 0
    /// Non-VIP ports by `network|address`.
    var holders: [String: [Port]] = [:]
    /// Non-VIP ports by `network|pair address`.
    var pairHolders: [String: [Port]] = [:]
    let serverNames: [String: String]
    let groups: [String: SecurityGroup]?

    init(_ input: DoctorInput) {
        self.input = input
        ports = input.inventory.ports
        serverNames = Dictionary(input.inventory.servers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        groups = input.securityGroups.map { Dictionary($0.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }
    }

    static func key(_ network: String, _ ip: String) -> String { network + "|" + PairKey.of(ip) }

    /// A port reserved as a VIP: `neutron:VIP_PORT`, or attached to nothing with an address.
    static func unowned(_ p: Port) -> Bool { p.deviceOwner.isEmpty && p.deviceID.isEmpty && !p.fixedIPs.isEmpty }

    func isNIC(_ p: Port) -> Bool { !p.isVIP && !Examination.unowned(p) }

    func ref(_ p: Port, as role: Finding.PortRef.Role) -> Finding.PortRef {
        let server = p.deviceID.isEmpty ? "" : (serverNames[p.deviceID].flatMap { $0.isEmpty ? nil : $0 } ?? p.deviceID)
        return Finding.PortRef(id: p.id, role: role, name: p.name, address: p.fixedIPs.first?.ipAddress ?? "", server: server)
    }

    mutating func run() {
        for p in ports where !p.isVIP {
            for f in p.fixedIPs { holders[Examination.key(p.networkID, f.ipAddress), default: []].append(p) }
            for pair in p.allowedAddressPairs { pairHolders[Examination.key(p.networkID, pair.ipAddress), default: []].append(p) }
        }
        // NICs some VIP is bound to (either way), for the any-address pairs check.
        var boundNICs: Set<String> = []
        for p in ports {
            let asVIP = p.isVIP || (Examination.unowned(p) && usedAsVIP(p))
            if asVIP {
                vipCount += 1
                boundNICs.formUnion(checkVIP(p))
            }
            checkPairs(p)
        }
        for p in ports where isNIC(p) && !boundNICs.contains(p.id) { checkAnyPairs(p) }
    }

    /// An unowned port counts as a VIP when its pairs name a NIC's address, or a NIC's pairs
    /// hold its address.
    func usedAsVIP(_ p: Port) -> Bool {
        if p.allowedAddressPairs.contains(where: { (holders[Examination.key(p.networkID, $0.ipAddress)] ?? []).contains(where: isNIC) }) {
            return true
        }
        return p.fixedIPs.contains { (pairHolders[Examination.key(p.networkID, $0.ipAddress)] ?? []).contains(where: isNIC) }
    }

    /// The checks of one VIP; returns the ids of the NICs bound to it.
    mutating func checkVIP(_ vip: Port) -> Set<String> {
        let vipRef = ref(vip, as: .vip)
        let address = vip.fixedIPs.first?.ipAddress ?? ""
        if !vip.isVIP {
            let owner = vip.deviceOwner.isEmpty ? DoctorText.emptyOwner.text : "\"\(vip.deviceOwner)\""
            findings.append(Finding(kind: .vipOwner, severity: input.strategy == .huawei ? .warning : .info, idParts: [vip.id],
                                    ports: [vipRef], args: [.port(vipRef), .text(owner)]))
        } else if !vip.deviceID.isEmpty {
            let device = serverNames[vip.deviceID].flatMap { $0.isEmpty ? nil : $0 } ?? vip.deviceID
            findings.append(Finding(kind: .vipAttached, severity: .error, idParts: [vip.id], ports: [vipRef],
                                    args: [.port(vipRef), .text(device)]))
        }
        // Bound the Huawei way: the VIP's pairs name the NICs' addresses.
        var bound: [Port] = []
        var seen: Set<String> = []
        var viaVIPPairs: [Port] = []
        for pair in vip.allowedAddressPairs {
            if Doctor.anyPairs.contains(where: { PairKey.of($0) == PairKey.of(pair.ipAddress) }) { continue }
            let held = (holders[Examination.key(vip.networkID, pair.ipAddress)] ?? []).filter { $0.id != vip.id }
            let nics = held.filter(isNIC)
            if held.isEmpty {
                findings.append(Finding(kind: .danglingPair, severity: .warning, idParts: [vip.id, pair.ipAddress], ports: [vipRef],
                                        args: [.port(vipRef), .text(pair.ipAddress)],
                                        fix: .removePairs(portID: vip.id, addresses: [pair.ipAddress])))
            }
            for nic in nics where seen.insert(nic.id).inserted {
                bound.append(nic)
                viaVIPPairs.append(nic)
            }
        }
        // Bound the OpenStack way: the NICs' pairs hold the VIP's address.
        for f in vip.fixedIPs {
            for nic in pairHolders[Examination.key(vip.networkID, f.ipAddress)] ?? [] where nic.id != vip.id && seen.insert(nic.id).inserted {
                bound.append(nic)
            }
        }
        for nic in viaVIPPairs {
            let nicRef = ref(nic, as: .nic)
            switch input.strategy {
            case .huawei:
                if !nic.sourceDestCheckOff {
                    findings.append(Finding(kind: .checkOn, severity: .error, idParts: [vip.id, nic.id], ports: [nicRef, vipRef],
                                            args: [.port(nicRef), .port(vipRef)],
                                            fix: .setSourceDestCheck(nicPortID: nic.id, enabled: false)))
                }
            case .openstack:
                let holds = vip.fixedIPs.contains { Examination.covers(nic.allowedAddressPairs, $0.ipAddress) }
                if !holds && nic.portSecurityEnabled != false && !address.isEmpty {
                    findings.append(Finding(kind: .vipNotInNICPairs, severity: .error, idParts: [vip.id, nic.id], ports: [nicRef, vipRef],
                                            args: [.port(nicRef), .port(vipRef), .text(address)],
                                            fix: .bind(vipPortID: vip.id, nicPortIDs: [nic.id])))
                }
            }
        }
        if bound.count == 1, let only = bound.first {
            let nicRef = ref(only, as: .nic)
            findings.append(Finding(kind: .singleNIC, severity: .warning, idParts: [vip.id], ports: [vipRef, nicRef],
                                    args: [.port(vipRef), .port(nicRef)]))
        }
        if bound.count >= 2 { checkVRRP(vip, bound) }
        return Set(bound.map(\.id))
    }

    /// Whether one of `pairs` lets a port send from `address`: the same address, or a CIDR
    /// holding it (`1.1.1.1/0` holds every IPv4 address).
    static func covers(_ pairs: [AddressPair], _ address: String) -> Bool {
        let key = PairKey.of(address)
        guard let a = IPAddressValue(address) else { return pairs.contains { PairKey.of($0.ipAddress) == key } }
        return pairs.contains { p in
            if PairKey.of(p.ipAddress) == key { return true }
            guard p.ipAddress.contains("/"), let c = CIDRValue(p.ipAddress), c.version == a.version else { return false }
            return c.contains(a)
        }
    }

    /// Pairs on a port with port security off; pair lists near the quota.
    mutating func checkPairs(_ p: Port) {
        if p.allowedAddressPairs.isEmpty { return }
        let role: Finding.PortRef.Role = p.isVIP || Examination.unowned(p) ? .vip : (p.deviceID.isEmpty ? .port : .nic)
        let r = ref(p, as: role)
        if p.portSecurityEnabled == false {
            findings.append(Finding(kind: .pairsPortSecurityOff, severity: .warning, idParts: [p.id], ports: [r],
                                    args: [.port(r), .text(p.allowedAddressPairs.map(\.ipAddress).joined(separator: ", "))]))
        }
        let count = p.allowedAddressPairs.count, limit = input.maxAddressPairs
        // Near: 80 % of the quota or more (8 of neutron's 10).
        if limit > 0 && count * 5 >= limit * 4 {
            findings.append(Finding(kind: .pairsNearQuota, severity: count >= limit ? .warning : .info, idParts: [p.id], ports: [r],
                                    args: [.port(r), .text(String(count)), .text(String(limit))],
                                    why: count >= limit ? .whyPairsAtQuota : .whyPairsNearQuota))
        }
    }

    /// `1.1.1.1/0` or `0.0.0.0/0` on a NIC no VIP is bound to.
    mutating func checkAnyPairs(_ nic: Port) {
        for any in Doctor.anyPairs where nic.allowedAddressPairs.contains(where: { $0.ipAddress == any }) {
            let r = ref(nic, as: .nic)
            let fix: Intent? = nic.portSecurityEnabled == false ? nil
                : any == AddressPair.checkOff ? .setSourceDestCheck(nicPortID: nic.id, enabled: true)
                : .removePairs(portID: nic.id, addresses: [any])
            findings.append(Finding(kind: .unneededAnyPair, severity: .warning, idParts: [nic.id, any], ports: [r],
                                    args: [.port(r), .text(any)], fix: fix))
        }
    }

    /// Whether VRRP (IP protocol 112) may pass from every bound NIC to every other: the
    /// sender's egress and the receiver's ingress, by the rules of their security groups. A
    /// NIC with port security off filters nothing; a group that could not be read is not judged.
    mutating func checkVRRP(_ vip: Port, _ nics: [Port]) {
        guard let groups else { return }
        let version = IPAddressValue(vip.fixedIPs.first?.ipAddress ?? "")?.version ?? 4
        let ethertype = version == 6 ? "IPv6" : "IPv4"
        let vipRef = ref(vip, as: .vip)
        for receiver in nics {
            var blocked: [Port] = []
            for sender in nics where sender.id != receiver.id {
                let into = Examination.allows(groups, port: receiver, direction: "ingress", peer: sender, ethertype: ethertype)
                let out = Examination.allows(groups, port: sender, direction: "egress", peer: receiver, ethertype: ethertype)
                if into == false || out == false { blocked.append(sender) }
            }
            if !blocked.isEmpty {
                let r = ref(receiver, as: .nic)
                let senders = blocked.map { ref($0, as: .nic) }
                findings.append(Finding(kind: .vrrpBlocked, severity: .warning, idParts: [vip.id, receiver.id], ports: [r, vipRef] + senders,
                                        args: [.port(r), .port(vipRef), .ports(senders)]))
            }
        }
    }

    /// true: a rule lets VRRP from (to) `peer` in (out of) `port`; false: none does; nil: a
    /// group of the port could not be read, so nothing can be said.
    static func allows(_ groups: [String: SecurityGroup], port: Port, direction: String, peer: Port, ethertype: String) -> Bool? {
        if port.portSecurityEnabled == false { return true }
        var rules: [SecurityGroupRule] = []
        for id in port.securityGroups {
            guard let g = groups[id] else { return nil }
            rules += g.rules
        }
        let peerIPs = peer.fixedIPs.compactMap { IPAddressValue($0.ipAddress) }
        return rules.contains { rule in
            guard rule.direction == direction, rule.ethertype == ethertype, rule.allowsVRRP else { return false }
            if let remote = rule.remoteGroupID { return peer.securityGroups.contains(remote) }
            if let prefix = rule.remoteIPPrefix, !prefix.isEmpty {
                guard let cidr = CIDRValue(prefix) else { return false }
                // VRRP goes to the peer (unicast) or to its multicast group (224.0.0.18, ff02::12).
                let multicast = IPAddressValue(ethertype == "IPv6" ? "ff02::12" : "224.0.0.18")
                return peerIPs.contains(where: cidr.contains) || (direction == "egress" && multicast.map(cidr.contains) == true)
            }
            return true
        }
    }
}
