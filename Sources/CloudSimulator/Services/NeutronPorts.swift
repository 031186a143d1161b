/// Neutron ports: list/show/create/update/delete with IPAM, allowed-address-pair validation in
/// neutron's order, port security, revision numbers and If-Match, plus the Huawei differences.
extension Neutron {
    static let vipOwner = "neutron:VIP_PORT"
    /// The pair value Huawei documents for "source/destination check off".
    static let sourceDestCheckOff = "1.1.1.1/0"
    /// Huawei Neutron's refusal of a second fixed IP on a port [V].
    static let oneFixedIP = "One port can only set one ipaddress"

    func portJSON(_ p: Port) -> JSONObject {
        var o = JSONObject()
        o.appendUnique("id", .string(p.id))
        o.appendUnique("name", .string(p.name))
        o.appendUnique("network_id", .string(p.networkID))
        o.appendUnique("project_id", .string(p.projectID))
        o.appendUnique("mac_address", .string(p.macAddress))
        o.appendUnique("admin_state_up", .bool(p.adminStateUp))
        o.appendUnique("status", .string(p.status))
        o.appendUnique("device_id", .string(p.deviceID))
        o.appendUnique("device_owner", .string(p.deviceOwner))
        o.appendUnique("fixed_ips", .array(p.fixedIPs.map { ["subnet_id": .string($0.subnetID), "ip_address": .string($0.ip.description)] }))
        o.appendUnique("tenant_id", .string(p.projectID))
        o.appendUnique("port_security_enabled", .bool(p.portSecurityEnabled))
        o.appendUnique("security_groups", .strings(p.securityGroups))
        o.appendUnique("binding:vnic_type", .string(p.bindingVnicType))
        o.appendUnique("allowed_address_pairs", .array(p.pairs.map { ["mac_address": .string($0.macAddress), "ip_address": .string($0.ipAddress)] }))
        o.appendUnique("extra_dhcp_opts", [])
        o.appendUnique("description", .string(p.description))
        o.appendUnique("tags", .strings(p.tags))
        o.appendUnique("created_at", .string(Timestamps.seconds(p.createdAt)))
        o.appendUnique("updated_at", .string(Timestamps.seconds(p.updatedAt)))
        if !config.isHuawei { o.appendUnique("revision_number", .int(p.revision)) }
        return o
    }

    func portCollection() -> NeutronCollection<Port> {
        NeutronCollection(
            collection: "ports", resourceName: "Port",
            filterValues: { p, k in
                switch k {
                case "id": return [p.id]
                case "name": return [p.name]
                case "network_id": return [p.networkID]
                case "project_id", "tenant_id": return [p.projectID]
                case "mac_address": return [p.macAddress]
                case "admin_state_up": return [p.adminStateUp ? "true" : "false"]
                case "status": return [p.status]
                case "device_id": return [p.deviceID]
                case "device_owner": return [p.deviceOwner]
                case "description": return [p.description]
                case "security_groups": return p.securityGroups
                case "revision_number": return [String(p.revision)]
                default: return nil
                }
            },
            filterable: ["id", "name", "network_id", "project_id", "tenant_id", "mac_address", "admin_state_up", "status",
                         "device_id", "device_owner", "fixed_ips", "description", "security_groups", "revision_number",
                         "ip_allocation", "tags", "tags-any", "not-tags", "not-tags-any"],
            sortable: ["id", "name", "network_id", "project_id", "tenant_id", "mac_address", "admin_state_up", "status",
                       "device_id", "device_owner"],
            sortValue: { p, k in
                switch k {
                case "name": return .string(p.name)
                case "network_id": return .string(p.networkID)
                case "project_id", "tenant_id": return .string(p.projectID)
                case "mac_address": return .string(p.macAddress)
                case "admin_state_up": return .bool(p.adminStateUp)
                case "status": return .string(p.status)
                case "device_id": return .string(p.deviceID)
                case "device_owner": return .string(p.deviceOwner)
                default: return .string(p.id)
                }
            },
            id: { $0.id }, render: portJSON,
            booleanAttributes: ["admin_state_up"], integerAttributes: ["revision_number"],
            customFilter: { k, values in
                if k == "fixed_ips" { return Neutron.fixedIPFilter(values) }
                return Neutron.tagFilter(k, values, tags: { (p: Port) in p.tags })
            })
    }

