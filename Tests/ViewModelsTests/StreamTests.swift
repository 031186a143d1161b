import CloudAPI
import Testing
import TestSupport
@testable import ViewModels


/// A row with a text, an address, a number and a mixed-case column, many of them equal.
struct RandomRow: TableRow {
    let id: String
    let name: String
    let ip: String
    let n: Int
    let tag: String

    static var columns: [Column] { [Column(.name, width: 10), Column(.fixedIPs, width: 15), Column(.pairs, width: 4), Column(.status, width: 6)] }
    static let defaultSort = SortOrder(column: 0)
    var cells: [String] { [name, ip, String(n), tag] }
    func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: return .natural(name)
        case 1: return .address(ip)
        case 2: return .count(n)
        default: return .natural(tag)
        }
    }
    var ref: ResourceRef { .port(id) }
    var destination: Destination { .detail(ref) }

    static func random(_ i: Int, _ g: inout SeededRandom) -> RandomRow {
        let names = ["web", "Web", "db", "lb", "", "app", "数据库", "WEB-0"]
        return RandomRow(id: "r\(i)", name: names[Int(g.next() % 8)] + (g.next() % 3 == 0 ? "" : "-\(g.next() % 20)"),
                         ip: g.next() % 5 == 0 ? "" : "10.0.\(g.next() % 4).\(g.next() % 30)", n: Int(g.next() % 6),
                         tag: ["ACTIVE", "down", "Down", "BUILD"][Int(g.next() % 4)])
    }
}

/// What a list should show, computed the slow, obvious way: every row that matches, sorted
/// by key with ties in API order.
func referenceVisible<Row: TableRow>(_ rows: [Row], filter: String, sort: SortOrder) -> [Int] {
    let matching = rows.indices.filter { rows[$0].matches(filter) }
    return matching.sorted { a, b in
        let ka = rows[a].sortKey(column: sort.column)
        let kb = rows[b].sortKey(column: sort.column)
        if ka != kb { return sort.ascending ? ka < kb : kb < ka }
        return a < b
    }
}

@Suite("Streaming: pages merge in sort order, the selection stays on its row, filters narrow")
struct StreamTests {
    @Test("pages merged one by one give the order a full sort gives, for every column, direction and filter (random pages)")
    func mergeEqualsFullSort() {
        var g = SeededRandom(seed: 13)
        for round in 0..<24 {
            let column = round % 4
            let filter = ["", "web", "10.0.1", "down", "-1", "数据"][round % 6]
            var list = ListState<RandomRow>(rows: [], sort: SortOrder(column: column, ascending: round % 3 != 0), filter: filter)
            var all: [RandomRow] = []
            for _ in 0..<(1 + Int(g.next() % 8)) {
                let page = (0..<Int(g.next() % 40)).map { _ in RandomRow.random(all.count + Int(g.next() % 1000) * 1000, &g) }
                all += page
                list.append(page, height: 10)
                #expect(list.rows == all)
                #expect(list.visible == referenceVisible(all, filter: filter, sort: list.sort), "round \(round)")
            }
        }
    }

