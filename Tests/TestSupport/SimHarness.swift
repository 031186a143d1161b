import AsyncHTTPClient
import CloudSimulator
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// What a raw HTTP call returned.
public struct HTTPResult: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON; `.null` when it is empty or not JSON.
    public var json: JSON { (try? JSON.parse(body)) ?? .null }

    /// `NeutronError.type`, if the body is a neutron error.
    public var neutronType: String? { json["NeutronError"]?["type"]?.stringValue }
}

public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

/// An in-process simulator on an ephemeral loopback port, reached over real HTTP.
public final class SimHarness: Sendable {
    public let server: SimulatorServer
    public var baseURL: String { server.baseURL }
    public var identity: String { server.baseURL + Paths.identity + "/v3" }
    public var network: String { server.baseURL + Paths.network + "/v2.0" }
    public var compute: String { server.baseURL + Paths.compute + "/v2.1" }

    private init(server: SimulatorServer) { self.server = server }

    public static func start(_ configure: (inout SimulatorConfig) -> Void = { _ in }) async throws -> SimHarness {
        var config = SimulatorConfig()
        configure(&config)
        return SimHarness(server: try await SimulatorServer.start(config: config))
    }

    public func stop() async { await server.stop() }

    /// Runs `body` against a fresh simulator and stops it afterwards, whatever happens.
    public static func with<T>(_ configure: (inout SimulatorConfig) -> Void = { _ in },
                               _ body: (SimHarness) async throws -> T) async throws -> T
    {
        let h = try await start(configure)
        do {
            let r = try await body(h)
            await h.stop()
            return r
        } catch {
            await h.stop()
            throw error
        }
    }

    // MARK: raw HTTP

    public func request(_ method: String, _ url: String, json: JSON? = nil, body: [UInt8]? = nil,
                        token: String? = nil, headers: [(String, String)] = []) async throws -> HTTPResult
    {
        var req = HTTPClientRequest(url: url)
        req.method = HTTPMethod(rawValue: method)
        if let token { req.headers.add(name: "X-Auth-Token", value: token) }
        for (k, v) in headers { req.headers.add(name: k, value: v) }
        if let json {
            req.headers.add(name: "Content-Type", value: "application/json")
            req.body = .bytes(ByteBuffer(bytes: json.serialized()))
        } else if let body {
            req.body = .bytes(ByteBuffer(bytes: body))
        }
        let resp = try await HTTPClient.shared.execute(req, timeout: .seconds(30))
        let buf = try await resp.body.collect(upTo: 256 << 20)
        return HTTPResult(status: Int(resp.status.code), headers: resp.headers.map { ($0.name, $0.value) },
                          body: Array(buffer: buf))
    }

    public func get(_ url: String, token: String?, headers: [(String, String)] = []) async throws -> HTTPResult {
        try await request("GET", url, token: token, headers: headers)
    }

    // MARK: keystone

    public static func passwordAuth(user: String = SimulatorDefaults.user, password: String = SimulatorDefaults.password,
                                    project: String? = SimulatorDefaults.project) -> JSON
    {
        var auth: JSONObject = ["identity": ["methods": ["password"],
                                             "password": ["user": ["name": .string(user), "domain": ["name": "Default"],
                                                                   "password": .string(password)]]]]
        if let project { auth["scope"] = ["project": ["name": .string(project), "domain": ["name": "Default"]]] }
        return ["auth": .object(auth)]
    }

    /// A project-scoped token for demo (or another user).
    public func token(user: String = SimulatorDefaults.user, password: String = SimulatorDefaults.password,
                      project: String = SimulatorDefaults.project) async throws -> String
    {
        let r = try await request("POST", identity + "/auth/tokens", json: SimHarness.passwordAuth(user: user, password: password, project: project))
        guard r.status == 201, let t = r.header("X-Subject-Token") else {
            throw HarnessError("token issue failed: \(r.status) \(r.text)")
        }
        return t
    }

    // MARK: neutron helpers

    /// The ports the token can see (all pages), as JSON objects.
    public func allPorts(token: String, query: String = "") async throws -> [JSON] {
        var url: String? = network + "/ports" + (query.isEmpty ? "" : "?" + query)
        var out: [JSON] = []
        while let u = url {
            let r = try await get(u, token: token)
            guard r.status == 200 else { throw HarnessError("list failed: \(r.status) \(r.text)") }
            let page = r.json["ports"]?.arrayValue ?? []
            out += page
            url = page.isEmpty ? nil : r.json["ports_links"]?.arrayValue?.first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
        }
        return out
    }

    public func firstNetwork(named name: String, token: String) async throws -> JSON {
        let r = try await get(network + "/networks?name=" + name, token: token)
        guard let n = r.json["networks"]?.arrayValue?.first else { throw HarnessError("no network \(name): \(r.text)") }
        return n
    }

    /// Creates a network with one subnet; returns (network id, subnet id).
    public func makeNetwork(token: String, name: String, cidr: String, pools: JSON? = nil) async throws -> (String, String) {
        let n = try await request("POST", network + "/networks", json: ["network": ["name": .string(name)]], token: token)
        guard n.status == 201, let nid = n.json["network"]?["id"]?.stringValue else { throw HarnessError("network: \(n.text)") }
        var sub: JSONObject = ["network_id": .string(nid), "ip_version": 4, "cidr": .string(cidr), "name": .string(name + "-sub")]
        if let pools { sub["allocation_pools"] = pools }
        let s = try await request("POST", network + "/subnets", json: ["subnet": .object(sub)], token: token)
        guard s.status == 201, let sid = s.json["subnet"]?["id"]?.stringValue else { throw HarnessError("subnet: \(s.text)") }
        return (nid, sid)
    }

