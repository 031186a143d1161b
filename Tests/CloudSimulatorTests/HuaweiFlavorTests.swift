import CloudSimulator
import Foundation
import Testing
import TestSupport

/// The Huawei Cloud / HCS differences (reference, section 4).
@Suite("Huawei flavor")
struct HuaweiFlavorTests {
    /// On Huawei the project is named after the region.
    static let project = "cn-north-4"

    static func huawei(_ c: inout SimulatorConfig) { c.flavor = .huawei }

    static func subnetID(_ port: JSON) -> String { port["fixed_ips"]?.arrayValue?.first?["subnet_id"]?.stringValue ?? "" }

    @Test("ports carry no revision_number (create, show, list, update)")
    func noRevisionNumber() async throws {
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            #expect(net["revision_number"] == nil)
            let created = try await h.makePort(token: t, network: net.id, extra: [("name", "plain")])
            #expect(created["revision_number"] == nil)
            #expect(created["id"] != nil)
            let shown = try await h.get(h.network + "/ports/" + created.id, token: t)
            #expect(shown.status == 200)
            #expect(shown.json["port"]?["revision_number"] == nil)
            let all = try await h.allPorts(token: t)
            #expect(all.count > 12)
            #expect(all.allSatisfy { $0["revision_number"] == nil })
            let upd = try await h.request("PUT", h.network + "/ports/" + created.id, json: ["port": ["name": "renamed"]], token: t)
            #expect(upd.status == 200)
            #expect(upd.json["port"]?["name"]?.stringValue == "renamed")
            #expect(upd.json["port"]?["revision_number"] == nil)
        }
    }

    @Test("If-Match with revision_number is refused with 400; other etags are ignored")
    func ifMatchRefused() async throws {
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id)
            let put = try await h.request("PUT", h.network + "/ports/" + p.id, json: ["port": ["name": "x"]], token: t,
                                          headers: [("If-Match", "revision_number=1")])
            #expect(put.status == 400)
            #expect(put.json["NeutronError"]?["message"]?.stringValue
                == "This server does not support constraining operations based on revision numbers")
            let del = try await h.request("DELETE", h.network + "/ports/" + p.id, token: t, headers: [("If-Match", "revision_number=1")])
            #expect(del.status == 400)
            // Nothing changed.
            #expect(try await h.get(h.network + "/ports/" + p.id, token: t).json["port"]?["name"]?.stringValue == "")
            let etag = try await h.request("PUT", h.network + "/ports/" + p.id, json: ["port": ["name": "y"]], token: t,
                                           headers: [("If-Match", "\"abc\"")])
            #expect(etag.status == 200)
        }
    }

    @Test("extensions: no revision-if-match, no standard-attr-revisions")
    func extensions() async throws {
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            let r = try await h.get(h.network + "/extensions", token: t)
            #expect(r.status == 200)
            let aliases = Set(r.json["extensions"]?.arrayValue?.compactMap { $0["alias"]?.stringValue } ?? [])
            #expect(aliases.contains("allowed-address-pairs"))
            #expect(aliases.contains("port-security"))
            #expect(!aliases.contains("revision-if-match"))
            #expect(!aliases.contains("standard-attr-revisions"))
            #expect(try await h.get(h.network + "/extensions/revision-if-match", token: t).status == 404)
            #expect(try await h.get(h.network + "/extensions/allowed-address-pairs", token: t).status == 200)
        }
        // The vanilla flavor has both.
        try await SimHarness.with { h in
            let t = try await h.token()
            let aliases = Set(try await h.get(h.network + "/extensions", token: t).json["extensions"]?.arrayValue?
                .compactMap { $0["alias"]?.stringValue } ?? [])
            #expect(aliases.isSuperset(of: ["revision-if-match", "standard-attr-revisions"]))
        }
    }

    @Test("device_owner: only '' or neutron:VIP_PORT on create, never updatable")
    func deviceOwner() async throws {
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            for owner in ["compute:nova", "network:dhcp", "neutron:LOADBALANCERV2", "compute:cn-north-4a"] {
                let r = try await h.request("POST", h.network + "/ports",
                                            json: ["port": ["network_id": .string(net.id), "device_owner": .string(owner)]], token: t)
                #expect(r.status == 400, "device_owner \(owner)")
                #expect(r.json["NeutronError"]?["message"]?.stringValue?.contains("device_owner") == true)
            }
            let vip = try await h.makePort(token: t, network: net.id, extra: [("device_owner", "neutron:VIP_PORT"), ("name", "vip")])
            #expect(vip["device_owner"]?.stringValue == "neutron:VIP_PORT")
            let plain = try await h.makePort(token: t, network: net.id, extra: [("device_owner", "")])
            #expect(plain["device_owner"]?.stringValue == "")
            // Not on update, in either direction.
            let clear = try await h.request("PUT", h.network + "/ports/" + vip.id, json: ["port": ["device_owner": ""]], token: t)
            #expect(clear.status == 400)
            let set = try await h.request("PUT", h.network + "/ports/" + plain.id, json: ["port": ["device_owner": "neutron:VIP_PORT"]], token: t)
            #expect(set.status == 400)
            let nova = try await h.request("PUT", h.network + "/ports/" + plain.id, json: ["port": ["device_owner": "compute:nova"]], token: t)
            #expect(nova.status == 400)
            #expect(try await h.get(h.network + "/ports/" + vip.id, token: t).json["port"]?["device_owner"]?.stringValue == "neutron:VIP_PORT")
            #expect(try await h.get(h.network + "/ports/" + plain.id, token: t).json["port"]?["device_owner"]?.stringValue == "")
        }
        // Vanilla neutron lets a member set and change device_owner.
        try await SimHarness.with { h in
            let t = try await h.token()
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id, extra: [("device_owner", "compute:nova")])
            let r = try await h.request("PUT", h.network + "/ports/" + p.id, json: ["port": ["device_owner": ""]], token: t)
            #expect(r.status == 200)
        }
    }

    @Test("allowed address pairs: 0.0.0.0/0 refused, 1.1.1.1/0 accepted")
    func pairs() async throws {
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id)
            let any = try await h.request("PUT", h.network + "/ports/" + p.id,
                                          json: ["port": ["allowed_address_pairs": [["ip_address": "0.0.0.0/0"]]]], token: t)
            #expect(any.status == 400)
            #expect(any.json["NeutronError"]?["message"]?.stringValue?.contains("0.0.0.0/0") == true)
            let onCreate = try await h.request("POST", h.network + "/ports",
                                               json: ["port": ["network_id": .string(net.id),
                                                               "allowed_address_pairs": [["ip_address": "0.0.0.0/0"]]]], token: t)
            #expect(onCreate.status == 400)
            let off = try await h.request("PUT", h.network + "/ports/" + p.id,
                                          json: ["port": ["allowed_address_pairs": [["ip_address": "1.1.1.1/0"]]]], token: t)
            #expect(off.status == 200)
            #expect(off.json["port"]?.pairIPs == ["1.1.1.1/0"])
            #expect(off.json["port"]?["allowed_address_pairs"]?.arrayValue?.first?["mac_address"]?.stringValue == p["mac_address"]?.stringValue)
        }
        // Vanilla neutron accepts 0.0.0.0/0.
        try await SimHarness.with { h in
            let t = try await h.token()
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id)
            let r = try await h.request("PUT", h.network + "/ports/" + p.id,
                                        json: ["port": ["allowed_address_pairs": [["ip_address": "0.0.0.0/0"]]]], token: t)
            #expect(r.status == 200)
        }
    }

    @Test("a port has exactly one fixed IP (VIP or not)")
    func vipOneFixedIP() async throws {
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let sub = try #require(net["subnets"]?.arrayValue?.first?.stringValue)
            let two: JSON = ["port": ["network_id": .string(net.id), "device_owner": "neutron:VIP_PORT",
                                      "fixed_ips": [["subnet_id": .string(sub), "ip_address": "192.168.10.150"],
                                                    ["subnet_id": .string(sub), "ip_address": "192.168.10.151"]]]]
            let r = try await h.request("POST", h.network + "/ports", json: two, token: t)
            #expect(r.status == 400)
            #expect(r.json["NeutronError"]?["message"]?.stringValue == "One port can only set one ipaddress")
            // Neither address was taken by the refused request.
            #expect(try await h.allPorts(token: t, query: "fixed_ips=ip_address=192.168.10.150").isEmpty)
            let one: JSON = ["port": ["network_id": .string(net.id), "device_owner": "neutron:VIP_PORT",
                                      "fixed_ips": [["subnet_id": .string(sub), "ip_address": "192.168.10.150"]]]]
            let ok = try await h.request("POST", h.network + "/ports", json: one, token: t)
            #expect(ok.status == 201)
            #expect(ok.json["port"]?.firstIP == "192.168.10.150")
            // The fixed IP of a VIP port cannot be changed afterwards either.
            let vipID = ok.json["port"]?.id ?? ""
            let change = try await h.request("PUT", h.network + "/ports/" + vipID,
                                             json: ["port": ["fixed_ips": [["subnet_id": .string(sub), "ip_address": "192.168.10.152"]]]], token: t)
            #expect(change.status == 400)
            // A plain port may not have two either ("One port can only set one ipaddress"); .151
            // is still free: the refused request took nothing.
            let plain: JSON = ["port": ["network_id": .string(net.id), "device_owner": "",
                                        "fixed_ips": [["subnet_id": .string(sub), "ip_address": "192.168.10.151"],
                                                      ["subnet_id": .string(sub), "ip_address": "192.168.10.153"]]]]
            let p2 = try await h.request("POST", h.network + "/ports", json: plain, token: t)
            #expect(p2.status == 400, "\(p2.text)")
            let one151: JSON = ["port": ["network_id": .string(net.id), "fixed_ips": [["subnet_id": .string(sub), "ip_address": "192.168.10.151"]]]]
            #expect(try await h.request("POST", h.network + "/ports", json: one151, token: t).status == 201)
        }
    }

    @Test("security_groups cannot be emptied")
    func securityGroupsNotEmpty() async throws {
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id)
            let groups = p["security_groups"]?.arrayValue ?? []
            #expect(groups.count == 1)
            let empty = try await h.request("PUT", h.network + "/ports/" + p.id, json: ["port": ["security_groups": []]], token: t)
            #expect(empty.status == 400)
            #expect(empty.json["NeutronError"]?["message"]?.stringValue?.contains("security_groups") == true)
            let null = try await h.request("PUT", h.network + "/ports/" + p.id, json: ["port": ["security_groups": nil]], token: t)
            #expect(null.status == 400)
            #expect(try await h.get(h.network + "/ports/" + p.id, token: t).json["port"]?["security_groups"]?.arrayValue == groups)
            // Setting the same non-empty list is fine.
            let same = try await h.request("PUT", h.network + "/ports/" + p.id, json: ["port": ["security_groups": .array(groups)]], token: t)
            #expect(same.status == 200)
        }
        // Vanilla neutron allows it.
        try await SimHarness.with { h in
            let t = try await h.token()
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id)
            let r = try await h.request("PUT", h.network + "/ports/" + p.id, json: ["port": ["security_groups": []]], token: t)
            #expect(r.status == 200)
            #expect(r.json["port"]?["security_groups"]?.arrayValue?.isEmpty == true)
        }
    }

    static func expectAPIG(_ r: HTTPResult, reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 401, sourceLocation: sourceLocation)
        #expect(r.json["error_code"]?.stringValue == "APIG.0301", sourceLocation: sourceLocation)
        let msg = r.json["error_msg"]?.stringValue ?? ""
        #expect(msg.hasPrefix("Incorrect IAM authentication information"), sourceLocation: sourceLocation)
        #expect(msg.contains(reason), "\(msg)", sourceLocation: sourceLocation)
        #expect((r.json["request_id"]?.stringValue ?? "").count >= 16, sourceLocation: sourceLocation)
        // Not keystonemiddleware's body.
        #expect(r.json["error"] == nil, sourceLocation: sourceLocation)
    }

    @Test("401 from neutron and nova carries the API gateway body (missing, bogus, expired token)")
    func gateway401() async throws {
        try await SimHarness.with({ $0.flavor = .huawei; $0.tokenTTL = 1 }) { h in
            for url in [h.network + "/ports", h.compute + "/servers"] {
                HuaweiFlavorTests.expectAPIG(try await h.get(url, token: nil), reason: "x-auth-token not found")
                HuaweiFlavorTests.expectAPIG(try await h.get(url, token: "MIIbogus"), reason: "decrypt token fail")
            }
            // Expired by its lifetime. No "works before" check: with a 1 s lifetime that would
            // race a loaded machine; the reason (a known token, expired) is the proof.
            let t = try await h.token(project: HuaweiFlavorTests.project)
            try await Task.sleep(nanoseconds: 2_100_000_000)
            for url in [h.network + "/ports", h.compute + "/servers"] {
                HuaweiFlavorTests.expectAPIG(try await h.get(url, token: t), reason: "token expires, expires_at: ")
            }
        }
        // Expired early (as Huawei does after a password change), while it was in use.
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            #expect(try await h.get(h.network + "/ports", token: t).status == 200)
            #expect(try await h.get(h.compute + "/servers", token: t).status == 200)
            #expect(try await h.request("POST", h.baseURL + "/__sim/faults", json: ["expire_tokens": true]).status == 200)
            for url in [h.network + "/ports", h.compute + "/servers"] {
                HuaweiFlavorTests.expectAPIG(try await h.get(url, token: t), reason: "token expires")
            }
            // A fresh token works.
            let fresh = try await h.token(project: HuaweiFlavorTests.project)
            #expect(try await h.get(h.network + "/ports", token: fresh).status == 200)
        }
    }

    @Test("project scope by name without a domain works; tokens are long PKI-style blobs")
    func projectScopeWithoutDomain() async throws {
        let body: JSON = ["auth": ["identity": ["methods": ["password"],
                                                "password": ["user": ["name": "demo", "domain": ["name": "Default"], "password": "demo-secret"]]],
                                   "scope": ["project": ["name": .string(HuaweiFlavorTests.project)]]]]
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let r = try await h.request("POST", h.identity + "/auth/tokens", json: body)
            #expect(r.status == 201)
            #expect(r.json["token"]?["project"]?["name"]?.stringValue == HuaweiFlavorTests.project)
            let t = try #require(r.header("X-Subject-Token"))
            #expect(t.hasPrefix("MII"))
            #expect(t.count > 1000)
            #expect(try await h.get(h.network + "/ports", token: t).status == 200)
            // There is no project called demo on Huawei.
            let demo = try await h.request("POST", h.identity + "/auth/tokens", json: SimHarness.passwordAuth(project: "demo"))
            #expect(demo.status == 401)
        }
        // Vanilla keystone wants the domain.
        try await SimHarness.with { h in
            let r = try await h.request("POST", h.identity + "/auth/tokens", json: body)
            #expect(r.status == 400)
        }
    }

    @Test("server detail: addresses keyed by network id, entries carry OS-EXT-IPS:port_id")
    func serverPortIDs() async throws {
        try await SimHarness.with(HuaweiFlavorTests.huawei) { h in
            let t = try await h.token(project: HuaweiFlavorTests.project)
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let r = try await h.get(h.compute + "/servers/detail", token: t)
            #expect(r.status == 200)
            let servers = r.json["servers"]?.arrayValue ?? []
            #expect(servers.count == 12)
            let lb = try #require(servers.first { $0["name"]?.stringValue == "lb-01" })
            let entries = try #require(lb["addresses"]?[net.id]?.arrayValue)
            let nic = try #require(try await h.allPorts(token: t, query: "device_id=" + lb.id).first)
            #expect(entries.count == 1)
            #expect(entries.first?["addr"]?.stringValue == "192.168.10.21")
            #expect(entries.first?["OS-EXT-IPS:port_id"]?.stringValue == nic.id)
            for s in servers {
                let all = (s["addresses"]?.objectValue?.entries ?? []).flatMap { $0.value.arrayValue ?? [] }
                #expect(!all.isEmpty)
                #expect(all.allSatisfy { $0["OS-EXT-IPS:port_id"]?.stringValue?.isEmpty == false })
            }
            // os-interface under the project form Huawei documents.
            let project = try #require(try await h.request("POST", h.identity + "/auth/tokens",
                                                           json: SimHarness.passwordAuth(project: HuaweiFlavorTests.project))
                .json["token"]?["project"]?["id"]?.stringValue)
            let os = try await h.get(h.compute + "/\(project)/servers/\(lb.id)/os-interface", token: t)
            #expect(os.status == 200)
            #expect(os.json["interfaceAttachments"]?.arrayValue?.first?["port_id"]?.stringValue == nic.id)
            #expect(os.json["interfaceAttachments"]?.arrayValue?.first?["net_id"]?.stringValue == net.id)
        }
    }
}
