/// The languages vipctl speaks. JSON output is always English (it is data for programs).
public enum Lang: String, CaseIterable, Sendable, Hashable {
    case en
    case zh

    /// The language for a run: `--lang` when given, else the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty (POSIX order), else English.
    /// `zh_CN*`, `zh_SG*`, `zh_Hans*` and any other `zh*` locale give Simplified Chinese;
    /// `C`, `POSIX` and every other locale give English.
    public static func resolve(flag: String?, environment: [String: String]) throws(LangError) -> Lang {
        if let flag {
            guard let lang = Lang(flag: flag) else { throw LangError(value: flag) }
            return lang
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return Lang(locale: value)
            }
        }
        return .en
    }

    /// `en`, `zh` (also `zh-CN`, `zh_CN`, `chinese`, `english`, any case).
    public init?(flag: String) {
        switch flag.lowercased() {
        case "en", "english", "en-us", "en_us": self = .en
        case "zh", "zh-cn", "zh_cn", "zh-hans", "zh_hans", "chinese", "cn": self = .zh
        default: return nil
        }
    }

    /// A POSIX locale name such as `zh_CN.UTF-8`, `zh_CN.GB18030@x` or `en_US.UTF-8`.
    public init(locale: String) {
        let lowered = locale.lowercased()
        self = lowered == "zh" || lowered.hasPrefix("zh_") || lowered.hasPrefix("zh-") || lowered.hasPrefix("zh.")
            ? .zh : .en
    }
}

/// `--lang` got a value that is not a language vipctl speaks.
public struct LangError: Error, Sendable, Equatable, CustomStringConvertible {
    public var value: String
    public init(value: String) { self.value = value }
    public var description: String {
        "unknown language \(value.debugDescription) for --lang: use en or zh"
    }
}
