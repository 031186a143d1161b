/// A fully resolved cloud: where to authenticate, as whom, and how to reach the services.
/// Built by `ConfigLoader` from clouds.yaml, secure.yaml, `OS_*` and flags.
public struct CloudConfig: Sendable, Equatable {
    public enum Auth: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        case password(user: UserRef, password: String?)
        case applicationCredential(id: String?, name: String?, user: UserRef?, secret: String)
        /// Huawei Cloud's access key and secret key: every request signed, no token, no catalog.
        case accessKey(AccessKey)

        /// Never the password or the secret: a config printed by mistake (`"\(config)"`, `dump`,
        /// a failed test's expectation) shows `***`.
        public var description: String {
            switch self {
            case .password(let u, let pw):
                return "password(user: \(u), password: \(pw == nil ? "nil" : "***"))"
            case .applicationCredential(let id, let name, let u, _):
                return "applicationCredential(id: \(id ?? "nil"), name: \(name ?? "nil"), user: \(u.map { "\($0)" } ?? "nil"), secret: ***)"
            case .accessKey(let k):
                return k.description
            }
        }

        public var debugDescription: String { description }

        public var customMirror: Mirror { Mirror(self, children: ["auth": description]) }
    }

    /// A user or a project: by id, or by name within a domain (by id or name).
    public struct Ref: Sendable, Equatable {
        public var id: String?
        public var name: String?
        public var domainID: String?
        public var domainName: String?
        public init(id: String? = nil, name: String? = nil, domainID: String? = nil, domainName: String? = nil) {
            self.id = id
            self.name = name
            self.domainID = domainID
            self.domainName = domainName
        }
    }

    public typealias UserRef = Ref
    public typealias ProjectRef = Ref

    /// Seconds. `connect`: to open a connection (`connect_timeout`, `--connect-timeout`);
    /// `read`: the longest wait with no byte of the answer; `total`: one whole request.
    /// `api_timeout` / `--timeout` sets both `read` and `total` (the longest one request may take).
    public struct Timeouts: Sendable, Equatable {
        public var connect: Double = 10
        public var read: Double = 60
        public var total: Double = 120
        public init() {}

        /// The accepted ranges (seconds) for `connect_timeout` and `api_timeout`.
        public static let connectRange: ClosedRange<Double> = 1...600
        public static let requestRange: ClosedRange<Double> = 1...3600
    }

    /// The name shown in the header and in messages ("envvars" for a cloud from `OS_*`).
    public var name: String
    public var authURL: String
    public var auth: Auth
    public var project: ProjectRef?
    public var regionName: String?
    /// `public`, `internal` or `admin`.
    public var interface: String = "public"
    /// Service type (`network`, `compute`, `identity`) -> URL used as given.
    public var endpointOverrides: [String: String] = [:]
    public var verifyTLS = true
    public var cacertPath: String?
    public var timeouts = Timeouts()
    /// Responses larger than this are refused (protects a jump host's memory): reading stops at
    /// this size. 64 MiB holds a page of 2000 ports (Huawei's largest page) at ~30 KiB each, or a
    /// whole unpaged list of tens of thousands of ports at the usual ~1.5 KiB.
    public var maxResponseBytes = 64 << 20
    /// One listing reads at most this many pages: a server that never stops sending `next`
    /// gets an error. 20,000 pages: at neutron's usual page of 1000 that is 20 million items,
    /// and a server that clamps pages to a single item still lists 20,000 (the pagination test
    /// pages 10,000 ports one by one).
    public var maxPages = 20_000
    /// One listing takes at most this many seconds, however many pages (a server that answers
    /// slowly and never ends the list). Fifteen minutes: a real list of 100k ports at 1000 a page
    /// is 100 pages, about a minute even on a slow cloud.
    public var listingDeadline: Double = 900
    // vipctl's own settings, typed and checked once, by the loader (a bad value is a config
    // error naming the file and line, for the UI and the commands alike).

    /// `vip_strategy` (clouds.yaml, `OS_VIP_STRATEGY`): `huawei` or `openstack`, lowercased;
    /// nil when not said. VIPCore's `VIPStrategy.chosen` turns it into the strategy.
    public var vipStrategy: String?
    /// `read_only` (clouds.yaml, `OS_READ_ONLY`): never change this cloud.
    public var readOnly = false
    /// `hardware_sdn` (clouds.yaml, `OS_HARDWARE_SDN`): a Huawei region with hardware SDN,
    /// whose allowed address pairs take single addresses, never CIDRs (the planner refuses
    /// what it would reject; see VIPCore's `HuaweiRules`).
    public var hardwareSDN = false
    /// `max_allowed_address_pair` (clouds.yaml, `OS_MAX_ALLOWED_ADDRESS_PAIR`): the cloud's
    /// limit on allowed address pairs per port; nil when not said (neutron's default 10).
    public var maxAddressPairs: Int?
    /// `domain_suffix` (clouds.yaml, `OS_DOMAIN_SUFFIX`): the domain of the endpoint templates
    /// (`https://{service}.{region}.{domain}`); nil = not said (`myhuaweicloud.com`, and the
    /// templates then apply only with AK/SK). See `EndpointResolver`.
    public var domainSuffix: String?
    /// Where each value came from (`vipctl config show`).
    public var sources: [ConfigField: ConfigSource] = [:]

    public init(name: String, authURL: String, auth: Auth, project: ProjectRef? = nil, regionName: String? = nil) {
        self.name = name
        self.authURL = authURL
        self.auth = auth
        self.project = project
        self.regionName = regionName
    }

    /// The user name shown in the header (never the password).
    public var displayUser: String {
        switch auth {
        case .password(let u, _): return u.name ?? u.id ?? "?"
        case .applicationCredential(let id, let name, let u, _): return u?.name ?? name ?? id ?? "app-credential"
        case .accessKey(let k): return k.accessKey
        }
    }
}
