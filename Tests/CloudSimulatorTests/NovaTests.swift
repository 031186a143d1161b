import CloudSimulator
import Foundation
import Testing
import TestSupport

@Suite("Nova v2.1")
struct NovaTests {
    /// A token for demo and its project id.
    static func session(_ h: SimHarness) async throws -> (token: String, project: String) {
        let r = try await h.request("POST", h.identity + "/auth/tokens", json: SimHarness.passwordAuth())
        let token = try #require(r.header("X-Subject-Token"))
        let project = try #require(r.json["token"]?["project"]?["id"]?.stringValue)
        return (token, project)
    }

    /// The id of the demo server called `name` (exact match).
    static func serverID(_ h: SimHarness, _ name: String, token: String) async throws -> String {
        let r = try await h.get(h.compute + "/servers", token: token)
        let match = r.json["servers"]?.arrayValue?.first { $0["name"]?.stringValue == name }
        return try #require(match?["id"]?.stringValue, "no server \(name) in \(r.text)")
    }

    @Test("GET /compute lists v2.0 and v2.1 (CURRENT, min 2.1, max 2.104); GET /compute/v2.1 is the version document")
    func versions() async throws {
        try await SimHarness.with { h in
            let root = try await h.get(h.baseURL + "/compute", token: nil)
            #expect(root.status == 200)
            let versions = root.json["versions"]?.arrayValue ?? []
            let v21 = try #require(versions.first { $0["id"]?.stringValue == "v2.1" })
            #expect(v21["status"]?.stringValue == "CURRENT")
            #expect(v21["min_version"]?.stringValue == "2.1")
            #expect(v21["version"]?.stringValue == "2.104")
            #expect(v21["links"]?.arrayValue?.first?["href"]?.stringValue == h.compute + "/")
            #expect(versions.first { $0["id"]?.stringValue == "v2.0" }?["status"]?.stringValue == "SUPPORTED")

            let doc = try await h.get(h.compute, token: nil)
            #expect(doc.status == 200)
            #expect(doc.json["version"]?["id"]?.stringValue == "v2.1")
            #expect(doc.json["version"]?["status"]?.stringValue == "CURRENT")
            #expect(doc.json["version"]?["version"]?.stringValue == "2.104")
            #expect(doc.json["version"]?["min_version"]?.stringValue == "2.1")
            #expect(doc.json["version"]?["media-types"]?.arrayValue?.first?["type"]?.stringValue
                == "application/vnd.openstack.compute+json;version=2.1")
        }
    }

    @Test("server list: id, name and links only; a token is required")
    func listServers() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let r = try await h.get(h.compute + "/servers", token: t)
            #expect(r.status == 200)
            let servers = r.json["servers"]?.arrayValue ?? []
            #expect(servers.count == 12)
            for s in servers {
                #expect(s.objectValue?.keys.sorted() == ["id", "links", "name"])
                let links = s["links"]?.arrayValue ?? []
                #expect(links.first { $0["rel"]?.stringValue == "self" }?["href"]?.stringValue == h.compute + "/servers/" + s.id)
                #expect(links.contains { $0["rel"]?.stringValue == "bookmark" })
            }
            let names = Set(servers.compactMap { $0["name"]?.stringValue })
            #expect(names.isSuperset(of: ["lb-01", "web-01", "数据库主节点"]))
            // The other tenant's server is never listed.
            #expect(!servers.contains { $0["name"]?.stringValue == "alt-vm" })
            // No servers_links when everything fits and no limit was asked for.
            #expect(r.json["servers_links"] == nil)
            #expect(try await h.get(h.compute + "/servers", token: nil).status == 401)
            #expect(try await h.get(h.compute + "/servers", token: "bogus").status == 401)
        }
    }

    @Test("server detail: addresses come from the Neutron ports whose device_id is the server")
    func detailAddresses() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let r = try await h.get(h.compute + "/servers/detail", token: t)
            #expect(r.status == 200)
            let servers = r.json["servers"]?.arrayValue ?? []
            #expect(servers.count == 12)
            let lb = try #require(servers.first { $0["name"]?.stringValue == "lb-01" })
            #expect(lb["status"]?.stringValue == "ACTIVE")
            let prod = try #require(lb["addresses"]?["prod-net"]?.arrayValue)
            #expect(prod.count == 1)
            #expect(prod.first?["addr"]?.stringValue == "192.168.10.21")
            #expect(prod.first?["version"]?.intValue == 4)
            #expect(prod.first?["OS-EXT-IPS:type"]?.stringValue == "fixed")
            // Vanilla nova does not add the port id.
            #expect(prod.first?["OS-EXT-IPS:port_id"] == nil)
            #expect(lb["addresses"]?.objectValue?.keys == ["prod-net"])
            // The MAC is the NIC port's MAC.
            let nic = try #require(try await h.allPorts(token: t, query: "device_id=" + lb.id).first)
            #expect(prod.first?["OS-EXT-IPS-MAC:mac_addr"]?.stringValue == nic["mac_address"]?.stringValue)
            // Every server in the demo tenant has exactly one fixed address, from its NIC.
            for s in servers {
                let all = (s["addresses"]?.objectValue?.entries ?? []).flatMap { $0.value.arrayValue ?? [] }
                #expect(all.count == 1, "server \(s["name"]?.stringValue ?? "")")
                #expect(s["tenant_id"]?.stringValue != nil)
            }
        }
    }

    @Test("name is a regular expression search; status filters exactly")
    func filters() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let web = try await h.get(h.compute + "/servers?name=web", token: t)
            #expect(web.status == 200)
            #expect(Set(web.json["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["web-01", "web-02"])
            let anchored = try await h.get(h.compute + "/servers?name=%5Elb-0%5B12%5D%24", token: t)  // ^lb-0[12]$
            #expect(Set(anchored.json["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["lb-01", "lb-02"])
            let shutoff = try await h.get(h.compute + "/servers/detail?status=SHUTOFF", token: t)
            let names = shutoff.json["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names == ["app-02"])
            #expect(shutoff.json["servers"]?.arrayValue?.first?["status"]?.stringValue == "SHUTOFF")
            // An unknown status: nothing up to 2.37, 400 from 2.38; lower case is accepted.
            let bogus = try await h.get(h.compute + "/servers?status=BOGUS", token: t)
            #expect(bogus.status == 200)
            #expect(bogus.json["servers"]?.arrayValue?.isEmpty == true)
            let bogus238 = try await h.get(h.compute + "/servers?status=BOGUS", token: t, headers: [("OpenStack-API-Version", "compute 2.38")])
            #expect(bogus238.status == 400)
            #expect(bogus238.json["badRequest"]?["message"]?.stringValue == "Invalid status value")
            let lower = try await h.get(h.compute + "/servers?status=shutoff", token: t, headers: [("OpenStack-API-Version", "compute 2.38")])
            #expect(lower.json["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["app-02"])
            let none = try await h.get(h.compute + "/servers?name=no-such-server", token: t)
            #expect(none.status == 200)
            #expect(none.json["servers"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("limit and marker: servers_links next until exhausted, every server exactly once; bad marker 400")
    func paging() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            var url: String? = h.compute + "/servers?limit=5"
            var seen: [String] = []
            var pages = 0
            while let u = url, pages < 20 {
                let r = try await h.get(u, token: t)
                #expect(r.status == 200)
                let page = r.json["servers"]?.arrayValue ?? []
                #expect(page.count <= 5)
                seen += page.map(\.id)
                pages += 1
                let links = r.json["servers_links"]?.arrayValue ?? []
                #expect(links.allSatisfy { $0["rel"]?.stringValue == "next" })
                url = links.first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
                if let next = url {
                    #expect(next.hasPrefix(h.compute + "/servers?"))
                    #expect(next.contains("limit=5"))
                    #expect(next.contains("marker=" + (page.last?.id ?? "?")))
                }
            }
            let all = try await h.get(h.compute + "/servers", token: t).json["servers"]?.arrayValue?.map(\.id) ?? []
            #expect(seen.count == 12)
            #expect(Set(seen).count == 12)
            // Pages walk the default order (newest first) without gaps.
            #expect(seen == all)
            // 12 servers, 5 a page: 5, 5, 2 (a short page has no next link).
            #expect(pages == 3)

            let bad = try await h.get(h.compute + "/servers?marker=00000000-0000-0000-0000-000000000000", token: t)
            #expect(bad.status == 400)
            #expect(bad.json["badRequest"]?["code"]?.intValue == 400)
            #expect(bad.json["badRequest"]?["message"]?.stringValue?.contains("marker") == true)
            let negative = try await h.get(h.compute + "/servers?limit=-1", token: t)
            #expect(negative.status == 400)
        }
    }

    @Test("GET /servers/{id}; an unknown id is 404 itemNotFound")
    func showServer() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let id = try await NovaTests.serverID(h, "lb-01", token: t)
            let r = try await h.get(h.compute + "/servers/" + id, token: t)
            #expect(r.status == 200)
            #expect(r.json["server"]?["id"]?.stringValue == id)
            #expect(r.json["server"]?["name"]?.stringValue == "lb-01")
            #expect(r.json["server"]?["addresses"]?["prod-net"]?.arrayValue?.first?["addr"]?.stringValue == "192.168.10.21")
            let missing = "11111111-2222-3333-4444-555555555555"
            let nf = try await h.get(h.compute + "/servers/" + missing, token: t)
            #expect(nf.status == 404)
            #expect(nf.json["itemNotFound"]?["code"]?.intValue == 404)
            #expect(nf.json["itemNotFound"]?["message"]?.stringValue == "Instance \(missing) could not be found.")
            // Another tenant's server is not found either.
            let alt = try await h.token(user: "alt", password: "alt-secret", project: "alt")
            let altID = try await NovaTests.serverID(h, "alt-vm", token: alt)
            let hidden = try await h.get(h.compute + "/servers/" + altID, token: t)
            #expect(hidden.status == 404)
            #expect(hidden.json["itemNotFound"]?["message"]?.stringValue == "Instance \(altID) could not be found.")
        }
    }

    @Test("os-interface under /v2.1, /v2.1/{project_id} and /v2/{project_id}")
    func osInterface() async throws {
        try await SimHarness.with { h in
            let (t, project) = try await NovaTests.session(h)
            let id = try await NovaTests.serverID(h, "lb-01", token: t)
            let nic = try #require(try await h.allPorts(token: t, query: "device_id=" + id).first)
            let prodNet = try await h.firstNetwork(named: "prod-net", token: t)
            let urls = [
                h.compute + "/servers/\(id)/os-interface",
                h.compute + "/\(project)/servers/\(id)/os-interface",
                h.baseURL + "/compute/v2/\(project)/servers/\(id)/os-interface",
            ]
            var bodies: [JSON] = []
            for u in urls {
                let r = try await h.get(u, token: t)
                #expect(r.status == 200, "\(u): \(r.text)")
                let atts = r.json["interfaceAttachments"]?.arrayValue ?? []
                #expect(atts.count == 1)
                let a = try #require(atts.first)
                #expect(a["port_id"]?.stringValue == nic.id)
                #expect(a["net_id"]?.stringValue == prodNet.id)
                #expect(a["mac_addr"]?.stringValue == nic["mac_address"]?.stringValue)
                #expect(a["port_state"]?.stringValue == "ACTIVE")
                #expect(a["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue == "192.168.10.21")
                #expect(a["fixed_ips"]?.arrayValue?.first?["subnet_id"]?.stringValue
                    == nic["fixed_ips"]?.arrayValue?.first?["subnet_id"]?.stringValue)
                // `tag` only from 2.70.
                #expect(a["tag"] == nil)
                bodies.append(r.json)
            }
            #expect(bodies.allSatisfy { $0 == bodies[0] })
            // One attachment by port id; an unattached port id is 404.
            let one = try await h.get(h.compute + "/servers/\(id)/os-interface/\(nic.id)", token: t)
            #expect(one.status == 200)
            #expect(one.json["interfaceAttachment"]?["port_id"]?.stringValue == nic.id)
            let other = try await h.get(h.compute + "/servers/\(id)/os-interface/\(UUID().uuidString.lowercased())", token: t)
            #expect(other.status == 404)
            #expect(other.json["itemNotFound"] != nil)
            // At 2.70 the attachment carries `tag`.
            let v270 = try await h.get(urls[0], token: t, headers: [("OpenStack-API-Version", "compute 2.70")])
            #expect(v270.json["interfaceAttachments"]?.arrayValue?.first?["tag"] == .null)
            // Unknown server: 404 itemNotFound.
            let missing = try await h.get(h.compute + "/servers/\(UUID().uuidString.lowercased())/os-interface", token: t)
            #expect(missing.status == 404)
            #expect(missing.json["itemNotFound"]?["message"]?.stringValue?.hasPrefix("Instance ") == true)
            // The stats tell the URL forms apart.
            let stats = try await h.stats()["requests"]
            // urls[0], the 2.70 call and the unknown server.
            #expect(stats?["GET /compute/v2.1/servers/{id}/os-interface"]?.intValue == 3)
            #expect(stats?["GET /compute/v2.1/servers/{id}/os-interface/{id}"]?.intValue == 2)
            #expect(stats?["GET /compute/v2.1/{project_id}/servers/{id}/os-interface"]?.intValue == 1)
            #expect(stats?["GET /compute/v2/{project_id}/servers/{id}/os-interface"]?.intValue == 1)
        }
    }

    @Test("os-interface and server addresses follow Neutron: one source of truth")
    func followsNeutron() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let id = try await NovaTests.serverID(h, "bastion", token: t)
            let before = try await h.get(h.compute + "/servers/\(id)/os-interface", token: t)
            #expect(before.json["interfaceAttachments"]?.arrayValue?.count == 1)
            let prod = try await h.firstNetwork(named: "prod-net", token: t)
            let port = try await h.makePort(token: t, network: prod.id, extra: [("device_id", .string(id)), ("device_owner", "compute:nova")])
            let after = try await h.get(h.compute + "/servers/\(id)/os-interface", token: t)
            let atts = after.json["interfaceAttachments"]?.arrayValue ?? []
            #expect(atts.count == 2)
            let added = try #require(atts.first { $0["port_id"]?.stringValue == port.id })
            #expect(added["net_id"]?.stringValue == prod.id)
            #expect(added["mac_addr"]?.stringValue == port["mac_address"]?.stringValue)
            #expect(added["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue == port.firstIP)
            let detail = try await h.get(h.compute + "/servers/" + id, token: t)
            #expect(detail.json["server"]?["addresses"]?["prod-net"]?.arrayValue?.first?["addr"]?.stringValue == port.firstIP)
            #expect(detail.json["server"]?["addresses"]?["mgmt-net"] != nil)

            // Detaching in Neutron (device_id cleared) removes it from Nova's view.
            let upd = try await h.request("PUT", h.network + "/ports/" + port.id, json: ["port": ["device_id": ""]], token: t)
            #expect(upd.status == 200)
            let detached = try await h.get(h.compute + "/servers/\(id)/os-interface", token: t)
            let portIDs = { (r: HTTPResult) in r.json["interfaceAttachments"]?.arrayValue?.compactMap { $0["port_id"]?.stringValue } ?? [] }
            #expect(portIDs(detached) == portIDs(before))
            #expect(!portIDs(detached).contains(port.id))

            // Deleting the port in Neutron removes it as well.
            let port2 = try await h.makePort(token: t, network: prod.id, extra: [("device_id", .string(id))])
            #expect(try await h.get(h.compute + "/servers/\(id)/os-interface", token: t).json["interfaceAttachments"]?.arrayValue?.count == 2)
            #expect(try await h.request("DELETE", h.network + "/ports/" + port2.id, token: t).status == 204)
            #expect(try await h.get(h.compute + "/servers/\(id)/os-interface", token: t).json["interfaceAttachments"]?.arrayValue?.count == 1)
        }
    }

    @Test("a project id in the path that is not the token's is 400 badRequest")
    func projectMismatch() async throws {
        try await SimHarness.with { h in
            let (t, project) = try await NovaTests.session(h)
            let id = try await NovaTests.serverID(h, "lb-01", token: t)
            let altToken = try await h.request("POST", h.identity + "/auth/tokens",
                                               json: SimHarness.passwordAuth(user: "alt", password: "alt-secret", project: "alt"))
            let altProject = try #require(altToken.json["token"]?["project"]?["id"]?.stringValue)
            #expect(altProject != project)
            for u in [h.compute + "/\(altProject)/servers", h.compute + "/\(altProject)/servers/\(id)/os-interface",
                      h.baseURL + "/compute/v2/\(altProject)/servers/\(id)"]
            {
                let r = try await h.get(u, token: t)
                #expect(r.status == 400, "\(u)")
                #expect(r.json["badRequest"]?["code"]?.intValue == 400)
                #expect(r.json["badRequest"]?["message"]?.stringValue
                    == "Malformed request URL: URL's project_id '\(altProject)' doesn't match Context's project_id '\(project)'")
            }
            // The right project id works, and its links keep the project form.
            let ok = try await h.get(h.compute + "/\(project)/servers?limit=1", token: t)
            #expect(ok.status == 200)
            let selfLink = ok.json["servers"]?.arrayValue?.first?["links"]?.arrayValue?.first { $0["rel"]?.stringValue == "self" }
            #expect(selfLink?["href"]?.stringValue?.hasPrefix(h.compute + "/\(project)/servers/") == true)
            #expect(ok.json["servers_links"]?.arrayValue?.first?["href"]?.stringValue?.hasPrefix(h.compute + "/\(project)/servers?") == true)
        }
    }

    @Test("microversions: none is 2.1, latest is the maximum, out of range is 406, malformed is 400")
    func microversions() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let plain = try await h.get(h.compute + "/servers", token: t)
            #expect(plain.header("OpenStack-API-Version") == "compute 2.1")
            #expect(plain.header("X-OpenStack-Nova-API-Version") == "2.1")
            #expect(plain.header("Vary")?.contains("OpenStack-API-Version") == true)
            let latest = try await h.get(h.compute + "/servers", token: t, headers: [("OpenStack-API-Version", "compute latest")])
            #expect(latest.status == 200)
            #expect(latest.header("OpenStack-API-Version") == "compute 2.104")
            let legacy = try await h.get(h.compute + "/servers", token: t, headers: [("X-OpenStack-Nova-API-Version", "2.60")])
            #expect(legacy.header("OpenStack-API-Version") == "compute 2.60")
            // Both given: OpenStack-API-Version wins.
            let both = try await h.get(h.compute + "/servers", token: t,
                                       headers: [("X-OpenStack-Nova-API-Version", "2.60"), ("OpenStack-API-Version", "compute 2.70")])
            #expect(both.header("OpenStack-API-Version") == "compute 2.70")
            let tooNew = try await h.get(h.compute + "/servers", token: t, headers: [("OpenStack-API-Version", "compute 3.0")])
            #expect(tooNew.status == 406)
            #expect(tooNew.json["computeFault"]?["code"]?.intValue == 406)
            #expect(tooNew.json["computeFault"]?["message"]?.stringValue?.contains("3.0 is not supported") == true)
            let tooOld = try await h.get(h.compute + "/servers", token: t, headers: [("OpenStack-API-Version", "compute 2.0")])
            #expect(tooOld.status == 406)
            let garbage = try await h.get(h.compute + "/servers", token: t, headers: [("OpenStack-API-Version", "compute two")])
            #expect(garbage.status == 400)
        }
    }

    @Test("flavor: {id, links} below 2.47, embedded with original_name from 2.47")
    func flavorByMicroversion() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let id = try await NovaTests.serverID(h, "web-01", token: t)
            let old = try await h.get(h.compute + "/servers/" + id, token: t, headers: [("OpenStack-API-Version", "compute 2.46")])
            #expect(old.status == 200)
            let oldFlavor = try #require(old.json["server"]?["flavor"])
            #expect(oldFlavor["id"]?.stringValue != nil)
            #expect(oldFlavor["links"] != nil)
            #expect(oldFlavor["original_name"] == nil)
            let new = try await h.get(h.compute + "/servers/" + id, token: t, headers: [("OpenStack-API-Version", "compute 2.47")])
            #expect(new.header("OpenStack-API-Version") == "compute 2.47")
            let newFlavor = try #require(new.json["server"]?["flavor"])
            #expect(newFlavor["original_name"]?.stringValue == "m1.small")
            #expect(newFlavor["id"] == nil)
            #expect(newFlavor["vcpus"]?.intValue != nil)
            let detail = try await h.get(h.compute + "/servers/detail", token: t, headers: [("OpenStack-API-Version", "compute latest")])
            #expect(detail.json["servers"]?.arrayValue?.allSatisfy { $0["flavor"]?["original_name"] != nil } == true)
        }
    }
}
