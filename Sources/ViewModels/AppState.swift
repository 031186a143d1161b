import CloudAPI
import L10n
import Foundation
import VIPCore

// The whole state of the terminal UI as one value. `reduce` is the only code that changes it;
// the terminal UI reads it (through the computed properties at the end) to draw a frame.

/// How the UI was started; the header always shows it.
public enum Mode: String, Equatable, Sendable {
    case live, readOnly, demo

    /// `LIVE`, `READ-ONLY` or `DEMO`.
    public var label: String {
        switch self {
        case .live: return TUIText.badgeLive.text
        case .readOnly: return TUIText.badgeReadOnly.text
        case .demo: return TUIText.badgeDemo.text
        }
    }
}

/// The header: cloud, region, project, user and mode.
public struct Header: Equatable, Sendable {
    public var cloud: String
    public var region: String?
    public var project: String?
    public var user: String?
    public var mode: Mode
    /// TLS certificates are not verified (`--insecure`, `insecure: true`, `verify: false`,
    /// `OS_INSECURE`): the header shows a red INSECURE mark for the whole session.
    public var insecure: Bool

    public init(cloud: String, region: String? = nil, project: String? = nil, user: String? = nil, mode: Mode,
                insecure: Bool = false)
    {
        self.cloud = cloud
        self.region = region
        self.project = project
        self.user = user
        self.mode = mode
        self.insecure = insecure
    }
}

public struct TerminalSize: Equatable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Below this the UI shows a short "terminal too small" message instead of a layout.
    public static let minimum = TerminalSize(width: 80, height: 24)
}

/// Rows of the screen that are not list rows.
public struct Layout: Equatable, Sendable {
    /// Header, title/breadcrumb line, column titles and status line.
    public var chromeRows: Int

    public init(chromeRows: Int = 4) { self.chromeRows = chromeRows }
}

/// What is loaded from the cloud, each in pages.
public enum Resource: String, CaseIterable, Hashable, Sendable {
    case networks, subnets, ports, servers

    /// The plural noun in the language in effect (`networks`, `subnets`...).
    public var noun: String {
        switch self {
        case .networks: Common.networks.text
        case .subnets: Common.subnets.text
        case .ports: Common.ports.text
        case .servers: Common.servers.text
        }
    }
}

public enum LoadState: Equatable, Sendable {
    case idle
    /// `progress`: items received so far (they are already on screen).
    case loading(progress: Int)
    case loaded
    case failed(CloudError)

    public var isLoading: Bool {
        if case .loading = self { return true }
        return false
    }
}

/// The top-level lists; `:networks`, `:ports`, `:servers`, `:vips` and `:journal` jump to
/// them.
public enum RootList: String, CaseIterable, Hashable, Sendable {
    case networks, ports, servers, vips
    /// The runs of the journal file (not cloud data).
    case journal
    /// The VIP doctor's findings.
    case doctor

    /// The plural noun in the language in effect, for counts (`3 networks`, `2 VIPs`).
    public var noun: String {
        switch self {
        case .networks: return Common.networks.text
        case .ports: return Common.ports.text
        case .servers: return Common.servers.text
        case .vips: return Common.vips.text
        case .journal: return ScreenText.journalTitle.text
        case .doctor: return DoctorText.findingsNoun.text
        }
    }

    public var title: String {
        switch self {
        case .networks: return ScreenText.networksTitle.text
        case .ports: return ScreenText.portsTitle.text
        case .servers: return ScreenText.serversTitle.text
        case .vips: return ScreenText.vipsTitle.text
        case .journal: return ScreenText.journalTitle.text
        case .doctor: return DoctorState.title
        }
    }
}

/// Which screen a frame of the navigation stack is.
public enum Screen: Hashable, Sendable {
    case networks, ports, servers, vips
    /// The journal's runs.
    case journal
    /// The doctor's findings.
    case doctor
    /// The NICs of a server (a ports table).
    case nics(server: String)
    /// The VIPs whose pairs hold a NIC's IP (a VIPs table).
    case vipsHolding(port: String)
    /// The servers a VIP is bound to (a servers table).
    case boundServers(vip: String)
    case detail(ResourceRef)
    /// The VIP wizard or an operation's plan, at a step.
    case wizard(WizardStep)
}

/// One entry of the navigation stack. Root lists keep their state in `AppState` (so `:ports`
/// comes back to the same filter and selection); cross-navigation lists and detail views
/// carry theirs.
public enum Frame: Equatable, Sendable {
    case root(RootList)
    case nics(server: String, list: ListState<PortRow>)
    case vipsHolding(port: String, list: ListState<VIPRow>)
    case boundServers(vip: String, list: ListState<ServerRow>)
    case detail(DetailState)
    case wizard(WizardState)

