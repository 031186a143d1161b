/// What vipctl says about the terminal itself: why the UI cannot start on it, and what the
/// locale means for what it can show (the status-line notice and the note on stderr).
public enum TerminalText: String, CatalogArea {
    case notATerminal, termUnset, unknownTerminal, startFailed
    case streamStdin, streamStdout, streamInput, streamOutput
    case noCursorAddressing, hardcopy, noTerminfo, noTerminfoEntry, alreadyStopped, cannotOpen, cannotInitialise
    case unsetLocale, assumedUTF8, fixHint, asciiNotice, asciiNote, nativeNotice, nativeNote
    case notInstalledShort, notInstalledWhy, noCUTF8Short, noCUTF8Why, headlessWarning

    public static let en: [TerminalText: String] = [
        .notATerminal: "vipctl: {0} is not a terminal; the interactive UI needs one (run it in a terminal, or use the headless commands)",
        .termUnset: "vipctl: TERM is not set; set it to your terminal type (for example TERM=xterm-256color)",
        .unknownTerminal: "vipctl: cannot use terminal type '{0}': {1}; set TERM to your terminal type (for example TERM=xterm-256color)",
        .startFailed: "vipctl: cannot start the terminal UI: {0}",
        .streamStdin: "stdin", .streamStdout: "stdout", .streamInput: "the input (fd {0})", .streamOutput: "the output (fd {0})",
        .noCursorAddressing: "it has no cursor addressing", .hardcopy: "it is a hardcopy terminal",
        .noTerminfo: "no terminfo database was found", .noTerminfoEntry: "terminfo has no entry for it",
        .alreadyStopped: "the driver was already stopped", .cannotOpen: "cannot open the terminal: {0}",
        .cannotInitialise: "ncurses could not initialise TERM={0}",
        .unsetLocale: "unset",
        .assumedUTF8: "vipctl: the locale ({0}) names no character set; the UI assumes a UTF-8 terminal. "
            + "If borders look garbled, set LANG to your terminal's locale (e.g. LANG=C.UTF-8 or zh_CN.GB18030).",
        .fixHint: "use a UTF-8 terminal with LANG=C.UTF-8 to see every character",
        .asciiNotice: "not UTF-8 ({0}): ASCII borders, other text as ?",
        .asciiNote: "vipctl: {0}: the UI sends ASCII only (ASCII borders; other characters transliterated or shown as ?); {1}",
        .nativeNotice: "charset {0}, not UTF-8: ASCII borders, what it lacks as ?",
        .nativeNote: "vipctl: the terminal's locale {0} is {1}, not UTF-8: the UI writes {1} with ASCII "
            + "borders; characters {1} cannot encode are transliterated or shown as ?; {2}",
        .notInstalledShort: "{0} not installed", .notInstalledWhy: "the locale {0} ({1}, not UTF-8) is not installed",
        .noCUTF8Short: "locale {0}", .noCUTF8Why: "the locale ({0}) is not UTF-8 and C.UTF-8 is missing",
        .headlessWarning: "vipctl: the locale {0} is {1}, not UTF-8, but this output is UTF-8: names outside ASCII will look garbled; "
            + "run with LANG=C.UTF-8 in a UTF-8 terminal, or pipe through iconv -f UTF-8 -t {1}",
    ]

    public static let zh: [TerminalText: String] = [
        .notATerminal: "vipctl：{0}不是终端；交互界面需要终端（请在终端中运行，或使用无界面命令）",
        .termUnset: "vipctl：未设置 TERM；请设为你的终端类型（例如 TERM=xterm-256color）",
        .unknownTerminal: "vipctl：无法使用终端类型“{0}”：{1}；请把 TERM 设为你的终端类型（例如 TERM=xterm-256color）",
        .startFailed: "vipctl：无法启动终端界面：{0}",
        .streamStdin: "标准输入（stdin）", .streamStdout: "标准输出（stdout）", .streamInput: "输入（fd {0}）",
        .streamOutput: "输出（fd {0}）",
        .noCursorAddressing: "它不支持光标定位", .hardcopy: "它是打印终端",
        .noTerminfo: "找不到 terminfo 数据库", .noTerminfoEntry: "terminfo 中没有它的条目",
        .alreadyStopped: "驱动已停止", .cannotOpen: "无法打开终端：{0}",
        .cannotInitialise: "ncurses 无法初始化 TERM={0}",
        .unsetLocale: "未设置",
        .assumedUTF8: "vipctl：区域设置（{0}）未指明字符集；界面假定终端为 UTF-8。"
            + "如果边框显示为乱码，请把 LANG 设为终端的区域设置（例如 LANG=C.UTF-8 或 zh_CN.GB18030）。",
        .fixHint: "请使用 UTF-8 终端并设置 LANG=C.UTF-8 以显示所有字符",
        .asciiNotice: "非 UTF-8（{0}）：ASCII 边框，其他文字显示为 ?",
        .asciiNote: "vipctl：{0}：界面只输出 ASCII（ASCII 边框；其他字符被转写或显示为 ?）；{1}",
        .nativeNotice: "字符集 {0}，非 UTF-8：ASCII 边框，无法显示的字符为 ?",
        .nativeNote: "vipctl：终端的区域设置 {0} 是 {1}，不是 UTF-8：界面以 {1} 输出并使用 ASCII 边框；"
            + "{1} 无法编码的字符被转写或显示为 ?；{2}",
        .notInstalledShort: "{0} 未安装", .notInstalledWhy: "区域设置 {0}（{1}，非 UTF-8）未安装",
        .noCUTF8Short: "区域设置 {0}", .noCUTF8Why: "区域设置（{0}）不是 UTF-8，且缺少 C.UTF-8",
        .headlessWarning: "vipctl：区域设置 {0} 是 {1}，不是 UTF-8，但此输出为 UTF-8：非 ASCII 的名称会显示为乱码；"
            + "请在 UTF-8 终端中使用 LANG=C.UTF-8 运行，或通过 iconv -f UTF-8 -t {1} 转换",
    ]
}
