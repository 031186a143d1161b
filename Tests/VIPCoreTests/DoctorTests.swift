import CloudAPI
import L10n
import Testing
import VIPCore

/// The VIP doctor on hand-made inventories: each check fires where it should and stays quiet
/// where it should not; ids are stable; every fix is an ordinary plan of the planner.
@Suite("Doctor")
struct DoctorTests {
    // MARK: fixtures

    static let defaultGroup = SecurityGroup(id: "sg-default", name: "default", rules: [
        SecurityGroupRule(id: "r1", direction: "egress"),
        SecurityGroupRule(id: "r2", direction: "ingress", remoteGroupID: "sg-default"),
    ])
    static let sshOnly = SecurityGroup(id: "sg-default", name: "default", rules: [
        SecurityGroupRule(id: "r1", direction: "egress"),
        SecurityGroupRule(id: "r2", direction: "ingress", ipProtocol: "tcp", remoteIPPrefix: "0.0.0.0/0", portRangeMin: 22, portRangeMax: 22),
    ])

    static func input(_ ports: [Port], strategy: VIPStrategy = .huawei, groups: [SecurityGroup]? = [defaultGroup],
                      max: Int = 10) -> DoctorInput
    {
        let servers = F.servers + [Server(id: "srv-db2", name: "数据库备节点", status: "ACTIVE")]
        let inv = Inventory(networks: [F.prod, F.db], subnets: [F.prodSubnet, F.v6Subnet], ports: ports, servers: servers,
                            serversFromNova: true)
        return DoctorInput(inventory: inv, securityGroups: groups, strategy: strategy, maxAddressPairs: max)
    }

    static func examine(_ ports: [Port], strategy: VIPStrategy = .huawei, groups: [SecurityGroup]? = [defaultGroup],
                        max: Int = 10) -> DoctorReport
    {
        Doctor.examine(input(ports, strategy: strategy, groups: groups, max: max))
    }

    static func kinds(_ r: DoctorReport) -> [Finding.Kind] { r.findings.map(\.kind) }

    // The demo's half-configured database VIP.
    static let vipDB = F.port("vip-db-id", name: "vip-db", network: F.dbNet, owner: Port.vipOwner, ips: [(F.dbSub, "192.168.20.100")],
                              pairs: [("192.168.20.11", nil), ("192.168.20.12", nil)], revision: 2)
    static let dbPrimary = F.port("nic-db1", network: F.dbNet, owner: "compute:nova", device: "srv-db1", ips: [(F.dbSub, "192.168.20.11")],
                                  pairs: [("1.1.1.1/0", nil)])
    static let dbStandby = F.port("nic-db2", network: F.dbNet, owner: "compute:nova", device: "srv-db2", ips: [(F.dbSub, "192.168.20.12")])
    static let healthy = [F.vipWeb, F.lb01, F.lb02, F.web01, F.dhcp]

    // MARK: a healthy tenant

    @Test("a correctly bound VIP (two NICs, check off, VRRP allowed) gives no finding")
    func healthyTenant() {
        let r = Self.examine(Self.healthy)
        #expect(r.findings.isEmpty, "\(r.findings.map(\.id))")
        #expect(r.vipsChecked == 1 && r.portsChecked == 5 && r.securityGroupsChecked)
        #expect(L10n.with(.en) { r.summary } == "No problems found (1 VIPs and 5 ports checked).")
    }

    // MARK: dangling pair

