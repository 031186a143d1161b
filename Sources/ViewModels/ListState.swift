import L10n

/// One list on screen: all rows, the positions of the rows that pass the filter in sort
/// order, the selection (a position in `visible`) and the first visible position.
///
/// Mutate it only through `reduce`; the setters are internal so that the index stays in step
/// with rows, filter and sort.
///
/// Costs (see `ListIndex`): a page of rows merges in time proportional to the page (plus a
/// copy of the integer index); a filter that extends the previous one searches only the
/// previous matches; a sort compares precomputed keys and moves indices, never rows.
///
/// The selection follows its row: when rows arrive or change, the selected row stays
/// selected (by id) and on the same screen line, and the counter (`3/100000`) follows the row
/// to its new position. Nothing but the user moves the cursor, the filter or the scroll.
public struct ListState<Row: TableRow>: Equatable, Sendable {
    /// Every row, in the order the API returned them (chunked: a page appended while the
    /// renderer holds a copy costs the page).
    public internal(set) var rows: ChunkedArray<Row>
    /// Indices into `rows` of the rows that match `filter`, in sort order.
    public internal(set) var visible: [Int]
    /// The selected position in `visible` (0 when the list is empty).
    public internal(set) var selection: Int
    /// The first position of `visible` on screen.
    public internal(set) var scroll: Int
    /// Case-insensitive substring over every cell; empty means no filter.
    public internal(set) var filter: String
    public internal(set) var sort: SortOrder
    /// Search texts, sort keys and the unfiltered order, derived from the fields above (not
    /// part of the list's value: two lists with the same rows, filter and sort are equal).
    var index: ListIndex

    /// A list of `rows`, filtered and sorted, with the first row selected.
    public init(rows: [Row] = [], sort: SortOrder = Row.defaultSort, filter: String = "") {
        self.rows = ChunkedArray(rows)
        self.sort = sort
        self.filter = filter
        index = ListIndex()
        visible = []
        selection = 0
        scroll = 0
        rebuildIndex()
    }

    /// Every field given (tests build expected states with it).
    init(rows: [Row], visible: [Int], selection: Int, scroll: Int, filter: String, sort: SortOrder) {
        self.rows = ChunkedArray(rows)
        self.visible = visible
        self.selection = selection
        self.scroll = scroll
        self.filter = filter
        self.sort = sort
        index = ListIndex()
    }

    /// How many rows pass the filter.
    public var count: Int { visible.count }

    /// The selected row, nil when nothing passes the filter.
    public var selected: Row? { visible.indices.contains(selection) ? rows[visible[selection]] : nil }

    /// The rows on screen for a viewport of `height` rows, from `scroll`.
    public func window(height: Int) -> [Row] {
        guard scroll < visible.count else { return [] }
        return visible[scroll..<min(visible.count, scroll + max(1, height))].map { rows[$0] }
    }

    /// The filtered, sorted index. Ties keep the API order.
    static func index(_ rows: [Row], filter: String, sort: SortOrder) -> [Int] {
        ListState(rows: rows, sort: sort, filter: filter).visible
    }

    // MARK: the derived index

    /// The index of the selected row in `rows`, nil when nothing is selected.
    private var selectedRow: Int? { visible.indices.contains(selection) ? visible[selection] : nil }

    private var needle: [UInt8] { Array(filter.lowercased().utf8) }

    /// The rows of `candidates` that pass the filter, in their order.
    private func filtered(_ candidates: [Int]) -> [Int] {
        if filter.isEmpty { return candidates }
        let n = needle
        // A line feed joins the cells of a search text: such a filter is matched cell by cell.
        if n.contains(10) { return candidates.filter { rows[$0].matches(filter) } }
        return index.matching(candidates, n)
    }

    /// Recomputes everything derived from the rows.
    mutating func rebuildIndex() {
        index = ListIndex(rows: rows, column: sort.column)
        index.order = index.sorted(Array(rows.indices), ascending: sort.ascending)
        visible = filtered(index.order)
    }

    /// Rebuilds the index when it does not describe `rows` (a state built field by field).
    private mutating func ensureIndex() {
        if !index.covers(rows.count, column: sort.column) { rebuildIndex() }
    }

    /// After rows arrived or changed: the selected row stays selected and on the same screen
    /// line when it still passes the filter; else the position is kept, clamped.
    private mutating func follow(_ row: Int?, from old: Int, height: Int) {
        if let row, let pos = visible.firstIndex(of: row) {
            selection = pos
            scroll += pos - old
        }
        fit(height: height)
    }

    /// After the filter or the sort changed: the selected row stays selected when it still
    /// passes the filter, else the position is kept, clamped; the scroll only follows it.
    private mutating func keep(_ row: Int?, height: Int) {
        if let row, let pos = visible.firstIndex(of: row) { selection = pos }
        fit(height: height)
    }

    // MARK: edits (internal: through reduce)

    /// Appends rows (a page that arrived): only the new rows are indexed, sorted and merged.
    mutating func append(_ new: [Row], height: Int) {
        guard !new.isEmpty else { return }
        ensureIndex()
        let keepRow = selectedRow
        let old = selection
        let start = rows.count
        rows.append(contentsOf: new)
        index.append(new, column: sort.column)
        let added = index.sorted(Array(start..<rows.count), ascending: sort.ascending)
        index.order = index.merge(added, into: index.order, ascending: sort.ascending)
        visible = filter.isEmpty ? index.order : index.merge(filtered(added), into: visible, ascending: sort.ascending)
        follow(keepRow, from: old, height: height)
    }

