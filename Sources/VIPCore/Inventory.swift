import CloudAPI

/// A read of what the cloud holds that matters for VIPs: networks, subnets, ports and
/// servers, fetched in parallel, and the VIP bindings resolved from them.
public struct Inventory: Sendable {
    public var networks: [Network]
    public var subnets: [Subnet]
    public var ports: [Port]
    public var servers: [Server]
    /// True when servers came from Nova; false when they were inferred from Neutron ports
    /// (a cloud without a compute endpoint).
    public var serversFromNova: Bool

    public init(networks: [Network], subnets: [Subnet], ports: [Port], servers: [Server], serversFromNova: Bool) {
        self.networks = networks
        self.subnets = subnets
        self.ports = ports
        self.servers = servers
        self.serversFromNova = serversFromNova
    }

    /// Reads everything at once (the four listings run concurrently).
    public static func load(_ session: CloudSession, pageSize: Int = 1000) async throws(CloudError) -> Inventory {
        let neutron = NeutronAPI(session: session, pageSize: pageSize)
        let hasNova = try await session.hasEndpoint(.compute)
        do {
            async let nets = neutron.networks()
            async let subs = neutron.subnets()
            async let prts = neutron.ports()
            // Without Nova, the servers come from the ports this read fetches anyway.
            async let srvs = hasNova ? Inventory.all(serverPages(session, pageSize: pageSize)) : []
            let ports = try await prts
            let servers = hasNova ? try await srvs : Inventory.serversFromPorts(ports)
            return Inventory(networks: try await nets, subnets: try await subs, ports: ports, servers: servers, serversFromNova: hasNova)
        } catch {
            throw CloudSession.asCloudError(error)
        }
    }

    /// The servers, page by page: from Nova when the catalog has a compute endpoint, else
    /// inferred from the NIC ports (`serversFromPorts`). The one home of that fallback, for the
    /// TUI's lists and the headless commands.
    public static func serverPages(_ session: CloudSession, pageSize: Int = 1000) -> AsyncThrowingStream<[Server], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if try await session.hasEndpoint(.compute) {
                        for try await page in NovaAPI(session: session, pageSize: pageSize).serverPages() { continuation.yield(page) }
                    } else {
                        let ports = try await NeutronAPI(session: session, pageSize: pageSize).ports()
                        continuation.yield(Inventory.serversFromPorts(ports))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func all(_ pages: AsyncThrowingStream<[Server], any Error>) async throws -> [Server] {
        var out: [Server] = []
        for try await page in pages { out += page }
        return out
    }

    /// Servers inferred from NIC ports (`device_owner` `compute:*`), named by their id.
    public static func serversFromPorts(_ ports: [Port]) -> [Server] {
        var seen: [String: Server] = [:]
        var order: [String] = []
        for p in ports where p.deviceOwner.hasPrefix("compute:") && !p.deviceID.isEmpty {
            if seen[p.deviceID] == nil {
                seen[p.deviceID] = Server(id: p.deviceID, name: p.deviceID, status: p.status)
                order.append(p.deviceID)
            }
        }
        return order.compactMap { seen[$0] }
    }

    // MARK: lookups

    public var portsByID: [String: Port] { Dictionary(ports.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }

    public func network(_ id: String) -> Network? { networks.first { $0.id == id } }
    public func server(_ id: String) -> Server? { servers.first { $0.id == id } }

    /// The NIC ports of a server.
    public func nics(of serverID: String) -> [Port] { ports.filter { $0.deviceID == serverID && !$0.isVIP } }

    /// Finds a server by exact id, then by exact name (names may repeat: that is an error).
    public func findServer(_ nameOrID: String) throws(CloudError) -> Server {
        if let s = servers.first(where: { $0.id == nameOrID }) { return s }
        let named = servers.filter { $0.name == nameOrID }
        if named.count == 1 { return named[0] }
        throw .lookup(LookupFailure(kind: "server", name: nameOrID, candidates: named.map(\.id)))
    }

    // MARK: VIPs

    /// Every VIP port with what its pairs resolve to. A NIC counts as bound when its IP is in
    /// the VIP's pairs (the Huawei way) or the VIP's address is in the NIC's pairs (the
    /// OpenStack way).
    public func vipBindings() -> [VIPBinding] {
        // Two indexes, so the whole resolution is linear in the number of ports.
        var byIP: [String: [Port]] = [:]
        var byPairIP: [String: [Port]] = [:]
        for p in ports where !p.isVIP {
            for f in p.fixedIPs { byIP[p.networkID + "|" + f.ipAddress, default: []].append(p) }
            for pair in p.allowedAddressPairs { byPairIP[p.networkID + "|" + pair.ipAddress, default: []].append(p) }
        }
        let serversByID = Dictionary(servers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ports.filter(\.isVIP).map { vip in
            let address = vip.fixedIPs.first?.ipAddress ?? ""
            var bound: [BoundNIC] = []
            var seenNIC: Set<String> = []
            for pair in vip.allowedAddressPairs {
                let nics = byIP[vip.networkID + "|" + pair.ipAddress] ?? []
                if nics.isEmpty {
                    bound.append(BoundNIC(pairIP: pair.ipAddress, nic: nil, server: nil, via: .vipPairs))
                }
                for nic in nics where seenNIC.insert(nic.id).inserted {
                    bound.append(BoundNIC(pairIP: pair.ipAddress, nic: nic, server: serversByID[nic.deviceID], via: .vipPairs))
                }
            }
            if !address.isEmpty {
                for nic in byPairIP[vip.networkID + "|" + address] ?? [] where seenNIC.insert(nic.id).inserted {
                    bound.append(BoundNIC(pairIP: nic.fixedIPs.first?.ipAddress ?? "", nic: nic, server: serversByID[nic.deviceID], via: .nicPairs))
                }
            }
            return VIPBinding(vip: vip, address: address, network: network(vip.networkID), bound: bound)
        }
    }
}

public struct VIPBinding: Sendable, Equatable {
    public let vip: Port
    public let address: String
    public let network: Network?
    public let bound: [BoundNIC]
}

public struct BoundNIC: Sendable, Equatable {
    public enum Via: String, Sendable { case vipPairs = "vip-pairs", nicPairs = "nic-pairs" }
    /// The IP named in the VIP's pairs (or the NIC's IP when found through its own pairs).
    public let pairIP: String
    /// nil when no port in the VIP's network holds that IP (a stale pair).
    public let nic: Port?
    public let server: Server?
    public let via: Via

    /// Huawei: `1.1.1.1/0` on the NIC. OpenStack: the VIP in the NIC's pairs (or port
    /// security off) means the NIC may send from the VIP.
    public var sourceDestCheckOff: Bool {
        guard let nic else { return false }
        return nic.sourceDestCheckOff
    }
}

extension Port {
    /// The one rule, for every screen and command: a NIC's source/destination check is off
    /// when its pairs hold `1.1.1.1/0` (Huawei) or its port security is disabled.
    public var sourceDestCheckOff: Bool { holdsCheckOffPair || portSecurityEnabled == false }

    /// `off` or `on`, as every screen and command words it.
    public var sourceDestCheckText: String { sourceDestCheckOff ? "off" : "on" }
}
