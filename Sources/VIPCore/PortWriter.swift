import CloudAPI
import L10n

/// Inside one process, writes to one port are serialised: two applies of one TUI session, or
/// two steps of one plan, never interleave their read-merge-write of the same port.
actor PortLocks {
    static let shared = PortLocks()
    private var held: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    func acquire(_ id: String) async {
        if held.insert(id).inserted { return }
        await withCheckedContinuation { c in waiters[id, default: []].append(c) }
    }

    /// Hands the lock to the next waiter, if any.
    func release(_ id: String) {
        if var w = waiters[id], !w.isEmpty {
            let next = w.removeFirst()
            waiters[id] = w.isEmpty ? nil : w
            next.resume()
        } else {
            held.remove(id)
        }
    }

    func with<T: Sendable>(_ id: String, _ body: @Sendable () async -> T) async -> T {
        await acquire(id)
        let r = await body()
        release(id)
        return r
    }
}

/// What one apply sent and saw, shared by its concurrent steps.
final class RunLog: Sendable {
    struct State {
        var requests = 0
        var writes: [RequestRecord] = []
        var notes: [String] = []
        var contended = false
    }

    let state = Locked(State())
    func read() { state.withLock { $0.requests += 1 } }
    func write(_ r: RequestRecord) {
        state.withLock {
            $0.requests += 1
            $0.writes.append(r)
        }
    }

    func note(_ s: String) { state.withLock { $0.notes.append(s) } }
    func contention() { state.withLock { $0.contended = true } }
    var snapshot: State { state.withLock { $0 } }
}

/// Runs a closure once, before the first write; every writer waits until it has finished
/// (the journal's `started` line is on disk before any write leaves).
actor FirstWriteGate {
    private let action: @Sendable () async -> String?
    private var task: Task<String?, Never>?
    init(_ action: @escaping @Sendable () async -> String?) { self.action = action }
    /// nil: go ahead; else why no write may be sent.
    func pass() async -> String? {
        if task == nil { task = Task { await action() } }
        return await task?.value ?? nil
    }


}

/// Read -> merge the delta -> write -> read back, per port, until the port holds the delta
/// or the deadline passes.
///
/// - With `If-Match`: the write carries the revision of the read it was merged into (the
///   run's fresh read or the port's last write answer when the caller passes it as `seed`:
///   then no read comes first); a 412 means somebody wrote in between: read again, merge again.
/// - Without: after the write the port is read back; when the delta is not there or a pair
///   present just before the write is gone, a concurrent writer was seen: merge again. The
///   last check comes after a quiet period longer than a write's round trip (a writer whose
///   read predates ours lands within one round trip of its read), repairing until it holds.
///   No client can make this airtight without a compare-and-swap; when the deadline passes
///   the result says the binding may be contested.
/// - A failed write (5xx, a lost answer, even a 4xx) is a question to the cloud: the port is
///   read, and the write counts as done when the port holds the delta; it is sent again only
///   after a read shows it did not happen.
struct PortWriter: Sendable {
    let api: NeutronAPI
    let ifMatch: Bool
    let deadline: ContinuousClock.Instant
    let stop: StopSignal
    let log: RunLog
    let gate: FirstWriteGate
    /// Runs once, right before the first PUT (after the read it is merged into): tests pause
    /// there to make a real 412.
    let pause: FirstWriteGate
    let maxPairs: Int
    let progress: @Sendable (ExecutionEvent) -> Void
    /// Shortest quiet period before the last check without If-Match.
    var quietMinimum: Duration = .milliseconds(200)

    static let clock = ContinuousClock()

    enum Result: Sendable {
        /// The port holds the delta (checked by a read). `port` is that read.
        case done(port: Port, change: EffectiveChange, before: Port?, trips: Int, note: String?)
        /// The delta is not (fully) in: why. `change` is what did go through.
        case failed(reason: String, port: Port?, change: EffectiveChange, before: Port?, trips: Int)
        /// A stop was asked for before this step wrote anything.
        case stopped(before: Port?, trips: Int)
    }

