/// Nova v2.1 (read side): versions with the microversion range, servers (list, detail, show)
/// and `os-interface`, under `/v2.1/...`, `/v2.1/{project_id}/...` and `/v2/{project_id}/...`.
/// A server's NICs are the Neutron ports whose `device_id` is the server: one source of truth.
struct Nova {
    let config: SimulatorConfig
    static let minVersion = (2, 1)
    static let maxVersion = (2, 104)
    /// The statuses nova's `task_and_vm_state_from_status` knows.
    static let knownStatuses: Set<String> = [
        "ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED", "REBOOT", "REBUILD",
        "RESCUE", "RESIZE", "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF", "SOFT_DELETED", "SUSPENDED",
        "UNKNOWN", "VERIFY_RESIZE",
    ]

    static func fault(_ status: Int, _ name: String, _ message: String) -> SimResponse {
        .json(status, [name: ["code": .int(status), "message": .string(message)]])
    }

    func versionEntry(_ id: String, _ base: String) -> JSON {
        if id == "v2.0" {
            return ["id": "v2.0", "status": "SUPPORTED", "version": "", "min_version": "", "updated": "2011-01-21T11:33:21Z",
                    "links": [["rel": "self", "href": .string(base + "/v2/")]]]
        }
        return ["id": "v2.1", "status": "CURRENT", "version": .string("\(Nova.maxVersion.0).\(Nova.maxVersion.1)"),
                "min_version": "2.1", "updated": "2013-07-23T11:33:21Z",
                "links": [["rel": "self", "href": .string(base + "/v2.1/")]]]
    }

    /// The requested microversion, or a 406/400 response.
    func microversion(_ req: SimRequest) -> Result<(Int, Int), NovaFailure> {
        var requested: String?
        if let h = req.header("openstack-api-version") {
            let parts = h.split(separator: " ")
            if parts.count == 2, parts[0].lowercased() == "compute" { requested = String(parts[1]) }
        }
        if requested == nil { requested = req.header("x-openstack-nova-api-version") }
        guard let r = requested else { return .success(Nova.minVersion) }
        if r.lowercased() == "latest" { return .success(Nova.maxVersion) }
        let nums = r.split(separator: ".").compactMap { Int($0) }
        guard nums.count == 2 else {
            return .failure(NovaFailure(response: Nova.fault(400, "badRequest", "API Version String \(r) is of invalid format. Must be of format MajorNum.MinorNum.")))
        }
        let v = (nums[0], nums[1])
        if v < Nova.minVersion || v > Nova.maxVersion {
            return .failure(NovaFailure(response: Nova.fault(406, "computeFault",
                                       "Version \(r) is not supported by the API. Minimum is \(Nova.minVersion.0).\(Nova.minVersion.1) and maximum is \(Nova.maxVersion.0).\(Nova.maxVersion.1).")))
        }
        return .success(v)
    }