    @Test("a full sort by each column, both ways, gives the reference order: equal codes that hold whole keys, long texts and IPv6 addresses that do not")
    func fullSortEqualsReference() {
        var g = SeededRandom(seed: 31)
        let long = "a-name-longer-than-fifteen-bytes-"
        var rows: [RandomRow] = []
        for i in 0..<3000 {
            var r = RandomRow.random(i, &g)
            switch g.next() % 4 {
            case 0: r = RandomRow(id: r.id, name: long + String(g.next() % 50) + ["", "x", "X"][Int(g.next() % 3)], ip: r.ip, n: r.n, tag: r.tag)
            case 1: r = RandomRow(id: r.id, name: r.name, ip: "fd00::\(String(g.next() % 12, radix: 16))", n: r.n, tag: r.tag)
            case 2: r = RandomRow(id: r.id, name: r.name + "\u{0}" + ["", "0", "1", "2"][Int(g.next() % 4)], ip: r.ip, n: r.n, tag: r.tag)
            case 3 where i % 2 == 0:
                // Ids as a cloud may number them: 24 shared characters, then a counter.
                r = RandomRow(id: r.id, name: "00000004-0000-4000-8000-" + String(String(g.next() % 5000, radix: 16)).leftPadded(to: 12), ip: r.ip, n: r.n, tag: r.tag)
            default: break
            }
            rows.append(r)
        }
        var list = ListState(rows: rows, sort: SortOrder(column: 0))
        for column in 0..<4 {
            for _ in 0..<2 {
                list.sort(byColumn: column, height: 10)
                let reference = referenceVisible(rows, filter: "", sort: list.sort)
                let differs = (0..<min(list.visible.count, reference.count)).first { list.visible[$0] != reference[$0] }
                #expect(list.visible.count == reference.count && differs == nil,
                        "column \(column), ascending \(list.sort.ascending): first difference at \(differs.map(String.init) ?? "the end")")
            }
        }
    }

    @Test("rows replaced with a few changed and some appended re-index only those, and give a full sort's order")
    func replaceChanged() {
        var g = SeededRandom(seed: 7)
        var all = (0..<60).map { RandomRow.random($0, &g) }
        var list = ListState(rows: all, sort: SortOrder(column: 2), filter: "0")
        for step in 0..<10 {
            for _ in 0..<Int(g.next() % 6) {
                let i = Int(g.next() % UInt64(all.count))
                let r = RandomRow.random(i, &g)
                all[i] = RandomRow(id: all[i].id, name: r.name, ip: r.ip, n: r.n, tag: r.tag)
            }
            all += (0..<Int(g.next() % 5)).map { RandomRow.random(1000 * step + $0, &g) }
            list.replaceRows(all, height: 10)
            #expect(list.rows == all)
            #expect(list.visible == referenceVisible(all, filter: "0", sort: list.sort))
        }
        // Rows that are not the old ones extended: a full rebuild, the same order.
        all.shuffle(using: &g)
        list.replaceRows(all, height: 10)
        #expect(list.visible == referenceVisible(all, filter: "0", sort: list.sort))
    }

    @Test("a filter typed key by key (each extending the last, searching only its matches) and erased gives what a fresh filter gives")
    func filterNarrowing() {
        var g = SeededRandom(seed: 99)
        let rows = (0..<400).map { RandomRow.random($0, &g) }
        var list = ListState(rows: rows, sort: SortOrder(column: 1, ascending: false))
        for typed in ["web-1", "10.0.2.1", "DOWN", "数据库-", "x"] {
            var text = ""
            for ch in typed {
                text.append(ch)
                list.setFilter(text, height: 10)
                #expect(list.visible == referenceVisible(rows, filter: text, sort: list.sort), "\(text)")
            }
            while !text.isEmpty {
                text.removeLast()
                list.setFilter(text, height: 10)
                #expect(list.visible == referenceVisible(rows, filter: text, sort: list.sort), "\(text)")
            }
        }
        // A filter that does not extend the last one searches every row again.
        list.setFilter("web", height: 10)
        list.setFilter("down", height: 10)
        #expect(list.visible == referenceVisible(rows, filter: "down", sort: list.sort))
        // Sorting a filtered list keeps the filter.
        list.sort(byColumn: 2, height: 10)
        #expect(list.visible == referenceVisible(rows, filter: "down", sort: SortOrder(column: 2)))
    }

    @Test("as pages arrive the selected row stays selected (by id) and on its screen line; an untouched list keeps its first row")
    func selectionFollowsRow() {
        func row(_ i: Int, _ ip: String) -> RandomRow { RandomRow(id: "r\(i)", name: "n\(i)", ip: ip, n: 0, tag: "") }
        var list = ListState<RandomRow>(rows: [], sort: SortOrder(column: 1))
        list.append((0..<50).map { row($0, "10.0.1.\($0)") }, height: 10)
        #expect(list.selected?.id == "r0")
        // The user moves to the 13th row (the screen has scrolled by 3).
        list.apply(.by(12), height: 10)
        list.apply(.by(-6), height: 10)
        list.apply(.by(6), height: 10)
        let line = list.selection - list.scroll
        #expect(list.selected?.id == "r12")
        // A page of rows that sort before it, one that sorts after.
        list.append((50..<80).map { row($0, "10.0.0.\($0)") }, height: 10)
        #expect(list.selected?.id == "r12")
        #expect(list.selection == 42)
        #expect(list.selection - list.scroll == line)
        list.append((80..<90).map { row($0, "10.0.2.\($0)") }, height: 10)
        #expect(list.selected?.id == "r12")
        #expect(list.selection - list.scroll == line)
        // A filter in place stays; a page's rows that do not match it are not shown.
        list.setFilter("10.0.0.6", height: 10)
        let shown = list.count
        list.append([row(90, "10.0.0.61"), row(91, "10.0.3.1")], height: 10)
        #expect(list.filter == "10.0.0.6")
        #expect(list.count == shown + 1)
    }

    @Test("refresh never blanks the ports list: the old rows stay until the new load's first page replaces them; the selection stays on its port")
    func refreshKeepsRows() throws {
        let c = try Fixtures.cloud()
        var s = try loadedState(start: .ports)
        // The user selects a port that the first page of the reload holds.
        let chosen = c.ports.array[2].id
        while s.ports.selected?.id != chosen { _ = reduce(&s, .movedDown) }
        _ = reduce(&s, .refreshed)
        #expect(s.ports.rows.count == c.ports.array.count)
        #expect(s.ports.selected?.id == chosen)
        let pages = stride(from: 0, to: c.ports.array.count, by: 4).map { Array(c.ports.array[$0..<min(c.ports.array.count, $0 + 4)]) }
        for (i, page) in pages.enumerated() {
            _ = reduce(&s, .pageLoaded(.ports(page), generation: 2, done: i == pages.count - 1))
            #expect(s.ports.rows.count == min(c.ports.array.count, 4 * (i + 1)))
            #expect(s.ports.selected?.id == chosen)
        }
        #expect(s.shownIDs(.ports) == (try loadedState(start: .ports)).shownIDs(.ports))
    }

    @Test("ports in many small pages (VIPs and their NICs in different pages) give the same lists as one page")
    func pagesEqualOnePage() throws {
        let c = try Fixtures.cloud()
        let whole = try loadedState()
        var g = SeededRandom(seed: 5)
        for _ in 0..<6 {
            var s = freshState()
            _ = reduce(&s, .launched)
            _ = reduce(&s, .pageLoaded(.servers(c.servers.array), generation: 1, done: true))
            var rest = c.ports.array[...]
            var first = true
            while !rest.isEmpty {
                let n = min(rest.count, 1 + Int(g.next() % 4))
                _ = reduce(&s, .pageLoaded(.ports(Array(rest.prefix(n))), generation: 1, done: n == rest.count))
                rest = rest.dropFirst(n)
                // The networks and subnets arrive while the ports are loading.
                if first {
                    _ = reduce(&s, .pageLoaded(.networks(c.networks), generation: 1, done: true))
                    _ = reduce(&s, .pageLoaded(.subnets(c.subnets), generation: 1, done: true))
                    first = false
                }
            }
            #expect(s.data == whole.data)
            #expect(s.ports.rows == whole.ports.rows)
            #expect(s.ports.visible == whole.ports.visible)
            #expect(s.networks.rows == Rows.networks(c.networks, subnets: c.subnets, ports: c.ports.array))
            #expect(s.networks.visible == whole.networks.visible)
            #expect(s.servers.rows == whole.servers.rows)
            #expect(s.servers.visible == whole.servers.visible)
            #expect(s.vips.rows == Rows.vips(c))
            #expect(s.vips.visible == whole.vips.visible)
        }
    }
}

