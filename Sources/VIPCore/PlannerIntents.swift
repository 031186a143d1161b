import CloudAPI

// The plans of each intent: create, bind, unbind, check on/off, delete, revert.
extension PlanBuilder {
    // MARK: intents

    mutating func create(_ c: CreateVIP) throws(VIPError) {
        guard let net = snap.networks.first(where: { $0.id == c.networkID }) else { throw .refused("no network with id \(c.networkID)") }
        let netName = networkName(net.id)
        let name = c.name
        if name.isEmpty { throw .refused("name the VIP (vipctl finds VIPs by name)") }
        if let dup = snap.ports.first(where: { $0.isVIP && $0.networkID == net.id && $0.name == name }) {
            throw .refused("a VIP named \(name) already exists in \(netName) (\(dup.fixedIPs.first?.ipAddress ?? dup.id)); pick another name, or bind that one")
        }
        let nics = c.bindNICs.isEmpty ? [] : try nicPorts(c.bindNICs, network: net.id, vipText: "the new VIP")
        let subnets = snap.subnets.filter { $0.networkID == net.id }
        let typed = c.ipAddress.flatMap { $0.isEmpty ? nil : $0 }
        let subnet = try Planner.subnetForNewVIP(given: c.subnetID, typed: typed, nics: nics, subnets: subnets, networkName: netName)
        var address: String?
        if let ip = typed {
            if let problem = AddressCheck.check(ip, subnet: subnet, ports: snap.ports, servers: snap.servers) {
                throw .refused("\(ip) cannot be the VIP's address: \(problem)")
            }
            address = IPAddressValue(ip)?.description ?? ip
        }
        let version = CIDRValue(subnet.cidr)?.version ?? subnet.ipVersion
        let postID = newID()
        let label = "VIP \(address ?? "(new)") (\(name))"
        var fixed: [(String, BodyJSON)] = [("subnet_id", .string(subnet.id))]
        if let a = address { fixed.append(("ip_address", .string(a))) }
        var fields: [(String, BodyJSON)] = [("network_id", .string(net.id)), ("device_owner", .string(Port.vipOwner)),
                                            ("name", .string(name)), ("fixed_ips", .array([.object(fixed)]))]
        var changes = [FieldChange(port: .created(step: postID), portLabel: label, field: "fixed_ips", before: [],
                                   after: [address ?? "automatic in \(subnet.cidr)"])]
        var summary = "create \(label) in \(netName)" + (address == nil ? ", address picked by neutron from \(subnet.cidr)" : "")
        var nicIPs: [(Port, String)] = []
        for nic in nics {
            guard let ip = nicAddress(nic, subnetID: subnet.id, version: version) else {
                throw .refused("\(nicLabel(nic)) has no IPv\(version) address in \(netName)")
            }
            nicIPs.append((nic, ip))
        }
        if strategy == .huawei && !nicIPs.isEmpty {
            let pairs = Planner.adding([], nicIPs.map(\.1))
            try checkMax(pairs.count, label: label)
            fields.append(("allowed_address_pairs", .pairs(pairs)))
            changes.append(FieldChange(port: .created(step: postID), portLabel: label, field: "allowed_address_pairs", before: [],
                                       after: pairs.map(\.ipAddress)))
            summary += ", its pairs holding \(Planner.list(pairs.map(\.ipAddress)))"
        }
        steps.append(PlanStep(id: postID, operation: .create, port: .created(step: postID), method: "POST", path: "/v2.0/ports",
                              body: BodyJSON.port(fields).text, ifRevision: nil, dependsOn: [], changes: changes, summary: summary))
        switch strategy {
        case .huawei:
            for (nic, ip) in nicIPs { try addCheckOffPair(nic, label: nicLabel(nic, ip: ip)) }
        case .openstack:
            let vipAddress = address ?? Planner.addressPlaceholder(step: postID)
            for (nic, ip) in nicIPs {
                try addVIPAddress(vipAddress, to: nic, label: nicLabel(nic, ip: ip), vipText: label,
                                  dependsOn: address == nil ? [postID] : [])
            }
        }
    }

