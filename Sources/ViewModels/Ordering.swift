import VIPCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Sorting for the lists: IP-aware sort keys (10.0.0.9 < 10.0.0.10), natural
// text order (web-2 < web-10) and address ranges for free-IP counts. Pure values, no I/O.

/// Text compared the way people read lists: case-insensitively (ASCII letters) and with runs
/// of digits compared as numbers, so `web-2` sorts before `web-10`.
///
/// Kept as one byte string whose plain byte order (shorter first when one is a prefix of the
/// other) is that order: ASCII letters folded, other characters as UTF-8, and a digit run as
/// the byte `0`, its length without leading zeros (one byte below 255, else 255 and four
/// bytes), then its digits without leading zeros. No other character encodes to a byte in
/// `0`...`9`, so a digit run and anything else compare as their first characters would.
/// Comparing is a `memcmp`, and a sort can compare 16 bytes at a time (`chunk`).
public struct NaturalText: Comparable, Sendable {
    public let text: String
    let encoded: [UInt8]

    public init(_ text: String) {
        self.text = text
        encoded = text.utf8.withContiguousStorageIfAvailable(NaturalText.encode) ?? NaturalText.encode(Array(text.utf8))
    }

    /// The encoding of UTF-8 bytes (digit runs read in place: no buffer per run).
    static func encode(_ bytes: some RandomAccessCollection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            guard b >= 48 && b <= 57 else {
                out.append(b >= 65 && b <= 90 ? b + 32 : b)
                i = bytes.index(after: i)
                continue
            }
            var end = i
            var digits = 0
            while end != bytes.endIndex && bytes[end] >= 48 && bytes[end] <= 57 {
                end = bytes.index(after: end)
                digits += 1
            }
            // Leading zeros do not count; a run of zeros keeps one.
            var from = i
            while digits > 1 && bytes[from] == 48 {
                from = bytes.index(after: from)
                digits -= 1
            }
            out.append(48)
            if digits < 255 {
                out.append(UInt8(digits))
            } else {
                let l = UInt32(clamping: digits)
                out.append(255)
                out.append(UInt8(l >> 24))
                out.append(UInt8(truncatingIfNeeded: l >> 16))
                out.append(UInt8(truncatingIfNeeded: l >> 8))
                out.append(UInt8(truncatingIfNeeded: l))
            }
            out.append(contentsOf: bytes[from..<end])
            i = end
        }
        return out
    }

    public static func == (a: NaturalText, b: NaturalText) -> Bool { a.encoded == b.encoded }
    public static func < (a: NaturalText, b: NaturalText) -> Bool { compare(a.encoded, b.encoded) < 0 }

    /// -1, 0 or 1: byte order, the shorter first when one is a prefix of the other.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                let n = min(x.count, y.count)
                if n > 0, let p = x.baseAddress, let q = y.baseAddress {
                    let c = memcmp(p, q, n)
                    if c != 0 { return c < 0 ? -1 : 1 }
                }
                return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
            }
        }
    }

    /// Bytes `offset..<offset + 16` of the encoding as two big-endian numbers (zeros past
    /// the end), how many of them there are, and whether the encoding ends there. Ordering by
    /// (high, low, count) orders texts that share their first `offset` bytes by the next 16;
    /// two that are equal in all three and both end there are equal.
    func chunk(at offset: Int) -> (high: UInt64, low: UInt64, count: UInt8, ends: Bool) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        let end = min(encoded.count, offset + 16)
        var count = 0
        if offset < end {
            for i in offset..<end {
                let b = UInt64(encoded[i])
                if count < 8 { high |= b << UInt64(8 * (7 - count)) } else { low |= b << UInt64(8 * (15 - count)) }
                count += 1
            }
        }
        return (high, low, UInt8(count), encoded.count <= offset + 16)
    }
}