    @Test("dangling pair: a VIP pair naming an address no port holds; the fix removes only that pair")
    func danglingPair() throws {
        let vip = F.port("vip-web-id", name: "vip-web", owner: Port.vipOwner, ips: [(F.prodSub, "192.168.10.100")],
                         pairs: [("192.168.10.21", "fa:16:3e:00:00:21"), ("192.168.10.22", "fa:16:3e:00:00:22"), ("192.168.10.99", nil)],
                         revision: 4)
        let input = Self.input([vip, F.lb01, F.lb02])
        let r = Doctor.examine(input)
        let f = try #require(r.finding("dangling-pair:vip-web-id:192.168.10.99"))
        #expect(Self.kinds(r) == [.danglingPair])
        #expect(f.severity == .warning)
        #expect(f.ports.map(\.id) == ["vip-web-id"])
        #expect(L10n.with(.en) { f.what } == "VIP vip-web (192.168.10.100) names 192.168.10.99 in its pairs, but no NIC in its network holds that address")
        #expect(f.fix == .removePairs(portID: "vip-web-id", addresses: ["192.168.10.99"]))
        #expect(L10n.with(.en) { f.fixText } == "remove 192.168.10.99 from the pairs of VIP vip-web (192.168.10.100)")
        let plan = try #require(try Doctor.plan(f, input))
        #expect(plan.steps.count == 1)
        #expect(plan.steps[0].method == "PUT" && plan.steps[0].path == "/v2.0/ports/vip-web-id")
        #expect(plan.steps[0].delta == PortDelta(removePairs: ["192.168.10.99"]))
        #expect(plan.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"192.168.10.21","mac_address":"fa:16:3e:00:00:21"},{"ip_address":"192.168.10.22","mac_address":"fa:16:3e:00:00:22"}]}}"#)
    }

    @Test("dangling pair: quiet when every pair is a NIC's address")
    func danglingPairQuiet() {
        #expect(!Self.kinds(Self.examine(Self.healthy)).contains(.danglingPair))
    }

    // MARK: check on (huawei)

    @Test("check on (huawei): the half-configured VIP's standby NIC is an error; the fix turns its check off")
    func checkOn() throws {
        let input = Self.input([Self.vipDB, Self.dbPrimary, Self.dbStandby])
        let r = Doctor.examine(input)
        #expect(Self.kinds(r) == [.checkOn])
        #expect(r.errors == 1)
        let f = try #require(r.finding("check-on:vip-db-id:nic-db2"))
        #expect(f.severity == .error)
        #expect(f.ports.map(\.id) == ["nic-db2", "vip-db-id"])
        #expect(L10n.with(.en) { f.what } == "NIC 192.168.20.12 of 数据库备节点 is bound to VIP vip-db (192.168.20.100), but its source/destination check is on")
        #expect(L10n.with(.zh) { f.what } == "数据库备节点 的网卡 192.168.20.12 已绑定到 虚拟IP vip-db（192.168.20.100），但其源/目的检查仍为开启")
        #expect(f.fix == .setSourceDestCheck(nicPortID: "nic-db2", enabled: false))
        let plan = try #require(try Doctor.plan(f, input))
        #expect(plan.steps.map(\.path) == ["/v2.0/ports/nic-db2"])
        #expect(plan.steps[0].delta == PortDelta(addPairs: ["1.1.1.1/0"]))
    }

    @Test("check on: quiet when the bound NICs' checks are off (1.1.1.1/0, or port security off)")
    func checkOnQuiet() {
        let standbyOff = F.port("nic-db2", network: F.dbNet, owner: "compute:nova", device: "srv-db2", ips: [(F.dbSub, "192.168.20.12")],
                                security: false, groups: [])
        let r = Self.examine([Self.vipDB, Self.dbPrimary, standbyOff])
        #expect(!Self.kinds(r).contains(.checkOn), "\(r.findings.map(\.id))")
        #expect(r.errors == 0)
    }

    // MARK: VIP not in the NIC's pairs (openstack)

    @Test("openstack: a NIC named in the VIP's pairs lacking the VIP address is an error; the fix adds it (a bind)")
    func vipNotInNICPairs() throws {
        let vip = F.port("vip-x", name: "vip-x", owner: Port.vipOwner, ips: [(F.prodSub, "192.168.10.100")],
                         pairs: [("192.168.10.11", nil), ("192.168.10.21", nil)])
        let lb = F.port("nic-lb01", owner: "compute:nova", device: "srv-lb01", ips: [(F.prodSub, "192.168.10.21")],
                        pairs: [("192.168.10.100", nil)])
        let input = Self.input([vip, F.web01, lb], strategy: .openstack)
        let r = Doctor.examine(input)
        #expect(Self.kinds(r) == [.vipNotInNICPairs])
        let f = try #require(r.finding("vip-not-in-nic-pairs:vip-x:nic-web01"))
        #expect(f.severity == .error)
        #expect(f.fix == .bind(vipPortID: "vip-x", nicPortIDs: ["nic-web01"]))
        #expect(L10n.with(.en) { f.fixText } == "add 192.168.10.100 to the pairs of NIC 192.168.10.11 of web-01")
        let plan = try #require(try Doctor.plan(f, input))
        #expect(plan.strategy == .openstack)
        #expect(plan.steps.map(\.path) == ["/v2.0/ports/nic-web01"])
        #expect(plan.steps[0].delta == PortDelta(addPairs: ["192.168.10.100"]))
    }

