import Testing
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
