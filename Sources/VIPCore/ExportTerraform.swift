import CloudAPI

// Terraform: the huawei strategy as `huaweicloud_networking_vip` and
// `huaweicloud_networking_vip_associate` (the vendor's own resources), the openstack strategy
// as `openstack_networking_port_v2` with `allowed_address_pairs`. Both providers set whole pair
// lists where vipctl merges: a comment says where, and which pairs that touches.
extension Export {
    static func tf(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "$": out += "$$"
            case "%": out += "%%"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(u.value < 0x20 ? "?" : u)
            }
        }
        return out + "\""
    }

    /// A value that may be the address of a port the plan creates.
    static func tfValue(_ s: String, _ plan: Plan, address: (Int) -> String) -> String {
        for st in plan.steps where st.operation == .create && s == Planner.addressPlaceholder(step: st.id) { return address(st.id) }
        return tf(s)
    }

    static func pairsChange(_ s: PlanStep) -> FieldChange? { s.changes.first { $0.field == "allowed_address_pairs" } }

    static func terraform(_ plan: Plan, _ steps: [ExportStep], _ context: ExportContext) -> String {
        var out = header(plan, context)
        switch plan.strategy {
        case .huawei: out += huaweiTerraform(plan, steps, context)
        case .openstack: out += openstackTerraform(plan, steps, context)
        }
        return out
    }

    static func huaweiTerraform(_ plan: Plan, _ steps: [ExportStep], _ context: ExportContext) -> String {
        var out = """
            # huaweicloud_networking_vip_associate sets the VIP port's pairs to exactly the IPs of
            # port_ids, and each of those NICs' pairs to 1.1.1.1/0: it replaces lists that vipctl merges.

            """
        var vipRef: String?
        var vipName = "vip"
        for e in steps {
            if case .create(let c) = e.kind {
                vipName = "vip_\(e.step.id)"
                vipRef = "huaweicloud_networking_vip.\(vipName).id"
                out += "\n" + comment("Step \(e.step.id): \(e.step.summary)")
                out += "resource \"huaweicloud_networking_vip\" \"\(vipName)\" {\n"
                out += "  network_id = \(tf(c.networkID))\n"
                if let s = c.subnetID { out += "  subnet_id  = \(tf(s))\n" }
                if let a = c.ipAddress { out += "  ip_address = \(tf(a))\n" }
                out += "  name       = \(tf(c.name))\n}\n"
            }
        }
        if vipRef == nil, let vip = steps.first(where: \.isVIP), case .existing(let id) = vip.step.port {
            vipRef = tf(id)
            vipName = "vip_\(vip.step.id)"
        }
        let nicSteps = steps.filter { !$0.isVIP }
        let nicIDs = nicSteps.compactMap { e -> String? in if case .existing(let id) = e.step.port { return id } else { return nil } }
        var boundNICs: [String] = []
        if case .createVIP(let c) = plan.intent { boundNICs = c.bindNICs }
        if case .bind(_, let nics) = plan.intent { boundNICs = nics }
        let vipPairs = steps.first { $0.isVIP }.flatMap { e -> [String]? in
            if case .create(let c) = e.kind { return c.pairs }
            return pairsChange(e.step)?.after
        }
        for e in steps where !e.isVIP || e.step.operation != .create {
            guard case .update = e.kind, let ch = pairsChange(e.step) else { continue }
            let kept = ch.before.filter { !ch.removed.contains($0) && !ch.added.contains($0) }
            if !kept.isEmpty && !(e.isVIP) {
                out += comment("\(e.label): the associate sets its pairs to 1.1.1.1/0 alone, dropping \(kept.joined(separator: ", ")) that vipctl keeps")
            }
        }
        if !boundNICs.isEmpty || nicSteps.contains(where: { pairsChange($0.step) != nil }) {
            out += "\n"
            if let pairs = vipPairs {
                out += comment("The VIP's pairs after this plan: \(pairs.isEmpty ? "(none)" : pairs.joined(separator: ", ")). port_ids must name the NIC of every one of them,")
                out += comment("or the associate drops the others (vipctl merged them).")
            }
            // The NICs the VIP's pairs name after the plan, where the ports read say which.
            var network: String?
            if let vip = steps.first(where: \.isVIP) {
                if case .create(let c) = vip.kind { network = c.networkID }
                if case .existing(let id) = vip.step.port { network = context.networkOfPort[id] }
            }
            let named = (vipPairs ?? []).compactMap { ip in network.flatMap { context.nicOfAddress["\($0)/\(ip)"] } }
            var ids = named
            for id in boundNICs.isEmpty ? nicIDs : boundNICs where !ids.contains(id) { ids.append(id) }
            out += "resource \"huaweicloud_networking_vip_associate\" \"\(vipName)\" {\n"
            out += "  vip_id   = \(vipRef ?? "\"\"")\n"
            out += "  port_ids = [\(ids.map(tf).joined(separator: ", "))]\n}\n"
        }
        for e in steps {
            switch e.kind {
            case .delete:
                out += "\n" + comment("Step \(e.step.id): \(e.step.summary): remove its resources from the configuration (terraform destroy).")
            case .update(let d) where d.portSecurity != nil || !d.addGroups.isEmpty || !d.removeGroups.isEmpty || d.clearGroups:
                out += "\n" + comment("Step \(e.step.id): \(e.step.summary): no huaweicloud VIP resource does this; see --format openstack.")
            default: break
            }
        }
        return out
    }

    static func openstackTerraform(_ plan: Plan, _ steps: [ExportStep], _ context: ExportContext) -> String {
        var out = """
            # openstack_networking_port_v2 sets the whole allowed_address_pairs list of a port it
            # manages: vipctl merges, this provider overwrites. The NIC ports are imported, and each
            # lists every pair it holds after this plan; a pair somebody adds later is removed by the
            # next terraform apply.

            """
        let address: (Int) -> String = { "openstack_networking_port_v2.vip_\($0).all_fixed_ips[0]" }
        for e in steps {
            out += "\n" + comment("Step \(e.step.id): \(e.step.summary)")
            switch e.kind {
            case .create(let c):
                out += "resource \"openstack_networking_port_v2\" \"vip_\(e.step.id)\" {\n"
                out += "  name         = \(tf(c.name))\n"
                out += "  network_id   = \(tf(c.networkID))\n"
                out += "  device_owner = \(tf(c.deviceOwner))\n"
                if c.subnetID != nil || c.ipAddress != nil {
                    out += "  fixed_ip {\n"
                    if let s = c.subnetID { out += "    subnet_id  = \(tf(s))\n" }
                    if let a = c.ipAddress { out += "    ip_address = \(tf(a))\n" }
                    out += "  }\n"
                }
                for p in c.pairs { out += "  allowed_address_pairs {\n    ip_address = \(tf(p))\n  }\n" }
                out += "}\n"
            case .update(let d):
                guard case .existing(let id) = e.step.port else { continue }
                let name = (e.isVIP ? "vip_" : "nic_") + "\(e.step.id)"
                out += "import {\n  to = openstack_networking_port_v2.\(name)\n  id = \(tf(id))\n}\n"
                out += "resource \"openstack_networking_port_v2\" \"\(name)\" {\n"
                out += "  network_id = \(tf(context.networkOfPort[id] ?? ""))\n"
                if let ps = d.portSecurity { out += "  port_security_enabled = \(ps)\n" }
                if d.clearGroups { out += "  no_security_groups    = true\n" }
                if let ch = pairsChange(e.step) {
                    let kept = ch.before.filter { !ch.removed.contains($0) }
                    if !kept.isEmpty {
                        out += "  # vipctl merges into the pairs the port holds (\(Inert.field(kept.joined(separator: ", "))) kept); this provider\n"
                        out += "  # overwrites the list with exactly the blocks below, so they list those pairs too.\n"
                    }
                    if ch.after.isEmpty { out += "  # no allowed_address_pairs block: the list is emptied\n" }
                    for p in ch.after { out += "  allowed_address_pairs {\n    ip_address = \(tfValue(p, plan, address: address))\n  }\n" }
                }
                out += "}\n"
            case .delete:
                out += comment("remove this port's resource from the configuration (terraform destroy)")
            }
        }
        return out
    }
}
