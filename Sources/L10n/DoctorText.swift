/// The VIP doctor: what each finding says, why it matters and what its fix does, on the
/// command line (`vipctl doctor`) and on the `:doctor` screen. Placeholders: the ports and
/// values each finding names, in the order the doctor gives them.
public enum DoctorText: String, CatalogArea {
    // Severities.
    case severityError, severityWarning, severityInfo
    // Table headings and screen words.
    case findingsNoun
    case doctor, colSeverity, colID, colWhat, colPorts, colFix, why, fix, noFix, findingCount, nothingFound
    case summary, fixHint, fixUnknown, fixNone, screenTitle, loading, failed, enterOpensFix, applyHint
    // Port labels.
    case vipLabel, vipLabelUnnamed, nicLabel, portLabel, emptyOwner
    // What each finding says.
    case whatDanglingPair, whatCheckOn, whatVIPNotInNICPairs, whatUnneededAnyPair, whatVIPOwner, whatVIPAttached
    case whatPairsPortSecurityOff, whatSingleNIC, whatVRRPBlocked, whatPairsNearQuota
    // Why it matters (one sentence each).
    case whyDanglingPair, whyCheckOn, whyVIPNotInNICPairs, whyUnneededAnyPair, whyVIPOwner, whyVIPAttached
    case whyPairsPortSecurityOff, whySingleNIC, whyVRRPBlocked, whyPairsNearQuota, whyPairsAtQuota
    // What the fix does.
    case fixRemovePair, fixCheckOff, fixCheckOn, fixAddVIPAddress

    public static let en: [DoctorText: String] = [
        .severityError: "error", .severityWarning: "warning", .severityInfo: "info",
        .findingsNoun: "findings",
        .doctor: "doctor", .colSeverity: "SEVERITY", .colID: "ID", .colWhat: "WHAT", .colPorts: "PORTS", .colFix: "FIX",
        .why: "Why", .fix: "Fix", .noFix: "no automatic fix",
        .findingCount: "errors: {0}, warnings: {1}, notes: {2}",
        .nothingFound: "No problems found ({0} VIPs and {1} ports checked).",
        .summary: "{0} VIPs and {1} ports checked ({2} strategy): {3}.",
        .fixHint: "To fix one: vipctl doctor --fix ID (shows the plan, asks before applying).",
        .fixUnknown: "no finding with id {0} (run vipctl doctor to list them)",
        .fixNone: "finding {0} has no automatic fix: {1}",
        .screenTitle: "Doctor: {0}",
        .loading: "Checking the VIPs...",
        .failed: "The check failed: {0}",
        .enterOpensFix: "Enter: the fix's plan",
        .applyHint: "Enter on a finding with a fix opens its plan; a applies it there.",
        .vipLabel: "VIP {0} ({1})", .vipLabelUnnamed: "VIP {0}", .nicLabel: "NIC {0} of {1}", .portLabel: "port {0}",
        .emptyOwner: "(empty)",
        .whatDanglingPair: "{0} names {1} in its pairs, but no NIC in its network holds that address",
        .whatCheckOn: "{0} is bound to {1}, but its source/destination check is on",
        .whatVIPNotInNICPairs: "{0} is named in the pairs of {1}, but the VIP's address {2} is not in the NIC's own pairs",
        .whatUnneededAnyPair: "{0} holds {1} in its pairs, but no VIP is bound to it",
        .whatVIPOwner: "{0} serves as a VIP, but its device_owner is {1}, not neutron:VIP_PORT",
        .whatVIPAttached: "{0} is attached to {1}",
        .whatPairsPortSecurityOff: "{0} has pairs ({1}), but its port security is off",
        .whatSingleNIC: "{0} is bound to one NIC only ({1})",
        .whatVRRPBlocked: "the security groups of {0} do not let VRRP (IP protocol 112) in from {2}, bound to {1} too",
        .whatPairsNearQuota: "{0} holds {1} of the {2} allowed address pairs a port may have",
        .whyDanglingPair: "A stale pair counts against the pair quota and lets whichever port later takes that address send from the VIP.",
        .whyCheckOn: "The cloud drops what this NIC sends from the VIP's address, so the VIP is unreachable while this server holds it.",
        .whyVIPNotInNICPairs: "Neutron's anti-spoofing drops what this NIC sends from the VIP's address, so the VIP fails while this server holds it.",
        .whyUnneededAnyPair: "This pair lets the NIC send from any address, with anti-spoofing off for no VIP's sake.",
        .whyVIPOwner: "Tools find VIPs by device_owner neutron:VIP_PORT, and Huawei Cloud routes a VIP without it only inside the VPC (no peering, EIP or VPN).",
        .whyVIPAttached: "A VIP port must stay attached to nothing: a device that owns the address keeps failover from moving it.",
        .whyPairsPortSecurityOff: "With port security off these pairs do nothing, and neutron refuses any change to them until port security is on again.",
        .whySingleNIC: "With one server there is no failover: when it fails, the VIP is gone.",
        .whyVRRPBlocked: "keepalived peers that cannot hear each other both become master and fight over the VIP.",
        .whyPairsNearQuota: "Neutron refuses a pair list longer than max_allowed_address_pair, so binding more NICs will soon fail.",
        .whyPairsAtQuota: "Neutron refuses a pair list longer than max_allowed_address_pair, so binding another NIC will fail.",
        .fixRemovePair: "remove {1} from the pairs of {0}",
        .fixCheckOff: "turn the source/destination check of {0} off",
        .fixCheckOn: "turn the source/destination check of {0} on",
        .fixAddVIPAddress: "add {2} to the pairs of {0}",
    ]

