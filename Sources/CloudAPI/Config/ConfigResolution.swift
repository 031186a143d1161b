import Foundation
import L10n
import Yams

// MARK: - Resolution

struct ConfigResolver {
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
    func bool(_ s: Setting) throws(CloudError) -> (level: Int, value: Bool, said: CloudText)? {
        guard let g = try group([s]), let f = g.values[s] else { return nil }
        switch f.value.lowercased() {
        case "true", "yes", "on", "1": return (g.level, true, f.origin.saying(f.value))
        case "false", "no", "off", "0": return (g.level, false, f.origin.saying(f.value))
        default: throw f.origin.error(.cfg(.expectedBool, f.value))
        }
    }

    /// A required value is missing: name the cloud's place in the file when there is one.
    func missing(_ key: String, _ message: CloudText) -> CloudError {
        ConfigLoader.error(cloud?.file, cloud?.line, key, message + (cloud?.typoHint(for: key) ?? ""))
    }

    func how(_ fileKey: CloudText, _ env: String, _ flag: String?) -> CloudText {
        let inFile: CloudText = cloud.map { .cfg(.inCloud, fileKey, $0.name, $0.file) } ?? .cfg(.inCloudsYAML, fileKey)
        return flag.map { .cfg(.howSet, inFile, env, $0) } ?? .cfg(.howSetNoFlag, inFile, env)
    }

