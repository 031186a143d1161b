/// Exports (`vipctl export`, the plan and journal screens' export overlay) and copying to the
/// clipboard with OSC 52. The exports themselves (commands, Terraform, Postman) stay English.
public enum ExportText: String, CatalogArea {
    // vipctl export
    case abstract
    case needsWhat
    case notBoth
    case cannotExport
    case exportOnly
    case journalNoRun
    case journalAmbiguous
    case journalNothing
    case planRefused
    // the TUI
    case overlayTitle
    case overlayKeys
    case copied
    case copyNothing
    case whatID
    case whatIP
    case whatJSON
    case whatExport
    case noPlan

    public static let en: [ExportText: String] = [
        .abstract: "Print a plan or a journal run as openstack CLI commands, curl commands, Terraform or a Postman collection (sends no write).",
        .needsWhat: "name what to export: vip create|bind|unbind with its arguments, or --journal RUN",
        .notBoth: "give either a command to plan or --journal RUN, not both",
        .cannotExport: "{0} cannot be exported; export vip create, vip bind or vip unbind",
        .exportOnly: "export only: nothing was sent",
        .journalNoRun: "no run in the journal {0} has an id starting with {1}",
        .journalAmbiguous: "{0} matches {1} runs; give more of the id",
        .journalNothing: "run {0} changed nothing it recorded; there is nothing to export",
        .planRefused: "nothing to export: {0}",
        .overlayTitle: "Export ({0})",
        .overlayKeys: "o openstack  c curl  t terraform  p postman  Y copy  Esc close",
        .copied: "copied {0} (OSC 52): {1}",
        .copyNothing: "nothing to copy here",
        .whatID: "id",
        .whatIP: "IP",
        .whatJSON: "JSON",
        .whatExport: "export",
        .noPlan: "no plan or journal run to export here",
    ]

    public static let zh: [ExportText: String] = [
        .abstract: "将计划或操作日志中的一次运行导出为 openstack CLI 命令、curl 命令、Terraform 或 Postman 集合（不发送任何写请求）。",
        .needsWhat: "请指定要导出的内容：vip create|bind|unbind 及其参数，或 --journal RUN",
        .notBoth: "请给出要计划的命令或 --journal RUN，二者只能选一",
        .cannotExport: "{0} 无法导出；可导出 vip create、vip bind 或 vip unbind",
        .exportOnly: "仅导出：未发送任何请求",
        .journalNoRun: "操作日志 {0} 中没有 id 以 {1} 开头的运行",
        .journalAmbiguous: "{0} 匹配 {1} 次运行；请给出更长的 id",
        .journalNothing: "运行 {0} 没有记录任何更改；没有可导出的内容",
        .planRefused: "没有可导出的内容：{0}",
        .overlayTitle: "导出（{0}）",
        .overlayKeys: "o openstack  c curl  t terraform  p postman  Y 复制  Esc 关闭",
        .copied: "已复制{0}到剪贴板（OSC 52）：{1}",
        .copyNothing: "这里没有可复制的内容",
        .whatID: "id",
        .whatIP: "IP地址",
        .whatJSON: "JSON",
        .whatExport: "导出内容",
        .noPlan: "这里没有可导出的计划或操作日志运行",
    ]

    public static let sameInBothLanguages: Set<ExportText> = [.whatID, .whatJSON]
}
