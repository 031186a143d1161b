/// Built-in tenants. Every id comes from a seeded generator, so ids are stable across runs.
public enum Scenarios {
    /// 2026-11-02T08:00:00Z: when the demo tenant's resources were "created".
    static let epoch: Double = 1_793_606_400

    static func build(_ config: SimulatorConfig) -> CloudState {
        var s = identityOnly(config)
        switch config.scenario {
        case .empty: break
        case .demo: demo(&s)
        case .scale: scale(&s, ports: config.scalePorts, servers: config.scaleServers, networks: config.scaleNetworks)
        case .contention: contention(&s)
        }
        return s
    }

    /// Domain, projects, users, roles and the application credential.
    static func identityOnly(_ config: SimulatorConfig) -> CloudState {
        var s = CloudState(seed: 20_261_129, clock: epoch)
        s.domains["default"] = Domain(id: "default", name: SimulatorDefaults.domain)
        for name in ["admin", "member", "reader"] {
            let r = Role(id: s.newHexID(), name: name)
            s.roles[r.id] = r
        }
        for type in ["identity", "network", "compute"] { s.serviceIDs[type] = s.newHexID() }
        // On Huawei the project is named after the region.
        let demoProject = Project(id: s.newHexID(), name: SimulatorDefaults.project(for: config.flavor),
                                  domainID: "default")
        let altProject = Project(id: s.newHexID(), name: SimulatorDefaults.otherProject, domainID: "default")
        s.projects[demoProject.id] = demoProject
        s.projects[altProject.id] = altProject
        let demo = User(id: s.newHexID(), name: SimulatorDefaults.user, domainID: "default", password: SimulatorDefaults.password)
        let alt = User(id: s.newHexID(), name: SimulatorDefaults.otherUser, domainID: "default", password: SimulatorDefaults.otherPassword)
        s.users[demo.id] = demo
        s.users[alt.id] = alt
        s.assignments[demo.id] = [demoProject.id: ["member", "reader"]]
        s.assignments[alt.id] = [altProject.id: ["member", "reader"]]
        let cred = ApplicationCredential(id: s.newHexID(), name: SimulatorDefaults.appCredentialName, userID: demo.id,
                                         projectID: demoProject.id, secret: SimulatorDefaults.appCredentialSecret,
                                         roleNames: ["member", "reader"])
        s.appCredentials[cred.id] = cred
        return s
    }

    static func project(_ s: CloudState, _ name: String) -> Project? {
        s.projects.values.first { $0.name == name }
    }

    // MARK: building blocks (bypass the API: scenarios must be fast)

    @discardableResult
    static func network(_ s: inout CloudState, project: String, name: String, cidr: String, subnetName: String,
                        extraCIDR: String? = nil, at t: Double) -> (network: String, subnets: [String])
    {
        var n = Network(id: s.newUUID(), name: name, projectID: project, createdAt: t, updatedAt: t)
        var subnetIDs: [String] = []
        for (i, text) in ([cidr] + (extraCIDR.map { [$0] } ?? [])).enumerated() {
            guard let c = CIDR(text)?.normalized else { continue }
            let gw = c.version == 4 ? c.network.adding(1) : c.network
            let start = c.network.adding(c.version == 4 ? 2 : 1)
            let end = c.version == 4 ? IPAddress.make(version: 4, raw: c.last.raw - 1) : c.last
            var sub = Subnet(id: s.newUUID(), name: i == 0 ? subnetName : subnetName + "-v6", projectID: project, networkID: n.id,
                             cidr: c, gatewayIP: gw, pools: [AllocationPool(start: start, end: end)], createdAt: t, updatedAt: t)
            if c.version == 4 { sub.dnsNameservers = ["100.125.1.250"] }
            s.subnets[sub.id] = sub
            subnetIDs.append(sub.id)
        }
        n.subnetIDs = subnetIDs
        n.revision = 1 + subnetIDs.count
        s.networks[n.id] = n
        return (n.id, subnetIDs)
    }

