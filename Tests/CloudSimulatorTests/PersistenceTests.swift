import CloudSimulator
import Foundation
import Testing
import TestSupport

@Suite("Persistence (--state)")
struct PersistenceTests {
    /// A fresh temporary directory, removed by the caller.
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-sim-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("resources survive a restart; identity data and tokens are never written; no temp file is left")
    func roundTrip() async throws {
        let dir = try PersistenceTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.json").path

        let (portID, oldToken, vipDB) = try await SimHarness.with({ $0.statePath = path }) { h in
            let t = try await h.token()
            let net = try await h.firstNetwork(named: "prod-net", token: t)
            let p = try await h.makePort(token: t, network: net.id, extra: [
                ("name", "kept"),
                ("allowed_address_pairs", [["ip_address": "192.168.10.21"], ["ip_address": "10.9.9.0/24", "mac_address": "fa:16:3e:00:00:01"]]),
            ])
            let vipDB = try #require(try await h.allPorts(token: t, query: "name=vip-db").first)
            #expect(try await h.request("DELETE", h.network + "/ports/" + vipDB.id, token: t).status == 204)
            return (p.id, t, vipDB.id)
        }

        #expect(FileManager.default.fileExists(atPath: path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(SimulatorDefaults.password))
        #expect(!text.contains(SimulatorDefaults.otherPassword))
        #expect(!text.contains(SimulatorDefaults.appCredentialSecret))
        #expect(!text.contains(oldToken))
        #expect(!text.contains("gAAAAA"))
        #expect(text.contains(portID))
        // Only the state file: the temp file was renamed over it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["state.json"])

        try await SimHarness.with({ $0.statePath = path }) { h in
            // Tokens are not persisted.
            #expect(try await h.get(h.network + "/ports", token: oldToken).status == 401)
            let t = try await h.token()
            let r = try await h.get(h.network + "/ports/" + portID, token: t)
            #expect(r.status == 200)
            let port = try #require(r.json["port"])
            #expect(port["name"]?.stringValue == "kept")
            #expect(Set(port.pairIPs) == ["192.168.10.21", "10.9.9.0/24"])
            let macs = port["allowed_address_pairs"]?.arrayValue?.compactMap { $0["mac_address"]?.stringValue } ?? []
            #expect(macs.contains("fa:16:3e:00:00:01"))
            #expect(macs.contains(port["mac_address"]?.stringValue ?? "?"))
            #expect(try await h.get(h.network + "/ports/" + vipDB, token: t).status == 404)
            // The IPAM state came back too: the kept port's address is not handed out again.
            let ip = port.firstIP
            let clash = try await h.request("POST", h.network + "/ports",
                                            json: ["port": ["network_id": .string(port["network_id"]?.stringValue ?? ""),
                                                            "fixed_ips": [["ip_address": .string(ip)]]]], token: t)
            #expect(clash.status == 409)
            #expect(clash.neutronType == "IpAddressAlreadyAllocated")
            // Nova still sees the servers and their NICs.
            let servers = try await h.get(h.compute + "/servers/detail?name=lb-01", token: t)
            #expect(servers.json["servers"]?.arrayValue?.first?["addresses"]?["prod-net"]?.arrayValue?.first?["addr"]?.stringValue == "192.168.10.21")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["state.json"])
    }

    @Test("a change is saved while the simulator runs, not only at shutdown")
    func savesWhileRunning() async throws {
        let dir = try PersistenceTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.json").path
        try await SimHarness.with({ $0.statePath = path; $0.scenario = .empty }) { h in
            let t = try await h.token()
            let (nid, _) = try await h.makeNetwork(token: t, name: "saved-net", cidr: "10.1.0.0/24")
            var found = false
            for _ in 0..<50 {
                if let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains(nid) { found = true; break }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
            #expect(found, "the state file never got the new network")
        }
    }

    @Test("a corrupt state file makes SimulatorServer.start throw a clear error")
    func corrupt() async throws {
        let dir = try PersistenceTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.json").path
        var config = SimulatorConfig()
        config.statePath = path

        try Data("{\"format\": \"vipctl-sim-state/1\", \"ports\": [".utf8).write(to: URL(fileURLWithPath: path))
        let e1 = await #expect(throws: (any Error).self) { try await SimulatorServer.start(config: config) }
        let m1 = e1.map { String(describing: $0) } ?? ""
        #expect(m1.contains(path), "\(m1)")
        #expect(m1.contains("not valid JSON"), "\(m1)")

        try Data("{\"hello\": 1}".utf8).write(to: URL(fileURLWithPath: path))
        let e2 = await #expect(throws: (any Error).self) { try await SimulatorServer.start(config: config) }
        let m2 = e2.map { String(describing: $0) } ?? ""
        #expect(m2.contains("vipctl-sim-state/1"), "\(m2)")

        // Well-formed but a port without its id.
        try Data(#"{"format": "vipctl-sim-state/1", "ports": [{"name": "x"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        let e3 = await #expect(throws: (any Error).self) { try await SimulatorServer.start(config: config) }
        let m3 = e3.map { String(describing: $0) } ?? ""
        #expect(m3.contains("'id'"), "\(m3)")

        // The file is left alone for the user to inspect.
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"x\""))
    }
}
