import Foundation

/// Neutron subnets (with IPAM pools) and security groups (read-only).
extension Neutron {
    // MARK: subnets

    func subnetJSON(_ s: Subnet, external: Bool = false) -> JSONObject {
        var o = JSONObject()
        o.appendUnique("id", .string(s.id))
        o.appendUnique("name", .string(s.name))
        o.appendUnique("project_id", .string(s.projectID))
        o.appendUnique("network_id", .string(s.networkID))
        o.appendUnique("ip_version", .int(s.ipVersion))
        o.appendUnique("subnetpool_id", nil)
        o.appendUnique("enable_dhcp", .bool(s.enableDHCP))
        o.appendUnique("ipv6_ra_mode", .str(s.ipv6RAMode))
        o.appendUnique("ipv6_address_mode", .str(s.ipv6AddressMode))
        o.appendUnique("gateway_ip", .str(s.gatewayIP?.description))
        o.appendUnique("cidr", .string(s.cidr.description))
        o.appendUnique("allocation_pools", .array(s.pools.map { ["start": .string($0.start.description), "end": .string($0.end.description)] }))
        o.appendUnique("host_routes", .array(s.hostRoutes))
        o.appendUnique("dns_nameservers", .strings(s.dnsNameservers))
        o.appendUnique("description", .string(s.description))
        o.appendUnique("router:external", .bool(external))
        o.appendUnique("service_types", [])
        o.appendUnique("tags", .strings(s.tags))
        o.appendUnique("created_at", .string(Timestamps.seconds(s.createdAt)))
        o.appendUnique("updated_at", .string(Timestamps.seconds(s.updatedAt)))
        if !config.isHuawei { o.appendUnique("revision_number", .int(s.revision)) }
        o.appendUnique("tenant_id", .string(s.projectID))
        return o
    }

    func subnetCollection(_ state: CloudState) -> NeutronCollection<Subnet> {
        NeutronCollection(
            collection: "subnets", resourceName: "Subnet",
            filterValues: { s, k in
                switch k {
                case "id": return [s.id]
                case "name": return [s.name]
                case "project_id", "tenant_id": return [s.projectID]
                case "network_id": return [s.networkID]
                case "ip_version": return [String(s.ipVersion)]
                case "cidr": return [s.cidr.description]
                case "gateway_ip": return [s.gatewayIP?.description ?? ""]
                case "enable_dhcp": return [s.enableDHCP ? "true" : "false"]
                case "description": return [s.description]
                case "revision_number": return [String(s.revision)]
                case "tags": return s.tags
                default: return nil
                }
            },
            filterable: ["id", "name", "project_id", "tenant_id", "network_id", "ip_version", "cidr", "gateway_ip", "enable_dhcp",
                         "description", "revision_number", "subnetpool_id", "ipv6_ra_mode", "ipv6_address_mode", "segment_id",
                         "tags", "tags-any", "not-tags", "not-tags-any"],
            sortable: ["id", "name", "project_id", "tenant_id", "network_id", "ip_version", "cidr", "gateway_ip", "enable_dhcp"],
            sortValue: { s, k in
                switch k {
                case "name": return .string(s.name)
                case "project_id", "tenant_id": return .string(s.projectID)
                case "network_id": return .string(s.networkID)
                case "ip_version": return .int(s.ipVersion)
                case "cidr": return .string(s.cidr.description)
                case "gateway_ip": return .string(s.gatewayIP?.description ?? "")
                case "enable_dhcp": return .bool(s.enableDHCP)
                default: return .string(s.id)
                }
            },
            id: { $0.id }, render: { [state] s in subnetJSON(s, external: state.networks[s.networkID]?.external ?? false) },
            booleanAttributes: ["enable_dhcp"], integerAttributes: ["ip_version", "revision_number"],
            customFilter: { k, v in Neutron.tagFilter(k, v, tags: { $0.tags }) })
    }

    func subnetVisible(_ s: Subnet, _ ctx: Context, _ state: CloudState) -> Bool {
        s.projectID == ctx.project || (state.networks[s.networkID].map { visible($0, ctx) } ?? false)
    }

    func listSubnets(_ ctx: Context, _ state: CloudState) -> Result<SimResponse, NeutronError> {
        let items = state.subnets.values.filter { subnetVisible($0, ctx, state) }.sorted { $0.id < $1.id }
        return NeutronListing.list(ctx.req, subnetCollection(state), items: items, maxLimit: config.effectivePaginationMaxLimit,
                                   lookup: { id in state.subnets[id].flatMap { subnetVisible($0, ctx, state) ? $0 : nil } })
            .map { .json(200, $0) }
    }

    func showSubnet(_ ctx: Context, _ state: CloudState, _ id: String) -> Result<SimResponse, NeutronError> {
        guard let s = state.subnets[id], subnetVisible(s, ctx, state) else { return .failure(.notFound("Subnet", id)) }
        let o = subnetJSON(s, external: state.networks[s.networkID]?.external ?? false)
        return .success(.json(200, ["subnet": .object(NeutronListing.applyFields(ctx.req, o))]))
    }

