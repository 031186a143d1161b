// The simulator's stored resources. Plain values; all mutation happens inside `CloudState`
// methods, called from the engine actor.

struct Domain: Sendable {
    var id: String
    var name: String
    var enabled = true
}

struct Project: Sendable {
    var id: String
    var name: String
    var domainID: String
    var enabled = true
}

struct User: Sendable {
    var id: String
    var name: String
    var domainID: String
    var password: String
    var enabled = true
}

struct Role: Sendable {
    var id: String
    var name: String
}

struct ApplicationCredential: Sendable {
    var id: String
    var name: String
    var userID: String
    var projectID: String
    var secret: String
    var roleNames: [String]
    var unrestricted = false
}

struct Token: Sendable {
    var id: String
    var userID: String
    var projectID: String?
    var domainID: String?  // domain scope
    var methods: [String]
    var issuedAt: Double
    var expiresAt: Double
    var auditID: String
    var appCredID: String?
    var roleNames: [String]
}

struct Network: Sendable {
    var id: String
    var name: String
    var projectID: String
    var description = ""
    var adminStateUp = true
    var shared = false
    var external = false
    var mtu = 1450
    var portSecurityEnabled = true
    var subnetIDs: [String] = []
    var tags: [String] = []
    var revision = 1
    var createdAt: Double
    var updatedAt: Double
}

struct AllocationPool: Sendable, Equatable {
    var start: IPAddress
    var end: IPAddress
    func contains(_ ip: IPAddress) -> Bool { ip.version == start.version && ip >= start && ip <= end }
    var size: UInt128 { end.raw - start.raw + 1 }
}

struct Subnet: Sendable {
    var id: String
    var name: String
    var projectID: String
    var networkID: String
    var cidr: CIDR
    var gatewayIP: IPAddress?
    var pools: [AllocationPool]
    var enableDHCP = true
    var dnsNameservers: [String] = []
    var hostRoutes: [JSON] = []
    var description = ""
    var tags: [String] = []
    var ipv6RAMode: String?
    var ipv6AddressMode: String?
    var revision = 0
    var createdAt: Double
    var updatedAt: Double
    /// Fixed IPs held by ports in this subnet.
    var allocated: Set<IPAddress> = []
    /// Where the next automatic allocation starts looking (keeps allocation O(1) amortised).
    var cursor: UInt128 = 0

    var ipVersion: Int { cidr.version }
    func inPools(_ ip: IPAddress) -> Bool { pools.contains { $0.contains(ip) } }
    var poolSize: UInt128 { pools.reduce(0) { $0 + $1.size } }
}

struct AddressPair: Sendable, Equatable {
    var ipAddress: String  // stored verbatim, e.g. "1.1.1.1/0"
    var macAddress: String
}

struct FixedIP: Sendable, Equatable {
    var subnetID: String
    var ip: IPAddress
}

struct Port: Sendable {
    var id: String
    var name: String
    var description = ""
    var networkID: String
    var projectID: String
    var macAddress: String
    var adminStateUp = true
    var status = "DOWN"
    var deviceID = ""
    var deviceOwner = ""
    var fixedIPs: [FixedIP] = []
    var pairs: [AddressPair] = []
    var securityGroups: [String] = []
    var portSecurityEnabled = true
    var tags: [String] = []
    var bindingVnicType = "normal"
    var revision = 1
    var createdAt: Double
    var updatedAt: Double
}

struct SecurityGroup: Sendable {
    var id: String
    var name: String
    var projectID: String
    var description: String
    var stateful = true
    var revision = 1
    var createdAt: Double
    var updatedAt: Double
}

struct Server: Sendable {
    var id: String
    var name: String
    var projectID: String
    var userID: String
    var status = "ACTIVE"
    var availabilityZone = "nova"
    var flavorName = "m1.small"
    var flavorID = "2"
    var imageID = "a1b2c3d4-0000-4000-8000-000000000001"
    var keyName: String?
    var metadata: [String: String] = [:]
    var hostID = ""
    var createdAt: Double
    var updatedAt: Double
}
