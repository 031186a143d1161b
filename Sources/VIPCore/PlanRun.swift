import CloudAPI
import L10n

/// One `apply`. Lives on the applying task only (its state is never shared: steps run in
/// child tasks that return values; only `RunLog` is shared, behind a lock).
///
/// 1. A fresh read re-plans the intent; when the new plan would send something other than the
///    confirmed one (the VIP is gone, a server is bound already, a NIC holds the address),
///    nothing is sent and the report carries the new plan (`changedPlan`). A plan applied as
///    soon as it was made (`ApplyContext.reuseReadWithin`) is applied on the read it was made
///    from: that read is the fresh one.
/// 2. Steps run as their dependencies finish (independent ones in parallel). Each update is
///    the step's delta merged into a read made in this run (with `If-Match`: the fresh read
///    of step 1, the write carrying its revision; without: a read made just before the
///    write) (`PortWriter`); a create
///    is looked up before it is sent again; a delete checks nobody bound the VIP meanwhile.
/// 3. On a failed step or a stop (Ctrl-C, SIGTERM, SIGHUP), the steps in flight finish, no new
///    one starts, and what the run changed is undone the same way: the inverse of what each
///    write actually changed (never a remembered whole list), the created port deleted.
/// 4. Every port the run touched is read again; the outcome is what that read shows.
final class PlanRun {
    let service: VIPService
    let neutron: NeutronAPI
    let context: ApplyContext
    let progress: @Sendable (ExecutionEvent) -> Void
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    let log = RunLog()
    let gate: FirstWriteGate
    let pause: FirstWriteGate

    var ifMatch = false
    /// Counts every request of the apply, as sent (`report` adds the plan's own reads).
    let meter = RoundTripMeter()
    var planRoundTrips = 0
    var planRequests = 0
    /// Ports as the fresh read of step 1 saw them: the first write of each carries its
    /// revision (with If-Match); a port's later write, the revision its last write returned.
    var seeds: [String: Port] = [:]
    /// Ports the plan touched, in order, with their labels.
    var touched: [(id: String, label: String)] = []
    /// What each port held when the run first read it (nil: the run created it).
    var firstSeen: [String: Port] = [:]
    /// What the run changed per port (effective, learned from the reads before its writes).
    var changes: [String: EffectiveChange] = [:]
    var created: [(step: Int, port: Port)] = []
    var deleted: Set<String> = []
    /// Completed steps, in the order they finished (undo runs backwards).
    var completed: [Int] = []
    var stepDeltas: [Int: (portID: String, delta: PortDelta)] = [:]
    var vipPortID: String?

    init(service: VIPService, context: ApplyContext, progress: @escaping @Sendable (ExecutionEvent) -> Void) {
        self.service = service
        neutron = service.neutron
        self.context = context
        self.progress = progress
        started = clock.now
        gate = FirstWriteGate(context.willWrite)
        let hook = context.beforeFirstPUT
        pause = FirstWriteGate {
            await hook()
            return nil
        }
    }

    func writer(deadline: ContinuousClock.Instant) -> PortWriter {
        PortWriter(api: neutron, ifMatch: ifMatch, deadline: deadline, stop: context.stop, log: log, gate: gate,
                   pause: pause, maxPairs: service.maxAddressPairs, progress: progress)
    }

    // MARK: apply

    func apply(_ plan: Plan) async -> ExecutionReport {
        planRoundTrips = plan.readRoundTrips
        planRequests = plan.readRequests
        return await meter.measure { await self.applyMeasured(plan) }
    }