    func createSubnet(_ ctx: Context, _ state: inout CloudState) -> Result<SimResponse, NeutronError> {
        let o: JSONObject
        switch Neutron.body(ctx, "subnet") {
        case .success(let b): o = b
        case .failure(let e): return .failure(e)
        }
        let allowed: Set<String> = ["name", "network_id", "ip_version", "cidr", "gateway_ip", "allocation_pools", "enable_dhcp",
                                    "dns_nameservers", "host_routes", "description", "project_id", "tenant_id", "tags",
                                    "ipv6_ra_mode", "ipv6_address_mode", "subnetpool_id", "prefixlen", "service_types", "segment_id"]
        if let e = Neutron.checkAttributes(o, allowed: allowed) { return .failure(e) }
        guard let netID = o["network_id"]?.stringValue else {
            return .failure(.badRequest("Failed to parse request. Required attribute 'network_id' not specified"))
        }
        guard let ipv = o["ip_version"] else {
            return .failure(.badRequest("Failed to parse request. Required attribute 'ip_version' not specified"))
        }
        let version = ipv.intValue ?? Int(ipv.stringValue ?? "") ?? 0
        guard version == 4 || version == 6 else {
            return .failure(.badRequest("Invalid input for ip_version. Reason: \(ipv.text) is not in [4, 6]."))
        }
        guard let cidrText = o["cidr"]?.stringValue else {
            return .failure(NeutronError(status: 400, type: "BadRequest", message: "Bad subnets request: a subnetpool must be specified in the absence of a cidr."))
        }
        guard let given = CIDR(cidrText) else { return .failure(.invalidInput("\(cidrText) is not in a CIDR format.")) }
        guard let net = state.networks[netID], visible(net, ctx) else { return .failure(.notFound("Network", netID)) }
        guard net.projectID == ctx.project else {
            return .failure(NeutronError(status: 403, type: "PolicyNotAuthorized", message: "(rule:create_subnet) is disallowed by policy"))
        }
        if let e = Neutron.ownerOK(ctx, ctx.project, tenantFields: o) { return .failure(e) }
        guard given.version == version else {
            return .failure(.invalidInput("cidr '\(cidrText)' does not match the ip_version '\(version)'"))
        }
        let cidr = given.normalized
        if version == 4, cidr.prefix > 30 {
            return .failure(.invalidInput("Invalid CIDR \(cidrText) for IPv4 address mode. The prefix length must be 30 or less."))
        }
        for sid in net.subnetIDs {
            if let other = state.subnets[sid], other.cidr.overlaps(cidr) {
                return .failure(.invalidInput("Requested subnet with cidr: \(cidr) for network: \(netID) overlaps with another subnet."))
            }
        }
        // Gateway: given, explicitly null, or the first address (IPv4 network+1, IPv6 the network address).
        var gateway: IPAddress?
        if let g = o["gateway_ip"] {
            if g.isNull {
                gateway = nil
            } else {
                guard let s = g.stringValue, let ip = IPAddress(s), ip.version == version else {
                    return .failure(.badRequest("Invalid input for gateway_ip. Reason: '\(g.text)' is not a valid IP address."))
                }
                gateway = ip
            }
        } else {
            gateway = version == 4 ? cidr.network.adding(1) : cidr.network
        }
        // Allocation pools: given (validated inside the CIDR, no gateway), or every usable address.
        var pools: [AllocationPool] = []
        let firstUsable = version == 4 ? cidr.network.adding(1) : cidr.network.adding(1)
        let lastUsable = version == 4 ? IPAddress.make(version: 4, raw: cidr.last.raw - 1) : cidr.last
        if let given = o["allocation_pools"] {
            guard let arr = given.arrayValue else {
                return .failure(.badRequest("Invalid input for allocation_pools. Reason: Invalid data format for IP pool: '\(given.text)'."))
            }
            for p in arr {
                guard let s = p["start"]?.stringValue, let e = p["end"]?.stringValue, let a = IPAddress(s), let b = IPAddress(e) else {
                    return .failure(.badRequest("Invalid input for allocation_pools. Reason: Invalid data format for IP pool: '\(p.text)'."))
                }
                guard a.version == version, b.version == version, a <= b, cidr.contains(a), cidr.contains(b),
                      a >= firstUsable, b <= lastUsable
                else {
                    return .failure(NeutronError(status: 400, type: "OutOfBoundsAllocationPool",
                                                 message: "The allocation pool \(s)-\(e) spans beyond the subnet cidr \(cidr)."))
                }
                if let gw = gateway, a <= gw, gw <= b {
                    return .failure(NeutronError(status: 409, type: "GatewayConflictWithAllocationPools",
                                                 message: "Gateway ip \(gw) conflicts with allocation pool \(s)-\(e)."))
                }
                pools.append(AllocationPool(start: a, end: b))
            }
        } else {
            var start = firstUsable
            var end = lastUsable
            if let gw = gateway {
                if gw == start { start = start.adding(1) } else if gw == end { end = IPAddress.make(version: version, raw: end.raw - 1) }
            }
            if let gw = gateway, gw > start, gw < end {
                pools = [AllocationPool(start: start, end: IPAddress.make(version: version, raw: gw.raw - 1)),
                         AllocationPool(start: gw.adding(1), end: end)]
            } else if start <= end {
                pools = [AllocationPool(start: start, end: end)]
            }
        }
        var s = Subnet(id: state.newUUID(), name: "", projectID: ctx.project, networkID: netID, cidr: cidr, gatewayIP: gateway,
                       pools: pools, createdAt: ctx.now, updatedAt: ctx.now)
        if case .failure(let e) = Neutron.string(o, "name") { return .failure(e) }
        s.name = o["name"]?.stringValue ?? ""
        s.description = o["description"]?.stringValue ?? ""
        switch Neutron.bool(o, "enable_dhcp") {
        case .success(let b): if let b { s.enableDHCP = b }
        case .failure(let e): return .failure(e)
        }
        s.dnsNameservers = o["dns_nameservers"]?.arrayValue?.compactMap(\.stringValue) ?? []
        s.hostRoutes = o["host_routes"]?.arrayValue ?? []
        s.tags = o["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if version == 6 {
            s.ipv6RAMode = o["ipv6_ra_mode"]?.stringValue
            s.ipv6AddressMode = o["ipv6_address_mode"]?.stringValue
        }
        state.subnets[s.id] = s
        state.networks[netID]?.subnetIDs.append(s.id)
        state.networks[netID]?.revision += 1
        state.networks[netID]?.updatedAt = ctx.now
        return .success(.json(201, ["subnet": .object(subnetJSON(s, external: net.external))]))
    }

