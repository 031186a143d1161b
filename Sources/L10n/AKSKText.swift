/// Huawei Cloud's AK/SK (access key / secret key) authentication, endpoints without a catalog,
/// and `vipctl config show`: the config errors and warnings, the API gateway's refusals put
/// into words (a wrong signature, a skewed clock, a locked AK), and the labels of the resolved
/// cloud with where each value came from. `{n}` are keys, AKs, URLs, minutes and the like.
public enum AKSKText: String, CatalogArea {
    // Config.
    case secretKeyFlag, securityTokenFlag, unsupportedAuthType, noAccessKey, noSecretKey, noProjectID
    case badSigning, badDomainSuffix
    // The gateway's 401, explained.
    case signatureRefused, akLocked, unknownAK, unknownProject, dateRefused, clockSkew, clockAhead, clockBehind, rejected
    case gatewaySaid, noMoreRequests, noEndpoint
    // vipctl config show.
    case configAbstract, configShowAbstract, outputHelp
    case labelPassword, labelCloud, labelAuthMethod, labelAuthURL, labelRegion, labelProject, labelUser, labelAccessKey, labelSecretKey
    case labelSecurityToken, labelSigning, labelDomainSuffix, labelInterface, labelTLS, labelStrategy, labelReadOnly, labelHardwareSDN
    case labelEndpoint, labelValue, labelSource
    case methodPassword, methodAppCred, methodAKSK
    case srcFlag, srcEnv, srcFile, srcCatalog, srcTemplate, srcDefault, srcPrompt, srcNotSet
    case tlsOn, tlsOff, notSet, afterSignIn, noTemplate

    public static let en: [AKSKText: String] = [
        .secretKeyFlag: "--os-secret-key shows the SK to every user of this machine (ps, /proc) and in the shell history; "
            + "use HUAWEICLOUD_SDK_SK or secret_key: in secure.yaml (chmod 600)",
        .securityTokenFlag: "--os-security-token shows the security token to every user of this machine (ps, /proc) and in the "
            + "shell history; use HUAWEICLOUD_SDK_SECURITY_TOKEN or security_token: in secure.yaml (chmod 600)",
        .unsupportedAuthType: "auth type \"{0}\" is not supported; use password (v3password), "
            + "v3applicationcredential (application_credential) or aksk (Huawei Cloud access key and secret key)",
        .noAccessKey: "AK/SK authentication needs the access key (AK); {0}",
        .noSecretKey: "no secret key (SK) for the access key {0}; {1}",
        .noProjectID: "AK/SK requests carry the project id (X-Project-Id) and there is none; {0}",
        .badSigning: "expected SDK-HMAC-SHA256 (the default) or V11-HMAC-SHA256 (v11), found \"{0}\"",
        .badDomainSuffix: "expected a domain name such as myhuaweicloud.com (no scheme, no path), found \"{0}\"",
        .signatureRefused: "the API gateway refused the signature of access key {0}: check that the SK belongs to this AK "
            + "(no extra space) and that the signing ({1}) is the one the cloud expects",
        .akLocked: "the API gateway has locked access key {0} after five failed signatures in a row: wait five minutes, then check the SK",
        .unknownAK: "the API gateway does not know the access key {0}: check the AK",
        .unknownProject: "the API gateway found no project {1} for access key {0}: check project_id (HUAWEICLOUD_SDK_PROJECT_ID) "
            + "and the region",
        .dateRefused: "the API gateway refused the request's date (X-Sdk-Date {0}): this machine's clock must be within "
            + "15 minutes of the cloud's; check it (NTP)",
        .clockSkew: "this machine's clock is {0} minutes {1} the cloud's (here {2}, the cloud {3}); the API gateway refuses "
            + "signatures more than 15 minutes off: set the clock (NTP)",
        .clockAhead: "ahead of",
        .clockBehind: "behind",
        .rejected: "the API gateway refused access key {0}",
        .gatewaySaid: " (the gateway said: {0})",
        .noMoreRequests: "; vipctl sends no more requests in this session (five failures in a row lock the AK for five minutes)",
        .noEndpoint: "no {0} endpoint: with AK/SK there is no service catalog; set region_name (OS_REGION_NAME, --os-region-name) "
            + "for {1}, or {0}_endpoint_override",
        .configAbstract: "Show how vipctl resolved the cloud.",
        .configShowAbstract: "Show the resolved cloud (auth method, region, project, endpoints) and where each value came from; secrets are masked.",
        .outputHelp: "Output format: table or json.",
        .labelPassword: "password / secret",
        .labelCloud: "cloud",
        .labelAuthMethod: "auth method",
        .labelAuthURL: "auth URL",
        .labelRegion: "region",
        .labelProject: "project",
        .labelUser: "user",
        .labelAccessKey: "access key (AK)",
        .labelSecretKey: "secret key (SK)",
        .labelSecurityToken: "security token",
        .labelSigning: "signing",
        .labelDomainSuffix: "domain suffix",
        .labelInterface: "interface",
        .labelTLS: "TLS verification",
        .labelStrategy: "VIP strategy",
        .labelReadOnly: "read-only",
        .labelHardwareSDN: "hardware SDN",
        .labelEndpoint: "{0} endpoint",
        .labelValue: "VALUE",
        .labelSource: "FROM",
        .methodPassword: "password (Keystone)",
        .methodAppCred: "application credential (Keystone)",
        .methodAKSK: "AK/SK signed requests ({0})",
        .srcFlag: "flag {0}",
        .srcEnv: "environment variable {0}",
        .srcFile: "{0}:{1} ({2})",
        .srcCatalog: "the service catalog",
        .srcTemplate: "template {0}",
        .srcDefault: "default",
        .srcPrompt: "asked at the prompt when needed",
        .srcNotSet: "not set",
        .tlsOn: "on",
        .tlsOff: "off",
        .notSet: "-",
        .afterSignIn: "(known after sign-in)",
        .noTemplate: "(none: no region for the template)",
    ]

