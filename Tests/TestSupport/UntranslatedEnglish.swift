import Foundation

/// Finds English left untranslated in a text meant to be Chinese: every run of three or more
/// ASCII letters (underscores join a field name into one word) that is not an id, an IP, a
/// path, a JSON body, a name the test gave, or one of the words vipctl keeps on purpose
/// (`allowed`, each with its reason).
public enum UntranslatedEnglish {
    /// Words a Chinese text keeps, and why.
    public static let allowed: [String: String] = [
        "GET": "an HTTP method", "POST": "an HTTP method", "PUT": "an HTTP method", "DELETE": "an HTTP method",
        "Match": "the If-Match header, named as sent",
        "revision_number": "the value of If-Match, a Neutron field",
        "allowed_address_pairs": "the Neutron field (glossary: stays literal where it names the API field)",
        "fixed_ips": "the Neutron field a plan shows for a new port",
        "port_security_enabled": "the Neutron field", "security_groups": "the Neutron field",
        "huawei": "a --strategy value (the strategy's name)", "openstack": "a --strategy value (the strategy's name)",
        "neutron": "the OpenStack service that picks an automatic address (a product name)",
        "vipctl": "the command's name", "journal": "a subcommand (vipctl journal undo)", "undo": "a subcommand (vipctl journal undo)",
    ]

    static let dropPatterns: [NSRegularExpression] = [
        // Paths (/v2.0/ports/ID), before the ids inside them.
        #"/[^\s，。；：（）()\]\[,]*"#,
        // Request ids as the cloud gives them (req-UUID).
        #"(?<![0-9A-Za-z])req-[0-9a-f-]+"#,
        // UUIDs and hex ids (run ids, port ids), not inside a longer word.
        #"(?<![0-9A-Za-z])[0-9a-f]{8,}(?:-[0-9a-f]{4,})*(?![0-9A-Za-z])"#,
        // Flags (--yes, --dry-run) are commands, not prose.
        #"--[a-z][a-z-]*"#,
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    static let word = try? NSRegularExpression(pattern: "[A-Za-z_]{3,}")

    /// The untranslated words of `text`, in order (empty: none). `names` are the names of
    /// things in the cloud the text may quote (servers, networks, VIPs).
    public static func words(in text: String, names: [String] = []) -> [String] {
        var found: [String] = []
        for raw in text.split(separator: "\n") {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{") { continue }  // a JSON body, exactly as sent
            var line = String(raw)
            for n in names.sorted(by: { $0.count > $1.count }) { line = line.replacingOccurrences(of: n, with: " ") }
            for re in dropPatterns {
                line = re.stringByReplacingMatches(in: line, range: NSRange(line.startIndex..., in: line), withTemplate: " ")
            }
            guard let word else { continue }
            for m in word.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                guard let r = Range(m.range, in: line) else { continue }
                let w = String(line[r])
                if allowed[w] == nil { found.append(w) }
            }
        }
        return found
    }

    /// Whether `text` holds Chinese at all (a text left wholly in English has none).
    public static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }
}
