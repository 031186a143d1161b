import CloudAPI
import L10n

// The contract between the planner, the executor and their users (the TUI wizard and the
// headless `vipctl vip ...` commands). Planning is pure: fresh reads in, a plan out.

/// How a cloud binds a VIP (`vip_strategy` in clouds.yaml, `--strategy`, Huawei by default).
public enum VIPStrategy: String, CaseIterable, Equatable, Sendable {
    /// The vendor procedure: the VIP port's pairs hold the bound NIC IPs; each bound NIC gets
    /// `1.1.1.1/0` (its source/destination check off).
    case huawei
    /// Vanilla Neutron: each bound NIC's pairs get the VIP address; the VIP port's pairs stay
    /// as they are; a check "off" means port security off on the NIC.
    case openstack
}

extension VIPStrategy {
    /// The one rule, for the UI and the commands: the flag, else `vip_strategy` of the cloud
    /// (checked by the config loader), else huawei.
    public static func chosen(flag: VIPStrategy?, config: CloudConfig) -> VIPStrategy {
        flag ?? config.vipStrategy.flatMap(VIPStrategy.init(rawValue:)) ?? .huawei
    }
}

/// What the user wants, by port id (names are resolved before planning).
public enum Intent: Equatable, Sendable {
    case createVIP(CreateVIP)
    /// Bind an existing VIP to more NICs.
    case bind(vipPortID: String, nicPortIDs: [String])
    /// Unbind NICs from a VIP.
    case unbind(vipPortID: String, nicPortIDs: [String])
    /// Delete a VIP port; refused while it is bound unless `unbindFirst`.
    case deleteVIP(vipPortID: String, unbindFirst: Bool)
    /// Turn a NIC's source/destination check on (`enabled`) or off.
    case setSourceDestCheck(nicPortID: String, enabled: Bool)
    /// Undo a recorded run (a journal entry): reverse exactly what it changed.
    case revert(Revert)
    /// Remove these addresses from one port's pairs, keeping every other pair (the doctor's
    /// repairs: a VIP's pair that no NIC holds, a NIC's `0.0.0.0/0` that no VIP needs).
    case removePairs(portID: String, addresses: [String])
}

/// What undoing a recorded run takes: per port, the reverse of what the run changed and left.
public struct Revert: Equatable, Sendable {
    public struct PortUndo: Equatable, Sendable {
        public var portID: String
        public var label: String
        /// The run created this port: undoing deletes it (refused when it changed since).
        public var created: Bool
        /// What the run changed there (its inverse is sent).
        public var change: EffectiveChange
        /// The port's pairs as the run left them (to tell a later change by somebody else).
        public var pairsAfter: [String]

        public init(portID: String, label: String, created: Bool, change: EffectiveChange, pairsAfter: [String]) {
            self.portID = portID
            self.label = label
            self.created = created
            self.change = change
            self.pairsAfter = pairsAfter
        }
    }

    public var runID: String
    /// The run's one-line summary ("bind VIP vip-web to web-01 ...").
    public var summary: String
    public var ports: [PortUndo]

    public init(runID: String, summary: String, ports: [PortUndo]) {
        self.runID = runID
        self.summary = summary
        self.ports = ports
    }
}

public struct CreateVIP: Equatable, Sendable {
    public var networkID: String
    /// nil: the subnet of the first bound NIC's IP in that network, else neutron picks.
    public var subnetID: String?
    /// nil: automatic.
    public var ipAddress: String?
    public var name: String
    /// NIC port ids to bind right away (may be empty).
    public var bindNICs: [String]

    public init(networkID: String, subnetID: String? = nil, ipAddress: String? = nil, name: String, bindNICs: [String] = []) {
        self.networkID = networkID
        self.subnetID = subnetID
        self.ipAddress = ipAddress
        self.name = name
        self.bindNICs = bindNICs
    }

