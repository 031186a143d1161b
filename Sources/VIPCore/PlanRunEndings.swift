import CloudAPI
import L10n

// How a run ends: the final read, the report from it, and the rollback.
extension PlanRun {
    // MARK: endings

    func finish(_ plan: Plan, writer: PortWriter, deadline: ContinuousClock.Instant) async -> ExecutionReport {
        var fresh = await reread()
        // The final read is one more check: a change somebody clobbered after the writer's own
        // last check (a stale writer on a cloud without If-Match) is merged in again, until it
        // holds or the deadline passes.
        var repairs = 0
        while clock.now < deadline && !context.stop.isStopped {
            let lost = plan.steps.compactMap { s -> (Int, String, PortDelta)? in
                guard s.operation == .update, let (id, delta) = stepDeltas[s.id], !deleted.contains(id),
                      let p = fresh[id] ?? nil, !delta.holds(on: p) else { return nil }
                return (s.id, id, delta)
            }
            if lost.isEmpty { break }
            repairs += 1
            log.contention()
            for (step, id, delta) in lost {
                progress(.retrying(step: step, attempt: repairs, reason: OutcomeText.lostAfterCheck(label(id))))
                switch await writer.update(id, delta, label: label(id), step: step) {
                case .done(_, let change, let before, _, _), .failed(_, _, let change, let before, _):
                    remember(id, before: before, change: change)
                case .stopped:
                    break
                }
            }
            fresh = await reread()
        }
        if repairs > 0 { log.note((repairs == 1 ? OutcomeText.repairedOne : OutcomeText.repairedMany)(repairs)) }
        // Does the cloud hold every step's intent?
        var missing: [String] = []
        for s in plan.steps {
            switch s.operation {
            case .update:
                guard let (id, delta) = stepDeltas[s.id], !deleted.contains(id) else { continue }
                if let p = fresh[id] ?? nil {
                    if !delta.holds(on: p) { missing.append(OutcomeText.noLongerHoldsStep(label(id), s.id, delta.description)) }
                } else if fresh[id] != nil {
                    missing.append(OutcomeText.portGone(label(id)))
                }
            case .create:
                if let c = created.first(where: { $0.step == s.id }), fresh[c.port.id] != nil, fresh[c.port.id] == .some(nil) {
                    missing.append(OutcomeText.createdGone(PlanRun.vipLabel(c.port), s.id))
                }
            case .delete:
                if case .existing(let id) = s.port, let p = fresh[id] ?? nil { missing.append(OutcomeText.stillExists(PlanRun.vipLabel(p))) }
            }
        }
        let snap = log.snapshot
        let writes = snap.writes.filter { $0.status.map { $0 < 300 } ?? false }.count
        var lines: [String]
        let outcome: ExecutionReport.Outcome
        if missing.isEmpty {
            outcome = .applied
            lines = [(writes == 1 ? OutcomeText.appliedOne : OutcomeText.appliedMany)(writes)]
        } else {
            outcome = .partial
            lines = [OutcomeText.partlyAppliedLost(missing.joined(separator: PlanText.clauseSeparator.text))]
        }
        if let why = context.stop.reason { lines.append(OutcomeText.stopCameLate(why)) }
        lines += contentionLines(snap) + snap.notes + portLines(fresh)
        if !ifMatch {
            lines.append(OutcomeText.noIfMatchChecked.text)
        }
        return report(outcome, lines, fresh: fresh, interrupted: context.stop.reason)
    }

    func contentionLines(_ snap: RunLog.State) -> [String] {
        guard snap.contended else { return [] }
        return [OutcomeText.concurrentMerged.text]
    }

    func label(_ id: String) -> String { touched.first { $0.id == id }?.label ?? PlanText.portShort(id) }

