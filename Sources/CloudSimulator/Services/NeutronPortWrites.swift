import Foundation

/// Neutron port writes: create, update (pairs in neutron's order, If-Match, revisions) and delete.
extension Neutron {
    // MARK: create

    static let portPostAttributes: Set<String> = [
        "name", "network_id", "admin_state_up", "mac_address", "fixed_ips", "device_id", "device_owner", "description",
        "allowed_address_pairs", "security_groups", "port_security_enabled", "project_id", "tenant_id", "tags",
        "binding:vnic_type", "extra_dhcp_opts", "binding:profile", "binding:host_id", "dns_name", "qos_policy_id",
        "propagate_uplink_status", "numa_affinity_policy", "device_profile",
    ]

    func createPorts(_ ctx: Context, _ state: inout CloudState) -> Result<SimResponse, NeutronError> {
        guard let json = try? JSON.parse(ctx.req.body) else { return .failure(.badRequest("Body contains invalid data")) }
        if let bulk = json["ports"] {
            guard let list = bulk.arrayValue else { return .failure(.badRequest("Object 'ports' contains invalid data")) }
            if list.isEmpty { return .failure(.badRequest("Resources required")) }
            var scratch = state  // bulk create is atomic: work on a copy, commit only on success
            var created: [JSON] = []
            for item in list {
                // Each entry is either the attributes or {"port": attributes}.
                guard let o = (item["port"] ?? item).objectValue else { return .failure(.badRequest("Object 'port' contains invalid data")) }
                switch createPort(ctx, &scratch, o) {
                case .success(let p): created.append(.object(portJSON(p)))
                case .failure(let e): return .failure(e)
                }
            }
            state = scratch
            return .success(.json(201, ["ports": .array(created)]))
        }
        let o: JSONObject
        switch Neutron.body(ctx, "port") {
        case .success(let b): o = b
        case .failure(let e): return .failure(e)
        }
        return createPort(ctx, &state, o).map { .json(201, ["port": .object(portJSON($0))]) }
    }

