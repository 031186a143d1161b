import CloudAPI
import L10n

// What the VIP doctor reports: findings with a stable id, a kind, a severity, the ports they
// involve, why they matter and, where there is one, a fix that is an ordinary intent (planned
// by `Planner`, applied by the one executor, written to the journal like any other run).

/// What the doctor reads: one inventory, the security groups (nil when the cloud would not
/// list them), the strategy and the per-port pair quota.
public struct DoctorInput: Sendable {
    public var inventory: Inventory
    public var securityGroups: [SecurityGroup]?
    public var strategy: VIPStrategy
    public var maxAddressPairs: Int
    /// The cloud's vendor rules: a fix's plan is refused as any other plan would be.
    public var flavor: CloudFlavor

    public init(inventory: Inventory, securityGroups: [SecurityGroup]?, strategy: VIPStrategy,
                maxAddressPairs: Int = Planner.defaultMaxAddressPairs, flavor: CloudFlavor = .neutron)
    {
        self.inventory = inventory
        self.securityGroups = securityGroups
        self.strategy = strategy
        self.maxAddressPairs = maxAddressPairs
        self.flavor = flavor
    }
}

public struct Finding: Sendable, Equatable, Identifiable {
    public enum Kind: String, CaseIterable, Sendable {
        case danglingPair = "dangling-pair"
        case checkOn = "check-on"
        case vipNotInNICPairs = "vip-not-in-nic-pairs"
        case unneededAnyPair = "unneeded-any-pair"
        case vipOwner = "vip-owner"
        case vipAttached = "vip-attached"
        case pairsPortSecurityOff = "pairs-port-security-off"
        case singleNIC = "single-nic"
        case vrrpBlocked = "vrrp-blocked"
        case pairsNearQuota = "pairs-near-quota"
    }

    public enum Severity: String, CaseIterable, Sendable, Comparable {
        case error, warning, info

        var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .info: 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

        /// The word, in the language in effect.
        public var text: String {
            switch self {
            case .error: DoctorText.severityError.text
            case .warning: DoctorText.severityWarning.text
            case .info: DoctorText.severityInfo.text
            }
        }
    }

    /// A port a finding names, with what its label is made of.
    public struct PortRef: Sendable, Equatable {
        public enum Role: String, Sendable { case vip, nic, port }
        public var id: String
        public var role: Role
        public var name: String
        public var address: String
        /// The server's name (a NIC), else its device id.
        public var server: String

        /// `VIP vip-db (192.168.20.100)`, `NIC 192.168.20.12 of 数据库备节点`, `port 1a2b3c4d`, in
        /// the language in effect (names sanitised).
        public var label: String {
            switch role {
            case .vip:
                let ip = address.isEmpty ? String(id.prefix(8)) : address
                return name.isEmpty ? DoctorText.vipLabelUnnamed(ip) : DoctorText.vipLabel(Inert.name(name), ip)
            case .nic:
                let who = server.isEmpty ? String(id.prefix(8)) : Inert.name(server)
                return DoctorText.nicLabel(address.isEmpty ? "-" : address, who)
            case .port:
                return DoctorText.portLabel(name.isEmpty ? (address.isEmpty ? String(id.prefix(8)) : address) : Inert.name(name))
            }
        }
    }

    /// One piece of a finding's sentence.
    public enum Arg: Sendable, Equatable {
        case port(PortRef)
        case ports([PortRef])
        case text(String)

        var rendered: String {
            switch self {
            case .port(let p): p.label
            case .ports(let ps): ps.map(\.label).joined(separator: ", ")
            case .text(let s): Inert.field(s)
            }
        }
    }

    /// Deterministic: the kind and the ports (and address) it is about, e.g.
    /// `dangling-pair:<vip-port-id>:192.168.20.13`.
    public var id: String
    public var kind: Kind
    public var severity: Severity
    /// Every port involved (the first is the one the finding is about).
    public var ports: [PortRef]
    public var args: [Arg]
    /// The repair, planned like any other change; nil when there is none to make automatically.
    public var fix: Intent?
    /// Which sentence says why (a kind may have two).
    var whyKey: DoctorText

    /// What is wrong, in one line, in the language in effect.
    public var what: String { L10n.format(Finding.whatKey(kind).text, args.map(\.rendered)) }

    /// Why it matters, one sentence.
    public var why: String { whyKey.text }

    /// What the fix does, in words; nil without a fix.
    public var fixText: String? {
        guard let fix else { return nil }
        let rendered = args.map(\.rendered)
        switch fix {
        case .setSourceDestCheck(_, let enabled): return L10n.format((enabled ? DoctorText.fixCheckOn : DoctorText.fixCheckOff).text, rendered)
        case .removePairs: return L10n.format(DoctorText.fixRemovePair.text, rendered)
        case .bind: return L10n.format(DoctorText.fixAddVIPAddress.text, rendered)
        default: return nil
        }
    }

    static func whatKey(_ k: Kind) -> DoctorText {
        switch k {
        case .danglingPair: .whatDanglingPair
        case .checkOn: .whatCheckOn
        case .vipNotInNICPairs: .whatVIPNotInNICPairs
        case .unneededAnyPair: .whatUnneededAnyPair
        case .vipOwner: .whatVIPOwner
        case .vipAttached: .whatVIPAttached
        case .pairsPortSecurityOff: .whatPairsPortSecurityOff
        case .singleNIC: .whatSingleNIC
        case .vrrpBlocked: .whatVRRPBlocked
        case .pairsNearQuota: .whatPairsNearQuota
        }
    }

    static func defaultWhy(_ k: Kind) -> DoctorText {
        switch k {
        case .danglingPair: .whyDanglingPair
        case .checkOn: .whyCheckOn
        case .vipNotInNICPairs: .whyVIPNotInNICPairs
        case .unneededAnyPair: .whyUnneededAnyPair
        case .vipOwner: .whyVIPOwner
        case .vipAttached: .whyVIPAttached
        case .pairsPortSecurityOff: .whyPairsPortSecurityOff
        case .singleNIC: .whySingleNIC
        case .vrrpBlocked: .whyVRRPBlocked
        case .pairsNearQuota: .whyPairsNearQuota
        }
    }

    init(kind: Kind, severity: Severity, idParts: [String], ports: [PortRef], args: [Arg], fix: Intent? = nil, why: DoctorText? = nil) {
        id = ([kind.rawValue] + idParts).joined(separator: ":")
        self.kind = kind
        self.severity = severity
        self.ports = ports
        self.args = args
        self.fix = fix
        whyKey = why ?? Finding.defaultWhy(kind)
    }
}

/// What one doctor run found.
public struct DoctorReport: Sendable, Equatable {
    public var findings: [Finding]
    public var strategy: VIPStrategy
    public var vipsChecked: Int
    public var portsChecked: Int
    /// False when the security groups could not be read (the VRRP check did not run).
    public var securityGroupsChecked: Bool

    public var errors: Int { findings.count { $0.severity == .error } }
    public var warnings: Int { findings.count { $0.severity == .warning } }
    public var notes: Int { findings.count { $0.severity == .info } }

    public func finding(_ id: String) -> Finding? { findings.first { $0.id == id } }

    /// `2 errors, 1 warnings, 0 notes` or the "nothing found" line, in the language in effect.
    public var summary: String {
        if findings.isEmpty { return DoctorText.nothingFound(vipsChecked, portsChecked) }
        return DoctorText.summary(vipsChecked, portsChecked, strategy.rawValue, DoctorText.findingCount(errors, warnings, notes))
    }
}
