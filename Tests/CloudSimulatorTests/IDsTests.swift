@testable import CloudSimulator
import Foundation
import Testing

/// The simulator's ids are written byte by byte (a scale scenario makes 120,000); they must be
/// what the plain formatting gives, so that a seed still names the same resources.
@Suite("Simulator ids: UUID4 and MAC text")
struct IDsTests {
    /// The formatting spelled out with Foundation.
    static func referenceUUID(_ a: UInt64, _ b: UInt64) -> String {
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: a >> (UInt64($0) * 8)) } + (0..<8).map { UInt8(truncatingIfNeeded: b >> (UInt64($0) * 8)) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }

    @Test("uuid: 8-4-4-4-12 lower-case hex of the generator's next two numbers, version 4, variant 10")
    func uuid() {
        for seed in [0, 1, 42, UInt64.max, 0x1234_5678_9ABC_DEF0] + (0..<500).map({ UInt64($0) &* 0x9E37_79B9 }) {
            var g = SplitMix64(seed: seed)
            var copy = g
            let expected = Self.referenceUUID(copy.next(), copy.next())
            let id = IDs.uuid(&g)
            #expect(id == expected)
            #expect(g.state == copy.state)
            #expect(id.count == 36 && id.utf8.count == 36)
        }
        var g = SplitMix64(seed: 7)
        #expect(IDs.hex32(&g).count == 32)
    }

    @Test("mac: fa:16:3e and three octets of the counter")
    func mac() {
        for n: UInt32 in [0, 1, 0xAB, 0xABCD, 0xFF_FFFF, 0x12_3456, 0xFFFF_FFFF] {
            #expect(IDs.mac(n) == String(format: "fa:16:3e:%02x:%02x:%02x", (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF))
        }
    }

    @Test("scale names: zeros in front as %05d and %06d give them")
    func zeroPadded() {
        for (n, w) in [(0, 5), (7, 5), (12345, 5), (123456, 5), (42, 6), (99999, 6)] {
            #expect(Scenarios.zeroPadded(n, w) == String(format: "%0\(w)d", n))
        }
    }

    @Test("sortedIDs gives String order: uuids, short and equal heads, NUL, and non-ASCII (which falls back)")
    func sortedIDsOrder() {
        var g = SplitMix64(seed: 99)
        var ids = (0..<2000).map { _ in IDs.uuid(&g) }
        ids += ["", "a", "ab", "ab\u{0}", "ab\u{0}\u{0}", "abcdefgh", "abcdefgh0", "abcdefgh\u{0}", "ABC", "abcdefg", "~", " "]
        ids += (0..<300).map { _ in "port-" + String(Int(g.next() % 100_000)) }
        #expect(sortedIDs(ids) == ids.sorted())
        let mixed = ids + ["é", "e\u{301}", "数据库", "abcdefgé"]
        #expect(sortedIDs(mixed) == mixed.sorted())
    }
}
