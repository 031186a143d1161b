import CloudAPI
import Foundation
import L10n
import Testing

/// A private cwd and home per test (no clouds.yaml of the developer is found).
private final class Sandbox {
    let root: String
    var cwd: String { root + "/cwd" }
    var home: String { root + "/home" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-aksk-\(UUID().uuidString)").path
        for dir in [cwd, home + "/.config/openstack", root + "/etc"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = cwd + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    func loader(_ env: [String: String] = [:]) -> ConfigLoader {
        ConfigLoader(environment: env, currentDirectory: cwd, homeDirectory: home, systemDirectory: root + "/etc")
    }
}

private func configError(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return L10n.with(.en) { (error as? CloudError)?.oneLine ?? "\(error)" }
    }
}

@Suite("AK/SK configuration and endpoints")
struct AKSKConfigTests {
    static let sk = "Sk-3yQ9-never-shown-7e1d"

    @Test("clouds.yaml auth_type: aksk with the SK in secure.yaml: the credential, the project, and file:line for each part")
    func fromYAMLAndSecure() throws {
        let box = try Sandbox()
        let clouds = try box.write("clouds.yaml", """
            clouds:
              hwc:
                auth_type: aksk
                auth:
                  access_key: AKEXAMPLE01
                  project_id: 0a1b2c3d
                region_name: cn-north-4
                signing: v11
            """)
        let secure = try box.write("secure.yaml", """
            clouds:
              hwc:
                auth:
                  secret_key: \(Self.sk)
                  security_token: tok-0001
            """)
        let c = try box.loader().load()
        #expect(c.auth == .accessKey(AccessKey(accessKey: "AKEXAMPLE01", secretKey: Self.sk, securityToken: "tok-0001", algorithm: .v11HmacSha256)))
        #expect(c.project?.id == "0a1b2c3d")
        #expect(c.sources[.accessKey] == .file(path: clouds, line: 5, key: "clouds.hwc.auth.access_key"))
        #expect(c.sources[.secretKey] == .file(path: secure, line: 4, key: "clouds.hwc.auth.secret_key"))
        #expect(c.sources[.authType] == .file(path: clouds, line: 3, key: "clouds.hwc.auth_type"))
        #expect(c.sources[.signing] == .file(path: clouds, line: 8, key: "clouds.hwc.signing"))
        // No auth_url: IAM's address from the template.
        #expect(c.authURL == "https://iam.cn-north-4.myhuaweicloud.com/v3")
        #expect(c.sources[.authURL] == .template("https://iam.{region}.{domain}/v3"))
        #expect(!"\(c)".contains(Self.sk))
    }

    @Test("Huawei's SDK variables make a cloud of their own: HUAWEICLOUD_SDK_AK / _SK / _PROJECT_ID / _SECURITY_TOKEN")
    func fromHuaweiEnvironment() throws {
        let box = try Sandbox()
        let c = try box.loader(["HUAWEICLOUD_SDK_AK": "AKENV", "HUAWEICLOUD_SDK_SK": Self.sk, "HUAWEICLOUD_SDK_PROJECT_ID": "p-env",
                                "HUAWEICLOUD_SDK_SECURITY_TOKEN": "tok-env", "OS_REGION_NAME": "ap-southeast-1"]).load()
        #expect(c.name == "envvars")
        #expect(c.auth.accessKey == AccessKey(accessKey: "AKENV", secretKey: Self.sk, securityToken: "tok-env"))
        #expect(c.project?.id == "p-env")
        #expect(c.sources[.accessKey] == .env("HUAWEICLOUD_SDK_AK"))
        #expect(c.sources[.secretKey] == .env("HUAWEICLOUD_SDK_SK"))
        #expect(c.sources[.project] == .env("HUAWEICLOUD_SDK_PROJECT_ID"))
        #expect(c.sources[.region] == .env("OS_REGION_NAME"))
    }

