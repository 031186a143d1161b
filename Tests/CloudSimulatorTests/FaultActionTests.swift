import CloudSimulator
import Foundation
import Testing
import TestSupport

/// The fault actions an API gateway in front of a slow or flaky service produces: `commit`
/// (the write happens, the answer is lost: 502/504 or a dropped connection), `delay` (a latency
/// spike), and the validation of every fault document.
@Suite("Simulator fault actions")
struct FaultActionTests {
    static func faults(_ h: SimHarness, _ body: JSON) async throws -> HTTPResult {
        try await h.request("POST", h.baseURL + "/__sim/faults", json: body)
    }

    static func vipWeb(_ h: SimHarness, token: String) async throws -> JSON {
        try #require(try await h.allPorts(token: token, query: "name=vip-web").first)
    }

    @Test("commit then 502 (and 504, html body): the PUT answers 5xx, yet the port changed", arguments: SimulatorConfig.Flavor.allCases)
    func commitThenStatus(flavor: SimulatorConfig.Flavor) async throws {
        try await SimHarness.with({ $0.flavor = flavor }) { h in
            let t = try await h.token(project: flavor == .huawei ? "cn-north-4" : "demo")
            let vip = try await Self.vipWeb(h, token: t)
            let url = h.network + "/ports/" + vip.id
            let set = try await Self.faults(h, ["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": 502,
                                                           "count": 1]]])
            try #require(set.status == 200, "\(set.text)")
            #expect(set.json["rules"]?.arrayValue?.first?["then"]?.intValue == 502)
            #expect(set.json["rules"]?.arrayValue?.first?["action"]?.stringValue == "commit")

            let put = try await h.request("PUT", url, json: ["port": ["allowed_address_pairs": [["ip_address": "192.168.10.77"]]]], token: t)
            #expect(put.status == 502)
            #expect(put.neutronType == "HTTPInternalServerError", "\(put.text)")
            let after = try await h.get(url, token: t)
            #expect(after.status == 200)
            #expect(after.json["port"]?.pairIPs == ["192.168.10.77"], "the committed write is visible: \(after.text)")
            if flavor == .openstack {
                #expect(after.json["port"]?["revision_number"]?.intValue == (vip["revision_number"]?.intValue ?? 0) + 1)
            }
            // The rule is spent: the next PUT answers normally.
            let again = try await h.request("PUT", url, json: ["port": ["name": "vip-web-2"]], token: t)
            #expect(again.status == 200)
            // The write was handled once and counted once.
            #expect(try await h.stats()["requests"]?["PUT /networking/v2.0/ports/{id}"]?.intValue == 2)