    /// `fixed_ips=ip_address=X&fixed_ips=subnet_id=S`: values split on the first '=', OR within
    /// a key, AND between `ip_address` and `subnet_id`, each matching any of the port's IPs.
    static func fixedIPFilter(_ values: [String]) -> Result<((Port) -> Bool)?, NeutronError> {
        var ips: Set<String> = [], subnets: Set<String> = [], substrings: [String] = []
        for v in values {
            guard let eq = v.firstIndex(of: "=") else {
                return .failure(.invalidInput("'\(v)' is not of the form <key>=[value]."))
            }
            let key = String(v[..<eq]), value = String(v[v.index(after: eq)...])
            switch key {
            case "ip_address": ips.insert(IPAddress(value)?.description ?? value)
            case "subnet_id": subnets.insert(value)
            case "ip_address_substr": substrings.append(value)
            default: break  // neutron ignores other keys
            }
        }
        return .success { p in
            if !ips.isEmpty, !p.fixedIPs.contains(where: { ips.contains($0.ip.description) }) { return false }
            if !subnets.isEmpty, !p.fixedIPs.contains(where: { subnets.contains($0.subnetID) }) { return false }
            if !substrings.isEmpty, !p.fixedIPs.contains(where: { f in substrings.contains { f.ip.description.contains($0) } }) { return false }
            return true
        }
    }

    func portVisible(_ p: Port, _ ctx: Context) -> Bool { p.projectID == ctx.project }

    func listPorts(_ ctx: Context, _ state: CloudState) -> Result<SimResponse, NeutronError> {
        let project = ctx.project
        let items = state.portOrder.lazy.compactMap { state.ports[$0] }.filter { $0.projectID == project }
        return NeutronListing.list(ctx.req, portCollection(), items: items, maxLimit: config.effectivePaginationMaxLimit,
                                   lookup: { id in state.ports[id].flatMap { $0.projectID == project ? $0 : nil } },
                                   itemsAfter: { marker in
                                       let start = lowerBound(state.portOrder, marker)
                                       return AnySequence(state.portOrder[start...].lazy.compactMap { state.ports[$0] }
                                           .filter { $0.projectID == project })
                                   })
            .map { .json(200, $0) }
    }

    func showPort(_ ctx: Context, _ state: CloudState, _ id: String) -> Result<SimResponse, NeutronError> {
        guard let p = state.ports[id], portVisible(p, ctx) else { return .failure(.notFound("Port", id)) }
        return .success(.json(200, ["port": .object(NeutronListing.applyFields(ctx.req, portJSON(p)))]))
    }

    // MARK: allowed address pairs

