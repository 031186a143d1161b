import CloudAPI
import Foundation

// Exports of a plan (or of a journal run's recorded change, made into a plan by
// `Export.plan(of:)`): `openstack` CLI commands, curl commands, Terraform and a Postman
// collection. Every format is rendered from the plan itself, the data the one plan presenter
// shows: its steps (method, path, exact body, If-Match), their deltas and their changes. No
// format plans anything of its own. No format holds a token or a password: the shell formats
// read `$OS_TOKEN`, the Postman collection `{{token}}`.

/// The formats `vipctl export --format` and the UI's export overlay offer.
public enum ExportFormat: String, CaseIterable, Equatable, Sendable {
    case openstack, curl, terraform, postman
}

/// Facts an export may use that the plan does not carry.
public struct ExportContext: Equatable, Sendable {
    /// What the plan does, in words (the plan's headline); written as a comment.
    public var title: String
    /// The server (device id) of each NIC port the plan writes, for the vendor procedure's
    /// "get the server's interfaces" request.
    public var serverOfPort: [String: String]
    /// The network of each port the plan writes (Terraform's `network_id` of an imported port).
    public var networkOfPort: [String: String]
    /// Server NIC ports by network and fixed IP (`network/ip`): Terraform's `port_ids` of the
    /// NICs a VIP's pairs name.
    public var nicOfAddress: [String: String] = [:]

    public init(title: String, serverOfPort: [String: String] = [:], networkOfPort: [String: String] = [:]) {
        self.title = title
        self.serverOfPort = serverOfPort
        self.networkOfPort = networkOfPort
    }

    /// The servers and networks of `ports` (what an inventory or a list the UI holds knows).
    public init(title: String, ports: [CloudAPI.Port]) {
        self.title = title
        serverOfPort = Dictionary(ports.filter { !$0.deviceID.isEmpty }.map { ($0.id, $0.deviceID) }, uniquingKeysWith: { a, _ in a })
        networkOfPort = Dictionary(ports.map { ($0.id, $0.networkID) }, uniquingKeysWith: { a, _ in a })
        let nics = ports.filter { !$0.isVIP && !$0.deviceID.isEmpty }
        nicOfAddress = Dictionary(nics.flatMap { p in p.fixedIPs.map { ("\(p.networkID)/\($0.ipAddress)", p.id) } },
                                  uniquingKeysWith: { a, _ in a })
    }
}

/// One step of a plan as the exports see it.
struct ExportStep {
    enum Kind {
        case create(ExportCreate)
        case update(PortDelta)
        case delete
    }

    var step: PlanStep
    var kind: Kind
    /// The port is the VIP (created by the plan, or labelled a VIP by the planner).
    var isVIP: Bool
    /// The port's label as the plan shows it.
    var label: String
}

/// A VIP port the plan creates, read from its POST body (the body is what is sent).
struct ExportCreate {
    var networkID: String
    var name: String
    var deviceOwner: String
    var subnetID: String?
    var ipAddress: String?
    var pairs: [String]
}

public enum Export {
    /// The plan in `format`. An empty plan renders as a comment that there is nothing to do.
    public static func render(_ plan: Plan, as format: ExportFormat, context: ExportContext) -> String {
        let steps = exportSteps(plan)
        switch format {
        case .openstack: return openstackCLI(plan, steps, context)
        case .curl: return curl(plan, steps, context)
        case .terraform: return terraform(plan, steps, context)
        case .postman: return postman(plan, steps, context)
        }
    }

    /// The steps with what each does, from the plan's bodies and deltas.
    static func exportSteps(_ plan: Plan) -> [ExportStep] {
        plan.steps.map { s in
            let label = s.changes.first?.portLabel ?? s.summary
            let vip = label.hasPrefix("VIP ") || s.operation == .create
            switch s.operation {
            case .create:
                return ExportStep(step: s, kind: .create(createFields(s.body)), isVIP: true, label: label)
            case .update:
                return ExportStep(step: s, kind: .update(s.delta ?? PortDelta()), isVIP: vip, label: label)
            case .delete:
                return ExportStep(step: s, kind: .delete, isVIP: vip, label: label)
            }
        }
    }