    @Test("flags beat the environment; --os-secret-key and --os-security-token are warned about like --os-password")
    func fromFlags() throws {
        let box = try Sandbox()
        var flags = ConfigOverrides()
        flags.accessKey = "AKFLAG"
        flags.secretKey = Self.sk
        flags.securityToken = "tok-flag"
        flags.projectID = "p-flag"
        let loaded = try box.loader(["HUAWEICLOUD_SDK_AK": "AKENV", "HUAWEICLOUD_SDK_SK": "other"]).loadWithWarnings(flags)
        #expect(loaded.config.auth.accessKey?.accessKey == "AKFLAG")
        #expect(loaded.config.auth.accessKey?.secretKey == Self.sk)
        #expect(loaded.config.sources[.secretKey] == .flag("--os-secret-key"))
        let warnings = L10n.with(.en) { loaded.warnings }
        #expect(warnings.contains { $0.hasPrefix("--os-secret-key shows the SK to every user of this machine") }, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("--os-security-token shows the security token") }, "\(warnings)")
        #expect(!warnings.joined().contains(Self.sk))
    }

    @Test("what is missing or wrong is named: the SK, the project id, the signing, the domain suffix, the auth type")
    func errors() throws {
        let box = try Sandbox()
        let base = ["HUAWEICLOUD_SDK_AK": "AK1", "HUAWEICLOUD_SDK_SK": Self.sk, "HUAWEICLOUD_SDK_PROJECT_ID": "p1"]
        var noProject = base
        noProject["HUAWEICLOUD_SDK_PROJECT_ID"] = nil
        let e1 = configError { _ = try box.loader(noProject).load() }
        #expect(e1?.contains("AK/SK requests carry the project id (X-Project-Id)") == true, "\(e1 ?? "-")")
        #expect(e1?.contains("HUAWEICLOUD_SDK_PROJECT_ID") == true)
        var v = base
        v["OS_SIGNING"] = "md5"
        let e2 = configError { _ = try box.loader(v).load() }
        #expect(e2 == "OS_SIGNING: expected SDK-HMAC-SHA256 (the default) or V11-HMAC-SHA256 (v11), found \"md5\"", "\(e2 ?? "-")")
        var d = base
        d["OS_DOMAIN_SUFFIX"] = "https://cloud.example.com/"
        let e3 = configError { _ = try box.loader(d).load() }
        #expect(e3?.contains("expected a domain name such as myhuaweicloud.com") == true, "\(e3 ?? "-")")
        try box.write("clouds.yaml", """
            clouds:
              hwc:
                auth_type: aksk
                auth:
                  access_key: AK2
                  project_id: p2
            """)
        let e4 = configError { _ = try box.loader().load() }
        #expect(e4?.contains("no secret key (SK) for the access key AK2") == true, "\(e4 ?? "-")")
        let e5 = configError { _ = try box.loader(["OS_AUTH_TYPE": "magic", "OS_AUTH_URL": "https://k.example.com/v3"]).load() }
        #expect(e5?.contains("or aksk (Huawei Cloud access key and secret key)") == true, "\(e5 ?? "-")")
        for e in [e1, e2, e3, e4, e5] { #expect(e?.contains(Self.sk) == false) }
    }

    @Test("a password cloud stays a password cloud when Huawei's variables are also set (a user and a password were given)")
    func passwordWins() throws {
        let box = try Sandbox()
        try box.write("clouds.yaml", """
            clouds:
              os:
                auth:
                  auth_url: https://keystone.example.com/v3
                  username: demo
                  password: pw
                  project_name: demo
            """)
        let c = try box.loader(["OS_CLOUD": "os", "HUAWEICLOUD_SDK_AK": "AK", "HUAWEICLOUD_SDK_SK": Self.sk]).load()
        if case .password = c.auth {} else { Issue.record("expected password auth, got \(c.auth)") }
    }

    // MARK: endpoints

    static func akskConfig(region: String? = "cn-north-4", domain: String? = nil) -> CloudConfig {
        var c = CloudConfig(name: "hwc", authURL: "", auth: .accessKey(AccessKey(accessKey: "AK", secretKey: "SK-xxxx")),
                            project: .init(id: "proj1"), regionName: region)
        c.domainSuffix = domain
        return c
    }

    static let catalog: ServiceCatalog = {
        let json = #"[{"type":"network","name":"neutron","endpoints":[{"interface":"public","url":"https://catalog-net.example.com","region_id":"r1"}]}]"#
        return ServiceCatalog(services: (try? JSONDecoder().decode([ServiceCatalog.Service].self, from: Data(json.utf8))) ?? [])
    }()

    @Test("resolution order: the override, then the catalog (Keystone only), then the template")
    func resolutionOrder() {
        var c = Self.akskConfig()
        c.endpointOverrides["network"] = "https://vpc.override.example.com/v2.0"
        c.sources[.network] = .env("OS_NETWORK_ENDPOINT_OVERRIDE")
        let o = EndpointResolver.resolve(.network, c, catalog: Self.catalog)
        #expect(o == .init(url: "https://vpc.override.example.com/v2.0", isOverride: true, source: .env("OS_NETWORK_ENDPOINT_OVERRIDE")))
        // AK/SK: no catalog, the template.
        let t = EndpointResolver.resolve(.compute, c, catalog: Self.catalog)
        #expect(t == .init(url: "https://ecs.cn-north-4.myhuaweicloud.com/v2.1/proj1", isOverride: false,
                           source: .template("https://ecs.{region}.{domain}/v2.1/{project_id}")))
        // Keystone: the catalog first; no template without domain_suffix (a plain OpenStack
        // cloud without Nova keeps no compute).
        var k = CloudConfig(name: "os", authURL: "https://k/v3", auth: .password(user: .init(name: "u"), password: "p"), regionName: "r1")
        #expect(EndpointResolver.resolve(.network, k, catalog: Self.catalog)?.source == .catalog)
        #expect(EndpointResolver.resolve(.compute, k, catalog: Self.catalog) == nil)
        // With domain_suffix (an HCS whose catalog lacks compute): the template.
        k.domainSuffix = "hcs.example.net"
        #expect(EndpointResolver.resolve(.compute, k, catalog: Self.catalog)?.url == "https://ecs.r1.hcs.example.net/v2.1/{project_id}")
        #expect(EndpointResolver.resolve(.network, k, catalog: Self.catalog)?.source == .catalog)
    }

