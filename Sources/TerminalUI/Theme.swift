import L10n
/// Characters for boxes: Unicode box drawing, or ASCII when the locale is not UTF-8.
public struct BoxStyle: Hashable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character

    public init(horizontal: Character, vertical: Character, topLeft: Character, topRight: Character,
                bottomLeft: Character, bottomRight: Character)
    {
        self.horizontal = horizontal
        self.vertical = vertical
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
    }

    public static let unicode = BoxStyle(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                         bottomLeft: "└", bottomRight: "┘")
    public static let ascii = BoxStyle(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                       bottomLeft: "+", bottomRight: "+")
}

/// Every non-letter symbol the widgets draw, in a Unicode and an ASCII set.
public struct Glyphs: Hashable, Sendable {
    public var box: BoxStyle
    /// Marks cut text.
    public var ellipsis: String
    /// Between header segments.
    public var separator: String
    /// Spinner frames, shown in turn while something loads.
    public var spinner: [String]
    /// Sort direction after a column title.
    public var ascending: String
    public var descending: String

    public init(box: BoxStyle, ellipsis: String, separator: String, spinner: [String], ascending: String,
                descending: String)
    {
        self.box = box
        self.ellipsis = ellipsis
        self.separator = separator
        self.spinner = spinner
        self.ascending = ascending
        self.descending = descending
    }

    public static let unicode = Glyphs(box: .unicode, ellipsis: "…", separator: " · ",
                                       spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
                                       ascending: "▲", descending: "▼")
    public static let ascii = Glyphs(box: .ascii, ellipsis: "~", separator: " | ",
                                     spinner: ["|", "/", "-", "\\"], ascending: "^", descending: "v")
}

/// The mode shown in the header: whether actions can change the cloud.
public enum ModeBadge: String, Hashable, Sendable, CaseIterable {
    case live = "LIVE"
    case readOnly = "READ-ONLY"
    case demo = "DEMO"

    /// The badge's word in the language in effect.
    public var text: String {
        switch self {
        case .live: TUIText.badgeLive.text
        case .readOnly: TUIText.badgeReadOnly.text
        case .demo: TUIText.badgeDemo.text
        }
    }
}

/// Attributes per role plus the glyph set. `color` themes use the palette; `monochrome`
/// themes use attributes only (for terminals without colours and for `NO_COLOR`).
public struct Theme: Hashable, Sendable {
    public var glyphs: Glyphs
    public var usesColor: Bool

    public var headerBar: Attributes
    public var tableHeader: Attributes
    public var selection: Attributes
    public var border: Attributes
    public var title: Attributes
    public var label: Attributes
    public var dim: Attributes
    public var error: Attributes
    public var hintKey: Attributes
    public var spinner: Attributes
    public var prompt: Attributes
    public var cursor: Attributes
    public var button: Attributes
    public var selectedButton: Attributes
    public var live: Attributes
    public var readOnly: Attributes
    public var demo: Attributes

    public func badge(_ mode: ModeBadge) -> Attributes {
        switch mode {
        case .live: live
        case .readOnly: readOnly
        case .demo: demo
        }
    }

    /// The badge text: padded with spaces when colour sets it apart, bracketed otherwise.
    public func badgeText(_ mode: ModeBadge) -> String {
        usesColor ? " \(mode.text) " : "[\(mode.text)]"
    }

    public static func color(glyphs: Glyphs = .unicode) -> Theme {
        Theme(glyphs: glyphs, usesColor: true,
              headerBar: Attributes(fg: .white, bg: .blue),
              tableHeader: Attributes(bold: true, fg: .cyan),
              selection: .reverse,
              border: Attributes(fg: .cyan),
              title: .bold,
              label: Attributes(bold: true),
              dim: .dim,
              error: Attributes(bold: true, fg: .white, bg: .red),
              hintKey: Attributes(bold: true, fg: .cyan),
              spinner: Attributes(fg: .cyan),
              prompt: Attributes(bold: true, fg: .yellow),
              cursor: .reverse,
              button: .none,
              selectedButton: .reverse,
              live: Attributes(bold: true, fg: .white, bg: .red),
              readOnly: Attributes(bold: true, fg: .black, bg: .yellow),
              demo: Attributes(bold: true, fg: .black, bg: .green))
    }

    public static func monochrome(glyphs: Glyphs = .unicode) -> Theme {
        Theme(glyphs: glyphs, usesColor: false,
              headerBar: .reverse,
              tableHeader: Attributes(bold: true, underline: true),
              selection: .reverse,
              border: .none,
              title: .bold,
              label: .bold,
              dim: .dim,
              error: Attributes(bold: true, reverse: true),
              hintKey: .bold,
              spinner: .none,
              prompt: .bold,
              cursor: .reverse,
              button: .none,
              selectedButton: .reverse,
              live: Attributes(bold: true, reverse: true),
              readOnly: Attributes(bold: true, reverse: true),
              demo: Attributes(bold: true, reverse: true))
    }

    /// The theme for a terminal: colour only when it has colours and `NO_COLOR` is unset or
    /// empty (https://no-color.org); ASCII glyphs when the locale is not UTF-8.
    public static func forTerminal(_ capabilities: TerminalCapabilities) -> Theme {
        let glyphs: Glyphs = capabilities.utf8 ? .unicode : .ascii
        return capabilities.colors ? .color(glyphs: glyphs) : .monochrome(glyphs: glyphs)
    }
}

/// What the terminal can show, as the driver found it.
public struct TerminalCapabilities: Hashable, Sendable {
    /// The locale is UTF-8: wide text and box drawing work. Otherwise the driver shows
    /// non-ASCII as `?` and widgets should use ASCII glyphs.
    public var utf8: Bool
    /// Colours are available *and* wanted (`NO_COLOR` unset or empty).
    public var colors: Bool
    /// Said once on the status line when the UI starts (e.g. the terminal is not UTF-8).
    public var notice: String?

    public init(utf8: Bool, colors: Bool, notice: String? = nil) {
        self.utf8 = utf8
        self.colors = colors
        self.notice = notice
    }

    public var boxStyle: BoxStyle { utf8 ? .unicode : .ascii }

    /// Whether `NO_COLOR` asks for no colour: set to anything but the empty string.
    public static func noColorRequested(_ environment: [String: String]) -> Bool {
        if let v = environment["NO_COLOR"], !v.isEmpty { return true }
        return false
    }
}