extension StreamTests {
    @Test("in any port order (a VIP before or after the NICs it names, NIC pairs naming a VIP's address), pages of ports and servers give the VIP and server rows all at once give")
    func vipRowsInAnyOrder() throws {
        let c = try Fixtures.cloud()
        let (openStackWay, otherNetwork) = try Fixtures.nicsNamingVIPWeb()
        let all = c.ports.array + [openStackWay, otherNetwork]
        #expect(Rows.vips(CloudData(networks: c.networks, subnets: c.subnets, ports: all, servers: c.servers.array)).contains {
            $0.bound.map(\.nicPortID).contains("nic-os")
        }, "the fixture has a NIC bound the OpenStack way, so the order matters")
        var g = SeededRandom(seed: 11)
        for _ in 0..<20 {
            var ports = all
            for i in stride(from: ports.count - 1, to: 0, by: -1) { ports.swapAt(i, Int(g.next() % UInt64(i + 1))) }
            var s = freshState()
            _ = reduce(&s, .launched)
            _ = reduce(&s, .pageLoaded(.networks(c.networks), generation: 1, done: true))
            _ = reduce(&s, .pageLoaded(.subnets(c.subnets), generation: 1, done: true))
            // Servers in pages too, some before the ports, the rest between their pages.
            var servers = c.servers.array[...]
            let early = Int(g.next() % UInt64(servers.count + 1))
            if early > 0 { _ = reduce(&s, .pageLoaded(.servers(Array(servers.prefix(early))), generation: 1, done: early == servers.count)) }
            servers = servers.dropFirst(early)
            var rest = ports[...]
            while !rest.isEmpty {
                let n = min(rest.count, 1 + Int(g.next() % 3))
                _ = reduce(&s, .pageLoaded(.ports(Array(rest.prefix(n))), generation: 1, done: n == rest.count))
                rest = rest.dropFirst(n)
                if !servers.isEmpty {
                    let m = min(servers.count, 1 + Int(g.next() % 2))
                    _ = reduce(&s, .pageLoaded(.servers(Array(servers.prefix(m))), generation: 1, done: m == servers.count))
                    servers = servers.dropFirst(m)
                }
            }
            if !servers.isEmpty { _ = reduce(&s, .pageLoaded(.servers(Array(servers)), generation: 1, done: true)) }
            let all = CloudData(networks: c.networks, subnets: c.subnets, ports: ports, servers: c.servers.array)
            #expect(s.vips.rows == Rows.vips(all), "order: \(ports.map(\.id))")
            #expect(s.servers.rows == Rows.servers(c.servers.array, ports: ports))
        }
    }
}

