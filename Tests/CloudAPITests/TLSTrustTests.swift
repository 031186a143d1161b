@testable import CloudAPI
import CloudSimulator
import Foundation
import Testing
import TestSupport

/// Two private CAs and server certificates signed by them, made with the openssl CLI.
final class TestPKI {
    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("vipctl-pki-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    static func openssl(_ args: [String]) throws {
        let r = try Spawn.run(["openssl"] + args, environment: ProcessInfo.processInfo.environment, timeout: .seconds(60))
        guard r.status == 0 else { throw HarnessError("openssl \(args.first ?? "") failed with \(r.status): \(r.stderr)") }
    }

    /// A CA: `<name>.pem` (certificate) and `<name>.key`.
    @discardableResult
    func ca(_ name: String) throws -> String {
        let cert = "\(dir)/\(name).pem"
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                          "-subj", "/CN=vipctl test \(name)", "-addext", "basicConstraints=critical,CA:TRUE",
                          "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", "\(dir)/\(name).key", "-out", cert])
        return cert
    }

    /// A server certificate for `san` (e.g. `IP:127.0.0.1`, `DNS:other.invalid`) signed by CA `ca`.
    func server(_ name: String, san: String, signedBy ca: String) throws -> (cert: String, key: String) {
        let key = "\(dir)/\(name).key", csr = "\(dir)/\(name).csr", cert = "\(dir)/\(name).pem", ext = "\(dir)/\(name).ext"
        try "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=\(san)\n"
            .write(toFile: ext, atomically: true, encoding: .utf8)
        try Self.openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-subj", "/CN=\(name)", "-keyout", key, "-out", csr])
        try Self.openssl(["x509", "-req", "-in", csr, "-CA", "\(dir)/\(ca).pem", "-CAkey", "\(dir)/\(ca).key", "-CAcreateserial",
                          "-days", "2", "-extfile", ext, "-out", cert])
        return (cert, key)
    }
}

/// Issue 10, item 4: TLS verification is on by default, `cacert` REPLACES the trust roots (as
/// the `openstack` CLI's `--os-cacert` does), and a certificate for another host name is
/// refused with a message that says so.
@Suite("CloudAPI TLS trust: cacert replaces the roots, host names are checked")
struct TLSTrustTests {
    static func config(_ server: SimulatorServer, _ edit: (inout CloudConfig) -> Void = { _ in }) -> CloudConfig {
        var c = CloudConfig(name: "tls", authURL: server.authURL,
                            auth: .password(user: .init(name: "demo", domainName: "Default"), password: "demo-secret"),
                            project: .init(name: "demo", domainName: "Default"), regionName: "RegionOne")
        edit(&c)
        return c
    }

    /// The networks the session lists, or the error it ends with.
    static func attempt(_ config: CloudConfig) async throws -> Result<Int, CloudError> {
        let s = CloudSession(config: config, transport: try AHCTransport(config: config))
        let r: Result<Int, CloudError>
        do {
            let count = try await NeutronAPI(session: s).networks().count
            r = .success(count)
        } catch {
            r = .failure(error)
        }
        await s.shutdown()
        return r
    }

