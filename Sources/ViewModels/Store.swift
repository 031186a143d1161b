import CloudAPI
import L10n
import VIPCore

/// The I/O the view models may do, as injected closures: the live one talks to a cloud
/// through `CloudSession`, tests pass fakes.
public struct Environment: Sendable {
    /// Who is signed in.
    public struct Identity: Equatable, Sendable {
        public var user: String
        public var project: String?

        public init(user: String, project: String?) {
            self.user = user
            self.project = project
        }
    }

    /// Pages of each listing as they arrive; the stream ends after the last page or throws
    /// (a `CloudError`, or anything else, which becomes a transport error).
    public var loadNetworks: @Sendable () -> AsyncThrowingStream<[Network], any Error>
    public var loadSubnets: @Sendable () -> AsyncThrowingStream<[Subnet], any Error>
    public var loadPorts: @Sendable () -> AsyncThrowingStream<[Port], any Error>
    public var loadServers: @Sendable () -> AsyncThrowingStream<[Server], any Error>
    /// Who is signed in, nil when it cannot be told (the loads report the failure).
    public var identify: @Sendable () async -> Identity?
    /// Fresh reads and a plan for an intent.
    public var plan: @Sendable (Intent, VIPStrategy) async -> Result<Plan, VIPError>
    /// Applies a plan, reporting each event; the stop signal lets a quit stop it cleanly.
    public var apply: @Sendable (Plan, StopSignal, @escaping @Sendable (ExecutionEvent) -> Void) async -> ExecutionReport
    /// Reads the journal (the `:journal` screen).
    public var loadJournal: @Sendable () async -> JournalListing
    /// Notices of the cloud session since the last call (answers read after a repair); the
    /// store asks after each load and shows them in the status line.
    public var cloudNotices: @Sendable () -> [String] = { [] }
    /// Runs the VIP doctor on a fresh read (the `:doctor` screen).
    public var examine: @Sendable (VIPStrategy) async -> DoctorResult = { _ in .failed("this environment cannot run the doctor") }
    /// One resource's JSON as the cloud sends it; nil where there is no cloud to ask (the
    /// detail view keeps the decoded JSON).
    public var loadRawJSON: @Sendable (ResourceRef) async -> Result<[String], CloudError>? = { _ in nil }

    public init(loadNetworks: @escaping @Sendable () -> AsyncThrowingStream<[Network], any Error>,
                loadSubnets: @escaping @Sendable () -> AsyncThrowingStream<[Subnet], any Error>,
                loadPorts: @escaping @Sendable () -> AsyncThrowingStream<[Port], any Error>,
                loadServers: @escaping @Sendable () -> AsyncThrowingStream<[Server], any Error>,
                identify: @escaping @Sendable () async -> Identity?,
                plan: @escaping @Sendable (Intent, VIPStrategy) async -> Result<Plan, VIPError> = { _, _ in
                    .failure(.refused(ScreenText.cannotPlanHere.text))
                },
                apply: @escaping @Sendable (Plan, StopSignal, @escaping @Sendable (ExecutionEvent) -> Void) async -> ExecutionReport = { _, _, _ in
                    ExecutionReport(outcome: .nothingSent, lines: [ScreenText.cannotApplyHere.text], vipPortID: nil,
                                    requests: 0, roundTripsOnCriticalPath: 0, seconds: 0)
                },
                loadJournal: @escaping @Sendable () async -> JournalListing = {
                    JournalListing(path: nil, runs: [], warnings: [ScreenText.noJournalHere.text])
                })
    {
        self.plan = plan
        self.apply = apply
        self.loadJournal = loadJournal
        self.loadNetworks = loadNetworks
        self.loadSubnets = loadSubnets
        self.loadPorts = loadPorts
        self.loadServers = loadServers
        self.identify = identify
    }

    static func verb(_ i: Intent) -> String {
        switch i {
        case .createVIP: return "vip create"
        case .bind: return "vip bind"
        case .unbind: return "vip unbind"
        case .deleteVIP: return "vip delete"
        case .setSourceDestCheck: return "nic check"
        case .revert: return "journal undo"
        case .removePairs: return "doctor --fix"
        }
    }

    /// One line for the journal: what the plan does, step by step.
    static func summary(_ p: Plan) -> String {
        if case .revert(let r) = p.intent { return "undo run \(r.runID.prefix(8)) (\(r.summary))" }
        return p.steps.map(\.summary).joined(separator: "; ")
    }

