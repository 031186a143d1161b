import CloudAPI
import Foundation
import L10n

/// One line of a plan, of an apply's progress or of its report, with how it is meant to look.
/// Front ends map the style to their own means (the TUI's theme; plain text on stdout).
public struct PlanLine: Equatable, Sendable {
    public enum Style: Sendable, Equatable {
        /// "Plan: …", "Step 1: …", the report's outcome when it applied.
        case heading
        case normal
        /// Requests, bodies, explanations.
        case detail
        /// A field's before and after.
        case change
        case warning
        case error
    }

    public var text: String
    public var style: Style

    /// `text` is one line, whatever it holds: a pair, a summary or a message from the cloud
    /// with a newline or an escape in it is shown escaped (`Inert.field`), so no line of a
    /// plan can start a line of its own.
    public init(_ text: String, _ style: Style = .normal) {
        self.text = Inert.field(text)
        self.style = style
    }
}

/// The one wording of a plan, its progress events and its report, for the TUI's plan, apply and
/// result screens and the headless `vip`/`nic` commands alike: the same facts in the same words
/// (the request, If-Match, the body, what a step waits for, every field's before and after with
/// what a list gained and lost, warnings, the critical path). Pure. Lines are not wrapped: the
/// TUI wraps them to its width, the headless output keeps one fact per line for grep.
public enum PlanPresenter {
    public static func strategyLine(_ s: VIPStrategy) -> String {
        switch s {
        case .huawei:
            return PlanText.strategyHuawei.text
        case .openstack:
            return PlanText.strategyOpenstack.text
        }
    }

    /// The plan, headed by what it does (`headline`).
    public static func plan(_ plan: Plan, headline: String) -> [PlanLine] {
        var out = [PlanLine(PlanText.planHeading(headline), .heading), PlanLine("  " + strategyLine(plan.strategy), .detail)]
        if plan.steps.isEmpty {
            out.append(PlanLine(PlanText.nothingToDo(plan.nothingToDo ?? PlanText.cloudAlreadyHoldsThis.text)))
            return out
        }
        for s in plan.steps {
            out.append(PlanLine(""))
            out += step(s, in: plan)
        }
        if !plan.warnings.isEmpty {
            out.append(PlanLine(""))
            out.append(PlanLine(PlanText.warningsHeading.text, .warning))
            out += plan.warnings.map { PlanLine("  ! \($0)", .warning) }
        }
        let rt = plan.criticalPath
        out.append(PlanLine(""))
        out.append(PlanLine(PlanText.totals(PlanText.count(plan.steps.count, one: .requestOne, many: .requestMany),
                                          PlanText.count(rt, one: .roundTripOne, many: .roundTripMany))))
        return out
    }

    public static func step(_ s: PlanStep, in plan: Plan) -> [PlanLine] {
        var out = [PlanLine(PlanText.stepHeading(s.id, s.summary), .heading), PlanLine("  \(s.method) \(s.path)", .detail)]
        if let rev = s.ifRevision {
            out.append(PlanLine("  If-Match: revision_number=\(rev)", .detail))
        } else if s.method != "POST" {
            // A port an earlier step writes is sent with the revision that write returns.
            if let earlier = ifMatchFrom(s, in: plan) {
                out.append(PlanLine("  " + PlanText.ifMatchFromStep(earlier), .detail))
            } else {
                out.append(PlanLine("  " + PlanText.noIfMatch.text, .detail))
            }
        }
        if let body = s.body { out.append(PlanLine("  \(body)", .detail)) }
        if !s.dependsOn.isEmpty {
            let steps = s.dependsOn.map(String.init).joined(separator: ", ")
            out.append(PlanLine("  " + (s.dependsOn.count == 1 ? PlanText.afterStep(steps) : PlanText.afterSteps(steps)), .detail))
        }
        for c in s.changes {
            // "port" is the whole port (a create or a delete), not an API field: said in words.
            let field = c.field == "port" ? Common.port.text : c.field
            out.append(PlanLine("  " + PlanText.fieldLine(c.portLabel, field), .change))
            out.append(PlanLine("    " + PlanText.before(list(c.before)), .change))
            // What a list gained and lost (a single value's before/after says it already).
            var diff: [String] = []
            if ["allowed_address_pairs", "security_groups"].contains(c.field) {
                diff = c.added.map { "+" + $0 } + c.removed.map { "-" + $0 }
            }
            out.append(PlanLine("    " + PlanText.after(list(c.after)) + (diff.isEmpty ? "" : "   (\(diff.joined(separator: " ")))"), .change))
        }
        return out
    }

