import Foundation

/// Keystone v3: version documents, token issue (password, application credential), validate,
/// revoke, catalog. Error bodies follow keystone 30 (`{"error":{code,message,title}}`).
struct Keystone {
    let config: SimulatorConfig

    static let versionID = "v3.14"
    static let unauthorizedMessage = "The request you have made requires authentication."

    // MARK: errors

    static func error(_ code: Int, _ title: String, _ message: String, identityBase: String? = nil) -> SimResponse {
        var headers: [(String, String)] = [("Vary", "X-Auth-Token")]
        if code == 401, let base = identityBase { headers.append(("WWW-Authenticate", "Keystone uri=\"\(base)/v3\"")) }
        return .json(code, ["error": ["code": .int(code), "message": .string(message), "title": .string(title)]], headers: headers)
    }

    static func unauthorized(_ base: String, _ message: String = unauthorizedMessage) -> SimResponse {
        error(401, "Unauthorized", message, identityBase: base)
    }

    static func badRequest(_ message: String) -> SimResponse { error(400, "Bad Request", message) }

    static func expectingText(_ attr: String, in target: String) -> String {
        "Expecting to find \(attr) in \(target). The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error."
    }

    /// keystone's ValidationError text: "Expecting to find X in Y. The server could not ..."
    static func expecting(_ attr: String, in target: String) -> SimResponse {
        badRequest("Expecting to find \(attr) in \(target). The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.")
    }

    static func notFound(_ message: String) -> SimResponse { error(404, "Not Found", message) }

    static func forbidden(_ rule: String) -> SimResponse {
        error(403, "Forbidden", "You are not authorized to perform the requested action: \(rule).")
    }