    /// Full jitter backoff: a random wait up to 25 ms · 2^n, at most 800 ms.
    static func backoff(_ n: Int) async {
        let cap = min(800.0, 25.0 * Double(1 << min(n, 10)))
        try? await Task.sleep(for: .milliseconds(Int(Double.random(in: 1...cap))))
    }

    private func get(_ id: String, trips: inout Int) async -> Swift.Result<Port, CloudError> {
        log.read()
        trips += 1
        do { return .success(try await api.port(id)) } catch { return .failure(error) }
    }

    private func timeLeft() -> Bool { PortWriter.clock.now < deadline }

    /// Makes port `id` hold `delta`. `seed`: the port as a read of this run saw it; with
    /// If-Match the first write is merged into it and carries its revision (no read first: a
    /// change since meets a 412, then the port is read and merged again); without, it only
    /// tells that a write is coming (the first-write gate is passed before the read).
    func update(_ id: String, _ delta: PortDelta, label: String, step: Int, seed: Port? = nil) async -> Result {
        await PortLocks.shared.with(id) { await updateLocked(id, delta, label: label, step: step, seed: seed) }
    }

    private func updateLocked(_ id: String, _ delta: PortDelta, label: String, step: Int, seed: Port?) async -> Result {
        var trips = 0
        var change = EffectiveChange()
        var first: Port?
        var wrote = false
        var attempt = 0
        var conflicts = 0
        var lastError: String?
        /// A write whose outcome is unknown, and the read it was merged into.
        var unknown: Port?
        var writeRTT: Duration = .milliseconds(20)
        /// The read back just made (it is the next loop's read); at first the seed (If-Match only).
        var readBack: Port? = ifMatch && seed?.revisionNumber != nil && seed?.id == id ? seed : nil
        var gatePassed = false
        if !ifMatch, let seed, seed.id == id, !delta.holds(on: seed) {
            // Without If-Match the write must be merged into a read made after the gate (which
            // may take a while the first time): the seed says a write is coming, so pass the
            // gate first and make that read the only one before the write.
            if let refusal = await gate.pass() {
                return .failed(reason: refusal, port: nil, change: change, before: nil, trips: trips)
            }
            gatePassed = true
        }

        func retry(_ reason: String) async {
            attempt += 1
            progress(.retrying(step: step, attempt: attempt, reason: reason))
            await PortWriter.backoff(attempt)
        }

        while true {
            // At least one attempt, however late it starts.
            if attempt > 0 && !timeLeft() {
                let why = conflicts > 0
                    ? (conflicts == 1 ? WriteText.keptChangingOne : WriteText.keptChangingMany)(label, conflicts)
                    : WriteText.notWrittenBeforeDeadline(label) + (lastError.map { WriteText.lastError($0) } ?? "")
                var current: Port?
                if case .success(let p) = await get(id, trips: &trips) { current = p }
                if let u = unknown, let p = current, delta.holds(on: p) { change.record(delta, pre: u) }
                return .failed(reason: why, port: current, change: change, before: first, trips: trips)
            }
            if stop.isStopped && !wrote && unknown == nil { return .stopped(before: first, trips: trips) }
            let pre: Port
            if let p = readBack {
                pre = p
                readBack = nil
            } else {
                switch await get(id, trips: &trips) {
                case .success(let p): pre = p
                case .failure(let e):
                if e.status == 404 {
                    return .failed(reason: WriteText.portGoneBecause(label, e.oneLine), port: nil, change: change, before: first, trips: trips)
                }
                    lastError = e.oneLine
                    await retry(WriteText.readingFailed(label, e.oneLine))
                    continue
                }
            }
            if first == nil { first = pre }
            if let u = unknown {
                // The last write's answer was lost: this read tells whether it happened.
                if delta.holds(on: pre) { change.record(delta, pre: u); wrote = true }
                unknown = nil
            }
            if delta.holds(on: pre) {
                if !wrote || ifMatch {
                    return .done(port: pre, change: change, before: first, trips: trips,
                                 note: wrote ? nil : (delta.isEmpty ? nil : WriteText.alreadyHeld(label)))
                }
                // Without If-Match: the last check, after a quiet period.
                let quiet = max(quietMinimum, writeRTT * 3)
                try? await Task.sleep(for: quiet + .milliseconds(Int.random(in: 0...30)))
                switch await get(id, trips: &trips) {
                case .success(let again) where delta.holds(on: again):
                    return .done(port: again, change: change, before: first, trips: trips, note: nil)
                case .success:
                    conflicts += 1
                    log.contention()
                    await retry(WriteText.lostAfterReadBack(label))
                    continue
                case .failure(let e):
                    lastError = e.oneLine
                    await retry(WriteText.readingBackFailed(label, e.oneLine))
                    continue
                }
            }
            // Nothing written yet and a stop was asked for: leave the port alone.
            if stop.isStopped && !wrote { return .stopped(before: first, trips: trips) }
            guard let body = delta.body(on: pre) else { continue }
            let count = delta.pairCount(on: pre)
            if count > maxPairs && !delta.addPairs.isEmpty {
                return .failed(reason: WriteText.tooManyPairs(label, count, maxPairs), port: pre,
                               change: change, before: first, trips: trips)
            }
            if !gatePassed {
                if let refusal = await gate.pass() {
                    return .failed(reason: refusal, port: pre, change: change, before: first, trips: trips)
                }
                gatePassed = true
                // The gate may have taken a while (the journal's fsync, the first time): without
                // If-Match a read older than that is not what a write should be merged into:
                // read again. With If-Match the write carries the read's revision: a change
                // since is answered 412 (then read, merge again).
                if !ifMatch { continue }
            }
            _ = await pause.pass()
            let path = "/v2.0/ports/\(id)"
            let sent = PortWriter.clock.now
            trips += 1
            do {
                let answer = try await api.writePort("PUT", id, rawBody: body, ifRevision: ifMatch ? pre.revisionNumber : nil)
                writeRTT = PortWriter.clock.now - sent
                log.write(RequestRecord(method: "PUT", path: path, status: answer.status, requestID: answer.requestID, error: nil))
                change.record(delta, pre: pre)
                wrote = true
                if ifMatch, let p = answer.port {
                    // Compare-and-swap: the write was merged into the revision it replaced.
                    if delta.holds(on: p) { return .done(port: p, change: change, before: first, trips: trips, note: nil) }
                }
                // Read back: the delta there, and no pair that was there just before lost?
                switch await get(id, trips: &trips) {
                case .success(let back):
                    let lost = PortWriter.lostPairs(pre: pre, back: back, delta: delta)
                    if !delta.holds(on: back) || !lost.isEmpty {
                        conflicts += 1
                        log.contention()
                        let what = !delta.holds(on: back) ? WriteText.changeNotThere.text : WriteText.pairsVanished(Planner.list(lost))
                        await retry(WriteText.changedAfterWrite(label, what))
                        continue
                    }
                    // Loop: it finds the delta held and makes the quiet check.
                    readBack = back
                    continue
                case .failure(let e):
                    lastError = e.oneLine
                    continue
                }
            } catch {
                log.write(RequestRecord(method: "PUT", path: path, status: error.status, requestID: error.requestID,
                                        error: error.oneLine))
                if error.readOnlyRefusal != nil {
                    return .failed(reason: error.oneLine, port: pre, change: change, before: first, trips: trips)
                }
                if error.status == 412 {
                    conflicts += 1
                    log.contention()
                    await retry(WriteText.changed412Merge(label))
                    continue
                }
                // Did it happen? The next read says (and decides whether to send again).
                unknown = pre
                lastError = error.oneLine
                if let s = error.status, (400..<500).contains(s) {
                    // A refusal: check once that nothing happened, then give up.
                    if case .success(let p) = await get(id, trips: &trips), delta.holds(on: p) {
                        change.record(delta, pre: pre)
                        wrote = true
                        unknown = nil
                        log.note(WriteText.putAnsweredYetHolds(label, s))
                        continue
                    }
                    unknown = nil
                    return .failed(reason: WriteText.labelError(label, error.oneLine), port: pre, change: change, before: first, trips: trips)
                }
                await retry(WriteText.putNoClearAnswer(label, error.oneLine))
                continue
            }
        }
    }

