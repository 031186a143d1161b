import CloudAPI
import L10n
import VIPCore

/// Applies `action` to `state` and returns the effects to run. Pure: no I/O, no clock, no
/// randomness; the same state and action always give the same result.
///
/// A user action that is disabled now (see `disabledReason`) changes nothing but the status
/// line, which then says why. An enabled user action clears a transient notice.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    if state.shouldQuit { return [] }
    if action.isUserAction {
        if let reason = disabledReason(action, in: state) {
            state.notice = reason
            return []
        }
        state.notice = nil
    }
    switch action {
    case .launched:
        return state.startLoads(identify: true) + (state.showsJournal ? state.loadJournal() : [])
    case .movedDown: state.editTop(.move(.by(1)))
    case .movedUp: state.editTop(.move(.by(-1)))
    case .pagedDown: state.editTop(.move(.page(1)))
    case .pagedUp: state.editTop(.move(.page(-1)))
    case .jumpedToTop: state.editTop(.move(.top))
    case .jumpedToBottom: state.editTop(.move(.bottom))
    case .opened:
        if state.wizard != nil { return state.wizardNext() }
        if state.showsDoctor { return state.openDoctorFinding() }
        if let d = state.detail {
            if let link = d.currentLine?.link { state.push(link) }
        } else if let dest = state.currentList?.selectedDestination {
            state.push(dest)
        }
    case .openedDetails:
        if let ref = state.currentList?.selectedRef { state.push(.detail(ref)) }
    case .wentBack:
        state.goBack()
    case .quitRequested:
        if state.wizard?.isApplying == true {
            // Quitting now would leave the cloud half-changed: stop the apply first.
            state.quitAfterApply += 1
            switch state.quitAfterApply {
            case 1:
                state.notice = ScreenText.quitStopping.text
                return [.stopApply(reason: "quit requested")]
            case 2:
                state.notice = ScreenText.quitStillUndoing.text
                return []
            default:
                state.shouldQuit = true
                state.exitStatus = ExecutionReport.partlyAppliedStatus
                return [.quit]
            }
        }
        state.shouldQuit = true
        return [.quit]
    case .signalled(let name, let status):
        if state.wizard?.isApplying == true {
            state.exitStatus = status
            state.quitAfterApply = max(1, state.quitAfterApply + 1)
            state.notice = ScreenText.signalStopping(name)
            return [.stopApply(reason: name)]
        }
        state.exitStatus = status
        state.shouldQuit = true
        return [.quit]
    case .startedFilter:
        state.overlay = .filter(original: state.currentList?.filter ?? "")
    case .typedFilter(let text):
        state.editTop(.filter((state.currentList?.filter ?? "") + text))
    case .erasedFilterChar:
        var text = state.currentList?.filter ?? ""
        if !text.isEmpty { text.removeLast() }
        state.editTop(.filter(text))
    case .confirmedFilter:
        state.overlay = nil
    case .cancelledFilter:
        if case .filter(let original) = state.overlay { state.editTop(.filter(original)) }
        state.overlay = nil
    case .sortedBy(let column):
        state.editTop(.sort(column))
    case .startedCommand:
        state.overlay = .command("")
    case .typedCommand(let text):
        if case .command(let typed) = state.overlay { state.overlay = .command(typed + text) }
    case .erasedCommandChar:
        if case .command(var typed) = state.overlay {
            if !typed.isEmpty { typed.removeLast() }
            state.overlay = .command(typed)
        }
    case .ranCommand:
        return state.runCommand()
    case .cancelledCommand:
        state.overlay = nil
    case .refreshed:
        state.errorMessage = nil
        state.lastError = nil
        return state.startLoads(identify: false) + (state.showsJournal ? state.loadJournal() : [])
            + (state.showsDoctor ? state.loadDoctor() : []) + state.reloadRawJSON()
    case .toggledHelp:
        state.overlay = state.overlay == .help ? nil : .help
        state.helpScroll = 0
    case .scrolledHelp(let line):
        state.helpScroll = max(0, line)
    case .pressedUnboundKey(let label):
        state.notice = ScreenText.unboundKey(label)
    case .toggledRawJSON:
        if let i = state.stack.indices.last, var d = state.stack[i].detail {
            d.showsRawJSON.toggle()
            d.cursor = 0
            d.scroll = 0
            state.stack[i] = .detail(d)
        } else if let ref = state.currentList?.selectedRef {
            state.push(.detail(ref))
            if let i = state.stack.indices.last, var d = state.stack[i].detail {
                d.showsRawJSON = true
                state.stack[i] = .detail(d)
            }
        }
        // Raw JSON is the cloud's own body, fetched now (nothing keeps the bodies of a
        // listing); the decoded JSON shows until it arrives.
        return state.reloadRawJSON()
    case .rawJSONLoaded(let ref, let result):
        switch result {
        case .success(let lines):
            for i in state.stack.indices {
                guard var d = state.stack[i].detail, d.ref == ref else { continue }
                d.cloudJSON = lines
                if d.showsRawJSON { d.cursor = min(d.cursor, max(0, lines.count - 1)) }
                state.stack[i] = .detail(d)
            }
        case .failure(let e):
            state.notice = DetailText.rawJSONFailed(ref.kindTitle, ref.id, e.oneLine)
        }
    case .openedErrorDetails:
        state.overlay = state.overlay == .errorDetails ? nil : .errorDetails
    case .copiedSelection(let what):
        return state.copy(state.copyText(what), what: what.word)
    case .openedExport:
        if case .export = state.overlay {
            state.overlay = nil
        } else if state.exportablePlan == nil {
            state.notice = ExportText.noPlan.text
        } else {
            state.overlay = .export(.openstack)
        }
    case .choseExportFormat(let format):
        if case .export = state.overlay { state.overlay = .export(format) }
    case .scrolledExport(let line):
        if case .export(let format, _) = state.overlay { state.overlay = .export(format, scroll: max(0, line)) }
    case .copiedExport:
        return state.copy(state.exportText, what: ExportText.whatExport.text)
    case .resized(let width, let height):
        state.size = TerminalSize(width: width, height: height)
        state.fitAll()
    case .tick:
        if state.isLoading {
            state.spinnerFrame = (state.spinnerFrame + 1) % Spinner.frames.count
            state.loadingTicks += 1
        }
    case .cloudNoticed(let text):
        state.notice = text
    case .pageLoaded(let page, let generation, let done):
        state.receive(page, generation: generation, done: done)
    case .loadFailed(let resource, let error, let generation):
        guard state.generations[resource] == generation, state.loads[resource]?.isLoading == true else { break }
        state.loads[resource] = .failed(error)
        state.lastError = error
        // Status, type and request id first: the status line is cut at the terminal's width.
        if case .http(let f) = error {
            state.errorMessage = ScreenText.loadFailed(resource.noun, f.statusFirstLine)
        } else {
            state.errorMessage = ScreenText.loadFailed(resource.noun, error.oneLine)
        }
    case .identified(let user, let project):
        state.header.user = user
        if let project { state.header.project = project }
    case .startedCreateVIP:
        return state.startWizard(.create)
    case .startedBindMore:
        guard let vip = state.selectedVIPID else { return [] }
        return state.startWizard(.bindMore(vipPortID: vip))
    case .startedUnbind:
        guard let intent = state.unbindIntent else { return [] }
        return state.startWizard(.operation(intent))
    case .startedDelete:
        guard let vip = state.selectedVIPID else { return [] }
        return state.startWizard(.operation(.deleteVIP(vipPortID: vip, unbindFirst: true)))
    case .startedToggleCheck:
        guard let nic = state.selectedNIC else { return [] }
        return state.startWizard(.operation(.setSourceDestCheck(nicPortID: nic.id, enabled: nic.sourceDestCheckOff)))
    case .startedUndo:
        guard let run = state.selectedJournalRun else { return [] }
        switch JournalRecorder.revert(of: run) {
        case .success(let r): return state.startWizard(.operation(.revert(r)))
        case .failure(let e): state.notice = e.description
        }
    case .typedInWizard(let text):
        guard let w = state.wizard else { break }
        if w.step == .vip {
            state.editWizard { $0.ipText += text }
            state.revalidateIP()
        } else {
            state.editWizard { $0.name += text }
        }
    case .erasedInWizard:
        guard let w = state.wizard else { break }
        if w.step == .vip {
            state.editWizard { if !$0.ipText.isEmpty { $0.ipText.removeLast() } }
            state.revalidateIP()
        } else {
            state.editWizard { if !$0.name.isEmpty { $0.name.removeLast() } }
        }
    case .movedToNextField:
        state.editWizard { w in w.field = OptionField(rawValue: (w.field.rawValue + 1) % OptionField.allCases.count) ?? .name }
    case .movedToPreviousField:
        state.editWizard { w in
            let n = OptionField.allCases.count
            w.field = OptionField(rawValue: (w.field.rawValue + n - 1) % n) ?? .name
        }
    case .toggledOption:
        state.editWizard { w in
            switch w.field {
            case .strategy: w.strategy = w.strategy == .huawei ? .openstack : .huawei
            case .moreNICs:
                guard let id = w.moreNICs.selected?.id else { return }
                if let i = w.chosenMore.firstIndex(of: id) { w.chosenMore.remove(at: i) } else { w.chosenMore.append(id) }
            case .name: break
            }
        }
    case .confirmedApply:
        guard let plan = state.wizard?.plan else { break }
        state.editWizard { w in
            w.step = .apply
            w.events = []
            w.report = nil
        }
        return [.apply(plan)]
    case .planned(let plan, let generation):
        state.editWizard { w in
            guard w.step == .plan, w.planGeneration == generation else { return }
            w.plan = plan
            w.planning = false
            w.planError = nil
        }
    case .planFailed(let message, let generation):
        state.editWizard { w in
            guard w.step == .plan, w.planGeneration == generation else { return }
            w.planning = false
            w.planError = message
        }
    case .applyProgressed(let event):
        state.editWizard { w in
            guard w.step == .apply else { return }
            w.events.append(event)
        }
    case .applyFinished(let report):
        if state.quitAfterApply > 0 {
            // The quit waited for this report: leave with a status that says how it ended.
            state.editWizard { w in
                w.report = report
                w.step = .result
            }
            state.shouldQuit = true
            if state.exitStatus == nil || report.outcome == .partial || (report.outcome == .applied && report.interrupted == nil) {
                state.exitStatus = report.exitStatus
            }
            return [.quit]
        }
        if let changed = report.changedPlan {
            // Nothing was sent: show the plan made from the cloud as it is now, to confirm again.
            state.editWizard { w in
                guard w.step == .apply else { return }
                w.plan = changed
                w.step = .plan
                w.events = []
                w.report = nil
                w.planNotice = report.lines.first
            }
            return []
        }
        state.editWizard { w in
            guard w.step == .apply else { return }
            w.report = report
            w.step = .result
        }
        // Show the cloud as it is now (and the doctor's findings on it, when it is open).
        return state.startLoads(identify: false) + state.reloadDoctorIfStacked()
    case .noticed(let text):
        state.notice = text
    case .journalLoaded(let listing, let generation):
        state.receiveJournal(listing, generation: generation)
    case .doctorExamined(let result, let generation):
        state.receiveDoctor(result, generation: generation)
    }
    return []
}

