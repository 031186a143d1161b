import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Issue 9, item 4: faults, measured. 100 `vip create --bind A --bind B` runs and 100 `vip
/// unbind` runs against a simulator injecting 5xx on writes and reads, connection resets,
/// answers lost after the write happened (the `commit` fault: 502, 504 or a dropped
/// connection), latency spikes, and tokens expired in the middle of the runs. Every run must
/// print one outcome (applied, nothing sent, rolled back, partial) with its exit status, and the
/// cloud read afterwards (faults cleared) must agree with it.
@Suite("Proof: faults", .serialized)
struct FaultProofTests {
    enum Kind: String, Sendable { case create, unbind }

    /// One planned run: its number, the two servers it touches, the VIP's name.
    struct Planned: Sendable {
        let kind: Kind
        let number: Int
        let a: Int
        let b: Int
        var name: String { (kind == .create ? "vip-f" : "vip-u") + String(number) }

        var args: [String] {
            switch kind {
            case .create:
                return ["vip", "create", "--network", "ha-net", "--name", name, "--bind", Proof.node(a), "--bind", Proof.node(b),
                        "--yes", "--output", "json"]
            case .unbind:
                return ["vip", "unbind", name, "--server", Proof.node(a), "--yes", "--output", "json"]
            }
        }
    }

    /// The touched ports before a run.
    struct Before {
        let nicA: String, nicB: String
        let stateA: PortState, stateB: PortState
        /// unbind: the VIP's id and state.
        let vipID: String?
        let vip: PortState?
    }

    /// A named set of fault rules; every batch also expires the tokens while its runs are in flight.
    struct Profile: Sendable {
        let name: String
        let doc: JSON
    }

    static let writeRoutes = ["PUT /networking/v2.0/ports/{id}", "POST /networking/v2.0/ports", "DELETE /networking/v2.0/ports/{id}"]
    static let readRoutes = ["GET /networking*", "GET /compute*"]

    static func rules(_ list: [JSON]) -> JSON { ["rules": .array(list)] }

