import CloudAPI
import Foundation
import L10n
import Testing
import TestSupport

/// Issue 14: AK/SK sessions against a loopback gateway that checks every signature by
/// recomputing it; a 401 never sent twice; the first request alone; a skewed clock explained;
/// the SK nowhere.
@Suite("AK/SK sessions: signed requests, one failure, the first request alone")
struct AKSKSessionTests {
    static let ak = "HPUAKSKTEST0123456789"
    static let sk = "sk-Wq7Lz0-never-shown-9f3c1e"

    /// The gateway's check: the Authorization header recomputed from the request as received
    /// (over the headers it names), with the SK. nil when it matches, else why not.
    static func verify(_ r: HostileServer.Request, algorithm: AKSKSigner.Algorithm = .sdkHmacSha256,
                       region: String? = nil, service: String? = nil) -> String? {
        guard let auth = r.header("Authorization") else { return "no Authorization" }
        guard let signedPart = auth.components(separatedBy: "SignedHeaders=").last?.components(separatedBy: ",").first
        else { return "no SignedHeaders in \(auth)" }
        let names = signedPart.split(separator: ";").map(String.init)
        var headers: [(name: String, value: String)] = []
        for n in names {
            guard let v = r.header(n) else { return "signed header \(n) not sent" }
            headers.append((n, v))
        }
        guard r.header("X-Sdk-Date") != nil else { return "no X-Sdk-Date" }
        let query = r.target.contains("?") ? String(r.target.drop { $0 != "?" }.dropFirst()) : ""
        let signer = AKSKSigner(accessKey: ak, secretKey: sk, algorithm: algorithm, region: region, service: service)
        let expected = signer.sign(method: r.method, path: r.path, query: query, headers: headers, body: r.body).authorization
        return expected == auth ? nil : "expected \(expected), got \(auth)"
    }

    static func config(_ server: HostileServer, _ edit: (inout CloudConfig) -> Void = { _ in }) -> CloudConfig {
        var c = CloudConfig(name: "hwc", authURL: "", auth: .accessKey(AccessKey(accessKey: ak, secretKey: sk)),
                            project: .init(id: "0a1b2c3d4e5f"), regionName: "cn-north-4")
        c.endpointOverrides = ["network": server.baseURL + "/v2.0", "compute": server.baseURL + "/v2.1/0a1b2c3d4e5f"]
        c.timeouts.connect = 5
        c.timeouts.read = 20
        c.timeouts.total = 30
        edit(&c)
        return c
    }

    static func session(_ c: CloudConfig, log: DebugLog? = nil) async throws -> CloudSession {
        let s = CloudSession(config: c, transport: try AHCTransport(config: c), debugLog: log)
        await s.setReadRetries(0)
        return s
    }

    static let networks = #"{"networks":[]}"#
    static let apig401 = #"{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIG.0301","request_id":"r-1"}"#

