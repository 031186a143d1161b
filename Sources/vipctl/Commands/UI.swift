import ArgumentParser
import CloudAPI
import CloudSimulator
import Dispatch
import Foundation
import L10n
import TerminalUI
import VIPCore
import ViewModels

/// `vipctl` / `vipctl ui`: the terminal UI on the configured cloud.
struct UI: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "ui", abstract: HelpText.ui.text, discussion: HelpText.uiDiscussion.text)
    }

    @OptionGroup var cloud: CloudOptions

    @Flag(help: ArgumentHelp(HelpText.uiReadOnly.text))
    var readOnly = false

    func run() async throws {
        let config: CloudConfig
        do {
            config = try cloud.loadConfig()
        } catch {
            Console.errLine("vipctl: \(error.oneLine)")
            throw ExitCode(2)
        }
        let readOnly = self.readOnly || config.readOnly
        let header = Header(cloud: config.name, region: config.regionName,
                            project: config.project.flatMap { $0.name ?? $0.id }, user: config.displayUser,
                            mode: readOnly ? .readOnly : .live, insecure: !config.verifyTLS)
        let strategy = VIPStrategy.chosen(flag: nil, config: config)
        try await TUI.run(config: config, header: header, readOnly: readOnly, strategy: strategy, debugLogPath: cloud.debugLog)
    }
}

