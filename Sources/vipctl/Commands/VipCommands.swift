import ArgumentParser
import CloudAPI
import Foundation
import VIPCore

// `vipctl vip create|bind|unbind|delete`: the headless twins of the UI's VIP workflows. Each
// prints the plan (every request exactly as it will be sent), asks on a terminal, applies with
// --yes, only prints with --dry-run (see VipFlow).

let applyDiscussion = """

    Prints the plan first: the strategy, every request (method, path, exact body, If-Match) and \
    each port's pairs before and after, with warnings. On a terminal it then asks "Apply? [y/N]"; \
    --yes applies without asking, --dry-run only prints. Without a terminal and without either \
    flag it refuses (exit 2). --read-only (or read_only: true in clouds.yaml) never applies. \
    Progress goes to stderr, one line per event; the report to stdout.

    Exit codes: 0 applied (or nothing to do, or a dry run), 1 failed (the report says rolled \
    back or partial) or answered no, 2 usage or configuration error, read-only, or no terminal to ask on.
    """

struct VipGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vip",
        abstract: "Create, bind, unbind and delete VIPs (plan first; --yes, --dry-run).",
        subcommands: [VipCreate.self, VipBind.self, VipUnbind.self, VipDelete.self]
    )
}

struct VipCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a VIP port in a network, optionally binding servers right away.",
        discussion: """
            Example: vipctl vip create --network prod-net --ip 192.168.10.50 --name vip-app --bind app-01 --bind app-02

            A server with several NICs in the network needs SERVER:NIC-IP (or SERVER:PORT-ID).

            """ + applyDiscussion
    )
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Option(help: "Network name or id.") var network: String
    @Option(help: "Subnet name, id or CIDR (else the subnet of the first bound NIC's IP, else Neutron picks).") var subnet: String?
    @Option(help: "The VIP address (else automatic).") var ip: String?
    @Option(help: "Name of the VIP port (default vip-<address>, or vip-<network> when automatic).") var name: String?
    @Option(help: ArgumentHelp("Bind this server (name or id) right away; repeat for more.", valueName: "SERVER[:NIC-IP]"))
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
        var headline = "create VIP \(Inert.name(vipName)) in \(r.label(net))"
        if let sub { headline += " (subnet \(sub.name.isEmpty ? sub.id : Inert.name(sub.name)) \(sub.cidr))" }
        headline += ip.map { " at \($0)" } ?? " (address automatic)"
        if !bound.isEmpty { headline += ", bound to " + bound.joined(separator: ", ") }
        return Resolved(intent: .createVIP(CreateVIP(networkID: net.id, subnetID: sub?.id, ipAddress: ip, name: vipName,
                                                     bindNICs: nics.map(\.id))),
                        headline: headline)
    }
}

struct VipBind: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bind",
        abstract: "Bind a VIP to one more server (the servers already bound stay bound).",
        discussion: """
            Example: vipctl vip bind vip-web --server web-01

            VIP: name, id or address. SERVER: name or id. A server with several NICs in the \
            VIP's network needs --nic (its port id or IP).

            """ + applyDiscussion
    )
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Argument(help: "The VIP: name, port id or address.") var vip: String
    @Option(help: "Server name or id (SERVER:NIC-IP works too).") var server: String
    @Option(help: ArgumentHelp("The server's NIC to bind: port id or IP.", valueName: "PORT-OR-IP")) var nic: String?

    func run() async throws {
        let me = self
        try await VipFlow.run(command: "vip bind", cloud: cloud, opts: apply) { r throws(CommandFailure) in try me.resolve(r) }
    }

    /// The intent of these arguments (also what `vipctl export ... vip bind` plans).
    func resolve(_ r: Resolver) throws(CommandFailure) -> Resolved {
        let v = try r.vip(vip)
        let (srv, nicFromServer) = try r.serverAndNIC(server)
        guard let net = r.inv.network(v.networkID) else { throw CommandFailure("the network of VIP \(r.vipLabel(v)) is not visible") }
        let p = try r.nic(of: srv, nic: nic ?? nicFromServer, network: net)
        return Resolved(intent: .bind(vipPortID: v.id, nicPortIDs: [p.id]),
                        headline: "bind VIP \(r.vipLabel(v)) to \(r.nicLabel(p))")
    }
}

struct VipUnbind: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unbind",
        abstract: "Unbind a server from a VIP (the other servers stay bound).",
        discussion: """
            Example: vipctl vip unbind vip-web --server lb-02

            Unbinds every NIC of the server that the VIP holds (--nic: only that one).

            """ + applyDiscussion
    )
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Argument(help: "The VIP: name, port id or address.") var vip: String
    @Option(help: "Server name or id.") var server: String
    @Option(help: ArgumentHelp("Only this NIC of the server: port id or IP.", valueName: "PORT-OR-IP")) var nic: String?

    func run() async throws {
        let me = self
        try await VipFlow.run(command: "vip unbind", cloud: cloud, opts: apply) { r throws(CommandFailure) in try me.resolve(r) }
    }

    /// The intent of these arguments (also what `vipctl export ... vip unbind` plans).
    func resolve(_ r: Resolver) throws(CommandFailure) -> Resolved {
        let v = try r.vip(vip)
        let (srv, nicFromServer) = try r.serverAndNIC(server)
        guard let net = r.inv.network(v.networkID) else { throw CommandFailure("the network of VIP \(r.vipLabel(v)) is not visible") }
        let nics: [CloudAPI.Port]
        if let n = nic ?? nicFromServer {
            nics = [try r.nic(of: srv, nic: n, network: net)]
        } else {
            let binding = r.inv.vipBindings().first { $0.vip.id == v.id }
            let bound = (binding?.bound ?? []).compactMap(\.nic).filter { $0.deviceID == srv.id }
            let inNet = r.inv.nics(of: srv.id).filter { $0.networkID == v.networkID }
            guard !inNet.isEmpty else {
                throw CommandFailure("server \(r.label(srv)) has no NIC in the VIP's network \(r.label(net)) "
                    + "(its NICs: \(r.nicList(r.inv.nics(of: srv.id))))")
            }
            // The bound ones; when none is bound the planner says there is nothing to do.
            nics = bound.isEmpty ? inNet : bound
        }
        return Resolved(intent: .unbind(vipPortID: v.id, nicPortIDs: nics.map(\.id)),
                        headline: "unbind \(nics.map(r.nicLabel).joined(separator: ", ")) from VIP \(r.vipLabel(v))")
    }
}

struct VipDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a VIP port (refused while it is bound, unless --unbind).",
        discussion: """
            Example: vipctl vip delete vip-db --unbind

            --unbind first unbinds every bound server (as `vip unbind` would), then deletes the port.

            """ + applyDiscussion
    )
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Argument(help: "The VIP: name, port id or address.") var vip: String
    @Flag(help: "Unbind the servers first (else a bound VIP is not deleted).") var unbind = false

    func run() async throws {
        let (vip, unbind) = (self.vip, self.unbind)
        try await VipFlow.run(command: "vip delete", cloud: cloud, opts: apply) { r throws(CommandFailure) in
            let v = try r.vip(vip)
            return Resolved(intent: .deleteVIP(vipPortID: v.id, unbindFirst: unbind),
                            headline: "delete VIP \(r.vipLabel(v))" + (unbind ? ", unbinding its servers first" : ""))
        }
    }
}
