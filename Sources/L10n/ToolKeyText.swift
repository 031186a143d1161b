/// The key table's words for the doctor, exports and copying (OSC 52).
public enum ToolKeyText: String, CatalogArea {
    case copyIDName, copyIDDesc, copyIPName, copyIPDesc, copyJSONName, copyJSONDesc
    case exportName, exportDesc, exportFormatDesc
    case exportScrollDownDesc, exportScrollUpDesc, exportPageDownDesc, exportPageUpDesc
    case copyExportName, copyExportDesc, closeExportName, closeExportDesc
    case ctxDoctor, ctxExport, hintCopy, titleRemovePairs, exportFormatName
    case fixName, fixDesc, hintFix, hintPort, hintCheckAgain
    case exportOpenWhen, exportOpenReason, exportableWhen, exportShownWhen

    public static let en: [ToolKeyText: String] = [
        .copyIDName: "copy id", .copyIDDesc: "copy the selected row's id to the clipboard (OSC 52)",
        .copyIPName: "copy IP", .copyIPDesc: "copy the selected row's IP to the clipboard (OSC 52)",
        .copyJSONName: "copy JSON", .copyJSONDesc: "copy the selected row's JSON to the clipboard (OSC 52)",
        .exportName: "export", .exportDesc: "export the plan or journal run (openstack, curl, terraform, postman)",
        .exportFormatDesc: "show the export as {0}",
        .exportScrollDownDesc: "scroll the export down", .exportScrollUpDesc: "scroll the export up",
        .exportPageDownDesc: "scroll the export a page down", .exportPageUpDesc: "scroll the export a page up",
        .copyExportName: "copy", .copyExportDesc: "copy the export to the clipboard (OSC 52)",
        .closeExportName: "close", .closeExportDesc: "close the export",
        .ctxDoctor: "Doctor (`:doctor`: what keeps a VIP from failing over, worst first)",
        .ctxExport: "Export (`E` on the plan and journal screens)",
        .hintCopy: "copy",
        .titleRemovePairs: "Remove allowed address pairs from a port",
        .exportFormatName: "{0}",
        .fixName: "fix", .fixDesc: "open the plan of the selected finding's fix (the plan screen; a applies)",
        .hintFix: "fix", .hintPort: "port", .hintCheckAgain: "check again",
        .exportOpenWhen: "the export is open", .exportOpenReason: "close the export first",
        .exportableWhen: "no plan or journal run is on screen", .exportShownWhen: "the export is not open",
    ]

    public static let zh: [ToolKeyText: String] = [
        .copyIDName: "复制 ID", .copyIDDesc: "把选中行的 ID 复制到剪贴板（OSC 52）",
        .copyIPName: "复制 IP", .copyIPDesc: "把选中行的 IP 复制到剪贴板（OSC 52）",
        .copyJSONName: "复制 JSON", .copyJSONDesc: "把选中行的 JSON 复制到剪贴板（OSC 52）",
        .exportName: "导出", .exportDesc: "导出计划或操作日志中的一次执行（openstack、curl、terraform、postman）",
        .exportFormatDesc: "以 {0} 格式显示导出内容",
        .exportScrollDownDesc: "向下滚动导出内容", .exportScrollUpDesc: "向上滚动导出内容",
        .exportPageDownDesc: "导出内容向下翻一页", .exportPageUpDesc: "导出内容向上翻一页",
        .copyExportName: "复制", .copyExportDesc: "把导出内容复制到剪贴板（OSC 52）",
        .closeExportName: "关闭", .closeExportDesc: "关闭导出",
        .ctxDoctor: "诊断（`:doctor`：哪些问题会让虚拟IP无法切换，最严重的在前）",
        .ctxExport: "导出（在计划和操作日志界面按 `E`）",
        .hintCopy: "复制",
        .titleRemovePairs: "从端口删除地址对",
        .exportFormatName: "{0} 格式",
        .fixName: "修复", .fixDesc: "打开选中问题的修复计划（计划界面；按 a 执行）",
        .hintFix: "修复", .hintPort: "端口", .hintCheckAgain: "重新检查",
        .exportOpenWhen: "导出已打开", .exportOpenReason: "请先关闭导出",
        .exportableWhen: "界面上没有计划或操作日志中的执行", .exportShownWhen: "导出未打开",
    ]
}
