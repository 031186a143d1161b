import CloudAPI
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

// The journal: one JSON line per event of a run that changes the cloud, appended to
// `$XDG_STATE_HOME/vipctl/journal.jsonl` (directory 0700, file 0600) and flushed to disk before
// the next write. A run writes a `started` line before its first write and a `finished` line
// at its end; a run with only `started` stopped in the middle (crash, kill, power loss).
//
// Entries hold no secrets by construction: no field carries a token, a password or a body.

// MARK: the model

/// One line of the journal.
public struct JournalEntry: Codable, Equatable, Sendable {
    public enum Phase: String, Codable, Equatable, Sendable { case started, finished }

    /// The format version written (`v`).
    public static let currentVersion = 1

    /// `v`, always 1 for now.
    public var version: Int
    /// A UUID string shared by the `started` and `finished` lines of one run.
    public var runID: String
    public var phase: Phase
    /// Stored as ISO 8601 UTC with milliseconds (`2026-12-06T05:40:00.123Z`); the initializers
    /// round it to the millisecond so that a line reads back equal.
    public var time: Date
    /// The cloud's name (`clouds.yaml`), or what names a cloud from `OS_*` only.
    public var cloud: String
    public var region: String?
    public var project: String?
    public var user: String?
    /// What ran, e.g. `vip bind`, `tui: bind`, `journal undo`.
    public var command: String
    /// One line, e.g. `bind VIP vip-web to web-01 (NIC 192.168.10.21)`.
    public var summary: String
    /// `huawei` or `openstack`.
    public var strategy: String
    public var intent: JournalIntent
    public var requests: [JournalRequest]
    public var ports: [JournalPort]
    /// nil on `started`; `applied`, `nothing sent`, `rolled back`, `partial` or `interrupted`.
    public var outcome: String?
    /// The report lines.
    public var lines: [String]
    /// The run this run undid, when it was an undo.
    public var undoOf: String?

    public init(version: Int = JournalEntry.currentVersion, runID: String, phase: Phase, time: Date, cloud: String,
                region: String?, project: String?, user: String?, command: String, summary: String, strategy: String,
                intent: JournalIntent, requests: [JournalRequest], ports: [JournalPort], outcome: String?, lines: [String],
                undoOf: String?)
    {
        self.version = version
        self.runID = runID
        self.phase = phase
        self.time = JournalTime.roundedToMilliseconds(time)
        self.cloud = cloud
        self.region = region
        self.project = project
        self.user = user
        self.command = command
        self.summary = summary
        self.strategy = strategy
        self.intent = intent
        self.requests = requests
        self.ports = ports
        self.outcome = outcome
        self.lines = lines
        self.undoOf = undoOf
    }

    enum CodingKeys: String, CodingKey {
        case version = "v"
        case runID = "run_id"
        case phase, time, cloud, region, project, user, command, summary, strategy, intent, requests, ports, outcome, lines
        case undoOf = "undo_of"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        runID = try c.decode(String.self, forKey: .runID)
        phase = try c.decode(Phase.self, forKey: .phase)
        let text = try c.decode(String.self, forKey: .time)
        guard let t = JournalTime.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "not an ISO 8601 UTC time: \(text)")
        }
        time = t
        cloud = try c.decode(String.self, forKey: .cloud)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        project = try c.decodeIfPresent(String.self, forKey: .project)
        user = try c.decodeIfPresent(String.self, forKey: .user)
        command = try c.decode(String.self, forKey: .command)
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        strategy = try c.decodeIfPresent(String.self, forKey: .strategy) ?? ""
        intent = try c.decode(JournalIntent.self, forKey: .intent)
        requests = try c.decodeIfPresent([JournalRequest].self, forKey: .requests) ?? []
        ports = try c.decodeIfPresent([JournalPort].self, forKey: .ports) ?? []
        outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
        lines = try c.decodeIfPresent([String].self, forKey: .lines) ?? []
        undoOf = try c.decodeIfPresent(String.self, forKey: .undoOf)
    }

    /// Every key is written; absent values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(runID, forKey: .runID)
        try c.encode(phase, forKey: .phase)
        try c.encode(JournalTime.format(time), forKey: .time)
        try c.encode(cloud, forKey: .cloud)
        try c.encode(region, forKey: .region)
        try c.encode(project, forKey: .project)
        try c.encode(user, forKey: .user)
        try c.encode(command, forKey: .command)
        try c.encode(summary, forKey: .summary)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(intent, forKey: .intent)
        try c.encode(requests, forKey: .requests)
        try c.encode(ports, forKey: .ports)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(lines, forKey: .lines)
        try c.encode(undoOf, forKey: .undoOf)
    }
}

