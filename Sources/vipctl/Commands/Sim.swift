import ArgumentParser
import CloudSimulator
import Foundation
import L10n

/// `vipctl sim`: a faithful local Keystone v3 / Neutron v2.0 / Nova v2.1 on one loopback port.
struct Sim: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: HelpText.sim.text, discussion: HelpText.simDiscussion.text)
    }

    @Option(help: ArgumentHelp(HelpText.simHost.text))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp(HelpText.simPort.text))
    var port = 0

    @Flag(help: ArgumentHelp(HelpText.simAllowRemote.text))
    var allowRemote = false

    @Option(help: ArgumentHelp(HelpText.simScenario.text))
    var scenario: SimulatorConfig.Scenario = .demo

    @Option(help: ArgumentHelp(HelpText.simPorts.text))
    var ports = 100_000

    @Option(help: ArgumentHelp(HelpText.simServers.text))
    var servers = 20_000

    @Option(help: ArgumentHelp(HelpText.simNetworks.text))
    var networks = 20

    @Option(help: ArgumentHelp(HelpText.simFlavor.text))
    var flavor: SimulatorConfig.Flavor = .openstack

    @Option(help: ArgumentHelp(SimGatewayText.simAuth.text))
    var auth: SimulatorConfig.Auth = .password

    @Flag(name: .customLong("hardware-sdn"), help: ArgumentHelp(SimGatewayText.simHardwareSDN.text))
    var hardwareSDN = false

    @Option(name: .customLong("token-ttl"), help: ArgumentHelp(HelpText.simTokenTTL.text))
    var tokenTTL: Int?

    @Option(name: .customLong("latency-ms"), help: ArgumentHelp(HelpText.simLatency.text))
    var latencyMS = 0

    @Option(help: ArgumentHelp(HelpText.simState.text))
    var state: String?

    func validate() throws {
        if !allowRemote && !SimulatorServer.isLoopbackHost(host) {
            throw ValidationError(CommandText.hostNotLoopback(host))
        }
        guard (0...65535).contains(port) else { throw ValidationError(CommandText.portRange.text) }
        // Bounded so the scale scenario fits in memory and in 10.0.0.0/8 (a huge --ports used
        // to overflow while sizing the networks and crash, or run out of memory).
        guard (0...SimulatorDefaults.maxScalePorts).contains(ports), (0...SimulatorDefaults.maxScalePorts).contains(servers) else {
            throw ValidationError(CommandText.scaleRange(SimulatorDefaults.maxScalePorts))
        }
        guard (1...SimulatorDefaults.maxScaleNetworks).contains(networks) else {
            throw ValidationError(CommandText.networksRange(SimulatorDefaults.maxScaleNetworks))
        }
        if let t = tokenTTL, !(1...SimulatorDefaults.maxTokenTTL).contains(t) {
            throw ValidationError(CommandText.tokenTTLRange(SimulatorDefaults.maxTokenTTL))
        }
        guard (0...SimulatorDefaults.maxLatencyMS).contains(latencyMS) else {
            throw ValidationError(CommandText.latencyRange(SimulatorDefaults.maxLatencyMS))
        }
    }

    func run() async throws {
        var config = SimulatorConfig()
        config.scenario = scenario
        config.flavor = flavor
        config.auth = auth
        config.hardwareSDN = hardwareSDN
        config.scalePorts = ports
        config.scaleServers = servers
        config.scaleNetworks = networks
        config.tokenTTL = tokenTTL.map(Double.init)
        config.latencyMS = latencyMS
        config.statePath = state
        let started = Date()
        let server: SimulatorServer
        do {
            server = try await SimulatorServer.start(config: config, host: host, port: port, handleSignals: true)
        } catch {
            throw SimCommandError(message: CommandText.simCannotStart(error))
        }
        let ready = Date().timeIntervalSince(started)
        var out = "listening on \(server.baseURL)\n"
        if auth == .aksk {
            let creds = await server.engine.accessKeyCredentials()
            for line in SimExports.akskLines(accessKey: creds.accessKey, secretKey: creds.secretKey, projectID: creds.projectID,
                                             network: (server.networkEndpoint ?? "") + "/v2.0", compute: server.computeEndpoint ?? "")
            {
                out += line + "\n"
            }
        } else {
            for line in SimExports.lines(authURL: server.authURL, flavor: flavor) { out += line + "\n" }
        }
        out += CommandText.simReady(scenario.rawValue, flavor.rawValue, String(format: "%.2f", ready)) + "\n"
        Console.out(out)
        await server.wait()
    }
}

struct SimCommandError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

enum SimExports {
    static func lines(authURL: String, flavor: SimulatorConfig.Flavor) -> [String] {
        [
            "export OS_AUTH_URL=\(authURL)",
            "export OS_IDENTITY_API_VERSION=3",
            "export OS_USERNAME=\(SimulatorDefaults.user)",
            "export OS_PASSWORD=\(SimulatorDefaults.password)",
            "export OS_PROJECT_NAME=\(SimulatorDefaults.project(for: flavor))",
            "export OS_USER_DOMAIN_NAME=\(SimulatorDefaults.domain)",
            "export OS_PROJECT_DOMAIN_NAME=\(SimulatorDefaults.domain)",
            "export OS_REGION_NAME=\(SimulatorDefaults.region)",
            "export OS_INTERFACE=public",
        ]
    }
}

extension SimExports {
    /// `--auth aksk`: the AK/SK/project Huawei's SDKs read, and the VPC and ECS listeners (there
    /// is no token and no catalog with AK/SK, so the endpoints are set by hand, as on HCS). The
    /// client uses an override as given, so the VPC one carries `/v2.0` and the ECS one `/v2.1`.
    static func akskLines(accessKey: String, secretKey: String, projectID: String, network: String, compute: String) -> [String] {
        [
            "export HUAWEICLOUD_SDK_AK=\(accessKey)",
            "export HUAWEICLOUD_SDK_SK=\(secretKey)",
            "export HUAWEICLOUD_SDK_PROJECT_ID=\(projectID)",
            "export OS_NETWORK_ENDPOINT_OVERRIDE=\(network)",
            "export OS_COMPUTE_ENDPOINT_OVERRIDE=\(compute)",
            "export OS_REGION_NAME=\(SimulatorDefaults.region)",
        ]
    }
}

extension SimulatorConfig.Scenario: ExpressibleByArgument {}
extension SimulatorConfig.Auth: ExpressibleByArgument {}
extension SimulatorConfig.Flavor: ExpressibleByArgument {}