    static let profiles: [Profile] = [
        // 20% 5xx on every write and every read.
        Profile(name: "5xx 20%", doc: rules(
            writeRoutes.map { ["route": .string($0), "action": "error", "status": 503, "rate": .double(0.2)] }
                + [["route": "GET /networking*", "action": "error", "status": 502, "body": "html", "rate": .double(0.2)],
                   ["route": "GET /compute*", "action": "error", "status": 503, "rate": .double(0.2)]])),
        // Answers lost after the write happened, as behind an API gateway that times out.
        Profile(name: "lost answers", doc: rules([
            ["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": 502, "rate": .double(0.12)],
            ["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": 504, "body": "html", "rate": .double(0.12)],
            ["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": "reset", "rate": .double(0.12)],
            ["route": "POST /networking/v2.0/ports", "action": "commit", "then": 502, "rate": .double(0.2)],
            ["route": "POST /networking/v2.0/ports", "action": "commit", "then": "reset", "rate": .double(0.2)],
            ["route": "DELETE /networking/v2.0/ports/{id}", "action": "commit", "then": 504, "rate": .double(0.2)],
        ])),
        // Connection resets and latency spikes.
        Profile(name: "resets and spikes", doc: rules(
            [["route": "*", "action": "delay", "delay_ms": 700, "rate": .double(0.08)]]
                + writeRoutes.map { ["route": .string($0), "action": "reset", "rate": .double(0.12)] }
                + readRoutes.map { ["route": .string($0), "action": "reset", "rate": .double(0.06)] })),
        // All of it at once, at lower rates.
        Profile(name: "mixed", doc: rules(
            [["route": "*", "action": "delay", "delay_ms": 400, "rate": .double(0.05)],
             ["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": 502, "rate": .double(0.06)],
             ["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": "reset", "rate": .double(0.04)],
             ["route": "POST /networking/v2.0/ports", "action": "commit", "then": 504, "rate": .double(0.08)],
             ["route": "DELETE /networking/v2.0/ports/{id}", "action": "commit", "then": 502, "rate": .double(0.08)]]
                + writeRoutes.map { ["route": .string($0), "action": "reset", "rate": .double(0.04)] }
                + writeRoutes.map { ["route": .string($0), "action": "error", "status": 500, "rate": .double(0.1)] }
                + readRoutes.map { ["route": .string($0), "action": "error", "status": 503, "rate": .double(0.1)] })),
        // Writes refused for good (409, which no client retries) among transient faults, so
        // runs roll back, and some undos meet a fault too.
        Profile(name: "refusals", doc: rules([
            ["route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 409, "rate": .double(0.25)],
            ["route": "DELETE /networking/v2.0/ports/{id}", "action": "error", "status": 409, "rate": .double(0.25)],
            ["route": "PUT /networking/v2.0/ports/{id}", "action": "commit", "then": 502, "body": "html", "rate": .double(0.1)],
            ["route": "POST /networking/v2.0/ports", "action": "commit", "then": "reset", "rate": .double(0.1)],
        ] + writeRoutes.map { ["route": .string($0), "action": "error", "status": 503, "rate": .double(0.2)] }
          + readRoutes.map { ["route": .string($0), "action": "error", "status": 502, "body": "html", "rate": .double(0.2)] })),
    ]

    /// Runs in parallel in one batch (each on its own two servers).
    static let batchSize = 10

    // MARK: the measurement

    struct Tally: CustomStringConvertible {
        var runs = 0
        var outcomes: [String: Int] = [:]
        var mismatches = 0
        var crashes = 0
        /// Tokens issued beyond one per run: re-authentications after the tokens expired mid-run.
        var reauths = 0
        /// (outcome printed, what is wrong)
        var details: [(String, String)] = []

        mutating func add(_ other: Tally) {
            runs += other.runs
            mismatches += other.mismatches
            crashes += other.crashes
            reauths += other.reauths
            for (k, v) in other.outcomes { outcomes[k, default: 0] += v }
            details += other.details
        }

        var description: String {
            let known = ["applied", "nothing sent", "rolled back", "partial"]
            var parts = known.map { "\($0) \(outcomes[$0] ?? 0)" }
            for (k, v) in outcomes.sorted(by: { $0.key < $1.key }) where !known.contains(k) { parts.append("\(k) \(v)") }
            var byOutcome: [String: Int] = [:]
            for (outcome, _) in details { byOutcome[outcome, default: 0] += 1 }
            let mismatchSplit = byOutcome.isEmpty ? ""
                : " (" + byOutcome.sorted { $0.key < $1.key }.map { "printed \($0.key) \($0.value)" }.joined(separator: ", ") + ")"
            return "\(runs) (" + parts.joined(separator: ", ") + "), mismatches \(mismatches)\(mismatchSplit), crashes \(crashes), "
                + "re-authentications after tokens expired mid-run \(reauths)"
        }
    }

    /// 100 runs of `kind`: half on each flavor, in batches of 10, one batch per fault profile.
    static func measure(_ kind: Kind) async throws -> Tally {
        let clock = ContinuousClock()
        let start = clock.now
        var total = Tally()
        var perFlavor: [String] = []
        var number = 0
        for flavor in SimulatorConfig.Flavor.allCases {
            var tally = Tally()
            try await SimHarness.with(Proof.configure(flavor)) { h in
                for profile in profiles {
                    let planned = (0..<batchSize).map { i -> Planned in
                        number += 1
                        return Planned(kind: kind, number: number, a: 2 * i + 1, b: 2 * i + 2)
                    }
                    tally.add(try await batch(h, flavor, profile, planned))
                }
            }
            perFlavor.append("\(flavor): \(tally)")
            total.add(tally)
        }
        let seconds = Proof.seconds(clock.now - start)
        print("fault runs \(kind): \(total) [" + perFlavor.joined(separator: "; ") + String(format: "] in %.1f s", seconds))
        // A few examples of each kind of mismatch (by the outcome printed), for the log.
        var shown: [String: Int] = [:]
        for (outcome, d) in total.details where shown[outcome, default: 0] < 3 {
            shown[outcome, default: 0] += 1
            print("fault runs \(kind) mismatch (\(outcome)): \(d)")
        }
        return total
    }

    /// One batch: a fresh cloud, the VIPs to unbind (bound as a clean run leaves them), the
    /// snapshot, the faults, all runs at once with the tokens expired meanwhile, then the check.
    static func batch(_ h: SimHarness, _ flavor: SimulatorConfig.Flavor, _ profile: Profile, _ planned: [Planned]) async throws -> Tally {
        try await Proof.reset(h)
        var ports = try await Proof.ports(h, flavor)
        let nics = try Proof.nics(ports)
        let net = try await h.firstNetwork(named: "ha-net", token: try await Proof.token(h, flavor))
        if planned.first?.kind == .unbind {
            let t = try await Proof.token(h, flavor)
            for p in planned {
                let vip = try await h.makePort(token: t, network: net.id, extra: [
                    ("name", .string(p.name)), ("device_owner", "neutron:VIP_PORT"),
                    ("allowed_address_pairs", [["ip_address": .string(Proof.nodeIP(p.a))], ["ip_address": .string(Proof.nodeIP(p.b))]]),
                ])
                try #require(vip.pairIPs.count == 2, "setup \(p.name): \(vip)")
                for n in [p.a, p.b] {
                    let r = try await h.request("PUT", h.network + "/ports/" + (nics[n] ?? ""),
                                                json: ["port": ["allowed_address_pairs": [["ip_address": .string(Proof.checkOff)]]]], token: t)
                    try #require(r.status == 200, "setup NIC of \(Proof.node(n)): \(r.status) \(r.text)")
                }
            }
            ports = try await Proof.ports(h, flavor)
        }
        var befores: [Before] = []
        for p in planned {
            let a = nics[p.a] ?? "", b = nics[p.b] ?? ""
            var vip: JSON?
            if p.kind == .unbind { vip = try Proof.vip(named: p.name, in: ports) }
            befores.append(Before(nicA: a, nicB: b, stateA: PortState(ports[a]), stateB: PortState(ports[b]),
                                  vipID: vip?.id, vip: vip.map { PortState($0) }))
        }

        try await Proof.setFaults(h, profile.doc)
        let tokensBefore = try await Self.tokensIssued(h)
        let runs = try await withThrowingTaskGroup(of: (Int, Proof.Run)?.self) { group in
            for (i, p) in planned.enumerated() {
                group.addTask {
                    let run = try await Proof.vipctl(h, flavor, p.args)
                    return (i, run)
                }
            }
            // A token that expires in the middle: every token issued so far stops working.
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int.random(in: 250...600)))
                try await Proof.setFaults(h, ["expire_tokens": true])
                return nil
            }
            var out: [Proof.Run?] = Array(repeating: nil, count: planned.count)
            for try await item in group {
                if let item { out[item.0] = item.1 }
            }
            return out.compactMap { $0 }
        }
        let tokensAfter = try await Self.tokensIssued(h)
        try await Proof.clearFaults(h)
        let after = try await Proof.ports(h, flavor)

        var tally = Tally()
        tally.reauths = max(0, tokensAfter - tokensBefore - planned.count)
        for (i, p) in planned.enumerated() {
            let (outcome, problems) = evaluate(p, befores[i], runs[i], after)
            tally.runs += 1
            tally.outcomes[outcome, default: 0] += 1
            if runs[i].crashed { tally.crashes += 1 }
            if !problems.isEmpty {
                tally.mismatches += 1
                tally.details.append((outcome, "[\(flavor), \(profile.name)] \(p.name) printed \(outcome): "
                    + problems.joined(separator: "; ") + " | " + runs[i].summary))
            }
        }
        return tally
    }

    /// Tokens keystone issued so far (since the last reset).
    static func tokensIssued(_ h: SimHarness) async throws -> Int {
        try await h.stats()["requests"]?["POST /identity/v3/auth/tokens"]?.intValue ?? 0
    }

    /// The outcome the run printed, and every way the cloud (or the exit status) disagrees with it.
    static func evaluate(_ p: Planned, _ before: Before, _ run: Proof.Run, _ ports: [String: JSON]) -> (String, [String]) {
        if run.crashed { return ("crashed", ["crashed (exit \(run.output.status), signal \(run.output.signal.map(String.init) ?? "-"))"]) }
        guard let json = run.json else { return ("no JSON", ["stdout is not one JSON document (exit \(run.output.status))"]) }
        guard let report = json["report"], let outcome = report["outcome"]?.stringValue else {
            return ("no report", ["no report.outcome (result \(json["result"]?.stringValue ?? "?"), exit \(run.output.status))"])
        }
        var problems: [String] = []
        let expectedExit: Int32?
        switch outcome {
        case "applied": expectedExit = 0
        case "nothing sent", "rolled back": expectedExit = 1
        case "partial": expectedExit = 3
        default:
            expectedExit = nil
            problems.append("unknown outcome \"\(outcome)\"")
        }
        if let e = expectedExit, run.output.status != e { problems.append("exit \(run.output.status), expected \(e) for \(outcome)") }

        let nicA = PortState(ports[before.nicA]), nicB = PortState(ports[before.nicB])
        let named = ports.values.filter { $0["name"]?.stringValue == p.name }
        let ipA = Proof.nodeIP(p.a), ipB = Proof.nodeIP(p.b)
        switch outcome {
        case "applied":
            switch p.kind {
            case .create:
                if named.count != 1 {
                    problems.append("\(named.count) ports named \(p.name), expected 1")
                }
                if let vip = named.first {
                    if Set(vip.pairIPs) != [ipA, ipB] { problems.append("VIP pairs \(vip.pairIPs.sorted()), expected [\(ipA), \(ipB)]") }
                    if vip["device_owner"]?.stringValue != "neutron:VIP_PORT" { problems.append("VIP device_owner \(vip["device_owner"]?.text ?? "?")") }
                    if let id = report["vip_port_id"]?.stringValue, id != vip.id { problems.append("report.vip_port_id \(id) is not \(vip.id)") }
                }
                if !nicA.pairs.contains(Proof.checkOff) { problems.append("NIC of \(Proof.node(p.a)): \(nicA), no \(Proof.checkOff)") }
                if !nicB.pairs.contains(Proof.checkOff) { problems.append("NIC of \(Proof.node(p.b)): \(nicB), no \(Proof.checkOff)") }
            case .unbind:
                let vip = PortState(ports[before.vipID ?? ""])
                var expected = before.vip?.pairs ?? []
                expected.removeAll { $0 == ipA }
                if vip.pairs != expected { problems.append("VIP \(vip), expected pairs [\(expected.joined(separator: ", "))]") }
            }
        case "nothing sent", "rolled back":
            if nicA != before.stateA { problems.append("NIC of \(Proof.node(p.a)) was \(before.stateA), is \(nicA)") }
            if nicB != before.stateB { problems.append("NIC of \(Proof.node(p.b)) was \(before.stateB), is \(nicB)") }
            switch p.kind {
            case .create:
                if !named.isEmpty { problems.append("\(named.count) ports named \(p.name) exist: \(named.map(\.id))") }
            case .unbind:
                let vip = PortState(ports[before.vipID ?? ""])
                if let b = before.vip, vip != b { problems.append("VIP was \(b), is \(vip)") }
            }
        case "partial":
            let entries = report["ports"]?.arrayValue ?? []
            if entries.isEmpty { problems.append("report.ports is missing or empty") }
            var listed: Set<String> = []
            for e in entries {
                guard let id = e["port_id"]?.stringValue, let exists = e["exists"]?.boolValue else {
                    problems.append("report.ports entry without port_id or exists: \(e.text)")
                    continue
                }
                listed.insert(id)
                let cloud = PortState(ports[id])
                let label = e["label"]?.stringValue ?? id
                if exists != cloud.exists {
                    problems.append("report says \(label) \(exists ? "exists" : "is gone"); the cloud: \(cloud)")
                    continue
                }
                guard exists else { continue }
                let said = (e["allowed_address_pairs"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
                if said != cloud.pairs { problems.append("report says \(label) has pairs \(said); the cloud: \(cloud)") }
                if let ps = e["port_security_enabled"]?.boolValue, ps != cloud.portSecurity {
                    problems.append("report says \(label) port security \(ps); the cloud: \(cloud)")
                }
            }
            // Every touched port that differs from before must be in the report.
            var changed: [(String, String)] = []
            if nicA != before.stateA { changed.append((before.nicA, "NIC of \(Proof.node(p.a))")) }
            if nicB != before.stateB { changed.append((before.nicB, "NIC of \(Proof.node(p.b))")) }
            if let id = before.vipID, PortState(ports[id]) != before.vip { changed.append((id, "VIP \(p.name)")) }
            for v in named where p.kind == .create { changed.append((v.id, "VIP \(p.name)")) }
            for (id, label) in changed where !listed.contains(id) {
                problems.append("\(label) (\(id)) changed but is not in report.ports")
            }
        default:
            break
        }
        return (outcome, problems)
    }

    @Test("100 runs of vip create --bind A --bind B under faults: each outcome printed equals the cloud's state, no crash")
    func createUnderFaults() async throws {
        let t = try await Self.measure(.create)
        #expect(t.runs == 100)
        #expect(t.crashes == 0)
        #expect(t.mismatches == 0, "\(t.mismatches) runs whose outcome differs from the cloud:\n\(t.details.prefix(20).map(\.1).joined(separator: "\n"))")
    }

    @Test("100 runs of vip unbind under faults (VIPs bound as a clean run leaves them): each outcome printed equals the cloud's state, no crash")
    func unbindUnderFaults() async throws {
        let t = try await Self.measure(.unbind)
        #expect(t.runs == 100)
        #expect(t.crashes == 0)
        #expect(t.mismatches == 0, "\(t.mismatches) runs whose outcome differs from the cloud:\n\(t.details.prefix(20).map(\.1).joined(separator: "\n"))")
    }
}
