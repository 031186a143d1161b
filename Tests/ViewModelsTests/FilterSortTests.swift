import CloudAPI
import Testing
@testable import ViewModels

@Suite("Reducer: filter and sort")
struct FilterSortTests {
    @Test("the filter matches IPs as it is typed; the selection stays on its row, or is clamped when the list shrinks")
    func filterOverIPs() throws {
        var t = StateTester(try loadedState(start: .ports))
        t.send(.jumpedToBottom) { $0.ports.selection = 13 }  // vip-db 192.168.20.100
        t.send(.startedFilter) { $0.overlay = .filter(original: "") }
        #expect(t.state.filterInput == "")
        t.send(.typedFilter("10.0.0.")) {
            $0.ports.filter = "10.0.0."
            $0.ports.visible = [8, 7, 9, 13]  // 10.0.0.9, .10, .40, .100
            $0.ports.selection = 3  // vip-db is filtered out: clamped to the last row
        }
        t.send(.typedFilter("1")) {
            $0.ports.filter = "10.0.0.1"
            $0.ports.visible = [7, 13]
            $0.ports.selection = 1  // vip-mgmt is still there
        }
        #expect(t.state.filterInput == "10.0.0.1")
        t.send(.erasedFilterChar) {
            $0.ports.filter = "10.0.0."
            $0.ports.visible = [8, 7, 9, 13]
            $0.ports.selection = 3
        }
        t.send(.confirmedFilter) { $0.overlay = nil }
        #expect(t.state.filterInput == nil)
        #expect(t.state.statusLine == StatusLine(kind: .info, text: "4 of 14 ports match \"10.0.0.\""))
        #expect(t.state.table?.filter == "10.0.0.")
        // Esc clears the filter before it goes back.
        t.send(.wentBack) {
            $0.ports.filter = ""
            $0.ports.visible = [8, 7, 9, 13, 0, 2, 3, 4, 11, 1, 5, 6, 10, 12]
        }
        t.send(.startedFilter) { $0.overlay = .filter(original: "") }
        t.send(.typedFilter("DHCP")) {
            $0.ports.filter = "DHCP"
            $0.ports.visible = [0, 1]
            $0.ports.selection = 1
        }
        t.send(.cancelledFilter) {
            $0.overlay = nil
            $0.ports.filter = ""
            $0.ports.visible = [8, 7, 9, 13, 0, 2, 3, 4, 11, 1, 5, 6, 10, 12]
            $0.ports.selection = 9  // port-dhcp-db, selected while filtered
        }
    }

    @Test("a filter that matches nothing: an empty list, nothing to open; cancel restores the previous filter")
    func filterNothing() throws {
        var t = StateTester(try loadedState(start: .servers))
        t.send(.startedFilter) { $0.overlay = .filter(original: "") }
        t.send(.typedFilter("lb")) {
            $0.servers.filter = "lb"
            $0.servers.visible = [1, 2]
        }
        t.send(.confirmedFilter) { $0.overlay = nil }
        t.send(.startedFilter) { $0.overlay = .filter(original: "lb") }
        t.send(.typedFilter("zzz")) {
            $0.servers.filter = "lbzzz"
            $0.servers.visible = []
        }
        #expect(t.state.table?.selection == nil)
        #expect(t.state.table?.rows == [])
        t.send(.erasedFilterChar) {
            $0.servers.filter = "lbzz"
        }
        t.send(.opened) { $0.notice = "confirm or cancel the filter first" }
        t.send(.confirmedFilter) {
            $0.overlay = nil
            $0.notice = nil
        }
        t.send(.opened) { $0.notice = "nothing to open: no row matches the filter" }
        t.send(.startedFilter) {
            $0.notice = nil
            $0.overlay = .filter(original: "lbzz")
        }
        t.send(.erasedFilterChar) { $0.servers.filter = "lbz" }
        t.send(.wentBack) {
            $0.overlay = nil
            $0.servers.filter = "lbzz"
        }
        t.send(.wentBack) {
            $0.servers.filter = ""
            $0.servers.visible = [6, 7, 1, 2, 0, 3, 4, 5]
        }
        t.send(.erasedFilterChar) { $0.notice = "no filter is being typed" }
    }

