/// What the config loader says: clouds.yaml / secure.yaml problems (the file, line and key are
/// put in front by the error itself), which cloud to use, missing or bad settings, and the
/// warnings about how the cloud was configured (a secret on the command line, a secrets file
/// other users can read, TLS verification off). `{n}` are names, paths, keys and values.
public enum ConfigText: String, CatalogArea {
    // Loader: choosing the cloud.
    case paren, noCloudNamed, fileDefinesNoClouds, cloudsDefinedHere, noCloudsFile, noCloudsInFile, severalClouds, noCloudConfigured
    case whyEmpty, whyNoCloudsKey
    // Warnings.
    case tlsOff, passwordFlag, appCredSecretFlag, unprotectedFile
    // Files and YAML.
    case notAFile, cloudsNotMapping, topNotMapping, cannotReadFile, notUTF8, cannotParseYAML
    case yamlSyntax, yamlContext, tabHint, cannotReadYAML, duplicateKey, keyNotString, mergeKey
    case kindNothing, kindScalar, kindMapping, kindList
    case cloudNotMapping, authNotMapping, expectedSingle
    // Where a value came from.
    case originInFile
    // Resolution.
    case expectedBool, typoHint, howSet, howSetNoFlag, inCloud, inCloudsYAML, keyUnderAuth, userUnderAuth
    case noAuthURL, notHTTPURL, unsupportedAuthType, noAppCredSecret, appCredNeedsID, appCredNeedsUser, noUser
    case noPassword, passwordPrompt, noPasswordEntered, badInterface, caFileMissing, badStrategy, badMaxPairs
    case badSeconds, apiTimeoutWhat, connectTimeoutWhat

