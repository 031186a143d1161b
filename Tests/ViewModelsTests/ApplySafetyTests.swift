import CloudAPI
import Foundation
import Testing
import VIPCore
@testable import ViewModels

/// Quitting, signals and a changed cloud while a plan is applied: the view model never leaves
/// a half-applied plan behind without saying so.
@Suite("Apply safety: quit and signals during an apply, a plan that changed, undo from the journal")
struct ApplySafetyTests {
    func step(_ id: Int, _ summary: String) -> PlanStep {
        PlanStep(id: id, operation: .update, port: .existing("port-lb01"), method: "PUT", path: "/v2.0/ports/port-lb01",
                 body: #"{"port":{"allowed_address_pairs":[{"ip_address":"1.1.1.1/0"}]}}"#, ifRevision: nil, dependsOn: [],
                 changes: [], summary: summary, delta: PortDelta(addPairs: ["1.1.1.1/0"]))
    }

    func plan(_ summary: String = "add 1.1.1.1/0") -> Plan {
        Plan(intent: .setSourceDestCheck(nicPortID: "port-lb01", enabled: false), strategy: .huawei, steps: [step(1, summary)], warnings: [])
    }

    func report(_ outcome: ExecutionReport.Outcome, interrupted: String? = nil) -> ExecutionReport {
        var r = ExecutionReport(outcome: outcome, lines: ["\(outcome.rawValue): test"], vipPortID: nil, requests: 3,
                                roundTripsOnCriticalPath: 2, seconds: 0.1)
        r.interrupted = interrupted
        return r
    }

    /// A loaded state with a check-off wizard applying `plan`.
    func applying(_ p: Plan) throws -> AppState {
        var s = try loadedState()
        _ = reduce(&s, .startedCommand)
        for c in "ports" { _ = reduce(&s, .typedCommand(String(c))) }
        _ = reduce(&s, .ranCommand)
        try move(&s, .movedDown) { $0.ports.selected?.id == "port-lb01" }
        _ = reduce(&s, .startedToggleCheck)
        _ = reduce(&s, .planned(p, generation: 1))
        #expect(reduce(&s, .confirmedApply) == [.apply(p)])
        #expect(s.wizard?.isApplying == true)
        return s
    }

    @Test("Q during an apply stops it instead of quitting; a second Q is explained; the report then quits with its status")
    func quitDuringApply() throws {
        let p = plan()
        var t = StateTester(try applying(p))
        t.send(.quitRequested, effects: [.stopApply(reason: "quit requested")]) { s in
            s.quitAfterApply = 1
            s.notice = "stopping: the step in flight finishes, what was done is undone, then vipctl quits"
        }
        #expect(t.state.shouldQuit == false)
        t.send(.quitRequested) { s in
            s.quitAfterApply = 2
            s.notice = "still undoing so no VIP is left half-bound; press Q once more to quit anyway (the cloud may stay partly changed)"
        }
        let r = report(.rolledBack, interrupted: "quit requested")
        t.send(.applyFinished(r), effects: [.quit]) { s in
            s.editWizard { w in
                w.report = r
                w.step = .result
            }
            s.shouldQuit = true
            s.exitStatus = 1
        }
    }

    @Test("the exit status after a quit that stopped an apply says how it ended", arguments: [
        (ExecutionReport.Outcome.applied, Int32(0)), (.rolledBack, 1), (.nothingSent, 1), (.partial, 3),
    ])
    func exitStatus(_ outcome: ExecutionReport.Outcome, _ status: Int32) throws {
        var s = try applying(plan())
        _ = reduce(&s, .quitRequested)
        _ = reduce(&s, .applyFinished(report(outcome)))
        #expect(s.shouldQuit)
        #expect(s.exitStatus == status)
    }

    @Test("a third Q quits at once, with status 3 (the cloud may be partly changed)")
    func thirdQuit() throws {
        var s = try applying(plan())
        _ = reduce(&s, .quitRequested)
        _ = reduce(&s, .quitRequested)
        #expect(reduce(&s, .quitRequested) == [.quit])
        #expect(s.shouldQuit && s.exitStatus == 3)
    }

