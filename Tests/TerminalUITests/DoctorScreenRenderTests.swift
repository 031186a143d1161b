import CloudAPI
import Foundation
import Testing
@testable import TerminalUI
import VIPCore
import ViewModels

/// The `:doctor` screen drawn by the pure renderer: the findings as a table (the finding's
/// text takes the spare width), the key hints, and Enter opening the same plan screen as the
/// other operations, titled under "Doctor".
@Suite("Renderer: the doctor screen")
struct DoctorScreenRenderTests {
    static func state(_ w: Int, _ h: Int) throws -> AppState {
        let c = try RenderFixtures.cloud()
        var s = AppState(header: Header(cloud: "demo", region: "RegionOne", project: "demo", user: "demo", mode: .demo),
                         size: TerminalSize(width: w, height: h))
        _ = reduce(&s, .resized(width: w, height: h))
        for a in [Action.startedCommand, .typedCommand("doctor")] { _ = reduce(&s, a) }
        #expect(reduce(&s, .ranCommand) == [.examine(strategy: .huawei, generation: 1)])
        let inv = Inventory(networks: c.networks, subnets: c.subnets, ports: c.ports.array, servers: c.servers.array, serversFromNova: true)
        let report = Doctor.examine(DoctorInput(inventory: inv, securityGroups: nil, strategy: .huawei))
        _ = reduce(&s, .doctorExamined(.report(report), generation: 1))
        return s
    }

    @Test("80x24 and 120x40: title, columns, the error first, the summary; Enter (the table's key) opens the fix's plan screen")
    func screen() throws {
        for (w, h) in [(80, 24), (120, 40)] {
            var s = try Self.state(w, h)
            let lines = AppRenderer.render(s, theme: .monochrome()).lines()
            #expect(lines[1].hasPrefix(" Doctor"), "\(lines[1])")
            #expect(lines[2].contains("SEVERITY") && lines[2].contains("WHAT"), "\(lines[2])")
            #expect(lines[3].contains("error") && lines[3].contains(w == 80 ? "NIC 192.168.20.12" : "NIC 192.168.20.12 of 数据库备节点"), "\(lines[3])")
            #expect(lines[4].contains("warning") && lines[4].contains("10.0.0.99"), "\(lines[4])")
            #expect(lines[h - 1].contains("errors: 1, warnings: 1"), "\(lines[h - 1])")
            // Enter is the doctor's "fix" key; it opens the plan screen of the fix.
            #expect(AppKeys.action(for: .enter, in: s) == .opened)
            #expect(AppKeys.help(for: s).contains { $0.entries.contains { $0.name == "fix" } })
            let effects = reduce(&s, .opened)
            #expect(effects == [.plan(.setSourceDestCheck(nicPortID: "port-db2", enabled: false), strategy: .huawei, generation: 1)])
            let plan = AppRenderer.render(s, theme: .monochrome()).lines()
            #expect(plan[1].contains("Doctor") && plan[1].contains("Turn a NIC's source/destination check off"), "\(plan[1])")
        }
    }
}
