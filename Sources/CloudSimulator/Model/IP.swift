// IPv4/IPv6 addresses and CIDRs, with the strictness neutron applies (netaddr renderings).

public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt128)

    public var version: Int { if case .v4 = self { return 4 }; return 6 }
    var bitWidth: Int { version == 4 ? 32 : 128 }
    var raw: UInt128 {
        switch self {
        case .v4(let v): return UInt128(v)
        case .v6(let v): return v
        }
    }

    static func make(version: Int, raw: UInt128) -> IPAddress {
        version == 4 ? .v4(UInt32(truncatingIfNeeded: raw)) : .v6(raw)
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        if a.version != b.version { return a.version < b.version }
        return a.raw < b.raw
    }

    /// Parses a plain address (no prefix). Accepts only canonical IPv4 dotted quads
    /// (no leading zeros, as netaddr renders them) and any valid IPv6 text form.
    public init?(_ text: String) {
        if text.contains(":") {
            guard let v = IPAddress.parseV6(text) else { return nil }
            self = .v6(v)
        } else {
            guard let v = IPAddress.parseV4(text) else { return nil }
            self = .v4(v)
        }
    }

    static func parseV4(_ s: Substring) -> UInt32? { parseV4(String(s)) }
    static func parseV4(_ s: String) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            if p.count > 1 && p.first == "0" { return nil }
            guard let n = UInt32(p), n <= 255 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    static func parseV6(_ s: String) -> UInt128? {
        guard !s.isEmpty, s.count <= 45 else { return nil }
        var text = Substring(s)
        var tailV4: UInt32?
        // Embedded IPv4 in the last 32 bits.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = parseV4(text[text.index(after: lastColon)...]) else { return nil }
            tailV4 = v4
            text = text[...lastColon]
            if text.hasSuffix("::") {
                // keep as is
            } else {
                text = text.dropLast()
            }
        }
        let groupsWanted = tailV4 == nil ? 8 : 6
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for g in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let n = UInt16(g, radix: 16) else { return nil }
                out.append(n)
            }
            return out
        }
        var all: [UInt16]
        if halves.count == 2 {
            guard let a = groups(halves[0]), let b = groups(halves[1]), a.count + b.count < groupsWanted else { return nil }
            all = a + Array(repeating: 0, count: groupsWanted - a.count - b.count) + b
        } else {
            guard let a = groups(halves[0]), a.count == groupsWanted else { return nil }
            all = a
        }
        var v: UInt128 = 0
        for g in all { v = v << 16 | UInt128(g) }
        if let t = tailV4 { v = v << 32 | UInt128(t) }
        return v
    }

    public var description: String {
        switch self {
        case .v4(let v):
            return "\(v >> 24 & 0xFF).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
        case .v6(let v):
            var groups: [UInt16] = []
            for i in (0..<8).reversed() { groups.append(UInt16(truncatingIfNeeded: v >> (UInt128(i) * 16))) }
            // RFC 5952: compress the longest run (length >= 2) of zero groups, the first on ties.
            var bestStart = -1, bestLen = 0, curStart = -1, curLen = 0
            for (i, g) in groups.enumerated() {
                if g == 0 {
                    if curStart < 0 { curStart = i; curLen = 0 }
                    curLen += 1
                    if curLen > bestLen { bestStart = curStart; bestLen = curLen }
                } else {
                    curStart = -1
                }
            }
            let hex = groups.map { String($0, radix: 16) }
            if bestLen < 2 { return hex.joined(separator: ":") }
            let head = hex[0..<bestStart].joined(separator: ":")
            let tail = hex[(bestStart + bestLen)...].joined(separator: ":")
            return head + "::" + tail
        }
    }

    func adding(_ n: UInt128) -> IPAddress { IPAddress.make(version: version, raw: raw &+ n) }
}

public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress  // as written (host bits allowed)
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = IPAddress(String(parts[0])),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              parts[1].count <= 3, let p = Int(parts[1]), p <= a.bitWidth
        else { return nil }
        if parts[1].count > 1 && parts[1].first == "0" { return nil }
        address = a
        prefix = p
    }

    init(address: IPAddress, prefix: Int) {
        self.address = address
        self.prefix = prefix
    }

    public var version: Int { address.version }
    var mask: UInt128 {
        let w = address.bitWidth
        if prefix == 0 { return 0 }
        let ones: UInt128 = w == 128 ? ~0 : (UInt128(1) << UInt128(w)) - 1
        return ones ^ ((UInt128(1) << UInt128(w - prefix)) - 1)
    }
    public var network: IPAddress { IPAddress.make(version: version, raw: address.raw & mask) }
    public var last: IPAddress {
        let w = address.bitWidth
        let hostBits: UInt128 = prefix == w ? 0 : (w - prefix == 128 ? ~0 : (UInt128(1) << UInt128(w - prefix)) - 1)
        return IPAddress.make(version: version, raw: (address.raw & mask) | hostBits)
    }
    public func contains(_ ip: IPAddress) -> Bool {
        ip.version == version && (ip.raw & mask) == (address.raw & mask)
    }
    /// The network form (`10.0.0.0/24`), as neutron stores subnet CIDRs.
    public var normalized: CIDR { CIDR(address: network, prefix: prefix) }
    public var description: String { "\(address)/\(prefix)" }
    public func overlaps(_ o: CIDR) -> Bool { contains(o.network) || o.contains(network) }
}

/// A MAC address as neutron accepts it (six colon- or dash-separated hex octets).
enum MAC {
    static func isValid(_ s: String) -> Bool {
        let parts = s.split(whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == 6, s.count == 17 else { return false }
        return parts.allSatisfy { $0.count == 2 && UInt8($0, radix: 16) != nil }
    }
    static func normalized(_ s: String) -> String { s.lowercased().replacingOccurrences(of: "-", with: ":") }
    static func isMulticast(_ s: String) -> Bool {
        guard let first = s.split(separator: ":").first, let b = UInt8(first, radix: 16) else { return false }
        return b & 1 == 1
    }
}

import Foundation
