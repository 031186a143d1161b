import CloudAPI
import L10n
import VIPCore

/// Where the user is, as far as which keys work: a kind of screen, or the overlay on top.
public enum Place: Hashable, Sendable, CaseIterable {
    /// A list screen: networks, ports, servers, VIPs, a server's NICs, the VIPs holding a NIC's
    /// IP, a VIP's bound servers.
    case list
    /// The journal's list of runs.
    case journal
    case detail
    /// The VIP wizard or an operation's plan screen.
    case wizard
    case filter, command, help, errorDetails
    /// The export overlay of the plan and journal screens.
    case export

    /// The screens (no overlay open).
    public static let screens: Set<Place> = [.list, .journal, .detail, .wizard]
    static let lists: Set<Place> = [.list, .journal]
    static let outsideWizard: Set<Place> = [.list, .journal, .detail]
    static let overlays: Set<Place> = [.filter, .command, .help, .errorDetails, .export]
}

extension AppState {
    /// Where the user is now: the overlay on top, else the kind of screen on top.
    public var place: Place {
        switch overlay {
        case .filter: return .filter
        case .command: return .command
        case .help: return .help
        case .errorDetails: return .errorDetails
        case .export: return .export
        case nil:
            switch stack.last {
            case .wizard: return .wizard
            case .detail: return .detail
            case .root(.journal): return .journal
            default: return .list
            }
        }
    }
}

/// One reason a user action can be refused (lazygit's `require(...)` idea): the condition in
/// words for the README's key table (`when`), and the check that gives the live reason shown
/// in the status line and the help overlay. A guard can refuse only in the places of its
/// `scope`, so the key table lists, for a key, exactly the guards that can refuse it where
/// the key is bound.
///
/// `disabledReason` (what the reducer refuses) and the key table's "disabled when" column
/// (`keyTableWhen`) are both read from `guards(for:)`: they cannot drift apart.
public struct Guard: Sendable {
    /// A name unique among the guards (tests refer to guards by it).
    public let name: String
    /// The condition, in words, for the README: e.g. "read-only mode" (in the language in effect).
    public var when: String { whenText() }
    let whenText: @Sendable () -> String
    /// The places where the guard can refuse; elsewhere it never does.
    public let scope: Set<Place>
    /// Whether the key table lists it. False only for a check no key of the table can trip
    /// (a sort column out of range: the table binds only the columns a list has).
    public let listed: Bool
    let check: @Sendable (AppState) -> String?

    public init(_ name: String, when: @autoclosure @escaping @Sendable () -> String, in scope: Set<Place>, listed: Bool = true,
                check: @escaping @Sendable (AppState) -> String?)
    {
        self.name = name
        self.whenText = when
        self.scope = scope
        self.listed = listed
        self.check = check
    }

    /// Why the guard refuses in `state` (the live reason), or nil when it lets the action through.
    public func reason(in state: AppState) -> String? {
        scope.contains(state.place) ? check(state) : nil
    }

    /// The guards as one: refuses with the first of them that refuses; its words are theirs,
    /// joined.
    public static func all(_ guards: [Guard]) -> Guard {
        Guard(guards.map(\.name).joined(separator: "+"), when: Guard.join(guards.map(\.when)),
              in: guards.reduce(into: Set<Place>()) { $0.formUnion($1.scope) }, listed: guards.contains { $0.listed },
              check: { state in require(guards, in: state)?.reason })
    }

    /// Conditions joined for one table cell: `a; b; c` (repeats left out).
    public static func join(_ words: [String]) -> String {
        var seen: [String] = []
        for w in words where !seen.contains(w) { seen.append(w) }
        return seen.joined(separator: GuardText.whenSeparator.text)
    }
}

/// The first of `guards` that refuses in `state`, and its live reason; nil when none does.
public func require(_ guards: [Guard], in state: AppState) -> (failing: Guard, reason: String)? {
    for g in guards {
        if let r = g.reason(in: state) { return (g, r) }
    }
    return nil
}

/// Every guard of `action`, in the order they are checked: the first that refuses gives the
/// reason. Results of effects, ticks and resizes have none (they are never disabled); quit
/// only stops working once vipctl is quitting.
public func guards(for action: Action) -> [Guard] {
    guard action.isUserAction else { return [] }
    if action == .quitRequested { return [.notQuitting] }
    return Guard.everywhere + Guard.overlayGuards(action) + Guard.screenGuards(action)
}

