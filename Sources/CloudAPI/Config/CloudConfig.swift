/// A fully resolved cloud: where to authenticate, as whom, and how to reach the services.
/// Built by `ConfigLoader` from clouds.yaml, secure.yaml, `OS_*` and flags.
public struct CloudConfig: Sendable, Equatable {
    public enum Auth: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        case password(user: UserRef, password: String?)
        case applicationCredential(id: String?, name: String?, user: UserRef?, secret: String)

        /// Never the password or the secret: a config printed by mistake (`"\(config)"`, `dump`,
        /// a failed test's expectation) shows `***`.
        public var description: String {
            switch self {
            case .password(let u, let pw):
                return "password(user: \(u), password: \(pw == nil ? "nil" : "***"))"
            case .applicationCredential(let id, let name, let u, _):
                return "applicationCredential(id: \(id ?? "nil"), name: \(name ?? "nil"), user: \(u.map { "\($0)" } ?? "nil"), secret: ***)"
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

    public struct Timeouts: Sendable, Equatable {
        public var connect: Double = 10
        public var read: Double = 60
        public var total: Double = 120
        public init() {}
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
    /// Responses larger than this are refused (protects a jump host's memory).
    public var maxResponseBytes = 256 << 20
    /// Settings vipctl reads for itself (`vip_strategy`, `read_only`), as written.
    public var vipctlSettings: [String: String] = [:]

    /// `max_allowed_address_pair` (clouds.yaml, `OS_MAX_ALLOWED_ADDRESS_PAIR`): the cloud's
    /// limit on allowed address pairs per port; nil when not said (neutron's default 10).
    public var maxAddressPairs: Int? { vipctlSettings["max_allowed_address_pair"].flatMap(Int.init) }

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
        }
    }
}
