import CloudAPI
import Synchronization

/// Plans from fresh reads and applies plans over a `CloudSession` (see `VIPPlanning`).
///
/// Reads: what the intent touches and nothing more, in parallel (the ports by id; for a
/// create the network, its subnets, the VIP ports of that name and the ports holding a
/// typed address; for a delete the ports of the VIP's network). Two things are cached per
/// service: whether the cloud honours `If-Match` (probed once) and server names (labels
/// only; nothing written depends on them), so a repeated plan is one round trip.
public final class VIPService: VIPPlanning {
    public let session: CloudSession
    public let strategy: VIPStrategy
    public let pageSize: Int
    /// `max_allowed_address_pair` of the cloud (neutron does not publish it; 10 by default).
    public let maxAddressPairs: Int

    struct Cache {
        var ifMatch: Bool?
        var serverNames: [String: String] = [:]
    }

    private let cache = Locked(Cache())

    public init(session: CloudSession, strategy: VIPStrategy, pageSize: Int = 1000, maxAddressPairs: Int = Planner.defaultMaxAddressPairs) {
        self.session = session
        self.strategy = strategy
        self.pageSize = pageSize
        self.maxAddressPairs = maxAddressPairs
    }

    var neutron: NeutronAPI { NeutronAPI(session: session, pageSize: pageSize) }

    /// Whether the cloud honours `If-Match: revision_number=N` (extension
    /// `revision-if-match`); probed once per service. A cloud without `/extensions` (404)
    /// does not.
    public func supportsIfMatch() async throws(CloudError) -> Bool {
        if let known = cache.withLock({ $0.ifMatch }) { return known }
        let value: Bool
        do {
            value = try await neutron.supportsRevisionIfMatch()
        } catch {
            guard error.status == 404 else { throw error }
            value = false
        }
        cache.withLock { $0.ifMatch = value }
        return value
    }

    public func plan(_ intent: Intent) async throws(VIPError) -> Plan {
        try await plan(intent, strategy: strategy, firstStepID: 1).plan
    }

    /// The fresh reads a plan of `intent` is made from.
    public func snapshot(for intent: Intent) async throws(VIPError) -> PlanningSnapshot {
        try await read(intent).snapshot
    }

    public func apply(_ plan: Plan, context: ApplyContext, progress: @escaping @Sendable (ExecutionEvent) -> Void) async -> ExecutionReport {
        await PlanRun(service: self, context: context, progress: progress).apply(plan)
    }

    /// Plans with step ids from `firstStepID` (re-plans continue the numbering); also says how
    /// many requests the reads took.
    func plan(_ intent: Intent, strategy: VIPStrategy, firstStepID: Int) async throws(VIPError) -> (plan: Plan, requests: Int) {
        let r = try await read(intent)
        var plan = try Planner.plan(intent, snapshot: r.snapshot, strategy: strategy, ifMatch: r.ifMatch, firstStepID: firstStepID)
        plan.readRoundTrips = r.roundTrips
        return (plan, r.requests)
    }

    // MARK: reads

    struct ReadResult {
        var snapshot: PlanningSnapshot
        var ifMatch: Bool
        var requests: Int
        var roundTrips: Int
    }

    /// Requests and sequential round trips of the read phase.
    final class Tally: Sendable {
        private let state = Locked((requests: 0, phaseMax: 0, trips: 0))
        /// A call of `requests` requests sent one after another.
        func add(_ requests: Int) {
            state.withLock {
                $0.requests += requests
                $0.phaseMax = max($0.phaseMax, requests)
            }
        }

        func endPhase() {
            state.withLock {
                $0.trips += $0.phaseMax
                $0.phaseMax = 0
            }
        }

        func addTrips(_ n: Int, requests: Int) {
            state.withLock {
                $0.trips += n
                $0.requests += requests
            }
        }

        var requests: Int { state.withLock { $0.requests } }
        var trips: Int { state.withLock { $0.trips } }
    }

