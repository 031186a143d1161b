import CloudAPI
import CloudSimulator
import Foundation
import Testing
import TestSupport
import VIPCore

@Suite("CloudAPI: pagination, re-auth, errors, limits, redaction")
struct ClientBehaviourTests {
    static func scale(_ ports: Int) -> (inout SimulatorConfig) -> Void {
        { c in
            c.scenario = .scale
            c.scalePorts = ports
            c.scaleServers = 100
            c.scaleNetworks = 4
        }
    }

    @Test("10,000 ports paged by 1, 7 and 1000: none lost, none repeated", arguments: [1, 7, 1000])
    func pagination(pageSize: Int) async throws {
        try await SimHarness.with(ClientBehaviourTests.scale(10_000)) { h in
            try await withSession(h) { s in
                var ids: [String] = []
                var pages = 0
                for try await page in NeutronAPI(session: s, pageSize: pageSize).portPages() {
                    ids += page.map(\.id)
                    pages += 1
                }
                #expect(ids.count == 10_000)
                #expect(Set(ids).count == 10_000)
                #expect(ids == ids.sorted())
                #expect(pages == (10_000 + pageSize - 1) / pageSize)
            }
        }
    }

    @Test("a page size above the server's maximum still reads everything (the server clamps)")
    func clampedLimit() async throws {
        try await SimHarness.with({ c in
            ClientBehaviourTests.scale(2500)(&c)
            c.paginationMaxLimit = 1000
        }) { h in
            try await withSession(h) { s in
                let all = try await NeutronAPI(session: s, pageSize: 2000).ports()
                #expect(all.count == 2500)
            }
        }
    }

    @Test("tokens expired mid-listing: one re-auth, one retry, the listing completes")
    func reauthMidListing() async throws {
        try await SimHarness.with(ClientBehaviourTests.scale(3000)) { h in
            try await withSession(h) { s in
                var count = 0
                var pages = 0
                for try await page in NeutronAPI(session: s, pageSize: 500).portPages() {
                    count += page.count
                    pages += 1
                    if pages == 2 {
                        let r = try await h.request("POST", h.baseURL + "/__sim/faults", json: ["expire_tokens": true])
                        #expect(r.status == 200)
                    }
                }
                #expect(count == 3000)
                #expect(await s.authCount == 2)
            }
        }
    }

    @Test("each error kind renders one clear line")
    func errorKinds() async throws {
        try await SimHarness.with { h in
            try await withSession(h) { s in
                let neutron = NeutronAPI(session: s)
                await expectCloudError({ _ = try await neutron.port("00000000-0000-0000-0000-000000000000") }) { e in
                    e.oneLine.hasPrefix("Neutron 404 PortNotFound: Port 00000000-0000-0000-0000-000000000000 could not be found.")
                        && e.oneLine.contains("[req-")
                }
                await expectCloudError({ _ = try await NovaAPI(session: s).server("nope") }) { e in
                    e.oneLine.hasPrefix("Nova 404 itemNotFound: Instance nope could not be found.")
                }
                // One 502 on a GET is retried (reads are idempotent) and the read succeeds.
                _ = try await h.request("POST", h.baseURL + "/__sim/faults", json: [
                    "rules": [["route": "GET /networking/v2.0/networks", "status": 502, "body": "html", "count": 1]],
                ])
                #expect(try await neutron.networks().isEmpty == false)
                // A proxy's HTML page that stays: after the retries, one clear line.
                _ = try await h.request("POST", h.baseURL + "/__sim/faults", json: [
                    "rules": [["route": "GET /networking/v2.0/networks", "status": 502, "body": "html", "count": 6]],
                ])
                await expectCloudError({ _ = try await neutron.networks() }) { e in
                    if case .undecodable(let u) = e { return u.status == 502 && e.oneLine.contains("HTML page") }
                    return false
                }
                // Truncated JSON with a 200.
                _ = try await h.request("POST", h.baseURL + "/__sim/faults", json: [
                    "rules": [["route": "GET /networking/v2.0/networks", "status": 200, "body": "truncated", "count": 1]],
                ])
                await expectCloudError({ _ = try await neutron.networks() }) { e in
                    if case .undecodable = e { return e.oneLine.contains("could not be read") }
                    return false
                }
                // A connection reset.
                _ = try await h.request("POST", h.baseURL + "/__sim/faults", json: [
                    "rules": [["route": "GET /networking/v2.0/subnets", "action": "reset", "count": 6]],
                ])
                await expectCloudError({ _ = try await neutron.subnets() }) { e in
                    if case .transport(let t) = e { return t.kind == .reset || t.kind == .other }
                    return false
                }
                // The 412 of a stale If-Match keeps its neutron type.
                let vip = try #require(try await neutron.ports(filters: [("name", "vip-web")]).first)
                await expectCloudError({ _ = try await neutron.updatePort(vip.id, ["description": "x"], ifRevision: 999) }) { e in
                    e.status == 412 && e.oneLine.contains("RevisionNumberConstraintFailed")
                }
            }
        }
    }

