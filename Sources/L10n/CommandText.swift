/// The headless commands' own words (`vipctl networks|ports|vips|...`, `vip ...`, `nic check`,
/// `journal`, `sim`, `demo`): table headers, headlines of plans, the prompt, messages on
/// stderr. The prompt's answer stays y/n in every language. `listening on URL` (vipctl sim's
/// first line) is read by scripts and stays English.
public enum CommandText: String, CatalogArea {
    // Table headers.
    case colID, colName, colStatus, colSubnets, colNetwork, colCIDR, colGateway, colPools, colOwner, colFixedIPs
    case colPairs, colCheck, colIPs, colNICs, colPort, colMAC, colVIP, colBound
    case colTime, colOutcome, colCommand, colSummary, colCloudProject, colRun
    // Headlines of plans.
    case headCreate, headSubnet, headAt, headAutomatic, headBoundTo, headBind, headUnbind, headDelete, headDeleteUnbinding
    case headCheck, headUndo, headPlanNow
    // The flow.
    case dryRun, readOnly, noTerminal, prompt, answeredNo, planChanged, partlyChanged, rolledBack, failedBecause
    case progressPrefix, finishHint, undoInstead, journalHint
    // Name resolution.
    case vipNetworkNotVisible, serverNoNICInVIPNetwork, networkHasNoSubnet, notAVIPPort, serverNoSuchNIC, nicWrongNetwork
    case serverNoNICInNetwork, serverManyNICs, vipNotNIC, vipLabel, nicLabel, noServer, nicListItem, noneWord
    // The journal.
    case warningPrefix, noRuns, noRunWithPrefix, ambiguousRun, nothingToUndo, noRunOnCloud, ambiguousRunShort, undoneAlready
    // Signals.
    case sigint, sighup, signalN, stoppingOnSignal, stillStopping, quitDuringApply
    // sim, demo.
    case simReady, simCannotStart, demoCannotStart
    // Usage errors.
    case yesAndDryRun, limitAtLeastOne, hostNotLoopback, portRange, scaleRange, networksRange, tokenTTLRange, latencyRange
    case timeoutRange, connectTimeoutRange

