import CloudAPI
import Foundation

/// One line of a detail view or the error details: a label, a value and, when Enter on it
/// leads somewhere, where.
public struct DetailLine: Equatable, Sendable {
    public let label: String
    public let value: String
    public let link: Destination?

    public init(_ label: String, _ value: String, link: Destination? = nil) {
        self.label = label
        self.value = value
        self.link = link
    }
}

/// What a detail view shows: a title, fields with links to related resources, and the
/// resource as JSON.
public struct DetailView: Equatable, Sendable {
    public let title: String
    public let lines: [DetailLine]
    /// The resource as the client decoded it, pretty-printed with sorted keys, one entry per
    /// line (fields the client does not model are not in it).
    public let json: [String]

    public init(title: String, lines: [DetailLine], json: [String]) {
        self.title = title
        self.lines = lines
        self.json = json
    }
}

/// A detail view on the navigation stack: which resource, its content, the raw-JSON toggle,
/// and a cursor with a scroll offset over the lines shown (fields or JSON).
public struct DetailState: Equatable, Sendable {
    public internal(set) var ref: ResourceRef
    public internal(set) var view: DetailView
    public internal(set) var showsRawJSON: Bool
    public internal(set) var cursor: Int
    public internal(set) var scroll: Int

    public init(ref: ResourceRef, view: DetailView, showsRawJSON: Bool = false, cursor: Int = 0, scroll: Int = 0) {
        self.ref = ref
        self.view = view
        self.showsRawJSON = showsRawJSON
        self.cursor = cursor
        self.scroll = scroll
    }

    /// How many lines are shown: JSON lines or field lines.
    public var lineCount: Int { showsRawJSON ? view.json.count : view.lines.count }

    /// The field line under the cursor (nil in raw JSON).
    public var currentLine: DetailLine? {
        !showsRawJSON && view.lines.indices.contains(cursor) ? view.lines[cursor] : nil
    }

    mutating func apply(_ move: Movement, height: Int) {
        var pos = CursorPosition(cursor: cursor, scroll: scroll)
        pos.apply(move, count: lineCount, height: height)
        cursor = pos.cursor
        scroll = pos.scroll
    }
}

/// Pure functions from loaded data to detail views and error details.
public enum Details {
    /// The detail view of `ref`; `vips` are the VIP rows (for "VIPs holding" and "bound
    /// servers" links).
    public static func view(_ ref: ResourceRef, data: CloudData, vips: [VIPRow]) -> DetailView {
        switch ref {
        case .network(let id):
            guard let n = data.networks.first(where: { $0.id == id }) else { return missing(ref) }
            return network(n, data: data)
        case .subnet(let id):
            guard let s = data.subnets.first(where: { $0.id == id }) else { return missing(ref) }
            return subnet(s, data: data)
        case .port(let id):
            guard let p = data.ports.first(where: { $0.id == id }) else { return missing(ref) }
            return port(p, data: data, vips: vips)
        case .server(let id):
            guard let s = data.servers.first(where: { $0.id == id }) else { return missing(ref) }
            return server(s, data: data)
        case .journalRun(let id):
            // Not cloud data: `AppState.detailView` builds it from the journal.
            return JournalDetails.missing(id)
        }
    }

    static func missing(_ ref: ResourceRef) -> DetailView {
        DetailView(title: "\(ref.kind.capitalized) \(ref.id)",
                   lines: [DetailLine("", "not loaded: it may still be loading, or it was deleted")], json: [])
    }

    static func named(_ name: String, _ id: String) -> String { name.isEmpty ? id : "\(name) (\(id))" }

    static func yesNo(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "-" }

