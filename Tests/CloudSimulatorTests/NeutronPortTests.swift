import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Ports over real HTTP: IPAM, allowed-address-pair validation in neutron's order, port
/// security, revision numbers and If-Match, project isolation and bulk create. The expected
/// values are neutron 29's (shared/realcloud/NOTES.md, reference section 2).
@Suite("Neutron ports")
struct NeutronPortTests {
    // MARK: helpers

    /// The demo tenant as the API shows it.
    struct Env: Sendable {
        let token: String
        let prodNet: String, prodSubnet: String
        let dbNet: String, dbSubnet: String
        let mgmtNet: String, mgmtV4: String, mgmtV6: String
        let defaultSG: String
    }

    static func env(_ h: SimHarness) async throws -> Env {
        let t = try await h.token()
        func subnet(_ name: String) async throws -> String {
            let r = try await h.get(h.network + "/subnets?name=" + name, token: t)
            return try #require(r.json["subnets"]?.arrayValue?.first).id
        }
        let sg = try await h.get(h.network + "/security-groups?name=default", token: t)
        return Env(token: t,
                   prodNet: try await h.firstNetwork(named: "prod-net", token: t).id, prodSubnet: try await subnet("prod-subnet"),
                   dbNet: try await h.firstNetwork(named: "db-net", token: t).id, dbSubnet: try await subnet("db-subnet"),
                   mgmtNet: try await h.firstNetwork(named: "mgmt-net", token: t).id, mgmtV4: try await subnet("mgmt-subnet"),
                   mgmtV6: try await subnet("mgmt-subnet-v6"),
                   defaultSG: try #require(sg.json["security_groups"]?.arrayValue?.first).id)
    }

    static func post(_ h: SimHarness, _ t: String, _ port: JSONObject) async throws -> HTTPResult {
        try await h.request("POST", h.network + "/ports", json: ["port": .object(port)], token: t)
    }

    static func put(_ h: SimHarness, _ t: String, _ id: String, _ port: JSONObject,
                    headers: [(String, String)] = []) async throws -> HTTPResult
    {
        try await h.request("PUT", h.network + "/ports/" + id, json: ["port": .object(port)], token: t, headers: headers)
    }

    static func show(_ h: SimHarness, _ t: String, _ id: String) async throws -> JSON {
        let r = try await h.get(h.network + "/ports/" + id, token: t)
        guard r.status == 200, let p = r.json["port"] else { throw HarnessError("show \(id): \(r.status) \(r.text)") }
        return p
    }

    static func pair(_ ip: String, mac: String? = nil) -> JSON {
        var o: JSONObject = ["ip_address": .string(ip)]
        if let mac { o["mac_address"] = .string(mac) }
        return .object(o)
    }

    /// Stored pairs as "mac ip" strings, in the order returned.
    static func pairs(_ port: JSON?) -> [String] {
        (port?["allowed_address_pairs"]?.arrayValue ?? []).map {
            "\($0["mac_address"]?.stringValue ?? "-") \($0["ip_address"]?.stringValue ?? "-")"
        }
    }

    static func fixedIPs(_ port: JSON?) -> [String] {
        (port?["fixed_ips"]?.arrayValue ?? []).map {
            "\($0["subnet_id"]?.stringValue ?? "-") \($0["ip_address"]?.stringValue ?? "-")"
        }
    }

    static func ip(_ s: String?) throws -> IPAddress { try #require(s.flatMap { IPAddress($0) }, "not an IP: \(s ?? "nil")") }

    /// Whether `ip` lies in one of the subnet's allocation pools.
    static func inPools(_ h: SimHarness, _ t: String, subnet: String, _ ip: String) async throws -> Bool {
        let s = try await h.get(h.network + "/subnets/" + subnet, token: t).json["subnet"]
        let a = try Self.ip(ip)
        for p in s?["allocation_pools"]?.arrayValue ?? [] {
            if try Self.ip(p["start"]?.stringValue) <= a, try a <= Self.ip(p["end"]?.stringValue) { return true }
        }
        return false
    }

    static func expectError(_ r: HTTPResult, _ status: Int, _ type: String?, _ message: String? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(r.status == status, "\(r.text)", sourceLocation: sourceLocation)
        if let type { #expect(r.neutronType == type, "\(r.text)", sourceLocation: sourceLocation) }
        if let message {
            #expect(r.json["NeutronError"]?["message"]?.stringValue == message, sourceLocation: sourceLocation)
        }
        #expect(r.json["NeutronError"]?["detail"]?.stringValue == "", sourceLocation: sourceLocation)
    }

    // MARK: create

    @Test("create with automatic IP: 201, pool address, DOWN, revision 1, default SG, fa:16:3e MAC, request id")
    func createAutomatic() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let taken = Set(try await h.allPorts(token: e.token).flatMap { Self.fixedIPs($0) })
            let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "name": "auto"])
            #expect(r.status == 201)
            #expect(r.header("x-openstack-request-id")?.hasPrefix("req-") == true)
            let p = try #require(r.json["port"])
            #expect(p["name"]?.stringValue == "auto")
            #expect(p["status"]?.stringValue == "DOWN")
            #expect(p["revision_number"]?.intValue == 1)
            #expect(p["security_groups"] == .array([.string(e.defaultSG)]))
            #expect(p["port_security_enabled"]?.boolValue == true)
            #expect(p["allowed_address_pairs"] == .array([]))
            #expect(p["device_owner"]?.stringValue == "" && p["device_id"]?.stringValue == "")
            #expect(p["admin_state_up"]?.boolValue == true)
            #expect(p["project_id"] != nil && p["project_id"] == p["tenant_id"])
            let mac = try #require(p["mac_address"]?.stringValue)
            #expect(mac.hasPrefix("fa:16:3e:") && mac.count == 17)
            let fixed = try #require(p["fixed_ips"]?.arrayValue)
            #expect(fixed.count == 1)
            #expect(fixed.first?["subnet_id"]?.stringValue == e.prodSubnet)
            #expect(try await Self.inPools(h, e.token, subnet: e.prodSubnet, p.firstIP))
            #expect(!taken.contains("\(e.prodSubnet) \(p.firstIP)"))
            // A following GET shows the same port.
            #expect(try await Self.show(h, e.token, p.id) == p)

            // Dual-stack network: one address from the IPv4 subnet and one from the IPv6 subnet.
            let dual = try await h.makePort(token: e.token, network: e.mgmtNet)
            let subnets = dual["fixed_ips"]?.arrayValue?.compactMap { $0["subnet_id"]?.stringValue } ?? []
            #expect(subnets.sorted() == [e.mgmtV4, e.mgmtV6].sorted())
            for f in dual["fixed_ips"]?.arrayValue ?? [] {
                let sid = try #require(f["subnet_id"]?.stringValue)
                #expect(try await Self.inPools(h, e.token, subnet: sid, f["ip_address"]?.stringValue ?? ""))
            }
            // Two automatic ports never share an address.
            let second = try await h.makePort(token: e.token, network: e.prodNet)
            #expect(second.firstIP != p.firstIP)
        }
    }

    @Test("a requested fixed IP is honoured (subnet_id + ip_address, or ip_address alone)", arguments: [true, false])
    func requestedIP(withSubnet: Bool) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            var f: JSONObject = ["ip_address": "192.168.10.150"]
            if withSubnet { f["subnet_id"] = .string(e.prodSubnet) }
            let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "fixed_ips": [.object(f)]])
            #expect(r.status == 201, "\(r.text)")
            #expect(Self.fixedIPs(r.json["port"]) == ["\(e.prodSubnet) 192.168.10.150"])
        }
    }

    @Test("subnet_id alone allocates from that subnet only")
    func subnetOnly() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let r = try await Self.post(h, e.token, ["network_id": .string(e.mgmtNet), "fixed_ips": [["subnet_id": .string(e.mgmtV6)]]])
            #expect(r.status == 201, "\(r.text)")
            let fixed = r.json["port"]?["fixed_ips"]?.arrayValue ?? []
            #expect(fixed.count == 1)
            #expect(fixed.first?["subnet_id"]?.stringValue == e.mgmtV6)
            #expect(try Self.ip(fixed.first?["ip_address"]?.stringValue).version == 6)
        }
    }

    @Test("an address already in use: 409 IpAddressAlreadyAllocated naming the subnet", arguments: [true, false])
    func ipInUse(withSubnet: Bool) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let before = try await h.allPorts(token: e.token).count
            var f: JSONObject = ["ip_address": "192.168.10.100"]  // vip-web
            if withSubnet { f["subnet_id"] = .string(e.prodSubnet) }
            let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "fixed_ips": [.object(f)]])
            Self.expectError(r, 409, "IpAddressAlreadyAllocated", "IP address 192.168.10.100 already allocated in subnet \(e.prodSubnet)")
            #expect(try await h.allPorts(token: e.token).count == before)
        }
    }

    @Test("an address not valid on the named subnet (outside, network, broadcast): 400 InvalidIpForSubnet",
          arguments: ["10.9.9.9", "192.168.11.5", "192.168.10.0", "192.168.10.255", "192.168.20.5"])
    func invalidForSubnet(_ address: String) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet),
                                                     "fixed_ips": [["subnet_id": .string(e.prodSubnet), "ip_address": .string(address)]]])
            Self.expectError(r, 400, "InvalidIpForSubnet", "IP address \(address) is not a valid IP for the specified subnet.")
        }
    }

    @Test("IPv6: the subnet-router anycast (network) address is refused for an ordinary port")
    func ipv6NetworkAddress() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let r = try await Self.post(h, e.token, ["network_id": .string(e.mgmtNet),
                                                     "fixed_ips": [["subnet_id": .string(e.mgmtV6), "ip_address": "fd00:10::"]]])
            Self.expectError(r, 400, "InvalidIpForSubnet", "IP address fd00:10:: is not a valid IP for the specified subnet.")
            let ok = try await Self.post(h, e.token, ["network_id": .string(e.mgmtNet),
                                                      "fixed_ips": [["subnet_id": .string(e.mgmtV6), "ip_address": "fd00:10::99"]]])
            #expect(ok.status == 201, "\(ok.text)")
        }
    }

    /// With `ip_address` alone neutron looks for a subnet on which the address is *valid*
    /// (`check_subnet_ip`), so the network and broadcast addresses match no subnet either.
    @Test("ip_address alone, valid on no subnet of the network: 400 InvalidIpForNetwork",
          arguments: ["10.9.9.9", "192.168.20.5", "192.168.10.0", "192.168.10.255"])
    func invalidForNetwork(_ address: String) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "fixed_ips": [["ip_address": .string(address)]]])
            Self.expectError(r, 400, "InvalidIpForNetwork",
                             "IP address \(address) is not a valid IP for any of the subnets on the specified network.")
        }
    }

    @Test("unknown subnet: 404 SubnetNotFound; a subnet of another network: 400 InvalidInput")
    func subnetErrors() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let ghost = "4f0c3a57-2d0e-4c1b-9a55-000000000001"
            let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "fixed_ips": [["subnet_id": .string(ghost)]]])
            Self.expectError(r, 404, "SubnetNotFound", "Subnet \(ghost) could not be found.")
            let other = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "fixed_ips": [["subnet_id": .string(e.dbSubnet)]]])
            // neutron names the subnet's own network in this message.
            Self.expectError(other, 400, "InvalidInput",
                             "Invalid input for operation: Failed to create port on network \(e.dbNet), because fixed_ips included invalid subnet \(e.dbSubnet).")
        }
    }

    @Test("a /29 whose pool holds two addresses: the third port gets 409 IpAddressGenerationFailure")
    func poolExhausted() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let (nid, sid) = try await h.makeNetwork(token: t, name: "tiny", cidr: "10.77.0.0/29",
                                                     pools: [["start": "10.77.0.2", "end": "10.77.0.3"]])
            let a = try await h.makePort(token: t, network: nid)
            let b = try await h.makePort(token: t, network: nid)
            #expect(Set([a.firstIP, b.firstIP]) == ["10.77.0.2", "10.77.0.3"])
            let msg = "No more IP addresses available on network \(nid)."
            Self.expectError(try await Self.post(h, t, ["network_id": .string(nid)]), 409, "IpAddressGenerationFailure", msg)
            Self.expectError(try await Self.post(h, t, ["network_id": .string(nid), "fixed_ips": [["subnet_id": .string(sid)]]]),
                             409, "IpAddressGenerationFailure", msg)
            // Freeing an address makes room again, and that address is the one handed out.
            #expect(try await h.request("DELETE", h.network + "/ports/" + a.id, token: t).status == 204)
            let c = try await h.makePort(token: t, network: nid)
            #expect(c.firstIP == a.firstIP)
        }
    }

    @Test("unknown network: 404 NetworkNotFound; no network_id: 400")
    func networkErrors() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let ghost = "4f0c3a57-2d0e-4c1b-9a55-000000000002"
            Self.expectError(try await Self.post(h, t, ["network_id": .string(ghost)]), 404, "NetworkNotFound",
                             "Network \(ghost) could not be found.")
            Self.expectError(try await Self.post(h, t, ["name": "orphan"]), 400, "HTTPBadRequest",
                             "Failed to parse request. Required attribute 'network_id' not specified")
            #expect(try await h.allPorts(token: t, query: "name=orphan").isEmpty)
        }
    }

    // MARK: show, delete

    @Test("show: 200 with the demo VIP; unknown id: 404 PortNotFound \"Port X could not be found.\"")
    func show() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let vip = try #require(try await h.allPorts(token: e.token, query: "name=vip-web").first)
            let r = try await h.get(h.network + "/ports/" + vip.id, token: e.token)
            #expect(r.status == 200)
            let p = try #require(r.json["port"])
            #expect(p["device_owner"]?.stringValue == "neutron:VIP_PORT")
            #expect(Self.fixedIPs(p) == ["\(e.prodSubnet) 192.168.10.100"])
            #expect(p.pairIPs == ["192.168.10.21", "192.168.10.22"])
            let only = try await h.get(h.network + "/ports/" + vip.id + "?fields=name&fields=status", token: e.token)
            #expect(only.json["port"]?.objectValue?.keys.sorted() == ["name", "status"])
            let ghost = "00000000-0000-0000-0000-000000000000"
            Self.expectError(try await h.get(h.network + "/ports/" + ghost, token: e.token), 404, "PortNotFound",
                             "Port \(ghost) could not be found.")
        }
    }

    @Test("delete: 204 with an empty body, then 404; the address is free again")
    func delete() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let d = try await h.request("DELETE", h.network + "/ports/" + p.id, token: e.token)
            #expect(d.status == 204)
            #expect(d.body.isEmpty)
            Self.expectError(try await h.get(h.network + "/ports/" + p.id, token: e.token), 404, "PortNotFound",
                             "Port \(p.id) could not be found.")
            Self.expectError(try await h.request("DELETE", h.network + "/ports/" + p.id, token: e.token), 404, "PortNotFound")
            #expect(try await h.allPorts(token: e.token, query: "id=" + p.id).isEmpty)
            let again = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "fixed_ips": [["ip_address": .string(p.firstIP)]]])
            #expect(again.status == 201, "\(again.text)")
        }
    }

    // MARK: allowed_address_pairs validation

    struct PairFault: Sendable, CustomTestStringConvertible {
        let label: String
        let pairs: JSON
        let type: String?
        let message: String?
        var testDescription: String { label }
    }

    static let faults: [PairFault] = [
        PairFault(label: "a string, not a list", pairs: "10.0.0.1", type: "HTTPBadRequest", message: "Allowed address pairs must be a list."),
        PairFault(label: "a dict, not a list", pairs: ["ip_address": "10.0.0.1"], type: "HTTPBadRequest",
                  message: "Allowed address pairs must be a list."),
        PairFault(label: "11 pairs", pairs: .array((1...11).map { pair("10.0.0.\($0)") }), type: "AllowedAddressPairExhausted",
                  message: "The number of allowed address pair exceeds the maximum 10."),
        PairFault(label: "an entry that is not a dict", pairs: ["10.0.0.1"], type: "HTTPBadRequest",
                  message: "Invalid input for allowed_address_pairs. Reason: '10.0.0.1' is not a dictionary."),
        PairFault(label: "a bad MAC", pairs: [pair("10.0.0.1", mac: "zz:16:3e:00:00:01")], type: "HTTPBadRequest",
                  message: "'zz:16:3e:00:00:01' is not a valid MAC address"),
        PairFault(label: "a null MAC", pairs: [["ip_address": "10.0.0.1", "mac_address": nil]], type: "HTTPBadRequest",
                  message: "'None' is not a valid MAC address"),
        PairFault(label: "the all-zero MAC", pairs: [pair("10.0.0.1", mac: "00:00:00:00:00:00")], type: "HTTPBadRequest",
                  message: "'00:00:00:00:00:00' is not a valid MAC address"),
        PairFault(label: "the broadcast MAC", pairs: [pair("10.0.0.1", mac: "FF:FF:FF:FF:FF:FF")], type: "HTTPBadRequest",
                  message: "'FF:FF:FF:FF:FF:FF' is not a valid MAC address"),
        PairFault(label: "no ip_address", pairs: [["mac_address": "fa:16:3e:00:00:01"]], type: "AllowedAddressPairsMissingIP",
                  message: "AllowedAddressPair must contain ip_address"),
        PairFault(label: "a duplicate", pairs: [pair("10.0.0.7"), pair("10.0.0.7")], type: "DuplicateAddressPairInRequest",
                  message: "Request contains duplicate address pair: mac_address None ip_address 10.0.0.7."),
        PairFault(label: "a duplicate with a MAC", pairs: [pair("10.0.0.7", mac: "fa:16:3e:00:00:01"), pair("10.0.0.7", mac: "fa:16:3e:00:00:01")],
                  type: "DuplicateAddressPairInRequest",
                  message: "Request contains duplicate address pair: mac_address fa:16:3e:00:00:01 ip_address 10.0.0.7."),
        PairFault(label: "an unknown key", pairs: [["ip_address": "10.0.0.1", "foo": "bar"]], type: "HTTPBadRequest",
                  message: "Unrecognized attribute(s) 'foo'"),
        PairFault(label: "a bad IP", pairs: [pair("300.1.1.1")], type: "HTTPBadRequest", message: "'300.1.1.1' is not a valid IP address"),
        PairFault(label: "a CIDR with prefix 33", pairs: [pair("10.1.1.1/33")], type: "HTTPBadRequest",
                  message: "'10.1.1.1/33' is not a valid IP subnet"),
        PairFault(label: "a CIDR with a leading zero", pairs: [pair("01.1.1.1/8")], type: "HTTPBadRequest",
                  message: "'01.1.1.1/8' is not a valid IP subnet"),
        PairFault(label: "an IPv4 multicast address", pairs: [pair("224.0.0.5")], type: nil, message: nil),
        PairFault(label: "an IPv4 multicast CIDR", pairs: [pair("239.1.0.0/16")], type: nil, message: nil),
        PairFault(label: "an IPv6 multicast address", pairs: [pair("ff02::1")], type: nil, message: nil),
    ]

    @Test("allowed_address_pairs faults are 400 and leave nothing behind", arguments: NeutronPortTests.faults, ["POST", "PUT"])
    func pairFault(_ c: PairFault, _ method: String) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            if method == "POST" {
                let before = try await h.allPorts(token: e.token).count
                let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "allowed_address_pairs": c.pairs])
                Self.expectError(r, 400, c.type, c.message)
                #expect(try await h.allPorts(token: e.token).count == before)
            } else {
                let p = try await h.makePort(token: e.token, network: e.prodNet, extra: [("allowed_address_pairs", [Self.pair("10.9.0.1")])])
                let r = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": c.pairs, "name": "changed"])
                Self.expectError(r, 400, c.type, c.message)
                let after = try await Self.show(h, e.token, p.id)
                #expect(after.pairIPs == ["10.9.0.1"])
                #expect(after["name"]?.stringValue == "")
                #expect(after["revision_number"] == p["revision_number"])
            }
        }
    }

    /// One request with two faults: the first in neutron-lib's order wins (list, count, then
    /// per entry: dict, MAC, ip_address present, duplicate, unknown keys, IP/CIDR syntax).
    static let orderCases: [PairFault] = [
        PairFault(label: "11 pairs including a duplicate", pairs: .array((1...10).map { pair("10.0.0.\($0)") } + [pair("10.0.0.1")]),
                  type: "AllowedAddressPairExhausted", message: "The number of allowed address pair exceeds the maximum 10."),
        PairFault(label: "11 entries that are not dicts", pairs: .array(Array(repeating: "x", count: 11)),
                  type: "AllowedAddressPairExhausted", message: "The number of allowed address pair exceeds the maximum 10."),
        PairFault(label: "a non-dict entry before an entry without ip_address", pairs: ["x", ["mac_address": "fa:16:3e:00:00:01"]],
                  type: "HTTPBadRequest", message: "Invalid input for allowed_address_pairs. Reason: 'x' is not a dictionary."),
        PairFault(label: "a bad MAC and no ip_address in one entry", pairs: [["mac_address": "nope"]],
                  type: "HTTPBadRequest", message: "'nope' is not a valid MAC address"),
        PairFault(label: "no ip_address and an unknown key", pairs: [["mac_address": "fa:16:3e:00:00:01", "foo": "1"]],
                  type: "AllowedAddressPairsMissingIP", message: "AllowedAddressPair must contain ip_address"),
        PairFault(label: "a duplicate whose second copy has an unknown key",
                  pairs: [pair("10.0.0.1"), ["ip_address": "10.0.0.1", "foo": "1"]],
                  type: "DuplicateAddressPairInRequest", message: "Request contains duplicate address pair: mac_address None ip_address 10.0.0.1."),
        PairFault(label: "an unknown key and a bad IP in one entry", pairs: [["ip_address": "300.1.1.1", "foo": "1"]],
                  type: "HTTPBadRequest", message: "Unrecognized attribute(s) 'foo'"),
        PairFault(label: "a bad IP in the first entry, a duplicate later", pairs: [pair("300.1.1.1"), pair("300.1.1.1")],
                  type: "HTTPBadRequest", message: "'300.1.1.1' is not a valid IP address"),
        PairFault(label: "a good entry, then a bad MAC, then a missing ip_address",
                  pairs: [pair("10.0.0.1"), pair("10.0.0.2", mac: "01:02"), ["mac_address": "fa:16:3e:00:00:01"]],
                  type: "HTTPBadRequest", message: "'01:02' is not a valid MAC address"),
    ]

    @Test("validation order: with two faults the first in neutron's order wins", arguments: NeutronPortTests.orderCases)
    func pairFaultOrder(_ c: PairFault) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            Self.expectError(try await Self.put(h, e.token, p.id, ["allowed_address_pairs": c.pairs]), 400, c.type, c.message)
        }
    }

    @Test("pair validation (400) comes before the port-security check (409)")
    func validationBeforePortSecurity() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "port_security_enabled": false,
                                                     "allowed_address_pairs": .array((1...11).map { Self.pair("10.0.0.\($0)") })])
            Self.expectError(r, 400, "AllowedAddressPairExhausted")
        }
    }

    // MARK: allowed_address_pairs storage

    @Test("the port's MAC is filled in; an explicit MAC is kept")
    func macFillIn() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let mac = try #require(p["mac_address"]?.stringValue)
            let r = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": [Self.pair("192.168.10.201"),
                                                                                    Self.pair("192.168.10.202", mac: "fa:16:3e:ff:ff:fe")]])
            #expect(r.status == 200)
            let want = ["\(mac) 192.168.10.201", "fa:16:3e:ff:ff:fe 192.168.10.202"]
            #expect(Self.pairs(r.json["port"]) == want)
            #expect(Self.pairs(try await Self.show(h, e.token, p.id)) == want)
            // Also on create.
            let c = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "allowed_address_pairs": [Self.pair("192.168.10.203")]])
            let cmac = try #require(c.json["port"]?["mac_address"]?.stringValue)
            #expect(Self.pairs(c.json["port"]) == ["\(cmac) 192.168.10.203"])
            #expect(c.json["port"]?["revision_number"]?.intValue == 1)
        }
    }

    @Test("CIDRs are stored verbatim: 1.1.1.1/0, 0.0.0.0/0, host bits", arguments: ["1.1.1.1/0", "0.0.0.0/0", "192.168.22.5/24", "10.0.0.0/8"])
    func cidrVerbatim(_ cidr: String) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let r = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": [Self.pair(cidr)]])
            #expect(r.status == 200, "\(r.text)")
            #expect(r.json["port"]?.pairIPs == [cidr])
            #expect(try await Self.show(h, e.token, p.id).pairIPs == [cidr])
        }
    }

    @Test("PUT replaces the whole list; absent key leaves it; null and [] clear it")
    func replaceSemantics() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let first = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": [Self.pair("192.168.10.201"), Self.pair("192.168.10.202")]])
            #expect(first.json["port"]?.pairIPs == ["192.168.10.201", "192.168.10.202"])
            let second = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": [Self.pair("192.168.10.203")]])
            #expect(second.json["port"]?.pairIPs == ["192.168.10.203"])
            #expect(try await Self.show(h, e.token, p.id).pairIPs == ["192.168.10.203"])
            // A PUT without the key does not touch the pairs.
            let renamed = try await Self.put(h, e.token, p.id, ["name": "renamed"])
            #expect(renamed.json["port"]?.pairIPs == ["192.168.10.203"])
            let cleared = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": nil])
            #expect(cleared.status == 200)
            #expect(cleared.json["port"]?["allowed_address_pairs"] == .array([]))
            #expect(try await Self.show(h, e.token, p.id)["allowed_address_pairs"] == .array([]))
            _ = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": [Self.pair("192.168.10.204")]])
            let empty = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": []])
            #expect(empty.json["port"]?["allowed_address_pairs"] == .array([]))
        }
    }

    @Test("IPv6 pairs (address and CIDR) are accepted")
    func ipv6Pairs() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.mgmtNet)
            let r = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": [Self.pair("fd00:10::50"), Self.pair("fd00:10::/64")]])
            #expect(r.status == 200, "\(r.text)")
            #expect(Set(r.json["port"]?.pairIPs ?? []) == ["fd00:10::50", "fd00:10::/64"])
        }
    }

    @Test("pairs come back sorted by (mac_address, ip_address) as strings, not in request order")
    func pairOrder() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let mac = try #require(p["mac_address"]?.stringValue)
            try #require(mac > "fa:16:3e:00:00:01" && mac < "fa:16:3e:ff:ff:ff")
            let request: [JSON] = [
                Self.pair("192.168.22.221"), Self.pair("192.168.22.203"), Self.pair("10.0.0.9"), Self.pair("10.0.0.10"),
                Self.pair("10.0.0.1", mac: "fa:16:3e:ff:ff:ff"), Self.pair("10.0.0.2", mac: "fa:16:3e:00:00:01"),
            ]
            let want = ["fa:16:3e:00:00:01 10.0.0.2", "\(mac) 10.0.0.10", "\(mac) 10.0.0.9", "\(mac) 192.168.22.203",
                        "\(mac) 192.168.22.221", "fa:16:3e:ff:ff:ff 10.0.0.1"]
            let r = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": .array(request)])
            #expect(Self.pairs(r.json["port"]) == want)
            #expect(Self.pairs(try await Self.show(h, e.token, p.id)) == want)
        }
    }

    @Test("a pair without MAC and the same IP with the port's own MAC collide after fill-in")
    func duplicateAfterFillIn() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let mac = try #require(p["mac_address"]?.stringValue)
            let r = try await Self.put(h, e.token, p.id, ["allowed_address_pairs": [Self.pair("10.0.0.5"), Self.pair("10.0.0.5", mac: mac)]])
            Self.expectError(r, 400, "DuplicateAddressPairInRequest",
                             "Request contains duplicate address pair: mac_address \(mac) ip_address 10.0.0.5.")
            #expect(try await Self.show(h, e.token, p.id)["allowed_address_pairs"] == .array([]))
        }
    }

    // MARK: port security

    @Test("pairs with port_security_enabled=false: 409 AddressPairAndPortSecurityRequired, on create and on update")
    func pairsNeedPortSecurity() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let msg = "Port Security must be enabled in order to have allowed address pairs on a port."
            let before = try await h.allPorts(token: e.token).count
            Self.expectError(try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "port_security_enabled": false,
                                                              "allowed_address_pairs": [Self.pair("10.0.0.5")]]),
                             409, "AddressPairAndPortSecurityRequired", msg)
            #expect(try await h.allPorts(token: e.token).count == before)

            // A port without port security gets no security group, and cannot take pairs.
            let off = try await h.makePort(token: e.token, network: e.prodNet, extra: [("port_security_enabled", false)])
            #expect(off["port_security_enabled"]?.boolValue == false)
            #expect(off["security_groups"] == .array([]))
            Self.expectError(try await Self.put(h, e.token, off.id, ["allowed_address_pairs": [Self.pair("10.0.0.5")]]),
                             409, "AddressPairAndPortSecurityRequired", msg)
            // Clearing pairs on it is fine.
            #expect(try await Self.put(h, e.token, off.id, ["allowed_address_pairs": []]).status == 200)

            // Disabling port security on a port that still has pairs (groups cleared in the same PUT).
            let on = try await h.makePort(token: e.token, network: e.prodNet, extra: [("allowed_address_pairs", [Self.pair("10.0.0.6")])])
            Self.expectError(try await Self.put(h, e.token, on.id, ["port_security_enabled": false, "security_groups": []]),
                             409, "AddressPairAndPortSecurityRequired", msg)
            let still = try await Self.show(h, e.token, on.id)
            #expect(still["port_security_enabled"]?.boolValue == true)
            #expect(still["security_groups"] == .array([.string(e.defaultSG)]))
            // Clearing everything at once works.
            let r = try await Self.put(h, e.token, on.id, ["port_security_enabled": false, "security_groups": [], "allowed_address_pairs": []])
            #expect(r.status == 200, "\(r.text)")
            #expect(r.json["port"]?["port_security_enabled"]?.boolValue == false)
        }
    }

    @Test("disabling port security with a group attached: 409 PortSecurityPortHasSecurityGroup; clearing groups in the same PUT works")
    func portSecurityAndGroups() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            Self.expectError(try await Self.put(h, e.token, p.id, ["port_security_enabled": false]), 409, "PortSecurityPortHasSecurityGroup",
                             "Port has security group associated. Cannot disable port security or IP address until security group is removed.")
            #expect(try await Self.show(h, e.token, p.id)["port_security_enabled"]?.boolValue == true)
            let r = try await Self.put(h, e.token, p.id, ["port_security_enabled": false, "security_groups": []])
            #expect(r.status == 200, "\(r.text)")
            #expect(r.json["port"]?["port_security_enabled"]?.boolValue == false)
            #expect(r.json["port"]?["security_groups"] == .array([]))
            #expect(r.json["port"]?["revision_number"]?.intValue == 2)
            // Adding a group back while port security is off: 400.
            Self.expectError(try await Self.put(h, e.token, p.id, ["security_groups": [.string(e.defaultSG)]]),
                             400, "PortSecurityAndIPRequiredForSecurityGroups",
                             "Port security must be enabled and port must have an IP address in order to use security groups.")
            // On create as well.
            Self.expectError(try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "port_security_enabled": false,
                                                              "security_groups": [.string(e.defaultSG)]]),
                             400, "PortSecurityAndIPRequiredForSecurityGroups")
        }
    }

    // MARK: revision_number and If-Match

    @Test("revision_number: +1 per change, none for a no-op PUT; re-sending pairs without MACs re-creates them (+1)")
    func revisions() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            #expect(p["revision_number"]?.intValue == 1)
            func rev(_ body: JSONObject) async throws -> Int? {
                let r = try await Self.put(h, e.token, p.id, body)
                #expect(r.status == 200, "\(r.text)")
                return r.json["port"]?["revision_number"]?.intValue
            }
            #expect(try await rev(["name": "a"]) == 2)
            #expect(try await rev(["name": "a"]) == 2)  // no-op
            #expect(try await rev([:]) == 2)
            #expect(try await rev(["description": "d", "admin_state_up": false]) == 3)  // one PUT, one bump
            #expect(try await rev(["allowed_address_pairs": [Self.pair("10.0.0.5")]]) == 4)
            // The list exactly as stored (explicit MAC, same order) is not an update...
            let stored = try #require(try await Self.show(h, e.token, p.id)["allowed_address_pairs"])
            #expect(try await rev(["allowed_address_pairs": stored]) == 4)
            // ...but the same pairs sent without MACs differ from the stored list, so neutron
            // deletes and re-creates them.
            #expect(try await rev(["allowed_address_pairs": [Self.pair("10.0.0.5")]]) == 5)
            #expect(try await rev(["allowed_address_pairs": nil]) == 6)
            #expect(try await rev(["allowed_address_pairs": []]) == 6)
            #expect(try await Self.show(h, e.token, p.id)["revision_number"]?.intValue == 6)
        }
    }

    @Test("If-Match: current revision 200, stale 412 with neutron's message, '*' and foreign etags ignored")
    func ifMatch() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let ok = try await Self.put(h, e.token, p.id, ["name": "a"], headers: [("If-Match", "revision_number=1")])
            #expect(ok.status == 200)
            #expect(ok.json["port"]?["revision_number"]?.intValue == 2)
            let stale = try await Self.put(h, e.token, p.id, ["name": "b"], headers: [("If-Match", "revision_number=1")])
            Self.expectError(stale, 412, "RevisionNumberConstraintFailed", "Constrained to 1, but current revision is 2")
            #expect(try await Self.show(h, e.token, p.id)["name"]?.stringValue == "a")
            let ahead = try await Self.put(h, e.token, p.id, ["name": "b"], headers: [("If-Match", "revision_number=102")])
            Self.expectError(ahead, 412, "RevisionNumberConstraintFailed", "Constrained to 102, but current revision is 2")
            let star = try await Self.put(h, e.token, p.id, ["name": "c"], headers: [("If-Match", "*")])
            #expect(star.status == 200)
            #expect(star.json["port"]?["revision_number"]?.intValue == 3)
            let foreign = try await Self.put(h, e.token, p.id, ["name": "d"], headers: [("If-Match", "\"abc\"")])
            #expect(foreign.status == 200)
            // webob reads quoted etags too.
            let quoted = try await Self.put(h, e.token, p.id, ["name": "e"], headers: [("If-Match", "\"revision_number=4\"")])
            #expect(quoted.status == 200, "\(quoted.text)")
            Self.expectError(try await Self.put(h, e.token, p.id, ["name": "f"], headers: [("If-Match", "\"revision_number=4\"")]),
                             412, "RevisionNumberConstraintFailed", "Constrained to 4, but current revision is 5")
            // No ETag header is ever sent back.
            #expect(ok.header("ETag") == nil)
        }
    }

    @Test("malformed If-Match: 400 BadRequest, nothing changes",
          arguments: [("revision_number=abc", "Revision number etag must be in the format of revision_number=<int>."),
                      ("revision_number=", "Revision number etag must be in the format of revision_number=<int>."),
                      // Unquoted, webob sees one etag: the whole value.
                      ("revision_number=1, revision_number=2", "Revision number etag must be in the format of revision_number=<int>."),
                      ("\"revision_number=1\", \"revision_number=1\"", "Multiple revision_number etags are not supported..")])
    func ifMatchMalformed(_ header: String, _ message: String) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let r = try await Self.put(h, e.token, p.id, ["name": "x"], headers: [("If-Match", header)])
            Self.expectError(r, 400, "BadRequest", "Bad if-match request: " + message)
            let after = try await Self.show(h, e.token, p.id)
            #expect(after["name"]?.stringValue == "" && after["revision_number"]?.intValue == 1)
            let d = try await h.request("DELETE", h.network + "/ports/" + p.id, token: e.token, headers: [("If-Match", header)])
            Self.expectError(d, 400, "BadRequest", "Bad if-match request: " + message)
        }
    }

    @Test("DELETE with a stale If-Match: 412 and the port stays; with the current one: 204")
    func deleteIfMatch() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let url = h.network + "/ports/" + p.id
            Self.expectError(try await h.request("DELETE", url, token: e.token, headers: [("If-Match", "revision_number=7")]),
                             412, "RevisionNumberConstraintFailed", "Constrained to 7, but current revision is 1")
            #expect(try await h.get(url, token: e.token).status == 200)
            #expect(try await h.request("DELETE", url, token: e.token, headers: [("If-Match", "revision_number=1")]).status == 204)
            #expect(try await h.get(url, token: e.token).status == 404)
        }
    }

    // MARK: request bodies

    @Test("read-only attributes on PUT: 400 \"Cannot update read-only attribute X\"",
          arguments: ["id", "network_id", "project_id", "tenant_id", "status", "revision_number"])
    func readOnly(_ attribute: String) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let value: JSON = attribute == "revision_number" ? 9 : attribute == "network_id" ? .string(e.dbNet) : "4f0c3a57-2d0e-4c1b-9a55-000000000003"
            let r = try await Self.put(h, e.token, p.id, [attribute: value, "name": "x"])
            Self.expectError(r, 400, "HTTPBadRequest", "Cannot update read-only attribute \(attribute)")
            #expect(try await Self.show(h, e.token, p.id) == p)
        }
    }

    @Test("known attributes that cannot be set on POST: 400 \"Attribute 'X' not allowed in POST\"",
          arguments: ["id", "status", "revision_number", "created_at"])
    func notAllowedInPost(_ attribute: String) async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let value: JSON = attribute == "revision_number" ? 5 : attribute == "status" ? "ACTIVE" : "4f0c3a57-2d0e-4c1b-9a55-000000000004"
            let before = try await h.allPorts(token: e.token).count
            let r = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), attribute: value])
            Self.expectError(r, 400, "HTTPBadRequest", "Attribute '\(attribute)' not allowed in POST")
            #expect(try await h.allPorts(token: e.token).count == before)
        }
    }

    @Test("bodies: not JSON, no 'port', 'port' not an object, unknown attribute: 400")
    func badBodies() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let p = try await h.makePort(token: e.token, network: e.prodNet)
            let before = try await h.allPorts(token: e.token).count
            for (method, url) in [("POST", h.network + "/ports"), ("PUT", h.network + "/ports/" + p.id)] {
                Self.expectError(try await h.request(method, url, body: Array("{not json".utf8), token: e.token), 400, "HTTPBadRequest",
                                 "Body contains invalid data")
                Self.expectError(try await h.request(method, url, json: ["prot": ["name": "x"]], token: e.token), 400, "HTTPBadRequest",
                                 "Unable to find 'port' in request body")
                Self.expectError(try await h.request(method, url, json: ["port": "x"], token: e.token), 400, "HTTPBadRequest",
                                 "Object 'port' contains invalid data")
                // Unknown attributes are reported before read-only ones (network_id on PUT).
                Self.expectError(try await h.request(method, url, json: ["port": ["network_id": .string(e.prodNet), "foo": 1]], token: e.token),
                                 400, "HTTPBadRequest", "Unrecognized attribute(s) 'foo'")
            }
            #expect(try await h.allPorts(token: e.token).count == before)
            #expect(try await Self.show(h, e.token, p.id) == p)
        }
    }

    // MARK: isolation, bulk

    @Test("project isolation: alt gets 404 for demo's port and never lists it")
    func isolation() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let vip = try #require(try await h.allPorts(token: e.token, query: "name=vip-web").first)
            let alt = try await h.token(user: "alt", password: "alt-secret", project: "alt")
            let url = h.network + "/ports/" + vip.id
            Self.expectError(try await h.get(url, token: alt), 404, "PortNotFound", "Port \(vip.id) could not be found.")
            Self.expectError(try await h.request("PUT", url, json: ["port": ["name": "mine"]], token: alt), 404, "PortNotFound")
            Self.expectError(try await h.request("DELETE", url, token: alt), 404, "PortNotFound")
            let altPorts = try await h.allPorts(token: alt)
            #expect(altPorts.count == 1)
            #expect(!altPorts.contains { $0.id == vip.id })
            #expect(try await h.allPorts(token: alt, query: "id=" + vip.id).isEmpty)
            #expect(try await h.allPorts(token: alt, query: "device_owner=neutron:VIP_PORT").isEmpty)
            // demo's port is untouched, and demo does not see alt's port either.
            #expect(try await Self.show(h, e.token, vip.id) == vip)
            let altPort = try #require(altPorts.first)
            Self.expectError(try await h.get(h.network + "/ports/" + altPort.id, token: e.token), 404, "PortNotFound")
            // alt cannot create a port on demo's network.
            Self.expectError(try await Self.post(h, alt, ["network_id": .string(e.prodNet)]), 404, "NetworkNotFound")
        }
    }

    @Test("bulk create: 201 with every port; one bad entry and nothing is created")
    func bulk() async throws {
        try await SimHarness.with { h in
            let e = try await Self.env(h)
            let ok = try await h.request("POST", h.network + "/ports", json: ["ports": [
                ["network_id": .string(e.prodNet), "name": "bulk-a"],
                ["network_id": .string(e.dbNet), "name": "bulk-b", "fixed_ips": [["ip_address": "192.168.20.150"]]],
            ]], token: e.token)
            #expect(ok.status == 201, "\(ok.text)")
            #expect(ok.json["ports"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["bulk-a", "bulk-b"])
            #expect(try await h.allPorts(token: e.token, query: "name=bulk-a&name=bulk-b").count == 2)

            let before = try await h.allPorts(token: e.token)
            let bad = try await h.request("POST", h.network + "/ports", json: ["ports": [
                ["network_id": .string(e.prodNet), "name": "bulk-c", "fixed_ips": [["ip_address": "192.168.10.160"]]],
                ["network_id": .string(e.prodNet), "name": "bulk-d", "fixed_ips": [["ip_address": "192.168.10.100"]]],  // in use
            ]], token: e.token)
            Self.expectError(bad, 409, "IpAddressAlreadyAllocated")
            #expect(try await h.allPorts(token: e.token).map(\.id) == before.map(\.id))
            // The address the first entry would have used is still free.
            let c = try await Self.post(h, e.token, ["network_id": .string(e.prodNet), "fixed_ips": [["ip_address": "192.168.10.160"]]])
            #expect(c.status == 201, "\(c.text)")

            let invalid = try await h.request("POST", h.network + "/ports", json: ["ports": [
                ["network_id": .string(e.prodNet), "name": "bulk-e"],
                ["network_id": .string(e.prodNet), "allowed_address_pairs": "nope"],
            ]], token: e.token)
            Self.expectError(invalid, 400, "HTTPBadRequest", "Allowed address pairs must be a list.")
            #expect(try await h.allPorts(token: e.token, query: "name=bulk-e").isEmpty)

            // neutron also accepts entries wrapped as {"port": {...}}, and refuses an empty list.
            let wrapped = try await h.request("POST", h.network + "/ports", json: ["ports": [
                ["port": ["network_id": .string(e.prodNet), "name": "bulk-f"]],
            ]], token: e.token)
            #expect(wrapped.status == 201, "\(wrapped.text)")
            #expect(wrapped.json["ports"]?.arrayValue?.first?["name"]?.stringValue == "bulk-f")
            Self.expectError(try await h.request("POST", h.network + "/ports", json: ["ports": []], token: e.token),
                             400, "HTTPBadRequest", "Resources required")
        }
    }
}
