import CloudAPI
import Testing
import VIPCore

/// PlanPresenter's lines are one line each, whatever the cloud put in a pair or a label.
@Suite("PlanPresenter: one fact per line")
struct PlanPresenterTests {
    @Test("a pair or a summary holding a newline or an escape stays on its own line, escaped")
    func oneLinePerFact() {
        let forged = "10.0.0.9\n\nPlan: nothing to change\u{1B}[2K"
        let change = FieldChange(port: .existing("p1"), portLabel: "NIC 10.0.0.5 of web", field: "allowed_address_pairs",
                                 before: [forged], after: [forged, "10.0.0.100"])
        let step = PlanStep(id: 1, operation: .update, port: .existing("p1"), method: "PUT", path: "/v2.0/ports/p1", body: nil,
                            ifRevision: 3, dependsOn: [], changes: [change], summary: "add 10.0.0.100\nStep 2: fake")
        let plan = Plan(intent: .setSourceDestCheck(nicPortID: "p1", enabled: false), strategy: .huawei, steps: [step], warnings: [])
        let lines = PlanPresenter.plan(plan, headline: "bind")
        #expect(lines.allSatisfy { !$0.text.contains("\n") && !$0.text.contains("\u{1B}") })
        let text = PlanPresenter.text(lines)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == lines.count + 1)
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("Plan: nothing") || $0.hasPrefix("Step 2") })
        #expect(text.contains("10.0.0.9\\n\\nPlan: nothing to change\\e[2K"))
    }
}
