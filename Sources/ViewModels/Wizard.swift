import CloudAPI
import L10n
import Foundation
import VIPCore

// The create-and-bind wizard and the one-step operations (bind more, unbind, delete, toggle a
// check). All of them end in the same plan screen, apply screen and result screen.

/// The wizard's steps, in order. Operations start at `.server` (bind more) or `.plan`.
public enum WizardStep: Int, CaseIterable, Comparable, Sendable {
    case server = 1, nic, vip, options, plan, apply, result

    public var title: String {
        switch self {
        case .server: return ScreenText.stepServer.text
        case .nic: return ScreenText.stepNIC.text
        case .vip: return ScreenText.stepVIP.text
        case .options: return ScreenText.stepOptions.text
        case .plan: return ScreenText.stepPlan.text
        case .apply: return ScreenText.stepApply.text
        case .result: return ScreenText.stepResult.text
        }
    }

    public static func < (a: WizardStep, b: WizardStep) -> Bool { a.rawValue < b.rawValue }
}

/// The fields of the options step, in Tab order.
public enum OptionField: Int, CaseIterable, Sendable {
    case name, strategy, moreNICs
}

/// A row of the wizard's VIP step: "new VIP" first, then the VIPs already in the NIC's network.
public struct VIPChoiceRow: TableRow {
    /// The VIP port's id; empty for the "new VIP" row.
    public let id: String
    public let address: String
    public let name: String
    public let bound: String

    public init(id: String, address: String, name: String, bound: String) {
        self.id = id
        self.address = address
        self.name = name
        self.bound = bound
    }

    public var isNew: Bool { id.isEmpty }

    public static var columns: [Column] { [Column(.address, width: 15), Column(.name, width: 14), Column(.boundServers, width: 44)] }
    public static let defaultSort = SortOrder(column: 0)
    public var cells: [String] { [address, name, bound] }

    public func sortKey(column: Int) -> SortKey {
        // "new VIP" stays first whatever the order.
        if isNew { return .number(-1) }
        switch column {
        case 0: return .address(address)
        case 1: return .natural(name)
        default: return .natural(bound)
        }
    }

    public var ref: ResourceRef { .port(id) }
    public var destination: Destination { .boundServers(vip: id) }
}

/// What the wizard (or an operation) is doing.
public enum WizardKind: Equatable, Sendable {
    /// Create a VIP (or pick an existing one) and bind a NIC: all seven steps.
    case create
    /// Bind more NICs to this VIP: server, NIC, then the plan.
    case bindMore(vipPortID: String)
    /// A ready intent (unbind, delete, toggle a check): straight to the plan.
    case operation(Intent)
}

public struct WizardState: Equatable, Sendable {
    public internal(set) var kind: WizardKind
    public internal(set) var step: WizardStep
    /// Step 1: every server, filterable with `/`.
    public internal(set) var servers: ListState<ServerRow>
    /// Step 2: the chosen server's NICs.
    public internal(set) var nics: ListState<PortRow>
    /// Step 3: "new VIP" and the VIPs in the NIC's network.
    public internal(set) var vips: ListState<VIPChoiceRow>
    /// Step 3: the typed address of a new VIP; empty means automatic.
    public internal(set) var ipText: String
    /// Why `ipText` cannot be used, as it is typed.
    public internal(set) var ipProblem: String?
    /// Step 4.
    public internal(set) var name: String
    public internal(set) var strategy: VIPStrategy
    public internal(set) var field: OptionField
    /// Step 4: other servers' NICs in the same network, to bind too.
    public internal(set) var moreNICs: ListState<PortRow>
    public internal(set) var chosenMore: [String]
    /// Step 5.
    public internal(set) var plan: Plan?
    public internal(set) var planning: Bool
    public internal(set) var planGeneration: Int
    /// Why planning failed (one line).
    public internal(set) var planError: String?
    public internal(set) var planScroll: Int
    /// Steps 6 and 7.
    public internal(set) var events: [ExecutionEvent]
    public internal(set) var report: ExecutionReport?
    /// Shown above the plan: why it is shown again (the cloud changed since it was confirmed).
    public internal(set) var planNotice: String?

