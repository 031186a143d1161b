import CloudAPI
import Foundation
import PropertyBased
import Testing
@testable import VIPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Property-based tests (issue 10, item 7) with swift-property-based: random inputs, each
// property checked on hundreds of them; a failure prints the input and a seed to replay it
// with `.fixedSeed("...")`.

// MARK: - oracles

/// The C library's parser and printer: an independent implementation to compare with.
enum LibC {
    static func parse4(_ s: String) -> UInt32? {
        var a = in_addr()
        guard inet_pton(AF_INET, s, &a) == 1 else { return nil }
        return UInt32(bigEndian: a.s_addr)
    }

    static func parse6(_ s: String) -> UInt128? {
        var a = in6_addr()
        guard inet_pton(AF_INET6, s, &a) == 1 else { return nil }
        return withUnsafeBytes(of: &a) { bytes in bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
    }

    static func format6(_ v: UInt128) -> String {
        var a = in6_addr()
        withUnsafeMutableBytes(of: &a) { bytes in
            for i in 0..<16 { bytes[i] = UInt8(truncatingIfNeeded: v >> UInt128((15 - i) * 8)) }
        }
        var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &a, &buf, socklen_t(buf.count)) != nil else { return "" }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// An IPv6 value spread over its groups, so random ones have runs of zeros (where "::" and
/// the RFC 5952 rules matter): each group is zero, small, or anything.
let v6Groups = zip(Gen.int(in: 0...2).array(of: 8), Gen.uint16().array(of: 8)).map { kinds, values -> UInt128 in
    var v: UInt128 = 0
    for i in 0..<8 {
        let g: UInt16 = kinds[i] == 0 ? 0 : (kinds[i] == 1 ? values[i] & 0xF : values[i])
        v = v << 16 | UInt128(g)
    }
    return v
}

func groups(_ v: UInt128) -> [UInt16] { (0..<8).map { UInt16(truncatingIfNeeded: v >> UInt128((7 - $0) * 16)) } }

// MARK: - IP and CIDR parsing

@Suite("Properties: IP and CIDR parsing")
struct IPPropertyTests {
    @Test("IPv4: every value prints as a dotted quad and parses back to itself; the C library agrees")
    func v4RoundTrip() async {
        await propertyCheck(count: 500, input: Gen.uint32()) { v in
            let a = IPAddressValue(version: 4, raw: UInt128(v))
            let text = a.description
            #expect(text == "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)")
            #expect(IPAddressValue(text) == a)
            #expect(LibC.parse4(text) == v)
        }
    }

    @Test("IPv6: every value parses back from its canonical form, its full form and upper case; the C library agrees")
    func v6RoundTrip() async {
        await propertyCheck(count: 500, input: v6Groups) { v in
            let a = IPAddressValue(version: 6, raw: v)
            let canonical = a.description
            #expect(IPAddressValue(canonical) == a, "\(canonical)")
            #expect(LibC.parse6(canonical) == v, "\(canonical)")
            let full = groups(v).map { g in
                let h = String(g, radix: 16)
                return String(repeating: "0", count: 4 - h.count) + h
            }.joined(separator: ":")
            #expect(IPAddressValue(full) == a, "\(full)")
            #expect(IPAddressValue(full.uppercased()) == a, "\(full.uppercased())")
            // What the C library prints (sometimes with a dotted IPv4 tail) parses to the same.
            let libc = LibC.format6(v)
            #expect(IPAddressValue(libc) == a, "\(libc)")
        }
    }

    @Test("IPv6: the printed form is RFC 5952 (lower case, no leading zeros, the longest run of >= 2 zero groups as ::)")
    func v6Canonical() async {
        await propertyCheck(count: 500, input: v6Groups) { v in
            let text = IPAddressValue(version: 6, raw: v).description
            #expect(text == text.lowercased())
            #expect(text.components(separatedBy: "::").count <= 2, "\(text)")
            let parts = text.split(separator: ":", omittingEmptySubsequences: true)
            #expect(parts.allSatisfy { $0.count <= 4 && ($0 == "0" || !$0.hasPrefix("0")) }, "\(text)")
            // The run that "::" stands for: the longest (first on a tie), at least 2 groups.
            let g = groups(v)
            var best = (start: -1, length: 0)
            var i = 0
            while i < 8 {
                var j = i
                while j < 8 && g[j] == 0 { j += 1 }
                if j - i > best.length { best = (i, j - i) }
                i = max(j, i + 1)
            }
            #expect(text.contains("::") == (best.length >= 2), "\(text)")
            if best.length >= 2 {
                #expect(parts.count == 8 - best.length, "\(text)")
            } else {
                #expect(parts.count == 8, "\(text)")
            }
            // The C library compresses the same run (compare where it prints no IPv4 tail).
            let libc = LibC.format6(v)
            if !libc.contains(".") { #expect(libc == text) }
        }
    }

    @Test("IPv4 strings of digits and dots: accepted exactly when the C library accepts them, with its value")
    func v4AgreesWithLibC() async {
        let chars = Gen.element(of: Array("0123456789....")).map { $0 ?? "." }
        // Near-misses of real addresses too: octets up to 999 and leading zeros.
        let quads = zip(Gen.int(in: 0...999).array(of: 3...5), Gen.bool(0.2)).map { octets, zero -> String in
            octets.map { zero && $0 < 100 ? "0\($0)" : "\($0)" }.joined(separator: ".")
        }
        await propertyCheck(count: 1000, input: chars.string(of: 0...17), quads) { random, quad in
            for s in [random, quad] {
                let ours = IPAddressValue(s)
                let theirs = LibC.parse4(s)
                #expect((ours != nil) == (theirs != nil), "\(s): ours \(String(describing: ours)), libc \(String(describing: theirs))")
                if let ours, let theirs { #expect(ours.raw == UInt128(theirs) && ours.version == 4) }
            }
        }
    }

    @Test("IPv6-looking strings: accepted exactly when the C library accepts them, with its value")
    func v6AgreesWithLibC() async {
        let chars = Gen.element(of: Array("0123456789abcdefABCDEF::::..")).map { $0 ?? ":" }
        // Valid addresses with one character changed, dropped or doubled.
        let mutated = zip(v6Groups, Gen.int(in: 0...60), Gen.int(in: 0...2), Gen.element(of: Array("0f:.g")))
            .map { t -> String in
                let (v, at, how, c) = t
                var s = Array(IPAddressValue(version: 6, raw: v).description)
                if s.isEmpty { return "" }
                let i = at % s.count
                switch how {
                case 0: s[i] = c ?? ":"
                case 1: s.remove(at: i)
                default: s.insert(s[i], at: i)
                }
                return String(s)
            }
        await propertyCheck(count: 1000, input: chars.string(of: 0...40), mutated) { random, near in
            for s in [random, near] {
                let ours = IPAddressValue(s)
                let theirs = s.contains(":") ? LibC.parse6(s) : nil
                if s.contains(":") {
                    #expect((ours != nil) == (theirs != nil), "\(s): ours \(String(describing: ours)), libc \(String(describing: theirs))")
                    if let ours, let theirs { #expect(ours.raw == theirs && ours.version == 6) }
                }
            }
        }
    }

    @Test("CIDR: any address and prefix in range parses; network <= address <= last, all inside, 2^(bits-prefix) addresses")
    func cidrRanges() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...32), v6Groups, Gen.int(in: 0...128)) { v4, p4, v6, p6 in
            for (a, p) in [(IPAddressValue(version: 4, raw: UInt128(v4)), p4), (IPAddressValue(version: 6, raw: v6), p6)] {
                let text = "\(a)/\(p)"
                guard let c = CIDRValue(text) else {
                    Issue.record("\(text) did not parse")
                    continue
                }
                #expect(c.address == a && c.prefix == p && c.description == text)
                #expect(c.network <= a && a <= c.last)
                #expect(c.contains(a) && c.contains(c.network) && c.contains(c.last))
                let hostBits = a.bitWidth - p
                let mask: UInt128 = hostBits == 0 ? 0 : (hostBits == 128 ? .max : (UInt128(1) << UInt128(hostBits)) - 1)
                #expect(c.network.raw & mask == 0)
                #expect(c.last.raw - c.network.raw == mask)
                // Just outside is outside (when there is an outside).
                if c.network.raw > 0 { #expect(!c.contains(IPAddressValue(version: a.version, raw: c.network.raw - 1))) }
                let top: UInt128 = a.version == 4 ? 0xFFFF_FFFF : .max
                if c.last.raw < top { #expect(!c.contains(IPAddressValue(version: a.version, raw: c.last.raw + 1))) }
                // The other version is never inside.
                #expect(!c.contains(IPAddressValue(version: a.version == 4 ? 6 : 4, raw: a.raw)))
            }
        }
    }

    @Test("rejected: octets above 255, prefixes past the address width, signs, spaces, empty parts")
    func rejections() async {
        await propertyCheck(count: 500, input: Gen.int(in: 256...100_000), Gen.int(in: 0...3), Gen.uint32(), Gen.int(in: 33...999)) {
            big, at, v, badPrefix in
            var octets = (0..<4).map { "\((v >> UInt32(24 - $0 * 8)) & 0xFF)" }
            let good = octets.joined(separator: ".")
            octets[at] = "\(big)"
            #expect(IPAddressValue(octets.joined(separator: ".")) == nil)
            #expect(CIDRValue(octets.joined(separator: ".") + "/24") == nil)
            #expect(CIDRValue("\(good)/\(badPrefix)") == nil)
            #expect(CIDRValue("\(good)/-\(at)") == nil)
            #expect(CIDRValue("\(good)/") == nil)
            #expect(CIDRValue("\(good)/ 8") == nil)
            #expect(IPAddressValue(" " + good) == nil && IPAddressValue(good + " ") == nil)
            #expect(IPAddressValue(good + ".") == nil && IPAddressValue("." + good) == nil)
            #expect(CIDRValue("fd00::/\(128 + badPrefix)") == nil)
        }
    }

    @Test("parsing never crashes on random text, and whatever parses prints to a form that parses to the same value")
    func neverCrashes() async {
        let scalar = Gen<Character>.frequency(
            (3, Gen.element(of: Array("0123456789abcdefABCDEF:./% -+xX")).map { $0 ?? ":" }),
            (1, Gen.unicodeScalar(in: "\u{0}"..."\u{D7FF}").map { Character($0) })
        )
        await propertyCheck(count: 2000, input: scalar.string(of: 0...60)) { s in
            if let a = IPAddressValue(s) { #expect(IPAddressValue(a.description) == a, "\(s)") }
            if let c = CIDRValue(s) { #expect(CIDRValue(c.description) == c, "\(s)") }
            let key = PairKey.of(s)
            #expect(PairKey.of(key) == key, "\(s) -> \(key)")
        }
    }
}

// MARK: - pair merges

/// A pair as a person or a cloud writes it: one of a few addresses (so lists collide), in
/// one of its spellings, with or without a MAC. `identity` says which pairs are the same
/// pair by the rules (address and prefix; a host route is the plain address; IPv6 in any
/// spelling; `1.1.1.1/0` is neither `0.0.0.0/0` nor `1.1.1.1`), worked out here by hand,
/// not with `PairKey`.
struct PairSpec: Sendable, CustomStringConvertible {
    let kind: Int
    let host: Int
    let spelling: Int
    let mac: Int

    var identity: String {
        switch kind {
        case 0...3: return "v4 host \(host)"
        case 4...6: return "v6 host \(host)"
        case 7: return "v4 net \(host)"
        case 8: return "v6 net \(host)"
        default: return ["1.1.1.1/0", "0.0.0.0/0", "1.1.1.1"][host % 3]
        }
    }

    var text: String {
        switch kind {
        case 0...3:
            return spelling == 2 ? "10.0.0.\(host)/32" : "10.0.0.\(host)"
        case 4...6:
            let h = String(host, radix: 16)
            switch spelling {
            case 0: return host == 0 ? "fd00::" : "fd00::\(h)"
            case 1: return "fd00:0000:0000:0000:0000:0000:0000:000\(h)"
            case 2: return (host == 0 ? "fd00::" : "fd00::\(h)").uppercased()
            default: return "fd00:0:0:0:0:0:0:\(h)/128"
            }
        case 7:
            return "10.0.\(host).0/24"
        case 8:
            return spelling == 2 ? "FD00:\(host)::/64" : "fd00:\(host)::/64"
        default:
            return ["1.1.1.1/0", "0.0.0.0/0", "1.1.1.1"][host % 3]
        }
    }

    var macAddress: String? { mac == 0 ? nil : "fa:16:3e:00:00:0\(mac)" }
    var pair: AddressPair { AddressPair(ipAddress: text, macAddress: macAddress) }
    var description: String { macAddress.map { "\(text)@\($0)" } ?? text }
}

let pairSpecs = zip(Gen.int(in: 0...9), Gen.int(in: 0...5), Gen.int(in: 0...3), Gen.int(in: 0...3))
    .map { t in PairSpec(kind: t.0, host: t.1, spelling: t.2, mac: t.3) }

/// A port's pair list as neutron keeps it: no two pairs with the same address and MAC
/// (the same address with two MACs is allowed).
let portPairs = pairSpecs.array(of: 0...6).map { specs -> [PairSpec] in
    var seen: Set<String> = []
    return specs.filter { seen.insert($0.identity + "|" + ($0.macAddress ?? "")).inserted }
}

func port(_ pairs: [PairSpec], id: String = "port-1") -> Port {
    F.port(id, ips: [(F.prodSub, "192.168.10.50")], pairs: pairs.map { ($0.text, $0.macAddress) })
}

func ids(_ pairs: [AddressPair], _ specs: [PairSpec]) -> [String] {
    // Every pair in these tests came from a spec; find its identity by its text.
    pairs.map { p in specs.first { $0.text == p.ipAddress }?.identity ?? "unknown \(p.ipAddress)" }
}

/// The pairs of a PUT body, as (ip_address, mac_address).
func bodyPairs(_ body: String) -> [AddressPair]? {
    guard let data = body.data(using: .utf8),
          let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let port = o["port"] as? [String: Any], let list = port["allowed_address_pairs"] as? [[String: Any]]
    else { return nil }
    return list.compactMap { d in (d["ip_address"] as? String).map { AddressPair(ipAddress: $0, macAddress: d["mac_address"] as? String) } }
}

@Suite("Properties: pair merges")
struct PairMergePropertyTests {
    @Test("merging keeps every pair it was not told to remove, in order with its MAC; appends the new ones once, without a MAC")
    func mergeIsExact() async {
        await propertyCheck(count: 1000, input: portPairs, pairSpecs.array(of: 0...4), pairSpecs.array(of: 0...4)) { have, add, remove in
            let p = port(have)
            let delta = PortDelta(addPairs: add.map(\.text), removePairs: remove.map(\.text))
            let merged = delta.mergedPairs(p.allowedAddressPairs)
            let removed = Set(remove.map(\.identity))
            // The model: the kept pairs as they were, then each new address once.
            var expected = have.filter { !removed.contains($0.identity) }.map(\.pair)
            var present = Set(have.map(\.identity))
            for a in add where !present.contains(a.identity) && !removed.contains(a.identity) {
                present.insert(a.identity)
                expected.append(AddressPair(ipAddress: a.text))
            }
            #expect(merged == expected, "have \(have) add \(add) remove \(remove)")
            // Never drops a pair it was not told to drop.
            for h in have where !removed.contains(h.identity) {
                #expect(merged.contains(h.pair), "\(h) dropped: have \(have) add \(add) remove \(remove)")
            }
            // No duplicates produced: the new pairs are new and distinct.
            let kept = have.filter { !removed.contains($0.identity) }.count
            let newIDs = ids(Array(merged.dropFirst(kept)), add)
            #expect(Set(newIDs).count == newIDs.count)
            #expect(Set(newIDs).isDisjoint(with: have.map(\.identity)))
        }
    }

    @Test("applying the same delta twice changes nothing the second time (merge, holds, body)")
    func idempotent() async {
        await propertyCheck(count: 1000, input: portPairs, pairSpecs.array(of: 0...4), pairSpecs.array(of: 0...4)) { have, add, remove in
            var p = port(have)
            let delta = PortDelta(addPairs: add.map(\.text), removePairs: remove.map(\.text))
            let once = delta.mergedPairs(p.allowedAddressPairs)
            #expect(delta.mergedPairs(once) == once)
            p.allowedAddressPairs = once
            if Set(add.map(\.identity)).isDisjoint(with: remove.map(\.identity)) {
                #expect(delta.holds(on: p), "have \(have) add \(add) remove \(remove)")
            }
            #expect(delta.body(on: p) == nil, "a second write: \(delta.body(on: p) ?? "")")
        }
    }

    @Test("the PUT body carries exactly the merged list (kept MACs included), and only when the list changes")
    func bodyMatchesMerge() async {
        await propertyCheck(count: 1000, input: portPairs, pairSpecs.array(of: 0...4), pairSpecs.array(of: 0...4)) { have, add, remove in
            let p = port(have)
            let delta = PortDelta(addPairs: add.map(\.text), removePairs: remove.map(\.text))
            let merged = delta.mergedPairs(p.allowedAddressPairs)
            let changes = ids(merged, have + add) != ids(p.allowedAddressPairs, have)
            let body = delta.body(on: p)
            #expect((body != nil) == changes, "have \(have) add \(add) remove \(remove): \(body ?? "nil")")
            if let body { #expect(bodyPairs(body) == merged, "\(body)") }
            // holds: every added address present, every removed one absent.
            let present = Set(have.map(\.identity))
            let holds = add.allSatisfy { present.contains($0.identity) } && remove.allSatisfy { !present.contains($0.identity) }
            #expect(delta.holds(on: p) == holds)
        }
    }

    @Test("adding pairs that were absent and removing them again gives back the original list exactly")
    func addThenRemove() async {
        await propertyCheck(count: 1000, input: portPairs, pairSpecs.array(of: 1...4)) { have, extra in
            let present = Set(have.map(\.identity))
            let add = extra.filter { !present.contains($0.identity) }
            let p = port(have)
            let added = PortDelta(addPairs: add.map(\.text)).mergedPairs(p.allowedAddressPairs)
            let back = PortDelta(removePairs: add.map(\.text)).mergedPairs(added)
            #expect(back == p.allowedAddressPairs, "have \(have) add \(add)")
            // And what a run records undoes exactly that.
            var change = EffectiveChange()
            change.record(PortDelta(addPairs: add.map(\.text)), pre: p)
            var after = p
            after.allowedAddressPairs = added
            #expect(change.inverse.mergedPairs(added) == p.allowedAddressPairs)
            #expect(change.holds(on: after))
            after.allowedAddressPairs = change.inverse.mergedPairs(added)
            #expect(change.reverted(on: after))
        }
    }

    @Test("1.1.1.1/0 is its own pair: removing 1.1.1.1 or 0.0.0.0/0 keeps it, only 1.1.1.1/0 removes it")
    func checkOffMarker() async {
        await propertyCheck(count: 300, input: portPairs) { have in
            let marker = PairSpec(kind: 9, host: 0, spelling: 0, mac: 1)
            let p = port(have.filter { $0.identity != marker.identity } + [marker])
            for other in ["1.1.1.1", "1.1.1.1/32", "0.0.0.0/0", "1.1.1.0/0", "1.1.1.1/1"] {
                #expect(PortDelta(removePairs: [other]).mergedPairs(p.allowedAddressPairs).contains(marker.pair), "\(other)")
            }
            #expect(!PortDelta(removePairs: [Planner.checkOffPair]).mergedPairs(p.allowedAddressPairs).contains { $0.ipAddress == "1.1.1.1/0" })
            // Adding it again adds nothing.
            #expect(PortDelta(addPairs: [Planner.checkOffPair]).body(on: p) == nil)
        }
    }
}

// MARK: - the planner's merges

/// A VIP with random pairs and up to three NICs (some with 1.1.1.1/0 or other pairs), on
/// the demo fixtures' subnet.
struct BindCase: Sendable, CustomStringConvertible {
    let vipPairs: [PairSpec]
    let nicPairs: [[PairSpec]]
    let bound: [Bool]
    let nicCount: Int

    var nics: [Port] {
        (0..<nicCount).map { i in
            var pairs = nicPairs[i].map { ($0.text, $0.macAddress) }
            if bound[i] { pairs.append(("1.1.1.1/0", "fa:16:3e:00:01:0\(i)")) }
            return F.port("nic-\(i)", owner: "compute:nova", device: "srv-\(i)", ips: [(F.prodSub, "192.168.10.\(11 + i)")],
                          pairs: pairs, mac: "fa:16:3e:00:01:0\(i)")
        }
    }

    var vip: Port {
        // Some of the NICs' addresses already in the VIP's pairs, with their MACs.
        var pairs = vipPairs.map { ($0.text, $0.macAddress) }
        for i in 0..<nicCount where bound[i] { pairs.append(("192.168.10.\(11 + i)", "fa:16:3e:00:01:0\(i)")) }
        return F.port("vip-1", name: "vip", owner: Port.vipOwner, ips: [(F.prodSub, "192.168.10.100")], pairs: pairs)
    }

    var description: String { "vip pairs \(vipPairs), nic pairs \(nicPairs.prefix(nicCount)), bound \(bound.prefix(nicCount))" }
}

let bindCases = zip(portPairs, portPairs.array(of: 3), Gen.bool.array(of: 3), Gen.int(in: 1...3))
    .map { t in BindCase(vipPairs: t.0, nicPairs: t.1, bound: t.2, nicCount: t.3) }

/// The ports after the plan's PUTs went through as the plan shows them.
func applied(_ plan: Plan, to ports: [Port]) -> [Port] {
    var out = ports
    for step in plan.steps where step.method == "PUT" {
        guard case .existing(let id) = step.port, let i = out.firstIndex(where: { $0.id == id }),
              let body = step.body, let pairs = bodyPairs(body) else { continue }
        out[i].allowedAddressPairs = pairs
    }
    return out
}

@Suite("Properties: the planner's pair merges")
struct PlannerPropertyTests {
    @Test("bind and unbind, both strategies: each PUT keeps every pair it does not name (MAC included), adds or removes only what the intent names; re-planning after it finds nothing to do")
    func plannerNeverDropsPairs() async {
        await propertyCheck(count: 300, input: bindCases) { c in
            let ports = [c.vip] + c.nics
            let nicIDs = c.nics.map(\.id)
            for strategy in [VIPStrategy.huawei, .openstack] {
                for intent in [Intent.bind(vipPortID: "vip-1", nicPortIDs: nicIDs), .unbind(vipPortID: "vip-1", nicPortIDs: nicIDs)] {
                    let plan: Plan
                    do { plan = try Planner.plan(intent, snapshot: F.snapshot(ports, max: 64), strategy: strategy, ifMatch: true) } catch {
                        continue  // a refusal (e.g. a NIC with port security off) is not a merge
                    }
                    let named: Set<String>
                    switch (strategy, intent) {
                    case (.huawei, .bind): named = Set(c.nics.map { PairKey.of($0.fixedIPs[0].ipAddress) } + [PairKey.of(Planner.checkOffPair)])
                    case (.huawei, _): named = Set(c.nics.map { PairKey.of($0.fixedIPs[0].ipAddress) })
                    default: named = [PairKey.of("192.168.10.100")]
                    }
                    for step in plan.steps where step.method == "PUT" {
                        guard case .existing(let id) = step.port, let before = ports.first(where: { $0.id == id }),
                              let body = step.body, let after = bodyPairs(body)
                        else {
                            Issue.record("a PUT without pairs: \(step)")
                            continue
                        }
                        let afterKeys = Set(after.map { PairKey.of($0.ipAddress) })
                        let beforeKeys = Set(before.allowedAddressPairs.map { PairKey.of($0.ipAddress) })
                        for pair in before.allowedAddressPairs where !named.contains(PairKey.of(pair.ipAddress)) {
                            #expect(after.contains(pair), "\(strategy) \(intent) dropped \(pair) from \(id): \(c)")
                        }
                        if case .bind = intent {
                            #expect(beforeKeys.isSubset(of: afterKeys), "\(strategy) bind removed a pair from \(id): \(c)")
                        } else {
                            #expect(afterKeys.isSubset(of: beforeKeys), "\(strategy) unbind added a pair to \(id): \(c)")
                            // Unbinding never takes 1.1.1.1/0 off a NIC (other VIPs may rely on it).
                            #expect(!beforeKeys.contains(PairKey.of(Planner.checkOffPair)) || afterKeys.contains(PairKey.of(Planner.checkOffPair))
                                || id == "vip-1", "\(strategy) unbind removed 1.1.1.1/0 from \(id): \(c)")
                        }
                        #expect(afterKeys.symmetricDifference(beforeKeys).isSubset(of: named), "\(strategy) \(intent) on \(id): \(c)")
                        #expect(Set(after.map { PairKey.of($0.ipAddress) + "|" + ($0.macAddress ?? "") }).count == after.count,
                                "duplicates in \(body)")
                    }
                    let again = try? Planner.plan(intent, snapshot: F.snapshot(applied(plan, to: ports), max: 64), strategy: strategy, ifMatch: true)
                    #expect(again?.steps.isEmpty == true, "\(strategy) \(intent) twice: \(again?.steps.map(\.summary) ?? []) for \(c)")
                }
            }
        }
    }
}
