import AsyncHTTPClient
import Foundation
import L10n
import NIOCore
import NIOHTTP1
import NIOSSL

/// One request as CloudAPI sends it.
public struct APIRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// `identity`, `network`, `compute`: for error messages and the debug log.
    public var service: String

    public init(method: String, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil, service: String) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.service = service
    }
}

public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// The request this answers, as messages name it (set by `CloudSession`): `network`, `GET`,
    /// `/v2.0/ports` (no query).
    public var service: String?
    public var method: String?
    public var path: String?

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.0.lowercased() == n }?.1
    }

    public var requestID: String? { header("x-openstack-request-id") ?? header("x-compute-request-id") ?? header("x-request-id") }
}

/// Sends requests. The AsyncHTTPClient implementation is the real one; tests may inject others.
public protocol HTTPTransport: Sendable {
    func send(_ request: APIRequest) async throws(CloudError) -> APIResponse
    func shutdown() async
}

/// AsyncHTTPClient with connection reuse, connect/read/total timeouts, a response size cap and
/// TLS verification on by default. `cacert` REPLACES the system's trust roots with the CAs of
/// its PEM file (as the `openstack` CLI's `--os-cacert` does): only certificates chaining to
/// them are accepted. `insecure` turns verification off.
public final class AHCTransport: HTTPTransport {
    private let client: HTTPClient
    private let timeouts: CloudConfig.Timeouts
    private let maxBytes: Int

