import ArgumentParser
import CloudAPI
import Foundation
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
    @Flag(name: [.customShort("y"), .long], help: "Apply without asking.")
    var yes = false
    @Flag(name: .customLong("dry-run"), help: "Only print the plan; send nothing.")
    var dryRun = false
    @Flag(name: .customLong("read-only"), help: "Never change the cloud: print the plan, apply nothing (also `read_only: true` in clouds.yaml).")
    var readOnly = false
    @Option(help: "huawei or openstack (else `vip_strategy` in clouds.yaml, else huawei).")
    var strategy: StrategyArg?
    @Option(name: .shortAndLong, help: "table (plan and report as text) or json.")
    var output: OutputFormat = .table

    func validate() throws {
        if yes && dryRun { throw ValidationError("--yes and --dry-run exclude each other") }
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
            throw CommandFailure("network \(label(net)) has no subnet named or with id \"\(s)\" (its subnets: "
                + mine.map { "\($0.name.isEmpty ? $0.id : $0.name) \($0.cidr)" }.joined(separator: ", ") + ")")
        }
        throw CommandFailure(LookupFailure(kind: "subnet", name: s, candidates: named.map(\.id)).oneLine)
    }

    /// A VIP port by id, name or address (among VIP ports; a port found by id must be one).
    func vip(_ s: String) throws(CommandFailure) -> CloudAPI.Port {
        if let p = inv.ports.first(where: { $0.id == s }) {
            // By id also a port attached to nothing (a VIP reserved without device_owner).
            guard p.isVIP || (p.deviceOwner.isEmpty && p.deviceID.isEmpty) else {
                throw CommandFailure("port \(s) is not a VIP port (device_owner \"\(p.deviceOwner)\", not \(CloudAPI.Port.vipOwner))")
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
                throw CommandFailure("server \(label(server)) has no NIC with port id or IP \"\(nic)\" (its NICs: \(nicList(nics)))")
            }
            guard p.networkID == network.id else {
                throw CommandFailure("NIC \(Fmt.ips(p)) of \(label(server)) is in network \(netName(p.networkID)), not in the VIP's network \(label(network))")
            }
            return p
        }
        if inNet.count == 1 { return inNet[0] }
        if inNet.isEmpty {
            throw CommandFailure("server \(label(server)) has no NIC in network \(label(network)) (its NICs: \(nicList(nics)))")
        }
        throw CommandFailure("server \(label(server)) has \(inNet.count) NICs in network \(label(network)) (\(nicList(inNet))); "
            + "say which with --nic PORT-OR-IP or SERVER:NIC-IP")
    }

    /// The NIC port of `s` by id, name or fixed IP (any port that is not a VIP).
    func nicPort(_ s: String) throws(CommandFailure) -> CloudAPI.Port {
        if let p = inv.ports.first(where: { $0.id == s }) {
            guard !p.isVIP else { throw CommandFailure("port \(s) is a VIP port, not a server NIC") }
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
        return p.name.isEmpty ? ip : "\(Inert.name(p.name)) (\(ip))"
    }
    func nicLabel(_ p: CloudAPI.Port) -> String {
        let owner = inv.server(p.deviceID).map(label) ?? (p.deviceID.isEmpty ? "no server" : Inert.name(p.deviceID))
        return "\(owner) (NIC \(Fmt.ips(p)))"
    }
    func nicList(_ nics: [CloudAPI.Port]) -> String {
        nics.isEmpty ? "none" : nics.map { "\(Fmt.ips($0)) in \(netName($0.networkID)), port \($0.id)" }.joined(separator: "; ")
    }
}

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
        var log: DebugLog?
        do {
            config = try cloud.loadConfig()
            if let path = cloud.debugLog { log = try DebugLog(path: path) }
        } catch {
            throw CommandFailure(error.oneLine, code: 2)
        }
        let strategy = try strategy(opts, config)
        let readOnly = opts.readOnly || ["true", "yes", "1"].contains(config.vipctlSettings["read_only"]?.lowercased() ?? "")
        let transport: AHCTransport
        do { transport = try AHCTransport(config: config) } catch { throw CommandFailure(error.oneLine, code: 2) }
        // Read-only also in the session: whatever happens, no write leaves the program.
        let session = CloudSession(config: config, transport: transport, debugLog: log, readOnly: readOnly)
        // Answers read only after a repair (invalid UTF-8): one line each on stderr.
        func printNotices() {
            for line in session.notices.drain() { Console.errLine("vipctl: notice: \(line)") }
        }
        do {
            try await plannedAndApplied(command: command, session: session, strategy: strategy, readOnly: readOnly, opts: opts, resolve: resolve)
            printNotices()
            await session.shutdown()
        } catch {
            printNotices()
            await session.shutdown()
            throw error
        }
    }

    static func strategy(_ opts: ApplyOptions, _ config: CloudConfig) throws(CommandFailure) -> VIPStrategy {
        if let s = opts.strategy { return s.strategy }
        guard let raw = config.vipctlSettings["vip_strategy"] else { return .huawei }
        guard let s = VIPStrategy(rawValue: raw.lowercased()) else {
            throw CommandFailure("vip_strategy: \"\(raw)\" is not huawei or openstack (in clouds.yaml or --strategy)", code: 2)
        }
        return s
    }

    private static func plannedAndApplied(command: String, session: CloudSession, strategy: VIPStrategy, readOnly: Bool,
                                          opts: ApplyOptions,
                                          resolve: (Resolver) throws(CommandFailure) -> Resolved) async throws
    {
        let inv: Inventory
        do { inv = try await Inventory.load(session) } catch { throw CommandFailure(error.oneLine, code: error.isConfig ? 2 : 1) }
        let resolved = try resolve(Resolver(inv: inv))
        let service = VIPService(session: session, strategy: strategy,
                                 maxAddressPairs: session.config.maxAddressPairs ?? Planner.defaultMaxAddressPairs)
        let plan: Plan
        do { plan = try await service.plan(resolved.intent) } catch {
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
            emit(result, text: text + "Dry run: nothing was sent.\n", json: json)
            return
        }
        if readOnly {
            result.result = .readOnly
            emit(result, text: text, json: json)
            throw CommandFailure("read-only (--read-only or read_only: true in clouds.yaml): the plan was not applied; nothing was sent", code: 2)
        }
        if !opts.yes {
            guard let tty = Terminal.ask(json: json) else {
                result.result = .refused
                emit(result, text: text, json: json)
                throw CommandFailure("not applied: no terminal to ask \"Apply? [y/N]\" on; pass --yes to apply or --dry-run to only print the plan",
                                     code: 2)
            }
            // The plan goes where the user looks: stdout, or stderr when stdout carries JSON.
            if json { stderr(text, newline: false) } else { stdout(text) }
            guard tty.confirm("Apply? [y/N] ") else {
                result.result = .declined
                if json { emit(result, text: "", json: true) }
                throw CommandFailure("not applied (answered no); nothing was sent")
            }
        } else if !json {
            stdout(text)
        }

        await testPause("VIPCTL_TEST_PAUSE_BEFORE_APPLY", "applying")
        let progress = ProgressPrinter(plan: plan)
        let stop = StopSignal()
        let signals = ApplySignals(stop: stop)
        signals.install()
        let recorder = JournalRecorder(store: JournalStore(path: JournalStore.defaultPath(environment: ProcessInfo.processInfo.environment)),
                                       who: await JournalRecorder.who(session), command: command)
        let report = await recorder.apply(plan, summary: resolved.headline, via: service, stop: stop,
                                          beforeFirstWrite: { await testPause("VIPCTL_TEST_PAUSE_BEFORE_WRITE", "the first write") }) { progress.show($0) }
        signals.uninstall()
        result.report = report
        result.result = CommandResult.Status(report.outcome)
        let finishing = ReportText.finishing(report, argv: CommandLine.arguments)
        if json { emit(result, text: "", json: true) } else { stdout("\n" + PlanPresenter.text(PlanPresenter.report(report)) + finishing) }
        if let changed = report.changedPlan {
            if !json { stdout(PlanPresenter.text(PlanPresenter.plan(changed, headline: "the plan on the cloud as it is now"))) }
            throw CommandFailure("the cloud changed since the plan was shown; nothing was sent. Run the command again to see and confirm the new plan",
                                 code: report.exitStatus)
        }
        let signal = signals.received
        switch report.outcome {
        case .applied:
            return
        case .partial:
            throw CommandFailure("apply failed and the cloud is partly changed; the report says exactly what is left and how to finish or undo it",
                                 code: report.exitStatus)
        case .nothingSent, .rolledBack:
            if let signal { throw CommandFailure("\(report.interrupted ?? "interrupted"): \(report.lines.first ?? "")", code: 128 + signal) }
            if report.outcome == .rolledBack {
                throw CommandFailure("apply failed; rolled back: a read afterwards shows the cloud as it was (see the report)",
                                     code: report.exitStatus)
            }
            throw CommandFailure("apply failed, " + (report.lines.first ?? "nothing sent"), code: report.exitStatus)
        }
    }

    /// Test only. `VIPCTL_TEST_PAUSE_BEFORE_APPLY=SECONDS` waits between the confirmed plan and
    /// the apply (a change made meanwhile is seen by the apply's fresh read: merged, or the
    /// plan is shown again); `VIPCTL_TEST_PAUSE_BEFORE_WRITE=SECONDS` waits between the read a
    /// delta is merged into and the first write (a change made meanwhile meets If-Match: a 412).
    static func testPause(_ variable: String, _ what: String) async {
        guard let raw = ProcessInfo.processInfo.environment[variable], let secs = Double(raw), secs > 0 else { return }
        let ms = Int(min(secs, 600) * 1000)
        stderr("vipctl: \(variable): waiting \(Double(ms) / 1000) s before \(what) (test only)")
        try? await Task.sleep(for: .milliseconds(ms))
    }

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

    func show(_ e: ExecutionEvent) { VipFlow.stderr("apply: " + PlanPresenter.progress(e, in: plan).text) }
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
            var out = "  To finish, run the same command again (it adds only what is missing):\n    vipctl \(args.joined(separator: " "))\n"
            if let undo { out += "  To undo what this run left instead:\n    \(undo)\n" }
            return out
        case .applied:
            return undo.map { "  Journal: run \(r.runID?.prefix(8) ?? ""); to undo it: \($0)\n" } ?? ""
        case .rolledBack, .nothingSent:
            return ""
        }
    }

    static func shellQuoted(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_./:=@,+".unicodeScalars.contains($0) }
        return safe && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

// MARK: JSON

/// `--output json` when the command failed before it had a plan (a read, a name, the config):
/// `{command, summary: null, plan: null, result: "failed", error, report: {outcome: "nothing sent", ...}}`.
struct FailureResult: Encodable {
    let command: String
    let error: String
    let report: ExecutionReport

    enum Keys: String, CodingKey { case command, summary, plan, result, error, report }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(command, forKey: .command)
        try c.encodeNil(forKey: .summary)
        try c.encodeNil(forKey: .plan)
        try c.encode("failed", forKey: .result)
        try c.encode(error, forKey: .error)
        try c.encode(ReportOut(report), forKey: .report)
    }
}

