@testable import CloudAPI
import Foundation
import L10n
import Testing

/// CloudAPI's errors, warnings and notices in Simplified Chinese: put into words when shown (the
/// same error value reads in English under `L10n.with(.en)`), every value kept, no English left.
@Suite struct CloudTextTests {
    /// A throwaway cwd/home/etc tree for the config loader.
    final class Sandbox {
        let root: String
        var cwd: String { root + "/cwd" }
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-cloudtext-\(UUID().uuidString)").path
            for d in ["cwd", "home/.config/openstack", "etc"] {
                try FileManager.default.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true)
            }
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        @discardableResult
        func clouds(_ text: String, mode: Int = 0o600) throws -> String {
            let path = cwd + "/clouds.yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            return path
        }

        func loader(_ env: [String: String] = [:]) -> ConfigLoader {
            ConfigLoader(environment: env, currentDirectory: cwd, homeDirectory: root + "/home", systemDirectory: root + "/etc")
        }

        func error(_ env: [String: String] = [:], _ flags: ConfigOverrides = ConfigOverrides()) throws -> CloudError {
            do {
                _ = try loader(env).load(flags)
            } catch {
                return error
            }
            throw Failure(message: "the config loaded")
        }
    }

    struct Failure: Error { let message: String }

    static let cloudYAML = """
        clouds:
          dev:
            auth:
              auth_url: https://keystone.example.com:5000/v3
              username: demo
              password: pw
              project_name: demo
        """

    /// English words a Chinese message may keep: protocol and format names, products, the
    /// vendor-neutral type codes vipctl puts in an error's type slot.
    static let allowed: Set<String> = [
        "HTTP", "HTTPS", "JSON", "HTML", "URL", "TLS", "YAML", "PEM", "API", "UTF", "MiB", "KiB", "uid", "SSH",
        "vipctl", "Keystone", "Neutron", "Nova", "Token", "GET", "PUT", "POST", "DELETE", "Location",
        "Redirect", "PaginationLoop", "EndlessPagination", "chmod", "proc", "shell", "true", "false", "secure", "yaml",
    ]

    /// English words of three letters or more in `text` once `values` are taken out, other than
    /// the allowed ones and identifiers (flags, env names, field names, paths: anything with
    /// `-`, `_`, `/`, `.`, `:` or a digit joined to it).
    static func englishLeft(_ text: String, values: [String]) -> [String] {
        var rest = text
        for v in values.sorted(by: { $0.count > $1.count }) { rest = rest.replacingOccurrences(of: v, with: " ") }
        let tokens = rest.split { $0.isWhitespace || "，。；：（）、\"'()[],;".contains($0) || CatalogLikeCJK.isCJK($0) }
        return tokens.map(String.init).filter { token in
            guard !token.contains(where: { "-_/.:=*<>@{}0123456789".contains($0) }) else { return false }
            let letters = token.filter { $0.isASCII && $0.isLetter }
            return letters.count >= 3 && letters.count == token.count && !allowed.contains(token)
        }
    }

    /// One message, checked in both languages.
    struct Case {
        let name: String
        let render: () -> String
        let values: [String]
    }

    static func check(_ c: Case) {
        let en = L10n.with(.en) { c.render() }
        let zh = L10n.with(.zh) { c.render() }
        #expect(en != zh, "\(c.name): the same in both languages: \(en)")
        #expect(zh.unicodeScalars.contains { CatalogLikeCJK.isCJK(Character($0)) }, "\(c.name): no Chinese: \(zh)")
        #expect(!en.unicodeScalars.contains { CatalogLikeCJK.isCJK(Character($0)) }, "\(c.name): Chinese in English: \(en)")
        for v in c.values {
            #expect(zh.contains(v), "\(c.name): the zh text lost \(v.debugDescription): \(zh)")
            #expect(en.contains(v), "\(c.name): the en text lost \(v.debugDescription): \(en)")
        }
        let left = englishLeft(zh, values: c.values)
        #expect(left.isEmpty, "\(c.name): untranslated \(left) in \(zh)")
        print("cloudtext zh: \(c.name) -> \(zh)")
    }

    @Test func representativeErrorsAndConfigProblemsReadInChinese() throws {
        let url = "https://keystone.example.com:5000/v3/auth/tokens"
        let s = try Sandbox()
        var cases: [Case] = []
        func add(_ name: String, _ values: [String], _ render: @escaping () -> String) { cases.append(Case(name: name, render: render, values: values)) }

        let connect = CloudError.transport(TransportFailure(kind: .timeout, url: url, detail: "connect", seconds: 7))
        add("connect timeout", [url, "7", "--connect-timeout", "connect_timeout:", "OS_CONNECT_TIMEOUT"]) { connect.oneLine }
        let read = CloudError.transport(TransportFailure(kind: .timeout, url: url, detail: "read", seconds: 45))
        add("read timeout", [url, "45", "--timeout", "api_timeout:", "OS_API_TIMEOUT"]) { read.oneLine }
        let refused = CloudError.transport(TransportFailure(kind: .refused, url: url, detail: "ECONNREFUSED"))
        add("refused", [url]) { refused.oneLine }
        let tls = CloudError.transport(AHCTransport.classify(NIOLikeError(text: "NIOSSLError: certificate_verify_failed self signed"), url: url))
        add("TLS untrusted", [url, "cacert"]) { tls.oneLine }
        let cut = CloudError.transport(TransportFailure(kind: .reset, url: url, detail: TransportFailure.cutShort))
        add("body cut short", [url]) { cut.oneLine }
        let big = CloudError.responseTooLarge(url: "https://neutron:9696/v2.0/ports", limit: 64 << 20)
        add("too large", ["https://neutron:9696/v2.0/ports", "64 MiB"]) { big.oneLine }
        let endpoint = CloudError.noEndpoint(service: "network", interface: "internal", region: "cn-north-4")
        add("no endpoint", ["network", "internal", "cn-north-4", "network_endpoint_override", "OS_NETWORK_ENDPOINT_OVERRIDE"]) { endpoint.oneLine }
        let html = CloudError.undecodable(UndecodableBody(url: "/v2.0/ports", status: 502, contentType: "text/html", reason: "x",
                                                          requestID: "req-1", service: "network", method: "GET"))
        add("HTML page", ["/v2.0/ports", "502", "req-1", "GET"]) { html.oneLine }
        let redirect = CloudSession.failure(APIRequest(method: "POST", url: url, service: "identity"),
                                            APIResponse(status: 307, headers: [("Location", "https://other.example.com:5000/v3/auth/tokens")], body: []))
        add("redirect refused", ["307", "https://other.example.com:5000/v3", "auth_url", "POST"]) { redirect.oneLine }
        let empty = CloudSession.failure(APIRequest(method: "GET", url: "https://neutron:9696/v2.0/ports", service: "network"),
                                         APIResponse(status: 500, headers: [], body: []))
        add("empty body", ["500", "/v2.0/ports"]) { empty.oneLine }
        let endless = CloudError.http(HTTPFailure(service: "network", method: "GET", path: "/v2.0/ports", status: 200, type: "EndlessPagination",
                                                  note: .err(.endlessPagination, "/v2.0/ports", 20000, 40000, "12", CloudText.err(.pageCapReason, 20000)),
                                                  requestID: nil))
        add("endless pagination", ["/v2.0/ports", "20000", "40000", "12"]) { endless.oneLine }
        let lookup = CloudError.lookup(LookupFailure(kind: "server", name: "web", candidates: ["a1", "b2"]))
        add("ambiguous name", ["\"web\"", "2", "a1, b2"]) { lookup.oneLine }
        let readOnly = CloudError.readOnly(method: "put", path: "/v2.0/ports/p1")
        add("read-only", ["PUT", "/v2.0/ports/p1", "--read-only"]) { readOnly.oneLine }
        let notices = CloudNotices()
        notices.post(.error(.invalidUTF8Many, ["Neutron", "GET", "/v2.0/ports", "3"]))
        add("invalid UTF-8 notice", ["Neutron", "GET", "/v2.0/ports", "3", "\u{FFFD}"]) {
            let line = notices.drain().joined()
            notices.post(.error(.invalidUTF8Many, ["Neutron", "GET", "/v2.0/ports", "3"]))
            return line
        }
        let noVersion = try #require(KeystoneAuth.missingVersionHint(authURL: "https://keystone.example.com:5000",
                                                                     APIResponse(status: 300, headers: [], body: Array(#"{"versions":{}}"#.utf8))))
        add("auth_url without /v3", ["https://keystone.example.com:5000", "/v3", "300", "OS_AUTH_URL", "--os-auth-url"]) { noVersion.oneLine }

        // clouds.yaml problems: file, line, key.
        let file = try s.clouds(Self.cloudYAML)
        let unknown = try s.error(["OS_CLOUD": "prod"])
        add("unknown cloud", [file, "OS_CLOUD", "\"prod\"", "dev"]) { unknown.oneLine }
        try s.clouds(Self.cloudYAML.replacingOccurrences(of: "auth_url: https://keystone.example.com:5000/v3", with: "auth_url: keystone:5000"))
        let badURL = try s.error()
        add("auth_url not a URL", [file + ":4", "clouds.dev.auth.auth_url", "keystone:5000", "http://", "https://"]) { badURL.oneLine }
        try s.clouds(Self.cloudYAML + "\n    api_timeout: 9999\n")
        let timeout = try s.error()
        add("api_timeout out of range", [file, "clouds.dev.api_timeout", "1", "3600", "api_timeout", "9999"]) { timeout.oneLine }
        try s.clouds(Self.cloudYAML.replacingOccurrences(of: "auth_url:", with: "auth_ulr:"))
        let typo = try s.error()
        add("missing auth_url with a typo", [file, "auth.auth_url", "auth_ulr", "auth_url", "OS_AUTH_URL", "--os-auth-url", "\"dev\""]) { typo.oneLine }
        try s.clouds("clouds:\n  dev:\n\tauth: {}\n")
        let yaml = try s.error()
        add("tab in YAML", [file]) {
            // libyaml's own words stay as they are: only vipctl's around them are checked.
            guard case .config(let c) = yaml else { return "" }
            return c.oneLine.replacingOccurrences(of: c.message, with: "") + c.text.tabHintOnly
        }

        // Warnings.
        try s.clouds(Self.cloudYAML, mode: 0o644)
        let modeWarning = try s.loader().loadWithWarnings().warningTexts
        add("secrets file readable by others", [file, "password", "644", "chmod 600 \(file)"]) { modeWarning.map(\.text).joined() }
        try s.clouds(Self.cloudYAML + "\n    insecure: true\n")
        var flags = ConfigOverrides()
        flags.password = "secret-pw"
        let warnings = try s.loader().loadWithWarnings(flags).warningTexts
        #expect(warnings.count == 2)
        add("--os-password and insecure", ["--os-password", "OS_PASSWORD", "password:", "chmod 600", "clouds.dev.insecure: true", "cacert"]) {
            warnings.map(\.text).joined(separator: "\n")
        }
        for w in warnings { #expect(!w.text.contains("secret-pw")) }

        #expect(cases.count >= 15)
        for c in cases { Self.check(c) }
    }

    /// Every `CloudError` vipctl builds, in both languages: the Chinese differs from the English
    /// and holds Chinese, and a JSON-style render under `L10n.with(.en)` is the English.
    @Test func everyCloudErrorCaseInBothLanguages() throws {
        let u = "https://neutron:9696/v2.0/ports"
        var errors: [(String, CloudError)] = []
        func transport(_ kind: TransportFailure.Kind, _ detail: String, _ seconds: Double? = nil) -> CloudError {
            .transport(TransportFailure(kind: kind, url: u, detail: detail, seconds: seconds))
        }
        errors += [
            ("timeout connect", transport(.timeout, "connect", 10)), ("timeout read", transport(.timeout, "read", 60)),
            ("timeout total", transport(.timeout, "total", 120)), ("timeout total, no limit", transport(.timeout, "total")),
            ("timeout other", transport(.timeout, "60 s")), ("refused", transport(.refused, "ECONNREFUSED")),
            ("tls untrusted", transport(.tls, TransportFailure.tlsNotTrusted)),
            ("tls name", transport(.tls, TransportFailure.tlsNameMismatch + " neutron")),
            ("tls name, no host", transport(.tls, TransportFailure.tlsNameMismatch)),
            ("tls handshake", transport(.tls, TransportFailure.tlsHandshake)), ("dns", transport(.dns, "unknown host")),
            ("reset", transport(.reset, "ECONNRESET")), ("cut short", transport(.reset, TransportFailure.cutShort)),
            ("not HTTP", transport(.other, TransportFailure.notHTTP)), ("cancelled", transport(.other, TransportFailure.cancelled)),
            ("other", CloudSession.asCloudError(Failure(message: "boom"))),
            ("too large", .responseTooLarge(url: u, limit: 300)), ("too large KiB", .responseTooLarge(url: u, limit: 4096)),
            ("no endpoint", .noEndpoint(service: "compute", interface: "public", region: nil)),
            ("no endpoint in region", .noEndpoint(service: "compute", interface: "public", region: "r1")),
            ("lookup none", .lookup(LookupFailure(kind: "port", name: "p", candidates: []))),
            ("lookup many", .lookup(LookupFailure(kind: "VIP", name: "v", candidates: ["1", "2", "3", "4"]))),
            ("lookup other kind", .lookup(LookupFailure(kind: "flavor", name: "f", candidates: []))),
            ("read-only", .readOnly(method: "DELETE", path: "/v2.0/ports/x")),
            ("keystone 401", .http(HTTPFailure(service: "identity", method: "POST", path: "/v3/auth/tokens", status: 401, type: "Unauthorized",
                                               message: "The request you have made requires authentication.", requestID: "req-9"))),
        ]
        for (status, location, service) in [(301, "https://k/v3/auth/tokens", "identity"), (302, nil, "identity"), (307, "https://n/v2.0", "network")] {
            let headers = location.map { [("Location", $0)] } ?? []
            errors.append(("redirect \(status) \(service)", CloudSession.failure(APIRequest(method: "GET", url: u, service: service),
                                                                               APIResponse(status: status, headers: headers, body: []))))
        }
        errors.append(("empty body", CloudSession.failure(APIRequest(method: "GET", url: u, service: "network"), APIResponse(status: 503, headers: [], body: []))))
        errors.append(("malformed error JSON", CloudSession.failure(APIRequest(method: "GET", url: u, service: "network"),
                                                                    APIResponse(status: 500, headers: [("Content-Type", "application/json")],
                                                                                body: Array(#"{"NeutronError": "#.utf8)))))
        errors.append(("pagination loop", .http(HTTPFailure(service: "network", method: "GET", path: "/v2.0/ports", status: 200, type: "PaginationLoop",
                                                            note: .err(.paginationLoop, "/v2.0/ports", "m1"), requestID: nil))))
        errors.append(("endless by deadline", .http(HTTPFailure(service: "network", method: "GET", path: "/v2.0/ports", status: 200,
                                                                type: "EndlessPagination",
                                                                note: .err(.endlessPagination, "/v2.0/ports", 5, 50, "900",
                                                                           CloudText.err(.deadlineReason, "900")), requestID: nil))))
        // Bodies that cannot be read, each reason.
        struct Port: Decodable { let id: String; let up: Bool }
        let bodies: [(String, String, String?)] = [
            ("empty", "", nil), ("html", "<html>proxy</html>", "text/html"), ("malformed", "{\"id\": ", nil),
            ("missing field", "{\"up\": true}", nil), ("wrong type", "{\"id\": \"a\", \"up\": 3}", nil), ("null", "{\"id\": null, \"up\": true}", nil),
        ]
        for (name, body, ctype) in bodies {
            var resp = APIResponse(status: 200, headers: ctype.map { [("Content-Type", $0)] } ?? [], body: Array(body.utf8))
            do {
                _ = try JSONDecoder().decode(Port.self, from: Data(resp.body))
                Issue.record("\(name) decoded")
            } catch {
                errors.append(("undecodable \(name), no request", .undecodable(UndecodableBody.describing(resp, url: u, error: error))))
                resp.service = "network"
                resp.method = "GET"
                resp.path = "/v2.0/ports"
                errors.append(("undecodable \(name)", .undecodable(UndecodableBody.describing(resp, url: u, error: error))))
            }
        }
        let listless = APIResponse(status: 200, headers: [], body: Array(#"{"count": 1}"#.utf8))
        do {
            _ = try Paging.decodePage(CloudAPI.Port.self, collection: "ports", path: "/ports", listless)
            Issue.record("a page without its list decoded")
        } catch {
            errors.append(("page without its list", error))
            #expect(L10n.with(.en) { error.oneLine }.contains(#"no "ports" list in the body (keys: count)"#))
        }
        // Config errors in words of vipctl's own (the loader's are checked above and in ConfigLoaderTests).
        for (name, text) in [("cacert", CloudText.net(.cacertEmpty)), ("debug log", .net(.debugLogOtherOwner, 1001)),
                             ("no cloud", .cfg(.noCloudConfigured, "/x/clouds.yaml"))] {
            errors.append((name, .config(ConfigError(file: "/x", key: "k", text: text))))
        }

        for (name, error) in errors {
            let en = L10n.with(.en) { error.oneLine }
            let zh = L10n.with(.zh) { error.oneLine }
            #expect(en != zh, "\(name): \(en)")
            #expect(zh.unicodeScalars.contains { CatalogLikeCJK.isCJK(Character($0)) }, "\(name): \(zh)")
            #expect(L10n.with(.en) { error.description } == en, "\(name)")
            print("cloudtext: \(name)\n  en: \(en)\n  zh: \(zh)")
        }
        #expect(errors.count >= 45)
    }

    /// A plain cloud error is the cloud's words: the same in both languages (nothing of vipctl's
    /// to translate), and Keystone's 401 gets vipctl's hint in the language in effect.
    @Test func aCloudsOwnErrorIsShownAsSent() {
        let e = CloudError.http(HTTPFailure(service: "network", method: "PUT", path: "/v2.0/ports/x", status: 409, type: "Conflict",
                                            message: "Port x is in use", requestID: "req-2"))
        #expect(L10n.with(.zh) { e.oneLine } == "Neutron 409 Conflict: Port x is in use [req-2]")
        #expect(L10n.with(.en) { e.oneLine } == "Neutron 409 Conflict: Port x is in use [req-2]")
    }

    /// The same error value reads in the language in effect when shown, not when thrown.
    @Test func wordsAreChosenWhenShownNotWhenThrown() throws {
        let s = try Sandbox()
        try s.clouds(Self.cloudYAML)
        let thrownInChinese = try L10n.with(.zh) { try s.error(["OS_CLOUD": "prod"]) }
        let en = L10n.with(.en) { thrownInChinese.oneLine }
        #expect(en.hasSuffix("OS_CLOUD: no cloud named \"prod\"; clouds defined here: dev"), "\(en)")
        #expect(L10n.with(.zh) { thrownInChinese.oneLine }.hasSuffix("OS_CLOUD: 没有名为 \"prod\" 的云；此处定义的云：dev"))
        let notices = CloudNotices()
        L10n.with(.zh) { notices.post(.error(.invalidUTF8One, ["Nova", "GET", "/v2.1/servers/detail", "1"])) }
        #expect(L10n.with(.en) { notices.drain() } == ["Nova's answer to GET /v2.1/servers/detail held invalid UTF-8 (1 byte shown as \u{FFFD}); the rest was read as sent"])
    }

    /// The password prompt and the checker itself.
    @Test func promptAndChecker() {
        #expect(L10n.with(.en) { ConfigText.passwordPrompt("demo@https://k/v3") } == "Password for demo@https://k/v3: ")
        #expect(L10n.with(.zh) { ConfigText.passwordPrompt("demo@https://k/v3") } == "demo@https://k/v3 的密码：")
        #expect(Self.englishLeft("无法连接到 https://x：connection refused", values: ["https://x"]) == ["connection", "refused"])
        #expect(Self.englishLeft("请设置 OS_AUTH_URL 或 --os-auth-url（HTTP 300）", values: []).isEmpty)
    }
}

/// An error whose description is a given text (as NIO's TLS errors describe themselves).
struct NIOLikeError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

/// The catalog tests' idea of a Chinese character.
enum CatalogLikeCJK {
    static func isCJK(_ c: Character) -> Bool {
        c.unicodeScalars.contains { s in
            (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
                || (0x3000...0x303F).contains(s.value) || (0xFF00...0xFFEF).contains(s.value)
        }
    }
}

extension CloudText {
    /// The tab hint alone, when this message holds one (for the check of vipctl's words only).
    var tabHintOnly: String {
        if case .joined(let parts) = self, parts.contains(.config(.tabHint, [])) { return ConfigText.tabHint.text }
        return ""
    }
}