/// The key table's "disabled when" text for a key sending `action` in `places`: the words of
/// the action's listed guards that can refuse there, joined; nil when none can. The guards of
/// every key (`Guard.everywhere`) and of the overlays are left out (`Guard.footnote` says them
/// once).
public func keyTableWhen(_ action: Action, in places: Set<Place>) -> String? {
    let words = keyTableGuards(action, in: places).map(\.when)
    return words.isEmpty ? nil : Guard.join(words)
}

/// The guards `keyTableWhen` lists.
public func keyTableGuards(_ action: Action, in places: Set<Place>) -> [Guard] {
    let skipped = Set((Guard.everywhere + Guard.overlays).map(\.name))
    return guards(for: action).filter { $0.listed && !skipped.contains($0.name) && !$0.scope.isDisjoint(with: places) }
}

extension Guard {
    // MARK: every key

    /// The guards of every user action but quit, checked first.
    public static let everywhere: [Guard] = [.notQuitting, .bigEnough]

    public static let notQuitting = Guard("notQuitting", when: GuardText.quittingWhen.text, in: Set(Place.allCases)) {
        $0.shouldQuit ? GuardText.quittingReason.text : nil
    }

    public static let bigEnough = Guard(
        "bigEnough", when: GuardText.tooSmallWhen("\(TerminalSize.minimum.width)x\(TerminalSize.minimum.height)"),
        in: Set(Place.allCases))
    { s in
        s.tooSmall
            ? GuardText.tooSmallReason("\(s.size.width)x\(s.size.height)", "\(TerminalSize.minimum.width)x\(TerminalSize.minimum.height)")
            : nil
    }

    // MARK: overlays (an open overlay lets only its own keys through)

    public static let filterClosed = Guard("filterClosed", when: GuardText.filterOpenWhen.text, in: [.filter]) { _ in
        GuardText.filterOpenReason.text
    }
    public static let commandClosed = Guard("commandClosed", when: GuardText.commandOpenWhen.text, in: [.command]) { _ in
        GuardText.commandOpenReason.text
    }
    public static let helpClosed = Guard("helpClosed", when: GuardText.helpOpenWhen.text, in: [.help]) { _ in GuardText.helpOpenReason.text }
    public static let errorDetailsClosed = Guard("errorDetailsClosed", when: GuardText.errorsOpenWhen.text,
                                                 in: [.errorDetails]) { _ in GuardText.errorsOpenReason.text }

    public static let exportClosed = Guard("exportClosed", when: ToolKeyText.exportOpenWhen.text, in: [.export]) { _ in
        ToolKeyText.exportOpenReason.text
    }

    public static let overlays: [Guard] = [.filterClosed, .commandClosed, .helpClosed, .errorDetailsClosed, .exportClosed]

    /// The overlays that refuse `action` (each lets its own keys, Esc and unbound keys through).
    static func overlayGuards(_ action: Action) -> [Guard] {
        var out: [Guard] = []
        switch action {
        case .typedFilter, .erasedFilterChar, .confirmedFilter, .cancelledFilter, .wentBack, .pressedUnboundKey: break
        default: out.append(.filterClosed)
        }
        switch action {
        case .typedCommand, .erasedCommandChar, .ranCommand, .cancelledCommand, .wentBack, .pressedUnboundKey: break
        default: out.append(.commandClosed)
        }
        switch action {
        // The error details open from the help too (when there is an error: `errorExists`).
        case .toggledHelp, .wentBack, .scrolledHelp, .pressedUnboundKey, .openedErrorDetails: break
        default: out.append(.helpClosed)
        }
        switch action {
        case .openedErrorDetails, .toggledHelp, .wentBack, .pressedUnboundKey: break
        default: out.append(.errorDetailsClosed)
        }
        switch action {
        case .openedExport, .choseExportFormat, .copiedExport, .scrolledExport, .wentBack, .pressedUnboundKey: break
        default: out.append(.exportClosed)
        }
        return out
    }

    // MARK: the screens