    @Test("timeouts and refused connections")
    func transportFailures() async throws {
        try await SimHarness.with({ $0.latencyMS = 1500 }) { h in
            try await withSession(h, { $0.timeouts.read = 0.5; $0.timeouts.total = 1 }) { s in
                await expectCloudError({ try await s.ensureAuthenticated() }) { e in
                    if case .transport(let t) = e { return t.kind == .timeout && e.oneLine.contains("timed out") }
                    return false
                }
            }
        }
        // A port nothing listens on (bound, then closed).
        let h = try await SimHarness.start()
        let url = h.identity
        await h.stop()
        var c = CloudConfig(name: "gone", authURL: url, auth: .password(user: .init(name: "demo", domainName: "Default"), password: "x"))
        c.timeouts.connect = 2
        let s = CloudSession(config: c, transport: try AHCTransport(config: c))
        await expectCloudError({ try await s.ensureAuthenticated() }) { e in
            if case .transport(let t) = e { return t.kind == .refused && e.oneLine.contains("connection refused") }
            return false
        }
        await s.shutdown()
    }

    @Test("a response over the size cap is refused, not read")
    func sizeCap() async throws {
        try await SimHarness.with(ClientBehaviourTests.scale(2000)) { h in
            try await withSession(h, { $0.maxResponseBytes = 64 * 1024 }) { s in
                await expectCloudError({ _ = try await NeutronAPI(session: s, pageSize: 1000).ports() }) { e in
                    if case .responseTooLarge = e { return true }
                    return false
                }
            }
        }
    }

    @Test("the debug log has method, URL, status, latency and request id, and never the password or a token")
    func debugLogRedaction() async throws {
        try await SimHarness.with { h in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-debug-\(UUID().uuidString).log").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let log = try DebugLog(path: path)
            try await withSession(h, debugLog: log) { s in
                _ = try await NeutronAPI(session: s).ports()
                _ = try await h.request("POST", h.baseURL + "/__sim/faults", json: ["expire_tokens": true])
                _ = try await NeutronAPI(session: s).networks()  // forces a 401 and a re-auth: two tokens
                #expect(await s.authCount == 2)
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("POST \(h.identity)/auth/tokens -> 201"))
            #expect(text.contains("GET \(h.baseURL)/networking/v2.0/ports?limit=1000 -> 200"))
            #expect(text.contains("-> 401"))
            #expect(text.contains("req-"))
            #expect(text.contains(" ms"))
            #expect(!text.contains("demo-secret"))
            #expect(!text.contains("gAAAAAB"), "a keystone token leaked into the debug log")
            #expect(text.contains("\"password\":\"***\""))
            #expect(text.contains("X-Auth-Token: ***"))
        }
    }

    @Test("without a compute endpoint, a server's NICs come from Neutron ports?device_id=")
    func neutronFallback() async throws {
        try await SimHarness.with({ $0.computeInCatalog = false }) { h in
            try await withSession(h) { s in
                #expect(try await s.hasEndpoint(.compute) == false)
                let inv = try await Inventory.load(s)
                #expect(inv.serversFromNova == false)
                #expect(inv.servers.count == 12)
                let first = try #require(inv.servers.first)
                let nics = try await NovaAPI(session: s).interfaces(serverID: first.id)
                #expect(nics.count == 1)
                #expect(nics.first?.portID == inv.nics(of: first.id).first?.id)
            }
        }
    }
}