    /// neutron-lib's `_validate_allowed_address_pairs`, in its order, then the multicast check.
    func validatePairs(_ v: JSON) -> Result<[(ip: String, mac: String?)], NeutronError> {
        if v.isNull { return .success([]) }  // null is converted to []
        guard let list = v.arrayValue else { return .failure(.badRequest("Allowed address pairs must be a list.")) }
        if list.count > config.effectiveMaxAddressPairs {
            return .failure(NeutronError(status: 400, type: "AllowedAddressPairExhausted",
                                         message: "The number of allowed address pair exceeds the maximum \(config.effectiveMaxAddressPairs)."))
        }
        var seen: Set<String> = []
        var out: [(ip: String, mac: String?)] = []
        for entry in list {
            guard let pair = entry.objectValue else {
                return .failure(.badRequest("Invalid input for allowed_address_pairs. Reason: '\(Neutron.pythonRepr(entry))' is not a dictionary."))
            }
            var mac: String?
            // neutron-lib's validate_mac_address: null is not a MAC, nor are the all-zero and
            // broadcast addresses (INVALID_MAC_ADDRESSES).
            if let m = pair["mac_address"] {
                guard let ms = m.stringValue, MAC.isValid(ms),
                      !["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"].contains(MAC.normalized(ms))
                else {
                    return .failure(.badRequest("'\(Neutron.pythonRepr(m))' is not a valid MAC address"))
                }
                mac = ms
            }
            guard let ipv = pair["ip_address"] else {
                return .failure(NeutronError(status: 400, type: "AllowedAddressPairsMissingIP", message: "AllowedAddressPair must contain ip_address"))
            }
            let ip = ipv.stringValue ?? Neutron.pythonRepr(ipv)
            let key = (mac ?? "None") + "|" + ip
            if seen.contains(key) {
                return .failure(NeutronError(status: 400, type: "DuplicateAddressPairInRequest",
                                             message: "Request contains duplicate address pair: mac_address \(mac ?? "None") ip_address \(ip)."))
            }
            seen.insert(key)
            let extra = pair.keys.filter { $0 != "ip_address" && $0 != "mac_address" }
            if !extra.isEmpty { return .failure(.badRequest("Unrecognized attribute(s) '\(extra.joined(separator: ", "))'")) }
            guard ipv.stringValue != nil else { return .failure(.badRequest("'\(ip)' is not a valid IP address")) }
            if ip.contains("/") {
                guard let c = CIDR(ip) else { return .failure(.badRequest("'\(ip)' is not a valid IP subnet")) }
                if c.prefix > 0, Neutron.overlapsMulticast(c) {
                    let range = c.version == 4 ? "224.0.0.0/4" : "ff00::/8"
                    return .failure(.badRequest("Subnet \(ip) overlaps with multicast range \(range), which is not supported."))
                }
                if config.isHuawei, c.prefix == 0, c.address == IPAddress.v4(0) {
                    return .failure(NeutronError(status: 400, type: "BadRequest",
                                                 message: "Invalid input for allowed_address_pairs. Reason: 0.0.0.0/0 is not allowed."))
                }
                // Hardware-SDN regions take no CIDR `ip_address` [V]; the message is ASSUMED, and so
                // is the exception for `1.1.1.1/0`, the documented "source/destination check off"
                // value a bound server's NIC carries.
                if config.hardwareSDN, ip != Neutron.sourceDestCheckOff {
                    return .failure(NeutronError(status: 400, type: "BadRequest",
                                                 message: "Invalid input for allowed_address_pairs. Reason: CIDR \(ip) is not supported in a hardware SDN region."))
                }
            } else {
                guard let a = IPAddress(ip) else { return .failure(.badRequest("'\(ip)' is not a valid IP address")) }
                if Neutron.overlapsMulticast(CIDR(address: a, prefix: a.bitWidth)) {
                    return .failure(.badRequest("IP \(ip) is a multicast address, which is not supported."))
                }
                if config.isHuawei, a == IPAddress.v4(0) {
                    return .failure(NeutronError(status: 400, type: "BadRequest",
                                                 message: "Invalid input for allowed_address_pairs. Reason: 0.0.0.0 is not allowed."))
                }
            }
            out.append((ip, mac))
        }
        return .success(out)
    }

    static func overlapsMulticast(_ c: CIDR) -> Bool {
        let m = c.version == 4 ? CIDR(address: .v4(0xE000_0000), prefix: 4) : CIDR(address: .v6(UInt128(0xFF) << 120), prefix: 8)
        return c.overlaps(m)
    }

    /// Python's repr for the values neutron echoes in messages.
    static func pythonRepr(_ v: JSON) -> String {
        switch v {
        case .string(let s): return s
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        default: return v.text
        }
    }

    /// MAC fill-in and the DB's unique (port, mac, ip) constraint; stored in the DB's order.
    static func storePairs(_ pairs: [(ip: String, mac: String?)], portMAC: String) -> Result<[AddressPair], NeutronError> {
        var stored: [AddressPair] = []
        var keys: Set<String> = []
        for p in pairs {
            let mac = p.mac ?? portMAC
            if !keys.insert(mac + "|" + p.ip).inserted {
                return .failure(NeutronError(status: 400, type: "DuplicateAddressPairInRequest",
                                             message: "Request contains duplicate address pair: mac_address \(mac) ip_address \(p.ip)."))
            }
            stored.append(AddressPair(ipAddress: p.ip, macAddress: mac))
        }
        stored.sort {
            $0.macAddress != $1.macAddress
                ? $0.macAddress.utf8.lexicographicallyPrecedes($1.macAddress.utf8)
                : $0.ipAddress.utf8.lexicographicallyPrecedes($1.ipAddress.utf8)
        }
        return .success(stored)
    }

    // MARK: fixed IPs

    struct FixedIPRequest { var subnetID: String?; var ip: IPAddress? }