    func deleteSubnet(_ ctx: Context, _ state: inout CloudState, _ id: String) -> Result<SimResponse, NeutronError> {
        guard let s = state.subnets[id], subnetVisible(s, ctx, state) else { return .failure(.notFound("Subnet", id)) }
        guard s.projectID == ctx.project else {
            return .failure(NeutronError(status: 403, type: "PolicyNotAuthorized", message: "(rule:delete_subnet) is disallowed by policy"))
        }
        if !s.allocated.isEmpty {
            return .failure(NeutronError(status: 409, type: "SubnetInUse",
                                         message: "Unable to complete operation on subnet \(id): One or more ports have an IP allocation from this subnet."))
        }
        state.subnets[id] = nil
        state.networks[s.networkID]?.subnetIDs.removeAll { $0 == id }
        state.networks[s.networkID]?.revision += 1
        state.networks[s.networkID]?.updatedAt = ctx.now
        return .success(.empty(204))
    }

    // MARK: security groups (read-only)

    func securityGroupJSON(_ g: SecurityGroup) -> JSONObject {
        var o = JSONObject()
        o.appendUnique("id", .string(g.id))
        o.appendUnique("name", .string(g.name))
        o.appendUnique("stateful", .bool(g.stateful))
        o.appendUnique("tenant_id", .string(g.projectID))
        o.appendUnique("project_id", .string(g.projectID))
        o.appendUnique("description", .string(g.description))
        o.appendUnique("shared", false)
        o.appendUnique("security_group_rules", .array(securityGroupRulesJSON(g)))
        o.appendUnique("tags", [])
        o.appendUnique("created_at", .string(Timestamps.seconds(g.createdAt)))
        o.appendUnique("updated_at", .string(Timestamps.seconds(g.updatedAt)))
        if !config.isHuawei { o.appendUnique("revision_number", .int(g.revision)) }
        return o
    }

    var securityGroupCollection: NeutronCollection<SecurityGroup> {
        NeutronCollection(
            collection: "security_groups", resourceName: "SecurityGroup",
            filterValues: { g, k in
                switch k {
                case "id": return [g.id]
                case "name": return [g.name]
                case "project_id", "tenant_id": return [g.projectID]
                case "description": return [g.description]
                default: return nil
                }
            },
            filterable: ["id", "name", "project_id", "tenant_id", "description", "stateful", "shared", "revision_number"],
            sortable: ["id", "name", "project_id", "tenant_id"],
            sortValue: { g, k in k == "name" ? .string(g.name) : k == "id" ? .string(g.id) : .string(g.projectID) },
            id: { $0.id }, render: securityGroupJSON, booleanAttributes: ["stateful", "shared"], integerAttributes: ["revision_number"])
    }

    func listSecurityGroups(_ ctx: Context, _ state: CloudState) -> Result<SimResponse, NeutronError> {
        let items = state.securityGroups.values.filter { $0.projectID == ctx.project }.sorted { $0.id < $1.id }
        return NeutronListing.list(ctx.req, securityGroupCollection, items: items, maxLimit: config.effectivePaginationMaxLimit,
                                   lookup: { id in state.securityGroups[id].flatMap { $0.projectID == ctx.project ? $0 : nil } })
            .map { .json(200, $0) }
    }

    func showSecurityGroup(_ ctx: Context, _ state: CloudState, _ id: String) -> Result<SimResponse, NeutronError> {
        guard let g = state.securityGroups[id], g.projectID == ctx.project else { return .failure(.notFound("SecurityGroup", id)) }
        return .success(.json(200, ["security_group": .object(NeutronListing.applyFields(ctx.req, securityGroupJSON(g)))]))
    }
}