    /// The one rule for a new VIP's name when the admin gives none, for the wizard and
    /// `vipctl vip create` alike: `vip-` and the first bound server's name, else the address
    /// asked for, else the network's name (or the start of its id).
    public static func defaultName(firstServer: String?, address: String?, network: Network?, networkID: String) -> String {
        let server = firstServer?.trimmingCharacters(in: .whitespaces) ?? ""
        if !server.isEmpty { return "vip-" + server }
        let ip = address?.trimmingCharacters(in: .whitespaces) ?? ""
        if !ip.isEmpty { return "vip-" + ip }
        if let n = network?.name.trimmingCharacters(in: .whitespaces), !n.isEmpty { return "vip-" + n }
        return "vip-" + networkID.prefix(8)
    }
}

/// A port a step acts on: one that exists, or the one an earlier step of the plan creates.
public enum PortRef: Hashable, Sendable {
    case existing(String)
    case created(step: Int)
}

/// The before and after of one field of one port, as the plan screen shows it.
public struct FieldChange: Equatable, Sendable {
    public var port: PortRef
    /// e.g. `VIP 192.168.10.100 (vip-web)` or `NIC 192.168.10.21 of lb-01`.
    public var portLabel: String
    /// `allowed_address_pairs`, `port_security_enabled` or `security_groups`.
    public var field: String
    /// Values as shown: pair IPs (`192.168.10.21`, `1.1.1.1/0`), `true`/`false`, group ids.
    public var before: [String]
    public var after: [String]

    public init(port: PortRef, portLabel: String, field: String, before: [String], after: [String]) {
        self.port = port
        self.portLabel = portLabel
        self.field = field
        self.before = before
        self.after = after
    }

    public var added: [String] { after.filter { !before.contains($0) } }
    public var removed: [String] { before.filter { !after.contains($0) } }
}

/// One HTTP request of a plan, exactly as it will be sent.
public struct PlanStep: Equatable, Sendable, Identifiable {
    public enum Operation: String, Equatable, Sendable { case create, update, delete }

    public var id: Int
    public var operation: Operation
    public var port: PortRef
    /// `POST`, `PUT` or `DELETE`.
    public var method: String
    /// Relative to the network endpoint: `/v2.0/ports` or `/v2.0/ports/{id}`; a port created
    /// by step N is written `/v2.0/ports/{port of step N}`.
    public var path: String
    /// The exact JSON body, compact, keys in the order sent; nil for DELETE.
    public var body: String?
    /// `If-Match: revision_number=N` when the cloud supports it.
    public var ifRevision: Int?
    /// Steps that must finish first (independent steps run in parallel).
    public var dependsOn: [Int]
    public var changes: [FieldChange]
    /// One line: what the step does, in words.
    public var summary: String
    /// For an update: what it adds, removes and sets. The body above is the delta merged into
    /// the port as the plan read it (what the plan screen shows); the executor merges the same
    /// delta into a read made immediately before the write, so a pair somebody else added
    /// since is kept. nil for a create and a delete.
    public var delta: PortDelta?

    public init(id: Int, operation: Operation, port: PortRef, method: String, path: String, body: String?,
                ifRevision: Int?, dependsOn: [Int], changes: [FieldChange], summary: String, delta: PortDelta? = nil)
    {
        self.id = id
        self.operation = operation
        self.port = port
        self.method = method
        self.path = path
        self.body = body
        self.ifRevision = ifRevision
        self.dependsOn = dependsOn
        self.changes = changes
        self.summary = summary
        self.delta = delta
    }
}

/// Ordered steps with their diffs and warnings. Empty steps: "nothing to do".
public struct Plan: Equatable, Sendable {
    public var intent: Intent
    public var strategy: VIPStrategy
    public var steps: [PlanStep]
    /// e.g. "1.1.1.1/0 turns off anti-spoofing on NIC 192.168.10.21 of lb-01".
    public var warnings: [String]
    /// Why there is nothing to do, when `steps` is empty.
    public var nothingToDo: String?
    /// Sequential round trips it took to make the plan (its reads, the token when they waited
    /// for one; counted by `RoundTripMeter` as they were sent; `VIPService` sets it, the pure
    /// `Planner` leaves 0). Part of `ExecutionReport.roundTripsOnCriticalPath`.
    public var readRoundTrips: Int
    /// Requests those reads sent (counted like `readRoundTrips`, by `RoundTripMeter`).
    public var readRequests: Int = 0

