import Foundation
import Testing
import TestSupport

/// The built binary with AK/SK from Huawei's SDK variables against a loopback gateway: a wrong
/// key costs one request however many reads a command makes, the line says why, and the SK is
/// nowhere (stdout, stderr, the debug log).
@Suite("vipctl with AK/SK: one failure per wrong key, the SK nowhere")
struct AKSKBinaryTests {
    static let sk = "Sk-Bin-8uT3-never-shown"

    @Test("vipctl vips and vipctl doctor with a refused signature: one request each, exit 1, one line naming the AK and the signature")
    func refusedOnce() async throws {
        let server = try HostileServer { _ in
            .json(401, #"{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIG.0301","request_id":"r9"}"#)
        }
        defer { server.stop() }
        let home = try TempHome()
        defer { home.remove() }
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path,
                   "HUAWEICLOUD_SDK_AK": "AKBIN0001", "HUAWEICLOUD_SDK_SK": Self.sk, "HUAWEICLOUD_SDK_PROJECT_ID": "p-bin",
                   "OS_NETWORK_ENDPOINT_OVERRIDE": server.baseURL + "/v2.0", "OS_COMPUTE_ENDPOINT_OVERRIDE": server.baseURL + "/v2.1"]
        var before = 0
        for command in [["vips"], ["doctor"]] {
            let r = try await ChildRun.run(try ChildRun.vipctlBinary(), command + ["--debug-log", home.path + "/debug.log", "--lang", "en"],
                                           environment: env, directory: home.path, timeout: .seconds(30))
            #expect(r.status == 1, "\(command): \(r.stderr)")
            #expect(r.stderrLines.count == 1, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("refused the signature of access key AKBIN0001"), "\(r.stderr)")
            #expect(server.requests.count == before + 1, "\(command): \(server.requests.map(\.target))")
            #expect(server.requests.last?.target == "/v2.0/networks?limit=1")
            before = server.requests.count
            for text in [r.stdout, r.stderr] { #expect(!text.contains(Self.sk)) }
        }
        let log = try String(contentsOfFile: home.path + "/debug.log", encoding: .utf8)
        #expect(log.contains("Authorization: ***"))
        #expect(!log.contains(Self.sk))
    }
}
