/// What CloudAPI says about an answer from the cloud: error statuses it adds words to (a
/// redirect it will not follow, Keystone's 401, an empty body), bodies it cannot read (HTML,
/// malformed JSON, a missing field), endless or looping pagination, a missing endpoint, a name
/// that matched nothing or several things, read-only refusals, an `auth_url` without `/v3`, and
/// notices about repaired answers. `{n}` are URLs, paths, statuses, ids and counts.
public enum ErrorText: String, CatalogArea {
    case noEndpoint, inRegion, readOnly
    case keystone401Hint
    case redirect, redirectTo, redirectNoLocation, redirectFixAuthURL, redirectFixAuthURLTo, redirectFixOverride
    case emptyBody, paginationLoop, endlessPagination, pageCapReason, deadlineReason
    case htmlWithRequest, unreadableWithRequest, htmlNoRequest, unreadableNoRequest
    case reasonEmpty, reasonHTML, reasonMalformed, reasonMalformedDetail, reasonMissingField, reasonUnexpectedType
    case reasonMissingValue, reasonUndecodable, reasonNoList, reasonNoListKeys, reasonLargeAnswer, reasonNotKeystone, atPath
    case typeString, typeNumber, typeBool, typeObject, typeList
    case lookupNone, lookupMany
    case invalidUTF8One, invalidUTF8Many
    case noVersion, noVersionVersionList, noVersionStatus

    public static let en: [ErrorText: String] = [
        .noEndpoint: "no {1} endpoint for service {0}{2} in the catalog; set {0}_endpoint_override in clouds.yaml or OS_{3}_ENDPOINT_OVERRIDE",
        .inRegion: " in region {0}",
        .readOnly: "read-only mode: vipctl sends no {0} to {1}; drop --read-only to change the cloud",
        .keystone401Hint: " (check user, password, project and domain)",
        .redirect: "{0} {1}: the server answered {2} redirect{3}; vipctl does not follow redirects (the token would go with it); "
            + "if that address is the right one, {4}",
        .redirectTo: " to {0}",
        .redirectNoLocation: " (no Location given)",
        .redirectFixAuthURL: "set auth_url in clouds.yaml",
        .redirectFixAuthURLTo: "set auth_url in clouds.yaml to {0}",
        .redirectFixOverride: "point {0}_endpoint_override in clouds.yaml at it",
        .emptyBody: "empty body in the answer to {0} {1}",
        .paginationLoop: "GET {0}: the server repeated marker {1}",
        .endlessPagination: "GET {0}: the server kept sending next links: stopped after {1} pages ({2} items) / {3} s; {4} "
            + "(a page cap and a deadline guard against a server that never ends the list)",
        .pageCapReason: "vipctl reads at most {0} pages of one list",
        .deadlineReason: "vipctl spends at most {0} s on one list",
        .htmlWithRequest: "{0} {1} {2}: HTTP {3} answered an HTML page, not the API's JSON (a proxy, gateway or login page?)",
        .unreadableWithRequest: "{0} {1} {2}: HTTP {3} could not be read: {4}",
        .htmlNoRequest: "HTTP {0} from {1} is an HTML page, not the API's JSON (a proxy or gateway answered)",
        .unreadableNoRequest: "HTTP {0} from {1} could not be read: {2}",
        .reasonEmpty: "the body is empty where JSON was expected",
        .reasonHTML: "an HTML page, not JSON",
        .reasonMalformed: "malformed or truncated JSON",
        .reasonMalformedDetail: "malformed or truncated JSON ({0}){1}",
        .reasonMissingField: "missing field {0}{1}",
        .reasonUnexpectedType: "unexpected type (expected {0}){1}",
        .reasonMissingValue: "missing value{0}",
        .reasonUndecodable: "undecodable body",
        .reasonNoList: "no \"{0}\" list in the body",
        .reasonNoListKeys: "no \"{0}\" list in the body (keys: {1})",
        .reasonLargeAnswer: "{0} (a {1} answer)",
        .reasonNotKeystone: "the token body is not keystone's: {0}",
        .atPath: " at {0}",
        .typeString: "a string", .typeNumber: "a number", .typeBool: "true or false", .typeObject: "an object", .typeList: "a list",
        .lookupNone: "no {0} named or with id \"{1}\"",
        .lookupMany: "\"{0}\" matches {1} {2} ({3}); use the id",
        .invalidUTF8One: "{0}'s answer to {1} {2} held invalid UTF-8 ({3} byte shown as \u{FFFD}); the rest was read as sent",
        .invalidUTF8Many: "{0}'s answer to {1} {2} held invalid UTF-8 ({3} bytes shown as \u{FFFD}); the rest was read as sent",
        .noVersion: "{0} has no /v3; {1} to POST {2}/auth/tokens; use {0}/v3 (auth_url in clouds.yaml, OS_AUTH_URL or --os-auth-url)",
        .noVersionVersionList: "Keystone answered its version list (HTTP {0})",
        .noVersionStatus: "the server answered HTTP {0}",
    ]