    /// The guards of `action` on the screens (list, journal, detail, wizard), in order.
    static func screenGuards(_ action: Action) -> [Guard] {
        switch action {
        case .opened:
            return [.serverToPick, .nicToPick, .addressValid, .notOnPlanStep, .notOnApplyStep, .lineHasLink, .listNotEmpty,
                    .nicHasIP]
        case .openedDetails: return [.notInWizard, .notShowingDetails, .listNotEmpty]
        case .toggledRawJSON: return [.notInWizard, .listNotEmpty]
        case .wentBack: return [.applyNotInterrupted, .notTopLevel]
        case .startedFilter: return [.stepFilterable, .listToFilter]
        case .typedFilter, .erasedFilterChar, .confirmedFilter, .cancelledFilter: return [.filterBeingTyped]
        case .sortedBy(let column): return [.stepSortable, .columnsToSort, .columnExists(column)]
        case .typedCommand, .erasedCommandChar, .ranCommand, .cancelledCommand: return [.commandBeingTyped]
        case .refreshed: return [.noApplyRunning]
        case .scrolledHelp: return [.helpShown]
        case .openedErrorDetails: return [.errorExists]
        case .openedExport: return [.exportable]
        case .choseExportFormat, .copiedExport, .scrolledExport: return [.exportShown]
        case .startedCreateVIP: return [.noWizardOpen, .notReadOnly, .onAList, .serversExist]
        case .startedBindMore, .startedDelete: return [.noWizardOpen, .notReadOnly, .vipSelected]
        case .startedUnbind: return [.noWizardOpen, .notReadOnly, .bindingSelected]
        case .startedToggleCheck: return [.noWizardOpen, .notReadOnly, .nicSelected]
        case .startedUndo: return [.noWizardOpen, .notReadOnly, .runSelected]
        case .typedInWizard, .erasedInWizard: return [.wizardOpen, .fieldToTypeInto]
        case .movedToNextField, .movedToPreviousField, .toggledOption: return [.wizardOpen, .onOptionsStep]
        case .confirmedApply:
            return [.wizardOpen, .planOnScreen, .notReadOnly, .notPlanning, .planReady, .somethingToDo]
        default:
            return []
        }
    }

    // MARK: exports

    public static let exportable = Guard("exportable", when: ToolKeyText.exportableWhen.text, in: Place.screens) {
        $0.exportablePlan == nil ? ExportText.noPlan.text : nil
    }

    public static let exportShown = Guard("exportShown", when: ToolKeyText.exportShownWhen.text, in: Place.screens) { _ in
        ToolKeyText.exportShownWhen.text
    }

    // MARK: lists and detail views

    public static let listNotEmpty = Guard("listNotEmpty", when: GuardText.listEmptyWhen.text,
                                           in: Place.lists) { s in
        guard let list = s.currentList, list.count > 0 else { return emptyReason(s.currentList) }
        return nil
    }

    public static let nicHasIP = Guard("nicHasIP", when: GuardText.nicNoIPWhen.text, in: [.list]) { s in
        guard let list = s.currentList, case .vipsHolding = list.selectedDestination, let ref = list.selectedRef,
              s.data.ports.first(where: { $0.id == ref.id })?.fixedIPs.isEmpty == true
        else { return nil }
        return GuardText.nicNoIPReason.text
    }

    public static let lineHasLink = Guard("lineHasLink", when: GuardText.noLinkWhen.text,
                                          in: [.detail]) { s in
        guard let detail = s.detail else { return nil }
        if detail.showsRawJSON { return GuardText.rawJSONNoLinks.text }
        if detail.view.lines.isEmpty { return GuardText.nothingToOpen.text }
        return detail.currentLine?.link == nil ? GuardText.lineNoLink.text : nil
    }

    public static let notShowingDetails = Guard("notShowingDetails", when: GuardText.onDetailWhen.text, in: [.detail]) { _ in
        GuardText.alreadyDetails.text
    }

    public static let notTopLevel = Guard("notTopLevel", when: GuardText.topLevelWhen.text, in: Place.screens) { s in
        if let list = s.currentList, !list.filter.isEmpty { return nil }
        return s.stack.count > 1 ? nil : GuardText.topLevelReason.text
    }

    public static let listToFilter = Guard("listToFilter", when: GuardText.onDetailWhen.text, in: [.detail]) { _ in
        GuardText.noListToFilter.text
    }

