import CloudAPI
import Testing
@testable import ViewModels

@Suite("Reducer: command line, help, resize, quit, disabled actions")
struct OverlayTests {
    @Test("the command line jumps to a screen; unknown commands say so; :q quits and nothing happens after")
    func commands() throws {
        var t = StateTester(try loadedState(start: .networks))
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.typedCommand("v")) { $0.overlay = .command("v") }
        t.send(.typedCommand("ips")) { $0.overlay = .command("vips") }
        #expect(t.state.commandInput == "vips")
        t.send(.erasedCommandChar) { $0.overlay = .command("vip") }
        t.send(.ranCommand) {
            $0.overlay = nil
            $0.stack = [.root(.vips)]
        }
        #expect(t.state.commandInput == nil)
        #expect(t.state.screen == .vips)
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.typedCommand(" :Ports ")) { $0.overlay = .command(" :Ports ") }
        t.send(.ranCommand) {
            $0.overlay = nil
            $0.stack = [.root(.ports)]
        }
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.typedCommand("bogus")) { $0.overlay = .command("bogus") }
        t.send(.ranCommand) {
            $0.overlay = nil
            $0.notice = "unknown command :bogus; try :networks, :ports, :servers, :vips, :journal or :q"
        }
        #expect(t.state.statusLine.kind == .notice)
        t.send(.movedDown) {
            $0.notice = nil
            $0.ports.selection = 1
        }
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.ranCommand) { $0.overlay = nil }
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.typedCommand("x")) { $0.overlay = .command("x") }
        t.send(.cancelledCommand) { $0.overlay = nil }
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.movedDown) { $0.notice = "run or cancel the command first" }
        t.send(.wentBack) {
            $0.notice = nil
            $0.overlay = nil
        }
        t.send(.typedCommand("x")) { $0.notice = "no command is being typed" }
        t.send(.startedCommand) {
            $0.notice = nil
            $0.overlay = .command("")
        }
        t.send(.typedCommand("q")) { $0.overlay = .command("q") }
        t.send(.ranCommand, effects: [.quit]) {
            $0.overlay = nil
            $0.shouldQuit = true
        }
        t.send(.movedDown)
        t.send(.refreshed)
        t.send(.pageLoaded(.ports([]), generation: 1, done: true))
        #expect(disabledReason(.movedDown, in: t.state) == "quitting")
    }

    @Test("a command from deep in the stack replaces the stack with that list, which kept its selection")
    func commandFromDeep() throws {
        var s = try loadedState(start: .servers)
        _ = reduce(&s, .movedDown)
        _ = reduce(&s, .opened)
        _ = reduce(&s, .opened)
        #expect(s.stack.count == 3)
        var t = StateTester(s)
        t.send(.startedCommand) { $0.overlay = .command("") }
        t.send(.typedCommand("servers")) { $0.overlay = .command("servers") }
        t.send(.ranCommand) {
            $0.overlay = nil
            $0.stack = [.root(.servers)]
        }
        #expect(t.state.servers.selection == 1)
    }

    @Test("Q quits from anywhere, even over an overlay or in a too-small terminal")
    func quit() throws {
        var t = StateTester(try loadedState())
        t.send(.toggledHelp) { $0.overlay = .help }
        t.send(.resized(width: 40, height: 10)) { $0.size = TerminalSize(width: 40, height: 10) }
        t.send(.quitRequested, effects: [.quit]) { $0.shouldQuit = true }
        t.send(.quitRequested)
    }

    @Test("help opens and closes; other keys say why they do nothing while it is open")
    func help() throws {
        var t = StateTester(try loadedState())
        t.send(.toggledHelp) { $0.overlay = .help }
        t.send(.movedDown) { $0.notice = "close the help first" }
        t.send(.openedErrorDetails) { $0.notice = "no error to show" }
        t.send(.toggledHelp) {
            $0.overlay = nil
            $0.notice = nil
        }
        t.send(.toggledHelp) { $0.overlay = .help }
        t.send(.wentBack) { $0.overlay = nil }
        // With an error, the error details can be reached from the help and back.
        let err = CloudError.transport(TransportFailure(kind: .timeout, url: "https://nova", detail: "60 s"))
        _ = reduce(&t.state, .refreshed)
        t.send(.loadFailed(.servers, err, generation: 2)) {
            $0.loads[.servers] = .failed(err)
            $0.lastError = err
            $0.errorMessage = "servers: no answer from https://nova: timed out (60 s)"
        }
        t.send(.toggledHelp) { $0.overlay = .help }
        t.send(.openedErrorDetails) { $0.overlay = .errorDetails }
        t.send(.toggledHelp) { $0.overlay = .help }
        t.send(.toggledHelp) { $0.overlay = nil }
    }

    @Test("the help scrolls (not below 0); reopening starts at the top; unbound keys say so")
    func helpScrollAndUnboundKeys() throws {
        var t = StateTester(try loadedState())
        t.send(.scrolledHelp(to: 3)) { $0.notice = "the help is not open" }
        t.send(.toggledHelp) {
            $0.overlay = .help
            $0.notice = nil
        }
        t.send(.scrolledHelp(to: 3)) { $0.helpScroll = 3 }
        t.send(.scrolledHelp(to: -2)) { $0.helpScroll = 0 }
        t.send(.scrolledHelp(to: 5)) { $0.helpScroll = 5 }
        #expect(t.state.withoutOverlay.overlay == nil)
        #expect(t.state.withoutOverlay.helpScroll == 5)
        t.send(.pressedUnboundKey("x")) { $0.notice = "x does nothing here; press ? for the keys" }
        t.send(.toggledHelp) {
            $0.overlay = nil
            $0.helpScroll = 0
            $0.notice = nil
        }
        t.send(.toggledHelp) { $0.overlay = .help }
        t.send(.wentBack) { $0.overlay = nil }
        t.send(.pressedUnboundKey("F5")) { $0.notice = "F5 does nothing here; press ? for the keys" }
        t.send(.movedDown) {
            $0.notice = nil
            $0.networks.selection = 1
        }
    }

    @Test("resize re-lays out at once; below 80x24 the UI is too small and keys say why; back to size restores")
    func resize() throws {
        var t = StateTester(try loadedState(height: 24, chromeRows: 20, start: .ports))
        t.send(.jumpedToBottom) {
            $0.ports.selection = 13
            $0.ports.scroll = 10
        }
        t.send(.resized(width: 100, height: 30)) {
            $0.size = TerminalSize(width: 100, height: 30)
            $0.ports.scroll = 4
        }
        #expect(t.state.listHeight == 10)
        #expect(t.state.table?.rows.count == 10)
        #expect(!t.state.tooSmall)
        t.send(.resized(width: 60, height: 20)) {
            $0.size = TerminalSize(width: 60, height: 20)
            $0.ports.scroll = 13
        }
        #expect(t.state.tooSmall)
        t.send(.movedUp) { $0.notice = "the terminal is 60x20; vipctl needs at least 80x24" }
        t.send(.resized(width: 80, height: 23)) {
            $0.size = TerminalSize(width: 80, height: 23)
            $0.ports.scroll = 11
        }
        #expect(t.state.tooSmall)
        t.send(.resized(width: 79, height: 24)) {
            $0.size = TerminalSize(width: 79, height: 24)
            $0.ports.scroll = 10
        }
        #expect(t.state.tooSmall)
        t.send(.resized(width: 80, height: 24)) { $0.size = TerminalSize(width: 80, height: 24) }
        #expect(!t.state.tooSmall)
        t.send(.movedUp) {
            $0.notice = nil
            $0.ports.selection = 12
        }
    }

    @Test("resize keeps lists and detail views deeper in the stack on screen too")
    func resizeStack() throws {
        var s = try loadedState(height: 40, chromeRows: 14, start: .ports)
        _ = reduce(&s, .jumpedToBottom)
        _ = reduce(&s, .openedDetails)  // vip-db: 14 lines
        _ = reduce(&s, .jumpedToBottom)
        #expect(s.detail?.cursor == 13 && s.detail?.scroll == 0)
        var t = StateTester(s)
        t.send(.resized(width: 80, height: 24)) {
            $0.size = TerminalSize(width: 80, height: 24)
            $0.ports.scroll = 4
            $0.stack[1].detail?.scroll = 4
        }
        t.send(.resized(width: 80, height: 18)) {
            $0.size = TerminalSize(width: 80, height: 18)
            $0.ports.scroll = 10
            $0.stack[1].detail?.scroll = 10
        }
        #expect(t.state.tooSmall)
    }

    @Test("why actions are disabled, as the help overlay shows it")
    func reasons() throws {
        let fresh = freshState()
        #expect(disabledReason(.opened, in: fresh) == "nothing to open")
        #expect(disabledReason(.openedDetails, in: fresh) == "nothing to open")
        #expect(disabledReason(.toggledRawJSON, in: fresh) == "nothing to open")
        #expect(disabledReason(.openedErrorDetails, in: fresh) == "no error to show")
        #expect(disabledReason(.wentBack, in: fresh) == "already on a top-level screen")
        #expect(disabledReason(.typedFilter("x"), in: fresh) == "no filter is being typed")
        #expect(disabledReason(.confirmedFilter, in: fresh) == "no filter is being typed")
        #expect(disabledReason(.ranCommand, in: fresh) == "no command is being typed")
        #expect(disabledReason(.sortedBy(column: 6), in: fresh) == "there is no column 7")
        #expect(disabledReason(.sortedBy(column: -1), in: fresh) == "there is no column 0")
        for enabled: Action in [.sortedBy(column: 5), .movedDown, .pagedUp, .jumpedToBottom, .refreshed, .quitRequested, .toggledHelp,
                                .startedFilter, .startedCommand]
        {
            #expect(disabledReason(enabled, in: fresh) == nil, "\(enabled)")
            #expect(isEnabled(enabled, in: fresh))
        }
        #expect(!isEnabled(.opened, in: fresh))
        for result: Action in [.tick, .resized(width: 1, height: 1), .launched, .identified(user: "u", project: nil),
                               .pageLoaded(.ports([]), generation: 9, done: true)]
        {
            #expect(disabledReason(result, in: fresh) == nil)
        }

        var detail = try loadedState()
        _ = reduce(&detail, .openedDetails)
        #expect(disabledReason(.startedFilter, in: detail) == "a detail view has no list to filter")
        #expect(disabledReason(.sortedBy(column: 0), in: detail) == "a detail view has no columns to sort")
        #expect(disabledReason(.openedDetails, in: detail) == "already showing the details")
        #expect(disabledReason(.toggledRawJSON, in: detail) == nil)
        #expect(disabledReason(.wentBack, in: detail) == nil)

        var filtering = try loadedState()
        _ = reduce(&filtering, .startedFilter)
        #expect(disabledReason(.movedDown, in: filtering) == "confirm or cancel the filter first")
        #expect(disabledReason(.typedFilter("a"), in: filtering) == nil)
        #expect(disabledReason(.wentBack, in: filtering) == nil)

        var small = try loadedState()
        _ = reduce(&small, .resized(width: 60, height: 20))
        #expect(disabledReason(.movedDown, in: small) == "the terminal is 60x20; vipctl needs at least 80x24")
        #expect(disabledReason(.quitRequested, in: small) == nil)

        // A port without an IP cannot be held by a VIP.
        var noIP = freshState(start: .ports)
        _ = reduce(&noIP, .launched)
        let bare = try Fixtures.port(json: #"{"id": "bare", "network_id": "n", "device_owner": "compute:nova", "device_id": "s"}"#)
        _ = reduce(&noIP, .pageLoaded(.ports([bare]), generation: 1, done: true))
        #expect(disabledReason(.opened, in: noIP) == "this port has no IP for a VIP to hold")
        #expect(disabledReason(.openedDetails, in: noIP) == nil)
    }
}
