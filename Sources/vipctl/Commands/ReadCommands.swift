import ArgumentParser
import CloudAPI
import Foundation
import L10n
import VIPCore

// Headless read commands. Each prints a table (default) or stable JSON (`--output json`,
// documented in the README), exits 0 on success and non-zero with one line on stderr.

struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText.output.text))
    var output: OutputFormat = .table

    func emit<T: Encodable>(_ value: T, table: () -> Table) {
        switch output {
        case .json:
            // Data for programs: English whatever the language.
            Console.json(L10n.with(.en) { Console.encodeJSON(value) })
        case .table:
            Console.out(table().render())
        }
    }
}

// MARK: JSON shapes

struct FixedIPOut: Encodable {
    let subnet_id: String
    let ip_address: String
    init(_ f: FixedIP) {
        subnet_id = f.subnetID
        ip_address = f.ipAddress
    }
}

struct PairOut: Encodable {
    let ip_address: String
    let mac_address: String?
    init(_ p: AddressPair) {
        ip_address = p.ipAddress
        mac_address = p.macAddress
    }
}

struct PortOut: Encodable {
    let id, name, network_id, device_owner, device_id, status, mac_address: String
    let fixed_ips: [FixedIPOut]
    let allowed_address_pairs: [PairOut]
    let source_dest_check: String
    let port_security_enabled: Bool?
    let revision_number: Int?

    init(_ p: CloudAPI.Port) {
        id = p.id
        name = p.name
        network_id = p.networkID
        device_owner = p.deviceOwner
        device_id = p.deviceID
        status = p.status
        mac_address = p.macAddress
        fixed_ips = p.fixedIPs.map(FixedIPOut.init)
        allowed_address_pairs = p.allowedAddressPairs.map(PairOut.init)
        source_dest_check = Fmt.check(p)
        port_security_enabled = p.portSecurityEnabled
        revision_number = p.revisionNumber
    }
}

enum Fmt {
    static func ips(_ p: CloudAPI.Port) -> String { p.fixedIPs.map(\.ipAddress).joined(separator: ",") }
    /// VIPCore's one rule (`Port.sourceDestCheckText`).
    static func check(_ p: CloudAPI.Port) -> String { p.sourceDestCheckText }
    /// A check word of the JSON ("on", "off", "unknown") as a table shows it, in the language
    /// in effect.
    static func checkWord(_ word: String) -> String {
        switch word {
        case "on": Common.checkOn.text
        case "off": Common.checkOff.text
        case "unknown": Common.unknown.text
        default: word
        }
    }
}

// MARK: commands

struct Networks: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpText.networks.text) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var out: OutputOptions

    struct SubnetRef: Encodable { let id, name, cidr: String; let gateway_ip: String? }
    struct Row: Encodable { let id, name: String; let status: String?; let shared: Bool?; let subnets: [SubnetRef] }

    func run() async throws {
        let (nets, subs) = try await cloud.withSession { s throws(CloudError) in
            let n = NeutronAPI(session: s)
            // Bound first: Swift 6.3.1's -O can drop a tuple element stored before an await.
            let networks = try await n.networks()
            let subnets = try await n.subnets()
            return (networks, subnets)
        }
        let byID = Dictionary(subs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = nets.map { n in
            Row(id: n.id, name: n.name, status: n.status, shared: n.shared,
                subnets: n.subnets.compactMap { byID[$0] }.map { SubnetRef(id: $0.id, name: $0.name, cidr: $0.cidr, gateway_ip: $0.gatewayIP) })
        }
        out.emit(rows) {
            Table(header: [CommandText.colID.text, CommandText.colName.text, CommandText.colStatus.text, CommandText.colSubnets.text],
                  rows: rows.map { [$0.id, $0.name, $0.status ?? "", $0.subnets.map { "\($0.name) \($0.cidr)" }.joined(separator: ", ")] })
        }
    }
}

