import VIPCore

// Sorting for the lists: IP-aware sort keys (10.0.0.9 < 10.0.0.10), natural
// text order (web-2 < web-10) and address ranges for free-IP counts. Pure values, no I/O.

/// Text compared the way people read lists: case-insensitively (ASCII letters) and with runs
/// of digits compared as numbers, so `web-2` sorts before `web-10`.
public struct NaturalText: Comparable, Sendable {
    public let text: String
    let folded: [UInt32]

    public init(_ text: String) {
        self.text = text
        folded = text.unicodeScalars.map { u in
            let v = u.value
            return (65...90).contains(v) ? v + 32 : v
        }
    }

    public static func == (a: NaturalText, b: NaturalText) -> Bool { compare(a.folded, b.folded) == 0 }
    public static func < (a: NaturalText, b: NaturalText) -> Bool { compare(a.folded, b.folded) < 0 }

    static func isDigit(_ v: UInt32) -> Bool { v >= 48 && v <= 57 }

    /// -1, 0 or 1.
    static func compare(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if isDigit(a[i]) && isDigit(b[j]) {
                var ie = i
                while ie < a.count && isDigit(a[ie]) { ie += 1 }
                var je = j
                while je < b.count && isDigit(b[je]) { je += 1 }
                var ia = i
                while ia < ie - 1 && a[ia] == 48 { ia += 1 }
                var jb = j
                while jb < je - 1 && b[jb] == 48 { jb += 1 }
                let la = ie - ia
                let lb = je - jb
                if la != lb { return la < lb ? -1 : 1 }
                for k in 0..<la where a[ia + k] != b[jb + k] { return a[ia + k] < b[jb + k] ? -1 : 1 }
                i = ie
                j = je
            } else {
                if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
        }
        if i < a.count { return 1 }
        if j < b.count { return -1 }
        return 0
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
    /// The first 15 bytes of an encoding whose byte order is this text's order (ASCII letters
    /// folded, UTF-8, a digit run as `0`, its length without leading zeros, its digits): 7 in
    /// the low 56 bits of `high`, 8 in `low`. `a < b` implies `a.prefix <= b.prefix` (`high`
    /// first); equal prefixes decide nothing.
    var prefix: (high: UInt64, low: UInt64) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var n = 0
        let a = folded
        var i = 0
        func put(_ b: UInt64) -> Bool {
            guard n < 15 else { return false }
            if n < 7 { high = high << 8 | b } else { low = low << 8 | b }
            n += 1
            return true
        }
        scan: while i < a.count {
            let v = a[i]
            if NaturalText.isDigit(v) {
                var ie = i
                while ie < a.count && NaturalText.isDigit(a[ie]) { ie += 1 }
                var ia = i
                while ia < ie - 1 && a[ia] == 48 { ia += 1 }
                guard put(48) else { break }
                // A run this long: the length byte saturates, so nothing after it may count.
                guard ie - ia < 255 else {
                    _ = put(255)
                    break
                }
                guard put(UInt64(ie - ia)) else { break }
                for k in ia..<ie { guard put(UInt64(a[k])) else { break scan } }
                i = ie
            } else {
                // The scalar's UTF-8 bytes, put one by one (no array per character: a sort by
                // a new column computes 100,000 of these).
                switch v {
                case ..<0x80:
                    guard put(UInt64(v)) else { break scan }
                case ..<0x800:
                    guard put(0xC0 | UInt64(v >> 6)), put(0x80 | UInt64(v & 0x3F)) else { break scan }
                case ..<0x10000:
                    guard put(0xE0 | UInt64(v >> 12)), put(0x80 | UInt64((v >> 6) & 0x3F)), put(0x80 | UInt64(v & 0x3F)) else { break scan }
                default:
                    guard put(0xF0 | UInt64(v >> 18)), put(0x80 | UInt64((v >> 12) & 0x3F)), put(0x80 | UInt64((v >> 6) & 0x3F)),
                          put(0x80 | UInt64(v & 0x3F)) else { break scan }
                }
                i += 1
            }
        }
        if n < 7 { high = n == 0 ? 0 : high << UInt64(8 * (7 - n)) }
        if n < 15 { low = n <= 7 ? 0 : low << UInt64(8 * (15 - n)) }
        return (high, low)
    }
}

extension SortKey {
    /// Two numbers in the key's order: `a < b` implies `a.prefixCode <= b.prefixCode`
    /// (compared as a pair), so a sort compares whole keys only when the codes are equal.
    var prefixCode: PrefixCode {
        switch self {
        case .empty:
            return PrefixCode(high: 0, low: 0)
        case .number(let d):
            let bits = d.bitPattern
            let ordered = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
            return PrefixCode(high: 1 << 62 | ordered >> 2, low: ordered & 3)
        case .ip(let a):
            if a.version == 4 { return PrefixCode(high: 2 << 62 | UInt64(truncatingIfNeeded: a.raw) << 29, low: 0) }
            return PrefixCode(high: 2 << 62 | 1 << 61 | UInt64(truncatingIfNeeded: a.raw >> 67), low: UInt64(truncatingIfNeeded: a.raw >> 3))
        case .text(let t):
            let p = t.prefix
            return PrefixCode(high: 3 << 62 | p.high << 6, low: p.low)
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
