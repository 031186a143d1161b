import CloudAPI

/// One `apply`: runs the steps (independent ones in parallel), re-plans on 412, undoes on
/// failure, and reports what the cloud holds. Lives on the applying task only.
///
/// - Every write carries `If-Match` when the cloud honours it; without it, each write is
///   followed by a GET of the port, and a difference from what was written is reported as
///   drift.
/// - 412: the steps still running finish, then the intent is re-read and re-planned (a create
///   whose POST went through becomes a bind of the created port) and the new steps run; at
///   most 3 times, then what was done is undone and the report says why.
/// - A POST is never sent again blindly: after a transport error or a 5xx the port it may have
///   created is looked up first (by network, owner, name and typed address); found, it is
///   kept; not found, the POST is sent once more.
/// - A PUT whose answer was lost is checked by a GET: if the port holds what was written, the
///   step counts as done.
/// - On failure the writes already done are undone in reverse (a created port deleted, a
///   changed port put back from the step's `undoBody`, with `If-Match` of the revision
///   vipctl's own write produced, so a port someone else changed since is left alone and
///   reported), then every port the plan touched is read again for the report.
final class PlanRun {
    let service: VIPService
    let neutron: NeutronAPI
    let progress: @Sendable (ExecutionEvent) -> Void
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant

    var ifMatch = false
    var requests = 0
    var roundTrips = 0
    /// Writes done, in the order they finished (undo runs backwards).
    var done: [DoneWrite] = []
    /// The latest state of each port vipctl knows (write answers and re-reads).
    var latest: [String: Port] = [:]
    /// The revision vipctl's own last write of a port produced.
    var ownRevision: [String: Int] = [:]
    /// Ports the plan touched, in order, with their labels.
    var touched: [(id: String, label: String)] = []
    var gone: Set<String> = []
    var notes: [String] = []
    /// A write went through but the port does not hold it (seen without If-Match).
    var lostWrites: [String] = []
    var anyWriteSent = false
    var vipPortID: String?
    var createdVIP: Port?
    /// Each launched step's changes with placeholders filled in.
    var expectedByStep: [Int: [FieldChange]] = [:]

    struct DoneWrite {
        let stepID: Int
        let operation: PlanStep.Operation
        let portID: String
        let label: String
        let summary: String
        let undoBody: String?
        /// What the port held before (for checking a rollback), by field.
        let before: [FieldChange]
    }

    init(service: VIPService, progress: @escaping @Sendable (ExecutionEvent) -> Void) {
        self.service = service
        neutron = service.neutron
        self.progress = progress
        started = clock.now
    }

    // MARK: apply

    func apply(_ plan: Plan) async -> ExecutionReport {
        vipPortID = PlanRun.vipID(of: plan.intent)
        if plan.steps.isEmpty { return report(.nothingSent, [plan.nothingToDo ?? "nothing to do"]) }
        if await service.session.readOnly {
            let s = plan.steps[0]
            return report(.nothingSent, [CloudError.readOnly(method: s.method, path: s.path).oneLine])
        }
        do {
            ifMatch = try await service.supportsIfMatch()
        } catch {
            return report(.nothingSent, ["nothing sent: " + error.oneLine])
        }
        roundTrips = plan.readRoundTrips
        var current = plan
        var intent = plan.intent
        var replans = 0
        while true {
            let outcome = await attempt(current)
            switch outcome {
            case .completed:
                return finish()
            case .failed(let why):
                return await rollBack(because: why)
            case .conflict(let why):
                replans += 1
                if replans > 3 {
                    return await rollBack(because: "stopped after 3 re-plans: the ports kept changing under vipctl (last: \(why)); try again when nobody else is changing them")
                }
                progress(.replanned(attempt: replans, reason: why))
                if case .createVIP(let c) = intent, let vip = createdVIP {
                    // The VIP exists now: what is left is binding it.
                    if c.bindNICs.isEmpty { return finish() }
                    intent = .bind(vipPortID: vip.id, nicPortIDs: c.bindNICs)
                }
                do {
                    let next = (current.steps.map(\.id).max() ?? 0) + 1
                    let r = try await service.plan(intent, strategy: plan.strategy, firstStepID: next)
                    current = r.plan
                    requests += r.requests
                    roundTrips += r.plan.readRoundTrips
                } catch {
                    return await rollBack(because: "re-planning after a 412 failed: \(error.description)")
                }
                if current.steps.isEmpty {
                    notes.append("after re-reading: \(current.nothingToDo ?? "nothing left to do")")
                    return finish()
                }
            }
        }
    }

