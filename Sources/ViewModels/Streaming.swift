import CloudAPI

// Pages arriving: each is merged into the lists in time proportional to the page. The ports
// list appends and merges the page's rows; the networks, servers and VIPs lists are rebuilt
// from the port digest (only the rows a page changed are re-indexed).

extension AppState {
    /// A page arrived: the first page of a load replaces what an earlier load left, later
    /// pages append. Pages of a superseded load are dropped.
    mutating func receive(_ page: Page, generation: Int, done: Bool) {
        let r = page.resource
        guard generations[r] == generation, case .loading(let progress) = loads[r] else { return }
        loads[r] = done ? .loaded : .loading(progress: progress + page.count)
        let replace = progress == 0
        guard replace || page.count > 0 else { return }
        switch page {
        case .networks(let items):
            if replace { data.networks = items } else { data.networks.append(contentsOf: items) }
        case .subnets(let items):
            if replace { data.subnets = items } else { data.subnets.append(contentsOf: items) }
        case .ports(let items):
            if replace {
                data.ports = ChunkedArray(items)
            } else {
                data.ports.append(contentsOf: items)
                return appended(ports: items)
            }
        case .servers(let items):
            if replace {
                data.servers = ChunkedArray(items)
            } else {
                data.servers.append(contentsOf: items)
                return appended(servers: items)
            }
        }
        rebuild(after: r)
    }

    /// Takes in `items`, just appended to `data.ports`.
    private mutating func appended(ports items: [Port]) {
        let h = listHeight
        guard digest.covers(data, pending: items.count) else { return rebuild(after: .ports) }
        let changed = digest.add(items[...], all: data.ports)
        networks.replaceRows(digest.networkRows(data), height: h)
        ports.append(sharing: data.ports, added: items.count, height: h)
        if !changed.servers.isEmpty {
            var rows: [Int: ServerRow] = [:]
            for id in changed.servers {
                for i in digest.serverPositions[id] ?? [] where data.servers.indices.contains(i) { rows[i] = digest.serverRow(data.servers[i]) }
            }
            servers.updateRows(rows, height: h)
        }
        if !changed.vips.isEmpty {
            // Only the VIPs the page touched: rows of VIPs seen before change in place, new
            // VIPs (later in port order than any before) are appended.
            let positions = changed.vips.sorted()
            let rows = digest.vipRows(at: positions, data)
            var updates: [Int: VIPRow] = [:]
            var added: [VIPRow] = []
            for (p, row) in zip(positions, rows) {
                guard let i = digest.vipRow(at: p) else { continue }
                if i < vips.rows.count { updates[i] = row } else { added.append(row) }
            }
            if rows.count == positions.count, vips.rows.count + added.count == digest.vipCount {
                vips.updateRows(updates, height: h)
                vips.append(added, height: h)
            } else {
                vips.replaceRows(digest.vipRows(data), height: h)
            }
        }
        followData()
    }

    /// Takes in `items`, just appended to `data.servers`: their rows are appended, and the
    /// VIP rows (which name servers) rebuilt from the digest.
    private mutating func appended(servers items: [Server]) {
        let h = listHeight
        guard digest.covers(data, pending: 0, pendingServers: items.count) else { return rebuild(after: .servers) }
        digest.addServers(items, all: data.servers)
        servers.append(items.map(digest.serverRow), height: h)
        vips.replaceRows(digest.vipRows(data), height: h)
        followData()
    }

    /// Rebuilds the rows that depend on `resource`, then every list and detail view on the
    /// stack.
    mutating func rebuild(after resource: Resource) {
        let h = listHeight
        switch resource {
        case .networks: digest.setNetworks(data)
        case .subnets: digest.setSubnets(data)
        case .ports: digest = PortDigest(data)
        case .servers: digest.setServers(data.servers)
        }
        if !digest.covers(data) { digest = PortDigest(data) }
        switch resource {
        case .networks:
            networks.replaceRows(digest.networkRows(data), height: h)
            vips.replaceRows(digest.vipRows(data), height: h)
        case .subnets:
            networks.replaceRows(digest.networkRows(data), height: h)
        case .ports:
            networks.replaceRows(digest.networkRows(data), height: h)
            ports.replaceRows(sharing: data.ports, height: h)
            servers.replaceRows(data.servers.map(digest.serverRow), height: h)
            vips.replaceRows(digest.vipRows(data), height: h)
        case .servers:
            servers.replaceRows(data.servers.map(digest.serverRow), height: h)
            vips.replaceRows(digest.vipRows(data), height: h)
        }
        followData()
    }

    /// The lists and detail views on the stack follow the new data.
    private mutating func followData() {
        let h = listHeight
        for i in stack.indices {
            switch stack[i] {
            case .root:
                continue
            case .nics(let s, var l):
                l.replaceRows(nicRows(of: s), height: h)
                stack[i] = .nics(server: s, list: l)
            case .vipsHolding(let p, var l):
                l.replaceRows(vipRows(holding: p), height: h)
                stack[i] = .vipsHolding(port: p, list: l)
            case .boundServers(let v, var l):
                l.replaceRows(serverRows(boundTo: v), height: h)
                stack[i] = .boundServers(vip: v, list: l)
            case .detail(var d):
                d.view = detailView(d.ref)
                d.apply(.none, height: h)
                stack[i] = .detail(d)
            case .wizard:
                // The wizard keeps the rows it showed: a reload must not move its cursor.
                continue
            }
        }
    }
}
