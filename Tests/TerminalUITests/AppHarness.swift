import CloudAPI
import CloudSimulator
import Foundation
import TerminalUI
import TestSupport
import Testing
import VIPCore
import ViewModels

/// The whole app on the headless driver: the demo scenario in an in-process simulator on a
/// loopback port, reached through the real HTTP client; keys replayed; screens read after
/// the app is idle (every key handled, no effect running, the screen showing the state).
@MainActor
final class AppHarness {
    let sim: SimHarness
    let session: CloudSession
    let driver: HeadlessDriver
    let store: Store
    let app: TerminalApp
    private var run: Task<Void, any Error>?
    private var sent = 0

    static func start(width: Int = 80, height: Int = 24, colors: Bool = false, start: RootList = .networks,
                      settle: Bool = true, readOnly: Bool = false, journal: JournalStore? = nil, insecure: Bool = false,
                      hardwareSDN: Bool = false,
                      configure: @Sendable (inout SimulatorConfig) -> Void = { _ in }) async throws -> AppHarness
    {
        let sim = try await SimHarness.start(configure)
        let h: AppHarness
        do {
            h = try AppHarness(sim: sim, width: width, height: height, colors: colors, start: start, readOnly: readOnly,
                               journal: journal, insecure: insecure, hardwareSDN: hardwareSDN)
        } catch {
            await sim.stop()
            throw error
        }
        do {
            if settle { try await h.settle() }
        } catch {
            await h.stop()
            throw error
        }
        return h
    }

    private init(sim: SimHarness, width: Int, height: Int, colors: Bool, start: RootList, readOnly: Bool,
                 journal: JournalStore?, insecure: Bool = false, hardwareSDN: Bool = false) throws
    {
        self.sim = sim
        let user = CloudConfig.UserRef(name: SimulatorDefaults.user, domainName: SimulatorDefaults.domain)
        var config = CloudConfig(name: "demo", authURL: sim.identity,
                                 auth: .password(user: user, password: SimulatorDefaults.password),
                                 project: CloudConfig.ProjectRef(name: SimulatorDefaults.project, domainName: SimulatorDefaults.domain),
                                 regionName: SimulatorDefaults.region)
        config.hardwareSDN = hardwareSDN  // `hardware_sdn: true` in clouds.yaml
        session = CloudSession(config: config, transport: try AHCTransport(config: config), readOnly: readOnly)
        driver = HeadlessDriver(size: Size(width: width, height: height),
                                capabilities: TerminalCapabilities(utf8: true, colors: colors))
        let header = Header(cloud: "demo", region: SimulatorDefaults.region, project: SimulatorDefaults.project,
                            user: SimulatorDefaults.user, mode: .demo, insecure: insecure)
        store = Store(state: AppState(header: header, size: TerminalSize(width: width, height: height), start: start,
                                      readOnly: readOnly),
                      environment: .live(session: session, journal: journal))
        app = TerminalApp(driver: driver, store: store)
        let app = self.app
        run = Task { @MainActor in try await app.run() }
    }

    /// Waits until every key sent so far is handled and the app is idle.
    func settle() async throws {
        let ok = await app.waitUntilIdle(keys: sent)
        if !ok { throw HarnessError("the app did not become idle; screen:\n" + screen.joined(separator: "\n")) }
    }

    /// Waits for idle after `keys` keys were sent straight to the driver.
    func settleAfter(keys: Int) async throws {
        sent += keys
        try await settle()
    }

    func press(_ keys: Key...) async throws {
        for k in keys {
            driver.send(k)
            sent += 1
            try await settle()
        }
    }

    /// Types text key by key.
    func type(_ text: String) async throws {
        for c in text { try await press(.char(c)) }
    }

    func resize(_ width: Int, _ height: Int) async throws {
        driver.resize(to: Size(width: width, height: height))
        sent += 1
        try await settle()
    }

    var screen: [String] { driver.screenText() }
    var state: AppState { get async { await store.state } }

    /// The screen with ids and MAC-independent random parts masked, for snapshots.
    var maskedScreen: [String] { screen.map(Snapshot.mask) }

    func stop() async {
        driver.endInput()
        _ = try? await run?.value
        await session.shutdown()
        await sim.stop()
    }

    /// Runs `body` on a fresh app and stops everything afterwards.
    static func with(width: Int = 80, height: Int = 24, colors: Bool = false, readOnly: Bool = false,
                     journal: JournalStore? = nil, insecure: Bool = false, hardwareSDN: Bool = false,
                     configure: @Sendable (inout SimulatorConfig) -> Void = { _ in },
                     _ body: (AppHarness) async throws -> Void) async throws
    {
        let h = try await start(width: width, height: height, colors: colors, readOnly: readOnly, journal: journal,
                                insecure: insecure, hardwareSDN: hardwareSDN, configure: configure)
        do {
            try await body(h)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