    public func makePort(token: String, network nid: String, extra: [(String, JSON)] = []) async throws -> JSON {
        var o = JSONObject([("network_id", .string(nid))])
        for (k, v) in extra { o[k] = v }
        let r = try await request("POST", network + "/ports", json: ["port": .object(o)], token: token)
        guard r.status == 201, let p = r.json["port"] else { throw HarnessError("port: \(r.status) \(r.text)") }
        return p
    }

    public func stats() async throws -> JSON { try await get(baseURL + Paths.control + "/stats", token: nil).json }
}

extension JSON {
    /// `ip_address` values of `allowed_address_pairs`.
    public var pairIPs: [String] { self["allowed_address_pairs"]?.arrayValue?.compactMap { $0["ip_address"]?.stringValue } ?? [] }
    public var id: String { self["id"]?.stringValue ?? "" }
    public var firstIP: String { self["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue ?? "" }
}

extension SimHarness {
    /// A raw HTTP call to any URL, without an in-process simulator (e.g. to a `vipctl sim`
    /// child process).
    public static func send(_ method: String, _ url: String, json: JSON? = nil, token: String? = nil,
                            headers: [(String, String)] = []) async throws -> HTTPResult
    {
        var req = HTTPClientRequest(url: url)
        req.method = HTTPMethod(rawValue: method)
        if let token { req.headers.add(name: "X-Auth-Token", value: token) }
        for (k, v) in headers { req.headers.add(name: k, value: v) }
        if let json {
            req.headers.add(name: "Content-Type", value: "application/json")
            req.body = .bytes(ByteBuffer(bytes: json.serialized()))
        }
        let resp = try await HTTPClient.shared.execute(req, timeout: .seconds(30))
        let buf = try await resp.body.collect(upTo: 256 << 20)
        return HTTPResult(status: Int(resp.status.code), headers: resp.headers.map { ($0.name, $0.value) },
                          body: Array(buffer: buf))
    }
}

// MARK: running the built binary

/// What a finished child process printed, and how it exited.
public struct ProcessOutput: Sendable {
    /// The exit code; when a signal killed the child, the signal's number (see `signal`).
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// The signal that killed the child (SIGSEGV = 11, SIGABRT = 6 ...), if one did.
    public var signal: Int32? = nil

    /// stderr split into lines (a trailing newline does not add an empty line).
    public var stderrLines: [String] {
        var lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Runs the built vipctl (or another program) to completion, stdin on /dev/null, with a
/// deadline, the child always killed and reaped: `Spawn.start` and an async wait.
public enum ChildRun {
    /// `$VIPCTL_BINARY` when set (e.g. `.build/release/vipctl` for a release lane; relative to
    /// the package root unless absolute), else `<package root>/.build/debug/vipctl` (run
    /// `swift build` before `swift test`).
    public static func vipctlBinary() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if let given = ProcessInfo.processInfo.environment["VIPCTL_BINARY"], !given.isEmpty {
            let path = given.hasPrefix("/") ? given : root.appendingPathComponent(given).path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw HarnessError("VIPCTL_BINARY=\(given): \(path) is not an executable file")
            }
            return path
        }
        let path = root.appendingPathComponent(".build/debug/vipctl").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError("\(path) is missing: run `swift build` before `swift test`")
        }
        return path
    }

    /// Runs `path` with exactly `environment` (nothing inherited) in `directory` (through
    /// `Spawn.start`, the one runner); throws if it has not exited within `timeout`.
    public static func run(_ path: String, _ args: [String], environment: [String: String], directory: String,
                           timeout: Duration = .seconds(10)) async throws -> ProcessOutput
    {
        let child = try Spawn.start([path] + args, environment: environment, directory: directory)
        do {
            let r = try await child.wait(timeout: timeout)
            return ProcessOutput(status: r.signal ?? r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal)
        } catch let e as SpawnError {
            throw HarnessError(e.description)
        }
    }
}

// MARK: a session of the built binary on the simulator

/// A fresh, empty directory used as HOME and as the working directory of a child vipctl (so no
/// clouds.yaml of the developer or of the repository can be found).
public struct TempHome: Sendable {
    public let path: String
    public init(prefix: String = "vipctl-home") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension SimHarness {
    /// PATH, HOME and the OS_* variables of the demo user on this simulator: the one way a test
    /// points a child vipctl at it.
    public func osEnvironment(home: String, authURL: String? = nil) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home,
            "OS_AUTH_URL": authURL ?? identity,
            "OS_USERNAME": SimulatorDefaults.user,
            "OS_PASSWORD": SimulatorDefaults.password,
            "OS_PROJECT_NAME": SimulatorDefaults.project,
            "OS_USER_DOMAIN_NAME": SimulatorDefaults.domain,
            "OS_PROJECT_DOMAIN_NAME": SimulatorDefaults.domain,
            "OS_REGION_NAME": SimulatorDefaults.region,
        ]
    }
}