    func read(_ intent: Intent) async throws(VIPError) -> ReadResult {
        let tally = Tally()
        let authBefore = await session.authCount
        let probeNeeded = cache.withLock { $0.ifMatch == nil }
        do {
            var ports: [Port] = []
            var subnets: [Subnet] = []
            var networks: [Network] = []
            async let probe = probeIfMatch(tally, needed: probeNeeded)
            switch intent {
            case .createVIP(let c):
                async let net = getNetwork(c.networkID, tally)
                async let subs = list(tally) { n in try await n.subnets(filters: [("network_id", c.networkID)]) }
                async let nics = getPorts(c.bindNICs, tally)
                async let same = list(tally) { n in
                    try await n.ports(filters: [("network_id", c.networkID), ("device_owner", Port.vipOwner), ("name", c.name)])
                }
                let typed = c.ipAddress.flatMap { IPAddressValue($0) }
                async let holders: [Port] = typed == nil ? [] : list(tally) { n in
                    try await n.ports(filters: [("network_id", c.networkID), ("fixed_ips", "ip_address=" + (typed?.description ?? ""))])
                }
                networks = [try await net]
                subnets = try await subs
                ports = VIPService.merged(try await nics, try await same, try await holders)
            case .bind(let vip, let nics), .unbind(let vip, let nics):
                // Network names (id and name only) for messages, alongside the ports.
                async let nets = list(tally) { n in try await n.networks(filters: [("fields", "id"), ("fields", "name")]) }
                ports = try await getPorts([vip] + nics, tally)
                networks = try await nets
            case .setSourceDestCheck(let nic, _):
                ports = try await getPorts([nic], tally)
            case .removePairs(let port, _):
                ports = try await getPorts([port], tally)
            case .deleteVIP(let vip, _):
                ports = try await getPorts([vip], tally)
            case .revert(let r):
                // Ports gone since are simply absent from the snapshot.
                ports = try await getExistingPorts(r.ports.map(\.portID), tally)
            }
            _ = try await probe
            tally.endPhase()
            if await session.authCount > authBefore { tally.addTrips(1, requests: 1) }
            // Second phase: what the first one named.
            if case .deleteVIP = intent, let vip = ports.first {
                let network = vip.networkID
                async let nets = getNetwork(network, tally)
                let inNetwork = try await list(tally) { n in try await n.ports(filters: [("network_id", network)]) }
                networks = [try await nets]
                ports = VIPService.merged(ports, inNetwork)
                tally.endPhase()
            }
            let servers = try await serverNames(for: ports, tally)
            tally.endPhase()
            let ifMatch = try await supportsIfMatch()
            return ReadResult(snapshot: PlanningSnapshot(ports: ports, subnets: subnets, networks: networks, servers: servers,
                                                         maxAddressPairs: maxAddressPairs, flavor: CloudFlavor(config: session.config)),
                              ifMatch: ifMatch, requests: tally.requests, roundTrips: tally.trips)
        } catch {
            throw .cloud(CloudSession.asCloudError(error))
        }
    }

    private func probeIfMatch(_ tally: Tally, needed: Bool) async throws -> Bool {
        if needed { tally.add(1) }
        return try await supportsIfMatch()
    }

    private func getNetwork(_ id: String, _ tally: Tally) async throws -> Network {
        tally.add(1)
        return try await neutron.network(id)
    }

    /// Ports by id, in parallel, in the order asked (each id once).
    private func getPorts(_ ids: [String], _ tally: Tally) async throws -> [Port] {
        let unique = PlanBuilder.unique(ids)
        let api = neutron
        return try await withThrowingTaskGroup(of: (Int, Port).self) { group in
            for (i, id) in unique.enumerated() {
                tally.add(1)
                group.addTask {
                    let port = try await api.port(id)  // bound first: see PlanRun.runSteps
                    return (i, port)
                }
            }
            var out: [(Int, Port)] = []
            for try await r in group { out.append(r) }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Ports by id; one that is gone (404) is left out.
    private func getExistingPorts(_ ids: [String], _ tally: Tally) async throws -> [Port] {
        let unique = PlanBuilder.unique(ids)
        let api = neutron
        return try await withThrowingTaskGroup(of: PortSlot.self) { group in
            for (i, id) in unique.enumerated() {
                tally.add(1)
                group.addTask {
                    do { return PortSlot(index: i, port: try await api.port(id)) } catch {
                        let e = CloudSession.asCloudError(error)
                        if e.status == 404 { return PortSlot(index: i, port: nil) }
                        throw e
                    }
                }
            }
            var out: [PortSlot] = []
            for try await r in group { out.append(r) }
            return out.sorted { $0.index < $1.index }.compactMap(\.port)
        }
    }

    struct PortSlot: Sendable {
        let index: Int
        let port: Port?
    }

    /// A listing, counted as the pages it takes (a full page means one more request).
    private func list<T>(_ tally: Tally, _ body: (NeutronAPI) async throws -> [T]) async throws -> [T] {
        let items = try await body(neutron)
        tally.add(items.count / max(1, pageSize) + 1)
        return items
    }

    /// Server names of the NICs among `ports`: from Nova when the catalog has compute (names
    /// not yet known are fetched in parallel and kept), else the Neutron fallback (named by
    /// their id, as `Inventory.serversFromPorts`).
    private func serverNames(for ports: [Port], _ tally: Tally) async throws -> [Server] {
        let nics = ports.filter { $0.deviceOwner.hasPrefix("compute:") && !$0.deviceID.isEmpty }
        if nics.isEmpty { return [] }
        guard try await session.hasEndpoint(.compute) else { return Inventory.serversFromPorts(nics) }
        let ids = PlanBuilder.unique(nics.map(\.deviceID))
        let known = cache.withLock { $0.serverNames }
        let missing = ids.filter { known[$0] == nil }
        if !missing.isEmpty {
            let nova = NovaAPI(session: session, pageSize: pageSize)
            let found = await withTaskGroup(of: (String, String?).self) { group in
                for id in missing {
                    tally.add(1)
                    group.addTask {
                        let name = try? await nova.server(id).name  // bound first: see PlanRun.runSteps
                        return (id, name)
                    }
                }
                var out: [(String, String?)] = []
                for await r in group { out.append(r) }
                return out
            }
            cache.withLock { c in
                for (id, name) in found { if let name { c.serverNames[id] = name } }
            }
        }
        let names = cache.withLock { $0.serverNames }
        return ids.compactMap { id in names[id].map { Server(id: id, name: $0, status: "") } }
    }

    static func merged(_ lists: [Port]...) -> [Port] {
        var seen: Set<String> = []
        return lists.flatMap { $0 }.filter { seen.insert($0.id).inserted }
    }
}
