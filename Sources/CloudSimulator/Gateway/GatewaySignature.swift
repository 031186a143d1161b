import Crypto
import Foundation

/// The API gateway's side of Huawei's AK/SK request signing (`SDK-HMAC-SHA256` and the derived
/// `V11-HMAC-SHA256`), written from the algorithm text in the reference (section 4.9) and
/// checked against its four official test vectors. It shares nothing with the client's signer
/// in CloudAPI on purpose: a mistake in one cannot hide in both.
public enum GatewaySignature {
    public static let sdkAlgorithm = "SDK-HMAC-SHA256"
    public static let v11Algorithm = "V11-HMAC-SHA256"
    /// The body hash a client may send in `X-Sdk-Content-Sha256` instead of hashing the body.
    static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// One request as it arrived: the path and query exactly as on the wire (still
    /// percent-encoded), header names in any case.
    public struct Request: Sendable {
        public var method: String
        public var rawPath: String
        public var rawQuery: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public init(method: String, rawPath: String, rawQuery: String, headers: [(name: String, value: String)], body: [UInt8]) {
            self.method = method
            self.rawPath = rawPath
            self.rawQuery = rawQuery
            self.headers = headers
            self.body = body
        }

        /// All values of a header, joined with "," (one value in practice).
        func value(_ name: String) -> String? {
            let values = headers.filter { $0.name.lowercased() == name }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ",")
        }
    }

    /// What the `Authorization` header carries.
    public struct Authorization: Sendable, Equatable {
        public var algorithm: String
        public var accessKey: String
        /// `yyyyMMdd/<region>/<service>` for V11, nil for SDK-HMAC-SHA256.
        public var credentialScope: String?
        public var signedHeaders: [String]
        public var signature: String

        public init(algorithm: String, accessKey: String, credentialScope: String?, signedHeaders: [String], signature: String) {
            self.algorithm = algorithm
            self.accessKey = accessKey
            self.credentialScope = credentialScope
            self.signedHeaders = signedHeaders
            self.signature = signature
        }
    }

    // MARK: parsing the header

    /// Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex` or
    /// `V11-HMAC-SHA256 Credential=AK/yyyyMMdd/region/service, SignedHeaders=..., Signature=...`;
    /// nil when the header is not one of these.
    public static func parseAuthorization(_ header: String) -> Authorization? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        let algorithm = String(trimmed[..<space])
        guard algorithm == sdkAlgorithm || algorithm == v11Algorithm else { return nil }
        var fields: [String: String] = [:]
        for part in trimmed[space...].split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2 else { return nil }
            fields[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: .whitespaces)
        }
        guard let signed = fields["SignedHeaders"], !signed.isEmpty, let signature = fields["Signature"], !signature.isEmpty else {
            return nil
        }
        let names = signed.split(separator: ";").map { String($0) }
        if algorithm == sdkAlgorithm {
            guard let ak = fields["Access"], !ak.isEmpty else { return nil }
            return Authorization(algorithm: algorithm, accessKey: ak, credentialScope: nil, signedHeaders: names, signature: signature)
        }
        guard let credential = fields["Credential"], let slash = credential.firstIndex(of: "/") else { return nil }
        let ak = String(credential[..<slash]), scope = String(credential[credential.index(after: slash)...])
        guard !ak.isEmpty, scope.split(separator: "/", omittingEmptySubsequences: false).count == 3 else { return nil }
        return Authorization(algorithm: algorithm, accessKey: ak, credentialScope: scope, signedHeaders: names, signature: signature)
    }

    // MARK: the algorithm

    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8))

    /// Percent-encodes every byte outside `A-Za-z0-9-_.~`, upper-case hex (space is `%20`).
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if unreserved.contains(b) {
                out.append(Character(Unicode.Scalar(b)))
            } else {
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    /// Decodes `%XX` (and, in queries, `+` as a space), leaving malformed escapes as they are.
    static func decode(_ s: Substring, plusIsSpace: Bool) -> String {
        let text = plusIsSpace ? s.replacingOccurrences(of: "+", with: " ") : String(s)
        return text.removingPercentEncoding ?? text
    }

    /// Each path segment decoded then re-encoded, joined with `/`, a `/` appended when missing.
    public static func canonicalURI(_ rawPath: String) -> String {
        let path = rawPath.isEmpty ? "/" : rawPath
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { encode(decode($0, plusIsSpace: false)) }
        let joined = segments.joined(separator: "/")
        return joined.hasSuffix("/") ? joined : joined + "/"
    }

    /// Keys sorted bytewise, the values of a repeated key sorted, `key=value` joined by `&`.
    public static func canonicalQuery(_ rawQuery: String) -> String {
        var items: [(key: String, value: String)] = []
        for item in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            items.append((encode(decode(kv[0], plusIsSpace: true)), kv.count > 1 ? encode(decode(kv[1], plusIsSpace: true)) : ""))
        }
        let sorted = items.sorted { a, b in
            a.key != b.key ? Array(a.key.utf8).lexicographicallyPrecedes(Array(b.key.utf8))
                : Array(a.value.utf8).lexicographicallyPrecedes(Array(b.value.utf8))
        }
        return sorted.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// The canonical request over the headers `signedHeaders` names (lower case, sorted); nil
    /// when one of them is absent from the request.
    public static func canonicalRequest(_ r: Request, signedHeaders: [String]) -> String? {
        let names = signedHeaders.map { $0.lowercased() }.sorted()
        var lines = ""
        for name in names {
            guard let v = r.value(name) else { return nil }
            lines += name + ":" + v.trimmingCharacters(in: .whitespaces) + "\n"
        }
        let bodyHash = r.value("x-sdk-content-sha256") == unsignedPayload ? unsignedPayload : hex(SHA256.hash(data: r.body))
        return [r.method.uppercased(), canonicalURI(r.rawPath), canonicalQuery(r.rawQuery), lines, names.joined(separator: ";"), bodyHash]
            .joined(separator: "\n")
    }

    /// hex(SHA256(canonical request)).
    public static func hashedCanonicalRequest(_ canonical: String) -> String { hex(SHA256.hash(data: Array(canonical.utf8))) }

    /// The string to sign: 3 lines (SDK) or 4 lines with the credential scope (V11).
    public static func stringToSign(algorithm: String, date: String, scope: String?, hashedCanonical: String) -> String {
        if algorithm == v11Algorithm, let scope { return [algorithm, date, scope, hashedCanonical].joined(separator: "\n") }
        return [algorithm, date, hashedCanonical].joined(separator: "\n")
    }

    /// The HMAC key: the SK itself, or for V11 the lower-case hex of
    /// HKDF-SHA256(ikm: SK, salt: AK, info: scope, 32 bytes), used as ASCII bytes.
    static func signingKey(algorithm: String, accessKey: String, secretKey: String, scope: String?) -> [UInt8] {
        guard algorithm == v11Algorithm, let scope else { return Array(secretKey.utf8) }
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Array(secretKey.utf8)), salt: Array(accessKey.utf8),
                                             info: Array(scope.utf8), outputByteCount: 32)
        let bytes = derived.withUnsafeBytes { Array($0) }
        return Array(hex(bytes).utf8)
    }

    public static func signature(algorithm: String, accessKey: String, secretKey: String, scope: String?, stringToSign: String) -> String {
        let key = SymmetricKey(data: signingKey(algorithm: algorithm, accessKey: accessKey, secretKey: secretKey, scope: scope))
        return hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    /// The signature this request should carry for `auth`'s algorithm, AK, scope and signed
    /// headers under `secretKey`; nil when a signed header or `X-Sdk-Date` is missing.
    public static func expectedSignature(_ r: Request, auth: Authorization, secretKey: String) -> String? {
        guard let date = r.value("x-sdk-date"), let canonical = canonicalRequest(r, signedHeaders: auth.signedHeaders) else { return nil }
        let sts = stringToSign(algorithm: auth.algorithm, date: date, scope: auth.credentialScope,
                               hashedCanonical: hashedCanonicalRequest(canonical))
        return signature(algorithm: auth.algorithm, accessKey: auth.accessKey, secretKey: secretKey, scope: auth.credentialScope, stringToSign: sts)
    }

    /// Constant-time comparison of two hex signatures.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.lowercased().utf8), y = Array(b.lowercased().utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// Signs a request the way an SDK does (for tests and tools that talk to the simulator's
    /// gateway): every header in `r` is signed; returns the `Authorization` value.
    public static func authorize(_ r: Request, accessKey: String, secretKey: String, algorithm: String = sdkAlgorithm,
                                 scope: String? = nil) -> String?
    {
        let names = Array(Set(r.headers.map { $0.name.lowercased() })).sorted()
        let auth = Authorization(algorithm: algorithm, accessKey: accessKey, credentialScope: algorithm == v11Algorithm ? scope : nil,
                                 signedHeaders: names, signature: "")
        guard let sig = expectedSignature(r, auth: auth, secretKey: secretKey) else { return nil }
        let who = algorithm == v11Algorithm ? "Credential=\(accessKey)/\(scope ?? "")" : "Access=\(accessKey)"
        return "\(algorithm) \(who), SignedHeaders=\(names.joined(separator: ";")), Signature=\(sig)"
    }

    // MARK: X-Sdk-Date

    /// `yyyyMMdd'T'HHmmss'Z'` (UTC) to seconds since 1970; nil when malformed.
    public static func parseDate(_ s: String) -> Double? {
        let b = Array(s.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11), let mi = num(11..<13),
              let sec = num(13..<15), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm), no calendar or locale involved.
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86400 + h * 3600 + mi * 60 + sec)
    }

    /// Seconds since 1970 to `yyyyMMdd'T'HHmmss'Z'`.
    public static func formatDate(_ t: Double) -> String {
        let c = Timestamps.civil(t)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second)
    }
}
