import Foundation

// CloudAPI's own wire models (Codable). They are not shared with the simulator.

public struct Network: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var status: String?
    public var subnets: [String]
    public var shared: Bool?
    public var external: Bool?
    public var portSecurityEnabled: Bool?
    public var mtu: Int?
    public var projectID: String?
    public var revisionNumber: Int?

    enum CodingKeys: String, CodingKey {
        case id, name, status, subnets, shared, mtu
        case external = "router:external"
        case portSecurityEnabled = "port_security_enabled"
        case projectID = "project_id"
        case revisionNumber = "revision_number"
    }

    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        status = try c.decodeIfPresent(String.self, forKey: .status)
        subnets = try c.decodeIfPresent([String].self, forKey: .subnets) ?? []
        shared = try c.decodeIfPresent(Bool.self, forKey: .shared)
        external = try c.decodeIfPresent(Bool.self, forKey: .external)
        portSecurityEnabled = try c.decodeIfPresent(Bool.self, forKey: .portSecurityEnabled)
        mtu = try c.decodeIfPresent(Int.self, forKey: .mtu)
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID)
        revisionNumber = try c.decodeIfPresent(Int.self, forKey: .revisionNumber)
    }
}

public struct AllocationPool: Codable, Sendable, Equatable {
    public var start: String
    public var end: String
}

public struct Subnet: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var networkID: String
    public var cidr: String
    public var ipVersion: Int
    public var gatewayIP: String?
    public var allocationPools: [AllocationPool]
    public var enableDHCP: Bool?

    enum CodingKeys: String, CodingKey {
        case id, name, cidr
        case networkID = "network_id"
        case ipVersion = "ip_version"
        case gatewayIP = "gateway_ip"
        case allocationPools = "allocation_pools"
        case enableDHCP = "enable_dhcp"
    }

    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        networkID = try c.decodeIfPresent(String.self, forKey: .networkID) ?? ""
        cidr = try c.decodeIfPresent(String.self, forKey: .cidr) ?? ""
        ipVersion = try c.decodeIfPresent(Int.self, forKey: .ipVersion) ?? 4
        gatewayIP = try c.decodeIfPresent(String.self, forKey: .gatewayIP)
        allocationPools = try c.decodeIfPresent([AllocationPool].self, forKey: .allocationPools) ?? []
        enableDHCP = try c.decodeIfPresent(Bool.self, forKey: .enableDHCP)
    }
}

public struct FixedIP: Codable, Sendable, Equatable, Hashable {
    public var subnetID: String
    public var ipAddress: String

    public init(subnetID: String, ipAddress: String) {
        self.subnetID = subnetID
        self.ipAddress = ipAddress
    }

    enum CodingKeys: String, CodingKey {
        case subnetID = "subnet_id"
        case ipAddress = "ip_address"
    }

    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        subnetID = d.intern(try c.decodeIfPresent(String.self, forKey: .subnetID) ?? "")
        ipAddress = try c.decodeIfPresent(String.self, forKey: .ipAddress) ?? ""
    }
}

public struct AddressPair: Codable, Sendable, Equatable, Hashable {
    /// The pair that turns a NIC's source/destination check off (Huawei's convention).
    public static let checkOff = "1.1.1.1/0"

    public var ipAddress: String
    public var macAddress: String?

    public init(ipAddress: String, macAddress: String? = nil) {
        self.ipAddress = ipAddress
        self.macAddress = macAddress
    }

    enum CodingKeys: String, CodingKey {
        case ipAddress = "ip_address"
        case macAddress = "mac_address"
    }
}

