/// Why a write of an apply was retried or failed, and the notes it leaves (VIPCore's
/// PortWriter): the reasons in progress lines and in the report.
public enum WriteText: String, CatalogArea {
    case keptChangingOne, keptChangingMany, notWrittenBeforeDeadline, lastError, portGoneBecause, readingFailed
    case alreadyHeld, lostAfterReadBack, readingBackFailed, tooManyPairs, changeNotThere, pairsVanished, changedAfterWrite
    case changed412Merge, putAnsweredYetHolds, labelError, putNoClearAnswer
    case notCreatedBeforeDeadline, firstError, postAnswerLost, noAnswer, lookingForPostFailed, postAnsweredNoPort
    case firstPostFailed, postAnsweredYetExists, createRefused, postNoClearAnswer
    case notDeletedBeforeDeadline, alreadyGone, boundMeanwhile, changed412Reread, deleteRefused, deleteNoClearAnswer

    public static let en: [WriteText: String] = [
        .keptChangingOne: "{0} kept changing under vipctl ({1} concurrent write seen); gave up at the deadline: the binding may be contested",
        .keptChangingMany: "{0} kept changing under vipctl ({1} concurrent writes seen); gave up at the deadline: the binding may be contested",
        .notWrittenBeforeDeadline: "{0} could not be written before the deadline",
        .lastError: " (last: {0})",
        .portGoneBecause: "{0} is gone ({1})",
        .readingFailed: "reading {0} failed ({1})",
        .alreadyHeld: "{0} already held it; nothing written",
        .lostAfterReadBack: "{0} lost vipctl's change after it was read back (a concurrent writer); merging again",
        .readingBackFailed: "reading {0} back failed ({1})",
        .tooManyPairs: "{0} would hold {1} allowed address pairs; the port allows {2}",
        .changeNotThere: "vipctl's change is not there",
        .pairsVanished: "{0} vanished",
        .changedAfterWrite: "{0} changed under vipctl right after its write ({1}: a concurrent writer); merging again",
        .changed412Merge: "412: {0} changed since it was read (a concurrent writer); re-reading and merging again",
        .putAnsweredYetHolds: "{0}: the PUT answered {1}, yet the port holds the change",
        .labelError: "{0}: {1}",
        .putNoClearAnswer: "the PUT of {0} got no clear answer ({1}); reading whether it happened",
        .notCreatedBeforeDeadline: "{0} could not be created before the deadline",
        .firstError: " (first error: {0})",
        .postAnswerLost: "the POST's answer was lost ({0}); found the port it created ({1}) and kept it",
        .noAnswer: "no answer",
        .lookingForPostFailed: "looking for the port the POST may have created failed ({0})",
        .postAnsweredNoPort: "the POST answered no port",
        .firstPostFailed: "the first POST failed ({0}) and created nothing (looked up); sent it again",
        .postAnsweredYetExists: "the POST answered {0}, yet the port exists ({1}); kept it",
        .createRefused: "creating {0} was refused: {1}",
        .postNoClearAnswer: "the POST got no clear answer ({0}); looking for the port before sending again",
        .notDeletedBeforeDeadline: "{0} could not be deleted before the deadline",
        .alreadyGone: "{0} was already gone",
        .boundMeanwhile: "{0} was bound to {1} meanwhile (somebody else); not deleted",
        .changed412Reread: "412: {0} changed since it was read; re-reading",
        .deleteRefused: "deleting {0} was refused: {1}",
        .deleteNoClearAnswer: "the DELETE got no clear answer ({0}); reading whether it happened",
    ]

    public static let zh: [WriteText: String] = [
        .keptChangingOne: "{0} 在 vipctl 写入期间不断被更改（发现 {1} 个并发写入）；到达期限后放弃：该绑定可能存在争用",
        .keptChangingMany: "{0} 在 vipctl 写入期间不断被更改（发现 {1} 个并发写入）；到达期限后放弃：该绑定可能存在争用",
        .notWrittenBeforeDeadline: "{0} 未能在期限之前写入",
        .lastError: "（最后一次错误：{0}）",
        .portGoneBecause: "{0} 已不存在（{1}）",
        .readingFailed: "读取 {0} 失败（{1}）",
        .alreadyHeld: "{0} 已是目标状态；未写入",
        .lostAfterReadBack: "{0} 读回后丢失了 vipctl 的更改（有其他写入方）；正在重新合并",
        .readingBackFailed: "读回 {0} 失败（{1}）",
        .tooManyPairs: "{0} 将有 {1} 个地址对；该端口最多允许 {2} 个",
        .changeNotThere: "vipctl 的更改不在其中",
        .pairsVanished: "{0} 消失了",
        .changedAfterWrite: "{0} 在 vipctl 写入后立即被更改（{1}：有其他写入方）；正在重新合并",
        .changed412Merge: "412：{0} 在读取之后被更改（有其他写入方）；正在重新读取并合并",
        .putAnsweredYetHolds: "{0}：PUT 返回 {1}，但端口已包含该更改",
        .labelError: "{0}：{1}",
        .putNoClearAnswer: "{0} 的 PUT 没有明确的应答（{1}）；正在读取以确认是否生效",
        .notCreatedBeforeDeadline: "{0} 未能在期限之前创建",
        .firstError: "（第一次错误：{0}）",
        .postAnswerLost: "POST 的应答丢失（{0}）；找到了它创建的端口（{1}）并予以保留",
        .noAnswer: "无应答",
        .lookingForPostFailed: "查找 POST 可能创建的端口失败（{0}）",
        .postAnsweredNoPort: "POST 的应答中没有端口",
        .firstPostFailed: "第一次 POST 失败（{0}），经查未创建任何端口；已重新发送",
        .postAnsweredYetExists: "POST 返回 {0}，但端口已存在（{1}）；予以保留",
        .createRefused: "创建 {0} 被拒绝：{1}",
        .postNoClearAnswer: "POST 没有明确的应答（{0}）；重新发送之前先查找端口",
        .notDeletedBeforeDeadline: "{0} 未能在期限之前删除",
        .alreadyGone: "{0} 已不存在",
        .boundMeanwhile: "{0} 在此期间被他人绑定到 {1}；未删除",
        .changed412Reread: "412：{0} 在读取之后被更改；正在重新读取",
        .deleteRefused: "删除 {0} 被拒绝：{1}",
        .deleteNoClearAnswer: "DELETE 没有明确的应答（{0}）；正在读取以确认是否生效",
    ]
}
