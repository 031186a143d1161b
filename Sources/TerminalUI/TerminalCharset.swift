import Foundation
import L10n

/// How the UI draws for the terminal's character set. The locale environment is the only
/// thing that says what a terminal decodes, so it decides; nothing here guesses from the
/// terminal itself.
///
/// - `utf8`: Unicode borders, wide text, combining marks (a UTF-8 locale; also a locale that
///   names no character set, see `LocaleDecision.decide`).
/// - `native(codeset:)`: an installed locale of another character set (GB18030, GBK,
///   ISO-8859-1, ...). ncursesw converts every character to it; a character the set cannot
///   encode, or whose width there differs from the layout's, is shown transliterated (`é` as
///   `e`) or as `?`. Borders are ASCII (box drawing is double-width in CJK locales and missing
///   from most 8-bit sets).
/// - `ascii`: nothing but ASCII is sent (a non-UTF-8 locale that is not installed, so nothing
///   can convert to it; or no UTF-8 locale at all): ASCII borders, non-ASCII text
///   transliterated or shown as `?`, one `?` per column so tables stay aligned.
public enum DisplayCharset: Equatable, Sendable {
    case utf8
    case native(codeset: String)
    case ascii

    public var isUTF8: Bool { self == .utf8 }
}

/// What to do about the locale, decided from facts the driver gathers (pure, so every case
/// is tested without a terminal).
public struct LocaleDecision: Equatable, Sendable {
    public var charset: DisplayCharset
    /// Switch LC_CTYPE to C.UTF-8 (the locale named no character set).
    public var switchToCUTF8: Bool
    /// Said once on the status line when the UI starts (the display differs from UTF-8).
    public var notice: String?
    /// Said once on stderr before the UI starts (left on the terminal after it ends).
    public var note: String?

    /// The locale that decides LC_CTYPE: LC_ALL, else LC_CTYPE, else LANG (the first one set
    /// and not empty), "" when none is.
    public static func localeName(_ environment: [String: String]) -> String {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let v = environment[key], !v.isEmpty { return v }
        }
        return ""
    }

    /// The character set a locale name spells out: `zh_CN.GB18030@x` gives `GB18030`; nil for
    /// `C`, `POSIX`, `en_US` (no codeset in the name).
    public static func codeset(ofName name: String) -> String? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let rest = name[name.index(after: dot)...]
        let cs = rest.prefix { $0 != "@" }
        return cs.isEmpty ? nil : String(cs)
    }

    /// `UTF-8`, `utf8`, `UTF8`, `utf-8` ...
    public static func isUTF8(_ codeset: String) -> Bool {
        codeset.lowercased().filter { $0 != "-" && $0 != "_" } == "utf8"
    }

    /// The C library's names for plain ASCII (what `C` and `POSIX` report).
    static func isASCII(_ codeset: String) -> Bool {
        ["ansix3.41968", "ascii", "usascii", "646"].contains(codeset.lowercased().filter { $0 != "-" && $0 != "_" })
    }

    /// - Parameters:
    ///   - localeName: from the environment (`localeName(_:)`).
    ///   - installedCodeset: the codeset the C library reports after `setlocale(LC_ALL, "")`,
    ///     nil when that failed (the locale is not installed).
    ///   - cUTF8Available: whether C.UTF-8 can be switched to.
    public static func decide(localeName: String, installedCodeset: String?, cUTF8Available: Bool) -> LocaleDecision {
        let shownName = localeName.isEmpty ? TerminalText.unsetLocale.text : localeName
        let assumed = TerminalText.assumedUTF8(shownName)
        let fix = TerminalText.fixHint.text
        // The notice fits an 80-column status line; the note on stderr says more.
        func asciiOnly(_ short: String, _ why: String) -> LocaleDecision {
            LocaleDecision(charset: .ascii, switchToCUTF8: false,
                           notice: TerminalText.asciiNotice(short), note: TerminalText.asciiNote(why, fix))
        }
        if let cs = installedCodeset {
            if isUTF8(cs) { return LocaleDecision(charset: .utf8, switchToCUTF8: false, notice: nil, note: nil) }
            if !isASCII(cs) {
                return LocaleDecision(charset: .native(codeset: cs), switchToCUTF8: false,
                                      notice: TerminalText.nativeNotice(cs), note: TerminalText.nativeNote(shownName, cs, fix))
            }
            // C or POSIX (ASCII): below, as a locale that names no character set.
        }
        let named = codeset(ofName: localeName)
        if let named, !isUTF8(named), !isASCII(named) {
            // The terminal decodes `named`, and without the locale nothing can convert to it.
            return asciiOnly(TerminalText.notInstalledShort(localeName), TerminalText.notInstalledWhy(localeName, named))
        }
        guard cUTF8Available else {
            return asciiOnly(TerminalText.noCUTF8Short(shownName), TerminalText.noCUTF8Why(shownName))
        }
        // A UTF-8 locale that is not installed: the terminal is UTF-8, C.UTF-8 draws it right.
        if let named, isUTF8(named) { return LocaleDecision(charset: .utf8, switchToCUTF8: true, notice: nil, note: nil) }
        return LocaleDecision(charset: .utf8, switchToCUTF8: true, notice: nil, note: assumed)
    }

    /// For the headless commands, which always write UTF-8: a one-line warning for stderr when
    /// stdout is a terminal whose locale names another character set (nil otherwise).
    public static func headlessWarning(environment: [String: String], stdoutIsTerminal: Bool) -> String? {
        guard stdoutIsTerminal else { return nil }
        let name = localeName(environment)
        guard let cs = codeset(ofName: name), !isUTF8(cs), !isASCII(cs) else { return nil }
        // Always in English (ASCII): it is written, as UTF-8, to a terminal that cannot show
        // UTF-8 Chinese.
        return TerminalText.headlessWarning.format(in: .en, [name, cs])
    }
}

/// The per-cell glyph rules for a non-UTF-8 display: what ASCII stands in for a character.
public enum Transliteration {
    /// Common punctuation that has an obvious ASCII stand-in.
    static let table: [Unicode.Scalar: Unicode.Scalar] = [
        "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2015}": "-", "\u{2212}": "-",
        "\u{2018}": "'", "\u{2019}": "'", "\u{201A}": "'", "\u{2032}": "'", "\u{201C}": "\"", "\u{201D}": "\"", "\u{201E}": "\"",
        "\u{00A0}": " ", "\u{2002}": " ", "\u{2003}": " ", "\u{2009}": " ", "\u{00B7}": ".", "\u{2022}": "*", "\u{00D7}": "x",
        "\u{2190}": "<", "\u{2192}": ">", "\u{2191}": "^", "\u{2193}": "v", "\u{2026}": ".",
        "\u{25B2}": "^", "\u{25BC}": "v",
        "\u{00DF}": "s", "\u{00C6}": "A", "\u{00E6}": "a", "\u{00D8}": "O", "\u{00F8}": "o", "\u{0141}": "L", "\u{0142}": "l",
        "\u{0110}": "D", "\u{0111}": "d",
    ]

    /// The printable ASCII character that stands in for the grapheme `text` in one column
    /// (`é` -> `e`, `–` -> `-`), or nil.
    public static func ascii(_ text: String) -> Unicode.Scalar? {
        guard let first = text.unicodeScalars.first else { return nil }
        if (0x20...0x7E).contains(first.value) { return first }
        if let t = table[first] { return t }
        // Canonical decomposition: a base letter and its accents.
        if let base = String(first).decomposedStringWithCanonicalMapping.unicodeScalars.first, (0x21...0x7E).contains(base.value) {
            return base
        }
        return nil
    }
}
