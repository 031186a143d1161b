import L10n

/// Everything that can go wrong talking to a cloud, typed, each with a one-line human message
/// fit for a status bar. Messages never contain a password, token or secret. The words are
/// chosen when the message is shown (`oneLine` reads `L10n.lang`), not when the error is thrown.
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
            return CloudText.net(.responseTooLarge, url, CloudError.size(limit)).text
        case .config(let c): return c.oneLine
        case .lookup(let l): return l.oneLine
        case .noEndpoint(let s, let i, let r):
            return CloudText.err(.noEndpoint, s, i, r.map { CloudText.err(.inRegion, $0) } ?? "", s.uppercased()).text
        }
    }

    /// `64 MiB`, `512 KiB`, `300 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1_048_576 { return bytes % 1_048_576 == 0 ? "\(bytes / 1_048_576) MiB" : String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        if bytes >= 1024 { return "\(bytes / 1024) KiB" }
        return TransportText.sizeBytes(bytes)
    }

    /// A write refused locally because the session is read-only (nothing was sent).
    ///
    /// Carried as a `.config` error (so that exhaustive switches over `CloudError` elsewhere
    /// keep compiling); `readOnlyRefusal` tells it apart.
    public static func readOnly(method: String, path: String) -> CloudError {
        .config(ConfigError(text: .err(.readOnly, method.uppercased(), path),
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
    /// The service's own message (as sent), or vipctl's words about the answer (a redirect,
    /// an empty body, pagination that never ends) in the language in effect.
    public var message: String? { note?.text ?? cloudMessage }
    public let requestID: String?
    /// The message as the service sent it.
    let cloudMessage: String?
    /// vipctl's words, put together when shown.
    let note: CloudText?

    public init(service: String, method: String, path: String, status: Int, type: String?, message: String?, requestID: String?) {
        self.service = service
        self.method = method
        self.path = path
        self.status = status
        self.type = type
        self.cloudMessage = message
        self.note = nil
        self.requestID = requestID
    }

    /// A failure described in vipctl's words (`note`), not the service's.
    init(service: String, method: String, path: String, status: Int, type: String?, note: CloudText, requestID: String?) {
        self.service = service
        self.method = method
        self.path = path
        self.status = status
        self.type = type
        self.cloudMessage = nil
        self.note = note
        self.requestID = requestID
    }

    /// The same facts as `oneLine` with the request id before the message, so that a line cut
    /// at the terminal's width still shows status, type and request id.
    public var statusFirstLine: String {
        var s = "\(serviceName) \(status)"
        if let type { s += " \(type)" }
        if let requestID { s += " [\(requestID)]" }
        if let message, !message.isEmpty { s += ": " + String(message.prefix { $0 != "\n" }) }
        if status == 401 && service == "identity" { s += ErrorText.keystone401Hint.text }
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
        if status == 401 && service == "identity" { s += ErrorText.keystone401Hint.text }
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
        let limit = seconds.map { CloudText.net(.withinSeconds, Paging.format($0)) } ?? ""
        switch detail {
        case "connect": return CloudText.net(.timeoutConnect, url, limit).text
        case "read": return CloudText.net(.timeoutRead, url, limit).text
        case "total": return CloudText.net(.timeoutTotal, url, limit).text
        default: return CloudText.net(.timeoutOther, url, detail).text
        }
    }

    /// The `detail` of a `.reset` when the answer stopped short of its Content-Length.
    public static let cutShort = TransportText.cutShort.text(in: .en)
    /// The `detail` of an `.other` when the bytes that came back are not HTTP.
    static let notHTTP = TransportText.notHTTP.text(in: .en)
    /// The `detail` of an `.other` when the wait before a retry was cancelled.
    static let cancelled = TransportText.cancelled.text(in: .en)
    /// The `detail`s of a `.tls`.
    static let tlsNotTrusted = TransportText.tlsNotTrusted.text(in: .en)
    static let tlsNameMismatch = TransportText.tlsNameMismatch.text(in: .en)
    static let tlsHandshake = TransportText.tlsHandshake.text(in: .en)

    /// `detail` (kept in English: code and tests match it) in the language in effect, when
    /// it is one of vipctl's own; a library's text is shown as it is.
    var detailText: CloudText {
        switch detail {
        case Self.cutShort: return .net(.cutShort)
        case Self.notHTTP: return .net(.notHTTP)
        case Self.cancelled: return .net(.cancelled)
        case Self.tlsNotTrusted: return .net(.tlsNotTrusted)
        case Self.tlsHandshake: return .net(.tlsHandshake)
        case Self.tlsNameMismatch: return .net(.tlsNameMismatch)
        default:
            if detail.hasPrefix(Self.tlsNameMismatch + " ") {
                return .net(.tlsNameMismatchHost, String(detail.dropFirst(Self.tlsNameMismatch.count + 1)))
            }
            return .raw(detail)
        }
    }

    /// One line, inert (see `Inert`).
    public var oneLine: String { Inert.field(rawLine) }

    var rawLine: String {
        switch kind {
        case .refused: return CloudText.net(.refused, url).text
        case .timeout: return timeoutLine
        case .tls:
            // cacert cannot fix a certificate issued for another name.
            if detail.hasPrefix(Self.tlsNameMismatch) { return CloudText.net(.tlsWrongName, url, detailText).text }
            return CloudText.net(.tlsOther, url, detailText).text
        case .dns: return CloudText.net(.dns, url).text
        case .reset:
            if detail == TransportFailure.cutShort { return CloudText.net(.resetCutShort, url).text }
            return CloudText.net(.reset, url).text
        case .other: return CloudText.net(.other, url, detailText).text
        }
    }
}

public struct UndecodableBody: Sendable, Equatable {
    public let url: String
    public let status: Int
    public let contentType: String?
    /// What was wrong with the body, in the language in effect.
    public var reason: String { reasonText.text }
    let reasonText: CloudText
    public let requestID: String?
    /// `identity`, `network`, `compute`, when known.
    public let service: String?
    public let method: String?

    public init(url: String, status: Int, contentType: String?, reason: String, requestID: String?,
                service: String? = nil, method: String? = nil) {
        self.init(url: url, status: status, contentType: contentType, reasonText: .raw(reason), requestID: requestID,
                  service: service, method: method)
    }

    init(url: String, status: Int, contentType: String?, reasonText: CloudText, requestID: String?,
         service: String? = nil, method: String? = nil) {
        self.url = url
        self.status = status
        self.contentType = contentType
        self.reasonText = reasonText
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
        var reason: CloudText
        if resp.body.isEmpty {
            reason = .err(.reasonEmpty)
        } else if looksHTML {
            reason = .err(.reasonHTML)
        } else {
            reason = CloudJSON.describe(error)
        }
        if resp.body.count >= 1_048_576 { reason = .err(.reasonLargeAnswer, reason, CloudError.size(resp.body.count)) }
        return UndecodableBody(url: resp.path ?? url, status: resp.status, contentType: looksHTML ? "text/html" : ctype, reasonText: reason,
                               requestID: resp.requestID, service: resp.service, method: resp.method)
    }

    /// One line, inert (see `Inert`).
    public var oneLine: String { Inert.field(rawLine) }

    var rawLine: String {
        var s: String
        if let service, let method {
            let name = HTTPFailure(service: service, method: method, path: url, status: status, type: nil, message: nil, requestID: nil).serviceName
            if contentType?.contains("html") == true {
                s = CloudText.err(.htmlWithRequest, name, method, url, status).text
            } else {
                s = CloudText.err(.unreadableWithRequest, name, method, url, status, reasonText).text
            }
        } else if contentType?.contains("html") == true {
            s = CloudText.err(.htmlNoRequest, status, url).text
        } else {
            s = CloudText.err(.unreadableNoRequest, status, url, reasonText).text
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
    /// What is wrong, in the language in effect.
    public var message: String { text.text }
    /// The message, put into words when shown.
    let text: CloudText
    /// Set when this is read-only mode refusing a write (see `CloudError.readOnly`).
    public let refusedWrite: RefusedWrite?

    public init(file: String? = nil, line: Int? = nil, key: String? = nil, message: String, refusedWrite: RefusedWrite? = nil) {
        self.init(file: file, line: line, key: key, text: .raw(message), refusedWrite: refusedWrite)
    }

    init(file: String? = nil, line: Int? = nil, key: String? = nil, text: CloudText, refusedWrite: RefusedWrite? = nil) {
        self.file = file
        self.line = line
        self.key = key
        self.text = text
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
        if candidates.isEmpty { return CloudText.err(.lookupNone, kindName(plural: false), name).text }
        let listed = candidates.prefix(3).joined(separator: ", ") + (candidates.count > 3 ? ", ..." : "")
        return CloudText.err(.lookupMany, name, candidates.count, kindName(plural: true), listed).text
    }

    /// `server`, `ports`, `VIPs`: the catalog's word for the kinds vipctl looks up, else the
    /// kind as given (with an `s` for more than one).
    func kindName(plural: Bool) -> CloudText {
        let words: [String: (one: Common, many: Common)] = [
            "server": (.server, .servers), "network": (.network, .networks), "subnet": (.subnet, .subnets),
            "port": (.port, .ports), "VIP": (.vip, .vips), "NIC": (.nic, .nics),
        ]
        guard let w = words[kind] else { return .raw(plural ? kind + "s" : kind) }
        return .common(plural ? w.many : w.one)
    }
}
