import Foundation

/// One HTTP request as the simulator's handlers see it: independent of Hummingbird, so the
/// handlers are plain functions over values.
public struct SimRequest: Sendable {
    public var method: String
    /// The path segments, percent-decoded, without the service prefix once routed.
    public var segments: [String]
    /// The raw path as received (used to build links and to check AK/SK signatures).
    public var rawPath: String
    /// The query as received, still percent-encoded ("" when there is none).
    public var rawQuery: String
    /// The service prefix (e.g. `/networking`) this request's listener serves at its root
    /// (the VPC and ECS listeners of `--auth aksk`); nil on the main listener.
    public var mount: String?
    /// Query items in order, percent-decoded ('+' is a space, as webob reads it).
    public var query: [(name: String, value: String)]
    /// Header names are lower-cased.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// `http://host:port` as the client addressed us (from the Host header).
    public var hostURL: String

    public init(method: String, rawPath: String, rawQuery: String?, headers: [(String, String)], body: [UInt8], hostURL: String,
                mount: String? = nil)
    {
        self.method = method.uppercased()
        self.rawPath = rawPath
        self.rawQuery = rawQuery ?? ""
        self.mount = mount
        let segs = rawPath.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        // A mounted listener routes as if its prefix were there.
        self.segments = (mount.map { [String($0.drop { $0 == "/" })] } ?? []) + segs
        self.query = SimRequest.parseQuery(rawQuery ?? "")
        self.headers = headers.map { ($0.0.lowercased(), $0.1) }
        self.body = body
        self.hostURL = hostURL
    }

    /// Where a service's root is for links: `hostURL` plus the prefix, or just `hostURL` on the
    /// service's own listener.
    public func base(_ prefix: String) -> String { hostURL + (mount == nil ? prefix : "") }

    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first(where: { $0.name == n })?.value
    }

    public func headerValues(_ name: String) -> [String] {
        let n = name.lowercased()
        return headers.filter { $0.name == n }.map(\.value)
    }

    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }
    public func queryValue(_ name: String) -> String? { query.last(where: { $0.name == name })?.value }

    static func parseQuery(_ raw: String) -> [(name: String, value: String)] {
        guard !raw.isEmpty else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func dec(_ s: Substring) -> String {
                let plus = s.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            return (dec(parts[0]), parts.count > 1 ? dec(parts[1]) : "")
        }
    }
}

public struct SimResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers.map { (name: $0.0, value: $0.1) }
        self.body = body
    }

    static func json(_ status: Int, _ value: JSON, headers: [(String, String)] = []) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: value.serialized())
    }

    static func empty(_ status: Int, headers: [(String, String)] = []) -> SimResponse {
        SimResponse(status: status, headers: headers, body: [])
    }

    mutating func addHeader(_ name: String, _ value: String) { headers.append((name, value)) }
}

/// Percent-encoding for query values in links (urlencode as Python does: quote_plus).
enum URLEncoding {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    static func quotePlus(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if unreserved.contains(b) {
                out.append(Character(Unicode.Scalar(b)))
            } else if b == 0x20 {
                out.append("+")
            } else {
                out.append(String(format: "%%%02X", b))
            }
        }
        return out
    }

    static func encode(_ items: [(name: String, value: String)]) -> String {
        items.map { "\(quotePlus($0.name))=\(quotePlus($0.value))" }.joined(separator: "&")
    }
}
