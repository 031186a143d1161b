/// Huawei Cloud's AK/SK credential: the access key (an id, shown), the secret key (never
/// shown), an optional security token (temporary AK/SK) and the signing algorithm.
public struct AccessKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessKey: String
    public var secretKey: String
    public var securityToken: String?
    public var algorithm: AKSKSigner.Algorithm

    public init(accessKey: String, secretKey: String, securityToken: String? = nil, algorithm: AKSKSigner.Algorithm = .sdkHmacSha256) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.securityToken = securityToken
        self.algorithm = algorithm
    }

    /// The AK and the algorithm; the SK and the token as `***`.
    public var description: String {
        "accessKey(AK: \(accessKey), SK: ***, securityToken: \(securityToken == nil ? "nil" : "***"), \(algorithm.rawValue))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["accessKey": description]) }
}

/// The values `vipctl config show` explains.
public enum ConfigField: String, Sendable, CaseIterable {
    case cloud, authType = "auth_type", authURL = "auth_url", region = "region_name", project, user
    /// The password or the application credential secret.
    case password
    case accessKey = "access_key", secretKey = "secret_key", securityToken = "security_token", signing
    case domainSuffix = "domain_suffix", interface, verify, cacert, vipStrategy = "vip_strategy", readOnly = "read_only"
    case hardwareSDN = "hardware_sdn"
    case network = "network_endpoint", compute = "compute_endpoint", identity = "identity_endpoint"
}

/// Where a value came from.
public enum ConfigSource: Sendable, Equatable {
    /// A command-line flag (`--os-region-name`).
    case flag(String)
    /// An environment variable (`OS_REGION_NAME`, `HUAWEICLOUD_SDK_AK`).
    case env(String)
    /// A clouds.yaml or secure.yaml line: the file, the line, the key (`clouds.hcs.region_name`).
    case file(path: String, line: Int, key: String)
    /// The service catalog of the token.
    case catalog
    /// Built from a template (`https://{service}.{region}.{domain}`), given as written.
    case template(String)
    /// vipctl's default.
    case defaultValue
    /// Typed at the password prompt.
    case prompt
}

extension CloudConfig.Auth {
    /// The AK/SK credential, when this is AK/SK.
    public var accessKey: AccessKey? {
        if case .accessKey(let k) = self { return k }
        return nil
    }
}
