import ArgumentParser
import CloudAPI
import Foundation
import L10n
import Synchronization
import VIPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// What the changing commands (`vip create|bind|unbind|delete`, `nic check`) share: the apply
// options, name resolution, the plan and report as text and JSON, and the one flow they all
// follow: read, resolve, plan, print, confirm, apply, report.

/// `--strategy`: how the cloud binds a VIP.
enum StrategyArg: String, ExpressibleByArgument, CaseIterable {
    case huawei, openstack
    var strategy: VIPStrategy { self == .huawei ? .huawei : .openstack }
}

/// The options every changing command takes (after the subcommand, like the cloud options).
struct ApplyOptions: ParsableArguments {
    @Flag(name: [.customShort("y"), .long], help: ArgumentHelp(HelpText.yes.text))
    var yes = false
    @Flag(name: .customLong("dry-run"), help: ArgumentHelp(HelpText.dryRun.text))
    var dryRun = false
    @Flag(name: .customLong("read-only"), help: ArgumentHelp(HelpText.readOnly.text))
    var readOnly = false
    @Option(help: ArgumentHelp(HelpText.strategy.text))
    var strategy: StrategyArg?
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText.applyOutput.text))
    var output: OutputFormat = .table

    func validate() throws {
        if yes && dryRun { throw ValidationError(CommandText.yesAndDryRun.text) }
    }
}

/// Ends a command: `message` (one line, prefixed `vipctl: `) on stderr, then `code`.
struct CommandFailure: Error {
    let message: String
    let code: Int32
    init(_ message: String, code: Int32 = 1) {
        self.message = message
        self.code = code
    }
}

// MARK: resolving names

/// Name or id lookups over one inventory read. Exact matches only; an ambiguous name is an
/// error that lists the candidates (CloudError.lookup).
struct Resolver {
    let inv: Inventory
    /// The strategy the plan is made with (the doctor's checks depend on it).
    var strategy: VIPStrategy = .huawei

    func network(_ s: String) throws(CommandFailure) -> Network {
        if let n = inv.networks.first(where: { $0.id == s }) { return n }
        let named = inv.networks.filter { $0.name == s }
        if named.count == 1 { return named[0] }
        throw CommandFailure(LookupFailure(kind: "network", name: s, candidates: named.map(\.id)).oneLine)
    }

    func subnet(_ s: String, in net: Network) throws(CommandFailure) -> Subnet {
        let mine = inv.subnets.filter { $0.networkID == net.id }
        if let sub = mine.first(where: { $0.id == s }) { return sub }
        let named = mine.filter { $0.name == s || $0.cidr == s }
        if named.count == 1 { return named[0] }
        if named.isEmpty {
            throw CommandFailure(CommandText.networkHasNoSubnet(label(net), s,
                                                                mine.map { "\($0.name.isEmpty ? $0.id : $0.name) \($0.cidr)" }.joined(separator: ", ")))
        }
        throw CommandFailure(LookupFailure(kind: "subnet", name: s, candidates: named.map(\.id)).oneLine)
    }

    /// A VIP port by id, name or address (among VIP ports; a port found by id must be one).
    func vip(_ s: String) throws(CommandFailure) -> CloudAPI.Port {
        if let p = inv.ports.first(where: { $0.id == s }) {
            // By id also a port attached to nothing (a VIP reserved without device_owner).
            guard p.isVIP || (p.deviceOwner.isEmpty && p.deviceID.isEmpty) else {
                throw CommandFailure(CommandText.notAVIPPort(s, p.deviceOwner, CloudAPI.Port.vipOwner))
            }
            return p
        }
        let vips = inv.ports.filter(\.isVIP)
        var found = vips.filter { $0.name == s }
        if found.isEmpty { found = vips.filter { $0.fixedIPs.contains { $0.ipAddress == s } } }
        if found.count == 1 { return found[0] }
        throw CommandFailure(LookupFailure(kind: "VIP", name: s, candidates: found.map(\.id)).oneLine)
    }

