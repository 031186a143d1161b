/// Injected faults, set through `POST /__sim/faults`:
///
/// ```json
/// {"latency_ms": 50, "jitter_ms": 20, "expire_tokens": true, "clear": false,
///  "rules": [{"route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 500,
///             "rate": 1.0, "after": 1, "count": 1, "body": "neutron"}]}
/// ```
/// A rule matches a route template exactly, or `*`, or a prefix ending in `*`. `after` skips
/// that many matching requests first; `count` limits how often it fires (absent = always);
/// `action` is `error` (status + body `neutron`|`html`|`empty`) or `reset` (the connection is
/// closed without an answer).
struct Faults {
    var latencyMS = 0
    var jitterMS = 0
    var rules: [Rule] = []

    struct Rule {
        var route: String
        var action: String
        var status: Int
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
            ["route": .string(route), "action": .string(action), "status": .int(status), "rate": .double(rate),
             "after": .int(after), "count": remaining.map(JSON.int) ?? nil, "body": .string(body)]
        }
    }

    /// Applies a faults document; returns whether to expire all tokens now.
    mutating func apply(_ o: JSONObject) -> Result<Bool, FaultsError> {
        if o["clear"]?.boolValue == true { self = Faults() }
        if let v = o["latency_ms"] {
            guard let n = v.intValue, n >= 0 else { return .failure(FaultsError(message: "latency_ms must be a non-negative integer")) }
            latencyMS = n
        }
        if let v = o["jitter_ms"] {
            guard let n = v.intValue, n >= 0 else { return .failure(FaultsError(message: "jitter_ms must be a non-negative integer")) }
            jitterMS = n
        }
        if let r = o["rules"] {
            guard let list = r.arrayValue else { return .failure(FaultsError(message: "rules must be a list")) }
            var parsed: [Rule] = []
            for item in list {
                guard let route = item["route"]?.stringValue else { return .failure(FaultsError(message: "each rule needs a route")) }
                let action = item["action"]?.stringValue ?? "error"
                guard action == "error" || action == "reset" else { return .failure(FaultsError(message: "action must be error or reset")) }
                let rate: Double
                switch item["rate"] {
                case .double(let d)?: rate = d
                case .int(let i)?: rate = Double(i)
                case nil: rate = 1
                default: return .failure(FaultsError(message: "rate must be a number"))
                }
                guard (0...1).contains(rate) else { return .failure(FaultsError(message: "rate must be between 0 and 1")) }
                let body = item["body"]?.stringValue ?? "neutron"
                guard ["neutron", "html", "empty", "truncated"].contains(body) else {
                    return .failure(FaultsError(message: "body must be neutron, html, empty or truncated"))
                }
                parsed.append(Rule(route: route, action: action, status: item["status"]?.intValue ?? 500, rate: rate,
                                   after: item["after"]?.intValue ?? 0, remaining: item["count"]?.intValue, body: body))
            }
            rules = parsed
        }
        return .success(o["expire_tokens"]?.boolValue == true)
    }

    mutating func decide(_ template: String) -> FaultAction? {
        for i in rules.indices where rules[i].matches(template) {
            rules[i].seen += 1
            if rules[i].seen <= rules[i].after { continue }
            if let left = rules[i].remaining, left <= 0 { continue }
            if rules[i].rate < 1, Double.random(in: 0..<1) >= rules[i].rate { continue }
            if let left = rules[i].remaining { rules[i].remaining = left - 1 }
            if rules[i].action == "reset" { return .reset }
            return .error(status: rules[i].status, body: rules[i].body)
        }
        return nil
    }

    var json: JSON {
        ["latency_ms": .int(latencyMS), "jitter_ms": .int(jitterMS), "rules": .array(rules.map(\.json))]
    }
}

struct FaultsError: Error {
    let message: String
}

enum FaultAction: Equatable {
    case error(status: Int, body: String)
    case reset

    var response: SimResponse {
        guard case .error(let status, let body) = self else { return .empty(500) }
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
            var r = NeutronError(status: status, type: status >= 500 ? "HTTPInternalServerError" : "HTTPBadRequest",
                                 message: "Request Failed: internal server error while processing your request.").response
            r.addHeader("x-openstack-request-id", IDs.requestID())
            return r
        }
    }
}