    func handle(_ req: SimRequest, _ rest: [String], token: Token?, state: CloudState, now: Double,
                unauthorized: () -> SimResponse) -> SimResponse
    {
        let base = req.base(Paths.compute)
        if rest.isEmpty, req.method == "GET" {
            return .json(200, ["versions": [versionEntry("v2.0", base), versionEntry("v2.1", base)]])
        }
        if rest == ["v2.1"] || rest == ["v2"], req.method == "GET" {
            var v = versionEntry(rest[0], base).objectValue ?? JSONObject()
            v["media-types"] = [["base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"]]
            return .json(200, ["version": .object(v)])
        }
        if rest.first == "v1" {
            guard let token, let project = token.projectID else { return unauthorized() }
            return ecsV1(req, Array(rest.dropFirst()), project: project, state: state)
        }
        guard let first = rest.first, first == "v2.1" || first == "v2" else {
            return Nova.fault(404, "itemNotFound", "The resource could not be found.")
        }
        guard let token, let project = token.projectID else { return unauthorized() }
        let version: (Int, Int)
        switch microversion(req) {
        case .success(let v): version = v
        case .failure(let f): return f.response
        }
        var path = Array(rest.dropFirst())
        // Optional project id in the path: must be the token's project.
        if let p = path.first, p != "servers", p != "flavors", p != "images" {
            guard p == project else {
                return Nova.fault(400, "badRequest", "Malformed request URL: URL's project_id '\(p)' doesn't match Context's project_id '\(project)'")
            }
            path.removeFirst()
        } else if first == "v2" {
            return Nova.fault(404, "itemNotFound", "The resource could not be found.")
        }
        let linkBase = base + "/" + first + (rest.count > 1 && rest[1] == project ? "/" + project : "")
        var response: SimResponse
        let p0 = path.first ?? "", p1 = path.count > 1 ? path[1] : nil
        let p2 = path.count > 2 ? path[2] : nil, p3 = path.count > 3 ? path[3] : nil
        func withServer(_ id: String, _ body: (Server) -> SimResponse) -> SimResponse {
            guard let s = state.servers[id], s.projectID == project else {
                return Nova.fault(404, "itemNotFound", "Instance \(id) could not be found.")
            }
            return body(s)
        }
        switch (req.method, p0, p1, p2, p3, path.count) {
        case ("GET", "servers", nil, nil, nil, 1):
            response = list(req, state, project: project, detail: false, version: version, linkBase: linkBase)
        case ("GET", "servers", "detail"?, nil, nil, 2):
            response = list(req, state, project: project, detail: true, version: version, linkBase: linkBase)
        case ("GET", "servers", let id?, nil, nil, 2):
            response = withServer(id) { .json(200, ["server": .object(serverDetail($0, state, version: version, linkBase: linkBase))]) }
        case ("GET", "servers", let id?, "os-interface"?, nil, 3):
            response = withServer(id) { .json(200, ["interfaceAttachments": .array(interfaces($0, state, version: version).map(JSON.object))]) }
        case ("GET", "servers", let id?, "os-interface"?, let portID?, 4):
            response = withServer(id) { s in
                guard let att = interfaces(s, state, version: version).first(where: { $0["port_id"]?.stringValue == portID }) else {
                    return Nova.fault(404, "itemNotFound", "Port \(portID) is not attached")
                }
                return .json(200, ["interfaceAttachment": .object(att)])
            }
        case (_, "servers", _, _, nil, 1...3):
            response = Nova.fault(405, "computeFault", "The method specified is not allowed for this resource.")
        default:
            response = Nova.fault(404, "itemNotFound", "The resource could not be found.")
        }
        let v = "\(version.0).\(version.1)"
        response.addHeader("OpenStack-API-Version", "compute \(v)")
        response.addHeader("X-OpenStack-Nova-API-Version", v)
        response.addHeader("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version")
        return response
    }

    // MARK: ECS v1

    /// ECS v1 `GET /v1/{project_id}/cloudservers/{id}/os-interface` (the NIC list Huawei
    /// recommends over the Nova-style one): `interfaceAttachments` + `attachableQuantity`.
    /// ECS error bodies are `{"error": {"code": "Ecs.xxxx", "message": ...}}`; the codes used
    /// here (Ecs.0114 no such server, Ecs.0005 bad project) and `free_nic` = 12 minus the NICs
    /// are ASSUMED.
    func ecsV1(_ req: SimRequest, _ path: [String], project: String, state: CloudState) -> SimResponse {
        func ecsError(_ status: Int, _ code: String, _ message: String) -> SimResponse {
            .json(status, ["error": ["code": .string(code), "message": .string(message)]])
        }
        guard path.count == 4, path[1] == "cloudservers", path[3] == "os-interface" else {
            return ecsError(404, "Ecs.0000", "The resource could not be found.")
        }
        guard path[0] == project else {
            return ecsError(400, "Ecs.0005", "Invalid project_id \(path[0]) in the URL.")
        }
        guard req.method == "GET" else { return ecsError(405, "Ecs.0000", "The method is not allowed for this resource.") }
        guard let s = state.servers[path[2]], s.projectID == project else {
            return ecsError(404, "Ecs.0114", "Instance[\(path[2])] could not be found.")
        }
        let nics = interfaces(s, state, version: Nova.minVersion).map { o -> JSON in
            var nic = o
            nic.appendUnique("delete_on_termination", false)
            return .object(nic)
        }
        return .json(200, ["interfaceAttachments": .array(nics), "attachableQuantity": ["free_nic": .int(max(0, 12 - nics.count))]])
    }

