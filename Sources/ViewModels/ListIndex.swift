// What a list derives from its rows so that a page, a filter keystroke or a sort costs what it
// touches: each row's search text (computed once, when the row arrives), the sort keys of the
// sort column, and every row in sort order. Pure values, no I/O.

/// The derived part of a `ListState`. It is not part of the list's value: any two indexes
/// compare equal (the rows, filter and sort they are derived from are compared instead).
struct ListIndex: Equatable, Sendable {
    /// Every row's search text (its cells lower-cased and joined by a line feed; a filter
    /// with a line feed is matched cell by cell instead), as UTF-8, end to end.
    private(set) var text: [UInt8] = []
    /// Per row: where its search text starts and ends in `text`.
    /// (32-bit: the text of a list stays far below 4 GB, and 100,000 rows save 1.6 MB.)
    private var starts: [UInt32] = []
    private var ends: [UInt32] = []
    /// Bytes of `text` no row uses any more (rows that changed).
    private var unused = 0
    /// Per row: what it sorts by in `column`, and its prefix code (`SortKey.prefixCode`).
    private(set) var keys: [SortKey] = []
    private var codes: [PrefixCode] = []
    /// The column `keys` are for; -1 before any.
    private(set) var column = -1
    /// Every row index in sort order (ties in API order).
    var order: [Int] = []

    static func == (_: ListIndex, _: ListIndex) -> Bool { true }

    init() {}

    init<Row: TableRow>(rows: some Collection<Row>, column: Int) {
        append(rows, column: column)
        self.column = column
    }

    /// Whether this describes `count` rows sorted by `column`.
    func covers(_ count: Int, column: Int) -> Bool {
        starts.count == count && keys.count == count && order.count == count && self.column == column
    }

    /// The search text of a row.
    static func searchText<Row: TableRow>(_ row: Row) -> String { row.cells.joined(separator: "\n").lowercased() }

    /// (No `reserveCapacity` of the exact new size: page after page, that would reallocate
    /// every array each time instead of letting them grow geometrically.)
    mutating func append<Row: TableRow>(_ rows: some Collection<Row>, column: Int) {
        for r in rows {
            starts.append(UInt32(text.count))
            text.append(contentsOf: ListIndex.searchText(r).utf8)
            ends.append(UInt32(text.count))
            let k = r.sortKey(column: column)
            keys.append(k)
            codes.append(k.prefixCode)
        }
    }

    /// A changed row: its new search text goes at the end of `text` (the old bytes stay unused).
    mutating func update<Row: TableRow>(_ i: Int, _ row: Row, column: Int) {
        unused += Int(ends[i] - starts[i])
        if unused > 4096 && unused > text.count / 2 { compact() }
        starts[i] = UInt32(text.count)
        text.append(contentsOf: ListIndex.searchText(row).utf8)
        ends[i] = UInt32(text.count)
        keys[i] = row.sortKey(column: column)
        codes[i] = keys[i].prefixCode
    }

    /// Drops the unused bytes of `text`.
    private mutating func compact() {
        var packed: [UInt8] = []
        packed.reserveCapacity(text.count - unused)
        for i in starts.indices {
            let start = packed.count
            packed.append(contentsOf: text[Int(starts[i])..<Int(ends[i])])
            starts[i] = UInt32(start)
            ends[i] = UInt32(packed.count)
        }
        text = packed
        unused = 0
    }

    /// New sort keys for every row.
    mutating func setColumn<Row: TableRow>(_ column: Int, rows: some Collection<Row>) {
        self.column = column
        keys = rows.map { $0.sortKey(column: column) }
        codes = keys.map(\.prefixCode)
    }

    /// The rows of `candidates` whose search text holds `needle` (UTF-8), in their order.
    func matching(_ candidates: [Int], _ needle: [UInt8]) -> [Int] {
        text.withUnsafeBufferPointer { t in
            needle.withUnsafeBufferPointer { n in
                candidates.filter { ListIndex.find(n, in: UnsafeBufferPointer(rebasing: t[Int(starts[$0])..<Int(ends[$0])])) }
            }
        }
    }

    /// Whether row `a` comes before row `b`: by key (its prefix code first), ties in API
    /// (index) order.
    @inline(__always)
    private static func precedes(_ a: Int, _ b: Int, _ keys: UnsafeBufferPointer<SortKey>, _ codes: UnsafeBufferPointer<PrefixCode>,
                                 ascending: Bool) -> Bool
    {
        if codes[a] != codes[b] { return (codes[a] < codes[b]) == ascending }
        // Equal empty keys: the codes say all there is.
        if codes[a].high == 0 { return a < b }
        if keys[a] < keys[b] { return ascending }
        if keys[b] < keys[a] { return !ascending }
        return a < b
    }

    /// Runs `body` with the keys and codes.
    private func withKeys<T>(_ body: (UnsafeBufferPointer<SortKey>, UnsafeBufferPointer<PrefixCode>) -> T) -> T {
        keys.withUnsafeBufferPointer { k in codes.withUnsafeBufferPointer { c in body(k, c) } }
    }

    /// `indices` in sort order.
    func sorted(_ indices: [Int], ascending: Bool) -> [Int] {
        withKeys { k, c in indices.sorted { ListIndex.precedes($0, $1, k, c, ascending: ascending) } }
    }

    /// `added` (in sort order, none of them in `sorted`) merged into `sorted`: a binary search
    /// per added row, and whole runs of `sorted` copied between them.
    func merge(_ added: [Int], into sorted: [Int], ascending: Bool) -> [Int] {
        if added.isEmpty { return sorted }
        return withKeys { k, c in
            var out: [Int] = []
            out.reserveCapacity(sorted.count + added.count)
            var lo = 0
            for x in added {
                var l = lo
                var h = sorted.count
                while l < h {
                    let m = (l + h) / 2
                    if ListIndex.precedes(sorted[m], x, k, c, ascending: ascending) { l = m + 1 } else { h = m }
                }
                out.append(contentsOf: sorted[lo..<l])
                out.append(x)
                lo = l
            }
            out.append(contentsOf: sorted[lo...])
            return out
        }
    }

    /// Whether `haystack` holds `needle`, both UTF-8 bytes.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { find($0, in: h) } }
    }

    private static func find(_ n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = n.count
        if m == 0 { return true }
        if h.count < m { return false }
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
