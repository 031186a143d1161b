import CloudSimulator
import Foundation
import Testing
import TestSupport

/// The headless commands in Simplified Chinese, as a user in a zh_CN locale (or with `--lang
/// zh`) runs them: Chinese table headers with aligned columns, a plan and its outcome in the
/// vendor's words, `--lang` beating the locale, a refused `--lang fr`, and JSON that stays
/// English byte for byte.
@Suite("vipctl in Chinese")
struct ChineseCommandTests {
    typealias H = HeadlessCommandTests

    static func run(_ h: SimHarness, _ args: [String], lang: String? = "zh_CN.UTF-8") async throws -> ProcessOutput {
        let home = try H.TempHome()
        defer { home.remove() }
        var env = H.osEnv(h, home)
        env["LANG"] = lang
        return try await ChildRun.run(try ChildRun.vipctlBinary(), args, environment: env, directory: home.path, timeout: .seconds(60))
    }

    static func ok(_ h: SimHarness, _ args: [String], lang: String? = "zh_CN.UTF-8",
                   sourceLocation: SourceLocation = #_sourceLocation) async throws -> String
    {
        let r = try await run(h, args, lang: lang)
        try #require(r.status == 0, "\(args): exit \(r.status); stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.isEmpty, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        return r.stdout
    }

    /// A check word of the JSON as the Chinese table shows it.
    static func check(_ word: String) -> String { ["on": "开启", "off": "关闭", "unknown": "未知"][word] ?? word }

    @Test("LANG=zh_CN.UTF-8: every command's --help, subcommands included, has a Chinese overview and Chinese help for every option and argument")
    func everyHelpInChinese() async throws {
        let env = ["LANG": "zh_CN.UTF-8", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        func help(_ command: [String]) async throws -> String {
            let r = try await ChildRun.run(try ChildRun.vipctlBinary(), command + ["--help"], environment: env,
                                           directory: NSTemporaryDirectory(), timeout: .seconds(30))
            try #require(r.status == 0, "\(command): exit \(r.status) \(r.stderr)")
            return r.stdout
        }
        func hasCJK(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        // argument-parser's own words (not vipctl's) stay as the library prints them.
        let library: Set<String> = ["Show help information.", "Show the version."]
        var pending: [[String]] = [[]]
        var seen = 0
        while let command = pending.popLast() {
            let text = try await help(command)
            seen += 1
            let lines = text.components(separatedBy: "\n")
            let overview = lines.first ?? ""
            #expect(overview.hasPrefix("OVERVIEW: ") && hasCJK(overview), "\(command): \(overview)")
            var section = ""
            var entries: [(label: String, text: String)] = []
            for line in lines {
                if !line.hasPrefix(" "), line.hasSuffix(":") {
                    section = line
                    continue
                }
                if line.isEmpty { continue }
                guard ["OPTIONS:", "ARGUMENTS:", "SUBCOMMANDS:"].contains(section) else { continue }
                let body = line.drop { $0 == " " }
                // argument-parser's closing hint ("See 'vipctl help <subcommand>' ...").
                if body.hasPrefix("See '") { continue }
                if line.count - body.count == 2 {
                    // A new entry: its label, then its help from column 26 (argument-parser's
                    // layout; a longer label has its help on the next line).
                    let chars = Array(line)
                    let split = chars.count > 26 && chars[25] == " "
                    let label = String(split ? chars[2..<25] : chars[2...]).trimmingCharacters(in: .whitespaces)
                    let rest = split ? String(chars[26...]).trimmingCharacters(in: .whitespaces) : ""
                    entries.append((label, rest))
                    if section == "SUBCOMMANDS:", command.count < 3, let name = label.split(separator: " ").first {
                        pending.append(command + [String(name)])
                    }
                } else if !entries.isEmpty {
                    entries[entries.count - 1].text += body
                }
            }
            for e in entries where !library.contains(e.text) {
                #expect(hasCJK(e.text), "\(command) \(e.label): \(e.text.debugDescription)")
            }
        }
        #expect(seen >= 20, "only \(seen) commands' help read")
    }

    @Test("LANG=zh_CN.UTF-8: vips, networks, ports and servers print Chinese headers and check words, columns aligned (CJK = 2 cells)")
    func chineseTables() async throws {
        try await SimHarness.with { h in
            let vips = try #require(try JSON.parse(try await Self.ok(h, ["vips", "--output", "json"])).arrayValue)
            let vipTable = try await Self.ok(h, ["vips"])
            H.checkTable(vipTable, header: ["虚拟IP", "名称", "网络", "已绑定（云服务器 网卡IP 检查）"], expected: vips.map { v in
                [v["address"]?.stringValue ?? "", v["name"]?.stringValue ?? "", v["network_name"]?.stringValue ?? "",
                 (v["bound"]?.arrayValue ?? []).map {
                     "\($0["server_name"]?.stringValue ?? "?") \($0["pair_ip"]?.stringValue ?? "") \(Self.check($0["source_dest_check"]?.stringValue ?? ""))"
                 }.joined(separator: "; ")]
            })
            #expect(vipTable.contains("数据库备节点 192.168.20.12 开启"), "\(vipTable)")

            let nets = try #require(try JSON.parse(try await Self.ok(h, ["networks", "--output", "json"])).arrayValue)
            H.checkTable(try await Self.ok(h, ["networks"]), header: ["ID", "名称", "状态", "子网"], expected: nets.map { n in
                [n.id, n["name"]?.stringValue ?? "", n["status"]?.stringValue ?? "",
                 (n["subnets"]?.arrayValue ?? []).map { "\($0["name"]?.stringValue ?? "") \($0["cidr"]?.stringValue ?? "")" }.joined(separator: ", ")]
            })

            let ports = try #require(try JSON.parse(try await Self.ok(h, ["ports", "--output", "json"])).arrayValue)
            let portTable = try await Self.ok(h, ["ports"])
            H.checkTable(portTable, header: ["ID", "名称", "设备所有者", "固定IP", "地址对", "源/目的检查", "状态"], expected: ports.map {
                [$0.id, $0["name"]?.stringValue ?? "", $0["device_owner"]?.stringValue ?? "",
                 H.strings($0["fixed_ips"], "ip_address").joined(separator: ","), String($0.pairIPs.count),
                 Self.check($0["source_dest_check"]?.stringValue ?? ""), $0["status"]?.stringValue ?? ""]
            })
            let servers = try #require(try JSON.parse(try await Self.ok(h, ["servers", "--output", "json"])).arrayValue)
            H.checkTable(try await Self.ok(h, ["servers"]), header: ["ID", "名称", "状态", "IP地址", "网卡"], expected: servers.map {
                [$0.id, $0["name"]?.stringValue ?? "", $0["status"]?.stringValue ?? "",
                 ($0["ips"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ","), String($0["nics"]?.intValue ?? -1)]
            })
            // The header's columns start where the widest cell below them ends, counted in cells.
            let header = try #require(portTable.split(separator: "\n").first.map(String.init))
            #expect(H.displayWidth(String(header.prefix { $0 != "源" })) > header.prefix { $0 != "源" }.count, "\(header)")
        }
    }

    @Test("--lang zh vip create --yes: the plan, progress and outcome in Chinese; no English words but ids, names, IPs, paths, fields, methods")
    func createInChinese() async throws {
        try await SimHarness.with { h in
            let r = try await Self.run(h, ["--lang", "zh", "vip", "create", "--network", "prod-net", "--ip", "192.168.10.50", "--name", "vip-app",
                                           "--bind", "app-01", "--bind", "app-02", "--yes"], lang: nil)
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let out = r.stdout
            #expect(out.hasPrefix("计划：在 prod-net 中创建虚拟IP vip-app，地址 192.168.10.50，绑定到 app-01（网卡 192.168.10.31）、app-02（网卡 192.168.10.32）\n"),
                    "\(out)")
            #expect(out.contains("\n  策略 huawei：虚拟IP的地址对列出已绑定网卡的IP；"))
            #expect(out.contains("\n步骤 1：在 prod-net 中创建 虚拟IP 192.168.10.50（vip-app），其地址对为 192.168.10.31 和 192.168.10.32\n"))
            #expect(out.contains("\n步骤 2：向 app-01 的网卡 192.168.10.31 的地址对添加 1.1.1.1/0（源/目的检查关闭）\n"))
            #expect(out.contains("\n警告：\n"))
            #expect(out.contains("\n3 个请求，关键路径上有 1 次往返。\n"))
            #expect(out.contains("\n已执行：已发送 3 个写请求（共 "), "\(out)")
            #expect(out.contains("\n  已执行：3 个写请求成功；随后的读取显示云上已是预期状态\n"), "\(out)")
            #expect(out.contains("\n  操作日志：运行 "))
            #expect(!out.contains("Plan:") && !out.contains("Applied"))
            let progress = r.stderrLines.filter { !$0.isEmpty }
            #expect(!progress.isEmpty && progress.allSatisfy { $0.hasPrefix("执行：步骤 ") }, "\(r.stderr)")
            #expect(progress.contains("执行：步骤 1/3 POST /v2.0/ports：正在发送"), "\(r.stderr)")
            let names = ["vip-app", "prod-net", "app-01", "app-02"]
            #expect(UntranslatedEnglish.words(in: out, names: names) == [], "\(out)")
            #expect(UntranslatedEnglish.words(in: r.stderr, names: names) == [], "\(r.stderr)")
        }
    }

    @Test("--lang en beats LANG=zh_CN.UTF-8; LANG=zh_CN.UTF-8 alone gives Chinese; --lang fr exits 2 with one clear line")
    func langFlag() async throws {
        try await SimHarness.with { h in
            let english = try await Self.ok(h, ["--lang", "en", "vips"])
            #expect(english.hasPrefix("VIP "), "\(english)")
            #expect(english.split(separator: "\n").first?.hasSuffix("  BOUND (server NIC-IP check)") == true, "\(english)")
            #expect(!UntranslatedEnglish.hasChinese(english.split(separator: "\n").first.map(String.init) ?? "?"))
            let plan = try await Self.ok(h, ["vip", "bind", "vip-web", "--server", "web-01", "--dry-run", "--lang=en"])
            #expect(plan.hasPrefix("Plan: bind VIP vip-web (192.168.10.100) to web-01 (NIC 192.168.10.11)\n"), "\(plan)")
            #expect(plan.hasSuffix("Dry run: nothing was sent.\n"))
            let chinese = try await Self.ok(h, ["vip", "bind", "vip-web", "--server", "web-01", "--dry-run"])
            #expect(chinese.hasPrefix("计划：将虚拟IP vip-web（192.168.10.100） 绑定到 web-01（网卡 192.168.10.11）\n"), "\(chinese)")
            #expect(chinese.hasSuffix("试运行：未发送任何请求。\n"))

            let fr = try await Self.run(h, ["--lang", "fr", "vips"])
            #expect(fr.status == 2)
            #expect(fr.stdout.isEmpty)
            #expect(fr.stderr == "Error: unknown language \"fr\" for --lang: use en or zh\n", "\(fr.stderr)")
        }
    }

    /// `"read_round_trips" : 3` -> `"read_round_trips" : #` (and `read_requests`).
    static func maskingMeasured(_ json: String) -> String {
        json.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            for key in ["\"read_round_trips\" : ", "\"read_requests\" : "] {
                guard let r = line.range(of: key) else { continue }
                let rest = line[r.upperBound...].drop { $0.isNumber }
                return String(line[..<r.upperBound]) + "#" + rest
            }
            return String(line)
        }.joined(separator: "\n")
    }

    @Test("JSON stays English byte for byte: a read command, and vip create / vip bind plans, with --lang zh and LANG=zh_CN.UTF-8")
    func jsonStaysEnglish() async throws {
        try await SimHarness.with { h in
            let create = ["vip", "create", "--network", "prod-net", "--ip", "192.168.10.50", "--name", "vip-app", "--bind", "app-01",
                          "--dry-run", "--output", "json"]
            let bind = ["vip", "bind", "vip-web", "--server", "web-01", "--dry-run", "--output", "json"]
            for args in [["ports", "--output", "json"], ["vips", "--output", "json"], create, bind] {
                // The round trips and requests the plan's read took are measured as sent (how
                // parallel requests overlapped), so they may differ from run to run: only their
                // numbers are masked, the keys and everything else compare byte for byte.
                let en = Self.maskingMeasured(try await Self.ok(h, args, lang: "en_US.UTF-8"))
                let zh = Self.maskingMeasured(try await Self.ok(h, ["--lang", "zh"] + args, lang: nil))
                let zhLocale = Self.maskingMeasured(try await Self.ok(h, args))
                #expect(zh == en, "\(args)")
                #expect(zhLocale == en, "\(args)")
                #expect(!UntranslatedEnglish.hasChinese(zh.replacingOccurrences(of: "数据库主节点", with: "")
                    .replacingOccurrences(of: "数据库备节点", with: "").replacingOccurrences(of: "监控服务器", with: "")), "\(args): \(zh)")
            }
            let plan = try JSON.parse(try await Self.ok(h, create))
            #expect(plan["plan"]?["steps"]?.arrayValue?.first?["summary"]?.stringValue?.hasPrefix("create VIP 192.168.10.50 (vip-app) in prod-net") == true)
        }
    }

