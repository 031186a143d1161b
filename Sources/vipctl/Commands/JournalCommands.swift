import ArgumentParser
import Foundation
import L10n
import TerminalUI
import VIPCore

// `vipctl journal [list]` and `vipctl journal show RUN`: the journal of changes, read from
// `$XDG_STATE_HOME/vipctl/journal.jsonl` (else `~/.local/state/vipctl/journal.jsonl`). Reads
// only the file: no cloud, no credentials.

struct JournalGroup: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "journal",
        abstract: HelpText.journal.text,
        discussion: HelpDiscussionText.journal.text,
        subcommands: [JournalList.self, JournalShow.self, JournalUndo.self],
        defaultSubcommand: JournalList.self
    ) }
}

/// The journal of this user, as the environment says where it is.
enum JournalFile {
    static var store: JournalStore {
        JournalStore(path: JournalStore.defaultPath(environment: ProcessInfo.processInfo.environment))
    }

    /// The runs, newest first; each skipped line is a warning on stderr.
    static func runs(_ store: JournalStore) -> [JournalRun] {
        let (entries, warnings) = store.read()
        for w in warnings {
            Console.errLine("vipctl: " + CommandText.warningPrefix("\(w) (\(store.path))"))
        }
        return JournalRun.runs(entries)
    }
}

struct JournalList: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "list",
        abstract: HelpText.journalList.text,
        discussion: HelpDiscussionText.journalList.text
    ) }
    @OptionGroup var out: OutputOptions
    @Option(help: ArgumentHelp(HelpText.journalLimit.text)) var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError(CommandText.limitAtLeastOne.text) }
    }

    func run() throws {
        let store = JournalFile.store
        var runs = JournalFile.runs(store)
        if let limit { runs = Array(runs.prefix(limit)) }
        if runs.isEmpty, out.output == .table {
            Console.out(CommandText.noRuns(store.path) + "\n")
            return
        }
        let zone = TimeZone.current
        out.emit(runs) {
            Table(header: JournalText.columns, rows: runs.map { JournalText.row($0, timeZone: zone).cells })
        }
    }
}

struct JournalShow: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "show",
        abstract: HelpText.journalShow.text,
        discussion: HelpDiscussionText.journalShow.text
    ) }
    @OptionGroup var out: OutputOptions
    @Argument(help: ArgumentHelp(HelpText.journalRun.text, valueName: "RUN-ID-OR-PREFIX")) var runID: String

    func run() throws {
        let store = JournalFile.store
        let runs = JournalFile.runs(store)
        switch JournalRun.find(runID, in: runs) {
        case .found(let r):
            switch out.output {
            case .json: out.emit(r) { Table(header: [], rows: []) }
            case .table: Console.out(JournalText.detailText(r, timeZone: .current, width: { DisplayWidth.of($0) }).joined(separator: "\n") + "\n")
            }
        case .none:
            Console.errLine("vipctl: " + CommandText.noRunWithPrefix(store.path, runID))
            throw ExitCode(1)
        case .ambiguous(let ids):
            let shown = ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", ..." : "")
            Console.errLine("vipctl: " + CommandText.ambiguousRun(runID, ids.count, shown))
            throw ExitCode(1)
        }
    }
}

struct JournalUndo: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "undo",
        abstract: HelpText.journalUndo.text,
        discussion: HelpDiscussionText.journalUndo.text + "\n" + applyDiscussion
    ) }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Argument(help: ArgumentHelp(HelpText.journalUndoRun.text, valueName: "RUN")) var runID: String = "last"

    func run() async throws {
        // `--output json`: the headline and the plan it carries are made in English.
        if apply.output == .json && L10n.lang != .en {
            try await L10n.with(.en) { try await self.run() }
            return
        }
        let runID = self.runID
        let store = JournalFile.store
        // Only runs made on this cloud: an undo of another cloud's run would name ports that
        // are not here.
        let cloudName: String
        do { cloudName = try cloud.loadConfig(warn: false).name } catch {
            VipFlow.stderr("vipctl: \(error.oneLine)")
            throw ExitCode(2)
        }
        let runs = JournalFile.runs(store).filter { ($0.finished ?? $0.started)?.cloud == cloudName }
        // Decided before anything is read from the cloud; the intent and its headline are
        // plain values handed to the flow (no typed-throws result kept across the await).
        let resolved: Resolved
        switch JournalUndo.revert(runID, runs: runs, path: store.path) {
        case .success(let r):
            resolved = Resolved(intent: .revert(r), headline: CommandText.headUndo(r.runID.prefix(8), r.summary))
        case .failure(let f):
            VipFlow.stderr("vipctl: \(f.message)")
            throw ExitCode(f.code)
        }
        try await VipFlow.run(command: "journal undo", cloud: cloud, opts: apply) { _ throws(CommandFailure) in resolved }
    }

    static func revert(_ id: String, runs: [JournalRun], path: String) -> Result<Revert, CommandFailure> {
        let run: JournalRun
        if id == "last" {
            guard let r = runs.first(where: { $0.finished.map { !$0.requests.isEmpty && $0.outcome != "nothing sent" && $0.outcome != "rolled back" } ?? false }) else {
                return .failure(CommandFailure(CommandText.nothingToUndo(path)))
            }
            run = r
        } else {
            switch JournalRun.find(id, in: runs) {
            case .found(let r): run = r
            case .none: return .failure(CommandFailure(CommandText.noRunOnCloud(path, JournalText.clean(id))))
            case .ambiguous(let ids): return .failure(CommandFailure(CommandText.ambiguousRunShort(JournalText.clean(id), ids.count)))
            }
        }
        if let undo = runs.first(where: { $0.finished?.undoOf == run.runID && $0.finished?.outcome == "applied" }) {
            return .failure(CommandFailure(CommandText.undoneAlready(run.runID.prefix(8), undo.runID.prefix(8))))
        }
        return JournalRecorder.revert(of: run).mapError { CommandFailure($0.description) }
    }
}
