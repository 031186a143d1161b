import CloudSimulator
import Foundation
import Testing
import TestSupport

/// `--auth aksk`: the simulator as Huawei's API gateway (reference 4.9, 4.10).
@Suite("Huawei API gateway (AK/SK)")
struct GatewayTests {
    static func aksk(_ c: inout SimulatorConfig) {
        c.flavor = .huawei
        c.auth = .aksk
    }

    /// Checks the gateway's 401 body and prints the case for the CI log.
    static func expectRefused(_ r: HTTPResult, _ name: String, containing: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let code = r.json["error_code"]?.stringValue ?? "-"
        let msg = r.json["error_msg"]?.stringValue ?? r.text
        print("gateway: \(name) -> \(r.status) \(code) \(msg)")
        #expect(r.status == 401, sourceLocation: sourceLocation)
        #expect(code == "APIG.0301", sourceLocation: sourceLocation)
        #expect(msg.hasPrefix("Incorrect IAM authentication information: "), sourceLocation: sourceLocation)
        #expect(msg.contains(containing), "\(msg)", sourceLocation: sourceLocation)
        let rid = r.json["request_id"]?.stringValue ?? ""
        #expect(rid.count == 32, sourceLocation: sourceLocation)
        #expect(r.header("X-Request-Id") == rid, sourceLocation: sourceLocation)
        #expect(r.json["error"] == nil && r.json["NeutronError"] == nil, sourceLocation: sourceLocation)
    }

    static func printOK(_ r: HTTPResult, _ name: String) {
        print("gateway: \(name) -> \(r.status) - -")
    }

