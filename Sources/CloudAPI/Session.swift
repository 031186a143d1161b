import Foundation
import L10n

/// The shared client session: config -> Keystone auth -> catalog -> endpoints -> requests.
/// Re-auth lives here and nowhere else: proactively when the token expires within 120 s, and
/// once on a 401 (then one retry, then a clear error). The token is kept in memory only.
public actor CloudSession {
    public enum Service: String, Sendable {
        case identity, network, compute
    }

    public struct Identity: Sendable, Equatable {
        public let userID: String
        public let userName: String
        public let projectID: String?
        public let projectName: String?
        public let expiresAt: Date
    }

    public nonisolated let config: CloudConfig
    /// Answers read only after a repair (invalid UTF-8): one line each, for stderr or the
    /// status line.
    public nonisolated let notices = CloudNotices()
    let transport: any HTTPTransport
    let debugLog: DebugLog?
    private var token: String?
    var identity: Identity?
    private var catalog = ServiceCatalog(services: [])
    private var authInFlight: Task<Void, any Error>?
    private var endpointCache: [Service: String] = [:]
    /// AK/SK: whether the first request was accepted (then the reads may go in parallel), and
    /// the gateway's refusal once one came (then nothing more is sent: five failures in a row
    /// lock the AK for five minutes).
    var accessKeyAccepted = false
    var accessKeyRefusal: CloudError?
    /// How many times this session authenticated (tests and the debug log use it).
    public private(set) var authCount = 0
    /// Read-only mode: every request other than a GET or HEAD (and keystone's
    /// `POST /auth/tokens`) is refused here, before it reaches the transport.
    public private(set) var readOnly: Bool

    static let minTokenLife: TimeInterval = 120

    public init(config: CloudConfig, transport: any HTTPTransport, debugLog: DebugLog? = nil, readOnly: Bool = false) {
        self.config = config
        self.transport = transport
        self.debugLog = debugLog
        self.readOnly = readOnly
        if case .password(_, let pw?) = config.auth { debugLog?.addSecret(pw) }
        if case .applicationCredential(_, _, _, let secret) = config.auth { debugLog?.addSecret(secret) }
        if let key = config.auth.accessKey {
            debugLog?.addSecret(key.secretKey)
            if let t = key.securityToken { debugLog?.addSecret(t) }
        }
    }

    public func shutdown() async { await transport.shutdown() }

    /// Turns read-only mode on or off (see `readOnly`).
    public func setReadOnly(_ on: Bool) { readOnly = on }

    public var currentIdentity: Identity? { identity }

    // MARK: auth

    /// Authenticates now unless a token with more than 120 s left is held.
    public func ensureAuthenticated() async throws(CloudError) {
        if config.auth.accessKey != nil {
            if let refusal = accessKeyRefusal { throw refusal }
            if accessKeyAccepted { return }
        } else if let id = identity, token != nil, id.expiresAt.timeIntervalSinceNow > CloudSession.minTokenLife {
            return
        }
        try await reauthenticate()
    }

    /// Drops the token and authenticates again (deduplicated across concurrent callers).
    public func reauthenticate() async throws(CloudError) {
        if let t = authInFlight {
            do { try await t.value } catch { throw CloudSession.asCloudError(error) }
            return
        }
        let task = Task { try await self.performAuth() }
        authInFlight = task
        defer { authInFlight = nil }
        do { try await task.value } catch { throw CloudSession.asCloudError(error) }
    }

    public static func asCloudError(_ e: any Error) -> CloudError {
        (e as? CloudError) ?? .transport(TransportFailure(kind: .other, url: "", detail: String(describing: e)))
    }

    private func performAuth() async throws(CloudError) {
        if let key = config.auth.accessKey {
            try await firstSignedRequest(key)
            authCount += 1
            return
        }
        token = nil
        endpointCache = [:]
        let url = EndpointBase.trimSlash(config.authURL) + "/auth/tokens"
        let body = KeystoneAuth.requestBody(config)
        let req = APIRequest(method: "POST", url: url,
                             headers: [("Content-Type", "application/json"), ("Accept", "application/json"),
                                       ("User-Agent", VipctlVersion.userAgent), ("X-OpenStack-Request-ID", CloudSession.newRequestID())],
                             body: body, service: "identity")
        let resp = try await send(req)
        guard resp.status == 201, let t = resp.header("X-Subject-Token"), !t.isEmpty else {
            if let hint = KeystoneAuth.missingVersionHint(authURL: config.authURL, resp) { throw hint }
            throw CloudSession.failure(req, resp)
        }
        debugLog?.addSecret(t)
        let parsed: KeystoneAuth.TokenBody
        do { parsed = try JSONDecoder().decode(KeystoneAuth.TokenBody.self, from: Data(resp.body)) } catch {
            if let hint = KeystoneAuth.missingVersionHint(authURL: config.authURL, resp) { throw hint }
            let u = UndecodableBody.describing(resp, url: url, error: error)
            throw .undecodable(UndecodableBody(url: u.url, status: u.status, contentType: u.contentType,
                                               reasonText: .err(.reasonNotKeystone, u.reasonText), requestID: u.requestID,
                                               service: u.service, method: u.method))
        }
        let info = parsed.token
        token = t
        catalog = ServiceCatalog(services: info.catalog ?? [])
        identity = Identity(userID: info.user.id, userName: info.user.name ?? info.user.id, projectID: info.project?.id,
                            projectName: info.project?.name, expiresAt: KeystoneAuth.parseDate(info.expiresAt) ?? Date().addingTimeInterval(3600))
        authCount += 1
    }

    // MARK: endpoints

    public func endpoint(_ service: Service) async throws(CloudError) -> String {
        if let cached = endpointCache[service] { return cached }
        let base: String
        if service == .identity {
            base = EndpointBase.trimSlash(config.authURL)
        } else {
            // AK/SK has no catalog: nothing to sign in for before the address is known.
            if config.auth.accessKey == nil { try await ensureAuthenticated() }
            guard let found = EndpointResolver.resolve(service, config, catalog: catalog) else {
                if config.auth.accessKey != nil {
                    throw .config(ConfigError(key: service.rawValue + "_endpoint_override",
                                              text: .ak(.noEndpoint, service.rawValue,
                                                        "https://\(EndpointResolver.hostService(service)).REGION.\(EndpointResolver.domain(config))")))
                }
                throw .noEndpoint(service: service.rawValue, interface: config.interface, region: config.regionName)
            }
            switch service {
            case .network: base = EndpointBase.network(found.url, override: found.isOverride)
            case .compute:
                base = EndpointBase.compute(found.url, projectID: identity?.projectID ?? config.project?.id, override: found.isOverride)
            case .identity: base = found.url
            }
        }
        endpointCache[service] = base
        return base
    }

    /// Whether the cloud has a compute service (else NICs come from Neutron).
    public func hasEndpoint(_ service: Service) async throws(CloudError) -> Bool {
        if config.auth.accessKey != nil {
            return service == .identity || EndpointResolver.resolve(service, config, catalog: nil) != nil
        }
        do {
            _ = try await endpoint(service)
            return true
        } catch {
            if case .noEndpoint = error { return false }
            throw error
        }
    }

    // MARK: requests

    /// Sends a request to `service` at `path` (relative to its endpoint) or an absolute URL
    /// (pagination links), with the token, re-auth and one retry on 401.
    public func request(_ service: Service, _ method: String, _ pathOrURL: String, query: [(String, String)] = [],
                        body: [UInt8]? = nil, headers: [(String, String)] = []) async throws(CloudError) -> APIResponse
    {
        try await ensureAuthenticated()
        var url = pathOrURL.hasPrefix("http://") || pathOrURL.hasPrefix("https://") ? pathOrURL : try await endpoint(service) + pathOrURL
        if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + QueryEncoding.encode(query) }
        var attempt = 0
        var retries = 0
        while true {
            var h: [(String, String)] = [("Accept", "application/json"), ("User-Agent", VipctlVersion.userAgent),
                                         ("X-OpenStack-Request-ID", CloudSession.newRequestID())]
            if let token { h.append(("X-Auth-Token", token)) }
            if body != nil { h.append(("Content-Type", "application/json")) }
            h += headers
            let req = APIRequest(method: method, url: url, headers: h, body: body, service: service.rawValue)
            let resp: APIResponse
            do {
                resp = try await send(req)
            } catch {
                if retryable(method, error: error, retries: &retries) { try await CloudSession.backoff(retries); continue }
                throw error
            }
            if resp.status == 401, let key = config.auth.accessKey {
                // Never again with AK/SK: a wrong key must cost one failure, not one per retry.
                let refusal = CloudSession.accessKeyFailure(req, resp, key: key, projectID: config.project?.id, now: Date())
                accessKeyRefusal = refusal
                throw refusal
            }
            if resp.status == 401 && attempt == 0 {
                attempt += 1
                try await reauthenticate()
                continue
            }
            if resp.status >= 400 || (300..<400).contains(resp.status) {
                let failure = CloudSession.failure(req, resp)
                if retryable(method, error: failure, retries: &retries) { try await CloudSession.backoff(retries); continue }
                throw failure
            }
            return resp
        }
    }

    /// How many times a GET or HEAD is sent again after a 5xx or a reset connection (reads
    /// are idempotent; writes are never re-sent here: the executor first reads whether they
    /// happened). Timeouts and refused connections are not retried: they would only wait again.
    public private(set) var readRetries = 5

    public func setReadRetries(_ n: Int) { readRetries = max(0, n) }

    private func retryable(_ method: String, error: CloudError, retries: inout Int) -> Bool {
        guard method == "GET" || method == "HEAD", retries < readRetries else { return false }
        let again: Bool
        switch error {
        case .transport(let t): again = t.kind == .reset || t.kind == .other
        case .http(let f): again = [500, 502, 503, 504].contains(f.status)
        case .undecodable(let u): again = u.status >= 500
        default: again = false
        }
        if again { retries += 1 }
        return again
    }

    /// Full jitter: a random wait up to 50 ms · 2^n, at most 1 s.
    static func backoff(_ n: Int) async throws(CloudError) {
        let cap = min(1000.0, 50.0 * Double(1 << min(n, 10)))
        do { try await Task.sleep(for: .milliseconds(Int(Double.random(in: cap / 4...cap)))) } catch {
            throw .transport(TransportFailure(kind: .other, url: "", detail: TransportFailure.cancelled))
        }
    }

    func send(_ req: APIRequest) async throws(CloudError) -> APIResponse {
        // The one place every request passes: in read-only mode nothing mutating leaves here.
        if readOnly && !CloudSession.allowedWhenReadOnly(req) {
            throw CloudError.readOnly(method: req.method, path: CloudSession.displayPath(req.url))
        }
        let start = Date()
        var req = req
        if let key = config.auth.accessKey {
            req = CloudSession.signed(req, key: key, projectID: config.project?.id, region: config.regionName, date: start)
        }
        do {
            let transport = self.transport
            let sending = req
            var resp = try await RoundTripMeter.sending { () async throws(CloudError) -> APIResponse in try await transport.send(sending) }
            debugLog?.log(req, response: resp, error: nil, seconds: Date().timeIntervalSince(start))
            let path = CloudSession.displayPath(req.url)
            resp.service = req.service
            resp.method = req.method
            resp.path = path
            if !resp.body.isEmpty, let fixed = UTF8Repair.repair(resp.body) {
                resp.body = fixed.bytes
                let name = HTTPFailure(service: req.service, method: req.method, path: path, status: resp.status, type: nil, message: nil,
                                       requestID: nil).serviceName
                notices.post(.err(fixed.invalidBytes == 1 ? .invalidUTF8One : .invalidUTF8Many, name, req.method, path, fixed.invalidBytes))
            }
            return resp
        } catch {
            debugLog?.log(req, response: nil, error: error, seconds: Date().timeIntervalSince(start))
            throw error
        }
    }

    static func newRequestID() -> String { "req-" + UUID().uuidString.lowercased() }

    /// GET and HEAD anywhere, and keystone's token issue (`POST .../auth/tokens`).
    static func allowedWhenReadOnly(_ req: APIRequest) -> Bool {
        let m = req.method.uppercased()
        if m == "GET" || m == "HEAD" { return true }
        if m == "POST" && req.service == "identity" {
            let path = URLComponents(string: req.url)?.path ?? req.url
            return path.hasSuffix("/auth/tokens")
        }
        return false
    }

    /// The request's path without the query, from the API version on when there is one
    /// (`/v2.0/ports/ID` rather than `/networking/v2.0/ports/ID`).
    static func displayPath(_ url: String) -> String {
        let path = URLComponents(string: url)?.path ?? String(url.prefix { $0 != "?" })
        for marker in ["/v2.0/", "/v2.1/", "/v3/", "/v2/"] {
            if let r = path.range(of: marker) { return String(path[r.lowerBound...]) }
        }
        return path
    }

    /// Turns an error answer into a typed error: Neutron, Keystone, Nova, Huawei APIG shapes.
    static func failure(_ req: APIRequest, _ resp: APIResponse) -> CloudError {
        let path = URLComponents(string: req.url)?.path ?? req.url
        let ctype = resp.header("content-type")
        var type: String?
        var message: String?
        var note: CloudText?
        if (300..<400).contains(resp.status) {
            // Redirects are never followed (the token would travel with them): say where to.
            let location = resp.header("location").map { String($0.prefix { $0 != "?" }) }
            let to: CloudText = location.map { .err(.redirectTo, $0) } ?? .err(.redirectNoLocation)
            let fix: CloudText
            if req.service == "identity" {
                let base = location.map { $0.hasSuffix("/auth/tokens") ? String($0.dropLast("/auth/tokens".count)) : $0 }
                fix = base.map { .err(.redirectFixAuthURLTo, $0) } ?? .err(.redirectFixAuthURL)
            } else {
                fix = .err(.redirectFixOverride, req.service)
            }
            return .http(HTTPFailure(service: req.service, method: req.method, path: path, status: resp.status, type: "Redirect",
                                     note: .err(.redirect, req.method, CloudSession.displayPath(req.url), resp.status, to, fix),
                                     requestID: resp.requestID))
        }
        if resp.body.isEmpty { note = .err(.emptyBody, req.method, CloudSession.displayPath(req.url)) }
        if !resp.body.isEmpty {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(resp.body)) as? [String: Any] else {
                let isHTML = ctype?.contains("html") == true || resp.body.prefix(64).contains(UInt8(ascii: "<"))
                if isHTML || ctype?.contains("json") == true {
                    return .undecodable(UndecodableBody(url: CloudSession.displayPath(req.url), status: resp.status,
                                                        contentType: isHTML ? "text/html" : ctype,
                                                        reasonText: .err(.reasonMalformed), requestID: resp.requestID,
                                                        service: req.service, method: req.method))
                }
                message = String(decoding: resp.body.prefix(200), as: UTF8.self).split(separator: "\n").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }.joined(separator: " ")
                return .http(HTTPFailure(service: req.service, method: req.method, path: path, status: resp.status,
                                         type: nil, message: message, requestID: resp.requestID))
            }
            if let n = obj["NeutronError"] as? [String: Any] {
                type = n["type"] as? String
                message = n["message"] as? String
            } else if let e = obj["error"] as? [String: Any] {
                type = e["title"] as? String
                message = e["message"] as? String
            } else if let code = obj["error_code"] as? String {
                type = code
                message = obj["error_msg"] as? String
            } else if let code = obj["code"] as? String, let m = obj["message"] as? String {
                type = code
                message = m
            } else if obj.count == 1, let (k, v) = obj.first, let f = v as? [String: Any] {
                type = k
                message = f["message"] as? String
            } else if let m = obj["message"] as? String {
                message = m
            }
        }
        if let note {
            return .http(HTTPFailure(service: req.service, method: req.method, path: path, status: resp.status,
                                     type: type, note: note, requestID: resp.requestID))
        }
        return .http(HTTPFailure(service: req.service, method: req.method, path: path, status: resp.status,
                                 type: type, message: message, requestID: resp.requestID))
    }
}

enum QueryEncoding {
    static let allowed: CharacterSet = {
        var c = CharacterSet.alphanumerics
        c.insert(charactersIn: "-._~")
        return c
    }()

    static func encode(_ items: [(String, String)]) -> String {
        items.map { k, v in
            (k.addingPercentEncoding(withAllowedCharacters: allowed) ?? k) + "="
                + (v.addingPercentEncoding(withAllowedCharacters: allowed) ?? v)
        }.joined(separator: "&")
    }
}
