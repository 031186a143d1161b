/// Everything that can go wrong talking to a cloud, typed, each with a one-line human message
/// fit for a status bar. Messages never contain a password, token or secret.
public enum CloudError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service answered with an error status.
    case http(HTTPFailure)
    /// No usable answer arrived: refused, timeout, TLS, DNS, reset.
    case transport(TransportFailure)
    /// An answer arrived but is not what the API sends (HTML from a proxy, truncated JSON).
    case undecodable(UndecodableBody)
    /// The answer was larger than the configured cap.
    case responseTooLarge(url: String, limit: Int)
    /// Configuration could not be read or is incomplete.
    case config(ConfigError)
    /// A name given by the user matched nothing, or more than one thing.
    case lookup(LookupFailure)
    /// The catalog has no endpoint for a service.
    case noEndpoint(service: String, interface: String, region: String?)

    public var description: String { oneLine }

    /// One line, inert: any text in it that came from the cloud or a file (a server's error
    /// message, a header, a YAML key) has its controls escaped by `Inert`.
    public var oneLine: String { Inert.field(rawLine) }

    var rawLine: String {
        switch self {
        case .http(let f): return f.oneLine
        case .transport(let f): return f.oneLine
        case .undecodable(let u): return u.oneLine
        case .responseTooLarge(let url, let limit):
            return "response from \(url) is larger than \(CloudError.size(limit)); refusing to read it (vipctl stops reading at that size, "
                + "so a runaway answer cannot fill the memory)"
        case .config(let c): return c.oneLine
        case .lookup(let l): return l.oneLine
        case .noEndpoint(let s, let i, let r):
            return "no \(i) endpoint for service \(s)" + (r.map { " in region \($0)" } ?? "")
                + " in the catalog; set \(s)_endpoint_override in clouds.yaml or OS_\(s.uppercased())_ENDPOINT_OVERRIDE"
        }
    }

    /// `64 MiB`, `512 KiB`, `300 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1_048_576 { return bytes % 1_048_576 == 0 ? "\(bytes / 1_048_576) MiB" : String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        if bytes >= 1024 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }

    /// A write refused locally because the session is read-only (nothing was sent).
    ///
    /// Carried as a `.config` error (so that exhaustive switches over `CloudError` elsewhere
    /// keep compiling); `readOnlyRefusal` tells it apart.
    public static func readOnly(method: String, path: String) -> CloudError {
        .config(ConfigError(message: "read-only mode: vipctl sends no \(method.uppercased()) to \(path); drop --read-only to change the cloud",
                            refusedWrite: RefusedWrite(method: method.uppercased(), path: path)))
    }

    /// The write that read-only mode refused, if this is such a refusal.
    public var readOnlyRefusal: RefusedWrite? {
        if case .config(let c) = self { return c.refusedWrite }
        return nil
    }

    /// The HTTP status, when the service answered.
    public var status: Int? {
        switch self {
        case .http(let f): return f.status
        case .undecodable(let u): return u.status
        default: return nil
        }
    }
}

public struct HTTPFailure: Sendable, Equatable {
    public let service: String  // "identity", "network", "compute"
    public let method: String
    public let path: String  // no query string: it may hold filters users consider private
    public let status: Int
    /// `NeutronError.type`, Nova fault name, `APIG.0301`, keystone title.
    public let type: String?
    public let message: String?
    public let requestID: String?

    public init(service: String, method: String, path: String, status: Int, type: String?, message: String?, requestID: String?) {
        self.service = service
        self.method = method
        self.path = path
        self.status = status
        self.type = type
        self.message = message
        self.requestID = requestID
    }

    /// The same facts as `oneLine` with the request id before the message, so that a line cut
    /// at the terminal's width still shows status, type and request id.
    public var statusFirstLine: String {
        var s = "\(serviceName) \(status)"
        if let type { s += " \(type)" }
        if let requestID { s += " [\(requestID)]" }
        if let message, !message.isEmpty { s += ": " + String(message.prefix { $0 != "\n" }) }
        if status == 401 && service == "identity" { s += " (check user, password, project and domain)" }
        return Inert.field(s)
    }

    public var serviceName: String {
        switch service {
        case "identity": return "Keystone"
        case "network": return "Neutron"
        case "compute": return "Nova"
        default: return service
        }
    }

    public var oneLine: String {
        var s = "\(serviceName) \(status)"
        if let type { s += " \(type)" }
        if let message, !message.isEmpty { s += ": " + String(message.prefix { $0 != "\n" }) }
        if status == 401 && service == "identity" { s += " (check user, password, project and domain)" }
        if let requestID { s += " [\(requestID)]" }
        return Inert.field(s)
    }
}

public struct TransportFailure: Sendable, Equatable {
    public enum Kind: String, Sendable { case refused, timeout, tls, dns, reset, other }
    public let kind: Kind
    public let url: String
    /// For a timeout: `connect`, `read` (no byte for that long) or `total` (the whole request).
    public let detail: String
    /// For a timeout: the limit that ran out, in seconds.
    public let seconds: Double?

    public init(kind: Kind, url: String, detail: String, seconds: Double? = nil) {
        self.kind = kind
        self.url = url
        self.detail = detail
        self.seconds = seconds
    }

