import Foundation
import Testing
import TestSupport

/// The terminal UI in Chinese in a real terminal: `LANG=zh_CN.UTF-8 vipctl demo` at 80x24
/// shows Chinese titles, counts, hints and help, and `--lang en` still wins over the locale.
@Suite("vipctl demo in Chinese in tmux", .serialized,
       .enabled(if: TmuxSession.testsEnabled, "tmux is not installed and VIPCTL_TEST_SKIP_TMUX=1"))
struct ChineseTmuxTests {
    static func command(_ args: String) throws -> String {
        try TmuxSession.shellQuote(TmuxSession.vipctlBinary()) + " " + args
    }

    static let environment = ["LANG": "zh_CN.UTF-8", "SWIFT_BACKTRACE": "interactive=no"]

    @Test("LANG=zh_CN.UTF-8: Chinese header, titles, counts, hints and help; --lang en: English")
    func chineseDemo() async throws {
        try await TmuxSession.withShell(width: 80, height: 24, environment: Self.environment) { tmux in
            try tmux.typeLine(try Self.command("demo") + "; echo demo-exit=$?")
            var screen = try await tmux.waitFor("3 个网络")
            print("Chinese demo screen:\n" + TmuxSession.render(screen))
            #expect(screen[0].contains("云 demo") && screen[0].contains("演示"))
            #expect(screen[1].contains("网络"))
            #expect(screen.contains { $0.contains("名称") && $0.contains("网关") })
            #expect(screen.contains { $0.contains("Enter 打开") && $0.contains("? 帮助") })

            try tmux.sendKeys(":")
            try tmux.type("servers")
            try tmux.sendKeys("Enter")
            screen = try await tmux.waitFor("12 个云服务器")
            #expect(screen.contains { $0.contains("数据库主节点") })
            try tmux.sendKeys("?")
            screen = try await tmux.waitFor("下移一行")
            #expect(screen.contains { $0.contains("按键") })
            try tmux.sendKeys("Escape")
            _ = try await tmux.waitUntilGone("下移一行")
            try tmux.sendKeys("Q")
            _ = try await tmux.waitFor("demo-exit=0")

            try tmux.typeLine("clear; " + (try Self.command("demo --lang en")) + "; echo en-exit=$?")
            screen = try await tmux.waitFor("3 networks")
            #expect(screen[0].contains("cloud demo") && screen[0].contains("DEMO"))
            try tmux.sendKeys("Q")
            _ = try await tmux.waitFor("en-exit=0")
            try await tmux.checkShellUsable()
        }
    }
}
