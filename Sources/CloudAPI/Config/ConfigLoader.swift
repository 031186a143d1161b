import Foundation
import Yams

/// Values given on the command line (`--os-cloud`, `--os-auth-url`, ...). `nil` = not given.
/// They beat `OS_*`, which beat clouds.yaml / secure.yaml.
public struct ConfigOverrides: Sendable {
    public var cloud: String?
    public var authURL: String?
    public var username: String?
    public var userID: String?
    public var password: String?
    public var projectName: String?
    public var projectID: String?
    public var userDomainName: String?
    public var userDomainID: String?
    public var projectDomainName: String?
    public var projectDomainID: String?
    public var regionName: String?
    public var interface: String?
    public var cacert: String?
    public var applicationCredentialID: String?
    public var applicationCredentialName: String?
    public var applicationCredentialSecret: String?
    public var networkEndpointOverride: String?
    public var computeEndpointOverride: String?
    public var insecure: Bool?
    /// `--timeout` (seconds): the longest one request may take (`api_timeout`).
    public var apiTimeout: Double?
    /// `--connect-timeout` (seconds): the longest wait for a connection (`connect_timeout`).
    public var connectTimeout: Double?

    public init() {}
}

/// Builds a `CloudConfig` the way openstacksdk and the `openstack` CLI do: clouds.yaml (first
/// found), secure.yaml merged over it, an `envvars` cloud from `OS_*`, and flags on top.
/// Every error names the file, the line and the key when it comes from a file, and never
/// contains a password or secret.
public struct ConfigLoader: Sendable {
    let environment: [String: String]
    let currentDirectory: String
    let homeDirectory: String
    let systemDirectory: String
    let passwordPrompt: (@Sendable (String) -> String?)?

