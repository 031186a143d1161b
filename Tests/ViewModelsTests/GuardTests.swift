import CloudAPI
import Foundation
import Testing
import VIPCore
@testable import ViewModels

/// Named states of every kind the guards look at: lists (empty, loaded, filtered to nothing),
/// selections (a NIC, a VIP, a bound server, a NIC without an IP), detail views, each overlay,
/// a small terminal, quitting, read-only, and the wizard at each step.
enum GuardSamples {
    static let report = ExecutionReport(outcome: .applied, lines: ["VIP bound"], vipPortID: "vip-web", requests: 2,
                                        roundTripsOnCriticalPath: 2, seconds: 0.1)

    static func plan(steps: Bool) -> Plan {
        let step = PlanStep(id: 1, operation: .create, port: .created(step: 1), method: "POST", path: "/v2.0/ports",
                            body: #"{"port":{"network_id":"net-prod"}}"#, ifRevision: nil, dependsOn: [], changes: [],
                            summary: "create VIP port")
        return Plan(intent: .bind(vipPortID: "vip-web", nicPortIDs: ["port-web01"]), strategy: .huawei,
                    steps: steps ? [step] : [], warnings: [], nothingToDo: steps ? nil : "already bound")
    }

    static func after(_ s: AppState, _ actions: [Action]) -> AppState {
        var s = s
        for a in actions { _ = reduce(&s, a) }
        return s
    }

    static func typed(_ text: String) -> [Action] { text.map { .typedInWizard(String($0)) } }

    static func commanded(_ text: String) -> [Action] { [.startedCommand] + text.map { .typedCommand(String($0)) } + [.ranCommand] }

