import ArgumentParser
import CloudAPI
import Foundation
import L10n

/// The options every cloud command takes, written after the subcommand as usual
/// (`vipctl ports --os-cloud hcs --debug-log /tmp/vipctl.log`). Flags beat `OS_*` beat
/// clouds.yaml.
struct CloudOptions: ParsableArguments {
    @Option(name: .customLong("os-cloud"), help: ArgumentHelp(HelpText.osCloud.text))
    var cloud: String?
    @Option(name: .customLong("os-auth-url"), help: .hidden) var authURL: String?
    @Option(name: .customLong("os-username"), help: .hidden) var username: String?
    @Option(name: .customLong("os-user-id"), help: .hidden) var userID: String?
    @Option(name: .customLong("os-password"), help: .hidden) var password: String?
    @Option(name: .customLong("os-project-name"), help: .hidden) var projectName: String?
    @Option(name: .customLong("os-project-id"), help: .hidden) var projectID: String?
    @Option(name: .customLong("os-user-domain-name"), help: .hidden) var userDomainName: String?
    @Option(name: .customLong("os-user-domain-id"), help: .hidden) var userDomainID: String?
    @Option(name: .customLong("os-project-domain-name"), help: .hidden) var projectDomainName: String?
    @Option(name: .customLong("os-project-domain-id"), help: .hidden) var projectDomainID: String?
    @Option(name: .customLong("os-access-key"), help: .hidden) var accessKey: String?
    @Option(name: .customLong("os-secret-key"), help: .hidden) var secretKey: String?
    @Option(name: .customLong("os-security-token"), help: .hidden) var securityToken: String?
    @Option(name: .customLong("os-region-name"), help: ArgumentHelp(HelpText.region.text)) var regionName: String?
    @Option(name: .customLong("os-interface"), help: .hidden) var interface: String?
    @Option(name: .customLong("os-cacert"), help: ArgumentHelp(HelpText.cacert.text)) var cacert: String?
    @Flag(name: .customLong("insecure"), help: ArgumentHelp(HelpText.insecure.text)) var insecure = false
    @Option(name: .customLong("debug-log"), help: ArgumentHelp(HelpText.debugLog.text)) var debugLog: String?
    @Option(name: .customLong("timeout"), help: ArgumentHelp(HelpText.timeout.text, valueName: "seconds"))
    var timeout: Double?
    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp(HelpText.connectTimeout.text, valueName: "seconds"))
    var connectTimeout: Double?

    func validate() throws {
        if let t = timeout, !(t.isFinite && CloudConfig.Timeouts.requestRange.contains(t)) {
            throw ValidationError(CommandText.timeoutRange(t))
        }
        if let t = connectTimeout, !(t.isFinite && CloudConfig.Timeouts.connectRange.contains(t)) {
            throw ValidationError(CommandText.connectTimeoutRange(t))
        }
    }

    var overrides: ConfigOverrides {
        var o = ConfigOverrides()
        o.cloud = cloud
        o.authURL = authURL
        o.username = username
        o.userID = userID
        o.password = password
        o.projectName = projectName
        o.projectID = projectID
        o.userDomainName = userDomainName
        o.userDomainID = userDomainID
        o.projectDomainName = projectDomainName
        o.projectDomainID = projectDomainID
        o.regionName = regionName
        o.interface = interface
        o.cacert = cacert
        if insecure { o.insecure = true }
        o.accessKey = accessKey
        o.secretKey = secretKey
        o.securityToken = securityToken
        o.apiTimeout = timeout
        o.connectTimeout = connectTimeout
        return o
    }

    /// The cloud; its warnings (a secret on the command line, a secret file others can read,
    /// TLS verification off) go to stderr, one line each, unless `warn` is false.
    func loadConfig(warn: Bool = true) throws(CloudError) -> CloudConfig {
        try loadConfig(warn: warn, askPassword: true)
    }

    /// `loadConfig`; without `askPassword`, a missing password is not asked for: the config
    /// holds a placeholder and says `.prompt` as the password's source (`config show`).
    func loadConfig(warn: Bool, askPassword: Bool) throws(CloudError) -> CloudConfig {
        let env = ProcessInfo.processInfo.environment
        var prompt: (@Sendable (String) -> String?)?
        if !askPassword {
            prompt = { @Sendable _ in "(asked when needed)" }
        } else if PasswordPrompt.terminalAttached { prompt = { @Sendable in PasswordPrompt.readWithoutEcho(prompt: $0) } }
        let loader = ConfigLoader(environment: env, currentDirectory: FileManager.default.currentDirectoryPath,
                                  homeDirectory: env["HOME"] ?? NSHomeDirectory(), passwordPrompt: prompt)
        let loaded = try loader.loadWithWarnings(overrides)
        if warn {
            for w in loaded.warnings { Console.errLine("vipctl: " + CommandText.warningPrefix(w)) }
        }
        return loaded.config
    }

    /// Builds a session, runs `body`, shuts the session down, and turns any CloudError into
    /// one clear line on stderr and a non-zero exit.
    func withSession<T: Sendable>(_ body: (CloudSession) async throws(CloudError) -> T) async throws -> T {
        do {
            return try await runSession(body)
        } catch {
            Console.errLine("vipctl: \(error.oneLine)")
            if case .config = error { throw ExitCode(2) }
            throw ExitCode(1)
        }
    }

    private func runSession<T: Sendable>(_ body: (CloudSession) async throws(CloudError) -> T) async throws(CloudError) -> T {
        let session = try Bootstrap.session(config: try loadConfig(), debugLogPath: debugLog, readOnly: false)
        do {
            let r = try await body(session)
            await Bootstrap.close(session)
            return r
        } catch {
            await Bootstrap.close(session)
            throw error
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