            // 504 with an html body (what a gateway sends), on a POST: the port exists afterwards.
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            _ = try await Self.faults(h, ["rules": [["route": "POST /networking/v2.0/ports", "action": "commit", "then": 504, "body": "html"]]])
            let post = try await h.request("POST", h.network + "/ports",
                                           json: ["port": ["network_id": .string(net.id), "name": "lost-answer", "device_owner": "neutron:VIP_PORT"]],
                                           token: t)
            #expect(post.status == 504)
            #expect(post.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(post.text.contains("504"))
            _ = try await Self.faults(h, ["clear": true])
            let created = try await h.allPorts(token: t, query: "name=lost-answer")
            #expect(created.count == 1)
        }
    }

    @Test("commit then reset: the connection drops without an answer, yet the PUT and the POST happened")
    func commitThenReset() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let vip = try await Self.vipWeb(h, token: t)
            let url = h.network + "/ports/" + vip.id
            let set = try await Self.faults(h, ["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": "reset",
                                                           "count": 1]]])
            try #require(set.status == 200, "\(set.text)")
            #expect(set.json["rules"]?.arrayValue?.first?["then"]?.stringValue == "reset")
            var answered: Int?
            do {
                answered = try await h.request("PUT", url, json: ["port": ["allowed_address_pairs": []]], token: t).status
            } catch {
                answered = nil
            }
            #expect(answered == nil, "expected a connection error, got HTTP \(answered ?? 0)")
            let after = try await h.get(url, token: t)
            #expect(after.status == 200)
            #expect(after.json["port"]?.pairIPs == [], "the committed write is visible: \(after.text)")
            #expect(after.json["port"]?["revision_number"]?.intValue == (vip["revision_number"]?.intValue ?? 0) + 1)

            let net = try await h.firstNetwork(named: "prod-net", token: t)
            _ = try await Self.faults(h, ["rules": [["route": "POST /networking/v2.0/ports", "action": "commit", "then": "reset"]]])
            var postAnswered: Int?
            do {
                postAnswered = try await h.request("POST", h.network + "/ports",
                                                   json: ["port": ["network_id": .string(net.id), "name": "dropped"]], token: t).status
            } catch {
                postAnswered = nil
            }
            #expect(postAnswered == nil, "expected a connection error, got HTTP \(postAnswered ?? 0)")
            #expect(try await h.allPorts(token: t, query: "name=dropped").count == 1)
            // A request the service refuses is still refused (nothing is created), and its answer still lost.
            _ = try await Self.faults(h, ["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": 502]]])
            let missing = try await h.request("PUT", h.network + "/ports/00000000-0000-0000-0000-000000000000",
                                              json: ["port": ["name": "x"]], token: t)
            #expect(missing.status == 502)
        }
    }

    @Test("commit on a plain error answer: an error rule before it decides (first rule that fires wins)")
    func firstRuleWins() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let vip = try await Self.vipWeb(h, token: t)
            let url = h.network + "/ports/" + vip.id
            _ = try await Self.faults(h, ["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 503, "count": 1],
                                                    ["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": 502, "count": 1]]])
            let first = try await h.request("PUT", url, json: ["port": ["allowed_address_pairs": []]], token: t)
            #expect(first.status == 503)
            #expect(try await h.get(url, token: t).json["port"]?.pairIPs.count == 2, "an error rule does not write")
            let second = try await h.request("PUT", url, json: ["port": ["allowed_address_pairs": []]], token: t)
            #expect(second.status == 502)
            #expect(try await h.get(url, token: t).json["port"]?.pairIPs == [], "a commit rule writes")
        }
    }

    @Test("an injected 4xx says so: HTTPConflict for 409, not an internal server error; nothing changes")
    func injectedRefusal() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let vip = try await Self.vipWeb(h, token: t)
            _ = try await Self.faults(h, ["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 409, "count": 1]]])
            let r = try await h.request("PUT", h.network + "/ports/" + vip.id, json: ["port": ["allowed_address_pairs": []]], token: t)
            #expect(r.status == 409)
            #expect(r.neutronType == "HTTPConflict", "\(r.text)")
            #expect(r.json["NeutronError"]?["message"]?.stringValue?.contains("internal server error") == false)
            #expect(r.header("x-openstack-request-id") != nil)
            #expect(try await h.get(h.network + "/ports/" + vip.id, token: t).json["port"]?.pairIPs.count == 2)
        }
    }

    @Test("delay: matching requests wait delay_ms, then are handled; a later rule still applies; others are not delayed")
    func delay() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let set = try await Self.faults(h, ["rules": [["route": "GET /networking/v2.0/networks", "action": "delay", "delay_ms": 400],
                                                          ["route": "GET /networking/v2.0/networks", "action": "error", "status": 503,
                                                           "after": 1, "count": 1]]])
            try #require(set.status == 200, "\(set.text)")
            #expect(set.json["rules"]?.arrayValue?.first?["delay_ms"]?.intValue == 400)
            let clock = ContinuousClock()
            var start = clock.now
            let r = try await h.get(h.network + "/networks", token: t)
            var elapsed = clock.now - start
            #expect(r.status == 200)
            #expect(r.json["networks"]?.arrayValue?.count == 3)
            #expect(elapsed >= .milliseconds(400), "answered in \(elapsed)")
            print("fault delay: delay_ms 400, answered in \(elapsed)")
            // Delay, then the error rule after it.
            start = clock.now
            let e = try await h.get(h.network + "/networks", token: t)
            elapsed = clock.now - start
            #expect(e.status == 503)
            #expect(elapsed >= .milliseconds(400), "answered in \(elapsed)")
            // Another route is not delayed: asked after a delayed request, it is answered first.
            _ = try await Self.faults(h, ["rules": [["route": "GET /networking/v2.0/networks", "action": "delay", "delay_ms": 1500]]])
            let slow = Task { () throws -> ContinuousClock.Instant in
                _ = try await h.get(h.network + "/networks", token: t)
                return clock.now
            }
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await h.get(h.network + "/subnets", token: t).status == 200)
            let fastDone = clock.now
            #expect(fastDone < (try await slow.value))
            // A delayed write happens.
            let vip = try await Self.vipWeb(h, token: t)
            _ = try await Self.faults(h, ["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "delay", "delay_ms": 250]]])
            start = clock.now
            let put = try await h.request("PUT", h.network + "/ports/" + vip.id, json: ["port": ["name": "slow"]], token: t)
            #expect(put.status == 200)
            #expect(clock.now - start >= .milliseconds(250))
            #expect(try await h.get(h.network + "/ports/" + vip.id, token: t).json["port"]?["name"]?.stringValue == "slow")
        }
    }

    @Test("invalid documents are 400 with a message and change nothing: then, delay_ms, status, latency_ms, jitter_ms")
    func validation() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let good = try await Self.faults(h, ["latency_ms": 0, "rules": [["route": "GET /compute*", "status": 500]]])
            try #require(good.status == 200)
            let bad: [(JSON, String)] = [
                (["rules": [["route": "*", "action": "commit"]]], "then"),
                (["rules": [["route": "*", "action": "commit", "then": "explode"]]], "then"),
                (["rules": [["route": "*", "action": "commit", "then": 404]]], "then"),
                (["rules": [["route": "*", "action": "commit", "then": 600]]], "then"),
                (["rules": [["route": "*", "action": "commit", "then": .double(502.5)]]], "then"),
                (["rules": [["route": "*", "action": "delay"]]], "delay_ms"),
                (["rules": [["route": "*", "action": "delay", "delay_ms": -1]]], "delay_ms"),
                (["rules": [["route": "*", "action": "delay", "delay_ms": 120_001]]], "delay_ms"),
                (["rules": [["route": "*", "action": "delay", "delay_ms": "1s"]]], "delay_ms"),
                (["rules": [["route": "*", "action": "error", "status": 99]]], "status"),
                (["rules": [["route": "*", "action": "error", "status": 600]]], "status"),
                (["rules": [["route": "*", "action": "error", "status": 1_000_000_000_000]]], "status"),
                (["rules": [["route": "*", "action": "error", "status": "503"]]], "status"),
                (["rules": [["route": "*", "action": 7]]], "action"),
                (["rules": [["route": "*", "action": "explode"]]], "action"),
                (["rules": [["route": "*", "after": -1]]], "after"),
                (["rules": [["route": "*", "count": -1]]], "count"),
                (["rules": [["route": "*", "body": "xml"]]], "body"),
                (["rules": ["*"]], "object"),
                (["latency_ms": 120_001], "latency_ms"),
                (["latency_ms": -1], "latency_ms"),
                (["jitter_ms": -5], "jitter_ms"),
                (["jitter_ms": 200_000], "jitter_ms"),
                (["clear": true, "latency_ms": .double(1.5)], "latency_ms"),
            ]
            for (doc, word) in bad {
                let r = try await Self.faults(h, doc)
                #expect(r.status == 400, "\(doc.text) -> \(r.status) \(r.text)")
                let message = r.json["error"]?.stringValue ?? ""
                #expect(message.contains(word), "\(doc.text) -> \(message)")
            }
            // Nothing changed: the good rule is still there and still fires; the server is fine.
            let shown = try await h.get(h.baseURL + "/__sim/faults", token: nil)
            #expect(shown.json["rules"]?.arrayValue?.count == 1)
            #expect(shown.json["latency_ms"]?.intValue == 0)
            #expect(try await h.get(h.compute + "/servers", token: t).status == 500)
            #expect(try await h.get(h.network + "/networks", token: t).status == 200)
            // The bounds themselves are accepted.
            let edges = try await Self.faults(h, ["latency_ms": 0, "jitter_ms": 0,
                                                  "rules": [["route": "GET /x", "action": "delay", "delay_ms": 120_000],
                                                            ["route": "GET /x", "action": "delay", "delay_ms": 0],
                                                            ["route": "GET /x", "action": "error", "status": 100],
                                                            ["route": "GET /x", "action": "error", "status": 599],
                                                            ["route": "GET /x", "action": "commit", "then": 500],
                                                            ["route": "GET /x", "action": "commit", "then": 599, "body": "empty"]]])
            #expect(edges.status == 200, "\(edges.text)")
            #expect(edges.json["rules"]?.arrayValue?.count == 6)
        }
    }
}
