import L10n

/// A message kept as catalog keys and arguments and put into words only when it is shown, in
/// the language in effect then (`L10n.lang`): an error thrown while the process speaks Chinese
/// still reads in English when JSON output renders it under `L10n.with(.en)`.
///
/// Text from the cloud or a file (a server's message, a path, a key) is `.raw` and never
/// translated; a catalog entry's arguments are themselves `CloudText`, so a translated piece
/// ("a mapping", "the file is empty") can go into another one's placeholder.
public indirect enum CloudText: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Shown as it is.
    case raw(String)
    case error(ErrorText, [CloudText])
    case config(ConfigText, [CloudText])
    case transport(TransportText, [CloudText])
    case common(Common)
    /// AK/SK, endpoints without a catalog, `config show`.
    case aksk(AKSKText, [CloudText])
    /// The pieces one after another (a whole message and a clause of its own such as `; ...`).
    case joined([CloudText])

    /// The words in the language in effect.
    public var text: String {
        switch self {
        case .raw(let s): return s
        case .error(let k, let args): return L10n.format(k.text, args.map(\.text))
        case .config(let k, let args): return L10n.format(k.text, args.map(\.text))
        case .transport(let k, let args): return L10n.format(k.text, args.map(\.text))
        case .common(let k): return k.text
        case .aksk(let k, let args): return L10n.format(k.text, args.map(\.text))
        case .joined(let parts): return parts.map(\.text).joined()
        }
    }

    /// The words in `lang`.
    public func text(in lang: Lang) -> String { L10n.with(lang) { text } }

    public var description: String { text }

    public init(stringLiteral value: String) { self = .raw(value) }

    static func err(_ key: ErrorText, _ args: any CloudTextArgument...) -> CloudText { .error(key, args.map(\.cloudText)) }
    static func cfg(_ key: ConfigText, _ args: any CloudTextArgument...) -> CloudText { .config(key, args.map(\.cloudText)) }
    static func ak(_ key: AKSKText, _ args: any CloudTextArgument...) -> CloudText { .aksk(key, args.map(\.cloudText)) }
    static func net(_ key: TransportText, _ args: any CloudTextArgument...) -> CloudText { .transport(key, args.map(\.cloudText)) }

    /// `a + b`: the pieces one after another.
    static func + (a: CloudText, b: CloudText) -> CloudText {
        switch (a, b) {
        case (.joined(let x), .joined(let y)): return .joined(x + y)
        case (.joined(let x), _): return .joined(x + [b])
        case (_, .joined(let y)): return .joined([a] + y)
        default: return .joined([a, b])
        }
    }
}

/// What may fill a placeholder: another `CloudText`, or a value shown as it is.
protocol CloudTextArgument {
    var cloudText: CloudText { get }
}

extension CloudText: CloudTextArgument { var cloudText: CloudText { self } }
extension String: CloudTextArgument { var cloudText: CloudText { .raw(self) } }
extension Int: CloudTextArgument { var cloudText: CloudText { .raw(String(self)) } }
extension UInt32: CloudTextArgument { var cloudText: CloudText { .raw(String(self)) } }