    func createPort(_ ctx: Context, _ state: inout CloudState, _ o: JSONObject) -> Result<Port, NeutronError> {
        if let e = Neutron.checkAttributes(o, allowed: Neutron.portPostAttributes, readOnly: Neutron.portNotPostable, create: true) {
            return .failure(e)
        }
        guard let netValue = o["network_id"] else {
            return .failure(.badRequest("Failed to parse request. Required attribute 'network_id' not specified"))
        }
        guard let netID = netValue.stringValue, Neutron.isUUID(netID) else {
            return .failure(.badRequest("Invalid input for network_id. Reason: '\(Neutron.pythonRepr(netValue))' is not a valid UUID."))
        }
        let fields: PortFields
        switch parsePortFields(o, nullClearsSecurityGroups: false) {
        case .success(let f): fields = f
        case .failure(let e): return .failure(e)
        }
        let strings = fields.strings
        let adminUp = fields.adminUp ?? true, psecGiven = fields.portSecurity
        let fixedReqs = fields.fixedIPs, pairReqs = fields.pairs ?? [], sgGiven = fields.securityGroups
        var mac: String?
        if let m = o["mac_address"] {
            guard let ms = m.stringValue, MAC.isValid(ms) else {
                return .failure(.badRequest("Invalid input for mac_address. Reason: '\(Neutron.pythonRepr(m))' is not a valid MAC address."))
            }
            mac = MAC.normalized(ms)
        }
        guard let network = state.networks[netID], visible(network, ctx) else { return .failure(.notFound("Network", netID)) }
        if let e = Neutron.ownerOK(ctx, ctx.project, tenantFields: o) { return .failure(e) }
        let owner = strings["device_owner"] ?? ""
        if config.isHuawei {
            if owner != "" && owner != Neutron.vipOwner {
                return .failure(.badRequest("Invalid input for device_owner. Reason: only '' or '\(Neutron.vipOwner)' may be set."))
            }
            // Huawei's message [V], for every port (not only VIP ports).
            if let f = fixedReqs, f.count > 1 { return .failure(.badRequest(Neutron.oneFixedIP)) }
        } else if owner.hasPrefix("network:") && network.projectID != ctx.project {
            return .failure(NeutronError(status: 403, type: "PolicyNotAuthorized",
                                         message: "(rule:create_port and rule:create_port:device_owner) is disallowed by policy"))
        }
        let psec = psecGiven ?? network.portSecurityEnabled
        if !psec && !pairReqs.isEmpty {
            return .failure(NeutronError(status: 409, type: "AddressPairAndPortSecurityRequired",
                                         message: "Port Security must be enabled in order to have allowed address pairs on a port."))
        }
        if !psec, let sg = sgGiven, !sg.isEmpty {
            return .failure(NeutronError(status: 400, type: "PortSecurityAndIPRequiredForSecurityGroups",
                                         message: "Port security must be enabled and port must have an IP address in order to use security groups."))
        }
        if let sg = sgGiven {
            for id in sg where state.securityGroups[id]?.projectID != ctx.project {
                return .failure(NeutronError(status: 404, type: "SecurityGroupNotFound", message: "Security group \(id) does not exist"))
            }
        }
        if let m = mac, state.ports.values.contains(where: { $0.networkID == netID && $0.macAddress == m }) {
            return .failure(NeutronError(status: 409, type: "MacAddressInUse",
                                         message: "Unable to complete operation for network \(netID). The mac address \(m) is in use."))
        }
        let fixed: [FixedIP]
        switch fixedReqs.map({ allocate($0, network: network, keep: [], owner: owner, state: &state) }) ?? allocateDefault(network: network, state: &state) {
        case .success(let f): fixed = f
        case .failure(let e): return .failure(e)
        }
        let portMAC = mac ?? state.newMAC()
        let pairs: [AddressPair]
        switch Neutron.storePairs(pairReqs, portMAC: portMAC) {
        case .success(let p): pairs = p
        case .failure(let e): return .failure(e)
        }
        var p = Port(id: state.newUUID(), name: strings["name"] ?? "", networkID: netID, projectID: ctx.project,
                     macAddress: portMAC, createdAt: ctx.now, updatedAt: ctx.now)
        p.description = strings["description"] ?? ""
        p.deviceID = strings["device_id"] ?? ""
        p.deviceOwner = owner
        p.adminStateUp = adminUp
        p.fixedIPs = fixed
        p.pairs = pairs
        p.portSecurityEnabled = psec
        p.securityGroups = psec ? (sgGiven ?? [state.defaultSecurityGroup(project: ctx.project, now: ctx.now)]) : []
        p.tags = o["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let v = o["binding:vnic_type"]?.stringValue { p.bindingVnicType = v }
        // Ports created through the API stay DOWN: only binding to a host (an agent) makes
        // a port ACTIVE, and the simulator has no hosts. Scenario NICs start ACTIVE.
        p.status = "DOWN"
        state.insertPort(p)
        return .success(p)
    }

    // MARK: update

    /// Parses `If-Match` as neutron does (`check_request_for_revision_constraint` over webob's
    /// strong etags); returns the revision constraint, if any.
    func revisionConstraint(_ req: SimRequest) -> Result<Int?, NeutronError> {
        let values = req.headerValues("if-match")
        if values.isEmpty { return .success(nil) }
        var revision: Int?
        for e in Neutron.ifMatchETags(values.joined(separator: ",")) where e.hasPrefix("revision_number=") {
            if revision != nil {
                return .failure(NeutronError(status: 400, type: "BadRequest",
                                             message: "Bad if-match request: Multiple revision_number etags are not supported.."))
            }
            if config.isHuawei {
                return .failure(.badRequest("This server does not support constraining operations based on revision numbers"))
            }
            let digits = e.dropFirst("revision_number=".count).trimmingCharacters(in: .whitespaces)
            guard let n = Int(digits) else {
                return .failure(NeutronError(status: 400, type: "BadRequest",
                                             message: "Bad if-match request: Revision number etag must be in the format of revision_number=<int>."))
            }
            revision = n
        }
        return .success(revision)
    }

    /// webob's `ETagMatcher.parse(value, strong=True)`: `*` means any (no etags); quoted etags
    /// are extracted and weak ones skipped; a value without any quoted etag is one etag, verbatim
    /// (so `revision_number=1, revision_number=2` is a single malformed etag).
    static func ifMatchETags(_ value: String) -> [String] {
        if value == "*" || value.isEmpty { return [] }
        let quoted = #/(?:^|\s)(W\/)?"((?:\\"|.)*?)"/#
        let matches = value.matches(of: quoted)
        if matches.isEmpty { return [value] }
        return matches.compactMap { m in m.output.1 == nil ? String(m.output.2) : nil }
    }

    static let portPutAttributes: Set<String> = [
        "name", "admin_state_up", "fixed_ips", "device_id", "device_owner", "description", "allowed_address_pairs",
        "security_groups", "port_security_enabled", "tags", "binding:vnic_type", "extra_dhcp_opts", "binding:profile",
        "binding:host_id", "mac_address", "dns_name", "qos_policy_id", "propagate_uplink_status", "numa_affinity_policy",
    ]
    static let portReadOnly: Set<String> = ["id", "network_id", "tenant_id", "project_id", "status", "created_at",
                                            "updated_at", "revision_number", "binding:vif_type", "binding:vif_details"]
    /// Known port attributes with `allow_post: False`.
    static let portNotPostable: Set<String> = ["id", "status", "created_at", "updated_at", "revision_number",
                                               "binding:vif_type", "binding:vif_details"]

    func updatePort(_ ctx: Context, _ state: inout CloudState, _ id: String) -> Result<SimResponse, NeutronError> {
        let o: JSONObject
        switch Neutron.body(ctx, "port") {
        case .success(let b): o = b
        case .failure(let e): return .failure(e)
        }
        if let e = Neutron.checkAttributes(o, allowed: Neutron.portPutAttributes, readOnly: Neutron.portReadOnly) { return .failure(e) }
        let constraint: Int?
        switch revisionConstraint(ctx.req) {
        case .success(let c): constraint = c
        case .failure(let e): return .failure(e)
        }
        let fields: PortFields
        switch parsePortFields(o, nullClearsSecurityGroups: true) {
        case .success(let f): fields = f
        case .failure(let e): return .failure(e)
        }
        let strings = fields.strings
        let adminUp = fields.adminUp, psecGiven = fields.portSecurity
        let fixedReqs = fields.fixedIPs, pairReqs = fields.pairs, sgGiven = fields.securityGroups
        guard var p = state.ports[id], portVisible(p, ctx) else { return .failure(.notFound("Port", id)) }
        if o["mac_address"] != nil {
            return .failure(NeutronError(status: 403, type: "PolicyNotAuthorized",
                                         message: "(rule:update_port and rule:update_port:mac_address) is disallowed by policy"))
        }
        if let c = constraint, c != p.revision {
            return .failure(NeutronError(status: 412, type: "RevisionNumberConstraintFailed",
                                         message: "Constrained to \(c), but current revision is \(p.revision)"))
        }
        if config.isHuawei {
            if let owner = strings["device_owner"], owner != p.deviceOwner {
                return .failure(.badRequest("Invalid input for device_owner. Reason: device_owner cannot be updated."))
            }
            if let f = fixedReqs, f.count > 1 { return .failure(.badRequest(Neutron.oneFixedIP)) }
            if p.deviceOwner == Neutron.vipOwner, fixedReqs != nil {
                return .failure(.badRequest("Invalid input for fixed_ips. Reason: the fixed IP of a VIP port cannot be updated."))
            }
            if let sg = sgGiven, sg.isEmpty, !p.securityGroups.isEmpty {
                return .failure(.badRequest("Invalid input for security_groups. Reason: security_groups cannot be updated to empty."))
            }
        }
        let newPsec = psecGiven ?? p.portSecurityEnabled
        let newPairsEmpty = pairReqs.map(\.isEmpty) ?? p.pairs.isEmpty
        if !newPsec && !newPairsEmpty {
            return .failure(NeutronError(status: 409, type: "AddressPairAndPortSecurityRequired",
                                         message: "Port Security must be enabled in order to have allowed address pairs on a port."))
        }
        let newSGs = sgGiven ?? p.securityGroups
        if !newPsec && !newSGs.isEmpty {
            if let sg = sgGiven, !sg.isEmpty {
                return .failure(NeutronError(status: 400, type: "PortSecurityAndIPRequiredForSecurityGroups",
                                             message: "Port security must be enabled and port must have an IP address in order to use security groups."))
            }
            return .failure(NeutronError(status: 409, type: "PortSecurityPortHasSecurityGroup",
                                         message: "Port has security group associated. Cannot disable port security or IP address until security group is removed."))
        }
        if let sg = sgGiven {
            for gid in sg where state.securityGroups[gid]?.projectID != ctx.project {
                return .failure(NeutronError(status: 404, type: "SecurityGroupNotFound", message: "Security group \(gid) does not exist"))
            }
        }
        // Apply. Everything below only replaces what the body named.
        let before = p
        if let reqs = fixedReqs, let network = state.networks[p.networkID] {
            switch allocate(reqs, network: network, keep: p.fixedIPs, owner: strings["device_owner"] ?? p.deviceOwner,
                                 state: &state) {
            case .success(let f): p.fixedIPs = f
            case .failure(let e): return .failure(e)
            }
        }
        // neutron (`is_address_pairs_attribute_updated`) compares the list as sent with the stored
        // one; when they differ it deletes and re-creates the pairs, which bumps the revision
        // even if the result is the same (e.g. the same pairs sent again without MACs).
        var pairsRewritten = false
        if let reqs = pairReqs {
            pairsRewritten = reqs.count != p.pairs.count
                || zip(reqs, p.pairs).contains { r, stored in r.mac != stored.macAddress || r.ip != stored.ipAddress }
            switch Neutron.storePairs(reqs, portMAC: p.macAddress) {
            case .success(let stored): p.pairs = stored
            case .failure(let e): return .failure(e)
            }
        }
        if let v = strings["name"] { p.name = v }
        if let v = strings["description"] { p.description = v }
        if let v = strings["device_id"] { p.deviceID = v }
        if let v = strings["device_owner"] { p.deviceOwner = v }
        if let v = adminUp { p.adminStateUp = v }
        p.portSecurityEnabled = newPsec
        p.securityGroups = newSGs
        if let t = o["tags"]?.arrayValue { p.tags = t.compactMap(\.stringValue) }
        if let v = o["binding:vnic_type"]?.stringValue { p.bindingVnicType = v }
        if pairsRewritten || !Neutron.samePort(before, p) {
            p.revision += 1
            p.updatedAt = ctx.now
        }
        state.replacePort(p)
        return .success(.json(200, ["port": .object(portJSON(p))]))
    }

    static func samePort(_ a: Port, _ b: Port) -> Bool {
        a.name == b.name && a.description == b.description && a.deviceID == b.deviceID && a.deviceOwner == b.deviceOwner
            && a.adminStateUp == b.adminStateUp && a.fixedIPs == b.fixedIPs && a.pairs == b.pairs
            && a.portSecurityEnabled == b.portSecurityEnabled && a.securityGroups == b.securityGroups && a.tags == b.tags
            && a.bindingVnicType == b.bindingVnicType
    }

    // MARK: delete

    func deletePort(_ ctx: Context, _ state: inout CloudState, _ id: String) -> Result<SimResponse, NeutronError> {
        let constraint: Int?
        switch revisionConstraint(ctx.req) {
        case .success(let c): constraint = c
        case .failure(let e): return .failure(e)
        }
        guard let p = state.ports[id], portVisible(p, ctx) else { return .failure(.notFound("Port", id)) }
        if let c = constraint, c != p.revision {
            return .failure(NeutronError(status: 412, type: "RevisionNumberConstraintFailed",
                                         message: "Constrained to \(c), but current revision is \(p.revision)"))
        }
        if config.isHuawei, !p.deviceID.isEmpty || (!p.deviceOwner.isEmpty && p.deviceOwner != Neutron.vipOwner) {
            return .failure(NeutronError(status: 409, type: "PortInUse",
                                         message: "Unable to complete operation on port \(id) for network \(p.networkID). Port already has an attached device \(p.deviceID)."))
        }
        state.removePort(id)
        return .success(.empty(204))
    }
}