    static func vipID(of intent: Intent) -> String? {
        switch intent {
        case .bind(let v, _), .unbind(let v, _), .deleteVIP(let v, _): return v
        case .createVIP, .setSourceDestCheck: return nil
        }
    }

    // MARK: one pass over a plan's steps

    enum AttemptOutcome {
        case completed
        case conflict(String)
        case failed(String)
    }

    /// A step with its placeholders filled in, ready to send.
    struct Ready: Sendable {
        let step: PlanStep
        /// nil for a create.
        let portID: String?
        let body: String?
        let ifRevision: Int?
        let verify: Bool
        let expected: [FieldChange]
        /// For a create: how to find the port a POST may have made.
        let lookup: [(String, String)]
    }

    enum StepResult: Sendable {
        case done(port: Port?, trips: Int, requests: Int, note: String?)
        case conflict(message: String, trips: Int, requests: Int)
        case failed(error: CloudError, trips: Int, requests: Int, sent: Bool, note: String? = nil)
    }

    func attempt(_ plan: Plan) async -> AttemptOutcome {
        for s in plan.steps {
            if case .existing(let id) = s.port { touch(id, s.changes.first?.portLabel ?? "port \(id)") }
            for c in s.changes { if case .existing(let id) = c.port { touch(id, c.portLabel) } }
        }
        var created: [Int: Port] = [:]
        var revisions: [String: Int] = [:]
        var depth: [Int: Int] = [:]
        var pending = plan.steps
        var finished: Set<Int> = []
        var failure: String?
        var conflict: String?
        let lookup = PlanRun.lookupFilters(plan.intent)
        let api = neutron

        await withTaskGroup(of: (PlanStep, StepResult).self) { group in
            var running = 0
            while true {
                if failure == nil && conflict == nil {
                    let ready = pending.filter { s in s.dependsOn.allSatisfy { finished.contains($0) } }
                    pending.removeAll { s in ready.contains { $0.id == s.id } }
                    for s in ready {
                        guard let r = resolve(s, created: created, revisions: revisions, lookup: lookup) else {
                            failure = "step \(s.id) (\(s.summary)) names a port an earlier step did not create"
                            progress(.failed(step: s.id, message: failure ?? ""))
                            break
                        }
                        expectedByStep[s.id] = r.expected
                        progress(.started(step: s.id))
                        running += 1
                        group.addTask { (s, await PlanRun.perform(r, api)) }
                    }
                }
                guard running > 0, let (step, result) = await group.next() else { break }
                running -= 1
                let base = step.dependsOn.compactMap { depth[$0] }.max() ?? 0
                switch result {
                case .done(let port, let trips, let n, let note):
                    requests += n
                    anyWriteSent = true
                    depth[step.id] = base + trips
                    finished.insert(step.id)
                    if let note { notes.append("step \(step.id): \(note)") }
                    record(step, port: port, created: &created, revisions: &revisions)
                    progress(.finished(step: step.id))
                case .conflict(let message, let trips, let n):
                    requests += n
                    anyWriteSent = true
                    depth[step.id] = base + trips
                    let label = step.changes.first?.portLabel ?? "a port"
                    conflict = "\(label) changed since it was read (\(message))"
                    progress(.failed(step: step.id, message: "412: \(label) changed since it was read; re-reading"))
                case .failed(let error, let trips, let n, let sent, let note):
                    requests += n
                    if sent { anyWriteSent = true }
                    depth[step.id] = base + trips
                    let message = error.oneLine + (note.map { "; " + $0 } ?? "")
                    if failure == nil { failure = "step \(step.id) (\(step.summary)) failed: \(message)" }
                    progress(.failed(step: step.id, message: message))
                }
            }
        }
        roundTrips += depth.values.max() ?? 0
        if let failure { return .failed(failure) }
        if let conflict { return .conflict(conflict) }
        return .completed
    }

    func touch(_ id: String, _ label: String) {
        if !touched.contains(where: { $0.id == id }) { touched.append((id, label)) }
    }