    mutating func bind(_ vipID: String, _ nicIDs: [String]) throws(VIPError) {
        let vip = try vipPort(vipID)
        let vlabel = vipLabel(vip)
        let nics = try nicPorts(nicIDs, network: vip.networkID, vipText: vlabel, vipID: vip.id)
        let vipFixed = vip.fixedIPs[0]
        let version = IPAddressValue(vipFixed.ipAddress)?.version ?? 4
        var bound: [String] = []
        var nicIPs: [(Port, String)] = []
        for nic in nics {
            guard let ip = nicAddress(nic, subnetID: vipFixed.subnetID, version: version) else {
                throw .refused("\(nicLabel(nic)) has no IPv\(version) address in \(networkName(vip.networkID)), where \(vlabel) is")
            }
            nicIPs.append((nic, ip))
            bound.append("\(who(nic)) (\(ip))")
        }
        switch strategy {
        case .huawei:
            let after = Planner.adding(vip.allowedAddressPairs, nicIPs.map(\.1))
            if after.count != vip.allowedAddressPairs.count {
                try checkMax(after.count, label: vlabel)
                let added = after.dropFirst(vip.allowedAddressPairs.count).map(\.ipAddress)
                putPairs(vip, label: vlabel, after: after, summary: "add \(Planner.list(added)) to the pairs of \(vlabel)")
            }
            for (nic, ip) in nicIPs { try addCheckOffPair(nic, label: nicLabel(nic, ip: ip)) }
        case .openstack:
            for (nic, ip) in nicIPs {
                try addVIPAddress(vipFixed.ipAddress, to: nic, label: nicLabel(nic, ip: ip), vipText: vlabel, dependsOn: [])
            }
        }
        nothing = "\(vipName(vip)) is already bound to \(Planner.list(bound))"
    }

    mutating func unbind(_ vipID: String, _ nicIDs: [String]) throws(VIPError) {
        let vip = try vipPort(vipID)
        let vlabel = vipLabel(vip)
        let nics = try nicPorts(nicIDs, network: vip.networkID, vipText: vlabel, vipID: vip.id)
        let vipFixed = vip.fixedIPs[0]
        let version = IPAddressValue(vipFixed.ipAddress)?.version ?? 4
        let shown = nics.map { nic in (nic, nicAddress(nic, subnetID: vipFixed.subnetID, version: version) ?? nic.fixedIPs.first?.ipAddress ?? "") }
        switch strategy {
        case .huawei:
            var removedFrom: [(Port, String)] = []
            var after = vip.allowedAddressPairs
            for (nic, ip) in shown {
                let without = Planner.removing(after, nic.fixedIPs.map(\.ipAddress))
                if without.count != after.count { removedFrom.append((nic, ip)) }
                after = without
            }
            if !removedFrom.isEmpty {
                let removed = vip.allowedAddressPairs.filter { p in !after.contains(p) }.map(\.ipAddress)
                putPairs(vip, label: vlabel, after: after, summary: "remove \(Planner.list(removed)) from the pairs of \(vlabel)")
                for (nic, ip) in removedFrom where Planner.holds(nic.allowedAddressPairs, Planner.checkOffPair) {
                    warnings.append("1.1.1.1/0 stays on \(nicLabel(nic, ip: ip)) (other VIPs may rely on it): its source/destination check stays off")
                }
            }
        case .openstack:
            for (nic, ip) in shown where Planner.holds(nic.allowedAddressPairs, vipFixed.ipAddress) {
                let label = nicLabel(nic, ip: ip)
                putPairs(nic, label: label, after: Planner.removing(nic.allowedAddressPairs, [vipFixed.ipAddress]),
                         summary: "remove \(vipFixed.ipAddress) from the pairs of \(label)")
            }
        }
        nothing = "\(vipName(vip)) is not bound to \(Planner.list(shown.map { "\(who($0.0)) (\($0.1))" }))"
    }

