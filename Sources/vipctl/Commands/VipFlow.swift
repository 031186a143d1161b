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

// MARK: the flow

/// What a command resolved: the intent and a line saying it in words.
struct Resolved {
    var intent: Intent
    var headline: String
}

enum VipFlow {
    /// Reads the cloud, resolves names (`resolve`), plans, prints the plan, then applies it when
    /// asked to (`--yes`, or `y` at the prompt on a terminal) and prints the report. Exits 0
    /// (applied, nothing to do, dry run), 1 (failed, declined), 2 (usage, config, read-only, no
    /// terminal to ask on).
    static func run(command: String, cloud: CloudOptions, opts: ApplyOptions,
                    resolve: (Resolver) throws(CommandFailure) -> Resolved) async throws
    {
        // `--output json` is data for programs: the plan, its summaries and the report it
        // carries are made in English whatever the language.
        guard opts.output != .json || L10n.lang == .en else {
            try await L10n.with(.en) { try await run(command: command, cloud: cloud, opts: opts, resolve: resolve) }
            return
        }
        do {
            try await runThrowing(command: command, cloud: cloud, opts: opts, resolve: resolve)
        } catch let f as CommandFailure {
            if !f.message.isEmpty { Console.errLine("vipctl: \(f.message)") }
            // --output json always prints one document: a failure before the plan says
            // "nothing sent" with the reason.
            if opts.output == .json && !emittedJSON.withLock({ $0 }) {
                emitFailure(command: command, message: f.message)
            }
            throw ExitCode(f.code)
        }
    }

    private static func runThrowing(command: String, cloud: CloudOptions, opts: ApplyOptions,
                                    resolve: (Resolver) throws(CommandFailure) -> Resolved) async throws
    {
        let config: CloudConfig
        do { config = try cloud.loadConfig() } catch { throw CommandFailure(error.oneLine, code: 2) }
        let strategy = VIPStrategy.chosen(flag: opts.strategy?.strategy, config: config)
        let readOnly = opts.readOnly || config.readOnly
        // Read-only also in the session: whatever happens, no write leaves the program.
        let session: CloudSession
        do {
            session = try Bootstrap.session(config: config, debugLogPath: cloud.debugLog, readOnly: readOnly)
        } catch {
            throw CommandFailure(error.oneLine, code: 2)
        }
        do {
            try await plannedAndApplied(command: command, session: session, strategy: strategy, readOnly: readOnly, opts: opts, resolve: resolve)
            await Bootstrap.close(session)
        } catch {
            await Bootstrap.close(session)
            throw error
        }
    }

    private static func plannedAndApplied(command: String, session: CloudSession, strategy: VIPStrategy, readOnly: Bool,
                                          opts: ApplyOptions,
                                          resolve: (Resolver) throws(CommandFailure) -> Resolved) async throws
    {
        let service = VIPService(session: session, strategy: strategy,
                                 maxAddressPairs: session.config.maxAddressPairs ?? Planner.defaultMaxAddressPairs)
        // One wave after the token: what names are resolved from is also what the plan is made
        // from (and, applied at once with --yes, the fresh read the writes are merged into).
        let read: VIPService.InventoryRead
        do { read = try await service.readInventory() } catch { throw CommandFailure(error.oneLine, code: error.isConfig ? 2 : 1) }
        let resolved = try resolve(Resolver(inv: read.inventory, strategy: strategy))
        let plan: Plan
        do { plan = try await service.plan(resolved.intent, from: read) } catch {
            if case .cloud(let e) = error, e.isConfig { throw CommandFailure(error.description, code: 2) }
            throw CommandFailure(error.description)
        }
        let text = PlanPresenter.text(PlanPresenter.plan(plan, headline: resolved.headline))
        let json = opts.output == .json
        var result = CommandResult(command: command, headline: resolved.headline, plan: plan, result: .dryRun, report: nil)

        // What happens now, in order of precedence.
        if plan.steps.isEmpty {
            result.result = .nothingToDo
            emit(result, text: text, json: json)
            return
        }
        if opts.dryRun {
            emit(result, text: text + CommandText.dryRun.text + "\n", json: json)
            return
        }
        if readOnly {
            result.result = .readOnly
            emit(result, text: text, json: json)
            throw CommandFailure(CommandText.readOnly.text, code: 2)
        }
        if !opts.yes {
            guard let tty = Terminal.ask(json: json) else {
                result.result = .refused
                emit(result, text: text, json: json)
                throw CommandFailure(CommandText.noTerminal(CommandText.prompt.text), code: 2)
            }
            // The plan goes where the user looks: stdout, or stderr when stdout carries JSON.
            if json { stderr(text, newline: false) } else { stdout(text) }
            guard tty.confirm(CommandText.prompt.text + " ") else {
                result.result = .declined
                if json { emit(result, text: "", json: true) }
                throw CommandFailure(CommandText.answeredNo.text)
            }
        } else if !json {
            stdout(text)
        }

        // The pause stands for time passing between the plan and the apply: read again.
        let paused = await testPause("VIPCTL_TEST_PAUSE_BEFORE_APPLY", "applying")
        let progress = ProgressPrinter(plan: plan)
        let stop = StopSignal()
        let signals = ApplySignals(stop: stop)
        signals.install()
        let recorder = JournalRecorder(store: JournalStore(path: JournalStore.defaultPath(environment: ProcessInfo.processInfo.environment)),
                                       who: await JournalRecorder.who(session), command: command)
        // Applied as soon as planned (--yes): the plan's read is the fresh read, unless it is
        // older than `freshFor` (then, and after a question on the terminal, it is read again).
        let report = await recorder.apply(plan, summary: resolved.headline, via: service, stop: stop,
                                          beforeFirstWrite: { await testPause("VIPCTL_TEST_PAUSE_BEFORE_WRITE", "the first write") },
                                          reuseReadWithin: opts.yes && !paused ? VipFlow.freshFor : nil) { progress.show($0) }
        signals.uninstall()
        result.report = report
        result.result = CommandResult.Status(report.outcome)
        let finishing = ReportText.finishing(report, argv: CommandLine.arguments)
        if json { emit(result, text: "", json: true) } else { stdout("\n" + PlanPresenter.text(PlanPresenter.report(report)) + finishing) }
        if let changed = report.changedPlan {
            if !json { stdout(PlanPresenter.text(PlanPresenter.plan(changed, headline: CommandText.headPlanNow.text))) }
            throw CommandFailure(CommandText.planChanged.text, code: report.exitStatus)
        }
        let signal = signals.received
        switch report.outcome {
        case .applied:
            return
        case .partial:
            throw CommandFailure(CommandText.partlyChanged.text, code: report.exitStatus)
        case .nothingSent, .rolledBack:
            if let signal { throw CommandFailure("\(report.interrupted ?? OutcomeText.interrupted.text): \(report.lines.first ?? "")", code: 128 + signal) }
            if report.outcome == .rolledBack {
                throw CommandFailure(CommandText.rolledBack.text, code: report.exitStatus)
            }
            throw CommandFailure(CommandText.failedBecause(report.lines.first ?? OutcomeText.nothingSent.text), code: report.exitStatus)
        }
    }

