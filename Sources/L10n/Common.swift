/// Words shared by every part of vipctl, in the vendor's terms (虚拟IP, 云服务器, 网卡, 端口,
/// 源/目的检查, 绑定, 解绑: the words of Huawei's own VIP procedure).
public enum Common: String, CatalogArea {
    case vip, vips, server, servers, nic, nics, port, ports, network, networks, subnet, subnets
    case sourceDestCheck, checkOn, checkOff, bind, unbind, bound, unbound
    case yes, no, none, unknown

    public static let en: [Common: String] = [
        .vip: "VIP", .vips: "VIPs", .server: "server", .servers: "servers", .nic: "NIC", .nics: "NICs",
        .port: "port", .ports: "ports", .network: "network", .networks: "networks",
        .subnet: "subnet", .subnets: "subnets",
        .sourceDestCheck: "source/destination check", .checkOn: "on", .checkOff: "off",
        .bind: "bind", .unbind: "unbind", .bound: "bound", .unbound: "unbound",
        .yes: "yes", .no: "no", .none: "none", .unknown: "unknown",
    ]

    public static let zh: [Common: String] = [
        .vip: "虚拟IP", .vips: "虚拟IP", .server: "云服务器", .servers: "云服务器", .nic: "网卡", .nics: "网卡",
        .port: "端口", .ports: "端口", .network: "网络", .networks: "网络",
        .subnet: "子网", .subnets: "子网",
        .sourceDestCheck: "源/目的检查", .checkOn: "开启", .checkOff: "关闭",
        .bind: "绑定", .unbind: "解绑", .bound: "已绑定", .unbound: "未绑定",
        .yes: "是", .no: "否", .none: "无", .unknown: "未知",
    ]
}
