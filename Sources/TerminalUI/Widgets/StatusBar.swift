/// A key hint for the status bar: `key` in the hint style, then `label`.
public struct Hint: Hashable, Sendable {
    public var key: String
    public var label: String

    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

/// The bottom line: a spinner while something loads, a message, and key hints on the right.
/// An error message takes the error style over the whole line. The message wins over the
/// hints: hints are dropped from the right until the message fits, and only then is the
/// message cut.
public struct StatusBar: Hashable, Sendable {
    public var message: String
    public var isError: Bool
    /// A frame counter while loading (any integer; it picks the spinner frame), else nil.
    public var spinnerFrame: Int?
    public var hints: [Hint]

    public init(message: String, isError: Bool = false, spinnerFrame: Int? = nil, hints: [Hint] = []) {
        self.message = message
        self.isError = isError
        self.spinnerFrame = spinnerFrame
        self.hints = hints
    }

    public func draw(in rect: Rect, on buffer: inout CellBuffer, theme: Theme) {
        let row = rect.intersection(buffer.bounds).row(0)
        guard !row.isEmpty else { return }
        let base: Attributes = isError ? theme.error : .none
        buffer.fill(row, attrs: base)
        var x = row.x + 1
        if let frame = spinnerFrame, !theme.glyphs.spinner.isEmpty {
            let count = theme.glyphs.spinner.count
            let glyph = theme.glyphs.spinner[((frame % count) + count) % count]
            x = buffer.put(x: x, y: row.y, text: glyph, attrs: base.union(theme.spinner), clip: row) + 1
        }
        let messageWidth = DisplayWidth.of(message)
        let room = row.maxX - 1 - x  // keep one blank column at the right edge

        // Hints, dropped from the right until the message fits beside them (2 columns apart).
        var shown = hints
        func hintsWidth(_ h: [Hint]) -> Int {
            h.isEmpty ? 0 : h.reduce(0) { $0 + DisplayWidth.of($1.key) + 1 + DisplayWidth.of($1.label) } + 2 * (h.count - 1)
        }
        while !shown.isEmpty && messageWidth + 2 + hintsWidth(shown) > room { shown.removeLast() }
        let hw = hintsWidth(shown)
        if !shown.isEmpty {
            var hx = row.maxX - 1 - hw
            for (i, h) in shown.enumerated() {
                hx = buffer.put(x: hx, y: row.y, text: h.key, attrs: base.union(theme.hintKey), clip: row)
                hx = buffer.put(x: hx, y: row.y, text: " " + h.label, attrs: base, clip: row)
                if i < shown.count - 1 { hx += 2 }
            }
        }
        let messageRoom = shown.isEmpty ? room : room - hw - 2
        buffer.put(x: x, y: row.y, text: DisplayWidth.truncate(message, to: messageRoom, ellipsis: theme.glyphs.ellipsis),
                   attrs: base, clip: row)
    }
}
