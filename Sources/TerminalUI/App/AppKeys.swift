import L10n
import VIPCore
import ViewModels

/// The one keybinding table of the app. It drives input (`action(for:in:)`), the help overlay
/// (`help(for:)`) and the README's key list (`markdown`, checked by a test).
///
/// Bindings of constant actions are disabled exactly when the reducer would refuse the action
/// (`ViewModels.disabledReason`), so help, status line and behaviour never disagree; their
/// README "disabled when" words come from the same guards (`ViewModels.guards(for:)`).
public enum AppKeys {
    /// Where a key is resolved: the overlay on top, else the kind of screen on top.
    public enum Context: String, CaseIterable, Sendable {
        case networks = "Networks"
        case ports = "Ports"
        case servers = "Servers"
        case vips = "VIPs"
        case journal = "Journal"
        case doctor = "Doctor"
        case detail = "Detail"
        case filter = "Filter"
        case command = "Command line"
        case help = "Help"
        case errors = "Error details"
        case wizard = "Wizard"
        case export = "Export"
    }

    /// The context keys are resolved in for `state`.
    public static func context(_ state: AppState) -> Context {
        switch state.overlay {
        case .filter: return .filter
        case .command: return .command
        case .help: return .help
        case .errorDetails: return .errors
        case .export: return .export
        case nil: return screenContext(state.screen)
        }
    }

    static func screenContext(_ screen: Screen) -> Context {
        switch screen {
        case .networks: return .networks
        case .ports, .nics: return .ports
        case .servers, .boundServers: return .servers
        case .vips, .vipsHolding: return .vips
        case .journal: return .journal
        case .doctor: return .doctor
        case .detail: return .detail
        case .wizard: return .wizard
        }
    }

    /// The action for `key` in `state`. Printable characters type into the filter and the
    /// command line; a key bound nowhere here says so in the status line. A disabled binding
    /// still sends its action: the reducer refuses it and shows why.
    public static func action(for key: Key, in state: AppState) -> Action {
        let ctx = context(state)
        if case .char(let c) = key {
            if ctx == .filter { return .typedFilter(String(c)) }
            if ctx == .command { return .typedCommand(String(c)) }
            if ctx == .wizard, state.wizard?.isTyping == true { return .typedInWizard(String(c)) }
        }
        if ctx == .wizard, state.wizard?.isTyping == true, key == .backspace { return .erasedInWizard }
        return map.action(for: key, in: state, screen: ctx.rawValue) ?? .pressedUnboundKey(key.label)
    }

    /// The help overlay's sections for `state`: the keys of the screen under the overlay,
    /// with why each is disabled there now.
    public static func help(for state: AppState) -> [HelpSection] {
        let under = state.withoutOverlay
        let ctx = context(under)
        // Everywhere first: moving, opening and going back matter more than the sort keys.
        return map.help(for: under, screen: ctx.rawValue, screenTitle: helpTitle(ctx, under), globalTitle: KeyText.everywhere.text)
            .reversed()
    }

    static func helpTitle(_ ctx: Context, _ state: AppState) -> String {
        switch ctx {
        case .detail: return KeyText.ctxDetail.text
        case .wizard: return state.title
        case .networks: return KeyText.helpNetworks(state.title)
        case .ports: return KeyText.helpPorts(state.title)
        case .servers: return KeyText.helpServers(state.title)
        case .vips: return KeyText.helpVIPs(state.title)
        case .journal: return KeyText.helpJournal(state.title)
        default: return "\(state.title) (\(ctx.rawValue.lowercased()) list)"
        }
    }

    /// Lines of the help overlay (section titles, entries and blank lines between sections).
    public static func helpLineCount(_ state: AppState) -> Int {
        let sections = help(for: state).filter { !$0.entries.isEmpty }
        return sections.reduce(0) { $0 + 1 + $1.entries.count } + max(0, sections.count - 1)
    }

    /// How many help lines fit on screen (the overlay is a box between header and status line).
    public static func helpPageSize(_ state: AppState) -> Int { max(1, state.size.height - 6) }

    static func helpScroll(_ state: AppState, by delta: Int) -> Action {
        let last = max(0, helpLineCount(state) - helpPageSize(state))
        return .scrolledHelp(to: min(max(0, state.helpScroll + delta), last))
    }

    // MARK: the table

    /// A binding of the table and, when constant, the action it sends (its guards give the
    /// README's "disabled when" words).
    struct Entry {
        var binding: KeyBinding<AppState, Action>
        var action: Action?
    }

    /// A binding with a constant action, disabled when the reducer refuses it. Its "disabled
    /// when" words are filled in from the action's guards once the table is complete
    /// (`guardWords`), for the places where the binding is reached.
    static func bind(_ keys: [Key], _ name: String, _ description: String, _ action: Action) -> Entry {
        bind(keys, name, description, .global, action)
    }