    public static let en: [CommandText: String] = [
        .colID: "ID", .colName: "NAME", .colStatus: "STATUS", .colSubnets: "SUBNETS", .colNetwork: "NETWORK", .colCIDR: "CIDR",
        .colGateway: "GATEWAY", .colPools: "POOLS", .colOwner: "OWNER", .colFixedIPs: "FIXED IPS", .colPairs: "PAIRS",
        .colCheck: "SRC/DST CHECK", .colIPs: "IPS", .colNICs: "NICS", .colPort: "PORT", .colMAC: "MAC", .colVIP: "VIP",
        .colBound: "BOUND (server NIC-IP check)",
        .colTime: "TIME", .colOutcome: "OUTCOME", .colCommand: "COMMAND", .colSummary: "SUMMARY", .colCloudProject: "CLOUD/PROJECT",
        .colRun: "RUN",

        .headCreate: "create VIP {0} in {1}",
        .headSubnet: " (subnet {0} {1})",
        .headAt: " at {0}",
        .headAutomatic: " (address automatic)",
        .headBoundTo: ", bound to {0}",
        .headBind: "bind VIP {0} to {1}",
        .headUnbind: "unbind {0} from VIP {1}",
        .headDelete: "delete VIP {0}",
        .headDeleteUnbinding: "delete VIP {0}, unbinding its servers first",
        .headCheck: "turn the source/destination check {0} on {1}",
        .headUndo: "undo run {0} ({1})",
        .headPlanNow: "the plan on the cloud as it is now",

        .dryRun: "Dry run: nothing was sent.",
        .readOnly: "read-only (--read-only or read_only: true in clouds.yaml): the plan was not applied; nothing was sent",
        .noTerminal: "not applied: no terminal to ask \"{0}\" on; pass --yes to apply or --dry-run to only print the plan",
        .prompt: "Apply? [y/N]",
        .answeredNo: "not applied (answered no); nothing was sent",
        .planChanged: "the cloud changed since the plan was shown; nothing was sent. Run the command again to see and confirm the new plan",
        .partlyChanged: "apply failed and the cloud is partly changed; the report says exactly what is left and how to finish or undo it",
        .rolledBack: "apply failed; rolled back: a read afterwards shows the cloud as it was (see the report)",
        .failedBecause: "apply failed, {0}",
        .progressPrefix: "apply: {0}",
        .finishHint: "To finish, run the same command again (it adds only what is missing):",
        .undoInstead: "To undo what this run left instead:",
        .journalHint: "Journal: run {0}; to undo it: {1}",

        .vipNetworkNotVisible: "the network of VIP {0} is not visible",
        .serverNoNICInVIPNetwork: "server {0} has no NIC in the VIP's network {1} (its NICs: {2})",
        .networkHasNoSubnet: "network {0} has no subnet named or with id \"{1}\" (its subnets: {2})",
        .notAVIPPort: "port {0} is not a VIP port (device_owner \"{1}\", not {2})",
        .serverNoSuchNIC: "server {0} has no NIC with port id or IP \"{1}\" (its NICs: {2})",
        .nicWrongNetwork: "NIC {0} of {1} is in network {2}, not in the VIP's network {3}",
        .serverNoNICInNetwork: "server {0} has no NIC in network {1} (its NICs: {2})",
        .serverManyNICs: "server {0} has {1} NICs in network {2} ({3}); say which with --nic PORT-OR-IP or SERVER:NIC-IP",
        .vipNotNIC: "port {0} is a VIP port, not a server NIC",
        .vipLabel: "{0} ({1})",
        .nicLabel: "{0} (NIC {1})",
        .noServer: "no server",
        .nicListItem: "{0} in {1}, port {2}",
        .noneWord: "none",

        .warningPrefix: "warning: {0}",
        .noRuns: "no runs in the journal {0}",
        .noRunWithPrefix: "no run in the journal {0} has an id starting with {1}",
        .ambiguousRun: "{0} matches {1} runs ({2}); give more of the id",
        .nothingToUndo: "no run in the journal {0} changed this cloud; nothing to undo",
        .noRunOnCloud: "no run on this cloud in the journal {0} has an id starting with {1}",
        .ambiguousRunShort: "{0} matches {1} runs; give more of the id",
        .undoneAlready: "run {0} was undone already, by run {1}",

        .sigint: "Ctrl-C (SIGINT)",
        .sighup: "SIGHUP (the terminal closed)",
        .signalN: "signal {0}",
        .stoppingOnSignal: "{0}: stopping. The step in flight finishes, no new step starts, and what was done is undone; then the report.",
        .stillStopping: "still stopping: vipctl is finishing or undoing writes so that no VIP is left half-bound. Quitting now could leave the cloud partly changed; press Ctrl-C once more to quit anyway.",
        .quitDuringApply: "quit during the apply: the cloud may be partly changed. `vipctl journal` shows what this run started; check the ports it lists.",

        .simReady: "# scenario {0}, flavor {1}, ready in {2} s; Ctrl-C stops",
        .simCannotStart: "vipctl sim: {0}",
        .demoCannotStart: "vipctl demo: cannot start the demo cloud: {0}",

        .yesAndDryRun: "--yes and --dry-run exclude each other",
        .limitAtLeastOne: "--limit must be 1 or more",
        .hostNotLoopback: "--host {0} is not a loopback address; add --allow-remote to listen on it",
        .portRange: "--port must be between 0 and 65535",
        .scaleRange: "--ports and --servers must be between 0 and {0}",
        .networksRange: "--networks must be between 1 and {0}",
        .tokenTTLRange: "--token-ttl must be between 1 and {0} seconds",
        .latencyRange: "--latency-ms must be between 0 and {0}",
        .timeoutRange: "--timeout must be from 1 to 3600 seconds, got {0}",
        .connectTimeoutRange: "--connect-timeout must be from 1 to 600 seconds, got {0}",
    ]