    /// The fields of a POST body (`{"port":{...}}`).
    static func createFields(_ body: String?) -> ExportCreate {
        var out = ExportCreate(networkID: "", name: "", deviceOwner: CloudAPI.Port.vipOwner, subnetID: nil, ipAddress: nil, pairs: [])
        guard let data = body?.data(using: .utf8),
              let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let port = top["port"] as? [String: Any]
        else { return out }
        out.networkID = port["network_id"] as? String ?? ""
        out.name = port["name"] as? String ?? ""
        out.deviceOwner = port["device_owner"] as? String ?? CloudAPI.Port.vipOwner
        if let fixed = (port["fixed_ips"] as? [[String: Any]])?.first {
            out.subnetID = fixed["subnet_id"] as? String
            out.ipAddress = fixed["ip_address"] as? String
        }
        out.pairs = (port["allowed_address_pairs"] as? [[String: Any]] ?? []).compactMap { $0["ip_address"] as? String }
        return out
    }

    // MARK: shared by the shell formats

    /// The shell variable holding the id of the port step `n` creates.
    static func portVar(_ n: Int) -> String { "VIP_PORT_\(n)" }
    /// The shell variable holding the address of the port step `n` creates.
    static func addressVar(_ n: Int) -> String { "VIP_ADDRESS_\(n)" }

    /// The steps whose created port's address a later step names (`{address of step N}`).
    static func addressesNeeded(_ plan: Plan) -> Set<Int> {
        var out: Set<Int> = []
        for s in plan.steps where s.operation == .create {
            let ph = Planner.addressPlaceholder(step: s.id)
            if plan.steps.contains(where: { ($0.body ?? "").contains(ph) || ($0.delta?.addPairs.contains(ph) ?? false) }) { out.insert(s.id) }
        }
        return out
    }

    /// `text` with every `{port of step N}` / `{address of step N}` replaced by `replace`.
    static func substituted(_ text: String, _ plan: Plan, port: (Int) -> String, address: (Int) -> String) -> String {
        var t = text
        for s in plan.steps where s.operation == .create {
            t = t.replacingOccurrences(of: Planner.portPlaceholder(step: s.id), with: port(s.id))
            t = t.replacingOccurrences(of: Planner.addressPlaceholder(step: s.id), with: address(s.id))
        }
        return t
    }

    /// A word for a shell: as is when safe, else single-quoted.
    static func sh(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_./:=@,+".unicodeScalars.contains($0) }
        return safe && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A shell word that may name `{port of step N}` or `{address of step N}`: those become
    /// `"$VIP_PORT_N"` / `"$VIP_ADDRESS_N"`, the rest is quoted.
    static func shWord(_ s: String, _ plan: Plan) -> String {
        var marks: [(String, String)] = []
        for st in plan.steps where st.operation == .create {
            marks.append((Planner.portPlaceholder(step: st.id), portVar(st.id)))
            marks.append((Planner.addressPlaceholder(step: st.id), addressVar(st.id)))
        }
        guard marks.contains(where: { s.contains($0.0) }) else { return sh(s) }
        var out = ""
        var rest = Substring(s)
        while !rest.isEmpty {
            if let (mark, variable) = marks.first(where: { rest.hasPrefix($0.0) }) {
                out += "\"$\(variable)\""
                rest = rest.dropFirst(mark.count)
            } else {
                var lit = ""
                while let c = rest.first, !marks.contains(where: { rest.hasPrefix($0.0) }) {
                    lit.append(c)
                    rest = rest.dropFirst()
                }
                out += sh(lit)
            }
        }
        return out
    }

    /// Comment lines (`prefix` each), one per line of `text`, made inert.
    static func comment(_ text: String, _ prefix: String = "# ") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + Inert.field(String($0)) + "\n" }.joined()
    }

    /// The plan's header comment: what it does, its strategy, its warnings.
    static func header(_ plan: Plan, _ context: ExportContext, _ prefix: String = "# ") -> String {
        var out = comment("vipctl plan: \(context.title)", prefix)
        out += comment(PlanPresenter.strategyLine(plan.strategy), prefix)
        for w in plan.warnings { out += comment("warning: \(w)", prefix) }
        if plan.steps.isEmpty { out += comment("nothing to do: \(plan.nothingToDo ?? "the cloud already holds this")", prefix) }
        return out
    }
}
