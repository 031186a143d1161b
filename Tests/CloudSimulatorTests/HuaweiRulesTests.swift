import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Huawei's port rules (reference 4.4, 4.10), sent signed through the gateway as the demo on
/// `--flavor huawei --auth aksk` sends them, and the hardware-SDN mark.
@Suite("Huawei port rules")
struct HuaweiRulesTests {
    /// Checks a Huawei Neutron refusal and prints the case for the CI log.
    static func expectRule(_ r: HTTPResult, _ name: String, status: Int = 400, containing: String,
                           sourceLocation: SourceLocation = #_sourceLocation)
    {
        let type = r.json["NeutronError"]?["type"]?.stringValue ?? "-"
        let msg = r.json["NeutronError"]?["message"]?.stringValue ?? r.text
        print("gateway: rule \(name) -> \(r.status) \(type) \(msg)")
        #expect(r.status == status, sourceLocation: sourceLocation)
        #expect(msg.contains(containing), "\(msg)", sourceLocation: sourceLocation)
    }

    @Test("one fixed IP, no 0.0.0.0/0, device_owner only '' or neutron:VIP_PORT and never updated, no deleting a NIC")
    func rulesThroughTheGateway() async throws {
        try await SimHarness.with(GatewayTests.aksk) { h in
            let call = await h.signedCall()
            let net = try #require(try await SimHarness.signed("GET", h.vpc + "/networks?name=prod-net", call).json["networks"]?.arrayValue?.first)
            let sub = try #require(net["subnets"]?.arrayValue?.first?.stringValue)
            func post(_ port: JSONObject) async throws -> HTTPResult {
                var o = port
                o["network_id"] = .string(net.id)
                return try await SimHarness.signed("POST", h.vpc + "/ports", json: ["port": .object(o)], call)
            }
            func put(_ id: String, _ port: JSON) async throws -> HTTPResult {
                try await SimHarness.signed("PUT", h.vpc + "/ports/" + id, json: ["port": port], call)
            }
            HuaweiRulesTests.expectRule(try await post(["fixed_ips": [["subnet_id": .string(sub), "ip_address": "192.168.10.160"],
                                                                      ["subnet_id": .string(sub), "ip_address": "192.168.10.161"]]]),
                                        "two fixed IPs on create", containing: "One port can only set one ipaddress")
            let plain = try await post(["name": "plain"])
            #expect(plain.status == 201, "\(plain.text)")
            let pid = try #require(plain.json["port"]?.id)
            HuaweiRulesTests.expectRule(try await put(pid, ["fixed_ips": [["subnet_id": .string(sub), "ip_address": "192.168.10.162"],
                                                                          ["subnet_id": .string(sub), "ip_address": "192.168.10.163"]]]),
                                        "two fixed IPs on update", containing: "One port can only set one ipaddress")
            HuaweiRulesTests.expectRule(try await put(pid, ["allowed_address_pairs": [["ip_address": "0.0.0.0/0"]]]),
                                        "0.0.0.0/0 pair", containing: "0.0.0.0/0 is not allowed")
            HuaweiRulesTests.expectRule(try await post(["device_owner": "compute:nova"]), "device_owner compute:nova on create",
                                        containing: "only '' or 'neutron:VIP_PORT' may be set")
            HuaweiRulesTests.expectRule(try await put(pid, ["device_owner": "neutron:VIP_PORT"]), "device_owner update",
                                        containing: "device_owner cannot be updated")
            let nic = try #require(try await SimHarness.signed("GET", h.vpc + "/ports?device_owner=compute:nova", call)
                .json["ports"]?.arrayValue?.first { $0["device_id"]?.stringValue?.isEmpty == false })
            HuaweiRulesTests.expectRule(try await SimHarness.signed("DELETE", h.vpc + "/ports/" + nic.id, call), "delete a port with a device_id",
                                        status: 409, containing: "Port already has an attached device")
            // What the rules allow: a VIP port with one IP, a CIDR pair (not hardware SDN), deleting it.
            let vip = try await post(["device_owner": "neutron:VIP_PORT", "fixed_ips": [["subnet_id": .string(sub), "ip_address": "192.168.10.164"]]])
            #expect(vip.status == 201, "\(vip.text)")
            let vid = try #require(vip.json["port"]?.id)
            #expect(try await put(vid, ["allowed_address_pairs": [["ip_address": "192.168.10.0/24"]]]).status == 200)
            #expect(try await SimHarness.signed("DELETE", h.vpc + "/ports/" + vid, call).status == 204)
        }
    }

    @Test("hardware SDN: CIDR pairs refused, single IPs and 1.1.1.1/0 accepted")
    func hardwareSDN() async throws {
        try await SimHarness.with({ $0.flavor = .huawei; $0.hardwareSDN = true }) { h in
            let t = try await h.token(project: "cn-north-4")
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id)
            func pairs(_ ip: String) async throws -> HTTPResult {
                try await h.request("PUT", h.network + "/ports/" + p.id, json: ["port": ["allowed_address_pairs": [["ip_address": .string(ip)]]]], token: t)
            }
            HuaweiRulesTests.expectRule(try await pairs("192.168.10.0/24"), "hardware SDN, CIDR pair", containing: "hardware SDN")
            HuaweiRulesTests.expectRule(try await pairs("192.168.10.50/32"), "hardware SDN, /32 pair", containing: "hardware SDN")
            let onCreate = try await h.request("POST", h.network + "/ports", json: ["port": ["network_id": .string(net.id),
                                                                                         "allowed_address_pairs": [["ip_address": "10.9.0.0/16"]]]], token: t)
            HuaweiRulesTests.expectRule(onCreate, "hardware SDN, CIDR pair on create", containing: "hardware SDN")
            #expect(try await pairs("192.168.10.50").status == 200)
            let off = try await pairs("1.1.1.1/0")
            #expect(off.status == 200)
            #expect(off.json["port"]?.pairIPs == ["1.1.1.1/0"])
        }
    }
}
