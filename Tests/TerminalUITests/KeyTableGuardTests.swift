import CloudAPI
import Foundation
import Testing
@testable import TerminalUI
import ViewModels

/// The key table's "disabled when" column (and so the README's key list) is read from the
/// same guards the reducer refuses with: these tests fail when a binding's words and the
/// reducer's refusals come apart.
@Suite("Key table: 'disabled when' is what the guards say")
struct KeyTableGuardTests {
    typealias Binding = KeyBinding<AppState, Action>

    static let screenContexts: [AppKeys.Context] = [.networks, .ports, .servers, .vips, .journal, .doctor, .detail, .wizard]

    /// The place of a context, as the app's states have it (checked against real states below).
    static func place(_ c: AppKeys.Context) -> Place {
        switch c {
        case .networks, .ports, .servers, .vips, .doctor: return .list
        case .journal: return .journal
        case .detail: return .detail
        case .wizard: return .wizard
        case .filter: return .filter
        case .command: return .command
        case .help: return .help
        case .errors: return .errorDetails
        case .export: return .export
        }
    }

    /// The binding (index into the table) that answers `key` in context `c`, as `KeyMap`
    /// resolves keys: the context's own bindings first, then the global ones.
    static func answering(_ key: Key, in c: AppKeys.Context, state: AppState? = nil) -> Int? {
        let all = AppKeys.map.bindings
        let own = all.indices.filter { all[$0].context == .screen(c.rawValue) && all[$0].keys.contains(key) }
        let global = all.indices.filter { all[$0].context == .global && all[$0].keys.contains(key) }
        return (own + global).first { i in state.map { all[i].action($0) != nil } ?? true }
    }

    /// Where binding `i` answers some key of its own.
    static func places(of i: Int) -> Set<Place> {
        let b = AppKeys.map.bindings[i]
        if case .screen(let name) = b.context, let c = AppKeys.Context(rawValue: name) { return [place(c)] }
        return Set(screenContexts.filter { c in b.keys.contains { answering($0, in: c) == i } }.map(place))
    }

