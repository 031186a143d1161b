import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A request context that keeps the connection, so a fault rule can reset it and the test
/// controls can check that the caller is on loopback.
struct SimContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Bridges Hummingbird to the engine: reads the request into a `SimRequest`, applies latency
/// and fault rules (see `Faults`), asks the engine, and writes the `SimResponse`.
struct SimResponder: HTTPResponder {
    let engine: SimulatorEngine
    let maxBody: Int
    let scheme: String
    /// The service prefix this listener serves at its root (nil: the devstack layout).
    var mount: String?

    func respond(to request: Request, context: SimContext) async throws -> Response {
        // Noted first thing (a control request is uncounted below: its depth is never answered).
        let depth = engine.roundTripCount.arrived()
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBody)
        } catch {
            return Response(status: .contentTooLarge, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"error": "request body too large"}"#)))
        }
        let authority = request.head.authority ?? context.channel.localAddress.map { "\($0.ipAddress ?? "127.0.0.1"):\($0.port ?? 0)" } ?? "127.0.0.1"
        var headers = request.headers.map { ($0.name.rawName, $0.value) }
        // HTTP/1's Host header arrives as the authority; AK/SK signatures cover it as `host`.
        if let host = request.head.authority, !headers.contains(where: { $0.0.lowercased() == "host" }) {
            headers.append(("host", host))
        }
        let simReq = SimRequest(method: request.method.rawValue, rawPath: request.uri.path, rawQuery: request.uri.query,
                                headers: headers, body: Array(buffer: body), hostURL: scheme + "://" + authority, mount: mount)
        let route = Route.classify(simReq)
        if route.service == .control, !SimResponder.isLoopback(context.channel.remoteAddress) {
            return Response(status: .forbidden, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"error": "test controls answer loopback clients only"}"#)))
        }
        let delay = await engine.latency()
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        let decision = await engine.faultDecision(for: route)
        if decision.delayMS > 0 { try? await Task.sleep(nanoseconds: UInt64(decision.delayMS) * 1_000_000) }
        let sim: SimResponse
        switch decision.action {
        case nil:
            sim = await engine.handle(simReq, route: route)
        case let fault?:
            if fault.commits {
                // The write happens (and is counted); the answer is lost on the way back (a
                // gateway timeout).
                _ = await engine.handle(simReq, route: route)
            } else if !fault.resets {
                // Answered by the fault instead: still counted in the stats. A reset request
                // is not counted: the connection closes before it is handled.
                await engine.countFault(route)
            }
            if fault.resets {
                if route.service != .control { engine.roundTripCount.answered(depth) }
                try await SimResponder.reset(context.channel)
            }
            sim = fault.response
        }
        if route.service != .control { engine.roundTripCount.answered(depth) }
        var fields = HTTPFields()
        for (name, value) in sim.headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
        }
        return Response(status: .init(code: sim.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: sim.body)))
    }

    /// Closes the connection without an answer. SO_LINGER 0 makes close() send a RST: the
    /// client sees "connection reset". Always throws (there is nothing to answer).
    static func reset(_ channel: any Channel) async throws -> Never {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close().get()
        throw CancellationError()
    }

    static func isLoopback(_ addr: SocketAddress?) -> Bool {
        guard let ip = addr?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}

/// A running simulator on one port. `start` returns once the socket is listening.
public final class SimulatorServer: Sendable {
    public let engine: SimulatorEngine
    public let host: String
    public let port: Int
    public let scheme: String
    /// With `--auth aksk`: the port serving only VPC (Neutron at its root, like
    /// `https://vpc.{region}.{domain}`) and the port serving only ECS (Nova `/v2.1`, ECS `/v1`).
    public let networkPort: Int?
    public let computePort: Int?
    private let group: ServiceGroup
    private let runTask: Task<Void, any Error>

