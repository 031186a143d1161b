/// Injected faults, set through `POST /__sim/faults`:
///
/// ```json
/// {"latency_ms": 50, "jitter_ms": 20, "expire_tokens": true, "clear": false,
///  "rules": [{"route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 500,
///             "rate": 1.0, "after": 1, "count": 1, "body": "neutron"},
///            {"route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": 502, "body": "html"},
///            {"route": "POST /networking/v2.0/ports", "action": "commit", "then": "reset"},
///            {"route": "GET /networking*", "action": "delay", "delay_ms": 300, "rate": 0.1}]}
/// ```
/// A rule matches a route template exactly, or `*`, or a prefix ending in `*`. `after` skips
/// that many matching requests first; `count` limits how often it fires (absent = always);
/// `rate` is the chance it fires on a matching request (0...1, default 1). `action` is:
///
/// - `error`: answers `status` (100...599, default 500) with body `neutron`|`html`|`empty`|
///   `truncated` instead of handling the request (nothing changes).
/// - `reset`: closes the connection without an answer (SO_LINGER 0: the client sees a reset);
///   the request is not handled.
/// - `commit`: the request IS handled (a write is committed, stats count it), then its answer is
///   replaced, as an API gateway that timed out does: `then` is a 5xx status (500...599; the
///   body as for `error`) or `"reset"` (the connection is dropped without an answer).
/// - `delay`: waits `delay_ms` (0...120000) before the request is handled; the rules after it
///   are still considered, so a delay combines with an error, reset or commit of a later rule.
///
/// The other rules are considered in order and the first one that fires decides. `latency_ms`
/// and `jitter_ms` (0...120000) delay every answer. A document with `rules` replaces the rule
/// list; one without keeps it (so `{"expire_tokens": true}` alone leaves the rules in place).
///
/// A route is `*`, or a method and a path (`GET /networking/v2.0/ports`), either of which may
/// end in `*`; routes under `/__sim` are refused (the controls are never faulted, such a rule
/// could never fire). `clear` and `expire_tokens` are booleans. At most `maxRules` rules; the
/// delay rules that fire on one request add up to at most 120000 ms. Unknown keys (a typo such
/// as `latncy_ms` or `stauts`) are refused rather than ignored. An invalid document is answered
/// 400 with a one-line message and changes nothing.
struct Faults {
    static let maxMS = SimulatorDefaults.maxLatencyMS
    static let maxRules = 1000
    static let documentKeys = ["clear", "latency_ms", "jitter_ms", "expire_tokens", "rules"]
    static let ruleKeys = ["route", "action", "status", "then", "delay_ms", "rate", "after", "count", "body"]
    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    var latencyMS = 0
    var jitterMS = 0
    var rules: [Rule] = []

    enum Action: Equatable {
        case error(status: Int)
        case reset
        case commit(then: CommitThen)
        case delay(ms: Int)

        var name: String {
            switch self {
            case .error: return "error"
            case .reset: return "reset"
            case .commit: return "commit"
            case .delay: return "delay"
            }
        }
    }

    /// What replaces the answer of a committed request.
    enum CommitThen: Equatable {
        case status(Int)
        case reset
    }

    struct Rule {
        var route: String
        var action: Action
        var rate: Double
        var after: Int
        var remaining: Int?
        var body: String
        var seen = 0

        func matches(_ template: String) -> Bool {
            if route == "*" { return true }
            if route.hasSuffix("*") { return template.hasPrefix(String(route.dropLast())) }
            return route == template
        }

        var json: JSON {
            var o: JSONObject = ["route": .string(route), "action": .string(action.name)]
            switch action {
            case .error(let status): o["status"] = .int(status)
            case .reset: break
            case .commit(.status(let status)): o["then"] = .int(status)
            case .commit(.reset): o["then"] = "reset"
            case .delay(let ms): o["delay_ms"] = .int(ms)
            }
            o["rate"] = .double(rate)
            o["after"] = .int(after)
            o["count"] = remaining.map(JSON.int) ?? .null
            o["body"] = .string(body)
            return .object(o)
        }
    }