/// What a cell sorts by. Empty cells sort first (ascending), then numbers, then addresses,
/// then text.
public enum SortKey: Comparable, Sendable {
    case empty
    case number(Double)
    case ip(IPAddressValue)
    case text(NaturalText)

    /// Natural text, or `.empty` for an empty string.
    public static func natural(_ s: String) -> SortKey { s.isEmpty ? .empty : .text(NaturalText(s)) }

    /// An address when `s` parses as one (a `/prefix` is ignored), else natural text.
    public static func address(_ s: String?) -> SortKey {
        guard let s, !s.isEmpty else { return .empty }
        // VIPCore's one address type; a pair's `/prefix` and an IPv6 `%zone` do not count.
        var text = Substring(s)
        if let i = text.firstIndex(of: "/") { text = text[..<i] }
        if let i = text.firstIndex(of: "%") { text = text[..<i] }
        return IPAddressValue(text).map(SortKey.ip) ?? .natural(s)
    }

    public static func count(_ n: Int) -> SortKey { .number(Double(n)) }
}

/// Counts as short text: exact below a million, else one significant decimal and an exponent
/// (an IPv6 /64 pool has about `1.8e19` addresses).
public enum CountText {
    public static func format(_ n: UInt128) -> String {
        if n < 1_000_000 { return String(n) }
        let digits = Array(String(n))
        return "\(digits[0]).\(digits[1])e\(digits.count - 1)"
    }
}

// MARK: prefix codes (for sorting fast)

extension NaturalText {
    /// The first 15 bytes of the encoding: 7 in the low 56 bits of `high`, 8 in `low` (zeros
    /// past the end). `a < b` implies `a.prefix <= b.prefix` (`high` first); equal prefixes
    /// decide nothing, unless both are `complete`: the whole encoding fit and held no zero
    /// byte (which would read as the padding), so equal means equal texts.
    var prefix: (high: UInt64, low: UInt64, complete: Bool) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        let n = min(encoded.count, 15)
        var zero = false
        for i in 0..<n {
            let b = encoded[i]
            if b == 0 { zero = true }
            if i < 7 { high |= UInt64(b) << UInt64(8 * (6 - i)) } else { low |= UInt64(b) << UInt64(8 * (14 - i)) }
        }
        return (high, low, encoded.count <= 15 && !zero)
    }
}

extension SortKey {
    /// Two numbers in the key's order: `a < b` implies `a.prefixCode <= b.prefixCode`
    /// (compared as a pair), so a sort compares whole keys only when the codes are equal.
    var prefixCode: PrefixCode { coded.code }

    /// The prefix code, and whether it holds the whole key (`exact`): two keys whose codes are
    /// equal and exact are equal. Exact: empty, numbers, IPv4 addresses, texts that fit.
    var coded: (code: PrefixCode, exact: Bool) {
        switch self {
        case .empty:
            return (PrefixCode(high: 0, low: 0), true)
        case .number(let d):
            let bits = d.bitPattern
            let ordered = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
            return (PrefixCode(high: 1 << 62 | ordered >> 2, low: ordered & 3), true)
        case .ip(let a):
            if a.version == 4 { return (PrefixCode(high: 2 << 62 | UInt64(truncatingIfNeeded: a.raw) << 29, low: 0), true) }
            return (PrefixCode(high: 2 << 62 | 1 << 61 | UInt64(truncatingIfNeeded: a.raw >> 67), low: UInt64(truncatingIfNeeded: a.raw >> 3)),
                    false)
        case .text(let t):
            let p = t.prefix
            return (PrefixCode(high: 3 << 62 | p.high << 6, low: p.low), p.complete)
        }
    }
}

/// The first bits of a sort key, compared as a pair (see `SortKey.prefixCode`).
struct PrefixCode: Equatable, Sendable {
    var high: UInt64
    var low: UInt64

    @inline(__always)
    static func < (a: PrefixCode, b: PrefixCode) -> Bool { a.high != b.high ? a.high < b.high : a.low < b.low }
}
