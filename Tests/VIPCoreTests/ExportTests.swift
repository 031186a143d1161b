import CloudAPI
import Foundation
import Testing
import VIPCore

/// The exports of a plan: each format says the plan's requests, never holds a token, and is
/// well formed (curl bodies and Postman are JSON; Terraform names the strategy's resources).
@Suite struct ExportTests {
    static let ports = [F.vipWeb, F.lb01, F.lb02, F.web01, F.dhcp]
    static let context = ExportContext(title: "test", ports: ports)

    static func createPlan(_ strategy: VIPStrategy, ip: String? = "192.168.10.50") throws -> Plan {
        try plan(.createVIP(CreateVIP(networkID: F.prodNet, ipAddress: ip, name: "vip-app", bindNICs: ["nic-lb01", "nic-web01"])),
                 F.snapshot(ports), strategy)
    }

    static func bindPlan(_ strategy: VIPStrategy) throws -> Plan {
        try plan(.bind(vipPortID: "vip-web-id", nicPortIDs: ["nic-web01"]), F.snapshot(ports), strategy)
    }

    static var allPlans: [Plan] {
        get throws {
            try [createPlan(.huawei), createPlan(.openstack), createPlan(.openstack, ip: nil), bindPlan(.huawei), bindPlan(.openstack),
                 plan(.unbind(vipPortID: "vip-web-id", nicPortIDs: ["nic-lb02"]), F.snapshot(ports))]
        }
    }

    @Test("no format holds a token or a password: curl reads $OS_TOKEN, Postman {{token}} and {{password}}")
    func tokenNeverLiteral() throws {
        for p in try Self.allPlans {
            for f in ExportFormat.allCases {
                let text = Export.render(p, as: f, context: Self.context)
                #expect(!text.contains("demo-secret"))
                #expect(!text.contains("gAAAA"), "\(f): a Keystone token")
                switch f {
                case .curl:
                    let lines = text.split(separator: "\n").filter { $0.hasPrefix("curl") || $0.contains("=$(curl") }
                    #expect(!lines.isEmpty)
                    for l in lines { #expect(l.contains("-H \"X-Auth-Token: $OS_TOKEN\""), "\(l)") }
                    #expect(!text.contains("X-Auth-Token: gAAA"))
                case .postman:
                    #expect(text.contains("{{token}}"))
                    #expect(text.contains("{{password}}"))
                default: break
                }
            }
        }
    }

    /// The `-d '...'` bodies of the curl export.
    static func curlBodies(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            guard let r = line.range(of: " -d '") else { return nil }
            var body = String(line[r.upperBound...])
            if body.hasSuffix("')") { body.removeLast(2) } else if body.hasSuffix("'") { body.removeLast() }
            return body
        }
    }