    /// - Parameter passwordPrompt: asked for a missing password with a prompt such as
    ///   `Password for demo@https://keystone/v3: `; returns nil when there is no terminal. Pass it
    ///   only when a terminal is attached.
    public init(environment: [String: String], currentDirectory: String, homeDirectory: String,
                systemDirectory: String = "/etc/openstack",
                passwordPrompt: (@Sendable (String) -> String?)? = nil) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.homeDirectory = homeDirectory
        self.systemDirectory = systemDirectory
        self.passwordPrompt = passwordPrompt
    }

    /// The names of the clouds in the clouds.yaml (and secure.yaml) found, in file order.
    public func cloudNames() throws(CloudError) -> [String] {
        try loadFiles().clouds.map(\.key)
    }

    public func load(_ flags: ConfigOverrides = ConfigOverrides()) throws(CloudError) -> CloudConfig {
        try loadWithWarnings(flags).config
    }

    /// `load`, and the warnings the user must hear about how the cloud was configured (see
    /// `LoadedConfig.warnings`).
    public func loadWithWarnings(_ flags: ConfigOverrides = ConfigOverrides()) throws(CloudError) -> LoadedConfig {
        let files = try loadFiles()
        var warnings = Self.commandLineSecretWarnings(flags)
        warnings += files.unprotected.map(\.warning)
        let env = environment.filter { $0.key.hasPrefix("OS_") && !$0.value.isEmpty }
        let envvarsName = env["OS_CLOUD_NAME"] ?? "envvars"
        let authSettings = Setting.allCases.filter(\.isAuth)
        let envAuth = authSettings.contains { s in s.envNames.contains { env[$0] != nil } }
        let flagAuth = authSettings.contains { s in s.flag(flags)?.value.map { !$0.isEmpty } ?? false }
        let authURLGiven = env["OS_AUTH_URL"] != nil || !(flags.authURL ?? "").isEmpty

        let named: (name: String, via: String)?
        if let c = flags.cloud, !c.isEmpty {
            named = (c, "--os-cloud")
        } else if let c = env["OS_CLOUD"] {
            named = (c, "OS_CLOUD")
        } else {
            named = nil
        }

        var fileCloud: FileCloud?
        if let named {
            if let entry = files.clouds.first(where: { $0.key == named.name }) {
                fileCloud = try FileCloud(entry)
            } else if named.name == envvarsName && (envAuth || flagAuth) {
                fileCloud = nil
            } else if let path = files.displayPath {
                let available = files.clouds.isEmpty
                    ? "this file defines no clouds" + (files.whyNoClouds.map { " (\($0))" } ?? "")
                    : "clouds defined here: " + files.clouds.map(\.key).joined(separator: ", ")
                throw Self.error(path, nil, named.via, "no cloud named \"\(named.name)\"; \(available)")
            } else {
                throw Self.error(nil, nil, named.via,
                                 "cloud \"\(named.name)\" was asked for but no clouds.yaml was found (looked for \(searchedSummary))")
            }
        } else if (envAuth || flagAuth) && (authURLGiven || files.clouds.isEmpty) {
            fileCloud = nil
        } else if files.clouds.count == 1, let only = files.clouds.first {
            fileCloud = try FileCloud(only)
        } else if let path = files.displayPath {
            if files.clouds.isEmpty {
                throw Self.error(path, nil, "clouds",
                                 "no clouds are defined in this file" + (files.whyNoClouds.map { " (\($0))" } ?? "")
                                     + "; add one under clouds:, or set OS_AUTH_URL and the other OS_* variables")
            }
            throw Self.error(path, nil, nil,
                             "several clouds are defined (\(files.clouds.map(\.key).joined(separator: ", "))); choose one with --os-cloud or OS_CLOUD")
        } else {
            throw Self.error(nil, nil, nil,
                             "no cloud configured: set OS_CLOUD (or --os-cloud) to a cloud of a clouds.yaml (looked for \(searchedSummary)), "
                                 + "or set OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME and the domain variables")
        }

        let resolver = ConfigResolver(flags: flags, env: env, cloud: fileCloud, homeDirectory: homeDirectory,
                                currentDirectory: currentDirectory, passwordPrompt: passwordPrompt)
        let built = try resolver.build(name: fileCloud?.name ?? envvarsName)
        if let how = built.tlsOff {
            warnings.append("TLS certificates are not verified (\(how)): whoever sits between here and the cloud can read "
                                + "the password and the tokens; set cacert to the cloud's CA instead")
        }
        return LoadedConfig(config: built.config, warnings: warnings)
    }

    // MARK: - Warnings

    /// A secret given as a flag: every local user sees it in `ps` (and /proc/PID/cmdline), and
    /// the shell's history keeps it.
    static func commandLineSecretWarnings(_ flags: ConfigOverrides) -> [String] {
        var out: [String] = []
        if let p = flags.password, !p.isEmpty {
            out.append("--os-password shows the password to every user of this machine (ps, /proc) and in the shell history; "
                           + "use OS_PASSWORD, password: in secure.yaml (chmod 600), or leave it out to be asked")
        }
        if let s = flags.applicationCredentialSecret, !s.isEmpty {
            out.append("--os-application-credential-secret shows the secret to every user of this machine (ps, /proc) and in the "
                           + "shell history; use OS_APPLICATION_CREDENTIAL_SECRET or application_credential_secret: in secure.yaml (chmod 600)")
        }
        return out
    }

    /// Keys whose value is a secret, anywhere in clouds.yaml / secure.yaml: the password, an
    /// application credential secret, a token, and the secret half of an AK/SK pair (Huawei's
    /// `secret_key` / `sk`, a temporary `security_token`). An access key (AK) alone is an id.
    static func isSecretKey(_ key: String) -> Bool {
        let k = key.lowercased()
        return ["password", "application_credential_secret", "token", "secret", "secret_key", "sk", "security_token",
                "secret_access_key"].contains(k)
            || k.hasSuffix("_password") || k.hasSuffix("_secret")
    }

    /// The secret keys (sorted, each once) with a non-empty value under `node`.
    fileprivate static func secretKeys(in node: YNode) -> [String] {
        var found = Set<String>()
        func walk(_ n: YNode) {
            guard case .mapping(let entries) = n.kind else { return }
            for e in entries {
                if isSecretKey(e.key), case .scalar(let v) = e.value.kind, !v.isEmpty { found.insert(e.key) }
                walk(e.value)
            }
        }
        walk(node)
        return found.sorted()
    }

    /// `path` when its mode lets group or others read it (nil when it cannot be read or is private).
    static func readableByOthers(_ path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        let mode = st.st_mode & 0o7777
        return (mode & 0o044) != 0 ? mode : nil
    }

    /// `s` as one shell word (single-quoted unless it is plain).
    static func shellWord(_ s: String) -> String {
        let plain = s.unicodeScalars.allSatisfy { c in
            (c.value < 128) && (CharacterSet.alphanumerics.contains(c) || "/._-+,:@%".unicodeScalars.contains(c))
        }
        return plain && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: - Files

    fileprivate struct Files {
        var cloudsPath: String?
        var securePath: String?
        var clouds: [YEntry] = []
        /// Files holding a secret that group or others can read.
        var unprotected: [UnprotectedFile] = []
        var displayPath: String? { cloudsPath ?? securePath }
        /// Why no cloud is defined, when the file says why: it is empty, or its top has other
        /// keys than `clouds:`.
        var whyNoClouds: String?
    }

    /// A clouds.yaml or secure.yaml that holds a secret and that other users can read.
    struct UnprotectedFile {
        let path: String
        let mode: mode_t
        let keys: [String]

        var warning: String {
            "\(path) holds \(keys.joined(separator: ", ")) and other users can read it (mode \(String(mode, radix: 8))); "
                + "run: chmod 600 \(ConfigLoader.shellWord(path))"
        }
    }

    private var searchDirectories: [String] {
        [currentDirectory, Self.join(homeDirectory, ".config/openstack"), systemDirectory]
    }

    private var searchedSummary: String {
        searchDirectories.map { Self.join($0, "clouds.yaml") }.joined(separator: ", ")
    }

    private func loadFiles() throws(CloudError) -> Files {
        var files = Files()
        files.cloudsPath = try find(base: "clouds", envVar: "OS_CLIENT_CONFIG_FILE")
        files.securePath = try find(base: "secure", envVar: "OS_CLIENT_SECURE_FILE")
        var root: YNode?
        func check(_ path: String, _ node: YNode?) {
            guard let node, let mode = Self.readableByOthers(path) else { return }
            let keys = Self.secretKeys(in: node)
            if !keys.isEmpty { files.unprotected.append(UnprotectedFile(path: path, mode: mode, keys: keys)) }
        }
        if let p = files.cloudsPath {
            root = try Self.parse(path: p)
            check(p, root)
        }
        if let p = files.securePath, let secure = try Self.parse(path: p) {
            check(p, secure)
            root = root.map { Self.merge($0, secure) } ?? secure
        }
        guard let root else {
            if files.displayPath != nil { files.whyNoClouds = "the file is empty" }
            return files
        }
        switch root.kind {
        case .null:
            files.whyNoClouds = "the file is empty"
            return files
        case .mapping(let entries):
            guard let clouds = entries.first(where: { $0.key == "clouds" }) else {
                let keys = entries.prefix(5).map(\.key).joined(separator: ", ")
                files.whyNoClouds = "it has no clouds: key at the top, only \(keys); put the clouds under clouds:"
                return files
            }
            switch clouds.value.kind {
            case .null: return files
            case .mapping(let list): files.clouds = list
            default:
                throw Self.error(clouds.file, clouds.line, "clouds",
                                 "expected a mapping of cloud names to their settings, found \(clouds.value.kind.name)")
            }
        default:
            throw Self.error(root.file, root.line, nil, "expected a mapping with a clouds: key at the top, found \(root.kind.name)")
        }
        return files
    }

    /// `$envVar` when set (it must exist), else the first of `<dir>/<base>.yaml|yml|json`.
    private func find(base: String, envVar: String) throws(CloudError) -> String? {
        if let explicit = environment[envVar], !explicit.isEmpty {
            let path = Self.absolute(explicit, home: homeDirectory, cwd: currentDirectory)
            guard Self.isFile(path) else {
                throw Self.error(nil, nil, envVar, "\(path) does not exist or is not a file")
            }
            return path
        }
        for dir in searchDirectories {
            for ext in ["yaml", "yml", "json"] {
                let path = Self.join(dir, "\(base).\(ext)")
                if Self.isFile(path) { return path }
            }
        }
        return nil
    }

    fileprivate static func isFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    fileprivate static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    /// `~` and `~/x` against `home`, relative paths against `cwd`.
    fileprivate static func absolute(_ path: String, home: String, cwd: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return join(home, String(path.dropFirst(2))) }
        if path.hasPrefix("/") { return path }
        return join(cwd, path)
    }

    fileprivate static func error(_ file: String?, _ line: Int?, _ key: String?, _ message: String) -> CloudError {
        .config(ConfigError(file: file, line: line, key: key, message: message))
    }

    // MARK: - YAML

    fileprivate static func parse(path: String) throws(CloudError) -> YNode? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw error(path, nil, nil, "cannot read this file (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw error(path, nil, nil, "this file is not UTF-8 text (a binary file? clouds.yaml must be YAML text)")
        }
        return try parse(yaml: text, file: path)
    }

    fileprivate static func parse(yaml: String, file: String) throws(CloudError) -> YNode? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            throw syntaxError(e, yaml: yaml, file: file)
        } catch {
            throw Self.error(file, nil, nil, "cannot parse this file as YAML")
        }
        guard let node else { return nil }
        return try convert(node, file: file)
    }

    /// Only libyaml's fixed texts and positions: its snippet of the document could show a password.
    fileprivate static func syntaxError(_ e: YamlError, yaml: String, file: String) -> CloudError {
        func detail(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line))"
        }
        switch e {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return error(file, mark.line, nil, "YAML syntax error: " + detail(context, problem) + tabHint(yaml, line: mark.line))
        case .reader(let problem, let offset, _, _):
            let line = offset.map { o in yaml.utf8.prefix(o).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
            return error(file, line, nil, "cannot read the YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return error(file, context.mark.line, duplicates.first,
                         "key given more than once in the same mapping (\(duplicates.joined(separator: ", ")))")
        default:
            return error(file, nil, nil, "cannot parse this file as YAML")
        }
    }

    /// A tab near the error's line is the usual cause: YAML does not allow tabs for indentation.
    static func tabHint(_ yaml: String, line: Int) -> String {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let near = lines.indices.filter { abs($0 + 1 - line) <= 1 }
        guard near.contains(where: { lines[$0].prefix { $0 == " " || $0 == "\t" }.contains("\t") }) else { return "" }
        return "; a tab indents a line here, and YAML allows only spaces for indentation: replace the tabs with spaces"
    }

    fileprivate static func convert(_ node: Node, file: String) throws(CloudError) -> YNode {
        let line = node.mark?.line ?? 0
        switch node {
        case .scalar(let s):
            if node.null != nil { return YNode(kind: .null, file: file, line: line) }
            return YNode(kind: .scalar(s.string), file: file, line: line)
        case .sequence:
            return YNode(kind: .sequence, file: file, line: line)
        case .alias:
            return YNode(kind: .null, file: file, line: line)
        case .mapping(let mapping):
            var entries: [YEntry] = []
            var merged: [YEntry] = []
            for (k, v) in mapping {
                let keyLine = k.mark?.line ?? line
                guard case .scalar(let ks) = k else {
                    throw error(file, keyLine, nil, "a mapping key must be a plain string")
                }
                if k.tag.rawValue == Tag.Name.merge.rawValue {
                    let sources: [Node]
                    switch v {
                    case .mapping: sources = [v]
                    case .sequence(let seq): sources = Array(seq)
                    default: throw error(file, keyLine, "<<", "a merge key needs a mapping or a list of mappings")
                    }
                    for source in sources {
                        guard case .mapping(let inner) = try convert(source, file: file).kind else {
                            throw error(file, keyLine, "<<", "a merge key needs a mapping or a list of mappings")
                        }
                        for e in inner where !merged.contains(where: { $0.key == e.key }) { merged.append(e) }
                    }
                    continue
                }
                entries.append(YEntry(key: ks.string, file: file, line: keyLine, value: try convert(v, file: file)))
            }
            for e in merged where !entries.contains(where: { $0.key == e.key }) { entries.append(e) }
            return YNode(kind: .mapping(entries), file: file, line: line)
        }
    }

    /// secure.yaml over clouds.yaml: mappings merge key by key, anything else is replaced.
    fileprivate static func merge(_ base: YNode, _ over: YNode) -> YNode {
        guard case .mapping(var entries) = base.kind, case .mapping(let overEntries) = over.kind else { return over }
        for o in overEntries {
            if let i = entries.firstIndex(where: { $0.key == o.key }) {
                if case .mapping = entries[i].value.kind, case .mapping = o.value.kind {
                    entries[i].value = merge(entries[i].value, o.value)
                } else {
                    entries[i] = o
                }
            } else {
                entries.append(o)
            }
        }
        return YNode(kind: .mapping(entries), file: base.file, line: base.line)
    }
}