    /// Test only. `VIPCTL_TEST_PAUSE_BEFORE_APPLY=SECONDS` waits between the confirmed plan and
    /// the apply (a change made meanwhile is seen by the apply's fresh read: merged, or the
    /// plan is shown again); `VIPCTL_TEST_PAUSE_BEFORE_WRITE=SECONDS` waits between the read a
    /// delta is merged into and the first write (a change made meanwhile meets If-Match: a 412).
    @discardableResult
    static func testPause(_ variable: String, _ what: String) async -> Bool {
        guard let raw = ProcessInfo.processInfo.environment[variable], let secs = Double(raw), secs > 0 else { return false }
        let ms = Int(min(secs, 600) * 1000)
        stderr("vipctl: \(variable): waiting \(Double(ms) / 1000) s before \(what) (test only)")
        try? await Task.sleep(for: .milliseconds(ms))
        return true
    }

    /// How old (from its first request after the token) the plan's read may be for `--yes`
    /// to apply on it. With If-Match a change since is met by a 412 either way (then read,
    /// merged again); the second read only tells earlier that the plan changed.
    static let freshFor: Duration = .seconds(5)

    /// Whether this process printed its JSON document.
    static let emittedJSON = Locked(false)

    static func emitFailure(command: String, message: String) {
        var report = ExecutionReport(outcome: .nothingSent, lines: ["nothing sent: " + message], vipPortID: nil, requests: 0,
                                     roundTripsOnCriticalPath: 0, seconds: 0)
        report.runID = nil
        let doc = FailureResult(command: command, error: message, report: report)
        Console.json(Console.encodeJSON(doc))
        emittedJSON.withLock { $0 = true }
    }

    static func emit(_ result: CommandResult, text: String, json: Bool) {
        if json {
            emittedJSON.withLock { $0 = true }
            Console.json(Console.encodeJSON(result))
        } else if !text.isEmpty {
            stdout(text)
        }
    }

    static func stdout(_ s: String) { Console.out(s) }
    static func stderr(_ s: String, newline: Bool = true) { Console.err(s, newline: newline) }
}

extension CloudError {
    var isConfig: Bool {
        if case .config = self { return true }
        return false
    }
}

/// Asking on the terminal: only when stdin is one and the plan can be seen (stdout for text,
/// stderr when stdout carries JSON). Never reads a stdin that is not a terminal.
struct Terminal {
    static func ask(json: Bool) -> Terminal? {
        guard isatty(STDIN_FILENO) == 1, isatty(json ? STDERR_FILENO : STDOUT_FILENO) == 1 else { return nil }
        return Terminal()
    }

    func confirm(_ prompt: String) -> Bool {
        VipFlow.stderr(prompt, newline: false)
        guard let line = readLine(strippingNewline: true) else {
            VipFlow.stderr("")
            return false
        }
        return ["y", "yes"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// Apply progress on stderr, one line per event, in PlanPresenter's words.
final class ProgressPrinter: Sendable {
    let plan: Plan
    init(plan: Plan) { self.plan = plan }

    func show(_ e: ExecutionEvent) { VipFlow.stderr(CommandText.progressPrefix(PlanPresenter.progress(e, in: plan).text)) }
}

// MARK: text

enum ReportText {
    /// The commands that finish or undo a run (a partly applied one), or undo it (applied).
    static func finishing(_ r: ExecutionReport, argv: [String]) -> String {
        let undo = r.runID.map { "vipctl journal undo \($0.prefix(8))" }
        switch r.outcome {
        case .partial:
            var args = argv.dropFirst().map(shellQuoted)
            if !args.contains("--yes") && !args.contains("-y") { args.append("--yes") }
            var out = "  \(CommandText.finishHint.text)\n    vipctl \(args.joined(separator: " "))\n"
            if let undo { out += "  \(CommandText.undoInstead.text)\n    \(undo)\n" }
            return out
        case .applied:
            return undo.map { "  " + CommandText.journalHint(r.runID?.prefix(8) ?? "", $0) + "\n" } ?? ""
        case .rolledBack, .nothingSent:
            return ""
        }
    }

    static func shellQuoted(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_./:=@,+".unicodeScalars.contains($0) }
        return safe && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
