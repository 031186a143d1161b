// Sorting and IP arithmetic for the lists: IP-aware sort keys (10.0.0.9 < 10.0.0.10), natural
// text order (web-2 < web-10) and address ranges for free-IP counts. Pure values, no I/O.

/// An IPv4 or IPv6 address as a number, for sorting and pool arithmetic. Every IPv4 address
/// sorts before every IPv6 address.
public struct IPValue: Hashable, Comparable, Sendable {
    /// 4 or 6.
    public let version: Int
    /// The address as an unsigned integer (IPv4 in the low 32 bits).
    public let value: UInt128

    public init(version: Int, value: UInt128) {
        self.version = version
        self.value = value
    }

    /// Parses `a.b.c.d` and IPv6 text (with `::` and a dotted IPv4 tail). A `/prefix` (as in
    /// `1.1.1.1/0`) and a `%zone` are ignored. Returns nil for anything else.
    public init?(_ text: String) {
        var s = Substring(text)
        if let i = s.firstIndex(of: "/") { s = s[..<i] }
        if let i = s.firstIndex(of: "%") { s = s[..<i] }
        if s.contains(":") {
            guard let v = IPValue.parse6(s) else { return nil }
            self.init(version: 6, value: v)
        } else {
            guard let v = IPValue.parse4(s) else { return nil }
            self.init(version: 4, value: UInt128(v))
        }
    }

    public static func < (a: IPValue, b: IPValue) -> Bool {
        a.version != b.version ? a.version < b.version : a.value < b.value
    }

    static func isDecimal(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }

    static func isHex(_ s: Substring) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) }
    }

    static func parse4(_ s: Substring) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard p.count <= 3, isDecimal(p), let n = UInt32(p), n <= 255 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    static func groups6(_ part: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
        if part.isEmpty { return [] }
        let items = part.split(separator: ":", omittingEmptySubsequences: false)
        var out: [UInt16] = []
        for (i, item) in items.enumerated() {
            if item.contains(".") {
                guard allowIPv4Tail, i == items.count - 1, let v4 = parse4(item) else { return nil }
                out.append(UInt16(truncatingIfNeeded: v4 >> 16))
                out.append(UInt16(truncatingIfNeeded: v4))
            } else {
                guard item.count <= 4, isHex(item), let g = UInt16(item, radix: 16) else { return nil }
                out.append(g)
            }
        }
        return out
    }

    static func parse6(_ s: Substring) -> UInt128? {
        var groups: [UInt16]
        if let r = s.firstRange(of: "::") {
            let tailText = s[r.upperBound...]
            guard !tailText.contains("::"),
                  let head = groups6(s[..<r.lowerBound], allowIPv4Tail: false),
                  let tail = groups6(tailText, allowIPv4Tail: true),
                  head.count + tail.count <= 7
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = groups6(s, allowIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
        return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}

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
    case ip(IPValue)
    case text(NaturalText)

    /// Natural text, or `.empty` for an empty string.
    public static func natural(_ s: String) -> SortKey { s.isEmpty ? .empty : .text(NaturalText(s)) }

    /// An address when `s` parses as one (a `/prefix` is ignored), else natural text.
    public static func address(_ s: String?) -> SortKey {
        guard let s, !s.isEmpty else { return .empty }
        return IPValue(s).map(SortKey.ip) ?? .natural(s)
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
