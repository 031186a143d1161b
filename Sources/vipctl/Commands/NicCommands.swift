import ArgumentParser
import CloudAPI
import Foundation
import VIPCore

// `vipctl nic check --port PORT on|off`: a NIC's source/destination check, planned and applied
// like the VIP commands (see VipFlow).

struct NicGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nic",
        abstract: "Change a server NIC (source/destination check).",
        subcommands: [NicCheck.self]
    )
}

enum OnOff: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

struct NicCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Turn a NIC's source/destination check on or off.",
        discussion: """
            Example: vipctl nic check --port 192.168.20.12 off

            off: huawei adds 1.1.1.1/0 to the NIC's pairs (keeping the others); openstack turns \
            its port security off. on: the reverse.

            """ + applyDiscussion
    )
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Option(help: ArgumentHelp("The NIC: port id, port name or fixed IP.", valueName: "PORT")) var port: String
    @Argument(help: "on or off.") var state: OnOff

    func run() async throws {
        let (port, state) = (self.port, self.state)
        try await VipFlow.run(command: "nic check", cloud: cloud, opts: apply) { r throws(CommandFailure) in
            let p = try r.nicPort(port)
            return Resolved(intent: .setSourceDestCheck(nicPortID: p.id, enabled: state == .on),
                            headline: "turn the source/destination check \(state.rawValue) on \(r.nicLabel(p))")
        }
    }
}
