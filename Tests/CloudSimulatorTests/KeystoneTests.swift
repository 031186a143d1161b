import CloudSimulator
import Foundation
import Testing
import TestSupport

@Suite("Keystone v3")
struct KeystoneTests {
    @Test("GET /v3 is the version document; GET / lists versions with 300")
    func versionDocuments() async throws {
        try await SimHarness.with { h in
            let v3 = try await h.get(h.identity, token: nil)
            #expect(v3.status == 200)
            #expect(v3.json["version"]?["id"]?.stringValue == "v3.14")
            #expect(v3.json["version"]?["links"]?.arrayValue?.first?["href"]?.stringValue == h.identity + "/")
            let root = try await h.get(h.baseURL + "/identity/", token: nil)
            #expect(root.status == 300)
            #expect(root.json["versions"]?["values"]?.arrayValue?.count == 1)
        }
    }

    @Test("password auth, user and project by name: 201, X-Subject-Token, full token body and catalog")
    func passwordByName() async throws {
        try await SimHarness.with { h in
            let r = try await h.request("POST", h.identity + "/auth/tokens", json: SimHarness.passwordAuth())
            #expect(r.status == 201)
            #expect((r.header("X-Subject-Token") ?? "").count > 100)
            let t = r.json["token"]
            #expect(t?["user"]?["name"]?.stringValue == "demo")
            #expect(t?["project"]?["name"]?.stringValue == "demo")
            #expect(t?["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.sorted() == ["member", "reader"])
            #expect(t?["expires_at"]?.stringValue?.hasSuffix("Z") == true)
            #expect(t?["issued_at"] != nil)
            let catalog = t?["catalog"]?.arrayValue ?? []
            #expect(Set(catalog.compactMap { $0["type"]?.stringValue }) == ["identity", "network", "compute"])
            for service in catalog {
                let eps = service["endpoints"]?.arrayValue ?? []
                #expect(Set(eps.compactMap { $0["interface"]?.stringValue }) == ["public", "internal", "admin"])
                #expect(eps.allSatisfy { $0["region_id"]?.stringValue == "RegionOne" })
            }
            let net = catalog.first { $0["type"]?.stringValue == "network" }?["endpoints"]?.arrayValue?.first?["url"]?.stringValue
            #expect(net == h.baseURL + "/networking")
        }
    }

    @Test("user and project by id; unscoped token has no project and no catalog")
    func byIDAndUnscoped() async throws {
        try await SimHarness.with { h in
            let first = try await h.request("POST", h.identity + "/auth/tokens", json: SimHarness.passwordAuth()).json["token"]
            let uid = first?["user"]?["id"]?.stringValue ?? ""
            let pid = first?["project"]?["id"]?.stringValue ?? ""
            let byID: JSON = ["auth": ["identity": ["methods": ["password"], "password": ["user": ["id": .string(uid), "password": "demo-secret"]]],
                                       "scope": ["project": ["id": .string(pid)]]]]
            let r = try await h.request("POST", h.identity + "/auth/tokens", json: byID)
            #expect(r.status == 201)
            #expect(r.json["token"]?["project"]?["id"]?.stringValue == pid)
            let unscoped = try await h.request("POST", h.identity + "/auth/tokens", json: SimHarness.passwordAuth(project: nil))
            #expect(unscoped.status == 201)
            #expect(unscoped.json["token"]?["project"] == nil)
            #expect(unscoped.json["token"]?["catalog"] == nil)
            // An unscoped token is not enough for neutron.
            let n = try await h.get(h.network + "/ports", token: unscoped.header("X-Subject-Token"))
            #expect(n.status == 401)
        }
    }

    @Test("application credential by id and by name+user; a scope is refused with 401")
    func applicationCredentials() async throws {
        try await SimHarness.with { h in
            // Find the credential id through a name-based auth first.
            let byName: JSON = ["auth": ["identity": ["methods": ["application_credential"],
                                                      "application_credential": ["name": "vipctl-ci", "secret": "demo-appcred-secret",
                                                                                 "user": ["name": "demo", "domain": ["name": "Default"]]]]]]
            let r1 = try await h.request("POST", h.identity + "/auth/tokens", json: byName)
            #expect(r1.status == 201)
            let acID = r1.json["token"]?["application_credential"]?["id"]?.stringValue ?? ""
            #expect(!acID.isEmpty)
            #expect(r1.json["token"]?["project"]?["name"]?.stringValue == "demo")
            let byID: JSON = ["auth": ["identity": ["methods": ["application_credential"],
                                                    "application_credential": ["id": .string(acID), "secret": "demo-appcred-secret"]]]]
            let r2 = try await h.request("POST", h.identity + "/auth/tokens", json: byID)
            #expect(r2.status == 201)
            let wrong: JSON = ["auth": ["identity": ["methods": ["application_credential"],
                                                     "application_credential": ["id": .string(acID), "secret": "nope"]]]]
            #expect(try await h.request("POST", h.identity + "/auth/tokens", json: wrong).status == 401)
            var scoped = byID.objectValue?["auth"]?.objectValue ?? JSONObject()
            scoped["scope"] = ["project": ["name": "demo", "domain": ["name": "Default"]]]
            let r3 = try await h.request("POST", h.identity + "/auth/tokens", json: ["auth": .object(scoped)])
            #expect(r3.status == 401)
            #expect(r3.json["error"]?["message"]?.stringValue?.contains("cannot request a scope") == true)
            let unknown: JSON = ["auth": ["identity": ["methods": ["application_credential"],
                                                       "application_credential": ["id": "nope", "secret": "x"]]]]
            #expect(try await h.request("POST", h.identity + "/auth/tokens", json: unknown).status == 404)
        }
    }

