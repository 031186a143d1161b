import CloudAPI
import Testing
@testable import TerminalUI
import VIPCore
@testable import ViewModels

/// `E` on the plan step through the key table: the export overlay in the chosen format, drawn
/// over the plan; `Y` copies exactly the export shown; Esc closes it.
@Suite("Render: the export overlay on the plan step")
struct ExportOverlayTests {
    @Test("E shows the plan as openstack commands, c as curl, t as terraform; j scrolls; Y copies it; Esc closes")
    func exportOnPlan() throws {
        for (w, h) in RenderSnapshotTests.sizes {
            var s = try RenderSession(width: w, height: h)
            try RenderSnapshotTests.toPlan(&s)
            let plan = try s.plan
            s.press(.char("E"))
            #expect(s.state.overlay == .export(.openstack))
            s.expectScreen("export-openstack-plan")
            let screen = s.buffer.lines().joined(separator: "\n")
            #expect(screen.contains("Export (openstack)"))
            #expect(screen.contains("openstack port create"))
            s.press(.char("c"))
            #expect(s.state.overlay == .export(.curl))
            #expect(s.buffer.lines().joined(separator: "\n").contains("Export (curl)"))
            #expect(s.state.exportText?.contains("-H \"X-Auth-Token: $OS_TOKEN\"") == true)
            s.press(.char("t"))
            #expect(s.state.exportText == Export.render(plan, as: .terraform, context: ExportContext(title: Environment.summary(plan),
                                                                                                        ports: s.state.data.ports.array)))
            // j scrolls a line, and not past the last page (curl is longer than a page at 80x24).
            s.press(.char("c"))
            let lines = (s.state.exportText ?? "").split(separator: "\n", omittingEmptySubsequences: false).count
            let last = max(0, lines - AppKeys.exportPageSize(s.state))
            s.press(.char("j"))
            #expect(s.state.overlay == .export(.curl, scroll: min(1, last)))
            for _ in 0..<200 { s.press(.char("j")) }
            #expect(s.state.overlay == .export(.curl, scroll: last))
            if w == 80 { #expect(last > 0) }
            s.press(.char("Y"))
            #expect(s.effects == [.copyToClipboard(s.state.exportText ?? "")])
            #expect(s.state.statusLine.text.hasPrefix("copied export (OSC 52)"))
            s.press(.escape)
            #expect(s.state.overlay == nil)
            #expect(s.state.wizard?.step == .plan)
        }
    }
}