    @Test("verification is on by default (the system's roots); with cacert only the file's CAs are trusted: CA1's server is refused with cacert = CA2, accepted with CA1 or a bundle of both")
    func cacertReplacesTheRoots() async throws {
        let pki = try TestPKI()
        let ca1 = try pki.ca("ca1")
        let ca2 = try pki.ca("ca2")
        let bundle = pki.dir + "/bundle.pem"
        try (String(contentsOfFile: ca2, encoding: .utf8) + String(contentsOfFile: ca1, encoding: .utf8))
            .write(toFile: bundle, atomically: true, encoding: .utf8)
        let leaf = try pki.server("loopback", san: "IP:127.0.0.1", signedBy: "ca1")
        let server = try await SimulatorServer.start(config: SimulatorConfig(),
                                                     tls: .init(certificatePath: leaf.cert, privateKeyPath: leaf.key))
        do {
            // The defaults: verification on, the system's bundle as roots.
            let plain = Self.config(server)
            #expect(plain.verifyTLS)
            let tls = try AHCTransport.tlsConfiguration(plain)
            #expect(AHCTransport.trustsSystemRoots(tls))
            #expect(tls.certificateVerification == .fullVerification)
            // cacert: the system's bundle is no longer trusted (replaced, not added to).
            let only2 = Self.config(server) { $0.cacertPath = ca2 }
            #expect(!AHCTransport.trustsSystemRoots(try AHCTransport.tlsConfiguration(only2)))

            // Unknown CA (system roots): refused.
            guard case .failure(let e0) = try await Self.attempt(plain) else {
                Issue.record("a certificate of a private CA was accepted without cacert")
                return
            }
            #expect(e0.oneLine.contains("not trusted"), "\(e0.oneLine)")
            // cacert = CA2: CA1's certificate is refused.
            guard case .failure(let e2) = try await Self.attempt(only2) else {
                Issue.record("cacert = CA2 accepted a certificate signed by CA1")
                return
            }
            if case .transport(let t) = e2 { #expect(t.kind == .tls, "\(e2.oneLine)") } else { Issue.record("not a TLS failure: \(e2.oneLine)") }
            #expect(e2.oneLine.contains("the server's certificate is not trusted"), "\(e2.oneLine)")
            // cacert = CA1, or a bundle holding CA2 and CA1: accepted.
            #expect(try await Self.attempt(Self.config(server) { $0.cacertPath = ca1 }) == .success(3))
            #expect(try await Self.attempt(Self.config(server) { $0.cacertPath = bundle }) == .success(3))
            // A cacert file without a certificate is a config error naming the file.
            let empty = pki.dir + "/empty.pem"
            try "".write(toFile: empty, atomically: true, encoding: .utf8)
            let emptyConfig = Self.config(server) { $0.cacertPath = empty }
            let message = Self.configMessage { _ = try AHCTransport(config: emptyConfig) }
            #expect(message?.contains(empty) == true && message?.contains("cacert") == true, "\(message ?? "accepted")")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("host name mismatch: a certificate for other.invalid, trusted through cacert, reached at 127.0.0.1 is refused: \"the certificate does not match the host name 127.0.0.1\"")
    func hostNameMismatch() async throws {
        let pki = try TestPKI()
        let ca = try pki.ca("ca")
        let other = try pki.server("other", san: "DNS:other.invalid", signedBy: "ca")
        let server = try await SimulatorServer.start(config: SimulatorConfig(),
                                                     tls: .init(certificatePath: other.cert, privateKeyPath: other.key))
        let result = try await Self.attempt(Self.config(server) { $0.cacertPath = ca })
        // insecure: no check at all (the warning is the loader's; see CredentialWarningTests).
        let insecure = try await Self.attempt(Self.config(server) { $0.verifyTLS = false })
        await server.stop()
        guard case .failure(let e) = result else {
            Issue.record("a certificate for other.invalid was accepted at 127.0.0.1")
            return
        }
        if case .transport(let t) = e { #expect(t.kind == .tls) } else { Issue.record("not a TLS failure: \(e.oneLine)") }
        #expect(e.oneLine.contains("the certificate does not match the host name 127.0.0.1 (reach the cloud by a name its certificate holds)"),
                "\(e.oneLine)")
        print("tls: host name mismatch -> \(e.oneLine)")
        #expect(!e.oneLine.contains("\n"))
        #expect(insecure == .success(3))
    }
}

/// The debug log masks the headers and keys of AK/SK-signed requests (Huawei's
/// `Authorization: SDK-HMAC-SHA256 ...`, `X-Security-Token`, `secret_key`) as it masks tokens.
@Suite("Debug log: AK/SK and other credential headers")
struct DebugLogCredentialHeaderTests {
    @Test("Authorization, X-Security-Token, Cookie and secret_key / security_token in a body are written as ***")
    func signedRequestMasked() throws {
        let pki = try TestPKI()  // a private directory
        let path = pki.dir + "/debug.log"
        let log = try DebugLog(path: path)
        let secrets = ["SIG-9f8e7d6c5b4a", "TEMP-TOKEN-55aa66bb", "SK-0123456789abcdef", "COOKIE-77cc88dd", "ST-aabbccddeeff"]
        let req = APIRequest(method: "PUT", url: "https://vpc.example.com/v2.0/ports/p1",
                             headers: [("Authorization", "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=" + secrets[0]),
                                       ("X-Security-Token", secrets[1]), ("X-Sdk-Date", "20260101T000000Z"), ("Cookie", "s=" + secrets[3])],
                             body: Array(#"{"credential": {"access_key": "AK1", "secret_key": "SK-0123456789abcdef", "security_token": "ST-aabbccddeeff"}}"#.utf8),
                             service: "network")
        log.log(req, response: APIResponse(status: 200, headers: [("Set-Cookie", "s=" + secrets[3])], body: Array("{}".utf8)),
                error: nil, seconds: 0.01)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for s in secrets { #expect(!text.contains(s), "\(s) written: \(text)") }
        #expect(text.contains("> Authorization: ***") && text.contains("> X-Security-Token: ***"), "\(text)")
        #expect(text.contains("X-Sdk-Date: 20260101T000000Z"), "\(text)")
    }
}

extension TLSTrustTests {
    /// The one-line message of the CloudError `body` throws, or nil when it does not throw.
    static func configMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let e as CloudError {
            return e.oneLine
        } catch {
            return "\(error)"
        }
    }
}
