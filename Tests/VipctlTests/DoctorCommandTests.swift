import CloudSimulator
import Foundation
import Testing
import TestSupport

/// `vipctl doctor` as a user runs it, against the demo scenario: the half-configured database
/// VIP is found (exit 1), `--fix ID --yes` repairs it through the usual plan and apply, and
/// the next `vipctl doctor` no longer reports it.
@Suite("vipctl doctor")
struct DoctorCommandTests {
    typealias V = VipCommandTests

    @Test("doctor on the demo: the standby database NIC's check is on (an error, exit 1); --fix ID --yes repairs it; doctor again: exit 0")
    func findsAndFixes() async throws {
        try await SimHarness.with { h in
            let d = try await V.demo(h)
            let vip = try d.vip("vip-db"), standby = try d.port(ip: "192.168.20.12")
            let id = "check-on:\(vip.id):\(standby.id)"

            let first = try await V.run(h, ["doctor"])
            #expect(first.status == 1, "stdout: \(first.stdout) stderr: \(first.stderr)")
            #expect(first.stderr.isEmpty, "stderr: \(first.stderr)")
            let lines = first.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("SEVERITY  ID") == true, "\(first.stdout)")
            let row = try #require(lines.first { $0.contains(id) }, "\(first.stdout)")
            #expect(row.hasPrefix("error"), "\(row)")
            #expect(row.contains("NIC 192.168.20.12 of 数据库备节点 is bound to VIP vip-db (192.168.20.100), but its source/destination check is on"),
                    "\(row)")
            #expect(first.stdout.contains("(huawei strategy): errors: 1,"), "\(first.stdout)")
            #expect(first.stdout.contains("vipctl doctor --fix ID"), "\(first.stdout)")
            // Reading only.
            #expect(try await V.writes(h) == [])

            let json = try await V.run(h, ["doctor", "--output", "json"])
            #expect(json.status == 1, "stderr: \(json.stderr)")
            let j = try JSON.parse(json.stdout)
            #expect(j["errors"]?.intValue == 1)
            #expect(j["strategy"]?.stringValue == "huawei")
            #expect(j["security_groups_checked"] == .bool(true))
            let finding = try #require(j["findings"]?.arrayValue?.first { $0["id"]?.stringValue == id }, "\(json.stdout)")
            #expect(finding["kind"]?.stringValue == "check-on")
            #expect(finding["severity"]?.stringValue == "error")
            #expect(finding["why"]?.stringValue?.hasSuffix(".") == true)
            #expect(finding["ports"]?.arrayValue?.map(\.id) == [standby.id, vip.id])
            #expect(finding["fix"]?["intent"]?["action"]?.stringValue == "set_source_dest_check")
            #expect(finding["fix"]?["intent"]?["nic_port_id"]?.stringValue == standby.id)
            #expect(finding["fix"]?["intent"]?["enabled"] == .bool(false))

            // In Chinese the table speaks the vendor's words; JSON stays English.
            let zh = try await V.run(h, ["doctor", "--lang", "zh"])
            #expect(zh.status == 1)
            #expect(zh.stdout.hasPrefix("严重程度"), "\(zh.stdout)")
            #expect(zh.stdout.contains("数据库备节点 的网卡 192.168.20.12 已绑定到 虚拟IP vip-db（192.168.20.100），但其源/目的检查仍为开启"), "\(zh.stdout)")
            let zhJSON = try await V.run(h, ["doctor", "--output", "json", "--lang", "zh"])
            #expect(try JSON.parse(zhJSON.stdout)["findings"]?.arrayValue?.first?["what"] == finding["what"], "\(zhJSON.stdout)")