    public static let zh: [AKSKText: String] = [
        .secretKeyFlag: "--os-secret-key 会让本机所有用户（ps、/proc）看到 SK，并留在 shell 历史中；"
            + "请使用 HUAWEICLOUD_SDK_SK 或 secure.yaml 中的 secret_key:（chmod 600）",
        .securityTokenFlag: "--os-security-token 会让本机所有用户（ps、/proc）看到安全 Token，并留在 shell 历史中；"
            + "请使用 HUAWEICLOUD_SDK_SECURITY_TOKEN 或 secure.yaml 中的 security_token:（chmod 600）",
        .unsupportedAuthType: "不支持认证类型 \"{0}\"；请使用 password（v3password）、v3applicationcredential（application_credential）"
            + "或 aksk（华为云访问密钥 AK/SK）",
        .noAccessKey: "AK/SK 认证需要访问密钥 ID（AK）；{0}",
        .noSecretKey: "访问密钥 {0} 没有对应的秘密访问密钥（SK）；{1}",
        .noProjectID: "AK/SK 请求须携带项目 ID（X-Project-Id），但未设置；{0}",
        .badSigning: "预期为 SDK-HMAC-SHA256（默认）或 V11-HMAC-SHA256（v11），实际为 \"{0}\"",
        .badDomainSuffix: "预期为域名，例如 myhuaweicloud.com（不含协议和路径），实际为 \"{0}\"",
        .signatureRefused: "API 网关拒绝了访问密钥 {0} 的签名：请检查 SK 是否属于此 AK（有无多余空格），以及签名方式（{1}）是否为云所要求的",
        .akLocked: "API 网关在连续五次签名失败后锁定了访问密钥 {0}：请等待五分钟，再检查 SK",
        .unknownAK: "API 网关不认识访问密钥 {0}：请检查 AK",
        .unknownProject: "API 网关找不到访问密钥 {0} 的项目 {1}：请检查 project_id（HUAWEICLOUD_SDK_PROJECT_ID）和区域",
        .dateRefused: "API 网关拒绝了请求的时间（X-Sdk-Date {0}）：本机时钟与云的时钟相差须在 15 分钟以内；请检查时钟（NTP）",
        .clockSkew: "本机时钟比云的时钟{1} {0} 分钟（本机 {2}，云 {3}）；API 网关拒绝相差超过 15 分钟的签名：请校准时钟（NTP）",
        .clockAhead: "快",
        .clockBehind: "慢",
        .rejected: "API 网关拒绝了访问密钥 {0}",
        .gatewaySaid: "（网关返回：{0}）",
        .noMoreRequests: "；本次会话中 vipctl 不再发送请求（连续五次失败会使 AK 被锁定五分钟）",
        .noEndpoint: "没有 {0} 的终端节点：使用 AK/SK 时没有服务目录；请设置 region_name（OS_REGION_NAME、--os-region-name）"
            + "以使用 {1}，或设置 {0}_endpoint_override",
        .configAbstract: "显示 vipctl 如何解析云的配置。",
        .configShowAbstract: "显示解析后的云（认证方式、区域、项目、终端节点）及每个值的来源；密钥已隐藏。",
        .outputHelp: "输出格式：table 或 json。",
        .labelPassword: "密码/密钥",
        .labelCloud: "云",
        .labelAuthMethod: "认证方式",
        .labelAuthURL: "认证 URL",
        .labelRegion: "区域",
        .labelProject: "项目",
        .labelUser: "用户",
        .labelAccessKey: "访问密钥 ID（AK）",
        .labelSecretKey: "秘密访问密钥（SK）",
        .labelSecurityToken: "安全 Token",
        .labelSigning: "签名方式",
        .labelDomainSuffix: "域名后缀",
        .labelInterface: "接口类型",
        .labelTLS: "TLS 证书验证",
        .labelStrategy: "虚拟IP策略",
        .labelReadOnly: "只读",
        .labelHardwareSDN: "硬件 SDN",
        .labelEndpoint: "{0} 终端节点",
        .labelValue: "值",
        .labelSource: "来源",
        .methodPassword: "密码（Keystone）",
        .methodAppCred: "应用凭据（Keystone）",
        .methodAKSK: "AK/SK 签名请求（{0}）",
        .srcFlag: "参数 {0}",
        .srcEnv: "环境变量 {0}",
        .srcFile: "{0}:{1}（{2}）",
        .srcCatalog: "服务目录",
        .srcTemplate: "模板 {0}",
        .srcDefault: "默认值",
        .srcPrompt: "需要时在提示中输入",
        .srcNotSet: "未设置",
        .tlsOn: "开启",
        .tlsOff: "关闭",
        .notSet: "-",
        .afterSignIn: "（登录后可知）",
        .noTemplate: "（无：模板缺少区域）",
    ]

    public static let sameInBothLanguages: Set<AKSKText> = [.notSet]
}