/// `--output json` of the changing commands (README: VIP commands).
struct CommandResult: Encodable {
    enum Status: String, Encodable {
        case applied
        case rolledBack = "rolled back"
        case partial
        case nothingSent = "nothing sent"
        case nothingToDo = "nothing to do"
        case dryRun = "dry run"
        case readOnly = "read-only"
        case refused
        case declined

        init(_ o: ExecutionReport.Outcome) {
            switch o {
            case .applied: self = .applied
            case .rolledBack: self = .rolledBack
            case .partial: self = .partial
            case .nothingSent: self = .nothingSent
            }
        }
    }

    var command: String
    var headline: String
    var plan: Plan
    var result: Status
    var report: ExecutionReport?

    enum Keys: String, CodingKey { case command, summary, plan, result, report }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(command, forKey: .command)
        try c.encode(headline, forKey: .summary)
        try c.encode(PlanOut(plan), forKey: .plan)
        try c.encode(result, forKey: .result)
        if let report { try c.encode(ReportOut(report), forKey: .report) } else { try c.encodeNil(forKey: .report) }
    }
}

struct PlanOut: Encodable {
    let plan: Plan
    init(_ p: Plan) { plan = p }

    enum Keys: String, CodingKey { case strategy, intent, steps, warnings, nothing_to_do, critical_path }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(plan.strategy.rawValue, forKey: .strategy)
        try c.encode(IntentOut(plan.intent), forKey: .intent)
        try c.encode(plan.steps.map { StepOut($0, ifMatchFromStep: PlanPresenter.ifMatchFrom($0, in: plan)) }, forKey: .steps)
        try c.encode(plan.warnings, forKey: .warnings)
        if let n = plan.nothingToDo { try c.encode(n, forKey: .nothing_to_do) } else { try c.encodeNil(forKey: .nothing_to_do) }
        try c.encode(plan.criticalPath, forKey: .critical_path)
    }
}

