import CloudAPI
import Testing
import VIPCore
@testable import ViewModels

struct NotReached: Error { let what: String }

/// Sends `action` until `done` holds (at most 50 times: a list is short; a loop that cannot
/// reach its row fails instead of spinning).
func move(_ s: inout AppState, _ action: Action, until done: (AppState) -> Bool) throws {
    for _ in 0..<50 {
        if done(s) { return }
        _ = reduce(&s, action)
    }
    if !done(s) { throw NotReached(what: "\(action) never reached the row") }
}

@Suite("Wizard: create and bind, operations, Esc, read-only")
struct WizardTests {
    static let h = 26  // list height of a 100x30 state

    func samplePlan(_ intent: Intent) -> Plan {
        Plan(intent: intent, strategy: .huawei, steps: [
            PlanStep(id: 1, operation: .create, port: .created(step: 1), method: "POST", path: "/v2.0/ports",
                     body: #"{"port":{"network_id":"net-prod"}}"#, ifRevision: nil, dependsOn: [], changes: [],
                     summary: "create VIP port"),
        ], warnings: ["1.1.1.1/0 turns off anti-spoofing"])
    }

    @Test("a network with two IPv4 subnets: an address in the second is accepted as vipctl vip create accepts it; the planner picks its subnet")
    func secondSubnet() throws {
        var s = try loadedState()
        let second = try Fixtures.subnet(json: """
            {"id": "sub-prod2", "name": "prod-subnet-2", "network_id": "net-prod", "cidr": "192.168.11.0/24", "ip_version": 4,
             "gateway_ip": "192.168.11.1", "allocation_pools": [{"start": "192.168.11.2", "end": "192.168.11.254"}]}
            """)
        s.data.subnets.append(second)
        _ = reduce(&s, .startedCreateVIP)
        _ = reduce(&s, .startedFilter)
        _ = reduce(&s, .typedFilter("lb-01"))
        _ = reduce(&s, .confirmedFilter)
        _ = reduce(&s, .opened)
        _ = reduce(&s, .opened)
        #expect(s.wizard?.step == .vip)
        for c in "192.168.11.50" { _ = reduce(&s, .typedInWizard(String(c))) }
        #expect(s.wizard?.ipProblem == nil, "\(s.wizard?.ipProblem ?? "")")
        _ = reduce(&s, .opened)
        #expect(s.wizard?.step == .options)
        // The default name follows CreateVIP's one rule: after the first server.
        #expect(s.defaultVIPName(try #require(s.wizard)) == "vip-lb-01")
        let effects = reduce(&s, .opened)
        guard case .plan(.createVIP(let c), _, _)? = effects.first else {
            Issue.record("no plan effect: \(effects)")
            return
        }
        #expect(c.subnetID == nil && c.ipAddress == "192.168.11.50" && c.name == "vip-lb-01")
        let lb01 = try Fixtures.port("port-lb01")
        let subnets = s.data.subnets.filter { $0.networkID == "net-prod" }
        #expect(try Planner.subnetForNewVIP(given: nil, typed: "192.168.11.50", nics: [lb01], subnets: subnets, networkName: "prod-net").id
            == "sub-prod2")
        #expect(try Planner.subnetForNewVIP(given: nil, typed: nil, nics: [lb01], subnets: subnets, networkName: "prod-net").id == "sub-prod")
        // Outside every subnet of the network: refused as typed, in the planner's words.
        _ = reduce(&s, .wentBack)
        _ = reduce(&s, .wentBack)
        #expect(s.wizard?.step == .vip)
        for _ in 0..<13 { _ = reduce(&s, .erasedInWizard) }
        for c in "192.168.12.5" { _ = reduce(&s, .typedInWizard(String(c))) }
        #expect(s.wizard?.ipProblem?.contains("not in any subnet of prod-net (192.168.10.0/24, 192.168.11.0/24)") == true,
                "\(s.wizard?.ipProblem ?? "nil")")
    }

    @Test("the wizard's view data: the NIC's info lines and the more-NICs list are joined in the view model")
    func viewData() throws {
        var s = try loadedState()
        _ = reduce(&s, .startedCreateVIP)
        _ = reduce(&s, .startedFilter)
        _ = reduce(&s, .typedFilter("lb-01"))
        _ = reduce(&s, .confirmedFilter)
        _ = reduce(&s, .opened)
        let nic = try #require(s.wizard?.nics.selected)
        let (line1, line2) = s.wizardNICInfo(nic)
        #expect(line1 == "network prod-net · subnet prod-subnet 192.168.10.0/24 · IPs 192.168.10.21", "\(line1)")
        #expect(line2.hasSuffix("source/destination check off") && line2.contains("1.1.1.1/0"), "\(line2)")
        _ = reduce(&s, .opened)
        _ = reduce(&s, .opened)
        var more = s.wizardMoreNICs(try #require(s.wizard))
        #expect(more.selection == nil)
        #expect(Set(more.rows.map { $0[0] }) == ["[ ] web-01-eth0", "[ ] lb-02"], "\(more.rows)")  // lb-02's NIC has no name: its server's
        _ = reduce(&s, .movedToNextField)
        _ = reduce(&s, .movedToNextField)
        _ = reduce(&s, .toggledOption)
        more = s.wizardMoreNICs(try #require(s.wizard))
        #expect(more.selection != nil)
        #expect(more.rows.filter { $0[0].hasPrefix("[x] ") }.count == 1, "\(more.rows)")
    }

    @Test("every step of create-and-bind, asserted in full, down to the jump to the VIP")
    func createAndBind() throws {
        var t = StateTester(try loadedState())
        let servers = t.state.servers.rows.array
        t.send(.startedCreateVIP) {
            $0.stack.append(.wizard(WizardState(kind: .create, strategy: .huawei, servers: servers)))
        }
        #expect(t.state.screen == .wizard(.server))
        #expect(t.state.title == "Create and bind a VIP")
        // Step 1: filter to lb-01 and pick it.
        t.send(.startedFilter) { $0.overlay = .filter(original: "") }
        t.send(.typedFilter("lb-01")) { $0.editWizard { $0.servers.setFilter("lb-01", height: Self.h) } }
        t.send(.confirmedFilter) { $0.overlay = nil }
        #expect(t.state.wizard?.servers.selected?.name == "lb-01")
        t.send(.opened) { s in
            let nics = s.nicRows(of: "srv-lb01")
            s.editWizard { w in
                w.step = .nic
                w.nics = ListState(rows: nics)
            }
        }
        #expect(t.state.wizard?.nics.rows.map(\.id) == ["port-lb01"])
        // Step 2 → 3: "new VIP" first, then vip-web (same network).
        t.send(.opened) { s in
            s.editWizard { w in
                w.step = .vip
                w.vips = ListState(rows: [
                    VIPChoiceRow(id: "", address: "new VIP", name: "automatic IP, or type one", bound: ""),
                    VIPChoiceRow(id: "vip-web", address: "192.168.10.100", name: "vip-web",
                                 bound: "lb-01 192.168.10.21 off, lb-02 192.168.10.22 off"),
                ])
            }
        }
        // Typing an address in use is refused as it is typed; a free one is accepted.
        for c in "192.168.10.21" { _ = reduce(&t.state, .typedInWizard(String(c))) }
        let problem = try #require(t.state.wizard?.ipProblem)
        #expect(problem.hasPrefix("192.168.10.21: in use"), "\(problem)")
        #expect(disabledReason(.opened, in: t.state) == "fix the address first: \(problem)")
        t.send(.erasedInWizard) { s in
            s.editWizard { $0.ipText = "192.168.10.2" }
            s.revalidateIP()
        }
        t.send(.erasedInWizard) { s in
            s.editWizard {
                $0.ipText = "192.168.10."
                $0.ipProblem = "192.168.10.: not an IP address"
            }
        }
        t.send(.typedInWizard("5")) { $0.editWizard { $0.ipText = "192.168.10.5"; $0.ipProblem = nil } }
        t.send(.typedInWizard("0")) { $0.editWizard { $0.ipText = "192.168.10.50" } }
        // Step 3 → 4: the other NICs in prod-net are offered.
        t.send(.opened) { s in
            let more = s.ports.rows.filter { ["port-web01", "port-lb02"].contains($0.id) }
            s.editWizard { w in
                w.step = .options
                w.moreNICs = ListState(rows: more)
            }
        }
        #expect(Set(t.state.wizard?.moreNICs.rows.map(\.id) ?? []) == ["port-web01", "port-lb02"])
        // Options: a name, strategy flipped twice, lb-02 picked.
        for c in "vip-ha" { _ = reduce(&t.state, .typedInWizard(String(c))) }
        #expect(t.state.wizard?.name == "vip-ha")
        t.send(.movedToNextField) { $0.editWizard { $0.field = .strategy } }
        t.send(.toggledOption) { $0.editWizard { $0.strategy = .openstack } }
        t.send(.toggledOption) { $0.editWizard { $0.strategy = .huawei } }
        t.send(.movedToNextField) { $0.editWizard { $0.field = .moreNICs } }
        let lb02 = try #require(t.state.wizard?.moreNICs.visible.firstIndex { t.state.wizard?.moreNICs.rows[$0].id == "port-lb02" })
        try move(&t.state, .movedDown) { $0.wizard?.moreNICs.selection == lb02 }
        t.send(.toggledOption) { $0.editWizard { $0.chosenMore = ["port-lb02"] } }
        t.send(.typedInWizard("x")) { $0.notice = "nothing to type into here" }
        // Step 4 → 5: the plan is asked for with exactly the intent.
        let intent = Intent.createVIP(CreateVIP(networkID: "net-prod", subnetID: nil, ipAddress: "192.168.10.50",
                                                name: "vip-ha", bindNICs: ["port-lb01", "port-lb02"]))
        t.send(.opened, effects: [.plan(intent, strategy: .huawei, generation: 1)]) {
            $0.notice = nil
            $0.editWizard { w in
                w.step = .plan
                w.planning = true
                w.planGeneration = 1
            }
        }
        #expect(disabledReason(.confirmedApply, in: t.state) == "planning; wait")
        let plan = samplePlan(intent)
        t.send(.planned(plan, generation: 1)) { $0.editWizard { $0.plan = plan; $0.planning = false } }
        // Enter opened the plan step; only `a` applies.
        t.send(.opened) { $0.notice = "press a to apply this plan, Esc to go back" }
        t.send(.confirmedApply, effects: [.apply(plan)]) {
            $0.notice = nil
            $0.editWizard { $0.step = .apply }
        }
        t.send(.wentBack) { $0.notice = "applying; the plan runs to its end or undoes itself" }
        t.send(.applyProgressed(.started(step: 1))) { $0.editWizard { $0.events = [.started(step: 1)] } }
        t.send(.applyProgressed(.finished(step: 1))) { $0.editWizard { $0.events = [.started(step: 1), .finished(step: 1)] } }
        let report = ExecutionReport(outcome: .applied, lines: ["VIP 192.168.10.50 bound to lb-01, lb-02"], vipPortID: "vip-web",
                                     requests: 2, roundTripsOnCriticalPath: 2, seconds: 0.1)
        var reloaded = t.state
        let loads = reloaded.startLoads(identify: false)
        t.send(.applyFinished(report), effects: loads) { s in
            s.editWizard { $0.report = report; $0.step = .result }
            _ = s.startLoads(identify: false)
        }
        // Step 7: Enter jumps to the VIP's bound servers.
        _ = reduce(&t.state, .opened)
        #expect(t.state.screens == [.vips, .boundServers(vip: "vip-web")])
    }

    @Test("Esc goes back one step and keeps what was typed and chosen; a late plan is dropped")
    func escapeKeepsInput() throws {
        var s = try loadedState()
        _ = reduce(&s, .startedCreateVIP)
        try move(&s, .movedDown) { $0.wizard?.servers.selected?.id == "srv-lb01" }
        _ = reduce(&s, .opened)
        _ = reduce(&s, .opened)
        for c in "192.168.10.77" { _ = reduce(&s, .typedInWizard(String(c))) }
        _ = reduce(&s, .opened)
        for c in "web-vip" { _ = reduce(&s, .typedInWizard(String(c))) }
        let effects = reduce(&s, .opened)
        guard case .plan(_, _, let generation)? = effects.first else {
            Issue.record("no plan effect: \(effects)")
            return
        }
        #expect(s.wizard?.step == .plan)
        _ = reduce(&s, .wentBack)
        #expect(s.wizard?.step == .options)
        #expect(s.wizard?.name == "web-vip")
        // The plan asked for before Esc arrives late: ignored.
        _ = reduce(&s, .planned(samplePlan(.bind(vipPortID: "vip-web", nicPortIDs: [])), generation: generation))
        #expect(s.wizard?.plan == nil)
        _ = reduce(&s, .wentBack)
        #expect(s.wizard?.step == .vip)
        #expect(s.wizard?.ipText == "192.168.10.77")
        _ = reduce(&s, .wentBack)
        #expect(s.wizard?.step == .nic)
        _ = reduce(&s, .wentBack)
        #expect(s.wizard?.step == .server)
        #expect(s.wizard?.servers.selected?.id == "srv-lb01")
        _ = reduce(&s, .wentBack)
        #expect(s.wizard == nil)
        #expect(s.screens == [.networks])
    }

    @Test("operations open straight on the plan: unbind, delete, toggle check, bind more")
    func operations() throws {
        var s = try loadedState()
        // Toggle the check of lb-01's NIC (off now): turn it on.
        _ = reduce(&s, .startedCommand)
        for c in "ports" { _ = reduce(&s, .typedCommand(String(c))) }
        _ = reduce(&s, .ranCommand)
        try move(&s, .movedDown) { $0.ports.selected?.id == "port-lb01" }
        var effects = reduce(&s, .startedToggleCheck)
        #expect(effects == [.plan(.setSourceDestCheck(nicPortID: "port-lb01", enabled: true), strategy: .huawei, generation: 1)])
        #expect(s.wizard?.steps == [.plan, .apply, .result])
        #expect(s.title == "Turn a NIC's source/destination check on")
        _ = reduce(&s, .wentBack)
        #expect(s.wizard == nil)
        // Delete the VIP port vip-web from the ports list: unbinding first.
        try move(&s, .movedDown) { $0.ports.selected?.id == "vip-web" }
        effects = reduce(&s, .startedDelete)
        #expect(effects == [.plan(.deleteVIP(vipPortID: "vip-web", unbindFirst: true), strategy: .huawei, generation: 1)])
        _ = reduce(&s, .wentBack)
        // Unbind lb-02 from vip-web: VIPs → Enter → lb-02 → u.
        _ = reduce(&s, .startedCommand)
        for c in "vips" { _ = reduce(&s, .typedCommand(String(c))) }
        _ = reduce(&s, .ranCommand)
        try move(&s, .movedDown) { $0.vips.selected?.id == "vip-web" }
        #expect(disabledReason(.startedUnbind, in: s) != nil)
        _ = reduce(&s, .opened)
        try move(&s, .movedDown) { $0.stack.last?.serverList?.selected?.id == "srv-lb02" }
        effects = reduce(&s, .startedUnbind)
        #expect(effects == [.plan(.unbind(vipPortID: "vip-web", nicPortIDs: ["port-lb02"]), strategy: .huawei, generation: 1)])
        _ = reduce(&s, .wentBack)
        // Bind more: server and NIC steps, then the plan.
        _ = reduce(&s, .startedBindMore)
        #expect(s.wizard?.steps == [.server, .nic, .plan, .apply, .result])
        try move(&s, .movedDown) { $0.wizard?.servers.selected?.id == "srv-web01" }
        _ = reduce(&s, .opened)
        effects = reduce(&s, .opened)
        #expect(effects == [.plan(.bind(vipPortID: "vip-web", nicPortIDs: ["port-web01"]), strategy: .huawei, generation: 1)])
        // Nothing to do: `a` says why.
        let none = Plan(intent: .bind(vipPortID: "vip-web", nicPortIDs: ["port-web01"]), strategy: .huawei, steps: [],
                        warnings: [], nothingToDo: "already bound")
        _ = reduce(&s, .planned(none, generation: 1))
        #expect(disabledReason(.confirmedApply, in: s) == "nothing to do: already bound")
        // A failed plan shows its one line.
        _ = reduce(&s, .wentBack)
        effects = reduce(&s, .opened)
        guard case .plan(_, _, let generation)? = effects.first else {
            Issue.record("no plan effect: \(effects)")
            return
        }
        _ = reduce(&s, .planFailed("an older failure", generation: generation - 1))
        #expect(s.wizard?.planError == nil)
        _ = reduce(&s, .planFailed("vip-web: Neutron 404 PortNotFound", generation: generation))
        #expect(s.wizard?.planError == "vip-web: Neutron 404 PortNotFound")
        #expect(s.statusLine.text == "vip-web: Neutron 404 PortNotFound")
    }

    @Test("read-only: every mutating key is disabled with the reason; browsing still works")
    func readOnly() throws {
        var s = AppState(header: testHeader, size: TerminalSize(width: 100, height: 30), readOnly: true)
        let c = try Fixtures.cloud()
        _ = reduce(&s, .launched)
        _ = reduce(&s, .pageLoaded(.ports(c.ports.array), generation: 1, done: true))
        _ = reduce(&s, .pageLoaded(.servers(c.servers.array), generation: 1, done: true))
        let reason = "read-only mode: vipctl changes nothing in this cloud (started with --read-only or read_only: true)"
        for a: Action in [.startedCreateVIP, .startedBindMore, .startedDelete, .startedToggleCheck, .startedUnbind] {
            #expect(disabledReason(a, in: s) == reason, "\(a)")
        }
        #expect(reduce(&s, .startedCreateVIP) == [])
        #expect(s.notice == reason)
        #expect(s.wizard == nil)
        #expect(disabledReason(.movedDown, in: s) == nil)
        // READ-ONLY mode in the header means read-only too.
        let ro = AppState(header: Header(cloud: "c", mode: .readOnly), size: TerminalSize(width: 80, height: 24))
        #expect(ro.readOnly)
    }
}