struct Subnets: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpText.subnets.text) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var out: OutputOptions
    @Option(help: ArgumentHelp(HelpText.subnetsNetwork.text)) var network: String?

    struct Pool: Encodable { let start, end: String }
    struct Row: Encodable {
        let id, name, network_id, cidr: String
        let ip_version: Int
        let gateway_ip: String?
        let allocation_pools: [Pool]
    }

    func run() async throws {
        let filters = network.map { [("network_id", $0)] } ?? []
        let subs = try await cloud.withSession { s throws(CloudError) in try await NeutronAPI(session: s).subnets(filters: filters) }
        let rows = subs.map {
            Row(id: $0.id, name: $0.name, network_id: $0.networkID, cidr: $0.cidr, ip_version: $0.ipVersion, gateway_ip: $0.gatewayIP,
                allocation_pools: $0.allocationPools.map { Pool(start: $0.start, end: $0.end) })
        }
        out.emit(rows) {
            Table(header: [CommandText.colID, .colName, .colNetwork, .colCIDR, .colGateway, .colPools].map(\.text),
                  rows: rows.map { [$0.id, $0.name, $0.network_id, $0.cidr, $0.gateway_ip ?? "-",
                                    $0.allocation_pools.map { "\($0.start)-\($0.end)" }.joined(separator: ",")] })
        }
    }
}

struct Ports: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpText.ports.text) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var out: OutputOptions
    @Option(name: .customLong("device-owner"), help: ArgumentHelp(HelpText.portsDeviceOwner.text)) var deviceOwner: String?
    @Option(help: ArgumentHelp(HelpText.portsNetwork.text)) var network: String?
    @Option(name: .customLong("device-id"), help: ArgumentHelp(HelpText.portsDeviceID.text)) var deviceID: String?

    func run() async throws {
        var filters: [(String, String)] = []
        if let deviceOwner { filters.append(("device_owner", deviceOwner)) }
        if let network { filters.append(("network_id", network)) }
        if let deviceID { filters.append(("device_id", deviceID)) }
        // Page by page: JSON is written as each page arrives, the table keeps only its cells,
        // so 100,000 ports never sit in memory at once. The next page is fetched while one is
        // written.
        let json = out.output == .json
        let cells = try await cloud.withSession { s throws(CloudError) -> [[String]] in
            let cursor = NeutronAPI(session: s).portCursor(filters: filters)
            var rows: [[String]] = []
            var stream = Console.JSONArrayStream()
            var page = try await cursor.next()
            while let items = page {
                async let following = cursor.next()
                if json {
                    // Data for programs: English whatever the language.
                    L10n.with(.en) { stream.write(items.map(PortOut.init)) }
                } else {
                    rows += items.map(Ports.cells)
                }
                do {
                    page = try await following
                } catch {
                    throw CloudSession.asCloudError(error)
                }
            }
            if json { stream.finish() }
            return rows
        }
        if !json {
            Console.out(Table(header: [CommandText.colID, .colName, .colOwner, .colFixedIPs, .colPairs, .colCheck, .colStatus].map(\.text),
                              rows: cells).render())
        }
    }

    static func cells(_ p: CloudAPI.Port) -> [String] {
        [p.id, p.name, p.deviceOwner, Fmt.ips(p), String(p.allowedAddressPairs.count), Fmt.checkWord(Fmt.check(p)), p.status]
    }
}

struct Servers: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpText.servers.text) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var out: OutputOptions

    struct Row: Encodable {
        let id, name, status: String
        let ips: [String]
        let nics: Int
    }

    func run() async throws {
        let inv = try await cloud.withSession { s throws(CloudError) in try await Inventory.load(s) }
        let rows = inv.servers.map { s in
            let nics = inv.nics(of: s.id)
            let ips = s.ipAddresses.isEmpty ? nics.flatMap { $0.fixedIPs.map(\.ipAddress) } : s.ipAddresses
            return Row(id: s.id, name: s.name, status: s.status, ips: ips, nics: nics.count)
        }
        out.emit(rows) {
            Table(header: [CommandText.colID, .colName, .colStatus, .colIPs, .colNICs].map(\.text),
                  rows: rows.map { [$0.id, $0.name, $0.status, $0.ips.joined(separator: ","), String($0.nics)] })
        }
    }
}

