import Foundation

/// The one sanitiser between text that came from a cloud or a file (names, descriptions, error
/// types and messages, header values, journal lines) and a terminal. The headless commands
/// write through it (vipctl's Console), the TUI's cell buffer draws through it, and CloudError's
/// one-line messages are made with it, so no byte of such text can move the cursor, set a
/// title, change colours, reorder a line (bidi controls) or hide (invisible format characters).
///
/// What it escapes, visibly: C0 controls, DEL and C1 controls (`\e`, `\n`, `\r`, `\t`, `\0`,
/// else `\x9b`), and every other scalar that draws nothing or changes how the text around it is
/// drawn: Unicode format characters (bidi embeddings, overrides and isolates, zero-width
/// spaces and joiners, the byte-order mark, tag characters), line and paragraph separators,
/// lone surrogates, and default-ignorable code points such as the Hangul filler (`\u202e`,
/// `\u3164`, `\u{e0041}`). Variation selectors (U+FE00-FE0F) are kept: they only choose a
/// glyph for the character before them. A backslash is kept as it is, so escaping twice
/// changes nothing (`field(field(s)) == field(s)`): text may pass through more than one
/// layer that escapes.
public enum Inert {
    /// Whether `s` is drawn as an escape.
    @inlinable
    public static func escapes(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || v == 0x7F { return true }
        if v < 0xA0 { return v >= 0x80 }
        if v < 0x0300 { return v == 0xAD }
        return escapesSlow(s)
    }

    @usableFromInline
    static func escapesSlow(_ s: Unicode.Scalar) -> Bool {
        if (0xFE00...0xFE0F).contains(s.value) { return false }
        switch s.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate: return true
        default: return s.properties.isDefaultIgnorableCodePoint
        }
    }

    /// One field: every escaped scalar written visibly, newlines included. The same string
    /// when nothing needs escaping.
    public static func field(_ s: String) -> String { escape(s, keepNewlines: false) }

    /// Text laid out by vipctl in lines, with cloud text inside: like `field`, but a newline
    /// stays a newline. Cloud text that must not start a line of its own goes through `field`
    /// (or `name`) first.
    public static func lines(_ s: String) -> String { escape(s, keepNewlines: true) }

    /// A name from the cloud inside a sentence or a plan: as it is when it is one plain word
    /// (letters, digits, `-_.:@+=,/` - what admins name things), else in double quotes with `"`
    /// and `\` escaped, its controls escaped and cut after `maxColumns` characters, so that it
    /// can never pass for text vipctl wrote (a plan line, a prompt). As `ls` quotes file names.
    public static func name(_ s: String, maxCharacters: Int = 64) -> String {
        if !s.isEmpty, s.unicodeScalars.allSatisfy(isPlain) { return s }
        var body = ""
        var count = 0
        for ch in s {
            if count == maxCharacters {
                body += "…"
                break
            }
            count += 1
            for u in ch.unicodeScalars {
                if u == "\"" || u == "\\" {
                    body += "\\" + String(u)
                } else if escapes(u) {
                    body += escaped(u)
                } else {
                    body.unicodeScalars.append(u)
                }
            }
        }
        return "\"" + body + "\""
    }

    /// JSON text (as JSONEncoder writes it: C0 already escaped) with every other escaped scalar
    /// written as a `\u` escape, which any JSON reader turns back into the same string. They
    /// can only stand inside JSON strings (the rest of a JSON text is ASCII).
    public static func json(_ data: Data) -> Data {
        guard let text = String(data: data, encoding: .utf8) else { return data }
        if !text.unicodeScalars.contains(where: escapes) { return data }
        var out = ""
        out.reserveCapacity(text.utf8.count + 32)
        for u in text.unicodeScalars {
            if u.value >= 0x20, escapes(u) {
                for unit in String(u).utf16 { out += "\\u" + hex(UInt32(unit), digits: 4) }
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return Data(out.utf8)
    }

    // MARK: -

    static func isPlain(_ u: Unicode.Scalar) -> Bool {
        if u.value < 0x80 {
            return (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || "-_.:@+=,/".unicodeScalars.contains(u)
        }
        if escapes(u) { return false }
        let p = u.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    static func escape(_ s: String, keepNewlines: Bool) -> String {
        // Fast path: printable ASCII (nearly every name and message).
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        if !s.unicodeScalars.contains(where: { escapes($0) && !(keepNewlines && $0 == "\n") }) { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if escapes(u) && !(keepNewlines && u == "\n") {
                out.append(contentsOf: escaped(u).unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    static func escaped(_ u: Unicode.Scalar) -> String {
        switch u.value {
        case 0x1B: return "\\e"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x00: return "\\0"
        case ..<0x100: return "\\x" + hex(u.value, digits: 2)
        case ..<0x10000: return "\\u" + hex(u.value, digits: 4)
        default: return "\\u{" + String(u.value, radix: 16) + "}"
        }
    }

    static func hex(_ v: UInt32, digits: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
