import CloudAPI
import Foundation
import Testing

/// Huawei's API-gateway signing, byte for byte against the four official test vectors
/// (the API signing guide and huaweicloud-sdk-go-v3's signer tests; reference 4.9).
@Suite struct AKSKSignerTests {
    @Test("vector 1: the signing guide's GET with a query, three signed headers")
    func signingGuide() {
        let signer = AKSKSigner(accessKey: "QTWAOYTTINDUT2QVKYUC", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")
        let signed = signer.sign(
            method: "GET", path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            headers: [("Content-Type", "application/json"), ("Host", "service.region.example.com"),
                      ("X-Sdk-Date", "20191115T033655Z")],
            body: [])
        #expect(signed.canonicalRequest == """
            GET
            /v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/
            limit=2&marker=13551d6b-755d-4757-b956-536f674975c0
            content-type:application/json
            host:service.region.example.com
            x-sdk-date:20191115T033655Z

            content-type;host;x-sdk-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signed.stringToSign == """
            SDK-HMAC-SHA256
            20191115T033655Z
            b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a
            """)
        #expect(signed.signature == "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe")
        #expect(signed.authorization == "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, "
            + "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe")
    }

    @Test("vector 2: the Go SDK's GET, only x-sdk-date signed")
    func goSDKGet() {
        let signed = AKSKSigner(accessKey: "AccessKey", secretKey: "SecretKey").sign(
            method: "GET", path: "/path", query: "limit=1", headers: [("X-Sdk-Date", "20060102T150405Z")], body: [])
        #expect(signed.authorization == "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
            + "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624")
    }

    @Test("vector 3: the Go SDK's POST with a JSON body ending in a newline")
    func goSDKPost() {
        let signed = AKSKSigner(accessKey: "AccessKey", secretKey: "SecretKey").sign(
            method: "POST", path: "/path", query: "key=value", headers: [("X-Sdk-Date", "20060102T150405Z")],
            body: Array("{\"Name\":\"test\",\"Id\":1}\n".utf8))
        #expect(signed.signature == "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59")
    }

    @Test("vector 4: V11-HMAC-SHA256, the derived key scoped to date/region/service")
    func v11() {
        let signer = AKSKSigner(accessKey: "AccessKey", secretKey: "SecretKey", algorithm: .v11HmacSha256,
                                region: "test-region-1", service: "demo")
        let signed = signer.sign(method: "GET", path: "/path", query: "limit=1",
                                 headers: [("X-Sdk-Date", "20060102T150405Z")], body: [])
        #expect(signed.authorization == "V11-HMAC-SHA256 Credential=AccessKey/20060102/test-region-1/demo, "
            + "SignedHeaders=x-sdk-date, Signature=8fd3610508884bb19718317797c7378716a94bc740d97502e569322e366341cc")
    }

    @Test("a changed byte anywhere changes the signature; the SK never shows")
    func tamperAndMask() {
        let signer = AKSKSigner(accessKey: "AccessKey", secretKey: "SecretKey")
        let base = signer.sign(method: "GET", path: "/path", query: "limit=1", headers: [("X-Sdk-Date", "20060102T150405Z")], body: [])
        let variants = [
            signer.sign(method: "PUT", path: "/path", query: "limit=1", headers: [("X-Sdk-Date", "20060102T150405Z")], body: []),
            signer.sign(method: "GET", path: "/patH", query: "limit=1", headers: [("X-Sdk-Date", "20060102T150405Z")], body: []),
            signer.sign(method: "GET", path: "/path", query: "limit=2", headers: [("X-Sdk-Date", "20060102T150405Z")], body: []),
            signer.sign(method: "GET", path: "/path", query: "limit=1", headers: [("X-Sdk-Date", "20060102T150406Z")], body: []),
            signer.sign(method: "GET", path: "/path", query: "limit=1", headers: [("X-Sdk-Date", "20060102T150405Z")], body: [0]),
            AKSKSigner(accessKey: "AccessKey", secretKey: "SecretKeY").sign(
                method: "GET", path: "/path", query: "limit=1", headers: [("X-Sdk-Date", "20060102T150405Z")], body: []),
        ]
        for v in variants { #expect(v.signature != base.signature) }
        #expect(!"\(signer)".contains("SecretKey"))
        #expect(!base.canonicalRequest.contains("SecretKey") && !base.stringToSign.contains("SecretKey"))
    }

    @Test("query order, repeated keys and encoding are canonical; a path signs with a trailing slash")
    func canonicalForms() {
        let signer = AKSKSigner(accessKey: "a", secretKey: "s")
        let one = signer.sign(method: "GET", path: "/v2.0/ports", query: "b=2&a=1&a=0&name=web%2001",
                              headers: [("X-Sdk-Date", "20060102T150405Z")], body: [])
        let lines = one.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/v2.0/ports/")
        #expect(lines[2] == "a=0&a=1&b=2&name=web%2001")
        let two = signer.sign(method: "GET", path: "/v2.0/ports", query: "name=web+01&a=0&b=2&a=1",
                              headers: [("X-Sdk-Date", "20060102T150405Z")], body: [])
        #expect(two.signature == one.signature)
        #expect(AKSKSigner.sdkDate(Date(timeIntervalSince1970: 1_136_214_245)) == "20060102T150405Z")
        #expect(AKSKSigner.parseSDKDate("20060102T150405Z") == Date(timeIntervalSince1970: 1_136_214_245))
        #expect(AKSKSigner.parseSDKDate("2006-01-02T15:04:05Z") == nil)
    }
}
