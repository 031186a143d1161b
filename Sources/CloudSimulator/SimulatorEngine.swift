import Foundation
import NIOConcurrencyHelpers

/// Where each service lives on the simulator's single port (the devstack layout).
public enum Paths {
    public static let identity = "/identity"
    public static let network = "/networking"
    public static let compute = "/compute"
    public static let control = "/__sim"
}

/// Which service a request is for, and its route template for stats and fault rules
/// (e.g. `PUT /networking/v2.0/ports/{id}`).
public struct Route: Sendable, Equatable {
    public enum Service: Sendable { case identity, network, compute, control, unknown }
    public let service: Service
    public let rest: [String]
    public let template: String

    public static func classify(_ req: SimRequest) -> Route {
        let segs = req.segments
        guard let head = segs.first else { return Route(service: .unknown, rest: [], template: "\(req.method) /") }
        let rest = Array(segs.dropFirst())
        let service: Service
        let literals: Set<String>
        switch "/" + head {
        case Paths.identity: service = .identity; literals = ["v3", "auth", "tokens", "catalog"]
        case Paths.network:
            service = .network
            literals = ["v2.0", "extensions", "networks", "subnets", "ports", "security-groups"]
        case Paths.compute:
            service = .compute
            literals = ["v1", "v2", "v2.1", "servers", "detail", "os-interface", "cloudservers"]
        case Paths.control: service = .control; literals = ["stats", "faults", "reset", "state"]
        default: return Route(service: .unknown, rest: rest, template: "\(req.method) /\(head)")
        }
        var parts: [String] = []
        for (i, s) in rest.enumerated() {
            let bare = s.hasSuffix(".json") ? String(s.dropLast(5)) : s
            if literals.contains(bare) {
                parts.append(bare)
            } else if service == .compute, i == 1 {
                parts.append("{project_id}")
            } else {
                parts.append("{id}")
            }
        }
        // `/compute/v2.1/servers/{id}` and `/compute/v2.1/{project_id}/servers/{id}` are
        // different templates on purpose: tests check which form a client used.
        let template = "\(req.method) /\(head)" + (parts.isEmpty ? "" : "/" + parts.joined(separator: "/"))
        return Route(service: service, rest: rest, template: template)
    }
}