/// Why `action` does nothing in `state` now, or nil when it is enabled: the live reason of
/// the first of its guards (`guards(for:)`) that refuses. The help overlay shows these next
/// to the keys; pressing a disabled key shows it in the status line. Results of effects,
/// ticks and resizes are never disabled.
public func disabledReason(_ action: Action, in state: AppState) -> String? {
    require(guards(for: action), in: state)?.reason
}

extension AppState {
    /// The VIP port selected on screen: a VIPs row, a VIP port row, a VIP's detail.
    var selectedVIPID: String? {
        switch stack.last {
        case .root(.vips): return vips.selected?.id
        case .vipsHolding(_, let l): return l.selected?.id
        case .root(.ports): return ports.selected.flatMap { $0.isVIP ? $0.id : nil }
        case .boundServers(let vip, _): return vip
        case .detail(let d):
            if case .port(let id) = d.ref, data.ports.first(where: { $0.id == id })?.isVIP == true { return id }
            return nil
        default: return nil
        }
    }

    /// The NIC port selected on screen (a port that is not a VIP).
    var selectedNIC: CloudAPI.Port? {
        let id: String?
        switch stack.last {
        case .root(.ports): id = ports.selected?.id
        case .nics(_, let l): id = l.selected?.id
        case .detail(let d):
            if case .port(let p) = d.ref { id = p } else { id = nil }
        default: id = nil
        }
        guard let id, let port = data.ports.first(where: { $0.id == id }), !port.isVIP else { return nil }
        return port
    }

