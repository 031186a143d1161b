import CloudSimulator
import Foundation
import Testing
import TestSupport

/// The test controls under /__sim: stats, fault injection, reset.
@Suite("Simulator controls")
struct ControlTests {
    static func faults(_ h: SimHarness, _ body: JSON) async throws -> HTTPResult {
        try await h.request("POST", h.baseURL + "/__sim/faults", json: body)
    }

    @Test("stats count requests per method and route template; writes separately; controls are not counted")
    func stats() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let list = try await h.get(h.network + "/ports?name=vip-web", token: t)
            let id = try #require(list.json["ports"]?.arrayValue?.first?.id)
            for _ in 0..<3 { #expect(try await h.get(h.network + "/ports/" + id, token: t).status == 200) }
            #expect(try await h.request("PUT", h.network + "/ports/" + id, json: ["port": ["name": "vip-web-2"]], token: t).status == 200)
            _ = try await h.stats()
            let s = try await h.stats()
            let req = try #require(s["requests"])
            #expect(req["GET /networking/v2.0/ports/{id}"]?.intValue == 3)
            #expect(req["GET /networking/v2.0/ports"]?.intValue == 1)
            #expect(req["PUT /networking/v2.0/ports/{id}"]?.intValue == 1)
            #expect(req["POST /identity/v3/auth/tokens"]?.intValue == 1)
            #expect(req.objectValue?.count == 4)
            #expect(s["total"]?.intValue == 6)
            #expect(s["writes"]?.intValue == 2)
            #expect(s["by_method"]?["GET"]?.intValue == 4)
            #expect(s["by_method"]?["PUT"]?.intValue == 1)
            #expect(s["by_method"]?["POST"]?.intValue == 1)
            // Nova routes use their own templates, project form included; failures count too.
            _ = try await h.get(h.compute + "/servers/nope", token: t)
            let after = try await h.stats()
            #expect(after["requests"]?["GET /compute/v2.1/servers/{id}"]?.intValue == 1)
            #expect(after["total"]?.intValue == 7)
        }
    }

    @Test("an error rule fires `count` times after `after` skips, then stops; other routes are untouched")
    func errorRule() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let set = try await ControlTests.faults(h, ["rules": [["route": "GET /networking/v2.0/networks", "action": "error",
                                                                   "status": 503, "after": 2, "count": 3]]])
            #expect(set.status == 200)
            #expect(set.json["rules"]?.arrayValue?.count == 1)
            var statuses: [Int] = []
            for _ in 0..<7 {
                let r = try await h.get(h.network + "/networks", token: t)
                statuses.append(r.status)
                if r.status == 503 {
                    #expect(r.neutronType != nil)
                    #expect(r.json["NeutronError"]?["message"]?.stringValue?.isEmpty == false)
                }
                // A route the rule does not name is never affected.
                #expect(try await h.get(h.network + "/ports?limit=1", token: t).status == 200)
            }
            #expect(statuses == [200, 200, 503, 503, 503, 200, 200])
            // Answers made by a rule still count in the stats.
            #expect(try await h.stats()["requests"]?["GET /networking/v2.0/networks"]?.intValue == 7)
            let shown = try await h.get(h.baseURL + "/__sim/faults", token: nil)
            #expect(shown.json["rules"]?.arrayValue?.first?["count"]?.intValue == 0)
        }
    }

    @Test("rules: html body, prefix wildcard, clear; bad documents are 400")
    func htmlAndWildcard() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            _ = try await ControlTests.faults(h, ["rules": [["route": "GET /compute*", "status": 502, "body": "html", "count": 2]]])
            let r = try await h.get(h.compute + "/servers", token: t)
            #expect(r.status == 502)
            #expect(r.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(r.text.hasPrefix("<html>"))
            #expect(r.json == .null)
            let r2 = try await h.get(h.compute + "/servers/detail", token: t)
            #expect(r2.status == 502)
            #expect(try await h.get(h.network + "/networks", token: t).status == 200)
            #expect(try await h.get(h.compute + "/servers", token: t).status == 200)

            _ = try await ControlTests.faults(h, ["rules": [["route": "*", "status": 500]]])
            #expect(try await h.get(h.network + "/networks", token: t).status == 500)
            #expect(try await h.get(h.compute + "/servers", token: t).status == 500)
            // Controls are never subject to rules.
            #expect(try await h.get(h.baseURL + "/__sim/stats", token: nil).status == 200)
            let cleared = try await ControlTests.faults(h, ["clear": true])
            #expect(cleared.json["rules"]?.arrayValue?.isEmpty == true)
            #expect(try await h.get(h.network + "/networks", token: t).status == 200)

            for bad: JSON in [["rules": [["route": "*", "action": "explode"]]], ["rules": [["route": "*", "rate": 2]]],
                              ["rules": [["status": 500]]], ["latency_ms": -1], ["rules": "all"]]
            {
                let e = try await ControlTests.faults(h, bad)
                #expect(e.status == 400, "\(bad.text)")
                #expect(e.json["error"]?.stringValue?.isEmpty == false)
            }
            let garbage = try await h.request("POST", h.baseURL + "/__sim/faults", body: Array("nope".utf8))
            #expect(garbage.status == 400)
        }
    }

    @Test("a reset rule closes the connection: the client gets an error, not a response")
    func resetRule() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            _ = try await ControlTests.faults(h, ["rules": [["route": "GET /networking/v2.0/networks", "action": "reset", "count": 1]]])
            var answered: Int?
            do {
                answered = try await h.get(h.network + "/networks", token: t).status
            } catch {
                answered = nil
            }
            #expect(answered == nil, "expected a connection error, got HTTP \(answered ?? 0)")
            // The rule is spent; the server is still fine.
            #expect(try await h.get(h.network + "/networks", token: t).status == 200)
        }
    }

    @Test("latency_ms delays every answer")
    func latency() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let set = try await ControlTests.faults(h, ["latency_ms": 400])
            #expect(set.json["latency_ms"]?.intValue == 400)
            let clock = ContinuousClock()
            for url in [h.network + "/networks", h.compute + "/servers"] {
                let start = clock.now
                let r = try await h.get(url, token: t)
                let elapsed = clock.now - start
                #expect(r.status == 200)
                #expect(elapsed >= .milliseconds(400), "\(url) answered in \(elapsed)")
            }
            _ = try await ControlTests.faults(h, ["latency_ms": 0])
            let start = clock.now
            _ = try await h.get(h.network + "/networks", token: t)
            // Loose: only that the latency is gone, not how fast the machine is.
            #expect(clock.now - start < .milliseconds(5000))
        }
        // The configured latency (vipctl sim --latency-ms) applies too.
        try await SimHarness.with({ $0.latencyMS = 250 }) { h in
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await h.get(h.baseURL + "/networking", token: nil)
            #expect(clock.now - start >= .milliseconds(250))
        }
    }

    @Test("expire_tokens: existing tokens get 401, new tokens work")
    func expireTokens() async throws {
        try await SimHarness.with { h in
            let old = try await h.token()
            #expect(try await h.get(h.network + "/networks", token: old).status == 200)
            let r = try await ControlTests.faults(h, ["expire_tokens": true])
            #expect(r.status == 200)
            #expect(try await h.get(h.network + "/networks", token: old).status == 401)
            #expect(try await h.get(h.compute + "/servers", token: old).status == 401)
            let fresh = try await h.token()
            #expect(try await h.get(h.network + "/networks", token: fresh).status == 200)
            #expect(try await h.get(h.compute + "/servers", token: fresh).status == 200)
            // Keystone agrees the old one is gone.
            let v = try await h.request("GET", h.identity + "/auth/tokens", token: fresh, headers: [("X-Subject-Token", old)])
            #expect(v.status == 404)
        }
    }

    @Test("POST /__sim/reset restores the scenario, clears stats and faults")
    func reset() async throws {
        try await SimHarness.with { h in
            var t = try await h.token()
            let before = try await h.allPorts(token: t).map(\.id)
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id, extra: [("name", "temporary")])
            let vip = try #require(try await h.allPorts(token: t, query: "name=vip-web").first)
            #expect(try await h.request("PUT", h.network + "/ports/" + vip.id, json: ["port": ["allowed_address_pairs": []]], token: t).status == 200)
            _ = try await ControlTests.faults(h, ["latency_ms": 0, "rules": [["route": "GET /compute*", "status": 500]]])
            #expect(try await h.stats()["total"]?.intValue ?? 0 > 0)

            let r = try await h.request("POST", h.baseURL + "/__sim/reset")
            #expect(r.status == 200)
            #expect(r.json["reset"]?.boolValue == true)
            #expect(try await h.stats()["total"]?.intValue == 0)
            #expect(try await h.get(h.baseURL + "/__sim/faults", token: nil).json["rules"]?.arrayValue?.isEmpty == true)

            t = try await h.token()
            #expect(try await h.get(h.network + "/ports/" + p.id, token: t).status == 404)
            #expect(try await h.allPorts(token: t).map(\.id) == before)
            let restored = try await h.get(h.network + "/ports/" + vip.id, token: t)
            #expect(Set(restored.json["port"]?.pairIPs ?? []) == ["192.168.10.21", "192.168.10.22"])
            #expect(try await h.get(h.compute + "/servers", token: t).status == 200)
        }
    }
}
