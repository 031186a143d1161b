import Foundation

/// A small deterministic generator (SplitMix64): scenarios and the IDs the simulator hands
/// out are reproducible for a given seed, so tests and screenshots are stable.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum IDs {
    /// A UUID4-formatted id (`8-4-4-4-12`, lower case), as neutron and nova return.
    /// (Written as bytes: a scale scenario makes 120,000 of these.)
    static func uuid(_ rng: inout SplitMix64) -> String {
        let a = rng.next(), b = rng.next()
        return String(unsafeUninitializedCapacity: 36) { out in
            var o = 0
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[o] = UInt8(ascii: "-")
                    o += 1
                }
                var byte = UInt8(truncatingIfNeeded: (i < 8 ? a : b) >> (UInt64(i % 8) * 8))
                if i == 6 { byte = byte & 0x0F | 0x40 }
                if i == 8 { byte = byte & 0x3F | 0x80 }
                out[o] = hexDigits[Int(byte >> 4)]
                out[o + 1] = hexDigits[Int(byte & 0xF)]
                o += 2
            }
            return o
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A keystone-style id (32 hex digits, no dashes).
    static func hex32(_ rng: inout SplitMix64) -> String { uuid(&rng).replacingOccurrences(of: "-", with: "") }

    /// A secret token: fernet-like for keystone, a long CMS-like blob for Huawei IAM.
    static func token(huawei: Bool) -> String {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let (prefix, length) = huawei ? ("MIIatAYJKoZIhvcNAQcCoII", 1200) : ("gAAAAAB", 183)
        var s = prefix
        s.reserveCapacity(length)
        while s.count < length { s.append(alphabet[Int(g.next() % UInt64(alphabet.count))]) }
        return s
    }

    /// `req-<uuid>`, as the x-openstack-request-id header carries it.
    static func requestID() -> String {
        var g = SystemRandomNumberGenerator()
        var r = SplitMix64(seed: g.next())
        return "req-" + uuid(&r)
    }

    static func auditID() -> String {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return String((0..<22).map { _ in alphabet[Int(g.next() % 64)] })
    }

    /// `fa:16:3e:` and the low 24 bits of `n` as three hex octets.
    static func mac(_ n: UInt32) -> String {
        String(unsafeUninitializedCapacity: 17) { out in
            for (i, c) in "fa:16:3e".utf8.enumerated() { out[i] = c }
            for k in 0..<3 {
                let byte = Int((n >> UInt32(16 - 8 * k)) & 0xFF)
                out[8 + 3 * k] = UInt8(ascii: ":")
                out[9 + 3 * k] = hexDigits[byte >> 4]
                out[10 + 3 * k] = hexDigits[byte & 0xF]
            }
            return 17
        }
    }
}

enum Timestamps {
    /// `2026-11-29T21:13:42Z` (neutron, nova). Formatted by hand: listing 100,000 ports
    /// formats 200,000 timestamps, and a DateFormatter per call would dominate.
    static func seconds(_ t: Double) -> String {
        let c = civil(t)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }

    /// The UTC civil date and time of `t` seconds since 1970, with no calendar or locale
    /// involved (Howard Hinnant's algorithm): the one such routine of the simulator (its
    /// timestamps and the gateway's `X-Sdk-Date`). Bounded, since a time from a file can be
    /// anything: before year 1 prints as 0001-01-01, past year 9999 as 9999-12-31.
    static func civil(_ t: Double) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let secs = t.isFinite ? Int(min(max(t, -62_135_596_800), 253_402_300_799).rounded(.down)) : 0
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = secs - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    /// `2026-11-29T21:13:42.578887Z` (keystone tokens).
    static func micros(_ t: Double) -> String {
        let whole = t.rounded(.down)
        let us = Int(((t - whole) * 1_000_000).rounded(.down))
        var s = seconds(whole)
        s.removeLast()
        return s + String(format: ".%06dZ", us)
    }

    static func parse(_ s: String) -> Double? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d.timeIntervalSince1970 }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)?.timeIntervalSince1970
    }
}