    public var screen: Screen {
        switch self {
        case .root(.networks): return .networks
        case .root(.ports): return .ports
        case .root(.servers): return .servers
        case .root(.vips): return .vips
        case .root(.journal): return .journal
        case .root(.doctor): return .doctor
        case .nics(let s, _): return .nics(server: s)
        case .vipsHolding(let p, _): return .vipsHolding(port: p)
        case .boundServers(let v, _): return .boundServers(vip: v)
        case .detail(let d): return .detail(d.ref)
        case .wizard(let w): return .wizard(w.step)
        }
    }

    /// The detail state, when this frame is a detail view.
    public var detail: DetailState? {
        get {
            if case .detail(let d) = self { return d }
            return nil
        }
        set {
            if case .detail = self, let newValue { self = .detail(newValue) }
        }
    }

    public var nicList: ListState<PortRow>? {
        get {
            if case .nics(_, let l) = self { return l }
            return nil
        }
        set {
            if case .nics(let s, _) = self, let newValue { self = .nics(server: s, list: newValue) }
        }
    }

    public var vipList: ListState<VIPRow>? {
        get {
            if case .vipsHolding(_, let l) = self { return l }
            return nil
        }
        set {
            if case .vipsHolding(let p, _) = self, let newValue { self = .vipsHolding(port: p, list: newValue) }
        }
    }

    public var serverList: ListState<ServerRow>? {
        get {
            if case .boundServers(_, let l) = self { return l }
            return nil
        }
        set {
            if case .boundServers(let v, _) = self, let newValue { self = .boundServers(vip: v, list: newValue) }
        }
    }
}

/// Something drawn over the screen.
public enum Overlay: Equatable, Sendable {
    /// The key help (generated by the terminal UI from its keybinding table).
    case help
    /// Everything known about `AppState.lastError`.
    case errorDetails
    /// The `:` command line with what was typed so far.
    case command(String)
    /// The `/` filter input. The text typed so far is the current list's `filter` (it
    /// applies as it is typed); `original` is restored on cancel.
    case filter(original: String)
    /// The plan (or journal run) on screen as an export in `ExportFormat`, from line `scroll`.
    case export(ExportFormat, scroll: Int = 0)
}

/// The status line as the terminal UI draws it.
public struct StatusLine: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, notice, error, loading }

    public var kind: Kind
    public var text: String
    /// The spinner frame while something loads (index into `Spinner.frames`), else nil.
    public var spinnerFrame: Int?

    public init(kind: Kind, text: String, spinnerFrame: Int? = nil) {
        self.kind = kind
        self.text = text
        self.spinnerFrame = spinnerFrame
    }
}

public enum Spinner {
    public static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    /// For terminals without UTF-8 (index with `frame % asciiFrames.count`).
    public static let asciiFrames = ["|", "/", "-", "\\"]
}

public struct AppState: Equatable, Sendable {
    public var header: Header
    /// Nothing may change the cloud: every mutating action is disabled (`--read-only`,
    /// `read_only: true`, or mode READ-ONLY).
    public internal(set) var readOnly: Bool
    /// The strategy a new plan starts with (`vip_strategy`, else Huawei).
    public internal(set) var defaultStrategy: VIPStrategy
    public internal(set) var size: TerminalSize
    public var layout: Layout

    /// Everything loaded so far.
    public internal(set) var data: CloudData
    public internal(set) var loads: [Resource: LoadState]
    /// The generation of the current load of each resource; results of older loads are
    /// dropped.
    public internal(set) var generations: [Resource: Int]
    var digest = PortDigest()  // What the lists need from the ports, page by page: derived, not part of the value.

    /// The state as the store hands it to the renderer and other subscribers: the same value
    /// without the caches derived from it (each root list's search index, the port digest).
    /// A copy that shared them would make the next page's merge copy them whole (tens of MB at
    /// 100,000 ports) while the renderer draws; a list or digest without its cache rebuilds it
    /// when it is next changed.
    public var published: AppState {
        var s = self
        s.networks.index = ListIndex()
        s.ports.index = ListIndex()
        s.servers.index = ListIndex()
        s.vips.index = ListIndex()
        s.digest = PortDigest()
        return s
    }

    public internal(set) var networks: ListState<NetworkRow>
    public internal(set) var ports: ListState<PortRow>
    public internal(set) var servers: ListState<ServerRow>
    public internal(set) var vips: ListState<VIPRow>
    /// The journal screen (`:journal`).
    public internal(set) var journal: JournalState
    /// The doctor screen (`:doctor`).
    public internal(set) var doctor = DoctorState()
    /// The time zone times are shown in (the journal's).
    public internal(set) var timeZone: TimeZone