    /// Python's repr of a JSON value, as keystone echoes the instance in schema errors.
    static func pythonRepr(_ v: JSON) -> String {
        switch v {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "\\'") + "'"
        case .array(let a): return "[" + a.map(pythonRepr).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.entries.map { "'\($0.key)': " + pythonRepr($0.value) }.joined(separator: ", ") + "}"
        }
    }

    // MARK: documents

    func versionEntry(_ base: String) -> JSON {
        [
            "id": .string(Keystone.versionID), "status": "stable", "updated": "2020-04-07T00:00:00Z",
            "links": [["rel": "self", "href": .string(base + "/v3/")]],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.identity-v3+json"]],
        ]
    }

    func catalog(_ state: CloudState, hostURL: String) -> JSON {
        func service(_ type: String, _ name: String, _ url: String) -> JSON {
            let sid = state.serviceIDs[type] ?? type
            let endpoints: [JSON] = ["public", "internal", "admin"].map { iface in
                [
                    "id": .string(String(format: "%016llx%016llx", (sid + iface).hashValueStable, (iface + sid).hashValueStable)),
                    "interface": .string(iface),
                    "region_id": .string(SimulatorDefaults.region), "url": .string(url),
                    "region": .string(SimulatorDefaults.region),
                ]
            }
            return ["endpoints": .array(endpoints), "id": .string(sid), "type": .string(type), "name": .string(name)]
        }
        var services: [JSON] = [
            service("identity", "keystone", hostURL + Paths.identity + "/v3/"),
            service("network", "neutron", hostURL + Paths.network),
        ]
        if config.computeInCatalog { services.append(service("compute", "nova", hostURL + Paths.compute + "/v2.1")) }
        return .array(services)
    }

    // MARK: dispatch

    func handle(_ req: SimRequest, _ rest: [String], state: inout CloudState, now: Double) -> SimResponse {
        let base = req.hostURL + Paths.identity
        switch (req.method, rest) {
        case ("GET", []), ("HEAD", []):
            return .json(300, ["versions": ["values": [versionEntry(base)]]])
        case ("GET", ["v3"]), ("HEAD", ["v3"]):
            return .json(200, ["version": versionEntry(base)])
        case ("POST", ["v3", "auth", "tokens"]):
            return issue(req, state: &state, now: now, base: base)
        case ("GET", ["v3", "auth", "tokens"]), ("HEAD", ["v3", "auth", "tokens"]):
            return validate(req, state: state, now: now, base: base, head: req.method == "HEAD")
        case ("DELETE", ["v3", "auth", "tokens"]):
            return revoke(req, state: &state, now: now, base: base)
        case ("GET", ["v3", "auth", "catalog"]):
            guard let t = Keystone.authenticate(req, state: state, now: now) else { return Keystone.unauthorized(base) }
            _ = t
            return .json(200, ["catalog": catalog(state, hostURL: req.hostURL), "links": ["self": .string(base + "/v3/auth/catalog")]])
        default:
            if rest == ["v3", "auth", "tokens"] || rest == ["v3", "auth", "catalog"] {
                return .json(405, ["message": "The method is not allowed for the requested URL."], headers: [("Vary", "X-Auth-Token")])
            }
            let html = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n"
            return SimResponse(status: 404, headers: [("Content-Type", "text/html; charset=utf-8"), ("Vary", "X-Auth-Token")], body: Array(html.utf8))
        }
    }

    /// The token in `X-Auth-Token`, if valid now.
    static func authenticate(_ req: SimRequest, state: CloudState, now: Double) -> Token? {
        guard let id = req.header("x-auth-token"), !id.isEmpty else { return nil }
        return valid(id, state: state, now: now)
    }

    static func valid(_ id: String, state: CloudState, now: Double) -> Token? {
        guard let t = state.tokens[id], !state.revokedTokens.contains(id), t.expiresAt > now else { return nil }
        guard let u = state.users[t.userID], u.enabled else { return nil }
        if let p = t.projectID, state.projects[p]?.enabled != true { return nil }
        return t
    }

    // MARK: issue

    func issue(_ req: SimRequest, state: inout CloudState, now: Double, base: String) -> SimResponse {
        let body: JSON
        do { body = try JSON.parse(req.body) } catch {
            return Keystone.expecting("valid JSON", in: "request body")
        }
        guard let auth = body["auth"]?.objectValue else { return Keystone.expecting("auth", in: "request body") }
        guard let identity = auth["identity"]?.objectValue else {
            return Keystone.badRequest(KeystoneSchemaText.missingIdentity(instance: Keystone.pythonRepr(.object(auth))))
        }
        guard let methods = identity["methods"]?.arrayValue, methods.allSatisfy({ $0.stringValue != nil }) else {
            return Keystone.badRequest("Invalid input for field 'identity': 'methods' is a required property")
        }
        let methodNames = methods.compactMap(\.stringValue)
        let supported = ["password", "token", "application_credential"]
        guard !methodNames.isEmpty else { return Keystone.unauthorized(base) }
        if let bad = methodNames.first(where: { !supported.contains($0) }) {
            _ = bad
            return .json(401, ["error": ["code": 401, "identity": ["methods": .strings(supported)],
                                         "message": "Attempted to authenticate with an unsupported method.", "title": "Unauthorized"]],
                         headers: [("Vary", "X-Auth-Token"), ("WWW-Authenticate", "Keystone uri=\"\(base)/v3\"")])
        }
        for m in methodNames where identity[m] == nil { return Keystone.expecting(m, in: "identity") }
        let scope = auth["scope"]

        var userID: String
        var appCred: ApplicationCredential?
        if methodNames.contains("application_credential") {
            guard let ac = identity["application_credential"]?.objectValue else {
                return Keystone.expecting("application_credential", in: "identity")
            }
            if let scope, !scope.isNull {
                return .json(401, ["error": ["code": 401, "identity": [:],
                                             "message": "Error authenticating with application credential: Application credentials cannot request a scope.",
                                             "title": "Unauthorized"]],
                             headers: [("Vary", "X-Auth-Token"), ("WWW-Authenticate", "Keystone uri=\"\(base)/v3\"")])
            }
            guard let secret = ac["secret"]?.stringValue else {
                return Keystone.badRequest(schemaMessage("'secret' is a required property"))
            }
            var found: ApplicationCredential?
            if let id = ac["id"]?.stringValue {
                guard let cred = state.appCredentials[id] else {
                    return Keystone.notFound("Could not find Application Credential: \(id).")
                }
                found = cred
            } else if let name = ac["name"]?.stringValue {
                guard let u = ac["user"]?.objectValue else {
                    return Keystone.expecting("user", in: "application_credential")
                }
                switch resolveUser(u, state: state) {
                case .failure(let f): return f.response(base)
                case .success(let user): found = state.appCredentials.values.first { $0.name == name && $0.userID == user.id }
                }
            } else {
                return Keystone.expecting("id or name", in: "application_credential")
            }
            guard let cred = found, cred.secret == secret, state.users[cred.userID]?.enabled == true else {
                return Keystone.unauthorized(base)
            }
            appCred = cred
            userID = cred.userID
        } else if methodNames.contains("password") {
            guard let pw = identity["password"]?.objectValue, let u = pw["user"]?.objectValue else {
                return Keystone.expecting("user", in: "password")
            }
            let user: User
            switch resolveUser(u, state: state) {
            case .failure(let f): return f.response(base)
            case .success(let found): user = found
            }
            guard let given = u["password"]?.stringValue, given == user.password, user.enabled else {
                return Keystone.unauthorized(base)
            }
            userID = user.id
        } else if methodNames.contains("token") {
            guard let tid = identity["token"]?["id"]?.stringValue, let old = Keystone.valid(tid, state: state, now: now) else {
                return Keystone.unauthorized(base)
            }
            userID = old.userID
            // Re-scoping keeps the old expiry (keystone forbids extending it).
            return finishIssue(state: &state, now: now, base: base, req: req, userID: userID, methods: methodNames,
                               scope: scope, appCred: nil, expiresAt: old.expiresAt)
        } else {
            return Keystone.unauthorized(base)
        }
        return finishIssue(state: &state, now: now, base: base, req: req, userID: userID, methods: methodNames,
                           scope: scope, appCred: appCred, expiresAt: now + config.effectiveTokenTTL)
    }

    private func finishIssue(state: inout CloudState, now: Double, base: String, req: SimRequest, userID: String,
                             methods: [String], scope: JSON?, appCred: ApplicationCredential?, expiresAt: Double) -> SimResponse
    {
        var projectID: String?
        var domainID: String?
        var roleNames: [String] = []
        if let cred = appCred {
            projectID = cred.projectID
            roleNames = cred.roleNames
        } else if let scope, !scope.isNull {
            if let p = scope["project"]?.objectValue {
                switch resolveProject(p, state: state) {
                case .failure(let f): return f.response(base)
                case .success(let proj):
                    roleNames = state.roleNames(user: userID, project: proj.id)
                    guard !roleNames.isEmpty else {
                        return Keystone.unauthorized(base)
                    }
                    projectID = proj.id
                }
            } else if let d = scope["domain"]?.objectValue {
                let dom = d["id"]?.stringValue.flatMap { state.domains[$0] } ?? d["name"]?.stringValue.flatMap { state.domain(named: $0) }
                guard let dom else { return Keystone.unauthorized(base) }
                domainID = dom.id
                roleNames = []
                return Keystone.unauthorized(base)  // no domain role assignments in the simulator
            } else if scope["system"] != nil {
                return Keystone.unauthorized(base)
            } else {
                return Keystone.badRequest(schemaMessage("Additional properties are not allowed"))
            }
        }
        let token = Token(id: IDs.token(huawei: config.isHuawei), userID: userID, projectID: projectID, domainID: domainID,
                          methods: methods, issuedAt: now, expiresAt: expiresAt, auditID: IDs.auditID(),
                          appCredID: appCred?.id, roleNames: roleNames)
        state.tokens[token.id] = token
        let noCatalog = req.query.contains { $0.name == "nocatalog" }
        return .json(201, tokenBody(token, state: state, hostURL: req.hostURL, catalog: !noCatalog),
                     headers: [("X-Subject-Token", token.id), ("Vary", "X-Auth-Token")])
    }

    func tokenBody(_ t: Token, state: CloudState, hostURL: String, catalog withCatalog: Bool) -> JSON {
        var o = JSONObject()
        o.appendUnique("methods", .strings(t.methods))
        if let u = state.users[t.userID] {
            let d = state.domains[u.domainID]
            o.appendUnique("user", [
                "domain": ["id": .string(u.domainID), "name": .str(d?.name)],
                "id": .string(u.id), "name": .string(u.name), "password_expires_at": nil,
            ])
        }
        o.appendUnique("audit_ids", [.string(t.auditID)])
        o.appendUnique("expires_at", .string(Timestamps.micros(t.expiresAt)))
        o.appendUnique("issued_at", .string(Timestamps.micros(t.issuedAt)))
        if let pid = t.projectID, let p = state.projects[pid] {
            o.appendUnique("project", [
                "domain": ["id": .string(p.domainID), "name": .str(state.domains[p.domainID]?.name)],
                "id": .string(p.id), "name": .string(p.name),
            ])
            o.appendUnique("is_domain", false)
            o.appendUnique("roles", .array(t.roleNames.compactMap { name in
                state.roles.values.first { $0.name == name }.map { ["id": .string($0.id), "name": .string($0.name)] }
            }))
            if withCatalog { o.appendUnique("catalog", catalog(state, hostURL: hostURL)) }
        }
        if let ac = t.appCredID, let cred = state.appCredentials[ac] {
            o.appendUnique("application_credential", ["id": .string(cred.id), "name": .string(cred.name), "restricted": .bool(!cred.unrestricted)])
        }
        return ["token": .object(o)]
    }

    func resolveUser(_ u: JSONObject, state: CloudState) -> Result<User, AuthLookupFailure> {
        if let id = u["id"]?.stringValue {
            guard let user = state.users[id] else { return .failure(.unauthorized) }
            return .success(user)
        }
        guard let name = u["name"]?.stringValue else {
            return .failure(.badRequest(Keystone.expectingText("id or name", in: "user")))
        }
        guard let d = u["domain"]?.objectValue else {
            return .failure(.badRequest(Keystone.expectingText("domain", in: "user")))
        }
        let dom = d["id"]?.stringValue.flatMap { state.domains[$0] } ?? d["name"]?.stringValue.flatMap { state.domain(named: $0) }
        guard let dom, dom.enabled, let user = state.user(named: name, domainID: dom.id) else {
            return .failure(.unauthorized)
        }
        return .success(user)
    }

    func resolveProject(_ p: JSONObject, state: CloudState) -> Result<Project, AuthLookupFailure> {
        if let id = p["id"]?.stringValue {
            guard let proj = state.projects[id], proj.enabled else { return .failure(.unauthorized) }
            return .success(proj)
        }
        guard let name = p["name"]?.stringValue else {
            return .failure(.badRequest(Keystone.expectingText("id or name", in: "project")))
        }
        let d = p["domain"]?.objectValue
        if d == nil {
            // Huawei IAM accepts a project named after the region without a domain.
            if config.isHuawei, let proj = state.project(named: name, domainID: nil) { return .success(proj) }
            return .failure(.badRequest(Keystone.expectingText("domain", in: "project")))
        }
        let dom = d?["id"]?.stringValue.flatMap { state.domains[$0] } ?? d?["name"]?.stringValue.flatMap { state.domain(named: $0) }
        guard let dom, let proj = state.project(named: name, domainID: dom.id), proj.enabled else {
            return .failure(.unauthorized)
        }
        return .success(proj)
    }

    func schemaMessage(_ detail: String) -> String {
        "Invalid input for field 'identity': \(detail)"
    }

    // MARK: validate / revoke

    func validate(_ req: SimRequest, state: CloudState, now: Double, base: String, head: Bool) -> SimResponse {
        guard Keystone.authenticate(req, state: state, now: now) != nil else { return Keystone.unauthorized(base) }
        guard let subject = req.header("x-subject-token") else { return Keystone.forbidden("identity:validate_token") }
        guard let t = Keystone.valid(subject, state: state, now: now) else {
            return Keystone.notFound(state.tokens[subject] == nil && !state.revokedTokens.contains(subject)
                ? "Could not recognize Fernet token" : "Failed to validate token")
        }
        let noCatalog = req.query.contains { $0.name == "nocatalog" }
        var r = SimResponse.json(200, tokenBody(t, state: state, hostURL: req.hostURL, catalog: !noCatalog),
                                 headers: [("X-Subject-Token", t.id), ("Vary", "X-Auth-Token")])
        if head { r.body = [] }
        return r
    }

    func revoke(_ req: SimRequest, state: inout CloudState, now: Double, base: String) -> SimResponse {
        guard Keystone.authenticate(req, state: state, now: now) != nil else { return Keystone.unauthorized(base) }
        guard let subject = req.header("x-subject-token") else { return Keystone.forbidden("identity:revoke_token") }
        guard Keystone.valid(subject, state: state, now: now) != nil else {
            return Keystone.notFound(state.tokens[subject] == nil && !state.revokedTokens.contains(subject)
                ? "Could not recognize Fernet token" : "Failed to validate token")
        }
        state.revokedTokens.insert(subject)
        return .empty(204, headers: [("Vary", "X-Auth-Token")])
    }
}

enum AuthLookupFailure: Error {
    case badRequest(String)
    case unauthorized

    func response(_ identityBase: String) -> SimResponse {
        switch self {
        case .badRequest(let m): return Keystone.badRequest(m)
        case .unauthorized: return Keystone.unauthorized(identityBase)
        }
    }
}
extension String {
    /// FNV-1a: stable across runs (Swift's hashValue is seeded per process).
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }
}
