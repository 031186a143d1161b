import ArgumentParser
import CloudAPI
import Foundation
import L10n
import VIPCore

// `vipctl nic check --port PORT on|off`: a NIC's source/destination check, planned and applied
// like the VIP commands (see VipFlow).

struct NicGroup: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "nic", abstract: HelpText.nicGroup.text, subcommands: [NicCheck.self])
    }
}

enum OnOff: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

struct NicCheck: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "check",
        abstract: HelpText.nicCheck.text,
        discussion: discussion("vipctl nic check --port 192.168.20.12 off", .nicCheck)
    ) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Option(help: ArgumentHelp(HelpText.nicPort.text, valueName: "PORT")) var port: String
    @Argument(help: ArgumentHelp(HelpText.nicState.text)) var state: OnOff

    func run() async throws {
        let (port, state) = (self.port, self.state)
        try await VipFlow.run(command: "nic check", cloud: cloud, opts: apply) { r throws(CommandFailure) in
            let p = try r.nicPort(port)
            return Resolved(intent: .setSourceDestCheck(nicPortID: p.id, enabled: state == .on),
                            headline: CommandText.headCheck(OutcomeText.onOff(state == .on), r.nicLabel(p)))
        }
    }
}