    @Test("curl sends each step's exact body, valid JSON, to $NEUTRON_URL, with If-Match where the plan has it")
    func curlBodiesAreJSON() throws {
        for p in try [Self.createPlan(.huawei), Self.bindPlan(.huawei), Self.bindPlan(.openstack)] {
            let text = Export.render(p, as: .curl, context: Self.context)
            let bodies = Self.curlBodies(text)
            #expect(bodies.count == p.steps.count)
            for (b, s) in zip(bodies, p.steps) {
                #expect(b == s.body)
                #expect((try? JSONSerialization.jsonObject(with: Data(b.utf8))) != nil, "not JSON: \(b)")
            }
            for s in p.steps { #expect(text.contains("-X \(s.method) \"$NEUTRON_URL\"")) }
            for s in p.steps { if let r = s.ifRevision { #expect(text.contains("If-Match: revision_number=\(r)")) } }
        }
        // The NIC's server: the vendor procedure's "get the server's interfaces".
        let text = Export.render(try Self.bindPlan(.huawei), as: .curl, context: Self.context)
        #expect(text.contains("\"$NOVA_URL\"/servers/srv-web01/os-interface"))
    }

    @Test("Postman: valid JSON, schema v2.1, token first, then create, VIP pairs, server interfaces, NIC pairs")
    func postmanCollection() throws {
        let p = try Self.createPlan(.huawei)
        let text = Export.render(p, as: .postman, context: Self.context)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let info = try #require(doc["info"] as? [String: Any])
        #expect(info["schema"] as? String == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json")
        let items = try #require(doc["item"] as? [[String: Any]])
        let requests = items.compactMap { $0["request"] as? [String: Any] }
        let urls = requests.compactMap { ($0["url"] as? [String: Any])?["raw"] as? String }
        let methods = requests.compactMap { $0["method"] as? String }
        // lb-01 holds 1.1.1.1/0 already: only web-01's NIC is written.
        #expect(methods == ["POST", "POST", "GET", "PUT"])
        #expect(urls.first == "{{keystone_url}}/v3/auth/tokens")
        #expect(urls[1] == "{{neutron_url}}/v2.0/ports")
        #expect(urls[2] == "{{nova_url}}/servers/srv-web01/os-interface")
        #expect(urls[3] == "{{neutron_url}}/v2.0/ports/nic-web01")
        for r in requests.dropFirst() {
            let headers = r["header"] as? [[String: String]] ?? []
            #expect(headers.contains { $0["key"] == "X-Auth-Token" && $0["value"] == "{{token}}" })
            if let raw = (r["body"] as? [String: Any])?["raw"] as? String {
                #expect((try? JSONSerialization.jsonObject(with: Data(raw.utf8))) != nil, "not JSON: \(raw)")
            }
        }
        // Two NICs written (openstack strategy): both servers' interfaces, then both NICs.
        let two = try JSONSerialization.jsonObject(with: Data(Export.render(try Self.createPlan(.openstack), as: .postman,
                                                                               context: Self.context).utf8)) as? [String: Any]
        let twoItems = try #require(two?["item"] as? [[String: Any]])
        let twoURLs = twoItems.compactMap { (($0["request"] as? [String: Any])?["url"] as? [String: Any])?["raw"] as? String }
        #expect(twoURLs.dropFirst(2) == ["{{nova_url}}/servers/srv-lb01/os-interface", "{{nova_url}}/servers/srv-web01/os-interface",
                                         "{{neutron_url}}/v2.0/ports/nic-lb01", "{{neutron_url}}/v2.0/ports/nic-web01"])
        // An automatic address: the NIC's body names the created port's address as a variable.
        let auto = Export.render(try Self.createPlan(.openstack, ip: nil), as: .postman, context: Self.context)
        #expect(auto.contains("{{vip_address_1}}"))
        #expect((try? JSONSerialization.jsonObject(with: Data(auto.utf8))) != nil)
    }

    @Test("Terraform: huaweicloud VIP resources for the huawei strategy, openstack ports with pairs for the openstack one")
    func terraformResources() throws {
        let h = Export.render(try Self.createPlan(.huawei), as: .terraform, context: Self.context)
        #expect(h.contains("resource \"huaweicloud_networking_vip\" \"vip_1\""))
        #expect(h.contains("resource \"huaweicloud_networking_vip_associate\""))
        #expect(h.contains("vip_id   = huaweicloud_networking_vip.vip_1.id"))
        #expect(h.contains("port_ids = [\"nic-lb01\", \"nic-web01\"]"))
        #expect(!h.contains("openstack_networking_port_v2"))
        // A bind: port_ids names every NIC the VIP's pairs hold after the plan (the associate
        // replaces the list), not only the new one.
        let b = Export.render(try Self.bindPlan(.huawei), as: .terraform, context: Self.context)
        #expect(b.contains("vip_id   = \"vip-web-id\""))
        #expect(b.contains("port_ids = [\"nic-lb01\", \"nic-lb02\", \"nic-web01\"]"), "\(b)")
        let o = Export.render(try Self.bindPlan(.openstack), as: .terraform, context: Self.context)
        #expect(o.contains("resource \"openstack_networking_port_v2\" \"nic_1\""))
        #expect(o.contains("allowed_address_pairs {\n    ip_address = \"192.168.10.100\"\n  }"))
        #expect(o.contains("id = \"nic-web01\""))
        #expect(o.contains("network_id = \"\(F.prodNet)\""))
        #expect(o.contains("overwrites"))
        #expect(!o.contains("huaweicloud_"))
        // A pair kept by vipctl's merge is listed, with the warning that the provider owns the list.
        let kept = Export.render(try Self.createPlan(.openstack), as: .terraform, context: Self.context)
        #expect(kept.contains("ip_address = \"1.1.1.1/0\""))
        #expect(kept.contains("# vipctl merges into the pairs the port holds (1.1.1.1/0 kept); this provider"))
        #expect(kept.contains("ip_address = \"192.168.10.50\""))
        let auto = Export.render(try Self.createPlan(.openstack, ip: nil), as: .terraform, context: Self.context)
        #expect(auto.contains("ip_address = openstack_networking_port_v2.vip_1.all_fixed_ips[0]"))
    }

    @Test("openstack CLI: port create as a VIP port with its fixed IP and pairs; deltas as port set / port unset")
    func openstackCommands() throws {
        let c = Export.render(try Self.createPlan(.huawei), as: .openstack, context: Self.context)
        #expect(c.contains("VIP_PORT_1=$(openstack port create --network net-prod --device-owner neutron:VIP_PORT "
            + "--fixed-ip subnet=sub-prod,ip-address=192.168.10.50 --allowed-address ip-address=192.168.10.21 "
            + "--allowed-address ip-address=192.168.10.11 -f value -c id vip-app)"))
        #expect(c.contains("openstack port set --allowed-address ip-address=1.1.1.1/0 nic-web01"))
        // lb-01 already holds 1.1.1.1/0: no command for it.
        #expect(!c.contains("nic-lb01"))
        let u = Export.render(try plan(.unbind(vipPortID: "vip-web-id", nicPortIDs: ["nic-lb02"]), F.snapshot(Self.ports)),
                              as: .openstack, context: Self.context)
        #expect(u.contains("openstack port unset --allowed-address ip-address=192.168.10.22,mac-address=\"$MAC\" vip-web-id"))
        #expect(!u.contains("openstack port set"))
        let auto = Export.render(try Self.createPlan(.openstack, ip: nil), as: .openstack, context: Self.context)
        #expect(auto.contains("VIP_ADDRESS_1=$(openstack port show \"$VIP_PORT_1\""))
        #expect(auto.contains("openstack port set --allowed-address ip-address=\"$VIP_ADDRESS_1\" nic-web01"))
        let check = Export.render(try plan(.setSourceDestCheck(nicPortID: "nic-web01", enabled: false), F.snapshot(Self.ports), .openstack),
                                  as: .openstack, context: Self.context)
        #expect(check.contains("openstack port set --no-security-group --disable-port-security nic-web01"))
    }

    @Test("a journal run exports as the steps that reproduce what it changed")
    func journalRun() throws {
        let entry = JournalEntry(runID: "run-1234567890", phase: .finished, time: Date(timeIntervalSince1970: 0), cloud: "sim",
                                 region: nil, project: nil, user: nil, command: "vip bind", summary: "bind VIP vip-web to web-01", strategy: "huawei",
                                 intent: JournalIntent(action: "bind", vipPortID: "vip-web-id", nicPortIDs: ["nic-web01"]),
                                 requests: [], ports: [
                                     JournalPort(portID: "nic-web01", label: "NIC 192.168.10.11 of web-01",
                                                 before: PortFields(allowedAddressPairs: [], portSecurityEnabled: true, securityGroups: []),
                                                 after: PortFields(allowedAddressPairs: ["1.1.1.1/0"], portSecurityEnabled: true, securityGroups: []),
                                                 added: ["1.1.1.1/0"]),
                                     JournalPort(portID: "vip-web-id", label: "VIP 192.168.10.100 (vip-web)",
                                                 before: PortFields(allowedAddressPairs: ["192.168.10.21"], portSecurityEnabled: true, securityGroups: []),
                                                 after: PortFields(allowedAddressPairs: ["192.168.10.21", "192.168.10.11"], portSecurityEnabled: true,
                                                                   securityGroups: []),
                                                 added: ["192.168.10.11"]),
                                 ], outcome: "applied", lines: [], undoOf: nil)
        let run = try #require(JournalRun(started: nil, finished: entry))
        let p = try #require(Export.plan(of: run))
        #expect(p.steps.map(\.path) == ["/v2.0/ports/vip-web-id", "/v2.0/ports/nic-web01"])
        let cli = Export.render(p, as: .openstack, context: ExportContext(title: "journal"))
        #expect(cli.contains("openstack port set --allowed-address ip-address=192.168.10.11 vip-web-id"))
        #expect(cli.contains("openstack port set --allowed-address ip-address=1.1.1.1/0 nic-web01"))
        let curl = Export.render(p, as: .curl, context: ExportContext(title: "journal"))
        #expect(Self.curlBodies(curl).first == #"{"port":{"allowed_address_pairs":[{"ip_address":"192.168.10.21"},{"ip_address":"192.168.10.11"}]}}"#)
    }
}
