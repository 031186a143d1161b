import CloudAPI
import Foundation
import L10n

/// Applies a plan with the journal kept: a `started` line (the intent and the planned deltas)
/// on disk before the first write leaves, a `finished` line (every write with its status and
/// request id, each touched port before and after, the outcome) when the apply ends. The TUI
/// and the headless commands both apply through this, so both journal the same way.
public struct JournalRecorder: Sendable {
    public struct Who: Sendable, Equatable {
        public var cloud: String
        public var region: String?
        public var project: String?
        public var user: String?
        public init(cloud: String, region: String?, project: String?, user: String?) {
            self.cloud = cloud
            self.region = region
            self.project = project
            self.user = user
        }
    }

    public let store: JournalStore
    public let who: Who
    public let command: String

    public init(store: JournalStore, who: Who, command: String) {
        self.store = store
        self.who = who
        self.command = command
    }

    /// The journal of a session: the cloud's name and region from the config, the user and
    /// project the token names (after the first request authenticated).
    public static func who(_ session: CloudSession) async -> Who {
        let config = session.config
        let id = await session.currentIdentity
        return Who(cloud: config.name, region: config.regionName, project: id?.projectName ?? id?.projectID,
                   user: id?.userName)
    }

    /// Applies `plan` through `planner` with the journal kept. When the `started` line cannot
    /// be written, nothing is sent and the report says why.
    public func apply(_ plan: Plan, summary: String, via planner: any VIPPlanning, deadline: Duration = .seconds(60),
                      stop: StopSignal = StopSignal(), beforeFirstWrite: @escaping @Sendable () async -> Void = {},
                      reuseReadWithin: Duration? = nil,
                      progress: @escaping @Sendable (ExecutionEvent) -> Void) async -> ExecutionReport
    {
        let runID = UUID().uuidString.lowercased()
        let undoOf: String? = if case .revert(let r) = plan.intent { r.runID } else { nil }
        let store = self.store
        let started = entry(runID: runID, phase: .started, plan: plan, summary: summary, report: nil, undoOf: undoOf)
        let startedWritten = Locked(false)
        let context = ApplyContext(deadline: deadline, stop: stop, willWrite: {
            do {
                try store.append(started)
                startedWritten.withLock { $0 = true }
                return nil
            } catch {
                return JournalWords.cannotWrite(String(describing: error))
            }
        }, beforeFirstPUT: beforeFirstWrite, reuseReadWithin: reuseReadWithin)
        var report = await planner.apply(plan, context: context, progress: progress)
        report.runID = runID
        // Every `started` line gets its `finished` line, also when a stop came between the
        // journal gate and the first write (then the run sent nothing, and says so).
        guard startedWritten.withLock({ $0 }) || !report.writes.isEmpty else { return report }
        do {
            try store.append(entry(runID: runID, phase: .finished, plan: plan, summary: summary, report: report, undoOf: undoOf))
        } catch {
            report.lines.append(JournalWords.closingLineFailed(String(describing: error)))
        }
        return report
    }