public struct Port: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var networkID: String
    public var projectID: String?
    public var macAddress: String
    public var status: String
    public var adminStateUp: Bool?
    public var deviceID: String
    public var deviceOwner: String
    public var fixedIPs: [FixedIP]
    public var allowedAddressPairs: [AddressPair]
    public var securityGroups: [String]
    public var portSecurityEnabled: Bool?
    public var revisionNumber: Int?
    public var description: String

    enum CodingKeys: String, CodingKey {
        case id, name, status, description
        case networkID = "network_id"
        case projectID = "project_id"
        case macAddress = "mac_address"
        case adminStateUp = "admin_state_up"
        case deviceID = "device_id"
        case deviceOwner = "device_owner"
        case fixedIPs = "fixed_ips"
        case allowedAddressPairs = "allowed_address_pairs"
        case securityGroups = "security_groups"
        case portSecurityEnabled = "port_security_enabled"
        case revisionNumber = "revision_number"
    }

    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        networkID = d.intern(try c.decodeIfPresent(String.self, forKey: .networkID) ?? "")
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID).map(d.intern)
        macAddress = try c.decodeIfPresent(String.self, forKey: .macAddress) ?? ""
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? ""
        adminStateUp = try c.decodeIfPresent(Bool.self, forKey: .adminStateUp)
        deviceID = d.intern(try c.decodeIfPresent(String.self, forKey: .deviceID) ?? "")
        deviceOwner = d.intern(try c.decodeIfPresent(String.self, forKey: .deviceOwner) ?? "")
        fixedIPs = try c.decodeIfPresent([FixedIP].self, forKey: .fixedIPs) ?? []
        allowedAddressPairs = try c.decodeIfPresent([AddressPair].self, forKey: .allowedAddressPairs) ?? []
        securityGroups = d.intern(try c.decodeIfPresent([String].self, forKey: .securityGroups) ?? [])
        portSecurityEnabled = try c.decodeIfPresent(Bool.self, forKey: .portSecurityEnabled)
        revisionNumber = try c.decodeIfPresent(Int.self, forKey: .revisionNumber)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
    }

    public static let vipOwner = "neutron:VIP_PORT"
    public var isVIP: Bool { deviceOwner == Port.vipOwner }
    /// Huawei's convention: `1.1.1.1/0` in a NIC's pairs turns its source/destination check
    /// off. (Whether the check is off also depends on port security: VIPCore's
    /// `sourceDestCheckOff` is the one rule.)
    public var holdsCheckOffPair: Bool { allowedAddressPairs.contains { $0.ipAddress == AddressPair.checkOff } }
}

public struct Extension: Codable, Sendable, Equatable {
    public var alias: String
    public var name: String
}

public struct ServerAddress: Codable, Sendable, Equatable {
    public var addr: String
    public var version: Int?
    public var type: String?
    public var mac: String?
    public var portID: String?

    enum CodingKeys: String, CodingKey {
        case addr, version
        case type = "OS-EXT-IPS:type"
        case mac = "OS-EXT-IPS-MAC:mac_addr"
        case portID = "OS-EXT-IPS:port_id"
    }
}

public struct Server: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var status: String
    public var addresses: [String: [ServerAddress]]

    enum CodingKeys: String, CodingKey {
        case id, name, status, addresses
    }

    public init(id: String, name: String, status: String, addresses: [String: [ServerAddress]] = [:]) {
        self.id = id
        self.name = name
        self.status = status
        self.addresses = addresses
    }

    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? ""
        addresses = try c.decodeIfPresent([String: [ServerAddress]].self, forKey: .addresses) ?? [:]
    }

    /// Every fixed IP of the server, in network-name order.
    public var ipAddresses: [String] {
        addresses.keys.sorted().flatMap { k in (addresses[k] ?? []).filter { $0.type != "floating" }.map(\.addr) }
    }
}

/// A server NIC as `os-interface` describes it (or as built from a Neutron port).
public struct InterfaceAttachment: Codable, Sendable, Equatable {
    public var portID: String
    public var netID: String
    public var macAddr: String
    public var portState: String?
    public var fixedIPs: [FixedIP]

    public init(portID: String, netID: String, macAddr: String, portState: String?, fixedIPs: [FixedIP]) {
        self.portID = portID
        self.netID = netID
        self.macAddr = macAddr
        self.portState = portState
        self.fixedIPs = fixedIPs
    }

    enum CodingKeys: String, CodingKey {
        case portID = "port_id"
        case netID = "net_id"
        case macAddr = "mac_addr"
        case portState = "port_state"
        case fixedIPs = "fixed_ips"
    }
}
