import ArgumentParser
import CloudAPI
import Foundation
import L10n
import VIPCore

// `vipctl vip create|bind|unbind|delete`: the headless twins of the UI's VIP workflows. Each
// prints the plan (every request exactly as it will be sent), asks on a terminal, applies with
// --yes, only prints with --dry-run (see VipFlow).

/// What every changing command's help says about applying (HelpText, in the language in effect).
var applyDiscussion: String { HelpText.applyDiscussion.text }

/// A changing command's help: its example, what it does beyond the abstract, then how applying goes.
func discussion(_ example: String, _ what: HelpDiscussionText) -> String {
    HelpDiscussionText.example(example) + "\n\n" + what.text + "\n" + applyDiscussion
}

struct VipGroup: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "vip",
        abstract: HelpText.vipGroup.text,
        subcommands: [VipCreate.self, VipBind.self, VipUnbind.self, VipDelete.self]
    ) }
}

struct VipCreate: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "create",
        abstract: HelpText.vipCreate.text,
        discussion: discussion("vipctl vip create --network prod-net --ip 192.168.10.50 --name vip-app --bind app-01 --bind app-02",
                               .vipCreate)
    ) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Option(help: ArgumentHelp(HelpText.createNetwork.text)) var network: String
    @Option(help: ArgumentHelp(HelpText.createSubnet.text)) var subnet: String?
    @Option(help: ArgumentHelp(HelpText.createIP.text)) var ip: String?
    @Option(help: ArgumentHelp(HelpText.createName.text)) var name: String?
    @Option(help: ArgumentHelp(HelpText.createBind.text, valueName: "SERVER[:NIC-IP]"))
    var bind: [String] = []

    func run() async throws {
        let me = self
        try await VipFlow.run(command: "vip create", cloud: cloud, opts: apply) { r throws(CommandFailure) in try me.resolve(r) }
    }

    /// The intent of these arguments (also what `vipctl export ... vip create` plans).
    func resolve(_ r: Resolver) throws(CommandFailure) -> Resolved {
        let net = try r.network(network)
        let sub = try subnet.map { s throws(CommandFailure) in try r.subnet(s, in: net) }
        var nics: [CloudAPI.Port] = []
        var bound: [String] = []
        var firstServer: String?
        for b in bind {
            let (srv, nicArg) = try r.serverAndNIC(b)
            if firstServer == nil { firstServer = srv.name }
            let nic = try r.nic(of: srv, nic: nicArg, network: net)
            guard !nics.contains(where: { $0.id == nic.id }) else { continue }
            nics.append(nic)
            bound.append(r.nicLabel(nic))
        }
        let vipName = name ?? CreateVIP.defaultName(firstServer: firstServer, address: ip, network: net, networkID: net.id)
        var headline = CommandText.headCreate(Inert.name(vipName), r.label(net))
        if let sub { headline += CommandText.headSubnet(sub.name.isEmpty ? sub.id : Inert.name(sub.name), sub.cidr) }
        headline += ip.map { CommandText.headAt($0) } ?? CommandText.headAutomatic.text
        if !bound.isEmpty { headline += CommandText.headBoundTo(bound.joined(separator: PlanText.listSeparator.text)) }
        return Resolved(intent: .createVIP(CreateVIP(networkID: net.id, subnetID: sub?.id, ipAddress: ip, name: vipName,
                                                     bindNICs: nics.map(\.id))),
                        headline: headline)
    }
}

