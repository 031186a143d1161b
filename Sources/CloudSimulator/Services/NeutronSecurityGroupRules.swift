/// The rules of a security group, as neutron creates them for a project's `default` group:
/// every egress (IPv4 and IPv6) and every ingress from members of the same group. Other groups
/// the simulator holds have no rules. The rule ids derive from the group's id (they take
/// nothing from the seeded generator, so every other id of a scenario stays as it was).
extension Neutron {
    func securityGroupRulesJSON(_ g: SecurityGroup) -> [JSON] {
        guard g.name == "default" else { return [] }
        let rules: [(direction: String, ethertype: String, remoteGroup: Bool)] = [
            ("egress", "IPv4", false), ("egress", "IPv6", false), ("ingress", "IPv4", true), ("ingress", "IPv6", true),
        ]
        return rules.enumerated().map { i, r in
            var o = JSONObject()
            o.appendUnique("id", .string(Self.ruleID(group: g.id, index: i)))
            o.appendUnique("tenant_id", .string(g.projectID))
            o.appendUnique("security_group_id", .string(g.id))
            o.appendUnique("ethertype", .string(r.ethertype))
            o.appendUnique("direction", .string(r.direction))
            o.appendUnique("protocol", nil)
            o.appendUnique("port_range_min", nil)
            o.appendUnique("port_range_max", nil)
            o.appendUnique("remote_ip_prefix", nil)
            o.appendUnique("remote_address_group_id", nil)
            o.appendUnique("normalized_cidr", nil)
            o.appendUnique("remote_group_id", r.remoteGroup ? .string(g.id) : nil)
            o.appendUnique("belongs_to_default_sg", true)
            o.appendUnique("description", "")
            o.appendUnique("tags", [])
            o.appendUnique("created_at", .string(Timestamps.seconds(g.createdAt)))
            o.appendUnique("updated_at", .string(Timestamps.seconds(g.createdAt)))
            if !config.isHuawei { o.appendUnique("revision_number", 0) }
            o.appendUnique("project_id", .string(g.projectID))
            return .object(o)
        }
    }

    /// The group's id with its last twelve hex digits replaced by the rule's number.
    static func ruleID(group: String, index: Int) -> String {
        let hex = String(index + 1, radix: 16)
        return String(group.dropLast(12)) + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }
}
