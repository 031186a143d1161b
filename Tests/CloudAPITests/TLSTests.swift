import CloudAPI
import CloudSimulator
import Foundation
import Testing
import TestSupport

/// A self-signed certificate for 127.0.0.1, made with the openssl CLI during the test.
func makeSelfSignedCertificate() throws -> (dir: URL, cert: String, key: String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let cert = dir.appendingPathComponent("cert.pem").path
    let key = dir.appendingPathComponent("key.pem").path
    let r = try Spawn.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                          environment: ProcessInfo.processInfo.environment, timeout: .seconds(60))
    guard r.status == 0 else { throw HarnessError("openssl req failed with \(r.status): \(r.stderr)") }
    return (dir, cert, key)
}

@Suite("CloudAPI TLS")
struct TLSTests {
    @Test("a self-signed certificate is refused by default, accepted with cacert, accepted with insecure")
    func selfSigned() async throws {
        let (dir, cert, key) = try makeSelfSignedCertificate()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await SimulatorServer.start(config: SimulatorConfig(),
                                                     tls: .init(certificatePath: cert, privateKeyPath: key))
        #expect(server.authURL.hasPrefix("https://127.0.0.1:"))
        func config(_ edit: (inout CloudConfig) -> Void) -> CloudConfig {
            var c = CloudConfig(name: "tls", authURL: server.authURL,
                                auth: .password(user: .init(name: "demo", domainName: "Default"), password: "demo-secret"),
                                project: .init(name: "demo", domainName: "Default"), regionName: "RegionOne")
            edit(&c)
            return c
        }
        // Default: verification on, the certificate is unknown.
        let strict = config { _ in }
        let s1 = CloudSession(config: strict, transport: try AHCTransport(config: strict))
        await expectCloudError({ try await s1.ensureAuthenticated() }) { e in
            if case .transport(let t) = e { return t.kind == .tls && e.oneLine.contains("cacert") }
            return false
        }
        await s1.shutdown()
        // cacert: trusted.
        let withCA = config { $0.cacertPath = cert }
        let s2 = CloudSession(config: withCA, transport: try AHCTransport(config: withCA))
        #expect(try await NeutronAPI(session: s2).networks().count == 3)
        await s2.shutdown()
        // insecure: no verification at all.
        let insecure = config { $0.verifyTLS = false }
        let s3 = CloudSession(config: insecure, transport: try AHCTransport(config: insecure))
        #expect(try await NeutronAPI(session: s3).networks().count == 3)
        await s3.shutdown()
        // A cacert file that is not a certificate is a config error naming the file.
        let bad = config { $0.cacertPath = key + ".missing" }
        #expect(throws: CloudError.self) { _ = try AHCTransport(config: bad) }
        await server.stop()
    }
}
