/// The eight-colour palette every colour terminal has. The raw value is the curses colour
/// number (COLOR_BLACK = 0 ... COLOR_WHITE = 7).
public enum Color: Int, CaseIterable, Hashable, Sendable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell is drawn. `fg`/`bg` nil means the terminal's default colour.
public struct Attributes: Hashable, Sendable {
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool
    public var fg: Color?
    public var bg: Color?

    public init(bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false,
                fg: Color? = nil, bg: Color? = nil)
    {
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
        self.fg = fg
        self.bg = bg
    }

    public static let none = Attributes()
    public static let bold = Attributes(bold: true)
    public static let dim = Attributes(dim: true)
    public static let reverse = Attributes(reverse: true)
    public static let underline = Attributes(underline: true)

    /// These attributes with every flag of `other` added and its colours (where set) taking over.
    public func union(_ other: Attributes) -> Attributes {
        Attributes(bold: bold || other.bold, dim: dim || other.dim, reverse: reverse || other.reverse,
                   underline: underline || other.underline, fg: other.fg ?? fg, bg: other.bg ?? bg)
    }

    /// The same attributes without colours (for monochrome terminals and NO_COLOR).
    public var monochrome: Attributes {
        Attributes(bold: bold, dim: dim, reverse: reverse, underline: underline)
    }
}
