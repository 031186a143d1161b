import L10n

/// The help screen: a box over the current screen listing, per section, each key, what it
/// does, and — dimmed — why it is disabled right now. Built from `KeyMap.help`.
public struct HelpOverlay: Hashable, Sendable {
    public var title: String
    public var sections: [HelpSection]
    /// The first line shown; `draw` clamps it and returns the value it used.
    public var scrollOffset: Int
    /// Shown in the bottom edge of the box (e.g. "Esc closes").
    public var footer: String?

    public init(title: String = TUIText.helpTitle.text, sections: [HelpSection], scrollOffset: Int = 0, footer: String? = nil) {
        self.title = title
        self.sections = sections
        self.scrollOffset = scrollOffset
        self.footer = footer
    }

    private enum Line {
        case section(String)
        case entry(HelpEntry)
        case blank
    }

    private var allLines: [Line] {
        var out: [Line] = []
        for s in sections where !s.entries.isEmpty {
            if !out.isEmpty { out.append(.blank) }
            out.append(.section(s.title))
            out += s.entries.map { .entry($0) }
        }
        return out
    }

    @discardableResult
    public func draw(in rect: Rect, on buffer: inout CellBuffer, theme: Theme) -> DetailPane.Layout {
        let area = rect.intersection(buffer.bounds)
        let lines = allLines
        let entries = sections.flatMap(\.entries)
        let keyWidth = min(16, entries.map { DisplayWidth.of($0.keyLabel) }.max() ?? 0)
        let textWidth = entries.map { e in
            DisplayWidth.of(e.description) + (e.disabledReason.map { 2 + DisplayWidth.of(disabledText($0)) } ?? 0)
        }.max() ?? 0
        let wantWidth = max(keyWidth + 2 + textWidth + 4, DisplayWidth.of(title) + 8)
        let frame = area.centered(width: min(wantWidth, area.width - 4), height: min(lines.count + 2, area.height - 2))
        let inner = frame.inset(dx: 2, dy: 1)
        let page = inner.height
        let offset = min(max(0, scrollOffset), max(0, lines.count - page))
        let layout = DetailPane.Layout(totalLines: lines.count, pageSize: page, scrollOffset: offset)
        guard frame.width >= 8, frame.height >= 3 else { return layout }

        buffer.fill(frame)
        buffer.drawBox(frame, style: theme.glyphs.box, attrs: theme.border, title: title,
                       titleAttrs: theme.border.union(theme.title), ellipsis: theme.glyphs.ellipsis)
        var bottom = footer ?? ""
        if lines.count > page {
            let position = "\(offset + 1)-\(min(lines.count, offset + page))/\(lines.count)"
            bottom = bottom.isEmpty ? position : "\(bottom) \(position)"
        }
        if !bottom.isEmpty {
            let t = " " + DisplayWidth.truncate(bottom, to: frame.width - 6, ellipsis: theme.glyphs.ellipsis) + " "
            buffer.put(x: frame.maxX - 2 - DisplayWidth.of(t), y: frame.maxY - 1, text: t, attrs: theme.border,
                       clip: frame)
        }
        let kw = min(keyWidth, max(1, inner.width / 3))
        let tw = inner.width - kw - 2
        for (i, line) in lines[offset..<min(lines.count, offset + page)].enumerated() {
            let y = inner.y + i
            switch line {
            case .blank:
                break
            case .section(let name):
                buffer.put(x: inner.x, y: y, text: DisplayWidth.truncate(name, to: inner.width, ellipsis: theme.glyphs.ellipsis),
                           attrs: theme.title.union(.underline), clip: inner)
            case .entry(let e):
                let disabled = e.disabledReason != nil
                let keyAttrs = disabled ? theme.dim : theme.hintKey
                buffer.put(x: inner.x, y: y, text: DisplayWidth.truncate(e.keyLabel, to: kw, ellipsis: theme.glyphs.ellipsis),
                           attrs: keyAttrs, clip: inner)
                let textAttrs: Attributes = disabled ? theme.dim : .none
                var parts = [e.description]
                if let reason = e.disabledReason { parts.append(disabledText(reason)) }
                let naturals = parts.map { DisplayWidth.of($0) }
                let gaps = 2 * (parts.count - 1)
                // The reason is what matters now: it stays whole while the description gives way.
                let floors = naturals.enumerated().map { i, n in i == 0 ? min(n, 12) : min(n, max(8, tw - gaps - 12)) }
                let widths = WidthFitting.shrink(naturals, floors: floors, to: max(0, tw - gaps))
                var x = inner.x + kw + 2
                for (part, w) in zip(parts, widths) {
                    x = buffer.put(x: x, y: y, text: DisplayWidth.truncate(part, to: w, ellipsis: theme.glyphs.ellipsis),
                                   attrs: textAttrs, clip: inner) + 2
                }
            }
        }
        return layout
    }

    private func disabledText(_ reason: String) -> String { TUIText.disabledBecause(reason) }
}
