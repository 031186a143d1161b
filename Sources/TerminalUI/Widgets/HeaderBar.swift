/// The top line: context segments on the left (e.g. cloud · region · project · user), optional
/// segments on the right, and the mode badge (LIVE / READ-ONLY / DEMO) at the right edge.
///
/// The badge is always shown. When space runs out the right segments go first, then the
/// left segments are cut, longest first, each with an ellipsis, so every one stays visible
/// as long as possible.
///
/// `warning` (e.g. `INSECURE`: TLS verification is off) is drawn just left of the badge in the
/// theme's error style (white on red; bold reverse and bracketed without colour) and, like
/// the badge, is never cut for the segments.
public struct HeaderBar: Hashable, Sendable {
    public var left: [String]
    public var right: [String]
    public var mode: ModeBadge?
    public var warning: String?

    public init(left: [String], right: [String] = [], mode: ModeBadge? = nil, warning: String? = nil) {
        self.left = left
        self.right = right
        self.mode = mode
        self.warning = warning
    }

    public func draw(in rect: Rect, on buffer: inout CellBuffer, theme: Theme) {
        let row = rect.intersection(buffer.bounds).row(0)
        guard !row.isEmpty else { return }
        let bar = theme.headerBar
        buffer.fill(row, attrs: bar)
        var end = row.maxX  // exclusive: where the next thing from the right must end
        if let mode {
            let text = theme.badgeText(mode)
            let w = min(DisplayWidth.of(text), row.width)
            buffer.put(x: row.maxX - w, y: row.y, text: text, attrs: bar.union(theme.badge(mode)), clip: row)
            end = row.maxX - w - 1
        }
        if let warning, !warning.isEmpty, end > row.x {
            let text = theme.usesColor ? " \(warning) " : "[\(warning)]"
            let w = min(DisplayWidth.of(text), end - row.x)
            buffer.put(x: end - w, y: row.y, text: text, attrs: bar.union(theme.error),
                       clip: Rect(x: end - w, y: row.y, width: w, height: 1))
            end -= w + 1
        }
        let sep = theme.glyphs.separator
        let sepWidth = DisplayWidth.of(sep)
        let start = row.x + 1
        let avail = end - start
        guard avail > 0 else { return }

        let naturals = left.map { DisplayWidth.of($0) }
        let leftNatural = naturals.reduce(0, +) + sepWidth * max(0, left.count - 1)
        let leftMinimum = naturals.map { min($0, 6) }.reduce(0, +) + sepWidth * max(0, left.count - 1)
        let rightText = right.joined(separator: sep)
        let rightWidth = DisplayWidth.of(rightText)
        var leftRoom = avail
        if !right.isEmpty {
            let need = rightWidth + 2
            if leftNatural + need <= avail || leftMinimum + need <= avail {
                leftRoom = avail - need
                buffer.put(x: end - rightWidth, y: row.y, text: rightText, attrs: bar, clip: row)
            }
        }
        let texts = Self.fitSegments(left, naturals: naturals, separatorWidth: sepWidth, room: leftRoom,
                                     ellipsis: theme.glyphs.ellipsis)
        let leftText = DisplayWidth.truncate(texts.joined(separator: sep), to: leftRoom, ellipsis: theme.glyphs.ellipsis)
        buffer.put(x: start, y: row.y, text: leftText, attrs: bar.union(.bold),
                   clip: Rect(x: start, y: row.y, width: leftRoom, height: 1))
    }

    /// Cuts the longest segments first so that all of them fit into `room` columns.
    static func fitSegments(_ segments: [String], naturals: [Int], separatorWidth: Int, room: Int,
                            ellipsis: String) -> [String]
    {
        let seps = separatorWidth * max(0, segments.count - 1)
        guard naturals.reduce(0, +) + seps > room else { return segments }
        let floors = naturals.map { min($0, 2) }
        let widths = WidthFitting.shrink(naturals, floors: floors, to: max(0, room - seps))
        return zip(segments, widths).map { DisplayWidth.truncate($0, to: $1, ellipsis: ellipsis) }
    }
}
