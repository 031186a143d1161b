import L10n

/// How wide a table column wants to be.
public enum WidthHint: Hashable, Sendable {
    /// Exactly this many columns (never shrunk; hidden only when nothing else fits).
    case fixed(Int)
    /// As wide as the title and the widest cell, clamped to `min...max`; shrunk towards
    /// `min` when the table is too narrow.
    case auto(min: Int = 3, max: Int = Int.max)
    /// As wide as the content, at least `min`, and takes a `weight` share of any spare width.
    case flex(min: Int = 3, weight: Int = 1)
}

/// One column of a `TableView`.
public struct TableColumn: Hashable, Sendable {
    public var title: String
    public var width: WidthHint
    public var alignment: Alignment

    public init(_ title: String, width: WidthHint = .auto(), alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// A list as a table: a header row, then one row per item; the selected row in the
/// selection style (reverse video); scrolled so the selection is visible; column widths fitted
/// to the space, cells cut with an ellipsis (never inside a wide character).
///
/// Only the visible rows of `rows` are drawn, but `.auto` and `.flex` columns are measured
/// over every row (printable ASCII is measured by byte count, so this is cheap); a very long
/// list can use `.fixed` widths and a lazy collection so that only visible rows are built.
public struct TableView<Rows: RandomAccessCollection> where Rows.Element == [String], Rows.Index == Int {
    public var columns: [TableColumn]
    public var rows: Rows
    /// Index into `rows` of the selected row, if any.
    public var selected: Int?
    /// The first visible row in the previous frame; `draw` moves it as little as possible
    /// to keep `selected` visible and returns the new value in its `Layout`.
    public var scrollOffset: Int
    /// The sorted column and direction, shown after that column's title.
    public var sort: (column: Int, ascending: Bool)?
    /// Shown (dim) when there are no rows.
    public var emptyText: String
    /// Blank columns before the first column and between columns.
    public var leadingPadding: Int
    public var spacing: Int

    public init(columns: [TableColumn], rows: Rows, selected: Int? = nil, scrollOffset: Int = 0,
                sort: (column: Int, ascending: Bool)? = nil, emptyText: String = TUIText.noItems.text,
                leadingPadding: Int = 1, spacing: Int = 2)
    {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.scrollOffset = scrollOffset
        self.sort = sort
        self.emptyText = emptyText
        self.leadingPadding = leadingPadding
        self.spacing = spacing
    }

    /// What `draw` laid out.
    public struct Layout: Hashable, Sendable {
        /// Width of each column; 0 for a column that did not fit.
        public var columnWidths: [Int]
        /// The first visible row: store it and pass it back as `scrollOffset` next frame.
        public var scrollOffset: Int
        /// The rows on screen.
        public var visibleRows: Range<Int>
        /// How many body rows fit (for PageUp/PageDown).
        public var pageSize: Int
    }

    /// Draws the table into `rect` of `buffer`.
    @discardableResult
    public func draw(in rect: Rect, on buffer: inout CellBuffer, theme: Theme) -> Layout {
        let area = rect.intersection(buffer.bounds)
        let titles = columns.indices.map { title(for: $0, glyphs: theme.glyphs) }
        let sortMark = sort.map { $0.ascending ? theme.glyphs.ascending : theme.glyphs.descending }
        let bodyHeight = max(0, area.height - 1)
        let widths = Self.fitColumns(columns, titles: titles, rows: rows,
                                     width: area.width - leadingPadding, spacing: spacing)
        let offset = Self.scrollOffset(selected: selected, previous: scrollOffset, rowCount: rows.count,
                                       visibleRows: bodyHeight)
        let visible = offset..<min(rows.count, offset + bodyHeight)
        let layout = Layout(columnWidths: widths, scrollOffset: offset, visibleRows: visible, pageSize: bodyHeight)
        guard !area.isEmpty else { return layout }

        buffer.fill(area)
        buffer.fill(area.row(0), attrs: theme.tableHeader)
        // Titles: a sorted column keeps its arrow when the title is cut.
        let headerCells = columns.indices.map { i -> String in
            guard let sort, sort.column == i, let mark = sortMark, i < widths.count else { return columns[i].title }
            let room = widths[i] - DisplayWidth.of(mark)
            guard room > 0 else { return mark }
            return DisplayWidth.truncate(columns[i].title, to: room, ellipsis: theme.glyphs.ellipsis) + mark
        }
        drawRow(headerCells, y: area.y, in: area, widths: widths, attrs: theme.tableHeader, buffer: &buffer, theme: theme)

        if rows.isEmpty {
            if bodyHeight > 0 {
                buffer.put(x: area.x + leadingPadding, y: area.y + 1,
                           text: DisplayWidth.truncate(emptyText, to: area.width - leadingPadding,
                                                       ellipsis: theme.glyphs.ellipsis),
                           attrs: theme.dim, clip: area)
            }
            return layout
        }
        for (line, index) in visible.enumerated() {
            let y = area.y + 1 + line
            let isSelected = index == selected
            let attrs: Attributes = isSelected ? theme.selection : .none
            if isSelected { buffer.fill(area.row(1 + line), attrs: attrs) }
            drawRow(rows[rows.startIndex + index], y: y, in: area, widths: widths, attrs: attrs, buffer: &buffer,
                    theme: theme)
        }
        return layout
    }

    private func title(for column: Int, glyphs: Glyphs) -> String {
        guard let sort, sort.column == column else { return columns[column].title }
        return columns[column].title + (sort.ascending ? glyphs.ascending : glyphs.descending)
    }

    private func drawRow(_ cells: [String], y: Int, in area: Rect, widths: [Int], attrs: Attributes,
                         buffer: inout CellBuffer, theme: Theme)
    {
        var x = area.x + leadingPadding
        for (i, w) in widths.enumerated() where w > 0 {
            let text = i < cells.count ? cells[i] : ""
            let cell = DisplayWidth.fit(text, to: w, alignment: columns[i].alignment, ellipsis: theme.glyphs.ellipsis)
            buffer.put(x: x, y: y, text: cell, attrs: attrs, clip: area)
            x += w + spacing
        }
    }

    // MARK: - pure layout

    /// The first visible row: `previous` moved as little as possible so that `selected` is
    /// visible, and never further than needed to fill the view (no blank rows at the bottom
    /// while there are rows above).
    public static func scrollOffset(selected: Int?, previous: Int, rowCount: Int, visibleRows: Int) -> Int {
        guard visibleRows > 0, rowCount > 0 else { return 0 }
        var offset = min(max(0, previous), max(0, rowCount - visibleRows))
        if let s = selected, s >= 0, s < rowCount {
            if s < offset { offset = s } else if s >= offset + visibleRows { offset = s - visibleRows + 1 }
        }
        return offset
    }

    /// Column widths for `width` columns of space (spacing included). Content is measured
    /// over `titles` and every row. When the natural widths do not fit, the widest shrinkable
    /// columns give way first (down to their minimum); when even the minimums do not fit,
    /// columns are dropped from the right, the last one kept at whatever width is left if
    /// that is at least 3 columns.
    public static func fitColumns(_ columns: [TableColumn], titles: [String], rows: Rows, width: Int,
                                  spacing: Int) -> [Int]
    {
        let n = columns.count
        guard n > 0 else { return [] }
        var natural = titles.map { DisplayWidth.of($0) }
        for row in rows {
            for i in 0..<min(n, row.count) {
                let w = DisplayWidth.of(row[i])
                if w > natural[i] { natural[i] = w }
            }
        }
        var want = [Int](repeating: 0, count: n)
        var floor = [Int](repeating: 0, count: n)
        for (i, c) in columns.enumerated() {
            switch c.width {
            case .fixed(let f):
                want[i] = max(0, f); floor[i] = want[i]
            case .auto(let lo, let hi):
                want[i] = min(max(natural[i], lo), max(lo, hi)); floor[i] = min(max(1, lo), want[i])
            case .flex(let lo, _):
                want[i] = max(natural[i], lo); floor[i] = max(1, lo)
            }
        }
        let gaps = spacing * (n - 1)
        let total = want.reduce(0, +) + gaps
        if total <= width {
            // Share the spare width among flex columns by weight.
            var spare = width - total
            let flex = columns.indices.compactMap { i -> (Int, Int)? in
                if case .flex(_, let weight) = columns[i].width { return (i, max(1, weight)) }
                return nil
            }
            let weights = flex.reduce(0) { $0 + $1.1 }
            if weights > 0 {
                let share = spare
                for (k, (i, weight)) in flex.enumerated() {
                    let add = k == flex.count - 1 ? spare : share * weight / weights
                    want[i] += add
                    spare -= add
                }
            }
            return want
        }
        var widths = WidthFitting.shrink(want, floors: floor, to: max(0, width - gaps))
        // Still too wide: drop columns from the right.
        var visible = n
        while visible > 0 {
            let used = widths[0..<visible].reduce(0, +) + spacing * (visible - 1)
            if used <= width { break }
            let before = widths[0..<(visible - 1)].reduce(0, +) + spacing * (visible - 1)
            let left = width - before
            if left >= min(3, widths[visible - 1]) && left > 0 {
                widths[visible - 1] = left
                break
            }
            widths[visible - 1] = 0
            visible -= 1
        }
        if visible == 0 { widths = [Int](repeating: 0, count: n) }
        return widths
    }
}