    /// `KEY under auth:`.
    func underAuth(_ key: String) -> CloudText { .cfg(.keyUnderAuth, key) }

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
    func build(name: String) throws(CloudError) -> (config: CloudConfig, tlsOff: CloudText?) {
        var sources: [ConfigField: ConfigSource] = [:]
        let authURLOptional = try single(.authURL)
        if let f = authURLOptional, !Self.isHTTPURL(f.value) { throw f.origin.error(.cfg(.notHTTPURL, f.value)) }
        let aksk = try isAccessKeyAuth()
        guard aksk || authURLOptional != nil else {
            throw missing("auth.auth_url", .cfg(.noAuthURL, how(underAuth("auth_url"), "OS_AUTH_URL", "--os-auth-url")))
        }
        let authURL = authURLOptional?.value ?? ""
        if let f = authURLOptional { sources[.authURL] = f.origin.source }

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
        let authTypeFound = try single(.authType)
        if let t = authTypeFound { sources[.authType] = t.origin.source }
        if aksk {
            useAppCred = false
        } else if let t = authTypeFound {
            switch t.value.lowercased() {
            case "password", "v3password": useAppCred = false
            case "v3applicationcredential", "application_credential": useAppCred = true
            default:
                throw t.origin.error(.ak(.unsupportedAuthType, t.value))
            }
        } else {
            useAppCred = passwordFound == nil && appCredSecret != nil && (appCredID != nil || appCredName != nil)
        }

        let auth: CloudConfig.Auth
        if aksk {
            auth = .accessKey(try accessKey(&sources))
        } else if useAppCred {
            guard let appCredSecret else {
                throw missing("auth.application_credential_secret",
                              .cfg(.noAppCredSecret, how(underAuth("application_credential_secret"), "OS_APPLICATION_CREDENTIAL_SECRET", nil)))
            }
            guard appCredID != nil || appCredName != nil else {
                throw missing("auth.application_credential_id",
                              .cfg(.appCredNeedsID, how(underAuth("application_credential_id"), "OS_APPLICATION_CREDENTIAL_ID", nil)))
            }
            let hasUser = userName != nil || userID != nil
            if appCredID == nil && !hasUser {
                throw missing("auth.username", .cfg(.appCredNeedsUser, how(.cfg(.userUnderAuth), "OS_USERNAME", "--os-username")))
            }
            auth = .applicationCredential(id: appCredID, name: appCredName, user: hasUser ? userRef : nil, secret: appCredSecret)
        } else {
            guard let who = userName ?? userID else {
                throw missing("auth.username", .cfg(.noUser, how(.cfg(.userUnderAuth), "OS_USERNAME", "--os-username")))
            }
            var password = passwordFound?.value
            if password == nil {
                let target = "\(who)@\(authURL)"
                guard let prompt = passwordPrompt else {
                    throw missing("auth.password", .cfg(.noPassword, target))
                }
                guard let answer = prompt(ConfigText.passwordPrompt(target)), !answer.isEmpty else {
                    throw missing("auth.password", .cfg(.noPasswordEntered, target))
                }
                password = answer
                sources[.password] = .prompt
            }
            auth = .password(user: userRef, password: password)
        }
        if !aksk, let u = user?.values[.username] ?? user?.values[.userID] { sources[.user] = u.origin.source }
        if !aksk, sources[.password] == nil, let f = useAppCred ? try single(.appCredSecret) : passwordFound {
            sources[.password] = f.origin.source
        }

        let projectGroup = try group([.projectName, .projectID])
        var project: CloudConfig.ProjectRef?
        if let projectGroup {
            if let f = projectGroup.values[.projectID] ?? projectGroup.values[.projectName] { sources[.project] = f.origin.source }
            let d = try domain(id: .projectDomainID, name: .projectDomainName)
            project = CloudConfig.ProjectRef(id: projectGroup.values[.projectID]?.value, name: projectGroup.values[.projectName]?.value,
                                             domainID: d.id, domainName: d.name)
        }

        let region = try single(.regionName)
        if let r = region { sources[.region] = r.origin.source }
        var config = CloudConfig(name: name, authURL: authURL, auth: auth, project: project, regionName: region?.value)
        if aksk && project?.id == nil {
            throw missing("auth.project_id", .ak(.noProjectID, how(underAuth("project_id"), "HUAWEICLOUD_SDK_PROJECT_ID", "--os-project-id")))
        }
        if let d = try single(.domainSuffix) {
            guard let suffix = EndpointResolver.domainName(d.value) else { throw d.origin.error(.ak(.badDomainSuffix, d.value)) }
            config.domainSuffix = suffix
            sources[.domainSuffix] = d.origin.source
        }

        if let i = try single(.interface) {
            switch i.value.lowercased() {
            case "public", "publicurl": config.interface = "public"
            case "internal", "internalurl": config.interface = "internal"
            case "admin", "adminurl": config.interface = "admin"
            default: throw i.origin.error(.cfg(.badInterface, i.value))
            }
            sources[.interface] = i.origin.source
        }

        // insecure wins over verify; an insecure given at a higher level than verify decides alone.
        let insecure = try bool(.insecure)
        let verify = try bool(.verify)
        var tlsOff: CloudText?
        if let insecure, insecure.value || verify.map({ insecure.level < $0.level }) ?? true {
            config.verifyTLS = !insecure.value
            if insecure.value { tlsOff = insecure.said }
        } else {
            config.verifyTLS = verify?.value ?? true
            if let verify, !verify.value { tlsOff = verify.said }
        }
        if let f = try single(insecure != nil ? .insecure : .verify) { sources[.verify] = f.origin.source }
        if config.verifyTLS, let ca = try single(.cacert) {
            sources[.cacert] = ca.origin.source
            let path = ConfigLoader.absolute(ca.value, home: homeDirectory, cwd: currentDirectory)
            guard ConfigLoader.isFile(path) else { throw ca.origin.error(.cfg(.caFileMissing, path)) }
            config.cacertPath = path
        }

        for (setting, service) in [(Setting.networkEndpoint, "network"), (.computeEndpoint, "compute"), (.identityEndpoint, "identity")] {
            guard let f = try single(setting) else { continue }
            guard Self.isHTTPURL(f.value) else { throw f.origin.error(.cfg(.notHTTPURL, f.value)) }
            config.endpointOverrides[service] = f.value
            if let field = ConfigField(rawValue: service + "_endpoint") { sources[field] = f.origin.source }
        }

        if let v = try single(.vipStrategy) {
            let s = v.value.lowercased()
            guard s == "huawei" || s == "openstack" else {
                throw v.origin.error(.cfg(.badStrategy, v.value))
            }
            config.vipStrategy = s
            sources[.vipStrategy] = v.origin.source
        }
        if let r = try bool(.readOnly) {
            config.readOnly = r.value
            if let f = try single(.readOnly) { sources[.readOnly] = f.origin.source }
        }
        if let h = try bool(.hardwareSDN) {
            config.hardwareSDN = h.value
            if let f = try single(.hardwareSDN) { sources[.hardwareSDN] = f.origin.source }
        }
        if let m = try single(.maxAddressPairs) {
            // Neutron's `max_allowed_address_pair` of the cloud (it does not publish it).
            guard let n = Int(m.value.trimmingCharacters(in: .whitespaces)), (1...10_000).contains(n) else {
                throw m.origin.error(.cfg(.badMaxPairs, m.value))
            }
            config.maxAddressPairs = n
        }
        if let t = try single(.apiTimeout) {
            let n = try Self.seconds(t, CloudConfig.Timeouts.requestRange, .cfg(.apiTimeoutWhat))
            config.timeouts.read = n
            config.timeouts.total = n
        }
        if let t = try single(.connectTimeout) {
            config.timeouts.connect = try Self.seconds(t, CloudConfig.Timeouts.connectRange, .cfg(.connectTimeoutWhat))
        }
        config.sources = sources
        if aksk, authURLOptional == nil, let t = EndpointResolver.template(.identity, config) {
            // No auth URL with AK/SK: IAM's address from the template (nothing asks it for a token).
            config.authURL = t.url
            config.sources[.authURL] = .template(t.pattern)
        }
        return (config, tlsOff)
    }

    /// A number of seconds within `range`.
    static func seconds(_ f: Found, _ range: ClosedRange<Double>, _ what: CloudText) throws(CloudError) -> Double {
        guard let n = Double(f.value.trimmingCharacters(in: .whitespaces)), n.isFinite, range.contains(n) else {
            throw f.origin.error(.cfg(.badSeconds, Setting.seconds(range.lowerBound), Setting.seconds(range.upperBound), what, f.value))
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
    /// The warnings, in the language in effect.
    public var warnings: [String] {
        get { warningTexts.map(\.text) }
        set { warningTexts = newValue.map { .raw($0) } }
    }
    /// The warnings, put into words when shown.
    public var warningTexts: [CloudText]

    public init(config: CloudConfig, warnings: [String] = []) {
        self.config = config
        self.warningTexts = warnings.map { .raw($0) }
    }

    init(config: CloudConfig, warningTexts: [CloudText]) {
        self.config = config
        self.warningTexts = warningTexts
    }
}
