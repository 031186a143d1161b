import ArgumentParser
import CloudAPI
import Foundation
import L10n
import TerminalUI

@main
struct VipCtl: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "vipctl",
        abstract: HelpText.root.text,
        version: VipctlVersion.string,
        subcommands: [UI.self, Demo.self, Keys.self, Sim.self, Networks.self, Subnets.self, Ports.self, Servers.self, Nics.self,
                      Vips.self, VipGroup.self, NicGroup.self, JournalGroup.self, DoctorCommand.self, ExportCommand.self,
                      ConfigGroup.self],
        defaultSubcommand: UI.self
    ) }

    /// ArgumentParser's own main, except that usage errors (unknown or missing options, bad
    /// values) exit with status 2, like configuration errors, instead of 64.
    static func main() async {
        MemoryTuning.apply()
        // The language first (`--lang`, else LC_ALL / LC_MESSAGES / LANG), so that help, errors
        // and every screen speak it.
        let (arguments, langFlag) = Language.split(Array(CommandLine.arguments.dropFirst()))
        do {
            L10n.setProcessLanguage(try Lang.resolve(flag: langFlag, environment: ProcessInfo.processInfo.environment))
        } catch {
            Console.errLine("Error: \(error.description)")
            Foundation.exit(2)
        }
        do {
            var command = try await asyncParseAsRoot(arguments)
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