    static func states() throws -> [(name: String, state: AppState)] {
        let loaded = try loadedState()
        var ports = try loadedState(start: .ports)
        try move(&ports, .movedDown) { $0.ports.selected?.id == "port-lb01" }
        var vipPort = ports
        try move(&vipPort, .movedDown) { $0.ports.selected?.id == "vip-web" }
        var vips = try loadedState(start: .vips)
        try move(&vips, .movedDown) { $0.vips.selected?.id == "vip-web" }
        var bound = after(vips, [.opened])
        try move(&bound, .movedDown) { $0.stack.last?.serverList?.selected?.id == "srv-lb02" }
        let holding = after(ports, [.opened])
        let detail = after(loaded, [.openedDetails])
        var linked = detail
        try move(&linked, .movedDown) { $0.detail?.currentLine?.link != nil }

        var noIP = freshState(start: .ports)
        _ = reduce(&noIP, .launched)
        let bare = try Fixtures.port(json: #"{"id": "bare", "network_id": "n", "device_owner": "compute:nova", "device_id": "s"}"#)
        _ = reduce(&noIP, .pageLoaded(.ports([bare]), generation: 1, done: true))

        var failed = after(loaded, [.refreshed])
        let err = CloudError.transport(TransportFailure(kind: .timeout, url: "https://nova", detail: "60 s"))
        _ = reduce(&failed, .loadFailed(.servers, err, generation: failed.generations[.servers] ?? 0))

        var readOnly = AppState(header: testHeader, size: TerminalSize(width: 100, height: 30), start: .vips, readOnly: true)
        let c = try Fixtures.cloud()
        _ = reduce(&readOnly, .launched)
        for page: Page in [.networks(c.networks), .subnets(c.subnets), .ports(c.ports.array), .servers(c.servers.array)] {
            _ = reduce(&readOnly, .pageLoaded(page, generation: 1, done: true))
        }

        var wizard = after(try loadedState(start: .servers), [.startedCreateVIP])
        try move(&wizard, .movedDown) { $0.wizard?.servers.selected?.id == "srv-lb01" }
        let nic = after(wizard, [.opened])
        let vip = after(nic, [.opened])
        let badIP = after(vip, typed("192.168.10.21"))
        let options = after(vip, typed("192.168.10.77") + [.opened])
        let planning = after(options, [.opened])
        let generation = planning.wizard?.planGeneration ?? 0
        let planned = after(planning, [.planned(plan(steps: true), generation: generation)])

        return [
            ("fresh", freshState()),
            ("networks", loaded),
            ("networks filtered to nothing", after(loaded, [.startedFilter, .typedFilter("zzz"), .confirmedFilter])),
            ("ports, a NIC selected", ports),
            ("ports, a VIP selected", vipPort),
            ("ports, a NIC without an IP", noIP),
            ("VIPs", vips),
            ("a VIP's bound servers", bound),
            ("the VIPs holding a NIC's IP", holding),
            ("detail", detail),
            ("detail, a line with a link", linked),
            ("detail, raw JSON", after(detail, [.toggledRawJSON])),
            ("journal, empty", after(freshState(start: .journal), [.journalLoaded(JournalListing(path: "/j", runs: []), generation: 1)])),
            ("filter open", after(loaded, [.startedFilter, .typedFilter("prod")])),
            ("command line open", after(loaded, [.startedCommand])),
            ("help open", after(loaded, [.toggledHelp])),
            ("after an error", failed),
            ("help open after an error", after(failed, [.toggledHelp])),
            ("error details open", after(failed, [.openedErrorDetails])),
            ("terminal too small", after(loaded, [.resized(width: 60, height: 20)])),
            ("quitting", after(loaded, [.quitRequested])),
            ("read-only, VIPs", readOnly),
            ("read-only, ports", after(readOnly, commanded("ports"))),
            ("wizard: server", wizard),
            ("wizard: no server matches", after(wizard, [.startedFilter, .typedFilter("zzz"), .confirmedFilter])),
            ("wizard: NIC", nic),
            ("wizard: VIP", vip),
            ("wizard: a bad address typed", badIP),
            ("wizard: options", options),
            ("wizard: options, more NICs", after(options, [.movedToNextField, .movedToNextField])),
            ("wizard: planning", planning),
            ("wizard: plan", planned),
            ("wizard: nothing to do", after(planning, [.planned(plan(steps: false), generation: generation)])),
            ("wizard: planning failed", after(planning, [.planFailed("vip-web: Neutron 404 PortNotFound", generation: generation)])),
            ("wizard: applying", after(planned, [.confirmedApply])),
            ("wizard: result", after(planned, [.confirmedApply, .applyFinished(report)])),
        ]
    }

    /// Every user action (with sample arguments), and a few that are not.
    static let actions: [Action] = [
        .movedDown, .movedUp, .pagedDown, .pagedUp, .jumpedToTop, .jumpedToBottom, .opened, .openedDetails, .wentBack,
        .quitRequested, .startedFilter, .typedFilter("a"), .erasedFilterChar, .confirmedFilter, .cancelledFilter,
        .sortedBy(column: 0), .sortedBy(column: 6), .sortedBy(column: -1), .startedCommand, .typedCommand("a"),
        .erasedCommandChar, .ranCommand, .cancelledCommand, .refreshed, .toggledHelp, .scrolledHelp(to: 1),
        .pressedUnboundKey("z"), .toggledRawJSON, .openedErrorDetails, .startedCreateVIP, .startedBindMore,
        .startedUnbind, .startedDelete, .startedToggleCheck, .startedUndo, .typedInWizard("1"), .erasedInWizard,
        .movedToNextField, .movedToPreviousField, .toggledOption, .confirmedApply,
        .copiedSelection(.id), .copiedSelection(.json), .openedExport, .choseExportFormat(.curl), .copiedExport, .scrolledExport(to: 1),
        .tick, .resized(width: 100, height: 30), .noticed("n"),
    ]
}

@Suite("Guards: the reducer's refusals and the README's words come from one table")
struct GuardTests {
    /// For each sample state, the guards whose README condition holds there (read off the
    /// state by hand, from the words). Every other guard must let actions through.
    static let conditions: [String: Set<String>] = {
        // Where no overlay is open: these refuse on every screen by their words.
        let screen: Set<String> = ["filterBeingTyped", "commandBeingTyped", "helpShown", "exportShown", "exportable"]
        let outside = screen.union(["wizardOpen"])
        let nothingSelected: Set<String> = ["vipSelected", "bindingSelected", "nicSelected", "runSelected"]
        let inWizard = screen.union(["noWizardOpen", "notInWizard", "errorExists"])
        return [
            "fresh": outside.union(nothingSelected).union(["listNotEmpty", "notTopLevel", "errorExists", "serversExist"]),
            "networks": outside.union(nothingSelected).union(["notTopLevel", "errorExists"]),
            "networks filtered to nothing": outside.union(nothingSelected).union(["listNotEmpty", "errorExists"]),
            "ports, a NIC selected": outside.union(["vipSelected", "bindingSelected", "runSelected", "notTopLevel", "errorExists"]),
            "ports, a VIP selected": outside.union(["nicSelected", "bindingSelected", "runSelected", "notTopLevel", "errorExists"]),
            "ports, a NIC without an IP": outside.union(["vipSelected", "bindingSelected", "runSelected", "notTopLevel",
                                                         "errorExists", "nicHasIP", "serversExist"]),
            "VIPs": outside.union(["nicSelected", "bindingSelected", "runSelected", "notTopLevel", "errorExists"]),
            "a VIP's bound servers": outside.union(["nicSelected", "runSelected", "errorExists"]),
            "the VIPs holding a NIC's IP": outside.union(["nicSelected", "runSelected", "errorExists"]),
            "detail": outside.union(["vipSelected", "bindingSelected", "nicSelected", "runSelected", "errorExists",
                                     "notShowingDetails", "listToFilter", "columnsToSort", "onAList", "lineHasLink"]),
            "detail, a line with a link": outside.union(["vipSelected", "bindingSelected", "nicSelected", "runSelected",
                                                         "errorExists", "notShowingDetails", "listToFilter", "columnsToSort",
                                                         "onAList"]),
            "detail, raw JSON": outside.union(["vipSelected", "bindingSelected", "nicSelected", "runSelected", "errorExists",
                                               "notShowingDetails", "listToFilter", "columnsToSort", "onAList", "lineHasLink"]),
            "journal, empty": outside.union(nothingSelected).union(["listNotEmpty", "notTopLevel", "errorExists", "serversExist"]),
            "filter open": ["filterClosed"],
            "command line open": ["commandClosed"],
            "help open": ["helpClosed", "errorExists"],
            "after an error": outside.union(nothingSelected).union(["notTopLevel"]),
            "help open after an error": ["helpClosed"],
            "error details open": ["errorDetailsClosed"],
            "terminal too small": outside.union(nothingSelected).union(["bigEnough", "notTopLevel", "errorExists"]),
            "quitting": outside.union(nothingSelected).union(["notQuitting", "notTopLevel", "errorExists"]),
            "read-only, VIPs": outside.union(["notReadOnly", "nicSelected", "bindingSelected", "runSelected", "notTopLevel",
                                              "errorExists"]),
            // The first port is a DHCP port: a NIC (a port that is not a VIP) all the same.
            "read-only, ports": outside.union(["notReadOnly", "vipSelected", "bindingSelected", "runSelected",
                                               "notTopLevel", "errorExists"]),
            "wizard: server": inWizard.union(["fieldToTypeInto", "onOptionsStep", "planOnScreen"]),
            "wizard: no server matches": inWizard.union(["serverToPick", "fieldToTypeInto", "onOptionsStep", "planOnScreen"]),
            "wizard: NIC": inWizard.union(["fieldToTypeInto", "onOptionsStep", "planOnScreen"]),
            // The new VIP row is selected: typing goes into its address.
            "wizard: VIP": inWizard.union(["stepFilterable", "onOptionsStep", "planOnScreen"]),
            "wizard: a bad address typed": inWizard.union(["addressValid", "stepFilterable", "onOptionsStep", "planOnScreen"]),
            // On the name field: typing goes into it; no list.
            "wizard: options": inWizard.union(["stepFilterable", "stepSortable", "planOnScreen", "columnExists"]),
            "wizard: options, more NICs": inWizard.union(["fieldToTypeInto", "planOnScreen"]),
            "wizard: planning": inWizard.union(["notOnPlanStep", "stepFilterable", "stepSortable", "fieldToTypeInto",
                                                "onOptionsStep", "notPlanning", "columnExists"]),
            "wizard: plan": inWizard.subtracting(["exportable"]).union(["notOnPlanStep", "stepFilterable", "stepSortable", "fieldToTypeInto",
                                            "onOptionsStep", "columnExists"]),
            "wizard: nothing to do": inWizard.subtracting(["exportable"]).union(["notOnPlanStep", "stepFilterable", "stepSortable", "fieldToTypeInto",
                                                     "onOptionsStep", "somethingToDo", "columnExists"]),
            "wizard: planning failed": inWizard.union(["notOnPlanStep", "stepFilterable", "stepSortable", "fieldToTypeInto",
                                                       "onOptionsStep", "planReady", "columnExists"]),
            "wizard: applying": inWizard.subtracting(["exportable"]).union(["notOnApplyStep", "noApplyRunning", "applyNotInterrupted", "stepFilterable",
                                                "stepSortable", "fieldToTypeInto", "onOptionsStep", "planOnScreen",
                                                "columnExists"]),
            "wizard: result": inWizard.subtracting(["exportable"]).union(["stepFilterable", "stepSortable", "fieldToTypeInto", "onOptionsStep",
                                              "planOnScreen", "columnExists"]),
        ]
    }()

