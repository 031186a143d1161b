import CloudAPI
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

// MARK: runs

/// The lines of one run, grouped by run id.
public struct JournalRun: Encodable, Equatable, Sendable {
    /// The outcome shown for a run with a `started` line and no `finished` line.
    public static let unfinishedOutcome = "unfinished (vipctl stopped during the apply; check the ports listed)"

    public let runID: String
    public let started: JournalEntry?
    public let finished: JournalEntry?
    /// The entry that says the most: `finished`, else `started`.
    public let latest: JournalEntry

    /// nil when both are nil.
    public init?(started: JournalEntry?, finished: JournalEntry?) {
        guard let latest = finished ?? started else { return nil }
        runID = latest.runID
        self.started = started
        self.finished = finished
        self.latest = latest
    }

    /// When the run started (when its `started` line is missing, when it finished).
    public var time: Date { started?.time ?? latest.time }

    /// The `finished` line's outcome, or `unfinishedOutcome`.
    public var outcome: String {
        guard let finished else { return JournalRun.unfinishedOutcome }
        return finished.outcome ?? "unknown"
    }

    /// A `started` line without a `finished` line.
    public var isUnfinished: Bool { finished == nil }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case outcome, started, finished
    }

    /// `{run_id, outcome, started, finished}`, the entries as stored (null when missing).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(runID, forKey: .runID)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(started, forKey: .started)
        try c.encode(finished, forKey: .finished)
    }

    /// Groups entries (in file order) by run id, newest first: by start time, and for equal
    /// times the run whose last line comes later in the file first. Of several `started` lines
    /// of one run the first counts, of several `finished` lines the last.
    public static func runs(_ entries: [JournalEntry]) -> [JournalRun] {
        var order: [String] = []
        var started: [String: JournalEntry] = [:]
        var finished: [String: JournalEntry] = [:]
        var lastIndex: [String: Int] = [:]
        for (i, e) in entries.enumerated() {
            if lastIndex[e.runID] == nil { order.append(e.runID) }
            lastIndex[e.runID] = i
            switch e.phase {
            case .started: if started[e.runID] == nil { started[e.runID] = e }
            case .finished: finished[e.runID] = e
            }
        }
        let runs = order.compactMap { JournalRun(started: started[$0], finished: finished[$0]) }
        return runs.enumerated().sorted { a, b in
            if a.element.time != b.element.time { return a.element.time > b.element.time }
            return (lastIndex[a.element.runID] ?? 0) > (lastIndex[b.element.runID] ?? 0)
        }.map(\.element)
    }

    /// What a run id, or the start of one, picks out of `runs`.
    public enum Match: Equatable, Sendable {
        case found(JournalRun)
        case none
        /// Every run id that starts with the prefix.
        case ambiguous([String])
    }

    /// The run with this id, else the one run whose id starts with `prefix` (case-insensitive).
    public static func find(_ prefix: String, in runs: [JournalRun]) -> Match {
        let p = prefix.trimmingCharacters(in: .whitespaces).lowercased()
        guard !p.isEmpty else { return .none }
        if let exact = runs.first(where: { $0.runID.lowercased() == p }) { return .found(exact) }
        let matching = runs.filter { $0.runID.lowercased().hasPrefix(p) }
        switch matching.count {
        case 0: return .none
        case 1: return .found(matching[0])
        default: return .ambiguous(matching.map(\.runID))
        }
    }
}