    func entry(runID: String, phase: JournalEntry.Phase, plan: Plan, summary: String, report: ExecutionReport?, undoOf: String?) -> JournalEntry {
        var ports: [JournalPort] = []
        if let report {
            for c in report.changes {
                ports.append(JournalPort(portID: c.portID, label: c.label, before: c.before.map(JournalRecorder.fields),
                                         after: c.after.flatMap { $0.exists ? JournalRecorder.fields($0) : nil },
                                         added: c.change.added, removed: c.change.removed, created: c.created, deleted: c.deleted,
                                         portSecurityFrom: c.change.portSecurityFrom, portSecurityTo: c.change.portSecurityTo,
                                         groupsRemoved: c.change.groupsRemoved, groupsAdded: c.change.groupsAdded))
            }
        } else {
            // What the plan means to do (before anything is sent).
            for s in plan.steps {
                guard case .existing(let id) = s.port, let d = s.delta else { continue }
                let label = s.changes.first?.portLabel ?? id
                let before = s.changes.first { $0.field == "allowed_address_pairs" }?.before
                ports.append(JournalPort(portID: id, label: label,
                                         before: before.map { PortFields(allowedAddressPairs: $0, portSecurityEnabled: nil, securityGroups: []) },
                                         after: nil, added: d.addPairs, removed: d.removePairs, portSecurityTo: d.portSecurity))
            }
        }
        return JournalEntry(runID: runID, phase: phase, time: Date(), cloud: who.cloud, region: who.region, project: who.project,
                            user: who.user, command: command, summary: summary, strategy: plan.strategy.rawValue,
                            intent: JournalRecorder.intent(plan.intent),
                            requests: (report?.writes ?? []).map { JournalRequest(method: $0.method, path: $0.path, status: $0.status,
                                                                                    requestID: $0.requestID, error: $0.error) },
                            ports: ports, outcome: report.map { $0.interrupted != nil && $0.outcome != .applied ? "\($0.outcome.rawValue) (interrupted)" : $0.outcome.rawValue },
                            lines: report?.lines ?? [], undoOf: undoOf)
    }

    static func fields(_ p: PortState) -> PortFields {
        PortFields(allowedAddressPairs: p.pairs, portSecurityEnabled: p.portSecurityEnabled, securityGroups: p.securityGroups)
    }

    static func intent(_ i: Intent) -> JournalIntent {
        switch i {
        case .createVIP(let c):
            return JournalIntent(action: "create_vip", nicPortIDs: c.bindNICs, networkID: c.networkID, name: c.name, ipAddress: c.ipAddress)
        case .bind(let v, let n): return JournalIntent(action: "bind", vipPortID: v, nicPortIDs: n)
        case .unbind(let v, let n): return JournalIntent(action: "unbind", vipPortID: v, nicPortIDs: n)
        case .deleteVIP(let v, _): return JournalIntent(action: "delete_vip", vipPortID: v)
        case .setSourceDestCheck(let n, let on): return JournalIntent(action: "set_source_dest_check", nicPortIDs: [n], enabled: on)
        case .revert(let r): return JournalIntent(action: "undo", nicPortIDs: r.ports.map(\.portID))
        case .removePairs(let p, let addresses): return JournalIntent(action: "remove_pairs", nicPortIDs: [p], ipAddress: addresses.joined(separator: ","))
        }
    }

    /// What undoing `run` takes (from its `finished` line; a run with no finished line cannot
    /// be undone from the record: its ports are listed so they can be checked by hand).
    public static func revert(of run: JournalRun) -> Result<Revert, VIPError> {
        guard let done = run.finished else {
            let ports = run.started?.ports.map(\.label) ?? []
            return .failure(.refused(JournalWords.noRecordedOutcome(run.runID.prefix(8), ports.isEmpty ? JournalWords.itsPorts.text : Planner.list(ports))))
        }
        let ports = done.ports.compactMap { p -> Revert.PortUndo? in
            var c = EffectiveChange()
            c.added = p.added
            c.removed = p.removed
            c.portSecurityFrom = p.portSecurityFrom
            c.portSecurityTo = p.portSecurityTo
            c.groupsRemoved = p.groupsRemoved
            c.groupsAdded = p.groupsAdded
            if !p.created && c.isEmpty { return nil }
            return Revert.PortUndo(portID: p.portID, label: p.label, created: p.created, change: c,
                                   pairsAfter: p.after?.allowedAddressPairs ?? [])
        }
        if ports.isEmpty {
            return .failure(.refused(JournalWords.leftNothing(run.runID.prefix(8), JournalWords.shownOutcome(done.outcome ?? JournalWords.noOutcome.text))))
        }
        if done.ports.contains(where: \.deleted) {
            return .failure(.refused(JournalWords.deletedAPort(run.runID.prefix(8))))
        }
        return .success(Revert(runID: run.runID, summary: done.summary, ports: ports))
    }
}