    /// The navigation stack, never empty: a root list first, the screen on top last.
    public internal(set) var stack: [Frame]
    public internal(set) var overlay: Overlay?
    /// The first line of the help overlay on screen.
    public internal(set) var helpScroll: Int
    /// Why the last key did nothing, an unknown command: cleared by the next enabled action.
    public internal(set) var notice: String?
    /// The one-line error of the last failed load: stays until the next refresh.
    public internal(set) var errorMessage: String?
    /// The last failure, for the error details overlay.
    public internal(set) var lastError: CloudError?
    public internal(set) var spinnerFrame: Int
    /// Ticks (`Action.tick`, one every `tickMilliseconds`) since the current loads started:
    /// the status line shows how long vipctl has been waiting for the cloud.
    public internal(set) var loadingTicks: Int
    /// The driver's tick interval the elapsed time is counted in.
    public static let tickMilliseconds = 100
    /// Whole seconds the current loads have been waiting.
    public var loadingSeconds: Int { loadingTicks * AppState.tickMilliseconds / 1000 }
    /// Set once the user quit; the driver restores the terminal and exits.
    public internal(set) var shouldQuit: Bool
    /// A quit (Q, Ctrl-C, a signal, the terminal gone) came during an apply: the apply is
    /// stopping, and vipctl quits once its report is in. How many quit presses came since.
    public internal(set) var quitAfterApply: Int
    /// The exit status vipctl should end with (nil: 0). 128+signal after a signal; after a
    /// quit that stopped an apply: 0 applied, 1 rolled back or nothing sent, 3 partly applied.
    public internal(set) var exitStatus: Int32?

    public init(header: Header, size: TerminalSize, layout: Layout = Layout(), start: RootList = .networks,
                readOnly: Bool = false, strategy: VIPStrategy = .huawei, timeZone: TimeZone = .current)
    {
        self.header = header
        self.readOnly = readOnly || header.mode == .readOnly
        defaultStrategy = strategy
        self.size = size
        self.layout = layout
        data = CloudData()
        loads = Dictionary(uniqueKeysWithValues: Resource.allCases.map { ($0, LoadState.idle) })
        generations = Dictionary(uniqueKeysWithValues: Resource.allCases.map { ($0, 0) })
        networks = ListState()
        ports = ListState()
        servers = ListState()
        vips = ListState()
        journal = JournalState()
        self.timeZone = timeZone
        stack = [.root(start)]
        overlay = nil
        helpScroll = 0
        notice = nil
        errorMessage = nil
        lastError = nil
        spinnerFrame = 0
        loadingTicks = 0
        shouldQuit = false
        quitAfterApply = 0
        exitStatus = nil
    }

    // MARK: reading the state (for the terminal UI)

    /// This state without its overlay: what the screen under an overlay shows, and what the
    /// help overlay describes (keys are enabled or disabled as they are under the help).
    public var withoutOverlay: AppState {
        var s = self
        s.overlay = nil
        return s
    }

    /// The screen on top of the stack.
    public var screen: Screen { stack.last?.screen ?? .networks }

    /// Every screen of the stack, root first.
    public var screens: [Screen] { stack.map(\.screen) }

    /// Below 80x24: draw only a short "terminal too small" message.
    public var tooSmall: Bool { size.width < TerminalSize.minimum.width || size.height < TerminalSize.minimum.height }

    /// Rows available to a list or a detail view.
    public var listHeight: Int {
        // The doctor keeps rows under its table for the selected finding in full.
        max(1, size.height - layout.chromeRows - (stack.last == .root(.doctor) ? DoctorState.paneRows : 0))
    }

    /// True while any resource is loading.
    public var isLoading: Bool { loads.values.contains { $0.isLoading } }

    /// The title of the screen on top.
    public var title: String { stack.last.map(title(of:)) ?? "" }

    /// Titles of every screen of the stack, root first (for a breadcrumb).
    public var breadcrumbs: [String] { stack.map(title(of:)) }

    public func title(of frame: Frame) -> String {
        switch frame {
        case .root(let r): return r.title
        case .nics(let s, _): return ScreenText.nicsOf(serverName(s))
        case .vipsHolding(let p, _):
            let port = data.ports.first { $0.id == p }
            let ip = port?.fixedIPs.first?.ipAddress ?? p
            if let owner = port.flatMap({ nic in data.servers.first { $0.id == nic.deviceID } }) {
                return ScreenText.vipsHoldingOwner(ip, owner.name)
            }
            return ScreenText.vipsHolding(ip)
        case .boundServers(let v, _):
            let address = data.ports.first { $0.id == v }?.fixedIPs.first?.ipAddress ?? v
            return ScreenText.serversBoundTo(address)
        case .detail(let d): return d.view.title
        case .wizard(let w): return w.title
        }
    }

