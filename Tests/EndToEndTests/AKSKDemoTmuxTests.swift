import Foundation
import Testing
import TestSupport

/// The whole wizard over Huawei's AK/SK signing: `vipctl demo --flavor huawei --auth aksk`
/// starts the simulator as Huawei's API gateway (every request signed, no token, no catalog,
/// VPC and ECS on their own ports) and the UI creates and binds a VIP through it.
@Suite("vipctl demo --auth aksk in tmux", .serialized,
       .enabled(if: TmuxSession.testsEnabled, "tmux is not installed and VIPCTL_TEST_SKIP_TMUX=1"))
struct AKSKDemoTmuxTests {
    @Test("the wizard creates and binds a VIP through the AK/SK gateway; the header names the AK")
    func wizardOverAKSK() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("aksk-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try await TmuxSession.withShell(width: 100, height: 30, environment: DemoTmuxTests.environment) { tmux in
            try tmux.typeLine("HOME=" + TmuxSession.shellQuote(home) + " "
                + (try DemoTmuxTests.command("demo --flavor huawei --auth aksk")) + "; echo demo-exit=$?")
            var screen = try await tmux.waitFor("3 networks")
            #expect(screen[0].contains("VIPCTLSIMDEMOAK00001") && screen[0].contains("DEMO"), "\(screen[0])")
            try tmux.sendKeys(":")
            try tmux.type("servers")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("12 servers")
            try tmux.sendKeys("/")
            try tmux.type("app-01")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("1 of 12 servers match")
            try tmux.sendKeys("c")
            _ = try await tmux.waitFor("1 Server")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("FIXED IPS")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("VIP address")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("Also bind")
            try tmux.sendKeys("Enter")
            _ = try await tmux.waitFor("Plan: ")
            try tmux.sendKeys("a")
            screen = try await tmux.waitFor("Enter jump")
            #expect(screen.contains { $0.contains("Applied:") }, "\(screen.joined(separator: "\n"))")
            #expect(screen.contains { $0.contains("no If-Match") }, "the huawei flavor has no If-Match")
            try tmux.sendKeys("Escape")
            try tmux.sendKeys("Q")
            _ = try await tmux.waitFor("demo-exit=0")
        }
    }
}