    init(kind: WizardKind, strategy: VIPStrategy, servers: [ServerRow]) {
        self.kind = kind
        step = .server
        self.servers = ListState(rows: servers)
        nics = ListState()
        vips = ListState()
        ipText = ""
        ipProblem = nil
        name = ""
        self.strategy = strategy
        field = .name
        moreNICs = ListState()
        chosenMore = []
        plan = nil
        planning = false
        planGeneration = 0
        planError = nil
        planScroll = 0
        events = []
        report = nil
        planNotice = nil
    }

    /// The steps this wizard goes through, for the step indicator.
    public var steps: [WizardStep] {
        switch kind {
        case .create: return WizardStep.allCases
        case .bindMore: return [.server, .nic, .plan, .apply, .result]
        case .operation: return [.plan, .apply, .result]
        }
    }

    /// The VIP Enter jumps to on the result screen: the one the run left, if any (else Enter
    /// closes the wizard). The reducer, the hints and the result's last line all ask this.
    public var vipToJumpTo: String? { report?.vipPortID }

    /// The title shown above the steps.
    public var title: String {
        switch kind {
        case .create: return ScreenText.titleCreate.text
        case .bindMore: return ScreenText.titleBindMore.text
        case .operation(let intent):
            switch intent {
            case .unbind: return ScreenText.titleUnbind.text
            case .deleteVIP: return ScreenText.titleDelete.text
            case .setSourceDestCheck(_, let enabled): return enabled ? ScreenText.titleCheckOn.text : ScreenText.titleCheckOff.text
            case .bind: return ScreenText.titleBind.text
            case .createVIP: return ScreenText.titleCreateVIP.text
            case .revert(let r): return ScreenText.titleUndo(r.runID.prefix(8), r.summary)
            case .removePairs: return ToolKeyText.titleRemovePairs.text
            }
        }
    }

    /// The list the cursor is in on this step, if any.
    var list: (any AnyList)? {
        switch step {
        case .server: return servers
        case .nic: return nics
        case .vip: return vips
        case .options: return field == .moreNICs ? moreNICs : nil
        default: return nil
        }
    }

    /// Whether typed characters go into a text field on this step (not to key bindings).
    public var isTyping: Bool {
        switch step {
        case .vip: return vips.selected?.isNew == true
        case .options: return field == .name
        default: return false
        }
    }

    /// Apply has started and not ended: nothing may interrupt it.
    public var isApplying: Bool { step == .apply && report == nil }
}

// MARK: reducer for the wizard

extension AppState {
    /// The wizard on top, if the top frame is one.
    public var wizard: WizardState? { stack.last?.wizard }

    /// The two lines under the NIC list: the NIC's network, subnets and IPs, then its pairs and
    /// source/destination check (joined from the cloud's data here, not in the renderer).
    public func wizardNICInfo(_ nic: PortRow) -> (String, String) {
        let port = data.ports.first { $0.id == nic.id }
        let network = data.networks.first { $0.id == nic.networkID }?.name ?? nic.networkID
        let subnets = port?.fixedIPs.compactMap { f in data.subnets.first { $0.id == f.subnetID }.map { "\($0.name) \($0.cidr)" } } ?? []
        let pairs = port?.allowedAddressPairs.map(\.ipAddress) ?? []
        return (ScreenText.nicInfoPlace(network, subnets.joined(separator: ", "), nic.fixedIPText),
                ScreenText.nicInfoPairs(pairs.isEmpty ? ScreenText.noneParen.text : pairs.joined(separator: ", "),
                                        nic.sourceDestCheckOff ? ScreenText.checkOff.text : ScreenText.checkOn.text))
    }

