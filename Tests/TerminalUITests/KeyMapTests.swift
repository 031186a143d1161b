import Testing
@testable import TerminalUI

private struct AppState: Sendable {
    var readOnly = false
    var loading = false
    var hasSelection = true
}

private enum AppAction: Equatable, Sendable {
    case quit, down, up, back, refresh, open, bind, scrollHelp, closeHelp
}

private typealias Binding = KeyBinding<AppState, AppAction>

private let table = KeyMap<AppState, AppAction>([
    Binding([.char("Q"), .ctrl("c")], name: "quit", description: "Quit vipctl") { _ in .quit },
    Binding([.char("j"), .down], name: "down", description: "Move down") { _ in .down },
    Binding([.char("k"), .up], name: "up", description: "Move up") { _ in .up },
    Binding([.char("q"), .escape], name: "back", description: "Go back") { _ in .back },
    Binding([.char("r")], name: "refresh", description: "Reload from the cloud", disabledWhen: "a refresh is running",
            disabledReason: { $0.loading ? "a refresh is already running" : nil }) { _ in .refresh },
    Binding([.enter], name: "open", description: "Open the selected port", context: .screen("ports")) {
        $0.hasSelection ? .open : nil
    },
    Binding([.char("b")], name: "bind", description: "Bind a VIP | pair", context: .screen("ports"),
            disabledWhen: "read-only mode",
            disabledReason: { $0.readOnly ? "read-only mode (--read-only)" : nil }) { _ in .bind },
    Binding([.char("j")], name: "scroll", description: "Scroll help", context: .screen("help")) { _ in .scrollHelp },
    Binding([.char("q"), .escape, .char("?")], name: "close", description: "Close help", context: .screen("help")) { _ in
        .closeHelp
    },
])

@Suite struct KeyMapTests {
    @Test func globalBindingsResolveEverywhere() {
        let s = AppState()
        #expect(table.resolve(.char("j"), in: s, screen: "ports") == .action(.down))
        #expect(table.resolve(.down, in: s, screen: "servers") == .action(.down))
        #expect(table.resolve(.ctrl("c"), in: s, screen: "vips") == .action(.quit))
        #expect(table.resolve(.char("x"), in: s, screen: "ports") == .unbound)
        #expect(table.resolve(.resize, in: s, screen: "ports") == .unbound)
    }

    @Test func screenBindingsApplyOnlyOnTheirScreen() {
        let s = AppState()
        #expect(table.resolve(.char("b"), in: s, screen: "ports") == .action(.bind))
        #expect(table.resolve(.char("b"), in: s, screen: "servers") == .unbound)
        #expect(table.resolve(.enter, in: s, screen: "ports") == .action(.open))
        #expect(table.resolve(.enter, in: s, screen: "servers") == .unbound)
    }

    @Test func screenBindingsShadowGlobalOnes() {
        let s = AppState()
        #expect(table.resolve(.char("q"), in: s, screen: "help") == .action(.closeHelp))
        #expect(table.resolve(.char("q"), in: s, screen: "ports") == .action(.back))
        #expect(table.resolve(.char("j"), in: s, screen: "help") == .action(.scrollHelp))
        #expect(table.resolve(.down, in: s, screen: "help") == .action(.down))
    }

    @Test func disabledBindingsSayWhy() {
        var s = AppState()
        s.readOnly = true
        s.loading = true
        #expect(table.resolve(.char("b"), in: s, screen: "ports") == .disabled(name: "bind", reason: "read-only mode (--read-only)"))
        #expect(table.resolve(.char("r"), in: s, screen: "ports") == .disabled(name: "refresh", reason: "a refresh is already running"))
        s.loading = false
        #expect(table.resolve(.char("r"), in: s, screen: "ports") == .action(.refresh))
    }

    @Test func aNilActionFallsThrough() {
        var s = AppState()
        s.hasSelection = false
        #expect(table.resolve(.enter, in: s, screen: "ports") == .unbound)
    }

