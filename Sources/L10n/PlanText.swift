/// A plan in words (VIPCore's PlanPresenter and the planner's step summaries, warnings and
/// "nothing to do" reasons), for the TUI's plan screen and `vipctl vip|nic` alike. Field names
/// (allowed_address_pairs), methods, paths, ids and `1.1.1.1/0` stay as they are.
public enum PlanText: String, CatalogArea {
    // The presenter.
    case strategyHuawei, strategyOpenstack
    case planHeading, nothingToDo, cloudAlreadyHoldsThis, warningsHeading, totals
    case requestOne, requestMany, roundTripOne, roundTripMany, writeOne, writeMany
    case stepHeading, ifMatchFromStep, noIfMatch, afterStep, afterSteps, fieldLine, before, after, noneInList
    // Labels of ports in plans.
    case nicLabel, noIP, vipLabel, vipLabelNamed, portShort, portNamed, portNamedOwned, networkByID, newAddress
    case theNewVIP, automaticIn
    // Lists ("a, b and c").
    case listSeparator, listAnd, clauseSeparator
    // Step summaries and warnings.
    case createIn, createInAuto, itsPairsHolding
    case addCheckOff, warnCheckOff, addVIPAddress, addToPairs, removeFromPairs, warnCheckOffStays
    case alreadyBound, notBound, removeCheckOff, portSecurityOn, warnPortSecurityOn
    case checkAlreadyOn, checkAlreadyOffPair, checkAlreadyOffSecurity
    case portSecurityOff, groupsDetached, warnPortSecurityOff
    case nothingToDoDefault
    case emptyPairs, deleteVIP, warnDelete, pairWithoutNIC
    case undoOn, warnCheckBackOn, deleteCreated, nothingOfRun
    // The doctor's repairs (take named pairs off one port).
    case holdsNoneOf, warnAntiSpoofingBackOn