    // MARK: servers

    func links(_ s: Server, _ linkBase: String) -> JSON {
        let bookmark = linkBase.replacingOccurrences(of: "/v2.1", with: "").replacingOccurrences(of: "/v2/", with: "/")
        return [["rel": "self", "href": .string(linkBase + "/servers/" + s.id)],
                ["rel": "bookmark", "href": .string(bookmark + "/servers/" + s.id)]]
    }

    func list(_ req: SimRequest, _ state: CloudState, project: String, detail: Bool, version: (Int, Int), linkBase: String) -> SimResponse {
        var limit: Int?
        if let l = req.queryValue("limit") {
            guard let n = Int(l), n >= 0 else {
                return Nova.fault(400, "badRequest", "Invalid input for query parameters limit. Value: \(l). '\(l)' does not match '^[0-9]*$'")
            }
            limit = n
        }
        let names = req.queryValues("name")
        let statuses = req.queryValues("status").map { $0.uppercased() }
        // Statuses nova does not know match nothing; when none is known the answer is an empty
        // list up to 2.37 and 400 from 2.38.
        if version >= (2, 38), !statuses.isEmpty, !statuses.contains(where: Nova.knownStatuses.contains) {
            return Nova.fault(400, "badRequest", "Invalid status value")
        }
        // Newest first, as nova orders by created_at desc (id desc breaks ties).
        var matching: [Server] = []
        for id in state.serverOrder.reversed() {
            guard let s = state.servers[id], s.projectID == project else { continue }
            if !statuses.isEmpty, !statuses.contains(s.status) { continue }
            // nova treats `name` as a regular expression (search, not full match).
            if let n = names.last, s.name.range(of: n, options: .regularExpression) == nil { continue }
            matching.append(s)
        }
        if let marker = req.queryValue("marker") {
            guard let i = matching.firstIndex(where: { $0.id == marker }) else {
                return Nova.fault(400, "badRequest", "marker [\(marker)] not found")
            }
            matching = Array(matching[(i + 1)...])
        }
        let maxLimit = 1000
        let effective = min(limit ?? maxLimit, maxLimit)
        let page = Array(matching.prefix(effective))
        var body = JSONObject()
        body.appendUnique("servers", .array(page.map { s in
            if detail { return .object(serverDetail(s, state, version: version, linkBase: linkBase)) }
            return ["id": .string(s.id), "links": links(s, linkBase), "name": .string(s.name)]
        }))
        if page.count == effective, effective > 0, let last = page.last, limit != nil || matching.count > maxLimit {
            var params = req.query.filter { $0.name != "marker" }
            params.append(("marker", last.id))
            let path = linkBase + "/servers" + (detail ? "/detail" : "")
            body.appendUnique("servers_links", [["rel": "next", "href": .string(path + "?" + URLEncoding.encode(params))]])
        }
        return .json(200, .object(body))
    }

    func serverPorts(_ s: Server, _ state: CloudState) -> [Port] {
        (state.portsByDevice[s.id] ?? []).compactMap { state.ports[$0] }.sorted { $0.createdAt < $1.createdAt || ($0.createdAt == $1.createdAt && $0.id < $1.id) }
    }

    func interfaces(_ s: Server, _ state: CloudState, version: (Int, Int)) -> [JSONObject] {
        serverPorts(s, state).map { p in
            var o = JSONObject()
            o.appendUnique("port_state", .string(p.status))
            o.appendUnique("fixed_ips", .array(p.fixedIPs.map { ["subnet_id": .string($0.subnetID), "ip_address": .string($0.ip.description)] }))
            o.appendUnique("port_id", .string(p.id))
            o.appendUnique("net_id", .string(p.networkID))
            o.appendUnique("mac_addr", .string(p.macAddress))
            if version >= (2, 70) { o.appendUnique("tag", nil) }
            return o
        }
    }

