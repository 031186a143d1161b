import CloudAPI
import L10n
import Testing
import TestSupport
import VIPCore

/// The plan, its progress and its report in Simplified Chinese (`L10n.with(.zh)`, so tests
/// in English run alongside): the vendor's words, nothing left in English but ids, names,
/// addresses, paths, field names and HTTP methods.
@Suite("PlanPresenter and the planner in Chinese")
struct ChinesePlanTests {
    static let create = Intent.createVIP(CreateVIP(networkID: F.prodNet, ipAddress: "192.168.10.50", name: "vip-new", bindNICs: [F.web01.id]))
    static let names = ["vip-new", "prod-net", "web-01", "vip-web", "lb-01", "lb-02"]

    @Test("a create-and-bind plan in Chinese: headings, steps, diffs, warning and totals; no English words left")
    func createPlan() throws {
        let text = try L10n.with(.zh) { () throws -> String in
            let p = try plan(Self.create, F.snapshot([F.vipWeb, F.web01, F.lb01, F.lb02]))
            return PlanPresenter.text(PlanPresenter.plan(p, headline: "在 prod-net 中创建虚拟IP vip-new"))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "计划：在 prod-net 中创建虚拟IP vip-new")
        #expect(lines.contains("  策略 huawei：虚拟IP的地址对列出已绑定网卡的IP；每个已绑定的网卡加入 1.1.1.1/0（源/目的检查关闭）"))
        #expect(lines.contains("步骤 1：在 prod-net 中创建 虚拟IP 192.168.10.50（vip-new），其地址对为 192.168.10.11"))
        #expect(lines.contains("步骤 2：向 web-01 的网卡 192.168.10.11 的地址对添加 1.1.1.1/0（源/目的检查关闭）"))
        #expect(lines.contains("  虚拟IP 192.168.10.50（vip-new） fixed_ips："))
        #expect(lines.contains("    之前：（无）"))
        #expect(lines.contains("    之后：1.1.1.1/0   (+1.1.1.1/0)"))
        #expect(lines.contains("警告："))
        #expect(lines.contains("  ! 1.1.1.1/0 会关闭 web-01 的网卡 192.168.10.11 的防IP欺骗保护"))
        #expect(lines.contains("2 个请求，关键路径上有 1 次往返。"))
        #expect(UntranslatedEnglish.words(in: text, names: Self.names) == [], "\(text)")
        // The same plan in English is untouched (other tests match it word for word).
        let english = try L10n.with(.en) { () throws -> String in
            let p = try plan(Self.create, F.snapshot([F.vipWeb, F.web01, F.lb01, F.lb02]))
            return PlanPresenter.text(PlanPresenter.plan(p, headline: "create"))
        }
        #expect(english.contains("Step 1: create VIP 192.168.10.50 (vip-new) in prod-net, its pairs holding 192.168.10.11\n"))
        #expect(english.contains("2 requests, 1 round trip on the critical path.\n"))
        #expect(!UntranslatedEnglish.words(in: english, names: Self.names).isEmpty)  // the check can fail
    }

    @Test("unbind and delete plans in Chinese: summaries, the warnings that 1.1.1.1/0 stays and that a delete is final")
    func deletePlan() throws {
        let text = try L10n.with(.zh) { () throws -> String in
            let p = try plan(.deleteVIP(vipPortID: F.vipWeb.id, unbindFirst: true), F.snapshot([F.vipWeb, F.lb01, F.lb02]))
            return PlanPresenter.text(PlanPresenter.plan(p, headline: "删除虚拟IP vip-web"))
        }
        #expect(text.contains("步骤 1：清空 虚拟IP 192.168.10.100（vip-web） 的地址对（解绑 192.168.10.21 和 192.168.10.22）\n"))
        #expect(text.contains("步骤 2：删除 虚拟IP 192.168.10.100（vip-web）\n"))
        #expect(text.contains("  If-Match: revision_number=（步骤 1 返回的值）\n"))
        #expect(text.contains("  在步骤 1 之后\n"))
        #expect(text.contains("  虚拟IP 192.168.10.100（vip-web） 端口：\n"))
        #expect(text.contains("  ! 删除 虚拟IP 192.168.10.100（vip-web） 无法撤销：新建的虚拟IP端口会有新的 ID，地址也可能不同\n"))
        #expect(text.contains("1.1.1.1/0 保留在 lb-01 的网卡 192.168.10.21 上（其他虚拟IP可能依赖它）：其源/目的检查保持关闭"))
        #expect(UntranslatedEnglish.words(in: text, names: Self.names) == [], "\(text)")
    }

    @Test("the doctor's repair (take named pairs off a port) in Chinese: its step, warning, nothing-to-do and refusals")
    func repairPlan() throws {
        let nic = F.port("nic-web02", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.12")],
                         pairs: [("0.0.0.0/0", nil)])
        let off = F.port("nic-off", owner: "compute:nova", device: "srv-web01", ips: [(F.prodSub, "192.168.10.13")],
                         pairs: [("0.0.0.0/0", nil)], security: false)
        let snap = F.snapshot([nic, off])
        let (text, nothing, refusals) = try L10n.with(.zh) { () throws -> (String, String?, [String?]) in
            let p = try plan(.removePairs(portID: "nic-web02", addresses: ["0.0.0.0/0"]), snap)
            let none = try plan(.removePairs(portID: "nic-web02", addresses: ["10.9.9.9"]), snap)
            return (PlanPresenter.text(PlanPresenter.plan(p, headline: "修复")), none.nothingToDo,
                    [refusal(.removePairs(portID: "nic-web02", addresses: []), snap),
                     refusal(.removePairs(portID: "nic-off", addresses: ["0.0.0.0/0"]), snap)])
        }
        #expect(text.contains("步骤 1：从 web-01 的网卡 192.168.10.12 的地址对中移除 0.0.0.0/0\n"), "\(text)")
        #expect(text.contains("  ! 此后 web-01 的网卡 192.168.10.12 只能以自身地址和保留的地址对发送（防IP欺骗保护恢复开启）\n"), "\(text)")
        #expect(UntranslatedEnglish.words(in: text, names: Self.names) == [], "\(text)")
        #expect(nothing == "web-01 的网卡 192.168.10.12 的地址对中没有 10.9.9.9")
        #expect(refusals[0] == "请至少指定一个要从 端口 nic-web0（compute:nova） 的地址对中移除的地址", "\(refusals)")
        #expect(refusals[1] == "web-01 的网卡 192.168.10.13 的端口安全已关闭，neutron 不允许修改这样的端口的地址对", "\(refusals)")
    }