    /// Pairs the port held just before the write, that the delta does not remove, and that
    /// are gone in the read back.
    static func lostPairs(pre: Port, back: Port, delta: PortDelta) -> [String] {
        let now = Set(back.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
        let removing = Set(delta.removePairs.map(PairKey.of))
        return pre.allowedAddressPairs.map(\.ipAddress).filter { ip in
            let k = PairKey.of(ip)
            return !now.contains(k) && !removing.contains(k)
        }
    }

    // MARK: create and delete

    /// POSTs `body`; after a failure, looks the port up before sending again.
    func create(body: String, lookup: [(String, String)], label: String, step: Int) async -> CreateResult {
        var trips = 0
        var attempt = 0
        var firstError: String?
        var mustLookUp = false
        while true {
            if attempt > 0 && !timeLeft() {
                return .failed(reason: WriteText.notCreatedBeforeDeadline(label) + (firstError.map { WriteText.firstError($0) } ?? ""),
                               unknown: mustLookUp, trips: trips)
            }
            if mustLookUp {
                log.read()
                trips += 1
                do {
                    if let p = try await api.ports(filters: lookup).first {
                        return .done(port: p, trips: trips, note: WriteText.postAnswerLost(firstError ?? WriteText.noAnswer.text, p.id))
                    }
                    mustLookUp = false
                } catch {
                    attempt += 1
                    progress(.retrying(step: step, attempt: attempt, reason: WriteText.lookingForPostFailed(error.oneLine)))
                    await PortWriter.backoff(attempt)
                    continue
                }
            }
            if stop.isStopped { return .stopped(trips: trips) }
            if let refusal = await gate.pass() { return .failed(reason: refusal, unknown: false, trips: trips) }
            trips += 1
            do {
                let answer = try await api.writePort("POST", nil, rawBody: body)
                log.write(RequestRecord(method: "POST", path: "/v2.0/ports", status: answer.status, requestID: answer.requestID, error: nil))
                guard let p = answer.port else { return .failed(reason: WriteText.postAnsweredNoPort.text, unknown: true, trips: trips) }
                let note = firstError.map { WriteText.firstPostFailed($0) }
                return .done(port: p, trips: trips, note: note)
            } catch {
                log.write(RequestRecord(method: "POST", path: "/v2.0/ports", status: error.status, requestID: error.requestID, error: error.oneLine))
                if error.readOnlyRefusal != nil { return .failed(reason: error.oneLine, unknown: false, trips: trips) }
                if firstError == nil { firstError = error.oneLine }
                if let s = error.status, (400..<500).contains(s) {
                    // A refusal creates nothing; make sure before saying so.
                    log.read()
                    trips += 1
                    if let p = try? await api.ports(filters: lookup).first {
                        return .done(port: p, trips: trips, note: WriteText.postAnsweredYetExists(s, p.id))
                    }
                    return .failed(reason: WriteText.createRefused(label, error.oneLine), unknown: false, trips: trips)
                }
                mustLookUp = true
                attempt += 1
                progress(.retrying(step: step, attempt: attempt, reason: WriteText.postNoClearAnswer(error.oneLine)))
                await PortWriter.backoff(attempt)
            }
        }
    }

    enum CreateResult: Sendable {
        case done(port: Port, trips: Int, note: String?)
        /// `unknown`: whether a port may have been created after all (the lookup kept failing).
        case failed(reason: String, unknown: Bool, trips: Int)
        case stopped(trips: Int)
    }

    /// DELETEs port `id` once a fresh read shows it holds no pairs the plan did not empty
    /// (`mustBeUnbound`): a VIP bound by somebody else meanwhile is left alone.
    /// `seed`: the port as this run last saw it (with If-Match and no pairs left, the DELETE
    /// carries its revision without a read first: a change since is answered 412, then read).
    func delete(_ id: String, label: String, mustBeUnbound: Bool, step: Int, seed: Port? = nil) async -> DeleteResult {
        await PortLocks.shared.with(id) {
            var trips = 0
            var attempt = 0
            var lastError: String?
            var gatePassed = false
            var seeded: Port? = nil
            if ifMatch, let seed, seed.id == id, seed.revisionNumber != nil, !mustBeUnbound || seed.allowedAddressPairs.isEmpty { seeded = seed }
            while true {
                if attempt > 0 && !timeLeft() {
                    return .failed(reason: WriteText.notDeletedBeforeDeadline(label) + (lastError.map { WriteText.lastError($0) } ?? ""), trips: trips)
                }
                let pre: Port
                if let s = seeded {
                    pre = s
                    seeded = nil
                } else {
                switch await get(id, trips: &trips) {
                case .success(let p): pre = p
                case .failure(let e):
                    if e.status == 404 { return .done(trips: trips, note: attempt == 0 ? WriteText.alreadyGone(label) : nil) }
                    lastError = e.oneLine
                    attempt += 1
                    progress(.retrying(step: step, attempt: attempt, reason: WriteText.readingFailed(label, e.oneLine)))
                    await PortWriter.backoff(attempt)
                    continue
                }
                }
                if mustBeUnbound && !pre.allowedAddressPairs.isEmpty {
                    return .failed(reason: WriteText.boundMeanwhile(label, Planner.list(pre.allowedAddressPairs.map(\.ipAddress))), trips: trips)
                }
                if stop.isStopped && attempt == 0 { return .stopped(trips: trips) }
                if !gatePassed {
                    if let refusal = await gate.pass() { return .failed(reason: refusal, trips: trips) }
                    gatePassed = true
                    if !ifMatch { continue }  // read again after the gate (see update)
                }
                trips += 1
                do {
                    let answer = try await api.writePort("DELETE", id, rawBody: nil, ifRevision: ifMatch ? pre.revisionNumber : nil)
                    log.write(RequestRecord(method: "DELETE", path: "/v2.0/ports/\(id)", status: answer.status, requestID: answer.requestID, error: nil))
                    return .done(trips: trips, note: nil)
                } catch let raw {
                    let error = CloudSession.asCloudError(raw)
                    log.write(RequestRecord(method: "DELETE", path: "/v2.0/ports/\(id)", status: error.status, requestID: error.requestID,
                                            error: error.oneLine))
                    if error.readOnlyRefusal != nil { return .failed(reason: error.oneLine, trips: trips) }
                    if error.status == 404 { return .done(trips: trips, note: nil) }
                    lastError = error.oneLine
                    attempt += 1
                    if error.status == 412 {
                        log.contention()
                        progress(.retrying(step: step, attempt: attempt, reason: WriteText.changed412Reread(label)))
                    } else if let s = error.status, (400..<500).contains(s) {
                        return .failed(reason: WriteText.deleteRefused(label, error.oneLine), trips: trips)
                    } else {
                        progress(.retrying(step: step, attempt: attempt, reason: WriteText.deleteNoClearAnswer(error.oneLine)))
                    }
                    await PortWriter.backoff(attempt)
                }
            }
        }
    }

    enum DeleteResult: Sendable {
        case done(trips: Int, note: String?)
        case failed(reason: String, trips: Int)
        case stopped(trips: Int)
    }
}

extension CloudError {
    /// The request id of the answer, when there was one.
    var requestID: String? {
        switch self {
        case .http(let f): return f.requestID
        case .undecodable(let u): return u.requestID
        default: return nil
        }
    }
}
