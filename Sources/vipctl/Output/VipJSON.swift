import CloudAPI
import Foundation
import VIPCore

// MARK: JSON

/// `--output json` when the command failed before it had a plan (a read, a name, the config):
/// `{command, summary: null, plan: null, result: "failed", error, report: {outcome: "nothing sent", ...}}`.
struct FailureResult: Encodable {
    let command: String
    let error: String
    let report: ExecutionReport

    enum Keys: String, CodingKey { case command, summary, plan, result, error, report }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(command, forKey: .command)
        try c.encodeNil(forKey: .summary)
        try c.encodeNil(forKey: .plan)
        try c.encode("failed", forKey: .result)
        try c.encode(error, forKey: .error)
        try c.encode(ReportOut(report), forKey: .report)
    }
}

/// `--output json` of the changing commands (README: VIP commands).
struct CommandResult: Encodable {
    enum Status: String, Encodable {
        case applied
        case rolledBack = "rolled back"
        case partial
        case nothingSent = "nothing sent"
        case nothingToDo = "nothing to do"
        case dryRun = "dry run"
        case readOnly = "read-only"
        case refused
        case declined

        init(_ o: ExecutionReport.Outcome) {
            switch o {
            case .applied: self = .applied
            case .rolledBack: self = .rolledBack
            case .partial: self = .partial
            case .nothingSent: self = .nothingSent
            }
        }
    }

    var command: String
    var headline: String
    var plan: Plan
    var result: Status
    var report: ExecutionReport?

    enum Keys: String, CodingKey { case command, summary, plan, result, report }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(command, forKey: .command)
        try c.encode(headline, forKey: .summary)
        try c.encode(PlanOut(plan), forKey: .plan)
        try c.encode(result, forKey: .result)
        if let report { try c.encode(ReportOut(report), forKey: .report) } else { try c.encodeNil(forKey: .report) }
    }
}

struct PlanOut: Encodable {
    let plan: Plan
    init(_ p: Plan) { plan = p }

    enum Keys: String, CodingKey { case strategy, intent, steps, warnings, nothing_to_do, critical_path, read_round_trips, read_requests }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(plan.strategy.rawValue, forKey: .strategy)
        try c.encode(IntentOut(plan.intent), forKey: .intent)
        try c.encode(plan.steps.map { StepOut($0, ifMatchFromStep: PlanPresenter.ifMatchFrom($0, in: plan)) }, forKey: .steps)
        try c.encode(plan.warnings, forKey: .warnings)
        if let n = plan.nothingToDo { try c.encode(n, forKey: .nothing_to_do) } else { try c.encodeNil(forKey: .nothing_to_do) }
        try c.encode(plan.criticalPath, forKey: .critical_path)
        try c.encode(plan.readRoundTrips, forKey: .read_round_trips)
        try c.encode(plan.readRequests, forKey: .read_requests)
    }
}

struct IntentOut: Encodable {
    let intent: Intent
    init(_ i: Intent) { intent = i }

    enum Keys: String, CodingKey {
        case action, vip_port_id, nic_port_ids, network_id, subnet_id, ip_address, name, unbind_first, nic_port_id, enabled, run_id, port_ids
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch intent {
        case .createVIP(let v):
            try c.encode("create_vip", forKey: .action)
            try c.encode(v.networkID, forKey: .network_id)
            if let s = v.subnetID { try c.encode(s, forKey: .subnet_id) } else { try c.encodeNil(forKey: .subnet_id) }
            if let ip = v.ipAddress { try c.encode(ip, forKey: .ip_address) } else { try c.encodeNil(forKey: .ip_address) }
            try c.encode(v.name, forKey: .name)
            try c.encode(v.bindNICs, forKey: .nic_port_ids)
        case .bind(let vip, let nics):
            try c.encode("bind", forKey: .action)
            try c.encode(vip, forKey: .vip_port_id)
            try c.encode(nics, forKey: .nic_port_ids)
        case .unbind(let vip, let nics):
            try c.encode("unbind", forKey: .action)
            try c.encode(vip, forKey: .vip_port_id)
            try c.encode(nics, forKey: .nic_port_ids)
        case .deleteVIP(let vip, let unbind):
            try c.encode("delete_vip", forKey: .action)
            try c.encode(vip, forKey: .vip_port_id)
            try c.encode(unbind, forKey: .unbind_first)
        case .setSourceDestCheck(let nic, let on):
            try c.encode("set_source_dest_check", forKey: .action)
            try c.encode(nic, forKey: .nic_port_id)
            try c.encode(on, forKey: .enabled)
        case .revert(let r):
            try c.encode("undo", forKey: .action)
            try c.encode(r.runID, forKey: .run_id)
            try c.encode(r.ports.map(\.portID), forKey: .port_ids)
        case .removePairs(let port, let addresses):
            try c.encode("remove_pairs", forKey: .action)
            try c.encode([port], forKey: .port_ids)
            try c.encode(addresses, forKey: .ip_address)
        }
    }
}