    static func ip(_ text: String) -> IPAddress { IPAddress(text) ?? .v4(0) }

    /// `n` in decimal with zeros in front up to `width` digits (what `%05d` gives for n >= 0;
    /// a scale scenario names 120,000 resources, and `String(format:)` cost a third of it).
    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    @discardableResult
    static func port(_ s: inout CloudState, project: String, network: String, subnet: String, ip: IPAddress, name: String,
                     owner: String = "", device: String = "", pairs: [String] = [], at t: Double, bulk: Bool = false) -> String
    {
        let sg = s.defaultSecurityGroup(project: project, now: t)
        var p = Port(id: s.newUUID(), name: name, networkID: network, projectID: project, macAddress: s.newMAC(), createdAt: t, updatedAt: t)
        p.deviceOwner = owner
        p.deviceID = device
        p.status = device.isEmpty ? "DOWN" : "ACTIVE"
        p.fixedIPs = [FixedIP(subnetID: subnet, ip: ip)]
        p.securityGroups = [sg]
        p.pairs = pairs.map { AddressPair(ipAddress: $0, macAddress: p.macAddress) }.sorted { $0.ipAddress < $1.ipAddress }
        p.revision = pairs.isEmpty ? 1 : 2
        if bulk {
            // The caller rebuilds the indexes (and each subnet's allocated addresses) after.
            s.ports[p.id] = p
        } else {
            s.insertPort(p)
        }
        return p.id
    }

    static func server(_ s: inout CloudState, project: String, user: String, name: String, status: String = "ACTIVE",
                       flavor: String = "m1.small", at t: Double, bulk: Bool = false) -> String
    {
        var v = Server(id: s.newUUID(), name: name, projectID: project, userID: user, createdAt: t, updatedAt: t)
        v.status = status
        v.flavorName = flavor
        v.hostID = String(name.hashValueStable, radix: 16)
        s.servers[v.id] = v
        s.serverOrder.append(v.id)
        return v.id
    }

    // MARK: demo

