import CloudAPI
import Foundation
import L10n

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

// MARK: the store

/// Why the journal could not be written. One line, with the path; never a secret.
public struct JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Operation: String, Equatable, Sendable {
        case createDirectory = "cannot create the journal directory"
        case restrictDirectory = "cannot restrict the journal directory to 0700"
        case open = "cannot open the journal"
        case restrictFile = "cannot restrict the journal to 0600"
        case notAFile = "the journal is not a regular file"
        case encode = "cannot encode the journal entry"
        case write = "cannot write the journal"
        case sync = "cannot flush the journal to disk"
    }

    public var operation: Operation
    /// The file or directory concerned.
    public var path: String
    /// The system's reason (`Permission denied`), or empty.
    public var reason: String

    public init(_ operation: Operation, path: String, reason: String = "") {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// `cannot write the journal /home/u/.local/state/vipctl/journal.jsonl: No space left on device`.
    public var description: String {
        let what: JournalWords
        switch operation {
        case .createDirectory: what = .createDirectory
        case .restrictDirectory: what = .restrictDirectory
        case .open: what = .open
        case .restrictFile: what = .restrictFile
        case .notAFile: what = .notAFile
        case .encode: what = .encode
        case .write: what = .write
        case .sync: what = .sync
        }
        return reason.isEmpty ? "\(what.text) \(path)" : "\(what.text) \(path): \(reason)"
    }
}

