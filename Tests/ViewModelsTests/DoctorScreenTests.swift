import CloudAPI
import Foundation
import L10n
import Testing
import VIPCore
@testable import ViewModels

/// The doctor screen (`:doctor`): the findings arrive from an effect; Enter on a finding with
/// a fix opens the ordinary plan screen for its intent; after an apply the doctor runs again.
@Suite("Reducer and store: the doctor screen")
struct DoctorScreenTests {
    /// The fixtures' tenant: vip-db half configured (port-db2's check on), vip-mgmt naming
    /// an address no NIC holds.
    static func report(_ change: (inout [CloudAPI.Port]) -> Void = { _ in }) throws -> DoctorReport {
        let c = try Fixtures.cloud()
        var ports = c.ports.array
        change(&ports)
        let inv = Inventory(networks: c.networks, subnets: c.subnets, ports: ports, servers: c.servers.array, serversFromNova: true)
        return Doctor.examine(DoctorInput(inventory: inv, securityGroups: nil, strategy: .huawei))
    }

    static func opened() throws -> AppState {
        var s = try loadedState()
        _ = reduce(&s, .startedCommand)
        _ = reduce(&s, .typedCommand("doctor"))
        _ = reduce(&s, .ranCommand)
        return s
    }

    @Test(":doctor runs the doctor (an effect) and lists its findings, errors first; an older run's result is dropped")
    func open() throws {
        let r = try Self.report()
        #expect(r.findings.map(\.id) == ["check-on:vip-db:port-db2", "dangling-pair:vip-mgmt:10.0.0.99"])
        var t = StateTester(try loadedState())
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.typedCommand("doctor")) { $0.overlay = .command("doctor") }
        t.send(.ranCommand, effects: [.examine(strategy: .huawei, generation: 1)]) {
            $0.overlay = nil
            $0.stack = [.root(.doctor)]
            $0.doctor.loading = true
            $0.doctor.generation = 1
        }
        #expect(t.state.screen == .doctor)
        #expect(t.state.title == "Doctor")
        #expect(t.state.statusLine.text == "Checking the VIPs...")
        // A result of another run is dropped.
        t.send(.doctorExamined(.report(r), generation: 0))
        t.send(.doctorExamined(.report(r), generation: 1)) {
            $0.doctor.loading = false
            $0.doctor.report = r
            $0.doctor.list = ListState(rows: r.findings.map(FindingRow.init))
        }
        let table = try #require(t.state.table)
        #expect(table.columns.map(\.title) == ["SEVERITY", "WHAT", "PORTS", "FIX", "ID"])
        #expect(table.rows.map { $0[0] } == ["error", "warning"])
        #expect(table.rows[0][1] == "NIC 192.168.20.12 of 数据库备节点 is bound to VIP vip-db (192.168.20.100), but its source/destination check is on")
        #expect(table.rows[0][3] == "turn the source/destination check of NIC 192.168.20.12 of 数据库备节点 off")
        #expect(table.rows[0][4] == "check-on:vip-db:port-db2")
        #expect(t.state.statusLine.text.hasPrefix("3 VIPs and 14 ports checked (huawei strategy): errors: 1, warnings: 1, notes: 0."))
        // In Chinese, the same finding in the vendor's words.
        #expect(L10n.with(.zh) { FindingRow(r.findings[0]).cells[0] } == "错误")
        #expect(L10n.with(.zh) { FindingRow(r.findings[0]).cells[1] }.contains("源/目的检查仍为开启"))
    }

    @Test("Enter on a finding opens the plan screen for its fix (the same operation plan as x or u); a finding without a fix says so")
    func enterOpensThePlan() throws {
        var s = try Self.opened()
        _ = reduce(&s, .doctorExamined(.report(try Self.report()), generation: 1))
        let effects = reduce(&s, .opened)
        let fix = Intent.setSourceDestCheck(nicPortID: "port-db2", enabled: false)
        #expect(effects == [.plan(fix, strategy: .huawei, generation: 1)])
        let w = try #require(s.wizard)
        #expect(w.kind == .operation(fix))
        #expect(w.step == .plan && w.planning)
        #expect(s.title == "Turn a NIC's source/destination check off")
        // Esc goes back to the doctor, the same finding selected; the next one's fix is a pair removal.
        _ = reduce(&s, .wentBack)
        #expect(s.stack == [.root(.doctor)])
        _ = reduce(&s, .movedDown)
        #expect(reduce(&s, .opened) == [.plan(.removePairs(portID: "vip-mgmt", addresses: ["10.0.0.99"]), strategy: .huawei, generation: 1)])
        #expect(s.title == "Remove allowed address pairs from a port")

        // vip-web bound to one NIC only: a warning without a fix.
        let single = try Self.report { ports in
            if let i = ports.firstIndex(where: { $0.id == "vip-web" }) { ports[i].allowedAddressPairs.removeLast() }
        }
        var u = try Self.opened()
        _ = reduce(&u, .doctorExamined(.report(single), generation: 1))
        let row = try #require(u.doctor.list.visible.firstIndex { u.doctor.list.rows[$0].id == "single-nic:vip-web" })
        for _ in 0..<row { _ = reduce(&u, .movedDown) }
        #expect(reduce(&u, .opened) == [])
        #expect(u.stack == [.root(.doctor)])
        #expect(u.notice?.hasPrefix("finding single-nic:vip-web has no automatic fix: With one server there is no failover") == true, "\(u.notice ?? "")")
        // d shows the first port the finding names.
        _ = reduce(&u, .openedDetails)
        #expect(u.stack.last?.screen == .detail(.port("vip-web")))
    }

    @Test("a failed run says why; r runs the doctor again; an apply finished over the doctor runs it again")
    func failureRefreshAndReapply() throws {
        var s = try Self.opened()
        _ = reduce(&s, .doctorExamined(.failed("GET /ports: 503"), generation: 1))
        #expect(s.statusLine.text == "The check failed: GET /ports: 503")
        let effects = reduce(&s, .refreshed)
        #expect(effects.last == .examine(strategy: .huawei, generation: 2))
        _ = reduce(&s, .doctorExamined(.report(try Self.report()), generation: 2))
        #expect(s.doctor.error == nil && s.doctor.list.rows.count == 2)
        // Enter, the plan arrives, a applies, the report comes back: the doctor runs again.
        _ = reduce(&s, .opened)
        let plan = Plan(intent: .setSourceDestCheck(nicPortID: "port-db2", enabled: false), strategy: .huawei, steps: [], warnings: [],
                        nothingToDo: "already off")
        _ = reduce(&s, .planned(plan, generation: 1))
        s.editWizard { $0.step = .apply }
        let report = ExecutionReport(outcome: .applied, lines: ["done"], vipPortID: nil, requests: 1, roundTripsOnCriticalPath: 1, seconds: 0.1)
        let after = reduce(&s, .applyFinished(report))
        #expect(after.last == .examine(strategy: .huawei, generation: 3))
        #expect(s.doctor.loading)
        // Elsewhere, an apply does not run the doctor.
        var v = try loadedState()
        _ = reduce(&v, .startedToggleCheck)
        v.editWizard { $0.step = .apply }
        #expect(!reduce(&v, .applyFinished(report)).contains { if case .examine = $0 { true } else { false } })
    }

    @Test("the store runs the doctor through the environment's examine")
    func throughTheStore() async throws {
        let c = try Fixtures.cloud()
        var env = fakeEnvironment(c)
        let r = try Self.report()
        env.examine = { strategy in strategy == .huawei ? .report(r) : .failed("wrong strategy") }
        let store = Store(state: freshState(), environment: env)
        await store.send(.launched)
        await store.waitForIdle()
        await store.send(.startedCommand)
        await store.send(.typedCommand("doctor"))
        await store.send(.ranCommand)
        await store.waitForIdle()
        let s = await store.state
        #expect(s.screen == .doctor)
        #expect(!s.doctor.loading && s.doctor.report == r)
        #expect(s.doctor.list.rows.map(\.id) == r.findings.map(\.id))
        // Without a doctor, the screen says so.
        let bare = Store(state: freshState(), environment: fakeEnvironment(c))
        await bare.send(.startedCommand)
        await bare.send(.typedCommand("doctor"))
        await bare.send(.ranCommand)
        await bare.waitForIdle()
        #expect(await bare.state.statusLine.text == "The check failed: this environment cannot run the doctor")
    }
}
