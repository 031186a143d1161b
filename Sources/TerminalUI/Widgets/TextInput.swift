/// A one-line text field: a prompt, the text, and a block cursor (reverse video) at
/// `cursor`, a grapheme index from 0 (before the first character) to `text.count` (after
/// the last). When the text is wider than the field it scrolls so the cursor stays visible.
public struct TextInput: Hashable, Sendable {
    public var prompt: String
    public var text: String
    public var cursor: Int
    /// Shown dim when `text` is empty.
    public var placeholder: String

    public init(prompt: String, text: String, cursor: Int? = nil, placeholder: String = "") {
        self.prompt = prompt
        self.text = text
        self.cursor = cursor ?? text.count
        self.placeholder = placeholder
    }

    /// The index of the first grapheme shown in a field `fieldWidth` columns wide: 0 when the
    /// text up to and including the cursor cell fits, else the smallest start that keeps the
    /// cursor cell on screen.
    public static func firstVisible(_ chars: [Character], cursor: Int, fieldWidth: Int) -> Int {
        let c = min(max(0, cursor), chars.count)
        let cursorWidth = c < chars.count ? max(1, DisplayWidth.of(chars[c])) : 1
        var used = cursorWidth
        var start = c
        while start > 0 {
            let w = DisplayWidth.of(chars[start - 1])
            if used + w > fieldWidth { break }
            used += w
            start -= 1
        }
        return start
    }

    public func draw(in rect: Rect, on buffer: inout CellBuffer, theme: Theme) {
        let row = rect.intersection(buffer.bounds).row(0)
        guard !row.isEmpty else { return }
        buffer.fill(row)
        let fieldX = buffer.put(x: row.x, y: row.y, text: prompt, attrs: theme.prompt, clip: row)
        let field = Rect(x: fieldX, y: row.y, width: row.maxX - fieldX, height: 1).intersection(row)
        guard !field.isEmpty else { return }
        let chars = Array(text)
        let c = min(max(0, cursor), chars.count)
        if chars.isEmpty && !placeholder.isEmpty {
            buffer.put(x: field.x + 1, y: row.y, text: placeholder, attrs: theme.dim, clip: field)
        }
        let start = Self.firstVisible(chars, cursor: c, fieldWidth: field.width)
        var x = field.x
        for i in start..<chars.count {
            let attrs: Attributes = i == c ? theme.cursor : .none
            x = buffer.put(x: x, y: row.y, text: String(chars[i]), attrs: attrs, clip: field)
            if x >= field.maxX { break }
        }
        if c == chars.count {
            buffer.put(x: x, y: row.y, text: " ", attrs: theme.cursor, clip: field)
        }
    }
}
