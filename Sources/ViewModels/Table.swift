import L10n

// Lists as compact rows plus a filtered and sorted index, a selection and a scroll offset.
// Never laid-out text: the terminal UI turns `cells` into columns at the width it has.

/// A resource that a detail view can show.
public enum ResourceRef: Hashable, Sendable {
    case network(String)
    case subnet(String)
    case port(String)
    case server(String)
    /// A run of the journal, by run id (not a cloud resource).
    case journalRun(String)

    public var id: String {
        switch self {
        case .network(let id), .subnet(let id), .port(let id), .server(let id), .journalRun(let id): return id
        }
    }

    /// The kind as a title word in the language in effect: "Network", "Subnet", "Port", "Server"
    /// or "Journal Run".
    public var kindTitle: String {
        switch self {
        case .network: return DetailText.kindNetwork.text
        case .subnet: return DetailText.kindSubnet.text
        case .port: return DetailText.kindPort.text
        case .server: return DetailText.kindServer.text
        case .journalRun: return DetailText.kindJournalRun.text
        }
    }

    /// Whether it names something in the cloud (not a run of the journal).
    public var isCloudResource: Bool {
        if case .journalRun = self { return false }
        return true
    }

    /// "network", "subnet", "port", "server" or "journal run".
    public var kind: String {
        switch self {
        case .network: return "network"
        case .subnet: return "subnet"
        case .port: return "port"
        case .server: return "server"
        case .journalRun: return "journal run"
        }
    }
}

/// Where opening something leads: a detail view or a cross-navigation list.
public enum Destination: Hashable, Sendable {
    /// The detail view of one resource (fields, links, raw JSON).
    case detail(ResourceRef)
    /// The NIC ports of a server.
    case nics(server: String)
    /// The VIPs whose pairs hold this NIC's IP (or whose address is in the NIC's pairs).
    case vipsHolding(port: String)
    /// The servers bound to a VIP port.
    case boundServers(vip: String)
}

/// One column of a table: its title, a preferred width in terminal cells and its alignment.
public struct Column: Equatable, Sendable {
    public enum Alignment: Sendable { case left, right }

    /// Which column this is, whatever the language.
    public let key: ColumnText
    /// Preferred width in terminal cells; a hint, the terminal UI may shrink or widen it.
    public let width: Int
    public let alignment: Alignment

    public init(_ key: ColumnText, width: Int, _ alignment: Alignment = .left) {
        self.key = key
        self.width = width
        self.alignment = alignment
    }

    /// The title in the language in effect.
    public var title: String { key.text }
}

/// Which column a list is sorted by, and in which direction.
public struct SortOrder: Equatable, Sendable {
    public var column: Int
    public var ascending: Bool

    public init(column: Int, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }
}

/// A row of one of the lists. Rows are values built from CloudAPI models by pure functions.
public protocol TableRow: Identifiable, Equatable, Sendable where ID == String {
    /// The table's columns; `cells` has one entry per column.
    static var columns: [Column] { get }
    /// How a new list of these rows is sorted.
    static var defaultSort: SortOrder { get }
    /// One string per column, not truncated or padded.
    var cells: [String] { get }
    /// What the row sorts by in `column` (IP-aware where the column holds addresses).
    func sortKey(column: Int) -> SortKey
    /// The resource whose detail view this row opens.
    var ref: ResourceRef { get }
    /// Where Enter on this row leads.
    var destination: Destination { get }
}

extension TableRow {
    public var columns: [Column] { Self.columns }

    /// Whether the row matches a filter: a case-insensitive substring of any cell.
    public func matches(_ filter: String) -> Bool {
        if filter.isEmpty { return true }
        let needle = filter.lowercased()
        return cells.contains { $0.lowercased().contains(needle) }
    }
}

/// A cursor movement, shared by lists and detail views.
enum Movement: Equatable {
    case none, by(Int), page(Int), top, bottom
}

/// A cursor over `count` lines in a viewport of `height` lines, kept on screen.
struct CursorPosition {
    var cursor: Int
    var scroll: Int

    mutating func apply(_ move: Movement, count: Int, height: Int) {
        let h = max(1, height)
        guard count > 0 else {
            cursor = 0
            scroll = 0
            return
        }
        let maxScroll = max(0, count - h)
        switch move {
        case .none: break
        case .by(let d): cursor += d
        case .page(let pages):
            cursor += pages * h
            scroll += pages * h
        case .top: cursor = 0
        case .bottom: cursor = count - 1
        }
        cursor = min(max(cursor, 0), count - 1)
        scroll = min(max(scroll, 0), maxScroll)
        if cursor < scroll { scroll = cursor }
        if cursor >= scroll + h { scroll = cursor - h + 1 }
    }
}

/// What the terminal UI needs to draw the list on screen: columns, the cells of the rows in
/// the viewport, and where the selection is.
public struct TableSnapshot: Equatable, Sendable {
    public var title: String
    public var columns: [Column]
    /// Cells of the rows in the viewport, top to bottom.
    public var rows: [[String]]
    /// Position (in the filtered list) of `rows[0]`.
    public var firstRow: Int
    /// Position (in the filtered list) of the selected row; nil when the list is empty.
    public var selection: Int?
    /// Rows that pass the filter / all rows.
    public var matching: Int
    public var total: Int
    public var filter: String
    public var sort: SortOrder
    /// Cells of the first rows of the filtered list (up to `TableSnapshot.measuredRows`), for
    /// column widths that do not change while scrolling through them.
    public var measure: [[String]]

    /// How many rows from the top of a list `measure` holds.
    public static let measuredRows = 500
}

/// Type-erased reads of the list on screen.
protocol AnyList {
    var count: Int { get }
    var totalCount: Int { get }
    var filter: String { get }
    var columnCount: Int { get }
    var selectedRef: ResourceRef? { get }
    var selectedDestination: Destination? { get }
    func snapshot(title: String, height: Int) -> TableSnapshot
}

extension ListState: AnyList {
    var totalCount: Int { rows.count }
    var columnCount: Int { Row.columns.count }
    var selectedRef: ResourceRef? { selected?.ref }
    var selectedDestination: Destination? { selected?.destination }

    public func snapshot(title: String, height: Int) -> TableSnapshot {
        TableSnapshot(title: title, columns: Row.columns, rows: window(height: height).map(\.cells), firstRow: scroll,
                      selection: visible.isEmpty ? nil : selection, matching: visible.count, total: rows.count,
                      filter: filter, sort: sort,
                      measure: visible.prefix(TableSnapshot.measuredRows).map { rows[$0].cells })
    }
}
