import CloudAPI

/// Horizontal alignment of text inside a field.
public enum Alignment: Sendable, Hashable {
    case left, right, center
}

/// Terminal column widths of text: East Asian Wide/Fullwidth characters take two columns,
/// combining marks and format characters none, everything else one. The tables come from the
/// same `wcwidth` ncursesw uses, so a layout computed here is the layout on screen.
///
/// A grapheme (Swift `Character`) is as wide as its first scalar that has a width, so
/// `"e\u{301}"` is 1 and `"数"` is 2. The string functions measure and cut text as it is
/// drawn: through `Inert` (CloudAPI), which writes controls and invisible format characters
/// as visible escapes (`\e` is two columns), as `CellBuffer` does.
public enum DisplayWidth {
    /// Columns one scalar takes: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }
        if v < 0x300 { return v == 0 ? 0 : 1 }
        if contains(doubleWidthRanges, v) { return 2 }
        if contains(zeroWidthRanges, v) { return 0 }
        return 1
    }

    /// Columns one grapheme takes: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if isControl(first) { return 1 }
        for s in scalars {
            let w = of(s)
            if w > 0 { return w }
        }
        return 0
    }

    /// Columns a string takes.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        // Printable ASCII (most names, IDs and addresses): one column per byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var w = 0
        for c in Inert.field(String(text)) { w += of(c) }
        return w
    }

    /// `text` cut to at most `width` columns. When it is cut, `ellipsis` takes the last
    /// column(s); a wide character is never split (the result may be a column short).
    /// When `width` is smaller than the ellipsis, the text is cut without one.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let text = Inert.field(text)
        if of(text) <= width { return text }
        let ellipsisWidth = of(ellipsis)
        let room = ellipsisWidth <= width ? width - ellipsisWidth : width
        var out = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > room { break }
            out.append(c)
            used += w
        }
        return ellipsisWidth <= width ? out + ellipsis : out
    }

    /// `text` padded with spaces to `width` columns. Text already as wide or wider is
    /// returned unchanged (use `fit` to also cut).
    public static func pad(_ text: String, to width: Int, alignment: Alignment = .left) -> String {
        let gap = width - of(text)
        guard gap > 0 else { return text }
        switch alignment {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: gap - left)
        }
    }

    /// `text` cut (with `ellipsis`) and padded to exactly `width` columns.
    public static func fit(_ text: String, to width: Int, alignment: Alignment = .left,
                           ellipsis: String = "…") -> String
    {
        pad(truncate(text, to: width, ellipsis: ellipsis), to: width, alignment: alignment)
    }

    /// `text` broken into lines of at most `width` columns: at newlines, after spaces where
    /// possible, otherwise between any two graphemes (CJK text has no spaces). Never splits
    /// a wide character; a wide character in a 1-column width gets a line of its own.
    /// Lines continuing a wrapped paragraph start with `hangingIndent` spaces (ignored when
    /// that would leave less than half the width).
    public static func wrap(_ text: String, width: Int, hangingIndent: Int = 0) -> [String] {
        guard width > 0 else { return [] }
        let text = Inert.lines(text)
        let hang = hangingIndent > 0 && hangingIndent <= width / 2 ? hangingIndent : 0
        let prefix = String(repeating: " ", count: hang)
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line: [Character] = []
            var lineWidth = 0
            var breakAt: Int?  // length of `line` up to and including its last space
            var wrapped = false
            func emit(_ chars: ArraySlice<Character>) {
                let s = trimTrailingSpaces(String(chars))
                out.append(wrapped ? prefix + s : s)
            }
            for c in paragraph {
                // A wrapped line does not start with the spaces it was broken at.
                if wrapped && line.isEmpty && c == " " { continue }
                let w = of(c)
                if c == " " && lineWidth + w > (wrapped ? width - hang : width) && !line.isEmpty {
                    // The line is full up to this space: break here.
                    emit(line[...])
                    line = []
                    lineWidth = 0
                    breakAt = nil
                    wrapped = true
                    continue
                }
                while lineWidth + w > (wrapped ? width - hang : width) && !line.isEmpty {
                    if let b = breakAt {
                        emit(line[..<b])
                        line = Array(line[b...].drop(while: { $0 == " " }))
                    } else {
                        emit(line[...])
                        line = []
                    }
                    lineWidth = line.reduce(0) { $0 + of($1) }
                    breakAt = nil
                    wrapped = true
                }
                if wrapped && line.isEmpty && c == " " { continue }
                line.append(c)
                lineWidth += w
                if c == " " && line.contains(where: { $0 != " " }) { breakAt = line.count }
            }
            emit(line[...])
        }
        return out
    }

    // MARK: - helpers

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0)
    }

    static func trimTrailingSpaces(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    private static func contains(_ ranges: [(UInt32, UInt32)], _ v: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = ranges[mid]
            if v < r.0 { hi = mid - 1 } else if v > r.1 { lo = mid + 1 } else { return true }
        }
        return false
    }
}
