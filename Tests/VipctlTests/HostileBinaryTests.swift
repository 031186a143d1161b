import CloudAPI
import Foundation
import Testing
import TestSupport

/// The same inputs through the built `vipctl`: the timeout flags, and the notice on stderr.
@Suite("Hostile servers: the vipctl binary")
struct HostileBinaryTests {
    static func env(_ server: HostileServer, home: String, extra: [String: String] = [:]) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
            "OS_AUTH_URL": server.baseURL + "/v3", "OS_USERNAME": "demo", "OS_PASSWORD": "hostile-secret-pw", "OS_PROJECT_NAME": "demo",
            "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
            "OS_NETWORK_ENDPOINT_OVERRIDE": server.baseURL + "/v2.0",
        ].merging(extra) { _, new in new }
    }

    static func vipctl(_ args: [String], _ server: HostileServer, extra: [String: String] = [:],
                       samplePeakMemory: Bool = false) async throws -> SpawnResult
    {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let binary = try ChildRun.vipctlBinary()
        let environment = env(server, home: home, extra: extra)
        return try await Task.detached {
            try Spawn.run([binary] + args, environment: environment, directory: home, timeout: .seconds(60), samplePeakMemory: samplePeakMemory)
        }.value
    }

    @Test("--timeout and --connect-timeout out of range are usage errors", arguments: [
        ["--timeout", "0"], ["--timeout", "3601"], ["--timeout", "nan"], ["--connect-timeout", "0.5"], ["--connect-timeout", "601"],
    ])
    func outOfRange(_ flag: [String]) async throws {
        let server = try HostileServer.behindKeystone { _ in .json(200, #"{"ports":[]}"#) }
        defer { server.stop() }
        let r = try await Self.vipctl(["ports"] + flag, server)
        let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
        print("hostile: vipctl ports \(flag.joined(separator: " ")) -> exit \(r.status): \(first)")
        #expect(r.status == 2, "\(r)")  // vipctl exits 2 on usage errors
        #expect(r.stderr.contains("\(flag[0]) must be from 1 to"), "\(r)")
        #expect(server.requests.isEmpty, "a request was sent despite the usage error")
    }

    @Test("a server that never answers: --timeout (or OS_API_TIMEOUT) ends the wait with a line naming the timeout, the URL and the flag",
          arguments: ["flag", "env"])
    func requestTimeout(_ how: String) async throws {
        let server = try HostileServer.behindKeystone { _ in .hang }
        defer { server.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        let r = how == "flag"
            ? try await Self.vipctl(["ports", "--timeout", "2"], server)
            : try await Self.vipctl(["ports"], server, extra: ["OS_API_TIMEOUT": "2"])
        let took = clock.now - start
        print("hostile: vipctl ports against a server that never answers (\(how == "flag" ? "--timeout 2" : "OS_API_TIMEOUT=2")) -> exit \(r.status) after \(took): \(r.stderr.trimmingCharacters(in: .newlines))")
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("answer from \(server.baseURL)/v2.0/ports within 2 s (request timeout); change it with --timeout SECONDS"), "\(r)")
        #expect(took < .seconds(45), "took \(took): the default 60 s applied, not --timeout 2")
    }

    @Test("invalid UTF-8 in one name: vipctl ports lists every port and says so once on stderr")
    func invalidUTF8Notice() async throws {
        var body: [UInt8] = Array(#"{"ports":["#.utf8) + Array(HostileServer.portJSON("a", "good-1").utf8) + Array(",".utf8)
        body += Array(#"{"id":"b","name":"bad-"#.utf8)
        body += [0xC0, 0xAF]
        body += Array(#""},"#.utf8)
        body += Array(HostileServer.portJSON("c", "good-2").utf8) + Array("]}".utf8)
        let bytes = body
        let server = try HostileServer.behindKeystone { _ in .http(status: 200, headers: [("Content-Type", "application/json")], body: bytes) }
        defer { server.stop() }
        let r = try await Self.vipctl(["ports", "--output", "json"], server)
        print("hostile: vipctl ports with invalid UTF-8 in one name -> exit \(r.status); stderr: \(r.stderr.trimmingCharacters(in: .newlines))")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("good-1") && r.stdout.contains("good-2") && r.stdout.contains("bad-"), "\(r)")
        #expect(r.stderr == "vipctl: notice: Neutron's answer to GET /v2.0/ports held invalid UTF-8 (2 bytes shown as \u{FFFD}); the rest was read as sent\n",
                "\(r)")
    }

    @Test("the size cap bounds memory: vipctl reading a 1 GiB answer stops at the cap (peak RSS of the child measured)")
    func boundedMemory() async throws {
        let small = try HostileServer.behindKeystone { _ in .json(200, #"{"ports":["# + ["a", "b", "c"].map { HostileServer.portJSON($0) }.joined(separator: ",") + "]}") }
        defer { small.stop() }
        let baseline = try await Self.vipctl(["ports"], small, samplePeakMemory: true)
        let server = try HostileServer.behindKeystone { _ in .large(status: 200, contentType: "application/json", bytes: 1 << 30, declareLength: false) }
        defer { server.stop() }
        let r = try await Self.vipctl(["ports"], server, samplePeakMemory: true)
        let mib = r.peakRSSKilobytes / 1024
        print("hostile: 1 GiB answer without Content-Length to vipctl ports -> exit \(r.status), peak RSS \(mib) MiB "
                  + "(\(baseline.peakRSSKilobytes / 1024) MiB for a 3-port answer); \(r.stderr.trimmingCharacters(in: .newlines))")
        #expect(baseline.status == 0, "\(baseline)")
        #expect(r.status == 1)
        #expect(r.stderr.contains("is larger than 64 MiB; refusing to read it"), "\(r.stderr)")
        // The cap (64 MiB) plus the program itself (about 45 MiB): about 110 MiB measured.
        // Reading the whole answer would take 1 GiB; the old cap of 256 MiB had to hold 256 MiB
        // at once, so this fails there. (Sampled VmHWM: at worst the last few ms are missed.)
        #expect(baseline.peakRSSKilobytes > 0, "no VmHWM sample")
        #expect(mib < 200, "peak RSS \(mib) MiB")
    }
}
