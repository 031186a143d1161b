import CloudAPI
import Foundation
import Testing
import TestSupport

/// Issue 10, item 2: the hostile-input catalogue. A scripted loopback server (HostileServer)
/// answers what a broken or hostile cloud would; each input must get one clear line that
/// names the service, method, path, status and what was wrong, and lose nothing that could
/// be read. Every case prints `hostile: <input> -> <message>` so that the CI log lists the
/// inputs tried and the messages they get.
@Suite("Hostile servers: the input catalogue")
struct HostileServerTests {
    /// A port as Neutron lists it (only what the decoder needs and a name).
    static func port(_ id: String, _ name: String = "p") -> String { HostileServer.portJSON(id, name) }

    static func ports(_ ids: [String], links: String = "") -> String {
        #"{"ports":[\#(ids.map { port($0) }.joined(separator: ","))]\#(links)}"#
    }

    /// `"ports_links":[{"rel":"next","href":".../ports?marker=M"}]`
    static func next(_ base: String, _ marker: String) -> String {
        #","ports_links":[{"rel":"next","href":"\#(base)/v2.0/ports?limit=1&marker=\#(marker)"}]"#
    }

    /// A session of user demo on `server` (keystone at /v3, neutron at /v2.0), no read retries
    /// (a retried 502 would only make the test slower).
    static func session(_ server: HostileServer, authURL: String? = nil,
                        _ edit: (inout CloudConfig) -> Void = { _ in }) async throws -> CloudSession
    {
        var c = CloudConfig(name: "hostile", authURL: authURL ?? server.baseURL + "/v3",
                            auth: .password(user: .init(name: "demo", domainName: "Default"), password: "hostile-secret-pw"),
                            project: .init(name: "demo", domainName: "Default"))
        c.endpointOverrides = ["network": server.baseURL + "/v2.0", "compute": server.baseURL + "/v2.1"]
        c.timeouts.connect = 5
        c.timeouts.read = 20
        c.timeouts.total = 30
        edit(&c)
        let s = CloudSession(config: c, transport: try AHCTransport(config: c))
        await s.setReadRetries(0)
        return s
    }

    /// Keystone answers the token request; everything else goes to `script`.
    static func server(_ script: @escaping @Sendable (HostileServer.Request) -> HostileServer.Reply) throws -> HostileServer {
        try HostileServer.behindKeystone(script)
    }

    /// What a case does and what its message must hold.
    struct Case: Sendable, CustomStringConvertible {
        let input: String
        let script: @Sendable (HostileServer.Request, String) -> HostileServer.Reply
        var edit: @Sendable (inout CloudConfig) -> Void = { _ in }
        /// Fragments the one-line message must contain (`{base}` is the server's URL).
        let expect: [String]
        var description: String { input }
    }

    static let html = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>login</form></body></html>"