/// The simulated cloud: one actor owns all state, so concurrent writers always leave it
/// consistent. Handlers are synchronous functions over `CloudState`.
public actor SimulatorEngine {
    public let config: SimulatorConfig
    var state: CloudState
    var stats: [String: Int] = [:]
    /// Sequential round trips the clients took (see `RoundTripCount`).
    nonisolated let roundTripCount = RoundTripCount()
    var faults = Faults()
    var saver: StateSaver?
    /// The API gateway of `--auth aksk` (failure counts and locks per AK).
    var gateway = Gateway()
    /// Added to the clock (tests move time forward, e.g. past an AK lock).
    var clockOffset: Double = 0
    private let keystone: Keystone
    private let neutron: Neutron
    private let nova: Nova

    public init(config: SimulatorConfig) throws {
        self.config = config
        keystone = Keystone(config: config)
        neutron = Neutron(config: config)
        nova = Nova(config: config)
        if let path = config.statePath, FileManager.default.fileExists(atPath: path) {
            state = try StateFile.load(path: path, config: config)
        } else {
            state = Scenarios.build(config)
        }
        if let path = config.statePath { saver = StateSaver(path: path) }
    }

    /// Moves the simulator's clock (tokens, `X-Sdk-Date` checks, AK locks) by `seconds`.
    public func advanceClock(by seconds: Double) { clockOffset += seconds }

    /// The simulator's clock now (seconds since 1970).
    public func clock() -> Double { Date().timeIntervalSince1970 + clockOffset }

    /// The AK, SK and project id `--auth aksk` accepts for user demo (its project: `demo`, or
    /// `cn-north-4` in the huawei flavor).
    public func accessKeyCredentials() -> (accessKey: String, secretKey: String, projectID: String) {
        let name = SimulatorDefaults.project(for: config.flavor)
        return (SimulatorDefaults.accessKey, SimulatorDefaults.secretKey, state.project(named: name, domainID: "default")?.id ?? "")
    }

    /// The project id of a project by name (for tests: the alt project).
    public func projectID(named name: String) -> String? { state.project(named: name, domainID: "default")?.id }

    /// Counts for the stats endpoint and tests.
    public func requestCounts() -> [String: Int] { stats }

    /// Sequential round trips since the start or the last reset (see `RoundTripCount`).
    public nonisolated func roundTrips() -> Int { roundTripCount.value }

    /// Every token this simulator issued since it started (or since the last reset), expired
    /// and revoked ones included. For tests that search what a client wrote for leaked tokens;
    /// a Swift call in the simulator's process only, never answered over HTTP.
    public func issuedTokens() -> [String] { Array(Set(state.tokens.keys).union(state.revokedTokens)).sorted() }

    /// The latency to add before answering (configured latency, fault latency and jitter).
    func latency() -> Double {
        var ms = Double(config.latencyMS + faults.latencyMS)
        if faults.jitterMS > 0 { ms += Double.random(in: 0...Double(faults.jitterMS)) }
        return ms / 1000
    }

    /// What the fault rules say to do with this request: a delay, and an action (if any).
    func faultDecision(for route: Route) -> FaultDecision {
        guard route.service != .control else { return FaultDecision() }
        return faults.decide(route.template)
    }

    /// A request answered by a fault rule still counts in the stats.
    func countFault(_ route: Route) { stats[route.template, default: 0] += 1 }

    public func handle(_ req: SimRequest, route: Route, now: Double = Date().timeIntervalSince1970) -> SimResponse {
        let now = (now + clockOffset).rounded(.down)
        if config.auth == .aksk, route.service == .network || route.service == .compute, !isVersionDocument(route) {
            stats[route.template, default: 0] += 1
            switch gateway.admit(req, state: state, now: now) {
            case .failure(let refusal):
                return finish(req, route: route, refusal.response)
            case .success(let grant):
                return serve(req, route: route, token: grant, now: now)
            }
        }
        if route.service != .control {
            stats[route.template, default: 0] += 1
        }
        var response: SimResponse
        switch route.service {
        case .identity:
            response = keystone.handle(req, route.rest, state: &state, now: now)
            response.addHeader("x-openstack-request-id", IDs.requestID())
        case .network, .compute:
            return serve(req, route: route, token: Keystone.authenticate(req, state: state, now: now), now: now)
        case .control:
            response = control(req, route.rest, now: now)
        case .unknown:
            response = .json(404, ["error": "not found",
                                   "services": ["identity": .string(req.hostURL + Paths.identity + "/v3"),
                                                "network": .string(req.hostURL + Paths.network),
                                                "compute": .string(req.hostURL + Paths.compute + "/v2.1")]])
        }
        return finish(req, route: route, response)
    }

    /// The version documents (`GET /`, `GET /v2.0`...) answer without authentication.
    private func isVersionDocument(_ route: Route) -> Bool {
        route.rest.isEmpty || (route.service == .compute && route.rest.count == 1)
    }

    /// Neutron or Nova on behalf of `token` (a Keystone token, or the gateway's grant).
    private func serve(_ req: SimRequest, route: Route, token: Token?, now: Double) -> SimResponse {
        var response: SimResponse
        switch route.service {
        case .network:
            // Read before `state` is lent to neutron: the 401 closure runs inside that access.
            let expiry = tokenExpiry(req)
            response = neutron.handle(req, route.rest, token: token, state: &state, now: now,
                                      unauthorized: { serviceUnauthorized(req, now: now, tokenExpiresAt: expiry) })
            if !route.rest.isEmpty { response.addHeader("x-openstack-request-id", IDs.requestID()) }
        case .compute:
            let expiry = tokenExpiry(req)
            response = nova.handle(req, route.rest, token: token, state: state, now: now,
                                   unauthorized: { serviceUnauthorized(req, now: now, tokenExpiresAt: expiry) })
            let rid = IDs.requestID()
            response.addHeader("x-openstack-request-id", rid)
            response.addHeader("x-compute-request-id", rid)
        default:
            response = .empty(404)
        }
        return finish(req, route: route, response)
    }

    private func finish(_ req: SimRequest, route: Route, _ answer: SimResponse) -> SimResponse {
        var response = answer
        // Resources (not identity data or tokens) are persisted after every change.
        if route.service == .network || route.service == .control, req.method != "GET", req.method != "HEAD",
           response.status < 400
        {
            state.changeCount &+= 1
            saver?.schedule(self)
        }
        if req.method == "HEAD" { response.body = [] }
        return response
    }

    /// When the request's token (if known) expires.
    private func tokenExpiry(_ req: SimRequest) -> Double? {
        req.header("x-auth-token").flatMap { state.tokens[$0]?.expiresAt }
    }

    /// keystonemiddleware's 401 (or Huawei's API gateway body in the huawei flavor). Must not
    /// touch `state`: it runs while neutron holds `state` inout.
    private func serviceUnauthorized(_ req: SimRequest, now: Double, tokenExpiresAt: Double?) -> SimResponse {
        if config.isHuawei {
            let given = req.header("x-auth-token")
            let reason: String
            if given == nil || given?.isEmpty == true {
                reason = "x-auth-token not found"
            } else if let expires = tokenExpiresAt, expires <= now {
                reason = "token expires, expires_at: \(Timestamps.micros(expires))"
            } else {
                reason = "decrypt token fail"
            }
            var rid = SplitMix64(seed: UInt64(bitPattern: Int64(now)) ^ UInt64(reason.count))
            return .json(401, ["error_msg": .string("Incorrect IAM authentication information: \(reason)"),
                               "error_code": "APIG.0301", "request_id": .string(IDs.hex32(&rid))])
        }
        return .json(401, ["error": ["code": 401, "title": "Unauthorized", "message": .string(Keystone.unauthorizedMessage)]],
                     headers: [("WWW-Authenticate", "Keystone uri=\"\(req.hostURL + Paths.identity)\"")])
    }

    // MARK: test controls

    private func control(_ req: SimRequest, _ rest: [String], now: Double) -> SimResponse {
        switch (req.method, rest) {
        case ("GET", ["stats"]):
            var byMethod: [String: Int] = [:]
            for (k, v) in stats { byMethod[String(k.prefix { $0 != " " }), default: 0] += v }
            let total = stats.values.reduce(0, +)
            return .json(200, [
                "total": .int(total),
                "writes": .int(total - (byMethod["GET"] ?? 0) - (byMethod["HEAD"] ?? 0)),
                "round_trips": .int(roundTripCount.value),
                "by_method": .object(JSONObject(byMethod.sorted { $0.key < $1.key }.map { ($0.key, JSON.int($0.value)) })),
                "requests": .object(JSONObject(stats.sorted { $0.key < $1.key }.map { ($0.key, JSON.int($0.value)) })),
            ])
        case ("POST", ["faults"]):
            let body: JSON
            do { body = try JSON.parse(req.body) } catch {
                return .json(400, ["error": .string("body must be a JSON object: \(error.description)")])
            }
            guard let o = body.objectValue else {
                return .json(400, ["error": .string("body must be a JSON object, not \(Faults.shown(body))")])
            }
            switch faults.apply(o) {
            case .failure(let e): return .json(400, ["error": .string(e.message)])
            case .success(let expire):
                if expire {
                    for k in state.tokens.keys { state.tokens[k]?.expiresAt = now - 1 }
                }
                return .json(200, faults.json)
            }
        case ("GET", ["faults"]):
            return .json(200, faults.json)
        case ("POST", ["reset"]):
            state = Scenarios.build(config)
            stats = [:]
            roundTripCount.reset()
            faults = Faults()
            gateway = Gateway()
            return .json(200, ["reset": true, "scenario": .string(config.scenario.rawValue)])
        default:
            return .json(404, ["error": "unknown control endpoint", "endpoints": ["GET /__sim/stats", "POST /__sim/faults", "GET /__sim/faults", "POST /__sim/reset"]])
        }
    }

    // MARK: persistence

    func snapshotForSave() -> (CloudState, UInt64) { (state, state.changeCount) }

    /// Writes the state now (used at shutdown).
    public func flush() async {
        await saver?.saveNow(self)
    }
}

/// Sequential round trips the clients took, as the simulator sees them: a request's depth is
/// one more than the deepest request answered before it arrived; `value` is the deepest
/// answered so far (requests in flight together count once; test controls are not counted).
/// Behind a lock rather than in the engine's actor, so an arrival is noted the moment the
/// request reaches the responder, not when the actor gets to it. (NIO's lock is a pthread
/// mutex, which ThreadSanitizer sees; the standard library's Mutex locks with raw futexes it
/// cannot see, and its lane reported this counter as a race.)
public final class RoundTripCount: Sendable {
    private let deepest = NIOLockedValueBox(0)

    /// A request arrived: its depth (pass it to `answered`).
    func arrived() -> Int { deepest.withLockedValue { $0 + 1 } }

    /// The request of depth `depth` is answered.
    func answered(_ depth: Int) { deepest.withLockedValue { $0 = max($0, depth) } }

    public var value: Int { deepest.withLockedValue { $0 } }

    func reset() { deepest.withLockedValue { $0 = 0 } }
}