    public static let columnsToSort = Guard("columnsToSort", when: GuardText.onDetailWhen.text, in: [.detail]) { _ in
        GuardText.noColumnsToSort.text
    }

    /// Column `column` (0-based) of the list on screen exists.
    public static func columnExists(_ column: Int) -> Guard {
        Guard("columnExists", when: GuardText.noSuchColumnWhen.text, in: Place.lists.union([.wizard]), listed: false) { s in
            guard let list = s.currentList, (0..<list.columnCount).contains(column) else { return GuardText.noSuchColumnReason(column + 1) }
            return nil
        }
    }

    public static let errorExists = Guard("errorExists", when: GuardText.noErrorWhen.text, in: Place.screens.union([.help])) {
        $0.lastError == nil ? GuardText.noErrorReason.text : nil
    }

    public static let filterBeingTyped = Guard("filterBeingTyped", when: GuardText.noFilterTypedWhen.text, in: Place.screens) { _ in
        GuardText.noFilterTypedReason.text
    }

    public static let commandBeingTyped = Guard("commandBeingTyped", when: GuardText.noCommandTypedWhen.text,
                                                in: Place.screens) { _ in GuardText.noCommandTypedReason.text }

    public static let helpShown = Guard("helpShown", when: GuardText.helpNotOpenWhen.text, in: Place.screens) { _ in
        GuardText.helpNotOpenReason.text
    }

    // MARK: changing the cloud, from a list or a detail view

    public static let notReadOnly = Guard("notReadOnly", when: GuardText.readOnlyWhen.text, in: Place.screens) { $0.mutationRefusal }

    public static let noWizardOpen = Guard("noWizardOpen", when: GuardText.wizardOpenWhen.text, in: [.wizard]) { _ in
        GuardText.wizardOpenReason.text
    }

    public static let onAList = Guard("onAList", when: GuardText.onDetailWhen.text, in: [.detail]) { _ in GuardText.backToList.text }

    public static let serversExist = Guard("serversExist", when: GuardText.noServersWhen.text, in: Place.lists) {
        $0.servers.totalCount == 0 ? GuardText.noServersReason.text : nil
    }

    public static let vipSelected = Guard("vipSelected", when: GuardText.noVIPWhen.text, in: Place.outsideWizard) {
        $0.selectedVIPID == nil ? GuardText.noVIPReason.text : nil
    }

    public static let bindingSelected = Guard("bindingSelected", when: GuardText.noBindingWhen.text,
                                              in: Place.outsideWizard) {
        $0.unbindIntent == nil ? GuardText.noBindingReason.text : nil
    }

    public static let nicSelected = Guard("nicSelected", when: GuardText.noNICWhen.text, in: Place.outsideWizard) {
        $0.selectedNIC == nil ? GuardText.noNICReason.text : nil
    }

    public static let runSelected = Guard("runSelected", when: GuardText.noRunWhen.text, in: Place.outsideWizard) {
        $0.selectedJournalRun == nil ? GuardText.noRunReason.text : nil
    }

    public static let wizardOpen = Guard("wizardOpen", when: GuardText.noWizardWhen.text, in: Place.outsideWizard) { _ in
        GuardText.noWizardReason.text
    }

    // MARK: the wizard

    /// A guard that looks at the wizard on top (never refuses without one).
    static func wizard(_ name: String, when: @autoclosure @escaping @Sendable () -> String, _ check: @escaping @Sendable (WizardState, AppState) -> String?) -> Guard {
        Guard(name, when: when(), in: [.wizard]) { s in s.wizard.flatMap { check($0, s) } }
    }

    public static let notInWizard = wizard("notInWizard", when: GuardText.inWizardWhen.text) { _, _ in GuardText.inWizardReason.text }

    public static let serverToPick = wizard("serverToPick", when: GuardText.noServerToPickWhen.text) { w, _ in
        guard w.step == .server, w.servers.count == 0 else { return nil }
        return w.servers.totalCount == 0 ? GuardText.noServersAtAll.text : GuardText.noServerMatches.text
    }

    public static let nicToPick = wizard("nicToPick", when: GuardText.serverNoNICWhen.text) { w, _ in
        w.step == .nic && w.nics.count == 0 ? GuardText.serverNoNICReason.text : nil
    }

