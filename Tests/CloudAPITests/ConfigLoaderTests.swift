import CloudAPI
import Foundation
import Testing

/// A private directory tree per test: `cwd/`, `home/` (with `.config/openstack/`) and `etc/`.
private final class ConfigSandbox {
    let root: String
    var cwd: String { root + "/cwd" }
    var home: String { root + "/home" }
    var userDir: String { root + "/home/.config/openstack" }
    var system: String { root + "/etc" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-config-\(UUID().uuidString)").path
        for dir in [cwd, userDir, system] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    @discardableResult
    func write(_ path: String, _ text: String) throws -> String {
        let full = path.hasPrefix("/") ? path : root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: root + "/" + path) }

    func loader(_ env: [String: String] = [:], prompt: (@Sendable (String) -> String?)? = nil) -> ConfigLoader {
        ConfigLoader(environment: env, currentDirectory: cwd, homeDirectory: home, systemDirectory: system, passwordPrompt: prompt)
    }
}

/// Records the prompts a loader shows.
private final class PromptRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _prompts: [String] = []
    var prompts: [String] { lock.withLock { _prompts } }
    func record(_ p: String) { lock.withLock { _prompts.append(p) } }
}

private func configError(_ loader: ConfigLoader, _ flags: ConfigOverrides = ConfigOverrides()) -> ConfigError? {
    do {
        _ = try loader.load(flags)
        return nil
    } catch {
        if case .config(let c) = error { return c }
        return nil
    }
}

private func cloud(_ name: String, url: String = "https://keystone.example.com/v3", extra: String = "") -> String {
    """
    clouds:
      \(name):
        auth:
          auth_url: \(url)
          username: demo
          password: pw
          project_name: demo
    \(extra)
    """
}

private let fullEnv: [String: String] = [
    "OS_AUTH_URL": "https://env.example.com/v3",
    "OS_USERNAME": "envuser",
    "OS_PASSWORD": "envpw",
    "OS_PROJECT_NAME": "envproject",
    "OS_USER_DOMAIN_NAME": "Default",
    "OS_PROJECT_DOMAIN_NAME": "Default",
]

@Suite("ConfigLoader")
struct ConfigLoaderTests {
    // MARK: - Finding the files