    public init(intent: Intent, strategy: VIPStrategy, steps: [PlanStep], warnings: [String], nothingToDo: String? = nil,
                readRoundTrips: Int = 0)
    {
        self.intent = intent
        self.strategy = strategy
        self.steps = steps
        self.warnings = warnings
        self.nothingToDo = nothingToDo
        self.readRoundTrips = readRoundTrips
    }

    /// Round trips of the steps' longest dependency chain (what the user waits for), as the
    /// executor sends them when nobody writes in between (`PortWriter`): a POST one; a PUT one
    /// when it carries a revision (If-Match: merged into the fresh read, or into the answer of
    /// the port's earlier write), two on a cloud with If-Match otherwise (a read, the write),
    /// four without If-Match (a read just before, the write, the read back, the check after
    /// the quiet period); a DELETE likewise one or two with If-Match, three without (a read, a
    /// read again after the first-write gate, the delete). The read afterwards and the plan's
    /// own reads are not in it.
    public var criticalPath: Int {
        let ifMatch = steps.contains { $0.ifRevision != nil }
        var depth: [Int: Int] = [:]
        for s in steps {
            let cost: Int
            switch s.operation {
            case .create:
                cost = 1
            case .update, .delete:
                let revision = s.ifRevision != nil || steps.contains { $0.id < s.id && $0.port == s.port && s.dependsOn.contains($0.id) }
                cost = ifMatch ? (revision ? 1 : 2) : (s.operation == .update ? 4 : 3)
            }
            depth[s.id] = cost + (s.dependsOn.compactMap { depth[$0] }.max() ?? 0)
        }
        return depth.values.max() ?? 0
    }
}

/// Progress of an apply, in order.
public enum ExecutionEvent: Equatable, Sendable {
    case started(step: Int)
    case finished(step: Int)
    case failed(step: Int, message: String)
    /// The port changed under vipctl (a 412, or a read back that lacks the delta or lost a
    /// pair): re-read, merged the same delta again, trying again (attempt n; bounded by the
    /// apply's deadline, not by a count).
    case retrying(step: Int, attempt: Int, reason: String)
    /// A stop was asked for (Ctrl-C, SIGTERM, SIGHUP): no new step starts.
    case stopping(reason: String)
    case undoing(step: Int)
    case undone(step: Int)
    case undoFailed(step: Int, message: String)
}

extension ExecutionEvent {
    /// How a stop is announced, in the UI and on stderr alike.
    public static func stoppingText(_ reason: String) -> String {
        OutcomeText.stopping(reason)
    }
}

/// A port as the last read of an apply saw it (for the report, the journal and tests).
public struct PortState: Equatable, Sendable {
    public var portID: String
    public var label: String
    /// false: the port is gone (deleted, or its creation undone).
    public var exists: Bool
    public var pairs: [String]
    public var portSecurityEnabled: Bool?
    public var securityGroups: [String]

    public init(portID: String, label: String, exists: Bool, pairs: [String], portSecurityEnabled: Bool?, securityGroups: [String]) {
        self.portID = portID
        self.label = label
        self.exists = exists
        self.pairs = pairs
        self.portSecurityEnabled = portSecurityEnabled
        self.securityGroups = securityGroups
    }
}

/// What an apply did to one port (effective: learned from the reads just before its writes).
public struct PortChangeRecord: Equatable, Sendable {
    public var portID: String
    public var label: String
    /// The port as first read by the apply; nil when the apply created it.
    public var before: PortState?
    /// The port as last read; `exists` false when deleted.
    public var after: PortState?
    /// What the apply changed and left in place (after a rollback: what it could not undo).
    public var change: EffectiveChange
    public var created: Bool
    public var deleted: Bool

    public init(portID: String, label: String, before: PortState?, after: PortState?, change: EffectiveChange, created: Bool, deleted: Bool) {
        self.portID = portID
        self.label = label
        self.before = before
        self.after = after
        self.change = change
        self.created = created
        self.deleted = deleted
    }
}

