import Foundation

/// Huawei's API gateway in front of VPC (Neutron) and ECS (Nova) with `--auth aksk`: every
/// request must be signed (`SDK-HMAC-SHA256` or `V11-HMAC-SHA256`, see `GatewaySignature`), with
/// an `X-Sdk-Date` within 15 minutes of the server clock and an `X-Project-Id` naming a
/// project of the key's user. Five failures in a row lock an AK for five minutes.
///
/// Error bodies are the gateway's: HTTP 401, `{"error_msg", "error_code": "APIG.0301",
/// "request_id"}`. Messages [V] (Huawei APIG FAQ "Common Errors Related to IAM Authentication
/// Information"): "verify aksk signature fail", "AK access failed to reach the limit,forbidden.",
/// "Get secretKey failed,ak:...,err:ak not exist", "x-auth-token not found", "decrypt token
/// fail". The text after "verify aksk signature fail, " and the project messages are
/// ASSUMED (the documents elide them).
struct Gateway {
    static let maxSkew: Double = 15 * 60
    static let lockAfter = 5
    static let lockSeconds: Double = 5 * 60
    static let prefix = "Incorrect IAM authentication information: "

    /// An access key the gateway knows: whose it is.
    struct Key: Sendable {
        let secret: String
        let userName: String
    }

    let keys: [String: Key]
    /// Consecutive failures per AK (reset by a success or when a lock ends).
    var failures: [String: Int] = [:]
    /// AK -> the time its lock ends.
    var lockedUntil: [String: Double] = [:]

    init() {
        keys = [
            SimulatorDefaults.accessKey: Key(secret: SimulatorDefaults.secretKey, userName: SimulatorDefaults.user),
            SimulatorDefaults.otherAccessKey: Key(secret: SimulatorDefaults.otherSecretKey, userName: SimulatorDefaults.otherUser),
        ]
    }

    static func refusal(_ reason: String, now: Double) -> SimResponse {
        var g = SystemRandomNumberGenerator()
        var rng = SplitMix64(seed: g.next() ^ UInt64(bitPattern: Int64(now)))
        let rid = IDs.hex32(&rng)
        return .json(401, ["error_msg": .string(prefix + reason), "error_code": "APIG.0301", "request_id": .string(rid)],
                     headers: [("X-Request-Id", rid)])
    }

    /// Checks the request; on success the token-like grant the services act on.
    mutating func admit(_ req: SimRequest, state: CloudState, now: Double) -> Result<Token, GatewayRefusal> {
        guard let header = req.header("authorization"), !header.isEmpty else {
            // The simulator's gateway in AK/SK mode takes signed requests only; a token is not
            // one it can decrypt (ASSUMED: a real gateway also accepts IAM tokens).
            let token = req.header("x-auth-token") ?? ""
            return .failure(GatewayRefusal(Gateway.refusal(token.isEmpty ? "x-auth-token not found" : "decrypt token fail", now: now)))
        }
        guard let auth = GatewaySignature.parseAuthorization(header) else {
            return .failure(GatewayRefusal(Gateway.refusal("verify aksk signature fail, malformed Authorization header", now: now)))  // ASSUMED text
        }
        let ak = auth.accessKey
        guard let key = keys[ak] else {
            return .failure(GatewayRefusal(Gateway.refusal("Get secretKey failed,ak:\(ak),err:ak not exist", now: now)))
        }
        if let until = lockedUntil[ak] {
            if now < until { return .failure(GatewayRefusal(Gateway.refusal("AK access failed to reach the limit,forbidden.", now: now))) }
            lockedUntil[ak] = nil
            failures[ak] = nil
        }
        let greq = GatewaySignature.Request(method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery,
                                            headers: req.headers, body: req.body)
        if let reason = signatureProblem(greq, auth: auth, key: key, now: now) {
            let n = (failures[ak] ?? 0) + 1
            failures[ak] = n
            if n >= Gateway.lockAfter { lockedUntil[ak] = now + Gateway.lockSeconds }
            return .failure(GatewayRefusal(Gateway.refusal(reason, now: now)))
        }
        failures[ak] = nil
        // ASSUMED texts: the documents name X-Project-Id as required for project-level APIs
        // under AK/SK but do not show the gateway's answer without it.
        guard let projectID = req.header("x-project-id"), !projectID.isEmpty else {
            return .failure(GatewayRefusal(Gateway.refusal("x-project-id not found", now: now)))
        }
        guard let user = state.users.values.first(where: { $0.name == key.userName }), user.enabled,
              state.projects[projectID]?.enabled == true
        else {
            return .failure(GatewayRefusal(Gateway.refusal("project \(projectID) not found for ak:\(ak)", now: now)))
        }
        let roles = state.roleNames(user: user.id, project: projectID)
        guard !roles.isEmpty else {
            return .failure(GatewayRefusal(Gateway.refusal("project \(projectID) not found for ak:\(ak)", now: now)))
        }
        return .success(Token(id: "", userID: user.id, projectID: projectID, domainID: nil, methods: ["hw_ak_sk"], issuedAt: now,
                              expiresAt: now + 60, auditID: "", appCredID: nil, roleNames: roles))
    }

    /// Why the signature is not acceptable (each counts as a failure of the AK), or nil.
    func signatureProblem(_ r: GatewaySignature.Request, auth: GatewaySignature.Authorization, key: Key, now: Double) -> String? {
        guard let date = r.value("x-sdk-date") else {
            return "verify aksk signature fail, x-sdk-date not found"  // ASSUMED text
        }
        guard let t = GatewaySignature.parseDate(date) else {
            return "verify aksk signature fail, invalid x-sdk-date: \(date)"  // ASSUMED text
        }
        if abs(t - now) > Gateway.maxSkew {
            // ASSUMED text; the 15 minutes are documented [V].
            return "verify aksk signature fail, x-sdk-date \(date) is more than 15 minutes from the server time \(GatewaySignature.formatDate(now))"
        }
        if let scope = auth.credentialScope, !scope.hasPrefix(String(date.prefix(8)) + "/") {
            return "verify aksk signature fail, credential date does not match x-sdk-date"  // ASSUMED text
        }
        guard let expected = GatewaySignature.expectedSignature(r, auth: auth, secretKey: key.secret),
              GatewaySignature.same(expected, auth.signature)
        else {
            return "verify aksk signature fail"
        }
        return nil
    }
}

/// The gateway's answer to a request it does not let through.
struct GatewayRefusal: Error {
    let response: SimResponse
    init(_ response: SimResponse) { self.response = response }
}
