/// Neutron v2.0: versions, extensions, networks, subnets, security groups (read) and ports
/// (see NeutronPorts.swift). Errors are `NeutronError` bodies; every response carries
/// `x-openstack-request-id` (added by the engine).
struct Neutron {
    let config: SimulatorConfig

    struct Context {
        let req: SimRequest
        let token: Token
        let now: Double
        var project: String { token.projectID ?? "" }
    }

    // MARK: dispatch

    func handle(_ req: SimRequest, _ rest: [String], token: Token?, state: inout CloudState, now: Double,
                unauthorized: () -> SimResponse) -> SimResponse
    {
        if rest.isEmpty, req.method == "GET" || req.method == "HEAD" {
            let base = req.base(Paths.network)
            return .json(200, ["versions": [["id": "v2.0", "status": "CURRENT", "links": [["rel": "self", "href": .string(base + "/v2.0/")]]]]])
        }
        guard let token, token.projectID != nil else { return unauthorized() }
        guard rest.first == "v2.0" else {
            return SimResponse(status: 404, headers: [("Content-Type", "text/plain; charset=UTF-8")],
                               body: Array("404 Not Found\n\nThe resource could not be found.\n\n   ".utf8))
        }
        var path = Array(rest.dropFirst())
        if let last = path.last, last.hasSuffix(".json") { path[path.count - 1] = String(last.dropLast(5)) }
        let ctx = Context(req: req, token: token, now: now)
        let result: Result<SimResponse, NeutronError>
        let collection = path.first ?? ""
        let item: String? = path.count == 2 ? path[1] : nil
        if path.count > 2 {
            return NeutronError(status: 404, type: "HTTPNotFound", message: "The resource could not be found.").response
        }
        switch (req.method, collection, item) {
        case ("GET", "", nil) where !req.rawPath.hasSuffix("/"):
            // neutron routes `/v2.0/` but not `/v2.0`
            result = .failure(NeutronError(status: 404, type: "HTTPNotFound", message: "The resource could not be found."))
        case ("GET", "", nil):
            result = .success(.json(200, ["resources": .array(["network", "subnet", "port", "security_group"].map { r in
                let c = r == "security_group" ? "security-groups" : r + "s"
                return ["name": .string(r), "collection": .string(c),
                        "links": [["rel": "self", "href": .string(req.base(Paths.network) + "/v2.0/" + c)]]]
            })]))
        case ("GET", "extensions", nil):
            result = .success(.json(200, ["extensions": .array(NeutronExtensions.list(huawei: config.isHuawei).map(extensionJSON))]))
        case ("GET", "extensions", let alias?):
            if let e = NeutronExtensions.list(huawei: config.isHuawei).first(where: { $0.alias == alias }) {
                result = .success(.json(200, ["extension": extensionJSON(e)]))
            } else {
                result = .success(.json(404, ["code": "404 Not Found", "title": "Not Found",
                                              "message": .string("The resource could not be found.<br /><br />\nExtension with alias \(alias) does not exist\n\n")]))
            }
        case ("GET", "networks", nil): result = listNetworks(ctx, state)
        case ("POST", "networks", nil): result = createNetwork(ctx, &state)
        case ("GET", "networks", let id?): result = showNetwork(ctx, state, id)
        case ("DELETE", "networks", let id?): result = deleteNetwork(ctx, &state, id)
        case ("GET", "subnets", nil): result = listSubnets(ctx, state)
        case ("POST", "subnets", nil): result = createSubnet(ctx, &state)
        case ("GET", "subnets", let id?): result = showSubnet(ctx, state, id)
        case ("DELETE", "subnets", let id?): result = deleteSubnet(ctx, &state, id)
        case ("GET", "security-groups", nil): result = listSecurityGroups(ctx, state)
        case ("GET", "security-groups", let id?): result = showSecurityGroup(ctx, state, id)
        case ("GET", "ports", nil): result = listPorts(ctx, state)
        case ("POST", "ports", nil): result = createPorts(ctx, &state)
        case ("GET", "ports", let id?): result = showPort(ctx, state, id)
        case ("PUT", "ports", let id?): result = updatePort(ctx, &state, id)
        case ("DELETE", "ports", let id?): result = deletePort(ctx, &state, id)
        case ("DELETE", "ports", nil): result = .failure(.notFound("Port", "None"))
        case ("DELETE", "networks", nil): result = .failure(.notFound("Network", "None"))
        case ("DELETE", "subnets", nil): result = .failure(.notFound("Subnet", "None"))
        default:
            if ["networks", "subnets", "ports", "security-groups", "extensions"].contains(collection) {
                result = .failure(NeutronError(status: 405, type: "HTTPMethodNotAllowed",
                                               message: "The server could not comply with the request since it is either malformed or otherwise incorrect."))
            } else {
                result = .failure(NeutronError(status: 404, type: "HTTPNotFound", message: "The resource could not be found."))
            }
        }
        switch result {
        case .success(let r): return r
        case .failure(let e): return e.response
        }
    }