    public static let addressValid = wizard("addressValid", when: GuardText.badAddressWhen.text) { w, _ in
        guard w.step == .vip, w.vips.selected?.isNew == true, let p = w.ipProblem else { return nil }
        return GuardText.badAddressReason(p)
    }

    public static let notOnPlanStep = wizard("notOnPlanStep", when: GuardText.onPlanStepWhen.text) { w, _ in
        guard w.step == .plan else { return nil }
        return w.planning ? GuardText.planningWait.text : GuardText.onPlanStepReason.text
    }

    public static let notOnApplyStep = wizard("notOnApplyStep", when: GuardText.applyingWhen.text) { w, _ in
        w.step == .apply ? GuardText.applyingWait.text : nil
    }

    public static let noApplyRunning = wizard("noApplyRunning", when: GuardText.beingAppliedWhen.text) { w, _ in
        w.isApplying ? GuardText.applyingWait.text : nil
    }

    public static let applyNotInterrupted = wizard("applyNotInterrupted", when: GuardText.beingAppliedWhen.text) { w, _ in
        w.isApplying ? GuardText.applyNoInterrupt.text : nil
    }

    public static let stepFilterable = wizard("stepFilterable", when: GuardText.stepNoFilterWhen.text) { w, _ in
        w.list == nil || w.isTyping ? GuardText.stepNoFilterReason.text : nil
    }

    public static let stepSortable = wizard("stepSortable", when: GuardText.stepNoSortWhen.text) { w, _ in
        w.list == nil ? GuardText.stepNoSortReason.text : nil
    }

    public static let fieldToTypeInto = wizard("fieldToTypeInto", when: GuardText.noFieldWhen.text) { w, _ in
        w.isTyping ? nil : GuardText.noFieldReason.text
    }

    public static let onOptionsStep = wizard("onOptionsStep", when: GuardText.notOptionsWhen.text) { w, _ in
        w.step == .options ? nil : GuardText.notOptionsReason.text
    }

    public static let planOnScreen = wizard("planOnScreen", when: GuardText.notPlanStepWhen.text) { w, _ in
        w.step == .plan ? nil : GuardText.notPlanStepReason.text
    }

    public static let notPlanning = wizard("notPlanning", when: GuardText.planningWhen.text) { w, _ in w.planning ? GuardText.planningWait.text : nil }

    public static let planReady = wizard("planReady", when: GuardText.planFailedWhen.text) { w, _ in
        guard w.step == .plan, !w.planning, w.plan == nil else { return nil }
        return w.planError ?? GuardText.noPlan.text
    }

    public static let somethingToDo = wizard("somethingToDo", when: GuardText.nothingToDoWhen.text) { w, _ in
        guard let plan = w.plan, plan.steps.isEmpty else { return nil }
        return GuardText.nothingToDoReason(plan.nothingToDo ?? ScreenText.cloudHoldsThis.text)
    }

    /// Every named guard (`columnExists` for column 1), for tests and documentation.
    public static let catalogue: [Guard] = everywhere + overlays + [
        .listNotEmpty, .nicHasIP, .lineHasLink, .notShowingDetails, .notTopLevel, .listToFilter, .columnsToSort,
        .columnExists(0), .errorExists, .filterBeingTyped, .commandBeingTyped, .helpShown,
        .notReadOnly, .noWizardOpen, .onAList, .serversExist, .vipSelected, .bindingSelected, .nicSelected, .runSelected,
        .wizardOpen, .notInWizard, .serverToPick, .nicToPick, .addressValid, .notOnPlanStep, .notOnApplyStep,
        .noApplyRunning, .applyNotInterrupted, .stepFilterable, .stepSortable, .fieldToTypeInto, .onOptionsStep,
        .planOnScreen, .notPlanning, .planReady, .somethingToDo, .exportable, .exportShown,
    ]

    /// One sentence for under the key table: what disables every key, said once.
    public static var footnote: String {
        let words = (everywhere + overlays).map(\.when)
        return GuardText.footnote(words.dropLast().joined(separator: GuardText.footnoteSeparator.text), words.last ?? "")
    }
}

private func emptyReason(_ list: (any AnyList)?) -> String {
    guard let list, list.totalCount > 0 else { return GuardText.nothingToOpen.text }
    return GuardText.noRowMatchesFilter.text
}