    static func parseFixedIPs(_ v: JSON) -> Result<[FixedIPRequest], NeutronError> {
        guard let list = v.arrayValue else {
            return .failure(.badRequest("Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: '\(pythonRepr(v))'."))
        }
        var out: [FixedIPRequest] = []
        for e in list {
            guard let o = e.objectValue else {
                return .failure(.badRequest("Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: '\(pythonRepr(e))'."))
            }
            let extra = o.keys.filter { $0 != "subnet_id" && $0 != "ip_address" }
            if !extra.isEmpty {
                return .failure(.badRequest("Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: '\(pythonRepr(e))'."))
            }
            var r = FixedIPRequest()
            if let s = o["subnet_id"] {
                guard let sid = s.stringValue, isUUID(sid) else {
                    return .failure(.badRequest("Invalid input for fixed_ips. Reason: '\(pythonRepr(s))' is not a valid UUID."))
                }
                r.subnetID = sid
            }
            if let i = o["ip_address"] {
                guard let t = i.stringValue, let ip = IPAddress(t) else {
                    return .failure(.badRequest("Invalid input for fixed_ips. Reason: '\(pythonRepr(i))' is not a valid IP address."))
                }
                r.ip = ip
            }
            out.append(r)
        }
        return .success(out)
    }

    /// Resolves requested fixed IPs against the network, allocating where only a subnet is
    /// named. `keep` holds the port's current IPs (an update may keep them).
    /// neutron's `ipam_utils.check_subnet_ip`: IPv4 excludes the network and broadcast
    /// addresses; IPv6 excludes the subnet-router anycast (network) address except for
    /// router and DHCP ports.
    static func checkSubnetIP(_ s: Subnet, _ ip: IPAddress, owner: String) -> Bool {
        guard s.cidr.contains(ip) else { return false }
        if s.ipVersion == 6 { return Neutron.routerOrDHCPOwners.contains(owner) || ip != s.cidr.network }
        return ip != s.cidr.network && (s.cidr.prefix >= 31 || ip != s.cidr.last)
    }

    static let routerOrDHCPOwners: Set<String> = [
        "network:router_interface", "network:ha_router_replicated_interface", "network:router_interface_distributed",
        "network:router_centralized_snat", "network:router_gateway", "network:dhcp",
    ]

    func allocate(_ reqs: [FixedIPRequest], network: Network, keep: [FixedIP], owner: String = "",
                  state: inout CloudState) -> Result<[FixedIP], NeutronError>
    {
        var result: [FixedIP] = []
        var taken: Set<IPAddress> = []
        for r in reqs {
            var subnet: Subnet?
            if let sid = r.subnetID {
                guard let s = state.subnets[sid] else { return .failure(.notFound("Subnet", sid)) }
                guard s.networkID == network.id else {
                    // neutron names the subnet's own network here, not the port's.
                    return .failure(.invalidInput("Failed to create port on network \(s.networkID), because fixed_ips included invalid subnet \(sid)."))
                }
                subnet = s
            }
            if let ip = r.ip {
                if subnet == nil {
                    // ip_address only: the first subnet of the network on which the address is valid.
                    subnet = network.subnetIDs.compactMap { state.subnets[$0] }.first { Neutron.checkSubnetIP($0, ip, owner: owner) }
                    guard subnet != nil else {
                        return .failure(NeutronError(status: 400, type: "InvalidIpForNetwork",
                                                     message: "IP address \(ip) is not a valid IP for any of the subnets on the specified network."))
                    }
                }
                guard let s = subnet else { continue }
                guard Neutron.checkSubnetIP(s, ip, owner: owner) else {
                    return .failure(NeutronError(status: 400, type: "InvalidIpForSubnet",
                                                 message: "IP address \(ip) is not a valid IP for the specified subnet."))
                }
                let mine = keep.contains { $0.subnetID == s.id && $0.ip == ip }
                if (!mine && s.allocated.contains(ip)) || taken.contains(ip) {
                    return .failure(NeutronError(status: 409, type: "IpAddressAlreadyAllocated",
                                                 message: "IP address \(ip) already allocated in subnet \(s.id)"))
                }
                taken.insert(ip)
                result.append(FixedIP(subnetID: s.id, ip: ip))
            } else if let s = subnet {
                if let existing = keep.first(where: { $0.subnetID == s.id && !taken.contains($0.ip) }) {
                    taken.insert(existing.ip)
                    result.append(existing)
                    continue
                }
                guard let ip = nextFree(s, excluding: taken, state: &state) else {
                    return .failure(NeutronError(status: 409, type: "IpAddressGenerationFailure",
                                                 message: "No more IP addresses available on network \(network.id)."))
                }
                taken.insert(ip)
                result.append(FixedIP(subnetID: s.id, ip: ip))
            }
        }
        return .success(result)
    }

