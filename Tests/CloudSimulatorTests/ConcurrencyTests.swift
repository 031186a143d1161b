import CloudSimulator
import Foundation
import Testing
import TestSupport

@Suite("Concurrency")
struct ConcurrencyTests {
    struct WriterResult: Sendable {
        let portID: String
        let ip: String
        let conflicts: Int
    }

    @Test("50 writers: each creates a port, then appends its IP to one shared port with If-Match, retrying on 412")
    func readModifyWrite() async throws {
        try await SimHarness.with({ $0.maxAddressPairs = 64 }) { h in
            let t = try await h.token()
            let (nid, _) = try await h.makeNetwork(token: t, name: "race-net", cidr: "10.77.0.0/24")
            let shared = try await h.makePort(token: t, network: nid, extra: [("name", "shared-vip"), ("device_owner", "neutron:VIP_PORT")])
            let startRevision = try #require(shared["revision_number"]?.intValue)
            #expect(startRevision == 1)
            let sharedURL = h.network + "/ports/" + shared.id
            let writers = 50

            let results = try await withThrowingTaskGroup(of: WriterResult.self) { group in
                for i in 0..<writers {
                    group.addTask {
                        let mine = try await h.makePort(token: t, network: nid, extra: [("name", .string("writer-\(i)"))])
                        let ip = mine.firstIP
                        var conflicts = 0
                        for _ in 0..<500 {
                            let cur = try await h.get(sharedURL, token: t)
                            guard cur.status == 200, let port = cur.json["port"], let rev = port["revision_number"]?.intValue else {
                                throw HarnessError("GET shared: \(cur.status) \(cur.text)")
                            }
                            var pairs = port["allowed_address_pairs"]?.arrayValue ?? []
                            pairs.append(["ip_address": .string(ip)])
                            let put = try await h.request("PUT", sharedURL, json: ["port": ["allowed_address_pairs": .array(pairs)]],
                                                          token: t, headers: [("If-Match", "revision_number=\(rev)")])
                            if put.status == 200 { return WriterResult(portID: mine.id, ip: ip, conflicts: conflicts) }
                            guard put.status == 412, put.neutronType == "RevisionNumberConstraintFailed" else {
                                throw HarnessError("PUT shared: \(put.status) \(put.text)")
                            }
                            conflicts += 1
                        }
                        throw HarnessError("writer \(i) never got its update in")
                    }
                }
                var out: [WriterResult] = []
                for try await r in group { out.append(r) }
                return out
            }

            #expect(results.count == writers)
            let ports = try await h.allPorts(token: t, query: "network_id=" + nid)
            let writerPorts = ports.filter { $0["name"]?.stringValue?.hasPrefix("writer-") == true }
            #expect(writerPorts.count == writers)
            #expect(Set(writerPorts.map(\.id)) == Set(results.map(\.portID)))
            let allIPs = ports.map(\.firstIP)
            #expect(Set(allIPs).count == allIPs.count, "a fixed IP was handed out twice")

            let final = try await h.get(sharedURL, token: t)
            let pairs = final.json["port"]?.pairIPs ?? []
            #expect(pairs.count == writers)
            #expect(Set(pairs) == Set(results.map(\.ip)))
            // Each writer succeeded exactly once; every success bumped the revision once.
            #expect(final.json["port"]?["revision_number"]?.intValue == startRevision + writers)
            // A stale revision is still refused at the end.
            let stale = try await h.request("PUT", sharedURL, json: ["port": ["allowed_address_pairs": []]], token: t,
                                            headers: [("If-Match", "revision_number=\(startRevision)")])
            #expect(stale.status == 412)
            #expect(stale.json["NeutronError"]?["message"]?.stringValue
                == "Constrained to \(startRevision), but current revision is \(startRevision + writers)")
            let conflicts = results.map(\.conflicts).reduce(0, +)
            let stats = try await h.stats()["requests"]
            // Every PUT to the shared port was either one success or one counted conflict (+ the stale one).
            #expect(stats?["PUT /networking/v2.0/ports/{id}"]?.intValue == writers + conflicts + 1)
        }
    }

    @Test("50 concurrent creates on a 50-address pool: all distinct, then the pool is exhausted")
    func concurrentAllocation() async throws {
        try await SimHarness.with { h in
            let t = try await h.token()
            let pools: JSON = [["start": "10.88.0.10", "end": "10.88.0.59"]]
            let (nid, sid) = try await h.makeNetwork(token: t, name: "small-net", cidr: "10.88.0.0/24", pools: pools)
            let ips = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let p = try await h.makePort(token: t, network: nid)
                        return p["fixed_ips"]?.arrayValue?.compactMap { $0["ip_address"]?.stringValue } ?? []
                    }
                }
                var out: [String] = []
                for try await r in group { out += r }
                return out
            }
            #expect(ips.count == 50)
            #expect(Set(ips).count == 50, "duplicates: \(Dictionary(grouping: ips, by: { $0 }).filter { $0.value.count > 1 }.keys)")
            let expected = Set((10...59).map { "10.88.0.\($0)" })
            #expect(Set(ips) == expected)
            let more = try await h.request("POST", h.network + "/ports", json: ["port": ["network_id": .string(nid)]], token: t)
            #expect(more.status == 409)
            #expect(more.neutronType == "IpAddressGenerationFailure")
            let listed = try await h.allPorts(token: t, query: "fixed_ips=subnet_id=" + sid)
            #expect(listed.count == 50)
        }
    }
}
