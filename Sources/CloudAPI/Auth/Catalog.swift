import Foundation

/// The service catalog from a Keystone token, and endpoint selection as keystoneauth does it:
/// by service type, interface (default public; `publicURL` style accepted) and region
/// (`region_id`, falling back to `region`), skipping empty URLs.
public struct ServiceCatalog: Sendable, Equatable {
    public struct Endpoint: Sendable, Equatable, Decodable {
        public let interface: String
        public let url: String
        public let regionID: String?
        public let region: String?

        enum CodingKeys: String, CodingKey {
            case interface, url, region
            case regionID = "region_id"
        }
    }

    public struct Service: Sendable, Equatable, Decodable {
        public let type: String
        public let name: String?
        public let endpoints: [Endpoint]
    }

    public let services: [Service]

    public init(services: [Service]) { self.services = services }

    static let aliases: [String: [String]] = [
        "network": ["network"],
        "compute": ["compute"],
        "identity": ["identity"],
    ]

    public func url(type: String, interface: String, region: String?) -> String? {
        let iface = interface.hasSuffix("URL") ? String(interface.dropLast(3)) : interface
        let types = ServiceCatalog.aliases[type] ?? [type]
        for s in services where types.contains(s.type) {
            for e in s.endpoints where e.interface == iface && !e.url.isEmpty {
                if let region, (e.regionID ?? e.region) != region { continue }
                return e.url
            }
        }
        return nil
    }
}

/// Turns a catalog (or override) URL into the base the client appends API paths to.
public enum EndpointBase {
    /// Neutron: the catalog URL is usually version-less (`http://host:9696`); `/v2.0` is
    /// appended unless it is already there. An override is used as given.
    public static func network(_ url: String, override: Bool) -> String {
        let u = trimSlash(url)
        if override || u.hasSuffix("/v2.0") { return u }
        return u + "/v2.0"
    }

    /// Nova: the catalog URL normally holds `/v2.1` (often `/v2.1/{project_id}`); a
    /// version-less URL gets `/v2.1`. Project-id templates are filled in.
    public static func compute(_ url: String, projectID: String?, override: Bool) -> String {
        var u = trimSlash(url)
        if let p = projectID {
            for t in ["{project_id}", "$(project_id)s", "%(project_id)s", "$(tenant_id)s", "%(tenant_id)s", "{tenant_id}"] {
                u = u.replacingOccurrences(of: t, with: p)
            }
        }
        if override { return u }
        let path = URLComponents(string: u)?.path ?? ""
        if path.contains("/v2.1") || path.contains("/v2/") || path.hasSuffix("/v2") { return u }
        return u + "/v2.1"
    }

    static func trimSlash(_ s: String) -> String {
        var u = s
        while u.hasSuffix("/") { u.removeLast() }
        return u
    }
}