    @Test("a correctly signed request lists ports (main and VPC listeners), servers (ECS listener); V11 too")
    func signedRequestsWork() async throws {
        try await SimHarness.with(GatewayTests.aksk) { h in
            let call = await h.signedCall()
            for url in [h.network + "/ports", h.vpc + "/ports"] {
                let r = try await SimHarness.signed("GET", url, call)
                GatewayTests.printOK(r, "signed GET \(url.hasPrefix(h.vpc) ? "vpc" : "main") /v2.0/ports")
                #expect(r.status == 200, "\(r.text)")
                #expect((r.json["ports"]?.arrayValue?.count ?? 0) > 12)
            }
            let servers = try await SimHarness.signed("GET", h.ecs + "/servers/detail", call)
            GatewayTests.printOK(servers, "signed GET ecs /v2.1/servers/detail")
            #expect(servers.json["servers"]?.arrayValue?.count == 12)
            // A write, with a body, signed.
            let net = try #require(try await SimHarness.signed("GET", h.vpc + "/networks?name=prod-net", call).json["networks"]?.arrayValue?.first)
            let created = try await SimHarness.signed("POST", h.vpc + "/ports", json: ["port": ["network_id": .string(net.id), "name": "signed"]], call)
            GatewayTests.printOK(created, "signed POST vpc /v2.0/ports")
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["port"]?["name"]?.stringValue == "signed")
            var v11 = call
            v11.algorithm = GatewaySignature.v11Algorithm
            let r11 = try await SimHarness.signed("GET", h.vpc + "/ports?limit=1", v11)
            GatewayTests.printOK(r11, "V11-HMAC-SHA256 GET vpc /v2.0/ports")
            #expect(r11.status == 200, "\(r11.text)")
            #expect(r11.json["ports"]?.arrayValue?.count == 1)
            // The next link points at the VPC listener, and following it (signed) works.
            let next = try #require(r11.json["ports_links"]?.arrayValue?.first?["href"]?.stringValue)
            #expect(next.hasPrefix(h.vpc + "/ports?"))
            #expect(try await SimHarness.signed("GET", next, call).json["ports"]?.arrayValue?.count == 1)
        }
    }

    @Test("tampered signature, missing X-Sdk-Date, 16-minute skew, unknown AK, no signature: 401 with the gateway body")
    func refusals() async throws {
        try await SimHarness.with(GatewayTests.aksk) { h in
            let call = await h.signedCall()
            let url = h.vpc + "/ports"
            var tampered = call
            tampered.tamper = true
            GatewayTests.expectRefused(try await SimHarness.signed("GET", url, tampered), "tampered signature", containing: "verify aksk signature fail")
            var noDate = call
            noDate.omitDate = true
            GatewayTests.expectRefused(try await SimHarness.signed("GET", url, noDate), "missing X-Sdk-Date", containing: "x-sdk-date not found")
            var skewed = call
            skewed.date = call.date - 16 * 60
            GatewayTests.expectRefused(try await SimHarness.signed("GET", url, skewed), "16-minute skew", containing: "more than 15 minutes")
            // Four failures in a row: a good request resets the count.
            #expect(try await SimHarness.signed("GET", url, call).status == 200)
            var ahead = call
            ahead.date = call.date + 14 * 60
            #expect(try await SimHarness.signed("GET", url, ahead).status == 200, "14 minutes ahead is within the window")
            var unknown = call
            unknown.accessKey = "NOSUCHACCESSKEY00000"
            GatewayTests.expectRefused(try await SimHarness.signed("GET", url, unknown), "unknown AK",
                                       containing: "Get secretKey failed,ak:NOSUCHACCESSKEY00000,err:ak not exist")
            var wrongSK = call
            wrongSK.secretKey = SimulatorDefaults.otherSecretKey
            GatewayTests.expectRefused(try await SimHarness.signed("GET", url, wrongSK), "wrong SK", containing: "verify aksk signature fail")
            GatewayTests.expectRefused(try await h.get(url, token: nil), "no Authorization", containing: "x-auth-token not found")
            let token = try await h.token(project: "cn-north-4")
            GatewayTests.expectRefused(try await h.get(url, token: token), "a Keystone token instead of a signature", containing: "decrypt token fail")
            var noProject = call
            noProject.projectID = nil
            GatewayTests.expectRefused(try await SimHarness.signed("GET", url, noProject), "missing X-Project-Id", containing: "x-project-id")
            var altProject = call
            let altID: String = try #require(await h.server.engine.projectID(named: SimulatorDefaults.otherProject))
            altProject.projectID = altID
            GatewayTests.expectRefused(try await SimHarness.signed("GET", url, altProject), "another user's project", containing: "not found for ak")
            // Signature covers the body: same headers, different bytes.
            var forged = call
            let net = try #require(try await SimHarness.signed("GET", h.vpc + "/networks", call).json["networks"]?.arrayValue?.first)
            let forgedHeader: String = try #require(GatewaySignature.authorize(
                GatewaySignature.Request(method: "POST", rawPath: "/v2.0/ports", rawQuery: "",
                                         headers: [("host", "127.0.0.1:\(h.server.networkPort ?? 0)"), ("content-type", "application/json"),
                                                   ("x-project-id", call.projectID ?? ""), ("x-sdk-date", GatewaySignature.formatDate(call.date))],
                                         body: Array("{}".utf8)),
                accessKey: call.accessKey, secretKey: call.secretKey))
            forged.authorization = forgedHeader
            GatewayTests.expectRefused(try await SimHarness.signed("POST", h.vpc + "/ports", json: ["port": ["network_id": .string(net.id)]], forged),
                                       "body changed after signing", containing: "verify aksk signature fail")
        }
    }

    @Test("five failures in a row lock the AK for five minutes (of the injected clock), other AKs unaffected")
    func lockout() async throws {
        try await SimHarness.with(GatewayTests.aksk) { h in
            let url = h.vpc + "/ports?limit=1"
            var bad = await h.signedCall()
            bad.tamper = true
            for i in 1...5 {
                let r = try await SimHarness.signed("GET", url, bad)
                GatewayTests.expectRefused(r, "failure \(i) of 5", containing: "verify aksk signature fail")
            }
            let sixth = try await SimHarness.signed("GET", url, await h.signedCall())
            GatewayTests.expectRefused(sixth, "sixth request, correctly signed, AK locked", containing: "AK access failed to reach the limit,forbidden.")
            // Another user's AK still works.
            var alt = await h.signedCall()
            alt.accessKey = SimulatorDefaults.otherAccessKey
            alt.secretKey = SimulatorDefaults.otherSecretKey
            let altID: String = try #require(await h.server.engine.projectID(named: SimulatorDefaults.otherProject))
            alt.projectID = altID
            #expect(try await SimHarness.signed("GET", url, alt).status == 200)
            await h.server.engine.advanceClock(by: 4 * 60 + 50)
            GatewayTests.expectRefused(try await SimHarness.signed("GET", url, await h.signedCall()), "after 4 min 50 s, still locked",
                                       containing: "AK access failed to reach the limit,forbidden.")
            await h.server.engine.advanceClock(by: 15)
            let after = try await SimHarness.signed("GET", url, await h.signedCall())
            GatewayTests.printOK(after, "after 5 min 5 s, correctly signed")
            #expect(after.status == 200, "\(after.text)")
            // The count started again: four failures do not lock.
            for _ in 1...4 { #expect(try await SimHarness.signed("GET", url, bad).status == 401) }
            #expect(try await SimHarness.signed("GET", url, await h.signedCall()).status == 200)
        }
    }

    @Test("VPC and ECS listeners serve their own service only; ECS v1 os-interface")
    func listeners() async throws {
        try await SimHarness.with(GatewayTests.aksk) { h in
            let call = await h.signedCall()
            let vpcRoot = try #require(h.server.networkEndpoint)
            let ecsRoot = try #require(h.server.computeEndpoint.map { String($0.dropLast("/v2.1".count)) })
            #expect(vpcRoot != ecsRoot && vpcRoot != h.baseURL && ecsRoot != h.baseURL)
            let cases: [(String, String, Int)] = [
                ("vpc /v2.0/ports", vpcRoot + "/v2.0/ports", 200),
                ("vpc /v2.1/servers", vpcRoot + "/v2.1/servers", 404),
                ("vpc /identity/v3", vpcRoot + "/identity/v3", 404),
                ("vpc /__sim/stats", vpcRoot + "/__sim/stats", 404),
                ("ecs /v2.1/servers", ecsRoot + "/v2.1/servers", 200),
                ("ecs /v2.0/ports", ecsRoot + "/v2.0/ports", 404),
                ("ecs /networking/v2.0/ports", ecsRoot + "/networking/v2.0/ports", 404),
                ("ecs /__sim/stats", ecsRoot + "/__sim/stats", 404),
            ]
            for (name, url, status) in cases {
                let r = try await SimHarness.signed("GET", url, call)
                print("gateway: listener \(name) -> \(r.status)")
                #expect(r.status == status, "\(name): \(r.text)")
            }
            // The version documents answer unsigned, with links on the listener itself.
            let versions = try await h.get(vpcRoot + "/", token: nil)
            #expect(versions.json["versions"]?.arrayValue?.first?["links"]?.arrayValue?.first?["href"]?.stringValue == vpcRoot + "/v2.0/")
            // The main listener keeps everything (the controls included) without a signature.
            #expect(try await h.get(h.baseURL + "/__sim/stats", token: nil).status == 200)
            // ECS v1 NIC list.
            let lb = try #require(try await SimHarness.signed("GET", h.ecs + "/servers?name=lb-01", call).json["servers"]?.arrayValue?.first)
            let project = try #require(call.projectID)
            let nics = try await SimHarness.signed("GET", ecsRoot + "/v1/\(project)/cloudservers/\(lb.id)/os-interface", call)
            print("gateway: ecs v1 os-interface -> \(nics.status)")
            #expect(nics.status == 200, "\(nics.text)")
            let att = try #require(nics.json["interfaceAttachments"]?.arrayValue)
            #expect(att.count == 1)
            #expect(att.first?["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue == "192.168.10.21")
            #expect(att.first?["port_id"]?.stringValue?.isEmpty == false)
            #expect(nics.json["attachableQuantity"]?["free_nic"] == 11)
            let missing = try await SimHarness.signed("GET", ecsRoot + "/v1/\(project)/cloudservers/no-such-server/os-interface", call)
            #expect(missing.status == 404)
            #expect(missing.json["error"]?["code"]?.stringValue == "Ecs.0114")
            let other = try await SimHarness.signed("GET", ecsRoot + "/v1/0123456789abcdef/cloudservers/\(lb.id)/os-interface", call)
            #expect(other.status == 400)
            #expect(try await SimHarness.signed("GET", ecsRoot + "/v1/\(project)/cloudservers/\(lb.id)/os-interface", {
                var c = call; c.tamper = true; return c
            }()).status == 401)
        }
        // Without AK/SK there is one listener.
        try await SimHarness.with { h in
            #expect(h.server.networkPort == nil)
            #expect(h.server.computeEndpoint == nil)
        }
    }
}
