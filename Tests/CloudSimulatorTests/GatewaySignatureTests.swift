import CloudSimulator
import Testing

/// The simulator's own AK/SK verifier against the four official test vectors (reference 4.9),
/// independently of the client's signer in CloudAPI.
@Suite("Gateway signature vectors")
struct GatewaySignatureTests {
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test("vector 1 (signing guide): canonical request hash and signature")
    func signingGuide() throws {
        let r = GatewaySignature.Request(
            method: "GET", rawPath: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            rawQuery: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            headers: [("Content-Type", "application/json"), ("Host", "service.region.example.com"), ("X-Sdk-Date", "20191115T033655Z")],
            body: [])
        let canonical = try #require(GatewaySignature.canonicalRequest(r, signedHeaders: ["content-type", "host", "x-sdk-date"]))
        #expect(canonical == """
            GET
            /v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/
            limit=2&marker=13551d6b-755d-4757-b956-536f674975c0
            content-type:application/json
            host:service.region.example.com
            x-sdk-date:20191115T033655Z

            content-type;host;x-sdk-date
            \(GatewaySignatureTests.emptyHash)
            """)
        let hashed = GatewaySignature.hashedCanonicalRequest(canonical)
        #expect(hashed == "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a")
        let sts = GatewaySignature.stringToSign(algorithm: "SDK-HMAC-SHA256", date: "20191115T033655Z", scope: nil, hashedCanonical: hashed)
        #expect(GatewaySignature.signature(algorithm: "SDK-HMAC-SHA256", accessKey: "any", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
                                           scope: nil, stringToSign: sts)
            == "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe")
    }

    static let case1 = GatewaySignature.Request(method: "GET", rawPath: "/path", rawQuery: "limit=1",
                                                headers: [("X-Sdk-Date", "20060102T150405Z")], body: [])

    @Test("vector 2 (Go SDK case 1): the whole Authorization header, and it verifies")
    func goCase1() throws {
        let header = try #require(GatewaySignature.authorize(GatewaySignatureTests.case1, accessKey: "AccessKey", secretKey: "SecretKey"))
        #expect(header == "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624")
        let parsed = try #require(GatewaySignature.parseAuthorization(header))
        #expect(parsed.accessKey == "AccessKey")
        #expect(parsed.signedHeaders == ["x-sdk-date"])
        #expect(GatewaySignature.expectedSignature(GatewaySignatureTests.case1, auth: parsed, secretKey: "SecretKey") == parsed.signature)
        #expect(GatewaySignature.expectedSignature(GatewaySignatureTests.case1, auth: parsed, secretKey: "SecretKeY") != parsed.signature)
    }

    @Test("vector 3 (Go SDK case 2): POST with a body ending in a newline, content-type not signed")
    func goCase2() throws {
        let r = GatewaySignature.Request(method: "POST", rawPath: "/path", rawQuery: "key=value",
                                         headers: [("Content-Type", "application/json"), ("X-Sdk-Date", "20060102T150405Z")],
                                         body: Array("{\"Name\":\"test\",\"Id\":1}\n".utf8))
        let auth = GatewaySignature.Authorization(algorithm: "SDK-HMAC-SHA256", accessKey: "AccessKey", credentialScope: nil,
                                                  signedHeaders: ["x-sdk-date"], signature: "")
        #expect(GatewaySignature.expectedSignature(r, auth: auth, secretKey: "SecretKey")
            == "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59")
        // Without the trailing newline the body hash, and so the signature, differ.
        var noNewline = r
        noNewline.body.removeLast()
        #expect(GatewaySignature.expectedSignature(noNewline, auth: auth, secretKey: "SecretKey")
            != "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59")
    }

    @Test("vector 4 (V11-HMAC-SHA256, derived key): the whole Authorization header, and it verifies")
    func v11() throws {
        let header = try #require(GatewaySignature.authorize(GatewaySignatureTests.case1, accessKey: "AccessKey", secretKey: "SecretKey",
                                                             algorithm: "V11-HMAC-SHA256", scope: "20060102/test-region-1/demo"))
        #expect(header == "V11-HMAC-SHA256 Credential=AccessKey/20060102/test-region-1/demo, SignedHeaders=x-sdk-date, Signature=8fd3610508884bb19718317797c7378716a94bc740d97502e569322e366341cc")
        let parsed = try #require(GatewaySignature.parseAuthorization(header))
        #expect(parsed.credentialScope == "20060102/test-region-1/demo")
        #expect(GatewaySignature.expectedSignature(GatewaySignatureTests.case1, auth: parsed, secretKey: "SecretKey") == parsed.signature)
    }

    @Test("canonical URI and query: segments re-encoded, trailing slash, sorted keys and values")
    func canonicalForms() {
        #expect(GatewaySignature.canonicalURI("/v2.0/ports") == "/v2.0/ports/")
        #expect(GatewaySignature.canonicalURI("/v2.0/ports/") == "/v2.0/ports/")
        #expect(GatewaySignature.canonicalURI("/a%20b/c:d") == "/a%20b/c%3Ad/")
        #expect(GatewaySignature.canonicalQuery("b=2&a=z&a=y&c=x+y&d") == "a=y&a=z&b=2&c=x%20y&d=")
        #expect(GatewaySignature.canonicalQuery("") == "")
        #expect(GatewaySignature.parseAuthorization("Bearer x") == nil)
        #expect(GatewaySignature.parseAuthorization("SDK-HMAC-SHA256 SignedHeaders=x-sdk-date, Signature=ab") == nil)
    }

    @Test("X-Sdk-Date: parsed and formatted in UTC, malformed dates refused")
    func dates() {
        #expect(GatewaySignature.parseDate("20060102T150405Z") == 1_136_214_245)
        #expect(GatewaySignature.parseDate("20191115T033655Z") == 1_573_789_015)
        #expect(GatewaySignature.formatDate(1_136_214_245) == "20060102T150405Z")
        #expect(GatewaySignature.formatDate(951_782_400) == "20000229T000000Z")
        #expect(GatewaySignature.parseDate("2006-01-02T15:04:05Z") == nil)
        #expect(GatewaySignature.parseDate("20061302T150405Z") == nil)
        #expect(GatewaySignature.parseDate("20060102T150405") == nil)
    }
}