    @Test func helpListsTheScreenThenGlobalWithReasons() {
        var s = AppState()
        s.readOnly = true
        let help = table.help(for: s, screen: "ports", screenTitle: "Ports")
        #expect(help.map(\.title) == ["Ports", "Global"])
        #expect(help[0].entries.map(\.name) == ["open", "bind"])
        #expect(help[0].entries.map(\.disabledReason) == [nil, "read-only mode (--read-only)"])
        #expect(help[1].entries.map(\.name) == ["quit", "down", "up", "back", "refresh"])
        #expect(help[1].entries.allSatisfy { $0.disabledReason == nil })
        #expect(help[1].entries[1].keyLabel == "j, Down")
        s.loading = true
        #expect(table.help(for: s, screen: "ports")[1].entries[4].disabledReason == "a refresh is already running")
        #expect(table.help(for: s, screen: "ports")[0].title == "ports")
    }

    @Test func helpLeavesOutKeysTheScreenRebinds() {
        let help = table.help(for: AppState(), screen: "help")
        #expect(help[0].entries.map(\.keyLabel) == ["j", "q, Esc, ?"])
        // "back" (q, Esc) is entirely rebound; "down" keeps only Down.
        #expect(help[1].entries.map(\.name) == ["quit", "down", "up", "refresh"])
        #expect(help[1].entries[1].keyLabel == "Down")
        // A screen without own bindings gets only the global section.
        #expect(table.help(for: AppState(), screen: "servers").map(\.title) == ["Global"])
    }

    @Test func conflictsAreReported() {
        #expect(table.conflicts().isEmpty)
        let bad = KeyMap<AppState, AppAction>(table.bindings + [
            Binding([.char("r"), .char("x")], name: "reload", description: "Reload") { _ in .refresh },
            Binding([.char("b")], name: "bind2", description: "Bind", context: .screen("ports")) { _ in .bind },
        ])
        #expect(bad.conflicts() == ["global: r bound to refresh, reload", "ports: b bound to bind, bind2"])
    }

    @Test func markdownKeyList() {
        #expect(table.screens == ["ports", "help"])
        let md = table.markdown(screenTitle: { $0 == "ports" ? "Ports" : "Help" })
        #expect(md == """
            ### Everywhere

            | Keys | Action | Description | Disabled when |
            |---|---|---|---|
            | `Q`, `Ctrl-C` | quit | Quit vipctl |  |
            | `j`, `Down` | down | Move down |  |
            | `k`, `Up` | up | Move up |  |
            | `q`, `Esc` | back | Go back |  |
            | `r` | refresh | Reload from the cloud | a refresh is running |

            ### Ports

            | Keys | Action | Description | Disabled when |
            |---|---|---|---|
            | `Enter` | open | Open the selected port |  |
            | `b` | bind | Bind a VIP \\| pair | read-only mode |

            ### Help

            | Keys | Action | Description | Disabled when |
            |---|---|---|---|
            | `j` | scroll | Scroll help |  |
            | `q`, `Esc`, `?` | close | Close help |  |

            """)
    }

    @Test func markdownEscapesAwkwardKeys() {
        let m = KeyMap<AppState, AppAction>([
            Binding([.char("|"), .char("`")], name: "odd", description: "Odd keys") { _ in .quit },
        ])
        #expect(m.markdown() == """
            ### Everywhere

            | Keys | Action | Description |
            |---|---|---|
            | `\\|`, `` ` `` | odd | Odd keys |

            """)
    }

    @Test func helpOverlayRendersKeyMapHelp() {
        var s = AppState()
        s.readOnly = true
        var b = CellBuffer(width: 100, height: 16)
        HelpOverlay(sections: table.help(for: s, screen: "ports", screenTitle: "Ports")).draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines().contains { $0.contains("b          Bind a VIP | pair  (disabled: read-only mode (--read-only))") })
    }
}