// MARK: - Parsed YAML with positions

fileprivate struct YNode {
    enum Kind {
        case null
        case scalar(String)
        case mapping([YEntry])
        case sequence

        var name: String {
            switch self {
            case .null: return "nothing"
            case .scalar: return "a single value"
            case .mapping: return "a mapping"
            case .sequence: return "a list"
            }
        }
    }

    var kind: Kind
    var file: String
    var line: Int
}

fileprivate struct YEntry {
    var key: String
    var file: String
    /// Line of the key (1-based).
    var line: Int
    var value: YNode
}

// MARK: - Settings

/// Where a value came from, to name it in an error.
fileprivate enum Origin {
    case flag(String)
    case env(String)
    case file(path: String, line: Int, key: String)

    /// Where the value came from, for a warning: `--insecure`, `OS_INSECURE=true`,
    /// `clouds.x.insecure: true in FILE:LINE`.
    func saying(_ value: String) -> String {
        switch self {
        case .flag(let name): return name
        case .env(let name): return "\(name)=\(value)"
        case .file(let path, let line, let key): return "\(key): \(value) in \(path):\(line)"
        }
    }

    func error(_ message: String) -> CloudError {
        switch self {
        case .flag(let name), .env(let name):
            return .config(ConfigError(key: name, message: message))
        case .file(let path, let line, let key):
            return .config(ConfigError(file: path, line: line, key: key, message: message))
        }
    }
}