    static func bind(_ keys: [Key], _ name: String, _ description: String, _ context: KeyContext,
                     _ action: Action) -> Entry
    {
        Entry(binding: KeyBinding(keys, name: name, description: description, context: context,
                                  disabledReason: { disabledReason(action, in: $0) }, action: { _ in action }),
              action: action)
    }

    /// Where a key of a context is pressed.
    static func place(_ c: Context) -> Place {
        switch c {
        case .networks, .ports, .servers, .vips, .doctor: return .list
        case .journal: return .journal
        case .detail: return .detail
        case .wizard: return .wizard
        case .filter: return .filter
        case .command: return .command
        case .help: return .help
        case .errors: return .errorDetails
        case .export: return .export
        }
    }

    /// The places where `binding` answers a key: its screen's, or for a global binding every
    /// screen (not overlay) where some key of it is not rebound. (Overlays refuse global keys
    /// the same way for every key: `Guard.footnote` says so once.)
    static func places(_ binding: KeyBinding<AppState, Action>, in table: [KeyBinding<AppState, Action>]) -> Set<Place> {
        switch binding.context {
        case .screen(let name):
            return Context(rawValue: name).map { [place($0)] } ?? []
        case .global:
            var out: Set<Place> = []
            for c in Context.allCases where Place.screens.contains(place(c)) {
                let rebound = Set(table.filter { $0.context == on(c) }.flatMap(\.keys))
                if binding.keys.contains(where: { !rebound.contains($0) }) { out.insert(place(c)) }
            }
            return out
        }
    }

    /// The table with each constant binding's "disabled when" words taken from its action's
    /// guards where it is reached (`keyTableWhen`): the README cannot say other than the reducer.
    static func guardWords(_ entries: [Entry]) -> [KeyBinding<AppState, Action>] {
        let table = entries.map(\.binding)
        return entries.map { e in
            var b = e.binding
            if let action = e.action { b.disabledWhen = keyTableWhen(action, in: places(b, in: table)) }
            return b
        }
    }

    static func on(_ c: Context) -> KeyContext { .screen(c.rawValue) }

    /// The order columns are shown in: ids last (at 80 columns they are the first thing to
    /// give up), the rest as the view model lists them. Positions into `columns`.
    public static func displayOrder(_ columns: [Column]) -> [Int] {
        columns.indices.filter { columns[$0].key != .id } + columns.indices.filter { columns[$0].key == .id }
    }

    /// `1`...`n`: sort by each column of a list as shown, left to right (again: reverse).
    static func sortKeys(_ context: Context, _ columns: [Column]) -> [Entry] {
        displayOrder(columns).prefix(9).enumerated().map { n, i in
            bind([.char(Character(String(n + 1)))], KeyText.sortName.text, KeyText.sortDesc(columns[i].title), on(context),
                 .sortedBy(column: i))
        }
    }

    static func helpScrollKeys() -> [Entry] {
        let c = on(.help)
        let scrolling = [
            KeyBinding([.char("j"), .down], name: KeyText.scrollDownName.text, description: KeyText.scrollDownDesc.text, context: c,
                       action: { helpScroll($0, by: 1) }),
            KeyBinding([.char("k"), .up], name: KeyText.scrollUpName.text, description: KeyText.scrollUpDesc.text, context: c,
                       action: { helpScroll($0, by: -1) }),
            KeyBinding([.pageDown, .ctrl("f"), .char(" ")], name: KeyText.helpPageDownName.text, description: KeyText.helpPageDownDesc.text,
                       context: c, action: { helpScroll($0, by: helpPageSize($0)) }),
            KeyBinding([.pageUp, .ctrl("b")], name: KeyText.helpPageUpName.text, description: KeyText.helpPageUpDesc.text, context: c,
                       action: { helpScroll($0, by: -helpPageSize($0)) }),
        ]
        return scrolling.map { Entry(binding: $0, action: nil) } + [bind([.char("?"), .escape, .char("q")], KeyText.closeHelpName.text, KeyText.closeHelpDesc.text, c, .toggledHelp)]
    }

    /// How many export lines fit in its overlay (a box between header and status line).
    public static func exportPageSize(_ state: AppState) -> Int { max(1, state.size.height - 8) }

    static func exportScroll(_ state: AppState, by delta: Int) -> Action {
        guard case .export(_, let scroll) = state.overlay else { return .scrolledExport(to: 0) }
        let count = (state.exportText ?? "").split(separator: "\n", omittingEmptySubsequences: false).count
        let last = max(0, count - exportPageSize(state))
        return .scrolledExport(to: min(max(0, scroll + delta), last))
    }