    /// Unbind what the screen shows: a server bound to a VIP (its NICs that the VIP holds),
    /// or a VIP holding a NIC's IP.
    var unbindIntent: Intent? {
        switch stack.last {
        case .boundServers(let vip, let l):
            guard let server = l.selected?.id, let row = vips.rows.first(where: { $0.id == vip }) else { return nil }
            let nics = row.bound.filter { $0.serverID == server }.compactMap(\.nicPortID)
            return nics.isEmpty ? nil : .unbind(vipPortID: vip, nicPortIDs: nics)
        case .vipsHolding(let port, let l):
            guard let vip = l.selected?.id else { return nil }
            return .unbind(vipPortID: vip, nicPortIDs: [port])
        default:
            return nil
        }
    }
}

/// Whether `action` does something in `state` now (`disabledReason` is nil).
public func isEnabled(_ action: Action, in state: AppState) -> Bool { disabledReason(action, in: state) == nil }

extension AppState {
    /// The fetch of the cloud's JSON for the detail view on top, when it shows raw JSON (on
    /// `y`, and on a refresh: what was fetched before may be stale).
    func reloadRawJSON() -> [Effect] {
        guard let d = stack.last?.detail, d.showsRawJSON, d.ref.isCloudResource else { return [] }
        return [.loadRawJSON(d.ref)]
    }
}
