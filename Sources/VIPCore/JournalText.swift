import CloudAPI
import Foundation
import L10n

/// The journal in words: one wording for the TUI's journal screen and `vipctl journal`. Pure:
/// the time zone is a parameter; every string that came from the file (and so from the cloud)
/// goes through `Inert` (CloudAPI), so it cannot drive a terminal.
public enum JournalText {
    /// Column titles of a row, in the order of `Row.cells`.
    public static var columns: [String] {
        [CommandText.colTime, .colOutcome, .colCommand, .colSummary, .colCloudProject, .colRun].map(\.text)
    }

    /// How much of a run id a row shows (enough for `vipctl journal show PREFIX`).
    public static let runIDPrefixLength = 8

    /// One run as a list row.
    public struct Row: Equatable, Sendable {
        /// Local time the run started, `2026-12-06 13:40:00`.
        public var time: String
        public var outcome: String
        public var command: String
        public var summary: String
        /// `cloud/project`, or the cloud alone.
        public var cloudProject: String
        /// The first `runIDPrefixLength` characters of the run id.
        public var run: String

        public init(time: String, outcome: String, command: String, summary: String, cloudProject: String, run: String) {
            self.time = time
            self.outcome = outcome
            self.command = command
            self.summary = summary
            self.cloudProject = cloudProject
            self.run = run
        }

        /// In the order of `JournalText.columns`.
        public var cells: [String] { [time, outcome, command, summary, cloudProject, run] }
    }

    public static func row(_ run: JournalRun, timeZone: TimeZone) -> Row {
        let e = run.latest
        var cloud = clean(e.cloud)
        if let p = e.project, !p.isEmpty { cloud += "/" + clean(p) }
        return Row(time: localTime(run.time, timeZone: timeZone), outcome: clean(JournalWords.shownOutcome(run.outcome)), command: clean(e.command),
                   summary: clean(e.summary), cloudProject: cloud, run: String(clean(run.runID).prefix(runIDPrefixLength)))
    }

