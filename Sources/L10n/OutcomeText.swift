/// How an apply went, in words: its progress lines, the report's outcome (applied, nothing
/// sent, rolled back, partly applied), what the cloud holds afterwards, and why a step failed.
public enum OutcomeText: String, CatalogArea {
    // Progress.
    case stepN, stepOf, sending, done, failed, attempt, undoing, undone, undoFailed, stopping
    // The report's first line.
    case headApplied, headRolledBack, headStoppedRolledBack, headPartial, headNothingSent, headNothingChanged
    case reportLine, vipPort
    // The outcome words (journal rows, JSON stays English).
    case applied, rolledBack, partial, nothingSent, interruptedSuffix
    // The report's lines.
    case nothingSentBecause, nothingSentBeforeFirstWrite, nothingSentCloudChanged, nothingSentCloudChangedReview
    case nothingLeft, noLonger, nowPlanned, stepsChanged, stoppedBecause, interrupted
    case stepFailed, mayHaveCreated
    case appliedOne, appliedMany, partlyAppliedLost, stopCameLate, noIfMatchChecked, concurrentMerged
    case nothingChangedOne, nothingChangedMany, rolledBackLine, partlyAppliedLeft, undidStep, undidSteps
    case finalState, finalPortSecurity, finalCheck, finalRevision, notReadBack, deleted, on, off
    case lostAfterCheck, noLongerHoldsStep, portGone, createdGone, stillExists
    case undoDeleteFailed, undoDeleteNotStarted, undoChangeFailed, undoChangeNotStarted
    case createdStillExists, createdNotReadBack, deletedByRun, couldNotReadBack
    // A change to a port in words (PortDelta, EffectiveChange).
    case deltaAdd, deltaRemove, deltaDetachGroups, deltaAttachGroups, deltaPortSecurity, deltaNoChange
    case leftAdded, leftRemoved, leftPortSecurity
    // Notes of a run and steps that cannot be sent.
    case repairedOne, repairedMany, couldNotReadBackBecause, stepNote, namesUncreatedPort, noPortToDelete, noPortToUpdate, needsAddress