/// One write request of an apply, as sent and answered.
public struct RequestRecord: Equatable, Sendable {
    public var method: String
    public var path: String
    /// nil: no answer (connection reset, timeout).
    public var status: Int?
    public var requestID: String?
    public var error: String?

    public init(method: String, path: String, status: Int?, requestID: String?, error: String?) {
        self.method = method
        self.path = path
        self.status = status
        self.requestID = requestID
        self.error = error
    }
}

/// How an apply ended, re-read from the cloud.
public struct ExecutionReport: Equatable, Sendable {
    public enum Outcome: String, Equatable, Sendable {
        /// Every step done; a read afterwards shows the cloud holds the intent.
        case applied
        /// Some writes went through, then a step failed (or a stop was asked for); what went
        /// through was undone, and a read afterwards shows the cloud as it was.
        case rolledBack = "rolled back"
        /// What the cloud holds is neither the intent nor the state before: `lines` and
        /// `ports` say exactly what is left, and how to finish or undo it.
        case partial
        /// No write changed the cloud: refused before the first write, or every write was
        /// refused (a 412 storm, a 4xx) or proven not to have happened by a read.
        case nothingSent = "nothing sent"
    }

    public var outcome: Outcome
    /// What happened and what the cloud holds now for every port the plan touched (re-read),
    /// and why it failed, if it did. Never secrets.
    public var lines: [String]
    /// The VIP port the plan created or acted on, for "jump to the VIP".
    public var vipPortID: String?
    public var requests: Int
    public var roundTripsOnCriticalPath: Int
    public var seconds: Double
    /// Every port the apply touched, as the final read saw it.
    public var ports: [PortState] = []
    /// What the apply changed on each port (the journal's record; undo reverses it).
    public var changes: [PortChangeRecord] = []
    /// Every write request sent, in order.
    public var writes: [RequestRecord] = []
    /// The cloud changed since the plan was shown, in a way that changes what would be sent:
    /// nothing was sent, and this is the plan made from the fresh read (show it, confirm again).
    public var changedPlan: Plan?
    /// A stop (Ctrl-C, SIGTERM, SIGHUP) ended the apply early.
    public var interrupted: String?
    /// Concurrent writers were seen and merged around (the report says where).
    public var contended: Bool = false
    /// The journal's id of this run (set by `JournalRecorder`).
    public var runID: String?

    public init(outcome: Outcome, lines: [String], vipPortID: String?, requests: Int, roundTripsOnCriticalPath: Int, seconds: Double) {
        self.outcome = outcome
        self.lines = lines
        self.vipPortID = vipPortID
        self.requests = requests
        self.roundTripsOnCriticalPath = roundTripsOnCriticalPath
        self.seconds = seconds
    }
}

extension ExecutionReport {
    /// Exit status of a run that left the cloud partly changed (also a quit that did not wait
    /// for the undo to finish).
    public static let partlyAppliedStatus: Int32 = 3
    /// Exit status when the cloud changed since the plan was shown and nothing was sent.
    public static let planChangedStatus: Int32 = 4

    /// The exit status the headless commands and the terminal UI end with after this report
    /// (README: exit codes): 0 applied, 1 nothing sent or rolled back, 3 partly applied, 4 the
    /// plan changed. A signal's 128+N takes the place of 1 where the front end knows one.
    public var exitStatus: Int32 {
        if changedPlan != nil { return ExecutionReport.planChangedStatus }
        switch outcome {
        case .applied: return 0
        case .rolledBack, .nothingSent: return 1
        case .partial: return ExecutionReport.partlyAppliedStatus
        }
    }
}

/// Why an address cannot be the new VIP's, for validation as it is typed.
public enum AddressProblem: Equatable, Sendable, CustomStringConvertible {
    case notAnAddress
    case wrongVersion(subnetVersion: Int)
    case outsideSubnet(cidr: String)
    case networkAddress
    case broadcastAddress
    case gateway
    case outsidePools(pools: [String])
    case inUse(byPort: String, label: String)

