/// The terminal UI's screens: titles, the status line's counts and progress, the wizard's
/// steps and guidance, the journal screen and the notices the reducer shows.
public enum ScreenText: String, CatalogArea {
    case networksTitle, portsTitle, serversTitle, vipsTitle, journalTitle
    case nicsOf, vipsHolding, vipsHoldingOwner, serversBoundTo
    case problemSeparator, listSeparator, loading, loadingSoFar, loadingWaited
    case count, countMatching, rawJSONSuffix
    case stepServer, stepNIC, stepVIP, stepOptions, stepPlan, stepApply, stepResult
    case stepPosition, wizardPickServer, wizardPickNIC, wizardPickVIP, wizardOptions, wizardPlanning
    case nothingToDo, cloudHoldsThis, wizardPlanReady, wizardApplying, wizardApplied
    case titleCreate, titleBindMore, titleUnbind, titleDelete, titleCheckOn, titleCheckOff, titleBind, titleCreateVIP, titleUndo
    case nicInfoPlace, nicInfoPairs, noneParen, newVIP, newVIPHint
    case readOnlyRefusal, quitStopping, quitStillUndoing, signalStopping, unboundKey, unknownCommand, loadFailed
    case readingJournal, oneRun, runs, runsMatching, moreWarnings, runTitle, runMissing
    case noJournalConfigured, noJournalHere, cannotPlanHere, cannotApplyHere
    case outcomeApplied, outcomeRolledBack, outcomePartial, outcomeNothingSent
    case checkOff, checkOn, checkOnUpper, stateOK, noNICBound, checkOnFor, stalePair, stalePairs, portLabel, noPort

    public static let en: [ScreenText: String] = [
        .networksTitle: "Networks", .portsTitle: "Ports", .serversTitle: "Servers", .vipsTitle: "VIPs", .journalTitle: "Journal",
        .nicsOf: "NICs of {0}", .vipsHolding: "VIPs holding {0}", .vipsHoldingOwner: "VIPs holding {0} ({1})",
        .serversBoundTo: "Servers bound to VIP {0}",
        .problemSeparator: "; ", .listSeparator: ", ", .loading: "loading {0}", .loadingSoFar: "{0} ({1} so far)",
        .loadingWaited: "loading {0}; waiting {1} s for the cloud",
        .count: "{0} {1}", .countMatching: "{0} of {1} {2} match \"{3}\"", .rawJSONSuffix: "{0}, raw JSON",
        .stepServer: "Server", .stepNIC: "NIC", .stepVIP: "VIP", .stepOptions: "Options", .stepPlan: "Plan",
        .stepApply: "Apply", .stepResult: "Result",
        .stepPosition: "step {0} of {1}", .wizardPickServer: "{0}: pick a server (Enter), / filters",
        .wizardPickNIC: "{0}: pick the server's NIC (Enter)",
        .wizardPickVIP: "{0}: a new VIP (type an IP or leave it automatic) or an existing one (Enter)",
        .wizardOptions: "{0}: Tab moves between fields; Enter plans",
        .wizardPlanning: "{0}: planning from fresh reads of the cloud", .nothingToDo: "nothing to do: {0}",
        .cloudHoldsThis: "the cloud already holds this", .wizardPlanReady: "{0}: a applies this plan; Esc goes back",
        .wizardApplying: "{0}: applying", .wizardApplied: "applied",
        .titleCreate: "Create and bind a VIP", .titleBindMore: "Bind more NICs to a VIP", .titleUnbind: "Unbind a NIC from a VIP",
        .titleDelete: "Delete a VIP", .titleCheckOn: "Turn a NIC's source/destination check on",
        .titleCheckOff: "Turn a NIC's source/destination check off", .titleBind: "Bind a VIP", .titleCreateVIP: "Create a VIP",
        .titleUndo: "Undo run {0}: {1}",
        .nicInfoPlace: "network {0} · subnet {1} · IPs {2}", .nicInfoPairs: "pairs {0} · source/destination check {1}",
        .noneParen: "(none)", .newVIP: "new VIP", .newVIPHint: "automatic IP, or type one",
        .readOnlyRefusal: "read-only mode: vipctl changes nothing in this cloud (started with --read-only or read_only: true)",
        .quitStopping: "stopping: the step in flight finishes, what was done is undone, then vipctl quits",
        .quitStillUndoing: "still undoing so no VIP is left half-bound; press Q once more to quit anyway (the cloud may stay partly changed)",
        .signalStopping: "{0}: stopping the apply (the step in flight finishes, what was done is undone), then vipctl quits",
        .unboundKey: "{0} does nothing here; press ? for the keys",
        .unknownCommand: "unknown command :{0}; try :networks, :ports, :servers, :vips, :journal or :q",
        .loadFailed: "{0}: {1}",
        .readingJournal: "reading the journal", .oneRun: "1 run", .runs: "{0} runs", .runsMatching: "{0} of {1} runs match \"{2}\"",
        .moreWarnings: "{0} (and {1} more)", .runTitle: "Run {0}", .runMissing: "not in the journal (any more)",
        .noJournalConfigured: "no journal file is configured", .noJournalHere: "this environment keeps no journal",
        .cannotPlanHere: "this environment cannot plan changes", .cannotApplyHere: "this environment cannot apply changes",
        .outcomeApplied: "applied", .outcomeRolledBack: "rolled back", .outcomePartial: "partial",
        .outcomeNothingSent: "nothing sent",
        .checkOff: "off", .checkOn: "on", .checkOnUpper: "ON", .stateOK: "ok", .noNICBound: "no NIC bound",
        .checkOnFor: "check on for {0} of {1} NICs", .stalePair: "pair {0} matches no port",
        .stalePairs: "{0} pairs match no port", .portLabel: "port {0}", .noPort: "(no port)",
    ]