    static func network(_ n: Network, data: CloudData) -> DetailView {
        var lines = [
            DetailLine("Name", n.name), DetailLine("ID", n.id), DetailLine("Status", n.status ?? "-"),
            DetailLine("Shared", yesNo(n.shared)), DetailLine("External", yesNo(n.external)),
            DetailLine("MTU", n.mtu.map(String.init) ?? "-"),
            DetailLine("Port security", n.portSecurityEnabled.map { $0 ? "enabled" : "disabled" } ?? "-"),
            DetailLine("Project", n.projectID ?? "-"),
        ]
        let row = Rows.networks([n], subnets: data.subnets, ports: data.ports)[0]
        for s in row.subnets {
            let free = s.freeIPs.map(CountText.format) ?? "?"
            lines.append(DetailLine("Subnet", "\(s.name.isEmpty ? s.id : s.name) \(s.cidr), \(free) free", link: .detail(.subnet(s.id))))
        }
        return DetailView(title: "Network \(n.name.isEmpty ? n.id : n.name)", lines: lines, json: json(n))
    }

    static func subnet(_ s: Subnet, data: CloudData) -> DetailView {
        var used: Set<String> = []
        for p in data.ports {
            for f in p.fixedIPs where f.subnetID == s.id { used.insert(f.ipAddress) }
        }
        let summary = SubnetSummary(subnet: s, usedIPs: used)
        let net = data.networks.first { $0.id == s.networkID }
        var lines = [
            DetailLine("Name", s.name), DetailLine("ID", s.id),
            DetailLine("Network", named(net?.name ?? "", s.networkID), link: .detail(.network(s.networkID))),
            DetailLine("CIDR", s.cidr), DetailLine("IP version", String(s.ipVersion)),
            DetailLine("Gateway", s.gatewayIP ?? "-"), DetailLine("DHCP", yesNo(s.enableDHCP)),
        ]
        for p in summary.pools { lines.append(DetailLine("Pool", p)) }
        lines.append(DetailLine("Free IPs", summary.freeIPs.map { String($0) } ?? "?"))
        return DetailView(title: "Subnet \(s.name.isEmpty ? s.id : s.name)", lines: lines, json: json(s))
    }

    static func port(_ p: CloudAPI.Port, data: CloudData, vips: [VIPRow]) -> DetailView {
        let net = data.networks.first { $0.id == p.networkID }
        var lines = [
            DetailLine("Name", p.name), DetailLine("ID", p.id), DetailLine("Status", p.status),
            DetailLine("Network", named(net?.name ?? "", p.networkID), link: .detail(.network(p.networkID))),
        ]
        for f in p.fixedIPs {
            let sub = data.subnets.first { $0.id == f.subnetID }
            let where_ = sub.map { " in \($0.name.isEmpty ? $0.id : $0.name) \($0.cidr)" } ?? ""
            lines.append(DetailLine("Fixed IP", f.ipAddress + where_, link: .detail(.subnet(f.subnetID))))
        }
        lines.append(DetailLine("MAC", p.macAddress))
        lines.append(DetailLine("Device owner", p.deviceOwner))
        if let s = data.servers.first(where: { $0.id == p.deviceID }) {
            lines.append(DetailLine("Server", named(s.name, s.id), link: .detail(.server(s.id))))
        } else {
            lines.append(DetailLine("Device", p.deviceID.isEmpty ? "-" : p.deviceID))
        }
        if p.allowedAddressPairs.isEmpty { lines.append(DetailLine("Pairs", "none")) }
        for pair in p.allowedAddressPairs {
            lines.append(DetailLine("Pair", pair.ipAddress + (pair.macAddress.map { " " + $0 } ?? "")))
        }
        let check: String
        if p.holdsCheckOffPair {
            check = "off (1.1.1.1/0 in the pairs)"
        } else if p.portSecurityEnabled == false {
            check = "off (port security disabled)"
        } else {
            check = "on"
        }
        lines.append(DetailLine("S/D check", check))
        lines.append(DetailLine("Port security", p.portSecurityEnabled.map { $0 ? "enabled" : "disabled" } ?? "-"))
        lines.append(DetailLine("Revision", p.revisionNumber.map(String.init) ?? "-"))
        if p.isVIP {
            let names = vips.first { $0.id == p.id }?.bound.compactMap { $0.serverID == nil ? nil : $0.label } ?? []
            lines.append(DetailLine("Bound servers", "\(names.count)" + (names.isEmpty ? "" : ": " + names.joined(separator: ", ")),
                                    link: .boundServers(vip: p.id)))
        } else {
            let holding = vips.filter { $0.bound.contains { $0.nicPortID == p.id } }.map(\.address)
            lines.append(DetailLine("VIPs holding its IP", "\(holding.count)" + (holding.isEmpty ? "" : ": " + holding.joined(separator: ", ")),
                                    link: .vipsHolding(port: p.id)))
        }
        return DetailView(title: "Port \(p.name.isEmpty ? p.id : p.name)", lines: lines, json: json(p))
    }