    /// `http://HOST:PORT`
    public var baseURL: String { url(port) }
    public var authURL: String { baseURL + Paths.identity + "/v3" }
    /// The VPC endpoint a client appends `/v2.0/...` to (the `--auth aksk` listener).
    public var networkEndpoint: String? { networkPort.map(url) }
    /// The ECS endpoint, as a catalog lists Nova's (`.../v2.1`).
    public var computeEndpoint: String? { computePort.map { url($0) + "/v2.1" } }

    private func url(_ p: Int) -> String { "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(p)" }

    private init(engine: SimulatorEngine, host: String, ports: [Int], scheme: String, group: ServiceGroup, runTask: Task<Void, any Error>) {
        self.engine = engine
        self.host = host
        self.port = ports[0]
        self.networkPort = ports.count > 2 ? ports[1] : nil
        self.computePort = ports.count > 2 ? ports[2] : nil
        self.scheme = scheme
        self.group = group
        self.runTask = runTask
    }

    /// Is `host` a loopback address (127.0.0.0/8, ::1, localhost)?
    public static func isLoopbackHost(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        if let a = IPAddress(host), case .v4(let v) = a { return v >> 24 == 127 }
        return false
    }

    /// PEM files for serving HTTPS (tests of certificate handling).
    public struct TLSFiles: Sendable {
        public let certificatePath: String
        public let privateKeyPath: String
        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    public static func start(config: SimulatorConfig, host: String = "127.0.0.1", port: Int = 0,
                             tls: TLSFiles? = nil, handleSignals: Bool = false) async throws -> SimulatorServer
    {
        let engine = try SimulatorEngine(config: config)
        return try await start(engine: engine, host: host, port: port, tls: tls, handleSignals: handleSignals)
    }

    public static func start(engine: SimulatorEngine, host: String = "127.0.0.1", port: Int = 0,
                             tls: TLSFiles? = nil, handleSignals: Bool = false) async throws -> SimulatorServer
    {
        var builder: HTTPServerBuilder = .http1()
        if let tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
            let conf = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            builder = try .tls(.http1(), tlsConfiguration: conf)
        }
        var logger = Logger(label: "vipctl.sim")
        logger.logLevel = .critical
        let scheme = tls == nil ? "http" : "https"
        // The main listener (every service under its prefix, and the test controls); with AK/SK
        // also VPC and ECS each on a port of its own, on ephemeral ports.
        let mounts: [(mount: String?, port: Int)] = engine.config.auth == .aksk
            ? [(nil, port), (Paths.network, 0), (Paths.compute, 0)] : [(nil, port)]
        var apps: [any Service] = []
        var streams: [AsyncStream<Int>] = []
        for m in mounts {
            let (stream, continuation) = AsyncStream<Int>.makeStream()
            streams.append(stream)
            apps.append(Application(
                responder: SimResponder(engine: engine, maxBody: engine.config.maxBodyBytes, scheme: scheme, mount: m.mount),
                server: builder,
                configuration: .init(address: .hostname(host, port: m.port), serverName: "vipctl-sim"),
                onServerRunning: { channel in
                    continuation.yield(channel.localAddress?.port ?? 0)
                    continuation.finish()
                },
                logger: logger
            ))
        }
        let group = ServiceGroup(configuration: .init(services: apps, gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
                                                      logger: logger))
        let task = Task { try await group.run() }
        var ports: [Int] = []
        for (i, stream) in streams.enumerated() {
            var bound: Int?
            for await p in stream { bound = p }
            guard let bound, bound > 0 else {
                task.cancel()
                var reason = "the server did not start"
                if case .failure(let e) = await task.result { reason = String(describing: e) }
                throw SimulatorStartError(description: "cannot listen on \(host):\(mounts[i].port): \(reason)")
            }
            ports.append(bound)
        }
        return SimulatorServer(engine: engine, host: host, ports: ports, scheme: scheme, group: group, runTask: task)
    }

    /// Runs until the service group ends (signals, when started with `handleSignals`).
    public func wait() async {
        _ = await runTask.result
        await engine.flush()
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await runTask.result
        await engine.flush()
    }
}

public struct SimulatorStartError: Error, CustomStringConvertible {
    public let description: String
}