fileprivate struct Found {
    var value: String
    var origin: Origin
}

/// Every value vipctl reads. File keys are relative to the cloud (`auth.` = under `auth:`);
/// the `OS_*` names are derived from them as openstacksdk does (`OS_` + key upper-cased).
fileprivate enum Setting: CaseIterable, Hashable {
    case authURL, username, userID, password, projectName, projectID
    case userDomainName, userDomainID, projectDomainName, projectDomainID, domainName, domainID
    case appCredID, appCredName, appCredSecret, authType
    case regionName, interface, cacert, verify, insecure
    case networkEndpoint, computeEndpoint, identityEndpoint, vipStrategy, readOnly, maxAddressPairs
    case apiTimeout, connectTimeout

    var fileKeys: [String] {
        func auth(_ keys: String...) -> [String] { keys.map { "auth." + $0 } + keys }
        switch self {
        case .authURL: return auth("auth_url")
        case .username: return auth("username")
        case .userID: return auth("user_id")
        case .password: return auth("password")
        case .projectName: return auth("project_name", "tenant_name")
        case .projectID: return auth("project_id", "tenant_id")
        case .userDomainName: return auth("user_domain_name")
        case .userDomainID: return auth("user_domain_id")
        case .projectDomainName: return auth("project_domain_name")
        case .projectDomainID: return auth("project_domain_id")
        case .domainName: return auth("domain_name")
        case .domainID: return auth("domain_id")
        case .appCredID: return auth("application_credential_id")
        case .appCredName: return auth("application_credential_name")
        case .appCredSecret: return auth("application_credential_secret")
        case .authType: return ["auth_type"]
        case .regionName: return ["region_name"]
        case .interface: return ["interface", "endpoint_type"]
        case .cacert: return ["cacert"]
        case .verify: return ["verify"]
        case .insecure: return ["insecure"]
        case .networkEndpoint: return ["network_endpoint_override", "network_endpoint"]
        case .computeEndpoint: return ["compute_endpoint_override", "compute_endpoint"]
        case .identityEndpoint: return ["identity_endpoint_override", "identity_endpoint"]
        case .vipStrategy: return ["vip_strategy"]
        case .readOnly: return ["read_only"]
        case .maxAddressPairs: return ["max_allowed_address_pair"]
        case .apiTimeout: return ["api_timeout"]
        case .connectTimeout: return ["connect_timeout"]
        }
    }

    var envNames: [String] {
        var names: [String] = []
        for key in fileKeys {
            let bare = key.hasPrefix("auth.") ? String(key.dropFirst(5)) : key
            let name = "OS_" + bare.uppercased()
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Whether an `OS_*` variable for it makes an `envvars` cloud.
    var isAuth: Bool {
        switch self {
        case .authURL, .username, .userID, .password, .projectName, .projectID, .userDomainName, .userDomainID,
             .projectDomainName, .projectDomainID, .domainName, .domainID, .appCredID, .appCredName, .appCredSecret, .authType:
            return true
        default:
            return false
        }
    }

    var isSecret: Bool { self == .password || self == .appCredSecret }

    static func seconds(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e9 ? String(Int(d)) : String(d) }

    func flag(_ f: ConfigOverrides) -> (name: String, value: String?)? {
        switch self {
        case .authURL: return ("--os-auth-url", f.authURL)
        case .username: return ("--os-username", f.username)
        case .userID: return ("--os-user-id", f.userID)
        case .password: return ("--os-password", f.password)
        case .projectName: return ("--os-project-name", f.projectName)
        case .projectID: return ("--os-project-id", f.projectID)
        case .userDomainName: return ("--os-user-domain-name", f.userDomainName)
        case .userDomainID: return ("--os-user-domain-id", f.userDomainID)
        case .projectDomainName: return ("--os-project-domain-name", f.projectDomainName)
        case .projectDomainID: return ("--os-project-domain-id", f.projectDomainID)
        case .appCredID: return ("--os-application-credential-id", f.applicationCredentialID)
        case .appCredName: return ("--os-application-credential-name", f.applicationCredentialName)
        case .appCredSecret: return ("--os-application-credential-secret", f.applicationCredentialSecret)
        case .regionName: return ("--os-region-name", f.regionName)
        case .interface: return ("--os-interface", f.interface)
        case .cacert: return ("--os-cacert", f.cacert)
        case .insecure: return ("--insecure", f.insecure.map { $0 ? "true" : "false" })
        case .networkEndpoint: return ("--os-network-endpoint-override", f.networkEndpointOverride)
        case .computeEndpoint: return ("--os-compute-endpoint-override", f.computeEndpointOverride)
        case .apiTimeout: return ("--timeout", f.apiTimeout.map { Self.seconds($0) })
        case .connectTimeout: return ("--connect-timeout", f.connectTimeout.map { Self.seconds($0) })
        case .domainName, .domainID, .authType, .verify, .identityEndpoint, .vipStrategy, .readOnly, .maxAddressPairs: return nil
        }
    }
}

/// The cloud chosen from the file, checked to be a mapping with an `auth` mapping.
fileprivate struct FileCloud {
    let name: String
    let file: String
    let line: Int
    let entries: [YEntry]
    let auth: [YEntry]

    var prefix: String { "clouds.\(name)" }

    init(_ entry: YEntry) throws(CloudError) {
        name = entry.key
        file = entry.file
        line = entry.line
        switch entry.value.kind {
        case .null: entries = []
        case .mapping(let e): entries = e
        default:
            throw ConfigLoader.error(entry.file, entry.line, "clouds.\(entry.key)",
                                     "expected a mapping of settings (auth:, region_name:, ...), found \(entry.value.kind.name)")
        }
        var auth: [YEntry] = []
        if let a = entries.first(where: { $0.key == "auth" }) {
            switch a.value.kind {
            case .null: break
            case .mapping(let e): auth = e
            default:
                throw ConfigLoader.error(a.file, a.line, "clouds.\(entry.key).auth",
                                         "expected a mapping (auth_url:, username:, password:, ...), found \(a.value.kind.name)")
            }
        }
        self.auth = auth
    }

    /// When `key` (`auth.auth_url`) is missing and a key of this cloud vipctl does not know is
    /// one or two letters away from it (`auth_ulr`): "; auth_ulr (line 5) looks like a typo of
    /// auth_url".
    func typoHint(for key: String) -> String? {
        let bare = key.hasPrefix("auth.") ? String(key.dropFirst(5)) : key
        let known = Set(Setting.allCases.flatMap(\.fileKeys).map { $0.hasPrefix("auth.") ? String($0.dropFirst(5)) : $0 })
            .union(["auth", "profile", "identity_api_version", "region", "regions", "auth_type", "api_timeout", "connect_timeout"])
        for e in auth + entries where !known.contains(e.key) && e.key != bare {
            if FileCloud.distance(e.key.lowercased(), bare) <= 2 {
                return "; \(e.key) (line \(e.line)) looks like a typo of \(bare)"
            }
        }
        return nil
    }

    /// Levenshtein distance (short keys only).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var prev = Array(0...y.count)
        for i in 1...x.count {
            var cur = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[y.count]
    }

    /// The value at `key` (`auth.x` or `x`) as a string; empty and null count as not set.
    func string(_ key: String) throws(CloudError) -> Found? {
        let inAuth = key.hasPrefix("auth.")
        let bare = inAuth ? String(key.dropFirst(5)) : key
        guard let e = (inAuth ? auth : entries).first(where: { $0.key == bare }) else { return nil }
        let dotted = "\(prefix).\(key)"
        switch e.value.kind {
        case .null: return nil
        case .scalar(let s): return s.isEmpty ? nil : Found(value: s, origin: .file(path: e.file, line: e.line, key: dotted))
        case .mapping, .sequence:
            throw ConfigLoader.error(e.file, e.line, dotted, "expected a single value, found \(e.value.kind.name)")
        }
    }
}

// MARK: - Resolution

fileprivate struct ConfigResolver {
    let flags: ConfigOverrides
    let env: [String: String]
    let cloud: FileCloud?
    let homeDirectory: String
    let currentDirectory: String
    let passwordPrompt: (@Sendable (String) -> String?)?

    /// Level 0 = flags, 1 = `OS_*`, 2 = file.
    func value(_ s: Setting, level: Int) throws(CloudError) -> Found? {
        switch level {
        case 0:
            if let flag = s.flag(flags), let v = flag.value, !v.isEmpty { return Found(value: v, origin: .flag(flag.name)) }
            return nil
        case 1:
            for name in s.envNames { if let v = env[name] { return Found(value: v, origin: .env(name)) } }
            return nil
        default:
            guard let cloud else { return nil }
            for key in s.fileKeys { if let f = try cloud.string(key) { return f } }
            return nil
        }
    }

    /// Settings that name one thing two ways (user name / id, ...) come together from the highest
    /// level that sets either, so `OS_PROJECT_NAME` replaces a `project_id` from the file.
    func group(_ settings: [Setting]) throws(CloudError) -> (level: Int, values: [Setting: Found])? {
        for level in 0..<3 {
            var values: [Setting: Found] = [:]
            for s in settings { if let f = try value(s, level: level) { values[s] = f } }
            if !values.isEmpty { return (level, values) }
        }
        return nil
    }

    func single(_ s: Setting) throws(CloudError) -> Found? { try group([s])?.values[s] }

    /// The level, the value, and where it came from as written (`OS_INSECURE=1`, ...).
    func bool(_ s: Setting) throws(CloudError) -> (level: Int, value: Bool, said: String)? {
        guard let g = try group([s]), let f = g.values[s] else { return nil }
        switch f.value.lowercased() {
        case "true", "yes", "on", "1": return (g.level, true, f.origin.saying(f.value))
        case "false", "no", "off", "0": return (g.level, false, f.origin.saying(f.value))
        default: throw f.origin.error("expected true or false, found \"\(f.value)\"")
        }
    }

    /// A required value is missing: name the cloud's place in the file when there is one.
    func missing(_ key: String, _ message: String) -> CloudError {
        ConfigLoader.error(cloud?.file, cloud?.line, key, message + (cloud?.typoHint(for: key) ?? ""))
    }

    private func how(_ fileKey: String, _ env: String, _ flag: String?) -> String {
        let inFile = cloud.map { "\(fileKey) in cloud \"\($0.name)\" of \($0.file)" } ?? "\(fileKey) in clouds.yaml"
        return "set \(inFile), \(env)" + (flag.map { " or \($0)" } ?? "")
    }

    /// Domain for user or project: the specific keys, or `domain_id`/`domain_name` when those
    /// come from a higher level (or the specific ones are not set at all).
    func domain(id: Setting, name: Setting) throws(CloudError) -> (id: String?, name: String?) {
        let specific = try group([id, name])
        let generic = try group([.domainID, .domainName])
        if let specific, generic.map({ specific.level <= $0.level }) ?? true {
            return (specific.values[id]?.value, specific.values[name]?.value)
        }
        return (generic?.values[.domainID]?.value, generic?.values[.domainName]?.value)
    }

    /// The config, and what turned TLS verification off (nil when it is on).
    func build(name: String) throws(CloudError) -> (config: CloudConfig, tlsOff: String?) {
        guard let authURLFound = try single(.authURL) else {
            throw missing("auth.auth_url", "no auth URL; " + how("auth_url under auth:", "OS_AUTH_URL", "--os-auth-url"))
        }
        let authURL = authURLFound.value
        guard Self.isHTTPURL(authURL) else {
            throw authURLFound.origin.error("expected an http:// or https:// URL, found \"\(authURL)\"")
        }

        let user = try group([.username, .userID])
        let userName = user?.values[.username]?.value
        let userID = user?.values[.userID]?.value
        let userDomain = try domain(id: .userDomainID, name: .userDomainName)
        let userRef = CloudConfig.UserRef(id: userID, name: userName, domainID: userDomain.id, domainName: userDomain.name)

        let appCred = try group([.appCredID, .appCredName])
        let appCredID = appCred?.values[.appCredID]?.value
        let appCredName = appCred?.values[.appCredName]?.value
        let appCredSecret = try single(.appCredSecret)?.value
        let passwordFound = try single(.password)

        let useAppCred: Bool
        if let t = try single(.authType) {
            switch t.value.lowercased() {
            case "password", "v3password": useAppCred = false
            case "v3applicationcredential", "application_credential": useAppCred = true
            default:
                throw t.origin.error("auth type \"\(t.value)\" is not supported; use password (v3password) "
                                         + "or v3applicationcredential (application_credential)")
            }
        } else {
            useAppCred = passwordFound == nil && appCredSecret != nil && (appCredID != nil || appCredName != nil)
        }

        let auth: CloudConfig.Auth
        if useAppCred {
            guard let appCredSecret else {
                throw missing("auth.application_credential_secret", "no application credential secret; "
                                  + how("application_credential_secret under auth:", "OS_APPLICATION_CREDENTIAL_SECRET", nil))
            }
            guard appCredID != nil || appCredName != nil else {
                throw missing("auth.application_credential_id", "an application credential needs its id or its name; "
                                  + how("application_credential_id under auth:", "OS_APPLICATION_CREDENTIAL_ID", nil))
            }
            let hasUser = userName != nil || userID != nil
            if appCredID == nil && !hasUser {
                throw missing("auth.username", "an application credential given by name needs its user; "
                                  + how("username (or user_id) under auth:", "OS_USERNAME", "--os-username"))
            }
            auth = .applicationCredential(id: appCredID, name: appCredName, user: hasUser ? userRef : nil, secret: appCredSecret)
        } else {
            guard let who = userName ?? userID else {
                throw missing("auth.username", "no user; " + how("username (or user_id) under auth:", "OS_USERNAME", "--os-username"))
            }
            var password = passwordFound?.value
            if password == nil {
                let target = "\(who)@\(authURL)"
                guard let prompt = passwordPrompt else {
                    throw missing("auth.password", "no password for \(target); set OS_PASSWORD, put password: under auth: "
                                      + "in secure.yaml (or clouds.yaml), or run vipctl in a terminal to be asked for it")
                }
                guard let answer = prompt("Password for \(target): "), !answer.isEmpty else {
                    throw missing("auth.password", "no password for \(target) was entered; set OS_PASSWORD or "
                                      + "put password: under auth: in secure.yaml")
                }
                password = answer
            }
            auth = .password(user: userRef, password: password)
        }

        let projectGroup = try group([.projectName, .projectID])
        var project: CloudConfig.ProjectRef?
        if let projectGroup {
            let d = try domain(id: .projectDomainID, name: .projectDomainName)
            project = CloudConfig.ProjectRef(id: projectGroup.values[.projectID]?.value, name: projectGroup.values[.projectName]?.value,
                                             domainID: d.id, domainName: d.name)
        }

        var config = CloudConfig(name: name, authURL: authURL, auth: auth, project: project, regionName: try single(.regionName)?.value)

        if let i = try single(.interface) {
            switch i.value.lowercased() {
            case "public", "publicurl": config.interface = "public"
            case "internal", "internalurl": config.interface = "internal"
            case "admin", "adminurl": config.interface = "admin"
            default: throw i.origin.error("expected public, internal or admin, found \"\(i.value)\"")
            }
        }

        // insecure wins over verify; an insecure given at a higher level than verify decides alone.
        let insecure = try bool(.insecure)
        let verify = try bool(.verify)
        var tlsOff: String?
        if let insecure, insecure.value || verify.map({ insecure.level < $0.level }) ?? true {
            config.verifyTLS = !insecure.value
            if insecure.value { tlsOff = insecure.said }
        } else {
            config.verifyTLS = verify?.value ?? true
            if let verify, !verify.value { tlsOff = verify.said }
        }
        if config.verifyTLS, let ca = try single(.cacert) {
            let path = ConfigLoader.absolute(ca.value, home: homeDirectory, cwd: currentDirectory)
            guard ConfigLoader.isFile(path) else { throw ca.origin.error("CA file \(path) does not exist") }
            config.cacertPath = path
        }

        for (setting, service) in [(Setting.networkEndpoint, "network"), (.computeEndpoint, "compute"), (.identityEndpoint, "identity")] {
            guard let f = try single(setting) else { continue }
            guard Self.isHTTPURL(f.value) else { throw f.origin.error("expected an http:// or https:// URL, found \"\(f.value)\"") }
            config.endpointOverrides[service] = f.value
        }

        if let v = try single(.vipStrategy) {
            let s = v.value.lowercased()
            guard s == "huawei" || s == "openstack" else {
                throw v.origin.error("expected huawei or openstack, found \"\(v.value)\"")
            }
            config.vipctlSettings["vip_strategy"] = s
        }
        if let r = try bool(.readOnly) {
            config.vipctlSettings["read_only"] = r.value ? "true" : "false"
        }
        if let m = try single(.maxAddressPairs) {
            // Neutron's `max_allowed_address_pair` of the cloud (it does not publish it).
            guard let n = Int(m.value.trimmingCharacters(in: .whitespaces)), (1...10_000).contains(n) else {
                throw m.origin.error("expected a whole number from 1 to 10000 (neutron's max_allowed_address_pair), found \"\(m.value)\"")
            }
            config.vipctlSettings["max_allowed_address_pair"] = String(n)
        }
        if let t = try single(.apiTimeout) {
            let n = try Self.seconds(t, CloudConfig.Timeouts.requestRange, "api_timeout, the longest one request may take")
            config.timeouts.read = n
            config.timeouts.total = n
        }
        if let t = try single(.connectTimeout) {
            config.timeouts.connect = try Self.seconds(t, CloudConfig.Timeouts.connectRange, "connect_timeout, the longest wait for a connection")
        }
        return (config, tlsOff)
    }

    /// A number of seconds within `range`.
    static func seconds(_ f: Found, _ range: ClosedRange<Double>, _ what: String) throws(CloudError) -> Double {
        guard let n = Double(f.value.trimmingCharacters(in: .whitespaces)), n.isFinite, range.contains(n) else {
            throw f.origin.error("expected seconds from \(Setting.seconds(range.lowerBound)) to \(Setting.seconds(range.upperBound)) "
                                     + "(\(what)), found \"\(f.value)\"")
        }
        return n
    }

    static func isHTTPURL(_ s: String) -> Bool {
        let l = s.lowercased()
        return (l.hasPrefix("http://") && l.count > 7) || (l.hasPrefix("https://") && l.count > 8)
    }
}

/// A loaded cloud and the warnings for the user about how it was configured, one line each,
/// without a prefix: a secret given on the command line, a clouds.yaml or secure.yaml holding
/// a secret that other users can read, TLS verification turned off. vipctl prints them on
/// stderr (`vipctl: warning: ...`); none contains a secret.
public struct LoadedConfig: Sendable {
    public var config: CloudConfig
    public var warnings: [String]

    public init(config: CloudConfig, warnings: [String] = []) {
        self.config = config
        self.warnings = warnings
    }
}
