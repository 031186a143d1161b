import CloudAPI
import L10n
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
    /// The resource as the cloud sent it (`Effect.loadRawJSON`), once fetched. Kept apart from
    /// `view`, which is rebuilt from the listings as pages arrive.
    public internal(set) var cloudJSON: [String]?

    public init(ref: ResourceRef, view: DetailView, showsRawJSON: Bool = false, cursor: Int = 0, scroll: Int = 0) {
        self.ref = ref
        self.view = view
        self.showsRawJSON = showsRawJSON
        self.cursor = cursor
        self.scroll = scroll
    }

    /// The raw JSON shown: the cloud's body once fetched, the decoded resource until then.
    public var json: [String] { cloudJSON ?? view.json }

    /// How many lines are shown: JSON lines or field lines.
    public var lineCount: Int { showsRawJSON ? json.count : view.lines.count }

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
        DetailView(title: DetailText.missingTitle(ref.kindTitle, ref.id),
                   lines: [DetailLine("", DetailText.notLoaded.text)], json: [])
    }

    static func named(_ name: String, _ id: String) -> String { name.isEmpty ? id : "\(name) (\(id))" }

    static func yesNo(_ b: Bool?) -> String { b.map { $0 ? Common.yes.text : Common.no.text } ?? "-" }

    static func network(_ n: Network, data: CloudData) -> DetailView {
        var lines = [
            DetailLine(DetailText.labelName.text, n.name), DetailLine(DetailText.labelID.text, n.id), DetailLine(DetailText.labelStatus.text, n.status ?? "-"),
            DetailLine(DetailText.labelShared.text, yesNo(n.shared)), DetailLine(DetailText.labelExternal.text, yesNo(n.external)),
            DetailLine(DetailText.labelMTU.text, n.mtu.map(String.init) ?? "-"),
            DetailLine(DetailText.labelPortSecurity.text, n.portSecurityEnabled.map { $0 ? DetailText.enabled.text : DetailText.disabled.text } ?? "-"),
            DetailLine(DetailText.labelProject.text, n.projectID ?? "-"),
        ]
        let row = Rows.networks([n], subnets: data.subnets, ports: data.ports)[0]
        for s in row.subnets {
            let free = s.freeIPs.map(CountText.format) ?? "?"
            lines.append(DetailLine(DetailText.labelSubnet.text, DetailText.subnetFree(s.name.isEmpty ? s.id : s.name, s.cidr, free), link: .detail(.subnet(s.id))))
        }
        return DetailView(title: DetailText.networkTitle(n.name.isEmpty ? n.id : n.name), lines: lines, json: json(n))
    }

    static func subnet(_ s: Subnet, data: CloudData) -> DetailView {
        var used: Set<String> = []
        for p in data.ports {
            for f in p.fixedIPs where f.subnetID == s.id { used.insert(f.ipAddress) }
        }
        let summary = SubnetSummary(subnet: s, usedIPs: used)
        let net = data.networks.first { $0.id == s.networkID }
        var lines = [
            DetailLine(DetailText.labelName.text, s.name), DetailLine(DetailText.labelID.text, s.id),
            DetailLine(DetailText.labelNetwork.text, named(net?.name ?? "", s.networkID), link: .detail(.network(s.networkID))),
            DetailLine(DetailText.labelCIDR.text, s.cidr), DetailLine(DetailText.labelIPVersion.text, String(s.ipVersion)),
            DetailLine(DetailText.labelGateway.text, s.gatewayIP ?? "-"), DetailLine(DetailText.labelDHCP.text, yesNo(s.enableDHCP)),
        ]
        for p in summary.pools { lines.append(DetailLine(DetailText.labelPool.text, p)) }
        lines.append(DetailLine(DetailText.labelFreeIPs.text, summary.freeIPs.map { String($0) } ?? "?"))
        return DetailView(title: DetailText.subnetTitle(s.name.isEmpty ? s.id : s.name), lines: lines, json: json(s))
    }

    static func port(_ p: CloudAPI.Port, data: CloudData, vips: [VIPRow]) -> DetailView {
        let net = data.networks.first { $0.id == p.networkID }
        var lines = [
            DetailLine(DetailText.labelName.text, p.name), DetailLine(DetailText.labelID.text, p.id), DetailLine(DetailText.labelStatus.text, p.status),
            DetailLine(DetailText.labelNetwork.text, named(net?.name ?? "", p.networkID), link: .detail(.network(p.networkID))),
        ]
        for f in p.fixedIPs {
            let sub = data.subnets.first { $0.id == f.subnetID }
            let value = sub.map { DetailText.fixedIPIn(f.ipAddress, $0.name.isEmpty ? $0.id : $0.name, $0.cidr) } ?? f.ipAddress
            lines.append(DetailLine(DetailText.labelFixedIP.text, value, link: .detail(.subnet(f.subnetID))))
        }
        lines.append(DetailLine(DetailText.labelMAC.text, p.macAddress))
        lines.append(DetailLine(DetailText.labelDeviceOwner.text, p.deviceOwner))
        if let s = data.servers.first(where: { $0.id == p.deviceID }) {
            lines.append(DetailLine(DetailText.labelServer.text, named(s.name, s.id), link: .detail(.server(s.id))))
        } else {
            lines.append(DetailLine(DetailText.labelDevice.text, p.deviceID.isEmpty ? "-" : p.deviceID))
        }
        if p.allowedAddressPairs.isEmpty { lines.append(DetailLine(DetailText.labelPairs.text, Common.none.text)) }
        for pair in p.allowedAddressPairs {
            lines.append(DetailLine(DetailText.labelPair.text, pair.ipAddress + (pair.macAddress.map { " " + $0 } ?? "")))
        }
        let check: String
        if p.holdsCheckOffPair {
            check = DetailText.checkOffPair.text
        } else if p.portSecurityEnabled == false {
            check = DetailText.checkOffPortSecurity.text
        } else {
            check = ScreenText.checkOn.text
        }
        lines.append(DetailLine(DetailText.labelSDCheck.text, check))
        lines.append(DetailLine(DetailText.labelPortSecurity.text, p.portSecurityEnabled.map { $0 ? DetailText.enabled.text : DetailText.disabled.text } ?? "-"))
        lines.append(DetailLine(DetailText.labelRevision.text, p.revisionNumber.map(String.init) ?? "-"))
        if p.isVIP {
            let names = vips.first { $0.id == p.id }?.bound.compactMap { $0.serverID == nil ? nil : $0.label } ?? []
            lines.append(DetailLine(DetailText.labelBoundServers.text, "\(names.count)" + (names.isEmpty ? "" : ": " + names.joined(separator: ", ")),
                                    link: .boundServers(vip: p.id)))
        } else {
            let holding = vips.filter { $0.bound.contains { $0.nicPortID == p.id } }.map(\.address)
            lines.append(DetailLine(DetailText.labelVIPsHoldingItsIP.text, "\(holding.count)" + (holding.isEmpty ? "" : ": " + holding.joined(separator: ", ")),
                                    link: .vipsHolding(port: p.id)))
        }
        return DetailView(title: DetailText.portTitle(p.name.isEmpty ? p.id : p.name), lines: lines, json: json(p))
    }

    static func server(_ s: Server, data: CloudData) -> DetailView {
        var lines = [DetailLine(DetailText.labelName.text, s.name), DetailLine(DetailText.labelID.text, s.id), DetailLine(DetailText.labelStatus.text, s.status)]
        for net in s.addresses.keys.sorted() {
            for a in s.addresses[net] ?? [] {
                lines.append(DetailLine(DetailText.labelAddress.text, a.type.map { DetailText.addressOnTyped(a.addr, net, $0) } ?? DetailText.addressOn(a.addr, net)))
            }
        }
        let nics = data.ports.filter { $0.deviceID == s.id && !$0.isVIP }
        lines.append(DetailLine(DetailText.labelNICs.text, String(nics.count), link: .nics(server: s.id)))
        for nic in nics {
            let ips = nic.fixedIPs.map(\.ipAddress).joined(separator: ", ")
            lines.append(DetailLine(DetailText.labelNIC.text, DetailText.nicLine(ips.isEmpty ? DetailText.noIP.text : ips, named(nic.name, nic.id)), link: .detail(.port(nic.id))))
        }
        return DetailView(title: DetailText.serverTitle(s.name.isEmpty ? s.id : s.name), lines: lines, json: json(s))
    }

    /// Pretty-printed, sorted keys, one string per line.
    static func json<T: Encodable>(_ value: T) -> [String] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? enc.encode(value) else { return [DetailText.cannotEncode.text] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Everything known about an error, one field per line, for the error details overlay.
    public static func errorLines(_ e: CloudError) -> [DetailLine] {
        var lines = [DetailLine(DetailText.labelSummary.text, e.oneLine)]
        switch e {
        case .http(let f):
            lines += [DetailLine(DetailText.labelService.text, f.service), DetailLine(DetailText.labelRequest.text, "\(f.method) \(f.path)"),
                      DetailLine(DetailText.labelStatus.text, String(f.status)), DetailLine(DetailText.labelType.text, f.type ?? "-")]
            for (i, m) in (f.message ?? "-").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append(DetailLine(i == 0 ? DetailText.labelMessage.text : "", String(m)))
            }
            lines.append(DetailLine(DetailText.labelRequestID.text, f.requestID ?? "-"))
        case .transport(let t):
            lines += [DetailLine(DetailText.labelFailure.text, t.kind.rawValue), DetailLine(DetailText.labelURL.text, t.url), DetailLine(DetailText.labelDetail.text, t.detail)]
        case .undecodable(let u):
            lines += [DetailLine(DetailText.labelURL.text, u.url), DetailLine(DetailText.labelStatus.text, String(u.status)), DetailLine(DetailText.labelContentType.text, u.contentType ?? "-"),
                      DetailLine(DetailText.labelReason.text, u.reason), DetailLine(DetailText.labelRequestID.text, u.requestID ?? "-")]
        case .responseTooLarge(let url, let limit):
            lines += [DetailLine(DetailText.labelURL.text, url), DetailLine(DetailText.labelLimit.text, DetailText.bytes(limit))]
        case .config(let c):
            lines += [DetailLine(DetailText.labelFile.text, c.file ?? "-"), DetailLine(DetailText.labelLine.text, c.line.map(String.init) ?? "-"),
                      DetailLine(DetailText.labelKey.text, c.key ?? "-"), DetailLine(DetailText.labelMessage.text, c.message)]
        case .lookup(let l):
            lines += [DetailLine(DetailText.labelKind.text, l.kind), DetailLine(DetailText.labelName.text, l.name), DetailLine(DetailText.labelCandidates.text, l.candidates.joined(separator: ", "))]
        case .noEndpoint(let service, let interface, let region):
            lines += [DetailLine(DetailText.labelService.text, service), DetailLine(DetailText.labelInterface.text, interface), DetailLine(DetailText.labelRegion.text, region ?? "-")]
        }
        return lines
    }
}
