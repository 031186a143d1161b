/// Why a plan cannot be made (the planner's refusals) and why an address cannot be a new VIP's
/// (AddressCheck, checked as the admin types), in words.
public enum RefusalText: String, CatalogArea {
    case noPort, noNetwork, nameTheVIP, duplicateName, cannotBeAddress, noAddressOfVersion, noAddressOfVersionWhere
    case tooManyPairs, attachedTo, noFixedIP, nameANIC, vipNotNIC, wrongNetwork, portSecurityOffNoPairs
    case checkOnVIP, pairsBlockPortSecurityOff, noSubnet, subnetNotIn, notInAnySubnet
    case boundToOne, boundToMany
    case noLongerExists, changedSincePairs, goneAlready, backAlready, portSecurityChanged, changedSince,
         noLongerHolds, undoRefused
    // The doctor's repairs.
    case nameAddressToRemove, portSecurityOffNoChange
    // HuaweiRules: what Huawei's API would refuse, named before anything is sent.
    case huaweiOneFixedIP, huaweiOwnerUpdate, huaweiOwnerCreate, huaweiAnyAddress, hardwareSDNHostCIDR, hardwareSDNCIDR
    // AddressProblem.
    case notAnAddress, wrongVersion, outsideSubnet, networkAddress, broadcastAddress, gateway, outsidePools, inUse

    public static let en: [RefusalText: String] = [
        .noPort: "no port with id {0}",
        .noNetwork: "no network with id {0}",
        .nameTheVIP: "name the VIP (vipctl finds VIPs by name)",
        .duplicateName: "a VIP named {0} already exists in {1} ({2}); pick another name, or bind that one",
        .cannotBeAddress: "{0} cannot be the VIP's address: {1}",
        .noAddressOfVersion: "{0} has no IPv{1} address in {2}",
        .noAddressOfVersionWhere: "{0} has no IPv{1} address in {2}, where {3} is",
        .tooManyPairs: "{0} would hold {1} allowed address pairs; the port allows {2}",
        .attachedTo: "{0} is attached to {1}; a VIP port is attached to nothing",
        .noFixedIP: "{0} has no fixed IP, so it has no address to share",
        .nameANIC: "name at least one NIC",
        .vipNotNIC: "{0} is a VIP port, not a server NIC",
        .wrongNetwork: "{0} is on {1}, not on {2} where {3} is",
        .portSecurityOffNoPairs: "{0} has port security off, and neutron refuses allowed address pairs on such a port; turn its source/destination check on first",
        .nameAddressToRemove: "name at least one address to remove from the pairs of {0}",
        .portSecurityOffNoChange: "{0} has port security off, and neutron refuses any change to the pairs of such a port",
        .checkOnVIP: "{0} is a VIP port; the source/destination check belongs to a server NIC",
        .pairsBlockPortSecurityOff: "{0} has allowed address pairs ({1}); neutron refuses port security off on a port with pairs, and vipctl drops no pair: unbind them first",
        .noSubnet: "{0} has no subnet to take the VIP's address from",
        .subnetNotIn: "subnet {0} is not in {1}",
        .notInAnySubnet: "not in any subnet of {0} ({1})",
        .boundToOne: "{0} is bound to 1 NIC ({1}); unbind it first (or --unbind)",
        .boundToMany: "{0} is bound to {1} NICs ({2}); unbind them first (or --unbind)",
        .noLongerExists: "{0} no longer exists",
        .changedSincePairs: "{0} was changed since (its pairs are now [{1}], the run left [{2}])",
        .goneAlready: "{0}, added by the run, is gone already",
        .backAlready: "{0}, removed by the run, is back already",
        .portSecurityChanged: "port security was changed since",
        .changedSince: "{0} was changed since: {1}",
        .noLongerHolds: "it no longer holds what the run left",
        .undoRefused: "undo of run {0} refused: {1}",
        .huaweiOneFixedIP: "{0}: Huawei allows one fixed IP per port, and this request would give it {1}; create one VIP for each address",
        .huaweiOwnerUpdate: "{0}: Huawei does not let a port's device_owner change once it is created, and this request would set it to \"{1}\"; create a new port with that owner instead",
        .huaweiOwnerCreate: "{0}: Huawei creates a port only with an empty device_owner or {2}, not \"{1}\"",
        .huaweiAnyAddress: "{0}: Huawei refuses {1} in allowed address pairs, and this request would send it; if the port holds it already, remove it there first (vipctl doctor offers the fix); to let a NIC send from any address, Huawei uses {2}",
        .hardwareSDNHostCIDR: "{0}: this cloud is marked hardware SDN (hardware_sdn), whose allowed address pairs take single addresses, never CIDRs, and this request would send {1}; give it as the single address {2} instead (if the port holds it already, replace it there first)",
        .hardwareSDNCIDR: "{0}: this cloud is marked hardware SDN (hardware_sdn), whose allowed address pairs take single addresses, never CIDRs, and this request would send {1}; list the single addresses it stands for instead (if the port holds it already, replace it there first), or set hardware_sdn: false if the region has no hardware SDN",

        .notAnAddress: "not an IP address",
        .wrongVersion: "the subnet is IPv{0}",
        .outsideSubnet: "not in {0}",
        .networkAddress: "the subnet's network address",
        .broadcastAddress: "the subnet's broadcast address",
        .gateway: "the subnet's gateway",
        .outsidePools: "outside the allocation pools ({0})",
        .inUse: "in use by {0}",
    ]