    /// Applies a faults document; returns whether to expire all tokens now. Nothing changes
    /// when the document is invalid.
    mutating func apply(_ o: JSONObject) -> Result<Bool, FaultsError> {
        if let unknown = o.keys.first(where: { !Faults.documentKeys.contains($0) }) {
            return .failure(FaultsError(message: "unknown key \(Faults.quoted(unknown)); the keys are \(Faults.documentKeys.joined(separator: ", "))"))
        }
        for key in ["clear", "expire_tokens"] {
            if let v = o[key], v.boolValue == nil {
                return .failure(FaultsError(message: "\(key) must be true or false, not \(Faults.shown(v))"))
            }
        }
        var next = o["clear"]?.boolValue == true ? Faults() : self
        if let v = o["latency_ms"] {
            guard let n = Faults.milliseconds(v) else { return .failure(FaultsError(message: "latency_ms must be an integer between 0 and \(Faults.maxMS)")) }
            next.latencyMS = n
        }
        if let v = o["jitter_ms"] {
            guard let n = Faults.milliseconds(v) else { return .failure(FaultsError(message: "jitter_ms must be an integer between 0 and \(Faults.maxMS)")) }
            next.jitterMS = n
        }
        if let r = o["rules"] {
            guard let list = r.arrayValue else { return .failure(FaultsError(message: "rules must be a list")) }
            guard list.count <= Faults.maxRules else {
                return .failure(FaultsError(message: "at most \(Faults.maxRules) rules, not \(list.count)"))
            }
            var parsed: [Rule] = []
            for (i, item) in list.enumerated() {
                switch Faults.rule(item) {
                case .success(let rule): parsed.append(rule)
                case .failure(let e): return .failure(FaultsError(message: "rule \(i + 1): " + e.message))
                }
            }
            next.rules = parsed
        }
        self = next
        return .success(o["expire_tokens"]?.boolValue == true)
    }

    static func milliseconds(_ v: JSON) -> Int? {
        guard let n = v.intValue, (0...maxMS).contains(n) else { return nil }
        return n
    }

    static func rule(_ item: JSON) -> Result<Rule, FaultsError> {
        guard let fields = item.objectValue else { return .failure(FaultsError(message: "a rule must be an object")) }
        if let unknown = fields.keys.first(where: { !ruleKeys.contains($0) }) {
            return .failure(FaultsError(message: "unknown key \(quoted(unknown)); a rule's keys are \(ruleKeys.joined(separator: ", "))"))
        }
        guard let route = item["route"]?.stringValue else { return .failure(FaultsError(message: "each rule needs a route")) }
        if let problem = routeProblem(route) { return .failure(FaultsError(message: problem)) }
        let actionName: String
        switch item["action"] {
        case nil: actionName = "error"
        case .string(let s)?: actionName = s
        default: return .failure(FaultsError(message: "action must be a string: error, reset, commit or delay"))
        }
        let action: Action
        switch actionName {
        case "error":
            let status: Int
            switch item["status"] {
            case nil: status = 500
            case .int(let s)? where (100...599).contains(s): status = s
            default: return .failure(FaultsError(message: "status must be an integer between 100 and 599"))
            }
            action = .error(status: status)
        case "reset":
            action = .reset
        case "commit":
            switch item["then"] {
            case .int(let s)? where (500...599).contains(s): action = .commit(then: .status(s))
            case .string("reset")?: action = .commit(then: .reset)
            case nil:
                return .failure(FaultsError(message: "a commit rule needs \"then\": a 5xx status (500...599) or \"reset\""))
            case let other?:
                return .failure(FaultsError(message: "then must be a 5xx status (500...599) or \"reset\", not \(shown(other))"))
            }
        case "delay":
            guard let v = item["delay_ms"] else {
                return .failure(FaultsError(message: "a delay rule needs delay_ms (0...\(maxMS))"))
            }
            guard let ms = milliseconds(v) else {
                return .failure(FaultsError(message: "delay_ms must be an integer between 0 and \(maxMS)"))
            }
            action = .delay(ms: ms)
        default:
            return .failure(FaultsError(message: "action must be error, reset, commit or delay, not \(quoted(actionName))"))
        }
        let rate: Double
        switch item["rate"] {
        case .double(let d)?: rate = d
        case .int(let i)?: rate = Double(i)
        case nil: rate = 1
        default: return .failure(FaultsError(message: "rate must be a number"))
        }
        guard (0...1).contains(rate) else { return .failure(FaultsError(message: "rate must be between 0 and 1")) }
        let body: String
        switch item["body"] {
        case nil: body = "neutron"
        case .string(let s)? where ["neutron", "html", "empty", "truncated"].contains(s): body = s
        default: return .failure(FaultsError(message: "body must be neutron, html, empty or truncated"))
        }
        var after = 0
        if let v = item["after"] {
            guard let n = v.intValue, n >= 0 else { return .failure(FaultsError(message: "after must be a non-negative integer")) }
            after = n
        }
        var count: Int?
        if let v = item["count"], !v.isNull {
            guard let n = v.intValue, n >= 0 else { return .failure(FaultsError(message: "count must be a non-negative integer")) }
            count = n
        }
        return .success(Rule(route: route, action: action, rate: rate, after: after, remaining: count, body: body))
    }

