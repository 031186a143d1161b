import CloudAPI
import Testing
import TestSupport
import VIPCore

/// The doctor on the simulator's demo tenant, read over HTTP with the real client: security
/// groups with their rules, and exactly the half-configured VIP found; its fix applied through
/// the executor clears it.
@Suite("Doctor on the simulator")
struct DoctorSimTests {
    @Test("GET /v2.0/security-groups: the default group with neutron's default rules (egress any, ingress from its members)")
    func securityGroups() async throws {
        try await SimHarness.with { h in
            try await withSession(h) { s in
                let groups = try await NeutronAPI(session: s, pageSize: 1).securityGroups()
                #expect(groups.map(\.name) == ["default"])
                let g = try #require(groups.first)
                #expect(g.rules.count == 4)
                #expect(g.rules.filter { $0.direction == "ingress" }.allSatisfy { $0.remoteGroupID == g.id && $0.ipProtocol == nil })
                #expect(Set(g.rules.map(\.ethertype)) == ["IPv4", "IPv6"])
                #expect(Set(g.rules.map(\.id)).count == 4)
            }
        }
    }

    @Test("demo: one error, the standby database NIC's check; its fix applied; the doctor then finds no error")
    func demoFindsAndFixes() async throws {
        try await SimHarness.with { h in
            let d = try await Demo.load(h)
            try await withSession(h) { s in
                func input() async throws -> DoctorInput {
                    DoctorInput(inventory: try await Inventory.load(s), securityGroups: try await NeutronAPI(session: s).securityGroups(),
                                strategy: .huawei)
                }
                let before = Doctor.examine(try await input())
                #expect(before.securityGroupsChecked)
                let standby = try #require(d.nic["192.168.20.12"])
                #expect(before.findings.filter { $0.severity == .error }.map(\.id) == ["check-on:\(d.vipDB):\(standby)"])
                #expect(!before.findings.contains { $0.kind == .vrrpBlocked }, "\(before.findings.map(\.id))")
                let f = try #require(before.findings.first)
                let service = VIPService(session: s, strategy: .huawei)
                let plan = try await service.plan(try #require(f.fix))
                #expect(plan.steps.count == 1)
                let report = await service.apply(plan, context: ApplyContext(stop: StopSignal())) { _ in }
                #expect(report.outcome == .applied, "\(report.lines)")
                let after = Doctor.examine(try await input())
                #expect(after.errors == 0, "\(after.findings.map(\.id))")
                #expect(after.finding(f.id) == nil)
            }
        }
    }
}