    /// The real thing: Neutron and Nova listings, paged, over `session`. On a cloud without
    /// a compute endpoint, servers are inferred from the NIC ports (named by their id). The
    /// journal screen reads `journal` (none: the screen says there is no journal).
    /// `beforeFirstWrite` runs after the journal's `started` line and before the first write
    /// (tests use it to pause there).
    public static func live(session: CloudSession, pageSize: Int = 1000, journal: JournalStore? = nil,
                            beforeFirstWrite: @escaping @Sendable () async -> Void = {}) -> Environment
    {
        let neutron = NeutronAPI(session: session, pageSize: pageSize)
        // One service per strategy, so each keeps its If-Match probe and name cache.
        let maxPairs = session.config.maxAddressPairs ?? Planner.defaultMaxAddressPairs
        let huawei = VIPService(session: session, strategy: .huawei, pageSize: pageSize, maxAddressPairs: maxPairs)
        let openstack = VIPService(session: session, strategy: .openstack, pageSize: pageSize, maxAddressPairs: maxPairs)
        let service: @Sendable (VIPStrategy) -> VIPService = { $0 == .huawei ? huawei : openstack }
        var env = Environment(
            loadNetworks: { neutron.pages("networks", of: Network.self) },
            loadSubnets: { neutron.pages("subnets", of: Subnet.self) },
            loadPorts: { neutron.portPages() },
            loadServers: { Inventory.serverPages(session, pageSize: pageSize) },
            identify: {
                do { try await session.ensureAuthenticated() } catch { return nil }
                guard let id = await session.currentIdentity else { return nil }
                return Identity(user: id.userName, project: id.projectName ?? id.projectID)
            },
            plan: { intent, strategy in
                do throws(VIPError) {
                    return .success(try await service(strategy).plan(intent))
                } catch {
                    return .failure(error)
                }
            },
            apply: { plan, stop, progress in
                guard let journal else {
                    return await service(plan.strategy).apply(plan, context: ApplyContext(stop: stop), progress: progress)
                }
                // The same journal the headless commands keep.
                let recorder = JournalRecorder(store: journal, who: await JournalRecorder.who(session), command: "tui: " + Environment.verb(plan.intent))
                return await recorder.apply(plan, summary: Environment.summary(plan), via: service(plan.strategy), stop: stop,
                                            beforeFirstWrite: beforeFirstWrite, progress: progress)
            },
            loadJournal: {
                guard let journal else { return JournalListing(path: nil, runs: [], warnings: [ScreenText.noJournalConfigured.text]) }
                return JournalListing.read(journal)
            }
        )
        env.cloudNotices = { session.notices.drain() }
        env.examine = Environment.liveExamine(session: session, pageSize: pageSize, maxPairs: maxPairs)
        env.loadRawJSON = { ref in
            let service: CloudSession.Service, collection: String
            switch ref {
            case .network: (service, collection) = (.network, "networks")
            case .subnet: (service, collection) = (.network, "subnets")
            case .port: (service, collection) = (.network, "ports")
            case .server: (service, collection) = (.compute, "servers")
            case .journalRun: return nil
            }
            do throws(CloudError) {
                return .success(try await session.resourceJSONLines(service, collection: collection, id: ref.id))
            } catch {
                return .failure(error)
            }
        }
        return env
    }
}