    public static let en: [ConfigText: String] = [
        .paren: " ({0})",
        .noCloudNamed: "no cloud named \"{0}\"; {1}",
        .fileDefinesNoClouds: "this file defines no clouds{0}",
        .cloudsDefinedHere: "clouds defined here: {0}",
        .noCloudsFile: "cloud \"{0}\" was asked for but no clouds.yaml was found (looked for {1})",
        .noCloudsInFile: "no clouds are defined in this file{0}; add one under clouds:, or set OS_AUTH_URL and the other OS_* variables",
        .severalClouds: "several clouds are defined ({0}); choose one with --os-cloud or OS_CLOUD",
        .noCloudConfigured: "no cloud configured: set OS_CLOUD (or --os-cloud) to a cloud of a clouds.yaml (looked for {0}), "
            + "or set OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME and the domain variables",
        .whyEmpty: "the file is empty",
        .whyNoCloudsKey: "it has no clouds: key at the top, only {0}; put the clouds under clouds:",
        .tlsOff: "TLS certificates are not verified ({0}): whoever sits between here and the cloud can read "
            + "the password and the tokens; set cacert to the cloud's CA instead",
        .passwordFlag: "--os-password shows the password to every user of this machine (ps, /proc) and in the shell history; "
            + "use OS_PASSWORD, password: in secure.yaml (chmod 600), or leave it out to be asked",
        .appCredSecretFlag: "--os-application-credential-secret shows the secret to every user of this machine (ps, /proc) and in the "
            + "shell history; use OS_APPLICATION_CREDENTIAL_SECRET or application_credential_secret: in secure.yaml (chmod 600)",
        .unprotectedFile: "{0} holds {1} and other users can read it (mode {2}); run: chmod 600 {3}",
        .notAFile: "{0} does not exist or is not a file",
        .cloudsNotMapping: "expected a mapping of cloud names to their settings, found {0}",
        .topNotMapping: "expected a mapping with a clouds: key at the top, found {0}",
        .cannotReadFile: "cannot read this file (check its permissions)",
        .notUTF8: "this file is not UTF-8 text (a binary file? clouds.yaml must be YAML text)",
        .cannotParseYAML: "cannot parse this file as YAML",
        .yamlSyntax: "YAML syntax error: {0}",
        .yamlContext: "{0} ({1} at line {2})",
        .tabHint: "; a tab indents a line here, and YAML allows only spaces for indentation: replace the tabs with spaces",
        .cannotReadYAML: "cannot read the YAML: {0}",
        .duplicateKey: "key given more than once in the same mapping ({0})",
        .keyNotString: "a mapping key must be a plain string",
        .mergeKey: "a merge key needs a mapping or a list of mappings",
        .kindNothing: "nothing", .kindScalar: "a single value", .kindMapping: "a mapping", .kindList: "a list",
        .cloudNotMapping: "expected a mapping of settings (auth:, region_name:, ...), found {0}",
        .authNotMapping: "expected a mapping (auth_url:, username:, password:, ...), found {0}",
        .expectedSingle: "expected a single value, found {0}",
        .originInFile: "{0}: {1} in {2}:{3}",
        .expectedBool: "expected true or false, found \"{0}\"",
        .typoHint: "; {0} (line {1}) looks like a typo of {2}",
        .howSet: "set {0}, {1} or {2}",
        .howSetNoFlag: "set {0}, {1}",
        .inCloud: "{0} in cloud \"{1}\" of {2}",
        .inCloudsYAML: "{0} in clouds.yaml",
        .keyUnderAuth: "{0} under auth:",
        .userUnderAuth: "username (or user_id) under auth:",
        .noAuthURL: "no auth URL; {0}",
        .notHTTPURL: "expected an http:// or https:// URL, found \"{0}\"",
        .unsupportedAuthType: "auth type \"{0}\" is not supported; use password (v3password) "
            + "or v3applicationcredential (application_credential)",
        .noAppCredSecret: "no application credential secret; {0}",
        .appCredNeedsID: "an application credential needs its id or its name; {0}",
        .appCredNeedsUser: "an application credential given by name needs its user; {0}",
        .noUser: "no user; {0}",
        .noPassword: "no password for {0}; set OS_PASSWORD, put password: under auth: "
            + "in secure.yaml (or clouds.yaml), or run vipctl in a terminal to be asked for it",
        .passwordPrompt: "Password for {0}: ",
        .noPasswordEntered: "no password for {0} was entered; set OS_PASSWORD or put password: under auth: in secure.yaml",
        .badInterface: "expected public, internal or admin, found \"{0}\"",
        .caFileMissing: "CA file {0} does not exist",
        .badStrategy: "expected huawei or openstack, found \"{0}\"",
        .badMaxPairs: "expected a whole number from 1 to 10000 (neutron's max_allowed_address_pair), found \"{0}\"",
        .badSeconds: "expected seconds from {0} to {1} ({2}), found \"{3}\"",
        .apiTimeoutWhat: "api_timeout, the longest one request may take",
        .connectTimeoutWhat: "connect_timeout, the longest wait for a connection",
    ]