    @Test("clouds.yaml search order: ./ beats ~/.config/openstack beats the system directory")
    func searchOrder() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", cloud("here"))
        try s.write("home/.config/openstack/clouds.yaml", cloud("user"))
        try s.write("etc/clouds.yaml", cloud("system"))
        #expect(try s.loader().load().name == "here")
        try s.remove("cwd/clouds.yaml")
        #expect(try s.loader().load().name == "user")
        try s.remove("home/.config/openstack/clouds.yaml")
        #expect(try s.loader().load().name == "system")
        try s.remove("etc/clouds.yaml")
        try s.write("etc/clouds.yml", cloud("systemyml"))
        #expect(try s.loader().load().name == "systemyml")
    }

    @Test("clouds.yaml beats clouds.yml in the same directory; .yml is found")
    func yamlBeforeYml() throws {
        let s = try ConfigSandbox()
        try s.write("home/.config/openstack/clouds.yml", cloud("yml"))
        #expect(try s.loader().load().name == "yml")
        try s.write("home/.config/openstack/clouds.yaml", cloud("yaml"))
        #expect(try s.loader().load().name == "yaml")
    }

    @Test("OS_CLIENT_CONFIG_FILE comes first; a missing one is an error, not a silent fallback")
    func clientConfigFile() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", cloud("here"))
        let other = try s.write("elsewhere/my.yaml", cloud("explicit"))
        #expect(try s.loader(["OS_CLIENT_CONFIG_FILE": other]).load().name == "explicit")
        #expect(try s.loader(["OS_CLIENT_CONFIG_FILE": other]).cloudNames() == ["explicit"])
        let e = try #require(configError(s.loader(["OS_CLIENT_CONFIG_FILE": s.root + "/nope.yaml"])))
        #expect(e.key == "OS_CLIENT_CONFIG_FILE")
        #expect(e.message.contains("nope.yaml"))
    }

    @Test("secure.yaml is deep-merged over clouds.yaml per cloud; OS_CLIENT_SECURE_FILE is used")
    func secureMerge() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              a:
                auth:
                  auth_url: https://a.example.com/v3
                  username: alice
                  project_name: pa
                region_name: r1
              b:
                auth:
                  auth_url: https://b.example.com/v3
                  username: bob
            """)
        try s.write("home/.config/openstack/secure.yaml", """
            clouds:
              a:
                auth:
                  password: from-secure
                region_name: r2
            """)
        let a = try s.loader(["OS_CLOUD": "a"]).load()
        #expect(a.auth == .password(user: .init(name: "alice"), password: "from-secure"))
        #expect(a.project?.name == "pa")  // untouched sibling key kept
        #expect(a.regionName == "r2")  // secure wins
        #expect(configError(s.loader(["OS_CLOUD": "b"]))?.key == "auth.password")  // other cloud not merged

        let explicit = try s.write("secrets/s.yaml", "clouds:\n  b:\n    auth:\n      password: bob-secret\n")
        let b = try s.loader(["OS_CLOUD": "b", "OS_CLIENT_SECURE_FILE": explicit]).load()
        #expect(b.auth == .password(user: .init(name: "bob"), password: "bob-secret"))
    }

    @Test("cloudNames lists the clouds of the file found, in file order")
    func cloudNames() throws {
        let s = try ConfigSandbox()
        #expect(try s.loader().cloudNames() == [])
        try s.write("etc/clouds.yaml", "clouds:\n  zeta: {}\n  alpha: {}\n  mid: {}\n")
        #expect(try s.loader().cloudNames() == ["zeta", "alpha", "mid"])
    }

    // MARK: - Choosing the cloud

    @Test("OS_CLOUD selects a cloud; --os-cloud beats OS_CLOUD")
    func cloudSelection() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              one:
                auth: {auth_url: "https://one.example.com/v3", username: u1, password: p1}
              two:
                auth: {auth_url: "https://two.example.com/v3", username: u2, password: p2}
            """)
        #expect(try s.loader(["OS_CLOUD": "two"]).load().authURL == "https://two.example.com/v3")
        var flags = ConfigOverrides()
        flags.cloud = "one"
        let c = try s.loader(["OS_CLOUD": "two"]).load(flags)
        #expect(c.name == "one")
        #expect(c.authURL == "https://one.example.com/v3")
    }

    @Test("the only cloud in the file is used without naming it")
    func singleCloudDefault() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", cloud("lonely"))
        let c = try s.loader().load()
        #expect(c.name == "lonely")
        #expect(c.displayUser == "demo")
        #expect(c.interface == "public")
        #expect(c.verifyTLS)
    }

    @Test("several clouds and none named: the error lists the names and the file")
    func severalCloudsNoneNamed() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", "clouds:\n  hcs: {}\n  lab: {}\n")
        let e = try #require(configError(s.loader()))
        #expect(e.file == path)
        #expect(e.message.contains("hcs, lab"))
        #expect(e.message.contains("OS_CLOUD"))
    }

    @Test("OS_CLOUD naming a missing cloud: error names the file and the available clouds")
    func unknownCloud() throws {
        let s = try ConfigSandbox()
        let path = try s.write("home/.config/openstack/clouds.yaml", "clouds:\n  hcs: {}\n  lab: {}\n")
        let e = try #require(configError(s.loader(["OS_CLOUD": "prod"])))
        #expect(e.file == path)
        #expect(e.key == "OS_CLOUD")
        #expect(e.message.contains("\"prod\""))
        #expect(e.message.contains("hcs, lab"))
        var flags = ConfigOverrides()
        flags.cloud = "staging"
        #expect(configError(s.loader(), flags)?.key == "--os-cloud")
    }

    @Test("a cloud named with no clouds.yaml anywhere says so")
    func namedCloudNoFile() throws {
        let s = try ConfigSandbox()
        let e = try #require(configError(s.loader(["OS_CLOUD": "hcs"])))
        #expect(e.key == "OS_CLOUD")
        #expect(e.message.contains("no clouds.yaml"))
        #expect(e.message.contains(s.cwd + "/clouds.yaml"))
    }

    @Test("no configuration at all: a clear error naming OS_CLOUD, clouds.yaml and OS_AUTH_URL")
    func noConfig() throws {
        let s = try ConfigSandbox()
        let e = try #require(configError(s.loader()))
        #expect(e.file == nil)
        #expect(e.message.contains("OS_CLOUD"))
        #expect(e.message.contains("clouds.yaml"))
        #expect(e.message.contains("OS_AUTH_URL"))
    }

    @Test("selector-only variables do not make an envvars cloud")
    func selectorsOnly() throws {
        let s = try ConfigSandbox()
        let env = ["OS_REGION_NAME": "r1", "OS_CLOUD_NAME": "x", "OS_CLIENT_SECURE_FILE": ""]
        let e = try #require(configError(s.loader(env)))
        #expect(e.message.hasPrefix("no cloud configured"))
        // With a single-cloud file they just apply to it.
        try s.write("cwd/clouds.yaml", cloud("filecloud"))
        let c = try s.loader(env).load()
        #expect(c.name == "filecloud")
        #expect(c.regionName == "r1")
    }

    @Test("OS_* auth variables make the envvars cloud; OS_CLOUD_NAME renames it")
    func envvarsCloud() throws {
        let s = try ConfigSandbox()
        let c = try s.loader(fullEnv).load()
        #expect(c.name == "envvars")
        #expect(c.authURL == "https://env.example.com/v3")
        #expect(c.auth == .password(user: .init(name: "envuser", domainName: "Default"), password: "envpw"))
        #expect(c.project == .init(name: "envproject", domainName: "Default"))

        var env = fullEnv
        env["OS_CLOUD_NAME"] = "mine"
        #expect(try s.loader(env).load().name == "mine")
        env["OS_CLOUD"] = "mine"  // naming the env cloud selects it
        #expect(try s.loader(env).load().name == "mine")
    }

    @Test("with OS_AUTH_URL set and no cloud named, envvars beats the file's single cloud")
    func envvarsBeatsSingleCloud() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", cloud("filecloud"))
        let c = try s.loader(fullEnv).load()
        #expect(c.name == "envvars")
        #expect(c.project?.name == "envproject")
        // Named explicitly, the file cloud is used, with OS_* overriding it.
        let named = try s.loader(fullEnv.merging(["OS_CLOUD": "filecloud"]) { $1 }).load()
        #expect(named.name == "filecloud")
        #expect(named.authURL == "https://env.example.com/v3")
    }

    @Test("OS_PASSWORD alone (no OS_AUTH_URL) applies to the file's single cloud")
    func passwordOnlyEnvUsesFileCloud() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", "clouds:\n  c:\n    auth:\n      auth_url: https://k.example.com/v3\n      username: u\n")
        let c = try s.loader(["OS_PASSWORD": "envpw"]).load()
        #expect(c.name == "c")
        #expect(c.auth == .password(user: .init(name: "u"), password: "envpw"))
        // Without any file, the same variable makes an envvars cloud that lacks auth_url.
        let s2 = try ConfigSandbox()
        let e = try #require(configError(s2.loader(["OS_USERNAME": "u", "OS_PASSWORD": "envpw"])))
        #expect(e.key == "auth.auth_url")
        #expect(e.message.contains("OS_AUTH_URL"))
    }

    @Test("flags alone can describe a cloud")
    func flagsOnlyCloud() throws {
        let s = try ConfigSandbox()
        var f = ConfigOverrides()
        f.authURL = "https://flag.example.com/v3"
        f.userID = "uid-1"
        f.password = "flagpw"
        f.projectID = "pid-1"
        let c = try s.loader().load(f)
        #expect(c.name == "envvars")
        #expect(c.auth == .password(user: .init(id: "uid-1"), password: "flagpw"))
        #expect(c.project == .init(id: "pid-1"))
    }

    // MARK: - Precedence

    @Test("flags beat OS_* beat the file for auth_url, username, password, region, interface")
    func precedence() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              c:
                auth:
                  auth_url: https://file.example.com/v3
                  username: fileuser
                  password: filepw
                  project_name: fileproject
                region_name: file-region
                interface: internal
            """)
        let file = try s.loader().load()
        #expect(file.authURL == "https://file.example.com/v3")
        #expect(file.regionName == "file-region")
        #expect(file.interface == "internal")
        #expect(file.auth == .password(user: .init(name: "fileuser"), password: "filepw"))

        let env = ["OS_AUTH_URL": "https://env.example.com/v3", "OS_USERNAME": "envuser", "OS_PASSWORD": "envpw",
                   "OS_REGION_NAME": "env-region", "OS_INTERFACE": "admin", "OS_CLOUD": "c"]
        let fromEnv = try s.loader(env).load()
        #expect(fromEnv.name == "c")
        #expect(fromEnv.authURL == "https://env.example.com/v3")
        #expect(fromEnv.regionName == "env-region")
        #expect(fromEnv.interface == "admin")
        #expect(fromEnv.auth == .password(user: .init(name: "envuser"), password: "envpw"))
        #expect(fromEnv.project?.name == "fileproject")  // not overridden: still from the file

        var f = ConfigOverrides()
        f.authURL = "https://flag.example.com/v3"
        f.username = "flaguser"
        f.password = "flagpw"
        f.regionName = "flag-region"
        f.interface = "public"
        f.projectName = "flagproject"
        let fromFlags = try s.loader(env).load(f)
        #expect(fromFlags.authURL == "https://flag.example.com/v3")
        #expect(fromFlags.regionName == "flag-region")
        #expect(fromFlags.interface == "public")
        #expect(fromFlags.auth == .password(user: .init(name: "flaguser"), password: "flagpw"))
        #expect(fromFlags.project?.name == "flagproject")
    }

    @Test("a name from a higher level replaces the id from a lower one (and vice versa)")
    func idNameGroups() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              c:
                auth:
                  auth_url: https://k.example.com/v3
                  user_id: file-uid
                  password: pw
                  project_id: file-pid
            """)
        let c = try s.loader(["OS_PROJECT_NAME": "envproject", "OS_USERNAME": "envuser"]).load()
        #expect(c.project == .init(name: "envproject"))
        #expect(c.auth == .password(user: .init(name: "envuser"), password: "pw"))
    }

    @Test("legacy tenant_name / tenant_id and OS_TENANT_NAME are read")
    func legacyTenant() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              c:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p, tenant_id: t-1}
            """)
        #expect(try s.loader().load().project?.id == "t-1")
        #expect(try s.loader(["OS_TENANT_NAME": "tn"]).load().project == .init(name: "tn"))
    }

    @Test("domain_id / domain_name fill both user and project domain unless those are set")
    func domainCopy() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              both:
                auth:
                  auth_url: https://k.example.com/v3
                  username: u
                  password: p
                  project_name: proj
                  domain_id: dom-1
              partial:
                auth:
                  auth_url: https://k.example.com/v3
                  username: u
                  password: p
                  project_name: proj
                  domain_name: acme
                  project_domain_name: other
            """)
        let both = try s.loader(["OS_CLOUD": "both"]).load()
        #expect(both.auth == .password(user: .init(name: "u", domainID: "dom-1"), password: "p"))
        #expect(both.project == .init(name: "proj", domainID: "dom-1"))
        let partial = try s.loader(["OS_CLOUD": "partial"]).load()
        #expect(partial.auth == .password(user: .init(name: "u", domainName: "acme"), password: "p"))
        #expect(partial.project == .init(name: "proj", domainName: "other"))
        // OS_DOMAIN_NAME from the environment beats the file's specific domains.
        let env = try s.loader(["OS_CLOUD": "partial", "OS_DOMAIN_NAME": "envdom"]).load()
        #expect(env.project?.domainName == "envdom")
        #expect(env.project?.domainID == nil)
    }

    // MARK: - Interface, TLS, endpoints

    @Test("interface: publicURL -> public, legacy endpoint_type and OS_ENDPOINT_TYPE, bad value is an error")
    func interfaceNormalisation() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            clouds:
              a:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                interface: publicURL
              b:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                endpoint_type: internalURL
              c:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                interface: sideways
            """)
        #expect(try s.loader(["OS_CLOUD": "a"]).load().interface == "public")
        #expect(try s.loader(["OS_CLOUD": "b"]).load().interface == "internal")
        #expect(try s.loader(["OS_CLOUD": "a", "OS_ENDPOINT_TYPE": "adminURL"]).load().interface == "admin")
        let e = try #require(configError(s.loader(["OS_CLOUD": "c"])))
        #expect(e.file == path)
        #expect(e.line == 10)
        #expect(e.key == "clouds.c.interface")
        #expect(e.message.contains("sideways"))
        #expect(configError(s.loader(["OS_CLOUD": "a", "OS_INTERFACE": "nope"]))?.key == "OS_INTERFACE")
    }

    @Test("verify false turns TLS checks off and drops cacert; insecure wins over verify; cacert used when verifying")
    func tlsSettings() throws {
        let s = try ConfigSandbox()
        let ca = try s.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        try s.write("cwd/clouds.yaml", """
            clouds:
              noverify:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                verify: false
                cacert: \(ca)
              insecure:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                verify: true
                insecure: true
              ca:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                cacert: \(ca)
            """)
        let noverify = try s.loader(["OS_CLOUD": "noverify"]).load()
        #expect(!noverify.verifyTLS)
        #expect(noverify.cacertPath == nil)
        #expect(!(try s.loader(["OS_CLOUD": "insecure"]).load().verifyTLS))
        let withCA = try s.loader(["OS_CLOUD": "ca"]).load()
        #expect(withCA.verifyTLS)
        #expect(withCA.cacertPath == ca)
        // OS_INSECURE=1 and --insecure turn verification off; OS_INSECURE=false at env level beats verify: false.
        #expect(!(try s.loader(["OS_CLOUD": "ca", "OS_INSECURE": "1"]).load().verifyTLS))
        #expect(!(try s.loader(["OS_CLOUD": "ca", "OS_INSECURE": "yes"]).load().verifyTLS))
        var f = ConfigOverrides()
        f.insecure = true
        let flagged = try s.loader(["OS_CLOUD": "ca"]).load(f)
        #expect(!flagged.verifyTLS)
        #expect(flagged.cacertPath == nil)
        #expect(try s.loader(["OS_CLOUD": "noverify", "OS_INSECURE": "false"]).load().verifyTLS)
        // OS_CACERT beats the file; a relative path is taken from the current directory.
        try s.write("cwd/local-ca.pem", "x")
        #expect(try s.loader(["OS_CLOUD": "ca", "OS_CACERT": "local-ca.pem"]).load().cacertPath == s.cwd + "/local-ca.pem")
        #expect(configError(s.loader(["OS_CLOUD": "ca", "OS_INSECURE": "maybe"]))?.key == "OS_INSECURE")
    }

    @Test("a missing cacert file is an error naming the key; verify: maybe is a type error with file, line and key")
    func tlsErrors() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            clouds:
              missingca:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                cacert: /nonexistent/ca.pem
              maybe:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                verify: maybe
            """)
        let ca = try #require(configError(s.loader(["OS_CLOUD": "missingca"])))
        #expect(ca.key == "clouds.missingca.cacert")
        #expect(ca.line == 4)
        #expect(ca.message.contains("/nonexistent/ca.pem"))
        let v = try #require(configError(s.loader(["OS_CLOUD": "maybe"])))
        #expect(v.file == path)
        #expect(v.line == 7)
        #expect(v.key == "clouds.maybe.verify")
    }

    @Test("endpoint overrides from the file (new and legacy keys) and from OS_*, env beating file")
    func endpointOverrides() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              new:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                network_endpoint_override: https://vpc.example.com/v2.0
                compute_endpoint_override: https://ecs.example.com/v2.1/%(project_id)s
              legacy:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                network_endpoint: https://old-vpc.example.com
                compute_endpoint: https://old-ecs.example.com
            """)
        let n = try s.loader(["OS_CLOUD": "new"]).load()
        #expect(n.endpointOverrides == ["network": "https://vpc.example.com/v2.0",
                                        "compute": "https://ecs.example.com/v2.1/%(project_id)s"])
        let l = try s.loader(["OS_CLOUD": "legacy"]).load()
        #expect(l.endpointOverrides == ["network": "https://old-vpc.example.com", "compute": "https://old-ecs.example.com"])
        let e = try s.loader(["OS_CLOUD": "new", "OS_NETWORK_ENDPOINT_OVERRIDE": "https://env-vpc.example.com"]).load()
        #expect(e.endpointOverrides["network"] == "https://env-vpc.example.com")
        #expect(e.endpointOverrides["compute"] == "https://ecs.example.com/v2.1/%(project_id)s")
        var f = ConfigOverrides()
        f.computeEndpointOverride = "https://flag-ecs.example.com"
        #expect(try s.loader(["OS_CLOUD": "new"]).load(f).endpointOverrides["compute"] == "https://flag-ecs.example.com")
        let bad = try #require(configError(s.loader(["OS_CLOUD": "new", "OS_COMPUTE_ENDPOINT_OVERRIDE": "ecs.example.com"])))
        #expect(bad.key == "OS_COMPUTE_ENDPOINT_OVERRIDE")
    }

    // MARK: - Auth types

    @Test("application credentials: by id, by name with user, from env; auth_type inferred when absent")
    func applicationCredentials() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              byid:
                auth_type: v3applicationcredential
                auth:
                  auth_url: https://k.example.com/v3
                  application_credential_id: ac-1
                  application_credential_secret: acsecret
              byname:
                auth_type: application_credential
                auth:
                  auth_url: https://k.example.com/v3
                  application_credential_name: deploy
                  application_credential_secret: acsecret
                  username: u
                  user_domain_name: Default
              inferred:
                auth:
                  auth_url: https://k.example.com/v3
                  application_credential_id: ac-2
                  application_credential_secret: acsecret
            """)
        #expect(try s.loader(["OS_CLOUD": "byid"]).load().auth
            == .applicationCredential(id: "ac-1", name: nil, user: nil, secret: "acsecret"))
        #expect(try s.loader(["OS_CLOUD": "byname"]).load().auth
            == .applicationCredential(id: nil, name: "deploy", user: .init(name: "u", domainName: "Default"), secret: "acsecret"))
        #expect(try s.loader(["OS_CLOUD": "inferred"]).load().auth
            == .applicationCredential(id: "ac-2", name: nil, user: nil, secret: "acsecret"))
        let env = try s.loader(["OS_AUTH_URL": "https://k.example.com/v3", "OS_AUTH_TYPE": "v3applicationcredential",
                                "OS_APPLICATION_CREDENTIAL_ID": "ac-env", "OS_APPLICATION_CREDENTIAL_SECRET": "envsecret"]).load()
        #expect(env.auth == .applicationCredential(id: "ac-env", name: nil, user: nil, secret: "envsecret"))
    }

    @Test("application credentials: missing secret, missing id/name, name without user are errors")
    func applicationCredentialErrors() throws {
        let s = try ConfigSandbox()
        let base = ["OS_AUTH_URL": "https://k.example.com/v3", "OS_AUTH_TYPE": "v3applicationcredential"]
        #expect(configError(s.loader(base.merging(["OS_APPLICATION_CREDENTIAL_ID": "ac"]) { $1 }))?.key
            == "auth.application_credential_secret")
        #expect(configError(s.loader(base.merging(["OS_APPLICATION_CREDENTIAL_SECRET": "zz"]) { $1 }))?.key
            == "auth.application_credential_id")
        let byName = base.merging(["OS_APPLICATION_CREDENTIAL_NAME": "n", "OS_APPLICATION_CREDENTIAL_SECRET": "zz"]) { $1 }
        #expect(configError(s.loader(byName))?.key == "auth.username")
        #expect(try s.loader(byName.merging(["OS_USER_ID": "uid"]) { $1 }).load().auth
            == .applicationCredential(id: nil, name: "n", user: .init(id: "uid"), secret: "zz"))
    }

    @Test("auth_type password / v3password is password auth; anything else is an error with key and line")
    func authTypeMapping() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            clouds:
              v3:
                auth_type: v3password
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
              tok:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                auth_type: token
            """)
        #expect(try s.loader(["OS_CLOUD": "v3"]).load().auth == .password(user: .init(name: "u"), password: "p"))
        #expect(try s.loader(["OS_CLOUD": "v3", "OS_AUTH_TYPE": "password"]).load().auth
            == .password(user: .init(name: "u"), password: "p"))
        let e = try #require(configError(s.loader(["OS_CLOUD": "tok"])))
        #expect(e.file == path)
        #expect(e.key == "clouds.tok.auth_type")
        #expect(e.line == 7)
        #expect(e.message.contains("token"))
        #expect(configError(s.loader(["OS_CLOUD": "v3", "OS_AUTH_TYPE": "saml2"]))?.key == "OS_AUTH_TYPE")
    }

    // MARK: - Required values and the password prompt

    @Test("missing password without a prompt: the error says how to give it")
    func missingPasswordNoPrompt() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            clouds:
              hcs:
                auth:
                  auth_url: https://iam.example.com/v3
                  username: demo
            """)
        let e = try #require(configError(s.loader()))
        #expect(e.key == "auth.password")
        #expect(e.file == path)
        #expect(e.line == 2)
        #expect(e.message.contains("demo@https://iam.example.com/v3"))
        #expect(e.message.contains("OS_PASSWORD"))
        #expect(e.message.contains("secure.yaml"))
        #expect(e.message.contains("terminal"))
    }

    @Test("missing password with a prompt: asked with user and auth URL, the answer is used")
    func missingPasswordPrompted() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              hcs:
                auth:
                  auth_url: https://iam.example.com/v3
                  username: demo
            """)
        let recorder = PromptRecorder()
        let c = try s.loader(prompt: { p in recorder.record(p); return "typed-pw" }).load()
        #expect(recorder.prompts == ["Password for demo@https://iam.example.com/v3: "])
        #expect(c.auth == .password(user: .init(name: "demo"), password: "typed-pw"))

        // A prompt that gets nothing (no terminal after all) is an error, not an empty password.
        let e = try #require(configError(s.loader(prompt: { _ in nil })))
        #expect(e.key == "auth.password")

        // Not asked when the password is known.
        let quiet = PromptRecorder()
        _ = try s.loader(["OS_PASSWORD": "x"], prompt: { p in quiet.record(p); return "typed" }).load()
        #expect(quiet.prompts.isEmpty)
    }

    @Test("missing auth_url: key auth.auth_url with the file and the line of the cloud")
    func missingAuthURL() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            # comment
            clouds:
              first:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}

              second:
                region_name: r
                auth:
                  username: u
            """)
        let e = try #require(configError(s.loader(["OS_CLOUD": "second"])))
        #expect(e.key == "auth.auth_url")
        #expect(e.file == path)
        #expect(e.line == 6)
        #expect(e.oneLine.hasPrefix("\(path):6: auth.auth_url: "))
    }

    @Test("missing user for password auth is an error")
    func missingUser() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", "clouds:\n  c:\n    auth:\n      auth_url: https://k.example.com/v3\n      password: p\n")
        let e = try #require(configError(s.loader()))
        #expect(e.key == "auth.username")
        #expect(e.line == 2)
    }

    @Test("auth_url must be an http(s) URL")
    func authURLScheme() throws {
        let s = try ConfigSandbox()
        let e = try #require(configError(s.loader(["OS_AUTH_URL": "keystone:5000", "OS_USERNAME": "u", "OS_PASSWORD": "p"])))
        #expect(e.key == "OS_AUTH_URL")
    }

    // MARK: - File errors

    @Test("wrong types carry file, line and dotted key")
    func typeErrors() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            clouds:
              hcs:
                auth: just-a-string
              lab:
                auth:
                  auth_url: https://k.example.com/v3
                  username: u
                  password: p
                region_name:
                  - r1
                  - r2
              flat: 42
            """)
        let auth = try #require(configError(s.loader(["OS_CLOUD": "hcs"])))
        #expect(auth.file == path)
        #expect(auth.line == 3)
        #expect(auth.key == "clouds.hcs.auth")
        let region = try #require(configError(s.loader(["OS_CLOUD": "lab"])))
        #expect(region.line == 9)
        #expect(region.key == "clouds.lab.region_name")
        #expect(region.message.contains("list"))
        let flat = try #require(configError(s.loader(["OS_CLOUD": "flat"])))
        #expect(flat.line == 12)
        #expect(flat.key == "clouds.flat")
    }

    @Test("clouds: must be a mapping")
    func cloudsNotMapping() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", "# top\nclouds:\n  - a\n  - b\n")
        let e = try #require(configError(s.loader()))
        #expect(e.file == path)
        #expect(e.line == 2)
        #expect(e.key == "clouds")
        #expect(throws: CloudError.self) { try s.loader().cloudNames() }
    }

    @Test("a YAML syntax error names the file and the line")
    func yamlSyntaxError() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            clouds:
              hcs:
                auth:
                  auth_url: https://k.example.com/v3
                  username: [unclosed
                  password: p
            """)
        let e = try #require(configError(s.loader()))
        #expect(e.file == path)
        #expect(e.line == 6)
        #expect(e.message.contains("YAML"))
        #expect(e.key == nil)
    }

    @Test("a YAML error in secure.yaml names secure.yaml")
    func secureSyntaxError() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", cloud("c"))
        let secure = try s.write("cwd/secure.yaml", "clouds:\n  c:\n    auth:\n      password: 'unterminated\n")
        let e = try #require(configError(s.loader()))
        #expect(e.file == secure)
        #expect(e.line != nil)
    }

    @Test("a key given twice is an error with its line")
    func duplicateKey() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            clouds:
              c:
                auth:
                  auth_url: https://k.example.com/v3
                  username: u
                  username: v
                  password: p
            """)
        let e = try #require(configError(s.loader()))
        #expect(e.key == "username")
        #expect([5, 6].contains(e.line ?? 0))
    }

    @Test("YAML anchors and merge keys work")
    func mergeKeys() throws {
        let s = try ConfigSandbox()
        try s.write("cwd/clouds.yaml", """
            base: &base
              auth_url: https://k.example.com/v3
              user_domain_name: Default
            clouds:
              c:
                auth:
                  <<: *base
                  username: u
                  password: p
            """)
        let c = try s.loader().load()
        #expect(c.authURL == "https://k.example.com/v3")
        #expect(c.auth == .password(user: .init(name: "u", domainName: "Default"), password: "p"))
    }

    @Test("passwords and secrets never appear in error messages")
    func secretsNeverInMessages() throws {
        let secret = "Hunter2-VerySecret"
        let s = try ConfigSandbox()
        var messages: [String] = []
        func collect(_ yaml: String, _ env: [String: String] = [:]) throws {
            try s.write("cwd/clouds.yaml", yaml)
            let e = try #require(configError(s.loader(env)))
            messages.append(e.oneLine)
        }
        // YAML syntax error on the password's line (libyaml's snippet would show it).
        try collect("clouds:\n  c:\n    auth:\n      password: \(secret)\n      username: [oops\n")
        try collect("clouds:\n  c:\n    auth:\n      password: \"\(secret)\n")
        // Password as a list / mapping: a type error.
        try collect("clouds:\n  c:\n    auth:\n      auth_url: https://k.example.com/v3\n      username: u\n      password: [\(secret)]\n")
        try collect("clouds:\n  c:\n    auth:\n      auth_url: https://k.example.com/v3\n      username: u\n      password: {\(secret): 1}\n")
        // Other errors in a cloud that has a password or a secret.
        try collect("clouds:\n  c:\n    auth:\n      auth_url: https://k.example.com/v3\n      password: \(secret)\n")
        try collect("clouds:\n  c:\n    auth_type: token\n    auth:\n      auth_url: https://k.example.com/v3\n      username: u\n      password: \(secret)\n")
        try collect("clouds:\n  c:\n    verify: perhaps\n    auth:\n      auth_url: https://k.example.com/v3\n      username: u\n      password: \(secret)\n")
        try collect("clouds:\n  c:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: https://k.example.com/v3\n      application_credential_secret: \(secret)\n")
        try collect("clouds:\n  c:\n    auth:\n      password: \(secret)\n      password: \(secret)\n")
        try collect("clouds:\n  c:\n    auth:\n      auth_url: https://k.example.com/v3\n      username: u\n      password: \(secret)\n    vip_strategy: other\n")
        try collect("clouds: {}\n", ["OS_PASSWORD": secret, "OS_USERNAME": "u"])
        try collect("clouds: {}\n", ["OS_APPLICATION_CREDENTIAL_SECRET": secret, "OS_AUTH_URL": "https://k.example.com/v3",
                                      "OS_AUTH_TYPE": "v3applicationcredential"])
        #expect(messages.count == 12)
        for m in messages { #expect(!m.contains(secret), "secret leaked: \(m)") }
        #expect(!messages.contains { $0.contains("Hunter2") })
    }

    // MARK: - vipctl settings

    @Test("hardware_sdn is read from clouds.yaml and OS_HARDWARE_SDN with its origin, false when not said; a bad value names the file and line")
    func hardwareSDNSetting() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            clouds:
              sdn:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                hardware_sdn: true
              plain:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
              bad:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                hardware_sdn: sometimes
            """)
        let sdn = try s.loader(["OS_CLOUD": "sdn"]).load()
        #expect(sdn.hardwareSDN)
        #expect(sdn.sources[.hardwareSDN] == .file(path: path, line: 4, key: "clouds.sdn.hardware_sdn"))
        let plain = try s.loader(["OS_CLOUD": "plain"]).load()
        #expect(!plain.hardwareSDN && plain.sources[.hardwareSDN] == nil)
        let env = try s.loader(["OS_CLOUD": "plain", "OS_HARDWARE_SDN": "yes"]).load()
        #expect(env.hardwareSDN && env.sources[.hardwareSDN] == .env("OS_HARDWARE_SDN"))
        #expect(try !s.loader(["OS_CLOUD": "sdn", "OS_HARDWARE_SDN": "0"]).load().hardwareSDN)
        let bad = try #require(configError(s.loader(["OS_CLOUD": "bad"])))
        #expect(bad.file == path && bad.line == 9 && bad.key == "clouds.bad.hardware_sdn")
    }

    @Test("vip_strategy and read_only are read, normalised and validated")
    func vipctlSettings() throws {
        let s = try ConfigSandbox()
        let path = try s.write("cwd/clouds.yaml", """
            clouds:
              good:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                vip_strategy: Huawei
                read_only: yes
              badstrategy:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                vip_strategy: magic
              badro:
                auth: {auth_url: "https://k.example.com/v3", username: u, password: p}
                read_only: sometimes
            """)
        let good = try s.loader(["OS_CLOUD": "good"]).load()
        #expect(good.vipStrategy == "huawei" && good.readOnly)
        let env = try s.loader(["OS_CLOUD": "good", "OS_VIP_STRATEGY": "openstack", "OS_READ_ONLY": "0"]).load()
        #expect(env.vipStrategy == "openstack" && !env.readOnly)

        let strategy = try #require(configError(s.loader(["OS_CLOUD": "badstrategy"])))
        #expect(strategy.file == path)
        #expect(strategy.line == 8)
        #expect(strategy.key == "clouds.badstrategy.vip_strategy")
        #expect(strategy.message.contains("huawei or openstack"))
        let ro = try #require(configError(s.loader(["OS_CLOUD": "badro"])))
        #expect(ro.line == 11)
        #expect(ro.key == "clouds.badro.read_only")
        let envBad = try #require(configError(s.loader(["OS_CLOUD": "good", "OS_VIP_STRATEGY": "x"])))
        #expect(envBad.key == "OS_VIP_STRATEGY")
        #expect(envBad.file == nil)
        #expect(try s.loader(["OS_CLOUD": "badstrategy", "OS_VIP_STRATEGY": "openstack"]).load().vipStrategy == "openstack")
    }
}