    public static let zh: [DoctorText: String] = [
        .severityError: "错误", .severityWarning: "警告", .severityInfo: "提示",
        .findingsNoun: "个问题",
        .doctor: "诊断", .colSeverity: "严重程度", .colID: "ID", .colWhat: "问题", .colPorts: "端口", .colFix: "修复",
        .why: "原因", .fix: "修复", .noFix: "无自动修复",
        .findingCount: "错误：{0}，警告：{1}，提示：{2}",
        .nothingFound: "未发现问题（已检查 {0} 个虚拟IP、{1} 个端口）。",
        .summary: "已检查 {0} 个虚拟IP、{1} 个端口（{2} 策略）：{3}。",
        .fixHint: "修复其中一个：vipctl doctor --fix ID（显示计划，执行前确认）。",
        .fixUnknown: "没有 ID 为 {0} 的问题（运行 vipctl doctor 列出问题）",
        .fixNone: "问题 {0} 没有自动修复：{1}",
        .screenTitle: "诊断：{0}",
        .loading: "正在检查虚拟IP...",
        .failed: "检查失败：{0}",
        .enterOpensFix: "Enter：修复的计划",
        .applyHint: "在有修复的问题上按 Enter 打开其计划；在计划中按 a 执行。",
        .vipLabel: "虚拟IP {0}（{1}）", .vipLabelUnnamed: "虚拟IP {0}", .nicLabel: "{1} 的网卡 {0}", .portLabel: "端口 {0}",
        .emptyOwner: "（空）",
        .whatDanglingPair: "{0} 的地址对中有 {1}，但其网络中没有网卡持有该地址",
        .whatCheckOn: "{0} 已绑定到 {1}，但其源/目的检查仍为开启",
        .whatVIPNotInNICPairs: "{1} 的地址对中有 {0}，但该网卡自己的地址对中没有虚拟IP地址 {2}",
        .whatUnneededAnyPair: "{0} 的地址对中有 {1}，但没有虚拟IP绑定到它",
        .whatVIPOwner: "{0} 用作虚拟IP，但其设备所有者（device_owner）是 {1}，不是 neutron:VIP_PORT",
        .whatVIPAttached: "{0} 已挂载到 {1}",
        .whatPairsPortSecurityOff: "{0} 有地址对（{1}），但其端口安全已关闭",
        .whatSingleNIC: "{0} 只绑定了一个网卡（{1}）",
        .whatVRRPBlocked: "{0} 的安全组不允许来自 {2} 的 VRRP（IP 协议 112）入方向流量，{2} 也绑定到 {1}",
        .whatPairsNearQuota: "{0} 有 {1} 个地址对，一个端口最多 {2} 个",
        .whyDanglingPair: "过期的地址对占用地址对配额，且之后取得该地址的任何端口都能以虚拟IP的地址发送。",
        .whyCheckOn: "云会丢弃该网卡以虚拟IP地址发出的流量，该云服务器持有虚拟IP时虚拟IP不可达。",
        .whyVIPNotInNICPairs: "Neutron 的防欺骗会丢弃该网卡以虚拟IP地址发出的流量，该云服务器持有虚拟IP时虚拟IP失效。",
        .whyUnneededAnyPair: "该地址对让网卡可以用任何地址发送，防欺骗因此关闭，却没有虚拟IP需要它。",
        .whyVIPOwner: "工具按设备所有者 neutron:VIP_PORT 查找虚拟IP，且华为云只在 VPC 内路由没有它的虚拟IP（不支持对等连接、EIP 或 VPN）。",
        .whyVIPAttached: "虚拟IP端口必须不挂载任何设备：持有该地址的设备会让故障切换无法转移它。",
        .whyPairsPortSecurityOff: "端口安全关闭时这些地址对不起作用，且在端口安全重新开启前 neutron 拒绝修改它们。",
        .whySingleNIC: "只有一台云服务器就没有故障切换：它一旦故障，虚拟IP就不可用。",
        .whyVRRPBlocked: "互相收不到报文的 keepalived 节点都会成为主节点，争抢虚拟IP。",
        .whyPairsNearQuota: "Neutron 拒绝超过 max_allowed_address_pair 的地址对列表，再绑定更多网卡很快会失败。",
        .whyPairsAtQuota: "Neutron 拒绝超过 max_allowed_address_pair 的地址对列表，再绑定一个网卡就会失败。",
        .fixRemovePair: "从 {0} 的地址对中删除 {1}",
        .fixCheckOff: "关闭 {0} 的源/目的检查",
        .fixCheckOn: "开启 {0} 的源/目的检查",
        .fixAddVIPAddress: "把 {2} 加入 {0} 的地址对",
    ]

    public static let sameInBothLanguages: Set<DoctorText> = [.colID]
}
