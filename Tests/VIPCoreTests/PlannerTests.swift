import CloudAPI
import Testing
import VIPCore

/// The planner on hand-made snapshots: exact bodies, revisions, diffs, warnings, refusals.
@Suite("Planner")
struct PlannerTests {
    // MARK: bind, Huawei strategy

    @Test("huawei bind: the VIP's pairs keep theirs (with MACs) and gain the NIC's IP; the NIC gets 1.1.1.1/0; both in parallel")
    func huaweiBind() throws {
        let p = try plan(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [F.web01.id]), F.snapshot([F.vipWeb, F.web01, F.lb01, F.lb02]))
        #expect(p.nothingToDo == nil)
        #expect(p.steps.count == 2)
        let vip = p.steps[0], nic = p.steps[1]
        #expect(vip.method == "PUT" && vip.path == "/v2.0/ports/vip-web-id" && vip.operation == .update)
        #expect(vip.body == #"{"port":{"allowed_address_pairs":[{"ip_address":"192.168.10.21","mac_address":"fa:16:3e:00:00:21"},{"ip_address":"192.168.10.22","mac_address":"fa:16:3e:00:00:22"},{"ip_address":"192.168.10.11"}]}}"#)
        #expect(vip.ifRevision == 2)
        // What is sent is a delta, merged into a read made just before the write.
        #expect(vip.delta == PortDelta(addPairs: ["192.168.10.11"]))
        #expect(vip.changes == [FieldChange(port: .existing("vip-web-id"), portLabel: "VIP 192.168.10.100 (vip-web)", field: "allowed_address_pairs",
                                            before: ["192.168.10.21", "192.168.10.22"], after: ["192.168.10.21", "192.168.10.22", "192.168.10.11"])])
        #expect(vip.summary == "add 192.168.10.11 to the pairs of VIP 192.168.10.100 (vip-web)")
        #expect(nic.body == #"{"port":{"allowed_address_pairs":[{"ip_address":"1.1.1.1/0"}]}}"#)
        #expect(nic.delta == PortDelta(addPairs: ["1.1.1.1/0"]))
        #expect(nic.ifRevision == 1)
        #expect(nic.changes.first?.portLabel == "NIC 192.168.10.11 of web-01")
        #expect(nic.changes.first?.added == ["1.1.1.1/0"])
        #expect(vip.dependsOn.isEmpty && nic.dependsOn.isEmpty)
        #expect(p.criticalPath == 1)
        #expect(p.warnings == ["1.1.1.1/0 turns off anti-spoofing on NIC 192.168.10.11 of web-01"])
    }

    @Test("nothing to do: already bound (one NIC, two NICs)")
    func alreadyBound() throws {
        let snap = F.snapshot([F.vipWeb, F.lb01, F.lb02])
        let one = try plan(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [F.lb01.id]), snap)
        #expect(one.steps.isEmpty)
        #expect(one.nothingToDo == "vip-web is already bound to lb-01 (192.168.10.21)")
        #expect(one.criticalPath == 0)
        let two = try plan(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [F.lb01.id, F.lb02.id, F.lb01.id]), snap)
        #expect(two.nothingToDo == "vip-web is already bound to lb-01 (192.168.10.21) and lb-02 (192.168.10.22)")
    }

    @Test("half configured (vip-db): only the NIC still missing 1.1.1.1/0 is written")
    func halfConfigured() throws {
        let vip = F.port("vip-db-id", name: "vip-db", network: F.dbNet, owner: Port.vipOwner, ips: [(F.dbSub, "192.168.20.100")],
                         pairs: [("192.168.20.11", nil), ("192.168.20.12", nil)])
        let standby = F.port("nic-db2", network: F.dbNet, owner: "compute:nova", device: "srv-db2", ips: [(F.dbSub, "192.168.20.12")])
        let primary = F.port("nic-db1", network: F.dbNet, owner: "compute:nova", device: "srv-db1", ips: [(F.dbSub, "192.168.20.11")],
                             pairs: [("1.1.1.1/0", nil)])
        let p = try plan(.bind(vipPortID: vip.id, nicPortIDs: [primary.id, standby.id]), F.snapshot([vip, standby, primary]))
        #expect(p.steps.count == 1)
        #expect(p.steps[0].path == "/v2.0/ports/nic-db2")
        #expect(p.steps[0].changes[0].portLabel == "NIC 192.168.20.12 of srv-db2")  // no server known: its id
    }

    @Test("the NIC's IP in the VIP's subnet is used, not blindly fixed_ips[0]; a NIC's own pairs are kept with their MACs")
    func nicAddressChoice() throws {
        let nic = F.port("nic-multi", owner: "compute:nova", device: "srv-web01",
                         ips: [(F.prodSubB, "192.168.11.7"), (F.prodSub, "192.168.10.77")],
                         pairs: [("10.9.9.9", "fa:16:3e:aa:bb:cc")])
        let p = try plan(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [nic.id]), F.snapshot([F.vipWeb, nic]))
        #expect(p.steps[0].changes[0].added == ["192.168.10.77"])
        #expect(p.steps[1].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"10.9.9.9","mac_address":"fa:16:3e:aa:bb:cc"},{"ip_address":"1.1.1.1/0"}]}}"#)
        #expect(p.warnings == ["1.1.1.1/0 turns off anti-spoofing on NIC 192.168.10.77 of web-01"])
    }

    @Test("a NIC with port security off: its check is off already, only the VIP's pairs change (huawei)")
    func huaweiPortSecurityOff() throws {
        let nic = F.port("nic-open", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.50")], security: false, groups: [])
        let p = try plan(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [nic.id]), F.snapshot([F.vipWeb, nic]))
        #expect(p.steps.map(\.path) == ["/v2.0/ports/vip-web-id"])
        #expect(p.warnings.isEmpty)
    }

    @Test("without If-Match every step's ifRevision is nil")
    func noIfMatch() throws {
        let p = try plan(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [F.web01.id]), F.snapshot([F.vipWeb, F.web01]), ifMatch: false)
        #expect(p.steps.allSatisfy { $0.ifRevision == nil })
    }

    // MARK: bind, OpenStack strategy

    @Test("openstack bind: the NIC's pairs get the VIP address as a plain IP; the VIP's pairs stay")
    func openstackBind() throws {
        let p = try plan(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [F.web01.id]), F.snapshot([F.vipWeb, F.web01]), .openstack)
        #expect(p.steps.count == 1)
        #expect(p.steps[0].path == "/v2.0/ports/nic-web01")
        #expect(p.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"192.168.10.100"}]}}"#)
        #expect(p.warnings.isEmpty)
        // Already there as a /32: nothing to do.
        let bound = F.port("nic-web01", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")],
                           pairs: [("192.168.10.100/32", nil)])
        let again = try plan(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [bound.id]), F.snapshot([F.vipWeb, bound]), .openstack)
        #expect(again.nothingToDo == "vip-web is already bound to web-01 (192.168.10.11)")
        // Port security off: neutron refuses pairs there.
        let open = F.port("nic-web01", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")], security: false)
        #expect(refusal(.bind(vipPortID: F.vipWeb.id, nicPortIDs: [open.id]), F.snapshot([F.vipWeb, open]), .openstack)?
            .contains("has port security off") == true)
    }

    // MARK: IPv6

    @Test("IPv6: huawei binds the NIC's IPv6 address; openstack adds the VIP's /128 as a plain IP; spellings compare equal")
    func ipv6() throws {
        let vip = F.port("vip6", name: "vip6", owner: Port.vipOwner, ips: [(F.v6Sub, "fd00:10::100")])
        let nic = F.port("nic6", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11"), (F.v6Sub, "fd00:10::11")])
        let h = try plan(.bind(vipPortID: vip.id, nicPortIDs: [nic.id]), F.snapshot([vip, nic]))
        #expect(h.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"fd00:10::11"}]}}"#)
        #expect(h.warnings == ["1.1.1.1/0 turns off anti-spoofing on NIC fd00:10::11 of web-01"])
        let o = try plan(.bind(vipPortID: vip.id, nicPortIDs: [nic.id]), F.snapshot([vip, nic]), .openstack)
        #expect(o.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"fd00:10::100"}]}}"#)
        let spelled = F.port("nic6", owner: "compute:nova", device: "srv-web01", ips: [(F.v6Sub, "fd00:10::11")],
                             pairs: [("FD00:10:0:0:0:0:0:100/128", nil)])
        #expect(try plan(.bind(vipPortID: vip.id, nicPortIDs: [spelled.id]), F.snapshot([vip, spelled]), .openstack).steps.isEmpty)
        // A NIC without an IPv6 address cannot be bound to an IPv6 VIP the Huawei way.
        #expect(refusal(.bind(vipPortID: vip.id, nicPortIDs: [F.web01.id]), F.snapshot([vip, F.web01])) ==
            "NIC 192.168.10.11 of web-01 has no IPv6 address in prod-net, where VIP fd00:10::100 (vip6) is")
    }

    // MARK: unbind

    @Test("huawei unbind: only that NIC's IP leaves the VIP's pairs; its 1.1.1.1/0 stays, with a warning")
    func huaweiUnbind() throws {
        let p = try plan(.unbind(vipPortID: F.vipWeb.id, nicPortIDs: [F.lb02.id]), F.snapshot([F.vipWeb, F.lb01, F.lb02]))
        #expect(p.steps.count == 1)
        #expect(p.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"192.168.10.21","mac_address":"fa:16:3e:00:00:21"}]}}"#)
        #expect(p.steps[0].summary == "remove 192.168.10.22 from the pairs of VIP 192.168.10.100 (vip-web)")
        #expect(p.warnings == ["1.1.1.1/0 stays on NIC 192.168.10.22 of lb-02 (other VIPs may rely on it): its source/destination check stays off"])
        let none = try plan(.unbind(vipPortID: F.vipWeb.id, nicPortIDs: [F.web01.id]), F.snapshot([F.vipWeb, F.web01]))
        #expect(none.nothingToDo == "vip-web is not bound to web-01 (192.168.10.11)")
    }

    @Test("openstack unbind: the VIP's address leaves the NIC's pairs, the rest stays")
    func openstackUnbind() throws {
        let nic = F.port("nic-web01", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")],
                         pairs: [("192.168.10.100", "fa:16:3e:00:00:11"), ("10.1.1.1", "fa:16:3e:00:00:11")])
        let p = try plan(.unbind(vipPortID: F.vipWeb.id, nicPortIDs: [nic.id]), F.snapshot([F.vipWeb, nic]), .openstack)
        #expect(p.steps.count == 1)
        #expect(p.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"10.1.1.1","mac_address":"fa:16:3e:00:00:11"}]}}"#)
    }

    // MARK: source/destination check

    @Test("check on/off, both strategies, and nothing-to-do cases")
    func checks() throws {
        // huawei off: add 1.1.1.1/0 to the NIC's pairs (kept ones stay).
        let withPair = F.port("nic-web01", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")],
                              pairs: [("10.1.1.1", "fa:16:3e:00:00:11")])
        let off = try plan(.setSourceDestCheck(nicPortID: withPair.id, enabled: false), F.snapshot([withPair]))
        #expect(off.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"10.1.1.1","mac_address":"fa:16:3e:00:00:11"},{"ip_address":"1.1.1.1/0"}]}}"#)
        // on: removes only 1.1.1.1/0.
        let on = try plan(.setSourceDestCheck(nicPortID: F.lb01.id, enabled: true),
                          F.snapshot([F.port("nic-lb01", owner: "compute:nova", device: "srv-lb01", ips: [(F.prodSub, "192.168.10.21")],
                                             pairs: [("1.1.1.1/0", "m1"), ("192.168.10.100", "m1")])]))
        #expect(on.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"192.168.10.100","mac_address":"m1"}]}}"#)
        #expect(try plan(.setSourceDestCheck(nicPortID: F.lb01.id, enabled: false), F.snapshot([F.lb01])).nothingToDo ==
            "NIC 192.168.10.21 of lb-01 already has its source/destination check off (1.1.1.1/0 in its pairs)")
        #expect(try plan(.setSourceDestCheck(nicPortID: F.web01.id, enabled: true), F.snapshot([F.web01])).nothingToDo ==
            "NIC 192.168.10.11 of web-01 already has its source/destination check on")
        // openstack off: port security off and groups detached in one PUT, with what it opens.
        let osOff = try plan(.setSourceDestCheck(nicPortID: F.web01.id, enabled: false), F.snapshot([F.web01]), .openstack)
        #expect(osOff.steps[0].body == #"{"port":{"port_security_enabled":false,"security_groups":[]}}"#)
        #expect(osOff.steps[0].delta == PortDelta(portSecurity: false, clearGroups: true))
        #expect(osOff.steps[0].changes.map(\.field) == ["port_security_enabled", "security_groups"])
        #expect(osOff.warnings == ["port security off on NIC 192.168.10.11 of web-01: no security groups and no anti-spoofing apply to it any more (its security groups sg-default are detached)"])
        // ... refused while the NIC has pairs (neutron would refuse, and vipctl drops none).
        #expect(refusal(.setSourceDestCheck(nicPortID: withPair.id, enabled: false), F.snapshot([withPair]), .openstack)?
            .hasPrefix("NIC 192.168.10.11 of web-01 has allowed address pairs (10.1.1.1)") == true)
        // openstack on: port security back on; the groups cannot be restored, and the plan says so.
        let closed = F.port("nic-web01", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")], security: false, groups: [])
        let osOn = try plan(.setSourceDestCheck(nicPortID: closed.id, enabled: true), F.snapshot([closed]), .openstack)
        #expect(osOn.steps[0].body == #"{"port":{"port_security_enabled":true}}"#)
        #expect(osOn.warnings.first?.contains("restores no security groups") == true)
        #expect(try plan(.setSourceDestCheck(nicPortID: closed.id, enabled: false), F.snapshot([closed]), .openstack).nothingToDo ==
            "NIC 192.168.10.11 of web-01 already has its source/destination check off (port security disabled)")
        #expect(refusal(.setSourceDestCheck(nicPortID: F.vipWeb.id, enabled: false), F.snapshot([F.vipWeb]))?.contains("is a VIP port") == true)
    }

    // MARK: delete

    @Test("delete: refused while bound (both ways of binding); with unbindFirst the unbind runs first and the DELETE follows")
    func delete() throws {
        let snap = F.snapshot([F.vipWeb, F.lb01, F.lb02, F.web01, F.dhcp])
        #expect(refusal(.deleteVIP(vipPortID: F.vipWeb.id, unbindFirst: false), snap) ==
            "vip-web is bound to 2 NICs (lb-01 192.168.10.21, lb-02 192.168.10.22); unbind them first (or --unbind)")
        let p = try plan(.deleteVIP(vipPortID: F.vipWeb.id, unbindFirst: true), snap)
        #expect(p.steps.count == 2)
        #expect(p.steps[0].body == #"{"port":{"allowed_address_pairs":[]}}"#)
        #expect(p.steps[1].method == "DELETE" && p.steps[1].body == nil && p.steps[1].dependsOn == [1])
        #expect(p.steps[1].ifRevision == nil, "the DELETE follows a write of the same port: the executor sends that write's revision")
        #expect(p.criticalPath == 2)
        #expect(p.warnings.contains("1.1.1.1/0 stays on NIC 192.168.10.21 of lb-01 (other VIPs may rely on it): its source/destination check stays off"))
        // Unbound: one DELETE with the revision read.
        let bare = F.port("vip-x", name: "vip-x", owner: Port.vipOwner, ips: [(F.prodSub, "192.168.10.101")], revision: 7)
        let d = try plan(.deleteVIP(vipPortID: bare.id, unbindFirst: false), F.snapshot([bare, F.web01]))
        #expect(d.steps.map(\.method) == ["DELETE"])
        #expect(d.steps[0].ifRevision == 7)
        // Bound the OpenStack way (a NIC holds the VIP's address).
        let holder = F.port("nic-web01", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")],
                            pairs: [("192.168.10.101", "m"), ("10.1.1.1", "m")])
        #expect(refusal(.deleteVIP(vipPortID: bare.id, unbindFirst: false), F.snapshot([bare, holder]), .openstack) ==
            "vip-x is bound to 1 NIC (web-01 192.168.10.11); unbind it first (or --unbind)")
        let o = try plan(.deleteVIP(vipPortID: bare.id, unbindFirst: true), F.snapshot([bare, holder]), .openstack)
        #expect(o.steps.map(\.method) == ["PUT", "DELETE"])
        #expect(o.steps[0].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"10.1.1.1","mac_address":"m"}]}}"#)
        #expect(o.steps[1].ifRevision == 7, "the VIP itself is not written before its DELETE")
        // Never a NIC or a DHCP port.
        #expect(refusal(.deleteVIP(vipPortID: F.dhcp.id, unbindFirst: true), snap)?.contains("a VIP port is attached to nothing") == true)
    }

    // MARK: max pairs

    @Test("a PUT that would exceed the port's pair limit is refused (10 unless the snapshot says otherwise)")
    func maxPairs() throws {
        let full = F.port("vip-full", name: "vip-full", owner: Port.vipOwner, ips: [(F.prodSub, "192.168.10.200")],
                          pairs: (1...10).map { ("192.168.10.\(150 + $0)", nil) })
        #expect(refusal(.bind(vipPortID: full.id, nicPortIDs: [F.web01.id]), F.snapshot([full, F.web01])) ==
            "VIP 192.168.10.200 (vip-full) would hold 11 allowed address pairs; the port allows 10")
        #expect(try plan(.bind(vipPortID: full.id, nicPortIDs: [F.web01.id]), F.snapshot([full, F.web01], max: 12)).steps.count == 2)
        let nicFull = F.port("nic-full", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")],
                             pairs: (1...10).map { ("10.0.1.\($0)", nil) })
        #expect(refusal(.setSourceDestCheck(nicPortID: nicFull.id, enabled: false), F.snapshot([nicFull])) ==
            "NIC 192.168.10.11 of web-01 would hold 11 allowed address pairs; the port allows 10")
        // A VIP already at the limit can still be bound to a NIC it holds (nothing added).
        #expect(try plan(.unbind(vipPortID: full.id, nicPortIDs: [F.web01.id]), F.snapshot([full, F.web01])).steps.isEmpty)
    }

    // MARK: create

    @Test("create (huawei, typed IP, one NIC): POST with the NIC's IP in its pairs, in parallel with the NIC's PUT")
    func createHuawei() throws {
        let intent = Intent.createVIP(CreateVIP(networkID: F.prodNet, ipAddress: "192.168.10.50", name: "vip-new", bindNICs: [F.web01.id]))
        let p = try plan(intent, F.snapshot([F.web01]))
        #expect(p.steps.count == 2)
        let post = p.steps[0]
        #expect(post.method == "POST" && post.path == "/v2.0/ports" && post.port == .created(step: 1) && post.operation == .create)
        #expect(post.body == #"{"port":{"network_id":"net-prod","device_owner":"neutron:VIP_PORT","name":"vip-new","fixed_ips":[{"subnet_id":"sub-prod","ip_address":"192.168.10.50"}],"allowed_address_pairs":[{"ip_address":"192.168.10.11"}]}}"#)
        #expect(post.ifRevision == nil && post.delta == nil)
        #expect(post.summary == "create VIP 192.168.10.50 (vip-new) in prod-net, its pairs holding 192.168.10.11")
        #expect(p.steps[1].dependsOn.isEmpty)
        #expect(p.steps[1].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"1.1.1.1/0"}]}}"#)
        #expect(p.criticalPath == 1)
    }

    @Test("create (openstack, automatic IP): the NIC's PUT waits for the POST and names the address as a placeholder")
    func createOpenStackAutomatic() throws {
        let intent = Intent.createVIP(CreateVIP(networkID: F.prodNet, name: "vip-new", bindNICs: [F.web01.id]))
        let p = try plan(intent, F.snapshot([F.web01]), .openstack)
        #expect(p.steps[0].body == #"{"port":{"network_id":"net-prod","device_owner":"neutron:VIP_PORT","name":"vip-new","fixed_ips":[{"subnet_id":"sub-prod"}]}}"#)
        #expect(p.steps[1].dependsOn == [1])
        #expect(p.steps[1].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"{address of step 1}"}]}}"#)
        #expect(Planner.addressPlaceholder(step: 1) == "{address of step 1}")
        #expect(p.criticalPath == 2)
        // Typed: no dependency.
        let typed = try plan(.createVIP(CreateVIP(networkID: F.prodNet, ipAddress: "192.168.10.50", name: "vip-new", bindNICs: [F.web01.id])),
                             F.snapshot([F.web01]), .openstack)
        #expect(typed.steps[1].dependsOn.isEmpty)
        #expect(typed.steps[1].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"192.168.10.50"}]}}"#)
        #expect(typed.criticalPath == 1)
    }

    @Test("create: the subnet is the typed IP's, else the first NIC's, else the first IPv4 one; names are escaped")
    func createSubnetChoice() throws {
        let v6 = try plan(.createVIP(CreateVIP(networkID: F.prodNet, ipAddress: "fd00:10:0::50", name: "v6")), F.snapshot([]))
        #expect(v6.steps[0].body?.contains(#"{"subnet_id":"sub-prod-v6","ip_address":"fd00:10::50"}"#) == true)
        let bare = try plan(.createVIP(CreateVIP(networkID: F.prodNet, name: "数据库 \"VIP\"")), F.snapshot([], subnets: [F.v6Subnet, F.prodSubnet]))
        #expect(bare.steps[0].body == #"{"port":{"network_id":"net-prod","device_owner":"neutron:VIP_PORT","name":"数据库 \"VIP\"","fixed_ips":[{"subnet_id":"sub-prod"}]}}"#)
    }

    @Test("create refused: bad typed addresses, a duplicate name, a NIC on another network")
    func createRefused() throws {
        func create(_ ip: String?, name: String = "vip-new", nics: [String] = []) -> String? {
            refusal(.createVIP(CreateVIP(networkID: F.prodNet, ipAddress: ip, name: name, bindNICs: nics)),
                    F.snapshot([F.web01, F.dhcp, F.vipWeb, F.dbNIC]))
        }
        #expect(create("192.168.10.300") == "192.168.10.300 cannot be the VIP's address: not an IP address")
        #expect(create("10.9.9.9") == "10.9.9.9 cannot be the VIP's address: not in any subnet of prod-net (192.168.10.0/24, fd00:10::/64)")
        #expect(create("192.168.10.11") == "192.168.10.11 cannot be the VIP's address: in use by NIC 192.168.10.11 of web-01")
        #expect(create("192.168.10.2") == "192.168.10.2 cannot be the VIP's address: in use by port dhcp-pro (network:dhcp)")
        #expect(create("192.168.10.0") == "192.168.10.0 cannot be the VIP's address: the subnet's network address")
        #expect(create("192.168.10.255") == "192.168.10.255 cannot be the VIP's address: the subnet's broadcast address")
        #expect(create("192.168.10.1") == "192.168.10.1 cannot be the VIP's address: the subnet's gateway")
        #expect(create(nil, name: "vip-web") == "a VIP named vip-web already exists in prod-net (192.168.10.100); pick another name, or bind that one")
        #expect(create(nil, nics: [F.dbNIC.id]) == "NIC 192.168.20.11 of 数据库主节点 is on db-net, not on prod-net where the new VIP is")
        #expect(create(nil, name: "") == "name the VIP (vipctl finds VIPs by name)")
        #expect(refusal(.bind(vipPortID: F.vipWeb.id, nicPortIDs: []), F.snapshot([F.vipWeb])) == "name at least one NIC")
    }
}