struct IntentOut: Encodable {
    let intent: Intent
    init(_ i: Intent) { intent = i }

    enum Keys: String, CodingKey {
        case action, vip_port_id, nic_port_ids, network_id, subnet_id, ip_address, name, unbind_first, nic_port_id, enabled, run_id, port_ids
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch intent {
        case .createVIP(let v):
            try c.encode("create_vip", forKey: .action)
            try c.encode(v.networkID, forKey: .network_id)
            if let s = v.subnetID { try c.encode(s, forKey: .subnet_id) } else { try c.encodeNil(forKey: .subnet_id) }
            if let ip = v.ipAddress { try c.encode(ip, forKey: .ip_address) } else { try c.encodeNil(forKey: .ip_address) }
            try c.encode(v.name, forKey: .name)
            try c.encode(v.bindNICs, forKey: .nic_port_ids)
        case .bind(let vip, let nics):
            try c.encode("bind", forKey: .action)
            try c.encode(vip, forKey: .vip_port_id)
            try c.encode(nics, forKey: .nic_port_ids)
        case .unbind(let vip, let nics):
            try c.encode("unbind", forKey: .action)
            try c.encode(vip, forKey: .vip_port_id)
            try c.encode(nics, forKey: .nic_port_ids)
        case .deleteVIP(let vip, let unbind):
            try c.encode("delete_vip", forKey: .action)
            try c.encode(vip, forKey: .vip_port_id)
            try c.encode(unbind, forKey: .unbind_first)
        case .setSourceDestCheck(let nic, let on):
            try c.encode("set_source_dest_check", forKey: .action)
            try c.encode(nic, forKey: .nic_port_id)
            try c.encode(on, forKey: .enabled)
        case .revert(let r):
            try c.encode("undo", forKey: .action)
            try c.encode(r.runID, forKey: .run_id)
            try c.encode(r.ports.map(\.portID), forKey: .port_ids)
        }
    }
}

