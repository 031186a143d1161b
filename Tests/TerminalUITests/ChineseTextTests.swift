import L10n
import Testing
@testable import TerminalUI
import ViewModels

/// The words the TUI builds once (the key table) or keeps in statics (the guards) follow the
/// language in effect when they are read, not the one in effect when they were first built.
@Suite("Chinese words of the key table and the guards")
struct ChineseTextTests {
    static func hasCJK(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    @Test("every guard's 'disabled when' words are Chinese in Chinese and English in English")
    func guardWords() {
        for g in Guard.catalogue {
            let zh = L10n.with(.zh) { g.when }
            let en = L10n.with(.en) { g.when }
            #expect(Self.hasCJK(zh), "\(g.name): \(zh)")
            #expect(!Self.hasCJK(en), "\(g.name): \(en)")
        }
        // A composed guard joins its words in the language read in.
        let both = Guard.all([.notReadOnly, .vipSelected])
        #expect(L10n.with(.en) { both.when } == "read-only mode; no VIP is selected")
        #expect(L10n.with(.zh) { both.when } == "只读模式；未选中虚拟IP")
    }

    @Test("a live refusal is in the language in effect")
    func liveReason() {
        let s = AppState(header: Header(cloud: "c", mode: .demo), size: TerminalSize(width: 60, height: 20))
        #expect(L10n.with(.en) { Guard.bigEnough.reason(in: s) } == "the terminal is 60x20; vipctl needs at least 80x24")
        #expect(L10n.with(.zh) { Guard.bigEnough.reason(in: s) } == "终端窗口为 60x20；vipctl 至少需要 80x24")
    }

    @Test("the key table has a name and description in each language, the same keys in the same order")
    func keyTable() {
        let en = L10n.with(.en) { AppKeys.map.bindings }
        let zh = L10n.with(.zh) { AppKeys.map.bindings }
        #expect(en.count == zh.count && en.count > 40)
        for (e, z) in zip(en, zh) {
            #expect(e.keys == z.keys && e.context == z.context)
            #expect(Self.hasCJK(z.name) && Self.hasCJK(z.description), "\(z.keyLabel): \(z.name) / \(z.description)")
            #expect(!Self.hasCJK(e.name) && !Self.hasCJK(e.description), "\(e.keyLabel): \(e.name) / \(e.description)")
            #expect((e.disabledWhen == nil) == (z.disabledWhen == nil), "\(e.keyLabel): \(e.disabledWhen ?? "-") / \(z.disabledWhen ?? "-")")
            if let w = z.disabledWhen { #expect(Self.hasCJK(w), "\(z.keyLabel): \(w)") }
        }
        // Sorting names the column in the language of the table.
        #expect(zh.contains { $0.description == "按名称排序；再按一次反向" })
        #expect(en.contains { $0.description == "sort by NAME; again: reverse" })
    }

    @Test("the ids column goes last in both languages (columns are known by key, not title)")
    func idLast() {
        for lang in Lang.allCases {
            let order = L10n.with(lang) { AppKeys.displayOrder(PortRow.columns) }
            #expect(PortRow.columns[order.last ?? 0].key == .id)
        }
    }
}