    /// The catalogue of `GET /v2.0/ports` answers that must fail with one clear line.
    static let failing: [Case] = [
        Case(input: "malformed JSON with 200", script: { _, _ in .json(200, #"{"ports": [{"id": "a", "name": "#) },
             expect: ["Neutron GET /v2.0/ports: HTTP 200 could not be read", "malformed or truncated JSON"]),
        Case(input: "HTML page with 200", script: { _, _ in .http(status: 200, headers: [("Content-Type", "text/html")], body: Array(html.utf8)) },
             expect: ["Neutron GET /v2.0/ports: HTTP 200", "HTML page, not the API's JSON"]),
        Case(input: "HTML page with 200 labelled application/json",
             script: { _, _ in .http(status: 200, headers: [("Content-Type", "application/json")], body: Array(html.utf8)) },
             expect: ["Neutron GET /v2.0/ports: HTTP 200", "HTML page"]),
        Case(input: "HTML page with 502", script: { _, _ in .http(status: 502, headers: [("Content-Type", "text/html")], body: Array(html.utf8)) },
             expect: ["Neutron GET /v2.0/ports: HTTP 502", "HTML page"]),
        Case(input: "empty body with 200", script: { _, _ in .http(status: 200, headers: [("Content-Type", "application/json")], body: []) },
             expect: ["Neutron GET /v2.0/ports: HTTP 200", "the body is empty where JSON was expected"]),
        Case(input: "empty body with 502", script: { _, _ in .http(status: 502, headers: [], body: []) },
             expect: ["Neutron 502", "empty body in the answer to GET /v2.0/ports"]),
        Case(input: "a JSON body without the ports key", script: { _, _ in .json(200, #"{"networks": [], "count": 0}"#) },
             expect: ["Neutron GET /v2.0/ports: HTTP 200", "no \"ports\" list in the body (keys: count, networks)"]),
        Case(input: "missing field id in the second port",
             script: { _, _ in .json(200, #"{"ports":[\#(port("a")),{"name":"no-id"}]}"#) },
             expect: ["Neutron GET /v2.0/ports: HTTP 200", "missing field id at ports[1]"]),
        Case(input: "a name that is a number", script: { _, _ in .json(200, #"{"ports":[{"id":"a","name":42}]}"#) },
             expect: ["Neutron GET /v2.0/ports: HTTP 200", "unexpected type (expected a string) at ports[0].name"]),
        Case(input: "a JSON list at the top instead of an object", script: { _, _ in .json(200, "[]") },
             expect: ["Neutron GET /v2.0/ports: HTTP 200 could not be read: unexpected type (expected an object)"]),
        Case(input: "a body cut short (Content-Length 1000, 20 bytes, then close)",
             script: { _, _ in .raw(Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"ports\": [{\"id\": 1".utf8)) },
             expect: ["connection to {base}/v2.0/ports closed before the whole answer arrived (the body was cut short)"]),
        Case(input: "100 MB body with Content-Length",
             script: { _, _ in .large(status: 200, contentType: "application/json", bytes: 100 << 20, declareLength: true) },
             expect: ["response from {base}/v2.0/ports is larger than 64 MiB; refusing to read it"]),
        Case(input: "100 MB body without Content-Length",
             script: { _, _ in .large(status: 200, contentType: "application/json", bytes: 100 << 20, declareLength: false) },
             expect: ["response from {base}/v2.0/ports is larger than 64 MiB; refusing to read it"]),
        Case(input: "3 MB of blanks, under the limit, then nothing",
             script: { _, _ in .large(status: 200, contentType: "application/json", bytes: 3 << 20, declareLength: true) },
             edit: { $0.maxResponseBytes = 8 << 20 },
             expect: ["Neutron GET /v2.0/ports: HTTP 200 could not be read", "malformed or truncated JSON", "(a 3 MiB answer)"]),
        Case(input: "endless next markers (a new marker on every page)",
             script: { r, base in .json(200, ports(["p-\(r.query("marker") ?? "0")"], links: next(base, "m\(Int(r.query("marker")?.dropFirst() ?? "0").map { $0 + 1 } ?? 1)"))) },
             edit: { $0.maxPages = 25 },
             expect: ["Neutron 200 EndlessPagination", "GET /v2.0/ports: the server kept sending next links: stopped after 25 pages (25 items)",
                      "vipctl reads at most 25 pages of one list"]),
        Case(input: "endless next markers, slowly (a total deadline)",
             script: { r, base in
                 .delayed(0.15, .json(200, ports(["p-\(r.query("marker") ?? "0")"], links: next(base, "m\(Int(r.query("marker")?.dropFirst() ?? "0").map { $0 + 1 } ?? 1)"))))
             },
             edit: { $0.listingDeadline = 1 },
             expect: ["EndlessPagination", "the server kept sending next links: stopped after", "vipctl spends at most 1 s on one list"]),
        Case(input: "cyclic next markers (a, b, a)",
             script: { r, base in
                 let m = r.query("marker")
                 return .json(200, ports(["p-\(m ?? "0")"], links: next(base, m == "a" ? "b" : "a")))
             },
             expect: ["Neutron 200 PaginationLoop", "GET /v2.0/ports: the server repeated marker a"]),
        Case(input: "accepts the request and never answers", script: { _, _ in .hang },
             edit: { $0.timeouts.read = 1; $0.timeouts.total = 1 },
             expect: ["timed out: no", "answer from {base}/v2.0/ports within 1 s (request timeout)", "change it with --timeout SECONDS, api_timeout: in clouds.yaml"]),
        Case(input: "non-HTTP garbage (an SSH banner)", script: { _, _ in .raw(Array("SSH-2.0-OpenSSH_9.6\r\n".utf8)) },
             expect: ["{base}/v2.0/ports", "did not answer HTTP"]),
    ]

    static var failingInputs: [String] { failing.map(\.input) }

    @Test("each hostile answer to GET /v2.0/ports gets one clear line", arguments: HostileServerTests.failingInputs)
    func failingAnswer(_ input: String) async throws {
        let c = try #require(Self.failing.first { $0.input == input })
        let base = Locked("")
        let server = try Self.server { r in c.script(r, base.withLock { $0 }) }
        defer { server.stop() }
        base.withLock { $0 = server.baseURL }
        let s = try await Self.session(server, c.edit)
        defer { Task { await s.shutdown() } }
        do {
            let ports = try await NeutronAPI(session: s, pageSize: 1).ports()
            Issue.record("\(input): expected an error, listed \(ports.count) ports")
        } catch {
            let line = error.oneLine
            print("hostile: \(input) -> \(line)")
            #expect(!line.contains("\n"), "\(input): not one line: \(line)")
            for fragment in c.expect {
                let want = fragment.replacingOccurrences(of: "{base}", with: server.baseURL)
                #expect(line.contains(want), "\(input): \(line.debugDescription) lacks \(want.debugDescription)")
            }
            #expect(!line.contains("hostile-secret-pw") && !line.contains(HostileServer.token))
        }
    }

    @Test("a listener that never accepts: the connect timeout ends the wait, and the line names it, the URL and the flag")
    func connectTimeout() async throws {
        let hole = try Blackhole()
        defer { hole.stop() }
        var c = CloudConfig(name: "hostile", authURL: hole.baseURL + "/v3",
                            auth: .password(user: .init(name: "demo", domainName: "Default"), password: "hostile-secret-pw"))
        c.timeouts.connect = 1
        let s = CloudSession(config: c, transport: try AHCTransport(config: c))
        await expectCloudError({ try await s.ensureAuthenticated() }) { e in
            print("hostile: a listener that never accepts (connect_timeout 1) -> \(e.oneLine)")
            return e.oneLine == "timed out: no connection to \(hole.baseURL)/v3/auth/tokens within 1 s (connect timeout); change it with "
                + "--connect-timeout SECONDS, connect_timeout: in clouds.yaml or OS_CONNECT_TIMEOUT"
        }
        await s.shutdown()
    }

    @Test("unknown top-level keys beside the collection are always accepted (the collection is picked by name)")
    func unknownTopLevelKeys() async throws {
        // Twenty different sets of extra keys: the old code took "the first key not ending in
        // _links" of an unordered set, so nearly every set made it pick a wrong key.
        let extras: [String] = (0..<20).map { (i: Int) -> String in
            let names = ["count", "request_id", "total", "page_info", "x_\(i)"]
            let pairs: [String] = (0...(i % 5)).map { (j: Int) -> String in
                let value = j == 0 ? "3" : "\"v\(i)\""
                return "\"" + names[j] + "\":" + value
            }
            return pairs.joined(separator: ",")
        }
        let round = Locked(0)
        let server = try Self.server { r in
            let i = round.withLock { $0 }
            let list = [Self.port("a", "one"), Self.port("b", "two"), Self.port("c", "three")].joined(separator: ",")
            return .json(200, "{" + extras[i % extras.count] + #","ports":["# + list + #"],"ports_links":[]}"#)
        }
        defer { server.stop() }
        let s = try await Self.session(server)
        for i in 0..<extras.count {
            round.withLock { $0 = i }
            let ports = try await NeutronAPI(session: s).ports()
            #expect(ports.map(\.name) == ["one", "two", "three"], "extra keys \(extras[i])")
        }
        print("hostile: unknown top-level keys (count, request_id, ...) beside ports -> accepted: 3 ports listed in all \(extras.count) rounds")
        await s.shutdown()
    }

    @Test("invalid UTF-8 in one name: the rest still lists, the bad bytes show as U+FFFD, and a notice says so")
    func invalidUTF8() async throws {
        var body: [UInt8] = Array(#"{"ports":["#.utf8) + Array(Self.port("a", "good-1").utf8) + Array(",".utf8)
        body += Array(#"{"id":"b","name":"bad-"#.utf8)
        body += [0xFF, 0xC3, 0x28]
        body += Array(#"-name"},"#.utf8)
        body += Array(Self.port("c", "good-2").utf8) + Array("]}".utf8)
        let bytes = body
        let server = try Self.server { _ in .http(status: 200, headers: [("Content-Type", "application/json")], body: bytes) }
        defer { server.stop() }
        let s = try await Self.session(server)
        let ports = try await NeutronAPI(session: s).ports()
        #expect(ports.map(\.id) == ["a", "b", "c"])
        #expect(ports.map(\.name) == ["good-1", "bad-\u{FFFD}\u{FFFD}(-name", "good-2"])
        let notices = s.notices.drain()
        print("hostile: invalid UTF-8 in one port name -> listed \(ports.count) ports; notice: \(notices.joined(separator: " | "))")
        #expect(notices == ["Neutron's answer to GET /v2.0/ports held invalid UTF-8 (2 bytes shown as \u{FFFD}); the rest was read as sent"])
        #expect(s.notices.drain().isEmpty, "a notice is drained once")
        await s.shutdown()
    }

    @Test("a redirect to another origin is not followed: the other origin gets no request and no token",
          arguments: [301, 302, 307])
    func redirect(_ status: Int) async throws {
        let other = try HostileServer { _ in .json(200, Self.ports(["stolen"])) }
        defer { other.stop() }
        let target = other.baseURL + "/v2.0/ports?limit=1000"
        let server = try Self.server { _ in .http(status: status, headers: [("Location", target)], body: []) }
        defer { server.stop() }
        let s = try await Self.session(server)
        do {
            let ports = try await NeutronAPI(session: s).ports()
            Issue.record("a \(status) redirect was followed: listed \(ports.map(\.id))")
        } catch {
            print("hostile: \(status) redirect to another loopback port -> \(error.oneLine)")
            #expect(error.oneLine.contains("Neutron \(status) Redirect: GET /v2.0/ports: the server answered \(status) redirect to \(other.baseURL)/v2.0/ports;"))
            #expect(error.oneLine.contains("vipctl does not follow redirects (the token would go with it); if that address is the right one, "
                                               + "point network_endpoint_override in clouds.yaml at it"))
        }
        #expect(other.requests.isEmpty, "the other origin got \(other.requests.count) request(s)")
        #expect(other.requests.allSatisfy { $0.header("X-Auth-Token") == nil }, "the token reached another origin")
        await s.shutdown()
    }

    @Test("Keystone answering a redirect: not followed, the password goes nowhere else")
    func keystoneRedirect() async throws {
        let other = try HostileServer { _ in HostileServer.keystoneToken }
        defer { other.stop() }
        let server = try HostileServer { _ in .http(status: 307, headers: [("Location", other.baseURL + "/v3/auth/tokens")], body: []) }
        defer { server.stop() }
        let s = try await Self.session(server)
        await expectCloudError({ try await s.ensureAuthenticated() }) { e in
            print("hostile: Keystone 307 redirect to another loopback port -> \(e.oneLine)")
            return e.oneLine.hasPrefix("Keystone 307 Redirect: POST /v3/auth/tokens: the server answered 307 redirect to \(other.baseURL)/v3/auth/tokens;")
                && e.oneLine.contains("if that address is the right one, set auth_url in clouds.yaml to \(other.baseURL)/v3")
        }
        #expect(other.requests.isEmpty, "the password was sent to another origin")
        await s.shutdown()
    }

    @Test("auth_url without /v3: the message says so and gives the URL to use", arguments: [300, 404])
    func authURLWithoutVersion(_ status: Int) async throws {
        let server = try HostileServer { r in
            if status == 300 {
                return .json(300, #"{"versions":{"values":[{"id":"v3.14","status":"stable","links":[{"rel":"self","href":"http://keystone/v3/"}]}]}}"#)
            }
            return .json(404, #"{"error":{"code":404,"message":"The resource could not be found.","title":"Not Found"}}"#)
        }
        defer { server.stop() }
        let s = try await Self.session(server, authURL: server.baseURL + "/")
        await expectCloudError({ try await s.ensureAuthenticated() }) { e in
            print("hostile: auth_url without /v3 (Keystone answers \(status)) -> \(e.oneLine)")
            let answered = status == 300 ? "Keystone answered its version list (HTTP 300)" : "the server answered HTTP 404"
            return e.oneLine == "auth_url: \(server.baseURL) has no /v3; \(answered) to POST /auth/tokens; use \(server.baseURL)/v3 "
                + "(auth_url in clouds.yaml, OS_AUTH_URL or --os-auth-url)"
                && !e.oneLine.contains("proxy")
        }
        await s.shutdown()
    }

    @Test("a legit large list fits the default size cap: 20000 ports in one answer")
    func largeLegitList() async throws {
        // About 1.5 KiB a port, as a real port with a description, pairs and tags is.
        let description = String(repeating: "d", count: 1300)
        let one = { (i: Int) in
            #"{"id":"\#(String(format: "%08d-0000-0000-0000-000000000000", i))","name":"port-\#(i)","network_id":"n1","#
                + #""mac_address":"fa:16:3e:00:00:01","status":"ACTIVE","device_id":"","device_owner":"","description":"\#(description)","#
                + #""fixed_ips":[{"subnet_id":"s1","ip_address":"10.0.0.1"}],"allowed_address_pairs":[{"ip_address":"10.0.0.100"}]}"#
        }
        let body = #"{"ports":[\#((0..<20000).map(one).joined(separator: ","))]}"#
        let server = try Self.server { _ in .json(200, body) }
        defer { server.stop() }
        let s = try await Self.session(server)
        let ports = try await NeutronAPI(session: s, pageSize: 20000).ports()
        #expect(ports.count == 20000)
        print("hostile: one answer of 20000 ports (\(body.utf8.count / 1024) KiB) -> listed 20000 ports (default cap \(s.config.maxResponseBytes >> 20) MiB)")
        await s.shutdown()
    }

}

/// The ways a person gets clouds.yaml wrong, each with the one line it gets: the file, the
/// line or key, and what to do; never the password.
@Suite("Hostile inputs: a bad clouds.yaml")
struct HostileConfigTests {
    static let secret = "Sup3r-Secret-pw"

    struct Case: Sendable {
        let input: String
        let file: [UInt8]
        var env: [String: String] = [:]
        var cloudFlag: String?
        /// Fragments of the one line (`{file}` is the clouds.yaml path).
        let expect: [String]
    }

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    static let good = """
        clouds:
          hcs:
            auth:
              auth_url: https://keystone.example.com/v3
              username: demo
              password: \(secret)
              project_name: demo
        """

    static let cases: [Case] = [
        Case(input: "tabs for indentation", file: text("clouds:\n\thcs:\n\t\tauth:\n\t\t\tauth_url: https://k.example.com/v3\n\t\t\tpassword: \(secret)\n"),
             expect: ["{file}:2: YAML syntax error", "YAML allows only spaces for indentation: replace the tabs with spaces"]),
        Case(input: "wrong indentation (a key out of line)", file: text("""
            clouds:
              hcs:
                auth:
                  auth_url: https://k.example.com/v3
                 username: demo
                  password: \(secret)
            """), expect: ["{file}:", "YAML syntax error"]),
        Case(input: "auth indented as a sibling of its cloud", file: text("""
            clouds:
              hcs:
              auth:
                auth_url: https://k.example.com/v3
                password: \(secret)
            """), env: ["OS_CLOUD": "hcs"], expect: ["{file}:2: auth.auth_url: no auth URL; set auth_url under auth: in cloud \"hcs\""]),
        Case(input: "no clouds: key at the top", file: text("hcs:\n  auth:\n    auth_url: https://k.example.com/v3\n    password: \(secret)\n"),
             expect: ["{file}: clouds: no clouds are defined in this file (it has no clouds: key at the top, only hcs; put the clouds under clouds:)"]),
        Case(input: "--os-cloud naming an unknown cloud", file: text(good + "\n  lab:\n    auth_type: password\n"), cloudFlag: "prod",
             expect: ["{file}: --os-cloud: no cloud named \"prod\"; clouds defined here: hcs, lab"]),
        Case(input: "OS_CLOUD naming a missing cloud", file: text(good), env: ["OS_CLOUD": "prod"],
             expect: ["{file}: OS_CLOUD: no cloud named \"prod\"; clouds defined here: hcs"]),
        Case(input: "auth as a string", file: text("clouds:\n  hcs:\n    auth: \(secret)\n"),
             expect: ["{file}:3: clouds.hcs.auth: expected a mapping (auth_url:, username:, password:, ...), found a single value"]),
        Case(input: "a list where a mapping belongs", file: text("clouds:\n  hcs:\n    - auth_url: https://k.example.com/v3\n    - password: \(secret)\n"),
             expect: ["{file}:2: clouds.hcs: expected a mapping of settings (auth:, region_name:, ...), found a list"]),
        Case(input: "a key given twice", file: text(good + "\n      username: other\n"),
             expect: ["{file}:", "username: key given more than once in the same mapping (username)"]),
        Case(input: "an empty file", file: [],
             expect: ["{file}: clouds: no clouds are defined in this file (the file is empty)"]),
        Case(input: "binary garbage", file: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0xFF, 0xFE, 0x00, 0x9C, 0x80],
             expect: ["{file}: this file is not UTF-8 text (a binary file? clouds.yaml must be YAML text)"]),
        Case(input: "auth_ulr, a typo of auth_url", file: text(good.replacingOccurrences(of: "auth_url", with: "auth_ulr")),
             expect: ["{file}:2: auth.auth_url: no auth URL;", "auth_ulr (line 4) looks like a typo of auth_url"]),
        Case(input: "pasword, a typo of password", file: text(good.replacingOccurrences(of: "password:", with: "pasword:")),
             expect: ["auth.password: no password for demo@https://keystone.example.com/v3;", "pasword (line 6) looks like a typo of password"]),
        Case(input: "a password with an unquoted colon", file: text(good.replacingOccurrences(of: "password: \(secret)", with: "password: \(secret): x")),
             expect: ["{file}:6: YAML syntax error"]),
        Case(input: "api_timeout: 0", file: text(good + "\n    api_timeout: 0\n"),
             expect: ["{file}:8: clouds.hcs.api_timeout: expected seconds from 1 to 3600 (api_timeout, the longest one request may take), found \"0\""]),
        Case(input: "connect_timeout: soon", file: text(good + "\n    connect_timeout: soon\n"),
             expect: ["{file}:8: clouds.hcs.connect_timeout: expected seconds from 1 to 600 (connect_timeout, the longest wait for a connection), found \"soon\""]),
    ]

    static var inputs: [String] { cases.map(\.input) }

    @Test("each way of getting clouds.yaml wrong gets one clear line naming the file and what to do", arguments: HostileConfigTests.inputs)
    func badConfig(_ input: String) throws {
        let c = try #require(Self.cases.first { $0.input == input })
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-badcfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/clouds.yaml"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(c.file)))
        var flags = ConfigOverrides()
        flags.cloud = c.cloudFlag
        let loader = ConfigLoader(environment: c.env, currentDirectory: root, homeDirectory: root + "/home", systemDirectory: root + "/etc")
        do {
            let config = try loader.load(flags)
            Issue.record("\(input): loaded cloud \(config.name)")
        } catch {
            let line = error.oneLine
            print("hostile: clouds.yaml with \(input) -> \(line)")
            #expect(!line.contains("\n"))
            #expect(!line.contains(Self.secret), "\(input): the password is in the message")
            for fragment in c.expect {
                let want = fragment.replacingOccurrences(of: "{file}", with: path)
                #expect(line.contains(want), "\(input): \(line.debugDescription) lacks \(want.debugDescription)")
            }
        }
    }

    @Test("an unreadable clouds.yaml says to check its permissions (not checkable as root, who reads anything)")
    func unreadable() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-badcfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/clouds.yaml"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(Self.good.utf8), attributes: [.posixPermissions: 0o000]))
        let loader = ConfigLoader(environment: [:], currentDirectory: root, homeDirectory: root + "/home", systemDirectory: root + "/etc")
        if geteuid() == 0 {
            print("hostile: clouds.yaml with mode 000 -> not tried: the tests run as root, who can read it")
            return
        }
        #expect(throws: CloudError.self) { _ = try loader.load() }
        do { _ = try loader.load() } catch {
            print("hostile: clouds.yaml with mode 000 -> \(error.oneLine)")
            #expect(error.oneLine == "\(path): cannot read this file (check its permissions)")
        }
    }

    @Test("api_timeout and connect_timeout from clouds.yaml, OS_* and flags set the session's timeouts; flags beat env beat file")
    func timeoutSettings() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-timeouts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(FileManager.default.createFile(atPath: root + "/clouds.yaml",
                                               contents: Data((Self.good + "\n    api_timeout: 7\n    connect_timeout: 3\n").utf8)))
        func load(_ env: [String: String], _ edit: (inout ConfigOverrides) -> Void = { _ in }) throws -> CloudConfig.Timeouts {
            var flags = ConfigOverrides()
            edit(&flags)
            return try ConfigLoader(environment: env, currentDirectory: root, homeDirectory: root + "/home", systemDirectory: root + "/etc")
                .load(flags).timeouts
        }
        let file = try load([:])
        #expect(file.read == 7 && file.total == 7 && file.connect == 3)
        let env = try load(["OS_API_TIMEOUT": "12.5", "OS_CONNECT_TIMEOUT": "4"])
        #expect(env.read == 12.5 && env.total == 12.5 && env.connect == 4)
        let flag = try load(["OS_API_TIMEOUT": "12.5"]) { $0.apiTimeout = 2; $0.connectTimeout = 1 }
        #expect(flag.read == 2 && flag.total == 2 && flag.connect == 1)
        let defaults = CloudConfig.Timeouts()
        #expect(defaults.connect == 10 && defaults.read == 60 && defaults.total == 120)
    }
}
