@testable import CloudSimulator
import Foundation
import Testing
import TestSupport

/// The simulator survives its own inputs (issue 10, item 5): inside `vipctl demo` any local
/// user can reach `/__sim`, and `--state FILE` is read at start. Every hostile input gets a
/// 4xx with a one-line message (or a clear start error), changes nothing, and the simulator
/// still answers afterwards. Each input and its answer is printed (`sim input: ...`) so the
/// CI log lists them.
@Suite("Simulator inputs")
struct SimInputTests {
    struct Case: Sendable {
        let label: String
        let method: String
        let path: String
        let body: [UInt8]
        let status: Int
        /// A word the message must contain.
        let word: String

        init(_ label: String, _ method: String, _ path: String, _ body: String, _ status: Int, _ word: String) {
            self.label = label
            self.method = method
            self.path = path
            self.body = Array(body.utf8)
            self.status = status
            self.word = word
        }

        /// A faults document, shown as itself.
        init(_ body: String, _ status: Int, _ word: String) {
            self.init(body, "POST", "/__sim/faults", body, status, word)
        }

        init(label: String, method: String = "POST", path: String = "/__sim/faults", bytes: [UInt8], status: Int = 400, word: String) {
            self.label = label
            self.method = method
            self.path = path
            self.body = bytes
            self.status = status
            self.word = word
        }
    }