    @Test("openstack: quiet when the NIC holds the VIP address, or a CIDR covering it (1.1.1.1/0)")
    func vipNotInNICPairsQuiet() {
        let r = Self.examine(Self.healthy, strategy: .openstack)
        #expect(!Self.kinds(r).contains(.vipNotInNICPairs), "\(r.findings.map(\.id))")
        // The huawei check does not run under openstack.
        #expect(!Self.kinds(Self.examine([Self.vipDB, Self.dbPrimary, Self.dbStandby.with(pairs: ["192.168.20.100"])], strategy: .openstack))
            .contains(.checkOn))
    }

    // MARK: 1.1.1.1/0 or 0.0.0.0/0 no VIP needs

    @Test("any-address pair on a NIC no VIP is bound to: a warning; 1.1.1.1/0 is fixed by turning the check on, 0.0.0.0/0 by removing it")
    func unneededAnyPair() throws {
        let nic = F.port("nic-web02", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.12")],
                         pairs: [("1.1.1.1/0", nil), ("0.0.0.0/0", nil)])
        let input = Self.input([nic])
        let r = Doctor.examine(input)
        #expect(r.findings.map(\.id) == ["unneeded-any-pair:nic-web02:0.0.0.0/0", "unneeded-any-pair:nic-web02:1.1.1.1/0"])
        let check = try #require(r.finding("unneeded-any-pair:nic-web02:1.1.1.1/0"))
        #expect(check.fix == .setSourceDestCheck(nicPortID: "nic-web02", enabled: true))
        #expect(try Doctor.plan(check, input)?.steps.first?.delta == PortDelta(removePairs: ["1.1.1.1/0"]))
        let any = try #require(r.finding("unneeded-any-pair:nic-web02:0.0.0.0/0"))
        #expect(any.fix == .removePairs(portID: "nic-web02", addresses: ["0.0.0.0/0"]))
        let plan = try #require(try Doctor.plan(any, input))
        #expect(plan.steps.first?.delta == PortDelta(removePairs: ["0.0.0.0/0"]))
        #expect(plan.steps.first?.body == #"{"port":{"allowed_address_pairs":[{"ip_address":"1.1.1.1/0"}]}}"#)
    }

    @Test("any-address pair: quiet on a NIC a VIP is bound to")
    func unneededAnyPairQuiet() {
        #expect(!Self.kinds(Self.examine(Self.healthy)).contains(.unneededAnyPair))
    }

    // MARK: VIP port owner and attachment

    @Test("a port used as a VIP without device_owner neutron:VIP_PORT: warning (huawei), note (openstack); no fix")
    func vipOwner() throws {
        let unowned = F.port("vip-bare", name: "bare", ips: [(F.prodSub, "192.168.10.100")],
                             pairs: [("192.168.10.21", nil), ("192.168.10.22", nil)])
        let r = Self.examine([unowned, F.lb01, F.lb02])
        #expect(Self.kinds(r) == [.vipOwner])
        let f = try #require(r.finding("vip-owner:vip-bare"))
        #expect(f.severity == .warning && f.fix == nil)
        #expect(L10n.with(.en) { f.what } == "VIP bare (192.168.10.100) serves as a VIP, but its device_owner is (empty), not neutron:VIP_PORT")
        #expect(Self.examine([unowned, F.lb01, F.lb02], strategy: .openstack).finding("vip-owner:vip-bare")?.severity == .info)
        // An unattached port nothing refers to is not a VIP.
        let loose = F.port("loose", ips: [(F.prodSub, "192.168.10.50")])
        #expect(Self.examine([loose, F.lb01]).findings.filter { $0.kind == .vipOwner }.isEmpty)
    }

    @Test("a VIP port attached to a device is an error; a VIP attached to nothing is not")
    func vipAttached() throws {
        let attached = F.port("vip-att", name: "vip-att", owner: Port.vipOwner, device: "srv-web01", ips: [(F.prodSub, "192.168.10.100")],
                              pairs: [("192.168.10.21", nil), ("192.168.10.22", nil)])
        let r = Self.examine([attached, F.lb01, F.lb02])
        let f = try #require(r.finding("vip-attached:vip-att"))
        #expect(f.severity == .error && f.fix == nil)
        #expect(L10n.with(.en) { f.what } == "VIP vip-att (192.168.10.100) is attached to web-01")
        #expect(!Self.kinds(Self.examine(Self.healthy)).contains(.vipAttached))
    }

    // MARK: pairs with port security off

    @Test("pairs on a port whose port security is off: warning; quiet with port security on")
    func pairsPortSecurityOff() throws {
        let off = F.port("nic-off", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")],
                         pairs: [("192.168.10.100", nil)], security: false, groups: [])
        let r = Self.examine([off])
        let f = try #require(r.finding("pairs-port-security-off:nic-off"))
        #expect(f.severity == .warning && f.fix == nil)
        #expect(L10n.with(.en) { f.what } == "NIC 192.168.10.11 of web-01 has pairs (192.168.10.100), but its port security is off")
        #expect(!Self.kinds(Self.examine(Self.healthy)).contains(.pairsPortSecurityOff))
    }

    // MARK: one NIC only

    @Test("a VIP bound to one NIC only: no failover (warning, no fix); two NICs: quiet")
    func singleNIC() throws {
        let vip = F.port("vip-one", name: "vip-one", owner: Port.vipOwner, ips: [(F.prodSub, "192.168.10.100")], pairs: [("192.168.10.21", nil)])
        let r = Self.examine([vip, F.lb01])
        #expect(Self.kinds(r) == [.singleNIC])
        let f = try #require(r.finding("single-nic:vip-one"))
        #expect(f.severity == .warning && f.fix == nil)
        #expect(f.ports.map(\.id) == ["vip-one", "nic-lb01"])
        #expect(!Self.kinds(Self.examine(Self.healthy)).contains(.singleNIC))
    }

    // MARK: VRRP between the bound NICs

    @Test("security groups without VRRP between the bound NICs: one warning per NIC that cannot hear its peers")
    func vrrpBlocked() throws {
        let r = Self.examine(Self.healthy, groups: [Self.sshOnly])
        #expect(r.findings.map(\.id) == ["vrrp-blocked:vip-web-id:nic-lb01", "vrrp-blocked:vip-web-id:nic-lb02"])
        let f = try #require(r.findings.first)
        #expect(f.severity == .warning && f.fix == nil)
        #expect(f.ports.map(\.id) == ["nic-lb01", "vip-web-id", "nic-lb02"])
        #expect(L10n.with(.en) { f.what }
            == "the security groups of NIC 192.168.10.21 of lb-01 do not let VRRP (IP protocol 112) in from NIC 192.168.10.22 of lb-02, bound to VIP vip-web (192.168.10.100) too")
    }

    @Test("VRRP: quiet with the default group (ingress from its own members), a vrrp rule, or groups that could not be read")
    func vrrpQuiet() {
        #expect(Self.examine(Self.healthy).findings.isEmpty)
        let vrrp = SecurityGroup(id: "sg-default", name: "default", rules: [
            SecurityGroupRule(id: "r1", direction: "egress", ipProtocol: "112"),
            SecurityGroupRule(id: "r2", direction: "ingress", ipProtocol: "vrrp", remoteIPPrefix: "192.168.10.0/24"),
        ])
        #expect(Self.examine(Self.healthy, groups: [vrrp]).findings.isEmpty)
        let unread = Self.examine(Self.healthy, groups: nil)
        #expect(unread.findings.isEmpty && !unread.securityGroupsChecked)
    }

    // MARK: pair quota

    @Test("pair lists near the quota: a note from 80 %, a warning at the limit, quiet below")
    func pairsNearQuota() throws {
        func vip(_ n: Int) -> Port {
            F.port("vip-many", name: "vip-many", owner: Port.vipOwner, ips: [(F.prodSub, "192.168.10.100")],
                   pairs: [("192.168.10.21", nil), ("192.168.10.22", nil)] + (0..<(n - 2)).map { ("192.168.10.\(150 + $0)", nil) })
        }
        let extra = (0..<8).map { F.port("nic-x\($0)", owner: "compute:nova", device: "srv-x\($0)", ips: [(F.prodSub, "192.168.10.\(150 + $0)")],
                                        pairs: [("1.1.1.1/0", nil)]) }
        let near = try #require(Self.examine([vip(8), F.lb01, F.lb02] + extra).finding("pairs-near-quota:vip-many"))
        #expect(near.severity == .info)
        #expect(L10n.with(.en) { near.what } == "VIP vip-many (192.168.10.100) holds 8 of the 10 allowed address pairs a port may have")
        let full = try #require(Self.examine([vip(10), F.lb01, F.lb02] + extra).finding("pairs-near-quota:vip-many"))
        #expect(full.severity == .warning)
        #expect(Self.examine([vip(7), F.lb01, F.lb02] + extra).finding("pairs-near-quota:vip-many") == nil)
        #expect(Self.examine([vip(8), F.lb01, F.lb02] + extra, max: 64).finding("pairs-near-quota:vip-many") == nil)
    }

    // MARK: the remove-pairs intent

    @Test("removePairs: nothing to do when the pair is gone; refused on a port with port security off; other pairs kept")
    func removePairsIntent() throws {
        let snap = F.snapshot([F.vipWeb, F.lb01])
        let gone = try plan(.removePairs(portID: F.vipWeb.id, addresses: ["192.168.10.99"]), snap)
        #expect(gone.steps.isEmpty)
        #expect(gone.nothingToDo == "VIP 192.168.10.100 (vip-web) holds none of 192.168.10.99 in its pairs")
        let one = try plan(.removePairs(portID: F.vipWeb.id, addresses: ["192.168.10.22/32"]), snap)
        #expect(one.steps.map(\.delta) == [PortDelta(removePairs: ["192.168.10.22"])])
        #expect(one.steps.first?.ifRevision == 2)
        let any = try plan(.removePairs(portID: F.lb01.id, addresses: ["1.1.1.1/0"]), snap)
        #expect(any.warnings == ["NIC 192.168.10.21 of lb-01 may then send only from its own addresses and the pairs it keeps (anti-spoofing back on)"])
        let off = F.port("nic-off", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")],
                         pairs: [("0.0.0.0/0", nil)], security: false, groups: [])
        #expect(refusal(.removePairs(portID: off.id, addresses: ["0.0.0.0/0"]), F.snapshot([off]))
            == "NIC 192.168.10.11 of web-01 has port security off, and neutron refuses any change to the pairs of such a port")
        #expect(refusal(.removePairs(portID: F.vipWeb.id, addresses: []), snap)?.hasPrefix("name at least one address") == true)
    }

    // MARK: ids and order

    @Test("ids are stable: the same findings, ids and order whatever the order of the ports")
    func stableIDs() {
        let ports = [Self.vipDB, Self.dbPrimary, Self.dbStandby, F.web01.with(pairs: ["0.0.0.0/0"]),
                     F.port("vip-one", name: "vip-one", owner: Port.vipOwner, ips: [(F.prodSub, "192.168.10.100")],
                            pairs: [("192.168.10.21", nil), ("192.168.10.77", nil)]), F.lb01]
        let a = Self.examine(ports), b = Self.examine(ports.reversed())
        #expect(a.findings.map(\.id) == b.findings.map(\.id))
        #expect(a.findings.map(\.id) == ["check-on:vip-db-id:nic-db2", "dangling-pair:vip-one:192.168.10.77", "single-nic:vip-one",
                                         "unneeded-any-pair:nic-web01:0.0.0.0/0"])
        #expect(a.errors == 1 && a.warnings == 3 && a.notes == 0)
        #expect(L10n.with(.en) { a.summary } == "2 VIPs and 6 ports checked (huawei strategy): errors: 1, warnings: 3, notes: 0.")
    }
}

extension Port {
    /// The port with these pairs (no MAC).
    func with(pairs: [String]) -> Port {
        var p = self
        p.allowedAddressPairs = pairs.map { AddressPair(ipAddress: $0) }
        return p
    }
}