    func extensionJSON(_ e: (alias: String, name: String, description: String, updated: String)) -> JSON {
        ["name": .string(e.name), "alias": .string(e.alias), "description": .string(e.description),
         "updated": .string(e.updated), "links": []]
    }

    // MARK: request bodies

    /// Parses `{"<resource>": {...}}`, with neutron's messages for each way it can be wrong.
    static func body(_ ctx: Context, _ resource: String) -> Result<JSONObject, NeutronError> {
        guard let json = try? JSON.parse(ctx.req.body) else { return .failure(.badRequest("Body contains invalid data")) }
        guard let inner = json[resource] else { return .failure(.badRequest("Unable to find '\(resource)' in request body")) }
        guard let o = inner.objectValue else { return .failure(.badRequest("Object '\(resource)' contains invalid data")) }
        return .success(o)
    }

    /// neutron's `prepare_request_body` order: unknown attributes first (`verify_attributes`),
    /// then, on POST, known attributes that cannot be set ("not allowed in POST"), on PUT the
    /// read-only ones. `readOnly` lists the known attributes that are not writable.
    static func checkAttributes(_ o: JSONObject, allowed: Set<String>, readOnly: Set<String> = [], create: Bool = false) -> NeutronError? {
        let unknown = o.keys.filter { !allowed.contains($0) && !readOnly.contains($0) }
        if !unknown.isEmpty { return .badRequest("Unrecognized attribute(s) '\(unknown.joined(separator: ", "))'") }
        for k in o.keys where readOnly.contains(k) {
            return .badRequest(create ? "Attribute '\(k)' not allowed in POST" : "Cannot update read-only attribute \(k)")
        }
        return nil
    }

    static func string(_ o: JSONObject, _ key: String, max: Int = 255) -> Result<String?, NeutronError> {
        guard let v = o[key] else { return .success(nil) }
        guard case .string(let s) = v else {
            return .failure(.badRequest("Invalid input for \(key). Reason: '\(v.text)' is not a valid string."))
        }
        if s.count > max {
            return .failure(.badRequest("Invalid input for \(key). Reason: '\(s)' exceeds maximum length of \(max)."))
        }
        return .success(s)
    }

    static func bool(_ o: JSONObject, _ key: String) -> Result<Bool?, NeutronError> {
        guard let v = o[key] else { return .success(nil) }
        switch v {
        case .bool(let b): return .success(b)
        case .int(let i) where i == 0 || i == 1: return .success(i == 1)
        case .string(let s):
            if let b = NeutronListing.parseBool(s) { return .success(b) }
            fallthrough
        default:
            return .failure(.badRequest("Invalid input for \(key). Reason: '\(v.text)' cannot be converted to boolean."))
        }
    }

    static func isUUID(_ s: String) -> Bool {
        let hexdigits = s.replacingOccurrences(of: "-", with: "")
        return hexdigits.count == 32 && hexdigits.allSatisfy(\.isHexDigit) && (s.count == 32 || s.count == 36)
    }

