import CloudAPI
import Foundation
import Testing
@testable import ViewModels

@Test func scratchPerf() throws {
    var ports: [CloudAPI.Port] = []
    for i in 0..<10_000 {
        let ip = "10.\(i / 65536).\((i / 256) % 256).\(i % 256)"
        let vip = i % 25 == 0
        let pairs = vip ? "[{\"ip_address\": \"10.0.0.1\"}, {\"ip_address\": \"10.0.0.2\"}]" : "[]"
        let json = "{\"id\": \"p\(i)\", \"network_id\": \"n\", \"device_owner\": \"\(vip ? "neutron:VIP_PORT" : "compute:nova")\", \"device_id\": \"s\(i % 100)\", \"fixed_ips\": [{\"subnet_id\": \"s\", \"ip_address\": \"\(ip)\"}], \"allowed_address_pairs\": \(pairs)}"
        ports.append(try Fixtures.port(json: json))
    }
    let c0 = ContinuousClock().now
    let rv = Rows.vips(CloudData(ports: ports))
    let c1 = ContinuousClock().now
    let rp = Rows.ports(ports)
    let c2 = ContinuousClock().now
    var l = ListState(rows: rp)
    let c3 = ContinuousClock().now
    l.replaceRows(rp, height: 20)
    let c4 = ContinuousClock().now
    let rn = Rows.servers([], ports: ports)
    print("PERF vips \(c1 - c0) ports \(c2 - c1) list \(c3 - c2) replace \(c4 - c3) \(rv.count) \(rn.count)")
    var s = freshState(start: .ports)
    _ = reduce(&s, .launched)
    let clock = ContinuousClock()
    let t0 = clock.now
    for k in 0..<10 { _ = reduce(&s, .pageLoaded(.ports(Array(ports[(k * 1000)..<((k + 1) * 1000)])), generation: 1, done: false)) }
    let t1 = clock.now
    _ = reduce(&s, .startedFilter)
    _ = reduce(&s, .typedFilter("10.0.1"))
    let t2 = clock.now
    _ = reduce(&s, .cancelledFilter)
    _ = reduce(&s, .sortedBy(column: 1))
    let t3 = clock.now
    _ = reduce(&s, .movedDown)
    let t4 = clock.now
    print("PERF pages \(t1 - t0) filter \(t2 - t1) sort \(t3 - t2) move \(t4 - t3) vips \(s.vips.rows.count)")
}
