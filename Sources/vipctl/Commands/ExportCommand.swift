import ArgumentParser
import CloudAPI
import Foundation
import L10n
import VIPCore

// `vipctl export --format F vip create|bind|unbind ARGS...` plans as `vipctl vip ...` would
// (the same arguments, parsed by those commands themselves) and prints the plan as commands,
// Terraform or a Postman collection; the session is read-only, so no write can leave.
// `vipctl export --format F --journal RUN` prints what a journal run changed the same way.

enum ExportFormatArg: String, CaseIterable, ExpressibleByArgument {
    case openstack, curl, terraform, postman

    var format: ExportFormat { ExportFormat(rawValue: rawValue) ?? .openstack }
}

struct ExportCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "export",
            abstract: ExportText.abstract.text,
            discussion: HelpText.exportDiscussion.text
        )
    }

    @Option(help: ArgumentHelp(HelpText.exportFormat.text)) var format: ExportFormatArg
    @Option(help: ArgumentHelp(HelpText.exportJournal.text, valueName: "RUN"))
    var journal: String?
    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp(HelpText.exportCommand.text, valueName: "COMMAND"))
    var command: [String] = []

    func run() async throws {
        if let journal {
            guard command.isEmpty else { return try fail(ExportText.notBoth.text, code: 2) }
            return try exportJournal(journal)
        }
        guard command.count >= 2, command[0] == "vip" else {
            return try fail(command.isEmpty ? ExportText.needsWhat.text : ExportText.cannotExport(command.prefix(2).joined(separator: " ")), code: 2)
        }
        let rest = Array(command.dropFirst(2))
        let parsed: any ExportableCommand
        switch command[1] {
        case "create": parsed = try Self.parse(VipCreate.self, rest)
        case "bind": parsed = try Self.parse(VipBind.self, rest)
        case "unbind": parsed = try Self.parse(VipUnbind.self, rest)
        default: return try fail(ExportText.cannotExport("vip " + command[1]), code: 2)
        }
        let format = self.format.format
        do {
            let text = try await ExportCommand.planned(parsed, format: format)
            Console.out(text)
            Console.errLine("vipctl: " + ExportText.exportOnly.text)
        } catch let f as CommandFailure {
            try fail(f.message, code: f.code)
        }
    }

    /// The arguments as `vipctl vip ...` parses them; its help (`--help`) or usage error as it prints them.
    static func parse<C: ParsableCommand>(_ type: C.Type, _ arguments: [String]) throws -> C {
        do {
            return try C.parse(arguments)
        } catch {
            let code = C.exitCode(for: error)
            if code == .success {
                Console.out(C.fullMessage(for: error) + "\n")
            } else {
                Console.err(C.fullMessage(for: error))
            }
            throw code == .success ? ExitCode.success : ExitCode(2)
        }
    }

    func fail(_ message: String, code: Int32) throws {
        if !message.isEmpty { Console.errLine("vipctl: \(message)") }
        throw ExitCode(code)
    }

    func exportJournal(_ id: String) throws {
        let store = JournalFile.store
        let runs = JournalFile.runs(store)
        switch JournalRun.find(id, in: runs) {
        case .found(let run):
            guard let plan = Export.plan(of: run) else { return try fail(ExportText.journalNothing(run.runID.prefix(8)), code: 1) }
            let title = "journal run \(run.runID.prefix(8)): \(run.latest.summary)"
            Console.out(Export.render(plan, as: format.format, context: ExportContext(title: title)))
        case .none:
            try fail(ExportText.journalNoRun(store.path, JournalText.clean(id)), code: 1)
        case .ambiguous(let ids):
            try fail(ExportText.journalAmbiguous(JournalText.clean(id), ids.count), code: 1)
        }
    }

    /// Reads the cloud (read-only session), resolves the command's names, plans, renders.
    static func planned(_ command: any ExportableCommand, format: ExportFormat) async throws -> String {
        let config: CloudConfig
        do { config = try command.cloud.loadConfig() } catch { throw CommandFailure(error.oneLine, code: 2) }
        let strategy = VIPStrategy.chosen(flag: command.apply.strategy?.strategy, config: config)
        let session: CloudSession
        do { session = try Bootstrap.session(config: config, debugLogPath: command.cloud.debugLog, readOnly: true) } catch {
            throw CommandFailure(error.oneLine, code: 2)
        }
        do {
            let text = try await rendered(command, session: session, strategy: strategy, format: format)
            await Bootstrap.close(session)
            return text
        } catch {
            await Bootstrap.close(session)
            throw error
        }
    }

    private static func rendered(_ command: any ExportableCommand, session: CloudSession, strategy: VIPStrategy,
                                 format: ExportFormat) async throws -> String
    {
        let inv: Inventory
        do { inv = try await Inventory.load(session) } catch { throw CommandFailure(error.oneLine, code: error.isConfig ? 2 : 1) }
        let resolved = try command.resolve(Resolver(inv: inv))
        let service = VIPService(session: session, strategy: strategy,
                                 maxAddressPairs: session.config.maxAddressPairs ?? Planner.defaultMaxAddressPairs)
        let plan: Plan
        do { plan = try await service.plan(resolved.intent) } catch {
            if case .cloud(let e) = error, e.isConfig { throw CommandFailure(error.description, code: 2) }
            throw CommandFailure(ExportText.planRefused(error.description))
        }
        return Export.render(plan, as: format, context: ExportContext(title: resolved.headline, ports: inv.ports))
    }
}

/// The commands `vipctl export` plans: their cloud and apply options and their resolver.
protocol ExportableCommand {
    var cloud: CloudOptions { get }
    var apply: ApplyOptions { get }
    func resolve(_ r: Resolver) throws(CommandFailure) -> Resolved
}

extension VipCreate: ExportableCommand {}
extension VipBind: ExportableCommand {}
extension VipUnbind: ExportableCommand {}