    /// Why `route` could never match a request (nil when it can).
    static func routeProblem(_ route: String) -> String? {
        let example = "\"*\" or a method and a path, e.g. \"PUT /networking/v2.0/ports/{id}\" or \"GET /compute*\""
        if route == "*" { return nil }
        guard route.count <= 1000 else { return "route is too long (at most 1000 characters)" }
        let parts = route.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            // A prefix of methods alone: `P*` (PUT, POST, PATCH).
            if route.hasSuffix("*"), methods.contains(where: { $0.hasPrefix(route.dropLast()) }) { return nil }
            return "route must be \(example), not \(quoted(route))"
        }
        let method = String(parts[0]), path = String(parts[1])
        guard methods.contains(method) else {
            return "route \(quoted(route)): the method must be one of \(methods.joined(separator: ", "))"
        }
        guard path.hasPrefix("/") || path == "*" else { return "route must be \(example), not \(quoted(route))" }
        if path.hasPrefix(Paths.control) {
            return "route \(quoted(route)): the test controls under \(Paths.control) are never faulted"
        }
        return nil
    }

    /// A value from the document for a message: quoted, control characters escaped, cut short.
    static func quoted(_ s: String) -> String {
        let text = JSON.string(s).text
        return text.count > 80 ? String(text.prefix(77)) + "...\"" : text
    }

    static func shown(_ v: JSON) -> String {
        let text = v.text
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// What the rules say about one request: the delay of every `delay` rule that fires (at
    /// most `maxMS` in all), and the first other rule that fires.
    mutating func decide(_ template: String) -> FaultDecision {
        var decision = FaultDecision()
        for i in rules.indices where rules[i].matches(template) {
            rules[i].seen += 1
            if rules[i].seen <= rules[i].after { continue }
            if let left = rules[i].remaining, left <= 0 { continue }
            if rules[i].rate < 1, Double.random(in: 0..<1) >= rules[i].rate { continue }
            if let left = rules[i].remaining { rules[i].remaining = left - 1 }
            switch rules[i].action {
            case .delay(let ms):
                decision.delayMS = min(decision.delayMS + ms, Faults.maxMS)
                continue
            case .reset:
                decision.action = .reset
            case .error(let status):
                decision.action = .error(status: status, body: rules[i].body)
            case .commit(.reset):
                decision.action = .commitThenReset
            case .commit(.status(let status)):
                decision.action = .commitThenError(status: status, body: rules[i].body)
            }
            return decision
        }
        return decision
    }

    var json: JSON {
        ["latency_ms": .int(latencyMS), "jitter_ms": .int(jitterMS), "rules": .array(rules.map(\.json))]
    }
}

struct FaultsError: Error {
    let message: String
}

/// The rules' verdict on one request.
struct FaultDecision: Equatable {
    /// Waited before the request is handled (or answered by a fault).
    var delayMS = 0
    var action: FaultAction?
}

enum FaultAction: Equatable {
    /// Answered instead of handling the request.
    case error(status: Int, body: String)
    /// The connection is closed instead of handling the request.
    case reset
    /// The request is handled, then the answer is replaced by this error.
    case commitThenError(status: Int, body: String)
    /// The request is handled, then the connection is closed without an answer.
    case commitThenReset

    /// Whether the engine handles the request (the write happens).
    var commits: Bool {
        switch self {
        case .commitThenError, .commitThenReset: return true
        case .error, .reset: return false
        }
    }

    /// Whether the connection is closed without an answer.
    var resets: Bool { self == .reset || self == .commitThenReset }

    /// The answer sent instead of the real one (for the actions that answer).
    var response: SimResponse {
        switch self {
        case .error(let status, let body), .commitThenError(let status, let body):
            return FaultAction.errorResponse(status: status, body: body)
        case .reset, .commitThenReset:
            return .empty(500)
        }
    }

    static func errorResponse(status: Int, body: String) -> SimResponse {
        switch body {
        case "html":
            let html = "<html><head><title>\(status) Service Unavailable</title></head><body><h1>\(status)</h1>upstream proxy error</body></html>"
            return SimResponse(status: status, headers: [("Content-Type", "text/html")], body: Array(html.utf8))
        case "empty":
            return .empty(status)
        case "truncated":
            return SimResponse(status: status, headers: [("Content-Type", "application/json")], body: Array("{\"ports\": [{\"id\": \"".utf8))
        default:
            // Answered by the service itself, so it carries a request id like every service answer.
            let type: String
            switch status {
            case 500...: type = "HTTPInternalServerError"
            case 403: type = "HTTPForbidden"
            case 404: type = "HTTPNotFound"
            case 409: type = "HTTPConflict"
            default: type = "HTTPBadRequest"
            }
            let message = status >= 500 ? "Request Failed: internal server error while processing your request."
                : "Request refused (a fault injected by the simulator)."
            var r = NeutronError(status: status, type: type, message: message).response
            r.addHeader("x-openstack-request-id", IDs.requestID())
            return r
        }
    }
}