/// Typed-address validation, IPv4 and IPv6, as the TUI calls it on every key.
@Suite("AddressCheck")
struct AddressCheckTests {
    static let pooled = F.subnet("s4", cidr: "192.168.10.0/24", gateway: "192.168.10.1",
                                 pools: [("192.168.10.10", "192.168.10.99"), ("192.168.10.150", "192.168.10.200")])
    static let v6 = F.subnet("s6", cidr: "fd00:10::/64", gateway: "fd00:10::1", pools: [("fd00:10::10", "fd00:10::ffff")], version: 6)
    static let ports = [
        F.port("p-vip", name: "vip-web", owner: Port.vipOwner, ips: [("s4", "192.168.10.20")]),
        F.port("p-nic6", owner: "compute:nova", device: "d", ips: [("s6", "fd00:10:0:0::20")]),
        F.port("p-other", ips: [("another-subnet", "192.168.10.30")]),
    ]

    @Test("IPv4", arguments: [
        ("abc", AddressProblem?.some(.notAnAddress)),
        ("192.168.10", .notAnAddress),
        ("192.168.10.256", .notAnAddress),
        ("192.168.010.5", .notAnAddress),
        ("192.168.10.5 ", .notAnAddress),
        ("fd00::5", .wrongVersion(subnetVersion: 4)),
        ("192.168.11.5", .outsideSubnet(cidr: "192.168.10.0/24")),
        ("192.168.10.0", .networkAddress),
        ("192.168.10.255", .broadcastAddress),
        ("192.168.10.1", .gateway),
        ("192.168.10.120", .outsidePools(pools: ["192.168.10.10-192.168.10.99", "192.168.10.150-192.168.10.200"])),
        ("192.168.10.20", .inUse(byPort: "p-vip", label: "port vip-web (neutron:VIP_PORT)")),
        ("192.168.10.30", nil),  // that port's IP is in another subnet
        ("192.168.10.50", nil),
    ])
    func v4(_ ip: String, _ expected: AddressProblem?) {
        #expect(AddressCheck.check(ip, subnet: Self.pooled, ports: Self.ports) == expected)
    }

