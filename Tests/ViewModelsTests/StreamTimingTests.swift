import CloudAPI
import Foundation
import Testing
@testable import ViewModels

/// Generated ports for the streaming figures: `count` ports from `start`, spread over 50
/// networks, some named, most attached to one of 20,000 servers.
enum GeneratedPorts {
    static func page(start: Int, count: Int) throws -> [CloudAPI.Port] {
        var json = #"{"ports":["#
        for i in start..<(start + count) {
            if i > start { json += "," }
            let net = i % 50
            let ip = "10.\(net).\((i / 250) % 256).\(i % 250 + 2)"
            let name = i % 3 == 0 ? "" : "port-\(i % 997)-\(i)"
            let device = i % 5 == 0 ? "" : "srv-\(i % 20_000)"
            let owner = device.isEmpty ? "network:dhcp" : "compute:nova"
            json += #"{"id":"p-\#(String(i * 7919 % 1_000_003, radix: 16))-\#(i)","name":"\#(name)","network_id":"net-\#(net)","#
            json += #""mac_address":"fa:16:3e:00:00:00","status":"\#(i % 7 == 0 ? "DOWN" : "ACTIVE")","device_id":"\#(device)","#
            json += #""device_owner":"\#(owner)","fixed_ips":[{"subnet_id":"sub-\#(net)","ip_address":"\#(ip)"}],"#
            json += #""allowed_address_pairs":[],"security_groups":[],"port_security_enabled":true}"#
        }
        json += "]}"
        struct Body: Decodable { let ports: [CloudAPI.Port] }
        return try JSONDecoder().decode(Body.self, from: Data(json.utf8)).ports
    }
}

@Suite("Streaming figures (printed, not asserted against a time)")
struct StreamTimingTests {
    static func ms(_ d: Duration) -> Int {
        Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }

    @Test("100 pages of 1,000 ports merge into the ports list; a filter keystroke at 100k rows")
    func mergeAndFilter() throws {
        let pages = try (0..<100).map { try GeneratedPorts.page(start: $0 * 1000, count: 1000) }
        var s = freshState(start: .ports)
        _ = reduce(&s, .launched)
        let clock = ContinuousClock()
        var worst = Duration.zero
        let total = clock.measure {
            for (i, page) in pages.enumerated() {
                let t = clock.measure {
                    _ = reduce(&s, .pageLoaded(.ports(page), generation: 1, done: i == pages.count - 1))
                }
                worst = max(worst, t)
            }
        }
        print("stream: merged 100,000 rows in \(Self.ms(total)) ms (per page max \(Self.ms(worst)) ms)")
        #expect(s.ports.count == 100_000)
        #expect(s.ports.rows.count == 100_000)

        _ = reduce(&s, .startedFilter)
        var keys: [Duration] = []
        for ch in ["1", "0", ".", "3", "1"] {
            keys.append(clock.measure { _ = reduce(&s, .typedFilter(ch)) })
        }
        let erase = clock.measure { _ = reduce(&s, .erasedFilterChar) }
        let maxKey = keys.max() ?? .zero
        print("stream: filter keystroke at 100k rows: \(Self.ms(maxKey)) ms (keys \(keys.map(Self.ms)) ms, backspace \(Self.ms(erase)) ms)")
        #expect(s.ports.filter == "10.3")
        #expect(s.ports.count == s.ports.rows.filter { $0.matches("10.3") }.count)
        _ = reduce(&s, .cancelledFilter)
        let sort = clock.measure { _ = reduce(&s, .sortedBy(column: 0)) }
        print("stream: sort by name at 100k rows: \(Self.ms(sort)) ms")
        #expect(s.ports.sort == SortOrder(column: 0))
    }
}
