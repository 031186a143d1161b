import CloudAPI
import Testing
@testable import ViewModels

@Suite("Reducer: moving, cross navigation, detail views and the stack")
struct NavigationTests {
    @Test("moving in a list keeps the selection on screen: down, page, bottom, top, clamped at both ends")
    func movement() throws {
        // 24 rows minus 20 of chrome: a viewport of 4 rows over 14 ports.
        var t = StateTester(try loadedState(height: 24, chromeRows: 20, start: .ports))
        #expect(t.state.listHeight == 4)
        t.send(.movedDown) { $0.ports.selection = 1 }
        t.send(.movedDown) { $0.ports.selection = 2 }
        t.send(.movedDown) { $0.ports.selection = 3 }
        t.send(.movedDown) {
            $0.ports.selection = 4
            $0.ports.scroll = 1
        }
        t.send(.pagedDown) {
            $0.ports.selection = 8
            $0.ports.scroll = 5
        }
        t.send(.pagedDown) {
            $0.ports.selection = 12
            $0.ports.scroll = 9
        }
        t.send(.pagedDown) {
            $0.ports.selection = 13
            $0.ports.scroll = 10
        }
        t.send(.movedDown)
        #expect(t.state.table == TableSnapshot(
            title: "Ports", columns: PortRow.columns,
            rows: [["", "port-db1", "compute:nova", "192.168.20.11", "1", "off", "ACTIVE"],
                   ["", "port-db2", "compute:nova", "192.168.20.12", "0", "on", "ACTIVE"],
                   ["", "port-batch-b", "compute:nova", "192.168.20.40", "0", "on", "DOWN"],
                   ["vip-db", "vip-db", "neutron:VIP_PORT", "192.168.20.100", "2", "on", "DOWN"]],
            firstRow: 10, selection: 13, matching: 14, total: 14, filter: "", sort: SortOrder(column: 3),
            measure: t.state.ports.visible.map { t.state.ports.rows[$0].cells }))
        #expect(t.state.table?.measure.count == 14)
        t.send(.pagedUp) {
            $0.ports.selection = 9
            $0.ports.scroll = 6
        }
        t.send(.jumpedToTop) {
            $0.ports.selection = 0
            $0.ports.scroll = 0
        }
        t.send(.movedUp)
        t.send(.jumpedToBottom) {
            $0.ports.selection = 13
            $0.ports.scroll = 10
        }
    }

    @Test("server → its NICs → the VIPs holding the NIC's IP → the VIP's bound servers → NICs → details, and back")
    func crossNavigation() throws {
        let c = try Fixtures.cloud()
        let vipRows = Rows.vips(c)
        let serverRows = Rows.servers(c.servers.array, ports: c.ports.array)
        let lb01NIC = try Fixtures.port("port-lb01")
        let lb02NIC = try Fixtures.port("port-lb02")
        var t = StateTester(try loadedState(start: .servers))
        t.send(.movedDown) { $0.servers.selection = 1 }
        t.send(.movedDown) { $0.servers.selection = 2 }  // lb-01
        t.send(.opened) {
            $0.stack.append(.nics(server: "srv-lb01", list: ListState(
                rows: [lb01NIC], visible: [0], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 3))))
        }
        #expect(t.state.screen == .nics(server: "srv-lb01"))
        #expect(t.state.title == "NICs of lb-01")
        t.send(.opened) {
            $0.stack.append(.vipsHolding(port: "port-lb01", list: ListState(
                rows: [vipRows[0]], visible: [0], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 0))))
        }
        #expect(t.state.title == "VIPs holding 192.168.10.21 (lb-01)")
        t.send(.opened) {
            $0.stack.append(.boundServers(vip: "vip-web", list: ListState(
                rows: [serverRows[1], serverRows[2]], visible: [0, 1], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 0))))
        }
        #expect(t.state.title == "Servers bound to VIP 192.168.10.100")
        t.send(.movedDown) { $0.stack[3].serverList?.selection = 1 }
        t.send(.opened) {
            $0.stack.append(.nics(server: "srv-lb02", list: ListState(
                rows: [lb02NIC], visible: [0], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 3))))
        }
        t.send(.openedDetails) {
            $0.stack.append(.detail(DetailState(ref: .port("port-lb02"), view: Details.view(.port("port-lb02"), data: c, vips: vipRows))))
        }
        #expect(t.state.screens == [.servers, .nics(server: "srv-lb01"), .vipsHolding(port: "port-lb01"), .boundServers(vip: "vip-web"),
                                    .nics(server: "srv-lb02"), .detail(.port("port-lb02"))])
        #expect(t.state.breadcrumbs == ["Servers", "NICs of lb-01", "VIPs holding 192.168.10.21 (lb-01)", "Servers bound to VIP 192.168.10.100",
                                        "NICs of lb-02", "Port port-lb02"])
        #expect(t.state.table == nil)
        #expect(t.state.statusLine == StatusLine(kind: .info, text: "Port port-lb02"))
        for _ in 0..<5 { t.send(.wentBack) { $0.stack.removeLast() } }
        #expect(t.state.stack == [.root(.servers)])
        t.send(.wentBack) { $0.notice = "already on a top-level screen" }
    }

    @Test("VIP → its bound servers: the half-configured VIP lists both database nodes")
    func vipToServers() throws {
        let c = try Fixtures.cloud()
        let serverRows = Rows.servers(c.servers.array, ports: c.ports.array)
        var t = StateTester(try loadedState(start: .vips))
        #expect(t.state.shownIDs(.vips) == ["vip-mgmt", "vip-web", "vip-db"])
        t.send(.movedDown) { $0.vips.selection = 1 }
        t.send(.movedDown) { $0.vips.selection = 2 }
        #expect(t.state.vips.selected?.stateText == "check on for 1 of 2 NICs")
        t.send(.opened) {
            $0.stack.append(.boundServers(vip: "vip-db", list: ListState(
                rows: [serverRows[3], serverRows[4]], visible: [0, 1], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 0))))
        }
        #expect(t.state.table?.rows.map { $0[0] } == ["数据库主节点", "数据库备节点"])
        #expect(t.state.statusLine == StatusLine(kind: .info, text: "2 servers"))
        t.send(.wentBack) { $0.stack.removeLast() }
        // The stale VIP has no server to show.
        t.send(.jumpedToTop) { $0.vips.selection = 0 }
        t.send(.opened) {
            $0.stack.append(.boundServers(vip: "vip-mgmt", list: ListState(
                rows: [], visible: [], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 0))))
        }
        t.send(.opened) { $0.notice = "nothing to open" }
    }

    @Test("port → its network and subnet through the detail view's links; raw JSON toggles; the cursor scrolls")
    func portToNetwork() throws {
        let c = try Fixtures.cloud()
        let vipRows = Rows.vips(c)
        var t = StateTester(try loadedState(start: .ports))
        for i in 1...6 { t.send(.movedDown) { $0.ports.selection = i } }
        #expect(t.state.ports.selected?.id == "port-lb01")
        let lb = DetailState(ref: .port("port-lb01"), view: Details.view(.port("port-lb01"), data: c, vips: vipRows))
        t.send(.openedDetails) { $0.stack.append(.detail(lb)) }
        t.send(.opened) { $0.notice = "this line links nowhere" }
        t.send(.movedDown) {
            $0.notice = nil
            $0.stack[1].detail?.cursor = 1
        }
        t.send(.movedDown) { $0.stack[1].detail?.cursor = 2 }
        t.send(.movedDown) { $0.stack[1].detail?.cursor = 3 }
        #expect(t.state.detail?.currentLine == DetailLine("Network", "prod-net (net-prod)", link: .detail(.network("net-prod"))))
        t.send(.opened) {
            $0.stack.append(.detail(DetailState(ref: .network("net-prod"), view: Details.view(.network("net-prod"), data: c, vips: vipRows))))
        }
        #expect(t.state.title == "Network prod-net")
        t.send(.wentBack) { $0.stack.removeLast() }
        t.send(.movedDown) { $0.stack[1].detail?.cursor = 4 }
        t.send(.opened) {
            $0.stack.append(.detail(DetailState(ref: .subnet("sub-prod"), view: Details.view(.subnet("sub-prod"), data: c, vips: vipRows))))
        }
        #expect(t.state.title == "Subnet prod-subnet")
        t.send(.wentBack) { $0.stack.removeLast() }
        // Raw JSON asks the cloud for the port's own body; the decoded JSON shows meanwhile.
        t.send(.toggledRawJSON, effects: [.loadRawJSON(.port("port-lb01"))]) {
            $0.stack[1].detail?.showsRawJSON = true
            $0.stack[1].detail?.cursor = 0
        }
        #expect(t.state.statusLine.text == "Port port-lb01, raw JSON")
        // The cloud's body, with a field vipctl does not model, replaces it.
        let body = ["{", "  \"port\" : {", "    \"binding:host_id\" : \"compute-7\",", "    \"id\" : \"port-lb01\"", "  }", "}"]
        t.send(.rawJSONLoaded(.port("port-lb01"), .success(body))) { $0.stack[1].detail?.cloudJSON = body }
        #expect(t.state.detail?.json == body)
        // A failure keeps what is shown and says why on the status line.
        let refused = CloudError.transport(TransportFailure(kind: .refused, url: "https://neutron:9696", detail: "ECONNREFUSED"))
        t.send(.rawJSONLoaded(.port("port-lb01"), .failure(refused))) {
            $0.notice = "Port port-lb01: the cloud's JSON could not be fetched (\(refused.oneLine)); showing what vipctl read"
        }
        t.send(.opened) { $0.notice = "raw JSON has no links" }
        t.send(.movedDown) {
            $0.notice = nil
            $0.stack[1].detail?.cursor = 1
        }
        t.send(.toggledRawJSON) {
            $0.stack[1].detail?.showsRawJSON = false
            $0.stack[1].detail?.cursor = 0
        }
        t.send(.jumpedToBottom) { $0.stack[1].detail?.cursor = 12 }
        t.send(.opened) {
            $0.stack.append(.vipsHolding(port: "port-lb01", list: ListState(
                rows: [vipRows[0]], visible: [0], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 0))))
        }
        t.send(.wentBack) { $0.stack.removeLast() }
        t.send(.openedDetails) { $0.notice = "already showing the details" }
    }

    @Test("the cloud's raw JSON stays when a refresh's pages rebuild the detail view, and the refresh fetches it again")
    func rawJSONAcrossRefresh() throws {
        let c = try Fixtures.cloud()
        var s = try loadedState(start: .ports)
        _ = reduce(&s, .toggledRawJSON)
        let ref = try #require(s.detail?.ref)
        let body = ["{", "  \"port\" : {", "    \"binding:host_id\" : \"compute-7\"", "  }", "}"]
        _ = reduce(&s, .rawJSONLoaded(ref, .success(body)))
        #expect(s.detail?.json == body)
        #expect(s.copyText(.json) == body.joined(separator: "\n"))
        let effects = reduce(&s, .refreshed)
        #expect(effects.contains(.loadRawJSON(ref)), "\(effects)")
        // The refresh's pages rebuild the view from the listings; the fetched body stays
        // until the new one arrives.
        let generation = s.generations[.ports] ?? 0
        _ = reduce(&s, .pageLoaded(.ports(c.ports.array), generation: generation, done: true))
        #expect(s.detail?.json == body)
        #expect(s.detail?.view.json != body)
        // Field lines do not ask for it.
        _ = reduce(&s, .toggledRawJSON)
        #expect(!reduce(&s, .refreshed).contains(.loadRawJSON(ref)))
    }

    @Test("raw JSON from a list opens the selected row's detail in raw JSON; a detail view scrolls in a small viewport")
    func rawFromList() throws {
        let c = try Fixtures.cloud()
        var t = StateTester(try loadedState(height: 24, chromeRows: 20, start: .networks))
        t.send(.toggledRawJSON, effects: [.loadRawJSON(.network("net-db"))]) {
            $0.stack.append(.detail(DetailState(ref: .network("net-db"), view: Details.view(.network("net-db"), data: c, vips: Rows.vips(c)),
                                                showsRawJSON: true)))
        }
        let jsonLines = try #require(t.state.detail?.view.json.count)
        #expect(jsonLines > 8)
        t.send(.jumpedToBottom) {
            $0.stack[1].detail?.cursor = jsonLines - 1
            $0.stack[1].detail?.scroll = jsonLines - 4
        }
        t.send(.pagedUp) {
            $0.stack[1].detail?.cursor = jsonLines - 5
            $0.stack[1].detail?.scroll = jsonLines - 8
        }
        t.send(.toggledRawJSON) {
            $0.stack[1].detail?.showsRawJSON = false
            $0.stack[1].detail?.cursor = 0
            $0.stack[1].detail?.scroll = 0
        }
        // Network detail: 8 fields and a subnet link.
        t.send(.jumpedToBottom) {
            $0.stack[1].detail?.cursor = 8
            $0.stack[1].detail?.scroll = 5
        }
        t.send(.opened) {
            $0.stack.append(.detail(DetailState(ref: .subnet("sub-db"), view: Details.view(.subnet("sub-db"), data: c, vips: Rows.vips(c)))))
        }
    }

    @Test("a list on the stack follows new data: a refreshed page updates the NICs shown and keeps the selection")
    func contextFollowsData() throws {
        let c = try Fixtures.cloud()
        var s = try loadedState(start: .servers)
        _ = reduce(&s, .movedDown)  // batch-worker, two NICs
        _ = reduce(&s, .opened)
        _ = reduce(&s, .movedDown)
        #expect(s.stack.last?.nicList?.selected?.id == "port-batch-b")
        var t = StateTester(s)
        t.send(.refreshed, effects: [.load(.networks, generation: 2), .load(.subnets, generation: 2),
                                     .load(.ports, generation: 2), .load(.servers, generation: 2)]) {
            $0.loads = LoadingTests.allLoading
            $0.generations = [.networks: 2, .subnets: 2, .ports: 2, .servers: 2]
        }
        let onlyB = [try Fixtures.port("port-batch-b")]
        t.send(.pageLoaded(.ports(onlyB), generation: 2, done: true)) {
            $0.data.ports = ChunkedArray(onlyB)
            $0.loads[.ports] = .loaded
            $0.networks.rows = ChunkedArray(Rows.networks(c.networks, subnets: c.subnets, ports: onlyB))
            $0.ports.rows = ChunkedArray<Port>(onlyB)
            $0.ports.visible = [0]
            $0.servers.rows = ChunkedArray(Rows.servers(c.servers.array, ports: onlyB))
            $0.vips.rows = []
            $0.vips.visible = []
            $0.stack[1] = .nics(server: "srv-batch", list: ListState(
                rows: [onlyB[0]], visible: [0], selection: 0, scroll: 0, filter: "", sort: SortOrder(column: 3)))
        }
        #expect(t.state.stack.last?.nicList?.selected?.id == "port-batch-b")
    }

    @Test("a detail view of a resource that is gone says so")
    func missingDetail() throws {
        var s = try loadedState(start: .ports)
        _ = reduce(&s, .openedDetails)  // port-bastion
        _ = reduce(&s, .refreshed)
        _ = reduce(&s, .pageLoaded(.ports([]), generation: 2, done: true))
        #expect(s.detail?.view == DetailView(title: "Port port-bastion",
                                             lines: [DetailLine("", "not loaded: it may still be loading, or it was deleted")], json: []))
        var t = StateTester(s)
        t.send(.opened) { $0.notice = "this line links nowhere" }
        t.send(.wentBack) {
            $0.notice = nil
            $0.stack.removeLast()
        }
        t.send(.opened) { $0.notice = "nothing to open" }
    }
}
