import ArgumentParser
import CloudSimulator
import Foundation

/// `vipctl sim`: a faithful local Keystone v3 / Neutron v2.0 / Nova v2.1 on one loopback port.
struct Sim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the local cloud simulator (Keystone v3, Neutron v2.0, Nova v2.1).",
        discussion: """
            Prints `listening on http://HOST:PORT`, then the OS_* exports a client needs. \
            Services: identity at /identity/v3, network at /networking, compute at /compute/v2.1. \
            Test controls (loopback only): GET /__sim/stats, POST /__sim/faults, POST /__sim/reset.
            """
    )

    @Option(help: "Address to listen on. Only loopback unless --allow-remote.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 0

    @Flag(help: "Allow listening on a non-loopback address.")
    var allowRemote = false

    @Option(help: "Initial data: demo, empty, scale, or contention (ha-net, node-01..node-40, vip-ha..vip-ha-5).")
    var scenario: SimulatorConfig.Scenario = .demo

    @Option(help: "Ports for --scenario scale.")
    var ports = 100_000

    @Option(help: "Servers for --scenario scale.")
    var servers = 20_000

    @Option(help: "Networks for --scenario scale.")
    var networks = 20

    @Option(help: "Behave like vanilla OpenStack or like Huawei Cloud: openstack or huawei.")
    var flavor: SimulatorConfig.Flavor = .openstack

    @Option(name: .customLong("token-ttl"), help: "Token lifetime in seconds (default 3600; huawei 86400).")
    var tokenTTL: Int?

    @Option(name: .customLong("latency-ms"), help: "Delay added to every response.")
    var latencyMS = 0

    @Option(help: "Load state from FILE at start and save it there after every change.")
    var state: String?

    func validate() throws {
        if !allowRemote && !SimulatorServer.isLoopbackHost(host) {
            throw ValidationError("--host \(host) is not a loopback address; add --allow-remote to listen on it")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        // Bounded so the scale scenario fits in memory and in 10.0.0.0/8 (a huge --ports used
        // to overflow while sizing the networks and crash, or run out of memory).
        guard (0...SimulatorDefaults.maxScalePorts).contains(ports), (0...SimulatorDefaults.maxScalePorts).contains(servers) else {
            throw ValidationError("--ports and --servers must be between 0 and \(SimulatorDefaults.maxScalePorts)")
        }
        guard (1...SimulatorDefaults.maxScaleNetworks).contains(networks) else {
            throw ValidationError("--networks must be between 1 and \(SimulatorDefaults.maxScaleNetworks)")
        }
        if let t = tokenTTL, !(1...SimulatorDefaults.maxTokenTTL).contains(t) {
            throw ValidationError("--token-ttl must be between 1 and \(SimulatorDefaults.maxTokenTTL) seconds")
        }
        guard (0...SimulatorDefaults.maxLatencyMS).contains(latencyMS) else {
            throw ValidationError("--latency-ms must be between 0 and \(SimulatorDefaults.maxLatencyMS)")
        }
    }

    func run() async throws {
        var config = SimulatorConfig()
        config.scenario = scenario
        config.flavor = flavor
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
            throw SimCommandError(message: "vipctl sim: \(error)")
        }
        let ready = Date().timeIntervalSince(started)
        var out = "listening on \(server.baseURL)\n"
        for line in SimExports.lines(authURL: server.authURL, flavor: flavor) { out += line + "\n" }
        out += "# scenario \(scenario.rawValue), flavor \(flavor.rawValue), ready in \(String(format: "%.2f", ready)) s; Ctrl-C stops\n"
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
            "export OS_PROJECT_NAME=\(flavor == .huawei ? "cn-north-4" : SimulatorDefaults.project)",
            "export OS_USER_DOMAIN_NAME=\(SimulatorDefaults.domain)",
            "export OS_PROJECT_DOMAIN_NAME=\(SimulatorDefaults.domain)",
            "export OS_REGION_NAME=\(SimulatorDefaults.region)",
            "export OS_INTERFACE=public",
        ]
    }
}

extension SimulatorConfig.Scenario: ExpressibleByArgument {}
extension SimulatorConfig.Flavor: ExpressibleByArgument {}
