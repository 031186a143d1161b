import Foundation
import L10n

/// Keystone v3 request bodies for every auth variant vipctl supports, and the token body.
enum KeystoneAuth {
    static func requestBody(_ c: CloudConfig) -> [UInt8] {
        var identity: [String: Any]
        var includeScope = true
        switch c.auth {
        case .password(let user, let password):
            identity = ["methods": ["password"], "password": ["user": userObject(user, extra: ["password": password ?? ""])]]
        case .applicationCredential(let id, let name, let user, let secret):
            var ac: [String: Any] = ["secret": secret]
            if let id { ac["id"] = id } else {
                if let name { ac["name"] = name }
                if let user { ac["user"] = userObject(user, extra: [:]) }
            }
            identity = ["methods": ["application_credential"], "application_credential": ac]
            includeScope = false  // keystone refuses a scope with application credentials
        case .accessKey:
            // AK/SK never asks Keystone for a token (every request is signed instead).
            identity = ["methods": []]
        }
        var auth: [String: Any] = ["identity": identity]
        if includeScope, let p = c.project {
            var project: [String: Any] = [:]
            if let id = p.id {
                project["id"] = id
            } else if let name = p.name {
                project["name"] = name
                if let d = p.domainID { project["domain"] = ["id": d] } else if let d = p.domainName { project["domain"] = ["name": d] }
            }
            if !project.isEmpty { auth["scope"] = ["project": project] }
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["auth": auth], options: [.sortedKeys])) ?? Data()
        return [UInt8](data)
    }

    static func userObject(_ u: CloudConfig.UserRef, extra: [String: String]) -> [String: Any] {
        var o: [String: Any] = extra
        if let id = u.id {
            o["id"] = id
        } else {
            o["name"] = u.name ?? ""
            if let d = u.domainID { o["domain"] = ["id": d] } else if let d = u.domainName { o["domain"] = ["name": d] }
        }
        return o
    }

    struct TokenBody: Decodable {
        let token: TokenInfo
    }

    struct TokenInfo: Decodable {
        let expiresAt: String
        let user: Ref
        let project: Ref?
        let catalog: [ServiceCatalog.Service]?

        enum CodingKeys: String, CodingKey {
            case user, project, catalog
            case expiresAt = "expires_at"
        }
    }

    struct Ref: Decodable {
        let id: String
        let name: String?
    }

    /// An `auth_url` without the API version (`http://keystone:5000`) sends the token request to
    /// `/auth/tokens`, where Keystone answers its version list (300) or a 404: say that, rather
    /// than a generic error or "a proxy". nil when the URL names a version or the answer is
    /// something else.
    static func missingVersionHint(authURL: String, _ resp: APIResponse) -> CloudError? {
        let trimmed = EndpointBase.trimSlash(authURL)
        let path = (URLComponents(string: trimmed)?.path ?? "").lowercased()
        if path.range(of: #"/v[23](\.\d+)?$"#, options: .regularExpression) != nil { return nil }
        let obj = try? JSONSerialization.jsonObject(with: Data(resp.body)) as? [String: Any]
        let versionList = obj?["versions"] != nil || obj?["version"] != nil
        guard versionList || [300, 404, 405].contains(resp.status) else { return nil }
        let answered: CloudText = versionList ? .err(.noVersionVersionList, resp.status) : .err(.noVersionStatus, resp.status)
        return .config(ConfigError(key: "auth_url", text: .err(.noVersion, trimmed, answered, path)))
    }

    /// `2026-11-29T21:13:42.000000Z`, `...42Z`, `...42.5+08:00` or Huawei's zone-less form.
    static func parseDate(_ s: String) -> Date? {
        var text = s
        // Drop fractional seconds: formatters disagree on how many digits they accept.
        if let dot = text.firstIndex(of: ".") {
            let rest = text[text.index(after: dot)...]
            let digits = rest.prefix { $0.isNumber }
            text = String(text[..<dot]) + String(rest.dropFirst(digits.count))
        }
        if !(text.hasSuffix("Z") || text.dropFirst(19).contains("+") || text.dropFirst(19).contains("-")) { text += "Z" }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}
