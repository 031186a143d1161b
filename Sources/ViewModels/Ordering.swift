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