    private func applyMeasured(_ plan: Plan) async -> ExecutionReport {
        vipPortID = PlanRun.vipID(of: plan.intent)
        if plan.steps.isEmpty { return report(.nothingSent, [plan.nothingToDo ?? PlanText.nothingToDoDefault.text]) }
        if await service.session.readOnly {
            let s = plan.steps[0]
            return report(.nothingSent, [CloudError.readOnly(method: s.method, path: s.path).oneLine])
        }
        if let why = context.stop.reason { return report(.nothingSent, [OutcomeText.nothingSentBeforeFirstWrite(why)], interrupted: why) }
        do {
            ifMatch = try await service.supportsIfMatch()
        } catch {
            return report(.nothingSent, [OutcomeText.nothingSentBecause(error.oneLine)])
        }
        // 1. Is the confirmed plan still what a fresh read would send?
        if let window = context.reuseReadWithin, let snap = service.recentSnapshot(for: plan, within: window) {
            seeds = PlanRun.seeds(snap, plan)
        } else {
            let fresh: Plan
            do {
                let r = try await service.plan(plan.intent, strategy: plan.strategy, firstStepID: plan.steps.map(\.id).min() ?? 1)
                fresh = r.plan
                seeds = PlanRun.seeds(r.snapshot, plan)
            } catch {
                return report(.nothingSent, [OutcomeText.nothingSentCloudChanged(error.description)])
            }
            if let diff = PlanRun.difference(plan, fresh) {
                var r = report(.nothingSent, [OutcomeText.nothingSentCloudChangedReview(diff)])
                r.changedPlan = fresh
                return r
            }
        }
        let deadline = clock.now + context.deadline
        let stepWriter = writer(deadline: deadline)
        let failure = await runSteps(plan, writer: stepWriter)
        // A stop asked for while steps ran means "do not do it": even when the steps in flight
        // were the last ones, what they did is undone. One that comes later is too late.
        let stopReason = context.stop.reason
        if failure == nil && stopReason == nil {
            return await finish(plan, writer: stepWriter, deadline: deadline)
        }
        let reason = failure ?? OutcomeText.stoppedBecause(stopReason ?? OutcomeText.interrupted.text)
        return await rollBack(plan, because: reason)
    }

    /// The ports the plan updates or deletes, as `snapshot` read them.
    static func seeds(_ snapshot: PlanningSnapshot, _ plan: Plan) -> [String: Port] {
        var out: [String: Port] = [:]
        for s in plan.steps where s.operation != .create {
            guard case .existing(let id) = s.port, let p = snapshot.ports.first(where: { $0.id == id }) else { continue }
            out[id] = p
        }
        return out
    }

    static func vipID(of intent: Intent) -> String? {
        switch intent {
        case .bind(let v, _), .unbind(let v, _), .deleteVIP(let v, _): return v
        case .createVIP, .setSourceDestCheck, .removePairs: return nil
        case .revert(let r): return r.ports.first { $0.created }?.portID
        }
    }

    /// What would be sent differently, in words; nil when both plans send the same deltas.
    static func difference(_ shown: Plan, _ fresh: Plan) -> String? {
        let a = shown.steps.map(signature), b = fresh.steps.map(signature)
        if a == b { return nil }
        if fresh.steps.isEmpty { return fresh.nothingToDo ?? OutcomeText.nothingLeft.text }
        let gone = shown.steps.filter { !b.contains(signature($0)) }.map(\.summary)
        let new = fresh.steps.filter { !a.contains(signature($0)) }.map(\.summary)
        var parts: [String] = []
        if !gone.isEmpty { parts.append(OutcomeText.noLonger(gone.joined(separator: PlanText.clauseSeparator.text))) }
        if !new.isEmpty { parts.append(OutcomeText.nowPlanned(new.joined(separator: PlanText.clauseSeparator.text))) }
        return parts.isEmpty ? OutcomeText.stepsChanged.text : parts.joined(separator: PlanText.clauseSeparator.text)
    }

    static func signature(_ s: PlanStep) -> String {
        switch s.operation {
        case .create: return "POST \(s.body ?? "")"
        case .delete: return "DELETE \(s.path)"
        case .update:
            let d = s.delta ?? PortDelta()
            return "PUT \(s.path) +\(d.addPairs.map(PairKey.of).sorted()) -\(d.removePairs.map(PairKey.of).sorted()) \(String(describing: d.portSecurity)) \(d.clearGroups) \(d.addGroups)"
        }
    }

    // MARK: running the steps

    enum StepResult: Sendable {
        case update(PortWriter.Result)
        case create(PortWriter.CreateResult)
        case delete(PortWriter.DeleteResult)
        case unresolved(String)
    }

    func touch(_ id: String, _ label: String) {
        if !touched.contains(where: { $0.id == id }) { touched.append((id, label)) }
    }