    func resolve(_ s: PlanStep, created: [Int: Port], revisions: [String: Int], lookup: [(String, String)]) -> Ready? {
        var portID: String?
        switch s.port {
        case .existing(let id): portID = id
        case .created(let n):
            if s.operation != .create {
                guard let p = created[n] else { return nil }
                portID = p.id
            }
        }
        var body = s.body
        var expected = s.changes
        for (n, p) in created {
            let address = p.fixedIPs.first?.ipAddress ?? ""
            let placeholder = Planner.addressPlaceholder(step: n)
            body = body.map { PlanRun.replace(placeholder, with: address, in: $0) }
            expected = expected.map { c in
                var c = c
                c.after = c.after.map { $0 == placeholder ? address : $0 }
                return c
            }
        }
        if body?.contains("{address of step ") == true { return nil }
        var rev: Int?
        if ifMatch, let id = portID, s.operation != .create {
            rev = revisions[id] ?? s.ifRevision ?? latest[id]?.revisionNumber
        }
        return Ready(step: s, portID: portID, body: body, ifRevision: rev, verify: !ifMatch && s.operation == .update,
                     expected: expected, lookup: lookup)
    }

    static func replace(_ target: String, with replacement: String, in text: String) -> String {
        text.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    static func lookupFilters(_ intent: Intent) -> [(String, String)] {
        guard case .createVIP(let c) = intent else { return [] }
        var f = [("network_id", c.networkID), ("device_owner", Port.vipOwner), ("name", c.name)]
        if let ip = c.ipAddress.flatMap({ IPAddressValue($0) }) { f.append(("fixed_ips", "ip_address=\(ip)")) }
        return f
    }

    func record(_ step: PlanStep, port: Port?, created: inout [Int: Port], revisions: inout [String: Int]) {
        switch step.operation {
        case .create:
            guard let p = port else { return }
            created[step.id] = p
            createdVIP = p
            vipPortID = p.id
            latest[p.id] = p
            if let r = p.revisionNumber { ownRevision[p.id] = r; revisions[p.id] = r }
            let label = PlanRun.vipLabel(p)
            touch(p.id, label)
            done.append(DoneWrite(stepID: step.id, operation: .create, portID: p.id, label: label, summary: step.summary,
                                  undoBody: nil, before: []))
        case .update:
            guard let p = port else { return }
            latest[p.id] = p
            if let r = p.revisionNumber { ownRevision[p.id] = r; revisions[p.id] = r }
            let label = step.changes.first?.portLabel ?? "port \(p.id)"
            done.append(DoneWrite(stepID: step.id, operation: .update, portID: p.id, label: label, summary: step.summary,
                                  undoBody: step.undoBody, before: step.changes))
            if !ifMatch {
                // Re-read after the write: report drift.
                let expected = expectedByStep[step.id] ?? step.changes
                if !PlanRun.holdsExactly(p, expected) {
                    notes.append("drift on \(label): after vipctl's write the cloud holds \(PlanRun.describeFields(p, expected)), not what vipctl wrote (\(PlanRun.describeAfter(expected))); someone else changed it")
                    if !PlanRun.holdsIntent(p, expected) { lostWrites.append(label) }
                }
            }
        case .delete:
            if case .existing(let id) = step.port {
                gone.insert(id)
                latest[id] = nil
                let label = step.changes.first?.portLabel ?? "port \(id)"
                done.append(DoneWrite(stepID: step.id, operation: .delete, portID: id, label: label, summary: step.summary,
                                      undoBody: nil, before: []))
            }
        }
    }

    // MARK: sending one step

    static func perform(_ r: Ready, _ api: NeutronAPI) async -> StepResult {
        switch r.step.operation {
        case .create: return await create(r, api)
        case .update: return await update(r, api)
        case .delete: return await delete(r, api)
        }
    }

    static func isTransport(_ e: CloudError) -> Bool {
        if case .transport = e { return true }
        return false
    }

    static func create(_ r: Ready, _ api: NeutronAPI) async -> StepResult {
        var requests = 0
        var trips = 0
        var firstError: CloudError?
        for attempt in 0..<2 {
            requests += 1
            trips += 1
            do {
                let p = try await api.createPort(rawBody: r.body ?? "")
                let note = firstError.map { "the first POST failed (\($0.oneLine)) and created nothing; sent it once more" }
                return .done(port: p, trips: trips, requests: requests, note: note)
            } catch {
                if error.readOnlyRefusal != nil { return .failed(error: error, trips: trips - 1, requests: requests - 1, sent: false) }
                guard isTransport(error) || (error.status ?? 0) >= 500 else {
                    return .failed(error: error, trips: trips, requests: requests, sent: true)
                }
                if firstError == nil { firstError = error }
                // Before anything else: did it create the port?
                requests += 1
                trips += 1
                let found: [Port]
                do {
                    found = try await api.ports(filters: r.lookup)
                } catch let lookupError {
                    return .failed(error: error, trips: trips, requests: requests, sent: true,
                                   note: "looking for the port it may have created failed too (\(lookupError.oneLine)); check for a VIP port named as planned before trying again")
                }
                if let p = found.first {
                    return .done(port: p, trips: trips, requests: requests,
                                 note: "the POST's answer was lost (\(error.oneLine)); found the port it created (\(p.id)) and kept it")
                }
                if attempt == 1 {
                    return .failed(error: error, trips: trips, requests: requests, sent: true,
                                   note: "sent twice; neither created a port (looked up after each)")
                }
            }
        }
        return .failed(error: firstError ?? .transport(TransportFailure(kind: .other, url: "/v2.0/ports", detail: "POST failed")),
                       trips: trips, requests: requests, sent: true)
    }

    static func update(_ r: Ready, _ api: NeutronAPI) async -> StepResult {
        guard let id = r.portID else {
            return .failed(error: .transport(TransportFailure(kind: .other, url: r.step.path, detail: "no port to update")), trips: 0,
                           requests: 0, sent: false)
        }
        do {
            let p = try await api.updatePort(id, rawBody: r.body ?? "", ifRevision: r.ifRevision)
            if r.verify {
                do {
                    let again = try await api.port(id)
                    return .done(port: again, trips: 2, requests: 2, note: nil)
                } catch {
                    return .done(port: p, trips: 2, requests: 2, note: "re-reading after the write failed (\(error.oneLine))")
                }
            }
            return .done(port: p, trips: 1, requests: 1, note: nil)
        } catch {
            if error.readOnlyRefusal != nil { return .failed(error: error, trips: 0, requests: 0, sent: false) }
            if error.status == 412 { return .conflict(message: error.oneLine, trips: 1, requests: 1) }
            guard isTransport(error) else { return .failed(error: error, trips: 1, requests: 1, sent: true) }
            // The answer was lost: does the port hold what was written?
            if let p = try? await api.port(id), holdsExactly(p, r.expected) {
                return .done(port: p, trips: 2, requests: 2, note: "the PUT's answer was lost (\(error.oneLine)); the port holds the change")
            }
            return .failed(error: error, trips: 2, requests: 2, sent: true)
        }
    }

    static func delete(_ r: Ready, _ api: NeutronAPI) async -> StepResult {
        guard let id = r.portID else {
            return .failed(error: .transport(TransportFailure(kind: .other, url: r.step.path, detail: "no port to delete")), trips: 0,
                           requests: 0, sent: false)
        }
        do {
            try await api.deletePort(id, ifRevision: r.ifRevision)
            return .done(port: nil, trips: 1, requests: 1, note: nil)
        } catch {
            if error.readOnlyRefusal != nil { return .failed(error: error, trips: 0, requests: 0, sent: false) }
            if error.status == 412 { return .conflict(message: error.oneLine, trips: 1, requests: 1) }
            if error.status == 404 { return .done(port: nil, trips: 1, requests: 1, note: "the port was already gone") }
            guard isTransport(error) else { return .failed(error: error, trips: 1, requests: 1, sent: true) }
            do {
                _ = try await api.port(id)
            } catch let again {
                if again.status == 404 {
                    return .done(port: nil, trips: 2, requests: 2, note: "the DELETE's answer was lost (\(error.oneLine)); the port is gone")
                }
            }
            return .failed(error: error, trips: 2, requests: 2, sent: true)
        }
    }

    // MARK: comparing a port with a plan's changes

    static func pairKeys(_ p: Port) -> Set<String> { Set(p.allowedAddressPairs.map { PairKey.of($0.ipAddress) }) }

    /// The field as the port holds it, in a `FieldChange`'s terms.
    static func value(_ p: Port, _ field: String) -> [String]? {
        switch field {
        case "allowed_address_pairs": return p.allowedAddressPairs.map(\.ipAddress)
        case "port_security_enabled": return [(p.portSecurityEnabled ?? true) ? "true" : "false"]
        case "security_groups": return p.securityGroups
        default: return nil
        }
    }

    static func same(_ a: [String], _ b: [String], _ field: String) -> Bool {
        field == "allowed_address_pairs" ? Set(a.map(PairKey.of)) == Set(b.map(PairKey.of)) : Set(a) == Set(b)
    }

    /// The port holds exactly what the changes' `after` says.
    static func holdsExactly(_ p: Port, _ changes: [FieldChange]) -> Bool {
        changes.allSatisfy { c in value(p, c.field).map { same($0, c.after, c.field) } ?? true }
    }

    /// The port holds exactly what the changes' `before` says.
    static func holdsBefore(_ p: Port, _ changes: [FieldChange]) -> Bool {
        changes.allSatisfy { c in value(p, c.field).map { same($0, c.before, c.field) } ?? true }
    }

    /// What the step added is there and what it removed is not (others may have changed the rest).
    static func holdsIntent(_ p: Port, _ changes: [FieldChange]) -> Bool {
        changes.allSatisfy { c in
            guard let now = value(p, c.field) else { return true }
            let keys = Set(now.map(PairKey.of))
            return c.added.allSatisfy { keys.contains(PairKey.of($0)) } && !c.removed.contains { keys.contains(PairKey.of($0)) }
        }
    }

    static func describeFields(_ p: Port, _ changes: [FieldChange]) -> String {
        changes.map { c in "\(c.field) [\((value(p, c.field) ?? []).joined(separator: ", "))]" }.joined(separator: ", ")
    }

    static func describeAfter(_ changes: [FieldChange]) -> String {
        changes.map { c in "\(c.field) [\(c.after.joined(separator: ", "))]" }.joined(separator: ", ")
    }

    static func vipLabel(_ p: Port) -> String {
        let addr = p.fixedIPs.first?.ipAddress ?? "(no IP)"
        return p.name.isEmpty ? "VIP \(addr)" : "VIP \(addr) (\(p.name))"
    }

    // MARK: endings

    func finish() -> ExecutionReport {
        var lines: [String]
        let outcome: ExecutionReport.Outcome
        if lostWrites.isEmpty {
            outcome = .applied
            lines = ["applied: \(done.count) write\(done.count == 1 ? "" : "s") done; the cloud holds the intent"]
        } else {
            outcome = .partial
            lines = ["partial: every step answered, but \(Planner.list(lostWrites)) no longer hold\(lostWrites.count == 1 ? "s" : "") what vipctl wrote (someone else wrote at the same time)"]
        }
        lines += notes
        lines += portLines()
        if !ifMatch { lines.append("this cloud has no If-Match: each write was read back (\(done.filter { $0.operation == .update }.count) GETs)") }
        return report(outcome, lines)
    }

    func rollBack(because reason: String) async -> ExecutionReport {
        var failures: [String] = []
        var undone: [Int] = []
        // Verifying a rollback: each port vipctl changed must hold what its first change found.
        var firstBefore: [String: [FieldChange]] = [:]
        for w in done where w.operation == .update && firstBefore[w.portID] == nil { firstBefore[w.portID] = w.before }
        for w in done.reversed() {
            switch w.operation {
            case .delete:
                continue  // always the last step: never done when something else failed
            case .create:
                progress(.undoing(step: w.stepID))
                requests += 1
                roundTrips += 1
                do {
                    try await neutron.deletePort(w.portID, ifRevision: ifMatch ? ownRevision[w.portID] : nil)
                    gone.insert(w.portID)
                    latest[w.portID] = nil
                    undone.append(w.stepID)
                    progress(.undone(step: w.stepID))
                } catch {
                    if error.status == 404 {
                        gone.insert(w.portID)
                        undone.append(w.stepID)
                        progress(.undone(step: w.stepID))
                    } else {
                        failures.append("undoing step \(w.stepID) (deleting \(w.label)) failed: \(error.oneLine)")
                        progress(.undoFailed(step: w.stepID, message: error.oneLine))
                    }
                }
            case .update:
                guard let body = w.undoBody else { continue }
                progress(.undoing(step: w.stepID))
                requests += 1
                roundTrips += 1
                do {
                    let p = try await neutron.updatePort(w.portID, rawBody: body, ifRevision: ifMatch ? ownRevision[w.portID] : nil)
                    latest[p.id] = p
                    if let r = p.revisionNumber { ownRevision[p.id] = r }
                    undone.append(w.stepID)
                    progress(.undone(step: w.stepID))
                } catch {
                    let why = error.status == 412 ? "someone else changed it after vipctl did, so vipctl leaves it (\(error.oneLine))" : error.oneLine
                    failures.append("undoing step \(w.stepID) (\(w.summary)) failed: \(why)")
                    progress(.undoFailed(step: w.stepID, message: why))
                }
            }
        }
        // Read back every port the plan touched.
        let fresh = await reread()
        var mismatches: [String] = []
        for (id, before) in firstBefore {
            guard let p = fresh[id] ?? nil else { continue }
            if !PlanRun.holdsBefore(p, before) {
                let label = touched.first { $0.id == id }?.label ?? "port \(id)"
                mismatches.append("\(label) does not hold what it held before (\(PlanRun.describeFields(p, before)))")
            }
        }
        for w in done where w.operation == .create {
            if let p = fresh[w.portID] ?? nil { mismatches.append("\(PlanRun.vipLabel(p)), created by step \(w.stepID), still exists (\(p.id))") }
        }
        let outcome: ExecutionReport.Outcome
        var lines: [String]
        let undoneText = undone.isEmpty ? "nothing had been changed" : "undid step\(undone.count == 1 ? "" : "s") \(undone.map(String.init).joined(separator: ", "))"
        if !anyWriteSent {
            outcome = .nothingSent
            lines = ["nothing sent: \(reason)"]
        } else if failures.isEmpty && mismatches.isEmpty {
            outcome = .rolledBack
            lines = ["rolled back: \(reason); \(undoneText); the cloud is as it was"]
        } else {
            outcome = .partial
            lines = ["partial: \(reason); \(undoneText)"] + failures + mismatches
        }
        lines += notes
        lines += portLines()
        return report(outcome, lines)
    }

    /// GETs every touched port (in parallel); nil for one that is gone.
    func reread() async -> [String: Port?] {
        let ids = touched.map(\.id)
        let api = neutron
        requests += ids.count
        roundTrips += ids.isEmpty ? 0 : 1
        let results = await withTaskGroup(of: (String, Port?, CloudError?).self) { group in
            for id in ids {
                group.addTask {
                    do { return (id, try await api.port(id), nil) } catch { return (id, nil, CloudSession.asCloudError(error)) }
                }
            }
            var out: [(String, Port?, CloudError?)] = []
            for await r in group { out.append(r) }
            return out
        }
        var fresh: [String: Port?] = [:]
        for (id, port, error) in results {
            if let port {
                latest[id] = port
                fresh[id] = .some(port)
            } else if error?.status == 404 {
                gone.insert(id)
                latest[id] = nil
                fresh[id] = .some(nil)
            } else if let error {
                notes.append("could not read \(touched.first { $0.id == id }?.label ?? id) back: \(error.oneLine)")
            }
        }
        return fresh
    }

    /// One line per touched port: what the cloud holds (as last read or written).
    func portLines() -> [String] {
        touched.map { t in
            if gone.contains(t.id) { return "\(t.label): deleted" }
            guard let p = latest[t.id] else { return "\(t.label): not read back" }
            let label = p.isVIP ? PlanRun.vipLabel(p) : t.label
            var s = "\(label): allowed_address_pairs [\(p.allowedAddressPairs.map(\.ipAddress).joined(separator: ", "))]"
            if let ps = p.portSecurityEnabled { s += "; port security \(ps ? "on" : "off")" }
            if !p.isVIP { s += "; source/destination check \(p.sourceDestCheckOff || p.portSecurityEnabled == false ? "off" : "on")" }
            if let r = p.revisionNumber { s += "; revision \(r)" }
            return s
        }
    }

    func report(_ outcome: ExecutionReport.Outcome, _ lines: [String]) -> ExecutionReport {
        let d = clock.now - started
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return ExecutionReport(outcome: outcome, lines: lines, vipPortID: vipPortID, requests: requests,
                               roundTripsOnCriticalPath: roundTrips, seconds: seconds)
    }
}

