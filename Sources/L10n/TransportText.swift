/// What CloudAPI says when no usable answer arrived (refused, timeouts, TLS, DNS, a reset, a
/// server that does not speak HTTP), about a response over the size cap, about the TLS trust
/// file, and when `--debug-log` refuses a path. `{n}` are URLs, seconds, paths and the like.
public enum TransportText: String, CatalogArea {
    // Timeouts: {0} the URL, {1} `withinSeconds` or nothing.
    case withinSeconds, timeoutConnect, timeoutRead, timeoutTotal, timeoutOther
    case refused, dns, reset, resetCutShort, other, cutShort, notHTTP, cancelled
    case tlsWrongName, tlsOther, tlsNotTrusted, tlsNameMismatch, tlsNameMismatchHost, tlsHandshake
    case responseTooLarge, sizeBytes
    case cacertUnreadable, cacertEmpty
    case debugLogSymlink, debugLogCannotOpen, debugLogCannotStat, debugLogNotRegular, debugLogOtherOwner, debugLogCannotChmod

    public static let en: [TransportText: String] = [
        .withinSeconds: " within {0} s",
        .timeoutConnect: "timed out: no connection to {0}{1} (connect timeout); change it with --connect-timeout SECONDS, "
            + "connect_timeout: in clouds.yaml or OS_CONNECT_TIMEOUT",
        .timeoutRead: "timed out: no answer from {0}{1} (request timeout); change it with --timeout SECONDS, api_timeout: in clouds.yaml or OS_API_TIMEOUT",
        .timeoutTotal: "timed out: no complete answer from {0}{1} (request timeout); change it with --timeout SECONDS, "
            + "api_timeout: in clouds.yaml or OS_API_TIMEOUT",
        .timeoutOther: "no answer from {0}: timed out ({1})",
        .refused: "cannot connect to {0}: connection refused",
        .dns: "cannot resolve the host of {0}",
        .reset: "connection to {0} was reset before an answer arrived",
        .resetCutShort: "connection to {0} closed before the whole answer arrived (the body was cut short)",
        .other: "request to {0} failed: {1}",
        .cutShort: "the connection closed before the whole answer arrived",
        .notHTTP: "the server did not answer HTTP (is this the right host and port? an SSH or other service may listen there)",
        .cancelled: "cancelled",
        .tlsWrongName: "TLS failed for {0}: {1} (reach the cloud by a name its certificate holds)",
        .tlsOther: "TLS failed for {0}: {1} (set cacert, or insecure: true if you must)",
        .tlsNotTrusted: "the server's certificate is not trusted",
        .tlsNameMismatch: "the certificate does not match the host name",
        .tlsNameMismatchHost: "the certificate does not match the host name {0}",
        .tlsHandshake: "handshake failed",
        .responseTooLarge: "response from {0} is larger than {1}; refusing to read it (vipctl stops reading at that size, "
            + "so a runaway answer cannot fill the memory)",
        .sizeBytes: "{0} bytes",
        .cacertUnreadable: "cannot read a PEM certificate from this file",
        .cacertEmpty: "this file holds no PEM certificate",
        .debugLogSymlink: "is a symbolic link; give the path of a regular file",
        .debugLogCannotOpen: "cannot open the debug log file for writing ({0})",
        .debugLogCannotStat: "cannot read the debug log file's owner and mode",
        .debugLogNotRegular: "is not a regular file; give the path of a regular file",
        .debugLogOtherOwner: "is owned by another user (uid {0}); give a file of your own",
        .debugLogCannotChmod: "cannot make the debug log file private (chmod 600)",
    ]

    public static let zh: [TransportText: String] = [
        .withinSeconds: "在 {0} 秒内",
        .timeoutConnect: "超时：{1}未能连接到 {0}（连接超时）；可用 --connect-timeout 秒数、clouds.yaml 中的 connect_timeout: "
            + "或 OS_CONNECT_TIMEOUT 修改",
        .timeoutRead: "超时：{1}未收到 {0} 的应答（请求超时）；可用 --timeout 秒数、clouds.yaml 中的 api_timeout: 或 OS_API_TIMEOUT 修改",
        .timeoutTotal: "超时：{1}未收到 {0} 的完整应答（请求超时）；可用 --timeout 秒数、clouds.yaml 中的 api_timeout: 或 OS_API_TIMEOUT 修改",
        .timeoutOther: "{0} 无应答：超时（{1}）",
        .refused: "无法连接到 {0}：连接被拒绝",
        .dns: "无法解析 {0} 的主机名",
        .reset: "与 {0} 的连接在应答到达前被重置",
        .resetCutShort: "与 {0} 的连接在完整应答到达前关闭（应答体被截断）",
        .other: "发往 {0} 的请求失败：{1}",
        .cutShort: "连接在完整应答到达前关闭",
        .notHTTP: "服务器的应答不是 HTTP（主机和端口是否正确？那里可能是 SSH 或其他服务）",
        .cancelled: "已取消",
        .tlsWrongName: "{0} 的 TLS 失败：{1}（请使用证书中包含的名称访问云）",
        .tlsOther: "{0} 的 TLS 失败：{1}（请设置 cacert；确有必要时才设置 insecure: true）",
        .tlsNotTrusted: "服务器的证书不受信任",
        .tlsNameMismatch: "证书与主机名不符",
        .tlsNameMismatchHost: "证书与主机名 {0} 不符",
        .tlsHandshake: "握手失败",
        .responseTooLarge: "来自 {0} 的应答大于 {1}；拒绝读取（vipctl 读到该大小即停止，以免失控的应答占满内存）",
        .sizeBytes: "{0} 字节",
        .cacertUnreadable: "无法从此文件读取 PEM 证书",
        .cacertEmpty: "此文件中没有 PEM 证书",
        .debugLogSymlink: "是符号链接；请给出普通文件的路径",
        .debugLogCannotOpen: "无法打开调试日志文件写入（{0}）",
        .debugLogCannotStat: "无法读取调试日志文件的所有者和权限",
        .debugLogNotRegular: "不是普通文件；请给出普通文件的路径",
        .debugLogOtherOwner: "属于另一个用户（uid {0}）；请给出您自己的文件",
        .debugLogCannotChmod: "无法将调试日志文件设为私有（chmod 600）",
    ]
}