    public static let en: [OutcomeText: String] = [
        .stepN: "step {0}",
        .stepOf: "step {0}/{1} {2} {3}",
        .sending: "{0}: sending",
        .done: "{0}: done",
        .failed: "{0}: failed: {1}",
        .attempt: "{0}: attempt {1}: {2}",
        .undoing: "{0}: undoing",
        .undone: "{0}: undone",
        .undoFailed: "{0}: undo failed: {1}",
        .stopping: "stopping ({0}): the steps in flight finish, no new step starts, then what was done is undone",

        .headApplied: "Applied",
        .headRolledBack: "Failed, rolled back (a read afterwards shows the cloud as it was)",
        .headStoppedRolledBack: "Stopped ({0}), rolled back (a read afterwards shows the cloud as it was)",
        .headPartial: "Partly applied (the lines below say exactly what the cloud holds now)",
        .headNothingSent: "Nothing sent",
        .headNothingChanged: "Nothing changed",
        .reportLine: "{0}: {1} sent ({2} requests in all), {3} on the critical path, {4}.",
        .vipPort: "VIP port {0}",

        .applied: "applied", .rolledBack: "rolled back", .partial: "partial", .nothingSent: "nothing sent",
        .interruptedSuffix: "{0} (interrupted)",

        .nothingSentBecause: "nothing sent: {0}",
        .nothingSentBeforeFirstWrite: "nothing sent: {0} before the first write",
        .nothingSentCloudChanged: "nothing sent: the cloud changed since the plan was shown: {0}",
        .nothingSentCloudChangedReview: "nothing sent: the cloud changed since the plan was shown ({0}); review the new plan and confirm again",
        .nothingLeft: "there is nothing left to do",
        .noLonger: "no longer: {0}",
        .nowPlanned: "now: {0}",
        .stepsChanged: "the steps changed",
        .stoppedBecause: "stopped: {0}",
        .interrupted: "interrupted",
        .stepFailed: "step {0} ({1}) failed: {2}",
        .mayHaveCreated: "{0}; it may have created a port: look for it by name before trying again",
        .appliedOne: "applied: {0} write went through; a read afterwards shows the cloud holds the intent",
        .appliedMany: "applied: {0} writes went through; a read afterwards shows the cloud holds the intent",
        .partlyAppliedLost: "partly applied: every step finished, but a read afterwards shows {0} (somebody else changed it after vipctl's last check)",
        .stopCameLate: "{0} came after the apply had finished: nothing to roll back",
        .noIfMatchChecked: "this cloud has no If-Match: each write was read back, and checked again after a quiet period",
        .concurrentMerged: "concurrent writers were seen on the same ports; vipctl re-read and merged its change again each time (no pair of theirs was dropped)",
        .nothingChangedOne: "nothing changed: {0}; {1} write request was refused or shown by a read not to have happened",
        .nothingChangedMany: "nothing changed: {0}; {1} write requests were refused or shown by a read not to have happened",
        .rolledBackLine: "rolled back: {0}{1}; a read afterwards shows the cloud as it was",
        .partlyAppliedLeft: "partly applied: {0}{1}; left in the cloud:",
        .undidStep: "; undid step {0}",
        .undidSteps: "; undid steps {0}",
        .finalState: "{0}: allowed_address_pairs [{1}]",
        .finalPortSecurity: "; port security {0}",
        .finalCheck: "; source/destination check {0}",
        .finalRevision: "; revision {0}",
        .notReadBack: "{0}: not read back",
        .deleted: "{0}: deleted",
        .on: "on", .off: "off",
        .lostAfterCheck: "{0} lost vipctl's change after the last check (a concurrent writer); merging again",
        .noLongerHoldsStep: "{0} no longer holds step {1}'s change ({2})",
        .portGone: "{0} is gone",
        .createdGone: "{0}, created by step {1}, is gone",
        .stillExists: "{0} still exists",
        .undoDeleteFailed: "undoing step {0} (deleting {1}) failed: {2}",
        .undoDeleteNotStarted: "undoing step {0} (deleting {1}) did not start",
        .undoChangeFailed: "undoing the change to {0} failed: {1}",
        .undoChangeNotStarted: "undoing the change to {0} did not start",
        .createdStillExists: "{0} ({1}), created by this run, still exists",
        .createdNotReadBack: "{0} ({1}) could not be read back",
        .deletedByRun: "{0} was deleted by this run (that cannot be undone)",
        .couldNotReadBack: "{0} could not be read back",
        .deltaAdd: "add {0}", .deltaRemove: "remove {0}", .deltaDetachGroups: "detach security groups",
        .deltaAttachGroups: "attach groups {0}", .deltaPortSecurity: "port security {0}", .deltaNoChange: "no change",
        .leftAdded: "{0} added by this run still in its pairs",
        .leftRemoved: "{0} removed by this run still missing from its pairs",
        .leftPortSecurity: "port security still {0} (was {1})",
        .repairedOne: "the final read found a change lost to a concurrent writer {0} time; merged again",
        .repairedMany: "the final read found a change lost to a concurrent writer {0} times; merged again",
        .couldNotReadBackBecause: "could not read {0} back: {1}",
        .stepNote: "step {0}: {1}",
        .namesUncreatedPort: "names a port step {0} did not create",
        .noPortToDelete: "no port to delete",
        .noPortToUpdate: "no port to update",
        .needsAddress: "needs the address of a port an earlier step did not create",
    ]