    public static let zh: [ConfigText: String] = [
        .paren: "（{0}）",
        .noCloudNamed: "没有名为 \"{0}\" 的云；{1}",
        .fileDefinesNoClouds: "此文件未定义任何云{0}",
        .cloudsDefinedHere: "此处定义的云：{0}",
        .noCloudsFile: "指定了云 \"{0}\"，但找不到 clouds.yaml（查找了 {1}）",
        .noCloudsInFile: "此文件未定义任何云{0}；请在 clouds: 下添加一个，或设置 OS_AUTH_URL 及其他 OS_* 变量",
        .severalClouds: "定义了多个云（{0}）；请用 --os-cloud 或 OS_CLOUD 选择一个",
        .noCloudConfigured: "未配置云：请将 OS_CLOUD（或 --os-cloud）设为 clouds.yaml 中的一个云（查找了 {0}），"
            + "或设置 OS_AUTH_URL、OS_USERNAME、OS_PASSWORD、OS_PROJECT_NAME 及域变量",
        .whyEmpty: "文件为空",
        .whyNoCloudsKey: "顶层没有 clouds: 键，只有 {0}；请把云放在 clouds: 下",
        .tlsOff: "不验证 TLS 证书（{0}）：处于本机与云之间的任何人都能读取密码和 Token；请改为将 cacert 设为云的 CA",
        .passwordFlag: "--os-password 会让本机所有用户（ps、/proc）看到密码，并留在 shell 历史中；"
            + "请使用 OS_PASSWORD、secure.yaml 中的 password:（chmod 600），或不提供密码以便询问",
        .appCredSecretFlag: "--os-application-credential-secret 会让本机所有用户（ps、/proc）看到密钥，并留在 shell 历史中；"
            + "请使用 OS_APPLICATION_CREDENTIAL_SECRET 或 secure.yaml 中的 application_credential_secret:（chmod 600）",
        .unprotectedFile: "{0} 含有 {1}，且其他用户可以读取（权限 {2}）；请运行：chmod 600 {3}",
        .notAFile: "{0} 不存在或不是文件",
        .cloudsNotMapping: "预期为云名称到其设置的映射，实际为{0}",
        .topNotMapping: "预期顶层为含 clouds: 键的映射，实际为{0}",
        .cannotReadFile: "无法读取此文件（请检查其权限）",
        .notUTF8: "此文件不是 UTF-8 文本（二进制文件？clouds.yaml 必须是 YAML 文本）",
        .cannotParseYAML: "无法将此文件解析为 YAML",
        .yamlSyntax: "YAML 语法错误：{0}",
        .yamlContext: "{0}（{1}，第 {2} 行）",
        .tabHint: "；此处有一行用制表符缩进，而 YAML 只允许用空格缩进：请把制表符换成空格",
        .cannotReadYAML: "无法读取 YAML：{0}",
        .duplicateKey: "同一映射中的键重复（{0}）",
        .keyNotString: "映射的键必须是普通字符串",
        .mergeKey: "合并键需要一个映射或映射列表",
        .kindNothing: "空值", .kindScalar: "单个值", .kindMapping: "映射", .kindList: "列表",
        .cloudNotMapping: "预期为设置的映射（auth:、region_name:、...），实际为{0}",
        .authNotMapping: "预期为映射（auth_url:、username:、password:、...），实际为{0}",
        .expectedSingle: "预期为单个值，实际为{0}",
        .originInFile: "{2}:{3} 中的 {0}: {1}",
        .expectedBool: "预期为 true 或 false，实际为 \"{0}\"",
        .typoHint: "；{0}（第 {1} 行）似乎是 {2} 的笔误",
        .howSet: "请设置 {0}、{1} 或 {2}",
        .howSetNoFlag: "请设置 {0} 或 {1}",
        .inCloud: "{2} 中云 \"{1}\" 的 {0}",
        .inCloudsYAML: "clouds.yaml 中的 {0}",
        .keyUnderAuth: "auth: 下的 {0}",
        .userUnderAuth: "auth: 下的 username（或 user_id）",
        .noAuthURL: "未设置认证 URL；{0}",
        .notHTTPURL: "预期为 http:// 或 https:// URL，实际为 \"{0}\"",
        .unsupportedAuthType: "不支持认证类型 \"{0}\"；请使用 password（v3password）或 v3applicationcredential（application_credential）",
        .noAppCredSecret: "未设置应用凭证密钥；{0}",
        .appCredNeedsID: "应用凭证需要其 ID 或名称；{0}",
        .appCredNeedsUser: "按名称给出的应用凭证需要其用户；{0}",
        .noUser: "未设置用户；{0}",
        .noPassword: "{0} 没有密码；请设置 OS_PASSWORD，在 secure.yaml（或 clouds.yaml）的 auth: 下写入 password:，或在终端中运行 vipctl 以便询问密码",
        .passwordPrompt: "{0} 的密码：",
        .noPasswordEntered: "未输入 {0} 的密码；请设置 OS_PASSWORD，或在 secure.yaml 的 auth: 下写入 password:",
        .badInterface: "预期为 public、internal 或 admin，实际为 \"{0}\"",
        .caFileMissing: "CA 文件 {0} 不存在",
        .badStrategy: "预期为 huawei 或 openstack，实际为 \"{0}\"",
        .badMaxPairs: "预期为 1 到 10000 的整数（Neutron 的 max_allowed_address_pair），实际为 \"{0}\"",
        .badSeconds: "预期为 {0} 到 {1} 秒（{2}），实际为 \"{3}\"",
        .apiTimeoutWhat: "api_timeout，单个请求的最长用时",
        .connectTimeoutWhat: "connect_timeout，建立连接的最长等待",
    ]
}
