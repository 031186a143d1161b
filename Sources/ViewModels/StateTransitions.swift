import CloudAPI
import L10n
import VIPCore

// MARK: state transitions

/// An edit of the list (or detail view) on top.
enum ListEdit {
    case move(Movement)
    case filter(String)
    case sort(Int)
}

extension ListState {
    mutating func edit(_ e: ListEdit, height: Int) {
        switch e {
        case .move(let m): apply(m, height: height)
        case .filter(let text): setFilter(text, height: height)
        case .sort(let column): sort(byColumn: column, height: height)
        }
    }
}

extension AppState {
    /// Starts a new generation of every load.
    mutating func startLoads(identify: Bool) -> [Effect] {
        var effects: [Effect] = identify ? [.identify] : []
        loadingTicks = 0
        for r in Resource.allCases {
            let g = (generations[r] ?? 0) + 1
            generations[r] = g
            loads[r] = .loading(progress: 0)
            effects.append(.load(r, generation: g))
        }
        return effects
    }

    func nicRows(of server: String) -> [PortRow] { ports.rows.filter { $0.deviceID == server && !$0.isVIP } }

    func vipRows(holding port: String) -> [VIPRow] { vips.rows.filter { $0.bound.contains { $0.nicPortID == port } } }

    func serverRows(boundTo vip: String) -> [ServerRow] {
        guard let v = vips.rows.first(where: { $0.id == vip }) else { return [] }
        var seen: Set<String> = []
        let ids = v.bound.compactMap(\.serverID).filter { seen.insert($0).inserted }
        let byID = Dictionary(servers.rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    mutating func push(_ destination: Destination) {
        switch destination {
        case .detail(let ref):
            stack.append(.detail(DetailState(ref: ref, view: detailView(ref))))
        case .nics(let s):
            stack.append(.nics(server: s, list: ListState(rows: nicRows(of: s))))
        case .vipsHolding(let p):
            stack.append(.vipsHolding(port: p, list: ListState(rows: vipRows(holding: p))))
        case .boundServers(let v):
            stack.append(.boundServers(vip: v, list: ListState(rows: serverRows(boundTo: v))))
        }
    }

    mutating func goBack() {
        if let o = overlay {
            if case .filter(let original) = o { editTop(.filter(original)) }
            overlay = nil
        } else if let list = currentList, !list.filter.isEmpty {
            editTop(.filter(""))
        } else if wizard != nil {
            wizardBack()
        } else if stack.count > 1 {
            stack.removeLast()
            editTop(.move(.none))
        }
    }

    mutating func runCommand() -> [Effect] {
        guard case .command(let typed) = overlay else { return [] }
        overlay = nil
        var text = Substring(typed)
        while text.first == " " || text.first == ":" { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        let root: RootList
        switch text.lowercased() {
        case "": return []
        case "q", "q!", "quit", "qa":
            shouldQuit = true
            return [.quit]
        case "networks", "network", "net", "nets": root = .networks
        case "ports", "port": root = .ports
        case "servers", "server", "vm", "vms": root = .servers
        case "vips", "vip": root = .vips
        case "journal", "history": root = .journal
        case "doctor", "dr": root = .doctor
        default:
            notice = ScreenText.unknownCommand(text)
            return []
        }
        stack = [.root(root)]
        editTop(.move(.none))
        // The journal is read afresh each time: another vipctl may have written to it.
        if root == .doctor { return loadDoctor() }
        return root == .journal ? loadJournal() : []
    }

    /// Applies an edit to the list or detail view on top.
    mutating func editTop(_ e: ListEdit) {
        guard let i = stack.indices.last else { return }
        edit(frameAt: i, e)
    }

    mutating func edit(frameAt i: Int, _ e: ListEdit) {
        let h = listHeight
        switch stack[i] {
        case .root(.networks): networks.edit(e, height: h)
        case .root(.ports): ports.edit(e, height: h)
        case .root(.servers): servers.edit(e, height: h)
        case .root(.vips): vips.edit(e, height: h)
        case .root(.journal): journal.list.edit(e, height: h)
        case .root(.doctor): doctor.list.edit(e, height: h)
        case .nics(let s, var l):
            l.edit(e, height: h)
            stack[i] = .nics(server: s, list: l)
        case .vipsHolding(let p, var l):
            l.edit(e, height: h)
            stack[i] = .vipsHolding(port: p, list: l)
        case .boundServers(let v, var l):
            l.edit(e, height: h)
            stack[i] = .boundServers(vip: v, list: l)
        case .detail(var d):
            guard case .move(let m) = e else { return }
            d.apply(m, height: h)
            stack[i] = .detail(d)
        case .wizard(var w):
            let h = wizardListHeight(w.step)
            switch w.step {
            case .server: w.servers.edit(e, height: h)
            case .nic: w.nics.edit(e, height: h)
            case .vip:
                let wasNew = w.vips.selected?.isNew
                w.vips.edit(e, height: h)
                stack[i] = .wizard(w)
                if w.vips.selected?.isNew != wasNew { revalidateIP() }
                return
            case .options:
                if w.field == .moreNICs { w.moreNICs.edit(e, height: h) }
            case .plan, .apply, .result:
                if case .move(let m) = e {
                    switch m {
                    case .by(let d): w.planScroll = max(0, w.planScroll + d)
                    case .page(let p): w.planScroll = max(0, w.planScroll + p * h)
                    case .top: w.planScroll = 0
                    case .bottom, .none: break
                    }
                }
            }
            stack[i] = .wizard(w)
        }
    }

    /// Keeps every selection on screen after a resize.
    mutating func fitAll() {
        let h = listHeight
        networks.fit(height: h)
        ports.fit(height: h)
        servers.fit(height: h)
        vips.fit(height: h)
        journal.list.fit(height: h)
        doctor.list.fit(height: h)
        for i in stack.indices { edit(frameAt: i, .move(.none)) }
    }
}
