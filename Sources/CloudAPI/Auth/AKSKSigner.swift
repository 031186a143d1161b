import Crypto
import Foundation

/// Huawei Cloud's API-gateway request signing (`SDK-HMAC-SHA256`, and the derived-key
/// `V11-HMAC-SHA256` variant for non-public domains): the way a request is authenticated with
/// an access key (AK) and secret key (SK) instead of a token. The algorithm and its four
/// official test vectors: ../shared/reference/openstack-api.md 4.9 (huaweicloud-sdk-go-v3's
/// signer and the API signing guide). Pure: no clock, no I/O; the caller gives the date.
public struct AKSKSigner: Sendable {
    public enum Algorithm: String, Sendable, CaseIterable {
        /// The gateway's default: HMAC-SHA256 keyed with the SK.
        case sdkHmacSha256 = "SDK-HMAC-SHA256"
        /// The derived-key variant: HMAC keyed with HKDF-SHA256(SK, salt AK, info date/region/service).
        case v11HmacSha256 = "V11-HMAC-SHA256"
    }

    public var accessKey: String
    /// Never printed: `description` masks it.
    public var secretKey: String
    public var algorithm: Algorithm
    /// For `V11-HMAC-SHA256`: the region and service of the derived key's scope.
    public var region: String?
    public var service: String?

    public init(accessKey: String, secretKey: String, algorithm: Algorithm = .sdkHmacSha256,
                region: String? = nil, service: String? = nil)
    {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.algorithm = algorithm
        self.region = region
        self.service = service
    }

    /// What a signature was computed over, for tests and the debug log (no secret in it).
    public struct Signed: Sendable, Equatable {
        /// The value of the `Authorization` header.
        public var authorization: String
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var signedHeaders: String
    }

    /// `X-Sdk-Date`'s form: UTC `yyyyMMdd'T'HHmmss'Z'`.
    public static func sdkDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let s = String(v ?? 0); return s.count < 2 ? "0" + s : s }
        let year = String(c.year ?? 1970)
        return year + two(c.month) + two(c.day) + "T" + two(c.hour) + two(c.minute) + two(c.second) + "Z"
    }

    /// Parses an `X-Sdk-Date` value (`20191115T033655Z`), or nil.
    public static func parseSDKDate(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = number(0..<4), let mo = number(4..<6), let d = number(6..<8),
              let h = number(9..<11), let mi = number(11..<13), let s = number(13..<15),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
    }

    /// Signs one request. `headers` are the headers that will be sent (any case); every one of
    /// them is signed, so pass only those the gateway must check (at least `Host` and
    /// `X-Sdk-Date`; `X-Project-Id` / `X-Security-Token` when sent). `path` is the URL's path
    /// as sent (already percent-encoded or not: it is decoded and encoded again per segment),
    /// `query` its query string without `?`.
    public func sign(method: String, path: String, query: String, headers: [(name: String, value: String)],
                     body: [UInt8]) -> Signed
    {
        var byName: [String: [String]] = [:]
        for header in headers {
            byName[header.name.lowercased(), default: []].append(header.value.trimmingCharacters(in: .whitespaces))
        }
        let names = byName.keys.sorted()
        let signedHeaders = names.joined(separator: ";")
        let canonicalHeaders = names.map { name in
            name + ":" + (byName[name] ?? []).joined(separator: ",") + "\n"
        }.joined()
        let canonical = [
            method.uppercased(),
            Self.canonicalURI(path),
            Self.canonicalQuery(query),
            canonicalHeaders,
            signedHeaders,
            Self.hex(SHA256.hash(data: body)),
        ].joined(separator: "\n")
        let date = byName["x-sdk-date"]?.first ?? ""
        let requestHash = Self.hex(SHA256.hash(data: Array(canonical.utf8)))
        switch algorithm {
        case .sdkHmacSha256:
            let toSign = [algorithm.rawValue, date, requestHash].joined(separator: "\n")
            let signature = Self.hmacHex(key: Array(secretKey.utf8), toSign)
            return Signed(
                authorization: "\(algorithm.rawValue) Access=\(accessKey), SignedHeaders=\(signedHeaders), Signature=\(signature)",
                canonicalRequest: canonical, stringToSign: toSign, signature: signature, signedHeaders: signedHeaders)
        case .v11HmacSha256:
            let info = String(date.prefix(8)) + "/" + (region ?? "") + "/" + (service ?? "")
            let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Array(secretKey.utf8)),
                                                 salt: Array(accessKey.utf8), info: Array(info.utf8), outputByteCount: 32)
            let keyHex = derived.withUnsafeBytes { Self.hex(Array($0)) }
            let toSign = [algorithm.rawValue, date, info, requestHash].joined(separator: "\n")
            let signature = Self.hmacHex(key: Array(keyHex.utf8), toSign)
            return Signed(
                authorization: "\(algorithm.rawValue) Credential=\(accessKey)/\(info), SignedHeaders=\(signedHeaders), Signature=\(signature)",
                canonicalRequest: canonical, stringToSign: toSign, signature: signature, signedHeaders: signedHeaders)
        }
    }

    // MARK: canonical forms

    /// Each path segment percent-encoded (unreserved `A-Za-z0-9-_.~` kept, upper-case hex),
    /// with a `/` appended when the path does not end in one.
    static func canonicalURI(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            encode(String(segment).removingPercentEncoding ?? String(segment))
        }
        var uri = segments.joined(separator: "/")
        if uri.isEmpty { uri = "/" }
        if !uri.hasSuffix("/") { uri += "/" }
        return uri
    }

    /// Keys sorted bytewise, the values of a repeated key sorted, both encoded as the path is
    /// (space = `%20`), joined with `&`.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ s: Substring) -> String {
                let plusAsSpace = s.replacingOccurrences(of: "+", with: " ")
                return plusAsSpace.removingPercentEncoding ?? plusAsSpace
            }
            let key = decoded(parts[0])
            let value = parts.count > 1 ? decoded(parts[1]) : ""
            pairs.append((encode(key), encode(value)))
        }
        pairs.sort { a, b in
            a.0.utf8.lexicographicallyPrecedes(b.0.utf8) || (a.0 == b.0 && a.1.utf8.lexicographicallyPrecedes(b.1.utf8))
        }
        return pairs.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hmacHex(key: [UInt8], _ message: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))
        return hex(Array(mac))
    }
}

extension AKSKSigner: CustomStringConvertible {
    /// The AK and the algorithm; the SK as `***`.
    public var description: String { "AKSKSigner(\(algorithm.rawValue), AK \(accessKey), SK ***)" }
}