    /// The export overlay's keys: a format each, scrolling, copy, close.
    static func exportKeys() -> [Entry] {
        let c = on(.export)
        return [("o", ExportFormat.openstack), ("c", .curl), ("t", .terraform), ("p", .postman)].map { key, f in
            bind([.char(Character(key))], ToolKeyText.exportFormatName(f.rawValue), ToolKeyText.exportFormatDesc(f.rawValue), c, .choseExportFormat(f))
        } + [
            KeyBinding([.char("j"), .down], name: KeyText.scrollDownName.text, description: ToolKeyText.exportScrollDownDesc.text, context: c,
                       action: { exportScroll($0, by: 1) }),
            KeyBinding([.char("k"), .up], name: KeyText.scrollUpName.text, description: ToolKeyText.exportScrollUpDesc.text, context: c,
                       action: { exportScroll($0, by: -1) }),
            KeyBinding([.pageDown, .ctrl("f"), .char(" ")], name: KeyText.pageDownName.text, description: ToolKeyText.exportPageDownDesc.text,
                       context: c, action: { exportScroll($0, by: exportPageSize($0)) }),
            KeyBinding([.pageUp, .ctrl("b")], name: KeyText.pageUpName.text, description: ToolKeyText.exportPageUpDesc.text, context: c,
                       action: { exportScroll($0, by: -exportPageSize($0)) }),
        ].map { Entry(binding: $0, action: nil) } + [
            bind([.char("Y")], ToolKeyText.copyExportName.text, ToolKeyText.copyExportDesc.text, c, .copiedExport),
            bind([.escape, .char("q"), .char("E")], ToolKeyText.closeExportName.text, ToolKeyText.closeExportDesc.text, c, .openedExport),
        ]
    }

    /// Every binding, in the order help and the README list them, in the language in effect.
    public static var map: KeyMap<AppState, Action> { maps[L10n.lang] ?? KeyMap(guardWords(entries)) }

    /// The table in each language, built once (names, descriptions and "disabled when" words
    /// are the catalog's).
    static let maps: [Lang: KeyMap<AppState, Action>] = Dictionary(uniqueKeysWithValues: Lang.allCases.map { lang in
        (lang, L10n.with(lang) { KeyMap(guardWords(entries)) })
    })

