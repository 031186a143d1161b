import L10n
import Testing

/// Every key of every catalog area has every language, and the languages agree on what a text
/// needs (its placeholders).
@Suite struct CatalogTests {
    /// Checks one area; returns the problems found, one line each.
    static func problems<A: CatalogArea>(_ area: A.Type) -> [String] {
        var found: [String] = []
        let name = String(describing: area)
        for key in A.allCases {
            var texts: [Lang: String] = [:]
            for lang in Lang.allCases {
                guard let text = A.table(lang)[key] else {
                    found.append("\(name).\(key.rawValue) has no \(lang.rawValue) text")
                    continue
                }
                if text.allSatisfy(\.isWhitespace) {
                    found.append("\(name).\(key.rawValue) has an empty \(lang.rawValue) text")
                }
                texts[lang] = text
            }
            guard let en = texts[.en], let zh = texts[.zh] else { continue }
            if L10n.placeholders(en) != L10n.placeholders(zh) {
                found.append("\(name).\(key.rawValue): placeholders differ: en \(en.debugDescription), zh \(zh.debugDescription)")
            }
            if !A.sameInBothLanguages.contains(key) {
                if en == zh {
                    found.append("\(name).\(key.rawValue): the zh text is the English one (\(en.debugDescription))")
                } else if !zh.unicodeScalars.contains(where: Self.isCJK) {
                    found.append("\(name).\(key.rawValue): the zh text has no Chinese (\(zh.debugDescription))")
                }
            }
            if en.unicodeScalars.contains(where: Self.isCJK) {
                found.append("\(name).\(key.rawValue): the en text holds Chinese (\(en.debugDescription))")
            }
            for wrong in Self.notTheVendorsTerms where zh.contains(wrong) {
                found.append("\(name).\(key.rawValue): \(wrong.debugDescription) is not the vendor's term (\(zh.debugDescription))")
            }
        }
        // A table entry for a key that no longer exists cannot happen (keys are the enum), but an
        // English-only area can: every table must be as long as the key list.
        return found
    }

    /// Words a Chinese admin would not find in Huawei's own documents, next to the ones they would.
    static let notTheVendorsTerms = ["虚IP", "虚拟 IP", "网络接口", "源地址检查", "源/目标检查", "源目的检查", "虚机"]

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
            || (0x3000...0x303F).contains(s.value) || (0xFF00...0xFFEF).contains(s.value)
    }

    @Test func everyKeyHasEveryLanguage() {
        var all: [String] = []
        var keys = 0
        for area in Catalog.areas {
            all += Self.problems(area)
            keys += area.allCases.count
        }
        print("catalog: \(Catalog.areas.count) areas, \(keys) keys, \(Lang.allCases.count) languages, \(all.count) problems")
        #expect(all.isEmpty, "\(all.joined(separator: "\n"))")
        #expect(keys > 0)
    }

    /// The check itself finds a missing language, a lost placeholder and an untranslated text.
    @Test func theCheckFindsWhatIsMissing() {
        let problems = Self.problems(Broken.self)
        #expect(problems.contains("Broken.missing has no zh text"))
        #expect(problems.contains { $0.hasPrefix("Broken.lostPlaceholder: placeholders differ") })
        #expect(problems.contains { $0.hasPrefix("Broken.untranslated: the zh text is the English one") })
        #expect(problems.contains { $0.hasPrefix("Broken.wrongTerm: \"虚IP\" is not the vendor's term") })
        #expect(problems.count == 4)
    }

    @Test func lookupFormatsAndFallsBack() {
        #expect(L10n.with(.zh) { Common.vip.text } == "虚拟IP")
        #expect(L10n.with(.en) { Common.vip.text } == "VIP")
        #expect(L10n.with(.zh) { Broken.missing.text } == "only English")
        #expect(L10n.with(.en) { Broken.lostPlaceholder("x", 3) } == "bound x to 3")
        #expect(L10n.with(.zh) { Broken.lostPlaceholder("x", 3) } == "绑定 x")
        #expect(L10n.format("{1} then {0} and {2}", ["a", "b"]) == "b then a and {2}")
        #expect(L10n.placeholders("{0} {1} {x} {") == [0, 1])
    }

    @Test func languageComesFromFlagThenLocale() throws {
        #expect(try Lang.resolve(flag: "zh", environment: ["LANG": "en_US.UTF-8"]) == .zh)
        #expect(try Lang.resolve(flag: "en", environment: ["LANG": "zh_CN.UTF-8"]) == .en)
        #expect(throws: LangError(value: "fr")) { try Lang.resolve(flag: "fr", environment: [:]) }
        #expect(try Lang.resolve(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(try Lang.resolve(flag: nil, environment: ["LANG": "zh_CN.GB18030"]) == .zh)
        #expect(try Lang.resolve(flag: nil, environment: ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(try Lang.resolve(flag: nil, environment: ["LC_ALL": "", "LC_MESSAGES": "zh_SG.UTF-8", "LANG": "C"]) == .zh)
        #expect(try Lang.resolve(flag: nil, environment: ["LANG": "C.UTF-8"]) == .en)
        #expect(try Lang.resolve(flag: nil, environment: [:]) == .en)
        #expect(try Lang.resolve(flag: nil, environment: ["LANG": "zh_TW.UTF-8"]) == .zh)
    }

    @Test func taskOverrideDoesNotLeak() async {
        let inside = await L10n.with(.zh) { () async -> String in
            await Task { Common.server.text }.value
        }
        #expect(inside == "云服务器")
        #expect(L10n.override == nil)
    }
}

/// A deliberately broken area for the check's own test (not in Catalog.areas).
enum Broken: String, CatalogArea {
    case missing, lostPlaceholder, untranslated, wrongTerm, fine
    static let en: [Broken: String] = [
        .missing: "only English", .lostPlaceholder: "bound {0} to {1}", .untranslated: "Ports",
        .wrongTerm: "VIP", .fine: "fine",
    ]
    static let zh: [Broken: String] = [
        .lostPlaceholder: "绑定 {0}", .untranslated: "Ports", .wrongTerm: "虚IP", .fine: "好",
    ]
}
