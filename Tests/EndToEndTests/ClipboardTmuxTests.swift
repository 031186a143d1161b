import Foundation
import Testing
import TestSupport

/// OSC 52 in a real terminal multiplexer: with `set-clipboard on`, tmux turns the sequence
/// vipctl writes into a paste buffer, as it does for a program running over SSH.
@Suite("vipctl demo in tmux: copy with OSC 52", .serialized,
       .enabled(if: TmuxSession.testsEnabled, "tmux is not installed and VIPCTL_TEST_SKIP_TMUX=1"))
struct ClipboardTmuxTests {
    @Test("Y on the networks list: the status line says copied, and tmux's buffer holds the network's id")
    func copyID() async throws {
        try await TmuxSession.withShell(width: 100, height: 24, environment: DemoTmuxTests.environment) { tmux in
            _ = try tmux.tmux(["set-option", "-g", "set-clipboard", "on"])
            try tmux.typeLine(try DemoTmuxTests.command() + "; echo demo-exit=$?")
            _ = try await tmux.waitFor("3 networks")
            try tmux.sendKeys("Y")
            let screen = try await tmux.waitFor("copied id (OSC 52): ")
            let status = try #require(screen.first { $0.contains("copied id (OSC 52): ") })
            let shown = try #require(status.components(separatedBy: "copied id (OSC 52): ").last?
                .split(separator: " ").first.map(String.init))
            #expect(shown.count == 36, "\(status)")
            var buffer = ""
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(5)
            while clock.now < deadline {
                buffer = (try? tmux.tmux(["show-buffer"])) ?? ""
                if !buffer.isEmpty { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(buffer.trimmingCharacters(in: .newlines) == shown)
            try tmux.sendKeys("Q")
            _ = try await tmux.waitFor("demo-exit=0")
        }
    }
}
