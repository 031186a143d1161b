// What a list derives from its rows so that a page, a filter keystroke or a sort costs what it
// touches: each row's search text (computed once, when the row arrives), the sort keys of the
// sort column, and every row in sort order. Pure values, no I/O.

/// The derived part of a `ListState`. It is not part of the list's value: any two indexes
/// compare equal (the rows, filter and sort they are derived from are compared instead).
struct ListIndex: Equatable, Sendable {
    /// Per row: its cells lower-cased and joined by a line feed (a filter with a line feed
    /// is matched cell by cell instead).
    private(set) var search: [String] = []
    /// Per row: what it sorts by in `column`.
    private(set) var keys: [SortKey] = []
    /// The column `keys` are for; -1 before any.
    private(set) var column = -1
    /// Every row index in sort order (ties in API order).
    var order: [Int] = []

    static func == (_: ListIndex, _: ListIndex) -> Bool { true }

    init() {}

    init<Row: TableRow>(rows: [Row], column: Int) {
        append(rows[...], column: column)
        self.column = column
    }

    /// Whether this describes `count` rows sorted by `column`.
    func covers(_ count: Int, column: Int) -> Bool {
        search.count == count && keys.count == count && order.count == count && self.column == column
    }

    /// The search text of a row.
    static func searchText<Row: TableRow>(_ row: Row) -> String { row.cells.joined(separator: "\n").lowercased() }

    mutating func append<Row: TableRow>(_ rows: ArraySlice<Row>, column: Int) {
        search.reserveCapacity(search.count + rows.count)
        keys.reserveCapacity(keys.count + rows.count)
        for r in rows {
            search.append(ListIndex.searchText(r))
            keys.append(r.sortKey(column: column))
        }
    }

    mutating func append<Row: TableRow>(_ rows: [Row], column: Int) { append(rows[...], column: column) }

    mutating func update<Row: TableRow>(_ i: Int, _ row: Row, column: Int) {
        search[i] = ListIndex.searchText(row)
        keys[i] = row.sortKey(column: column)
    }

    /// New sort keys for every row.
    mutating func setColumn<Row: TableRow>(_ column: Int, rows: [Row]) {
        self.column = column
        keys = rows.map { $0.sortKey(column: column) }
    }

    /// Whether row `a` comes before row `b`: by key, ties in API (index) order.
    @inline(__always)
    private static func precedes(_ a: Int, _ b: Int, _ keys: UnsafeBufferPointer<SortKey>, ascending: Bool) -> Bool {
        if keys[a] < keys[b] { return ascending }
        if keys[b] < keys[a] { return !ascending }
        return a < b
    }

    /// `indices` in sort order.
    func sorted(_ indices: [Int], ascending: Bool) -> [Int] {
        keys.withUnsafeBufferPointer { k in
            indices.sorted { ListIndex.precedes($0, $1, k, ascending: ascending) }
        }
    }

    /// `added` (in sort order, none of them in `sorted`) merged into `sorted`: a binary search
    /// per added row, and whole runs of `sorted` copied between them.
    func merge(_ added: [Int], into sorted: [Int], ascending: Bool) -> [Int] {
        if added.isEmpty { return sorted }
        return keys.withUnsafeBufferPointer { k in
            var out: [Int] = []
            out.reserveCapacity(sorted.count + added.count)
            var lo = 0
            for x in added {
                var l = lo
                var h = sorted.count
                while l < h {
                    let m = (l + h) / 2
                    if ListIndex.precedes(sorted[m], x, k, ascending: ascending) { l = m + 1 } else { h = m }
                }
                out.append(contentsOf: sorted[lo..<l])
                out.append(x)
                lo = l
            }
            out.append(contentsOf: sorted[lo...])
            return out
        }
    }

    /// Whether `haystack` (a search text) holds `needle` (UTF-8 bytes).
    static func contains(_ haystack: String, _ needle: [UInt8]) -> Bool {
        if let found = haystack.utf8.withContiguousStorageIfAvailable({ find(needle, in: $0) }) { return found }
        return contains(Array(haystack.utf8), needle)
    }

    /// Whether `haystack` holds `needle`, both UTF-8 bytes.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { find(needle, in: $0) }
    }

    private static func find(_ needle: [UInt8], in h: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = needle.count
        if m == 0 { return true }
        if h.count < m { return false }
        return needle.withUnsafeBufferPointer { n in
            let first = n[0]
            var i = 0
            let last = h.count - m
            while i <= last {
                if h[i] == first {
                    var k = 1
                    while k < m && h[i + k] == n[k] { k += 1 }
                    if k == m { return true }
                }
                i += 1
            }
            return false
        }
    }
}