    @Test("error bodies: 401 with WWW-Authenticate, 400 for a missing domain or malformed JSON")
    func errors() async throws {
        try await SimHarness.with { h in
            let bad = try await h.request("POST", h.identity + "/auth/tokens", json: SimHarness.passwordAuth(password: "wrong"))
            #expect(bad.status == 401)
            #expect(bad.json["error"]?["code"]?.intValue == 401)
            #expect(bad.json["error"]?["title"]?.stringValue == "Unauthorized")
            #expect(bad.json["error"]?["message"]?.stringValue == "The request you have made requires authentication.")
            #expect(bad.header("WWW-Authenticate") == "Keystone uri=\"\(h.identity)\"")
            let noDomain: JSON = ["auth": ["identity": ["methods": ["password"], "password": ["user": ["name": "demo", "password": "demo-secret"]]]]]
            let r = try await h.request("POST", h.identity + "/auth/tokens", json: noDomain)
            #expect(r.status == 400)
            #expect(r.json["error"]?["title"]?.stringValue == "Bad Request")
            #expect(r.json["error"]?["message"]?.stringValue?.hasPrefix("Expecting to find domain in user.") == true)
            let garbage = try await h.request("POST", h.identity + "/auth/tokens", body: Array("{nope".utf8))
            #expect(garbage.status == 400)
            let unknownProject = try await h.request("POST", h.identity + "/auth/tokens", json: SimHarness.passwordAuth(project: "nope"))
            #expect(unknownProject.status == 401)
            // The password never appears in any answer.
            #expect(!bad.text.contains("wrong") && !r.text.contains("demo-secret"))
        }
    }

    @Test("validate (GET, HEAD), revoke (DELETE); a revoked token gets 401 from every service")
    func validateAndRevoke() async throws {
        try await SimHarness.with { h in
            let caller = try await h.token()
            let subject = try await h.token()
            let v = try await h.request("GET", h.identity + "/auth/tokens", token: caller, headers: [("X-Subject-Token", subject)])
            #expect(v.status == 200)
            #expect(v.header("X-Subject-Token") == subject)
            #expect(v.json["token"]?["project"]?["name"]?.stringValue == "demo")
            let head = try await h.request("HEAD", h.identity + "/auth/tokens", token: caller, headers: [("X-Subject-Token", subject)])
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            let bogus = try await h.request("GET", h.identity + "/auth/tokens", token: caller, headers: [("X-Subject-Token", "bogus")])
            #expect(bogus.status == 404)
            let del = try await h.request("DELETE", h.identity + "/auth/tokens", token: caller, headers: [("X-Subject-Token", subject)])
            #expect(del.status == 204)
            #expect(try await h.get(h.network + "/ports", token: subject).status == 401)
            #expect(try await h.get(h.compute + "/servers", token: subject).status == 401)
            let again = try await h.request("DELETE", h.identity + "/auth/tokens", token: caller, headers: [("X-Subject-Token", subject)])
            #expect(again.status == 404)
            // The caller's token still works.
            #expect(try await h.get(h.network + "/ports", token: caller).status == 200)
        }
    }

    @Test("--token-ttl sets expires_at; expired tokens get 401 from neutron and nova, with keystonemiddleware's body")
    func expiry() async throws {
        try await SimHarness.with({ $0.tokenTTL = 90 }) { h in
            let r = try await h.request("POST", h.identity + "/auth/tokens", json: SimHarness.passwordAuth())
            let t = try #require(r.header("X-Subject-Token"))
            let issued = try #require(r.json["token"]?["issued_at"]?.stringValue.flatMap(KeystoneTests.date))
            let expires = try #require(r.json["token"]?["expires_at"]?.stringValue.flatMap(KeystoneTests.date))
            #expect(expires.timeIntervalSince(issued) == 90)
            #expect(try await h.get(h.network + "/networks", token: t).status == 200)
            // Expire every token now (the simulator's control), then every service refuses it.
            _ = try await h.request("POST", h.baseURL + "/__sim/faults", json: ["expire_tokens": true])
            let n = try await h.get(h.network + "/networks", token: t)
            #expect(n.status == 401)
            #expect(n.json["error"]?["title"]?.stringValue == "Unauthorized")
            #expect(n.header("WWW-Authenticate")?.hasPrefix("Keystone uri=") == true)
            #expect(try await h.get(h.compute + "/servers", token: t).status == 401)
            let v = try await h.request("GET", h.identity + "/auth/tokens", token: try await h.token(), headers: [("X-Subject-Token", t)])
            #expect(v.status == 404)
        }
    }

    static func date(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: s.replacingOccurrences(of: ".000000Z", with: ".000Z"))
    }

    @Test("nocatalog drops the catalog")
    func noCatalog() async throws {
        try await SimHarness.with { h in
            let r = try await h.request("POST", h.identity + "/auth/tokens?nocatalog", json: SimHarness.passwordAuth())
            #expect(r.status == 201)
            #expect(r.json["token"]?["catalog"] == nil)
            #expect(r.json["token"]?["project"] != nil)
        }
    }
}
