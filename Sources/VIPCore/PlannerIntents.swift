import CloudAPI
import L10n

// The plans of each intent: create, bind, unbind, check on/off, delete, revert.
extension PlanBuilder {
    // MARK: intents

    mutating func create(_ c: CreateVIP) throws(VIPError) {
        guard let net = snap.networks.first(where: { $0.id == c.networkID }) else { throw .refused(RefusalText.noNetwork(c.networkID)) }
        let netName = networkName(net.id)
        let name = c.name
        if name.isEmpty { throw .refused(RefusalText.nameTheVIP.text) }
        if let dup = snap.ports.first(where: { $0.isVIP && $0.networkID == net.id && $0.name == name }) {
            throw .refused(RefusalText.duplicateName(name, netName, dup.fixedIPs.first?.ipAddress ?? dup.id))
        }
        let nics = c.bindNICs.isEmpty ? [] : try nicPorts(c.bindNICs, network: net.id, vipText: PlanText.theNewVIP.text)
        let subnets = snap.subnets.filter { $0.networkID == net.id }
        let typed = c.ipAddress.flatMap { $0.isEmpty ? nil : $0 }
        let subnet = try Planner.subnetForNewVIP(given: c.subnetID, typed: typed, nics: nics, subnets: subnets, networkName: netName)
        var address: String?
        if let ip = typed {
            if let problem = AddressCheck.check(ip, subnet: subnet, ports: snap.ports, servers: snap.servers) {
                throw .refused(RefusalText.cannotBeAddress(ip, problem))
            }
            address = IPAddressValue(ip)?.description ?? ip
        }
        let version = CIDRValue(subnet.cidr)?.version ?? subnet.ipVersion
        let postID = newID()
        let label = PlanText.vipLabelNamed(address ?? PlanText.newAddress.text, name)
        var fixed: [(String, BodyJSON)] = [("subnet_id", .string(subnet.id))]
        if let a = address { fixed.append(("ip_address", .string(a))) }
        var fields: [(String, BodyJSON)] = [("network_id", .string(net.id)), ("device_owner", .string(Port.vipOwner)),
                                            ("name", .string(name)), ("fixed_ips", .array([.object(fixed)]))]
        var changes = [FieldChange(port: .created(step: postID), portLabel: label, field: "fixed_ips", before: [],
                                   after: [address ?? PlanText.automaticIn(subnet.cidr)])]
        var summary = address == nil ? PlanText.createInAuto(label, netName, subnet.cidr) : PlanText.createIn(label, netName)
        var nicIPs: [(Port, String)] = []
        for nic in nics {
            guard let ip = nicAddress(nic, subnetID: subnet.id, version: version) else {
                throw .refused(RefusalText.noAddressOfVersion(nicLabel(nic), version, netName))
            }
            nicIPs.append((nic, ip))
        }
        if strategy == .huawei && !nicIPs.isEmpty {
            let pairs = Planner.adding([], nicIPs.map(\.1))
            try checkMax(pairs.count, label: label)
            fields.append(("allowed_address_pairs", .pairs(pairs)))
            changes.append(FieldChange(port: .created(step: postID), portLabel: label, field: "allowed_address_pairs", before: [],
                                       after: pairs.map(\.ipAddress)))
            summary += PlanText.itsPairsHolding(Planner.list(pairs.map(\.ipAddress)))
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
                throw .refused(RefusalText.noAddressOfVersionWhere(nicLabel(nic), version, networkName(vip.networkID), vlabel))
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
                putPairs(vip, label: vlabel, after: after, summary: PlanText.addToPairs(Planner.list(added), vlabel))
            }
            for (nic, ip) in nicIPs { try addCheckOffPair(nic, label: nicLabel(nic, ip: ip)) }
        case .openstack:
            for (nic, ip) in nicIPs {
                try addVIPAddress(vipFixed.ipAddress, to: nic, label: nicLabel(nic, ip: ip), vipText: vlabel, dependsOn: [])
            }
        }
        nothing = PlanText.alreadyBound(vipName(vip), Planner.list(bound))
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
                putPairs(vip, label: vlabel, after: after, summary: PlanText.removeFromPairs(Planner.list(removed), vlabel))
                for (nic, ip) in removedFrom where Planner.holds(nic.allowedAddressPairs, Planner.checkOffPair) {
                    warnings.append(PlanText.warnCheckOffStays(nicLabel(nic, ip: ip)))
                }
            }
        case .openstack:
            for (nic, ip) in shown where Planner.holds(nic.allowedAddressPairs, vipFixed.ipAddress) {
                let label = nicLabel(nic, ip: ip)
                putPairs(nic, label: label, after: Planner.removing(nic.allowedAddressPairs, [vipFixed.ipAddress]),
                         summary: PlanText.removeFromPairs(vipFixed.ipAddress, label))
            }
        }
        nothing = PlanText.notBound(vipName(vip), Planner.list(shown.map { "\(who($0.0)) (\($0.1))" }))
    }

    mutating func check(_ nicID: String, enabled: Bool) throws(VIPError) {
        let nic = try port(nicID)
        if nic.isVIP { throw .refused(RefusalText.checkOnVIP(vipLabel(nic))) }
        let label = nicLabel(nic)
        let hasPair = Planner.holds(nic.allowedAddressPairs, Planner.checkOffPair)
        let securityOff = nic.portSecurityEnabled == false
        if enabled {
            if hasPair {
                putPairs(nic, label: label, after: Planner.removing(nic.allowedAddressPairs, [Planner.checkOffPair]),
                         summary: PlanText.removeCheckOff(label))
            } else if securityOff {
                let id = newID()
                steps.append(PlanStep(id: id, operation: .update, port: .existing(nic.id), method: "PUT", path: "/v2.0/ports/\(nic.id)",
                                      body: BodyJSON.port([("port_security_enabled", .bool(true))]).text, ifRevision: rev(nic),
                                      dependsOn: [],
                                      changes: [FieldChange(port: .existing(nic.id), portLabel: label, field: "port_security_enabled",
                                                            before: ["false"], after: ["true"])],
                                      summary: PlanText.portSecurityOn(label),
                                      delta: PortDelta(portSecurity: true)))
                warnings.append(PlanText.warnPortSecurityOn(label))
            } else {
                nothing = PlanText.checkAlreadyOn(label)
            }
            return
        }
        if hasPair {
            nothing = PlanText.checkAlreadyOffPair(label)
            return
        }
        if securityOff {
            nothing = PlanText.checkAlreadyOffSecurity(label)
            return
        }
        switch strategy {
        case .huawei:
            try addCheckOffPair(nic, label: label)
        case .openstack:
            if !nic.allowedAddressPairs.isEmpty {
                throw .refused(RefusalText.pairsBlockPortSecurityOff(label, nic.allowedAddressPairs.map(\.ipAddress).joined(separator: ", ")))
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
                                  summary: PlanText.portSecurityOff(label),
                                  delta: PortDelta(portSecurity: false, clearGroups: true)))
            let detached = groups.isEmpty ? "" : PlanText.groupsDetached(groups.joined(separator: ", "))
            warnings.append(PlanText.warnPortSecurityOff(label, detached))
        }
    }

    /// Undo of a recorded run: the inverse of what it changed, refused (with the difference)
    /// when a port has since changed in a way that conflicts.
    mutating func revert(_ r: Revert) throws(VIPError) {
        var conflicts: [String] = []
        var deletes: [(Port, String)] = []
        for u in r.ports {
            guard let p = portsByID[u.portID] else {
                if !u.created { conflicts.append(RefusalText.noLongerExists(u.label)) }
                continue
            }
            if u.created {
                let now = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
                let then = Set(u.pairsAfter.map(PairKey.of))
                if now != then {
                    conflicts.append(RefusalText.changedSincePairs(u.label, p.allowedAddressPairs.map(\.ipAddress).joined(separator: ", "), u.pairsAfter.joined(separator: ", ")))
                }
                deletes.append((p, u.label))
                continue
            }
            if !u.change.holds(on: p) {
                let keys = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
                var diff: [String] = []
                let gone = u.change.added.filter { !keys.contains(PairKey.of($0)) }
                let back = u.change.removed.filter { keys.contains(PairKey.of($0)) }
                if !gone.isEmpty { diff.append(RefusalText.goneAlready(Planner.list(gone))) }
                if !back.isEmpty { diff.append(RefusalText.backAlready(Planner.list(back))) }
                if let to = u.change.portSecurityTo, (p.portSecurityEnabled ?? true) != to { diff.append(RefusalText.portSecurityChanged.text) }
                conflicts.append(RefusalText.changedSince(u.label, diff.isEmpty ? RefusalText.noLongerHolds.text : diff.joined(separator: PlanText.clauseSeparator.text)))
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
                                  summary: PlanText.undoOn(u.label, inverse.description), delta: inverse))
            if u.change.added.contains(where: { PairKey.of($0) == PairKey.of(Planner.checkOffPair) }) {
                warnings.append(PlanText.warnCheckBackOn(u.label))
            }
        }
        if !conflicts.isEmpty {
            throw .refused(RefusalText.undoRefused(r.runID.prefix(8), conflicts.joined(separator: PlanText.clauseSeparator.text)))
        }
        let deps = steps.map(\.id)
        for (p, label) in deletes {
            let id = newID()
            steps.append(PlanStep(id: id, operation: .delete, port: .existing(p.id), method: "DELETE", path: "/v2.0/ports/\(p.id)",
                                  body: nil, ifRevision: rev(p), dependsOn: deps,
                                  changes: [FieldChange(port: .existing(p.id), portLabel: label, field: "port",
                                                        before: p.fixedIPs.map(\.ipAddress), after: [])],
                                  summary: PlanText.deleteCreated(label)))
        }
        nothing = PlanText.nothingOfRun(r.runID.prefix(8))
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
                boundNames.append(PlanText.pairWithoutNIC(pair.ipAddress))
            }
        }
        let holders = others.filter { nic in addresses.contains { Planner.holds(nic.allowedAddressPairs, $0) } }
        for h in holders where !pairNICs.contains(where: { $0.0.id == h.id }) {
            boundNames.append("\(who(h)) \(h.fixedIPs.first?.ipAddress ?? "")")
        }
        if !boundNames.isEmpty && !unbindFirst {
            let n = boundNames.count
            let names = boundNames.joined(separator: ", ")
            throw .refused(n == 1 ? RefusalText.boundToOne(vipName(vip), names) : RefusalText.boundToMany(vipName(vip), n, names))
        }
        var deps: [Int] = []
        var vipWritten = false
        if !vip.allowedAddressPairs.isEmpty {
            deps.append(putPairs(vip, label: vlabel, after: [],
                                 summary: PlanText.emptyPairs(vlabel, Planner.list(vip.allowedAddressPairs.map(\.ipAddress)))))
            vipWritten = true
            for (nic, ip) in pairNICs where Planner.holds(nic.allowedAddressPairs, Planner.checkOffPair) {
                warnings.append(PlanText.warnCheckOffStays(nicLabel(nic, ip: ip)))
            }
        }
        for h in holders {
            let label = nicLabel(h)
            let removed = h.allowedAddressPairs.filter { p in addresses.contains { PairKey.of($0) == PairKey.of(p.ipAddress) } }.map(\.ipAddress)
            deps.append(putPairs(h, label: label, after: Planner.removing(h.allowedAddressPairs, addresses),
                                 summary: PlanText.removeFromPairs(Planner.list(removed), label)))
        }
        let id = newID()
        steps.append(PlanStep(id: id, operation: .delete, port: .existing(vip.id), method: "DELETE", path: "/v2.0/ports/\(vip.id)",
                              body: nil, ifRevision: vipWritten ? nil : rev(vip), dependsOn: deps,
                              changes: [FieldChange(port: .existing(vip.id), portLabel: vlabel, field: "port", before: addresses, after: [])],
                              summary: PlanText.deleteVIP(vlabel)))
        warnings.append(PlanText.warnDelete(vlabel))
    }
}