    public init(config: CloudConfig) throws(CloudError) {
        var c = HTTPClient.Configuration(tlsConfiguration: try Self.tlsConfiguration(config))
        c.timeout = .init(connect: .milliseconds(Int64(config.timeouts.connect * 1000)),
                          read: .milliseconds(Int64(min(config.timeouts.read, config.timeouts.total) * 1000)))
        // Never follow a redirect: AsyncHTTPClient strips `Authorization` across origins but not
        // `X-Auth-Token`, so following would hand the token to whatever the Location names.
        // `CloudSession` turns a 3xx into one line naming the Location instead.
        c.redirectConfiguration = .disallow
        c.decompression = .enabled(limit: .size(config.maxResponseBytes))
        c.httpVersion = .http1Only
        // A refused connection is an answer: report it at once instead of retrying until the
        // connect timeout.
        c.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: c)
        timeouts = config.timeouts
        maxBytes = config.maxResponseBytes
    }

    public func shutdown() async { try? await client.shutdown() }

    /// Verification on (hostname included), or off with `insecure`; with `cacert` the file's
    /// certificates become the only trust roots (they replace the system's bundle).
    static func tlsConfiguration(_ config: CloudConfig) throws(CloudError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if !config.verifyTLS {
            tls.certificateVerification = .none
        } else if let ca = config.cacertPath {
            let certs: [NIOSSLCertificate]
            do {
                certs = try NIOSSLCertificate.fromPEMFile(ca)
            } catch {
                throw .config(ConfigError(file: ca, key: "cacert", text: .net(.cacertUnreadable)))
            }
            guard !certs.isEmpty else {
                throw .config(ConfigError(file: ca, key: "cacert", text: .net(.cacertEmpty)))
            }
            // Replaces the default roots (not added to them), as the openstack CLI does.
            tls.trustRoots = .certificates(certs)
        }
        return tls
    }

    /// Whether `tls` trusts the system's CA bundle (false once `cacert` replaced it).
    static func trustsSystemRoots(_ tls: TLSConfiguration) -> Bool {
        switch tls.trustRoots {
        case .default?, nil: return true
        default: return false
        }
    }

    public func send(_ r: APIRequest) async throws(CloudError) -> APIResponse {
        var req = HTTPClientRequest(url: r.url)
        req.method = HTTPMethod(rawValue: r.method)
        for (k, v) in r.headers { req.headers.add(name: k, value: v) }
        if let b = r.body { req.body = .bytes(ByteBuffer(bytes: b)) }
        do {
            let resp = try await client.execute(req, timeout: .milliseconds(Int64(timeouts.total * 1000)))
            let body = try await AHCTransport.read(resp.body, declaredLength: resp.headers.first(name: "content-length").flatMap { Int($0) },
                                                   upTo: maxBytes)
            return APIResponse(status: Int(resp.status.code), headers: resp.headers.map { ($0.name, $0.value) }, body: body)
        } catch let e as NIOTooManyBytesError {
            _ = e
            throw .responseTooLarge(url: AHCTransport.redactedURL(r.url), limit: maxBytes)
        } catch {
            throw .transport(AHCTransport.classify(error, url: AHCTransport.redactedURL(r.url), timeouts: timeouts))
        }
    }

    /// The body, refused as soon as it is known to exceed `limit` (a declared length over it,
    /// or the bytes read so far). The chunks are kept as they arrive and joined once at the
    /// end: a growing buffer would hold its old and new storage at once on every doubling.
    static func read(_ body: HTTPClientResponse.Body, declaredLength: Int?, upTo limit: Int) async throws -> [UInt8] {
        if let declaredLength, declaredLength > limit { throw NIOTooManyBytesError(maxBytes: limit) }
        var chunks: [ByteBuffer] = []
        var total = 0
        for try await chunk in body {
            total += chunk.readableBytes
            if total > limit { throw NIOTooManyBytesError(maxBytes: limit) }
            chunks.append(chunk)
        }
        if chunks.count == 1, let only = chunks.first { return Array(buffer: only) }
        var out: [UInt8] = []
        out.reserveCapacity(total)
        for c in chunks { out.append(contentsOf: c.readableBytesView) }
        return out
    }

    /// scheme://host:port/path, without the query.
    static func redactedURL(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }

    static func classify(_ error: any Error, url: String, timeouts: CloudConfig.Timeouts = CloudConfig.Timeouts()) -> TransportFailure {
        let text = String(describing: error)
        let lower = text.lowercased()
        let request = min(timeouts.read, timeouts.total)
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout: return TransportFailure(kind: .timeout, url: url, detail: "connect", seconds: timeouts.connect)
            case .readTimeout: return TransportFailure(kind: .timeout, url: url, detail: "read", seconds: request)
            case .deadlineExceeded: return TransportFailure(kind: .timeout, url: url, detail: "total", seconds: timeouts.total)
            case .remoteConnectionClosed: return TransportFailure(kind: .reset, url: url, detail: text)
            default: break
            }
        }
        // The connection closed in the middle of the answer (fewer bytes than Content-Length).
        if let p = error as? HTTPParserError, p == .invalidEOFState {
            return TransportFailure(kind: .reset, url: url, detail: TransportFailure.cutShort)
        }
        // Bytes that are not HTTP at all: an SSH banner, a database, a TLS port spoken to in
        // plain HTTP the other way round.
        if error is HTTPParserError || lower.contains("httpparsererror") || lower.contains("invalidversion")
            || lower.contains("invalidconstant")
        {
            return TransportFailure(kind: .other, url: url, detail: TransportFailure.notHTTP)
        }
        if error is NIOSSLError || lower.contains("ssl") || lower.contains("certificate") || lower.contains("handshake") {
            return TransportFailure(kind: .tls, url: url, detail: tlsDetail(lower, host: URLComponents(string: url)?.host))
        }
        if lower.contains("connection refused") || lower.contains("econnrefused") || lower.contains("connectionrefused") {
            return TransportFailure(kind: .refused, url: url, detail: text)
        }
        if lower.contains("unknown host") || lower.contains("name or service not known") || lower.contains("nodename")
            || lower.contains("resolv") || lower.contains("dns")
        {
            return TransportFailure(kind: .dns, url: url, detail: text)
        }
        if lower.contains("reset") || lower.contains("econnreset") || lower.contains("closed") || lower.contains("eof") {
            return TransportFailure(kind: .reset, url: url, detail: text)
        }
        if lower.contains("timeout") || lower.contains("timed out") {
            return TransportFailure(kind: .timeout, url: url, detail: "total", seconds: timeouts.total)
        }
        return TransportFailure(kind: .other, url: url, detail: String(text.prefix(160)))
    }

    static func tlsDetail(_ lower: String, host: String? = nil) -> String {
        if lower.contains("self") && lower.contains("signed") || lower.contains("unable to get local issuer")
            || lower.contains("certificate_verify_failed") || lower.contains("certificateverifyfailed")
        {
            return TransportFailure.tlsNotTrusted
        }
        if lower.contains("hostname") || lower.contains("name mismatch") {
            return TransportFailure.tlsNameMismatch + (host.map { " " + $0 } ?? "")
        }
        return TransportFailure.tlsHandshake
    }
}