    func server(_ s: String) throws(CommandFailure) -> Server {
        do { return try inv.findServer(s) } catch { throw CommandFailure(error.oneLine) }
    }

    /// `SERVER` or `SERVER:NIC` (NIC: a port id or one of its IPs). The whole string is tried as
    /// a server first, so names holding `:` still work; then it is cut at the first `:`.
    func serverAndNIC(_ s: String) throws(CommandFailure) -> (Server, String?) {
        let whole: CommandFailure
        do { return (try server(s), nil) } catch { whole = error }
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex else { throw whole }
        let name = String(s[..<colon]), nic = String(s[s.index(after: colon)...])
        guard let srv = try? server(name) else { throw whole }
        return (srv, nic.isEmpty ? nil : nic)
    }

    /// The NIC of `server` to bind to a VIP in `network`: `nic` (port id or IP) when given,
    /// else its only NIC in that network.
    func nic(of server: Server, nic: String?, network: Network) throws(CommandFailure) -> CloudAPI.Port {
        let nics = inv.nics(of: server.id)
        let inNet = nics.filter { $0.networkID == network.id }
        if let nic {
            guard let p = nics.first(where: { $0.id == nic || $0.fixedIPs.contains { $0.ipAddress == nic } }) else {
                throw CommandFailure(CommandText.serverNoSuchNIC(label(server), nic, nicList(nics)))
            }
            guard p.networkID == network.id else {
                throw CommandFailure(CommandText.nicWrongNetwork(Fmt.ips(p), label(server), netName(p.networkID), label(network)))
            }
            return p
        }
        if inNet.count == 1 { return inNet[0] }
        if inNet.isEmpty {
            throw CommandFailure(CommandText.serverNoNICInNetwork(label(server), label(network), nicList(nics)))
        }
        throw CommandFailure(CommandText.serverManyNICs(label(server), inNet.count, label(network), nicList(inNet)))
    }

    /// The NIC port of `s` by id, name or fixed IP (any port that is not a VIP).
    func nicPort(_ s: String) throws(CommandFailure) -> CloudAPI.Port {
        if let p = inv.ports.first(where: { $0.id == s }) {
            guard !p.isVIP else { throw CommandFailure(CommandText.vipNotNIC(s)) }
            return p
        }
        let nics = inv.ports.filter { !$0.isVIP }
        var found = nics.filter { $0.name == s && !s.isEmpty }
        if found.isEmpty { found = nics.filter { $0.fixedIPs.contains { $0.ipAddress == s } } }
        if found.count == 1 { return found[0] }
        throw CommandFailure(LookupFailure(kind: "port", name: s, candidates: found.map(\.id)).oneLine)
    }

    func label(_ n: Network) -> String { n.name.isEmpty ? n.id : Inert.name(n.name) }
    func label(_ s: Server) -> String { s.name.isEmpty || s.name == s.id ? Inert.name(s.id) : Inert.name(s.name) }
    func netName(_ id: String) -> String { inv.network(id).map(label) ?? id }
    func vipLabel(_ p: CloudAPI.Port) -> String {
        let ip = p.fixedIPs.first?.ipAddress ?? p.id
        return p.name.isEmpty ? ip : CommandText.vipLabel(Inert.name(p.name), ip)
    }
    func nicLabel(_ p: CloudAPI.Port) -> String {
        let owner = inv.server(p.deviceID).map(label) ?? (p.deviceID.isEmpty ? CommandText.noServer.text : Inert.name(p.deviceID))
        return CommandText.nicLabel(owner, Fmt.ips(p))
    }
    func nicList(_ nics: [CloudAPI.Port]) -> String {
        nics.isEmpty ? CommandText.noneWord.text : nics.map { CommandText.nicListItem(Fmt.ips($0), netName($0.networkID), $0.id) }.joined(separator: PlanText.clauseSeparator.text)
    }
}
