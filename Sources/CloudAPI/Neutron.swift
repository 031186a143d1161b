import Foundation
import L10n

/// Neutron v2.0 over a `CloudSession`.
public struct NeutronAPI: Sendable {
    public let session: CloudSession
    /// Page size for listings (Huawei returns at most 2000 per call; real neutron is often
    /// configured with 1000).
    public var pageSize: Int

    public init(session: CloudSession, pageSize: Int = 1000) {
        self.session = session
        self.pageSize = pageSize
    }

    /// Decodes an answer's body; what cannot be read becomes one line naming the service,
    /// method, path and status and what was wrong (empty, HTML, malformed JSON, a missing field).
    static func decode<T: Decodable>(_ type: T.Type, _ resp: APIResponse, url: String,
                                     userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws(CloudError) -> T
    {
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        do { return try decoder.decode(T.self, from: Data(resp.body)) } catch {
            throw .undecodable(UndecodableBody.describing(resp, url: url, error: error))
        }
    }

    // MARK: listing with pagination

    /// Pages of a collection as they arrive (see `Paging.pages`).
    public func pages<T: Decodable & Sendable>(_ collection: String, of type: T.Type,
                                               filters: [(String, String)] = []) -> AsyncThrowingStream<[T], any Error>
    {
        Paging.pages(session: session, service: .network, path: "/" + collection, collection: collection, of: T.self, filters: filters,
                     limit: pageSize)
    }

    /// Every item of a collection (all pages).
    public func all<T: Decodable & Sendable>(_ collection: String, of type: T.Type,
                                             filters: [(String, String)] = []) async throws(CloudError) -> [T]
    {
        var out: [T] = []
        do {
            for try await page in pages(collection, of: T.self, filters: filters) { out += page }
        } catch {
            throw CloudSession.asCloudError(error)
        }
        return out
    }

    public func networks(filters: [(String, String)] = []) async throws(CloudError) -> [Network] {
        try await all("networks", of: Network.self, filters: filters)
    }

    public func subnets(filters: [(String, String)] = []) async throws(CloudError) -> [Subnet] {
        try await all("subnets", of: Subnet.self, filters: filters)
    }

    public func ports(filters: [(String, String)] = []) async throws(CloudError) -> [Port] {
        try await all("ports", of: Port.self, filters: filters)
    }

    public func portPages(filters: [(String, String)] = []) -> AsyncThrowingStream<[Port], any Error> {
        pages("ports", of: Port.self, filters: filters)
    }

    /// The ports one page at a time, fetched when asked for (see `PageCursor`).
    public func portCursor(filters: [(String, String)] = []) -> PageCursor<Port> {
        PageCursor(session: session, service: .network, path: "/ports", collection: "ports", of: Port.self, filters: filters,
                   limit: pageSize)
    }

    // MARK: single resources

    public func port(_ id: String) async throws(CloudError) -> Port {
        let r = try await session.request(.network, "GET", "/ports/" + NeutronAPI.pathEscape(id))
        return try NeutronAPI.decode(PortBody.self, r, url: "/ports/{id}").port
    }

    public func network(_ id: String) async throws(CloudError) -> Network {
        let r = try await session.request(.network, "GET", "/networks/" + NeutronAPI.pathEscape(id))
        struct B: Decodable { let network: Network }
        return try NeutronAPI.decode(B.self, r, url: "/networks/{id}").network
    }

    public func subnet(_ id: String) async throws(CloudError) -> Subnet {
        let r = try await session.request(.network, "GET", "/subnets/" + NeutronAPI.pathEscape(id))
        struct B: Decodable { let subnet: Subnet }
        return try NeutronAPI.decode(B.self, r, url: "/subnets/{id}").subnet
    }

    struct PortBody: Decodable { let port: Port }

    /// Creates a port from a JSON object body (the `port` object's content).
    public func createPort(_ attributes: [String: any Sendable]) async throws(CloudError) -> Port {
        let body = CloudJSON.encode(["port": attributes])
        let r = try await session.request(.network, "POST", "/ports", body: body)
        return try NeutronAPI.decode(PortBody.self, r, url: "/ports").port
    }

    /// Updates a port; with `ifRevision`, sends `If-Match: revision_number=N` (a 412 means
    /// someone else changed the port since it was read).
    public func updatePort(_ id: String, _ attributes: [String: any Sendable], ifRevision: Int? = nil) async throws(CloudError) -> Port {
        let body = CloudJSON.encode(["port": attributes])
        var headers: [(String, String)] = []
        if let rev = ifRevision { headers.append(("If-Match", "revision_number=\(rev)")) }
        let r = try await session.request(.network, "PUT", "/ports/" + NeutronAPI.pathEscape(id), body: body, headers: headers)
        return try NeutronAPI.decode(PortBody.self, r, url: "/ports/{id}").port
    }

    public func deletePort(_ id: String, ifRevision: Int? = nil) async throws(CloudError) {
        var headers: [(String, String)] = []
        if let rev = ifRevision { headers.append(("If-Match", "revision_number=\(rev)")) }
        _ = try await session.request(.network, "DELETE", "/ports/" + NeutronAPI.pathEscape(id), headers: headers)
    }

    // MARK: writes with an exact body (what a plan shows is what is sent)

    /// `POST /ports` with `body` sent byte for byte (a JSON text `{"port":{...}}`).
    public func createPort(rawBody body: String) async throws(CloudError) -> Port {
        let r = try await session.request(.network, "POST", "/ports", body: Array(body.utf8))
        return try NeutronAPI.decode(PortBody.self, r, url: "/ports").port
    }

    /// `PUT /ports/{id}` with `body` sent byte for byte; with `ifRevision`, `If-Match:
    /// revision_number=N` (a 412 means the port changed since it was read).
    public func updatePort(_ id: String, rawBody body: String, ifRevision: Int? = nil) async throws(CloudError) -> Port {
        var headers: [(String, String)] = []
        if let rev = ifRevision { headers.append(("If-Match", "revision_number=\(rev)")) }
        let r = try await session.request(.network, "PUT", "/ports/" + NeutronAPI.pathEscape(id), body: Array(body.utf8), headers: headers)
        return try NeutronAPI.decode(PortBody.self, r, url: "/ports/{id}").port
    }

    /// What a write's answer said: the port (for POST and PUT), the status, the request id.
    public struct WriteAnswer: Sendable {
        public let port: Port?
        public let status: Int
        public let requestID: String?
    }

    /// `POST /ports` (`portID` nil), `PUT` or `DELETE /ports/{id}` with `body` sent byte for
    /// byte; with `ifRevision`, `If-Match: revision_number=N`.
    public func writePort(_ method: String, _ portID: String?, rawBody body: String?, ifRevision: Int? = nil) async throws(CloudError) -> WriteAnswer {
        var headers: [(String, String)] = []
        if let rev = ifRevision { headers.append(("If-Match", "revision_number=\(rev)")) }
        let path = portID.map { "/ports/" + NeutronAPI.pathEscape($0) } ?? "/ports"
        let r = try await session.request(.network, method, path, body: body.map { Array($0.utf8) }, headers: headers)
        let port = method == "DELETE" ? nil : try NeutronAPI.decode(PortBody.self, r, url: portID == nil ? "/ports" : "/ports/{id}").port
        return WriteAnswer(port: port, status: r.status, requestID: r.requestID)
    }

    public func extensions() async throws(CloudError) -> [Extension] {
        let r = try await session.request(.network, "GET", "/extensions")
        struct B: Decodable { let extensions: [Extension] }
        return try NeutronAPI.decode(B.self, r, url: "/extensions").extensions
    }

    /// Whether the cloud honours `If-Match: revision_number=N` (extension `revision-if-match`).
    public func supportsRevisionIfMatch() async throws(CloudError) -> Bool {
        try await extensions().contains { $0.alias == "revision-if-match" }
    }

    static func pathEscape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: QueryEncoding.allowed) ?? s
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init?(stringValue: String) { self.stringValue = stringValue }
    init(_ name: String) { stringValue = name }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// JSON helpers for request bodies built from dictionaries.
public enum CloudJSON {
    public static func encode(_ object: [String: any Sendable]) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return [UInt8](data)
    }

