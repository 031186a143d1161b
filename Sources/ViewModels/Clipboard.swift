import CloudAPI
import L10n
import VIPCore

// Copying to the clipboard (the terminal's, with OSC 52: it works over SSH and in tmux) and
// the export overlay of the plan and journal screens. Pure: the reducer decides what to copy
// and says so on the status line; the driver writes the escape sequence (`Effect.copyToClipboard`).

/// What of the selected row is copied.
public enum CopyWhat: String, CaseIterable, Equatable, Sendable {
    case id, ip, json

    var word: String {
        switch self {
        case .id: return ExportText.whatID.text
        case .ip: return ExportText.whatIP.text
        case .json: return ExportText.whatJSON.text
        }
    }
}

extension AppState {
    /// The resource the copy keys act on: the detail view's, else the selected row's.
    var copyRef: ResourceRef? { detail?.ref ?? currentList?.selectedRef }

    /// The text `what` copies from the selected row (or the detail view), nil when it has none.
    public func copyText(_ what: CopyWhat) -> String? {
        guard let ref = copyRef else { return nil }
        switch what {
        case .id:
            return ref.id
        case .json:
            // In a detail view, the JSON it shows (the cloud's body once fetched).
            let json = detail?.json ?? detailView(ref).json
            return json.isEmpty ? nil : json.joined(separator: "\n")
        case .ip:
            switch ref {
            case .port(let id):
                return data.ports.first { $0.id == id }?.fixedIPs.first?.ipAddress
            case .server(let id):
                guard let s = data.servers.first(where: { $0.id == id }) else { return nil }
                return s.addresses.keys.sorted().lazy.compactMap { s.addresses[$0]?.first?.addr }.first
            case .subnet(let id):
                return data.subnets.first { $0.id == id }?.cidr
            case .network(let id):
                return data.subnets.first { $0.networkID == id }?.cidr
            case .journalRun:
                return nil
            }
        }
    }

    /// Copies `text` (`what` says what it is): the effect for the driver and the status line.
    mutating func copy(_ text: String?, what: String) -> [Effect] {
        guard let text, !text.isEmpty else {
            notice = ExportText.copyNothing.text
            return []
        }
        let shown = text.count > 40 ? String(text.prefix(39)) + "…" : text
        notice = ExportText.copied(what, Inert.field(shown))
        return [.copyToClipboard(text)]
    }

    /// The plan (wizard) or the journal run (journal) on screen, as a plan to export, and a title.
    public var exportablePlan: (plan: Plan, context: ExportContext)? {
        if let w = wizard, let plan = w.plan {
            return (plan, ExportContext(title: Environment.summary(plan), ports: data.ports.array))
        }
        if let run = selectedJournalRun, let plan = Export.plan(of: run) {
            return (plan, ExportContext(title: "journal run \(run.runID.prefix(8)): \(run.latest.summary)", ports: data.ports.array))
        }
        return nil
    }

    /// The export the overlay shows, in its format (nil when there is nothing to export).
    public var exportText: String? {
        guard case .export(let format, _) = overlay, let e = exportablePlan else { return nil }
        return Export.render(e.plan, as: format, context: e.context)
    }
}