@Suite("ChunkedArray: value semantics across chunks")
struct ChunkedArrayTests {
    @Test("a copy keeps its elements while the original appends and changes, across chunk boundaries; equal to the plain array")
    func valueSemantics() {
        let n = ChunkedArray<Int>.chunkSize * 2 + 5
        var a = ChunkedArray(0..<n)
        #expect(a.count == n && a == Array(0..<n))
        let copy = a
        a.append(contentsOf: n..<(n + 3000))
        a[3] = -3
        a[n + 10] = -10
        #expect(copy == Array(0..<n), "the copy did not change")
        var expected = Array(0..<(n + 3000))
        expected[3] = -3
        expected[n + 10] = -10
        #expect(a == expected)
        #expect(a.array == expected)
        var b = copy
        b.append(99)
        #expect(b.count == n + 1 && b.last == 99 && copy.count == n)
        b.removeAll()
        #expect(b.isEmpty && copy.count == n)
        let empty: ChunkedArray<Int> = []
        #expect(empty.isEmpty && empty == [Int]())
    }
}

@Suite("Sort keys: prefix codes keep the keys' order")
struct PrefixCodeTests {
    @Test("for random texts, addresses and numbers: a < b gives code(a) <= code(b), and equal keys have equal codes")
    func monotone() {
        var g = SeededRandom(seed: 2026)
        let parts = ["web", "WEB", "-", "0", "00", "7", "10", "0010", "999999999999", "数据库", "é", " ", "a", "Z", "_", "~", "\u{1F600}"]
        var keys: [SortKey] = [.empty, .count(0), .count(3), .number(-2.5), .number(1e300), .address("10.0.0.9"), .address("10.0.0.10"),
                               .address("::1"), .address("fd00::1:0"), .address("fd00::1"), .address("255.255.255.255"),
                               .natural(String(repeating: "1", count: 300)), .natural("x" + String(repeating: "2", count: 256)),
                               .natural("a\u{0}"), .natural("a"), .natural("a\u{0}\u{0}"), .natural("0123456789abcd"), .natural("0123456789abcde"),
                               .natural("abcdefghijklmno"), .natural("abcdefghijklmnop"), .natural("abcdefghijklmnoP")]
        for _ in 0..<400 {
            keys.append(.natural((0..<Int(1 + g.next() % 7)).map { _ in parts[Int(g.next() % UInt64(parts.count))] }.joined()))
        }
        for a in keys {
            for b in keys {
                if a < b { #expect(!(b.prefixCode < a.prefixCode), "\(a) < \(b)") }
                if !(a < b) && !(b < a) { #expect(a.prefixCode == b.prefixCode, "\(a) == \(b)") }
                // Codes that hold their whole keys decide equality too.
                if a.coded.exact && b.coded.exact && a.prefixCode == b.prefixCode { #expect(!(a < b) && !(b < a), "\(a) ~ \(b)") }
            }
        }
    }
}

extension String {
    /// Zeros in front up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
