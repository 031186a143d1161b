import CloudAPI
import L10n
import VIPCore

// The doctor screen (`:doctor`): the findings of `VIPCore.Doctor` on a fresh read of the
// cloud (an effect, `Effect.examine`, run by `Environment.examine`), worst first. Enter on a
// finding with a fix opens the ordinary plan screen for it (the same one the wizard and the
// other operations use); `d` shows the first port it names.

/// What a doctor run gave: the report, or why there is none.
public enum DoctorResult: Equatable, Sendable {
    case report(DoctorReport)
    case failed(String)
}

/// The doctor screen's state.
public struct DoctorState: Equatable, Sendable {
    public internal(set) var list: ListState<FindingRow>
    /// A run is in flight.
    public internal(set) var loading: Bool
    public internal(set) var report: DoctorReport?
    /// Why the last run failed, if it did.
    public internal(set) var error: String?
    /// The generation of the last run asked for; older results are dropped.
    public internal(set) var generation: Int

    /// The screen's title (`Doctor` in the language in effect).
    public static var title: String {
        let word = DoctorText.doctor.text
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// Rows under the doctor's table that show the selected finding in full (what, why, fix).
    public static let paneRows = 7

    /// The selected finding, for the pane under the table.
    public var selected: Finding? { list.selected?.finding }

    public init() {
        list = ListState()
        loading = false
        report = nil
        error = nil
        generation = 0
    }
}

/// A row of the doctor's list: one finding.
public struct FindingRow: TableRow {
    public let finding: Finding
    public let cells: [String]

    public init(_ f: Finding) {
        finding = f
        cells = [f.severity.text, f.what, f.ports.map(\.label).joined(separator: ", "),
                 f.fixText ?? DoctorText.noFix.text, f.id]
    }

    public var id: String { finding.id }

    public static var columns: [Column] {
        [Column(.severity, width: 8), Column(.what, width: 60), Column(.ports, width: 30), Column(.fix, width: 30),
         Column(.id, width: 12)]
    }

    /// The column that takes the spare width (what the finding says).
    public static let mainColumn = ColumnText.what

    /// Errors first.
    public static let defaultSort = SortOrder(column: 0)

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: return .number(Double(Finding.Severity.allCases.firstIndex(of: finding.severity) ?? 0))
        case 4: return .natural(finding.id)
        default: return cells.indices.contains(column) ? .natural(cells[column]) : .empty
        }
    }

    public var ref: ResourceRef { .port(finding.ports.first?.id ?? "") }
    public var destination: Destination { .detail(ref) }
}

extension AppState {
    /// The doctor list is on top.
    var showsDoctor: Bool { stack.last == .root(.doctor) }

    /// Starts a new doctor run (with the strategy new plans start with).
    mutating func loadDoctor() -> [Effect] {
        doctor.generation += 1
        doctor.loading = true
        return [.examine(strategy: defaultStrategy, generation: doctor.generation)]
    }

    /// A doctor run again when the doctor list is on the stack (after a fix was applied).
    mutating func reloadDoctorIfStacked() -> [Effect] {
        stack.contains(.root(.doctor)) ? loadDoctor() : []
    }

    /// A run finished: its findings replace the list (the selected finding stays selected
    /// while it is still found). Results of an older run are dropped.
    mutating func receiveDoctor(_ result: DoctorResult, generation: Int) {
        guard generation == doctor.generation, doctor.loading else { return }
        doctor.loading = false
        switch result {
        case .report(let r):
            doctor.report = r
            doctor.error = nil
            doctor.list.replaceRows(r.findings.map(FindingRow.init), height: listHeight)
        case .failed(let message):
            doctor.error = message
        }
    }

    /// Enter on a finding: its fix's plan screen, or a notice that it has none.
    mutating func openDoctorFinding() -> [Effect] {
        guard let f = doctor.list.selected?.finding else { return [] }
        guard let fix = f.fix else {
            notice = DoctorText.fixNone(f.id, f.why)
            return []
        }
        return startWizard(.operation(fix))
    }

    /// The status line on the doctor list.
    var doctorSummary: String {
        if doctor.loading && doctor.report == nil { return DoctorText.loading.text }
        if let e = doctor.error { return DoctorText.failed(e) }
        guard let r = doctor.report else { return "" }
        let list = doctor.list
        if !list.filter.isEmpty { return "\(list.count)/\(list.totalCount) \"\(list.filter)\"; " + r.summary }
        return r.summary + (r.findings.contains { $0.fix != nil } ? " " + DoctorText.applyHint.text : "")
    }
}

extension Environment {
    /// The live doctor: one inventory read, the security groups when the cloud lists them,
    /// and `Doctor.examine`.
    static func liveExamine(session: CloudSession, pageSize: Int, maxPairs: Int) -> @Sendable (VIPStrategy) async -> DoctorResult {
        { strategy in
            do {
                let inv = try await Inventory.load(session, pageSize: pageSize)
                let groups = try? await NeutronAPI(session: session, pageSize: pageSize).securityGroups()
                return .report(Doctor.examine(DoctorInput(inventory: inv, securityGroups: groups, strategy: strategy, maxAddressPairs: maxPairs,
                                                          flavor: CloudFlavor(config: session.config))))
            } catch {
                return .failed(CloudSession.asCloudError(error).oneLine)
            }
        }
    }
}