/// What the run was asked to do, by port id.
public struct JournalIntent: Codable, Equatable, Sendable {
    /// `create_vip`, `bind`, `unbind`, `delete_vip`, `set_source_dest_check`, `undo` or
    /// `remove_pairs` (a doctor's fix; `ip_address` lists the addresses, comma-separated).
    public var action: String
    public var vipPortID: String?
    public var nicPortIDs: [String]
    public var networkID: String?
    /// The new VIP's name (create).
    public var name: String?
    /// The new VIP's address (create), nil when automatic.
    public var ipAddress: String?
    /// The source/destination check asked for (`set_source_dest_check`).
    public var enabled: Bool?

    public init(action: String, vipPortID: String? = nil, nicPortIDs: [String] = [], networkID: String? = nil, name: String? = nil,
                ipAddress: String? = nil, enabled: Bool? = nil)
    {
        self.action = action
        self.vipPortID = vipPortID
        self.nicPortIDs = nicPortIDs
        self.networkID = networkID
        self.name = name
        self.ipAddress = ipAddress
        self.enabled = enabled
    }

    enum CodingKeys: String, CodingKey {
        case action
        case vipPortID = "vip_port_id"
        case nicPortIDs = "nic_port_ids"
        case networkID = "network_id"
        case name
        case ipAddress = "ip_address"
        case enabled
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        action = try c.decode(String.self, forKey: .action)
        vipPortID = try c.decodeIfPresent(String.self, forKey: .vipPortID)
        nicPortIDs = try c.decodeIfPresent([String].self, forKey: .nicPortIDs) ?? []
        networkID = try c.decodeIfPresent(String.self, forKey: .networkID)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        ipAddress = try c.decodeIfPresent(String.self, forKey: .ipAddress)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(vipPortID, forKey: .vipPortID)
        try c.encode(nicPortIDs, forKey: .nicPortIDs)
        try c.encode(networkID, forKey: .networkID)
        try c.encode(name, forKey: .name)
        try c.encode(ipAddress, forKey: .ipAddress)
        try c.encode(enabled, forKey: .enabled)
    }
}

/// One HTTP request the run sent (never its body or headers).
public struct JournalRequest: Codable, Equatable, Sendable {
    /// `POST`, `PUT`, `DELETE` (or `GET` for a read that decided something).
    public var method: String
    /// Relative to the network endpoint, e.g. `/v2.0/ports/61fb8bab-...`.
    public var path: String
    /// nil: no answer (a transport error).
    public var status: Int?
    /// `x-openstack-request-id` (or the gateway's), when the answer had one.
    public var requestID: String?
    /// One line, when the request failed.
    public var error: String?

    public init(method: String, path: String, status: Int?, requestID: String? = nil, error: String? = nil) {
        self.method = method
        self.path = path
        self.status = status
        self.requestID = requestID
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case method, path, status
        case requestID = "request_id"
        case error
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(String.self, forKey: .method)
        path = try c.decode(String.self, forKey: .path)
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        requestID = try c.decodeIfPresent(String.self, forKey: .requestID)
        error = try c.decodeIfPresent(String.self, forKey: .error)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encode(path, forKey: .path)
        try c.encode(status, forKey: .status)
        try c.encode(requestID, forKey: .requestID)
        try c.encode(error, forKey: .error)
    }
}

/// The fields of a port that vipctl changes, as read from the cloud.
public struct PortFields: Codable, Equatable, Sendable {
    /// Pair IPs as shown (`192.168.10.21`, `1.1.1.1/0`).
    public var allowedAddressPairs: [String]
    public var portSecurityEnabled: Bool?
    /// Security group ids.
    public var securityGroups: [String]

    public init(allowedAddressPairs: [String], portSecurityEnabled: Bool?, securityGroups: [String]) {
        self.allowedAddressPairs = allowedAddressPairs
        self.portSecurityEnabled = portSecurityEnabled
        self.securityGroups = securityGroups
    }