    @Test("every binding's 'disabled when' words are exactly its action's guards where the binding answers")
    func wordsAreTheGuards() {
        let bindings = AppKeys.map.bindings
        #expect(AppKeys.entries.count == bindings.count)
        var worded = 0
        for (i, e) in AppKeys.entries.enumerated() {
            let b = bindings[i]
            guard let action = e.action else {
                #expect(b.disabledWhen == nil, "\(b.name)")
                continue
            }
            let expected = keyTableWhen(action, in: Self.places(of: i))
            #expect(b.disabledWhen == expected, "\(b.keyLabel) \(b.name) in \(b.context)")
            if expected != nil { worded += 1 }
        }
        #expect(worded >= 20)
        // Spot checks of what the README now says.
        func when(_ name: String, _ ctx: KeyContext = .global) -> String? {
            bindings.first { $0.name == name && $0.context == ctx }?.disabledWhen
        }
        #expect(when("create VIP") == "a wizard is open; read-only mode; on a detail view; there are no servers")
        #expect(when("open") == "the list is empty or nothing matches the filter; the NIC has no IP for a VIP to hold")
        #expect(when("undo run", .screen("Journal")) == "read-only mode; no journal run is selected")
        #expect(when("follow", .screen("Detail")) == "the line links nowhere or raw JSON is shown")
        #expect(when("apply", .screen("Wizard"))
            == "not on the plan step; read-only mode; planning; planning failed; nothing to do")
        #expect(when("sort", .screen("Networks")) == nil)
        #expect(when("down") == nil)
    }

    @Test("the README's key list ends with the guards of every key, said once")
    func footnote() {
        #expect(AppKeys.markdown.hasSuffix("\n\n" + Guard.footnote + "\n"))
        #expect(Guard.footnote.contains("the terminal is smaller than 80x24"))
        #expect(Guard.footnote.contains("the filter is open"))
    }

    // MARK: live

    static func fixture<T: Decodable>(_ name: String, _ key: String, as: T.Type) throws -> T {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ViewModelsTests/Fixtures/\(name).json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let inner = try JSONSerialization.data(withJSONObject: object?[key] ?? [])
        return try JSONDecoder().decode(T.self, from: inner)
    }

    static func loaded(start: RootList = .networks, readOnly: Bool = false) throws -> AppState {
        var s = AppState(header: Header(cloud: "demo", mode: .demo), size: TerminalSize(width: 100, height: 30),
                         start: start, readOnly: readOnly)
        _ = reduce(&s, .launched)
        let pages: [Page] = [
            .networks(try fixture("networks", "networks", as: [Network].self)),
            .subnets(try fixture("subnets", "subnets", as: [Subnet].self)),
            .ports(try fixture("ports", "ports", as: [CloudAPI.Port].self)),
            .servers(try fixture("servers", "servers", as: [Server].self)),
        ]
        for p in pages { _ = reduce(&s, .pageLoaded(p, generation: 1, done: true)) }
        return s
    }

    static func after(_ s: AppState, _ actions: [Action]) -> AppState {
        var s = s
        for a in actions { _ = reduce(&s, a) }
        return s
    }

    static func states() throws -> [(String, AppState)] {
        let networks = try loaded()
        let ports = try loaded(start: .ports)
        let vips = try loaded(start: .vips)
        let wizard = after(try loaded(start: .servers), [.startedCreateVIP])
        let empty = AppState(header: Header(cloud: "demo", mode: .demo), size: TerminalSize(width: 100, height: 30))
        var out: [(String, AppState)] = [
            ("empty networks", empty),
            ("empty journal", AppState(header: Header(cloud: "demo", mode: .demo), size: TerminalSize(width: 100, height: 30),
                                       start: .journal)),
            ("networks", networks),
            ("networks filtered to nothing", after(networks, [.startedFilter, .typedFilter("zzz"), .confirmedFilter])),
            ("network detail", after(networks, [.openedDetails])),
            ("network detail, raw JSON", after(networks, [.openedDetails, .toggledRawJSON])),
            ("VIPs", vips),
            ("a VIP's servers", after(vips, [.opened])),
            ("read-only VIPs", try loaded(start: .vips, readOnly: true)),
            ("read-only journal", after(try loaded(start: .vips, readOnly: true), [.startedCommand, .typedCommand("journal"), .ranCommand])),
            ("wizard: server", wizard),
            ("wizard: NIC", after(wizard, [.opened])),
            ("wizard: options", after(wizard, [.opened, .opened, .opened])),
            ("wizard: planning", after(wizard, [.opened, .opened, .opened, .opened])),
            ("filter", after(networks, [.startedFilter])),
            ("help", after(networks, [.toggledHelp])),
        ]
        for n in 0..<ports.ports.rows.count {
            out.append(("port \(n)", after(ports, Array(repeating: .movedDown, count: n))))
            out.append(("port \(n), opened", after(ports, Array(repeating: .movedDown, count: n) + [.opened])))
        }
        return out
    }

    @Test("the place of every context is the place of the states in it")
    func contextsArePlaces() throws {
        for (name, s) in try Self.states() {
            #expect(Self.place(AppKeys.context(s)) == s.place, "\(name)")
        }
    }

    @Test("whenever a key is refused, the README words of its binding (or the footnote) name the guard that refused")
    func liveRefusalsAreWorded() throws {
        let footnote = Set((Guard.everywhere + Guard.overlays).map(\.name))
        let keys = Set(AppKeys.map.bindings.flatMap(\.keys))
        var refused = 0
        for (name, s) in try Self.states() {
            let ctx = AppKeys.context(s)
            for key in keys {
                guard let i = Self.answering(key, in: ctx, state: s) else { continue }
                let b = AppKeys.map.bindings[i]
                guard let action = b.action(s), let hit = require(guards(for: action), in: s) else { continue }
                let (g, reason) = (hit.failing, hit.reason)
                refused += 1
                #expect(b.disabledReason(s) == reason)
                let words = b.disabledWhen.map { $0.components(separatedBy: "; ") } ?? []
                #expect(footnote.contains(g.name) || words.contains(g.when),
                        "\(name): \(key.label) (\(b.name)) refused by \(g.name) (\"\(g.when)\"), README says \(b.disabledWhen ?? "nothing")")
            }
        }
        #expect(refused > 100)
    }
}
