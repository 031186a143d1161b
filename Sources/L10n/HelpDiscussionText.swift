/// The longer help of the changing commands and the journal (`vipctl vip create --help`...):
/// what each does beyond its abstract. Examples are command lines and stay as they are.
public enum HelpDiscussionText: String, CatalogArea {
    case example, vipCreate, vipBind, vipUnbind, vipDelete, nicCheck, journal, journalList, journalShow, journalUndo

    public static let en: [HelpDiscussionText: String] = [
        .example: "Example: {0}",
        .vipCreate: "A server with several NICs in the network needs SERVER:NIC-IP (or SERVER:PORT-ID).",
        .vipBind: """
            VIP: name, id or address. SERVER: name or id. A server with several NICs in the \
            VIP's network needs --nic (its port id or IP).
            """,
        .vipUnbind: "Unbinds every NIC of the server that the VIP holds (--nic: only that one).",
        .vipDelete: "--unbind first unbinds every bound server (as `vip unbind` would), then deletes the port.",
        .nicCheck: """
            off: huawei adds 1.1.1.1/0 to the NIC's pairs (keeping the others); openstack turns \
            its port security off. on: the reverse.
            """,
        .journal: """
            Every run that changes the cloud (vip create|bind|unbind|delete, nic check, the terminal UI's \
            plan screen) appends a line when it starts and one when it ends to \
            $XDG_STATE_HOME/vipctl/journal.jsonl (else ~/.local/state/vipctl/journal.jsonl): time, cloud, \
            region, project, user, intent, each request's method, path, status and request id, each \
            port's pairs before and after, and the outcome. A line cut short by a crash is skipped with \
            a warning on stderr. Times are shown in local time (TZ).
            """,
        .journalList: """
            JSON (--output json): an array of runs, newest first, each \
            {run_id, outcome, started, finished} with the started and finished lines as stored \
            (null when missing; a run without a finished line is unfinished).
            """,
        .journalShow: "RUN is a run id or its start (the RUN column of `vipctl journal`). JSON: {run_id, outcome, started, finished}.",
        .journalUndo: """
            RUN is a run id, its start, or `last` (the newest run that changed something). The \
            plan removes the pairs the run added, puts back the pairs it removed, sets port \
            security back, and deletes a VIP port it created; it is refused, with the difference \
            shown, when a port has since changed in a way that conflicts (a pair the run added \
            is gone, a VIP it created was bound to more servers). A deleted port cannot be \
            brought back.
            """,
    ]

    public static let zh: [HelpDiscussionText: String] = [
        .example: "示例：{0}",
        .vipCreate: "在该网络中有多个网卡的云服务器需要写成 SERVER:NIC-IP（或 SERVER:PORT-ID）。",
        .vipBind: "VIP：名称、ID 或地址。SERVER：名称或 ID。在虚拟IP所在网络中有多个网卡的云服务器需要 --nic（其端口 ID 或 IP）。",
        .vipUnbind: "解绑该云服务器上由此虚拟IP绑定的每个网卡（--nic：只解绑那一个）。",
        .vipDelete: "--unbind 先解绑每台已绑定的云服务器（与 `vip unbind` 相同），然后删除该端口。",
        .nicCheck: "off：huawei 向网卡的地址对添加 1.1.1.1/0（保留其他地址对）；openstack 关闭其端口安全。on：相反。",
        .journal: """
            每次更改云的运行（vip create|bind|unbind|delete、nic check、终端界面的计划页面）在开始和结束时\
            各向 $XDG_STATE_HOME/vipctl/journal.jsonl（否则为 ~/.local/state/vipctl/journal.jsonl）追加一行：\
            时间、云、区域、项目、用户、意图，每个请求的方法、路径、状态和请求 ID，每个端口之前和之后的地址对，以及结果。\
            因崩溃而不完整的行会被跳过，并在 stderr 上警告。时间以本地时间（TZ）显示。
            """,
        .journalList: """
            JSON（--output json）：运行记录的数组，最新的在前，每项为 {run_id, outcome, started, finished}，\
            其中 started 和 finished 为存储的原始行（缺少时为 null；没有 finished 行的运行为未完成）。
            """,
        .journalShow: "RUN 是运行 ID 或其开头部分（`vipctl journal` 的运行列）。JSON：{run_id, outcome, started, finished}。",
        .journalUndo: """
            RUN 是运行 ID、其开头部分，或 `last`（最近一次更改了内容的运行）。该计划移除该次运行添加的地址对，\
            恢复其移除的地址对，恢复端口安全，并删除其创建的虚拟IP端口；如果端口此后发生了冲突的更改\
            （该次运行添加的地址对已不在，其创建的虚拟IP被绑定到了更多云服务器），则拒绝执行并显示差异。\
            已删除的端口无法恢复。
            """,
    ]
}
