import CloudAPI
import Foundation

/// The journal in words: one wording for the TUI's journal screen and `vipctl journal`. Pure:
/// the time zone is a parameter; every string that came from the file (and so from the cloud)
/// goes through `Inert` (CloudAPI), so it cannot drive a terminal.
public enum JournalText {
    /// Column titles of a row, in the order of `Row.cells`.
    public static let columns = ["TIME", "OUTCOME", "COMMAND", "SUMMARY", "CLOUD/PROJECT", "RUN"]

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
        return Row(time: localTime(run.time, timeZone: timeZone), outcome: clean(run.outcome), command: clean(e.command),
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
        var out: [Line] = [Line("run", clean(run.runID))]
        var time = localTime(run.time, timeZone: timeZone)
        if let f = run.finished, run.started != nil {
            let end = localTime(f.time, timeZone: timeZone)
            time += " → " + (end.prefix(10) == time.prefix(10) ? String(end.dropFirst(11)) : end)
        }
        out.append(Line("time", time))
        out.append(Line("outcome", clean(run.outcome)))
        out.append(Line("command", clean(e.command)))
        out.append(Line("summary", clean(e.summary)))
        var cloud = [clean(e.cloud)]
        if let r = e.region, !r.isEmpty { cloud.append("region " + clean(r)) }
        if let p = e.project, !p.isEmpty { cloud.append("project " + clean(p)) }
        if let u = e.user, !u.isEmpty { cloud.append("user " + clean(u)) }
        out.append(Line("cloud", cloud.joined(separator: ", ")))
        if !e.strategy.isEmpty { out.append(Line("strategy", clean(e.strategy))) }
        out.append(Line("intent", intent(e.intent)))
        if let u = e.undoOf { out.append(Line("undo of", clean(u))) }

        if e.requests.isEmpty {
            out.append(Line("requests", run.isUnfinished ? "(not recorded: the run did not finish)" : "none sent"))
        }
        for (i, r) in e.requests.enumerated() {
            out.append(Line("request \(i + 1)", request(r)))
        }
        for p in e.ports { out += port(p) }
        for (i, l) in e.lines.enumerated() { out.append(Line(i == 0 ? "report" : "", clean(l))) }
        return out
    }

    /// The detail as text: labels padded to one width, two spaces, the value.
    public static func detailText(_ run: JournalRun, timeZone: TimeZone) -> [String] {
        let lines = detail(run, timeZone: timeZone)
        let width = lines.map { $0.label.count }.max() ?? 0
        return lines.map { l in
            var text = l.label + String(repeating: " ", count: width - l.label.count) + "  " + l.value
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
        var s = clean(r.method) + " " + clean(r.path) + " → " + (r.status.map(String.init) ?? "no answer")
        if let id = r.requestID, !id.isEmpty { s += " [" + clean(id) + "]" }
        if let err = r.error, !err.isEmpty { s += ": " + clean(err) }
        return s
    }

    public static func intent(_ i: JournalIntent) -> String {
        var parts = [clean(i.action)]
        if let n = i.networkID { parts.append("network " + clean(n)) }
        if let n = i.name { parts.append("name " + clean(n)) }
        if i.action == "create_vip" || i.ipAddress != nil { parts.append("address " + (i.ipAddress.map(clean) ?? "automatic")) }
        if let v = i.vipPortID { parts.append("VIP port " + clean(v)) }
        if !i.nicPortIDs.isEmpty {
            parts.append((i.nicPortIDs.count == 1 ? "NIC port " : "NIC ports ") + i.nicPortIDs.map(clean).joined(separator: ", "))
        }
        if let on = i.enabled { parts.append("check " + (on ? "on" : "off")) }
        return parts.joined(separator: "; ")
    }

    static func port(_ p: JournalPort) -> [Line] {
        var head = clean(p.label).isEmpty ? clean(p.portID) : clean(p.label) + "  " + clean(p.portID)
        if p.created { head += "  (created by this run)" }
        if p.deleted { head += "  (deleted by this run)" }
        var out = [Line("port", head, portID: p.after == nil ? nil : p.portID)]
        let pairsBefore = p.before.map { list($0.allowedAddressPairs) } ?? "(did not exist)"
        let pairsAfter = p.after.map { list($0.allowedAddressPairs) } ?? "(gone)"
        var pairs = pairsBefore + " → " + pairsAfter
        let delta = p.added.map { "+" + clean($0) } + p.removed.map { "-" + clean($0) }
        if !delta.isEmpty { pairs += "   (" + delta.joined(separator: ", ") + ")" }
        out.append(Line("  pairs", pairs))
        if p.portSecurityFrom != nil || p.portSecurityTo != nil {
            out.append(Line("  port security", onOff(p.portSecurityFrom) + " → " + onOff(p.portSecurityTo)))
        }
        if !p.groupsRemoved.isEmpty || !p.groupsAdded.isEmpty {
            let groups = p.groupsRemoved.map { "-" + clean($0) } + p.groupsAdded.map { "+" + clean($0) }
            out.append(Line("  security groups", groups.joined(separator: ", ")))
        }
        return out
    }

    static func list(_ items: [String]) -> String { items.isEmpty ? "(none)" : items.map(clean).joined(separator: ", ") }

    static func onOff(_ b: Bool?) -> String {
        switch b {
        case true?: return "on"
        case false?: return "off"
        case nil: return "unknown"
        }
    }

    /// A journal field as it is shown: one line, inert (the journal is a file anyone with the
    /// account can edit, and its lines hold names from the cloud).
    public static func clean(_ s: String) -> String { Inert.field(s) }
}
