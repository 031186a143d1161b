import CloudAPI
import CloudSimulator
import Foundation
import Testing
import TestSupport

/// A config for the demo user on a simulator.
func simConfig(_ h: SimHarness, _ edit: (inout CloudConfig) -> Void = { _ in }) -> CloudConfig {
    var c = CloudConfig(name: "sim", authURL: h.identity,
                        auth: .password(user: .init(name: "demo", domainName: "Default"), password: "demo-secret"),
                        project: .init(name: "demo", domainName: "Default"), regionName: "RegionOne")
    c.timeouts.connect = 5
    c.timeouts.read = 20
    c.timeouts.total = 60
    edit(&c)
    return c
}

/// Runs `body` with a session on `h`, shutting the session down afterwards.
func withSession<T>(_ h: SimHarness, _ edit: (inout CloudConfig) -> Void = { _ in }, debugLog: DebugLog? = nil,
                    _ body: (CloudSession) async throws -> T) async throws -> T
{
    let config = simConfig(h, edit)
    let session = CloudSession(config: config, transport: try AHCTransport(config: config), debugLog: debugLog)
    do {
        let r = try await body(session)
        await session.shutdown()
        return r
    } catch {
        await session.shutdown()
        throw error
    }
}

func expectCloudError(_ body: () async throws -> Void, _ check: (CloudError) -> Bool,
                      sourceLocation: SourceLocation = #_sourceLocation) async
{
    do {
        try await body()
        Issue.record("expected a CloudError, got success", sourceLocation: sourceLocation)
    } catch let e as CloudError {
        #expect(check(e), "unexpected error: \(e.oneLine)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a CloudError, got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("CloudAPI session: auth, catalog, endpoints")
struct SessionAuthTests {
    @Test("password auth by name; identity and catalog endpoints (version-less neutron gets /v2.0)")
    func passwordByName() async throws {
        try await SimHarness.with { h in
            try await withSession(h) { s in
                try await s.ensureAuthenticated()
                let id = try #require(await s.currentIdentity)
                #expect(id.userName == "demo")
                #expect(id.projectName == "demo")
                #expect(try await s.endpoint(.network) == h.baseURL + "/networking/v2.0")
                #expect(try await s.endpoint(.compute) == h.baseURL + "/compute/v2.1")
                #expect(await s.authCount == 1)
                // A second call reuses the token.
                _ = try await NeutronAPI(session: s).networks()
                #expect(await s.authCount == 1)
            }
        }
    }

    @Test("user and project by id; application credential by id and by name")
    func otherVariants() async throws {
        try await SimHarness.with { h in
            let (uid, pid) = try await withSession(h) { s in
                try await s.ensureAuthenticated()
                let id = try #require(await s.currentIdentity)
                return (id.userID, try #require(id.projectID))
            }
            try await withSession(h, { c in
                c.auth = .password(user: .init(id: uid), password: "demo-secret")
                c.project = .init(id: pid)
            }) { s in
                let networks = try await NeutronAPI(session: s).networks()
                #expect(networks.count == 3)
            }
            try await withSession(h, { c in
                c.auth = .applicationCredential(id: nil, name: "vipctl-ci", user: .init(name: "demo", domainName: "Default"),
                                                secret: "demo-appcred-secret")
                c.project = nil
            }) { s in
                try await s.ensureAuthenticated()
                #expect(await s.currentIdentity?.projectName == "demo")
                #expect(try await NeutronAPI(session: s).ports(filters: [("device_owner", "neutron:VIP_PORT")]).count == 2)
            }
        }
    }

    @Test("a wrong password is one clear Keystone 401 line, without the password")
    func wrongPassword() async throws {
        try await SimHarness.with { h in
            try await withSession(h, { $0.auth = .password(user: .init(name: "demo", domainName: "Default"), password: "hunter2-wrong") }) { s in
                await expectCloudError({ try await s.ensureAuthenticated() }) { e in
                    e.status == 401 && e.oneLine.hasPrefix("Keystone 401 Unauthorized") && !e.oneLine.contains("hunter2")
                        && e.oneLine.contains("req-")
                }
            }
        }
    }

    @Test("interface and region select endpoints; a missing one says how to fix it")
    func endpointSelection() async throws {
        try await SimHarness.with { h in
            try await withSession(h, { $0.interface = "internalURL" }) { s in
                let url = try await s.endpoint(.network)
                #expect(url == h.baseURL + "/networking/v2.0")
            }
            try await withSession(h, { $0.regionName = "RegionTwo" }) { s in
                await expectCloudError({ _ = try await s.endpoint(.network) }) { e in
                    if case .noEndpoint(let svc, _, let region) = e { return svc == "network" && region == "RegionTwo" && e.oneLine.contains("endpoint_override") }
                    return false
                }
            }
        }
    }

    @Test("endpoint overrides are used as given (HCS: separate IAM, VPC and ECS addresses)")
    func overrides() async throws {
        try await SimHarness.with { h in
            try await withSession(h, { c in
                c.regionName = "nowhere"  // the catalog would not match: only the overrides can work
                c.endpointOverrides = ["network": h.baseURL + "/networking/v2.0", "compute": h.baseURL + "/compute/v2.1/{project_id}"]
            }) { s in
                #expect(try await NeutronAPI(session: s).networks().count == 3)
                let pid = try #require(await s.currentIdentity?.projectID)
                #expect(try await s.endpoint(.compute) == h.baseURL + "/compute/v2.1/" + pid)
                #expect(try await NovaAPI(session: s).servers().count == 12)
            }
        }
    }

    @Test("compute endpoints with and without /v2.1 and a project id")
    func computeBases() {
        #expect(EndpointBase.compute("http://h:8774", projectID: "p", override: false) == "http://h:8774/v2.1")
        #expect(EndpointBase.compute("http://h:8774/v2.1/", projectID: "p", override: false) == "http://h:8774/v2.1")
        #expect(EndpointBase.compute("http://h:8774/v2.1/$(project_id)s", projectID: "p", override: false) == "http://h:8774/v2.1/p")
        #expect(EndpointBase.compute("http://h:8774/v2/{project_id}", projectID: "p", override: false) == "http://h:8774/v2/p")
        #expect(EndpointBase.network("http://h:9696/", override: false) == "http://h:9696/v2.0")
        #expect(EndpointBase.network("http://h:9696/v2.0", override: false) == "http://h:9696/v2.0")
        #expect(EndpointBase.network("https://vpc.x/v2.0", override: true) == "https://vpc.x/v2.0")
    }

    @Test("proactive re-auth: a token with less than 120 s left is replaced before use")
    func proactiveReauth() async throws {
        try await SimHarness.with({ $0.tokenTTL = 100 }) { h in
            try await withSession(h) { s in
                _ = try await NeutronAPI(session: s).networks()
                let after1 = await s.authCount
                _ = try await NeutronAPI(session: s).networks()
                #expect(await s.authCount > after1, "a token expiring within 120 s must be renewed before the next call")
            }
        }
        try await SimHarness.with({ $0.tokenTTL = 3600 }) { h in
            try await withSession(h) { s in
                _ = try await NeutronAPI(session: s).networks()
                _ = try await NeutronAPI(session: s).networks()
                #expect(await s.authCount == 1)
            }
        }
    }

    @Test("Huawei: the API gateway's APIG.0301 401 triggers one re-auth and the call succeeds; a second 401 is a clear error")
    func huaweiGateway401() async throws {
        try await SimHarness.with({ $0.flavor = .huawei }) { h in
            try await withSession(h, { $0.project = .init(name: "cn-north-4", domainName: "Default") }) { s in
                _ = try await NeutronAPI(session: s).networks()
                _ = try await h.request("POST", h.baseURL + "/__sim/faults", json: ["expire_tokens": true])
                let nets = try await NeutronAPI(session: s).networks()
                #expect(nets.count == 3)
                #expect(await s.authCount == 2)
                // A gateway that refuses every token: the error names the APIG code once.
                _ = try await h.request("POST", h.baseURL + "/__sim/faults", json: [
                    "rules": [["route": "GET /networking/v2.0/networks", "status": 401, "count": 2]],
                ])
                await expectCloudError({ _ = try await NeutronAPI(session: s).networks() }) { e in e.status == 401 }
            }
        }
    }

    @Test("every request carries User-Agent vipctl/<version> and an X-OpenStack-Request-ID")
    func requestHeaders() async throws {
        try await SimHarness.with { h in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-ua-\(UUID().uuidString).log").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await withSession(h, debugLog: try DebugLog(path: path)) { s in _ = try await NeutronAPI(session: s).networks() }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("> User-Agent: vipctl/\(VipctlVersion.string)"))
            #expect(text.components(separatedBy: "> X-OpenStack-Request-ID: req-").count - 1 >= 2)
        }
    }
}
