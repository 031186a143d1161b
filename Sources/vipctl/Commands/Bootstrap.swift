import CloudAPI
import Foundation

/// The one way vipctl opens a cloud session, for the read commands, the changing commands, the
/// UI and the demo: the debug log (0600, refused when unsafe), the HTTP transport (TLS as
/// configured), the session (read-only when asked: no request but GET leaves the program). And
/// the one way it closes one: the session's notices on stderr, then shutdown.
enum Bootstrap {
    static func session(config: CloudConfig, debugLogPath: String?, readOnly: Bool) throws(CloudError) -> CloudSession {
        var log: DebugLog?
        if let debugLogPath { log = try DebugLog(path: debugLogPath) }
        return CloudSession(config: config, transport: try AHCTransport(config: config), debugLog: log, readOnly: readOnly)
    }

    /// Answers read only after a repair (invalid UTF-8): one line each on stderr. Then shutdown.
    static func close(_ session: CloudSession) async {
        for line in session.notices.drain() { Console.errLine("vipctl: notice: \(line)") }
        await session.shutdown()
    }
}