    @Test("the filter is case-insensitive and covers every column: CJK names, bound NIC IPs, states")
    func filterColumns() throws {
        var s = try loadedState(start: .servers)
        _ = reduce(&s, .startedFilter)
        _ = reduce(&s, .typedFilter("数据库"))
        #expect(s.shownIDs(.servers) == ["srv-db1", "srv-db2"])
        _ = reduce(&s, .confirmedFilter)
        _ = reduce(&s, .startedCommand)
        _ = reduce(&s, .typedCommand("vips"))
        _ = reduce(&s, .ranCommand)
        _ = reduce(&s, .startedFilter)
        _ = reduce(&s, .typedFilter("192.168.20.12"))
        #expect(s.shownIDs(.vips) == ["vip-db"])
        _ = reduce(&s, .cancelledFilter)
        _ = reduce(&s, .startedFilter)
        _ = reduce(&s, .typedFilter("CHECK ON"))
        #expect(s.shownIDs(.vips) == ["vip-db"])
        _ = reduce(&s, .cancelledFilter)
        _ = reduce(&s, .startedFilter)
        _ = reduce(&s, .typedFilter("mgmt-NET"))
        #expect(s.shownIDs(.vips) == ["vip-mgmt"])
        // The servers list kept its own filter.
        #expect(s.servers.filter == "数据库")
    }

    @Test("a list on the stack has its own filter; Esc clears it, then goes back")
    func contextFilter() throws {
        var s = try loadedState(start: .servers)
        _ = reduce(&s, .movedDown)  // batch-worker
        _ = reduce(&s, .opened)
        var t = StateTester(s)
        t.send(.startedFilter) { $0.overlay = .filter(original: "") }
        t.send(.typedFilter("192.")) {
            $0.stack[1].nicList?.filter = "192."
            $0.stack[1].nicList?.visible = [1]
        }
        t.send(.confirmedFilter) { $0.overlay = nil }
        #expect(t.state.statusLine.text == "1 of 2 NICs match \"192.\"")
        t.send(.wentBack) {
            $0.stack[1].nicList?.filter = ""
            $0.stack[1].nicList?.visible = [0, 1]
            $0.stack[1].nicList?.selection = 1  // port-batch-b, the row selected while filtered
        }
        t.send(.wentBack) { $0.stack.removeLast() }
        #expect(t.state.servers.filter == "")
    }

    @Test("sort by a column, then again to flip it; ties keep the API order; the selection stays on its row")
    func sortServers() throws {
        var t = StateTester(try loadedState(start: .servers))
        #expect(t.state.shownIDs(.servers) == ["srv-bastion", "srv-batch", "srv-lb01", "srv-lb02", "srv-web01", "srv-db1", "srv-db2", "srv-mon"])
        t.send(.sortedBy(column: 0)) {
            $0.servers.sort = SortOrder(column: 0, ascending: false)
            $0.servers.visible = [5, 4, 3, 0, 2, 1, 7, 6]
            $0.servers.selection = 7
        }
        t.send(.sortedBy(column: 2)) {
            $0.servers.sort = SortOrder(column: 2)
            $0.servers.visible = [6, 5, 0, 1, 2, 3, 4, 7]  // 10.0.0.9 before 10.0.0.10
            $0.servers.selection = 0
        }
        t.send(.sortedBy(column: 2)) {
            $0.servers.sort = SortOrder(column: 2, ascending: false)
            $0.servers.visible = [7, 4, 3, 2, 1, 0, 5, 6]
            $0.servers.selection = 7
        }
        t.send(.sortedBy(column: 3)) {
            $0.servers.sort = SortOrder(column: 3)
            $0.servers.visible = [0, 1, 2, 3, 4, 5, 6, 7]
            $0.servers.selection = 6
        }
        t.send(.sortedBy(column: 3)) {
            $0.servers.sort = SortOrder(column: 3, ascending: false)
            $0.servers.visible = [7, 0, 1, 2, 3, 4, 5, 6]
            $0.servers.selection = 7
        }
        t.send(.sortedBy(column: 9)) { $0.notice = "there is no column 10" }
        // The sort belongs to the list: it is still there after visiting another list.
        _ = reduce(&t.state, .startedCommand)
        _ = reduce(&t.state, .typedCommand("ports"))
        _ = reduce(&t.state, .ranCommand)
        _ = reduce(&t.state, .startedCommand)
        _ = reduce(&t.state, .typedCommand("servers"))
        _ = reduce(&t.state, .ranCommand)
        #expect(t.state.servers.sort == SortOrder(column: 3, ascending: false))
    }

