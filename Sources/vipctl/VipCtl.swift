import ArgumentParser
import CloudAPI
import Foundation
import TerminalUI

@main
struct VipCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vipctl",
        abstract: "Bind virtual IPs (VIP ports) to servers on OpenStack and Huawei Cloud, safely.",
        version: VipctlVersion.string,
        subcommands: [UI.self, Demo.self, Keys.self, Sim.self, Networks.self, Subnets.self, Ports.self, Servers.self, Nics.self,
                      Vips.self, VipGroup.self, NicGroup.self, JournalGroup.self],
        defaultSubcommand: UI.self
    )

    /// ArgumentParser's own main, except that usage errors (unknown or missing options, bad
    /// values) exit with status 2, like configuration errors, instead of 64.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot(nil)
            // The headless commands write UTF-8: said once when the terminal decodes another
            // character set (the UI converts or falls back to ASCII itself).
            if !(command is UI || command is Demo || command is Sim),
               let warning = LocaleDecision.headlessWarning(environment: ProcessInfo.processInfo.environment,
                                                            stdoutIsTerminal: isatty(STDOUT_FILENO) == 1)
            {
                Console.errLine(warning)
            }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.err(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
