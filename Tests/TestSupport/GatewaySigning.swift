import AsyncHTTPClient
import CloudSimulator
import Foundation
import NIOCore
import NIOHTTP1

/// AK/SK-signed raw requests to a simulator started with `--auth aksk` (signed with the
/// simulator's own `GatewaySignature`, whose test vectors are checked in CloudSimulatorTests).
public struct SignedCall: Sendable {
    public var accessKey = SimulatorDefaults.accessKey
    public var secretKey = SimulatorDefaults.secretKey
    /// `X-Project-Id`; nil sends none.
    public var projectID: String?
    /// `X-Sdk-Date` as seconds since 1970.
    public var date: Double
    /// Sign with the date, then leave the `X-Sdk-Date` header out of the request.
    public var omitDate = false
    public var algorithm = GatewaySignature.sdkAlgorithm
    /// The V11 credential scope (`yyyyMMdd/region/service`); derived from `date` when nil.
    public var scope: String?
    /// Flip the signature's last hex digit after signing.
    public var tamper = false
    /// Send this header instead of an `Authorization` computed here (nil: compute it).
    public var authorization: String?

    public init(projectID: String?, date: Double) {
        self.projectID = projectID
        self.date = date
    }
}

extension SimHarness {
    /// Sends `method url` signed as `call` says, with `json` as the body.
    public static func signed(_ method: String, _ url: String, json: JSON? = nil, _ call: SignedCall) async throws -> HTTPResult {
        guard let comps = URLComponents(string: url), let host = comps.host else { throw HarnessError("bad URL \(url)") }
        let hostHeader = host + (comps.port.map { ":\($0)" } ?? "")
        let body = json?.serialized() ?? []
        var headers: [(name: String, value: String)] = [("host", hostHeader)]
        if json != nil { headers.append(("content-type", "application/json")) }
        if let p = call.projectID { headers.append(("x-project-id", p)) }
        let dateText = GatewaySignature.formatDate(call.date)
        headers.append(("x-sdk-date", dateText))
        var auth = call.authorization
        if auth == nil {
            let r = GatewaySignature.Request(method: method, rawPath: comps.percentEncodedPath, rawQuery: comps.percentEncodedQuery ?? "",
                                             headers: headers, body: body)
            let scope = call.scope ?? "\(dateText.prefix(8))/\(SimulatorDefaults.region)/vpc"
            guard var a = GatewaySignature.authorize(r, accessKey: call.accessKey, secretKey: call.secretKey, algorithm: call.algorithm,
                                                     scope: scope)
            else { throw HarnessError("cannot sign") }
            if call.tamper, let last = a.last {
                a = String(a.dropLast()) + (last == "0" ? "1" : "0")
            }
            auth = a
        }
        var req = HTTPClientRequest(url: url)
        req.method = HTTPMethod(rawValue: method)
        for (k, v) in headers where !(call.omitDate && k == "x-sdk-date") { req.headers.add(name: k, value: v) }
        if let auth { req.headers.add(name: "Authorization", value: auth) }
        if json != nil { req.body = .bytes(ByteBuffer(bytes: body)) }
        let resp = try await HTTPClient.shared.execute(req, timeout: .seconds(30))
        let buf = try await resp.body.collect(upTo: 256 << 20)
        return HTTPResult(status: Int(resp.status.code), headers: resp.headers.map { ($0.name, $0.value) }, body: Array(buffer: buf))
    }

    /// A call for user demo's AK on its project, dated by the simulator's clock.
    public func signedCall() async -> SignedCall {
        let creds = await server.engine.accessKeyCredentials()
        return SignedCall(projectID: creds.projectID, date: await server.engine.clock())
    }

    /// PATH, HOME and Huawei's SDK variables of user demo's AK/SK on this `--auth aksk`
    /// simulator, with VPC and ECS at their own listeners (as `vipctl sim --auth aksk` prints):
    /// the environment a headless vipctl run signs with.
    public func akskEnvironment(home: String) async -> [String: String] {
        let creds = await server.engine.accessKeyCredentials()
        return [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home,
            "HUAWEICLOUD_SDK_AK": creds.accessKey,
            "HUAWEICLOUD_SDK_SK": creds.secretKey,
            "HUAWEICLOUD_SDK_PROJECT_ID": creds.projectID,
            "OS_REGION_NAME": SimulatorDefaults.region,
            "OS_NETWORK_ENDPOINT_OVERRIDE": vpc,
            "OS_COMPUTE_ENDPOINT_OVERRIDE": ecs,
        ]
    }

    /// The VPC listener's Neutron base (`http://127.0.0.1:P/v2.0`) of an `--auth aksk` simulator.
    public var vpc: String { (server.networkEndpoint ?? "http://no-vpc-listener.invalid") + "/v2.0" }
    /// The ECS listener's Nova base (`http://127.0.0.1:P/v2.1`).
    public var ecs: String { server.computeEndpoint ?? "http://no-ecs-listener.invalid/v2.1" }
}
