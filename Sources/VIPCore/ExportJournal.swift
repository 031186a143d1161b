import CloudAPI

// A journal run's recorded change as a plan, so that it exports through the same renderers
// as a plan: per port, what the run changed and left (its effective change), as the steps
// that reproduce it. A port the run created is a POST (network, name and address from the
// run's intent, the pairs it left); a port it deleted is a DELETE; any other port an update
// with the run's delta, its body merged into the port as the run found it.
extension Export {
    /// nil when the run changed nothing it recorded.
    public static func plan(of run: JournalRun) -> Plan? {
        let entry = run.latest
        let ports = entry.ports.filter { p in
            p.created || p.deleted || !p.added.isEmpty || !p.removed.isEmpty || p.portSecurityTo != nil
                || !p.groupsAdded.isEmpty || !p.groupsRemoved.isEmpty
        }
        if ports.isEmpty { return nil }
        func rank(_ p: JournalPort) -> Int { p.created ? 0 : p.deleted ? 3 : p.label.hasPrefix("VIP ") ? 1 : 2 }
        let ordered = ports.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        let i = entry.intent
        var steps: [PlanStep] = []
        for p in ordered {
            let id = steps.count + 1
            if p.created {
                let pairs = p.after?.allowedAddressPairs ?? p.added
                var fields: [(String, BodyJSON)] = [("network_id", .string(i.networkID ?? "")), ("device_owner", .string(Port.vipOwner)),
                                                    ("name", .string(i.name ?? ""))]
                if let ip = i.ipAddress, !ip.isEmpty { fields.append(("fixed_ips", .array([.object([("ip_address", .string(ip))])]))) }
                if !pairs.isEmpty { fields.append(("allowed_address_pairs", .pairs(pairs.map { AddressPair(ipAddress: $0) }))) }
                steps.append(PlanStep(id: id, operation: .create, port: .created(step: id), method: "POST", path: "/v2.0/ports",
                                      body: BodyJSON.port(fields).text, ifRevision: nil, dependsOn: [],
                                      changes: [FieldChange(port: .created(step: id), portLabel: p.label, field: "allowed_address_pairs",
                                                            before: [], after: pairs)],
                                      summary: "create \(p.label)"))
                continue
            }
            if p.deleted {
                steps.append(PlanStep(id: id, operation: .delete, port: .existing(p.portID), method: "DELETE", path: "/v2.0/ports/\(p.portID)",
                                      body: nil, ifRevision: nil, dependsOn: [],
                                      changes: [FieldChange(port: .existing(p.portID), portLabel: p.label, field: "port", before: [], after: [])],
                                      summary: "delete \(p.label)"))
                continue
            }
            let delta = PortDelta(addPairs: p.added, removePairs: p.removed, portSecurity: p.portSecurityTo,
                                  clearGroups: p.portSecurityTo == false && !p.groupsRemoved.isEmpty,
                                  addGroups: p.groupsAdded, removeGroups: p.portSecurityTo == false ? [] : p.groupsRemoved)
            let before = p.before?.allowedAddressPairs ?? []
            let after = delta.mergedPairs(before.map { AddressPair(ipAddress: $0) }).map(\.ipAddress)
            var fields: [(String, BodyJSON)] = []
            var changes: [FieldChange] = []
            if !p.added.isEmpty || !p.removed.isEmpty {
                fields.append(("allowed_address_pairs", .pairs(after.map { AddressPair(ipAddress: $0) })))
                changes.append(FieldChange(port: .existing(p.portID), portLabel: p.label, field: "allowed_address_pairs", before: before, after: after))
            }
            if let to = p.portSecurityTo {
                fields.append(("port_security_enabled", .bool(to)))
                changes.append(FieldChange(port: .existing(p.portID), portLabel: p.label, field: "port_security_enabled",
                                           before: [(p.portSecurityFrom ?? true) ? "true" : "false"], after: [to ? "true" : "false"]))
            }
            if !p.groupsAdded.isEmpty || !p.groupsRemoved.isEmpty {
                let groups = (p.before?.securityGroups ?? []).filter { !p.groupsRemoved.contains($0) } + p.groupsAdded
                fields.append(("security_groups", .strings(groups)))
            }
            steps.append(PlanStep(id: id, operation: .update, port: .existing(p.portID), method: "PUT", path: "/v2.0/ports/\(p.portID)",
                                  body: BodyJSON.port(fields).text, ifRevision: nil, dependsOn: [], changes: changes,
                                  summary: "on \(p.label): \(delta.description)", delta: delta))
        }
        return Plan(intent: intent(of: run), strategy: VIPStrategy(rawValue: entry.strategy) ?? .huawei, steps: steps, warnings: [])
    }

    /// The run's intent, as far as the journal records it.
    static func intent(of run: JournalRun) -> Intent {
        let i = run.latest.intent
        switch i.action {
        case "create_vip":
            return .createVIP(CreateVIP(networkID: i.networkID ?? "", ipAddress: i.ipAddress, name: i.name ?? "", bindNICs: i.nicPortIDs))
        case "unbind": return .unbind(vipPortID: i.vipPortID ?? "", nicPortIDs: i.nicPortIDs)
        case "delete_vip": return .deleteVIP(vipPortID: i.vipPortID ?? "", unbindFirst: true)
        case "set_source_dest_check": return .setSourceDestCheck(nicPortID: i.nicPortIDs.first ?? "", enabled: i.enabled ?? true)
        case "undo": return .revert(Revert(runID: run.latest.undoOf ?? "", summary: run.latest.summary, ports: []))
        default: return .bind(vipPortID: i.vipPortID ?? "", nicPortIDs: i.nicPortIDs)
        }
    }
}
