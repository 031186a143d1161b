import Foundation
import Glibc

/// A loopback HTTP server that answers whatever bytes a test scripts: malformed JSON, HTML,
/// an endless body, a redirect, an SSH banner, or nothing at all. Raw POSIX sockets on
/// threads of its own (so a hanging connection blocks no task), bound to 127.0.0.1 on an
/// ephemeral port. Every request it reads is recorded (method, target, headers).
public final class HostileServer: @unchecked Sendable {
    public struct Request: Sendable {
        public let method: String
        /// The request target as sent (path and query).
        public let target: String
        public let headers: [(String, String)]
        /// The body as sent (empty when there is none).
        public var body: [UInt8] = []

        public init(method: String, target: String, headers: [(String, String)], body: [UInt8] = []) {
            self.method = method
            self.target = target
            self.headers = headers
            self.body = body
        }

        public var path: String { String(target.prefix { $0 != "?" }) }

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The value of query item `name`, percent-decoded.
        public func query(_ name: String) -> String? {
            URLComponents(string: target)?.queryItems?.last { $0.name == name }?.value
        }
    }

    public enum Reply: Sendable {
        /// These bytes, then close.
        case raw([UInt8])
        /// A status line, the headers, `Content-Length` and `Connection: close`, the body.
        case http(status: Int, headers: [(String, String)], body: [UInt8])
        /// `bytes` bytes of `fill` as the body, written in chunks (with a `Content-Length`
        /// when `declareLength`, else delimited by closing the connection).
        case large(status: Int, contentType: String, bytes: Int, declareLength: Bool)
        /// Read the request and never answer (the connection stays open until `stop`).
        case hang
        /// Wait, then answer.
        indirect case delayed(Double, Reply)

        public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Reply {
            .http(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
        }
    }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let respond: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var stopped = false
    private var open: Set<Int32> = []

    /// Starts listening; `respond` picks the answer to each request.
    public init(_ respond: @escaping @Sendable (Request) -> Reply) throws {
        self.respond = respond
        (listener, port) = try loopbackListener(backlog: 64, reuseAddress: true, what: "HostileServer")
        let t = Thread { [self] in acceptLoop() }
        t.start()
    }

    /// The requests read so far.
    public var requests: [Request] { lock.withLock { recorded } }

    /// Stops listening and closes every connection (a hanging one included).
    public func stop() {
        let fds: Set<Int32> = lock.withLock {
            stopped = true
            return open
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            let c = accept(listener, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                return
            }
            lock.withLock { _ = open.insert(c) }
            let t = Thread { [self] in
                serve(c)
                lock.withLock { _ = open.remove(c) }
                close(c)
            }
            t.start()
        }
    }

    private func serve(_ fd: Int32) {
        // Requests on one connection, one after another (keep-alive), until the peer closes.
        var buffer: [UInt8] = []
        while !isStopped {
            guard let (request, rest) = readRequest(fd, buffer) else { return }
            buffer = rest
            lock.withLock { recorded.append(request) }
            if !answer(fd, respond(request)) { return }
        }
    }

    /// Writes `reply`; false when the connection must close afterwards.
    private func answer(_ fd: Int32, _ reply: Reply) -> Bool {
        switch reply {
        case .raw(let bytes):
            _ = write(fd, bytes)
            return false
        case .http(let status, let headers, let body):
            var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
            for (k, v) in headers { head += "\(k): \(v)\r\n" }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            _ = write(fd, Array(head.utf8) + body)
            return false
        case .large(let status, let contentType, let bytes, let declareLength):
            var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\n"
            if declareLength { head += "Content-Length: \(bytes)\r\n" }
            head += "Connection: close\r\n\r\n"
            guard write(fd, Array(head.utf8)) else { return false }
            let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 64 * 1024)
            var left = bytes
            while left > 0 && !isStopped {
                let n = min(left, chunk.count)
                guard write(fd, Array(chunk.prefix(n))) else { return false }
                left -= n
            }
            return false
        case .hang:
            while !isStopped { usleep(20_000) }
            return false
        case .delayed(let seconds, let inner):
            usleep(UInt32(seconds * 1_000_000))
            return answer(fd, inner)
        }
    }

