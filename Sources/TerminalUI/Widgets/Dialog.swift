import L10n

/// A boxed message centred in an area: a title in the top edge, wrapped lines, and a row of
/// buttons with the selected one highlighted. Everything under it is cleared.
public struct Dialog: Hashable, Sendable {
    public enum Style: Hashable, Sendable {
        case normal, error
    }

    public var title: String
    public var lines: [String]
    public var buttons: [String]
    public var selectedButton: Int
    public var style: Style
    /// The widest the inner text may be; the dialog is narrower when its content is.
    public var maxTextWidth: Int

    public init(title: String, lines: [String], buttons: [String] = [TUIText.ok.text], selectedButton: Int = 0,
                style: Style = .normal, maxTextWidth: Int = 60)
    {
        self.title = title
        self.lines = lines
        self.buttons = buttons
        self.selectedButton = selectedButton
        self.style = style
        self.maxTextWidth = maxTextWidth
    }

    private func buttonLabel(_ b: String) -> String { "[ \(b) ]" }

    /// Draws the dialog centred in `rect` and returns the frame it took.
    @discardableResult
    public func draw(in rect: Rect, on buffer: inout CellBuffer, theme: Theme) -> Rect {
        let area = rect.intersection(buffer.bounds)
        guard area.width >= 8, area.height >= 3 else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        let buttonsText = buttons.map(buttonLabel).joined(separator: "  ")
        let buttonsWidth = DisplayWidth.of(buttonsText)
        let textRoom = min(maxTextWidth, area.width - 6)  // border + 2 columns of padding each side
        let wrapped = lines.flatMap { DisplayWidth.wrap($0, width: max(1, textRoom)) }
        let contentWidth = min(textRoom, max(wrapped.map { DisplayWidth.of($0) }.max() ?? 0, buttonsWidth,
                                             DisplayWidth.of(title) + 4))
        // Rows: border, blank, text..., blank, [buttons], border.
        let belowText = buttons.isEmpty ? 1 : 2
        let wantHeight = 3 + wrapped.count + belowText
        let frame = area.centered(width: contentWidth + 6, height: wantHeight)
        let border = style == .error ? theme.error : theme.border

        buffer.fill(frame)
        buffer.drawBox(frame, style: theme.glyphs.box, attrs: border, title: title,
                       titleAttrs: border.union(theme.title), ellipsis: theme.glyphs.ellipsis)
        let inner = Rect(x: frame.x + 3, y: frame.y + 2, width: frame.width - 6, height: frame.height - 3)
        let textRows = max(0, inner.height - belowText)
        for (i, line) in wrapped.prefix(textRows).enumerated() {
            buffer.put(x: inner.x, y: inner.y + i, text: line, clip: inner)
        }
        if !buttons.isEmpty && inner.height >= 1 {
            let y = frame.maxY - 2
            var x = inner.x + max(0, (inner.width - buttonsWidth) / 2)
            let row = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            for (i, b) in buttons.enumerated() {
                let attrs = i == selectedButton ? theme.selectedButton : theme.button
                x = buffer.put(x: x, y: y, text: buttonLabel(b), attrs: attrs, clip: row) + 2
            }
        }
        return frame
    }
}
