import Foundation
import L10n
import VIPCore

// The journal screen (`:journal`): the runs the journal file holds, newest first, in the
// presenter's words (`JournalText`); Enter or `d` shows a run (requests, ports before → after,
// report), `y` its lines as stored. The file is read by an effect (`Effect.loadJournal`,
// `Environment.loadJournal`), afresh each time the screen is opened or refreshed.

/// What reading the journal gave.
public struct JournalListing: Equatable, Sendable {
    /// The file read (shown in the status line), nil when there is no journal.
    public var path: String?
    /// Newest first (`JournalRun.runs`).
    public var runs: [JournalRun]
    /// One per line skipped (`journal line 17 is incomplete or not JSON; skipped`).
    public var warnings: [String]

    public init(path: String?, runs: [JournalRun], warnings: [String] = []) {
        self.path = path
        self.runs = runs
        self.warnings = warnings
    }

    /// Reads `store` (synchronously: call it off the input loop).
    public static func read(_ store: JournalStore) -> JournalListing {
        let (entries, warnings) = store.read()
        return JournalListing(path: store.path, runs: JournalRun.runs(entries), warnings: warnings)
    }
}

/// The journal screen's state: the list, whether a read is running, what the last read said.
public struct JournalState: Equatable, Sendable {
    public internal(set) var list: ListState<JournalRow>
    /// A read of the file is running.
    public internal(set) var loading: Bool
    /// The file has been read at least once.
    public internal(set) var loaded: Bool
    public internal(set) var path: String?
    public internal(set) var warnings: [String]
    /// The generation of the last read asked for; older results are dropped.
    public internal(set) var generation: Int

    public init() {
        list = ListState()
        loading = false
        loaded = false
        path = nil
        warnings = []
        generation = 0
    }

    /// The run with this id, if the last read had it.
    public func run(_ id: String) -> JournalRun? { list.rows.first { $0.id == id }?.run }
}

/// A row of the journal list: one run in the presenter's words.
public struct JournalRow: TableRow {
    public let run: JournalRun
    public let cells: [String]

    public init(run: JournalRun, timeZone: TimeZone) {
        self.run = run
        cells = JournalText.row(run, timeZone: timeZone).cells
    }

    public var id: String { run.runID }

    /// `JournalText.columns`, except that the run id's start is titled `ID`: as everywhere
    /// in the UI, it gives way first on a narrow terminal (the run's detail shows it whole).
    public static var columns: [Column] { [
        Column(.time, width: 19), Column(.outcome, width: 12), Column(.command, width: 12), Column(.summary, width: 40),
        Column(.cloudProject, width: 14), Column(.id, width: 8),
    ] }
    /// Newest first.
    public static let defaultSort = SortOrder(column: 0, ascending: false)

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: return .number(run.time.timeIntervalSince1970)
        case 5: return .natural(run.runID)
        default: return cells.indices.contains(column) ? .natural(cells[column]) : .empty
        }
    }

    public var ref: ResourceRef { .journalRun(run.runID) }
    public var destination: Destination { .detail(ref) }
}

public enum JournalDetails {
    /// A run as a detail view: the presenter's lines (a port that still exists links to its
    /// detail), and the entries as stored for `y`.
    public static func view(_ run: JournalRun, timeZone: TimeZone) -> DetailView {
        DetailView(title: ScreenText.runTitle(String(JournalText.clean(run.runID).prefix(JournalText.runIDPrefixLength))),
                   lines: JournalText.detail(run, timeZone: timeZone).map { l in
                       DetailLine(l.label, l.value, link: l.portID.map { .detail(.port($0)) })
                   },
                   json: JournalText.json(run))
    }

    static func missing(_ id: String) -> DetailView {
        DetailView(title: ScreenText.runTitle(String(id.prefix(JournalText.runIDPrefixLength))),
                   lines: [DetailLine("", ScreenText.runMissing.text)], json: [])
    }
}

extension AppState {
    /// The run on screen: the selected row of the journal list, or the run whose detail is
    /// shown. (Undo acts on it.)
    public var selectedJournalRun: JournalRun? {
        switch stack.last {
        case .root(.journal): return journal.list.selected?.run
        case .detail(let d):
            if case .journalRun(let id) = d.ref { return journal.run(id) }
            return nil
        default: return nil
        }
    }

    /// The journal list or a run's detail is on top.
    var showsJournal: Bool {
        switch stack.last {
        case .root(.journal): return true
        case .detail(let d):
            if case .journalRun = d.ref { return true }
            return false
        default: return false
        }
    }

    /// Starts a new read of the journal.
    mutating func loadJournal() -> [Effect] {
        journal.generation += 1
        journal.loading = true
        return [.loadJournal(generation: journal.generation)]
    }

    /// A read finished: new rows (the selected run stays selected), the run details on the
    /// stack rebuilt. Results of an older read are dropped.
    mutating func receiveJournal(_ listing: JournalListing, generation: Int) {
        guard generation == journal.generation, journal.loading else { return }
        journal.loading = false
        journal.loaded = true
        journal.path = listing.path
        journal.warnings = listing.warnings
        journal.list.replaceRows(listing.runs.map { JournalRow(run: $0, timeZone: timeZone) }, height: listHeight)
        for i in stack.indices {
            guard case .detail(var d) = stack[i], case .journalRun = d.ref else { continue }
            d.view = detailView(d.ref)
            d.apply(.none, height: listHeight)
            stack[i] = .detail(d)
        }
    }

    /// The detail view of `ref`: a cloud resource from the loaded data, a run from the journal.
    func detailView(_ ref: ResourceRef) -> DetailView {
        if case .journalRun(let id) = ref {
            guard let run = journal.run(id) else { return JournalDetails.missing(id) }
            return JournalDetails.view(run, timeZone: timeZone)
        }
        return Details.view(ref, data: data, vips: vips.rows.array)
    }

    /// The status line's count on the journal list: runs, the first skipped line, the file
    /// (last: the status line is cut at the terminal's width).
    var journalSummary: String {
        if journal.loading && !journal.loaded { return ScreenText.readingJournal.text }
        let list = journal.list
        var text: String
        if list.filter.isEmpty {
            text = list.totalCount == 1 ? ScreenText.oneRun.text : ScreenText.runs(list.totalCount)
        } else {
            text = ScreenText.runsMatching(list.count, list.totalCount, list.filter)
        }
        if let first = journal.warnings.first {
            text += "; " + (journal.warnings.count > 1 ? ScreenText.moreWarnings(first, journal.warnings.count - 1) : first)
        }
        if let path = journal.path { text += " (" + path + ")" }
        return text
    }
}
