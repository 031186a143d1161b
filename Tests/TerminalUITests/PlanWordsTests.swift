import CloudAPI
import Foundation
import TerminalUI
import TestSupport
import Testing

/// One wording of a plan (PlanPresenter): the TUI's plan screen shows the same step lines as
/// `vipctl vip create --dry-run` prints for the same change on the same cloud.
@Suite("the plan in the same words on the TUI and the command line", .serialized)
@MainActor
struct PlanWordsTests {
    @Test("create and bind: every step line of the dry run stands on the TUI plan screen")
    func sameStepLines() async throws {
        try await AppHarness.with(width: 160, height: 50) { h in
            try await h.press(.char(":"))
            try await h.type("servers")
            try await h.press(.enter, .char("c"))
            try await h.press(.char("/"))
            try await h.type("app-01")
            try await h.press(.enter, .enter)
            try await h.press(.enter)
            try await h.type("192.168.10.50")
            try await h.press(.enter)
            try await h.type("vip-app")
            try await h.press(.enter)
            let screen = h.screen.map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(screen.contains { $0.hasPrefix("Step 1:") }, "\(h.screen.joined(separator: "\n"))")

            let home = try TempHome()
            defer { home.remove() }
            let cli = try await ChildRun.run(try ChildRun.vipctlBinary(),
                                             ["vip", "create", "--network", "prod-net", "--ip", "192.168.10.50", "--name", "vip-app",
                                              "--bind", "app-01", "--dry-run"],
                                             environment: h.sim.osEnvironment(home: home.path), directory: home.path, timeout: .seconds(30))
            #expect(cli.status == 0, "stderr: \(cli.stderr)")
            // From the first step to the count of requests: every line the screen has room for.
            let lines = cli.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let first = try #require(lines.firstIndex { $0.hasPrefix("Step 1:") }, "\(cli.stdout)")
            let last = try #require(lines.firstIndex { $0.hasSuffix("on the critical path.") }, "\(cli.stdout)")
            let stepLines = lines[first...last].filter { !$0.isEmpty && $0.count < 150 }
            #expect(stepLines.count >= 10, "\(cli.stdout)")
            for line in stepLines {
                #expect(screen.contains(line), "on the command line but not on the TUI: \(line)\n\(h.screen.joined(separator: "\n"))")
            }
        }
    }
}
