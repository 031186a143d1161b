import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Neutron collection GETs over real HTTP: filters, fields, sorting and native pagination with
/// neutron 29's link quirks (NOTES.md "curl checks", reference 2.2), on the demo tenant
/// (3 DHCP ports, 12 server NICs, 2 VIPs) and on the scale scenario.
@Suite("Neutron listing")
struct NeutronListingTests {
    // MARK: helpers

    struct Page {
        let items: [JSON]
        /// rel -> href
        let links: [String: String]
        var ids: [String] { items.map(\.id) }
    }

    static func page(_ h: SimHarness, _ t: String, _ url: String, collection: String = "ports") async throws -> Page {
        let r = try await h.get(url, token: t)
        guard r.status == 200, let items = r.json[collection]?.arrayValue else {
            throw HarnessError("GET \(url): \(r.status) \(r.text)")
        }
        var links: [String: String] = [:]
        for l in r.json[collection + "_links"]?.arrayValue ?? [] {
            if let rel = l["rel"]?.stringValue, let href = l["href"]?.stringValue {
                #expect(links[rel] == nil, "duplicate \(rel) link")
                links[rel] = href
            }
        }
        return Page(items: items, links: links)
    }

    /// Follows `next` links from `url` until a page has none.
    static func walk(_ h: SimHarness, _ t: String, _ url: String, collection: String = "ports",
                     maxPages: Int = 5000) async throws -> [Page]
    {
        var pages: [Page] = []
        var next: String? = url
        while let u = next {
            guard pages.count < maxPages else { throw HarnessError("more than \(maxPages) pages from \(url)") }
            let p = try await page(h, t, u, collection: collection)
            pages.append(p)
            next = p.links["next"]
        }
        return pages
    }

    static func ports(_ h: SimHarness, _ t: String, _ query: String) async throws -> [JSON] {
        try await page(h, t, h.network + "/ports" + (query.isEmpty ? "" : "?" + query)).items
    }

    static func names(_ ports: [JSON]) -> [String] { ports.compactMap { $0["name"]?.stringValue } }

    static func expectError(_ r: HTTPResult, _ status: Int, _ type: String, _ message: String,
                            sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(r.status == status, "\(r.text)", sourceLocation: sourceLocation)
        #expect(r.neutronType == type, "\(r.text)", sourceLocation: sourceLocation)
        #expect(r.json["NeutronError"]?["message"]?.stringValue == message, sourceLocation: sourceLocation)
    }

    static func subnetIDs(_ p: JSON) -> [String] { p["fixed_ips"]?.arrayValue?.compactMap { $0["subnet_id"]?.stringValue } ?? [] }

    static func subnet(_ h: SimHarness, _ t: String, _ name: String) async throws -> String {
        let r = try await h.get(h.network + "/subnets?name=" + name, token: t)
        return try #require(r.json["subnets"]?.arrayValue?.first).id
    }

    // MARK: filters