    public static let en: [PlanText: String] = [
        .strategyHuawei: "strategy huawei: the VIP's pairs list the bound NIC IPs; each bound NIC gets 1.1.1.1/0 (source/destination check off)",
        .strategyOpenstack: "strategy openstack: each bound NIC's pairs get the VIP address; the VIP's own pairs stay as they are",
        .planHeading: "Plan: {0}",
        .nothingToDo: "Nothing to do: {0}.",
        .cloudAlreadyHoldsThis: "the cloud already holds this",
        .warningsHeading: "Warnings:",
        .totals: "{0}, {1} on the critical path.",
        .requestOne: "{0} request", .requestMany: "{0} requests",
        .roundTripOne: "{0} round trip", .roundTripMany: "{0} round trips",
        .writeOne: "{0} write", .writeMany: "{0} writes",
        .stepHeading: "Step {0}: {1}",
        .ifMatchFromStep: "If-Match: revision_number=(the one step {0} returns)",
        .noIfMatch: "(no If-Match: the cloud does not support it)",
        .afterStep: "after step {0}", .afterSteps: "after steps {0}",
        .fieldLine: "{0} {1}:", .before: "before: {0}", .after: "after:  {0}",
        .noneInList: "(none)",

        .nicLabel: "NIC {0} of {1}",
        .noIP: "(no IP)",
        .vipLabel: "VIP {0}",
        .vipLabelNamed: "VIP {0} ({1})",
        .portShort: "port {0}",
        .portNamed: "port {0}",
        .portNamedOwned: "port {0} ({1})",
        .networkByID: "network {0}",
        .newAddress: "(new)",
        .theNewVIP: "the new VIP",
        .automaticIn: "automatic in {0}",
        .listSeparator: ", ", .listAnd: "{0} and {1}", .clauseSeparator: "; ",

        .createIn: "create {0} in {1}",
        .createInAuto: "create {0} in {1}, address picked by neutron from {2}",
        .itsPairsHolding: ", its pairs holding {0}",
        .addCheckOff: "add 1.1.1.1/0 to the pairs of {0} (source/destination check off)",
        .warnCheckOff: "1.1.1.1/0 turns off anti-spoofing on {0}",
        .addVIPAddress: "add {0} to the pairs of {1} (it may send from {2})",
        .addToPairs: "add {0} to the pairs of {1}",
        .removeFromPairs: "remove {0} from the pairs of {1}",
        .warnCheckOffStays: "1.1.1.1/0 stays on {0} (other VIPs may rely on it): its source/destination check stays off",
        .alreadyBound: "{0} is already bound to {1}",
        .notBound: "{0} is not bound to {1}",
        .removeCheckOff: "remove 1.1.1.1/0 from the pairs of {0} (source/destination check on)",
        .portSecurityOn: "turn port security on for {0} (source/destination check on)",
        .warnPortSecurityOn: "turning port security on for {0} restores no security groups (vipctl cannot know which it had): it has none until you add them back",
        .checkAlreadyOn: "{0} already has its source/destination check on",
        .checkAlreadyOffPair: "{0} already has its source/destination check off (1.1.1.1/0 in its pairs)",
        .checkAlreadyOffSecurity: "{0} already has its source/destination check off (port security disabled)",
        .portSecurityOff: "turn port security off for {0} and detach its security groups (source/destination check off)",
        .groupsDetached: " (its security groups {0} are detached)",
        .warnPortSecurityOff: "port security off on {0}: no security groups and no anti-spoofing apply to it any more{1}",
        .nothingToDoDefault: "nothing to do",
        .emptyPairs: "empty the pairs of {0} (unbind {1})",
        .deleteVIP: "delete {0}",
        .warnDelete: "deleting {0} cannot be undone: a new VIP port gets a new id, and perhaps another address",
        .pairWithoutNIC: "{0} (no NIC)",
        .undoOn: "undo on {0}: {1}",
        .warnCheckBackOn: "1.1.1.1/0 leaves {0}: its source/destination check turns back on",
        .deleteCreated: "delete {0}, created by the run",
        .nothingOfRun: "the cloud already holds nothing of run {0}",
        .holdsNoneOf: "{0} holds none of {1} in its pairs",
        .warnAntiSpoofingBackOn: "{0} may then send only from its own addresses and the pairs it keeps (anti-spoofing back on)",
    ]