    @Test("in Chinese: vip create's help (abstract, discussion, option help), then journal list and show after a run, aligned")
    func helpAndJournal() async throws {
        try await SimHarness.with { h in
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env["LANG"] = "zh_CN.UTF-8"
            env["TZ"] = "UTC"
            func vipctl(_ args: [String]) async throws -> ProcessOutput {
                try await ChildRun.run(try ChildRun.vipctlBinary(), args, environment: env, directory: home.path, timeout: .seconds(60))
            }
            let help = try await vipctl(["vip", "create", "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.hasPrefix("OVERVIEW: 在网络中创建虚拟IP端口，可同时绑定云服务器。\n"), "\(help.stdout)")
            #expect(help.stdout.contains("示例：vipctl vip create --network prod-net"))
            #expect(help.stdout.contains("退出码：0 已执行"))
            #expect(help.stdout.contains("不询问，直接执行。"))
            #expect(!help.stdout.contains("Apply without asking") && !help.stdout.contains("Exit codes:"))

            let run = try await vipctl(["vip", "bind", "vip-web", "--server", "web-01", "--yes"])
            try #require(run.status == 0, "\(run.stderr)")
            let list = try await vipctl(["journal"])
            #expect(list.status == 0 && list.stderr.isEmpty, "\(list.stderr)")
            let lines = list.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2, "\(list.stdout)")
            let starts = H.columnStarts(lines.first ?? "")
            #expect(H.cells(lines.first ?? "", starts: starts) == ["时间", "结果", "命令", "摘要", "云/项目", "运行"], "\(list.stdout)")
            let row = try #require(H.cells(lines.last ?? "", starts: starts), "misaligned: \(list.stdout)")
            #expect(row[1] == "已执行" && row[2] == "vip bind", "\(row)")
            #expect(row[3] == "将虚拟IP vip-web（192.168.10.100） 绑定到 web-01（网卡 192.168.10.11）", "\(row)")

            let show = try await vipctl(["journal", "show", row[5]])
            #expect(show.status == 0, "\(show.stderr)")
            let detail = show.stdout.split(separator: "\n").map(String.init)
            // Labels padded to one display width (a Chinese character is two cells): values start in one column.
            let labelled = detail.filter { !$0.hasPrefix(" ") }
            let valueColumns = Set(labelled.map { line -> Int in
                // A label holds single spaces at most ("请求 1"); two or more end it.
                guard let gap = line.range(of: "  ") else { return -1 }
                let label = String(line[..<gap.lowerBound])
                let pad = line[gap.lowerBound...].prefix { $0 == " " }
                return H.displayWidth(label) + pad.count
            })
            #expect(valueColumns.count == 1, "\(show.stdout)")
            #expect(detail.first?.hasPrefix("运行") == true && detail.contains { $0.hasPrefix("结果") && $0.hasSuffix("已执行") }, "\(show.stdout)")
            #expect(detail.contains { $0.hasPrefix("  地址对") && $0.contains("→") }, "\(show.stdout)")
            #expect(UntranslatedEnglish.words(in: show.stdout.split(separator: "\n").filter { !$0.hasPrefix("意图") && !$0.hasPrefix("命令") }
                .joined(separator: "\n"), names: ["vip-web", "web-01", "lb-01", "lb-02", "envvars", "RegionOne", "demo"]) == [],
                    "\(show.stdout)")
        }
    }

    @Test("refusals on stderr in Chinese: no terminal to ask on (exit 2), a bound VIP not deleted (exit 1); nothing sent")
    func refusalsInChinese() async throws {
        try await SimHarness.with { h in
            let ask = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01"])
            #expect(ask.status == 2)
            #expect(ask.stdout.hasPrefix("计划：将虚拟IP vip-web（192.168.10.100） 绑定到 web-01（网卡 192.168.10.11）\n"), "\(ask.stdout)")
            #expect(ask.stderr == "vipctl: 未执行：没有可以询问“执行？[y/N]”的终端；传入 --yes 以执行，或传入 --dry-run 只打印计划\n", "\(ask.stderr)")
            let delete = try await Self.run(h, ["vip", "delete", "vip-web", "--yes"])
            #expect(delete.status == 1)
            #expect(delete.stdout.isEmpty)
            #expect(delete.stderr == "vipctl: vip-web 已绑定到 2 个网卡（lb-01 192.168.10.21, lb-02 192.168.10.22）；请先解绑（或使用 --unbind）\n",
                    "\(delete.stderr)")
            #expect(try await VipCommandTests.writes(h) == [])
        }
    }

    @Test("every changing command in Chinese (unbind, nic check, delete --unbind, journal undo): no English words left on stdout or stderr")
    func everyFlowInChinese() async throws {
        try await SimHarness.with { h in
            let home = try H.TempHome()
            defer { home.remove() }
            var env = H.osEnv(h, home)
            env["LANG"] = "zh_CN.UTF-8"
            func vipctl(_ args: [String]) async throws -> ProcessOutput {
                try await ChildRun.run(try ChildRun.vipctlBinary(), args, environment: env, directory: home.path, timeout: .seconds(60))
            }
            let names = ["vip-web", "vip-db", "lb-01", "lb-02", "数据库主节点", "数据库备节点", "prod-net", "db-net"]
            let flows: [([String], String)] = [
                (["vip", "unbind", "vip-web", "--server", "lb-02", "--yes"], "计划：将 lb-02（网卡 192.168.10.22） 从虚拟IP vip-web（192.168.10.100） 解绑\n"),
                (["nic", "check", "--port", "192.168.20.12", "off", "--yes"], "计划：将 数据库备节点（网卡 192.168.20.12） 的源/目的检查设为关闭\n"),
                (["journal", "undo", "last", "--yes"], "计划：撤销运行 "),
                (["vip", "delete", "vip-db", "--unbind", "--yes"], "计划：删除虚拟IP vip-db（192.168.20.100），先解绑其云服务器\n"),
            ]
            for (args, head) in flows {
                let r = try await vipctl(args)
                #expect(r.status == 0, "\(args): \(r.stderr)")
                #expect(r.stdout.hasPrefix(head), "\(args): \(r.stdout)")
                #expect(r.stdout.contains("\n已执行：已发送 "), "\(args): \(r.stdout)")
                #expect(UntranslatedEnglish.words(in: r.stdout, names: names) == [], "\(args): \(r.stdout)")
                #expect(UntranslatedEnglish.words(in: r.stderr, names: names) == [], "\(args): \(r.stderr)")
            }
            // A run that deleted a port cannot be undone: said in Chinese, exit 1.
            let undo = try await vipctl(["journal", "undo", "last", "--yes"])
            #expect(undo.status == 1)
            #expect(undo.stderr.hasPrefix("vipctl: 运行 ") && undo.stderr.hasSuffix(" 删除了端口；已删除的端口无法恢复（新建的端口会有新的 ID）\n"),
                    "\(undo.stderr)")
        }
    }

    @Test("a refused write in Chinese: progress says it failed and was undone, the report says rolled back, exit 1")
    func rollbackInChinese() async throws {
        try await SimHarness.with { h in
            let f = try await h.request("POST", h.baseURL + "/__sim/faults",
                                        json: ["rules": [["route": "PUT /networking/v2.0/ports/{id}", "action": "error", "status": 400,
                                                          "after": 1, "count": 1, "body": "neutron"]]])
            try #require(f.status == 200, "\(f.text)")
            let r = try await Self.run(h, ["vip", "bind", "vip-web", "--server", "web-01", "--yes"])
            #expect(r.status == 1, "stdout: \(r.stdout) stderr: \(r.stderr)")
            #expect(r.stdout.contains("\n失败，已回滚（随后的读取显示云已恢复原状）：已发送 "), "\(r.stdout)")
            #expect(r.stdout.contains("\n  已回滚：步骤 "), "\(r.stdout)")
            #expect(r.stderr.contains("：撤销") || r.stderr.contains("：已撤销"), "\(r.stderr)")
            #expect(r.stderrLines.last == "vipctl: 执行失败；已回滚：随后的读取显示云已恢复原状（见报告）", "\(r.stderr)")
            // The cloud's own message (CloudAPI's words, translated elsewhere) is left out of the check.
            let mine = (r.stdout + r.stderr).split(separator: "\n").map { line in
                line.range(of: "Neutron").map { String(line[..<$0.lowerBound]) } ?? String(line)
            }.joined(separator: "\n")
            #expect(UntranslatedEnglish.words(in: mine, names: ["vip-web", "web-01"]) == [], "\(mine)")
        }
    }
}
