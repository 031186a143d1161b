import CloudAPI
import VIPCore

/// One page of a listing, as it arrived.
public enum Page: Equatable, Sendable {
    case networks([Network])
    case subnets([Subnet])
    case ports([Port])
    case servers([Server])

    public var resource: Resource {
        switch self {
        case .networks: return .networks
        case .subnets: return .subnets
        case .ports: return .ports
        case .servers: return .servers
        }
    }

    public var count: Int {
        switch self {
        case .networks(let x): return x.count
        case .subnets(let x): return x.count
        case .ports(let x): return x.count
        case .servers(let x): return x.count
        }
    }

    /// An empty page of `resource` (the end of a listing).
    public static func empty(_ resource: Resource) -> Page {
        switch resource {
        case .networks: return .networks([])
        case .subnets: return .subnets([])
        case .ports: return .ports([])
        case .servers: return .servers([])
        }
    }
}

/// Everything that can happen, named after what the user did (the terminal UI's keybinding
/// table maps keys to these), plus the results that effects send back.
public enum Action: Equatable, Sendable {
    // MARK: the app

    /// The UI appeared: start loading everything.
    case launched

    // MARK: moving (lists and detail views)

    case movedDown, movedUp, pagedDown, pagedUp, jumpedToTop, jumpedToBottom

    // MARK: navigating

    /// Enter: on a row, follows its relation (server → its NICs, NIC → the VIPs holding its
    /// IP, VIP → its bound servers, network → its detail); on a detail line, follows its link.
    case opened
    /// Shows the detail view of the selected row.
    case openedDetails
    /// Esc or `q`: closes an overlay, else clears the list's filter, else goes back a screen.
    case wentBack
    /// `Q` or Ctrl-C.
    case quitRequested

    // MARK: filter (`/`)

    case startedFilter
    case typedFilter(String)
    case erasedFilterChar
    case confirmedFilter
    case cancelledFilter

    /// Sorts the list by a column (0-based): ascending, or flips the direction when already
    /// sorted by it.
    case sortedBy(column: Int)

    // MARK: command line (`:`)

    case startedCommand
    case typedCommand(String)
    case erasedCommandChar
    case ranCommand
    case cancelledCommand

    // MARK: other keys

    case refreshed
    case toggledHelp
    /// Scrolls the help overlay so that its line `to` (0-based) is on top. The terminal UI
    /// knows how long the help is and clamps `to`.
    case scrolledHelp(to: Int)
    /// A key with no meaning here (its label, e.g. `x` or `F5`): the status line says so.
    case pressedUnboundKey(String)
    /// On a detail view, switches between fields and raw JSON; on a list, opens the selected
    /// row's detail in raw JSON.
    case toggledRawJSON
    case openedErrorDetails
    /// Copies the selected row's id, IP or JSON to the clipboard (OSC 52).
    case copiedSelection(CopyWhat)
    /// On the plan and journal screens: shows the plan (the run) as an export.
    case openedExport
    /// In the export overlay: shows it in `format`.
    case choseExportFormat(ExportFormat)
    /// In the export overlay: copies it to the clipboard (OSC 52).
    case copiedExport
    /// Scrolls the export overlay so that its line `to` (0-based) is on top (the terminal UI
    /// clamps `to`).
    case scrolledExport(to: Int)

    // MARK: changing the cloud (each through the plan screen)

    /// `c`: the create-and-bind wizard.
    case startedCreateVIP
    /// `b` on a VIP: bind more NICs to it.
    case startedBindMore
    /// `u` on a server bound to a VIP, or on a VIP holding a NIC's IP: unbind that NIC.
    case startedUnbind
    /// `D` on a VIP: delete it (unbinding it first in the same plan).
    case startedDelete
    /// `x` on a NIC: turn its source/destination check off, or on again.
    case startedToggleCheck
    /// `u` on the journal: undo the selected run (a plan that reverses what it changed).
    case startedUndo
    /// Printable text typed into the wizard's current field (the VIP address or the name).
    case typedInWizard(String)
    case erasedInWizard
    /// Tab / Shift-Tab on the options step.
    case movedToNextField
    case movedToPreviousField
    /// Space on the options step: flip the strategy, or pick/unpick a NIC to bind too.
    case toggledOption
    /// `a` on the plan step: apply it.
    case confirmedApply

    // MARK: the terminal

    case resized(width: Int, height: Int)
    /// A timer tick (the driver sends one about every 100 ms): advances the spinner.
    case tick

    // MARK: results of effects

    /// A page of a load; `done` when the listing is complete (the page may be empty).
    case pageLoaded(Page, generation: Int, done: Bool)
    case loadFailed(Resource, CloudError, generation: Int)
    /// Who is signed in, known once the session authenticated.
    case identified(user: String, project: String?)
    case planned(Plan, generation: Int)
    case planFailed(String, generation: Int)
    case applyProgressed(ExecutionEvent)
    case applyFinished(ExecutionReport)
    /// SIGINT, SIGTERM or SIGHUP reached vipctl (`status` is 128 + the signal): during an
    /// apply it stops the apply (rolled back, then quit); otherwise it quits.
    case signalled(name: String, status: Int32)
    /// A read of the journal finished.
    case journalLoaded(JournalListing, generation: Int)
    /// A doctor run finished (`:doctor`).
    case doctorExamined(DoctorResult, generation: Int)
    /// Something the terminal driver tells the user once, on the status line (e.g. that the
    /// terminal is not UTF-8 and what is shown differently); the next key clears it.
    case noticed(String)
    /// The cloud session read an answer only after repairing it (invalid UTF-8): one line
    /// for the status line.
    case cloudNoticed(String)
    /// A detail view's resource as the cloud sent it (`Effect.loadRawJSON`): its JSON lines,
    /// or why they could not be fetched.
    case rawJSONLoaded(ResourceRef, Result<[String], CloudError>)

    /// Whether this is something the user did (as opposed to a timer, a resize or a
    /// result): only these can be disabled.
    public var isUserAction: Bool {
        switch self {
        case .launched, .resized, .tick, .pageLoaded, .loadFailed, .identified, .planned, .planFailed, .applyProgressed,
             .applyFinished, .signalled, .journalLoaded, .doctorExamined, .noticed, .cloudNoticed, .rawJSONLoaded:
            return false
        default: return true
        }
    }
}

/// Work for the `Store` to do outside the reducer.
public enum Effect: Equatable, Sendable {
    /// Load every page of `resource`, sending `.pageLoaded(_, generation:, done:)` per page
    /// and `.loadFailed` on failure. A new load of the same resource replaces a running one.
    case load(Resource, generation: Int)
    /// Find out who is signed in; sends `.identified`.
    case identify
    /// Read the cloud afresh and plan; sends `.planned` or `.planFailed`.
    case plan(Intent, strategy: VIPStrategy, generation: Int)
    /// Apply a plan; sends `.applyProgressed` per event, then `.applyFinished`.
    case apply(Plan)
    /// Ask the running apply to stop (the step in flight finishes, the rest is undone).
    case stopApply(reason: String)
    /// Read the journal file; sends `.journalLoaded`.
    case loadJournal(generation: Int)
    /// Run the VIP doctor on a fresh read; sends `.doctorExamined`.
    case examine(strategy: VIPStrategy, generation: Int)
    /// Fetch one resource's JSON as the cloud sends it; sends `.rawJSONLoaded`.
    case loadRawJSON(ResourceRef)
    /// Put `text` on the terminal's clipboard (the driver writes OSC 52).
    case copyToClipboard(String)
    /// Stop everything: the user quit.
    case quit
}
