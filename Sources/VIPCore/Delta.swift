import CloudAPI
import L10n

/// What one update step changes on one port: pairs to add, pairs to remove, fields to set.
/// Never a whole list: the list sent is computed from a read of the port made immediately
/// before the write (`body(on:)`), so a pair somebody else added meanwhile is kept.
///
/// Pairs are compared by address (`PairKey`): `10.0.0.5` and `10.0.0.5/32` are one pair.
public struct PortDelta: Equatable, Sendable {
    public var addPairs: [String]
    public var removePairs: [String]
    /// Set `port_security_enabled` to this (nil: leave it).
    public var portSecurity: Bool?
    /// Detach every security group (needed before port security can go off).
    public var clearGroups: Bool
    /// Attach these security groups again (undoing `clearGroups`).
    public var addGroups: [String]
    /// Detach these security groups (undoing `addGroups`).
    public var removeGroups: [String]

    public init(addPairs: [String] = [], removePairs: [String] = [], portSecurity: Bool? = nil, clearGroups: Bool = false,
                addGroups: [String] = [], removeGroups: [String] = [])
    {
        self.addPairs = addPairs
        self.removePairs = removePairs
        self.portSecurity = portSecurity
        self.clearGroups = clearGroups
        self.addGroups = addGroups
        self.removeGroups = removeGroups
    }

    public var isEmpty: Bool {
        addPairs.isEmpty && removePairs.isEmpty && portSecurity == nil && !clearGroups && addGroups.isEmpty && removeGroups.isEmpty
    }

    /// The port holds what the delta asks: every added pair present, every removed pair
    /// absent, the fields set.
    public func holds(on p: Port) -> Bool {
        let keys = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
        if !addPairs.allSatisfy({ keys.contains(PairKey.of($0)) }) { return false }
        if removePairs.contains(where: { keys.contains(PairKey.of($0)) }) { return false }
        if let ps = portSecurity, (p.portSecurityEnabled ?? true) != ps { return false }
        if clearGroups && !p.securityGroups.isEmpty { return false }
        if !addGroups.allSatisfy({ p.securityGroups.contains($0) }) { return false }
        if removeGroups.contains(where: { p.securityGroups.contains($0) }) { return false }
        return true
    }

    /// The pair list after merging the delta into `pairs`: kept pairs keep their MAC and
    /// their order, added pairs are appended without a MAC (neutron fills in the port's).
    public func mergedPairs(_ pairs: [AddressPair]) -> [AddressPair] {
        Planner.removing(Planner.adding(pairs, addPairs), removePairs)
    }

    /// The exact PUT body that makes `p` hold the delta, or nil when it already does.
    /// Only the fields the delta touches are sent; pairs are sent only when they change.
    public func body(on p: Port) -> String? {
        if holds(on: p) { return nil }
        var fields: [(String, BodyJSON)] = []
        let pairs = mergedPairs(p.allowedAddressPairs)
        if pairs.map({ PairKey.of($0.ipAddress) }) != p.allowedAddressPairs.map({ PairKey.of($0.ipAddress) }) {
            fields.append(("allowed_address_pairs", .pairs(pairs)))
        }
        // Keys in the order the plans have always shown them: pairs, port security, groups.
        if let ps = portSecurity, (p.portSecurityEnabled ?? true) != ps {
            fields.append(("port_security_enabled", .bool(ps)))
        }
        if clearGroups && !p.securityGroups.isEmpty {
            fields.append(("security_groups", .array([])))
        } else if !addGroups.isEmpty || !removeGroups.isEmpty {
            var groups = p.securityGroups.filter { !removeGroups.contains($0) }
            for g in addGroups where !groups.contains(g) { groups.append(g) }
            if groups != p.securityGroups { fields.append(("security_groups", .strings(groups))) }
        }
        return fields.isEmpty ? nil : BodyJSON.port(fields).text
    }

    /// The pair count after the merge (checked against the cloud's limit before writing).
    public func pairCount(on p: Port) -> Int { mergedPairs(p.allowedAddressPairs).count }

    /// Placeholders (`{address of step N}`) filled in.
    func replacing(_ placeholder: String, with value: String) -> PortDelta {
        var d = self
        d.addPairs = d.addPairs.map { $0 == placeholder ? value : $0 }
        d.removePairs = d.removePairs.map { $0 == placeholder ? value : $0 }
        return d
    }

    public var description: String {
        var parts: [String] = []
        if !addPairs.isEmpty { parts.append(OutcomeText.deltaAdd(addPairs.joined(separator: ", "))) }
        if !removePairs.isEmpty { parts.append(OutcomeText.deltaRemove(removePairs.joined(separator: ", "))) }
        if clearGroups { parts.append(OutcomeText.deltaDetachGroups.text) }
        if !addGroups.isEmpty { parts.append(OutcomeText.deltaAttachGroups(addGroups.joined(separator: ", "))) }
        if let ps = portSecurity { parts.append(OutcomeText.deltaPortSecurity(OutcomeText.onOff(ps))) }
        return parts.isEmpty ? OutcomeText.deltaNoChange.text : parts.joined(separator: PlanText.clauseSeparator.text)
    }
}

