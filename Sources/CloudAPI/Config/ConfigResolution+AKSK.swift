import L10n

/// AK/SK (Huawei Cloud access key and secret key) in the config: when it is the auth method,
/// and the credential with where each part came from.
extension ConfigResolver {
    /// `auth_type: aksk`; or, with no `auth_type`, an access key and a secret key and neither a
    /// user nor a password nor an application credential.
    func isAccessKeyAuth() throws(CloudError) -> Bool {
        if let t = try single(.authType) {
            return Self.akskAuthTypes.contains(t.value.lowercased())
        }
        guard try single(.accessKey) != nil, try single(.secretKey) != nil else { return false }
        for s in [Setting.username, .userID, .password, .appCredID, .appCredName, .appCredSecret] {
            if try single(s) != nil { return false }
        }
        return true
    }

    static let akskAuthTypes: Set<String> = ["aksk", "ak/sk", "ak_sk"]

    func accessKey(_ sources: inout [ConfigField: ConfigSource]) throws(CloudError) -> AccessKey {
        guard let ak = try single(.accessKey) else {
            throw missing("auth.access_key", .ak(.noAccessKey, how(underAuth("access_key"), "HUAWEICLOUD_SDK_AK", "--os-access-key")))
        }
        guard let sk = try single(.secretKey) else {
            throw missing("auth.secret_key",
                          .ak(.noSecretKey, ak.value, how(underAuth("secret_key"), "HUAWEICLOUD_SDK_SK", "--os-secret-key")))
        }
        sources[.accessKey] = ak.origin.source
        sources[.secretKey] = sk.origin.source
        var key = AccessKey(accessKey: ak.value, secretKey: sk.value)
        if let token = try single(.securityToken) {
            key.securityToken = token.value
            sources[.securityToken] = token.origin.source
        }
        if let signing = try single(.signing) {
            switch signing.value.lowercased() {
            case "sdk-hmac-sha256", "sdk", "default", "v1": key.algorithm = .sdkHmacSha256
            case "v11-hmac-sha256", "v11": key.algorithm = .v11HmacSha256
            default: throw signing.origin.error(.ak(.badSigning, signing.value))
            }
            sources[.signing] = signing.origin.source
        }
        return key
    }
}
