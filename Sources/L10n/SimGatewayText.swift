/// `vipctl sim`'s options for Huawei's API gateway (AK/SK) and hardware-SDN regions.
public enum SimGatewayText: String, CatalogArea {
    case simAuth, simHardwareSDN

    public static let en: [SimGatewayText: String] = [
        .simAuth: """
            How Neutron and Nova requests authenticate: password (Keystone tokens) or aksk (Huawei's \
            API gateway: AK/SK-signed requests only; VPC and ECS also each on a port of its own).
            """,
        .simHardwareSDN: "Act as a hardware-SDN region: allowed address pairs take single IPs, never CIDRs.",
    ]

    public static let zh: [SimGatewayText: String] = [
        .simAuth: """
            Neutron 和 Nova 请求的认证方式：password（Keystone Token）或 aksk（华为 API 网关：\
            只接受 AK/SK 签名的请求；VPC 和 ECS 另外各有自己的端口）。
            """,
        .simHardwareSDN: "模拟硬件 SDN 区域：地址对只接受单个 IP，不接受 CIDR。",
    ]
}