    /// The bindings, in table order, with their constant actions, in the language in effect.
    static var entries: [Entry] {
        [
            bind([.char("j"), .down], KeyText.downName.text, KeyText.downDesc.text, .movedDown),
            bind([.char("k"), .up], KeyText.upName.text, KeyText.upDesc.text, .movedUp),
            bind([.pageDown, .ctrl("f")], KeyText.pageDownName.text, KeyText.pageDownDesc.text, .pagedDown),
            bind([.pageUp, .ctrl("b")], KeyText.pageUpName.text, KeyText.pageUpDesc.text, .pagedUp),
            bind([.char("g"), .home], KeyText.topName.text, KeyText.topDesc.text, .jumpedToTop),
            bind([.char("G"), .end], KeyText.bottomName.text, KeyText.bottomDesc.text, .jumpedToBottom),
            bind([.enter], KeyText.openName.text, KeyText.openDesc.text, .opened),
            bind([.char("d")], KeyText.detailsName.text, KeyText.detailsDesc.text, .openedDetails),
            bind([.char("y")], KeyText.rawJSONName.text, KeyText.rawJSONDesc.text, .toggledRawJSON),
            bind([.escape, .char("q")], KeyText.backName.text, KeyText.backDesc.text, .wentBack),
            bind([.char("/")], KeyText.filterName.text, KeyText.filterDesc.text, .startedFilter),
            bind([.char(":")], KeyText.jumpName.text, KeyText.jumpDesc.text, .startedCommand),
            bind([.char("r"), .ctrl("r")], KeyText.refreshName.text, KeyText.refreshDesc.text, .refreshed),
            bind([.char("e")], KeyText.errorDetailsName.text, KeyText.errorDetailsDesc.text, .openedErrorDetails),
            bind([.char("c")], KeyText.createVIPName.text, KeyText.createVIPDesc.text, .startedCreateVIP),
            bind([.char("b")], KeyText.bindMoreName.text, KeyText.bindMoreDesc.text, .startedBindMore),
            bind([.char("u")], KeyText.unbindName.text, KeyText.unbindDesc.text, .startedUnbind),
            bind([.char("D")], KeyText.deleteVIPName.text, KeyText.deleteVIPDesc.text, .startedDelete),
            bind([.char("x")], KeyText.toggleCheckName.text, KeyText.toggleCheckDesc.text, .startedToggleCheck),
            bind([.char("Y")], ToolKeyText.copyIDName.text, ToolKeyText.copyIDDesc.text, .copiedSelection(.id)),
            bind([.char("I")], ToolKeyText.copyIPName.text, ToolKeyText.copyIPDesc.text, .copiedSelection(.ip)),
            bind([.char("J")], ToolKeyText.copyJSONName.text, ToolKeyText.copyJSONDesc.text, .copiedSelection(.json)),
            bind([.char("E")], ToolKeyText.exportName.text, ToolKeyText.exportDesc.text, .openedExport),
            bind([.char("?")], KeyText.helpName.text, KeyText.helpDesc.text, .toggledHelp),
            bind([.char("Q"), .ctrl("c")], KeyText.quitName.text, KeyText.quitDesc.text, .quitRequested),
        ]
            + sortKeys(.networks, NetworkRow.columns)
            + sortKeys(.ports, PortRow.columns)
            + sortKeys(.servers, ServerRow.columns)
            + sortKeys(.vips, VIPRow.columns)
            // The journal screen's own keys.
            + [
                bind([.enter], KeyText.showRunName.text, KeyText.showRunDesc.text, on(.journal), .opened),
                bind([.char("u")], KeyText.undoRunName.text, KeyText.undoRunDesc.text, on(.journal),
                     .startedUndo),
            ]
            + sortKeys(.journal, JournalRow.columns)
            // The doctor screen's own keys.
            + [bind([.enter], ToolKeyText.fixName.text, ToolKeyText.fixDesc.text, on(.doctor), .opened)]
            + sortKeys(.doctor, FindingRow.columns)
            + [
                bind([.enter], KeyText.followName.text, KeyText.followDesc.text, on(.detail), .opened),
                bind([.char("y")], KeyText.rawJSONDetailName.text, KeyText.rawJSONDetailDesc.text, on(.detail), .toggledRawJSON),
                bind([.enter], KeyText.keepName.text, KeyText.keepDesc.text, on(.filter), .confirmedFilter),
                bind([.escape], KeyText.cancelFilterName.text, KeyText.cancelFilterDesc.text, on(.filter), .cancelledFilter),
                bind([.backspace], KeyText.eraseFilterName.text, KeyText.eraseFilterDesc.text, on(.filter),
                     .erasedFilterChar),
                bind([.enter], KeyText.runName.text, KeyText.runDesc.text, on(.command), .ranCommand),
                bind([.escape], KeyText.cancelCommandName.text, KeyText.cancelCommandDesc.text, on(.command), .cancelledCommand),
                bind([.backspace], KeyText.eraseCommandName.text, KeyText.eraseCommandDesc.text, on(.command),
                     .erasedCommandChar),
            ]
            + [
                bind([.enter], KeyText.nextName.text, KeyText.nextDesc.text, on(.wizard), .opened),
                bind([.tab], KeyText.nextFieldName.text, KeyText.nextFieldDesc.text, on(.wizard), .movedToNextField),
                bind([.backTab], KeyText.previousFieldName.text, KeyText.previousFieldDesc.text, on(.wizard), .movedToPreviousField),
                bind([.char(" ")], KeyText.switchOptionName.text, KeyText.switchOptionDesc.text, on(.wizard),
                     .toggledOption),
                bind([.char("a")], KeyText.applyName.text, KeyText.applyDesc.text, on(.wizard), .confirmedApply),
            ]
            + helpScrollKeys()
            + [bind([.escape, .char("q"), .char("e")], KeyText.closeErrorsName.text, KeyText.closeErrorsDesc.text, on(.errors), .openedErrorDetails)]
            + exportKeys()
    }

    /// The README's key list: generated from `map`; a test fails when the README differs.
    public static var markdown: String {
        keyTables + "\n" + Guard.footnote + "\n"
    }

    static var keyTables: String {
        map.markdown(globalTitle: KeyText.everywhere.text,
                     headers: [KeyText.colKeys.text, KeyText.colAction.text, KeyText.colDescription.text,
                               KeyText.colDisabledWhen.text])
        { name in
            switch Context(rawValue: name) {
            case .networks: return KeyText.ctxNetworks.text
            case .ports: return KeyText.ctxPorts.text
            case .servers: return KeyText.ctxServers.text
            case .vips: return KeyText.ctxVIPs.text
            case .journal: return KeyText.ctxJournal.text
            case .detail: return KeyText.ctxDetail.text
            case .filter: return KeyText.ctxFilter.text
            case .command: return KeyText.ctxCommand.text
            case .help: return KeyText.ctxHelp.text
            case .errors: return KeyText.ctxErrors.text
            case .wizard: return KeyText.ctxWizard.text
            case .doctor: return ToolKeyText.ctxDoctor.text
            case .export: return ToolKeyText.ctxExport.text
            case nil: return name
            }
        }
    }
}
