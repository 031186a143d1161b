import Testing
import TestSupport
import VIPCore
@testable import ViewModels

@Suite("Ordering: IP values, natural text, sort keys, counts")
struct OrderingTests {
    @Test("address sort keys: VIPCore's address type; a /prefix and a %zone are ignored; anything else sorts as text")
    func addressKeys() throws {
        let v4 = try #require(IPAddressValue("10.0.0.9"))
        #expect(SortKey.address("10.0.0.9") == .ip(v4))
        #expect(SortKey.address("1.1.1.1/0") == .ip(try #require(IPAddressValue("1.1.1.1"))))
        #expect(SortKey.address("fe80::1%eth0") == .ip(try #require(IPAddressValue("fe80::1"))))
        #expect(SortKey.address("fd00:10::/64") == .ip(try #require(IPAddressValue("fd00:10::"))))
        #expect(SortKey.address("FD00:10:0:0:0:0:0:2") == SortKey.address("fd00:10::2"))
        for bad in ["10.0.0", "10.0.0.256", "10.0.0.1.2", "a.b.c.d", "10..0.1", "+1.0.0.1", "1000.0.0.1", "web-01", "1::2::3", "g::1"] {
            #expect(SortKey.address(bad) == .natural(bad), "\(bad)")
        }
        #expect(SortKey.address("") == .empty)
    }

    @Test("addresses sort by number, IPv4 before IPv6: 10.0.0.9 < 10.0.0.10 < 10.0.0.100 < 192.168.0.1 < ::1")
    func ipOrder() {
        let texts = ["::1", "192.168.0.1", "10.0.0.100", "10.0.0.10", "10.0.0.9"]
        let sorted = texts.sorted { SortKey.address($0) < SortKey.address($1) }
        #expect(sorted == ["10.0.0.9", "10.0.0.10", "10.0.0.100", "192.168.0.1", "::1"])
        #expect(!(SortKey.address("10.0.0.10") < SortKey.address("10.0.0.9")))
    }

    @Test("natural text: digit runs as numbers, ASCII case ignored, leading zeros equal")
    func natural() {
        let names = ["web-10", "Web-2", "web-1", "app", "数据库", "web-02b", "b"]
        let sorted = names.sorted { NaturalText($0) < NaturalText($1) }
        #expect(sorted == ["app", "b", "web-1", "Web-2", "web-02b", "web-10", "数据库"])
        #expect(NaturalText("WEB-01") == NaturalText("web-1"))
        #expect(NaturalText("a") < NaturalText("ab"))
        #expect(!(NaturalText("ab") < NaturalText("a")))
    }

    @Test("natural text's byte encoding orders as the reading order (a scalar-by-scalar model), for random texts")
    func encodingMatchesModel() {
        var g = SeededRandom(seed: 4242)
        let parts = ["web", "WEB", "-", "0", "00", "7", "10", "0010", "999999999999", String(repeating: "9", count: 300),
                     "0" + String(repeating: "1", count: 255), "数据库", "é", " ", "a", "Z", "/", ":", "\u{0}", "_", "~", "\u{1F600}", "٣"]
        var texts = [""]
        for _ in 0..<500 {
            texts.append((0..<Int(1 + g.next() % 6)).map { _ in parts[Int(g.next() % UInt64(parts.count))] }.joined())
        }
        for a in texts {
            for b in texts {
                let model = NaturalOrderModel.compare(a, b)
                #expect((NaturalText(a) < NaturalText(b)) == (model < 0), "\(a.debugDescription) < \(b.debugDescription)")
                #expect((NaturalText(a) == NaturalText(b)) == (model == 0), "\(a.debugDescription) == \(b.debugDescription)")
            }
        }
    }

    @Test("sort keys order empty < number < address < text; non-addresses fall back to text")
    func keyKinds() {
        #expect(SortKey.natural("") == .empty)
        #expect(SortKey.address(nil) == .empty)
        #expect(SortKey.address("web") == .natural("web"))
        #expect(SortKey.empty < .count(0))
        #expect(SortKey.count(5) < .address("0.0.0.0"))
        #expect(SortKey.address("255.255.255.255") < .natural("a"))
        #expect(SortKey.count(2) < .count(10))
    }

    @Test("counts are exact below a million, else short")
    func counts() {
        #expect(CountText.format(0) == "0")
        #expect(CountText.format(999_999) == "999999")
        #expect(CountText.format(1_000_000) == "1.0e6")
        let v6: UInt128 = 18_446_744_073_709_551_614
        #expect(CountText.format(v6) == "1.8e19")
    }
}

/// The reading order spelled out scalar by scalar (how NaturalText compared before it kept an
/// encoding): ASCII letters folded, digit runs compared by value (length without leading
/// zeros, then digits), the shorter text first when one is the start of the other.
enum NaturalOrderModel {
    static func compare(_ x: String, _ y: String) -> Int {
        let fold: (Unicode.Scalar) -> UInt32 = { (65...90).contains($0.value) ? $0.value + 32 : $0.value }
        let a = x.unicodeScalars.map(fold)
        let b = y.unicodeScalars.map(fold)
        func isDigit(_ v: UInt32) -> Bool { v >= 48 && v <= 57 }
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
                if ie - ia != je - jb { return ie - ia < je - jb ? -1 : 1 }
                for k in 0..<(ie - ia) where a[ia + k] != b[jb + k] { return a[ia + k] < b[jb + k] ? -1 : 1 }
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