    @Test("every request carries Host, X-Sdk-Date, X-Project-Id (and X-Security-Token), all signed, and the gateway's recomputed signature matches (GET with a query, PUT with a body; SDK and V11)",
          arguments: [AKSKSigner.Algorithm.sdkHmacSha256, .v11HmacSha256])
    func signatureMatches(algorithm: AKSKSigner.Algorithm) async throws {
        let problems = Locked<[String]>([])
        let server = try HostileServer { r in
            let service = r.path.hasPrefix("/v2.1") ? "ecs" : "vpc"
            if let p = Self.verify(r, algorithm: algorithm, region: "cn-north-4", service: service) {
                problems.withLock { $0.append("\(r.method) \(r.target): \(p)") }
                return .json(401, Self.apig401)
            }
            if r.method == "PUT" { return .json(200, #"{"port":\#(HostileServer.portJSON("p1", "vip a"))}"#) }
            if r.path.hasSuffix("/servers/detail") { return .json(200, #"{"servers":[]}"#) }
            return .json(200, r.path.hasSuffix("/ports") ? #"{"ports":[]}"# : Self.networks)
        }
        defer { server.stop() }
        let c = Self.config(server) { c in
            if case .accessKey(var k) = c.auth {
                k.algorithm = algorithm
                k.securityToken = "temporary-token-0000"
                c.auth = .accessKey(k)
            }
        }
        let s = try await Self.session(c)
        _ = try await s.request(.network, "GET", "/ports", query: [("name", "vip a+b/c"), ("fixed_ips", "ip_address=10.0.0.5")])
        _ = try await s.request(.network, "PUT", "/ports/p1", body: Array(#"{"port":{"name":"vip a"}}"#.utf8))
        _ = try await s.request(.compute, "GET", "/servers/detail")
        await s.shutdown()
        #expect(problems.withLock { $0 }.isEmpty, "\(problems.withLock { $0 })")
        let sent = server.requests
        #expect(sent.count == 4, "the first signed read, then three: \(sent.map(\.target))")
        for r in sent {
            #expect(r.header("X-Project-Id") == "0a1b2c3d4e5f")
            #expect(r.header("X-Security-Token") == "temporary-token-0000")
            #expect(r.header("X-Auth-Token") == nil)
            #expect(r.header("Host") == "127.0.0.1:\(server.port)")
            let signed = r.header("Authorization")?.components(separatedBy: "SignedHeaders=").last?.components(separatedBy: ",").first
            #expect(signed == "host;x-project-id;x-sdk-date;x-security-token", "\(r.header("Authorization") ?? "-")")
            #expect(r.header("Authorization")?.hasPrefix(algorithm.rawValue + " ") == true)
        }
    }

    @Test("a tampered signature is refused by the same check (the check can fail)")
    func tamperedSignatureIsCaught() {
        let good = APIRequest(method: "GET", url: "http://127.0.0.1:9/v2.0/ports", service: "network")
        let key = AccessKey(accessKey: Self.ak, secretKey: "another-secret-key")
        let signed = CloudSessionProbe.sign(good, key: key)
        let r = HostileServer.Request(method: "GET", target: "/v2.0/ports", headers: signed.headers)
        #expect(Self.verify(r)?.hasPrefix("expected") == true)
    }

    @Test("a 401 from the gateway is never sent again: five parallel reads cost one request, later calls send nothing, and the message names the signature and the AK")
    func unauthorizedIsNotRetried() async throws {
        let server = try HostileServer { _ in .json(401, Self.apig401) }
        defer { server.stop() }
        let s = try await Self.session(Self.config(server))
        let errors = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    do {
                        _ = try await s.request(.network, "GET", "/ports")
                        return nil
                    } catch { return (error as? CloudError)?.oneLine ?? "\(error)" }
                }
            }
            var out: [String?] = []
            for await e in group { out.append(e) }
            return out
        }
        var later: String?
        do { _ = try await s.request(.network, "GET", "/networks") } catch { later = error.oneLine }
        await s.shutdown()
        #expect(server.requests.count == 1, "\(server.requests.map(\.target))")
        #expect(server.requests.first?.target == "/v2.0/networks?limit=1")
        #expect(errors.count == 5 && errors.allSatisfy { $0 != nil })
        for e in errors.compactMap({ $0 }) + [later ?? ""] {
            #expect(e.contains("401 APIG.0301"), "\(e)")
            #expect(e.contains("refused the signature of access key \(Self.ak)"), "\(e)")
            #expect(e.contains("verify aksk signature fail"), "\(e)")
            #expect(e.contains("no more requests"), "\(e)")
            #expect(!e.contains(Self.sk))
        }
    }

    @Test("the first request of a session goes alone: no other request reaches the gateway while it is in flight")
    func firstRequestAlone() async throws {
        struct State {
            var inFlight = 0
            var firstActive = false
            var overlap = false
            var seen = 0
            var maxInFlight = 0
        }
        let state = Locked(State())
        let server = try HostileServer { r in
            let isFirst = state.withLock { s in
                s.seen += 1
                s.inFlight += 1
                s.maxInFlight = max(s.maxInFlight, s.inFlight)
                if s.firstActive || (s.seen == 1 && s.inFlight > 1) { s.overlap = true }
                if s.seen == 1 { s.firstActive = true }
                return s.seen == 1
            }
            usleep(150_000)
            state.withLock { s in
                s.inFlight -= 1
                if isFirst { s.firstActive = false }
            }
            return .json(200, r.path.hasSuffix("/networks") ? Self.networks : #"{"ports":[]}"#)
        }
        defer { server.stop() }
        let s = try await Self.session(Self.config(server))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<4 { group.addTask { _ = try await s.request(.network, "GET", "/ports", query: [("name", "p\(i)")]) } }
            try await group.waitForAll()
        }
        await s.shutdown()
        let st = state.withLock { $0 }
        #expect(!st.overlap, "a request reached the gateway while the first was in flight")
        #expect(server.requests.first?.target == "/v2.0/networks?limit=1")
        #expect(server.requests.count == 5)
        #expect(st.maxInFlight > 1, "after the first, the reads go in parallel")
    }

    @Test("a clock more than 15 minutes off is explained from the answer's Date header, in English and in Chinese")
    func clockSkew() async throws {
        let cloudTime = Date().addingTimeInterval(-20 * 60)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = f.string(from: cloudTime)
        let server = try HostileServer { _ in
            .json(401, #"{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIG.0301"}"#,
                  headers: [("Date", date)])
        }
        defer { server.stop() }
        let s = try await Self.session(Self.config(server))
        var caught: CloudError?
        do { _ = try await s.request(.network, "GET", "/ports") } catch { caught = error }
        await s.shutdown()
        let e = try #require(caught)
        let en = L10n.with(.en) { e.oneLine }
        let zh = L10n.with(.zh) { e.oneLine }
        #expect(en.contains("this machine's clock is 20 minutes ahead of the cloud's"), "\(en)")
        #expect(en.contains("more than 15 minutes off"), "\(en)")
        #expect(zh.contains("本机时钟比云的时钟快 20 分钟"), "\(zh)")
        #expect(server.requests.count == 1)
    }

    @Test("a locked AK, an unknown AK, an unknown project and a refused X-Sdk-Date each get their own message")
    func lockedAndUnknown() async throws {
        for (said, expected) in [("Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.", "has locked access key"),
                                 ("Incorrect IAM authentication information: Get secretKey failed,ak:x,err:ak not exist", "does not know the access key"),
                                 ("Incorrect IAM authentication information: project 0a1b2c3d4e5f not found for ak:x",
                                  "found no project 0a1b2c3d4e5f for access key \(Self.ak)"),
                                 ("Incorrect IAM authentication information: verify aksk signature fail, x-sdk-date 20260101T000000Z is more than 15 minutes from the server time",
                                  "refused the request's date (X-Sdk-Date 2")]
        {
            let server = try HostileServer { _ in .json(401, #"{"error_msg":"\#(said)","error_code":"APIG.0301"}"#) }
            defer { server.stop() }
            let s = try await Self.session(Self.config(server))
            var line = ""
            do { _ = try await s.request(.network, "GET", "/ports") } catch { line = error.oneLine }
            await s.shutdown()
            #expect(line.contains(expected), "\(line)")
        }
    }

    @Test("the SK and the security token appear nowhere: debug log (headers and bodies), errors, the config printed")
    func secretNowhere() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aksk-log-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let token = "security-token-Zx81-never-shown"
        let server = try HostileServer { r in
            if r.path.hasSuffix("/networks") { return .json(200, Self.networks) }
            // A hostile body echoing the secrets back.
            return .json(401, #"{"error_msg":"bad \#(Self.sk) \#(token)","error_code":"APIG.0301"}"#)
        }
        defer { server.stop() }
        let c = Self.config(server) { c in
            if case .accessKey(var k) = c.auth {
                k.securityToken = token
                c.auth = .accessKey(k)
            }
        }
        let log = try DebugLog(path: dir + "/debug.log")
        let s = try await Self.session(c, log: log)
        var line = ""
        do { _ = try await s.request(.network, "PUT", "/ports/p1", body: Array(#"{"port":{"name":"x"}}"#.utf8)) } catch {
            line = error.oneLine
        }
        await s.shutdown()
        let logText = try String(contentsOfFile: dir + "/debug.log", encoding: .utf8)
        var dumped = ""
        dump(c, to: &dumped)
        #expect(logText.contains("> Authorization: ***"), "\(logText)")
        #expect(logText.contains("> X-Security-Token: ***"), "\(logText)")
        #expect(!line.isEmpty)
        for text in [logText, line, "\(c)", String(reflecting: c), dumped] {
            #expect(!text.contains(Self.sk), "\(text)")
            #expect(!text.contains(token), "\(text)")
        }
    }
}

extension AKSKSessionTests {
    @Test("ECS NICs: where the Nova-style os-interface answers 404, the ECS v1 path, signed like the rest")
    func ecsV1Interfaces() async throws {
        let attachment = #"{"interfaceAttachments":[{"port_id":"nic-1","net_id":"n1","mac_addr":"fa:16:3e:00:00:01","port_state":"ACTIVE","fixed_ips":[{"subnet_id":"s1","ip_address":"10.0.0.5"}]}],"attachableQuantity":{"free_nic":11}}"#
        let server = try HostileServer { r in
            if Self.verify(r, region: "cn-north-4", service: "ecs") != nil && Self.verify(r, region: "cn-north-4", service: "vpc") != nil {
                return .json(401, Self.apig401)
            }
            if r.path.hasSuffix("/networks") { return .json(200, Self.networks) }
            if r.path == "/v1/0a1b2c3d4e5f/cloudservers/srv-1/os-interface" { return .json(200, attachment) }
            return .json(404, #"{"itemNotFound":{"code":404,"message":"Not found"}}"#)
        }
        defer { server.stop() }
        let s = try await Self.session(Self.config(server))
        let nics = try await NovaAPI(session: s).interfaces(serverID: "srv-1")
        await s.shutdown()
        #expect(nics.map(\.portID) == ["nic-1"])
        #expect(server.requests.map(\.path) == ["/v2.0/networks", "/v2.1/0a1b2c3d4e5f/servers/srv-1/os-interface",
                                                 "/v1/0a1b2c3d4e5f/cloudservers/srv-1/os-interface"])
    }
}

/// Signs a request as a session would (for the tampered-signature check).
enum CloudSessionProbe {
    static func sign(_ r: APIRequest, key: AccessKey) -> APIRequest {
        let date = AKSKSigner.sdkDate(Date())
        let signer = AKSKSigner(accessKey: key.accessKey, secretKey: key.secretKey)
        let headers = [("Host", "127.0.0.1:9"), ("X-Sdk-Date", date)]
        let s = signer.sign(method: r.method, path: "/v2.0/ports", query: "", headers: headers.map { (name: $0.0, value: $0.1) }, body: [])
        var out = r
        out.headers = headers + [("Authorization", s.authorization)]
        return out
    }
}