    /// Automatic allocation for a port without `fixed_ips`: one address from the first IPv4
    /// subnet that has room, and one from the first IPv6 subnet that has room.
    func allocateDefault(network: Network, state: inout CloudState) -> Result<[FixedIP], NeutronError> {
        let subnets = network.subnetIDs.compactMap { state.subnets[$0] }
        var out: [FixedIP] = []
        for version in [4, 6] {
            let candidates = subnets.filter { $0.ipVersion == version }
            if candidates.isEmpty { continue }
            var got = false
            for s in candidates {
                if let ip = nextFree(s, excluding: [], state: &state) {
                    out.append(FixedIP(subnetID: s.id, ip: ip))
                    got = true
                    break
                }
            }
            if !got {
                return .failure(NeutronError(status: 409, type: "IpAddressGenerationFailure",
                                             message: "No more IP addresses available on network \(network.id)."))
            }
        }
        return .success(out)
    }

    /// Scans the allocation pools from the subnet's cursor; among `allocated.count + taken + 1`
    /// distinct pool addresses one must be free, so the scan is bounded.
    func nextFree(_ s: Subnet, excluding: Set<IPAddress>, state: inout CloudState) -> IPAddress? {
        let total = s.poolSize
        guard total > 0 else { return nil }
        let budget = min(total, UInt128(s.allocated.count + excluding.count + 1))
        var offset = s.cursor % total
        var scanned: UInt128 = 0
        while scanned < budget {
            if let ip = address(in: s.pools, at: offset), !s.allocated.contains(ip), !excluding.contains(ip), ip != s.gatewayIP {
                state.subnets[s.id]?.cursor = (offset + 1) % total
                return ip
            }
            offset = (offset + 1) % total
            scanned += 1
        }
        return nil
    }

    func address(in pools: [AllocationPool], at offset: UInt128) -> IPAddress? {
        var k = offset
        for p in pools {
            if k < p.size { return p.start.adding(k) }
            k -= p.size
        }
        return nil
    }

    /// The attributes a port POST or PUT may carry, validated in neutron's order. Absent
    /// attributes stay nil; `security_groups: null` clears them on update only.
    struct PortFields {
        var strings: [String: String] = [:]
        var adminUp: Bool?
        var portSecurity: Bool?
        var fixedIPs: [FixedIPRequest]?
        var pairs: [(ip: String, mac: String?)]?
        var securityGroups: [String]?
    }

    func parsePortFields(_ o: JSONObject, nullClearsSecurityGroups: Bool) -> Result<PortFields, NeutronError> {
        var f = PortFields()
        for key in ["name", "description", "device_id", "device_owner"] {
            switch Neutron.string(o, key) {
            case .success(let s): if let s { f.strings[key] = s }
            case .failure(let e): return .failure(e)
            }
        }
        switch Neutron.bool(o, "admin_state_up") {
        case .success(let b): f.adminUp = b
        case .failure(let e): return .failure(e)
        }
        switch Neutron.bool(o, "port_security_enabled") {
        case .success(let b): f.portSecurity = b
        case .failure(let e): return .failure(e)
        }
        if let v = o["fixed_ips"] {
            switch Neutron.parseFixedIPs(v) {
            case .success(let r): f.fixedIPs = r
            case .failure(let e): return .failure(e)
            }
        }
        if let v = o["allowed_address_pairs"] {
            switch validatePairs(v) {
            case .success(let r): f.pairs = r
            case .failure(let e): return .failure(e)
            }
        }
        if let sg = o["security_groups"] {
            if sg.isNull {
                if nullClearsSecurityGroups { f.securityGroups = [] }
            } else {
                guard let arr = sg.arrayValue, arr.allSatisfy({ $0.stringValue != nil }) else {
                    return .failure(.badRequest("Invalid input for security_groups. Reason: '\(Neutron.pythonRepr(sg))' is not a list."))
                }
                f.securityGroups = arr.compactMap(\.stringValue)
            }
        }
        return .success(f)
    }

}

import Foundation