    enum CodingKeys: String, CodingKey {
        case allowedAddressPairs = "allowed_address_pairs"
        case portSecurityEnabled = "port_security_enabled"
        case securityGroups = "security_groups"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        allowedAddressPairs = try c.decodeIfPresent([String].self, forKey: .allowedAddressPairs) ?? []
        portSecurityEnabled = try c.decodeIfPresent(Bool.self, forKey: .portSecurityEnabled)
        securityGroups = try c.decodeIfPresent([String].self, forKey: .securityGroups) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(allowedAddressPairs, forKey: .allowedAddressPairs)
        try c.encode(portSecurityEnabled, forKey: .portSecurityEnabled)
        try c.encode(securityGroups, forKey: .securityGroups)
    }
}

/// One port the run touched: what it held before and after, and the effective change.
public struct JournalPort: Codable, Equatable, Sendable {
    public var portID: String
    /// e.g. `VIP 192.168.10.100 (vip-web)` or `NIC 192.168.10.21 of lb-01`.
    public var label: String
    /// nil: the port did not exist before (this run created it).
    public var before: PortFields?
    /// nil: the port does not exist after (deleted, or its creation undone).
    public var after: PortFields?
    /// Pairs this run added and left in place.
    public var added: [String]
    /// Pairs this run removed and left removed.
    public var removed: [String]
    public var created: Bool
    public var deleted: Bool
    /// Set when this run changed port security: from, to.
    public var portSecurityFrom: Bool?
    public var portSecurityTo: Bool?
    public var groupsRemoved: [String]
    public var groupsAdded: [String]

    public init(portID: String, label: String, before: PortFields?, after: PortFields?, added: [String] = [], removed: [String] = [],
                created: Bool = false, deleted: Bool = false, portSecurityFrom: Bool? = nil, portSecurityTo: Bool? = nil,
                groupsRemoved: [String] = [], groupsAdded: [String] = [])
    {
        self.portID = portID
        self.label = label
        self.before = before
        self.after = after
        self.added = added
        self.removed = removed
        self.created = created
        self.deleted = deleted
        self.portSecurityFrom = portSecurityFrom
        self.portSecurityTo = portSecurityTo
        self.groupsRemoved = groupsRemoved
        self.groupsAdded = groupsAdded
    }

    enum CodingKeys: String, CodingKey {
        case portID = "port_id"
        case label, before, after, added, removed, created, deleted
        case portSecurityFrom = "port_security_from"
        case portSecurityTo = "port_security_to"
        case groupsRemoved = "groups_removed"
        case groupsAdded = "groups_added"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        portID = try c.decode(String.self, forKey: .portID)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? ""
        before = try c.decodeIfPresent(PortFields.self, forKey: .before)
        after = try c.decodeIfPresent(PortFields.self, forKey: .after)
        added = try c.decodeIfPresent([String].self, forKey: .added) ?? []
        removed = try c.decodeIfPresent([String].self, forKey: .removed) ?? []
        created = try c.decodeIfPresent(Bool.self, forKey: .created) ?? false
        deleted = try c.decodeIfPresent(Bool.self, forKey: .deleted) ?? false
        portSecurityFrom = try c.decodeIfPresent(Bool.self, forKey: .portSecurityFrom)
        portSecurityTo = try c.decodeIfPresent(Bool.self, forKey: .portSecurityTo)
        groupsRemoved = try c.decodeIfPresent([String].self, forKey: .groupsRemoved) ?? []
        groupsAdded = try c.decodeIfPresent([String].self, forKey: .groupsAdded) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(portID, forKey: .portID)
        try c.encode(label, forKey: .label)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
        try c.encode(added, forKey: .added)
        try c.encode(removed, forKey: .removed)
        try c.encode(created, forKey: .created)
        try c.encode(deleted, forKey: .deleted)
        try c.encode(portSecurityFrom, forKey: .portSecurityFrom)
        try c.encode(portSecurityTo, forKey: .portSecurityTo)
        try c.encode(groupsRemoved, forKey: .groupsRemoved)
        try c.encode(groupsAdded, forKey: .groupsAdded)
    }
}
