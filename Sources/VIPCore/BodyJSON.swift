import CloudAPI

/// Request bodies as the plan shows and sends them: compact JSON, keys in the order given.
enum BodyJSON: Equatable, Sendable {
    case string(String)
    case bool(Bool)
    case array([BodyJSON])
    case object([(String, BodyJSON)])

    static func == (a: BodyJSON, b: BodyJSON) -> Bool { a.text == b.text }

    var text: String {
        var out = ""
        write(&out)
        return out
    }

    private func write(_ out: inout String) {
        switch self {
        case .string(let s): BodyJSON.quote(s, into: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .array(let items):
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                v.write(&out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (k, v)) in fields.enumerated() {
                if i > 0 { out += "," }
                BodyJSON.quote(k, into: &out)
                out += ":"
                v.write(&out)
            }
            out += "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    /// `{"port":{...}}`
    static func port(_ fields: [(String, BodyJSON)]) -> BodyJSON { .object([("port", .object(fields))]) }

    /// Pairs as sent: `ip_address`, then `mac_address` when the pair has one (new pairs are
    /// sent without, and neutron fills in the port's MAC).
    static func pairs(_ pairs: [AddressPair]) -> BodyJSON {
        .array(pairs.map { p in
            var f: [(String, BodyJSON)] = [("ip_address", .string(p.ipAddress))]
            if let mac = p.macAddress { f.append(("mac_address", .string(mac))) }
            return .object(f)
        })
    }

    static func strings(_ items: [String]) -> BodyJSON { .array(items.map { .string($0) }) }
}