    /// The options step's list of more NICs to bind, as drawn: `[x]`/`[ ]` before the picked
    /// ones, and a NIC without a name named by its server (what the admin picks by); no
    /// selection unless the list has the focus.
    public func wizardMoreNICs(_ w: WizardState) -> TableSnapshot {
        let height = wizardListHeight(.options)
        var snapshot = w.moreNICs.snapshot(title: "", height: height)
        let picked = Set(w.chosenMore)
        let names = Dictionary(data.servers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        for (i, nic) in w.moreNICs.window(height: height).enumerated() where i < snapshot.rows.count {
            if snapshot.rows[i][0].isEmpty { snapshot.rows[i][0] = names[nic.deviceID] ?? "" }
            snapshot.rows[i][0] = (picked.contains(nic.id) ? "[x] " : "[ ] ") + snapshot.rows[i][0]
        }
        if w.field != .moreNICs { snapshot.selection = nil }
        return snapshot
    }

    /// Rows of the list a wizard step shows: the renderer draws exactly this many, and moves
    /// scroll by it (one source, so the selection cannot fall off the screen).
    public func wizardListHeight(_ step: WizardStep) -> Int {
        switch step {
        case .server: return max(1, listHeight - 1)  // under the step indicator
        case .nic, .vip: return max(1, listHeight - 3)  // and two lines under the list
        case .options: return max(1, listHeight - 4)  // under name, strategy and the list's label
        case .plan, .apply, .result: return max(1, listHeight - 1)
        }
    }

    mutating func editWizard(_ body: (inout WizardState) -> Void) {
        guard let i = stack.indices.last, var w = stack[i].wizard else { return }
        body(&w)
        stack[i] = .wizard(w)
    }

    var mutationRefusal: String? {
        readOnly ? ScreenText.readOnlyRefusal.text : nil
    }

    /// Opens the wizard, or an operation's plan screen.
    mutating func startWizard(_ kind: WizardKind) -> [Effect] {
        var w = WizardState(kind: kind, strategy: defaultStrategy, servers: servers.rows.array)
        switch kind {
        case .create, .bindMore:
            // Start on the server selected in the list under the wizard, if there is one.
            if case .boundServers = screen { break }
            if case .root(.servers) = stack.last, let id = servers.selected?.id,
               let pos = w.servers.visible.firstIndex(where: { w.servers.rows[$0].id == id })
            {
                w.servers.selection = pos
                w.servers.fit(height: wizardListHeight(.server))
            }
        case .operation(let intent):
            w.step = .plan
            w.planning = true
            w.planGeneration = 1
            stack.append(.wizard(w))
            return [.plan(intent, strategy: w.strategy, generation: 1)]
        }
        stack.append(.wizard(w))
        return []
    }

    /// The intent the wizard's choices describe (steps 1-4).
    func wizardIntent(_ w: WizardState) -> Intent? {
        guard let nic = w.nics.selected else { return nil }
        let nicIDs = [nic.id] + w.chosenMore.filter { $0 != nic.id }
        switch w.kind {
        case .bindMore(let vip):
            return .bind(vipPortID: vip, nicPortIDs: [nic.id])
        case .operation(let intent):
            return intent
        case .create:
            guard let choice = w.vips.selected else { return nil }
            if !choice.isNew { return .bind(vipPortID: choice.id, nicPortIDs: nicIDs) }
            // The subnet is the planner's choice (Planner.subnetForNewVIP), as for vipctl vip create.
            let ip = w.ipText.trimmingCharacters(in: .whitespaces)
            return .createVIP(CreateVIP(networkID: nic.networkID, subnetID: nil, ipAddress: ip.isEmpty ? nil : ip,
                                        name: w.name.isEmpty ? defaultVIPName(w) : w.name, bindNICs: nicIDs))
        }
    }

    /// The name a new VIP gets when the name field is left empty (CreateVIP's one rule).
    public func defaultVIPName(_ w: WizardState) -> String {
        let networkID = w.nics.selected?.networkID ?? ""
        return CreateVIP.defaultName(firstServer: w.servers.selected?.name, address: w.ipText,
                                     network: data.networks.first { $0.id == networkID }, networkID: networkID)
    }

    mutating func revalidateIP() {
        guard let w = wizard else { return }
        let ip = w.ipText.trimmingCharacters(in: .whitespaces)
        var problem: String?
        if !ip.isEmpty, let nic = w.nics.selected, let port = data.ports.first(where: { $0.id == nic.id }) {
            let network = data.networks.first { $0.id == nic.networkID }
            problem = Planner.newVIPAddressProblem(ip, networkID: nic.networkID, nics: [port], subnets: data.subnets, ports: data.ports.array, servers: data.servers.array,
                                                   networkName: network.map { $0.name.isEmpty ? $0.id : $0.name } ?? nic.networkID)
        }
        editWizard { $0.ipProblem = problem }
    }

    /// Enter on a wizard step.
    mutating func wizardNext() -> [Effect] {
        guard var w = wizard else { return [] }
        let h = listHeight
        switch w.step {
        case .server:
            guard let server = w.servers.selected else { return [] }
            w.nics = ListState(rows: nicRows(of: server.id))
            w.step = .nic
        case .nic:
            guard let nic = w.nics.selected else { return [] }
            if case .create = w.kind {
                var rows = [VIPChoiceRow(id: "", address: ScreenText.newVIP.text, name: ScreenText.newVIPHint.text, bound: "")]
                rows += vips.rows.filter { $0.networkID == nic.networkID }.map {
                    VIPChoiceRow(id: $0.id, address: $0.address, name: $0.name, bound: $0.bound.map(\.text).joined(separator: ", "))
                }
                if w.vips.rows.map(\.id) != rows.map(\.id) { w.vips = ListState(rows: rows) }
                w.step = .vip
            } else {
                return requestPlan(&w)
            }
        case .vip:
            guard let nic = w.nics.selected else { return [] }
            // Server NICs only: not VIPs, not DHCP or router ports.
            let serverIDs = Set(data.servers.map(\.id))
            let others = ports.rows.filter {
                $0.networkID == nic.networkID && !$0.isVIP && $0.id != nic.id
                    && ($0.deviceOwner.hasPrefix("compute:") || serverIDs.contains($0.deviceID))
            }
            if w.moreNICs.rows.map(\.id) != others.map(\.id) { w.moreNICs = ListState(rows: others) }
            w.chosenMore = w.chosenMore.filter { id in others.contains { $0.id == id } }
            w.step = .options
            w.field = .name
        case .options:
            return requestPlan(&w)
        case .plan:
            return []
        case .apply:
            return []
        case .result:
            guard let vip = w.vipToJumpTo else {
                stack.removeLast()
                return []
            }
            stack = [.root(.vips)]
            if let pos = vips.visible.firstIndex(where: { vips.rows[$0].id == vip }) {
                vips.selection = pos
                vips.fit(height: h)
            }
            push(.boundServers(vip: vip))
            return []
        }
        replaceTopWizard(w)
        return []
    }

    mutating func replaceTopWizard(_ w: WizardState) {
        guard let i = stack.indices.last, stack[i].wizard != nil else { return }
        stack[i] = .wizard(w)
    }

    /// Goes to the plan step and asks for a plan of what the wizard describes.
    mutating func requestPlan(_ w: inout WizardState) -> [Effect] {
        guard let intent = wizardIntent(w) else { return [] }
        w.step = .plan
        w.plan = nil
        w.planError = nil
        w.planning = true
        w.planScroll = 0
        w.planGeneration += 1
        let effect = Effect.plan(intent, strategy: w.strategy, generation: w.planGeneration)
        replaceTopWizard(w)
        return [effect]
    }

    /// Esc in the wizard: one step back, keeping what was typed and chosen.
    mutating func wizardBack() {
        guard var w = wizard else { return }
        let steps = w.steps
        switch w.step {
        case .result:
            stack.removeLast()
            return
        case .apply:
            return
        default:
            guard let i = steps.firstIndex(of: w.step), i > 0 else {
                stack.removeLast()
                return
            }
            w.step = steps[i - 1]
            w.planning = false
            w.plan = nil
            w.planError = nil
            w.planGeneration += 1  // a plan still on its way is for a screen no longer shown
        }
        replaceTopWizard(w)
    }
}

extension Frame {
    public var wizard: WizardState? {
        if case .wizard(let w) = self { return w }
        return nil
    }
}