    static func ownerOK(_ ctx: Context, _ projectID: String, tenantFields o: JSONObject) -> NeutronError? {
        let p = o["project_id"]?.stringValue
        let t = o["tenant_id"]?.stringValue
        if let p, let t, p != t {
            return .invalidInput("'project_id' and 'tenant_id' do not match")
        }
        if let given = p ?? t, given != projectID {
            return NeutronError(status: 403, type: "HTTPForbidden", message: "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges")
        }
        return nil
    }

    // MARK: networks

    func visible(_ n: Network, _ ctx: Context) -> Bool { n.projectID == ctx.project || n.shared || n.external }

    func networkJSON(_ n: Network) -> JSONObject {
        var o = JSONObject()
        o.appendUnique("id", .string(n.id))
        o.appendUnique("name", .string(n.name))
        o.appendUnique("tenant_id", .string(n.projectID))
        o.appendUnique("project_id", .string(n.projectID))
        o.appendUnique("admin_state_up", .bool(n.adminStateUp))
        o.appendUnique("mtu", .int(n.mtu))
        o.appendUnique("status", "ACTIVE")
        o.appendUnique("subnets", .strings(n.subnetIDs))
        o.appendUnique("shared", .bool(n.shared))
        o.appendUnique("port_security_enabled", .bool(n.portSecurityEnabled))
        o.appendUnique("router:external", .bool(n.external))
        o.appendUnique("vlan_transparent", false)
        o.appendUnique("qinq", false)
        o.appendUnique("availability_zone_hints", [])
        o.appendUnique("availability_zones", [])
        o.appendUnique("ipv4_address_scope", nil)
        o.appendUnique("ipv6_address_scope", nil)
        o.appendUnique("description", .string(n.description))
        o.appendUnique("tags", .strings(n.tags))
        o.appendUnique("created_at", .string(Timestamps.seconds(n.createdAt)))
        o.appendUnique("updated_at", .string(Timestamps.seconds(n.updatedAt)))
        if !config.isHuawei { o.appendUnique("revision_number", .int(n.revision)) }
        return o
    }

    var networkCollection: NeutronCollection<Network> {
        NeutronCollection(
            collection: "networks", resourceName: "Network",
            filterValues: { n, k in
                switch k {
                case "id": return [n.id]
                case "name": return [n.name]
                case "project_id", "tenant_id": return [n.projectID]
                case "admin_state_up": return [n.adminStateUp ? "true" : "false"]
                case "shared": return [n.shared ? "true" : "false"]
                case "router:external": return [n.external ? "true" : "false"]
                case "status": return ["ACTIVE"]
                case "description": return [n.description]
                case "mtu": return [String(n.mtu)]
                case "revision_number": return [String(n.revision)]
                case "tags": return n.tags
                default: return nil
                }
            },
            filterable: ["id", "name", "project_id", "tenant_id", "admin_state_up", "shared", "router:external", "status",
                         "description", "mtu", "revision_number", "tags", "tags-any", "not-tags", "not-tags-any"],
            sortable: ["id", "name", "project_id", "tenant_id", "admin_state_up", "shared", "status", "mtu"],
            sortValue: { n, k in
                switch k {
                case "name": return .string(n.name)
                case "project_id", "tenant_id": return .string(n.projectID)
                case "admin_state_up": return .bool(n.adminStateUp)
                case "shared": return .bool(n.shared)
                case "mtu": return .int(n.mtu)
                case "status": return .string("ACTIVE")
                default: return .string(n.id)
                }
            },
            id: { $0.id }, render: networkJSON,
            booleanAttributes: ["admin_state_up", "shared", "router:external"], integerAttributes: ["mtu", "revision_number"],
            customFilter: { k, v in Neutron.tagFilter(k, v, tags: { $0.tags }) })
    }

    static func tagFilter<T>(_ key: String, _ values: [String], tags: @escaping (T) -> [String]) -> Result<((T) -> Bool)?, NeutronError> {
        let wanted = Set(values.flatMap { $0.split(separator: ",").map(String.init) })
        switch key {
        case "tags": return .success { Set(tags($0)).isSuperset(of: wanted) }
        case "tags-any": return .success { !Set(tags($0)).isDisjoint(with: wanted) }
        case "not-tags": return .success { !Set(tags($0)).isSuperset(of: wanted) }
        case "not-tags-any": return .success { Set(tags($0)).isDisjoint(with: wanted) }
        default: return .success(nil)
        }
    }