    static func server(_ s: Server, data: CloudData) -> DetailView {
        var lines = [DetailLine("Name", s.name), DetailLine("ID", s.id), DetailLine("Status", s.status)]
        for net in s.addresses.keys.sorted() {
            for a in s.addresses[net] ?? [] {
                lines.append(DetailLine("Address", "\(a.addr) on \(net)" + (a.type.map { " (\($0))" } ?? "")))
            }
        }
        let nics = data.ports.filter { $0.deviceID == s.id && !$0.isVIP }
        lines.append(DetailLine("NICs", String(nics.count), link: .nics(server: s.id)))
        for nic in nics {
            let ips = nic.fixedIPs.map(\.ipAddress).joined(separator: ", ")
            lines.append(DetailLine("NIC", (ips.isEmpty ? "no IP" : ips) + " port " + named(nic.name, nic.id), link: .detail(.port(nic.id))))
        }
        return DetailView(title: "Server \(s.name.isEmpty ? s.id : s.name)", lines: lines, json: json(s))
    }

    /// Pretty-printed, sorted keys, one string per line.
    static func json<T: Encodable>(_ value: T) -> [String] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? enc.encode(value) else { return ["(cannot encode as JSON)"] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Everything known about an error, one field per line, for the error details overlay.
    public static func errorLines(_ e: CloudError) -> [DetailLine] {
        var lines = [DetailLine("Summary", e.oneLine)]
        switch e {
        case .http(let f):
            lines += [DetailLine("Service", f.service), DetailLine("Request", "\(f.method) \(f.path)"),
                      DetailLine("Status", String(f.status)), DetailLine("Type", f.type ?? "-")]
            for (i, m) in (f.message ?? "-").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append(DetailLine(i == 0 ? "Message" : "", String(m)))
            }
            lines.append(DetailLine("Request ID", f.requestID ?? "-"))
        case .transport(let t):
            lines += [DetailLine("Failure", t.kind.rawValue), DetailLine("URL", t.url), DetailLine("Detail", t.detail)]
        case .undecodable(let u):
            lines += [DetailLine("URL", u.url), DetailLine("Status", String(u.status)), DetailLine("Content type", u.contentType ?? "-"),
                      DetailLine("Reason", u.reason), DetailLine("Request ID", u.requestID ?? "-")]
        case .responseTooLarge(let url, let limit):
            lines += [DetailLine("URL", url), DetailLine("Limit", "\(limit) bytes")]
        case .config(let c):
            lines += [DetailLine("File", c.file ?? "-"), DetailLine("Line", c.line.map(String.init) ?? "-"),
                      DetailLine("Key", c.key ?? "-"), DetailLine("Message", c.message)]
        case .lookup(let l):
            lines += [DetailLine("Kind", l.kind), DetailLine("Name", l.name), DetailLine("Candidates", l.candidates.joined(separator: ", "))]
        case .noEndpoint(let service, let interface, let region):
            lines += [DetailLine("Service", service), DetailLine("Interface", interface), DetailLine("Region", region ?? "-")]
        }
        return lines
    }
}
