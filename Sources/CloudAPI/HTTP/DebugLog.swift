import Foundation
import L10n

/// `--debug-log FILE`: one block per call (method, URL, status, latency, request id) with the
/// request and response bodies. Passwords, tokens and secrets are replaced by `***` twice
/// over: by key (`password`, `secret`, `token`, `X-Auth-Token`, ...) and by value (every
/// secret the session knows is masked wherever it appears).
public final class DebugLog: Sendable {
    private let handle: FileHandle
    private let secrets = Locked<[String]>([])
    static let sensitiveKeys: Set<String> = ["password", "secret", "token", "x-auth-token", "x-subject-token",
                                             "application_credential_secret", "access", "credential", "id_token",
                                             // Headers and keys of signed (AK/SK) and proxied requests.
                                             "authorization", "proxy-authorization", "x-security-token", "security_token",
                                             "secret_key", "sk", "cookie", "set-cookie"]

    /// Opens `path` for appending, creating it if needed. The file is always left at mode 0600,
    /// also when it existed before with a wider mode (it holds URLs, ids and bodies of the
    /// cloud). Refused: a symbolic link (the log would land elsewhere), anything but a regular
    /// file, and a file owned by another user (who could read it whatever its mode).
    public init(path: String) throws(CloudError) {
        func refuse(_ text: CloudText) -> CloudError {
            .config(ConfigError(file: path, key: "--debug-log", text: text))
        }
        // O_NONBLOCK: a FIFO must not hang the open (it is refused below; files ignore the flag).
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP { throw refuse(.net(.debugLogSymlink)) }
            throw refuse(.net(.debugLogCannotOpen, String(cString: strerror(code))))
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw refuse(.net(.debugLogCannotStat))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw refuse(.net(.debugLogNotRegular))
        }
        guard st.st_uid == geteuid() else {
            close(fd)
            throw refuse(.net(.debugLogOtherOwner, st.st_uid))
        }
        if (st.st_mode & 0o7777) != 0o600, fchmod(fd, 0o600) != 0 {
            close(fd)
            throw refuse(.net(.debugLogCannotChmod))
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Registers a value that must never be written (a password, a token, a secret).
    public func addSecret(_ s: String) {
        guard s.count >= 4 else { return }
        secrets.withLock { if !$0.contains(s) { $0.append(s) } }
    }

    func redact(_ text: String) -> String {
        var out = text
        for s in secrets.withLock({ $0 }) { out = out.replacingOccurrences(of: s, with: "***") }
        return out
    }

    /// Masks sensitive values in a JSON body (or the whole body, if it is not JSON and holds a secret).
    func redactBody(_ body: [UInt8]?) -> String {
        guard let body, !body.isEmpty else { return "" }
        if body.count > 65536 {
            // Large list pages: log the start; known secrets are still masked by value.
            return redact(String(decoding: body.prefix(65536), as: UTF8.self)) + " ... (\(body.count) bytes)"
        }
        if let obj = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) {
            let masked = DebugLog.mask(obj, key: nil)
            if let data = try? JSONSerialization.data(withJSONObject: masked, options: [.sortedKeys, .fragmentsAllowed]) {
                return redact(String(decoding: data, as: UTF8.self))
            }
        }
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        return redact(text) + (body.count > 4096 ? " ... (\(body.count) bytes)" : "")
    }

    static func mask(_ v: Any, key: String?) -> Any {
        if let k = key?.lowercased(), sensitiveKeys.contains(k) || k.hasSuffix("password") || k.hasSuffix("secret") {
            if v is [String: Any] || v is [Any] {
                // `token: {id: ...}` in a token re-scope body: mask below.
            } else {
                return "***"
            }
        }
        if let d = v as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, x) in d {
                out[k] = (key?.lowercased() == "token" && k == "id") ? "***" : mask(x, key: k)
            }
            return out
        }
        if let a = v as? [Any] { return a.map { mask($0, key: nil) } }
        return v
    }

    func log(_ r: APIRequest, response: APIResponse?, error: CloudError?, seconds: Double) {
        var s = "--- \(ISO8601DateFormatter().string(from: Date())) \(r.method) \(redact(r.url))"
        if let response {
            s += " -> \(response.status) in \(Int(seconds * 1000)) ms"
            if let rid = response.requestID { s += " \(rid)" }
        } else if let error {
            // The log is for bug reports: always English.
            s += " -> failed in \(Int(seconds * 1000)) ms: \(redact(L10n.with(.en) { error.oneLine }))"
        }
        s += "\n"
        for (k, v) in r.headers {
            let masked = DebugLog.sensitiveKeys.contains(k.lowercased()) ? "***" : redact(v)
            s += "> \(k): \(masked)\n"
        }
        let reqBody = redactBody(r.body)
        if !reqBody.isEmpty { s += "> " + reqBody + "\n" }
        if let response {
            for (k, v) in response.headers where k.lowercased() != "date" {
                let masked = DebugLog.sensitiveKeys.contains(k.lowercased()) ? "***" : redact(v)
                s += "< \(k): \(masked)\n"
            }
            let respBody = redactBody(response.body)
            if !respBody.isEmpty { s += "< " + respBody + "\n" }
        }
        handle.write(Data(s.utf8))
    }
}
