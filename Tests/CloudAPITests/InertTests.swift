import CloudAPI
import Foundation
import Testing

/// The one sanitiser (`Inert`): what it escapes, how it shows it, what it leaves alone.
@Suite("Inert: cloud text made harmless for a terminal")
struct InertTests {
    @Test("controls and invisible format characters are written as visible escapes", arguments: [
        ("a\u{1B}[31mred", "a\\e[31mred"),
        ("title\u{1B}]0;pwned\u{07}", "title\\e]0;pwned\\x07"),
        ("line1\nline2\r\tx\u{0}", "line1\\nline2\\r\\tx\\0"),
        ("del\u{7F}", "del\\x7f"),
        ("csi\u{9B}2J", "csi\\x9b2J"),
        ("bidi \u{202E}gnp.exe", "bidi \\u202egnp.exe"),
        ("iso\u{2066}x\u{2069}", "iso\\u2066x\\u2069"),
        ("zw\u{200B}sp\u{200D}j\u{FEFF}", "zw\\u200bsp\\u200dj\\ufeff"),
        ("soft\u{AD}hyphen", "soft\\xadhyphen"),
        ("hangul\u{3164}filler", "hangul\\u3164filler"),
        ("sep\u{2028}\u{2029}", "sep\\u2028\\u2029"),
        ("tag\u{E0041}", "tag\\u{e0041}"),
        ("alm\u{061C}", "alm\\u061c"),
    ])
    func escapes(input: String, shown: String) {
        #expect(Inert.field(input) == shown)
        #expect(!Inert.field(input).unicodeScalars.contains(where: Inert.escapes))
    }

    @Test("ordinary text is left as it is: ASCII, Chinese, accents, emoji with a variation selector, backslashes")
    func untouched() {
        for s in ["vip-web", "数据库主节点", "café", "e\u{301}", "❤\u{FE0F}", "C:\\path\\e"] {
            #expect(Inert.field(s) == s)
            #expect(Inert.lines(s) == s)
        }
    }

    @Test("escaping twice changes nothing, so layers may each escape")
    func idempotent() {
        let samples = ["a\u{1B}[31m\nb", "\u{202E}x\u{9B}", "plain", "数\u{200B}据", "\\e already", "\u{E0041}\u{7F}"]
        for s in samples {
            #expect(Inert.field(Inert.field(s)) == Inert.field(s))
            #expect(Inert.lines(Inert.lines(s)) == Inert.lines(s))
            #expect(Inert.field(Inert.lines(s)) == Inert.field(s))
        }
    }

    @Test("lines keeps vipctl's own newlines and escapes everything else")
    func lines() {
        #expect(Inert.lines("Plan: x\n  \u{1B}[2Kstep\r\n") == "Plan: x\n  \\e[2Kstep\\r\n")
    }

    @Test("a name is bare when it is one plain word, else quoted, escaped and cut")
    func names() {
        #expect(Inert.name("vip-web") == "vip-web")
        #expect(Inert.name("数据库主节点") == "数据库主节点")
        #expect(Inert.name("compute:nova") == "compute:nova")
        #expect(Inert.name("web server") == "\"web server\"")
        #expect(Inert.name("") == "\"\"")
        #expect(Inert.name("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(Inert.name("x\n\nPlan: nothing to change") == "\"x\\n\\nPlan: nothing to change\"")
        #expect(Inert.name("\u{1B}[1A\u{1B}[2Kfake") == "\"\\e[1A\\e[2Kfake\"")
        let long = String(repeating: " ", count: 200) + "Apply? [y/N]"
        let shown = Inert.name(long)
        #expect(shown.count == 64 + 3 && shown.hasSuffix("…\"") && !shown.contains("Apply"))
    }

    @Test("JSON: the characters JSONEncoder leaves raw become \\u escapes, and decode back to the same string")
    func json() throws {
        let name = "vip\u{1B}[31m\u{7F}\u{9B}\u{202E}\u{2066}\u{200B}数\u{E0041}\n"
        let data = try JSONEncoder().encode(["name": name])
        let safe = Inert.json(data)
        let text = try #require(String(data: safe, encoding: .utf8))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || Inert.escapes($0) })
        #expect(text.contains("\\u202e") && text.contains("\\u009b") && text.contains("\\udb40\\udc41") && text.contains("数"))
        let back = try JSONDecoder().decode([String: String].self, from: safe)
        #expect(back["name"] == name)
    }

    @Test("CloudError messages are one inert line whatever the server said")
    func errors() {
        let e = CloudError.http(HTTPFailure(service: "network", method: "GET", path: "/v2.0/ports", status: 500,
                                            type: "Evil\u{1B}]0;t\u{07}", message: "boom\u{1B}[2J\u{202E}", requestID: "req-\u{1B}x"))
        #expect(e.oneLine == "Neutron 500 Evil\\e]0;t\\x07: boom\\e[2J\\u202e [req-\\ex]")
        let c = CloudError.config(ConfigError(file: "clouds.yaml", key: "auth\u{1B}[31m", message: "bad\nline"))
        #expect(!c.oneLine.contains("\n") && !c.oneLine.contains("\u{1B}"))
    }
}