    /// false when the peer has gone (no SIGPIPE: MSG_NOSIGNAL).
    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    private func readRequest(_ fd: Int32, _ start: [UInt8]) -> (Request, [UInt8])? {
        var buf = start
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let sep: [UInt8] = [13, 10, 13, 10]
        func headEnd() -> Int? {
            guard buf.count >= 4 else { return nil }
            for i in 0...(buf.count - 4) where buf[i] == 13 && Array(buf[i..<(i + 4)]) == sep { return i }
            return nil
        }
        while headEnd() == nil {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            buf += chunk[0..<n]
        }
        guard let end = headEnd() else { return nil }
        let head = String(decoding: buf[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [(String, String)] = []
        for l in lines {
            guard let colon = l.firstIndex(of: ":") else { continue }
            headers.append((String(l[..<colon]), l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        var rest = Array(buf[(end + 4)...])
        while rest.count < length {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            rest += chunk[0..<n]
        }
        let request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                              body: Array(rest.prefix(length)))
        return (request, Array(rest.dropFirst(length)))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 300: return "Multiple Choices"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 307: return "Temporary Redirect"
        case 404: return "Not Found"
        case 502: return "Bad Gateway"
        default: return "Status"
        }
    }

    // MARK: a minimal Keystone

    public static let token = "hostile-token-0123456789"

    /// The answer to `POST /v3/auth/tokens`: a token for user demo, an empty catalog (tests set
    /// endpoint overrides).
    public static var keystoneToken: Reply {
        .json(201, #"{"token":{"expires_at":"2099-01-01T00:00:00.000000Z","user":{"id":"u1","name":"demo"},"#
                + #""project":{"id":"p1","name":"demo"},"catalog":[]}}"#,
              headers: [("X-Subject-Token", token)])
    }
}

/// A loopback listener that never accepts, its queue already full: the kernel drops further
/// connection attempts, so a client waits until its connect timeout runs out.
public final class Blackhole: @unchecked Sendable {
    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private var fds: [Int32] = []

    public init() throws {
        let (fd, port) = try loopbackListener(backlog: 0, reuseAddress: false, what: "Blackhole")
        self.port = port
        fds.append(fd)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        // Fill the accept queue (backlog 0 holds one) with connections nobody accepts.
        for _ in 0..<4 {
            let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard c >= 0 else { continue }
            _ = fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(c, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fds.append(c)
            usleep(20_000)
        }
    }

    public func stop() {
        for fd in fds { close(fd) }
        fds = []
    }
}

extension HostileServer {
    /// One Neutron port as JSON, with `id` and `name` (every required field present).
    public static func portJSON(_ id: String, _ name: String = "p") -> String {
        #"{"id":"\#(id)","name":"\#(name)","network_id":"n1","mac_address":"fa:16:3e:00:00:01","status":"ACTIVE","device_id":"","device_owner":"","fixed_ips":[]}"#
    }

    /// A server that issues a token at `POST /v3/auth/tokens` and answers everything else with
    /// `script`.
    public static func behindKeystone(_ script: @escaping @Sendable (HostileServer.Request) -> HostileServer.Reply) throws -> HostileServer {
        try HostileServer { r in
            if r.method == "POST" && r.path == "/v3/auth/tokens" { return HostileServer.keystoneToken }
            return script(r)
        }
    }
}

/// A TCP socket listening on 127.0.0.1 on a port the kernel picks: its descriptor and port.
func loopbackListener(backlog: Int32, reuseAddress: Bool, what: String) throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw HarnessError("\(what): socket failed") }
    if reuseAddress {
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, backlog) == 0 else {
        close(fd)
        throw HarnessError("\(what): bind/listen on 127.0.0.1 failed")
    }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    return (fd, Int(UInt16(bigEndian: addr.sin_port)))
}
