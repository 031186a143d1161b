import Foundation
import Testing
import TestSupport

/// `vipctl keys` prints the key list in the language of the command line or the locale: the
/// binary's output is the README's list in English and README.zh-CN.md's in Chinese.
@Suite("vipctl keys follows the language")
struct KeysCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The text between the keys markers of a README at the package root.
    static func keyList(_ file: String) throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- keys:begin"), "\(file) has no keys:begin marker")
        let lineEnd = try #require(text.range(of: "\n", range: begin.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "<!-- keys:end -->", range: lineEnd.upperBound..<text.endIndex))
        return String(text[lineEnd.upperBound..<end.lowerBound])
    }

    static func keys(_ args: [String], lang: String) async throws -> String {
        let home = try TempHome()
        defer { home.remove() }
        let r = try await ChildRun.run(try ChildRun.vipctlBinary(), ["keys"] + args,
                                       environment: ["PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": lang],
                                       directory: home.path)
        #expect(r.status == 0 && r.stderr.isEmpty, "exit \(r.status); stderr: \(r.stderr)")
        return r.stdout
    }

    @Test("--lang zh and LANG=zh_CN.UTF-8 print README.zh-CN.md's list; --lang en and LANG=C.UTF-8 the README's")
    func keysFollowLanguage() async throws {
        let english = try Self.keyList("README.md")
        let chinese = try Self.keyList("README.zh-CN.md")
        #expect(english != chinese)
        #expect(try await Self.keys(["--lang", "zh"], lang: "C.UTF-8") == chinese)
        #expect(try await Self.keys([], lang: "zh_CN.UTF-8") == chinese)
        #expect(try await Self.keys([], lang: "C.UTF-8") == english)
        #expect(try await Self.keys(["--lang", "en"], lang: "zh_CN.UTF-8") == english)
    }
}
