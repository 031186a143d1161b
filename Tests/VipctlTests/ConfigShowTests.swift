import Foundation
import Testing
import TestSupport

/// `vipctl config show`: the resolved cloud with where each value came from, secrets masked,
/// as a table and as JSON. Offline: nothing is sent anywhere.
@Suite("vipctl config show")
struct ConfigShowTests {
    static let sk = "Sk-Show-4pQ2-never-shown"

    static func home() throws -> (TempHome, clouds: String, secure: String) {
        let home = try TempHome()
        let clouds = home.path + "/clouds.yaml"
        let secure = home.path + "/secure.yaml"
        try """
            clouds:
              hcs:
                auth_type: aksk
                auth:
                  access_key: AKSHOW0001
                  project_id: 5f2e0c1d
                region_name: region-a
                domain_suffix: cloud.corp.example
            """.write(toFile: clouds, atomically: true, encoding: .utf8)
        try "clouds:\n  hcs:\n    auth:\n      secret_key: \(sk)\n".write(toFile: secure, atomically: true, encoding: .utf8)
        chmod(secure, 0o600)
        return (home, clouds, secure)
    }

    static func env(_ home: TempHome) -> [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path,
         "OS_COMPUTE_ENDPOINT_OVERRIDE": "https://ecs.override.example/v2.1/5f2e0c1d"]
    }

    @Test("the table: each value and where it came from (file:line, environment variable, template, default); the SK as ***")
    func table() async throws {
        let (home, clouds, secure) = try Self.home()
        defer { home.remove() }
        let r = try await ChildRun.run(try ChildRun.vipctlBinary(), ["config", "show", "--lang", "en"], environment: Self.env(home),
                                       directory: home.path, timeout: .seconds(30))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        func row(_ label: String) -> String { lines.first { $0.hasPrefix(label + " ") } ?? "(no \(label) row in \(r.stdout))" }
        #expect(row("auth method").contains("AK/SK signed requests (SDK-HMAC-SHA256)"))
        #expect(row("access key (AK)").contains("AKSHOW0001") && row("access key (AK)").contains("\(clouds):5 (clouds.hcs.auth.access_key)"))
        #expect(row("secret key (SK)").contains("***") && row("secret key (SK)").contains("\(secure):4 (clouds.hcs.auth.secret_key)"))
        #expect(row("network endpoint").contains("https://vpc.region-a.cloud.corp.example/v2.0"))
        #expect(row("network endpoint").contains("template https://vpc.{region}.{domain}/v2.0"))
        #expect(row("compute endpoint").contains("environment variable OS_COMPUTE_ENDPOINT_OVERRIDE"))
        #expect(row("identity endpoint").contains("https://iam-apigateway-proxy.cloud.corp.example/v3"))
        #expect(row("VIP strategy").contains("huawei") && row("VIP strategy").contains("default"))
        #expect(row("region").contains("\(clouds):7 (clouds.hcs.region_name)"))
        #expect(row("hardware SDN").contains("false") && row("hardware SDN").contains("default"), "\(row("hardware SDN"))")
        #expect(!r.stdout.contains(Self.sk))
    }

    @Test("hardware_sdn: shown with where it came from (the clouds.yaml line, then OS_HARDWARE_SDN over it), in the table and the JSON")
    func hardwareSDN() async throws {
        let (home, clouds, _) = try Self.home()
        defer { home.remove() }
        let text = try String(contentsOfFile: clouds, encoding: .utf8) + "\n    hardware_sdn: true\n"
        try text.write(toFile: clouds, atomically: true, encoding: .utf8)
        let r = try await ChildRun.run(try ChildRun.vipctlBinary(), ["config", "show", "--lang", "en"], environment: Self.env(home),
                                       directory: home.path, timeout: .seconds(30))
        #expect(r.status == 0, "\(r.stderr)")
        let row = r.stdout.split(separator: "\n").first { $0.hasPrefix("hardware SDN ") }.map(String.init) ?? "(no row in \(r.stdout))"
        #expect(row.contains("true") && row.contains("\(clouds):9 (clouds.hcs.hardware_sdn)"), "\(row)")
        var env = Self.env(home)
        env["OS_HARDWARE_SDN"] = "false"
        let j = try await ChildRun.run(try ChildRun.vipctlBinary(), ["config", "show", "-o", "json"], environment: env,
                                       directory: home.path, timeout: .seconds(30))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: [String: Any]], "\(j.stdout)")
        #expect(obj["hardware_sdn"]?["value"] as? String == "false")
        #expect((obj["hardware_sdn"]?["source"] as? [String: Any])?["name"] as? String == "OS_HARDWARE_SDN")
    }

    @Test("JSON: English, each value with its source as data; the SK masked; Chinese table has the same values")
    func json() async throws {
        let (home, clouds, _) = try Self.home()
        defer { home.remove() }
        let r = try await ChildRun.run(try ChildRun.vipctlBinary(), ["config", "show", "--output", "json", "--lang", "zh"],
                                       environment: Self.env(home), directory: home.path, timeout: .seconds(30))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains(Self.sk))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String: Any]])
        func source(_ key: String) -> [String: Any] { obj[key]?["source"] as? [String: Any] ?? [:] }
        #expect(obj["secret_key"]?["value"] as? String == "***")
        #expect(obj["access_key"]?["value"] as? String == "AKSHOW0001")
        #expect(source("access_key")["kind"] as? String == "file")
        #expect(source("access_key")["path"] as? String == clouds)
        #expect(source("access_key")["line"] as? Int == 5)
        #expect(source("network_endpoint")["kind"] as? String == "template")
        #expect(source("compute_endpoint")["kind"] as? String == "env")
        #expect(source("compute_endpoint")["name"] as? String == "OS_COMPUTE_ENDPOINT_OVERRIDE")
        #expect(source("signing")["kind"] as? String == "default")
        #expect(obj["auth_method"]?["value"] as? String == "AK/SK signed requests (SDK-HMAC-SHA256)")
        let zh = try await ChildRun.run(try ChildRun.vipctlBinary(), ["config", "show", "--lang", "zh"], environment: Self.env(home),
                                        directory: home.path, timeout: .seconds(30))
        #expect(zh.stdout.contains("访问密钥 ID（AK）") && zh.stdout.contains("AKSHOW0001"), "\(zh.stdout)")
        #expect(zh.stdout.contains("模板 https://vpc.{region}.{domain}/v2.0"), "\(zh.stdout)")
        #expect(!zh.stdout.contains(Self.sk))
    }

    @Test("a password cloud: the password masked (or not set, asked when needed) and the endpoints from the catalog after sign-in; flags named")
    func passwordCloud() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path,
                   "OS_AUTH_URL": "https://keystone.example.com/v3", "OS_USERNAME": "demo", "OS_PROJECT_NAME": "demo"]
        let r = try await ChildRun.run(try ChildRun.vipctlBinary(), ["config", "show", "--os-region-name", "RegionOne", "--lang", "en"],
                                       environment: env, directory: home.path, timeout: .seconds(30))
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        func row(_ label: String) -> String { lines.first { $0.hasPrefix(label + " ") } ?? "(no \(label) row in \(r.stdout))" }
        #expect(row("auth method").contains("password (Keystone)"))
        #expect(row("region").contains("flag --os-region-name"))
        #expect(row("user").contains("environment variable OS_USERNAME"))
        #expect(row("password / secret").contains("asked at the prompt when needed"))
        #expect(row("network endpoint").contains("(known after sign-in)") && row("network endpoint").contains("the service catalog"))
        #expect(row("auth URL").contains("environment variable OS_AUTH_URL"))
    }
}