    mutating func check(_ nicID: String, enabled: Bool) throws(VIPError) {
        let nic = try port(nicID)
        if nic.isVIP { throw .refused("\(vipLabel(nic)) is a VIP port; the source/destination check belongs to a server NIC") }
        let label = nicLabel(nic)
        let hasPair = Planner.holds(nic.allowedAddressPairs, Planner.checkOffPair)
        let securityOff = nic.portSecurityEnabled == false
        if enabled {
            if hasPair {
                putPairs(nic, label: label, after: Planner.removing(nic.allowedAddressPairs, [Planner.checkOffPair]),
                         summary: "remove 1.1.1.1/0 from the pairs of \(label) (source/destination check on)")
            } else if securityOff {
                let id = newID()
                steps.append(PlanStep(id: id, operation: .update, port: .existing(nic.id), method: "PUT", path: "/v2.0/ports/\(nic.id)",
                                      body: BodyJSON.port([("port_security_enabled", .bool(true))]).text, ifRevision: rev(nic),
                                      dependsOn: [],
                                      changes: [FieldChange(port: .existing(nic.id), portLabel: label, field: "port_security_enabled",
                                                            before: ["false"], after: ["true"])],
                                      summary: "turn port security on for \(label) (source/destination check on)",
                                      delta: PortDelta(portSecurity: true)))
                warnings.append("turning port security on for \(label) restores no security groups (vipctl cannot know which it had): it has none until you add them back")
            } else {
                nothing = "\(label) already has its source/destination check on"
            }
            return
        }
        if hasPair {
            nothing = "\(label) already has its source/destination check off (1.1.1.1/0 in its pairs)"
            return
        }
        if securityOff {
            nothing = "\(label) already has its source/destination check off (port security disabled)"
            return
        }
        switch strategy {
        case .huawei:
            try addCheckOffPair(nic, label: label)
        case .openstack:
            if !nic.allowedAddressPairs.isEmpty {
                throw .refused("\(label) has allowed address pairs (\(nic.allowedAddressPairs.map(\.ipAddress).joined(separator: ", "))); neutron refuses port security off on a port with pairs, and vipctl drops no pair: unbind them first")
            }
            let groups = nic.securityGroups
            let id = newID()
            steps.append(PlanStep(id: id, operation: .update, port: .existing(nic.id), method: "PUT", path: "/v2.0/ports/\(nic.id)",
                                  body: BodyJSON.port([("port_security_enabled", .bool(false)), ("security_groups", .array([]))]).text,
                                  ifRevision: rev(nic), dependsOn: [],
                                  changes: [FieldChange(port: .existing(nic.id), portLabel: label, field: "port_security_enabled",
                                                        before: ["true"], after: ["false"]),
                                            FieldChange(port: .existing(nic.id), portLabel: label, field: "security_groups",
                                                        before: groups, after: [])],
                                  summary: "turn port security off for \(label) and detach its security groups (source/destination check off)",
                                  delta: PortDelta(portSecurity: false, clearGroups: true)))
            let detached = groups.isEmpty ? "" : " (its security groups \(groups.joined(separator: ", ")) are detached)"
            warnings.append("port security off on \(label): no security groups and no anti-spoofing apply to it any more\(detached)")
        }
    }

    /// Undo of a recorded run: the inverse of what it changed, refused (with the difference)
    /// when a port has since changed in a way that conflicts.
    mutating func revert(_ r: Revert) throws(VIPError) {
        var conflicts: [String] = []
        var deletes: [(Port, String)] = []
        for u in r.ports {
            guard let p = portsByID[u.portID] else {
                if !u.created { conflicts.append("\(u.label) no longer exists") }
                continue
            }
            if u.created {
                let now = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
                let then = Set(u.pairsAfter.map(PairKey.of))
                if now != then {
                    conflicts.append("\(u.label) was changed since (its pairs are now [\(p.allowedAddressPairs.map(\.ipAddress).joined(separator: ", "))], the run left [\(u.pairsAfter.joined(separator: ", "))])")
                }
                deletes.append((p, u.label))
                continue
            }
            if !u.change.holds(on: p) {
                let keys = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
                var diff: [String] = []
                let gone = u.change.added.filter { !keys.contains(PairKey.of($0)) }
                let back = u.change.removed.filter { keys.contains(PairKey.of($0)) }
                if !gone.isEmpty { diff.append("\(Planner.list(gone)), added by the run, is gone already") }
                if !back.isEmpty { diff.append("\(Planner.list(back)), removed by the run, is back already") }
                if let to = u.change.portSecurityTo, (p.portSecurityEnabled ?? true) != to { diff.append("port security was changed since") }
                conflicts.append("\(u.label) was changed since: " + (diff.isEmpty ? "it no longer holds what the run left" : diff.joined(separator: "; ")))
                continue
            }
            let inverse = u.change.inverse
            guard let body = inverse.body(on: p) else { continue }
            let id = newID()
            let after = inverse.mergedPairs(p.allowedAddressPairs)
            var changes = [FieldChange(port: .existing(p.id), portLabel: u.label, field: "allowed_address_pairs",
                                       before: p.allowedAddressPairs.map(\.ipAddress), after: after.map(\.ipAddress))]
            if let ps = inverse.portSecurity {
                changes.append(FieldChange(port: .existing(p.id), portLabel: u.label, field: "port_security_enabled",
                                           before: [(p.portSecurityEnabled ?? true) ? "true" : "false"], after: [ps ? "true" : "false"]))
            }
            steps.append(PlanStep(id: id, operation: .update, port: .existing(p.id), method: "PUT", path: "/v2.0/ports/\(p.id)", body: body,
                                  ifRevision: rev(p), dependsOn: [], changes: changes,
                                  summary: "undo on \(u.label): \(inverse.description)", delta: inverse))
            if u.change.added.contains(where: { PairKey.of($0) == PairKey.of(Planner.checkOffPair) }) {
                warnings.append("1.1.1.1/0 leaves \(u.label): its source/destination check turns back on")
            }
        }
        if !conflicts.isEmpty {
            throw .refused("undo of run \(r.runID.prefix(8)) refused: " + conflicts.joined(separator: "; "))
        }
        let deps = steps.map(\.id)
        for (p, label) in deletes {
            let id = newID()
            steps.append(PlanStep(id: id, operation: .delete, port: .existing(p.id), method: "DELETE", path: "/v2.0/ports/\(p.id)",
                                  body: nil, ifRevision: rev(p), dependsOn: deps,
                                  changes: [FieldChange(port: .existing(p.id), portLabel: label, field: "port",
                                                        before: p.fixedIPs.map(\.ipAddress), after: [])],
                                  summary: "delete \(label), created by the run"))
        }
        nothing = "the cloud already holds nothing of run \(r.runID.prefix(8))"
    }