struct StepOut: Encodable {
    let step: PlanStep
    let ifMatchFromStep: Int?
    init(_ s: PlanStep, ifMatchFromStep: Int?) {
        step = s
        self.ifMatchFromStep = ifMatchFromStep
    }

    enum Keys: String, CodingKey {
        case id, operation, method, path, body, if_match, if_match_from_step, depends_on, summary, changes, port_id, created_by_step
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(step.id, forKey: .id)
        try c.encode(step.operation.rawValue, forKey: .operation)
        try c.encode(step.method, forKey: .method)
        try c.encode(step.path, forKey: .path)
        if let b = step.body { try c.encode(b, forKey: .body) } else { try c.encodeNil(forKey: .body) }
        if let r = step.ifRevision { try c.encode("revision_number=\(r)", forKey: .if_match) } else { try c.encodeNil(forKey: .if_match) }
        if let n = ifMatchFromStep { try c.encode(n, forKey: .if_match_from_step) } else { try c.encodeNil(forKey: .if_match_from_step) }
        try c.encode(step.dependsOn, forKey: .depends_on)
        try c.encode(step.summary, forKey: .summary)
        try c.encode(step.changes.map(ChangeOut.init), forKey: .changes)
        try PortRefOut.encode(step.port, into: &c, id: .port_id, step: .created_by_step)
    }
}