    @Test("a signal during an apply stops it and keeps 128+signal unless the run ended partly applied")
    func signalDuringApply() throws {
        var s = try applying(plan())
        #expect(reduce(&s, .signalled(name: "SIGTERM", status: 143)) == [.stopApply(reason: "SIGTERM")])
        #expect(!s.shouldQuit)
        #expect(reduce(&s, .applyFinished(report(.rolledBack, interrupted: "SIGTERM"))) == [.quit])
        #expect(s.shouldQuit && s.exitStatus == 143)

        var p = try applying(plan())
        _ = reduce(&p, .signalled(name: "SIGHUP (the terminal closed)", status: 129))
        _ = reduce(&p, .applyFinished(report(.partial, interrupted: "SIGHUP")))
        #expect(p.exitStatus == 3, "partly applied says so, whatever the signal")

        var idle = try loadedState()
        #expect(reduce(&idle, .signalled(name: "SIGTERM", status: 143)) == [.quit])
        #expect(idle.shouldQuit && idle.exitStatus == 143)
    }

    @Test("the cloud changed since the plan was confirmed: the new plan is shown to confirm again, with why")
    func changedPlan() throws {
        let shown = plan()
        var t = StateTester(try applying(shown))
        let fresh = Plan(intent: shown.intent, strategy: .huawei, steps: [], warnings: [], nothingToDo: "already off")
        var r = report(.nothingSent)
        r.lines = ["nothing sent: the cloud changed since the plan was shown (already off); review the new plan and confirm again"]
        r.changedPlan = fresh
        t.send(.applyFinished(r)) { s in
            s.editWizard { w in
                w.plan = fresh
                w.step = .plan
                w.events = []
                w.report = nil
                w.planNotice = r.lines.first
            }
        }
        #expect(t.state.wizard?.isApplying == false)
        #expect(disabledReason(.confirmedApply, in: t.state) == "nothing to do: already off")
    }

    @Test("u on the journal opens the undo plan of the selected run; a run without an outcome is refused with why")
    func undoFromJournal() throws {
        func entry(_ phase: JournalEntry.Phase, ports: [JournalPort], outcome: String?) -> JournalEntry {
            JournalEntry(runID: "run-1", phase: phase, time: Date(timeIntervalSince1970: 1_765_000_000), cloud: "demo", region: nil,
                         project: "demo", user: "demo", command: "vip bind", summary: "bind vip-web to lb-01", strategy: "huawei",
                         intent: JournalIntent(action: "bind", vipPortID: "vip-web", nicPortIDs: ["port-lb01"]), requests: [], ports: ports,
                         outcome: outcome, lines: [], undoOf: nil)
        }
        let port = JournalPort(portID: "port-lb01", label: "NIC 192.168.10.21 of lb-01", before: nil, after: nil, added: ["1.1.1.1/0"])
        let done = try #require(JournalRun(started: entry(.started, ports: [port], outcome: nil), finished: entry(.finished, ports: [port], outcome: "applied")))
        guard case .success(let revert) = JournalRecorder.revert(of: done) else {
            Issue.record("a finished run can be undone")
            return
        }
        #expect(revert.ports.map(\.portID) == ["port-lb01"])
        #expect(revert.ports.first?.change.inverse == PortDelta(removePairs: ["1.1.1.1/0"]))

        let unfinished = try #require(JournalRun(started: entry(.started, ports: [port], outcome: nil), finished: nil))
        guard case .failure(let why) = JournalRecorder.revert(of: unfinished) else {
            Issue.record("a run without an outcome cannot be undone from the record")
            return
        }
        #expect(why.description.contains("has no recorded outcome"))
        #expect(why.description.contains("NIC 192.168.10.21 of lb-01"))

        var s = try loadedState()
        _ = reduce(&s, .startedCommand)
        for c in "journal" { _ = reduce(&s, .typedCommand(String(c))) }
        _ = reduce(&s, .ranCommand)
        _ = reduce(&s, .journalLoaded(JournalListing(path: "/tmp/j", runs: [done]), generation: s.journal.generation))
        #expect(s.selectedJournalRun?.runID == "run-1")
        let effects = reduce(&s, .startedUndo)
        #expect(effects == [.plan(.revert(revert), strategy: .huawei, generation: 1)])
        #expect(s.title == "Undo run run-1: bind vip-web to lb-01")

        var ro = try loadedState()
        ro.readOnly = true
        #expect(disabledReason(.startedUndo, in: ro) != nil)
    }
}
