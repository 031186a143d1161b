import Testing
@testable import ViewModels

@Suite("Ordering: IP values, natural text, sort keys, counts")
struct OrderingTests {
    @Test("IPv4 parses to its number; a /prefix is ignored; junk is rejected")
    func ipv4() {
        #expect(IPValue("10.0.0.9") == IPValue(version: 4, value: 0x0A00_0009))
        #expect(IPValue("255.255.255.255") == IPValue(version: 4, value: 0xFFFF_FFFF))
        #expect(IPValue("1.1.1.1/0") == IPValue(version: 4, value: 0x0101_0101))
        for bad in ["", "10.0.0", "10.0.0.256", "10.0.0.1.2", "a.b.c.d", "10..0.1", "+1.0.0.1", "1000.0.0.1", "web-01"] {
            #expect(IPValue(bad) == nil, "\(bad)")
        }
    }

    @Test("IPv6 parses with ::, a dotted tail and a zone; junk is rejected")
    func ipv6() {
        #expect(IPValue("::") == IPValue(version: 6, value: 0))
        #expect(IPValue("::1") == IPValue(version: 6, value: 1))
        #expect(IPValue("fd00:10::2") == IPValue(version: 6, value: (UInt128(0xfd00) << 112) | (UInt128(0x10) << 96) | 2))
        #expect(IPValue("FD00:10:0:0:0:0:0:2") == IPValue("fd00:10::2"))
        #expect(IPValue("::ffff:10.0.0.1") == IPValue(version: 6, value: (UInt128(0xffff) << 32) | 0x0A00_0001))
        #expect(IPValue("fe80::1%eth0") == IPValue("fe80::1"))
        #expect(IPValue("fd00:10::/64") == IPValue("fd00:10::"))
        for bad in ["1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1.2.3.4::"] {
            #expect(IPValue(bad) == nil, "\(bad)")
        }
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