    /// Runs the steps; returns why it stopped early, or nil when every step that started
    /// finished (a stop may still have kept some from starting).
    func runSteps(_ plan: Plan, writer: PortWriter) async -> String? {
        for s in plan.steps {
            if case .existing(let id) = s.port { touch(id, s.changes.first?.portLabel ?? PlanText.portShort(id)) }
        }
        var depth: [Int: Int] = [:]
        var pending = plan.steps
        var finished: Set<Int> = []
        var failure: String?
        let lookup = PlanRun.lookupFilters(plan.intent)
        var announcedStop = false

        await withTaskGroup(of: (PlanStep, StepResult).self) { group in
            var running = 0
            while true {
                if failure == nil, let why = context.stop.reason, !announcedStop {
                    announcedStop = true
                    progress(.stopping(reason: why))
                }
                if failure == nil && !context.stop.isStopped {
                    let ready = pending.filter { s in s.dependsOn.allSatisfy { finished.contains($0) } }
                    pending.removeAll { s in ready.contains { $0.id == s.id } }
                    for s in ready {
                        let job = resolve(s, in: plan)
                        progress(.started(step: s.id))
                        running += 1
                        // The awaited value is bound before the tuple is built: Swift 6.3.1's -O
                        // drops a tuple element stored before a suspension (see README, "Known
                        // compiler problem").
                        group.addTask {
                            let result = await PlanRun.perform(s, job, writer: writer, lookup: lookup)
                            return (s, result)
                        }
                    }
                }
                guard running > 0, let (step, result) = await group.next() else { break }
                running -= 1
                let base = step.dependsOn.compactMap { depth[$0] }.max() ?? 0
                if let why = record(step, result, depth: &depth, base: base) {
                    if failure == nil { failure = OutcomeText.stepFailed(step.id, step.summary, why) }
                    progress(.failed(step: step.id, message: why))
                } else if case .update(.stopped) = result {
                    // Not started: nothing to record.
                } else if case .create(.stopped) = result {
                } else if case .delete(.stopped) = result {
                } else {
                    finished.insert(step.id)
                    completed.append(step.id)
                    progress(.finished(step: step.id))
                }
            }
        }
        return failure
    }

    enum Job: Sendable {
        case update(portID: String, delta: PortDelta, label: String, seed: Port?)
        case create(body: String, label: String)
        case delete(portID: String, label: String, mustBeUnbound: Bool, seed: Port?)
        case unresolved(String)
    }

    /// The step with what earlier steps made filled in (the created port's id and address).
    func resolve(_ s: PlanStep, in plan: Plan) -> Job {
        let label = s.changes.first?.portLabel ?? s.summary
        var portID: String?
        switch s.port {
        case .existing(let id): portID = id
        case .created(let n):
            if s.operation != .create {
                guard let p = created.first(where: { $0.step == n })?.port else { return .unresolved(OutcomeText.namesUncreatedPort(n)) }
                portID = p.id
            }
        }
        switch s.operation {
        case .create:
            return .create(body: s.body ?? "", label: label)
        case .delete:
            guard let id = portID else { return .unresolved(OutcomeText.noPortToDelete.text) }
            // The plan emptied the VIP's pairs in an earlier step, or found them empty; an undo
            // deletes the VIP it created with the pairs it was created with.
            let seed = seeds.removeValue(forKey: id)
            if case .revert = plan.intent { return .delete(portID: id, label: label, mustBeUnbound: false, seed: seed) }
            return .delete(portID: id, label: label, mustBeUnbound: true, seed: seed)
        case .update:
            guard let id = portID else { return .unresolved(OutcomeText.noPortToUpdate.text) }
            var delta = s.delta ?? PortDelta()
            for c in created {
                delta = delta.replacing(Planner.addressPlaceholder(step: c.step), with: c.port.fixedIPs.first?.ipAddress ?? "")
            }
            if (delta.addPairs + delta.removePairs).contains(where: { $0.hasPrefix("{address of step ") }) {
                return .unresolved(OutcomeText.needsAddress.text)
            }
            stepDeltas[s.id] = (id, delta)
            // Used once: a second write of the port gets what the first returned (`record`).
            let seed = seeds.removeValue(forKey: id)
            return .update(portID: id, delta: delta, label: label, seed: seed)
        }
    }

    static func perform(_ s: PlanStep, _ job: Job, writer: PortWriter, lookup: [(String, String)]) async -> StepResult {
        switch job {
        case .update(let id, let delta, let label, let seed): return .update(await writer.update(id, delta, label: label, step: s.id, seed: seed))
        case .create(let body, let label): return .create(await writer.create(body: body, lookup: lookup, label: label, step: s.id))
        case .delete(let id, let label, let unbound, let seed):
            return .delete(await writer.delete(id, label: label, mustBeUnbound: unbound, step: s.id, seed: seed))
        case .unresolved(let why): return .unresolved(why)
        }
    }