    /// A realistic small tenant: three networks, twelve servers with one NIC each (some with
    /// Chinese names), DHCP ports, one VIP correctly bound to two servers and one VIP only
    /// half configured (its pairs are set, but one bound NIC still has its check on).
    static func demo(_ s: inout CloudState) {
        guard let proj = project(s, SimulatorDefaults.project) ?? project(s, SimulatorDefaults.huaweiProject),
              let alt = project(s, SimulatorDefaults.otherProject),
              let user = s.users.values.first(where: { $0.name == SimulatorDefaults.user }),
              let altUser = s.users.values.first(where: { $0.name == SimulatorDefaults.otherUser })
        else { return }
        var t = epoch
        func tick() -> Double { t += 97; return t }
        let p = proj.id
        let prod = network(&s, project: p, name: "prod-net", cidr: "192.168.10.0/24", subnetName: "prod-subnet", at: tick())
        let db = network(&s, project: p, name: "db-net", cidr: "192.168.20.0/24", subnetName: "db-subnet", at: tick())
        let mgmt = network(&s, project: p, name: "mgmt-net", cidr: "10.0.0.0/24", subnetName: "mgmt-subnet",
                           extraCIDR: "fd00:10::/64", at: tick())
        for (net, ipText) in [(prod, "192.168.10.2"), (db, "192.168.20.2"), (mgmt, "10.0.0.2")] {
            port(&s, project: p, network: net.network, subnet: net.subnets[0], ip: ip(ipText), name: "",
                 owner: "network:dhcp", device: "dhcp" + String(net.network.hashValueStable, radix: 16), at: tick())
        }
        // (name, network, ip, status)
        let fleet: [(String, (network: String, subnets: [String]), String, String)] = [
            ("web-01", prod, "192.168.10.11", "ACTIVE"),
            ("web-02", prod, "192.168.10.12", "ACTIVE"),
            ("lb-01", prod, "192.168.10.21", "ACTIVE"),
            ("lb-02", prod, "192.168.10.22", "ACTIVE"),
            ("app-01", prod, "192.168.10.31", "ACTIVE"),
            ("app-02", prod, "192.168.10.32", "SHUTOFF"),
            ("数据库主节点", db, "192.168.20.11", "ACTIVE"),
            ("数据库备节点", db, "192.168.20.12", "ACTIVE"),
            ("cache-01", db, "192.168.20.21", "ACTIVE"),
            ("监控服务器", mgmt, "10.0.0.10", "ACTIVE"),
            ("bastion", mgmt, "10.0.0.5", "ACTIVE"),
            ("batch-worker", mgmt, "10.0.0.40", "ERROR"),
        ]
        var nic: [String: String] = [:]
        for (name, net, ipText, status) in fleet {
            let sid = server(&s, project: p, user: user.id, name: name, status: status, at: tick())
            let pairs: [String]
            switch name {
            case "lb-01", "lb-02", "数据库主节点": pairs = ["1.1.1.1/0"]  // check off
            default: pairs = []
            }
            nic[name] = port(&s, project: p, network: net.network, subnet: net.subnets[0], ip: ip(ipText), name: "",
                             owner: "compute:nova", device: sid, pairs: pairs, at: t)
        }
        port(&s, project: p, network: prod.network, subnet: prod.subnets[0], ip: ip("192.168.10.100"), name: "vip-web",
             owner: Neutron.vipOwner, pairs: ["192.168.10.21", "192.168.10.22"], at: tick())
        port(&s, project: p, network: db.network, subnet: db.subnets[0], ip: ip("192.168.20.100"), name: "vip-db",
             owner: Neutron.vipOwner, pairs: ["192.168.20.11", "192.168.20.12"], at: tick())
        // Another tenant, never visible to demo.
        let altNet = network(&s, project: alt.id, name: "alt-net", cidr: "172.16.0.0/24", subnetName: "alt-subnet", at: tick())
        let altServer = server(&s, project: alt.id, user: altUser.id, name: "alt-vm", at: tick())
        port(&s, project: alt.id, network: altNet.network, subnet: altNet.subnets[0], ip: ip("172.16.0.10"), name: "",
             owner: "compute:nova", device: altServer, at: t)
        for k in s.subnets.keys { s.subnets[k]?.cursor = 60 }  // leave room before the first automatic address
    }

    // MARK: contention

    /// Many servers on one network and a few unbound VIPs, for contention and fault tests:
    /// network `ha-net` (subnet `ha-subnet`, 10.20.0.0/16) with a DHCP port (10.20.0.2), servers
    /// `node-01` ... `node-40` (ACTIVE, one compute:nova NIC each, `node-NN` at 10.20.0.(10+NN),
    /// no pairs) and the VIP ports `vip-ha`, `vip-ha-2` ... `vip-ha-5` (10.20.0.100 ...
    /// 10.20.0.104, no pairs). Automatic addresses start at 10.20.4.0.
    static func contention(_ s: inout CloudState) {
        guard let proj = project(s, SimulatorDefaults.project) ?? project(s, SimulatorDefaults.huaweiProject),
              let user = s.users.values.first(where: { $0.name == SimulatorDefaults.user })
        else { return }
        var t = epoch
        func tick() -> Double { t += 97; return t }
        let p = proj.id
        let net = network(&s, project: p, name: "ha-net", cidr: "10.20.0.0/16", subnetName: "ha-subnet", at: tick())
        port(&s, project: p, network: net.network, subnet: net.subnets[0], ip: ip("10.20.0.2"), name: "",
             owner: "network:dhcp", device: "dhcp" + String(net.network.hashValueStable, radix: 16), at: tick())
        for n in 1...40 {
            let sid = server(&s, project: p, user: user.id, name: String(format: "node-%02d", n), at: tick())
            port(&s, project: p, network: net.network, subnet: net.subnets[0], ip: ip("10.20.0.\(10 + n)"), name: "",
                 owner: "compute:nova", device: sid, at: t)
        }
        for n in 1...5 {
            port(&s, project: p, network: net.network, subnet: net.subnets[0], ip: ip("10.20.0.\(99 + n)"),
                 name: n == 1 ? "vip-ha" : "vip-ha-\(n)", owner: Neutron.vipOwner, at: tick())
        }
        s.subnets[net.subnets[0]]?.cursor = 1022  // the pool starts at 10.20.0.2
    }

