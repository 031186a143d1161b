import CloudAPI
import CloudSimulator
import Synchronization
import Testing
import TestSupport
import VIPCore

/// `VIPService` against the in-process simulator over real HTTP on loopback: reads, plans,
/// applies with faults injected, and checks what the cloud holds afterwards.
@Suite("VIPService against the simulator")
struct ExecutorTests {
    static let portRoute = "PUT /networking/v2.0/ports/{id}"
    static let postRoute = "POST /networking/v2.0/ports"

    func pairs(_ h: SimHarness, _ d: Demo, _ id: String) async throws -> [String] {
        try #require(await h.port(id, token: d.token)).pairIPs.sorted()
    }

    func vipsNamed(_ h: SimHarness, _ d: Demo, _ name: String) async throws -> [JSON] {
        try await h.allPorts(token: d.token, query: "device_owner=neutron:VIP_PORT&name=" + name)
    }

    @Test("bind (huawei): both PUTs with If-Match, merged into fresh reads, applied; planning the same intent again has nothing to do")
    func bindApplied() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let web01 = try d.nicID("192.168.10.11")
                let plan = try await svc.plan(.bind(vipPortID: d.vipWeb, nicPortIDs: [web01]))
                #expect(plan.steps.count == 2)
                #expect(plan.steps.allSatisfy { $0.ifRevision != nil })
                #expect(plan.steps[0].changes[0].portLabel == "VIP 192.168.10.100 (vip-web)")
                #expect(plan.steps[1].changes[0].portLabel == "NIC 192.168.10.11 of web-01", "server names come from Nova")
                let events = Events()
                let r = await svc.apply(plan, progress: events.sink)
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(r.vipPortID == d.vipWeb)
                #expect(r.writes.map(\.method) == ["PUT", "PUT"], "\(r.writes)")
                #expect(r.writes.allSatisfy { $0.status == 200 && $0.requestID?.hasPrefix("req-") == true })
                #expect(r.ports.map(\.portID).sorted() == [d.vipWeb, web01].sorted())
                #expect(r.changes.first { $0.portID == web01 }?.change.added == ["1.1.1.1/0"])
                #expect(try await pairs(h, d, d.vipWeb) == ["192.168.10.11", "192.168.10.21", "192.168.10.22"])
                #expect(try await pairs(h, d, web01) == ["1.1.1.1/0"])
                #expect(events.all.filter { if case .finished = $0 { return true } else { return false } }.count == 2)
                #expect(r.lines.contains { $0.hasPrefix("VIP 192.168.10.100 (vip-web): allowed_address_pairs [") })
                let again = try await svc.plan(.bind(vipPortID: d.vipWeb, nicPortIDs: [web01]))
                #expect(again.nothingToDo == "vip-web is already bound to web-01 (192.168.10.11)")
                let noop = await svc.apply(again, progress: { _ in })
                #expect(noop.outcome == .nothingSent && noop.lines == ["vip-web is already bound to web-01 (192.168.10.11)"])
            }
        }
    }

    @Test("a 500 on a PUT is a question to the cloud: a read shows it did not happen, it is sent again, applied")
    func fiveHundredRetried() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.bind(vipPortID: d.vipWeb, nicPortIDs: [web01]))
                try await h.faults(["rules": [["route": .string(Self.portRoute), "status": 500, "after": 1, "count": 1]]])
                let events = Events()
                let r = await svc.apply(plan, progress: events.sink)
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(r.writes.filter { $0.method == "PUT" }.map(\.status) .contains(500))
                #expect(events.all.contains { if case .retrying = $0 { return true } else { return false } })
                #expect(try await pairs(h, d, d.vipWeb) == ["192.168.10.11", "192.168.10.21", "192.168.10.22"])
                #expect(try await pairs(h, d, web01) == ["1.1.1.1/0"])
            }
        }
    }

    @Test("a refused 2nd PUT (400): the first is undone by its inverse delta; a read shows the cloud as it was")
    func failureRollsBack() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.bind(vipPortID: d.vipWeb, nicPortIDs: [web01]))
                try await h.faults(["rules": [["route": .string(Self.portRoute), "status": 400, "after": 1, "count": 1]]])
                let events = Events()
                let r = await svc.apply(plan, progress: events.sink)
                #expect(r.outcome == .rolledBack, "\(r.lines)")
                #expect(r.lines[0].hasPrefix("rolled back: step "), "\(r.lines)")
                #expect(r.lines[0].contains("Neutron 400"))
                #expect(r.lines[0].hasSuffix("a read afterwards shows the cloud as it was"))
                #expect(try await pairs(h, d, d.vipWeb) == ["192.168.10.21", "192.168.10.22"])
                #expect(try await pairs(h, d, web01) == [])
                #expect(events.all.contains { if case .undone = $0 { return true } else { return false } })
                #expect(r.lines.count == 3, "a headline and one line per touched port: \(r.lines)")
            }
        }
    }

    @Test("reset on the POST (create + bind): it created nothing, so it is sent once more; one VIP, applied")
    func resetOnPost() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let intent = Intent.createVIP(CreateVIP(networkID: d.prodNet, ipAddress: "192.168.10.50", name: "vip-new", bindNICs: [web01]))
                let plan = try await svc.plan(intent)
                try await h.faults(["rules": [["route": .string(Self.postRoute), "action": "reset", "count": 1]]])
                let before = try await h.routeCounts()
                let r = await svc.apply(plan, progress: { _ in })
                let after = try await h.routeCounts()
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(r.lines.contains { $0.contains("created nothing (looked up); sent it again") }, "\(r.lines)")
                // The simulator counts no reset request (the connection closes before it is
                // handled): the one POST counted is the one sent again.
                #expect((after[Self.postRoute] ?? 0) - (before[Self.postRoute] ?? 0) == 1)
                #expect(r.writes.map(\.method).filter { $0 == "POST" } == ["POST", "POST"], "the reset POST, then the one sent again: \(r.writes)")
                #expect(r.writes.first { $0.method == "POST" }?.status == nil, "the first POST got no answer")
                let vips = try await vipsNamed(h, d, "vip-new")
                #expect(vips.count == 1)
                #expect(vips.first?.pairIPs == ["192.168.10.11"])
                #expect(r.vipPortID == vips.first?.id)
                #expect(try await pairs(h, d, web01) == ["1.1.1.1/0"])
            }
        }
    }

    /// Sends every request, but loses the answer of the first POST /ports (the port exists).
    final class LoseFirstPOSTAnswer: HTTPTransport {
        let base: any HTTPTransport
        let lost = Locked(false)
        init(_ base: any HTTPTransport) { self.base = base }
        func send(_ r: APIRequest) async throws(CloudError) -> APIResponse {
            let resp = try await base.send(r)
            if r.method == "POST", r.url.hasSuffix("/v2.0/ports"), lost.withLock({ was in defer { was = true }; return !was }) {
                throw .transport(TransportFailure(kind: .reset, url: r.url, detail: "test: the answer was lost"))
            }
            return resp
        }

        func shutdown() async { await base.shutdown() }
    }

    @Test("a POST whose answer is lost after the port was made: found by name, kept, never created twice")
    func lostPostAnswer() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h, transport: { LoseFirstPOSTAnswer($0) }) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.createVIP(CreateVIP(networkID: d.prodNet, name: "vip-auto", bindNICs: [web01])))
                let r = await svc.apply(plan, progress: { _ in })
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(r.lines.contains { $0.contains("found the port it created") }, "\(r.lines)")
                let vips = try await vipsNamed(h, d, "vip-auto")
                #expect(vips.count == 1)
                #expect(r.vipPortID == vips.first?.id)
            }
        }
    }

    @Test("a concurrent change between plan and apply: the delta is merged into a fresh read; the other change survives")
    func concurrentChange() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.bind(vipPortID: d.vipWeb, nicPortIDs: [web01]))
                // Someone else adds web-02 to the VIP's pairs meanwhile.
                let current = try #require(await h.port(d.vipWeb, token: d.token))
                let withWeb02 = (current["allowed_address_pairs"]?.arrayValue ?? []) + [["ip_address": "192.168.10.12"]]
                let put = try await h.request("PUT", h.network + "/ports/" + d.vipWeb,
                                              json: ["port": ["allowed_address_pairs": .array(withWeb02)]], token: d.token)
                #expect(put.status == 200)
                let r = await svc.apply(plan, progress: { _ in })
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(try await pairs(h, d, d.vipWeb) == ["192.168.10.11", "192.168.10.12", "192.168.10.21", "192.168.10.22"])
                #expect(try await pairs(h, d, web01) == ["1.1.1.1/0"])
            }
        }
    }

    /// Lets every request through, and right after vipctl's first GET of `port` (its read
    /// before the write) adds a pair to that port behind vipctl's back: vipctl's PUT then
    /// carries a stale revision (412) and must merge again.
    final class ChangeAfterRead: HTTPTransport {
        let base: any HTTPTransport
        let harness: SimHarness
        let token: String
        let port: String
        let gets = Locked(0)
        init(_ base: any HTTPTransport, _ h: SimHarness, _ token: String, port: String) {
            self.base = base
            harness = h
            self.token = token
            self.port = port
        }

        func send(_ r: APIRequest) async throws(CloudError) -> APIResponse {
            let resp = try await base.send(r)
            guard r.method == "GET", r.url.hasSuffix("/ports/" + port) else { return resp }
            let n = gets.withLock { n in
                n += 1
                return n
            }
            // GET 1 is the test's plan, GET 2 the apply's plan check: with If-Match the read
            // the step's delta is merged into (its PUT carries that read's revision).
            if n == 2, let body = try? await harness.get(r.url, token: token).json["port"] {
                let pairs = (body["allowed_address_pairs"]?.arrayValue ?? []) + [["ip_address": "10.9.9.9"]]
                _ = try? await harness.request("PUT", r.url, json: ["port": ["allowed_address_pairs": .array(pairs)]], token: token)
            }
            return resp
        }

        func shutdown() async { await base.shutdown() }
    }

    @Test("a write between vipctl's read and its PUT: 412, read again, merged again; both changes kept")
    func conflictMergedAgain() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h, transport: { ChangeAfterRead($0, h, d.token, port: d.vipWeb) }) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.bind(vipPortID: d.vipWeb, nicPortIDs: [web01]))
                let events = Events()
                let r = await svc.apply(plan, progress: events.sink)
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(r.contended)
                #expect(r.writes.contains { $0.status == 412 }, "\(r.writes)")
                #expect(events.all.contains { if case .retrying = $0 { return true } else { return false } })
                #expect(try await pairs(h, d, d.vipWeb) == ["10.9.9.9", "192.168.10.11", "192.168.10.21", "192.168.10.22"])
            }
        }
    }

    @Test("412 on every PUT until the deadline: it stops, says the port kept changing, nothing changed (not 'rolled back')")
    func persistentConflict() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.bind(vipPortID: d.vipWeb, nicPortIDs: [web01]))
                try await h.faults(["rules": [["route": .string(Self.portRoute), "status": 412]]])
                let events = Events()
                let r = await svc.apply(plan, context: ApplyContext(deadline: .seconds(2)), progress: events.sink)
                let retries = events.all.filter { if case .retrying = $0 { return true } else { return false } }.count
                #expect(retries >= 1, "retried until the deadline, not a fixed count: \(retries)")
                #expect(r.outcome == .nothingSent, "\(r.lines)")
                #expect(r.lines[0].hasPrefix("nothing changed: "), "\(r.lines)")
                #expect(r.lines[0].contains("kept changing under vipctl"), "\(r.lines)")
                #expect(try await pairs(h, d, d.vipWeb) == ["192.168.10.21", "192.168.10.22"])
                #expect(try await pairs(h, d, web01) == [])
            }
        }
    }

    @Test("failures on each step of a create + bind: the cloud ends fully done or as it was, and the report says which",
          arguments: [
              // (route, status, after, count, strategy, automatic address, expected outcome)
              (postRoute, 500, 0, 2, "huawei", false, "applied"),  // POST fails twice (looked up each time), sent again
              (postRoute, 400, 0, 1, "huawei", false, "rolled back"),  // POST refused: the NIC's PUT (in parallel) is undone
              (portRoute, 500, 0, 1, "huawei", false, "applied"),  // the NIC's PUT fails once: read, sent again
              (portRoute, 400, 0, 1, "huawei", false, "rolled back"),  // the NIC's PUT refused: the VIP is deleted
              (portRoute, 503, 0, 1, "openstack", true, "applied"),  // the dependent NIC PUT fails once
              (portRoute, 409, 0, 1, "openstack", false, "rolled back"),
          ])
    func createFaults(_ route: String, _ status: Int, _ after: Int, _ count: Int, _ strategy: String, _ automatic: Bool,
                      _ expected: String) async throws
    {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: VIPStrategy(rawValue: strategy) ?? .huawei)
                let intent = Intent.createVIP(CreateVIP(networkID: d.prodNet, ipAddress: automatic ? nil : "192.168.10.50", name: "vip-f",
                                                        bindNICs: [web01]))
                let plan = try await svc.plan(intent)
                try await h.faults(["rules": [["route": .string(route), "status": .int(status), "after": .int(after), "count": .int(count)]]])
                let r = await svc.apply(plan, progress: { _ in })
                #expect(r.outcome.rawValue == expected, "\(r.lines)")
                let vips = try await vipsNamed(h, d, "vip-f")
                let nicPairs = try await pairs(h, d, web01)
                if expected == "applied" {
                    #expect(vips.count == 1)
                    #expect(!nicPairs.isEmpty)
                } else {
                    #expect(vips.isEmpty, "the created VIP is deleted again")
                    #expect(nicPairs.isEmpty)
                    #expect(r.lines[0].hasPrefix("rolled back: "), "\(r.lines)")
                }
            }
        }
    }

    /// Lets the first PUT through and then adds a pair to that port behind vipctl's back;
    /// refuses (400) every PUT of any other port without sending it.
    final class ChangeAfterFirstPUT: HTTPTransport {
        let base: any HTTPTransport
        let harness: SimHarness
        let token: String
        let first = Locked<String?>(nil)
        init(_ base: any HTTPTransport, _ h: SimHarness, _ token: String) {
            self.base = base
            harness = h
            self.token = token
        }

        func send(_ r: APIRequest) async throws(CloudError) -> APIResponse {
            guard r.method == "PUT" else { return try await base.send(r) }
            let url = r.url
            let firstURL = first.withLock { f in
                if f == nil { f = url }
                return f
            }
            if firstURL != url {
                return APIResponse(status: 400, headers: [("Content-Type", "application/json")],
                                   body: Array(#"{"NeutronError":{"type":"HTTPBadRequest","message":"test","detail":""}}"#.utf8))
            }
            let resp = try await base.send(r)
            if let body = try? await harness.get(url, token: token).json["port"],
               !(body["allowed_address_pairs"]?.arrayValue ?? []).contains(where: { $0["ip_address"]?.stringValue == "10.9.9.9" })
            {
                let pairs = (body["allowed_address_pairs"]?.arrayValue ?? []) + [["ip_address": "10.9.9.9"]]
                _ = try? await harness.request("PUT", url, json: ["port": ["allowed_address_pairs": .array(pairs)]], token: token)
            }
            return resp
        }

        func shutdown() async { await base.shutdown() }
    }

    @Test("rollback is the inverse delta: a pair someone else added after vipctl's write survives the undo")
    func undoKeepsOthers() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h, transport: { ChangeAfterFirstPUT($0, h, d.token) }) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.bind(vipPortID: d.vipWeb, nicPortIDs: [web01]))
                let events = Events()
                let r = await svc.apply(plan, progress: events.sink)
                #expect(r.outcome == .rolledBack, "\(r.lines)")
                #expect(events.all.contains { if case .undone = $0 { return true } else { return false } })
                #expect(r.changes.isEmpty, "nothing of this run is left: \(r.changes)")
                let path = try #require(r.writes.first { $0.status == 200 }?.path)
                let after = try await pairs(h, d, String(path.dropFirst("/v2.0/ports/".count)))
                #expect(after.contains("10.9.9.9"), "the other writer's pair is kept: \(after)")
                #expect(!after.contains("192.168.10.11") && !after.contains("1.1.1.1/0"), "vipctl's own pair is gone: \(after)")
            }
        }
    }

    @Test("delete: refused while bound; with unbindFirst: pairs emptied, then DELETE with the revision that write produced")
    func deleteVIP() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                do {
                    _ = try await svc.plan(.deleteVIP(vipPortID: d.vipWeb, unbindFirst: false))
                    Issue.record("a bound VIP must not be deleted")
                } catch let error as VIPError {
                    #expect(error == .refused("vip-web is bound to 2 NICs (lb-01 192.168.10.21, lb-02 192.168.10.22); unbind them first (or --unbind)"))
                }
                let plan = try await svc.plan(.deleteVIP(vipPortID: d.vipWeb, unbindFirst: true))
                #expect(plan.steps.map(\.method) == ["PUT", "DELETE"])
                let r = await svc.apply(plan, progress: { _ in })
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(try await h.port(d.vipWeb, token: d.token) == nil)
                #expect(r.lines.contains("VIP 192.168.10.100 (vip-web): deleted"))
                #expect(try await pairs(h, d, try d.nicID("192.168.10.21")) == ["1.1.1.1/0"], "the NIC keeps 1.1.1.1/0")
            }
        }
    }

    @Test("openstack check off/on on a NIC: port security off with groups detached, then on again")
    func openstackChecks() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .openstack)
                let off = try await svc.plan(.setSourceDestCheck(nicPortID: web01, enabled: false))
                #expect(off.warnings.count == 1)
                #expect(await svc.apply(off, progress: { _ in }).outcome == .applied)
                let nic = try #require(await h.port(web01, token: d.token))
                #expect(nic["port_security_enabled"]?.boolValue == false)
                #expect(nic["security_groups"]?.arrayValue?.isEmpty == true)
                let on = try await svc.plan(.setSourceDestCheck(nicPortID: web01, enabled: true))
                let r = await svc.apply(on, progress: { _ in })
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(try #require(await h.port(web01, token: d.token))["port_security_enabled"]?.boolValue == true)
            }
        }
    }

    @Test("IPv6: a typed IPv6 VIP bound to two NICs' IPv6 addresses (huawei)")
    func ipv6EndToEnd() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let mgmt = try await h.firstNetwork(named: "mgmt-net", token: d.token).id
            let v6 = try #require(try await h.get(h.network + "/subnets?name=mgmt-subnet-v6", token: d.token).json["subnets"]?.arrayValue?.first).id
            var nics: [String] = []
            for (i, ip) in ["fd00:10::a1", "fd00:10::a2"].enumerated() {
                let p = try await h.makePort(token: d.token, network: mgmt, extra: [
                    ("device_owner", "compute:nova"), ("device_id", .string("v6-server-\(i)")),
                    ("fixed_ips", [["subnet_id": .string(v6), "ip_address": .string(ip)]]),
                ])
                nics.append(p.id)
            }
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.createVIP(CreateVIP(networkID: mgmt, ipAddress: "FD00:10:0::100", name: "vip6", bindNICs: nics)))
                #expect(plan.steps[0].body?.contains(#""ip_address":"fd00:10::100""#) == true)
                let r = await svc.apply(plan, progress: { _ in })
                #expect(r.outcome == .applied, "\(r.lines)")
                let vip = try #require(try await vipsNamed(h, d, "vip6").first)
                #expect(vip.firstIP == "fd00:10::100")
                #expect(vip.pairIPs.sorted() == ["fd00:10::a1", "fd00:10::a2"])
                // A typed address already in use is refused before anything is sent.
                do {
                    _ = try await svc.plan(.createVIP(CreateVIP(networkID: mgmt, ipAddress: "fd00:10::a1", name: "vip6b")))
                    Issue.record("an address in use must be refused")
                } catch let error as VIPError {
                    #expect(error.description.hasSuffix("in use by port \(nics[0].prefix(8)) (compute:nova)"))
                }
            }
        }
    }

    @Test("huawei flavor: no If-Match (the cloud has none); every write is read back")
    func huaweiFlavor() async throws {
        try await SimHarness.with({ $0.flavor = .huawei }) { h in
            let t = try await h.token(project: "cn-north-4")
            let ports = try await h.allPorts(token: t)
            let vip = try #require(ports.first { $0["name"]?.stringValue == "vip-web" }).id
            let web01 = try #require(ports.first { $0.firstIP == "192.168.10.11" }).id
            try await withSession(h, project: "cn-north-4") { s in
                let svc = VIPService(session: s, strategy: .huawei)
                #expect(try await svc.supportsIfMatch() == false)
                let plan = try await svc.plan(.bind(vipPortID: vip, nicPortIDs: [web01]))
                #expect(plan.steps.allSatisfy { $0.ifRevision == nil })
                let before = try await h.routeCounts()
                let r = await svc.apply(plan, progress: { _ in })
                let after = try await h.routeCounts()
                #expect(r.outcome == .applied, "\(r.lines)")
                let gets = (after["GET /networking/v2.0/ports/{id}"] ?? 0) - (before["GET /networking/v2.0/ports/{id}"] ?? 0)
                // Per port: the read the delta is merged into (after the journal's gate: the
                // plan check said a write is coming), the read back, the check after the quiet
                // period; plus the plan check and the final read of both ports.
                #expect(gets == 2 + 3 * 2 + 2, "\(gets) GETs")
                #expect(r.lines.contains { $0.contains("no If-Match: each write was read back, and checked again after a quiet period") })
                #expect(try #require(await h.port(vip, token: t)).pairIPs.sorted() == ["192.168.10.11", "192.168.10.21", "192.168.10.22"])
            }
        }
    }

    @Test("create + bind of one NIC with 50 ms latency: fresh read, then POST ∥ PUT: 2 round trips on the critical path")
    func criticalPath() async throws {
        try await SimHarness.with({ $0.latencyMS = 50 }) { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            try await withSession(h) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let intent = Intent.createVIP(CreateVIP(networkID: d.prodNet, ipAddress: "192.168.10.50", name: "vip-rt", bindNICs: [web01]))
                // The wizard's preview: authenticates, probes If-Match, learns the server name.
                let preview = try await svc.plan(intent)
                #expect(preview.readRoundTrips >= 2)
                let before = try await h.routeCounts()
                let clock = ContinuousClock()
                let t0 = clock.now
                let plan = try await svc.plan(intent)
                let t1 = clock.now
                let r = await svc.apply(plan, progress: { _ in })
                let t2 = clock.now
                let after = try await h.routeCounts()
                var diff: [String: Int] = [:]
                for (k, v) in after where v != (before[k] ?? 0) { diff[k] = v - (before[k] ?? 0) }
                #expect(r.outcome == .applied, "\(r.lines)")
                #expect(plan.readRoundTrips == 1)
                #expect(plan.criticalPath == 1)
                // The plan check (a fresh plan: 1 or 2), the NIC's read, its read again after
                // the first-write gate and its PUT (3; the POST is 1), the final read (1).
                #expect(r.roundTripsOnCriticalPath <= 2 * plan.readRoundTrips + 4, "\(r.roundTripsOnCriticalPath)")
                #expect(diff[Self.postRoute] == 1 && diff[Self.portRoute] == 1)
                #expect(diff.filter { !$0.key.hasPrefix("GET ") }.values.reduce(0, +) == 2, "\(diff)")
                let planMS = Double((t1 - t0).components.attoseconds) / 1e15 + Double((t1 - t0).components.seconds) * 1000
                let applyMS = Double((t2 - t1).components.attoseconds) / 1e15 + Double((t2 - t1).components.seconds) * 1000
                print("create+bind, 50 ms latency: plan \(Int(planMS)) ms, apply \(Int(applyMS)) ms (plan check, read ∥ POST, PUT, final read); \(diff.filter { $0.key.hasPrefix("GET ") }.values.reduce(0, +)) GETs in all; round trips: \(r.roundTripsOnCriticalPath)")
                // Wall times are printed, not asserted: speed goals live in figures, not in timed
                // unit tests (a loaded CI machine would make them flaky).
            }
        }
    }

    @Test("read-only session: plans are read, a create sends no POST, PUT or DELETE (stats prove it)")
    func readOnly() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            let web01 = try d.nicID("192.168.10.11")
            let before = try await h.routeCounts()
            try await withSession(h, readOnly: true) { s in
                let svc = VIPService(session: s, strategy: .huawei)
                let plan = try await svc.plan(.createVIP(CreateVIP(networkID: d.prodNet, name: "vip-ro", bindNICs: [web01])))
                #expect(plan.steps.count == 2)
                let r = await svc.apply(plan, progress: { _ in })
                #expect(r.outcome == .nothingSent)
                #expect(r.lines == ["read-only mode: vipctl sends no POST to /v2.0/ports; drop --read-only to change the cloud"])
                // The guard itself, below the service: every write is refused before the transport.
                let api = NeutronAPI(session: s)
                do {
                    _ = try await api.updatePort(web01, rawBody: #"{"port":{"allowed_address_pairs":[]}}"#)
                    Issue.record("a PUT left a read-only session")
                } catch let error as CloudError {
                    #expect(error.readOnlyRefusal == RefusedWrite(method: "PUT", path: "/v2.0/ports/\(web01)"))
                    #expect(error.oneLine == "read-only mode: vipctl sends no PUT to /v2.0/ports/\(web01); drop --read-only to change the cloud")
                }
                await #expect(throws: CloudError.self) { try await api.deletePort(web01) }
                await #expect(throws: CloudError.self) { _ = try await api.createPort(["network_id": d.prodNet]) }
                await s.setReadOnly(false)
                #expect(await s.readOnly == false)
            }
            let after = try await h.routeCounts()
            let sent = after.filter { k, v in v != (before[k] ?? 0) && !k.hasPrefix("GET ") && !k.hasSuffix("/auth/tokens") }
            #expect(sent.isEmpty, "non-GET requests reached the cloud: \(sent)")
        }
    }
}

