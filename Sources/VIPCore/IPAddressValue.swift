/// An IPv4 or IPv6 address as a number, parsed strictly (no octal or short IPv4 forms, no
/// zone ids), and printed canonically (dotted quad; RFC 5952 for IPv6). VIPCore's own: the
/// simulator's address type is not shared with the client on purpose.
public struct IPAddressValue: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let raw: UInt128
    /// 4 or 6, in one byte: with the 16-byte number that makes 32 bytes a value (not 48), which
    /// sort keys and address sets hold 100,000 times.
    private let v: UInt8
    public var version: Int { Int(v) }

    public init(version: Int, raw: UInt128) {
        v = version == 4 ? 4 : 6
        self.raw = version == 4 ? raw & 0xFFFF_FFFF : raw
    }

    public var bitWidth: Int { version == 4 ? 32 : 128 }

    public static func < (a: IPAddressValue, b: IPAddressValue) -> Bool {
        a.version != b.version ? a.version < b.version : a.raw < b.raw
    }

    /// Parses `192.168.10.5` or `fd00:10::5` (also `::ffff:1.2.3.4`); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let s = Substring(text)
        if s.contains(":") {
            guard let v = IPAddressValue.parseV6(s) else { return nil }
            self.init(version: 6, raw: v)
        } else {
            guard let v = IPAddressValue.parseV4(s) else { return nil }
            self.init(version: 4, raw: UInt128(v))
        }
    }

    static func parseV4(_ s: Substring) -> UInt32? {
        var value: UInt32 = 0
        var parts = 0
        var digits = 0
        var octet: UInt32 = 0
        var leadingZero = false
        for c in s.utf8 {
            if c == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | octet
                parts += 1
                digits = 0
                octet = 0
                leadingZero = false
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                if leadingZero { return nil }  // 01.2.3.4: ambiguous (octal to some tools)
                if digits == 0 && c == UInt8(ascii: "0") { leadingZero = true }
                octet = octet * 10 + UInt32(c - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard parts == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    static func parseV6(_ s: Substring) -> UInt128? {
        guard !s.isEmpty, s.utf8.count <= 45 else { return nil }
        let u = Array(s.utf8)
        var gap: Int?
        var k = 0
        while k + 1 < u.count {
            if u[k] == UInt8(ascii: ":") && u[k + 1] == UInt8(ascii: ":") {
                guard gap == nil else { return nil }  // at most one "::"
                gap = k
                k += 2
            } else {
                k += 1
            }
        }
        let groups: [UInt16]
        if let g = gap {
            let headText = String(decoding: u[..<g], as: UTF8.self)
            let tailText = String(decoding: u[(g + 2)...], as: UTF8.self)
            guard let head = groupList(Substring(headText), v4Tail: false),
                  let tail = groupList(Substring(tailText), v4Tail: true), head.count + tail.count <= 7
            else { return nil }
            groups = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = groupList(s, v4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
        var value: UInt128 = 0
        for g in groups { value = value << 16 | UInt128(g) }
        return value
    }

    /// `a:b:c` (possibly empty) as 16-bit groups; the last may be a dotted IPv4 address.
    private static func groupList(_ t: Substring, v4Tail: Bool) -> [UInt16]? {
        if t.isEmpty { return [] }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        var out: [UInt16] = []
        for (i, p) in parts.enumerated() {
            if i == parts.count - 1, v4Tail, p.contains(".") {
                guard let v4 = parseV4(p) else { return nil }
                out += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
            } else {
                guard (1...4).contains(p.utf8.count), p.utf8.allSatisfy({ isHex($0) }), let v = UInt16(p, radix: 16) else { return nil }
                out.append(v)
            }
        }
        return out
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
    }

    public var description: String {
        if version == 4 {
            let v = UInt32(truncatingIfNeeded: raw)
            return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
        }
        var groups: [UInt16] = []
        for k in stride(from: 7, through: 0, by: -1) { groups.append(UInt16(truncatingIfNeeded: raw >> (UInt128(k) * 16))) }
        // RFC 5952: the longest run (>= 2) of zero groups, the first one on a tie, becomes "::".
        var best = (start: -1, length: 0)
        var i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > best.length && j - i >= 2 { best = (i, j - i) }
                i = j
            } else {
                i += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        if best.start < 0 { return hex.joined(separator: ":") }
        let left = hex[..<best.start].joined(separator: ":")
        let right = hex[(best.start + best.length)...].joined(separator: ":")
        return left + "::" + right
    }
}

/// A CIDR (`192.168.10.0/24`, `fd00:10::/64`, also `1.1.1.1/0` as written).
public struct CIDRValue: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddressValue
    public let prefix: Int

    public init?(_ text: some StringProtocol) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        guard let a = IPAddressValue(text[..<slash]) else { return nil }
        let p = text[text.index(after: slash)...]
        guard !p.isEmpty, p.utf8.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(p), n <= a.bitWidth else { return nil }
        address = a
        prefix = n
    }

    public var version: Int { address.version }

    var hostMask: UInt128 {
        let hostBits = address.bitWidth - prefix
        return hostBits == 0 ? 0 : (hostBits >= 128 ? UInt128.max : (UInt128(1) << UInt128(hostBits)) - 1)
    }

    /// The first address.
    public var network: IPAddressValue { IPAddressValue(version: version, raw: address.raw & ~hostMask) }
    /// The last address (IPv4: the broadcast address when the prefix is below 31).
    public var last: IPAddressValue { IPAddressValue(version: version, raw: (address.raw & ~hostMask) | hostMask) }

    public func contains(_ a: IPAddressValue) -> Bool {
        a.version == version && (a.raw & ~hostMask) == (address.raw & ~hostMask)
    }

    public var description: String { "\(address)/\(prefix)" }
}

/// Pair addresses compared the way neutron stores them: a plain IP and the same IP as a
/// host route (`/32`, `/128`) are one; IPv6 in any spelling is one; other CIDRs keep their
/// address and prefix as written (`1.1.1.1/0` is not `0.0.0.0/0` here).
enum PairKey {
    static func of(_ text: String) -> String {
        if text.contains("/") {
            guard let c = CIDRValue(text) else { return text.lowercased() }
            if c.prefix == c.address.bitWidth { return c.address.description }
            return c.description
        }
        return IPAddressValue(text)?.description ?? text.lowercased()
    }
}