    @Test("the demo tenant has 17 ports, all of them on one unpaginated page")
    func demoCount() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "")
            #expect(all.count == 17)
            #expect(Set(all.map(\.id)).count == 17)
        }
    }

    @Test("device_owner=neutron:VIP_PORT returns exactly the two demo VIPs")
    func vipFilter() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let vips = try await Self.ports(h, t, "device_owner=neutron:VIP_PORT")
            #expect(Set(Self.names(vips)) == ["vip-web", "vip-db"])
            #expect(vips.count == 2)
            #expect(vips.allSatisfy { $0["device_owner"]?.stringValue == "neutron:VIP_PORT" })
            #expect(Set(vips.map(\.firstIP)) == ["192.168.10.100", "192.168.20.100"])
            // Percent-encoded the same.
            #expect(try await Self.ports(h, t, "device_owner=neutron%3AVIP_PORT").map(\.id) == vips.map(\.id))
            #expect(try await Self.ports(h, t, "device_owner=compute:nova").count == 12)
            #expect(try await Self.ports(h, t, "device_owner=network:dhcp").count == 3)
            #expect(try await Self.ports(h, t, "device_owner=nobody").isEmpty)
        }
    }

    @Test("device_id, network_id and name filters match exactly what the full list says")
    func attributeFilters() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "")
            let nic = try #require(all.first { $0.firstIP == "192.168.10.11" })
            let device = try #require(nic["device_id"]?.stringValue)
            #expect(try await Self.ports(h, t, "device_id=" + device).map(\.id) == [nic.id])

            let prod = try await h.firstNetwork(named: "prod-net", token: t).id
            let onProd = try await Self.ports(h, t, "network_id=" + prod)
            let expected = all.filter { $0["network_id"]?.stringValue == prod }.map(\.id)
            #expect(onProd.map(\.id) == expected)
            #expect(onProd.count == 8)

            #expect(Self.names(try await Self.ports(h, t, "name=vip-db")) == ["vip-db"])
            #expect(try await Self.ports(h, t, "name=vip").isEmpty)  // exact match, not a substring
        }
    }

    @Test("repeated values OR (id=a&id=b, name=x&name=y); different keys AND")
    func orAndAnd() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "")
            let a = all[3].id, b = all[11].id
            #expect(Set(try await Self.ports(h, t, "id=\(a)&id=\(b)").map(\.id)) == [a, b])
            #expect(Set(Self.names(try await Self.ports(h, t, "name=vip-web&name=vip-db"))) == ["vip-web", "vip-db"])
            let prod = try await h.firstNetwork(named: "prod-net", token: t).id
            let db = try await h.firstNetwork(named: "db-net", token: t).id
            #expect(Self.names(try await Self.ports(h, t, "network_id=\(prod)&device_owner=neutron:VIP_PORT")) == ["vip-web"])
            #expect(try await Self.ports(h, t, "network_id=\(db)&name=vip-web").isEmpty)
            let aNet = try #require(all[3]["network_id"]?.stringValue)
            let otherNet = aNet == prod ? db : prod
            #expect(try await Self.ports(h, t, "id=\(a)&network_id=\(aNet)").map(\.id) == [a])
            #expect(try await Self.ports(h, t, "id=\(a)&network_id=\(otherNet)").isEmpty)
            #expect(Set(try await Self.ports(h, t, "id=\(a)&id=\(b)&network_id=\(aNet)").map(\.id))
                == Set([a, b].filter { id in all.first { $0.id == id }?["network_id"]?.stringValue == aNet }))
        }
    }

    @Test("fixed_ips=ip_address=..., fixed_ips=subnet_id=..., OR within a key, AND between them")
    func fixedIPFilters() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "")
            let prodSubnet = try await Self.subnet(h, t, "prod-subnet")
            let dbSubnet = try await Self.subnet(h, t, "db-subnet")
            #expect(Self.names(try await Self.ports(h, t, "fixed_ips=ip_address%3D192.168.10.100")) == ["vip-web"])
            #expect(Self.names(try await Self.ports(h, t, "fixed_ips=ip_address=192.168.10.100")) == ["vip-web"])
            let both = try await Self.ports(h, t, "fixed_ips=ip_address%3D192.168.10.100&fixed_ips=ip_address%3D192.168.20.100")
            #expect(Set(Self.names(both)) == ["vip-web", "vip-db"])
            let onDB = try await Self.ports(h, t, "fixed_ips=subnet_id%3D" + dbSubnet)
            #expect(onDB.map(\.id) == all.filter { Self.subnetIDs($0).contains(dbSubnet) }.map(\.id))
            #expect(onDB.count == 5)
            #expect(Self.names(try await Self.ports(h, t, "fixed_ips=ip_address%3D192.168.10.100&fixed_ips=subnet_id%3D" + prodSubnet))
                == ["vip-web"])
            #expect(try await Self.ports(h, t, "fixed_ips=ip_address%3D192.168.10.100&fixed_ips=subnet_id%3D" + dbSubnet).isEmpty)
            #expect(try await Self.ports(h, t, "fixed_ips=ip_address%3D192.168.99.99").isEmpty)
        }
    }

    @Test("device_id= (empty) matches the ports whose device_id is empty")
    func emptyStringFilter() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "")
            let unattached = try await Self.ports(h, t, "device_id=")
            #expect(unattached.map(\.id) == all.filter { $0["device_id"]?.stringValue == "" }.map(\.id))
            #expect(Set(Self.names(unattached)) == ["vip-web", "vip-db"])
        }
    }

    // MARK: fields

    @Test("fields=id&fields=name returns only those keys; an unknown field gives empty objects")
    func fields() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let some = try await Self.ports(h, t, "fields=id&fields=name")
            #expect(some.count == 17)
            #expect(some.allSatisfy { Set($0.objectValue?.keys ?? []) == ["id", "name"] })
            let none = try await Self.ports(h, t, "fields=no_such_field")
            #expect(none.count == 17)
            #expect(none.allSatisfy { $0 == .object(JSONObject()) })
            // With a filter on a field that is not returned.
            let vips = try await Self.ports(h, t, "device_owner=neutron:VIP_PORT&fields=name")
            #expect(Set(Self.names(vips)) == ["vip-web", "vip-db"])
            #expect(vips.allSatisfy { $0.objectValue?.keys == ["name"] })
        }
    }

    // MARK: errors

    struct QueryFault: Sendable, CustomTestStringConvertible {
        let query: String
        let status: Int
        let type: String
        let message: String
        var testDescription: String { query }
    }

    static let faults: [QueryFault] = [
        QueryFault(query: "no_such_field=1", status: 400, type: "HTTPBadRequest", message: "['no_such_field'] is invalid attribute for filtering"),
        QueryFault(query: "limit=abc", status: 400, type: "BadRequest",
                   message: "Bad limit request: Limit must be an integer 0 or greater and not 'abc'."),
        QueryFault(query: "limit=-1", status: 400, type: "BadRequest",
                   message: "Bad limit request: Limit must be an integer 0 or greater and not '-1'."),
        QueryFault(query: "sort_key=name", status: 400, type: "HTTPBadRequest", message: "The number of sort_keys and sort_dirs must be same"),
        QueryFault(query: "sort_key=name&sort_dir=asc&sort_dir=desc", status: 400, type: "HTTPBadRequest",
                   message: "The number of sort_keys and sort_dirs must be same"),
        QueryFault(query: "sort_key=no_such_key&sort_dir=asc", status: 400, type: "HTTPBadRequest",
                   message: "['no_such_key'] is invalid attribute for sort_keys"),
        QueryFault(query: "sort_key=name&sort_dir=up", status: 400, type: "HTTPBadRequest",
                   message: "['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'"),
        QueryFault(query: "limit=2&marker=00000000-0000-0000-0000-000000000000", status: 404, type: "PortNotFound",
                   message: "Port 00000000-0000-0000-0000-000000000000 could not be found."),
        QueryFault(query: "marker=00000000-0000-0000-0000-000000000000", status: 404, type: "PortNotFound",
                   message: "Port 00000000-0000-0000-0000-000000000000 could not be found."),
    ]

    @Test("bad list queries", arguments: NeutronListingTests.faults)
    func badQuery(_ f: QueryFault) async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            Self.expectError(try await h.get(h.network + "/ports?" + f.query, token: t), f.status, f.type, f.message)
        }
    }

    // MARK: sorting

    @Test("sort_key=name&sort_dir=desc: names descending, ties by id ascending; the same across pages")
    func sortByName() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let sorted = try await Self.ports(h, t, "sort_key=name&sort_dir=desc")
            #expect(sorted.count == 17)
            #expect(Array(Self.names(sorted).prefix(2)) == ["vip-web", "vip-db"])
            for (x, y) in zip(sorted, sorted.dropFirst()) {
                let nx = x["name"]?.stringValue ?? "", ny = y["name"]?.stringValue ?? ""
                #expect(nx > ny || (nx == ny && x.id < y.id), "\(nx)/\(x.id) before \(ny)/\(y.id)")
            }
            let pages = try await Self.walk(h, t, h.network + "/ports?sort_key=name&sort_dir=desc&limit=4")
            #expect(pages.flatMap(\.ids) == sorted.map(\.id))
            // The links carry the sort parameters.
            #expect(pages.first?.links["next"]?.contains("sort_key=name") == true)
            #expect(pages.first?.links["next"]?.contains("sort_dir=desc") == true)
            let asc = try await Self.ports(h, t, "sort_key=name&sort_dir=asc")
            #expect(Array(Self.names(asc).suffix(2)) == ["vip-db", "vip-web"])
        }
    }

    // MARK: pagination

    @Test("following next links visits every port exactly once, pages in ascending id order", arguments: [1, 7, 17, 1000])
    func walkAll(limit: Int) async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "").map(\.id)
            let pages = try await Self.walk(h, t, h.network + "/ports?limit=\(limit)")
            let ids = pages.flatMap(\.ids)
            #expect(ids == all)
            #expect(ids == ids.sorted())
            #expect(Set(ids).count == all.count)
            // A full page always has a next link, so the walk ends on the first short page.
            #expect(pages.count == all.count / limit + 1)
            for (i, p) in pages.enumerated() {
                #expect(p.items.count == (i < pages.count - 1 ? limit : all.count % limit))
                #expect((p.links["next"] != nil) == (p.items.count == limit))
                #expect(p.links["previous"] != nil, "page \(i) has no previous link")
            }
        }
    }

    @Test("a full last page still has a next link; it leads to an empty page with only a previous link")
    func fullLastPage() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "").map(\.id)
            let first = try await Self.page(h, t, h.network + "/ports?limit=\(all.count)")
            #expect(first.ids == all)
            let next = try #require(first.links["next"])
            #expect(next.contains("marker=" + (all.last ?? "?")))
            #expect(first.links["previous"]?.contains("marker=" + (all.first ?? "?")) == true)
            #expect(first.links["previous"]?.contains("page_reverse=True") == true)
            let empty = try await Self.page(h, t, next)
            #expect(empty.items.isEmpty)
            #expect(Array(empty.links.keys) == ["previous"])
            // With no item to point at, the previous link carries no marker.
            let previous = try #require(empty.links["previous"])
            #expect(!previous.contains("marker="))
            #expect(previous.contains("page_reverse=True"))
            #expect(previous.contains("limit=\(all.count)"))
            // ...and it goes back to the last page.
            let back = try await Self.page(h, t, previous)
            #expect(back.ids == all)
        }
    }

    @Test("a previous link even without limit (pagination_max_limit applies), and with limit=0")
    func previousWithoutLimit() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            for query in ["", "?limit=0", "?device_owner=neutron:VIP_PORT&fields=id&fields=device_owner"] {
                let p = try await Self.page(h, t, h.network + "/ports" + query)
                #expect(Array(p.links.keys) == ["previous"], "\(query)")
                let prev = p.links["previous"] ?? ""
                #expect(prev.hasPrefix(h.network + "/ports?"))
                #expect(prev.contains("marker=" + (p.ids.first ?? "?")))
                #expect(prev.hasSuffix("page_reverse=True"))
            }
            // Following it from the first page: nothing comes before the first item.
            let first = try await Self.page(h, t, h.network + "/ports")
            let before = try await Self.page(h, t, first.links["previous"] ?? "")
            #expect(before.items.isEmpty)
            #expect(Array(before.links.keys) == ["next"])
        }
    }

    @Test("page_reverse=True with a marker returns the items before it, in ascending order")
    func pageReverse() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "").map(\.id)
            let base = h.network + "/ports?limit=3"
            let p = try await Self.page(h, t, base + "&marker=\(all[10])&page_reverse=True")
            #expect(p.ids == Array(all[7...9]))
            // Full reversed page: both links; next drops page_reverse.
            let next = try #require(p.links["next"])
            #expect(next.contains("marker=" + all[9]) && !next.contains("page_reverse"))
            #expect(try await Self.page(h, t, next).ids == Array(all[10...12]))
            let prev = try #require(p.links["previous"])
            #expect(prev.contains("marker=" + all[7]) && prev.contains("page_reverse=True"))
            #expect(try await Self.page(h, t, prev).ids == Array(all[4...6]))
            // A short reversed page (the start of the list): only a next link.
            let start = try await Self.page(h, t, h.network + "/ports?limit=5&marker=\(all[2])&page_reverse=True")
            #expect(start.ids == Array(all[0...1]))
            #expect(Array(start.links.keys) == ["next"])
            // Without a marker: the last items.
            #expect(try await Self.page(h, t, base + "&page_reverse=True").ids == Array(all.suffix(3)))
            // page_reverse=False is the default direction.
            #expect(try await Self.page(h, t, base + "&marker=\(all[10])&page_reverse=False").ids == Array(all[11...13]))
        }
    }

    @Test("the .json suffix: /v2.0/ports.json and /v2.0/ports/{id}.json")
    func jsonSuffix() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let all = try await Self.ports(h, t, "")
            let p = try await Self.page(h, t, h.network + "/ports.json?limit=5")
            #expect(p.ids == Array(all.prefix(5)).map(\.id))
            #expect(p.links["next"]?.hasPrefix(h.network + "/ports.json?") == true)
            let id = try #require(all.first).id
            let one = try await h.get(h.network + "/ports/\(id).json", token: t)
            #expect(one.status == 200)
            #expect(one.json["port"]?.id == id)
            #expect(try await Self.page(h, t, h.network + "/networks.json", collection: "networks").items.count == 3)
        }
    }

    @Test("networks and subnets paginate the same way (networks_links, subnets_links)")
    func networksAndSubnets() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            for (collection, limit) in [("networks", 1), ("networks", 3), ("subnets", 3), ("subnets", 2)] {
                let all = try await Self.page(h, t, h.network + "/" + collection, collection: collection)
                #expect(all.items.count == (collection == "networks" ? 3 : 4))
                #expect(Array(all.links.keys) == ["previous"])
                let pages = try await Self.walk(h, t, h.network + "/\(collection)?limit=\(limit)", collection: collection)
                let ids = pages.flatMap(\.ids)
                #expect(ids == all.ids, "\(collection) limit=\(limit)")
                #expect(ids == ids.sorted())
                #expect(pages.count == all.items.count / limit + 1)
                #expect(pages.allSatisfy { $0.links["previous"] != nil })
            }
            // A network marker that does not exist.
            let r = try await h.get(h.network + "/networks?limit=1&marker=00000000-0000-0000-0000-000000000000", token: t)
            Self.expectError(r, 404, "NetworkNotFound", "Network 00000000-0000-0000-0000-000000000000 could not be found.")
        }
    }

    @Test("scale scenario: 3000 ports paged with limit 1000 and with limit 7, none repeated, none missed")
    func scale() async throws {
        try await SimHarness.with({ $0.scenario = .scale; $0.scalePorts = 3000; $0.scaleServers = 500; $0.scaleNetworks = 3 }) { h in
            let t = try await h.token()
            // Without a limit, pagination_max_limit (1000) cuts the list and a next link follows.
            let first = try await Self.page(h, t, h.network + "/ports")
            #expect(first.items.count == 1000)
            #expect(first.links["next"] != nil)
            for limit in [1000, 7] {
                let pages = try await Self.walk(h, t, h.network + "/ports?limit=\(limit)")
                let ids = pages.flatMap(\.ids)
                #expect(ids.count == 3000, "limit=\(limit)")
                #expect(Set(ids).count == 3000, "limit=\(limit)")
                #expect(ids == ids.sorted(), "limit=\(limit)")
                #expect(pages.count == 3000 / limit + 1, "limit=\(limit)")
            }
            #expect(try await h.allPorts(token: t).count == 3000)
            // Filters and pagination together.
            let vips = try await Self.walk(h, t, h.network + "/ports?device_owner=neutron:VIP_PORT&limit=50").flatMap(\.items)
            #expect(!vips.isEmpty)
            #expect(vips.allSatisfy { $0["device_owner"]?.stringValue == "neutron:VIP_PORT" })
            #expect(Set(vips.map(\.id)).count == vips.count)
            #expect(vips.count == (try await h.allPorts(token: t, query: "device_owner=neutron:VIP_PORT").count))
        }
    }
}
