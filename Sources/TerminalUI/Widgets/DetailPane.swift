/// A resource's details: key/value fields, or raw text (the JSON view). Long values and
/// lines wrap; the pane scrolls by lines.
public struct DetailPane: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public enum Content: Hashable, Sendable {
        /// Key/value lines; a value may hold newlines.
        case fields([Field])
        /// Preformatted text such as pretty-printed JSON.
        case text(String)
    }

    public var title: String?
    public var content: Content
    /// The first content line shown; `draw` clamps it and returns the value it used.
    public var scrollOffset: Int

    public init(title: String? = nil, content: Content, scrollOffset: Int = 0) {
        self.title = title
        self.content = content
        self.scrollOffset = scrollOffset
    }

    /// One laid-out line: `key` is set on the first line of a field only.
    public struct Line: Hashable, Sendable {
        public var key: String?
        public var text: String
    }

    public struct Layout: Hashable, Sendable {
        public var totalLines: Int
        /// How many content lines fit (for PageUp/PageDown).
        public var pageSize: Int
        /// The offset actually used, clamped to the content.
        public var scrollOffset: Int
    }

    /// Width of the key column for `width` columns: the longest key, at most a third.
    public static func keyWidth(_ fields: [Field], width: Int) -> Int {
        min(fields.map { DisplayWidth.of($0.key) }.max() ?? 0, max(1, width / 3))
    }

    /// The content as lines of at most `width` columns.
    public static func lines(_ content: Content, width: Int) -> [Line] {
        switch content {
        case .text(let text):
            // Wrapped lines continue two columns right of where their line starts (JSON).
            return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
                let indent = line.prefix(while: { $0 == " " }).count
                return DisplayWidth.wrap(String(line), width: width, hangingIndent: indent + 2)
            }.map { Line(key: nil, text: $0) }
        case .fields(let fields):
            let kw = keyWidth(fields, width: width)
            let vw = max(1, width - kw - 2)
            var out: [Line] = []
            for f in fields {
                let wrapped = DisplayWidth.wrap(f.value, width: vw)
                for (i, piece) in (wrapped.isEmpty ? [""] : wrapped).enumerated() {
                    out.append(Line(key: i == 0 ? f.key : nil, text: piece))
                }
            }
            return out
        }
    }

    @discardableResult
    public func draw(in rect: Rect, on buffer: inout CellBuffer, theme: Theme) -> Layout {
        let area = rect.intersection(buffer.bounds)
        buffer.fill(area)
        let header = title == nil ? 0 : 1
        let body = Rect(x: area.x + 1, y: area.y + header, width: area.width - 2, height: area.height - header)
        let all = Self.lines(content, width: body.width)
        let page = body.height
        let offset = min(max(0, scrollOffset), max(0, all.count - page))
        let layout = Layout(totalLines: all.count, pageSize: page, scrollOffset: offset)
        guard !area.isEmpty else { return layout }

        if let title {
            var titleRoom = area.width - 2
            if all.count > page && page > 0 {
                let position = "\(offset + 1)-\(min(all.count, offset + page))/\(all.count)"
                let pw = DisplayWidth.of(position)
                buffer.put(x: area.maxX - 1 - pw, y: area.y, text: position, attrs: theme.dim, clip: area)
                titleRoom -= pw + 2
            }
            buffer.put(x: area.x + 1, y: area.y,
                       text: DisplayWidth.truncate(title, to: titleRoom, ellipsis: theme.glyphs.ellipsis),
                       attrs: theme.title, clip: area)
        }
        let kw: Int
        if case .fields(let fields) = content { kw = Self.keyWidth(fields, width: body.width) } else { kw = 0 }
        for (i, line) in all[offset..<min(all.count, offset + page)].enumerated() {
            let y = body.y + i
            if case .fields = content {
                if let key = line.key {
                    buffer.put(x: body.x, y: y, text: DisplayWidth.truncate(key, to: kw, ellipsis: theme.glyphs.ellipsis),
                               attrs: theme.label, clip: body)
                }
                buffer.put(x: body.x + kw + 2, y: y, text: line.text, clip: body)
            } else {
                buffer.put(x: body.x, y: y, text: line.text, clip: body)
            }
        }
        return layout
    }
}