    func rollBack(_ plan: Plan, because reason: String) async -> ExecutionReport {
        let anyChange = !created.isEmpty || !deleted.isEmpty || changes.values.contains { !$0.isEmpty }
        var failures: [String] = []
        var undone: [Int] = []
        if anyChange {
            // The undo gets its own time budget: the apply's may be spent.
            let w = writer(deadline: clock.now + context.deadline)
            let undoWriter = PortWriter(api: w.api, ifMatch: w.ifMatch, deadline: w.deadline, stop: StopSignal(), log: w.log, gate: w.gate,
                                        pause: w.pause, maxPairs: Int.max, progress: progress)
            for stepID in completed.reversed() {
                guard let step = plan.steps.first(where: { $0.id == stepID }) else { continue }
                switch step.operation {
                case .delete:
                    continue  // never undone: it is always the last step
                case .create:
                    guard let c = created.first(where: { $0.step == stepID }) else { continue }
                    progress(.undoing(step: stepID))
                    switch await undoWriter.delete(c.port.id, label: PlanRun.vipLabel(c.port), mustBeUnbound: false, step: stepID) {
                    case .done:
                        undone.append(stepID)
                        progress(.undone(step: stepID))
                    case .failed(let why, _):
                        failures.append(OutcomeText.undoDeleteFailed(stepID, PlanRun.vipLabel(c.port), why))
                        progress(.undoFailed(step: stepID, message: why))
                    case .stopped:
                        failures.append(OutcomeText.undoDeleteNotStarted(stepID, PlanRun.vipLabel(c.port)))
                    }
                case .update:
                    continue  // undone per port below
                }
            }
            // Updates: per port, the inverse of what the run changed there (one write per port).
            let order = completedOrFailedPorts(plan)
            for id in order.reversed() {
                guard let change = changes[id], !change.isEmpty else { continue }
                if created.contains(where: { $0.port.id == id }) { continue }
                let steps = plan.steps.filter { stepDeltas[$0.id]?.portID == id }.map(\.id)
                steps.forEach { progress(.undoing(step: $0)) }
                switch await undoWriter.update(id, change.inverse, label: label(id), step: steps.last ?? 0) {
                case .done(_, let c, _, _, _):
                    var left = change
                    left.merge(c)
                    changes[id] = left
                    undone += steps
                    steps.forEach { progress(.undone(step: $0)) }
                case .failed(let why, _, let c, _, _):
                    var left = change
                    left.merge(c)
                    changes[id] = left
                    failures.append(OutcomeText.undoChangeFailed(label(id), why))
                    steps.forEach { progress(.undoFailed(step: $0, message: why)) }
                case .stopped:
                    failures.append(OutcomeText.undoChangeNotStarted(label(id)))
                }
            }
        }
        // What does the cloud hold now?
        let fresh = await reread()
        var leftovers: [String] = []
        for c in created {
            if let p = fresh[c.port.id] ?? nil { leftovers.append(OutcomeText.createdStillExists(PlanRun.vipLabel(p), p.id)) }
            else if fresh[c.port.id] == nil { leftovers.append(OutcomeText.createdNotReadBack(PlanRun.vipLabel(c.port), c.port.id)) }
        }
        for id in deleted {
            leftovers.append(OutcomeText.deletedByRun(label(id)))
        }
        for (id, change) in changes where !change.isEmpty && !created.contains(where: { $0.port.id == id }) {
            guard let entry = fresh[id] else {
                leftovers.append(OutcomeText.couldNotReadBack(label(id)))
                continue
            }
            guard let p = entry else { continue }
            // `changes` now holds what the run did minus what the undo reverted: check it.
            let left = change.leftovers(on: p)
            if !left.isEmpty { leftovers.append("\(label(id)): " + left.joined(separator: PlanText.clauseSeparator.text)) }
        }
        let snap = log.snapshot
        let outcome: ExecutionReport.Outcome
        var lines: [String]
        let undoneList = Set(undone).sorted().map(String.init).joined(separator: ", ")
        let undoneText = undone.isEmpty ? "" : (undone.count == 1 ? OutcomeText.undidStep : OutcomeText.undidSteps)(undoneList)
        if !anyChange && leftovers.isEmpty {
            outcome = .nothingSent
            let sent = snap.writes.count
            lines = [sent == 0 ? OutcomeText.nothingSentBecause(reason)
                : (sent == 1 ? OutcomeText.nothingChangedOne : OutcomeText.nothingChangedMany)(reason, sent)]
        } else if failures.isEmpty && leftovers.isEmpty {
            outcome = .rolledBack
            lines = [OutcomeText.rolledBackLine(reason, undoneText)]
        } else {
            outcome = .partial
            lines = [OutcomeText.partlyAppliedLeft(reason, undoneText)] + leftovers.map { "  " + $0 } + failures
        }
        lines += contentionLines(snap) + snap.notes + portLines(fresh)
        return report(outcome, lines, fresh: fresh, interrupted: context.stop.reason)
    }