    /// For a step without a revision of its own: the earlier step of the plan that writes the
    /// same port, whose answer's revision the executor sends.
    public static func ifMatchFrom(_ s: PlanStep, in plan: Plan) -> Int? {
        guard s.ifRevision == nil, s.method != "POST", plan.steps.contains(where: { $0.ifRevision != nil }) else { return nil }
        return plan.steps.last { $0.id < s.id && $0.port == s.port && s.dependsOn.contains($0.id) }?.id
    }

    /// One progress event as a line ("step 2/3 PUT /v2.0/ports/…: done").
    public static func progress(_ e: ExecutionEvent, in plan: Plan) -> PlanLine {
        func what(_ n: Int) -> String {
            guard let s = plan.steps.first(where: { $0.id == n }) else { return OutcomeText.stepN(n) }
            return OutcomeText.stepOf(n, plan.steps.count, s.method, s.path)
        }
        switch e {
        case .started(let n): return PlanLine(OutcomeText.sending(what(n)), .detail)
        case .finished(let n): return PlanLine(OutcomeText.done(what(n)))
        case .failed(let n, let m): return PlanLine(OutcomeText.failed(what(n), m), .error)
        case .retrying(let n, let attempt, let reason): return PlanLine(OutcomeText.attempt(what(n), attempt + 1, reason), .warning)
        case .stopping(let reason): return PlanLine(ExecutionEvent.stoppingText(reason), .warning)
        case .undoing(let n): return PlanLine(OutcomeText.undoing(what(n)), .warning)
        case .undone(let n): return PlanLine(OutcomeText.undone(what(n)), .warning)
        case .undoFailed(let n, let m): return PlanLine(OutcomeText.undoFailed(what(n), m), .error)
        }
    }

    /// Where a step stands after `events`: a short mark for a live list of steps.
    public static func stepMark(_ step: Int, events: [ExecutionEvent]) -> String {
        var s = "  ·"
        for e in events {
            switch e {
            case .started(let n) where n == step: s = "  …"
            case .finished(let n) where n == step: s = " ok"
            case .failed(let n, _) where n == step: s = "  ✗"
            case .undoing(let n) where n == step: s = " <-"
            case .undone(let n) where n == step: s = " un"
            case .undoFailed(let n, _) where n == step: s = "  ✗"
            default: break
            }
        }
        return s
    }

    /// The outcome in one line, then what the cloud holds now (the report's lines).
    public static func report(_ r: ExecutionReport) -> [PlanLine] {
        let head: String
        switch r.outcome {
        case .applied: head = OutcomeText.headApplied.text
        case .rolledBack: head = r.interrupted == nil ? OutcomeText.headRolledBack.text : OutcomeText.headStoppedRolledBack(r.interrupted ?? "")
        case .partial: head = OutcomeText.headPartial.text
        case .nothingSent: head = r.writes.isEmpty ? OutcomeText.headNothingSent.text : OutcomeText.headNothingChanged.text
        }
        let style: PlanLine.Style = r.outcome == .applied ? .heading : (r.outcome == .nothingSent ? .warning : .error)
        let rt = r.roundTripsOnCriticalPath
        var out = [PlanLine(OutcomeText.reportLine(head, PlanText.count(r.writes.count, one: .writeOne, many: .writeMany), r.requests,
                                                   PlanText.count(rt, one: .roundTripOne, many: .roundTripMany),
                                                   String(format: "%.2f s", r.seconds)), style)]
        if let id = r.vipPortID { out.append(PlanLine("  " + OutcomeText.vipPort(id))) }
        out += r.lines.map { PlanLine("  \($0)") }
        return out
    }

    /// Lines as plain text, each ending in a newline.
    public static func text(_ lines: [PlanLine]) -> String { lines.map { $0.text + "\n" }.joined() }

    static func list(_ v: [String]) -> String { v.isEmpty ? PlanText.noneInList.text : v.joined(separator: ", ") }
}
