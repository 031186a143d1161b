import Foundation

// Security groups, read only: what the doctor needs to tell whether VRRP (IP protocol 112)
// may pass between the NICs a VIP is bound to.

public struct SecurityGroupRule: Codable, Sendable, Equatable {
    public var id: String
    /// `ingress` or `egress`.
    public var direction: String
    /// `IPv4` or `IPv6`.
    public var ethertype: String
    /// nil (any), a name (`tcp`, `vrrp`, ...) or a number as text (`112`).
    public var ipProtocol: String?
    public var remoteIPPrefix: String?
    public var remoteGroupID: String?
    public var portRangeMin: Int?
    public var portRangeMax: Int?

    public init(id: String, direction: String, ethertype: String = "IPv4", ipProtocol: String? = nil,
                remoteIPPrefix: String? = nil, remoteGroupID: String? = nil, portRangeMin: Int? = nil, portRangeMax: Int? = nil)
    {
        self.id = id
        self.direction = direction
        self.ethertype = ethertype
        self.ipProtocol = ipProtocol
        self.remoteIPPrefix = remoteIPPrefix
        self.remoteGroupID = remoteGroupID
        self.portRangeMin = portRangeMin
        self.portRangeMax = portRangeMax
    }

    enum CodingKeys: String, CodingKey {
        case id, direction, ethertype
        case ipProtocol = "protocol"
        case remoteIPPrefix = "remote_ip_prefix"
        case remoteGroupID = "remote_group_id"
        case portRangeMin = "port_range_min"
        case portRangeMax = "port_range_max"
    }

    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        direction = try c.decodeIfPresent(String.self, forKey: .direction) ?? ""
        ethertype = try c.decodeIfPresent(String.self, forKey: .ethertype) ?? "IPv4"
        // Neutron answers the protocol as a string; some clouds answer a number.
        if let s = try? c.decodeIfPresent(String.self, forKey: .ipProtocol) {
            ipProtocol = s
        } else if let n = try? c.decodeIfPresent(Int.self, forKey: .ipProtocol) {
            ipProtocol = String(n)
        } else {
            ipProtocol = nil
        }
        remoteIPPrefix = try c.decodeIfPresent(String.self, forKey: .remoteIPPrefix)
        remoteGroupID = try c.decodeIfPresent(String.self, forKey: .remoteGroupID)
        portRangeMin = try? c.decodeIfPresent(Int.self, forKey: .portRangeMin)
        portRangeMax = try? c.decodeIfPresent(Int.self, forKey: .portRangeMax)
    }

    /// Whether the rule lets VRRP (IP protocol 112) through: any protocol, `vrrp` or `112`.
    public var allowsVRRP: Bool {
        guard let p = ipProtocol?.lowercased(), !p.isEmpty else { return true }
        return p == "vrrp" || p == "112" || p == "any"
    }
}

public struct SecurityGroup: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var rules: [SecurityGroupRule]

    public init(id: String, name: String, rules: [SecurityGroupRule]) {
        self.id = id
        self.name = name
        self.rules = rules
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case rules = "security_group_rules"
    }

    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        rules = try c.decodeIfPresent([SecurityGroupRule].self, forKey: .rules) ?? []
    }
}

extension NeutronAPI {
    /// `GET /v2.0/security-groups` (every page), each group with its rules.
    public func securityGroups(filters: [(String, String)] = []) async throws(CloudError) -> [SecurityGroup] {
        var out: [SecurityGroup] = []
        do {
            // The path says `security-groups`, the body `security_groups`.
            for try await page in Paging.pages(session: session, service: .network, path: "/security-groups", collection: "security_groups",
                                               of: SecurityGroup.self, filters: filters, limit: pageSize)
            {
                out += page
            }
        } catch {
            throw CloudSession.asCloudError(error)
        }
        return out
    }
}