    /// Ports with a change, in the order their steps appear in the plan.
    func completedOrFailedPorts(_ plan: Plan) -> [String] {
        var out: [String] = []
        for s in plan.steps {
            if let id = stepDeltas[s.id]?.portID, !out.contains(id) { out.append(id) }
        }
        return out
    }

    /// GETs every touched port (in parallel); `.some(nil)` for one that is gone, absent for
    /// one that could not be read.
    func reread() async -> [String: Port?] {
        let ids = touched.map(\.id)
        let api = neutron
        let log = self.log
        let results = await withTaskGroup(of: ReadBack.self) { group in
            for id in ids {
                group.addTask {
                    log.read()
                    do { return ReadBack(id: id, port: try await api.port(id), gone: false, error: nil) } catch {
                        let e = CloudSession.asCloudError(error)
                        return ReadBack(id: id, port: nil, gone: e.status == 404, error: e.oneLine)
                    }
                }
            }
            var out: [ReadBack] = []
            for await r in group { out.append(r) }
            return out
        }
        var fresh: [String: Port?] = [:]
        for r in results {
            if let p = r.port {
                fresh[r.id] = .some(p)
            } else if r.gone {
                fresh[r.id] = .some(nil)
            } else if let e = r.error {
                log.note(OutcomeText.couldNotReadBackBecause(label(r.id), e))
            }
        }
        return fresh
    }

    struct ReadBack: Sendable {
        let id: String
        let port: Port?
        let gone: Bool
        let error: String?
    }

    /// One line per touched port: what the final read shows.
    func portLines(_ fresh: [String: Port?]) -> [String] {
        touched.map { t in
            guard let entry = fresh[t.id] else { return OutcomeText.notReadBack(t.label) }
            guard let p = entry else { return OutcomeText.deleted(t.label) }
            let label = p.isVIP ? PlanRun.vipLabel(p) : t.label
            var s = OutcomeText.finalState(label, p.allowedAddressPairs.map(\.ipAddress).joined(separator: ", "))
            if let ps = p.portSecurityEnabled { s += OutcomeText.finalPortSecurity(OutcomeText.onOff(ps)) }
            if !p.isVIP { s += OutcomeText.finalCheck(OutcomeText.onOff(!p.sourceDestCheckOff)) }
            if let r = p.revisionNumber { s += OutcomeText.finalRevision(r) }
            return s
        }
    }

    static func state(_ p: Port, label: String) -> PortState {
        PortState(portID: p.id, label: label, exists: true, pairs: p.allowedAddressPairs.map(\.ipAddress),
                  portSecurityEnabled: p.portSecurityEnabled, securityGroups: p.securityGroups)
    }

    func report(_ outcome: ExecutionReport.Outcome, _ lines: [String], fresh: [String: Port?] = [:], interrupted: String? = nil) -> ExecutionReport {
        let d = clock.now - started
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        let snap = log.snapshot
        // Counted as sent (RoundTripMeter): the plan's reads, then everything the apply sent.
        var r = ExecutionReport(outcome: outcome, lines: lines, vipPortID: vipPortID, requests: planRequests + meter.requests,
                                roundTripsOnCriticalPath: planRoundTrips + meter.roundTrips, seconds: seconds)
        r.writes = snap.writes
        r.contended = snap.contended
        r.interrupted = interrupted
        var ports: [PortState] = []
        var records: [PortChangeRecord] = []
        for t in touched {
            let after: PortState?
            switch fresh[t.id] {
            case .some(.some(let p)): after = PlanRun.state(p, label: t.label)
            case .some(.none): after = PortState(portID: t.id, label: t.label, exists: false, pairs: [], portSecurityEnabled: nil, securityGroups: [])
            case .none: after = nil
            }
            if let after { ports.append(after) }
            let isCreated = created.contains { $0.port.id == t.id }
            let before = isCreated ? nil : firstSeen[t.id].map { PlanRun.state($0, label: t.label) }
            let change = changes[t.id] ?? EffectiveChange()
            if isCreated || deleted.contains(t.id) || !change.isEmpty {
                records.append(PortChangeRecord(portID: t.id, label: t.label, before: before, after: after, change: change,
                                                created: isCreated && after?.exists == true, deleted: deleted.contains(t.id)))
            }
        }
        r.ports = ports
        r.changes = records
        return r
    }
}