            let fix = try await V.run(h, ["doctor", "--fix", id, "--yes"])
            #expect(fix.status == 0, "stdout: \(fix.stdout) stderr: \(fix.stderr)")
            #expect(fix.stdout.contains("Plan: turn the source/destination check of NIC 192.168.20.12 of 数据库备节点 off (doctor: \(id))"),
                    "\(fix.stdout)")
            #expect(fix.stdout.contains("\nApplied: 1 write sent"), "\(fix.stdout)")
            #expect(fix.stdout.contains("to undo it: vipctl journal undo"), "\(fix.stdout)")
            // A read of the port shows the change.
            #expect(try await V.pairIPs(h, standby.id, token: d.token) == ["1.1.1.1/0"])
            #expect(try await V.requests(h)["PUT /networking/v2.0/ports/{id}"] == 1)

            let again = try await V.run(h, ["doctor"])
            #expect(again.status == 0, "stdout: \(again.stdout) stderr: \(again.stderr)")
            #expect(!again.stdout.contains(id), "\(again.stdout)")
            #expect(!again.stdout.contains("\nerror "), "\(again.stdout)")
        }
    }

    @Test("a pair no NIC holds (added by hand): a warning; --fix removes only that pair (the new remove_pairs intent, journaled)")
    func danglingPairFix() async throws {
        try await SimHarness.with { h in
            let d = try await V.demo(h)
            let vip = try d.vip("vip-web")
            let put = try await h.request("PUT", h.network + "/ports/" + vip.id, json: ["port": ["allowed_address_pairs": [
                ["ip_address": "192.168.10.21"], ["ip_address": "192.168.10.22"], ["ip_address": "192.168.10.99"],
            ]]], token: d.token)
            try #require(put.status == 200, "\(put.text)")
            let id = "dangling-pair:\(vip.id):192.168.10.99"
            let found = try await V.run(h, ["doctor", "--output", "json"])
            let j = try JSON.parse(found.stdout)
            let finding = try #require(j["findings"]?.arrayValue?.first { $0["id"]?.stringValue == id }, "\(found.stdout)")
            #expect(finding["severity"]?.stringValue == "warning")
            #expect(finding["fix"]?["intent"]?["action"]?.stringValue == "remove_pairs")
            #expect(j["warnings"]?.intValue == 1)

            let dry = try await V.run(h, ["doctor", "--fix", id, "--dry-run"])
            #expect(dry.status == 0, "stderr: \(dry.stderr)")
            #expect(dry.stdout.contains("remove 192.168.10.99 from the pairs of VIP 192.168.10.100 (vip-web)"), "\(dry.stdout)")
            #expect(try await V.writes(h).filter { $0.hasPrefix("PUT") }.count == 1)  // only the test's own PUT

            let fix = try await V.run(h, ["doctor", "--fix", id, "--yes", "--output", "json"])
            #expect(fix.status == 0, "stderr: \(fix.stderr)")
            let r = try JSON.parse(fix.stdout)
            #expect(r["command"]?.stringValue == "doctor --fix")
            #expect(r["result"]?.stringValue == "applied", "\(fix.stdout)")
            #expect(try await V.pairIPs(h, vip.id, token: d.token).sorted() == ["192.168.10.21", "192.168.10.22"])
            let again = try await V.run(h, ["doctor", "--output", "json"])
            #expect(try JSON.parse(again.stdout)["findings"]?.arrayValue?.contains { $0["id"]?.stringValue == id } == false)
        }
    }

    @Test("--strategy openstack: the standby NIC lacks the VIP's address in its pairs; --fix adds it (a bind, planned openstack's way)")
    func openstackFix() async throws {
        try await SimHarness.with { h in
            let d = try await V.demo(h)
            let vip = try d.vip("vip-db"), standby = try d.port(ip: "192.168.20.12")
            let id = "vip-not-in-nic-pairs:\(vip.id):\(standby.id)"
            let first = try await V.run(h, ["doctor", "--strategy", "openstack"])
            #expect(first.status == 1, "\(first.stdout)")
            #expect(first.stdout.contains(id), "\(first.stdout)")
            // The huawei check is not made with the openstack strategy.
            #expect(!first.stdout.contains("check-on:"), "\(first.stdout)")
            let fix = try await V.run(h, ["doctor", "--fix", id, "--strategy", "openstack", "--yes"])
            #expect(fix.status == 0, "stdout: \(fix.stdout) stderr: \(fix.stderr)")
            #expect(fix.stdout.contains("strategy openstack"), "\(fix.stdout)")
            #expect(try await V.pairIPs(h, standby.id, token: d.token) == ["192.168.20.100"])
            #expect(try await V.pairIPs(h, vip.id, token: d.token).sorted() == ["192.168.20.11", "192.168.20.12"])
            let again = try await V.run(h, ["doctor", "--strategy", "openstack"])
            #expect(again.status == 0, "\(again.stdout)")
        }
    }

    @Test("--fix with an unknown id, or a finding without a fix: exit 1, one line on stderr, nothing sent")
    func fixRefusals() async throws {
        try await SimHarness.with { h in
            let unknown = try await V.run(h, ["doctor", "--fix", "check-on:nope:nope", "--yes"])
            #expect(unknown.status == 1)
            #expect(unknown.stderr == "vipctl: no finding with id check-on:nope:nope (run vipctl doctor to list them)\n", "\(unknown.stderr)")
            #expect(try await V.writes(h) == [])
        }
    }
}
