/// The column titles of the terminal UI's lists. A column is known by its key (the English
/// title is its raw value, so the renderer's rules about columns do not depend on the language).
public enum ColumnText: String, CatalogArea {
    case name = "NAME", id = "ID", cidr = "CIDR", gateway = "GATEWAY", pools = "POOLS", freeIPs = "FREE IPS"
    case deviceOwner = "DEVICE OWNER", fixedIPs = "FIXED IPS", pairs = "PAIRS", sdCheck = "S/D CHECK"
    case status = "STATUS", ips = "IPS", nics = "NICS", address = "ADDRESS", network = "NETWORK"
    case boundServersCheck = "BOUND SERVERS (NIC IP, S/D CHECK)", state = "STATE", boundServers = "BOUND SERVERS"
    case time = "TIME", outcome = "OUTCOME", command = "COMMAND", summary = "SUMMARY", cloudProject = "CLOUD/PROJECT"
    case severity = "SEVERITY", what = "WHAT", ports = "PORTS", fix = "FIX"

    public static let en: [ColumnText: String] = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.rawValue) })

    public static let zh: [ColumnText: String] = [
        .severity: "严重程度", .what: "问题", .ports: "端口", .fix: "修复",
        .name: "名称", .id: "ID", .cidr: "CIDR", .gateway: "网关", .pools: "地址池", .freeIPs: "空闲IP",
        .deviceOwner: "设备所有者", .fixedIPs: "固定IP", .pairs: "地址对", .sdCheck: "源/目的检查",
        .status: "状态", .ips: "IP地址", .nics: "网卡", .address: "地址", .network: "网络",
        .boundServersCheck: "已绑定云服务器（网卡IP，源/目的检查）", .state: "状况", .boundServers: "已绑定云服务器",
        .time: "时间", .outcome: "结果", .command: "命令", .summary: "摘要", .cloudProject: "云/项目",
    ]

    /// Identifiers and address notation, the same in Chinese documents.
    public static let sameInBothLanguages: Set<ColumnText> = [.id, .cidr]
}