    public static let zh: [ScreenText: String] = [
        .networksTitle: "网络", .portsTitle: "端口", .serversTitle: "云服务器", .vipsTitle: "虚拟IP", .journalTitle: "操作日志",
        .nicsOf: "{0} 的网卡", .vipsHolding: "包含 {0} 的虚拟IP", .vipsHoldingOwner: "包含 {0}（{1}）的虚拟IP",
        .serversBoundTo: "绑定到虚拟IP {0} 的云服务器",
        .problemSeparator: "；", .listSeparator: "、", .loading: "正在加载{0}", .loadingSoFar: "{0}（已 {1} 个）",
        .loadingWaited: "正在加载{0}；已等待云 {1} 秒",
        .count: "{0} 个{1}", .countMatching: "{1} 个{2}中 {0} 个匹配“{3}”", .rawJSONSuffix: "{0}，原始JSON",
        .stepServer: "云服务器", .stepNIC: "网卡", .stepVIP: "虚拟IP", .stepOptions: "选项", .stepPlan: "计划",
        .stepApply: "执行", .stepResult: "结果",
        .stepPosition: "步骤 {0}/{1}", .wizardPickServer: "{0}：选择云服务器（Enter），/ 过滤",
        .wizardPickNIC: "{0}：选择云服务器的网卡（Enter）",
        .wizardPickVIP: "{0}：新建虚拟IP（输入IP或自动分配）或选择已有的（Enter）",
        .wizardOptions: "{0}：Tab 切换字段；Enter 制定计划",
        .wizardPlanning: "{0}：正在重新读取云上数据并制定计划", .nothingToDo: "无需操作：{0}",
        .cloudHoldsThis: "云上已是这样", .wizardPlanReady: "{0}：按 a 执行此计划；Esc 返回",
        .wizardApplying: "{0}：正在执行", .wizardApplied: "已执行",
        .titleCreate: "创建并绑定虚拟IP", .titleBindMore: "将更多网卡绑定到虚拟IP", .titleUnbind: "从虚拟IP解绑网卡",
        .titleDelete: "删除虚拟IP", .titleCheckOn: "开启网卡的源/目的检查",
        .titleCheckOff: "关闭网卡的源/目的检查", .titleBind: "绑定虚拟IP", .titleCreateVIP: "创建虚拟IP",
        .titleUndo: "撤销运行 {0}：{1}",
        .nicInfoPlace: "网络 {0} · 子网 {1} · IP {2}", .nicInfoPairs: "地址对 {0} · 源/目的检查 {1}",
        .noneParen: "（无）", .newVIP: "新建虚拟IP", .newVIPHint: "自动分配IP",
        .readOnlyRefusal: "只读模式：vipctl 不会更改此云（以 --read-only 或 read_only: true 启动）",
        .quitStopping: "正在停止：进行中的步骤完成后，撤销已做的更改，然后 vipctl 退出",
        .quitStillUndoing: "仍在撤销，以免虚拟IP只绑定了一半；再按一次 Q 强制退出（云上可能保持部分更改）",
        .signalStopping: "{0}：正在停止执行（进行中的步骤完成后，撤销已做的更改），然后 vipctl 退出",
        .unboundKey: "{0} 在此处无作用；按 ? 查看按键",
        .unknownCommand: "未知命令 :{0}；可用 :networks、:ports、:servers、:vips、:journal 或 :q",
        .loadFailed: "{0}：{1}",
        .readingJournal: "正在读取操作日志", .oneRun: "1 次运行", .runs: "{0} 次运行", .runsMatching: "{1} 次运行中 {0} 次匹配“{2}”",
        .moreWarnings: "{0}（另有 {1} 条）", .runTitle: "运行 {0}", .runMissing: "（已）不在操作日志中",
        .noJournalConfigured: "未配置操作日志文件", .noJournalHere: "此环境不保存操作日志",
        .cannotPlanHere: "此环境无法制定更改计划", .cannotApplyHere: "此环境无法执行更改",
        .outcomeApplied: "已执行", .outcomeRolledBack: "已回滚", .outcomePartial: "部分执行",
        .outcomeNothingSent: "未发送任何请求",
        .checkOff: "关闭", .checkOn: "开启", .checkOnUpper: "开启", .stateOK: "正常", .noNICBound: "未绑定网卡",
        .checkOnFor: "{1} 个网卡中 {0} 个开启了检查", .stalePair: "地址对 {0} 没有对应端口",
        .stalePairs: "{0} 个地址对没有对应端口", .portLabel: "端口 {0}", .noPort: "（无端口）",
    ]
}