    /// Says which timeout ran out, for which URL, and how to change it.
    var timeoutLine: String {
        let limit = seconds.map { " within \(Paging.format($0)) s" } ?? ""
        switch detail {
        case "connect":
            return "timed out: no connection to \(url)\(limit) (connect timeout); change it with --connect-timeout SECONDS, "
                + "connect_timeout: in clouds.yaml or OS_CONNECT_TIMEOUT"
        case "read", "total":
            let what = (detail == "read" ? "timed out: no answer from \(url)" : "timed out: no complete answer from \(url)") + limit
            return what + " (request timeout); change it with --timeout SECONDS, api_timeout: in clouds.yaml or OS_API_TIMEOUT"
        default:
            return "no answer from \(url): timed out (\(detail))"
        }
    }

    /// The `detail` of a `.reset` when the answer stopped short of its Content-Length.
    public static let cutShort = "the connection closed before the whole answer arrived"

    /// One line, inert (see `Inert`).
    public var oneLine: String { Inert.field(rawLine) }

    var rawLine: String {
        switch kind {
        case .refused: return "cannot connect to \(url): connection refused"
        case .timeout: return timeoutLine
        case .tls:
            // cacert cannot fix a certificate issued for another name.
            if detail.hasPrefix("the certificate does not match the host name") {
                return "TLS failed for \(url): \(detail) (reach the cloud by a name its certificate holds)"
            }
            return "TLS failed for \(url): \(detail) (set cacert, or insecure: true if you must)"
        case .dns: return "cannot resolve the host of \(url)"
        case .reset:
            if detail == TransportFailure.cutShort { return "connection to \(url) closed before the whole answer arrived (the body was cut short)" }
            return "connection to \(url) was reset before an answer arrived"
        case .other: return "request to \(url) failed: \(detail)"
        }
    }
}

public struct UndecodableBody: Sendable, Equatable {
    public let url: String
    public let status: Int
    public let contentType: String?
    public let reason: String
    public let requestID: String?
    /// `identity`, `network`, `compute`, when known.
    public let service: String?
    public let method: String?

    public init(url: String, status: Int, contentType: String?, reason: String, requestID: String?,
                service: String? = nil, method: String? = nil) {
        self.url = url
        self.status = status
        self.contentType = contentType
        self.reason = reason
        self.requestID = requestID
        self.service = service
        self.method = method
    }

    /// What was wrong with `resp`'s body, from the decoding error and a look at the bytes: empty,
    /// HTML, malformed JSON, a missing field (with where), a wrong type.
    static func describing(_ resp: APIResponse, url: String, error: any Error) -> UndecodableBody {
        let ctype = resp.header("content-type")
        let head = resp.body.prefix(512).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let looksHTML = ctype?.lowercased().contains("html") == true || head.first == UInt8(ascii: "<")
        var reason: String
        if resp.body.isEmpty {
            reason = "the body is empty where JSON was expected"
        } else if looksHTML {
            reason = "an HTML page, not JSON"
        } else {
            reason = CloudJSON.describe(error)
        }
        if resp.body.count >= 1_048_576 { reason += " (a \(CloudError.size(resp.body.count)) answer)" }
        return UndecodableBody(url: resp.path ?? url, status: resp.status, contentType: looksHTML ? "text/html" : ctype, reason: reason,
                               requestID: resp.requestID, service: resp.service, method: resp.method)
    }

    /// One line, inert (see `Inert`).
    public var oneLine: String { Inert.field(rawLine) }

    var rawLine: String {
        var s: String
        if let service, let method {
            let name = HTTPFailure(service: service, method: method, path: url, status: status, type: nil, message: nil, requestID: nil).serviceName
            if contentType?.contains("html") == true {
                s = "\(name) \(method) \(url): HTTP \(status) answered an HTML page, not the API's JSON (a proxy, gateway or login page?)"
            } else {
                s = "\(name) \(method) \(url): HTTP \(status) could not be read: \(reason)"
            }
        } else if contentType?.contains("html") == true {
            s = "HTTP \(status) from \(url) is an HTML page, not the API's JSON (a proxy or gateway answered)"
        } else {
            s = "HTTP \(status) from \(url) could not be read: \(reason)"
        }
        if let requestID { s += " [\(requestID)]" }
        return s
    }
}

/// A request that read-only mode kept from leaving the program.
public struct RefusedWrite: Sendable, Equatable {
    public let method: String
    public let path: String

    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }
}

public struct ConfigError: Sendable, Equatable {
    public let file: String?
    public let line: Int?
    public let key: String?
    public let message: String
    /// Set when this is read-only mode refusing a write (see `CloudError.readOnly`).
    public let refusedWrite: RefusedWrite?

    public init(file: String? = nil, line: Int? = nil, key: String? = nil, message: String, refusedWrite: RefusedWrite? = nil) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        self.refusedWrite = refusedWrite
    }

    /// One line, inert (see `Inert`).
    public var oneLine: String { Inert.field(rawLine) }

    var rawLine: String {
        var place = ""
        if let file { place = file + (line.map { ":\($0)" } ?? "") + ": " }
        return place + (key.map { "\($0): " } ?? "") + message
    }
}

public struct LookupFailure: Sendable, Equatable {
    public let kind: String  // "server", "network", "port"
    public let name: String
    public let candidates: [String]

    public init(kind: String, name: String, candidates: [String]) {
        self.kind = kind
        self.name = name
        self.candidates = candidates
    }

    /// One line, inert (see `Inert`).
    public var oneLine: String { Inert.field(rawLine) }

    var rawLine: String {
        if candidates.isEmpty { return "no \(kind) named or with id \"\(name)\"" }
        return "\"\(name)\" matches \(candidates.count) \(kind)s (\(candidates.prefix(3).joined(separator: ", "))\(candidates.count > 3 ? ", ..." : "")); use the id"
    }
}