    @Test("ports sort by fixed IP numerically, both directions")
    func sortPortsByIP() throws {
        var t = StateTester(try loadedState(start: .ports))
        #expect(t.state.table?.rows.map { $0[3] } == [
            "10.0.0.9", "10.0.0.10", "10.0.0.40", "10.0.0.100", "192.168.10.2", "192.168.10.11", "192.168.10.21", "192.168.10.22",
            "192.168.10.100", "192.168.20.2", "192.168.20.11", "192.168.20.12", "192.168.20.40", "192.168.20.100",
        ])
        t.send(.sortedBy(column: 3)) {
            $0.ports.sort = SortOrder(column: 3, ascending: false)
            $0.ports.visible = [12, 10, 6, 5, 1, 11, 4, 3, 2, 0, 13, 9, 7, 8]
            $0.ports.selection = 13
        }
    }

    @Test("every column of every list sorts both ways, in key order, keeping every row", arguments: RootList.allCases)
    func everyColumn(root: RootList) throws {
        var s = try loadedState(start: root)
        let (columns, defaultSort) = FilterSortTests.shape(root)
        #expect(FilterSortTests.read(s, root, column: 0).2 == defaultSort)
        for column in 0..<columns {
            // Ascending first, unless the list is already sorted ascending by this column.
            let before = FilterSortTests.read(s, root, column: column).2
            let firstAscending = before.column != column || !before.ascending
            _ = reduce(&s, .sortedBy(column: column))
            for ascending in [firstAscending, !firstAscending] {
                let (order, keys, sort) = FilterSortTests.read(s, root, column: column)
                #expect(sort == SortOrder(column: column, ascending: ascending))
                #expect(order.sorted() == Array(0..<order.count))
                for (a, b) in zip(keys, keys.dropFirst()) {
                    #expect(ascending ? !(b < a) : !(a < b), "\(root) column \(column) ascending \(ascending)")
                }
                if ascending == firstAscending { _ = reduce(&s, .sortedBy(column: column)) }
            }
        }
    }

    static func shape(_ root: RootList) -> (Int, SortOrder) {
        switch root {
        case .networks: return (NetworkRow.columns.count, NetworkRow.defaultSort)
        case .ports: return (PortRow.columns.count, PortRow.defaultSort)
        case .servers: return (ServerRow.columns.count, ServerRow.defaultSort)
        case .vips: return (VIPRow.columns.count, VIPRow.defaultSort)
        case .journal: return (JournalRow.columns.count, JournalRow.defaultSort)
        case .doctor: return (FindingRow.columns.count, FindingRow.defaultSort)
        }
    }

    static func read(_ s: AppState, _ root: RootList, column: Int) -> ([Int], [SortKey], SortOrder) {
        func go<R: TableRow>(_ l: ListState<R>) -> ([Int], [SortKey], SortOrder) {
            (l.visible, l.visible.map { l.rows[$0].sortKey(column: column) }, l.sort)
        }
        switch root {
        case .networks: return go(s.networks)
        case .ports: return go(s.ports)
        case .servers: return go(s.servers)
        case .vips: return go(s.vips)
        case .journal: return go(s.journal.list)
        case .doctor: return go(s.doctor.list)
        }
    }
}
