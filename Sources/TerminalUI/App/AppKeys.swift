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
        return map.help(for: under, screen: ctx.rawValue, screenTitle: helpTitle(ctx, under), globalTitle: "Everywhere")
            .reversed()
    }

    static func helpTitle(_ ctx: Context, _ state: AppState) -> String {
        switch ctx {
        case .detail: return "Detail view"
        case .wizard: return state.title
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
        columns.indices.filter { columns[$0].title != "ID" } + columns.indices.filter { columns[$0].title == "ID" }
    }

    /// `1`...`n`: sort by each column of a list as shown, left to right (again: reverse).
    static func sortKeys(_ context: Context, _ columns: [Column]) -> [Entry] {
        displayOrder(columns).prefix(9).enumerated().map { n, i in
            bind([.char(Character(String(n + 1)))], "sort", "sort by \(columns[i].title); again: reverse", on(context),
                 .sortedBy(column: i))
        }
    }

    static func helpScrollKeys() -> [Entry] {
        let c = on(.help)
        let scrolling = [
            KeyBinding([.char("j"), .down], name: "scroll down", description: "scroll the help down", context: c,
                       action: { helpScroll($0, by: 1) }),
            KeyBinding([.char("k"), .up], name: "scroll up", description: "scroll the help up", context: c,
                       action: { helpScroll($0, by: -1) }),
            KeyBinding([.pageDown, .ctrl("f"), .char(" ")], name: "page down", description: "scroll the help a page down",
                       context: c, action: { helpScroll($0, by: helpPageSize($0)) }),
            KeyBinding([.pageUp, .ctrl("b")], name: "page up", description: "scroll the help a page up", context: c,
                       action: { helpScroll($0, by: -helpPageSize($0)) }),
        ]
        return scrolling.map { Entry(binding: $0, action: nil) } + [bind([.char("?"), .escape, .char("q")], "close", "close the help", c, .toggledHelp)]
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
            bind([.char(Character(key))], f.rawValue, "show the export as \(f.rawValue)", c, .choseExportFormat(f))
        } + [
            KeyBinding([.char("j"), .down], name: "scroll down", description: "scroll the export down", context: c,
                       action: { exportScroll($0, by: 1) }),
            KeyBinding([.char("k"), .up], name: "scroll up", description: "scroll the export up", context: c,
                       action: { exportScroll($0, by: -1) }),
            KeyBinding([.pageDown, .ctrl("f"), .char(" ")], name: "page down", description: "scroll the export a page down",
                       context: c, action: { exportScroll($0, by: exportPageSize($0)) }),
            KeyBinding([.pageUp, .ctrl("b")], name: "page up", description: "scroll the export a page up", context: c,
                       action: { exportScroll($0, by: -exportPageSize($0)) }),
        ].map { Entry(binding: $0, action: nil) } + [
            bind([.char("Y")], "copy", "copy the export to the clipboard (OSC 52)", c, .copiedExport),
            bind([.escape, .char("q"), .char("E")], "close", "close the export", c, .openedExport),
        ]
    }

    /// Every binding, in the order help and the README list them.
    public static let map = KeyMap<AppState, Action>(guardWords(entries))

    /// The bindings, in table order, with their constant actions.
    static let entries: [Entry] =
        [
            bind([.char("j"), .down], "down", "move down", .movedDown),
            bind([.char("k"), .up], "up", "move up", .movedUp),
            bind([.pageDown, .ctrl("f")], "page down", "move a page down", .pagedDown),
            bind([.pageUp, .ctrl("b")], "page up", "move a page up", .pagedUp),
            bind([.char("g"), .home], "top", "go to the first row", .jumpedToTop),
            bind([.char("G"), .end], "bottom", "go to the last row", .jumpedToBottom),
            bind([.enter], "open", "open: server → NICs → VIPs holding its IP; VIP → servers", .opened),
            bind([.char("d")], "details", "show all fields, with links (network, subnet, server)", .openedDetails),
            bind([.char("y")], "raw JSON", "show the row as raw JSON (detail view: fields or JSON)", .toggledRawJSON),
            bind([.escape, .char("q")], "back", "go back (closes an overlay or clears the filter first)", .wentBack),
            bind([.char("/")], "filter", "filter the list (substring of any column, IPs too)", .startedFilter),
            bind([.char(":")], "jump", "go to :networks :ports :servers :vips :journal (:q quits)", .startedCommand),
            bind([.char("r"), .ctrl("r")], "refresh", "reload everything from the cloud", .refreshed),
            bind([.char("e")], "error details", "show the last error in full (status, type, request id)", .openedErrorDetails),
            bind([.char("c")], "create VIP", "create a VIP and bind it to a server's NIC (the wizard)", .startedCreateVIP),
            bind([.char("b")], "bind more", "bind the selected VIP to more NICs", .startedBindMore),
            bind([.char("u")], "unbind", "unbind the selected server (or NIC) from the VIP", .startedUnbind),
            bind([.char("D")], "delete VIP", "delete the selected VIP (unbinding it first)", .startedDelete),
            bind([.char("x")], "toggle check", "turn the selected NIC's source/destination check off, or on again", .startedToggleCheck),
            bind([.char("Y")], "copy id", "copy the selected row's id to the clipboard (OSC 52)", .copiedSelection(.id)),
            bind([.char("I")], "copy IP", "copy the selected row's IP to the clipboard (OSC 52)", .copiedSelection(.ip)),
            bind([.char("J")], "copy JSON", "copy the selected row's JSON to the clipboard (OSC 52)", .copiedSelection(.json)),
            bind([.char("E")], "export", "export the plan or journal run (openstack, curl, terraform, postman)", .openedExport),
            bind([.char("?")], "help", "this help; says why a key is disabled now", .toggledHelp),
            bind([.char("Q"), .ctrl("c")], "quit", "quit vipctl", .quitRequested),
        ]
            + sortKeys(.networks, NetworkRow.columns)
            + sortKeys(.ports, PortRow.columns)
            + sortKeys(.servers, ServerRow.columns)
            + sortKeys(.vips, VIPRow.columns)
            // The journal screen's own keys.
            + [
                bind([.enter], "show run", "show the run: requests, ports before → after, report", on(.journal), .opened),
                bind([.char("u")], "undo run", "undo the selected run: a plan that reverses what it changed", on(.journal),
                     .startedUndo),
            ]
            + sortKeys(.journal, JournalRow.columns)
            // The doctor screen's own keys.
            + [bind([.enter], "fix", "open the plan of the selected finding's fix (the plan screen; a applies)", on(.doctor), .opened)]
            + sortKeys(.doctor, FindingRow.columns)
            + [
                bind([.enter], "follow", "follow the link on the line (network, subnet, server, NICs, VIPs)", on(.detail), .opened),
                bind([.char("y")], "raw JSON", "switch between fields and raw JSON", on(.detail), .toggledRawJSON),
                bind([.enter], "keep", "keep the filter and return to the list", on(.filter), .confirmedFilter),
                bind([.escape], "cancel", "restore the filter as it was", on(.filter), .cancelledFilter),
                bind([.backspace], "erase", "erase the last character (any other character is typed)", on(.filter),
                     .erasedFilterChar),
                bind([.enter], "run", "go to the screen typed", on(.command), .ranCommand),
                bind([.escape], "cancel", "close the command line", on(.command), .cancelledCommand),
                bind([.backspace], "erase", "erase the last character (any other character is typed)", on(.command),
                     .erasedCommandChar),
            ]
            + [
                bind([.enter], "next", "next step; on the result, jump to the VIP", on(.wizard), .opened),
                bind([.tab], "next field", "options: next field (name, strategy, more NICs)", on(.wizard), .movedToNextField),
                bind([.backTab], "previous field", "options: previous field", on(.wizard), .movedToPreviousField),
                bind([.char(" ")], "switch", "options: switch the strategy, or pick a NIC to bind too", on(.wizard),
                     .toggledOption),
                bind([.char("a")], "apply", "plan step: apply the plan (Enter does not apply)", on(.wizard), .confirmedApply),
            ]
            + helpScrollKeys()
            + [bind([.escape, .char("q"), .char("e")], "close", "close the error details", on(.errors), .openedErrorDetails)]
            + exportKeys()

    /// The README's key list: generated from `map`; a test fails when the README differs.
    public static var markdown: String {
        keyTables + "\n" + Guard.footnote + "\n"
    }

    static var keyTables: String {
        map.markdown(globalTitle: "Everywhere") { name in
            switch Context(rawValue: name) {
            case .ports: return "Ports and a server's NICs"
            case .servers: return "Servers and a VIP's bound servers"
            case .vips: return "VIPs and the VIPs holding a NIC's IP"
            case .journal: return "Journal (`:journal`: the changes vipctl made, newest first)"
            case .doctor: return "Doctor (`:doctor`: what keeps a VIP from failing over, worst first)"
            case .detail: return "Detail view"
            case .filter: return "Filter input (`/`)"
            case .command: return "Command line (`:`)"
            case .help: return "Help (`?`)"
            case .errors: return "Error details (`e`)"
            case .wizard: return "VIP wizard and plan screen (typing goes into the address and name fields)"
            case .export: return "Export (`E` on the plan and journal screens)"
            default: return name
            }
        }
    }
}