struct StepOut: Encodable {
    let step: PlanStep
    let ifMatchFromStep: Int?
    init(_ s: PlanStep, ifMatchFromStep: Int?) {
        step = s
        self.ifMatchFromStep = ifMatchFromStep
    }

    enum Keys: String, CodingKey {
        case id, operation, method, path, body, if_match, if_match_from_step, depends_on, summary, changes, port_id, created_by_step
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(step.id, forKey: .id)
        try c.encode(step.operation.rawValue, forKey: .operation)
        try c.encode(step.method, forKey: .method)
        try c.encode(step.path, forKey: .path)
        if let b = step.body { try c.encode(b, forKey: .body) } else { try c.encodeNil(forKey: .body) }
        if let r = step.ifRevision { try c.encode("revision_number=\(r)", forKey: .if_match) } else { try c.encodeNil(forKey: .if_match) }
        if let n = ifMatchFromStep { try c.encode(n, forKey: .if_match_from_step) } else { try c.encodeNil(forKey: .if_match_from_step) }
        try c.encode(step.dependsOn, forKey: .depends_on)
        try c.encode(step.summary, forKey: .summary)
        try c.encode(step.changes.map(ChangeOut.init), forKey: .changes)
        try PortRefOut.encode(step.port, into: &c, id: .port_id, step: .created_by_step)
    }
}

enum PortRefOut {
    static func encode<K: CodingKey>(_ ref: PortRef, into c: inout KeyedEncodingContainer<K>, id: K, step: K) throws {
        switch ref {
        case .existing(let p):
            try c.encode(p, forKey: id)
            try c.encodeNil(forKey: step)
        case .created(let n):
            try c.encodeNil(forKey: id)
            try c.encode(n, forKey: step)
        }
    }
}

struct ChangeOut: Encodable {
    let change: FieldChange
    init(_ c: FieldChange) { change = c }

    enum Keys: String, CodingKey { case port_label, field, before, after, added, removed, port_id, created_by_step }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(change.portLabel, forKey: .port_label)
        try c.encode(change.field, forKey: .field)
        try c.encode(change.before, forKey: .before)
        try c.encode(change.after, forKey: .after)
        try c.encode(change.added, forKey: .added)
        try c.encode(change.removed, forKey: .removed)
        try PortRefOut.encode(change.port, into: &c, id: .port_id, step: .created_by_step)
    }
}

struct ReportOut: Encodable {
    let report: ExecutionReport
    init(_ r: ExecutionReport) { report = r }

    enum Keys: String, CodingKey {
        case outcome, lines, vip_port_id, requests, round_trips_on_critical_path, seconds, ports, writes, changed_plan, interrupted, contended,
             run_id
    }

    struct PortOut: Encodable {
        let p: PortState
        enum Keys: String, CodingKey { case port_id, label, exists, allowed_address_pairs, port_security_enabled, security_groups }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(p.portID, forKey: .port_id)
            try c.encode(p.label, forKey: .label)
            try c.encode(p.exists, forKey: .exists)
            try c.encode(p.pairs, forKey: .allowed_address_pairs)
            if let ps = p.portSecurityEnabled { try c.encode(ps, forKey: .port_security_enabled) } else { try c.encodeNil(forKey: .port_security_enabled) }
            try c.encode(p.securityGroups, forKey: .security_groups)
        }
    }

    struct WriteOut: Encodable {
        let w: RequestRecord
        enum Keys: String, CodingKey { case method, path, status, request_id, error }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(w.method, forKey: .method)
            try c.encode(w.path, forKey: .path)
            if let s = w.status { try c.encode(s, forKey: .status) } else { try c.encodeNil(forKey: .status) }
            if let r = w.requestID { try c.encode(r, forKey: .request_id) } else { try c.encodeNil(forKey: .request_id) }
            if let e = w.error { try c.encode(e, forKey: .error) } else { try c.encodeNil(forKey: .error) }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(report.ports.map(PortOut.init), forKey: .ports)
        try c.encode(report.writes.map(WriteOut.init), forKey: .writes)
        if let p = report.changedPlan { try c.encode(PlanOut(p), forKey: .changed_plan) } else { try c.encodeNil(forKey: .changed_plan) }
        if let i = report.interrupted { try c.encode(i, forKey: .interrupted) } else { try c.encodeNil(forKey: .interrupted) }
        try c.encode(report.contended, forKey: .contended)
        if let id = report.runID { try c.encode(id, forKey: .run_id) } else { try c.encodeNil(forKey: .run_id) }
        try c.encode(report.outcome.rawValue, forKey: .outcome)
        try c.encode(report.lines, forKey: .lines)
        if let v = report.vipPortID { try c.encode(v, forKey: .vip_port_id) } else { try c.encodeNil(forKey: .vip_port_id) }
        try c.encode(report.requests, forKey: .requests)
        try c.encode(report.roundTripsOnCriticalPath, forKey: .round_trips_on_critical_path)
        try c.encode((report.seconds * 1000).rounded() / 1000, forKey: .seconds)
    }
}
