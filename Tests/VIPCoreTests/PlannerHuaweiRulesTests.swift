import CloudAPI
import L10n
import Testing
import VIPCore

/// Huawei's rules checked by the planner (`HuaweiRules`, run by `Planner.plan` on every plan):
/// each rule refuses with the port and the rule named, and the same plan on a cloud without
/// the flavor (or the hardware-SDN marking) is made as before.
@Suite("Planner: Huawei's rules refused in the plan")
struct PlannerHuaweiRulesTests {
    static let huawei = CloudFlavor(huawei: true, hardwareSDN: false)
    static let hardwareSDN = CloudFlavor(huawei: true, hardwareSDN: true)

    static func snapshot(_ ports: [Port], _ flavor: CloudFlavor) -> PlanningSnapshot {
        var s = F.snapshot(ports)
        s.flavor = flavor
        return s
    }

    static func nic(pairs: [(String, String?)]) -> Port {
        F.port("nic-web01", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.11")], pairs: pairs, revision: 1)
    }

    // MARK: 0.0.0.0/0

    @Test("a bind whose NIC PUT would carry the 0.0.0.0/0 the NIC holds: refused on Huawei, naming the NIC, 0.0.0.0/0 and 1.1.1.1/0; planned elsewhere")
    func anyAddressKept() throws {
        let nic = Self.nic(pairs: [("0.0.0.0/0", nil)])
        let bind = Intent.bind(vipPortID: F.vipWeb.id, nicPortIDs: [nic.id])
        let why = try #require(L10n.with(.en) { refusal(bind, Self.snapshot([F.vipWeb, nic], Self.huawei)) })
        #expect(why.hasPrefix("NIC 192.168.10.11 of web-01: Huawei refuses 0.0.0.0/0 in allowed address pairs"), "\(why)")
        #expect(why.contains("vipctl doctor") && why.contains("1.1.1.1/0"), "\(why)")
        let plain = try plan(bind, Self.snapshot([F.vipWeb, nic], .neutron))
        #expect(plain.steps.map(\.path) == ["/v2.0/ports/vip-web-id", "/v2.0/ports/nic-web01"])
        #expect(plain.steps[1].body?.contains("0.0.0.0/0") == true)
    }

    @Test("journal undo of the doctor's removal of 0.0.0.0/0 (it would send it again): refused on Huawei, planned elsewhere; in Chinese too")
    func anyAddressByUndo() throws {
        let nic = Self.nic(pairs: [])
        var change = EffectiveChange()
        change.removed = ["0.0.0.0/0"]
        let undo = Intent.revert(Revert(runID: "0123456789ab", summary: "remove 0.0.0.0/0",
                                        ports: [.init(portID: nic.id, label: "NIC 192.168.10.11 of web-01", created: false, change: change, pairsAfter: [])]))
        let why = try #require(L10n.with(.en) { refusal(undo, Self.snapshot([nic], Self.huawei)) })
        #expect(why.hasPrefix("NIC 192.168.10.11 of web-01: Huawei refuses 0.0.0.0/0"), "\(why)")
        let zh = try #require(L10n.with(.zh) { refusal(undo, Self.snapshot([nic], Self.huawei)) })
        // The label is the journal's (recorded in the run's language); the rule in Chinese.
        #expect(zh.hasPrefix("NIC 192.168.10.11 of web-01：华为云不允许地址对中出现 0.0.0.0/0"), "\(zh)")
        let plain = try plan(undo, Self.snapshot([nic], .neutron))
        #expect(plain.steps.count == 1 && plain.steps[0].delta == PortDelta(addPairs: ["0.0.0.0/0"]))
    }

    // MARK: hardware SDN

    @Test("hardware SDN: a CIDR pair the PUT would carry is refused with what to do; /32 is asked for as the single address; not refused unmarked")
    func hardwareSDNCIDRs() throws {
        let nic = Self.nic(pairs: [("10.9.9.0/28", nil)])
        let bind = Intent.bind(vipPortID: F.vipWeb.id, nicPortIDs: [nic.id])
        let why = try #require(L10n.with(.en) { refusal(bind, Self.snapshot([F.vipWeb, nic], Self.hardwareSDN)) })
        #expect(why.hasPrefix("NIC 192.168.10.11 of web-01: this cloud is marked hardware SDN (hardware_sdn)"), "\(why)")
        #expect(why.contains("would send 10.9.9.0/28") && why.contains("list the single addresses"), "\(why)")
        #expect(try plan(bind, Self.snapshot([F.vipWeb, nic], Self.huawei)).steps.count == 2)

        var vip = F.vipWeb
        vip.allowedAddressPairs.append(AddressPair(ipAddress: "192.168.10.30/32"))
        let host = try #require(L10n.with(.en) { refusal(.bind(vipPortID: vip.id, nicPortIDs: [F.web01.id]), Self.snapshot([vip, F.web01], Self.hardwareSDN)) })
        #expect(host.hasPrefix("VIP 192.168.10.100 (vip-web): this cloud is marked hardware SDN"), "\(host)")
        #expect(host.contains("would send 192.168.10.30/32") && host.contains("single address 192.168.10.30 instead"), "\(host)")
        #expect(try plan(.bind(vipPortID: vip.id, nicPortIDs: [F.web01.id]), Self.snapshot([vip, F.web01], Self.huawei)).steps.count == 2)
    }

    @Test("hardware SDN: the plain Huawei bind (single NIC addresses, 1.1.1.1/0 on the NIC) is planned as it is elsewhere")
    func hardwareSDNPlainBind() throws {
        let bind = Intent.bind(vipPortID: F.vipWeb.id, nicPortIDs: [F.web01.id])
        let marked = try plan(bind, Self.snapshot([F.vipWeb, F.web01, F.lb01, F.lb02], Self.hardwareSDN))
        let plain = try plan(bind, Self.snapshot([F.vipWeb, F.web01, F.lb01, F.lb02], .neutron))
        #expect(marked == plain)
        #expect(marked.steps[1].body == #"{"port":{"allowed_address_pairs":[{"ip_address":"1.1.1.1/0"}]}}"#)
    }

    // MARK: fixed IPs and device_owner (no plan of vipctl's sends them: checked on the requests)

    static func step(_ op: PlanStep.Operation, _ body: String) -> PlanStep {
        PlanStep(id: 1, operation: op, port: op == .create ? .created(step: 1) : .existing("p1"), method: op == .create ? "POST" : "PUT",
                 path: op == .create ? "/v2.0/ports" : "/v2.0/ports/p1", body: body, ifRevision: nil, dependsOn: [],
                 changes: [FieldChange(port: .existing("p1"), portLabel: "VIP 10.0.0.5 (vip-x)", field: "fixed_ips", before: [], after: [])],
                 summary: "")
    }

    static func refused(_ s: PlanStep, _ flavor: CloudFlavor) -> String? {
        do {
            try HuaweiRules.check(Plan(intent: .deleteVIP(vipPortID: "p1", unbindFirst: false), strategy: .huawei, steps: [s], warnings: []),
                                  flavor: flavor)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a second fixed IP, a device_owner update, a create with another owner: refused on Huawei with the port and the rule; not elsewhere")
    func fixedIPsAndOwner() throws {
        let twoIPs = Self.step(.create, #"{"port":{"network_id":"n","device_owner":"neutron:VIP_PORT","fixed_ips":[{"ip_address":"10.0.0.5"},{"ip_address":"10.0.0.6"}]}}"#)
        let ownerUpdate = Self.step(.update, #"{"port":{"device_owner":"neutron:VIP_PORT"}}"#)
        let otherOwner = Self.step(.create, #"{"port":{"network_id":"n","device_owner":"compute:az1","fixed_ips":[{"ip_address":"10.0.0.5"}]}}"#)
        let fine = Self.step(.create, #"{"port":{"network_id":"n","device_owner":"neutron:VIP_PORT","fixed_ips":[{"ip_address":"10.0.0.5"}]}}"#)
        L10n.with(.en) {
            #expect(Self.refused(twoIPs, Self.huawei) == "VIP 10.0.0.5 (vip-x): Huawei allows one fixed IP per port, and this request would give it 2; create one VIP for each address")
            #expect(Self.refused(ownerUpdate, Self.huawei)?.hasPrefix("VIP 10.0.0.5 (vip-x): Huawei does not let a port's device_owner change once it is created") == true)
            #expect(Self.refused(otherOwner, Self.huawei)?.contains(#"empty device_owner or neutron:VIP_PORT, not "compute:az1""#) == true)
            #expect(Self.refused(fine, Self.huawei) == nil)
            for s in [twoIPs, ownerUpdate, otherOwner] { #expect(Self.refused(s, .neutron) == nil) }
        }
    }

    // MARK: the flavor from the settings

    @Test("the flavor comes from the cloud's settings: AK/SK, vip_strategy: huawei, domain_suffix or hardware_sdn; the default strategy alone is not Huawei")
    func flavorFromConfig() {
        let password = CloudConfig(name: "c", authURL: "https://k.example.com/v3", auth: .password(user: .init(name: "u", domainName: "Default"), password: "p"))
        #expect(CloudFlavor(config: password) == .neutron)
        var said = password
        said.vipStrategy = "huawei"
        #expect(CloudFlavor(config: said) == Self.huawei)
        var hcs = password
        hcs.domainSuffix = "cloud.corp.example"
        #expect(CloudFlavor(config: hcs).huawei)
        var sdn = password
        sdn.hardwareSDN = true
        #expect(CloudFlavor(config: sdn) == Self.hardwareSDN)
        let aksk = CloudConfig(name: "c", authURL: "", auth: .accessKey(AccessKey(accessKey: "AK", secretKey: "SK")))
        #expect(CloudFlavor(config: aksk) == Self.huawei)
    }
}