    public var description: String {
        switch self {
        case .notAnAddress: return RefusalText.notAnAddress.text
        case .wrongVersion(let v): return RefusalText.wrongVersion(v)
        case .outsideSubnet(let cidr): return RefusalText.outsideSubnet(cidr)
        case .networkAddress: return RefusalText.networkAddress.text
        case .broadcastAddress: return RefusalText.broadcastAddress.text
        case .gateway: return RefusalText.gateway.text
        case .outsidePools(let pools): return RefusalText.outsidePools(pools.joined(separator: ", "))
        case .inUse(_, let label): return RefusalText.inUse(label)
        }
    }
}

/// Why a plan cannot be made.
public enum VIPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Reading the cloud failed.
    case cloud(CloudError)
    /// The intent cannot be planned as asked (one line, says what to do instead), e.g.
    /// "vip-web is bound to 2 NICs; unbind them first (or --unbind)".
    case refused(String)

    public var description: String {
        switch self {
        case .cloud(let e): return e.oneLine
        case .refused(let why): return why
        }
    }
}

/// How an apply may be stopped from outside (Ctrl-C, SIGTERM, SIGHUP, the TUI's quit): the
/// steps in flight finish, no new step starts, and what was done is rolled back.
public final class StopSignal: Sendable {
    private let state = Locked<String?>(nil)
    public init() {}
    /// Asks the apply to stop; the first reason is kept. Returns false when already asked.
    @discardableResult
    public func stop(_ reason: String) -> Bool {
        state.withLock { s in
            if s != nil { return false }
            s = reason
            return true
        }
    }

    public var reason: String? { state.withLock { $0 } }
    public var isStopped: Bool { reason != nil }
}

/// What an apply is given besides the plan.
public struct ApplyContext: Sendable {
    /// How long the apply may spend retrying around concurrent writers and faults before it
    /// stops and says the binding may be contested.
    public var deadline: Duration
    public var stop: StopSignal
    /// Called once, right before the first write request leaves (the journal's `started` line
    /// is written and flushed there). Not called when nothing is written. Returning a reason
    /// refuses every write: nothing is sent, and the report says why.
    public var willWrite: @Sendable () async -> String?
    /// Called once, right before the first PUT leaves, after the read it was merged into
    /// (tests pause there so a change made meanwhile meets If-Match: a real 412).
    public var beforeFirstPUT: @Sendable () async -> Void
    /// When set: a plan this service made from a read that began less than this long ago
    /// is applied on that read (it is the fresh read: no second one before the first write;
    /// the writes still carry its revisions in `If-Match`). For a plan applied as soon as it is
    /// made (`--yes`); nil (a plan somebody looked at first): read again.
    public var reuseReadWithin: Duration?

    public init(deadline: Duration = .seconds(60), stop: StopSignal = StopSignal(), willWrite: @escaping @Sendable () async -> String? = { nil },
                beforeFirstPUT: @escaping @Sendable () async -> Void = {}, reuseReadWithin: Duration? = nil)
    {
        self.reuseReadWithin = reuseReadWithin
        self.deadline = deadline
        self.stop = stop
        self.willWrite = willWrite
        self.beforeFirstPUT = beforeFirstPUT
    }
}

/// Plans from fresh reads and applies plans: what the TUI wizard and the headless commands
/// use (`VIPService` over a `CloudSession`; tests may fake it).
public protocol VIPPlanning: Sendable {
    /// Reads what the intent touches (fresh, not from a cache), then plans.
    func plan(_ intent: Intent) async throws(VIPError) -> Plan
    /// Runs the plan: first a fresh read checks that it would still send what was shown
    /// (else nothing is sent and `changedPlan` holds the new plan); then each step merges its
    /// delta into a read made just before its write (`If-Match` where supported), reads back,
    /// and retries around concurrent writers until the context's deadline; on a failure or a
    /// stop, undoes exactly what it changed. The report is what a read afterwards shows.
    func apply(_ plan: Plan, context: ApplyContext, progress: @escaping @Sendable (ExecutionEvent) -> Void) async -> ExecutionReport
}

extension VIPPlanning {
    public func apply(_ plan: Plan, progress: @escaping @Sendable (ExecutionEvent) -> Void) async -> ExecutionReport {
        await apply(plan, context: ApplyContext(), progress: progress)
    }
}