/// What a run's writes actually changed on one port, learned from the read made just before
/// each successful write: only pairs that were not there are "added", only pairs that were
/// there are "removed". Rollback and undo reverse exactly this, nothing else.
public struct EffectiveChange: Equatable, Sendable {
    public var added: [String] = []
    public var removed: [String] = []
    /// Port security before and after, when this run changed it.
    public var portSecurityFrom: Bool?
    public var portSecurityTo: Bool?
    public var groupsRemoved: [String] = []
    public var groupsAdded: [String] = []

    public init() {}

    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && portSecurityTo == nil && groupsRemoved.isEmpty && groupsAdded.isEmpty
    }

    /// Records a write of `delta` that went through on a port that held `pre` just before.
    mutating func record(_ delta: PortDelta, pre: Port) {
        let keys = Set(pre.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
        for a in delta.addPairs where !keys.contains(PairKey.of(a)) {
            let k = PairKey.of(a)
            if let i = removed.firstIndex(where: { PairKey.of($0) == k }) {
                removed.remove(at: i)
            } else if !added.contains(where: { PairKey.of($0) == k }) {
                added.append(a)
            }
        }
        for r in delta.removePairs {
            let k = PairKey.of(r)
            guard let pair = pre.allowedAddressPairs.first(where: { PairKey.of($0.ipAddress) == k }) else { continue }
            if let i = added.firstIndex(where: { PairKey.of($0) == k }) {
                added.remove(at: i)
            } else if !removed.contains(where: { PairKey.of($0) == k }) {
                removed.append(pair.ipAddress)
            }
        }
        if let ps = delta.portSecurity, (pre.portSecurityEnabled ?? true) != ps {
            if portSecurityFrom == nil { portSecurityFrom = pre.portSecurityEnabled ?? true }
            portSecurityTo = ps
            if portSecurityFrom == portSecurityTo {
                portSecurityFrom = nil
                portSecurityTo = nil
            }
        }
        if delta.clearGroups {
            for g in pre.securityGroups where !groupsRemoved.contains(g) {
                if let i = groupsAdded.firstIndex(of: g) { groupsAdded.remove(at: i) } else { groupsRemoved.append(g) }
            }
        }
        for g in delta.removeGroups where pre.securityGroups.contains(g) {
            if let i = groupsAdded.firstIndex(of: g) { groupsAdded.remove(at: i) } else if !groupsRemoved.contains(g) { groupsRemoved.append(g) }
        }
        for g in delta.addGroups where !pre.securityGroups.contains(g) {
            if let i = groupsRemoved.firstIndex(of: g) { groupsRemoved.remove(at: i) } else if !groupsAdded.contains(g) { groupsAdded.append(g) }
        }
    }

    /// The delta that puts back what this change did (and nothing else).
    public var inverse: PortDelta {
        PortDelta(addPairs: removed, removePairs: added, portSecurity: portSecurityFrom, clearGroups: false,
                  addGroups: groupsRemoved, removeGroups: groupsAdded)
    }

    /// The port no longer holds anything this change did.
    public func reverted(on p: Port) -> Bool {
        let keys = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
        if added.contains(where: { keys.contains(PairKey.of($0)) }) { return false }
        if !removed.allSatisfy({ keys.contains(PairKey.of($0)) }) { return false }
        if let from = portSecurityFrom, (p.portSecurityEnabled ?? true) != from { return false }
        if !groupsRemoved.allSatisfy({ p.securityGroups.contains($0) }) { return false }
        if groupsAdded.contains(where: { p.securityGroups.contains($0) }) { return false }
        return true
    }

    /// The port still holds everything this change did.
    public func holds(on p: Port) -> Bool {
        let keys = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
        if !added.allSatisfy({ keys.contains(PairKey.of($0)) }) { return false }
        if removed.contains(where: { keys.contains(PairKey.of($0)) }) { return false }
        if let to = portSecurityTo, (p.portSecurityEnabled ?? true) != to { return false }
        return true
    }

    /// What of this change the port still holds, in words ("1.1.1.1/0 added", ...).
    public func leftovers(on p: Port) -> [String] {
        let keys = Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
        var out: [String] = []
        let stillAdded = added.filter { keys.contains(PairKey.of($0)) }
        let stillRemoved = removed.filter { !keys.contains(PairKey.of($0)) }
        if !stillAdded.isEmpty { out.append(OutcomeText.leftAdded(Planner.list(stillAdded))) }
        if !stillRemoved.isEmpty { out.append(OutcomeText.leftRemoved(Planner.list(stillRemoved))) }
        if let from = portSecurityFrom, (p.portSecurityEnabled ?? true) != from {
            out.append(OutcomeText.leftPortSecurity(OutcomeText.onOff(p.portSecurityEnabled ?? true), OutcomeText.onOff(from)))
        }
        return out
    }
}