/// `vipctl demo`: the terminal UI on the simulator, started in this process on a free
/// loopback port with the demo scenario, reached through the same HTTP client as a real cloud.
struct Demo: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: HelpText.demo.text, discussion: HelpText.demoDiscussion.text)
    }

    @Flag(help: ArgumentHelp(HelpText.demoReadOnly.text))
    var readOnly = false

    @Option(name: .customLong("latency-ms"), help: ArgumentHelp(HelpText.demoLatency.text))
    var latencyMS = 0

    @Option(help: ArgumentHelp(HelpText.demoScenario.text))
    var scenario: SimulatorConfig.Scenario = .demo

    @Option(name: .customLong("debug-log"), help: ArgumentHelp(HelpText.demoDebugLog.text))
    var debugLog: String?

    @Option(help: ArgumentHelp(HelpText.simFlavor.text))
    var flavor: SimulatorConfig.Flavor = .openstack

    @Option(help: ArgumentHelp(SimGatewayText.simAuth.text))
    var auth: SimulatorConfig.Auth = .password

    func validate() throws {
        guard (0...SimulatorDefaults.maxLatencyMS).contains(latencyMS) else {
            throw ValidationError(CommandText.latencyRange(SimulatorDefaults.maxLatencyMS))
        }
    }

    func run() async throws {
        var sim = SimulatorConfig()
        sim.scenario = scenario
        sim.latencyMS = latencyMS
        sim.flavor = flavor
        sim.auth = auth
        let server: SimulatorServer
        do {
            server = try await SimulatorServer.start(config: sim, host: "127.0.0.1", port: 0, handleSignals: false)
        } catch {
            Console.errLine(CommandText.demoCannotStart(error))
            throw ExitCode(1)
        }
        let projectName = SimulatorDefaults.project(for: flavor)
        var config: CloudConfig
        var headerUser = SimulatorDefaults.user
        if auth == .aksk {
            // Huawei's API gateway: every request signed with the demo AK/SK, VPC and ECS at
            // their own addresses (no token, no catalog), as on Huawei Cloud.
            let creds = await server.engine.accessKeyCredentials()
            config = CloudConfig(name: "demo", authURL: server.authURL,
                                 auth: .accessKey(AccessKey(accessKey: creds.accessKey, secretKey: creds.secretKey)),
                                 project: CloudConfig.ProjectRef(id: creds.projectID), regionName: SimulatorDefaults.region)
            config.endpointOverrides["network"] = (server.networkEndpoint ?? server.baseURL) + "/v2.0"
            config.endpointOverrides["compute"] = server.computeEndpoint ?? server.baseURL
            headerUser = creds.accessKey
        } else {
            let user = CloudConfig.UserRef(name: SimulatorDefaults.user, domainName: SimulatorDefaults.domain)
            config = CloudConfig(name: "demo", authURL: server.authURL,
                                 auth: .password(user: user, password: SimulatorDefaults.password),
                                 project: CloudConfig.ProjectRef(name: projectName, domainName: SimulatorDefaults.domain),
                                 regionName: SimulatorDefaults.region)
        }
        let header = Header(cloud: "demo", region: SimulatorDefaults.region, project: projectName,
                            user: headerUser, mode: .demo)
        do {
            let real = JournalStore.defaultPath(environment: ProcessInfo.processInfo.environment)
            let demoJournal = (real as NSString).deletingLastPathComponent + "/demo-journal.jsonl"
            try await TUI.run(config: config, header: header, readOnly: readOnly, strategy: .huawei, debugLogPath: debugLog,
                              journalPath: demoJournal)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

/// Runs the UI on a cloud and turns every way it can end into an exit status: 0 after quit,
/// 2 when there is no usable terminal (a clear line on stderr, nothing drawn), 128+signal after
/// SIGINT/SIGTERM/SIGHUP, and after a quit that had to stop an apply: 0 applied, 1 rolled back
/// or nothing sent, 3 partly applied (AppState.exitStatus).
enum TUI {
    /// `journalPath`: where the changes are journaled (the demo keeps its own file, so that
    /// `vipctl journal undo` on a real cloud never meets a demo run).
    static func run(config: CloudConfig, header: Header, readOnly: Bool, strategy: VIPStrategy, debugLogPath: String?,
                    journalPath: String = JournalStore.defaultPath(environment: ProcessInfo.processInfo.environment)) async throws
    {
        // Read-only twice over: the UI disables every change, and the session refuses any
        // request but GET should one slip through.
        let session: CloudSession
        do {
            session = try Bootstrap.session(config: config, debugLogPath: debugLogPath, readOnly: readOnly)
        } catch {
            Console.errLine("vipctl: \(error.oneLine)")
            throw ExitCode(2)
        }
        let result = await runOnMain(session: session, header: header, readOnly: readOnly, strategy: strategy, journalPath: journalPath)
        await Bootstrap.close(session)
        switch result {
        case .failure(let error):
            Console.err(error.description)
            throw ExitCode(error.exitCode)
        case .success(let status):
            if let status, status != 0 { throw ExitCode(status) }
        }
    }

    @MainActor
    static func runOnMain(session: CloudSession, header: Header, readOnly: Bool, strategy: VIPStrategy,
                          journalPath: String) async -> Result<Int32?, TerminalError>
    {
        let driver = CursesDriver()
        let state = AppState(header: header, size: TerminalSize(width: 80, height: 24), readOnly: readOnly, strategy: strategy)
        let journal = JournalStore(path: journalPath)
        let store = Store(state: state, environment: .live(session: session, journal: journal, beforeFirstWrite: {
            // Test only (no output: the screen is curses'): see VipFlow.testPause.
            guard let raw = ProcessInfo.processInfo.environment["VIPCTL_TEST_PAUSE_BEFORE_WRITE"], let secs = Double(raw), secs > 0 else { return }
            try? await Task.sleep(for: .milliseconds(Int(min(secs, 600) * 1000)))
        }))
        let app = TerminalApp(driver: driver, store: store)
        // SIGINT, SIGTERM and SIGHUP go through the store: during an apply they stop it (the
        // step in flight finishes, the rest is undone), then vipctl quits; else it quits now.
        let signals = UISignals(store: store)
        signals.install()
        defer { signals.uninstall() }
        do {
            try await app.run()
            return .success(await store.state.exitStatus)
        } catch {
            return .failure(error)
        }
    }
}

/// The UI's signal handling: SIGINT, SIGTERM, SIGHUP become `.signalled` actions (ignored as
/// signals, so the terminal restore handlers leave them to us), and SIGPIPE is ignored (a
/// closed terminal must not kill an apply).
final class UISignals: @unchecked Sendable {
    let store: Store
    /// Touched only by `install` and `uninstall`, on the main actor.
    private var sources: [any DispatchSourceSignal] = []

    init(store: Store) { self.store = store }

    @MainActor
    func install() {
        signal(SIGPIPE, SIG_IGN)
        TerminalRestore.leaveToApp(ApplySignals.watched)
        for sig in ApplySignals.watched {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler(handler: UISignals.handler(store, sig))
            src.resume()
            sources.append(src)
        }
    }

    /// Made outside the main actor: the handler runs on a dispatch queue, and a closure written
    /// inside `install` would inherit the main actor (Swift 6 checks that at run time and traps).
    nonisolated static func handler(_ store: Store, _ sig: Int32) -> @Sendable () -> Void {
        { Task { await store.send(.signalled(name: ApplySignals.name(sig), status: 128 + sig)) } }
    }

    func uninstall() {
        for s in sources { s.cancel() }
        sources = []
        for sig in ApplySignals.watched { signal(sig, SIG_DFL) }
    }
}