    @Test("the templates: public cloud, Europe, Huawei Cloud Stack (IAM at iam-apigateway-proxy), no region")
    func templates() {
        let pub = Self.akskConfig()
        #expect(EndpointResolver.template(.network, pub)?.url == "https://vpc.cn-north-4.myhuaweicloud.com/v2.0")
        #expect(EndpointResolver.template(.identity, pub)?.url == "https://iam.cn-north-4.myhuaweicloud.com/v3")
        let eu = Self.akskConfig(region: "eu-west-101", domain: "myhuaweicloud.eu")
        #expect(EndpointResolver.template(.identity, eu)?.url == "https://iam.eu-west-101.myhuaweicloud.eu/v3")
        let hcs = Self.akskConfig(region: "region-a", domain: "cloud.corp.example")
        #expect(EndpointResolver.template(.identity, hcs)?.url == "https://iam-apigateway-proxy.cloud.corp.example/v3")
        #expect(EndpointResolver.template(.compute, hcs)?.url == "https://ecs.region-a.cloud.corp.example/v2.1/proj1")
        let none = Self.akskConfig(region: nil)
        #expect(EndpointResolver.template(.network, none) == nil)
        #expect(EndpointResolver.domainName(" .Cloud.Example.COM. ") == "cloud.example.com")
        #expect(EndpointResolver.domainName("https://x.example.com") == nil)
        #expect(EndpointResolver.domainName("localhost") == nil)
    }

    @Test("a session with AK/SK reaches the template's address, and without a region says how to set one")
    func sessionEndpoints() async throws {
        let c = Self.akskConfig(domain: "cloud.corp.example")
        let s = CloudSession(config: c, transport: NoTransport())
        #expect(try await s.endpoint(.network) == "https://vpc.cn-north-4.cloud.corp.example/v2.0")
        #expect(try await s.endpoint(.compute) == "https://ecs.cn-north-4.cloud.corp.example/v2.1/proj1")
        #expect(try await s.hasEndpoint(.compute))
        let bare = CloudSession(config: Self.akskConfig(region: nil), transport: NoTransport())
        var line = ""
        do { _ = try await bare.endpoint(.network) } catch { line = L10n.with(.en) { error.oneLine } }
        #expect(line.contains("no network endpoint: with AK/SK there is no service catalog"), "\(line)")
        #expect(line.contains("https://vpc.REGION.myhuaweicloud.com"), "\(line)")
        #expect(try await bare.hasEndpoint(.compute) == false)
    }
}

/// A transport that must not be used.
private struct NoTransport: HTTPTransport {
    func send(_ request: APIRequest) async throws(CloudError) -> APIResponse {
        throw .transport(TransportFailure(kind: .other, url: request.url, detail: "no transport in this test"))
    }

    func shutdown() async {}
}
