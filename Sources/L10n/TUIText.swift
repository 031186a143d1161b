/// The terminal UI's own words: header, title line, status-line hints, help and error
/// overlays, the too-small message and the wizard's fields.
public enum TUIText: String, CatalogArea {
    case tooSmallTitle, tooSmallSize, tooSmallHint
    case helpTitle, helpFooter, disabledBecause, ok, noItems
    case errorDetailsTitle, noError, escCloses, labelValue
    case headerCloud, headerRegion, headerProject, headerUser, insecure, badgeLive, badgeReadOnly, badgeDemo
    case filterPrompt, filterPlaceholder, commandPlaceholder, rawJSON, fields
    case emptyList, noRowMatches, rawJSONHeader, fieldHeader, valueHeader
    case hintKeep, hintCancel, hintGo, hintClose, hintFollow, hintBack, hintHelp, hintApply, hintJumpToVIP
    case hintField, hintSwitch, hintPlan, hintNext, hintError, hintOpen, hintFilter, hintJump
    case wizardBindsExisting, wizardAddressPrompt, wizardAddressPlaceholder, wizardFreeInSubnet
    case wizardName, wizardNameWhenEmpty, wizardNameDefault, wizardStrategy, wizardStrategyHuawei, wizardStrategyOpenStack
    case wizardAlsoBind, wizardPlanning, wizardCannotPlan, wizardJumpHint, wizardApplying

    public static let en: [TUIText: String] = [
        .tooSmallTitle: "Terminal too small", .tooSmallSize: "{0}, needs at least {1}",
        .tooSmallHint: "Q quits; make the window larger to continue",
        .ok: "OK", .noItems: "(no items)", .helpTitle: "Keys", .helpFooter: "j/k scroll · Esc closes", .disabledBecause: "(disabled: {0})",
        .errorDetailsTitle: "Error details", .noError: "no error", .escCloses: "Esc closes", .labelValue: "{0}: {1}",
        .headerCloud: "cloud {0}", .headerRegion: "region {0}", .headerProject: "project {0}", .headerUser: "user {0}",
        .insecure: "INSECURE", .badgeLive: "LIVE", .badgeReadOnly: "READ-ONLY", .badgeDemo: "DEMO",
        .filterPrompt: " Filter {0}: /", .filterPlaceholder: "type to filter, Enter keeps, Esc cancels",
        .commandPlaceholder: "networks, ports, servers, vips, journal or q; Enter goes",
        .rawJSON: "raw JSON", .fields: "fields",
        .emptyList: "(none)", .noRowMatches: "no row matches \"{0}\"; Esc clears the filter",
        .rawJSONHeader: "RAW JSON", .fieldHeader: "FIELD", .valueHeader: "VALUE",
        .hintKeep: "keep", .hintCancel: "cancel", .hintGo: "go", .hintClose: "close", .hintFollow: "follow",
        .hintBack: "back", .hintHelp: "help", .hintApply: "apply", .hintJumpToVIP: "jump to VIP",
        .hintField: "field", .hintSwitch: "switch", .hintPlan: "plan", .hintNext: "next", .hintError: "error",
        .hintOpen: "open", .hintFilter: "filter", .hintJump: "jump",
        .wizardBindsExisting: "Enter binds the NIC to this VIP (you see the plan first)",
        .wizardAddressPrompt: " VIP address: ", .wizardAddressPlaceholder: "automatic (type an address to choose one)",
        .wizardFreeInSubnet: "free in the subnet",
        .wizardName: "Name", .wizardNameWhenEmpty: "{0} (when left empty)", .wizardNameDefault: "{0} (default)",
        .wizardStrategy: "Strategy",
        .wizardStrategyHuawei: "huawei: the VIP's pairs hold the NIC IPs; each NIC gets 1.1.1.1/0",
        .wizardStrategyOpenStack: "openstack: each NIC's pairs get the VIP address; the VIP's pairs stay",
        .wizardAlsoBind: "Also bind (Space picks; {0} picked)",
        .wizardPlanning: "Reading the cloud and planning…", .wizardCannotPlan: "Cannot plan: {0}",
        .wizardJumpHint: "Enter jumps to the VIP; Esc closes.", .wizardApplying: "Applying…",
    ]

    public static let zh: [TUIText: String] = [
        .tooSmallTitle: "终端窗口太小", .tooSmallSize: "当前 {0}，至少需要 {1}",
        .tooSmallHint: "按 Q 退出；放大窗口后继续",
        .ok: "确定", .noItems: "（无项目）", .helpTitle: "按键", .helpFooter: "j/k 滚动 · Esc 关闭", .disabledBecause: "（不可用：{0}）",
        .errorDetailsTitle: "错误详情", .noError: "没有错误", .escCloses: "Esc 关闭", .labelValue: "{0}：{1}",
        .headerCloud: "云 {0}", .headerRegion: "区域 {0}", .headerProject: "项目 {0}", .headerUser: "用户 {0}",
        .insecure: "不安全", .badgeLive: "实时", .badgeReadOnly: "只读", .badgeDemo: "演示",
        .filterPrompt: " 过滤{0}：/", .filterPlaceholder: "输入以过滤，Enter 保留，Esc 取消",
        .commandPlaceholder: ":networks、:ports、:servers、:vips、:journal 或 :q；Enter 跳转",
        .rawJSON: "原始JSON", .fields: "字段",
        .emptyList: "（无）", .noRowMatches: "没有行匹配“{0}”；Esc 清除过滤",
        .rawJSONHeader: "原始JSON", .fieldHeader: "字段", .valueHeader: "值",
        .hintKeep: "保留", .hintCancel: "取消", .hintGo: "跳转", .hintClose: "关闭", .hintFollow: "打开链接",
        .hintBack: "返回", .hintHelp: "帮助", .hintApply: "执行", .hintJumpToVIP: "跳到虚拟IP",
        .hintField: "字段", .hintSwitch: "切换", .hintPlan: "计划", .hintNext: "下一步", .hintError: "错误",
        .hintOpen: "打开", .hintFilter: "过滤", .hintJump: "跳转",
        .wizardBindsExisting: "Enter 将网卡绑定到此虚拟IP（先显示计划）",
        .wizardAddressPrompt: " 虚拟IP地址：", .wizardAddressPlaceholder: "自动分配（输入地址可自选）",
        .wizardFreeInSubnet: "子网中空闲",
        .wizardName: "名称", .wizardNameWhenEmpty: "{0}（留空时）", .wizardNameDefault: "{0}（默认）",
        .wizardStrategy: "策略",
        .wizardStrategyHuawei: "huawei：虚拟IP的地址对包含网卡IP；每个网卡添加 1.1.1.1/0",
        .wizardStrategyOpenStack: "openstack：每个网卡的地址对添加虚拟IP地址；虚拟IP的地址对不变",
        .wizardAlsoBind: "同时绑定（空格选择；已选 {0} 个）",
        .wizardPlanning: "正在读取云上数据并制定计划…", .wizardCannotPlan: "无法制定计划：{0}",
        .wizardJumpHint: "Enter 跳到虚拟IP；Esc 关闭。", .wizardApplying: "正在执行…",
    ]
}
