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
    /// Per row: whether its code holds its whole key (`SortKey.coded`).
    private var exact: [Bool] = []
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
            let c = k.coded
            codes.append(c.code)
            exact.append(c.exact)
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
        (codes[i], exact[i]) = keys[i].coded
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
        let coded = keys.map(\.coded)
        codes = coded.map(\.code)
        exact = coded.map(\.exact)
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
                                 _ exact: UnsafeBufferPointer<Bool>, ascending: Bool) -> Bool
    {
        if codes[a] != codes[b] { return (codes[a] < codes[b]) == ascending }
        // Equal codes that hold the whole keys: equal keys.
        if exact[a] && exact[b] { return a < b }
        if keys[a] < keys[b] { return ascending }
        if keys[b] < keys[a] { return !ascending }
        return a < b
    }

    /// Runs `body` with the keys, codes and exactness.
    private func withKeys<T>(_ body: (UnsafeBufferPointer<SortKey>, UnsafeBufferPointer<PrefixCode>, UnsafeBufferPointer<Bool>) -> T) -> T {
        keys.withUnsafeBufferPointer { k in codes.withUnsafeBufferPointer { c in exact.withUnsafeBufferPointer { e in body(k, c, e) } } }
    }

    /// A row's code next to its index: what a sort moves (contiguous, so comparing two rows
    /// reads no other array).
    private struct Coded {
        var code: PrefixCode
        var row: Int
    }

    /// 16 more bytes of a text key next to the key's place in `refine`'s list.
    private struct Chunk {
        var high: UInt64
        var low: UInt64
        var count: UInt8
        var ends: Bool
        var local: Int32

        func sameBytes(_ o: Chunk) -> Bool { high == o.high && low == o.low && count == o.count }
    }

    /// `indices` in sort order: sorted by code (ties by index) as contiguous pairs; then only
    /// runs of equal codes that do not hold their whole keys are ordered further, texts 16
    /// bytes at a time the same way, anything else by key. (Sorting the indices themselves
    /// with a comparison that looked keys up cost 175 ms at 100,000 ids sharing a prefix.)
    func sorted(_ indices: [Int], ascending: Bool) -> [Int] {
        withKeys { k, c, e in
            var items = indices.map { Coded(code: c[$0], row: $0) }
            items.sort { a, b in
                if a.code != b.code { return (a.code < b.code) == ascending }
                return a.row < b.row
            }
            var out = items.map(\.row)
            var start = 0
            while start < items.count {
                var end = start + 1
                var allExact = e[items[start].row]
                while end < items.count && items[end].code == items[start].code {
                    allExact = allExact && e[items[end].row]
                    end += 1
                }
                if end - start > 1 && !allExact {
                    ListIndex.refine(&out[start..<end], keys: k, codes: c, exact: e, ascending: ascending)
                }
                start = end
            }
            return out
        }
    }

    /// Orders `rows` (in index order, their codes equal): texts 16 bytes at a time (only runs
    /// still equal go on to the next 16), anything else by key; ties in index order.
    private static func refine(_ rows: inout ArraySlice<Int>, keys: UnsafeBufferPointer<SortKey>, codes: UnsafeBufferPointer<PrefixCode>,
                               exact: UnsafeBufferPointer<Bool>, ascending: Bool)
    {
        let base = Array(rows)
        var texts: [NaturalText] = []
        texts.reserveCapacity(base.count)
        for r in base {
            guard case .text(let t) = keys[r] else {
                rows.sort { ListIndex.precedes($0, $1, keys, codes, exact, ascending: ascending) }
                return
            }
            texts.append(t)
        }
        // Places in `base`, in the order found so far. From the first byte: equal codes are
        // equal padded prefixes, and a text may end in a zero byte the padding hides.
        var order = (0..<Int32(base.count)).map { $0 }
        var pending: [(from: Int, to: Int, offset: Int)] = [(0, base.count, 0)]
        while let (from, to, offset) = pending.popLast() {
            var chunks = order[from..<to].map { l -> Chunk in
                let c = texts[Int(l)].chunk(at: offset)
                return Chunk(high: c.high, low: c.low, count: c.count, ends: c.ends, local: l)
            }
            chunks.sort { a, b in
                if a.high != b.high { return (a.high < b.high) == ascending }
                if a.low != b.low { return (a.low < b.low) == ascending }
                if a.count != b.count { return (a.count < b.count) == ascending }
                return a.local < b.local
            }
            var i = 0
            while i < chunks.count {
                var j = i + 1
                var allEnd = chunks[i].ends
                while j < chunks.count && chunks[j].sameBytes(chunks[i]) {
                    allEnd = allEnd && chunks[j].ends
                    j += 1
                }
                if j - i > 1 && !allEnd { pending.append((from + i, from + j, offset + 16)) }
                i = j
            }
            for (m, c) in chunks.enumerated() { order[from + m] = c.local }
        }
        for (i, l) in order.enumerated() { rows[rows.startIndex + i] = base[Int(l)] }
    }

    /// `added` (in sort order, none of them in `sorted`) merged into `sorted`: a binary search
    /// per added row, and whole runs of `sorted` copied between them.
    func merge(_ added: [Int], into sorted: [Int], ascending: Bool) -> [Int] {
        if added.isEmpty { return sorted }
        return withKeys { k, c, e in
            var out: [Int] = []
            out.reserveCapacity(sorted.count + added.count)
            var lo = 0
            for x in added {
                var l = lo
                var h = sorted.count
                while l < h {
                    let m = (l + h) / 2
                    if ListIndex.precedes(sorted[m], x, k, c, e, ascending: ascending) { l = m + 1 } else { h = m }
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
