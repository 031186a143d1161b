import Foundation
import L10n
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
    /// `--os-access-key`, `--os-secret-key`, `--os-security-token`: Huawei Cloud AK/SK.
    public var accessKey: String?
    public var secretKey: String?
    public var securityToken: String?

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
        let env = environment.filter { ($0.key.hasPrefix("OS_") || $0.key.hasPrefix("HUAWEICLOUD_SDK_")) && !$0.value.isEmpty }
        let envvarsName = env["OS_CLOUD_NAME"] ?? "envvars"
        let authSettings = Setting.allCases.filter(\.isAuth)
        let envAuth = authSettings.contains { s in s.envNames.contains { env[$0] != nil } }
        let flagAuth = authSettings.contains { s in s.flag(flags)?.value.map { !$0.isEmpty } ?? false }
        // An access key in the environment or on the command line makes a cloud of its own,
        // as an auth URL does (AK/SK needs none).
        let akGiven = Setting.accessKey.envNames.contains { env[$0] != nil } || !(flags.accessKey ?? "").isEmpty
        let authURLGiven = env["OS_AUTH_URL"] != nil || !(flags.authURL ?? "").isEmpty || akGiven

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
                let available: CloudText = files.clouds.isEmpty
                    ? .cfg(.fileDefinesNoClouds, Self.paren(files.whyNoClouds))
                    : .cfg(.cloudsDefinedHere, files.clouds.map(\.key).joined(separator: ", "))
                throw Self.error(path, nil, named.via, .cfg(.noCloudNamed, named.name, available))
            } else {
                throw Self.error(nil, nil, named.via, .cfg(.noCloudsFile, named.name, searchedSummary))
            }
        } else if (envAuth || flagAuth) && (authURLGiven || files.clouds.isEmpty) {
            fileCloud = nil
        } else if files.clouds.count == 1, let only = files.clouds.first {
            fileCloud = try FileCloud(only)
        } else if let path = files.displayPath {
            if files.clouds.isEmpty {
                throw Self.error(path, nil, "clouds", .cfg(.noCloudsInFile, Self.paren(files.whyNoClouds)))
            }
            throw Self.error(path, nil, nil, .cfg(.severalClouds, files.clouds.map(\.key).joined(separator: ", ")))
        } else {
            throw Self.error(nil, nil, nil, .cfg(.noCloudConfigured, searchedSummary))
        }

        let resolver = ConfigResolver(flags: flags, env: env, cloud: fileCloud, homeDirectory: homeDirectory,
                                currentDirectory: currentDirectory, passwordPrompt: passwordPrompt)
        var built = try resolver.build(name: fileCloud?.name ?? envvarsName)
        if let fileCloud {
            built.config.sources[.cloud] = .file(path: fileCloud.file, line: fileCloud.line, key: fileCloud.prefix)
        } else if let named {
            built.config.sources[.cloud] = named.via == "OS_CLOUD" ? .env("OS_CLOUD") : .flag(named.via)
        } else {
            built.config.sources[.cloud] = .defaultValue
        }
        if let how = built.tlsOff {
            warnings.append(.cfg(.tlsOff, how))
        }
        return LoadedConfig(config: built.config, warningTexts: warnings)
    }

    // MARK: - Warnings

    /// A secret given as a flag: every local user sees it in `ps` (and /proc/PID/cmdline), and
    /// the shell's history keeps it.
    static func commandLineSecretWarnings(_ flags: ConfigOverrides) -> [CloudText] {
        var out: [CloudText] = []
        if let p = flags.password, !p.isEmpty { out.append(.cfg(.passwordFlag)) }
        if let s = flags.applicationCredentialSecret, !s.isEmpty { out.append(.cfg(.appCredSecretFlag)) }
        if let s = flags.secretKey, !s.isEmpty { out.append(.ak(.secretKeyFlag)) }
        if let s = flags.securityToken, !s.isEmpty { out.append(.ak(.securityTokenFlag)) }
        return out
    }

    /// ` (why)`, or nothing.
    static func paren(_ why: CloudText?) -> CloudText {
        why.map { .cfg(.paren, $0) } ?? ""
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
    static func secretKeys(in node: YNode) -> [String] {
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

    struct Files {
        var cloudsPath: String?
        var securePath: String?
        var clouds: [YEntry] = []
        /// Files holding a secret that group or others can read.
        var unprotected: [UnprotectedFile] = []
        var displayPath: String? { cloudsPath ?? securePath }
        /// Why no cloud is defined, when the file says why: it is empty, or its top has other
        /// keys than `clouds:`.
        var whyNoClouds: CloudText?
    }

    /// A clouds.yaml or secure.yaml that holds a secret and that other users can read.
    struct UnprotectedFile {
        let path: String
        let mode: mode_t
        let keys: [String]

        var warning: CloudText {
            .cfg(.unprotectedFile, path, keys.joined(separator: ", "), String(mode, radix: 8), ConfigLoader.shellWord(path))
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
            if files.displayPath != nil { files.whyNoClouds = .cfg(.whyEmpty) }
            return files
        }
        switch root.kind {
        case .null:
            files.whyNoClouds = .cfg(.whyEmpty)
            return files
        case .mapping(let entries):
            guard let clouds = entries.first(where: { $0.key == "clouds" }) else {
                let keys = entries.prefix(5).map(\.key).joined(separator: ", ")
                files.whyNoClouds = .cfg(.whyNoCloudsKey, keys)
                return files
            }
            switch clouds.value.kind {
            case .null: return files
            case .mapping(let list): files.clouds = list
            default:
                throw Self.error(clouds.file, clouds.line, "clouds", .cfg(.cloudsNotMapping, clouds.value.kind.name))
            }
        default:
            throw Self.error(root.file, root.line, nil, .cfg(.topNotMapping, root.kind.name))
        }
        return files
    }

    /// `$envVar` when set (it must exist), else the first of `<dir>/<base>.yaml|yml|json`.
    private func find(base: String, envVar: String) throws(CloudError) -> String? {
        if let explicit = environment[envVar], !explicit.isEmpty {
            let path = Self.absolute(explicit, home: homeDirectory, cwd: currentDirectory)
            guard Self.isFile(path) else {
                throw Self.error(nil, nil, envVar, .cfg(.notAFile, path))
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

    static func isFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    /// `~` and `~/x` against `home`, relative paths against `cwd`.
    static func absolute(_ path: String, home: String, cwd: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return join(home, String(path.dropFirst(2))) }
        if path.hasPrefix("/") { return path }
        return join(cwd, path)
    }

    static func error(_ file: String?, _ line: Int?, _ key: String?, _ text: CloudText) -> CloudError {
        .config(ConfigError(file: file, line: line, key: key, text: text))
    }

    // MARK: - YAML

    static func parse(path: String) throws(CloudError) -> YNode? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw error(path, nil, nil, .cfg(.cannotReadFile))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw error(path, nil, nil, .cfg(.notUTF8))
        }
        return try parse(yaml: text, file: path)
    }

    static func parse(yaml: String, file: String) throws(CloudError) -> YNode? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            throw syntaxError(e, yaml: yaml, file: file)
        } catch {
            throw Self.error(file, nil, nil, .cfg(.cannotParseYAML))
        }
        guard let node else { return nil }
        return try convert(node, file: file)
    }

    /// Only libyaml's fixed texts and positions: its snippet of the document could show a password.
    static func syntaxError(_ e: YamlError, yaml: String, file: String) -> CloudError {
        func detail(_ context: YamlError.Context?, _ problem: String) -> CloudText {
            guard let context else { return .raw(problem) }
            return .cfg(.yamlContext, problem, context.text, context.mark.line)
        }
        switch e {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return error(file, mark.line, nil, .cfg(.yamlSyntax, detail(context, problem)) + tabHint(yaml, line: mark.line))
        case .reader(let problem, let offset, _, _):
            let line = offset.map { o in yaml.utf8.prefix(o).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
            return error(file, line, nil, .cfg(.cannotReadYAML, problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return error(file, context.mark.line, duplicates.first, .cfg(.duplicateKey, duplicates.joined(separator: ", ")))
        default:
            return error(file, nil, nil, .cfg(.cannotParseYAML))
        }
    }

    /// A tab near the error's line is the usual cause: YAML does not allow tabs for indentation.
    static func tabHint(_ yaml: String, line: Int) -> CloudText {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let near = lines.indices.filter { abs($0 + 1 - line) <= 1 }
        guard near.contains(where: { lines[$0].prefix { $0 == " " || $0 == "\t" }.contains("\t") }) else { return "" }
        return .cfg(.tabHint)
    }

    static func convert(_ node: Node, file: String) throws(CloudError) -> YNode {
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
                    throw error(file, keyLine, nil, .cfg(.keyNotString))
                }
                if k.tag.rawValue == Tag.Name.merge.rawValue {
                    let sources: [Node]
                    switch v {
                    case .mapping: sources = [v]
                    case .sequence(let seq): sources = Array(seq)
                    default: throw error(file, keyLine, "<<", .cfg(.mergeKey))
                    }
                    for source in sources {
                        guard case .mapping(let inner) = try convert(source, file: file).kind else {
                            throw error(file, keyLine, "<<", .cfg(.mergeKey))
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
    static func merge(_ base: YNode, _ over: YNode) -> YNode {
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