    static func describe(_ error: any Error) -> CloudText {
        if let d = error as? DecodingError {
            switch d {
            case .dataCorrupted(let c):
                var detail = c.debugDescription
                if let u = c.underlyingError { detail += " " + String(describing: u) }
                let short = detail.count > 160 ? String(detail.prefix(160)) + "…" : detail
                return .err(.reasonMalformedDetail, short, at(c.codingPath))
            case .keyNotFound(let k, let c):
                if c.codingPath.isEmpty, let missing = PageWrapperError.missingList(k.stringValue, c.debugDescription) { return missing }
                return .err(.reasonMissingField, k.stringValue, at(c.codingPath))
            case .typeMismatch(let t, let c): return .err(.reasonUnexpectedType, typeName(t), at(c.codingPath))
            case .valueNotFound(_, let c): return .err(.reasonMissingValue, at(c.codingPath))
            @unknown default: return .err(.reasonUndecodable)
            }
        }
        return .err(.reasonUndecodable)
    }

    /// ` at ports[3].fixed_ips`, or nothing for the top.
    static func at(_ path: [any CodingKey]) -> CloudText {
        var s = ""
        for k in path {
            if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
        }
        return s.isEmpty ? "" : .err(.atPath, s)
    }

    static func typeName(_ t: Any.Type) -> CloudText {
        switch t {
        case is String.Type: return .err(.typeString)
        case is Int.Type, is Double.Type: return .err(.typeNumber)
        case is Bool.Type: return .err(.typeBool)
        default:
            let name = String(describing: t)
            if name.hasPrefix("Array") || name.hasPrefix("Set") { return .err(.typeList) }
            return .err(.typeObject)
        }
    }
}