    func serverName(_ id: String) -> String {
        guard let s = data.servers.first(where: { $0.id == id }), !s.name.isEmpty else { return id }
        return s.name
    }

    /// The table on top, with the cells of the rows in the viewport; nil on a detail view.
    public var table: TableSnapshot? { currentList?.snapshot(title: title, height: listHeight) }

    /// The detail view on top, if the top screen is one.
    public var detail: DetailState? { stack.last?.detail }

    /// What has been typed in the filter input, while it is open.
    public var filterInput: String? {
        guard case .filter = overlay else { return nil }
        return currentList?.filter ?? ""
    }

    /// What has been typed in the command line, while it is open.
    public var commandInput: String? {
        guard case .command(let text) = overlay else { return nil }
        return text
    }

    /// The lines of the error details overlay.
    public var errorDetails: [DetailLine] { lastError.map(Details.errorLines) ?? [] }

    /// The status line: a notice if there is one, else the last error, else what is
    /// loading, else a count of the list on screen.
    public var statusLine: StatusLine {
        let spinner = isLoading ? spinnerFrame : nil
        if let notice { return StatusLine(kind: .notice, text: notice, spinnerFrame: spinner) }
        if let errorMessage { return StatusLine(kind: .error, text: errorMessage, spinnerFrame: spinner) }
        if isLoading {
            let parts = Resource.allCases.compactMap { r -> String? in
                guard case .loading(let n) = loads[r] else { return nil }
                return n == 0 ? r.noun : ScreenText.loadingSoFar(r.noun, n)
            }
            let what = parts.joined(separator: ScreenText.listSeparator.text)
            let text = loadingSeconds >= 1 ? ScreenText.loadingWaited(what, loadingSeconds) : ScreenText.loading(what)
            return StatusLine(kind: .loading, text: text, spinnerFrame: spinner)
        }
        return StatusLine(kind: .info, text: summary)
    }

    var summary: String {
        guard let top = stack.last else { return "" }
        let noun: String
        switch top {
        case .root(.journal): return journalSummary
        case .root(.doctor): return doctorSummary
        case .root(let r): noun = r.noun
        case .nics: noun = Common.nics.text
        case .vipsHolding: noun = Common.vips.text
        case .boundServers: noun = Common.servers.text
        case .detail(let d): return d.showsRawJSON ? ScreenText.rawJSONSuffix(d.view.title) : d.view.title
        case .wizard(let w): return wizardSummary(w)
        }
        guard let list = currentList else { return "" }
        if list.filter.isEmpty { return ScreenText.count(list.totalCount, noun) }
        return ScreenText.countMatching(list.count, list.totalCount, noun, list.filter)
    }

    /// The list on top, type-erased; nil on a detail view.
    var currentList: (any AnyList)? {
        switch stack.last {
        case .root(.networks): return networks
        case .root(.ports): return ports
        case .root(.servers): return servers
        case .root(.vips): return vips
        case .root(.journal): return journal.list
        case .root(.doctor): return doctor.list
        case .nics(_, let l): return l
        case .vipsHolding(_, let l): return l
        case .boundServers(_, let l): return l
        case .wizard(let w): return w.list
        case .detail, nil: return nil
        }
    }

    /// A run's outcome in the vendor's words: applied, rolled back, partial, nothing sent.
    func outcomeText(_ o: ExecutionReport.Outcome) -> String {
        switch o {
        case .applied: return ScreenText.outcomeApplied.text
        case .rolledBack: return ScreenText.outcomeRolledBack.text
        case .partial: return ScreenText.outcomePartial.text
        case .nothingSent: return ScreenText.outcomeNothingSent.text
        }
    }

    func wizardSummary(_ w: WizardState) -> String {
        let position = w.steps.firstIndex(of: w.step).map { ScreenText.stepPosition($0 + 1, w.steps.count) } ?? ""
        switch w.step {
        case .server: return ScreenText.wizardPickServer(position)
        case .nic: return ScreenText.wizardPickNIC(position)
        case .vip:
            if let p = w.ipProblem { return p }
            return ScreenText.wizardPickVIP(position)
        case .options: return ScreenText.wizardOptions(position)
        case .plan:
            if w.planning { return ScreenText.wizardPlanning(position) }
            if let e = w.planError { return e }
            if let p = w.plan, p.steps.isEmpty { return ScreenText.nothingToDo(p.nothingToDo ?? ScreenText.cloudHoldsThis.text) }
            return ScreenText.wizardPlanReady(position)
        case .apply: return w.report == nil ? ScreenText.wizardApplying(position) : ScreenText.wizardApplied.text
        case .result: return w.report.map { outcomeText($0.outcome) } ?? ""
        }
    }
}