struct Nics: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpText.nics.text) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var out: OutputOptions
    @Argument(help: ArgumentHelp(HelpText.nicsServer.text)) var server: String

    struct ServerRef: Encodable { let id, name: String }
    struct NIC: Encodable {
        let port_id, network_id, network_name, mac_address, status: String
        let fixed_ips: [FixedIPOut]
        let allowed_address_pairs: [PairOut]
        let source_dest_check: String
    }
    struct Result: Encodable { let server: ServerRef; let nics: [NIC] }

    func run() async throws {
        let name = server
        let result = try await cloud.withSession { s throws(CloudError) -> Result in
            let inv = try await Inventory.load(s)
            let srv = try inv.findServer(name)
            let attachments = try await NovaAPI(session: s).interfaces(serverID: srv.id)
            let byID = inv.portsByID
            let nics = attachments.map { a in
                let p = byID[a.portID]
                return NIC(port_id: a.portID, network_id: a.netID, network_name: inv.network(a.netID)?.name ?? "",
                           mac_address: a.macAddr, status: a.portState ?? p?.status ?? "",
                           fixed_ips: a.fixedIPs.map(FixedIPOut.init), allowed_address_pairs: (p?.allowedAddressPairs ?? []).map(PairOut.init),
                           source_dest_check: p.map(Fmt.check) ?? "on")
            }
            return Result(server: ServerRef(id: srv.id, name: srv.name), nics: nics)
        }
        out.emit(result) {
            Table(header: [CommandText.colPort, .colNetwork, .colIPs, .colMAC, .colPairs, .colCheck].map(\.text),
                  rows: result.nics.map { [$0.port_id, $0.network_name.isEmpty ? $0.network_id : $0.network_name,
                                           $0.fixed_ips.map(\.ip_address).joined(separator: ","), $0.mac_address,
                                           $0.allowed_address_pairs.map(\.ip_address).joined(separator: ","), Fmt.checkWord($0.source_dest_check)] })
        }
    }
}

struct Vips: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpText.vips.text) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var out: OutputOptions

    struct Bound: Encodable {
        let pair_ip: String
        let port_id: String?
        let server_id: String?
        let server_name: String?
        let source_dest_check: String
        let via: String
    }
    struct Row: Encodable {
        let id, name, address, network_id, network_name: String
        let bound: [Bound]
    }

    func run() async throws {
        let inv = try await cloud.withSession { s throws(CloudError) in try await Inventory.load(s) }
        let rows = inv.vipBindings().map { b in
            Row(id: b.vip.id, name: b.vip.name, address: b.address, network_id: b.vip.networkID, network_name: b.network?.name ?? "",
                bound: b.bound.map { n in
                    Bound(pair_ip: n.pairIP, port_id: n.nic?.id, server_id: n.server?.id ?? n.nic?.deviceID, server_name: n.server?.name,
                          source_dest_check: n.nic == nil ? "unknown" : (n.sourceDestCheckOff ? "off" : "on"), via: n.via.rawValue)
                })
        }
        out.emit(rows) {
            Table(header: [CommandText.colVIP, .colName, .colNetwork, .colBound].map(\.text),
                  rows: rows.map { r in
                      [r.address, r.name, r.network_name.isEmpty ? r.network_id : r.network_name,
                       r.bound.isEmpty ? "-" : r.bound.map { "\($0.server_name ?? $0.server_id ?? "?") \($0.pair_ip) \(Fmt.checkWord($0.source_dest_check))" }
                           .joined(separator: "; ")]
                  })
        }
    }
}
