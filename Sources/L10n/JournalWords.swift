/// The journal in words (VIPCore's JournalText, for the TUI's journal screen and `vipctl
/// journal`): column titles, the labels of a run's detail, and the outcome as shown. The
/// journal file and its JSON keep English (what is stored is data).
public enum JournalWords: String, CatalogArea {
    case run, time, outcome, command, summary, cloud, strategy, intent, undoOf, requests, request, report, port
    case pairs, portSecurity, securityGroups
    case region, project, user, notRecorded, noneSent, noAnswer
    case network, name, address, automatic, vipPort, nicPort, nicPorts, check
    case createdByRun, deletedByRun, didNotExist, gone, noneInList, on, off, unknown
    case unfinished, interrupted, noOutcome
    case cannotWrite, closingLineFailed, noRecordedOutcome, itsPorts, leftNothing, deletedAPort
    // The journal file's errors and the lines it skips.
    case createDirectory, restrictDirectory, open, restrictFile, notAFile, encode, write, sync, lineBreak
    case cannotRead, lineIncomplete, lineNotEntry

    public static let en: [JournalWords: String] = [
        .run: "run", .time: "time", .outcome: "outcome", .command: "command", .summary: "summary", .cloud: "cloud",
        .strategy: "strategy", .intent: "intent", .undoOf: "undo of", .requests: "requests", .request: "request {0}",
        .report: "report", .port: "port", .pairs: "pairs", .portSecurity: "port security", .securityGroups: "security groups",
        .region: "region {0}", .project: "project {0}", .user: "user {0}",
        .notRecorded: "(not recorded: the run did not finish)", .noneSent: "none sent", .noAnswer: "no answer",
        .network: "network {0}", .name: "name {0}", .address: "address {0}", .automatic: "automatic",
        .vipPort: "VIP port {0}", .nicPort: "NIC port {0}", .nicPorts: "NIC ports {0}", .check: "check {0}",
        .createdByRun: "(created by this run)", .deletedByRun: "(deleted by this run)", .didNotExist: "(did not exist)",
        .gone: "(gone)", .noneInList: "(none)", .on: "on", .off: "off", .unknown: "unknown",
        .unfinished: "unfinished (vipctl stopped during the apply; check the ports listed)",
        .interrupted: "{0} (interrupted)",
        .noOutcome: "no outcome",
        .cannotWrite: "the journal cannot be written ({0}), so vipctl sends nothing; fix that, or point XDG_STATE_HOME elsewhere",
        .closingLineFailed: "warning: the journal's closing line could not be written ({0})",
        .noRecordedOutcome: "run {0} has no recorded outcome (vipctl stopped during it), so it cannot be undone from the journal; check {1} by hand",
        .itsPorts: "its ports",
        .leftNothing: "run {0} left nothing in the cloud ({1}); there is nothing to undo",
        .deletedAPort: "run {0} deleted a port; a deleted port cannot be brought back (a new one gets a new id)",
        .createDirectory: "cannot create the journal directory", .restrictDirectory: "cannot restrict the journal directory to 0700",
        .open: "cannot open the journal", .restrictFile: "cannot restrict the journal to 0600",
        .notAFile: "the journal is not a regular file", .encode: "cannot encode the journal entry",
        .write: "cannot write the journal", .sync: "cannot flush the journal to disk",
        .lineBreak: "the line would hold a line break",
        .cannotRead: "cannot read the journal {0}: {1}",
        .lineIncomplete: "journal line {0} is incomplete or not JSON; skipped",
        .lineNotEntry: "journal line {0} is not a vipctl journal entry ({1}); skipped",
    ]

    public static let zh: [JournalWords: String] = [
        .run: "运行", .time: "时间", .outcome: "结果", .command: "命令", .summary: "摘要", .cloud: "云",
        .strategy: "策略", .intent: "意图", .undoOf: "撤销的运行", .requests: "请求", .request: "请求 {0}",
        .report: "报告", .port: "端口", .pairs: "地址对", .portSecurity: "端口安全", .securityGroups: "安全组",
        .region: "区域 {0}", .project: "项目 {0}", .user: "用户 {0}",
        .notRecorded: "（未记录：该次运行没有完成）", .noneSent: "未发送任何请求", .noAnswer: "无应答",
        .network: "网络 {0}", .name: "名称 {0}", .address: "地址 {0}", .automatic: "自动分配",
        .vipPort: "虚拟IP端口 {0}", .nicPort: "网卡端口 {0}", .nicPorts: "网卡端口 {0}", .check: "源/目的检查{0}",
        .createdByRun: "（由本次运行创建）", .deletedByRun: "（由本次运行删除）", .didNotExist: "（不存在）",
        .gone: "（已不存在）", .noneInList: "（无）", .on: "开启", .off: "关闭", .unknown: "未知",
        .unfinished: "未完成（vipctl 在执行期间停止；请检查列出的端口）",
        .interrupted: "{0}（被中断）",
        .noOutcome: "无结果",
        .cannotWrite: "无法写入操作日志（{0}），因此 vipctl 不发送任何请求；请修复该问题，或将 XDG_STATE_HOME 指向其他位置",
        .closingLineFailed: "警告：无法写入操作日志的结束行（{0}）",
        .noRecordedOutcome: "运行 {0} 没有记录结果（vipctl 在运行期间停止），因此无法根据操作日志撤销；请手动检查{1}",
        .itsPorts: "其端口",
        .leftNothing: "运行 {0} 没有在云上留下任何内容（{1}）；无可撤销",
        .deletedAPort: "运行 {0} 删除了端口；已删除的端口无法恢复（新建的端口会有新的 ID）",
        .createDirectory: "无法创建操作日志目录", .restrictDirectory: "无法将操作日志目录的权限限制为 0700",
        .open: "无法打开操作日志", .restrictFile: "无法将操作日志的权限限制为 0600",
        .notAFile: "操作日志不是普通文件", .encode: "无法编码操作日志条目",
        .write: "无法写入操作日志", .sync: "无法将操作日志刷新到磁盘",
        .lineBreak: "该行将包含换行符",
        .cannotRead: "无法读取操作日志 {0}：{1}",
        .lineIncomplete: "操作日志第 {0} 行不完整或不是 JSON；已跳过",
        .lineNotEntry: "操作日志第 {0} 行不是 vipctl 操作日志条目（{1}）；已跳过",
    ]
}

extension JournalWords {
    /// An outcome as stored in the journal (English: `applied`, `rolled back`, `partial`,
    /// `nothing sent`, `X (interrupted)`, the unfinished text), in the language in effect.
    public static func shownOutcome(_ stored: String) -> String {
        let suffix = " (interrupted)"
        if stored.hasSuffix(suffix) { return JournalWords.interrupted(shownOutcome(String(stored.dropLast(suffix.count)))) }
        switch stored {
        case "applied": return OutcomeText.applied.text
        case "rolled back": return OutcomeText.rolledBack.text
        case "partial": return OutcomeText.partial.text
        case "nothing sent": return OutcomeText.nothingSent.text
        case "unknown": return JournalWords.unknown.text
        case JournalWords.unfinished.text(in: .en): return JournalWords.unfinished.text
        default: return stored
        }
    }
}