/// Writes to one port inside one process are serialised, and concurrent applies in one
/// process (two wizards of one UI session, say) all keep their change.
@Suite("VIPService: concurrent applies in one process")
struct InProcessConcurrencyTests {
    @Test("12 applies at once binding 12 servers to one VIP, one session, no If-Match (huawei flavor): 12 of 12 kept",
          arguments: [SimulatorConfig.Flavor.huawei, .openstack])
    func oneProcess(_ flavor: SimulatorConfig.Flavor) async throws {
        try await SimHarness.with({ $0.flavor = flavor; $0.scenario = .contention }) { h in
            let project = flavor == .huawei ? "cn-north-4" : "demo"
            let token = try await h.token(project: project)
            let ports = try await h.allPorts(token: token)
            let vip = try #require(ports.first { $0["name"]?.stringValue == "vip-ha" }).id
            let nics = (1...12).compactMap { n in ports.first { $0.firstIP == "10.20.0.\(10 + n)" }?.id }
            try #require(nics.count == 12)
            try await withSession(h, project: project) { s in
                let svc = VIPService(session: s, strategy: .huawei, maxAddressPairs: 64)
                var plans: [Plan] = []
                for nic in nics { plans.append(try await svc.plan(.bind(vipPortID: vip, nicPortIDs: [nic]))) }
                let outcomes = await withTaskGroup(of: ExecutionReport.Outcome.self) { group in
                    for p in plans { group.addTask { await svc.apply(p, progress: { _ in }).outcome } }
                    var out: [ExecutionReport.Outcome] = []
                    for await o in group { out.append(o) }
                    return out
                }
                #expect(outcomes.allSatisfy { $0 == .applied }, "\(outcomes)")
            }
            let pairs = try #require(await h.port(vip, token: token)).pairIPs
            let kept = (1...12).filter { pairs.contains("10.20.0.\(10 + $0)") }.count
            print("in-process concurrency \(flavor): \(kept)/12 bindings kept")
            #expect(kept == 12, "\(pairs)")
        }
    }
}
