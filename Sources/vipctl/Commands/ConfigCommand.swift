import ArgumentParser
import CloudAPI
import Foundation
import L10n
import VIPCore

// `vipctl config show [--output json]`: the resolved cloud and where each value came from
// (flag, environment variable, clouds.yaml file:line, catalog, template, default). Offline: it
// signs in nowhere, so an endpoint the catalog would give is shown as such. Secrets: `***`.

struct ConfigGroup: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "config", abstract: AKSKText.configAbstract.text, subcommands: [ConfigShow.self])
    }
}

struct ConfigShow: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: AKSKText.configShowAbstract.text)
    }
    @OptionGroup var cloud: CloudOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(AKSKText.outputHelp.text)) var output: OutputFormat = .table

    func run() async throws {
        let config: CloudConfig
        do {
            config = try cloud.loadConfig(warn: true, askPassword: false)
        } catch {
            Console.errLine("vipctl: \(error.oneLine)")
            if case .config = error { throw ExitCode(2) }
            throw ExitCode(1)
        }
        let entries = ConfigReport.entries(config)
        switch output {
        case .json:
            Console.json(L10n.with(.en) { Console.encodeJSON(ConfigReport.json(entries)) })
        case .table:
            let rows = entries.map { [$0.label.text, $0.value.text, ConfigReport.sourceText($0.source)] }
            Console.out(Table(header: ["", AKSKText.labelValue.text, AKSKText.labelSource.text], rows: rows).render())
        }
    }
}

/// The rows of `config show`, the same for the table and the JSON.
enum ConfigReport {
    /// A value in words, put together when shown (the JSON takes the English ones).
    enum Words {
        case raw(String)
        case key(AKSKText, [String])

        var text: String {
            switch self {
            case .raw(let s): return s
            case .key(let k, let args): return L10n.format(k.text, args)
            }
        }
    }

    struct Entry {
        /// The JSON key.
        let name: String
        let label: Words
        let value: Words
        let source: ConfigSource?
    }

    static func entries(_ c: CloudConfig) -> [Entry] {
        var out: [Entry] = []
        func add(_ name: String, _ label: AKSKText, _ value: Words, _ source: ConfigSource?, _ args: [String] = []) {
            out.append(Entry(name: name, label: .key(label, args), value: value, source: source))
        }
        func raw(_ s: String?) -> Words { s.map { .raw($0) } ?? .key(.notSet, []) }
        let src = c.sources
        add("cloud", .labelCloud, .raw(c.name), src[.cloud])
        switch c.auth {
        case .password:
            add("auth_method", .labelAuthMethod, .key(.methodPassword, []), src[.authType] ?? .defaultValue)
        case .applicationCredential:
            add("auth_method", .labelAuthMethod, .key(.methodAppCred, []), src[.authType] ?? src[.password])
        case .accessKey(let k):
            add("auth_method", .labelAuthMethod, .key(.methodAKSK, [k.algorithm.rawValue]), src[.authType] ?? src[.accessKey])
        }
        add("auth_url", .labelAuthURL, raw(c.authURL.isEmpty ? nil : c.authURL), src[.authURL])
        add("region_name", .labelRegion, raw(c.regionName), src[.region])
        add("project", .labelProject, raw(c.project.flatMap { $0.name ?? $0.id }), src[.project])
        if let k = c.auth.accessKey {
            add("access_key", .labelAccessKey, .raw(k.accessKey), src[.accessKey])
            add("secret_key", .labelSecretKey, .raw("***"), src[.secretKey])
            if k.securityToken != nil { add("security_token", .labelSecurityToken, .raw("***"), src[.securityToken]) }
            add("signing", .labelSigning, .raw(k.algorithm.rawValue), src[.signing] ?? .defaultValue)
        } else {
            add("user", .labelUser, .raw(c.displayUser), src[.user])
            let password: Words = src[.password] == nil || src[.password] == .prompt ? .key(.notSet, []) : .raw("***")
            add("password", .labelPassword, password, src[.password])
        }
        add("domain_suffix", .labelDomainSuffix, .raw(EndpointResolver.domain(c)), src[.domainSuffix] ?? .defaultValue)
        add("interface", .labelInterface, .raw(c.interface), src[.interface] ?? .defaultValue)
        add("verify", .labelTLS, .key(c.verifyTLS ? .tlsOn : .tlsOff, []), src[.verify] ?? .defaultValue)
        if let ca = c.cacertPath { add("cacert", .labelTLS, .raw(ca), src[.cacert]) }
        add("vip_strategy", .labelStrategy, .raw(VIPStrategy.chosen(flag: nil, config: c).rawValue), src[.vipStrategy] ?? .defaultValue)
        add("read_only", .labelReadOnly, .raw(c.readOnly ? "true" : "false"), src[.readOnly] ?? .defaultValue)
        add("hardware_sdn", .labelHardwareSDN, .raw(c.hardwareSDN ? "true" : "false"), src[.hardwareSDN] ?? .defaultValue)
        for service in [CloudSession.Service.network, .compute, .identity] {
            let name = service.rawValue + "_endpoint"
            if service == .identity, c.endpointOverrides["identity"] == nil {
                add(name, .labelEndpoint, raw(c.authURL.isEmpty ? nil : c.authURL), src[.authURL], [service.rawValue])
            } else if let r = EndpointResolver.resolve(service, c, catalog: nil) {
                add(name, .labelEndpoint, .raw(r.url), r.source, [service.rawValue])
            } else if c.auth.accessKey == nil {
                add(name, .labelEndpoint, .key(.afterSignIn, []), .catalog, [service.rawValue])
            } else {
                add(name, .labelEndpoint, .key(.noTemplate, []), nil, [service.rawValue])
            }
        }
        return out
    }

    static func sourceText(_ s: ConfigSource?) -> String {
        guard let s else { return AKSKText.srcNotSet.text }
        switch s {
        case .flag(let f): return AKSKText.srcFlag(f)
        case .env(let e): return AKSKText.srcEnv(e)
        case .file(let path, let line, let key): return AKSKText.srcFile(path, line, key)
        case .catalog: return AKSKText.srcCatalog.text
        case .template(let t): return AKSKText.srcTemplate(t)
        case .defaultValue: return AKSKText.srcDefault.text
        case .prompt: return AKSKText.srcPrompt.text
        }
    }

    struct SourceOut: Encodable {
        let kind: String
        var name: String?
        var path: String?
        var line: Int?
        var key: String?
        var template: String?
    }

    struct EntryOut: Encodable {
        let value: String
        let source: SourceOut
    }

    static func sourceOut(_ s: ConfigSource?) -> SourceOut {
        guard let s else { return SourceOut(kind: "unset") }
        switch s {
        case .flag(let f): return SourceOut(kind: "flag", name: f)
        case .env(let e): return SourceOut(kind: "env", name: e)
        case .file(let path, let line, let key): return SourceOut(kind: "file", path: path, line: line, key: key)
        case .catalog: return SourceOut(kind: "catalog")
        case .template(let t): return SourceOut(kind: "template", template: t)
        case .defaultValue: return SourceOut(kind: "default")
        case .prompt: return SourceOut(kind: "prompt")
        }
    }

    static func json(_ entries: [Entry]) -> [String: EntryOut] {
        var out: [String: EntryOut] = [:]
        for e in entries { out[e.name] = EntryOut(value: e.value.text, source: sourceOut(e.source)) }
        return out
    }
}
