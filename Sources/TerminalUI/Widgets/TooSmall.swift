import L10n

/// The whole-screen message shown instead of the layout when the terminal is smaller than
/// the UI needs.
public enum TooSmall {
    /// The smallest size the screens are laid out for.
    public static let minimum = Size(width: 80, height: 24)

    public static func applies(to size: Size, minimum: Size = minimum) -> Bool {
        size.width < minimum.width || size.height < minimum.height
    }

    /// Clears `buffer` and centres the message in it, wrapped to the width.
    public static func draw(on buffer: inout CellBuffer, minimum: Size = minimum, hint: String? = nil, theme: Theme) {
        let area = buffer.bounds
        buffer.fill(area)
        guard !area.isEmpty else { return }
        var paragraphs: [(String, Attributes)] = [
            (TUIText.tooSmallTitle.text, theme.title),
            (TUIText.tooSmallSize("\(buffer.width)x\(buffer.height)", "\(minimum.width)x\(minimum.height)"), .none),
        ]
        if let hint { paragraphs.append((hint, theme.dim)) }
        var lines: [(String, Attributes)] = []
        for (text, attrs) in paragraphs {
            lines += DisplayWidth.wrap(text, width: area.width).map { ($0, attrs) }
        }
        let top = max(0, (area.height - lines.count) / 2)
        for (i, (text, attrs)) in lines.prefix(area.height).enumerated() {
            let x = max(0, (area.width - DisplayWidth.of(text)) / 2)
            buffer.put(x: x, y: top + i, text: text, attrs: attrs)
        }
    }
}
