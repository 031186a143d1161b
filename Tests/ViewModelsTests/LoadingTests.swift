import CloudAPI
import Testing
@testable import ViewModels

@Suite("Reducer: loading, paging, refresh, failures, spinner, identity")
struct LoadingTests {
    static let allLoading: [Resource: LoadState] = [.networks: .loading(progress: 0), .subnets: .loading(progress: 0),
                                                    .ports: .loading(progress: 0), .servers: .loading(progress: 0)]

    static let serverError = CloudError.http(HTTPFailure(service: "network", method: "GET", path: "/v2.0/ports", status: 500,
                                                         type: "InternalServerError", message: "boom\nsecond line", requestID: "req-123"))

    @Test("a fresh state: idle, empty lists, one root screen, nothing to say")
    func fresh() {
        let s = freshState()
        #expect(s.loads == [.networks: .idle, .subnets: .idle, .ports: .idle, .servers: .idle])
        #expect(s.generations == [.networks: 0, .subnets: 0, .ports: 0, .servers: 0])
        #expect(s.stack == [.root(.networks)])
        #expect(s.screen == .networks)
        #expect(s.networks == ListState(rows: [], visible: [], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 0)))
        #expect(s.ports.sort == SortOrder(column: 3))
        #expect(s.overlay == nil && s.notice == nil && s.errorMessage == nil && s.lastError == nil && !s.shouldQuit && !s.tooSmall)
        #expect(s.statusLine == StatusLine(kind: .info, text: "0 networks"))
        #expect(s.header == testHeader)
        #expect(s.header.mode.label == "DEMO")
        #expect(s.listHeight == 26)
    }

    @Test("launch asks who is signed in and loads every resource")
    func launch() {
        var t = StateTester(freshState())
        t.send(.launched, effects: [.identify, .load(.networks, generation: 1), .load(.subnets, generation: 1),
                                    .load(.ports, generation: 1), .load(.servers, generation: 1)]) {
            $0.loads = LoadingTests.allLoading
            $0.generations = [.networks: 1, .subnets: 1, .ports: 1, .servers: 1]
        }
        #expect(t.state.statusLine == StatusLine(kind: .loading, text: "loading networks, subnets, ports, servers", spinnerFrame: 0))
        t.send(.identified(user: "alice", project: "ops")) {
            $0.header.user = "alice"
            $0.header.project = "ops"
        }
        t.send(.identified(user: "bob", project: nil)) { $0.header.user = "bob" }
    }

    @Test("the first page is on screen while the rest load; the selection stays on its row as pages arrive")
    func firstPageVisible() throws {
        let ports = try Fixtures.ports()
        let page1 = Array(ports[0..<5])
        let page2 = Array(ports[5...])
        var s = freshState(start: .ports)
        _ = reduce(&s, .launched)
        var t = StateTester(s)
        t.send(.pageLoaded(.ports(page1), generation: 1, done: false)) {
            $0.data.ports = ChunkedArray(page1)
            $0.loads[.ports] = .loading(progress: 5)
            $0.ports.rows = ChunkedArray<Port>(page1)
            // 192.168.10.2, .10.11, .10.21, .10.22, 192.168.20.2
            $0.ports.visible = [0, 2, 3, 4, 1]
        }
        #expect(t.state.table?.rows.count == 5)
        #expect(t.state.table?.rows.first == ["", "port-dhcp-prod", "network:dhcp", "192.168.10.2", "0", "off", "ACTIVE"])
        #expect(t.state.statusLine == StatusLine(kind: .loading, text: "loading networks, subnets, ports (5 so far), servers", spinnerFrame: 0))

        t.send(.tick) {
            $0.spinnerFrame = 1
            $0.loadingTicks = 1
        }
        #expect(t.state.statusLine.spinnerFrame == 1)

        t.send(.pageLoaded(.ports(page2), generation: 1, done: false)) {
            $0.data.ports = ChunkedArray(ports)
            $0.loads[.ports] = .loading(progress: 14)
            $0.ports.rows = ChunkedArray<Port>(ports)
            $0.ports.visible = [8, 7, 9, 13, 0, 2, 3, 4, 11, 1, 5, 6, 10, 12]
            $0.ports.selection = 4  // still on port-dhcp-prod
            $0.vips.rows = ChunkedArray(Rows.vips(CloudData(ports: ports)))
            $0.vips.visible = [2, 0, 1]  // 10.0.0.100, 192.168.10.100, 192.168.20.100
        }
        t.send(.pageLoaded(.ports([]), generation: 1, done: true)) { $0.loads[.ports] = .loaded }
        #expect(t.state.statusLine == StatusLine(kind: .loading, text: "loading networks, subnets, servers", spinnerFrame: 1))
    }