    // MARK: scale

    /// Deterministic bulk data: `servers` servers with one NIC each, the remaining ports split
    /// between VIPs (every 25th, bound to two NICs) and unattached ports, over `networks`
    /// IPv4 networks sized to fit.
    static func scale(_ s: inout CloudState, ports: Int, servers: Int, networks: Int) {
        guard let proj = project(s, SimulatorDefaults.project) ?? project(s, SimulatorDefaults.huaweiProject),
              let user = s.users.values.first(where: { $0.name == SimulatorDefaults.user })
        else { return }
        let p = proj.id
        let netCount = max(1, networks)
        let perNet = (max(ports, servers) + netCount - 1) / netCount + 8
        var hostBits = 4
        while (1 << hostBits) - 3 < perNet { hostBits += 1 }
        var nets: [(network: String, subnets: [String])] = []
        let t0 = epoch
        for i in 0..<netCount {
            let base = UInt32(10) << 24 | UInt32(i) << UInt32(hostBits)
            let cidr = "\(IPAddress.v4(base))/\(32 - hostBits)"
            nets.append(network(&s, project: p, name: String(format: "scale-net-%03d", i), cidr: cidr,
                                subnetName: String(format: "scale-subnet-%03d", i), at: t0 + Double(i)))
        }
        var next = [UInt32](repeating: 2, count: netCount)
        var nicIPs: [[String]] = Array(repeating: [], count: netCount)
        func take(_ n: Int) -> IPAddress {
            let base = UInt32(10) << 24 | UInt32(n) << UInt32(hostBits)
            defer { next[n] += 1 }
            return .v4(base + next[n])
        }
        s.serverOrder.reserveCapacity(servers)
        s.ports.reserveCapacity(ports)
        for i in 0..<servers {
            let t = t0 + 1000 + Double(i)
            let sid = server(&s, project: p, user: user.id, name: "node-" + zeroPadded(i, 5),
                             status: i % 50 == 49 ? "SHUTOFF" : "ACTIVE", at: t, bulk: true)
            if i < ports {
                let n = i % netCount
                let addr = take(n)
                nicIPs[n].append(addr.description)
                port(&s, project: p, network: nets[n].network, subnet: nets[n].subnets[0], ip: addr, name: "",
                     owner: "compute:nova", device: sid, pairs: i % 25 < 2 ? ["1.1.1.1/0"] : [], at: t, bulk: true)
            }
        }
        if ports > servers {
            for i in servers..<ports {
                let n = i % netCount
                let t = t0 + 1000 + Double(i)
                if i % 25 == 0, nicIPs[n].count >= 2 {
                    let k = (i / 25) % (nicIPs[n].count - 1)
                    port(&s, project: p, network: nets[n].network, subnet: nets[n].subnets[0], ip: take(n),
                         name: "vip-" + zeroPadded(i, 6), owner: Neutron.vipOwner,
                         pairs: [nicIPs[n][k], nicIPs[n][k + 1]], at: t, bulk: true)
                } else {
                    port(&s, project: p, network: nets[n].network, subnet: nets[n].subnets[0], ip: take(n),
                         name: "port-" + zeroPadded(i, 6), at: t, bulk: true)
                }
            }
        }
        s.rebuildPortIndexes()
        for (n, net) in nets.enumerated() { s.subnets[net.subnets[0]]?.cursor = UInt128(next[n] - 2) }
    }
}

import Foundation