    func serverDetail(_ s: Server, _ state: CloudState, version: (Int, Int), linkBase: String) -> JSONObject {
        var addresses = JSONObject()
        for p in serverPorts(s, state) {
            let key = config.isHuawei ? p.networkID : (state.networks[p.networkID]?.name ?? p.networkID)
            var list = addresses[key]?.arrayValue ?? []
            for f in p.fixedIPs {
                var a = JSONObject()
                a.appendUnique("version", .int(f.ip.version))
                a.appendUnique("addr", .string(f.ip.description))
                a.appendUnique("OS-EXT-IPS:type", "fixed")
                a.appendUnique("OS-EXT-IPS-MAC:mac_addr", .string(p.macAddress))
                if config.isHuawei { a.appendUnique("OS-EXT-IPS:port_id", .string(p.id)) }
                list.append(.object(a))
            }
            addresses[key] = .array(list)
        }
        var o = JSONObject()
        o.appendUnique("id", .string(s.id))
        o.appendUnique("name", .string(s.name))
        o.appendUnique("status", .string(s.status))
        o.appendUnique("tenant_id", .string(s.projectID))
        o.appendUnique("user_id", .string(s.userID))
        o.appendUnique("metadata", .object(JSONObject(s.metadata.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })))
        o.appendUnique("hostId", .string(s.hostID))
        o.appendUnique("image", ["id": .string(s.imageID), "links": [["rel": "bookmark", "href": .string(linkBase + "/images/" + s.imageID)]]])
        if version >= (2, 47) {
            o.appendUnique("flavor", ["vcpus": 1, "ram": 2048, "disk": 20, "ephemeral": 0, "swap": 0,
                                      "original_name": .string(s.flavorName), "extra_specs": [:]])
        } else {
            o.appendUnique("flavor", ["id": .string(s.flavorID), "links": [["rel": "bookmark", "href": .string(linkBase + "/flavors/" + s.flavorID)]]])
        }
        o.appendUnique("created", .string(Timestamps.seconds(s.createdAt)))
        o.appendUnique("updated", .string(Timestamps.seconds(s.updatedAt)))
        o.appendUnique("addresses", .object(addresses))
        o.appendUnique("accessIPv4", "")
        o.appendUnique("accessIPv6", "")
        o.appendUnique("links", links(s, linkBase))
        o.appendUnique("OS-DCF:diskConfig", "MANUAL")
        o.appendUnique("progress", 0)
        o.appendUnique("OS-EXT-AZ:availability_zone", .string(s.availabilityZone))
        o.appendUnique("config_drive", "")
        o.appendUnique("key_name", .str(s.keyName))
        o.appendUnique("OS-SRV-USG:launched_at", .string(Timestamps.micros(s.createdAt + 5).replacingOccurrences(of: "Z", with: "")))
        o.appendUnique("OS-SRV-USG:terminated_at", nil)
        o.appendUnique("OS-EXT-STS:task_state", nil)
        o.appendUnique("OS-EXT-STS:vm_state", .string(s.status == "SHUTOFF" ? "stopped" : s.status.lowercased()))
        o.appendUnique("OS-EXT-STS:power_state", .int(s.status == "ACTIVE" ? 1 : 4))
        o.appendUnique("os-extended-volumes:volumes_attached", [])
        o.appendUnique("security_groups", [["name": "default"]])
        if version >= (2, 9) { o.appendUnique("locked", false) }
        if version >= (2, 19) { o.appendUnique("description", nil) }
        if version >= (2, 26) { o.appendUnique("tags", []) }
        if version >= (2, 63) { o.appendUnique("trusted_image_certificates", nil) }
        if version >= (2, 71) { o.appendUnique("server_groups", []) }
        if version >= (2, 73) { o.appendUnique("locked_reason", nil) }
        if version >= (2, 96) { o.appendUnique("pinned_availability_zone", nil) }
        return o
    }
}

struct NovaFailure: Error {
    let response: SimResponse
}
