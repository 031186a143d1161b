/// How a simulator instance behaves. Everything here maps to a `vipctl sim` flag.
public struct SimulatorConfig: Sendable {
    public enum Flavor: String, Sendable, CaseIterable {
        /// Vanilla Keystone 30 / Neutron 29 / Nova 34 behaviour.
        case openstack
        /// Huawei Cloud / HCS differences (see the reference, section 4).
        case huawei
    }

    public enum Scenario: String, Sendable, CaseIterable {
        case demo, empty, scale
        /// For contention and fault tests: network `ha-net` (10.20.0.0/16), servers `node-01`
        /// ... `node-40` with one NIC each, unbound VIPs `vip-ha`, `vip-ha-2` ... `vip-ha-5`.
        case contention
    }

    /// How Neutron and Nova requests authenticate.
    public enum Auth: String, Sendable, CaseIterable {
        /// Keystone tokens (`X-Auth-Token`).
        case password
        /// Huawei's API gateway: AK/SK-signed requests only, VPC and ECS also on their own
        /// listeners (see `Gateway`, `SimulatorServer`).
        case aksk
    }

    public var flavor: Flavor = .openstack
    public var auth: Auth = .password
    /// A hardware-SDN region: allowed address pairs take single IPs, never CIDRs (huawei flavor).
    public var hardwareSDN = false
    public var scenario: Scenario = .demo
    public var scalePorts = 100_000
    public var scaleServers = 20_000
    public var scaleNetworks = 20
    /// Token lifetime in seconds; nil means the flavor's default (3600, Huawei 86400).
    public var tokenTTL: Double?
    /// Added to every response.
    public var latencyMS = 0
    /// Load at start, save atomically (temp file + rename) after changes.
    public var statePath: String?
    /// `max_allowed_address_pair`; nil means the default: neutron's 10, or 64 in the
    /// contention scenario (so 40 servers can be bound to one VIP).
    public var maxAddressPairs: Int?
    /// `pagination_max_limit`; nil means the flavor's default (1000, as the CI lane's real
    /// neutron is configured; Huawei returns at most 2000 records per call).
    public var paginationMaxLimit: Int?
    /// Whether the catalog lists Nova (false: a Neutron-only cloud, like the CI's real lane).
    public var computeInCatalog = true
    /// Upper bound on request bodies.
    public var maxBodyBytes = 4 << 20

    public init() {}

    var effectiveTokenTTL: Double { tokenTTL ?? (flavor == .huawei ? 86400 : 3600) }
    var effectiveMaxAddressPairs: Int { maxAddressPairs ?? (scenario == .contention ? 64 : 10) }
    var effectivePaginationMaxLimit: Int { paginationMaxLimit ?? (flavor == .huawei ? 2000 : 1000) }
    var isHuawei: Bool { flavor == .huawei }
}

/// The credentials every scenario creates. Printed by `vipctl sim` as `OS_*` exports.
public enum SimulatorDefaults {
    /// The most latency (ms) the command line or a fault document may add: two minutes. A
    /// larger number used to overflow the sleep's nanoseconds and crash the simulator at the
    /// first request (inside `vipctl demo` any local user can reach `/__sim`).
    public static let maxLatencyMS = 120_000
    /// The longest token lifetime `--token-ttl` accepts (a year, in seconds).
    public static let maxTokenTTL = 31_536_000
    /// The most ports (and servers) `--scenario scale` builds: it stays in memory and in 10.0.0.0/8.
    public static let maxScalePorts = 1_000_000
    /// The most networks `--scenario scale` spreads them over.
    public static let maxScaleNetworks = 4096
    public static let user = "demo"
    public static let password = "demo-secret"
    public static let project = "demo"
    /// User demo's project in the huawei flavor: on Huawei the project is named after the
    /// region (reference 4.2).
    public static let huaweiProject = "cn-north-4"

    /// User demo's project in `flavor`: the one decision, for the simulator, `vipctl sim`'s
    /// exports and `vipctl demo`.
    public static func project(for flavor: SimulatorConfig.Flavor) -> String {
        flavor == .huawei ? huaweiProject : project
    }
    public static let domain = "Default"
    public static let domainID = "default"
    public static let region = "RegionOne"
    /// A second tenant, for isolation tests.
    public static let otherUser = "alt"
    public static let otherPassword = "alt-secret"
    public static let otherProject = "alt"
    /// An application credential of user demo on project demo.
    public static let appCredentialName = "vipctl-ci"
    public static let appCredentialSecret = "demo-appcred-secret"
    /// The access key / secret key of user demo that `--auth aksk` accepts (20 and 40
    /// characters, the shape of Huawei's).
    public static let accessKey = "VIPCTLSIMDEMOAK00001"
    public static let secretKey = "vipctlSimDemoSecretKey000000000000000001"
    /// The AK/SK of user alt, for isolation tests.
    public static let otherAccessKey = "VIPCTLSIMALTAK000002"
    public static let otherSecretKey = "vipctlSimAltSecretKey0000000000000000002"
}
