import CloudAPI

/// One `apply`. Lives on the applying task only (its state is never shared: steps run in
/// child tasks that return values; only `RunLog` is shared, behind a lock).
///
/// 1. A fresh read re-plans the intent; when the new plan would send something other than the
///    confirmed one (the VIP is gone, a server is bound already, a NIC holds the address),
///    nothing is sent and the report carries the new plan (`changedPlan`).
/// 2. Steps run as their dependencies finish (independent ones in parallel). Each update is
///    the step's delta merged into a read made just before the write (`PortWriter`); a create
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
    var roundTrips = 0
    var extraRequests = 0
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
        vipPortID = PlanRun.vipID(of: plan.intent)
        if plan.steps.isEmpty { return report(.nothingSent, [plan.nothingToDo ?? "nothing to do"]) }
        if await service.session.readOnly {
            let s = plan.steps[0]
            return report(.nothingSent, [CloudError.readOnly(method: s.method, path: s.path).oneLine])
        }
        if let why = context.stop.reason { return report(.nothingSent, ["nothing sent: \(why) before the first write"], interrupted: why) }
        do {
            ifMatch = try await service.supportsIfMatch()
        } catch {
            return report(.nothingSent, ["nothing sent: " + error.oneLine])
        }
        roundTrips = plan.readRoundTrips
        // 1. Is the confirmed plan still what a fresh read would send?
        let fresh: Plan
        do {
            let r = try await service.plan(plan.intent, strategy: plan.strategy, firstStepID: plan.steps.map(\.id).min() ?? 1)
            fresh = r.plan
            extraRequests += r.requests
            roundTrips += r.plan.readRoundTrips
        } catch {
            return report(.nothingSent, ["nothing sent: the cloud changed since the plan was shown: \(error.description)"])
        }
        if let diff = PlanRun.difference(plan, fresh) {
            var r = report(.nothingSent, ["nothing sent: the cloud changed since the plan was shown (\(diff)); review the new plan and confirm again"])
            r.changedPlan = fresh
            return r
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
        let reason = failure ?? "stopped: \(stopReason ?? "interrupted")"
        return await rollBack(plan, because: reason)
    }

    static func vipID(of intent: Intent) -> String? {
        switch intent {
        case .bind(let v, _), .unbind(let v, _), .deleteVIP(let v, _): return v
        case .createVIP, .setSourceDestCheck: return nil
        case .revert(let r): return r.ports.first { $0.created }?.portID
        }
    }

    /// What would be sent differently, in words; nil when both plans send the same deltas.
    static func difference(_ shown: Plan, _ fresh: Plan) -> String? {
        let a = shown.steps.map(signature), b = fresh.steps.map(signature)
        if a == b { return nil }
        if fresh.steps.isEmpty { return fresh.nothingToDo ?? "there is nothing left to do" }
        let gone = shown.steps.filter { !b.contains(signature($0)) }.map(\.summary)
        let new = fresh.steps.filter { !a.contains(signature($0)) }.map(\.summary)
        var parts: [String] = []
        if !gone.isEmpty { parts.append("no longer: " + gone.joined(separator: "; ")) }
        if !new.isEmpty { parts.append("now: " + new.joined(separator: "; ")) }
        return parts.isEmpty ? "the steps changed" : parts.joined(separator: "; ")
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
            if case .existing(let id) = s.port { touch(id, s.changes.first?.portLabel ?? "port \(id)") }
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
                    if failure == nil { failure = "step \(step.id) (\(step.summary)) failed: \(why)" }
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
        roundTrips += depth.values.max() ?? 0
        return failure
    }

    enum Job: Sendable {
        case update(portID: String, delta: PortDelta, label: String)
        case create(body: String, label: String)
        case delete(portID: String, label: String, mustBeUnbound: Bool)
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
                guard let p = created.first(where: { $0.step == n })?.port else { return .unresolved("names a port step \(n) did not create") }
                portID = p.id
            }
        }
        switch s.operation {
        case .create:
            return .create(body: s.body ?? "", label: label)
        case .delete:
            guard let id = portID else { return .unresolved("no port to delete") }
            // The plan emptied the VIP's pairs in an earlier step, or found them empty; an undo
            // deletes the VIP it created with the pairs it was created with.
            if case .revert = plan.intent { return .delete(portID: id, label: label, mustBeUnbound: false) }
            return .delete(portID: id, label: label, mustBeUnbound: true)
        case .update:
            guard let id = portID else { return .unresolved("no port to update") }
            var delta = s.delta ?? PortDelta()
            for c in created {
                delta = delta.replacing(Planner.addressPlaceholder(step: c.step), with: c.port.fixedIPs.first?.ipAddress ?? "")
            }
            if (delta.addPairs + delta.removePairs).contains(where: { $0.hasPrefix("{address of step ") }) {
                return .unresolved("needs the address of a port an earlier step did not create")
            }
            stepDeltas[s.id] = (id, delta)
            return .update(portID: id, delta: delta, label: label)
        }
    }

    static func perform(_ s: PlanStep, _ job: Job, writer: PortWriter, lookup: [(String, String)]) async -> StepResult {
        switch job {
        case .update(let id, let delta, let label): return .update(await writer.update(id, delta, label: label, step: s.id))
        case .create(let body, let label): return .create(await writer.create(body: body, lookup: lookup, label: label, step: s.id))
        case .delete(let id, let label, let unbound): return .delete(await writer.delete(id, label: label, mustBeUnbound: unbound, step: s.id))
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
            case .done(_, let change, let before, let trips, let note):
                depth[step.id] = base + trips
                remember(portID, before: before, change: change)
                if let note { log.note("step \(step.id): \(note)") }
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
                vipPortID = port.id
                touch(port.id, PlanRun.vipLabel(port))
                if let note { log.note("step \(step.id): \(note)") }
                return nil
            case .failed(let reason, let unknown, let trips):
                depth[step.id] = base + trips
                return unknown ? reason + "; it may have created a port: look for it by name before trying again" : reason
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
                if let note { log.note("step \(step.id): \(note)") }
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
        let addr = p.fixedIPs.first?.ipAddress ?? "(no IP)"
        return p.name.isEmpty ? "VIP \(addr)" : "VIP \(addr) (\(Inert.name(p.name)))"
    }

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
                progress(.retrying(step: step, attempt: repairs, reason: "\(label(id)) lost vipctl's change after the last check (a concurrent writer); merging again"))
                switch await writer.update(id, delta, label: label(id), step: step) {
                case .done(_, let change, let before, _, _), .failed(_, _, let change, let before, _):
                    remember(id, before: before, change: change)
                case .stopped:
                    break
                }
            }
            fresh = await reread()
        }
        if repairs > 0 { log.note("the final read found a change lost to a concurrent writer \(repairs) time\(repairs == 1 ? "" : "s"); merged again") }
        // Does the cloud hold every step's intent?
        var missing: [String] = []
        for s in plan.steps {
            switch s.operation {
            case .update:
                guard let (id, delta) = stepDeltas[s.id], !deleted.contains(id) else { continue }
                if let p = fresh[id] ?? nil {
                    if !delta.holds(on: p) { missing.append("\(label(id)) no longer holds step \(s.id)'s change (\(delta.description))") }
                } else if fresh[id] != nil {
                    missing.append("\(label(id)) is gone")
                }
            case .create:
                if let c = created.first(where: { $0.step == s.id }), fresh[c.port.id] != nil, fresh[c.port.id] == .some(nil) {
                    missing.append("\(PlanRun.vipLabel(c.port)), created by step \(s.id), is gone")
                }
            case .delete:
                if case .existing(let id) = s.port, let p = fresh[id] ?? nil { missing.append("\(PlanRun.vipLabel(p)) still exists") }
            }
        }
        let snap = log.snapshot
        let writes = snap.writes.filter { $0.status.map { $0 < 300 } ?? false }.count
        var lines: [String]
        let outcome: ExecutionReport.Outcome
        if missing.isEmpty {
            outcome = .applied
            lines = ["applied: \(writes) write\(writes == 1 ? "" : "s") went through; a read afterwards shows the cloud holds the intent"]
        } else {
            outcome = .partial
            lines = ["partly applied: every step finished, but a read afterwards shows " + missing.joined(separator: "; ")
                + " (somebody else changed it after vipctl's last check)"]
        }
        if let why = context.stop.reason { lines.append("\(why) came after the apply had finished: nothing to roll back") }
        lines += contentionLines(snap) + snap.notes + portLines(fresh)
        if !ifMatch {
            lines.append("this cloud has no If-Match: each write was read back, and checked again after a quiet period")
        }
        return report(outcome, lines, fresh: fresh, interrupted: context.stop.reason)
    }

    func contentionLines(_ snap: RunLog.State) -> [String] {
        guard snap.contended else { return [] }
        return ["concurrent writers were seen on the same ports; vipctl re-read and merged its change again each time (no pair of theirs was dropped)"]
    }

    func label(_ id: String) -> String { touched.first { $0.id == id }?.label ?? "port \(id)" }

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
                        failures.append("undoing step \(stepID) (deleting \(PlanRun.vipLabel(c.port))) failed: \(why)")
                        progress(.undoFailed(step: stepID, message: why))
                    case .stopped:
                        failures.append("undoing step \(stepID) (deleting \(PlanRun.vipLabel(c.port))) did not start")
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
                    failures.append("undoing the change to \(label(id)) failed: \(why)")
                    steps.forEach { progress(.undoFailed(step: $0, message: why)) }
                case .stopped:
                    failures.append("undoing the change to \(label(id)) did not start")
                }
            }
        }
        // What does the cloud hold now?
        let fresh = await reread()
        var leftovers: [String] = []
        for c in created {
            if let p = fresh[c.port.id] ?? nil { leftovers.append("\(PlanRun.vipLabel(p)) (\(p.id)), created by this run, still exists") }
            else if fresh[c.port.id] == nil { leftovers.append("\(PlanRun.vipLabel(c.port)) (\(c.port.id)) could not be read back") }
        }
        for id in deleted {
            leftovers.append("\(label(id)) was deleted by this run (that cannot be undone)")
        }
        for (id, change) in changes where !change.isEmpty && !created.contains(where: { $0.port.id == id }) {
            guard let entry = fresh[id] else {
                leftovers.append("\(label(id)) could not be read back")
                continue
            }
            guard let p = entry else { continue }
            // `changes` now holds what the run did minus what the undo reverted: check it.
            let left = change.leftovers(on: p)
            if !left.isEmpty { leftovers.append("\(label(id)): " + left.joined(separator: "; ")) }
        }
        let snap = log.snapshot
        let outcome: ExecutionReport.Outcome
        var lines: [String]
        let undoneText = undone.isEmpty ? "" : "; undid step\(undone.count == 1 ? "" : "s") \(Set(undone).sorted().map(String.init).joined(separator: ", "))"
        if !anyChange && leftovers.isEmpty {
            outcome = .nothingSent
            let sent = snap.writes.count
            lines = [sent == 0 ? "nothing sent: \(reason)"
                : "nothing changed: \(reason); \(sent) write request\(sent == 1 ? " was" : "s were") refused or shown by a read not to have happened"]
        } else if failures.isEmpty && leftovers.isEmpty {
            outcome = .rolledBack
            lines = ["rolled back: \(reason)\(undoneText); a read afterwards shows the cloud as it was"]
        } else {
            outcome = .partial
            lines = ["partly applied: \(reason)\(undoneText); left in the cloud:"] + leftovers.map { "  " + $0 } + failures
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
        roundTrips += ids.isEmpty ? 0 : 1
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
                log.note("could not read \(label(r.id)) back: \(e)")
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
            guard let entry = fresh[t.id] else { return "\(t.label): not read back" }
            guard let p = entry else { return "\(t.label): deleted" }
            let label = p.isVIP ? PlanRun.vipLabel(p) : t.label
            var s = "\(label): allowed_address_pairs [\(p.allowedAddressPairs.map(\.ipAddress).joined(separator: ", "))]"
            if let ps = p.portSecurityEnabled { s += "; port security \(ps ? "on" : "off")" }
            if !p.isVIP { s += "; source/destination check \(p.sourceDestCheckText)" }
            if let r = p.revisionNumber { s += "; revision \(r)" }
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
        var r = ExecutionReport(outcome: outcome, lines: lines, vipPortID: vipPortID, requests: snap.requests + extraRequests,
                                roundTripsOnCriticalPath: roundTrips, seconds: seconds)
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
