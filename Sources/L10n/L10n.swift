import Synchronization

/// The language every catalog lookup uses: a task-local override (tests render one screen in
/// Chinese while others render in English, in parallel) or else the process's language, set
/// once at start-up from `--lang` / the locale.
public enum L10n {
    @TaskLocal public static var override: Lang?
    private static let process = Mutex<Lang>(.en)

    /// The language in effect here.
    public static var lang: Lang { override ?? process.withLock { $0 } }

    /// Sets the process's language (at start-up, before anything is shown).
    public static func setProcessLanguage(_ lang: Lang) {
        process.withLock { $0 = lang }
    }

    /// Runs `body` with `lang` in effect for this task (and the tasks it starts).
    public static func with<T>(_ lang: Lang, _ body: () throws -> T) rethrows -> T {
        try $override.withValue(lang, operation: body)
    }

    /// The async form of `with`.
    public static func with<T: Sendable>(_ lang: Lang, _ body: () async throws -> T) async rethrows -> T {
        try await $override.withValue(lang, operation: body)
    }

    /// Replaces `{0}`, `{1}`, ... in `template` by the arguments' descriptions. A placeholder
    /// with no argument stays as written; `{{` and `}}` are not special.
    public static func format(_ template: String, _ args: [String]) -> String {
        guard !args.isEmpty, template.contains("{") else { return template }
        var out = ""
        out.reserveCapacity(template.utf8.count + 16)
        var index = template.startIndex
        while index < template.endIndex {
            let ch = template[index]
            if ch == "{", let close = template[index...].firstIndex(of: "}"),
               let n = Int(template[template.index(after: index)..<close]), n >= 0, n < args.count
            {
                out += args[n]
                index = template.index(after: close)
            } else {
                out.append(ch)
                index = template.index(after: index)
            }
        }
        return out
    }

    /// The placeholder numbers a template uses (`{0}`, `{2}` -> [0, 2]), for the catalog tests.
    public static func placeholders(_ template: String) -> Set<Int> {
        var found = Set<Int>()
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            if let n = Int(after[..<close]) { found.insert(n) }
            rest = after[after.index(after: close)...]
        }
        return found
    }
}

/// One area of the catalog (TUI, plan, errors, commands, doctor, exports...): its keys and one
/// table per language. The tables are dictionaries, not switches, so a key that lacks a
/// language is possible to write and is caught by the catalog tests (L10nTests), which read
/// every area in `Catalog.areas`. At run time a missing entry falls back to English, then to
/// the key's name.
public protocol CatalogArea: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    static var en: [Self: String] { get }
    static var zh: [Self: String] { get }
    /// Keys whose Chinese text is deliberately the same as the English (e.g. "IP", "JSON").
    static var sameInBothLanguages: Set<Self> { get }
}

extension CatalogArea {
    public static var sameInBothLanguages: Set<Self> { [] }

    public static func table(_ lang: Lang) -> [Self: String] {
        switch lang {
        case .en: en
        case .zh: zh
        }
    }

    /// The text in the language in effect.
    public var text: String { text(in: L10n.lang) }

    /// The text in `lang`.
    public func text(in lang: Lang) -> String {
        Self.table(lang)[self] ?? Self.en[self] ?? rawValue
    }

    /// The text with `{0}`, `{1}`... replaced by `args`.
    public func callAsFunction(_ args: Any...) -> String {
        L10n.format(text, args.map { "\($0)" })
    }

    /// The text in `lang` with `{0}`, `{1}`... replaced by `args`.
    public func format(in lang: Lang, _ args: [Any]) -> String {
        L10n.format(text(in: lang), args.map { "\($0)" })
    }
}

/// The one catalog: every area, for the tests that check every key has every language.
public enum Catalog {
    public static let areas: [any CatalogArea.Type] = [
        Common.self,
        ErrorText.self,
        ConfigText.self,
        TransportText.self,
        DoctorText.self,
        ToolKeyText.self,
        ExportText.self,
        ColumnText.self, ScreenText.self, DetailText.self, GuardText.self, KeyText.self, TUIText.self, TerminalText.self,
        PlanText.self,
        RefusalText.self,
        OutcomeText.self,
        WriteText.self,
        JournalWords.self,
        CommandText.self,
        HelpText.self,
        HelpDiscussionText.self,
        AKSKText.self,
        SimGatewayText.self,
    ]
}