    public static let zh: [OutcomeText: String] = [
        .stepN: "步骤 {0}",
        .stepOf: "步骤 {0}/{1} {2} {3}",
        .sending: "{0}：正在发送",
        .done: "{0}：完成",
        .failed: "{0}：失败：{1}",
        .attempt: "{0}：第 {1} 次尝试：{2}",
        .undoing: "{0}：正在撤销",
        .undone: "{0}：已撤销",
        .undoFailed: "{0}：撤销失败：{1}",
        .stopping: "正在停止（{0}）：进行中的步骤会完成，不再开始新的步骤，然后撤销已完成的操作",

        .headApplied: "已执行",
        .headRolledBack: "失败，已回滚（随后的读取显示云已恢复原状）",
        .headStoppedRolledBack: "已停止（{0}），已回滚（随后的读取显示云已恢复原状）",
        .headPartial: "部分执行（下面各行准确说明云上现在的状态）",
        .headNothingSent: "未发送任何请求",
        .headNothingChanged: "未作任何更改",
        .reportLine: "{0}：已发送 {1}（共 {2} 个请求），关键路径上有 {3}，{4}。",
        .vipPort: "虚拟IP端口 {0}",

        .applied: "已执行", .rolledBack: "已回滚", .partial: "部分执行", .nothingSent: "未发送任何请求",
        .interruptedSuffix: "{0}（被中断）",

        .nothingSentBecause: "未发送任何请求：{0}",
        .nothingSentBeforeFirstWrite: "未发送任何请求：第一个写请求之前{0}",
        .nothingSentCloudChanged: "未发送任何请求：显示计划之后云已发生变化：{0}",
        .nothingSentCloudChangedReview: "未发送任何请求：显示计划之后云已发生变化（{0}）；请查看新的计划并再次确认",
        .nothingLeft: "已无需任何操作",
        .noLonger: "不再需要：{0}",
        .nowPlanned: "现在需要：{0}",
        .stepsChanged: "步骤已变化",
        .stoppedBecause: "已停止：{0}",
        .interrupted: "被中断",
        .stepFailed: "步骤 {0}（{1}）失败：{2}",
        .mayHaveCreated: "{0}；它可能已创建了端口：重试之前请按名称查找",
        .appliedOne: "已执行：{0} 个写请求成功；随后的读取显示云上已是预期状态",
        .appliedMany: "已执行：{0} 个写请求成功；随后的读取显示云上已是预期状态",
        .partlyAppliedLost: "部分执行：所有步骤都已完成，但随后的读取显示 {0}（在 vipctl 最后一次检查之后有人更改了它）",
        .stopCameLate: "{0} 发生在执行完成之后：无需回滚",
        .noIfMatchChecked: "该云不支持 If-Match：每个写请求都已读回，并在静默一段时间后再次检查",
        .concurrentMerged: "发现其他写入方同时修改相同端口；vipctl 每次都重新读取并再次合并了自己的更改（未丢弃对方的任何地址对）",
        .nothingChangedOne: "未作任何更改：{0}；{1} 个写请求被拒绝，或读取表明其未生效",
        .nothingChangedMany: "未作任何更改：{0}；{1} 个写请求被拒绝，或读取表明其未生效",
        .rolledBackLine: "已回滚：{0}{1}；随后的读取显示云已恢复原状",
        .partlyAppliedLeft: "部分执行：{0}{1}；云上留下的是：",
        .undidStep: "；已撤销步骤 {0}",
        .undidSteps: "；已撤销步骤 {0}",
        .finalState: "{0}：allowed_address_pairs [{1}]",
        .finalPortSecurity: "；端口安全{0}",
        .finalCheck: "；源/目的检查{0}",
        .finalRevision: "；修订号 {0}",
        .notReadBack: "{0}：未能读回",
        .deleted: "{0}：已删除",
        .on: "开启", .off: "关闭",
        .lostAfterCheck: "{0} 在最后一次检查之后丢失了 vipctl 的更改（有其他写入方）；正在重新合并",
        .noLongerHoldsStep: "{0} 已不包含步骤 {1} 的更改（{2}）",
        .portGone: "{0} 已不存在",
        .createdGone: "步骤 {1} 创建的 {0} 已不存在",
        .stillExists: "{0} 仍然存在",
        .undoDeleteFailed: "撤销步骤 {0}（删除 {1}）失败：{2}",
        .undoDeleteNotStarted: "撤销步骤 {0}（删除 {1}）未能开始",
        .undoChangeFailed: "撤销对 {0} 的更改失败：{1}",
        .undoChangeNotStarted: "撤销对 {0} 的更改未能开始",
        .createdStillExists: "本次运行创建的 {0}（{1}）仍然存在",
        .createdNotReadBack: "{0}（{1}）未能读回",
        .deletedByRun: "{0} 已被本次运行删除（无法撤销）",
        .couldNotReadBack: "{0} 未能读回",
        .deltaAdd: "添加 {0}", .deltaRemove: "移除 {0}", .deltaDetachGroups: "解除安全组",
        .deltaAttachGroups: "挂载安全组 {0}", .deltaPortSecurity: "端口安全{0}", .deltaNoChange: "无更改",
        .leftAdded: "本次运行添加的 {0} 仍在其地址对中",
        .leftRemoved: "本次运行移除的 {0} 仍不在其地址对中",
        .leftPortSecurity: "端口安全仍为{0}（原为{1}）",
        .repairedOne: "最后的读取发现 {0} 次更改被其他写入方覆盖；已重新合并",
        .repairedMany: "最后的读取发现 {0} 次更改被其他写入方覆盖；已重新合并",
        .couldNotReadBackBecause: "未能读回 {0}：{1}",
        .stepNote: "步骤 {0}：{1}",
        .namesUncreatedPort: "引用了步骤 {0} 未创建的端口",
        .noPortToDelete: "没有要删除的端口",
        .noPortToUpdate: "没有要更新的端口",
        .needsAddress: "需要一个前面的步骤未创建的端口的地址",
    ]
}

extension OutcomeText {
    /// "on" / "off" in the language in effect.
    public static func onOff(_ on: Bool) -> String { (on ? OutcomeText.on : OutcomeText.off).text }
}
