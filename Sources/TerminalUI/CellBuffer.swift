import CloudAPI

/// One terminal cell: a grapheme and how it is drawn.
///
/// A wide (2-column) grapheme occupies two cells: the left one holds the text with
/// `width == 2`, the right one is a *continuation* (`text == ""`, `width == 0`) with the same
/// attributes. `CellBuffer` keeps that invariant on every write.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var width: Int
    public var attrs: Attributes

    public init(text: String, width: Int, attrs: Attributes = .none) {
        self.text = text
        self.width = width
        self.attrs = attrs
    }

    public static let blank = Cell(text: " ", width: 1)

    /// A space with the given attributes.
    public static func space(_ attrs: Attributes) -> Cell { Cell(text: " ", width: 1, attrs: attrs) }

    /// The right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}

/// Consecutive cells of one row that changed between two frames; `cells` always starts at a
/// leading cell and never ends in the middle of a wide character.
public struct Run: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]

    public init(x: Int, y: Int, cells: [Cell]) {
        self.x = x
        self.y = y
        self.cells = cells
    }

    /// The run's text (continuation cells add nothing).
    public var text: String { cells.map(\.text).joined() }
}

/// A width×height grid of cells: what one frame of the terminal should show. Widgets draw
/// into it; the drivers flush it (the curses driver only the cells that changed).
public struct CellBuffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        let f = fill.width == 1 ? fill : .blank
        cells = Array(repeating: f, count: self.width * self.height)
    }

    public init(size: Size) {
        self.init(width: size.width, height: size.height)
    }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at `x`, `y` (a blank cell outside the buffer).
    public subscript(x x: Int, y y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return .blank }
        return cells[y * width + x]
    }

    // MARK: - writing

    /// Writes `text` starting at column `x` of row `y`, clipped to `clip` (and the buffer).
    ///
    /// - Wide characters take two cells. One that would stick out of the clip area on the
    ///   right (or left) is drawn as a space in the half that is inside.
    /// - Overwriting half of a wide character turns its other half into a space.
    /// - Text goes through `Inert` first: controls and invisible format characters are drawn
    ///   as visible escapes (`\e`, `\u202e`), never sent to the terminal; graphemes without
    ///   width that are left (a lone combining mark) are skipped.
    ///
    /// Returns the column after the text, as if it had not been clipped.
    @discardableResult
    public mutating func put(x: Int, y: Int, text: String, attrs: Attributes = .none, clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        let rowVisible = y >= area.y && y < area.maxY && !area.isEmpty
        var cx = x
        for ch in Inert.field(text) {
            var grapheme = String(ch)
            var w = DisplayWidth.of(ch)
            if let first = ch.unicodeScalars.first, DisplayWidth.isControl(first) {
                grapheme = first == "\t" ? " " : "?"
                w = 1
            }
            if w == 0 { continue }
            defer { cx += w }
            guard rowVisible else { continue }
            if cx >= area.maxX || cx + w <= area.x { continue }
            if cx < area.x || cx + w > area.maxX {
                // A wide character cut by the clip edge: blank the half that is inside.
                let inside = cx < area.x ? area.x : cx
                place(x: inside, y: y, cell: .space(attrs))
                continue
            }
            place(x: cx, y: y, cell: Cell(text: grapheme, width: w, attrs: attrs))
        }
        return cx
    }

    /// Fills `rect` (clipped to the buffer) with `character`. A wide character that does not
    /// fit the last column leaves a space there.
    public mutating func fill(_ rect: Rect, with character: Character = " ", attrs: Attributes = .none) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let w = max(1, DisplayWidth.of(character))
        let line = String(repeating: String(character), count: area.width / w + 1)
        for y in area.y..<area.maxY {
            put(x: area.x, y: y, text: line, attrs: attrs, clip: area)
        }
    }

    /// Changes the attributes of every cell in `rect`, keeping the text. Both halves of a wide
    /// character always end up with the same attributes.
    public mutating func modifyAttributes(in rect: Rect, _ change: (inout Attributes) -> Void) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            var x = area.x
            if self[x: x, y: y].isContinuation && x > 0 { x -= 1 }
            while x < area.maxX {
                let i = y * width + x
                change(&cells[i].attrs)
                if cells[i].width == 2 && x + 1 < width {
                    cells[i + 1].attrs = cells[i].attrs
                    x += 2
                } else {
                    x += 1
                }
            }
        }
    }

    /// Sets the attributes of every cell in `rect`, keeping the text.
    public mutating func setAttributes(_ attrs: Attributes, in rect: Rect) {
        modifyAttributes(in: rect) { $0 = attrs }
    }

    /// Draws a box along the edges of `rect`, with `title` (truncated) in the top edge.
    public mutating func drawBox(_ rect: Rect, style: BoxStyle, attrs: Attributes = .none, title: String? = nil,
                                 titleAttrs: Attributes? = nil, ellipsis: String = "…")
    {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let h = String(style.horizontal)
        let inner = String(repeating: h, count: rect.width - 2)
        put(x: rect.x, y: rect.y, text: String(style.topLeft) + inner + String(style.topRight), attrs: attrs, clip: rect)
        put(x: rect.x, y: rect.maxY - 1, text: String(style.bottomLeft) + inner + String(style.bottomRight),
            attrs: attrs, clip: rect)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put(x: rect.x, y: y, text: String(style.vertical), attrs: attrs, clip: rect)
            put(x: rect.maxX - 1, y: y, text: String(style.vertical), attrs: attrs, clip: rect)
        }
        if let title, !title.isEmpty, rect.width >= 6 {
            let t = " " + DisplayWidth.truncate(title, to: rect.width - 6, ellipsis: ellipsis) + " "
            put(x: rect.x + 2, y: rect.y, text: t, attrs: titleAttrs ?? attrs, clip: rect)
        }
    }

    /// Writes the runs' cells as they are (no wide-character repair): how a driver applies a
    /// `diff` to its copy of the screen.
    public mutating func apply(_ runs: [Run]) {
        for run in runs where run.y >= 0 && run.y < height {
            for (i, cell) in run.cells.enumerated() {
                let x = run.x + i
                guard x >= 0, x < width else { continue }
                cells[run.y * width + x] = cell
            }
        }
    }

    // MARK: - reading

    /// The plain text of every row, trailing spaces trimmed.
    public func lines() -> [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { s += c.text }
            }
            return DisplayWidth.trimTrailingSpaces(s)
        }
    }

    /// The cells that differ from `old`, as runs per row, left to right, top to bottom. A run
    /// is widened so that it never starts or ends inside a wide character. When the sizes
    /// differ every row is one run (the whole frame is redrawn).
    public func diff(from old: CellBuffer) -> [Run] {
        var runs: [Run] = []
        let sameSize = old.width == width && old.height == height
        for y in 0..<height {
            let row = y * width
            guard sameSize else {
                if width > 0 { runs.append(Run(x: 0, y: y, cells: Array(cells[row..<(row + width)]))) }
                continue
            }
            var x = 0
            while x < width {
                guard cells[row + x] != old.cells[row + x] else { x += 1; continue }
                var start = x
                var end = x + 1  // exclusive
                while end < width && cells[row + end] != old.cells[row + end] { end += 1 }
                if cells[row + start].isContinuation && start > 0 { start -= 1 }
                if cells[row + end - 1].width == 2 && end < width { end += 1 }
                if let last = runs.last, last.y == y, last.x + last.cells.count >= start {
                    let from = last.x
                    runs[runs.count - 1] = Run(x: from, y: y, cells: Array(cells[(row + from)..<(row + end)]))
                } else {
                    runs.append(Run(x: start, y: y, cells: Array(cells[(row + start)..<(row + end)])))
                }
                x = end
            }
        }
        return runs
    }

    // MARK: - internals

    /// Puts `cell` (width 1 or 2) at `x`, `y`, blanking the other half of any wide character
    /// it overwrites. The cell must fit.
    private mutating func place(x: Int, y: Int, cell: Cell) {
        guard y >= 0, y < height, x >= 0, x + cell.width <= width else { return }
        breakWide(x: x, y: y)
        if cell.width == 2 { breakWide(x: x + 1, y: y) }
        let i = y * width + x
        cells[i] = cell
        if cell.width == 2 { cells[i + 1] = Cell(text: "", width: 0, attrs: cell.attrs) }
    }

    /// If `x` is half of a wide character, turns the other half into a space.
    private mutating func breakWide(x: Int, y: Int) {
        let i = y * width + x
        let c = cells[i]
        if c.isContinuation && x > 0 {
            cells[i - 1] = .space(cells[i - 1].attrs)
        } else if c.width == 2 && x + 1 < width {
            cells[i + 1] = .space(cells[i + 1].attrs)
        }
    }
}