    /// Appends the last `count` rows of `all`, whose first rows are this list's, and from then
    /// on shares `all`'s storage: the ports list holds the loaded ports themselves, not a copy.
    mutating func append(sharing all: ChunkedArray<Row>, added count: Int, height: Int) {
        guard all.count == rows.count + count else { return replaceRows(sharing: all, height: height) }
        guard count > 0 else { return }
        ensureIndex()
        let keepRow = selectedRow
        let old = selection
        let start = rows.count
        rows = all
        index.append(all[start...], column: sort.column)
        let added = index.sorted(Array(start..<rows.count), ascending: sort.ascending)
        index.order = index.merge(added, into: index.order, ascending: sort.ascending)
        visible = filter.isEmpty ? index.order : index.merge(filtered(added), into: visible, ascending: sort.ascending)
        follow(keepRow, from: old, height: height)
    }

    /// `replaceRows(_:height:)`, then shares `all`'s storage.
    mutating func replaceRows(sharing all: ChunkedArray<Row>, height: Int) {
        replaceRows(all.array, height: height)
        rows = all
    }

    /// Replaces every row. When the new rows start with the old ones' ids in the same order
    /// (a page arrived, a few rows changed), only the changed and the new rows are re-indexed
    /// and merged; else the index is rebuilt.
    mutating func replaceRows(_ new: [Row], height: Int) {
        ensureIndex()
        let keepRow = selectedRow
        let old = selection
        guard new.count >= rows.count, rows.indices.allSatisfy({ rows[$0].id == new[$0].id }) else {
            let keepID = selected?.id
            rows = ChunkedArray(new)
            rebuildIndex()
            if let keepID, let pos = visible.firstIndex(where: { rows[$0].id == keepID }) {
                selection = pos
            }
            fit(height: height)
            return
        }
        let changed = rows.indices.filter { rows[$0] != new[$0] }
        if changed.isEmpty && new.count == rows.count {
            fit(height: height)
            return
        }
        var out = Array(repeating: false, count: new.count)
        for i in changed {
            out[i] = true
            rows[i] = new[i]
            index.update(i, new[i], column: sort.column)
        }
        let start = rows.count
        rows.append(contentsOf: new[start...])
        index.append(new[start...], column: sort.column)
        let moved = index.sorted(changed + Array(start..<rows.count), ascending: sort.ascending)
        if !changed.isEmpty {
            index.order.removeAll { out[$0] }
            visible.removeAll { out[$0] }
        }
        index.order = index.merge(moved, into: index.order, ascending: sort.ascending)
        visible = filter.isEmpty ? index.order : index.merge(filtered(moved), into: visible, ascending: sort.ascending)
        follow(keepRow, from: old, height: height)
    }

    /// Rows changed in place (a page gave a few servers more NICs): only those are re-indexed
    /// and merged, whatever the list's length.
    mutating func updateRows(_ changes: [Int: Row], height: Int) {
        ensureIndex()
        let keepRow = selectedRow
        let old = selection
        var changed: [Int] = []
        for (i, row) in changes where rows.indices.contains(i) && rows[i] != row {
            rows[i] = row
            index.update(i, row, column: sort.column)
            changed.append(i)
        }
        guard !changed.isEmpty else { return }
        var out = Array(repeating: false, count: rows.count)
        for i in changed { out[i] = true }
        index.order.removeAll { out[$0] }
        visible.removeAll { out[$0] }
        let moved = index.sorted(changed, ascending: sort.ascending)
        index.order = index.merge(moved, into: index.order, ascending: sort.ascending)
        visible = filter.isEmpty ? index.order : index.merge(filtered(moved), into: visible, ascending: sort.ascending)
        follow(keepRow, from: old, height: height)
    }

    /// A new filter. One that extends the previous filter searches only its matches.
    mutating func setFilter(_ text: String, height: Int) {
        ensureIndex()
        let keepRow = selectedRow
        let previous = needle
        let wasEmpty = filter.isEmpty
        filter = text
        if text.isEmpty {
            visible = index.order
        } else if !wasEmpty, ListIndex.contains(needle, previous) {
            visible = filtered(visible)
        } else {
            visible = filtered(index.order)
        }
        keep(keepRow, height: height)
    }

    /// Sorts by `column` ascending, or flips the direction when already sorted by it.
    mutating func sort(byColumn column: Int, height: Int) {
        ensureIndex()
        let keepRow = selectedRow
        sort = sort.column == column ? SortOrder(column: column, ascending: !sort.ascending) : SortOrder(column: column)
        if index.column != column { index.setColumn(column, rows: rows) }
        index.order = index.sorted(Array(rows.indices), ascending: sort.ascending)
        if filter.isEmpty {
            visible = index.order
        } else {
            var shown = Array(repeating: false, count: rows.count)
            for i in visible { shown[i] = true }
            visible = index.order.filter { shown[$0] }
        }
        keep(keepRow, height: height)
    }

    mutating func apply(_ move: Movement, height: Int) {
        var pos = CursorPosition(cursor: selection, scroll: scroll)
        pos.apply(move, count: visible.count, height: height)
        selection = pos.cursor
        scroll = pos.scroll
    }

    mutating func fit(height: Int) { apply(.none, height: height) }
}