    @Test("rows that depend on other resources follow them: network free IPs on ports, VIP names on servers")
    func dependentRows() throws {
        let c = try Fixtures.cloud()
        var s = freshState()
        _ = reduce(&s, .launched)
        var t = StateTester(s)
        t.send(.pageLoaded(.networks(c.networks), generation: 1, done: true)) {
            $0.data.networks = c.networks
            $0.loads[.networks] = .loaded
            $0.networks.rows = ChunkedArray(Rows.networks(c.networks, subnets: [], ports: []))
            $0.networks.visible = [1, 2, 0]  // db-net, mgmt-net, prod-net
        }
        #expect(t.state.networks.rows[0].cells == ["prod-net", "net-prod", "", "", "", ""])
        t.send(.pageLoaded(.subnets(c.subnets), generation: 1, done: true)) {
            $0.data.subnets = c.subnets
            $0.loads[.subnets] = .loaded
            $0.networks.rows = ChunkedArray(Rows.networks(c.networks, subnets: c.subnets, ports: []))
        }
        #expect(t.state.networks.rows[0].cells.last == "253")
        t.send(.pageLoaded(.ports(c.ports.array), generation: 1, done: true)) {
            $0.data.ports = c.ports
            $0.loads[.ports] = .loaded
            $0.networks.rows = ChunkedArray(Rows.networks(c.networks, subnets: c.subnets, ports: c.ports.array))
            $0.ports.rows = ChunkedArray<Port>(c.ports.array)
            $0.ports.visible = [8, 7, 9, 13, 0, 2, 3, 4, 11, 1, 5, 6, 10, 12]
            $0.vips.rows = ChunkedArray(Rows.vips(CloudData(networks: c.networks, subnets: c.subnets, ports: c.ports.array)))
            $0.vips.visible = [2, 0, 1]
        }
        #expect(t.state.networks.rows[0].cells.last == "248")
        #expect(t.state.vips.rows[0].bound.map(\.label) == ["port port-lb0", "port port-lb0"])
        t.send(.pageLoaded(.servers(c.servers.array), generation: 1, done: true)) {
            $0.data.servers = c.servers
            $0.loads[.servers] = .loaded
            $0.servers.rows = ChunkedArray(Rows.servers(c.servers.array, ports: c.ports.array))
            $0.servers.visible = [6, 7, 1, 2, 0, 3, 4, 5]
            $0.vips.rows = ChunkedArray(Rows.vips(c))
        }
        #expect(t.state.vips.rows[0].bound.map(\.label) == ["lb-01", "lb-02"])
        #expect(t.state.statusLine == StatusLine(kind: .info, text: "3 networks"))
        #expect(t.state == (try loadedState()))
    }