    /// Books a step's result; returns why it failed, if it did.
    func record(_ step: PlanStep, _ result: StepResult, depth: inout [Int: Int], base: Int) -> String? {
        switch result {
        case .unresolved(let why):
            return why
        case .update(let r):
            let portID = stepDeltas[step.id]?.portID ?? ""
            switch r {
            case .done(let port, let change, let before, let trips, let note):
                depth[step.id] = base + trips
                remember(portID, before: before, change: change)
                seeds[portID] = port
                if let note { log.note(OutcomeText.stepNote(step.id, note)) }
                return nil
            case .failed(let reason, _, let change, let before, let trips):
                depth[step.id] = base + trips
                remember(portID, before: before, change: change)
                return reason
            case .stopped(let before, let trips):
                depth[step.id] = base + trips
                remember(portID, before: before, change: EffectiveChange())
                return nil
            }
        case .create(let r):
            switch r {
            case .done(let port, let trips, let note):
                depth[step.id] = base + trips
                created.append((step.id, port))
                seeds[port.id] = port  // the POST's answer: what a later PUT of it is merged into
                vipPortID = port.id
                touch(port.id, PlanRun.vipLabel(port))
                if let note { log.note(OutcomeText.stepNote(step.id, note)) }
                return nil
            case .failed(let reason, let unknown, let trips):
                depth[step.id] = base + trips
                return unknown ? OutcomeText.mayHaveCreated(reason) : reason
            case .stopped(let trips):
                depth[step.id] = base + trips
                return nil
            }
        case .delete(let r):
            guard case .existing(let id) = step.port else { return nil }
            switch r {
            case .done(let trips, let note):
                depth[step.id] = base + trips
                deleted.insert(id)
                if let note { log.note(OutcomeText.stepNote(step.id, note)) }
                return nil
            case .failed(let reason, let trips):
                depth[step.id] = base + trips
                return reason
            case .stopped(let trips):
                depth[step.id] = base + trips
                return nil
            }
        }
    }

    func remember(_ portID: String, before: Port?, change: EffectiveChange) {
        if let before, firstSeen[portID] == nil { firstSeen[portID] = before }
        guard !change.isEmpty else { return }
        var c = changes[portID] ?? EffectiveChange()
        c.merge(change)
        changes[portID] = c
    }

    static func lookupFilters(_ intent: Intent) -> [(String, String)] {
        guard case .createVIP(let c) = intent else { return [] }
        var f = [("network_id", c.networkID), ("device_owner", Port.vipOwner), ("name", c.name)]
        if let ip = c.ipAddress.flatMap({ IPAddressValue($0) }) { f.append(("fixed_ips", "ip_address=\(ip)")) }
        return f
    }

    static func vipLabel(_ p: Port) -> String {
        let addr = p.fixedIPs.first?.ipAddress ?? PlanText.noIP.text
        return p.name.isEmpty ? PlanText.vipLabel(addr) : PlanText.vipLabelNamed(addr, Inert.name(p.name))
    }

}

extension EffectiveChange {
    /// Adds a later change of the same port (an undo's change cancels what it reverted).
    mutating func merge(_ later: EffectiveChange) {
        for a in later.added {
            let k = PairKey.of(a)
            if let i = removed.firstIndex(where: { PairKey.of($0) == k }) { removed.remove(at: i) } else if !added.contains(where: { PairKey.of($0) == k }) { added.append(a) }
        }
        for r in later.removed {
            let k = PairKey.of(r)
            if let i = added.firstIndex(where: { PairKey.of($0) == k }) { added.remove(at: i) } else if !removed.contains(where: { PairKey.of($0) == k }) { removed.append(r) }
        }
        if let to = later.portSecurityTo {
            if portSecurityFrom == nil { portSecurityFrom = later.portSecurityFrom }
            portSecurityTo = to
            if portSecurityFrom == portSecurityTo {
                portSecurityFrom = nil
                portSecurityTo = nil
            }
        }
        for g in later.groupsAdded {
            if let i = groupsRemoved.firstIndex(of: g) { groupsRemoved.remove(at: i) } else if !groupsAdded.contains(g) { groupsAdded.append(g) }
        }
        for g in later.groupsRemoved {
            if let i = groupsAdded.firstIndex(of: g) { groupsAdded.remove(at: i) } else if !groupsRemoved.contains(g) { groupsRemoved.append(g) }
        }
    }
}