/// The journal file: appends whole lines, durably, from any number of tasks and processes; reads
/// them back, skipping what a crash cut short.
public final class JournalStore: Sendable {
    public let path: String
    /// Appends of this process, one at a time (counted: a lock around an empty value is
    /// reported by ThreadSanitizer as a race on the lock object itself).
    private let lock = Locked(0)

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_STATE_HOME/vipctl/journal.jsonl` when `XDG_STATE_HOME` is an absolute path (the XDG
    /// spec ignores a relative one), else `$HOME/.local/state/vipctl/journal.jsonl`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return join(state, "vipctl/journal.jsonl")
        }
        var home = environment["HOME"] ?? ""
        if home.isEmpty { home = NSHomeDirectory() }
        return join(home, ".local/state/vipctl/journal.jsonl")
    }

    private static func join(_ dir: String, _ rest: String) -> String {
        var d = dir
        while d.count > 1, d.hasSuffix("/") { d.removeLast() }
        return d == "/" ? "/" + rest : d + "/" + rest
    }

    /// The directory that holds the journal.
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    // MARK: append

    /// Appends `entry` as one line of compact JSON and flushes it to disk before returning.
    ///
    /// Creates the directory (0700; a missing parent too) and the file (0600); an existing
    /// `vipctl` directory or journal file with a wider mode is narrowed. The line goes out in
    /// one write(2) on an `O_APPEND` descriptor, so lines of concurrent processes never mix
    /// (on a local file system); appends of this process are serialised. When the file does
    /// not end with a line break (a line cut short by a crash), the new line starts on a line
    /// of its own.
    public func append(_ entry: JournalEntry) throws(JournalError) {
        let line = try JournalStore.encode(entry, path: path)
        try lock.withLock { (appends: inout Int) throws(JournalError) in
            try appendLocked(line)
            appends += 1
        }
    }

    /// The entry as one line of compact JSON with sorted keys, without the line break.
    public static func line(for entry: JournalEntry) throws(JournalError) -> String {
        String(decoding: try encode(entry, path: ""), as: UTF8.self)
    }

    private static func encode(_ entry: JournalEntry, path: String) throws(JournalError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(entry)
        } catch {
            throw JournalError(.encode, path: path, reason: String(describing: error))
        }
        // JSON escapes line breaks inside strings; compact output has none of its own.
        guard !data.contains(UInt8(ascii: "\n")), !data.contains(UInt8(ascii: "\r")) else {
            throw JournalError(.encode, path: path, reason: JournalWords.lineBreak.text)
        }
        return Array(data)
    }

    private func appendLocked(_ line: [UInt8]) throws(JournalError) {
        try ensureDirectory()
        let created = access(path, F_OK) != 0
        // Read and write: the last byte is read to see whether a line was left unfinished.
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError(.open, path: path, reason: JournalStore.lastError()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalError(.open, path: path, reason: JournalStore.lastError()) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw JournalError(.notAFile, path: path) }
        if st.st_mode & 0o7777 & ~0o600 != 0 || created && st.st_mode & 0o7777 != 0o600 {
            guard fchmod(fd, 0o600) == 0 else { throw JournalError(.restrictFile, path: path, reason: JournalStore.lastError()) }
        }
        var bytes = line + [UInt8(ascii: "\n")]
        if st.st_size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, st.st_size - 1) == 1, last != UInt8(ascii: "\n") {
                bytes.insert(UInt8(ascii: "\n"), at: 0)
            }
        }
        try writeAll(fd, bytes)
        guard fsync(fd) == 0 else { throw JournalError(.sync, path: path, reason: JournalStore.lastError()) }
        if created { syncDirectory() }
    }

    /// One write(2); should the kernel take only part of the line (a full disk), the rest is
    /// written after it, and a failure is thrown (the reader skips a line cut short).
    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(JournalError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buf in
                write(fd, buf.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = JournalStore.lastError()
                throw JournalError(.write, path: path, reason: offset == 0 ? reason : "\(reason) (wrote \(offset) of \(bytes.count) bytes)")
            }
            if n == 0 { throw JournalError(.write, path: path, reason: "wrote \(offset) of \(bytes.count) bytes") }
            offset += n
        }
    }

    /// Makes the journal directory (0700) and its missing parents (0700, as the XDG spec asks
    /// of `XDG_STATE_HOME`); narrows an existing `vipctl` directory to 0700.
    private func ensureDirectory() throws(JournalError) {
        let dir = directory
        var st = stat()
        if stat(dir, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw JournalError(.createDirectory, path: dir, reason: "not a directory") }
            let ours = dir.split(separator: "/").last == "vipctl"
            if ours, st.st_mode & 0o7777 != 0o700 {
                guard chmod(dir, 0o700) == 0 else { throw JournalError(.restrictDirectory, path: dir, reason: JournalStore.lastError()) }
            }
            return
        }
        // Create every missing component, top down.
        var missing: [String] = []
        var p = dir
        while !p.isEmpty, p != "/", p != ".", stat(p, &st) != 0 {
            missing.append(p)
            guard let slash = p.lastIndex(of: "/") else { break }
            p = slash == p.startIndex ? "/" : String(p[..<slash])
        }
        for d in missing.reversed() {
            if mkdir(d, 0o700) != 0, errno != EEXIST {
                throw JournalError(.createDirectory, path: d, reason: JournalStore.lastError())
            }
            guard chmod(d, 0o700) == 0 else { throw JournalError(.restrictDirectory, path: d, reason: JournalStore.lastError()) }
        }
    }

    /// Flushes the directory entry of a new file (best effort).
    private func syncDirectory() {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }

    // MARK: read

    /// Every entry that reads, in file order, and a warning for each line that does not (a line
    /// cut short by a crash, garbage), naming its line number. A missing file is an empty
    /// journal; a file that cannot be read is one warning.
    public func read() -> (entries: [JournalEntry], warnings: [String]) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return ([], []) }
            return ([], [JournalWords.cannotRead(path, JournalStore.reason(error))])
        }
        return JournalStore.parse(data)
    }

    /// Entries and warnings of journal text (see `read()`).
    public static func parse(_ data: Data) -> (entries: [JournalEntry], warnings: [String]) {
        var entries: [JournalEntry] = []
        var warnings: [String] = []
        let decoder = JSONDecoder()
        for (i, raw) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var line = raw
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            guard (try? JSONSerialization.jsonObject(with: Data(line))) is [String: Any] else {
                warnings.append(JournalWords.lineIncomplete(i + 1))
                continue
            }
            do {
                entries.append(try decoder.decode(JournalEntry.self, from: Data(line)))
            } catch {
                warnings.append(JournalWords.lineNotEntry(i + 1, JournalStore.decodingProblem(error)))
            }
        }
        return (entries, warnings)
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return ns.localizedDescription
    }

    static func decodingProblem(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "unreadable" }
        func path(_ keys: [any CodingKey]) -> String { keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") }
        switch e {
        case .keyNotFound(let key, let ctx): return "no \(path(ctx.codingPath + [key]))"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx): return "bad \(path(ctx.codingPath))"
        case .dataCorrupted(let ctx): return ctx.codingPath.isEmpty ? "unreadable" : "bad \(path(ctx.codingPath))"
        @unknown default: return "unreadable"
        }
    }
}

// MARK: time

/// ISO 8601 UTC with milliseconds, by arithmetic (no formatter, no locale).
enum JournalTime {
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func roundedToMilliseconds(_ date: Date) -> Date { Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000) }

    /// `2026-12-06T05:40:00.123Z`.
    static func format(_ date: Date) -> String {
        let ms = milliseconds(date)
        let (secs, frac) = floorDivMod(ms, 1000)
        return Civil(secondsSinceEpoch: secs).iso + "." + pad(Int(frac), 3) + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff...]Z` or with a `+HH:MM` / `-HH:MM` offset.
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var v: Int64 = 0
            for k in from..<(from + count) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int64(b[k] - 48)
            }
            return v
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = num(0, 4), let month = num(5, 2), let day = num(8, 2), let hour = num(11, 2), let minute = num(14, 2),
              let second = num(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var ms: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 3 { ms = ms * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            while digits < 3 {
                ms *= 10
                digits += 1
            }
        }
        var offset: Int64 = 0
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = num(i + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let secs = Civil.daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(secs * 1000 + ms) / 1000)
    }

    static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// A calendar date and time of day (proleptic Gregorian).
    struct Civil {
        var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64

        init(secondsSinceEpoch s: Int64) {
            let (days, rest) = floorDivMod(s, 86400)
            (year, month, day) = Civil.civilFromDays(days)
            hour = rest / 3600
            minute = rest % 3600 / 60
            second = rest % 60
        }

        /// `2026-12-06T05:40:00`.
        var iso: String { date + "T" + clock }
        /// `2026-12-06 05:40:00`.
        var plain: String { date + " " + clock }
        var date: String { "\(pad(Int(year), 4))-\(pad(Int(month), 2))-\(pad(Int(day), 2))" }
        var clock: String { "\(pad(Int(hour), 2)):\(pad(Int(minute), 2)):\(pad(Int(second), 2))" }

        /// Days since 1970-01-01 (Howard Hinnant's algorithm).
        static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let mp = (month + 9) % 12
            let doy = (153 * mp + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe - 719_468
        }

        static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
            let z = z0 + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let d = doy - (153 * mp + 2) / 5 + 1
            let m = mp < 10 ? mp + 3 : mp - 9
            return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
        }
    }
}
