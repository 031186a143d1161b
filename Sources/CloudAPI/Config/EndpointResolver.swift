import Foundation

/// Where each service is reached, in one order for every service: an explicit override (flag,
/// `OS_*_ENDPOINT_OVERRIDE`, clouds.yaml `*_endpoint_override`), then the token's catalog when
/// there is one, then Huawei's template `https://{service}.{region}.{domain}` (service `vpc`
/// for network, `ecs` for compute, `iam` for identity; `domain` is `domain_suffix`, default
/// `myhuaweicloud.com`). The template applies with AK/SK (no token, so no catalog) and, with a
/// Keystone login, only when `domain_suffix` is set (a Huawei Cloud Stack whose catalog lacks
/// a service): a plain OpenStack cloud without Nova must stay without compute.
///
/// Huawei Cloud Stack (any domain but `myhuaweicloud.*`): IAM is `iam-apigateway-proxy.{domain}`
/// with no region in it; the public cloud's IAM is `iam.{region}.{domain}`.
public enum EndpointResolver {
    public static let defaultDomain = "myhuaweicloud.com"

    /// Huawei's host name for a service type.
    public static func hostService(_ service: CloudSession.Service) -> String {
        switch service {
        case .network: return "vpc"
        case .compute: return "ecs"
        case .identity: return "iam"
        }
    }

    /// The template's domain for this cloud.
    public static func domain(_ config: CloudConfig) -> String { config.domainSuffix ?? defaultDomain }

    /// Whether the templates apply when no override and no catalog entry gives a service.
    public static func templatesApply(_ config: CloudConfig) -> Bool {
        config.auth.accessKey != nil || config.domainSuffix != nil
    }

    /// Huawei's public cloud (`myhuaweicloud.com`, Europe's `myhuaweicloud.eu`); anything else is
    /// taken for a Huawei Cloud Stack.
    public static func isPublicCloud(_ domain: String) -> Bool {
        domain == "myhuaweicloud.com" || domain == "myhuaweicloud.eu"
    }

    /// The template's URL for `service` (and the template as written), or nil when it needs a
    /// region and there is none. Compute holds the project id as Huawei's Nova API wants.
    public static func template(_ service: CloudSession.Service, _ config: CloudConfig) -> (url: String, pattern: String)? {
        let domain = domain(config)
        let region = config.regionName.flatMap { $0.isEmpty ? nil : $0 }
        switch service {
        case .identity:
            if !isPublicCloud(domain) { return ("https://iam-apigateway-proxy.\(domain)/v3", "https://iam-apigateway-proxy.{domain}/v3") }
            guard let region else { return ("https://iam.\(domain)/v3", "https://iam.{domain}/v3") }
            return ("https://iam.\(region).\(domain)/v3", "https://iam.{region}.{domain}/v3")
        case .network:
            guard let region else { return nil }
            return ("https://vpc.\(region).\(domain)/v2.0", "https://vpc.{region}.{domain}/v2.0")
        case .compute:
            guard let region else { return nil }
            let project = config.project?.id ?? "{project_id}"
            return ("https://ecs.\(region).\(domain)/v2.1/\(project)", "https://ecs.{region}.{domain}/v2.1/{project_id}")
        }
    }

    /// A resolved service address: the URL as given by its source (before the API version is
    /// added), whether it is an override (used as written), and where it came from.
    public struct Resolved: Sendable, Equatable {
        public let url: String
        public let isOverride: Bool
        public let source: ConfigSource

        public init(url: String, isOverride: Bool, source: ConfigSource) {
            self.url = url
            self.isOverride = isOverride
            self.source = source
        }
    }

    /// Override, then catalog, then template (see the type's comment). `catalog` is nil when
    /// there is none to ask (AK/SK, or `config show` without signing in).
    public static func resolve(_ service: CloudSession.Service, _ config: CloudConfig, catalog: ServiceCatalog?) -> Resolved? {
        let field: ConfigField
        switch service {
        case .network: field = .network
        case .compute: field = .compute
        case .identity: field = .identity
        }
        if let o = config.endpointOverrides[service.rawValue] {
            return Resolved(url: o, isOverride: true, source: config.sources[field] ?? .defaultValue)
        }
        if config.auth.accessKey == nil, let catalog,
           let u = catalog.url(type: service.rawValue, interface: config.interface, region: config.regionName)
        {
            return Resolved(url: u, isOverride: false, source: .catalog)
        }
        if templatesApply(config), let t = template(service, config) {
            return Resolved(url: t.url, isOverride: false, source: .template(t.pattern))
        }
        return nil
    }

    /// `domain_suffix` checked: a host name (letters, digits, dots, hyphens), lower-cased,
    /// without a leading or trailing dot; nil when it is not one.
    public static func domainName(_ text: String) -> String? {
        var d = text.trimmingCharacters(in: .whitespaces).lowercased()
        while d.hasPrefix(".") { d.removeFirst() }
        while d.hasSuffix(".") { d.removeLast() }
        guard !d.isEmpty, d.count <= 253, d.contains("."),
              d.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }),
              !d.contains("..")
        else { return nil }
        return d
    }
}