    public static let zh: [CommandText: String] = [
        .colID: "ID", .colName: "名称", .colStatus: "状态", .colSubnets: "子网", .colNetwork: "网络", .colCIDR: "CIDR",
        .colGateway: "网关", .colPools: "分配池", .colOwner: "设备所有者", .colFixedIPs: "固定IP", .colPairs: "地址对",
        .colCheck: "源/目的检查", .colIPs: "IP地址", .colNICs: "网卡", .colPort: "端口", .colMAC: "MAC", .colVIP: "虚拟IP",
        .colBound: "已绑定（云服务器 网卡IP 检查）",
        .colTime: "时间", .colOutcome: "结果", .colCommand: "命令", .colSummary: "摘要", .colCloudProject: "云/项目",
        .colRun: "运行",

        .headCreate: "在 {1} 中创建虚拟IP {0}",
        .headSubnet: "（子网 {0} {1}）",
        .headAt: "，地址 {0}",
        .headAutomatic: "（地址自动分配）",
        .headBoundTo: "，绑定到 {0}",
        .headBind: "将虚拟IP {0} 绑定到 {1}",
        .headUnbind: "将 {0} 从虚拟IP {1} 解绑",
        .headDelete: "删除虚拟IP {0}",
        .headDeleteUnbinding: "删除虚拟IP {0}，先解绑其云服务器",
        .headCheck: "将 {1} 的源/目的检查设为{0}",
        .headUndo: "撤销运行 {0}（{1}）",
        .headPlanNow: "按云上当前状态重新生成的计划",

        .dryRun: "试运行：未发送任何请求。",
        .readOnly: "只读（--read-only 或 clouds.yaml 中的 read_only: true）：计划未执行；未发送任何请求",
        .noTerminal: "未执行：没有可以询问“{0}”的终端；传入 --yes 以执行，或传入 --dry-run 只打印计划",
        .prompt: "执行？[y/N]",
        .answeredNo: "未执行（回答为否）；未发送任何请求",
        .planChanged: "显示计划之后云已发生变化；未发送任何请求。请再次运行该命令，查看并确认新的计划",
        .partlyChanged: "执行失败，云上已部分更改；报告准确说明留下了什么，以及如何完成或撤销",
        .rolledBack: "执行失败；已回滚：随后的读取显示云已恢复原状（见报告）",
        .failedBecause: "执行失败，{0}",
        .progressPrefix: "执行：{0}",
        .finishHint: "如需完成，请再次运行同一命令（它只添加缺少的部分）：",
        .undoInstead: "如需改为撤销本次运行留下的更改：",
        .journalHint: "操作日志：运行 {0}；如需撤销：{1}",

        .vipNetworkNotVisible: "看不到虚拟IP {0} 所在的网络",
        .serverNoNICInVIPNetwork: "云服务器 {0} 在虚拟IP所在的网络 {1} 中没有网卡（其网卡：{2}）",
        .networkHasNoSubnet: "网络 {0} 中没有名称或 ID 为“{1}”的子网（其子网：{2}）",
        .notAVIPPort: "端口 {0} 不是虚拟IP端口（设备所有者为“{1}”，而不是 {2}）",
        .serverNoSuchNIC: "云服务器 {0} 没有端口 ID 或 IP 为“{1}”的网卡（其网卡：{2}）",
        .nicWrongNetwork: "{1} 的网卡 {0} 在网络 {2} 中，不在虚拟IP所在的网络 {3} 中",
        .serverNoNICInNetwork: "云服务器 {0} 在网络 {1} 中没有网卡（其网卡：{2}）",
        .serverManyNICs: "云服务器 {0} 在网络 {2} 中有 {1} 个网卡（{3}）；请用 --nic PORT-OR-IP 或 SERVER:NIC-IP 指定",
        .vipNotNIC: "端口 {0} 是虚拟IP端口，不是云服务器的网卡",
        .vipLabel: "{0}（{1}）",
        .nicLabel: "{0}（网卡 {1}）",
        .noServer: "无云服务器",
        .nicListItem: "{0}（网络 {1}，端口 {2}）",
        .noneWord: "无",

        .warningPrefix: "警告：{0}",
        .noRuns: "操作日志 {0} 中没有任何运行记录",
        .noRunWithPrefix: "操作日志 {0} 中没有 ID 以 {1} 开头的运行",
        .ambiguousRun: "{0} 匹配 {1} 个运行（{2}）；请给出更长的 ID",
        .nothingToUndo: "操作日志 {0} 中没有更改过此云的运行；无可撤销",
        .noRunOnCloud: "操作日志 {0} 中没有此云上 ID 以 {1} 开头的运行",
        .ambiguousRunShort: "{0} 匹配 {1} 个运行；请给出更长的 ID",
        .undoneAlready: "运行 {0} 已被运行 {1} 撤销",

        .sigint: "Ctrl-C（SIGINT）",
        .sighup: "SIGHUP（终端已关闭）",
        .signalN: "信号 {0}",
        .stoppingOnSignal: "{0}：正在停止。进行中的步骤会完成，不再开始新的步骤，已完成的操作会被撤销；然后输出报告。",
        .stillStopping: "仍在停止：vipctl 正在完成或撤销写入，以免留下绑定了一半的虚拟IP。现在退出可能使云处于部分更改的状态；如仍要退出，请再按一次 Ctrl-C。",
        .quitDuringApply: "执行期间退出：云可能已被部分更改。`vipctl journal` 会显示本次运行开始的操作；请检查其中列出的端口。",

        .simReady: "# 场景 {0}，类型 {1}，{2} 秒后就绪；按 Ctrl-C 停止",
        .simCannotStart: "vipctl sim：{0}",
        .demoCannotStart: "vipctl demo：无法启动演示云：{0}",

        .yesAndDryRun: "--yes 和 --dry-run 不能同时使用",
        .limitAtLeastOne: "--limit 必须大于或等于 1",
        .hostNotLoopback: "--host {0} 不是环回地址；如需在该地址上监听，请加上 --allow-remote",
        .portRange: "--port 必须在 0 到 65535 之间",
        .scaleRange: "--ports 和 --servers 必须在 0 到 {0} 之间",
        .networksRange: "--networks 必须在 1 到 {0} 之间",
        .tokenTTLRange: "--token-ttl 必须在 1 到 {0} 秒之间",
        .latencyRange: "--latency-ms 必须在 0 到 {0} 之间",
        .timeoutRange: "--timeout 必须在 1 到 3600 秒之间，实际为 {0}",
        .connectTimeoutRange: "--connect-timeout 必须在 1 到 600 秒之间，实际为 {0}",
    ]

    public static let sameInBothLanguages: Set<CommandText> = [.colID, .colCIDR, .colMAC]
}