    mutating func delete(_ vipID: String, unbindFirst: Bool) throws(VIPError) {
        let vip = try vipPort(vipID)
        let vlabel = vipLabel(vip)
        let addresses = vip.fixedIPs.map(\.ipAddress)
        let others = snap.ports.filter { $0.id != vip.id && $0.networkID == vip.networkID && !$0.isVIP }
        // Bound the Huawei way (the VIP's pairs name NIC IPs) and the OpenStack way (NICs hold
        // the VIP's address in their pairs).
        var boundNames: [String] = []
        var pairNICs: [(Port, String)] = []
        for pair in vip.allowedAddressPairs {
            let k = PairKey.of(pair.ipAddress)
            if let nic = others.first(where: { $0.fixedIPs.contains { PairKey.of($0.ipAddress) == k } }) {
                boundNames.append("\(who(nic)) \(pair.ipAddress)")
                pairNICs.append((nic, pair.ipAddress))
            } else {
                boundNames.append("\(pair.ipAddress) (no NIC)")
            }
        }
        let holders = others.filter { nic in addresses.contains { Planner.holds(nic.allowedAddressPairs, $0) } }
        for h in holders where !pairNICs.contains(where: { $0.0.id == h.id }) {
            boundNames.append("\(who(h)) \(h.fixedIPs.first?.ipAddress ?? "")")
        }
        if !boundNames.isEmpty && !unbindFirst {
            let n = boundNames.count
            throw .refused("\(vipName(vip)) is bound to \(n) NIC\(n == 1 ? "" : "s") (\(boundNames.joined(separator: ", "))); unbind \(n == 1 ? "it" : "them") first (or --unbind)")
        }
        var deps: [Int] = []
        var vipWritten = false
        if !vip.allowedAddressPairs.isEmpty {
            deps.append(putPairs(vip, label: vlabel, after: [],
                                 summary: "empty the pairs of \(vlabel) (unbind \(Planner.list(vip.allowedAddressPairs.map(\.ipAddress))))"))
            vipWritten = true
            for (nic, ip) in pairNICs where Planner.holds(nic.allowedAddressPairs, Planner.checkOffPair) {
                warnings.append("1.1.1.1/0 stays on \(nicLabel(nic, ip: ip)) (other VIPs may rely on it): its source/destination check stays off")
            }
        }
        for h in holders {
            let label = nicLabel(h)
            let removed = h.allowedAddressPairs.filter { p in addresses.contains { PairKey.of($0) == PairKey.of(p.ipAddress) } }.map(\.ipAddress)
            deps.append(putPairs(h, label: label, after: Planner.removing(h.allowedAddressPairs, addresses),
                                 summary: "remove \(Planner.list(removed)) from the pairs of \(label)"))
        }
        let id = newID()
        steps.append(PlanStep(id: id, operation: .delete, port: .existing(vip.id), method: "DELETE", path: "/v2.0/ports/\(vip.id)",
                              body: nil, ifRevision: vipWritten ? nil : rev(vip), dependsOn: deps,
                              changes: [FieldChange(port: .existing(vip.id), portLabel: vlabel, field: "port", before: addresses, after: [])],
                              summary: "delete \(vlabel)"))
        warnings.append("deleting \(vlabel) cannot be undone: a new VIP port gets a new id, and perhaps another address")
    }
}