    /// `2026-12-06 13:40:00` in `timeZone`.
    public static func localTime(_ date: Date, timeZone: TimeZone) -> String {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down)) + Int64(timeZone.secondsFromGMT(for: date))
        return JournalTime.Civil(secondsSinceEpoch: seconds).plain
    }

    // MARK: detail

    /// One line of a run's detail: a label (empty on continuation lines) and a value. `portID`
    /// is set on the line that names a port that exists after the run (the TUI links it).
    public struct Line: Equatable, Sendable {
        public var label: String
        public var value: String
        public var portID: String?

        public init(_ label: String, _ value: String, portID: String? = nil) {
            self.label = label
            self.value = value
            self.portID = portID
        }
    }

    /// Everything the journal holds about a run: when, what, where, each request with its
    /// status and request id, each port's fields before → after with what was added and
    /// removed, and the report.
    public static func detail(_ run: JournalRun, timeZone: TimeZone) -> [Line] {
        let e = run.latest
        typealias W = JournalWords
        var out: [Line] = [Line(W.run.text, clean(run.runID))]
        var time = localTime(run.time, timeZone: timeZone)
        if let f = run.finished, run.started != nil {
            let end = localTime(f.time, timeZone: timeZone)
            time += " → " + (end.prefix(10) == time.prefix(10) ? String(end.dropFirst(11)) : end)
        }
        out.append(Line(W.time.text, time))
        out.append(Line(W.outcome.text, clean(W.shownOutcome(run.outcome))))
        out.append(Line(W.command.text, clean(e.command)))
        out.append(Line(W.summary.text, clean(e.summary)))
        var cloud = [clean(e.cloud)]
        if let r = e.region, !r.isEmpty { cloud.append(W.region(clean(r))) }
        if let p = e.project, !p.isEmpty { cloud.append(W.project(clean(p))) }
        if let u = e.user, !u.isEmpty { cloud.append(W.user(clean(u))) }
        out.append(Line(W.cloud.text, cloud.joined(separator: ", ")))
        if !e.strategy.isEmpty { out.append(Line(W.strategy.text, clean(e.strategy))) }
        out.append(Line(W.intent.text, intent(e.intent)))
        if let u = e.undoOf { out.append(Line(W.undoOf.text, clean(u))) }

        if e.requests.isEmpty {
            out.append(Line(W.requests.text, run.isUnfinished ? W.notRecorded.text : W.noneSent.text))
        }
        for (i, r) in e.requests.enumerated() {
            out.append(Line(W.request(i + 1), request(r)))
        }
        for p in e.ports { out += port(p) }
        for (i, l) in e.lines.enumerated() { out.append(Line(i == 0 ? W.report.text : "", clean(l))) }
        return out
    }

    /// The detail as text: labels padded to one width, two spaces, the value. `width` measures
    /// a label in terminal cells (the front end's DisplayWidth: a Chinese character is two).
    public static func detailText(_ run: JournalRun, timeZone: TimeZone, width measure: (String) -> Int = { $0.count }) -> [String] {
        let lines = detail(run, timeZone: timeZone)
        let width = lines.map { measure($0.label) }.max() ?? 0
        return lines.map { l in
            var text = l.label + String(repeating: " ", count: max(0, width - measure(l.label))) + "  " + l.value
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    /// The run's lines as stored (`started`, then `finished`), each pretty-printed with sorted
    /// keys; one element per line of text.
    public static func json(_ run: JournalRun) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [run.started, run.finished].compactMap { $0 }.flatMap { entry -> [String] in
            guard let data = try? encoder.encode(entry) else { return [] }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map { clean(String($0)) }
        }
    }

    /// `PUT /v2.0/ports/ID → 200 [req-...]`, `PUT /v2.0/ports/ID → no answer: connection reset`.
    public static func request(_ r: JournalRequest) -> String {
        var s = clean(r.method) + " " + clean(r.path) + " → " + (r.status.map(String.init) ?? JournalWords.noAnswer.text)
        if let id = r.requestID, !id.isEmpty { s += " [" + clean(id) + "]" }
        if let err = r.error, !err.isEmpty { s += ": " + clean(err) }
        return s
    }

    public static func intent(_ i: JournalIntent) -> String {
        var parts = [clean(i.action)]
        typealias W = JournalWords
        if let n = i.networkID { parts.append(W.network(clean(n))) }
        if let n = i.name { parts.append(W.name(clean(n))) }
        if i.action == "create_vip" || i.ipAddress != nil { parts.append(W.address(i.ipAddress.map(clean) ?? W.automatic.text)) }
        if let v = i.vipPortID { parts.append(W.vipPort(clean(v))) }
        if !i.nicPortIDs.isEmpty {
            parts.append((i.nicPortIDs.count == 1 ? W.nicPort : W.nicPorts)(i.nicPortIDs.map(clean).joined(separator: ", ")))
        }
        if let on = i.enabled { parts.append(W.check(on ? W.on.text : W.off.text)) }
        return parts.joined(separator: "; ")
    }

    static func port(_ p: JournalPort) -> [Line] {
        var head = clean(p.label).isEmpty ? clean(p.portID) : clean(p.label) + "  " + clean(p.portID)
        typealias W = JournalWords
        if p.created { head += "  " + W.createdByRun.text }
        if p.deleted { head += "  " + W.deletedByRun.text }
        var out = [Line(W.port.text, head, portID: p.after == nil ? nil : p.portID)]
        let pairsBefore = p.before.map { list($0.allowedAddressPairs) } ?? W.didNotExist.text
        let pairsAfter = p.after.map { list($0.allowedAddressPairs) } ?? W.gone.text
        var pairs = pairsBefore + " → " + pairsAfter
        let delta = p.added.map { "+" + clean($0) } + p.removed.map { "-" + clean($0) }
        if !delta.isEmpty { pairs += "   (" + delta.joined(separator: ", ") + ")" }
        out.append(Line("  " + W.pairs.text, pairs))
        if p.portSecurityFrom != nil || p.portSecurityTo != nil {
            out.append(Line("  " + W.portSecurity.text, onOff(p.portSecurityFrom) + " → " + onOff(p.portSecurityTo)))
        }
        if !p.groupsRemoved.isEmpty || !p.groupsAdded.isEmpty {
            let groups = p.groupsRemoved.map { "-" + clean($0) } + p.groupsAdded.map { "+" + clean($0) }
            out.append(Line("  " + W.securityGroups.text, groups.joined(separator: ", ")))
        }
        return out
    }

    static func list(_ items: [String]) -> String { items.isEmpty ? JournalWords.noneInList.text : items.map(clean).joined(separator: ", ") }

    static func onOff(_ b: Bool?) -> String {
        switch b {
        case true?: return JournalWords.on.text
        case false?: return JournalWords.off.text
        case nil: return JournalWords.unknown.text
        }
    }

    /// A journal field as it is shown: one line, inert (the journal is a file anyone with the
    /// account can edit, and its lines hold names from the cloud).
    public static func clean(_ s: String) -> String { Inert.field(s) }
}