    static let manyRules = "{\"rules\": [" + Array(repeating: #"{"route": "*", "status": 500}"#, count: 1001).joined(separator: ",") + "]}"

    static let cases: [Case] = [
        // Not a JSON object at all.
        Case("empty body", "POST", "/__sim/faults", "", 400, "JSON object"),
        Case("not JSON", "POST", "/__sim/faults", "latency_ms=50", 400, "JSON object"),
        Case(#"[1, 2]"#, 400, "JSON object"),
        Case(#""rules""#, 400, "JSON object"),
        Case(#"{"latency_ms": 5"#, 400, "JSON object"),
        Case("100000 nested arrays", "POST", "/__sim/faults", String(repeating: "[", count: 100_000), 400, "nesting too deep"),
        Case("50000 nested objects", "POST", "/__sim/faults", String(repeating: #"{"a":"#, count: 50_000), 400, "nesting too deep"),
        Case(label: "invalid UTF-8 in a route", bytes: Array(#"{"rules": [{"route": ""#.utf8) + [0xFF, 0xFE] + Array(#""}]}"#.utf8),
             word: "invalid UTF-8"),
        // Numbers out of range, of the wrong kind, or not numbers.
        Case(#"{"latency_ms": 1e400}"#, 400, "latency_ms"),
        Case(#"{"latency_ms": 99999999999999999999999}"#, 400, "latency_ms"),
        Case(#"{"latency_ms": -99999999999999999999}"#, 400, "latency_ms"),
        Case(#"{"latency_ms": 9223372036854775807}"#, 400, "latency_ms"),
        Case(#"{"latency_ms": "50"}"#, 400, "latency_ms"),
        Case(#"{"latency_ms": 1.5}"#, 400, "latency_ms"),
        Case(#"{"jitter_ms": -1}"#, 400, "jitter_ms"),
        Case(#"{"jitter_ms": null}"#, 400, "jitter_ms"),
        // Unknown keys and wrong types where a boolean belongs (used to be ignored silently).
        Case(#"{"latncy_ms": 50}"#, 400, "unknown key"),
        Case(#"{"expire_tokens": "yes"}"#, 400, "expire_tokens"),
        Case(#"{"clear": 1}"#, 400, "clear"),
        // Rules.
        Case(#"{"rules": {"route": "*"}}"#, 400, "list"),
        Case(#"{"rules": [null]}"#, 400, "object"),
        Case(#"{"rules": [{"route": 42}]}"#, 400, "route"),
        Case(#"{"rules": [{"route": "*", "stauts": 503}]}"#, 400, "unknown key"),
        Case(#"{"rules": [{"route": "/networking/v2.0/ports"}]}"#, 400, "route"),
        Case(#"{"rules": [{"route": ""}]}"#, 400, "route"),
        Case(#"{"rules": [{"route": "FETCH /networking/v2.0/ports"}]}"#, 400, "method"),
        Case(#"{"rules": [{"route": "GET networking"}]}"#, 400, "route"),
        Case(#"{"rules": [{"route": "POST /__sim/reset"}]}"#, 400, "never faulted"),
        Case("a 5000-character route", "POST", "/__sim/faults",
             #"{"rules": [{"route": "GET /"# + String(repeating: "x", count: 5000) + #""}]}"#, 400, "too long"),
        Case(#"{"rules": [{"route": "*", "status": 9223372036854775807}]}"#, 400, "status"),
        Case(#"{"rules": [{"route": "*", "status": 18446744073709551616}]}"#, 400, "status"),
        Case(#"{"rules": [{"route": "*", "status": -500}]}"#, 400, "status"),
        Case(#"{"rules": [{"route": "*", "status": 503.0}]}"#, 400, "status"),
        Case(#"{"rules": [{"route": "*", "action": "commit", "then": -1}]}"#, 400, "then"),
        Case(#"{"rules": [{"route": "*", "rate": 1e308}]}"#, 400, "rate"),
        Case(#"{"rules": [{"route": "*", "rate": -1e-300}]}"#, 400, "rate"),
        Case(#"{"rules": [{"route": "*", "rate": "half"}]}"#, 400, "rate"),
        Case(#"{"rules": [{"route": "*", "after": 1.5}]}"#, 400, "after"),
        Case(#"{"rules": [{"route": "*", "after": -9223372036854775808}]}"#, 400, "after"),
        Case(#"{"rules": [{"route": "*", "count": "many"}]}"#, 400, "count"),
        Case(#"{"rules": [{"route": "*", "action": "delay", "delay_ms": 9223372036854775807}]}"#, 400, "delay_ms"),
        Case(#"{"rules": [{"route": "*", "action": "delay", "delay_ms": 1e10}]}"#, 400, "delay_ms"),
        Case(#"{"rules": [{"route": "*", "body": "<script>"}]}"#, 400, "body"),
        Case(#"{"rules": [{"route": "*", "action": "Error"}]}"#, 400, "action"),
        Case("1001 rules", "POST", "/__sim/faults", manyRules, 400, "at most 1000"),
        // Other control routes.
        Case(label: "a 5 MB body", bytes: [UInt8](repeating: 0x20, count: 5 << 20), status: 413, word: "too large"),
        Case("unknown control route", "GET", "/__sim/unknown", "", 404, "unknown control endpoint"),
        Case("wrong method", "DELETE", "/__sim/faults", "", 404, "unknown control endpoint"),
        Case("bad percent-encoding", "GET", "/__sim/%ZZ%FF", "", 404, "unknown control endpoint"),
        Case("stats with a body", "GET", "/__sim/stats", #"{"x": 1}"#, 200, "total"),
    ]

    @Test("each hostile input to /__sim gets its status and a one-line message; nothing changes; the simulator still answers")
    func hostileControlInputs() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            // A known good state that every refused document must leave alone.
            let good = try await h.request("POST", h.baseURL + "/__sim/faults",
                                           json: ["latency_ms": 0, "rules": [["route": "GET /compute*", "status": 502]]])
            try #require(good.status == 200, "\(good.text)")
            let before = try await h.get(h.baseURL + "/__sim/faults", token: nil).json
            for c in Self.cases {
                let r: HTTPResult
                do {
                    r = try await h.request(c.method, h.baseURL + c.path, body: c.body,
                                            headers: [("Content-Type", "application/json")])
                } catch {
                    Issue.record("\(c.label): no answer: \(error)")
                    continue
                }
                let message = r.json["error"]?.stringValue ?? r.json.text
                print("sim input: \(c.label.count > 120 ? String(c.label.prefix(117)) + "..." : c.label) -> \(r.status) \(message)")
                #expect(r.status == c.status, "\(c.label) -> \(r.status) \(r.text.prefix(300))")
                #expect(message.contains(c.word), "\(c.label) -> \(message)")
                #expect(!message.contains("\n"), "one line: \(message)")
                #expect(message.count < 300, "short: \(message)")
                // Still answering, and nothing changed.
                let after = try await h.get(h.baseURL + "/__sim/faults", token: nil)
                #expect(after.status == 200)
                #expect(after.json == before, "\(c.label) changed the faults: \(after.text)")
                #expect(try await h.get(h.network + "/networks", token: t).status == 200, "after \(c.label)")
            }
            // The good rule still fires.
            #expect(try await h.get(h.compute + "/servers", token: t).status == 502)
        }
    }

    @Test("the routes people write are still accepted: *, a method prefix, a path prefix, a template")
    func acceptedRoutes() async throws {
        try await SimHarness.with { h in
            for route in ["*", "P*", "GET *", "GET /networking*", "PUT /networking/v2.0/ports/{id}", "GET /x", "DELETE /compute*"] {
                let r = try await h.request("POST", h.baseURL + "/__sim/faults", json: ["rules": [["route": .string(route), "status": 500]]])
                print("sim input: route \(route) -> \(r.status)")
                #expect(r.status == 200, "\(route) -> \(r.text)")
            }
        }
    }

    @Test("delay rules that fire on one request add up to at most 120000 ms")
    func delaysAreCapped() {
        var faults = Faults()
        let rule: JSON = ["route": "*", "action": "delay", "delay_ms": 120_000]
        guard case .success = faults.apply(["rules": .array(Array(repeating: rule, count: 1000))]) else {
            Issue.record("1000 delay rules were refused")
            return
        }
        let decision = faults.decide("GET /networking/v2.0/ports")
        #expect(decision.delayMS == SimulatorDefaults.maxLatencyMS)
        #expect(decision.action == nil)
    }

    // MARK: --state FILE

    /// A valid state document of the demo scenario, to spoil one field at a time.
    static func demoState() throws -> JSONObject {
        try #require(StateFile.encode(Scenarios.build(SimulatorConfig())).objectValue)
    }

    /// `doc` with `key`'s first element changed by `edit`.
    static func editing(_ doc: JSONObject, _ key: String, where match: (JSON) -> Bool = { _ in true },
                        _ edit: (inout JSONObject) -> Void) throws -> JSONObject
    {
        var doc = doc
        var list = try #require(doc[key]?.arrayValue)
        let found = list.firstIndex(where: match)
        let i = try #require(found)
        var item = try #require(list[i].objectValue)
        edit(&item)
        list[i] = .object(item)
        doc[key] = .array(list)
        return doc
    }

    @Test("a state file with out-of-range times, counters or allocation pools is refused at start with a clear message")
    func hostileStateFiles() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-sim-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.json").path
        let base = try Self.demoState()
        let isV4 = { (j: JSON) in j["cidr"]?.stringValue?.contains(".") == true }
        let cases: [(String, JSONObject, String)] = [
            ("network created 1e300", try Self.editing(base, "networks") { $0["created"] = .double(1e300) }, "'created'"),
            ("port updated -1", try Self.editing(base, "ports") { $0["updated"] = -1 }, "'updated'"),
            ("port revision Int.max", try Self.editing(base, "ports") { $0["revision"] = .int(Int.max) }, "'revision'"),
            ("network mtu -1", try Self.editing(base, "networks") { $0["mtu"] = -1 }, "'mtu'"),
            ("inverted pool", try Self.editing(base, "subnets", where: isV4) { s in
                let cidr = CIDR(s["cidr"]?.stringValue ?? "")
                let first = cidr.map { IPAddress.make(version: 4, raw: $0.network.raw + 20).description } ?? ""
                let later = cidr.map { IPAddress.make(version: 4, raw: $0.network.raw + 10).description } ?? ""
                s["pools"] = [["start": .string(first), "end": .string(later)]]
            }, "ends before it starts"),
            ("pool outside the subnet", try Self.editing(base, "subnets", where: isV4) {
                $0["pools"] = [["start": "203.0.113.1", "end": "203.0.113.9"]]
            }, "not inside"),
            ("IPv6 pool spanning ::/0", try Self.editing(base, "subnets") {
                $0["cidr"] = "::/0"
                $0["gateway_ip"] = .null
                $0["pools"] = [["start": "::", "end": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]]
            }, "too large"),
        ]
        var config = SimulatorConfig()
        config.statePath = path
        for (label, doc, word) in cases {
            try Data(JSON.object(doc).serialized()).write(to: URL(fileURLWithPath: path))
            do {
                let server = try await SimulatorServer.start(config: config)
                await server.stop()
                Issue.record("\(label): the simulator started (and would crash or misallocate later)")
            } catch {
                let message = String(describing: error)
                print("sim input: state file with \(label) -> \(message)")
                #expect(message.contains(word), "\(label): \(message)")
                #expect(message.contains(path), "\(label): \(message)")
            }
        }
        // The unspoilt document still loads.
        try Data(JSON.object(base).serialized()).write(to: URL(fileURLWithPath: path))
        try await SimHarness.with({ $0.statePath = path }) { h in
            let token = try await h.token()
            let ports = try await h.get(h.network + "/ports", token: token)
            #expect(ports.status == 200)
        }
    }
}