/// Owns the state: runs `reduce` for each action, tells subscribers about every change, and
/// runs effects in tasks whose results come back as actions.
public actor Store {
    public private(set) var state: AppState
    private let environment: Environment
    private let onChange: (@Sendable (AppState) -> Void)?
    private var running: [Int: Task<Void, Never>] = [:]
    /// The stop signal of the apply in flight, if any.
    private var applying: StopSignal?
    private var loadTasks: [Resource: Int] = [:]
    private var nextTaskID = 0
    private var subscribers: [Int: AsyncStream<AppState>.Continuation] = [:]
    private var nextSubscriberID = 0
    private var clipboardSubscribers: [Int: AsyncStream<String>.Continuation] = [:]

    /// `onChange` is called (on the store's executor) with the new state after every action
    /// that changed it.
    public init(state: AppState, environment: Environment, onChange: (@Sendable (AppState) -> Void)? = nil) {
        self.state = state
        self.environment = environment
        self.onChange = onChange
    }

    /// Applies an action, notifies subscribers if the state changed, and starts its effects.
    public func send(_ action: Action) {
        let effects: [Effect]
        if case .pageLoaded = action {
            // A page is merged without a copy of the state kept to compare: while a copy
            // shares them, every set, dictionary and index array the merge touches would copy
            // itself first (100,000 ports' worth, page after page). A page changes the state
            // (its load's progress); a dropped stale one costs one redundant frame.
            effects = reduce(&state, action)
            publish()
        } else {
            let before = state
            effects = reduce(&state, action)
            if state != before { publish() }
        }
        for e in effects { run(e) }
    }

    private func publish() {
        let shown = state.published
        onChange?(shown)
        for c in subscribers.values { c.yield(shown) }
    }

    /// Resolves an input (a key) against the current state and applies the action, in one
    /// step: every key is resolved against the state the keys before it left.
    public func send(resolving resolve: @Sendable (AppState) -> Action?) {
        if let action = resolve(state) { send(action) }
    }

    /// The current state, then every changed state. A slow reader sees only the newest
    /// (a renderer needs nothing else). The stream ends when the user quits.
    public func updates() -> AsyncStream<AppState> {
        let (stream, continuation) = AsyncStream.makeStream(of: AppState.self, bufferingPolicy: .bufferingNewest(1))
        let id = nextSubscriberID
        nextSubscriberID += 1
        subscribers[id] = continuation
        continuation.yield(state.published)
        if state.shouldQuit { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    /// The texts to put on the terminal's clipboard (`Effect.copyToClipboard`), in order, for
    /// the terminal driver to write. Ends when the user quits.
    public func clipboardRequests() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let id = nextSubscriberID
        nextSubscriberID += 1
        clipboardSubscribers[id] = continuation
        if state.shouldQuit { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribeClipboard(id) }
        }
        return stream
    }

    private func unsubscribeClipboard(_ id: Int) { clipboardSubscribers[id] = nil }

    /// Returns once no effect is running (including effects started by the results of
    /// effects). For tests.
    public func waitForIdle() async {
        while let task = running.values.first { await task.value }
    }

    /// How many effects are running now.
    public var pendingEffects: Int { running.count }

    // MARK: effects

    private func run(_ effect: Effect) {
        let env = environment
        switch effect {
        case .load(let resource, let generation):
            if let old = loadTasks[resource] { running[old]?.cancel() }
            loadTasks[resource] = spawn { [weak self] in
                guard let self else { return }
                await Store.load(resource, generation: generation, env: env) { await self.send($0) }
            }
        case .identify:
            spawn { [weak self] in
                guard let who = await env.identify() else { return }
                await self?.send(.identified(user: who.user, project: who.project))
            }
        case .plan(let intent, let strategy, let generation):
            spawn { [weak self] in
                let result = await env.plan(intent, strategy)
                switch result {
                case .success(let plan): await self?.send(.planned(plan, generation: generation))
                case .failure(let error): await self?.send(.planFailed(error.description, generation: generation))
                }
            }
        case .stopApply(let reason):
            applying?.stop(reason)
        case .apply(let plan):
            let stop = StopSignal()
            applying = stop
            spawn { [weak self] in
                // Events through a stream, so they arrive in order and before the report.
                let (events, continuation) = AsyncStream.makeStream(of: ExecutionEvent.self)
                let applying = Task {
                    let report = await env.apply(plan, stop) { continuation.yield($0) }
                    continuation.finish()
                    return report
                }
                for await event in events { await self?.send(.applyProgressed(event)) }
                let report = await applying.value
                await self?.send(.applyFinished(report))
            }
        case .loadJournal(let generation):
            spawn { [weak self] in
                let listing = await env.loadJournal()
                await self?.send(.journalLoaded(listing, generation: generation))
            }
        case .examine(let strategy, let generation):
            spawn { [weak self] in
                let result = await env.examine(strategy)
                await self?.send(.doctorExamined(result, generation: generation))
            }
        case .loadRawJSON(let ref):
            spawn { [weak self] in
                guard let result = await env.loadRawJSON(ref) else { return }
                await self?.send(.rawJSONLoaded(ref, result))
            }
        case .copyToClipboard(let text):
            for c in clipboardSubscribers.values { c.yield(text) }
        case .quit:
            for c in clipboardSubscribers.values { c.finish() }
            clipboardSubscribers = [:]
            for t in running.values { t.cancel() }
            for c in subscribers.values { c.finish() }
            subscribers = [:]
        }
    }

    @discardableResult
    private func spawn(_ body: @escaping @Sendable () async -> Void) -> Int {
        let id = nextTaskID
        nextTaskID += 1
        running[id] = Task { [weak self] in
            await body()
            await self?.finished(id)
        }
        return id
    }

    private func finished(_ id: Int) {
        running[id] = nil
        for (r, t) in loadTasks where t == id { loadTasks[r] = nil }
    }

    private static func load(_ r: Resource, generation: Int, env: Environment, send: @Sendable (Action) async -> Void) async {
        do {
            switch r {
            case .networks: try await pages(env.loadNetworks(), generation: generation, send: send) { .networks($0) }
            case .subnets: try await pages(env.loadSubnets(), generation: generation, send: send) { .subnets($0) }
            case .ports: try await pages(env.loadPorts(), generation: generation, send: send) { .ports($0) }
            case .servers: try await pages(env.loadServers(), generation: generation, send: send) { .servers($0) }
            }
            if Task.isCancelled { return }
            for line in env.cloudNotices() { await send(.cloudNoticed(line)) }
            await send(.pageLoaded(.empty(r), generation: generation, done: true))
        } catch {
            if Task.isCancelled { return }
            for line in env.cloudNotices() { await send(.cloudNoticed(line)) }
            await send(.loadFailed(r, CloudSession.asCloudError(error), generation: generation))
        }
    }

    private static func pages<T: Sendable>(_ stream: AsyncThrowingStream<[T], any Error>, generation: Int,
                                           send: @Sendable (Action) async -> Void, wrap: ([T]) -> Page) async throws
    {
        for try await items in stream {
            if Task.isCancelled { return }
            await send(.pageLoaded(wrap(items), generation: generation, done: false))
        }
    }
}
