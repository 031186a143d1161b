import Foundation
import L10n
import Yams

// MARK: - Parsed YAML with positions

struct YNode {
    enum Kind {
        case null
        case scalar(String)
        case mapping([YEntry])
        case sequence

        var name: CloudText {
            switch self {
            case .null: return .cfg(.kindNothing)
            case .scalar: return .cfg(.kindScalar)
            case .mapping: return .cfg(.kindMapping)
            case .sequence: return .cfg(.kindList)
            }
        }
    }

    var kind: Kind
    var file: String
    var line: Int
}

struct YEntry {
    var key: String
    var file: String
    /// Line of the key (1-based).
    var line: Int
    var value: YNode
}

// MARK: - Settings

/// Where a value came from, to name it in an error.
enum Origin {
    case flag(String)
    case env(String)
    case file(path: String, line: Int, key: String)

    /// Where the value came from, for a warning: `--insecure`, `OS_INSECURE=true`,
    /// `clouds.x.insecure: true in FILE:LINE`.
    func saying(_ value: String) -> CloudText {
        switch self {
        case .flag(let name): return .raw(name)
        case .env(let name): return .raw("\(name)=\(value)")
        case .file(let path, let line, let key): return .cfg(.originInFile, key, value, path, line)
        }
    }

    /// The public form, for `vipctl config show`.
    var source: ConfigSource {
        switch self {
        case .flag(let name): return .flag(name)
        case .env(let name): return .env(name)
        case .file(let path, let line, let key): return .file(path: path, line: line, key: key)
        }
    }

    func error(_ message: CloudText) -> CloudError {
        switch self {
        case .flag(let name), .env(let name):
            return .config(ConfigError(key: name, text: message))
        case .file(let path, let line, let key):
            return .config(ConfigError(file: path, line: line, key: key, text: message))
        }
    }
}

struct Found {
    var value: String
    var origin: Origin
}

/// Every value vipctl reads. File keys are relative to the cloud (`auth.` = under `auth:`);
/// the `OS_*` names are derived from them as openstacksdk does (`OS_` + key upper-cased).
enum Setting: CaseIterable, Hashable {
    case authURL, username, userID, password, projectName, projectID
    case userDomainName, userDomainID, projectDomainName, projectDomainID, domainName, domainID
    case appCredID, appCredName, appCredSecret, authType
    case regionName, interface, cacert, verify, insecure
    case networkEndpoint, computeEndpoint, identityEndpoint, vipStrategy, readOnly, maxAddressPairs, hardwareSDN
    case apiTimeout, connectTimeout
    case accessKey, secretKey, securityToken, signing, domainSuffix

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
        case .hardwareSDN: return ["hardware_sdn"]
        case .maxAddressPairs: return ["max_allowed_address_pair"]
        case .apiTimeout: return ["api_timeout"]
        case .connectTimeout: return ["connect_timeout"]
        case .accessKey: return auth("access_key", "ak")
        case .secretKey: return auth("secret_key", "sk")
        case .securityToken: return auth("security_token")
        case .signing: return ["signing"]
        case .domainSuffix: return ["domain_suffix"]
        }
    }

    /// The variables Huawei's own SDKs read, after the `OS_*` ones.
    var huaweiEnvNames: [String] {
        switch self {
        case .accessKey: return ["HUAWEICLOUD_SDK_AK"]
        case .secretKey: return ["HUAWEICLOUD_SDK_SK"]
        case .securityToken: return ["HUAWEICLOUD_SDK_SECURITY_TOKEN"]
        case .projectID: return ["HUAWEICLOUD_SDK_PROJECT_ID"]
        default: return []
        }
    }

    var envNames: [String] {
        var names: [String] = []
        for key in fileKeys {
            let bare = key.hasPrefix("auth.") ? String(key.dropFirst(5)) : key
            let name = "OS_" + bare.uppercased()
            if !names.contains(name) { names.append(name) }
        }
        return names + huaweiEnvNames
    }

    /// Whether an `OS_*` variable for it makes an `envvars` cloud.
    var isAuth: Bool {
        switch self {
        case .authURL, .username, .userID, .password, .projectName, .projectID, .userDomainName, .userDomainID,
             .projectDomainName, .projectDomainID, .domainName, .domainID, .appCredID, .appCredName, .appCredSecret, .authType,
             .accessKey, .secretKey, .securityToken:
            return true
        default:
            return false
        }
    }

    var isSecret: Bool { self == .password || self == .appCredSecret || self == .secretKey || self == .securityToken }

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
        case .accessKey: return ("--os-access-key", f.accessKey)
        case .secretKey: return ("--os-secret-key", f.secretKey)
        case .securityToken: return ("--os-security-token", f.securityToken)
        case .domainName, .domainID, .authType, .verify, .identityEndpoint, .vipStrategy, .readOnly, .maxAddressPairs, .signing,
             .domainSuffix, .hardwareSDN: return nil
        }
    }
}

/// The cloud chosen from the file, checked to be a mapping with an `auth` mapping.
struct FileCloud {
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
            throw ConfigLoader.error(entry.file, entry.line, "clouds.\(entry.key)", .cfg(.cloudNotMapping, entry.value.kind.name))
        }
        var auth: [YEntry] = []
        if let a = entries.first(where: { $0.key == "auth" }) {
            switch a.value.kind {
            case .null: break
            case .mapping(let e): auth = e
            default:
                throw ConfigLoader.error(a.file, a.line, "clouds.\(entry.key).auth", .cfg(.authNotMapping, a.value.kind.name))
            }
        }
        self.auth = auth
    }

    /// When `key` (`auth.auth_url`) is missing and a key of this cloud vipctl does not know is
    /// one or two letters away from it (`auth_ulr`): "; auth_ulr (line 5) looks like a typo of
    /// auth_url".
    func typoHint(for key: String) -> CloudText? {
        let bare = key.hasPrefix("auth.") ? String(key.dropFirst(5)) : key
        let known = Set(Setting.allCases.flatMap(\.fileKeys).map { $0.hasPrefix("auth.") ? String($0.dropFirst(5)) : $0 })
            .union(["auth", "profile", "identity_api_version", "region", "regions", "auth_type", "api_timeout", "connect_timeout"])
        for e in auth + entries where !known.contains(e.key) && e.key != bare {
            if FileCloud.distance(e.key.lowercased(), bare) <= 2 {
                return .cfg(.typoHint, e.key, e.line, bare)
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
            throw ConfigLoader.error(e.file, e.line, dotted, .cfg(.expectedSingle, e.value.kind.name))
        }
    }
}
