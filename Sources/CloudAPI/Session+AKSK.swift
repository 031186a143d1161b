import Foundation
import L10n

/// AK/SK sessions (Huawei Cloud's access key and secret key): every request signed, no token,
/// no catalog. The first request goes alone (one cheap signed read) before any parallel reads,
/// and a 401 is never sent again: the gateway locks an AK for five minutes after five failed
/// signatures in a row, so a wrong key must cost one failure, not one per parallel read.
extension CloudSession {
    /// The first request of the session, alone: `GET <network>/networks?limit=1`. Any answer
    /// but a 401 or a 5xx shows the gateway accepted the signature; a 401 is kept and thrown
    /// again by every later call without sending anything.
    func firstSignedRequest(_ key: AccessKey) async throws(CloudError) {
        if let refusal = accessKeyRefusal { throw refusal }
        let url = try await endpoint(.network) + "/networks?limit=1"
        let req = APIRequest(method: "GET", url: url,
                             headers: [("Accept", "application/json"), ("User-Agent", VipctlVersion.userAgent),
                                       ("X-OpenStack-Request-ID", CloudSession.newRequestID())],
                             service: Service.network.rawValue)
        let resp = try await send(req)
        if resp.status == 401 {
            let refusal = CloudSession.accessKeyFailure(req, resp, key: key, projectID: config.project?.id, now: Date())
            accessKeyRefusal = refusal
            throw refusal
        }
        if resp.status >= 500 { throw CloudSession.failure(req, resp) }
        accessKeyAccepted = true
        identity = Identity(userID: key.accessKey, userName: key.accessKey, projectID: config.project?.id,
                            projectName: config.project?.name, expiresAt: .distantFuture)
    }

    /// `req` with the headers the gateway checks (`Host`, `X-Sdk-Date`, `X-Project-Id`,
    /// `X-Security-Token` when there is one), all of them signed, and `Authorization`.
    /// `region` scopes the V11 derived key (with the service's host name: vpc, ecs, iam).
    static func signed(_ req: APIRequest, key: AccessKey, projectID: String?, region: String?, date: Date) -> APIRequest {
        guard let url = URLComponents(string: req.url), let host = url.host else { return req }
        var hostValue = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        if let port = url.port, port != (url.scheme?.lowercased() == "https" ? 443 : 80) { hostValue += ":\(port)" }
        var signedHeaders: [(String, String)] = [("Host", hostValue), ("X-Sdk-Date", AKSKSigner.sdkDate(date))]
        if let projectID { signedHeaders.append(("X-Project-Id", projectID)) }
        if let token = key.securityToken { signedHeaders.append(("X-Security-Token", token)) }
        let service = Service(rawValue: req.service).map(EndpointResolver.hostService) ?? req.service
        let signer = AKSKSigner(accessKey: key.accessKey, secretKey: key.secretKey, algorithm: key.algorithm, region: region, service: service)
        let signature = signer.sign(method: req.method, path: url.percentEncodedPath, query: url.percentEncodedQuery ?? "",
                                    headers: signedHeaders.map { (name: $0.0, value: $0.1) }, body: req.body ?? [])
        var out = req
        let replaced: Set<String> = ["host", "x-sdk-date", "x-project-id", "x-security-token", "authorization", "x-auth-token"]
        out.headers.removeAll { replaced.contains($0.0.lowercased()) }
        out.headers += signedHeaders + [("Authorization", signature.authorization)]
        return out
    }

    /// The gateway's 401 in words: a wrong signature, an unknown or locked AK, a refused date,
    /// and above all a clock more than 15 minutes off (from the answer's `Date` header), with
    /// the gateway's own message and the promise that nothing more is sent.
    static func accessKeyFailure(_ req: APIRequest, _ resp: APIResponse, key: AccessKey, projectID: String?, now: Date) -> CloudError {
        guard case .http(let f) = failure(req, resp) else { return failure(req, resp) }
        // The gateway's words, with the SK and the token masked should it ever echo them.
        var said = f.cloudMessage ?? ""
        for secret in [key.secretKey, key.securityToken ?? ""] where secret.count >= 4 {
            said = said.replacingOccurrences(of: secret, with: "***")
        }
        let lower = said.lowercased()
        var note: CloudText
        if let cloudDate = resp.header("date").flatMap(parseHTTPDate), abs(now.timeIntervalSince(cloudDate)) > 15 * 60 {
            let minutes = Int((abs(now.timeIntervalSince(cloudDate)) / 60).rounded())
            note = .ak(.clockSkew, minutes, CloudText.ak(now > cloudDate ? .clockAhead : .clockBehind),
                       AKSKSigner.sdkDate(now), AKSKSigner.sdkDate(cloudDate))
        } else if lower.contains("locked") || (lower.contains("limit") && lower.contains("forbidden")) {
            note = .ak(.akLocked, key.accessKey)
        } else if lower.contains("ak not exist") || lower.contains("get secretkey failed") {
            note = .ak(.unknownAK, key.accessKey)
        } else if lower.contains("project") && lower.contains("not found") {
            note = .ak(.unknownProject, key.accessKey, projectID ?? "-")
        } else if lower.contains("x-sdk-date") || lower.contains("date") && (lower.contains("expire") || lower.contains("skew")) {
            note = .ak(.dateRefused, req.headers.first { $0.0.lowercased() == "x-sdk-date" }?.1 ?? AKSKSigner.sdkDate(now))
        } else if lower.contains("signature") || lower.contains("verify aksk") {
            note = .ak(.signatureRefused, key.accessKey, key.algorithm.rawValue)
        } else {
            note = .ak(.rejected, key.accessKey)
        }
        if !said.isEmpty { note = note + .ak(.gatewaySaid, said) }
        note = note + .ak(.noMoreRequests)
        return .http(HTTPFailure(service: f.service, method: f.method, path: f.path, status: f.status, type: f.type, note: note,
                                 requestID: f.requestID))
    }

    /// An HTTP `Date` header (`Sun, 06 Dec 2026 12:06:02 GMT`), or nil.
    static func parseHTTPDate(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
