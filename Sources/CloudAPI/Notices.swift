import L10n

/// One-line notices about answers vipctl could read only after repairing them (invalid UTF-8
/// shown as U+FFFD, ...): nothing failed, but the admin should know. `CloudSession` posts them;
/// the headless commands print them on stderr, the TUI shows them in its status line.
/// Thread-safe; each distinct line is kept once until drained.
/// Kept as `CloudText` and put into words when drained (in the language in effect then).
public final class CloudNotices: Sendable {
    private let lines = Locked<[CloudText]>([])

    public init() {}

    public func post(_ line: String) { post(.raw(line)) }

    public func post(_ line: CloudText) {
        lines.withLock { if !$0.contains(line) { $0.append(line) } }
    }

    /// The notices posted since the last drain, oldest first; clears them.
    public func drain() -> [String] {
        lines.withLock { l in
            let out = l
            l = []
            return out
        }.map(\.text)
    }
}

/// Replaces invalid UTF-8 in a body with U+FFFD so that one bad name does not make a whole
/// list unreadable (JSONDecoder refuses the whole document otherwise).
enum UTF8Repair {
    /// nil when `bytes` is valid UTF-8; else the repaired bytes and how many invalid bytes
    /// were replaced.
    static func repair(_ bytes: [UInt8]) -> (bytes: [UInt8], invalidBytes: Int)? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var invalid = 0
        var it = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        loop: while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let encoded): out.append(contentsOf: encoded)
            case .error(let length):
                invalid += length
                out += [0xEF, 0xBF, 0xBD]
            case .emptyInput: break loop
            }
        }
        return (out, invalid)
    }
}