    func listNetworks(_ ctx: Context, _ state: CloudState) -> Result<SimResponse, NeutronError> {
        let items = state.networks.values.filter { visible($0, ctx) }.sorted { $0.id < $1.id }
        return NeutronListing.list(ctx.req, networkCollection, items: items, maxLimit: config.effectivePaginationMaxLimit,
                                   lookup: { id in state.networks[id].flatMap { visible($0, ctx) ? $0 : nil } })
            .map { .json(200, $0) }
    }

    func showNetwork(_ ctx: Context, _ state: CloudState, _ id: String) -> Result<SimResponse, NeutronError> {
        guard let n = state.networks[id], visible(n, ctx) else { return .failure(.notFound("Network", id)) }
        return .success(.json(200, ["network": .object(NeutronListing.applyFields(ctx.req, networkJSON(n)))]))
    }

    func createNetwork(_ ctx: Context, _ state: inout CloudState) -> Result<SimResponse, NeutronError> {
        let o: JSONObject
        switch Neutron.body(ctx, "network") {
        case .success(let b): o = b
        case .failure(let e): return .failure(e)
        }
        let allowed: Set<String> = ["name", "admin_state_up", "shared", "port_security_enabled", "description", "mtu",
                                    "project_id", "tenant_id", "tags", "availability_zone_hints", "router:external"]
        if let e = Neutron.checkAttributes(o, allowed: allowed) { return .failure(e) }
        if let e = Neutron.ownerOK(ctx, ctx.project, tenantFields: o) { return .failure(e) }
        var n = Network(id: state.newUUID(), name: "", projectID: ctx.project, createdAt: ctx.now, updatedAt: ctx.now)
        switch Neutron.string(o, "name") {
        case .success(let s): n.name = s ?? ""
        case .failure(let e): return .failure(e)
        }
        switch Neutron.string(o, "description") {
        case .success(let s): n.description = s ?? ""
        case .failure(let e): return .failure(e)
        }
        for key in ["admin_state_up", "port_security_enabled", "shared", "router:external"] {
            switch Neutron.bool(o, key) {
            case .success(let b?):
                switch key {
                case "admin_state_up": n.adminStateUp = b
                case "port_security_enabled": n.portSecurityEnabled = b
                default:
                    if b { return .failure(NeutronError(status: 403, type: "PolicyNotAuthorized",
                                                        message: "(rule:create_network and rule:create_network:\(key)) is disallowed by policy")) }
                }
            case .success(nil): break
            case .failure(let e): return .failure(e)
            }
        }
        if let m = o["mtu"] {
            guard let v = m.intValue, v >= 68 else { return .failure(.badRequest("Invalid input for mtu. Reason: '\(m.text)' is not an integer.")) }
            n.mtu = v
        }
        if let t = o["tags"]?.arrayValue { n.tags = t.compactMap(\.stringValue) }
        state.networks[n.id] = n
        _ = state.defaultSecurityGroup(project: ctx.project, now: ctx.now)
        return .success(.json(201, ["network": .object(networkJSON(n))]))
    }

    func deleteNetwork(_ ctx: Context, _ state: inout CloudState, _ id: String) -> Result<SimResponse, NeutronError> {
        guard let n = state.networks[id], visible(n, ctx) else { return .failure(.notFound("Network", id)) }
        guard n.projectID == ctx.project else {
            return .failure(NeutronError(status: 403, type: "PolicyNotAuthorized", message: "(rule:delete_network) is disallowed by policy"))
        }
        let inUse = state.portOrder.filter { state.ports[$0]?.networkID == id }
        if !inUse.isEmpty {
            return .failure(NeutronError(status: 409, type: "NetworkInUse",
                                         message: "Unable to complete operation on network \(id). There are one or more ports still in use on the network, id for these ports is: \(inUse.joined(separator: ","))."))
        }
        for s in n.subnetIDs { state.subnets[s] = nil }
        state.networks[id] = nil
        return .success(.empty(204))
    }

}
