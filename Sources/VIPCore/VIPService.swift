import CloudAPI

/// Plans from fresh reads and applies plans over a `CloudSession` (see `VIPPlanning`).
///
/// Reads: what the intent touches and nothing more, in parallel (the ports by id; for a
/// create the network, its subnets, the VIP ports of that name and the ports holding a
/// typed address; for a delete the ports of the VIP's network). Two things are cached per
/// service: whether the cloud honours `If-Match` (probed once) and server names (labels
/// only; nothing written depends on them), so a repeated plan is one round trip. The headless
/// commands instead read the whole inventory once (`readInventory`: names are resolved from
/// it, the plan is made from it, `plan(_:from:)`). Every read is counted as it is sent
/// (`RoundTripMeter`).
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
    /// many requests the reads took, and the snapshot it was made from.
    func plan(_ intent: Intent, strategy: VIPStrategy, firstStepID: Int) async throws(VIPError) -> (plan: Plan, requests: Int, snapshot: PlanningSnapshot) {
        let r = try await read(intent)
        var plan = try Planner.plan(intent, snapshot: r.snapshot, strategy: strategy, ifMatch: r.ifMatch, firstStepID: firstStepID)
        plan.readRoundTrips = r.roundTrips
        plan.readRequests = r.requests
        remember(intent, strategy: strategy, snapshot: r.snapshot, ifMatch: r.ifMatch, started: r.started)
        return (plan, r.requests, r.snapshot)
    }

    // MARK: one read for names and plan

    /// The whole inventory (what names are resolved from) and the If-Match probe, read in one
    /// parallel wave after the token; `plan(_:from:)` plans from it without reading again.
    public struct InventoryRead: Sendable {
        public let inventory: Inventory
        public let roundTrips: Int
        public let requests: Int
        let started: ContinuousClock.Instant
    }

    public func readInventory() async throws(CloudError) -> InventoryRead {
        let meter = RoundTripMeter()
        let session = self.session, pageSize = self.pageSize
        let (inv, started) = try await meter.measure { () async throws(CloudError) -> (Inventory, ContinuousClock.Instant) in
            try await session.ensureAuthenticated()
            // The age of the read counts from here (the token is no data).
            let started = ContinuousClock.now
            // The probe goes out with the listings.
            async let probe: Bool? = try? await self.supportsIfMatch()
            let inv = try await Inventory.load(session, pageSize: pageSize)
            _ = await probe
            return (inv, started)
        }
        return InventoryRead(inventory: inv, roundTrips: meter.roundTrips, requests: meter.requests, started: started)
    }

    /// Plans `intent` from an inventory read made in this run (no further read unless the
    /// If-Match probe has to be sent again).
    public func plan(_ intent: Intent, from read: InventoryRead) async throws(VIPError) -> Plan {
        let meter = RoundTripMeter()
        let ifMatch: Bool
        do { ifMatch = try await meter.measure { () async throws(CloudError) -> Bool in try await self.supportsIfMatch() } } catch {
            throw .cloud(error)
        }
        let inv = read.inventory
        if inv.serversFromNova {
            cache.withLock { c in for s in inv.servers where !s.name.isEmpty { c.serverNames[s.id] = s.name } }
        }
        let snapshot = PlanningSnapshot(ports: inv.ports, subnets: inv.subnets, networks: inv.networks, servers: inv.servers,
                                        maxAddressPairs: maxAddressPairs, flavor: CloudFlavor(config: session.config))
        var plan = try Planner.plan(intent, snapshot: snapshot, strategy: strategy, ifMatch: ifMatch, firstStepID: 1)
        plan.readRoundTrips = read.roundTrips + meter.roundTrips
        plan.readRequests = read.requests + meter.requests
        remember(intent, strategy: strategy, snapshot: snapshot, ifMatch: ifMatch, started: read.started)
        return plan
    }

    // MARK: the last read, for an apply that follows at once

    struct LastRead {
        let intent: Intent
        let strategy: VIPStrategy
        let snapshot: PlanningSnapshot
        let ifMatch: Bool
        let started: ContinuousClock.Instant
    }

    private let lastRead = Locked<LastRead?>(nil)

    private func remember(_ intent: Intent, strategy: VIPStrategy, snapshot: PlanningSnapshot, ifMatch: Bool, started: ContinuousClock.Instant) {
        lastRead.withLock { $0 = LastRead(intent: intent, strategy: strategy, snapshot: snapshot, ifMatch: ifMatch, started: started) }
    }

    /// The snapshot `plan` was made from, when this service read it less than `window` ago
    /// (counted from the read's first request) and a plan made from it sends what `plan` sends.
    func recentSnapshot(for plan: Plan, within window: Duration) -> PlanningSnapshot? {
        guard let r = lastRead.withLock({ $0 }), r.intent == plan.intent, r.strategy == plan.strategy,
              ContinuousClock.now - r.started < window else { return nil }
        let first = plan.steps.map(\.id).min() ?? 1
        guard let again = try? Planner.plan(plan.intent, snapshot: r.snapshot, strategy: plan.strategy, ifMatch: r.ifMatch, firstStepID: first),
              PlanRun.difference(plan, again) == nil else { return nil }
        return r.snapshot
    }

    // MARK: reads

    struct ReadResult {
        var snapshot: PlanningSnapshot
        var ifMatch: Bool
        var requests: Int
        var roundTrips: Int
        var started: ContinuousClock.Instant
    }

    /// What the intent touches, in parallel; counted by a `RoundTripMeter` (the token and the
    /// If-Match probe included when this read sends them).
    func read(_ intent: Intent) async throws(VIPError) -> ReadResult {
        let meter = RoundTripMeter()
        let started = ContinuousClock.now
        do {
            let (snapshot, ifMatch) = try await meter.measure { () async throws -> (PlanningSnapshot, Bool) in
                try await self.readSnapshot(intent)
            }
            return ReadResult(snapshot: snapshot, ifMatch: ifMatch, requests: meter.requests, roundTrips: meter.roundTrips, started: started)
        } catch {
            throw .cloud(CloudSession.asCloudError(error))
        }
    }

    private func readSnapshot(_ intent: Intent) async throws -> (PlanningSnapshot, Bool) {
        var ports: [Port] = []
        var subnets: [Subnet] = []
        var networks: [Network] = []
        async let probe = supportsIfMatch()
        switch intent {
        case .createVIP(let c):
            async let net = neutron.network(c.networkID)
            async let subs = neutron.subnets(filters: [("network_id", c.networkID)])
            async let nics = getPorts(c.bindNICs)
            async let same = neutron.ports(filters: [("network_id", c.networkID), ("device_owner", Port.vipOwner), ("name", c.name)])
            let typed = c.ipAddress.flatMap { IPAddressValue($0) }
            async let holders: [Port] = typed == nil ? [] :
                neutron.ports(filters: [("network_id", c.networkID), ("fixed_ips", "ip_address=" + (typed?.description ?? ""))])
            networks = [try await net]
            subnets = try await subs
            ports = VIPService.merged(try await nics, try await same, try await holders)
        case .bind(let vip, let nics), .unbind(let vip, let nics):
            // Network names (id and name only) for messages, alongside the ports.
            async let nets = neutron.networks(filters: [("fields", "id"), ("fields", "name")])
            ports = try await getPorts([vip] + nics)
            networks = try await nets
        case .setSourceDestCheck(let nic, _):
            ports = try await getPorts([nic])
        case .removePairs(let port, _):
            ports = try await getPorts([port])
        case .deleteVIP(let vip, _):
            ports = try await getPorts([vip])
        case .revert(let r):
            // Ports gone since are simply absent from the snapshot.
            ports = try await getExistingPorts(r.ports.map(\.portID))
        }
        _ = try await probe
        // Second phase: what the first one named.
        if case .deleteVIP = intent, let vip = ports.first {
            let network = vip.networkID
            async let nets = neutron.network(network)
            let inNetwork = try await neutron.ports(filters: [("network_id", network)])
            networks = [try await nets]
            ports = VIPService.merged(ports, inNetwork)
        }
        let servers = try await serverNames(for: ports)
        let ifMatch = try await supportsIfMatch()
        return (PlanningSnapshot(ports: ports, subnets: subnets, networks: networks, servers: servers, maxAddressPairs: maxAddressPairs,
                                 flavor: CloudFlavor(config: session.config)), ifMatch)
    }

    /// Ports by id, in parallel, in the order asked (each id once).
    private func getPorts(_ ids: [String]) async throws -> [Port] {
        let unique = PlanBuilder.unique(ids)
        let api = neutron
        return try await withThrowingTaskGroup(of: (Int, Port).self) { group in
            for (i, id) in unique.enumerated() {
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
    private func getExistingPorts(_ ids: [String]) async throws -> [Port] {
        let unique = PlanBuilder.unique(ids)
        let api = neutron
        return try await withThrowingTaskGroup(of: PortSlot.self) { group in
            for (i, id) in unique.enumerated() {
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

    /// Server names of the NICs among `ports`: from Nova when the catalog has compute (names
    /// not yet known are fetched in parallel and kept), else the Neutron fallback (named by
    /// their id, as `Inventory.serversFromPorts`).
    private func serverNames(for ports: [Port]) async throws -> [Server] {
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