    @Test("IPv6", arguments: [
        ("fd00:10::1::2", AddressProblem?.some(.notAnAddress)),
        ("fd00:10::g", .notAnAddress),
        ("192.168.10.5", .wrongVersion(subnetVersion: 6)),
        ("fd00:11::5", .outsideSubnet(cidr: "fd00:10::/64")),
        ("fd00:10::", .networkAddress),
        ("fd00:10::1", .gateway),
        ("fd00:10::1:0", .outsidePools(pools: ["fd00:10::10-fd00:10::ffff"])),
        ("FD00:10::20", .inUse(byPort: "p-nic6", label: "port p-nic6 (compute:nova)")),
        ("fd00:10:0:0:0:0:0:50", nil),
    ])
    func v6(_ ip: String, _ expected: AddressProblem?) {
        #expect(AddressCheck.check(ip, subnet: Self.v6, ports: Self.ports) == expected)
    }

    @Test("no pools, /31 and /32: neutron's rules")
    func edges() {
        let open = F.subnet("o", cidr: "10.0.0.0/30", gateway: nil, pools: [])
        #expect(AddressCheck.check("10.0.0.2", subnet: open, ports: []) == nil)
        #expect(AddressCheck.check("10.0.0.3", subnet: open, ports: []) == .broadcastAddress)
        let p31 = F.subnet("p", cidr: "10.0.0.0/31", gateway: nil, pools: [])
        #expect(AddressCheck.check("10.0.0.1", subnet: p31, ports: []) == nil)
        #expect(AddressCheck.check("10.0.0.0", subnet: p31, ports: []) == .networkAddress)
    }

    @Test("addresses parse strictly and print canonically")
    func parsing() {
        #expect(IPAddressValue("fd00:10:0:0:0:0:0:1")?.description == "fd00:10::1")
        #expect(IPAddressValue("::")?.description == "::")
        #expect(IPAddressValue("::ffff:192.168.1.1")?.description == "::ffff:c0a8:101")
        #expect(IPAddressValue("2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
        #expect(IPAddressValue("1:2:3:4:5:6:7:8")?.description == "1:2:3:4:5:6:7:8")
        #expect(IPAddressValue("1:2:3:4:5:6:7:8:9") == nil)
        #expect(IPAddressValue(":1::") == nil)
        #expect(IPAddressValue("1.2.3.4")?.description == "1.2.3.4")
        #expect(IPAddressValue("1.2.3") == nil)
        #expect(CIDRValue("1.1.1.1/0")?.description == "1.1.1.1/0")
        #expect(CIDRValue("10.0.0.0/33") == nil)
    }
}
