import CloudSimulator
import Foundation
import TerminalUI
import TestSupport
import Testing

/// The wizard's lists scroll by the rows they are drawn with (one source for both): with 40
/// servers at 80x24, walking down to the last one keeps it on screen and highlighted.
@Suite("wizard lists: the selection stays on screen", .serialized)
@MainActor
struct WizardListHeightTests {
    func highlightedRow(_ h: AppHarness) -> String? {
        let b = h.driver.screenBuffer
        for y in 3..<(b.height - 1) where (2..<20).allSatisfy({ b[x: $0, y: y].attrs.reverse }) {
            return h.screen[y]
        }
        return nil
    }

    @Test("40 servers at 80x24: every step down keeps the selected server highlighted, down to the last")
    func walkToTheLast() async throws {
        try await AppHarness.with(width: 80, height: 24, configure: { $0.scenario = .contention }) { h in
            try await h.press(.char(":"))
            try await h.type("servers")
            try await h.press(.enter)
            try await h.press(.char("c"))
            #expect(h.screen[1].contains("Create and bind a VIP"), "\(h.screen.joined(separator: "\n"))")
            for n in 1...40 {
                let row = try #require(highlightedRow(h), "no highlighted row after \(n - 1) steps down:\n\(h.screen.joined(separator: "\n"))")
                #expect(row.contains(String(format: "node-%02d", n)) || !row.contains("node-"), "step \(n): \(row)")
                try await h.press(.char("j"))
            }
            let last = try #require(highlightedRow(h), "\(h.screen.joined(separator: "\n"))")
            #expect(last.contains("node-40"), "\(h.screen.joined(separator: "\n"))")
        }
    }
}