enum PortRefOut {
    static func encode<K: CodingKey>(_ ref: PortRef, into c: inout KeyedEncodingContainer<K>, id: K, step: K) throws {
        switch ref {
        case .existing(let p):
            try c.encode(p, forKey: id)
            try c.encodeNil(forKey: step)
        case .created(let n):
            try c.encodeNil(forKey: id)
            try c.encode(n, forKey: step)
        }
    }
}

struct ChangeOut: Encodable {
    let change: FieldChange
    init(_ c: FieldChange) { change = c }

    enum Keys: String, CodingKey { case port_label, field, before, after, added, removed, port_id, created_by_step }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(change.portLabel, forKey: .port_label)
        try c.encode(change.field, forKey: .field)
        try c.encode(change.before, forKey: .before)
        try c.encode(change.after, forKey: .after)
        try c.encode(change.added, forKey: .added)
        try c.encode(change.removed, forKey: .removed)
        try PortRefOut.encode(change.port, into: &c, id: .port_id, step: .created_by_step)
    }
}

struct ReportOut: Encodable {
    let report: ExecutionReport
    init(_ r: ExecutionReport) { report = r }

    enum Keys: String, CodingKey {
        case outcome, lines, vip_port_id, requests, round_trips_on_critical_path, seconds, ports, writes, changed_plan, interrupted, contended,
             run_id
    }

    struct PortOut: Encodable {
        let p: PortState
        enum Keys: String, CodingKey { case port_id, label, exists, allowed_address_pairs, port_security_enabled, security_groups }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(p.portID, forKey: .port_id)
            try c.encode(p.label, forKey: .label)
            try c.encode(p.exists, forKey: .exists)
            try c.encode(p.pairs, forKey: .allowed_address_pairs)
            if let ps = p.portSecurityEnabled { try c.encode(ps, forKey: .port_security_enabled) } else { try c.encodeNil(forKey: .port_security_enabled) }
            try c.encode(p.securityGroups, forKey: .security_groups)
        }
    }

    struct WriteOut: Encodable {
        let w: RequestRecord
        enum Keys: String, CodingKey { case method, path, status, request_id, error }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(w.method, forKey: .method)
            try c.encode(w.path, forKey: .path)
            if let s = w.status { try c.encode(s, forKey: .status) } else { try c.encodeNil(forKey: .status) }
            if let r = w.requestID { try c.encode(r, forKey: .request_id) } else { try c.encodeNil(forKey: .request_id) }
            if let e = w.error { try c.encode(e, forKey: .error) } else { try c.encodeNil(forKey: .error) }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(report.ports.map(PortOut.init), forKey: .ports)
        try c.encode(report.writes.map(WriteOut.init), forKey: .writes)
        if let p = report.changedPlan { try c.encode(PlanOut(p), forKey: .changed_plan) } else { try c.encodeNil(forKey: .changed_plan) }
        if let i = report.interrupted { try c.encode(i, forKey: .interrupted) } else { try c.encodeNil(forKey: .interrupted) }
        try c.encode(report.contended, forKey: .contended)
        if let id = report.runID { try c.encode(id, forKey: .run_id) } else { try c.encodeNil(forKey: .run_id) }
        try c.encode(report.outcome.rawValue, forKey: .outcome)
        try c.encode(report.lines, forKey: .lines)
        if let v = report.vipPortID { try c.encode(v, forKey: .vip_port_id) } else { try c.encodeNil(forKey: .vip_port_id) }
        try c.encode(report.requests, forKey: .requests)
        try c.encode(report.roundTripsOnCriticalPath, forKey: .round_trips_on_critical_path)
        try c.encode((report.seconds * 1000).rounded() / 1000, forKey: .seconds)
    }
}