struct VipBind: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "bind",
        abstract: HelpText.vipBind.text,
        discussion: discussion("vipctl vip bind vip-web --server web-01", .vipBind)
    ) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Argument(help: ArgumentHelp(HelpText.vipArgument.text)) var vip: String
    @Option(help: ArgumentHelp(HelpText.bindServer.text)) var server: String
    @Option(help: ArgumentHelp(HelpText.bindNIC.text, valueName: "PORT-OR-IP")) var nic: String?

    func run() async throws {
        let me = self
        try await VipFlow.run(command: "vip bind", cloud: cloud, opts: apply) { r throws(CommandFailure) in try me.resolve(r) }
    }

    /// The intent of these arguments (also what `vipctl export ... vip bind` plans).
    func resolve(_ r: Resolver) throws(CommandFailure) -> Resolved {
        let v = try r.vip(vip)
        let (srv, nicFromServer) = try r.serverAndNIC(server)
        guard let net = r.inv.network(v.networkID) else { throw CommandFailure(CommandText.vipNetworkNotVisible(r.vipLabel(v))) }
        let p = try r.nic(of: srv, nic: nic ?? nicFromServer, network: net)
        return Resolved(intent: .bind(vipPortID: v.id, nicPortIDs: [p.id]),
                        headline: CommandText.headBind(r.vipLabel(v), r.nicLabel(p)))
    }
}

struct VipUnbind: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "unbind",
        abstract: HelpText.vipUnbind.text,
        discussion: discussion("vipctl vip unbind vip-web --server lb-02", .vipUnbind)
    ) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Argument(help: ArgumentHelp(HelpText.vipArgument.text)) var vip: String
    @Option(help: ArgumentHelp(HelpText.unbindServer.text)) var server: String
    @Option(help: ArgumentHelp(HelpText.unbindNIC.text, valueName: "PORT-OR-IP")) var nic: String?

    func run() async throws {
        let me = self
        try await VipFlow.run(command: "vip unbind", cloud: cloud, opts: apply) { r throws(CommandFailure) in try me.resolve(r) }
    }

    /// The intent of these arguments (also what `vipctl export ... vip unbind` plans).
    func resolve(_ r: Resolver) throws(CommandFailure) -> Resolved {
        let v = try r.vip(vip)
        let (srv, nicFromServer) = try r.serverAndNIC(server)
        guard let net = r.inv.network(v.networkID) else { throw CommandFailure(CommandText.vipNetworkNotVisible(r.vipLabel(v))) }
        let nics: [CloudAPI.Port]
        if let n = nic ?? nicFromServer {
            nics = [try r.nic(of: srv, nic: n, network: net)]
        } else {
            let binding = r.inv.vipBindings().first { $0.vip.id == v.id }
            let bound = (binding?.bound ?? []).compactMap(\.nic).filter { $0.deviceID == srv.id }
            let inNet = r.inv.nics(of: srv.id).filter { $0.networkID == v.networkID }
            guard !inNet.isEmpty else {
                throw CommandFailure(CommandText.serverNoNICInVIPNetwork(r.label(srv), r.label(net), r.nicList(r.inv.nics(of: srv.id))))
            }
            // The bound ones; when none is bound the planner says there is nothing to do.
            nics = bound.isEmpty ? inNet : bound
        }
        return Resolved(intent: .unbind(vipPortID: v.id, nicPortIDs: nics.map(\.id)),
                        headline: CommandText.headUnbind(nics.map(r.nicLabel).joined(separator: PlanText.listSeparator.text), r.vipLabel(v)))
    }
}

struct VipDelete: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "delete",
        abstract: HelpText.vipDelete.text,
        discussion: discussion("vipctl vip delete vip-db --unbind", .vipDelete)
    ) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Argument(help: ArgumentHelp(HelpText.vipArgument.text)) var vip: String
    @Flag(help: ArgumentHelp(HelpText.deleteUnbind.text)) var unbind = false

    func run() async throws {
        let (vip, unbind) = (self.vip, self.unbind)
        try await VipFlow.run(command: "vip delete", cloud: cloud, opts: apply) { r throws(CommandFailure) in
            let v = try r.vip(vip)
            return Resolved(intent: .deleteVIP(vipPortID: v.id, unbindFirst: unbind),
                            headline: unbind ? CommandText.headDeleteUnbinding(r.vipLabel(v)) : CommandText.headDelete(r.vipLabel(v)))
        }
    }
}