    @Test("progress lines and every outcome's first line in Chinese, with the same numbers as in English")
    func progressAndReport() throws {
        let p = try plan(Self.create, F.snapshot([F.vipWeb, F.web01, F.lb01, F.lb02]))
        L10n.with(.zh) {
            #expect(PlanPresenter.progress(.started(step: 1), in: p).text == "步骤 1/2 POST /v2.0/ports：正在发送")
            #expect(PlanPresenter.progress(.finished(step: 1), in: p).text == "步骤 1/2 POST /v2.0/ports：完成")
            #expect(PlanPresenter.progress(.retrying(step: 2, attempt: 1, reason: "412"), in: p).text
                == "步骤 2/2 PUT /v2.0/ports/nic-web01：第 2 次尝试：412")
            #expect(PlanPresenter.progress(.undoFailed(step: 9, message: "500"), in: p).text == "步骤 9：撤销失败：500")
            #expect(PlanPresenter.progress(.stopping(reason: "Ctrl-C（SIGINT）"), in: p).text
                == "正在停止（Ctrl-C（SIGINT））：进行中的步骤会完成，不再开始新的步骤，然后撤销已完成的操作")
        }
        var r = ExecutionReport(outcome: .applied, lines: [], vipPortID: "port-vip", requests: 5, roundTripsOnCriticalPath: 2, seconds: 0.25)
        r.writes = Array(repeating: RequestRecord(method: "PUT", path: "/v2.0/ports/x", status: 200, requestID: nil, error: nil), count: 3)
        func head(_ outcome: ExecutionReport.Outcome, interrupted: String? = nil, _ lang: Lang) -> [String] {
            var copy = r
            copy.outcome = outcome
            copy.interrupted = interrupted
            return L10n.with(lang) { PlanPresenter.report(copy).map(\.text) }
        }
        #expect(head(.applied, .zh) == ["已执行：已发送 3 个写请求（共 5 个请求），关键路径上有 2 次往返，0.25 s。", "  虚拟IP端口 port-vip"])
        #expect(head(.applied, .en) == ["Applied: 3 writes sent (5 requests in all), 2 round trips on the critical path, 0.25 s.", "  VIP port port-vip"])
        #expect(head(.rolledBack, .zh).first?.hasPrefix("失败，已回滚（随后的读取显示云已恢复原状）：") == true)
        #expect(head(.rolledBack, interrupted: "SIGTERM", .zh).first?.hasPrefix("已停止（SIGTERM），已回滚") == true)
        #expect(head(.partial, .zh).first?.hasPrefix("部分执行（下面各行准确说明云上现在的状态）：") == true)
        #expect(head(.nothingSent, .zh).first?.hasPrefix("未作任何更改：") == true)  // writes were sent, none changed anything
        r.writes = []
        #expect(head(.nothingSent, .zh).first?.hasPrefix("未发送任何请求：已发送 0 个写请求") == true)
        #expect(L10n.with(.zh) { JournalWords.shownOutcome("rolled back (interrupted)") } == "已回滚（被中断）")
        #expect(L10n.with(.en) { JournalWords.shownOutcome("rolled back (interrupted)") } == "rolled back (interrupted)")
    }

    @Test("refusals and address problems in Chinese")
    func refusals() {
        let bound = L10n.with(.zh) { refusal(.deleteVIP(vipPortID: F.vipWeb.id, unbindFirst: false), F.snapshot([F.vipWeb, F.lb01, F.lb02])) }
        #expect(bound == "vip-web 已绑定到 2 个网卡（lb-01 192.168.10.21, lb-02 192.168.10.22）；请先解绑（或使用 --unbind）")
        let english = L10n.with(.en) { refusal(.deleteVIP(vipPortID: F.vipWeb.id, unbindFirst: false), F.snapshot([F.vipWeb, F.lb01, F.lb02])) }
        #expect(english == "vip-web is bound to 2 NICs (lb-01 192.168.10.21, lb-02 192.168.10.22); unbind them first (or --unbind)")
        L10n.with(.zh) {
            #expect(AddressCheck.check("192.168.10.1", subnet: F.prodSubnet, ports: [])?.description == "子网的网关")
            #expect(AddressCheck.check("192.168.10.21", subnet: F.prodSubnet, ports: [F.lb01], servers: F.servers)?.description
                == "已被 lb-01 的网卡 192.168.10.21 使用")
            #expect(AddressCheck.check("10.9.9.9", subnet: F.prodSubnet, ports: [])?.description == "不在 192.168.10.0/24 中")
            let dup = refusal(.createVIP(CreateVIP(networkID: F.prodNet, name: "vip-web")), F.snapshot([F.vipWeb]))
            #expect(dup == "prod-net 中已有名为 vip-web 的虚拟IP（192.168.10.100）；请换一个名称，或绑定这个虚拟IP")
        }
    }
}