    public static let zh: [ErrorText: String] = [
        .noEndpoint: "服务目录中没有服务 {0} 的 {1} 终端节点{2}；请在 clouds.yaml 中设置 {0}_endpoint_override，或设置 OS_{3}_ENDPOINT_OVERRIDE",
        .inRegion: "（区域 {0}）",
        .readOnly: "只读模式：vipctl 不向 {1} 发送 {0}；去掉 --read-only 才能修改云",
        .keystone401Hint: "（请检查用户、密码、项目和域）",
        .redirect: "{0} {1}：服务器返回 {2} 重定向{3}；vipctl 不跟随重定向（Token 会随之发出）；如果该地址正确，请{4}",
        .redirectTo: "至 {0}",
        .redirectNoLocation: "（未给出 Location）",
        .redirectFixAuthURL: "在 clouds.yaml 中设置 auth_url",
        .redirectFixAuthURLTo: "在 clouds.yaml 中将 auth_url 设为 {0}",
        .redirectFixOverride: "在 clouds.yaml 中将 {0}_endpoint_override 指向它",
        .emptyBody: "{0} {1} 的应答体为空",
        .paginationLoop: "GET {0}：服务器重复了分页标记 {1}",
        .endlessPagination: "GET {0}：服务器不断发送下一页链接：读取 {1} 页（{2} 项）/ {3} 秒后停止；{4}"
            + "（页数上限和时限防止服务器永不结束列表）",
        .pageCapReason: "vipctl 每个列表最多读取 {0} 页",
        .deadlineReason: "vipctl 每个列表最多用时 {0} 秒",
        .htmlWithRequest: "{0} {1} {2}：HTTP {3} 返回的是 HTML 页面，而不是 API 的 JSON（代理、网关或登录页面？）",
        .unreadableWithRequest: "{0} {1} {2}：无法读取 HTTP {3} 应答：{4}",
        .htmlNoRequest: "来自 {1} 的 HTTP {0} 是 HTML 页面，而不是 API 的 JSON（应答来自代理或网关）",
        .unreadableNoRequest: "无法读取来自 {1} 的 HTTP {0} 应答：{2}",
        .reasonEmpty: "应答体为空，预期为 JSON",
        .reasonHTML: "HTML 页面，而不是 JSON",
        .reasonMalformed: "JSON 格式错误或被截断",
        .reasonMalformedDetail: "JSON 格式错误或被截断（{0}）{1}",
        .reasonMissingField: "缺少字段 {0}{1}",
        .reasonUnexpectedType: "类型不符（预期：{0}）{1}",
        .reasonMissingValue: "缺少值{0}",
        .reasonUndecodable: "无法解码的应答体",
        .reasonNoList: "应答体中没有 \"{0}\" 列表",
        .reasonNoListKeys: "应答体中没有 \"{0}\" 列表（键：{1}）",
        .reasonLargeAnswer: "{0}（应答大小 {1}）",
        .reasonNotKeystone: "Token 应答体不是 Keystone 的格式：{0}",
        .atPath: "（位置 {0}）",
        .typeString: "字符串", .typeNumber: "数字", .typeBool: "true 或 false", .typeObject: "对象", .typeList: "列表",
        .lookupNone: "没有名称或 ID 为 \"{1}\" 的{0}",
        .lookupMany: "\"{0}\" 匹配 {1} 个{2}（{3}）；请使用 ID",
        .invalidUTF8One: "{0} 对 {1} {2} 的应答含无效的 UTF-8（{3} 个字节显示为 \u{FFFD}）；其余内容按原样读取",
        .invalidUTF8Many: "{0} 对 {1} {2} 的应答含无效的 UTF-8（{3} 个字节显示为 \u{FFFD}）；其余内容按原样读取",
        .noVersion: "{0} 没有 /v3；对 POST {2}/auth/tokens 的请求，{1}；请使用 {0}/v3（clouds.yaml 中的 auth_url、OS_AUTH_URL 或 --os-auth-url）",
        .noVersionVersionList: "Keystone 返回了其版本列表（HTTP {0}）",
        .noVersionStatus: "服务器返回 HTTP {0}",
    ]
}