    public static let zh: [PlanText: String] = [
        .strategyHuawei: "策略 huawei：虚拟IP的地址对列出已绑定网卡的IP；每个已绑定的网卡加入 1.1.1.1/0（源/目的检查关闭）",
        .strategyOpenstack: "策略 openstack：每个已绑定网卡的地址对加入虚拟IP地址；虚拟IP自身的地址对保持不变",
        .planHeading: "计划：{0}",
        .nothingToDo: "无需操作：{0}。",
        .cloudAlreadyHoldsThis: "云上已是这样",
        .warningsHeading: "警告：",
        .totals: "{0}，关键路径上有 {1}。",
        .requestOne: "{0} 个请求", .requestMany: "{0} 个请求",
        .roundTripOne: "{0} 次往返", .roundTripMany: "{0} 次往返",
        .writeOne: "{0} 个写请求", .writeMany: "{0} 个写请求",
        .stepHeading: "步骤 {0}：{1}",
        .ifMatchFromStep: "If-Match: revision_number=（步骤 {0} 返回的值）",
        .noIfMatch: "（无 If-Match：该云不支持）",
        .afterStep: "在步骤 {0} 之后", .afterSteps: "在步骤 {0} 之后",
        .fieldLine: "{0} {1}：", .before: "之前：{0}", .after: "之后：{0}",
        .noneInList: "（无）",

        .nicLabel: "{1} 的网卡 {0}",
        .noIP: "（无IP）",
        .vipLabel: "虚拟IP {0}",
        .vipLabelNamed: "虚拟IP {0}（{1}）",
        .portShort: "端口 {0}",
        .portNamed: "端口 {0}",
        .portNamedOwned: "端口 {0}（{1}）",
        .networkByID: "网络 {0}",
        .newAddress: "（新）",
        .theNewVIP: "新的虚拟IP",
        .automaticIn: "在 {0} 中自动分配",
        .listSeparator: "、", .listAnd: "{0} 和 {1}", .clauseSeparator: "；",

        .createIn: "在 {1} 中创建 {0}",
        .createInAuto: "在 {1} 中创建 {0}，地址由 neutron 从 {2} 中分配",
        .itsPairsHolding: "，其地址对为 {0}",
        .addCheckOff: "向 {0} 的地址对添加 1.1.1.1/0（源/目的检查关闭）",
        .warnCheckOff: "1.1.1.1/0 会关闭 {0} 的防IP欺骗保护",
        .addVIPAddress: "向 {1} 的地址对添加 {0}（使其可以用 {2} 的地址发送）",
        .addToPairs: "向 {1} 的地址对添加 {0}",
        .removeFromPairs: "从 {1} 的地址对中移除 {0}",
        .warnCheckOffStays: "1.1.1.1/0 保留在 {0} 上（其他虚拟IP可能依赖它）：其源/目的检查保持关闭",
        .alreadyBound: "{0} 已绑定到 {1}",
        .notBound: "{0} 未绑定到 {1}",
        .removeCheckOff: "从 {0} 的地址对中移除 1.1.1.1/0（源/目的检查开启）",
        .portSecurityOn: "为 {0} 开启端口安全（源/目的检查开启）",
        .warnPortSecurityOn: "为 {0} 开启端口安全不会恢复任何安全组（vipctl 无从得知它原有哪些）：在您重新添加之前，它没有安全组",
        .checkAlreadyOn: "{0} 的源/目的检查已开启",
        .checkAlreadyOffPair: "{0} 的源/目的检查已关闭（其地址对中有 1.1.1.1/0）",
        .checkAlreadyOffSecurity: "{0} 的源/目的检查已关闭（端口安全已禁用）",
        .portSecurityOff: "为 {0} 关闭端口安全并解除其安全组（源/目的检查关闭）",
        .groupsDetached: "（其安全组 {0} 被解除）",
        .warnPortSecurityOff: "{0} 的端口安全关闭：安全组和防IP欺骗保护都不再对它生效{1}",
        .nothingToDoDefault: "无需操作",
        .emptyPairs: "清空 {0} 的地址对（解绑 {1}）",
        .deleteVIP: "删除 {0}",
        .warnDelete: "删除 {0} 无法撤销：新建的虚拟IP端口会有新的 ID，地址也可能不同",
        .pairWithoutNIC: "{0}（无网卡）",
        .undoOn: "撤销 {0} 上的更改：{1}",
        .warnCheckBackOn: "1.1.1.1/0 将从 {0} 移除：其源/目的检查恢复开启",
        .deleteCreated: "删除该次运行创建的 {0}",
        .nothingOfRun: "云上已没有运行 {0} 留下的任何内容",
        .holdsNoneOf: "{0} 的地址对中没有 {1}",
        .warnAntiSpoofingBackOn: "此后 {0} 只能以自身地址和保留的地址对发送（防IP欺骗保护恢复开启）",
    ]
}

extension PlanText {
    /// "a", "a and b", "a, b and c" (Chinese: "a、b 和 c").
    public static func list(_ items: [String]) -> String {
        if items.count <= 1 { return items.first ?? "" }
        return PlanText.listAnd(items.dropLast().joined(separator: PlanText.listSeparator.text), items.last ?? "")
    }

    /// `n` and its noun, singular or plural ("1 request", "2 requests").
    public static func count(_ n: Int, one: PlanText, many: PlanText) -> String { (n == 1 ? one : many)(n) }
}