    @Test("refresh: old rows stay until the first new page, which replaces them; later pages append")
    func refresh() throws {
        let c = try Fixtures.cloud()
        var t = StateTester(try loadedState(start: .ports))
        t.send(.refreshed, effects: [.load(.networks, generation: 2), .load(.subnets, generation: 2),
                                     .load(.ports, generation: 2), .load(.servers, generation: 2)]) {
            $0.loads = LoadingTests.allLoading
            $0.generations = [.networks: 2, .subnets: 2, .ports: 2, .servers: 2]
        }
        let first = [c.ports.array[11]]  // vip-web
        t.send(.pageLoaded(.ports(first), generation: 2, done: false)) {
            $0.data.ports = ChunkedArray(first)
            $0.loads[.ports] = .loading(progress: 1)
            $0.networks.rows = ChunkedArray(Rows.networks(c.networks, subnets: c.subnets, ports: first))
            $0.ports.rows = ChunkedArray<Port>(first)
            $0.ports.visible = [0]
            $0.servers.rows = ChunkedArray(Rows.servers(c.servers.array, ports: first))
            $0.vips.rows = ChunkedArray(Rows.vips(CloudData(networks: c.networks, subnets: c.subnets, ports: first, servers: c.servers.array)))
            $0.vips.visible = [0]
        }
        #expect(t.state.vips.rows[0].cells == ["192.168.10.100", "vip-web", "prod-net", "(no port) 192.168.10.21, (no port) 192.168.10.22",
                                               "no NIC bound; 2 pairs match no port"])
        let rest = Array(c.ports.array[0..<11]) + Array(c.ports.array[12...])
        t.send(.pageLoaded(.ports(rest), generation: 2, done: true)) {
            $0.data.ports = ChunkedArray(first + rest)
            $0.loads[.ports] = .loaded
            $0.networks.rows = ChunkedArray(Rows.networks(c.networks, subnets: c.subnets, ports: first + rest))
            $0.ports.rows = ChunkedArray<Port>(first + rest)
            $0.ports.visible = [9, 8, 10, 13, 1, 3, 4, 5, 0, 2, 6, 7, 11, 12]
            $0.ports.selection = 8  // still on vip-web
            $0.servers.rows = ChunkedArray(Rows.servers(c.servers.array, ports: first + rest))
            $0.vips.rows = ChunkedArray(Rows.vips(CloudData(networks: c.networks, subnets: c.subnets, ports: first + rest, servers: c.servers.array)))
            $0.vips.visible = [2, 0, 1]
            $0.vips.selection = 1  // still on vip-web
        }
    }

    @Test("results of a superseded load are dropped")
    func staleGeneration() throws {
        let c = try Fixtures.cloud()
        var s = freshState()
        _ = reduce(&s, .launched)
        _ = reduce(&s, .refreshed)
        var t = StateTester(s)
        t.send(.pageLoaded(.ports(c.ports.array), generation: 1, done: true))
        t.send(.loadFailed(.ports, LoadingTests.serverError, generation: 1))
        t.send(.pageLoaded(.ports(c.ports.array), generation: 3, done: true))
        // A finished load takes no more pages.
        t.send(.pageLoaded(.networks(c.networks), generation: 2, done: true)) {
            $0.data.networks = c.networks
            $0.loads[.networks] = .loaded
            $0.networks.rows = ChunkedArray(Rows.networks(c.networks, subnets: [], ports: []))
            $0.networks.visible = [1, 2, 0]
        }
        t.send(.pageLoaded(.networks(c.networks), generation: 2, done: false))
        t.send(.loadFailed(.networks, LoadingTests.serverError, generation: 2))
    }

    @Test("a failed load: the status line shows the one-line error, the pages already read stay, details on request")
    func failure() throws {
        let ports = try Fixtures.ports()
        var s = freshState(start: .ports)
        _ = reduce(&s, .launched)
        _ = reduce(&s, .pageLoaded(.ports(Array(ports[0..<2])), generation: 1, done: false))
        var t = StateTester(s)
        let err = LoadingTests.serverError
        t.send(.loadFailed(.ports, err, generation: 1)) {
            $0.loads[.ports] = .failed(err)
            $0.lastError = err
            $0.errorMessage = "ports: Neutron 500 InternalServerError [req-123]: boom"
        }
        #expect(t.state.statusLine == StatusLine(kind: .error, text: "ports: Neutron 500 InternalServerError [req-123]: boom", spinnerFrame: 0))
        #expect(t.state.ports.rows.count == 2)
        // An enabled action does not clear an error.
        t.send(.movedDown) { $0.ports.selection = 1 }
        t.send(.openedErrorDetails) { $0.overlay = .errorDetails }
        #expect(t.state.errorDetails == [
            DetailLine("Summary", "Neutron 500 InternalServerError: boom [req-123]"),
            DetailLine("Service", "network"), DetailLine("Request", "GET /v2.0/ports"), DetailLine("Status", "500"),
            DetailLine("Type", "InternalServerError"), DetailLine("Message", "boom"), DetailLine("", "second line"),
            DetailLine("Request ID", "req-123"),
        ])
        t.send(.movedUp) { $0.notice = "close the error details first" }
        #expect(t.state.statusLine.kind == .notice)
        t.send(.openedErrorDetails) {
            $0.overlay = nil
            $0.notice = nil
        }
        #expect(t.state.statusLine.text == "ports: Neutron 500 InternalServerError [req-123]: boom")
        t.send(.openedErrorDetails) { $0.overlay = .errorDetails }
        t.send(.wentBack) { $0.overlay = nil }
        t.send(.refreshed, effects: [.load(.networks, generation: 2), .load(.subnets, generation: 2),
                                     .load(.ports, generation: 2), .load(.servers, generation: 2)]) {
            $0.loads = LoadingTests.allLoading
            $0.generations = [.networks: 2, .subnets: 2, .ports: 2, .servers: 2]
            $0.errorMessage = nil
            $0.lastError = nil
        }
        t.send(.openedErrorDetails) { $0.notice = "no error to show" }
    }

    @Test("the spinner turns only while something loads, and wraps")
    func spinner() {
        var t = StateTester(freshState())
        t.send(.tick)
        _ = reduce(&t.state, .launched)
        for i in 1..<Spinner.frames.count {
            t.send(.tick) {
                $0.spinnerFrame = i
                $0.loadingTicks = i
            }
        }
        t.send(.tick) {
            $0.spinnerFrame = 0
            $0.loadingTicks = Spinner.frames.count
        }
        t.send(.tick) {
            $0.spinnerFrame = 1
            $0.loadingTicks = Spinner.frames.count + 1
        }
    }

    @Test("while loading, the status line shows how long vipctl has waited (counted in ticks the state owns); a refresh starts again")
    func elapsedWhileLoading() throws {
        var s = freshState(start: .ports)
        _ = reduce(&s, .launched)
        for _ in 0..<9 { _ = reduce(&s, .tick) }
        #expect(s.statusLine.text == "loading networks, subnets, ports, servers", "under a second: no time shown")
        for _ in 0..<61 { _ = reduce(&s, .tick) }
        #expect(s.loadingSeconds == 7)
        #expect(s.statusLine == StatusLine(kind: .loading, text: "loading networks, subnets, ports, servers; waiting 7 s for the cloud",
                                           spinnerFrame: 70 % Spinner.frames.count))
        _ = reduce(&s, .pageLoaded(.ports(try Fixtures.ports()), generation: 1, done: false))
        #expect(s.statusLine.text == "loading networks, subnets, ports (14 so far), servers; waiting 7 s for the cloud")
        // Everything loaded: ticks stop counting, and the count line is back.
        for r in Resource.allCases { _ = reduce(&s, .pageLoaded(.empty(r), generation: 1, done: true)) }
        _ = reduce(&s, .tick)
        #expect(s.loadingTicks == 70)
        #expect(s.statusLine.kind == .info)
        // A refresh counts from zero again.
        _ = reduce(&s, .refreshed)
        #expect(s.loadingTicks == 0)
        for _ in 0..<25 { _ = reduce(&s, .tick) }
        #expect(s.statusLine.text.hasSuffix("; waiting 2 s for the cloud"))
    }

    @Test("a notice of the cloud session (an answer read after a repair) shows in the status line until the next key")
    func cloudNotice() throws {
        var s = try loadedState(start: .ports)
        _ = reduce(&s, .cloudNoticed("Neutron's answer to GET /v2.0/ports held invalid UTF-8 (2 bytes shown as \u{FFFD}); the rest was read as sent"))
        #expect(s.statusLine == StatusLine(kind: .notice, text: "Neutron's answer to GET /v2.0/ports held invalid UTF-8 (2 bytes shown as \u{FFFD}); the rest was read as sent"))
        _ = reduce(&s, .movedDown)
        #expect(s.statusLine.kind == .info)
    }

    @Test("error details describe transport, config and lookup failures too")
    func errorLines() {
        let transport = CloudError.transport(TransportFailure(kind: .refused, url: "https://neutron:9696", detail: "ECONNREFUSED"))
        #expect(Details.errorLines(transport) == [
            DetailLine("Summary", "cannot connect to https://neutron:9696: connection refused"),
            DetailLine("Failure", "refused"), DetailLine("URL", "https://neutron:9696"), DetailLine("Detail", "ECONNREFUSED"),
        ])
        let config = CloudError.config(ConfigError(file: "clouds.yaml", line: 3, key: "auth_url", message: "missing"))
        #expect(Details.errorLines(config) == [
            DetailLine("Summary", "clouds.yaml:3: auth_url: missing"), DetailLine("File", "clouds.yaml"), DetailLine("Line", "3"),
            DetailLine("Key", "auth_url"), DetailLine("Message", "missing"),
        ])
        let html = CloudError.undecodable(UndecodableBody(url: "/v2.0/ports", status: 502, contentType: "text/html", reason: "x", requestID: nil))
        #expect(Details.errorLines(html).first?.value == "HTTP 502 from /v2.0/ports is an HTML page, not the API's JSON (a proxy or gateway answered)")
        #expect(Details.errorLines(html).count == 6)
    }
}