    public static let zh: [RefusalText: String] = [
        .noPort: "没有 ID 为 {0} 的端口",
        .noNetwork: "没有 ID 为 {0} 的网络",
        .nameTheVIP: "请为虚拟IP指定名称（vipctl 按名称查找虚拟IP）",
        .duplicateName: "{1} 中已有名为 {0} 的虚拟IP（{2}）；请换一个名称，或绑定这个虚拟IP",
        .cannotBeAddress: "{0} 不能作为虚拟IP的地址：{1}",
        .noAddressOfVersion: "{0} 在 {2} 中没有 IPv{1} 地址",
        .noAddressOfVersionWhere: "{0} 在 {3} 所在的 {2} 中没有 IPv{1} 地址",
        .tooManyPairs: "{0} 将有 {1} 个地址对；该端口最多允许 {2} 个",
        .attachedTo: "{0} 已挂载到 {1}；虚拟IP端口不挂载到任何设备",
        .noFixedIP: "{0} 没有固定IP，因此没有可共享的地址",
        .nameANIC: "请至少指定一个网卡",
        .vipNotNIC: "{0} 是虚拟IP端口，不是云服务器的网卡",
        .wrongNetwork: "{0} 在 {1} 中，不在 {3} 所在的 {2} 中",
        .portSecurityOffNoPairs: "{0} 的端口安全已关闭，neutron 不允许这样的端口有地址对；请先开启其源/目的检查",
        .nameAddressToRemove: "请至少指定一个要从 {0} 的地址对中移除的地址",
        .portSecurityOffNoChange: "{0} 的端口安全已关闭，neutron 不允许修改这样的端口的地址对",
        .checkOnVIP: "{0} 是虚拟IP端口；源/目的检查属于云服务器的网卡",
        .pairsBlockPortSecurityOff: "{0} 有地址对（{1}）；neutron 不允许关闭有地址对的端口的端口安全，而 vipctl 不会删除任何地址对：请先解绑",
        .noSubnet: "{0} 没有可分配虚拟IP地址的子网",
        .subnetNotIn: "子网 {0} 不在 {1} 中",
        .notInAnySubnet: "不在 {0} 的任何子网中（{1}）",
        .boundToOne: "{0} 已绑定到 1 个网卡（{1}）；请先解绑（或使用 --unbind）",
        .boundToMany: "{0} 已绑定到 {1} 个网卡（{2}）；请先解绑（或使用 --unbind）",
        .noLongerExists: "{0} 已不存在",
        .changedSincePairs: "{0} 此后被更改过（其地址对现为 [{1}]，该次运行留下的是 [{2}]）",
        .goneAlready: "该次运行添加的 {0} 已不在",
        .backAlready: "该次运行移除的 {0} 已恢复",
        .portSecurityChanged: "端口安全此后被更改过",
        .changedSince: "{0} 此后被更改过：{1}",
        .noLongerHolds: "它已不是该次运行留下的状态",
        .undoRefused: "撤销运行 {0} 被拒绝：{1}",
        .huaweiOneFixedIP: "{0}：华为云的一个端口只能有一个固定IP，而此请求会给它 {1} 个；请为每个地址各创建一个虚拟IP",
        .huaweiOwnerUpdate: "{0}：华为云不允许端口创建后再修改 device_owner，而此请求会把它设为 \"{1}\"；请改为以该 device_owner 新建端口",
        .huaweiOwnerCreate: "{0}：华为云创建端口时 device_owner 只能为空或 {2}，不能是 \"{1}\"",
        .huaweiAnyAddress: "{0}：华为云不允许地址对中出现 {1}，而此请求会发送它；如果端口已有该地址对，请先在端口上删除（vipctl doctor 提供修复）；要让网卡可以使用任意源地址，华为云的做法是 {2}",
        .hardwareSDNHostCIDR: "{0}：此云标记为硬件 SDN（hardware_sdn），其地址对只接受单个 IP，不接受 CIDR，而此请求会发送 {1}；请改用单个地址 {2}（如果端口已有该地址对，请先在端口上替换）",
        .hardwareSDNCIDR: "{0}：此云标记为硬件 SDN（hardware_sdn），其地址对只接受单个 IP，不接受 CIDR，而此请求会发送 {1}；请改为列出它所代表的单个地址（如果端口已有该地址对，请先在端口上替换）；如果该区域没有硬件 SDN，请设置 hardware_sdn: false",

        .notAnAddress: "不是IP地址",
        .wrongVersion: "该子网是 IPv{0} 子网",
        .outsideSubnet: "不在 {0} 中",
        .networkAddress: "子网的网络地址",
        .broadcastAddress: "子网的广播地址",
        .gateway: "子网的网关",
        .outsidePools: "不在分配池中（{0}）",
        .inUse: "已被 {0} 使用",
    ]
}