    @Test("each guard refuses in a sample state exactly when its README condition holds there")
    func guardsMatchTheirWords() throws {
        let states = try GuardSamples.states()
        #expect(Set(states.map(\.name)) == Set(Self.conditions.keys))
        for (name, state) in states {
            let expected = Self.conditions[name] ?? []
            let refusing = Set(Guard.catalogue.filter { $0.reason(in: state) != nil }.map(\.name))
            #expect(refusing == expected, """
                \(name): refusing but not expected \(refusing.subtracting(expected).sorted()), \
                expected but not refusing \(expected.subtracting(refusing).sorted())
                """)
        }
    }

    @Test("every refusal of the reducer is the live reason of a declared guard of that action, where it may refuse")
    func noUndeclaredRefusal() throws {
        let names = Set(Guard.catalogue.map(\.name))
        var refusals = 0
        for (name, state) in try GuardSamples.states() {
            for action in GuardSamples.actions {
                guard let reason = disabledReason(action, in: state) else {
                    #expect(guards(for: action).allSatisfy { $0.reason(in: state) == nil }, "\(name) \(action)")
                    continue
                }
                refusals += 1
                let first = guards(for: action).first { $0.reason(in: state) != nil }
                #expect(first?.reason(in: state) == reason, "\(name) \(action): \(reason)")
                if let g = first {
                    #expect(names.contains(g.name), "\(g.name) is not in the catalogue")
                    #expect(g.scope.contains(state.place), "\(g.name) refused outside its scope")
                }
                // The reducer refuses with that reason: nothing happens but the status line.
                var after = state
                let effects = reduce(&after, action)
                #expect(effects == [], "\(name) \(action)")
                if !state.shouldQuit {
                    var expected = state
                    expected.notice = reason
                    #expect(after == expected, "\(name) \(action)")
                }
            }
        }
        #expect(refusals > 300)
    }

    @Test("names are unique; actions that are not the user's have no guards; quit has only 'quitting'")
    func table() {
        let names = Guard.catalogue.map(\.name)
        #expect(names.count == Set(names).count)
        for a: Action in [.tick, .resized(width: 1, height: 1), .launched, .noticed("x")] { #expect(guards(for: a).isEmpty) }
        #expect(guards(for: .quitRequested).map(\.name) == ["notQuitting"])
        #expect(Guard.catalogue.allSatisfy { !$0.when.isEmpty && !$0.scope.isEmpty })
    }

    @Test("composed guards refuse with the first that refuses and say all their words")
    func composition() throws {
        let states = try GuardSamples.states()
        let readOnly = try #require(states.first { $0.name == "read-only, ports" }?.state)
        let g = Guard.all([.notReadOnly, .vipSelected])
        #expect(g.when == "read-only mode; no VIP is selected")
        #expect(g.reason(in: readOnly) == readOnly.mutationRefusal)
        let ports = try #require(states.first { $0.name == "ports, a NIC selected" }?.state)
        #expect(g.reason(in: ports) == "select a VIP first (:vips)")
        #expect(Guard.all([.notReadOnly, .nicSelected]).reason(in: ports) == nil)
        #expect(keyTableWhen(.startedBindMore, in: [.list]) == "read-only mode; no VIP is selected")
        #expect(keyTableWhen(.startedBindMore, in: [.wizard]) == "a wizard is open; read-only mode")
        #expect(keyTableWhen(.movedDown, in: Place.screens) == nil)
    }
}
