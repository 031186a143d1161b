import L10n
import VIPCore
import ViewModels

// The wizard's screens: a step indicator, then the step's list, fields or plan.

extension AppRenderer {
    static func drawWizard(_ w: WizardState, state: AppState, in area: Rect, on buffer: inout CellBuffer, theme: Theme) {
        buffer.fill(area)
        guard area.height > 3 else { return }
        drawSteps(w, in: area.row(0), on: &buffer, theme: theme)
        let content = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        switch w.step {
        case .server:
            drawList(w.servers.snapshot(title: "", height: state.wizardListHeight(.server)), in: content, on: &buffer, theme: theme)
        case .nic:
            let (table, info) = content.splitBottom(2)
            drawList(w.nics.snapshot(title: "", height: state.wizardListHeight(.nic)), in: table, on: &buffer, theme: theme)
            if let nic = w.nics.selected { drawNICInfo(nic, state: state, in: info, on: &buffer, theme: theme) }
        case .vip:
            let (table, input) = content.splitBottom(2)
            drawList(w.vips.snapshot(title: "", height: state.wizardListHeight(.vip)), in: table, on: &buffer, theme: theme)
            drawAddressInput(w, in: input, on: &buffer, theme: theme)
        case .options:
            drawOptions(w, state: state, in: content, on: &buffer, theme: theme)
        case .plan, .apply, .result:
            drawLines(wizardLines(w), scroll: w.planScroll, in: content, on: &buffer, theme: theme)
        }
    }

    static func drawSteps(_ w: WizardState, in row: Rect, on buffer: inout CellBuffer, theme: Theme) {
        var x = row.x + 1
        for (i, step) in w.steps.enumerated() {
            let text = "\(i + 1) \(step.title)"
            let attrs: Attributes = step == w.step ? theme.selection.union(.bold) : step < w.step ? .none : theme.dim
            x = buffer.put(x: x, y: row.y, text: " \(text) ", attrs: attrs, clip: row)
            if i < w.steps.count - 1 { x = buffer.put(x: x, y: row.y, text: theme.glyphs.box == .ascii ? " > " : " › ", attrs: theme.dim, clip: row) }
        }
    }

    static func drawList(_ t: TableSnapshot, in area: Rect, on buffer: inout CellBuffer, theme: Theme) {
        tableView(t, width: area.width, theme: theme).draw(in: area, on: &buffer, theme: theme)
    }

    static func drawNICInfo(_ nic: PortRow, state: AppState, in area: Rect, on buffer: inout CellBuffer, theme: Theme) {
        let (line1, line2) = state.wizardNICInfo(nic)
        buffer.put(x: area.x + 1, y: area.y, text: DisplayWidth.truncate(line1, to: area.width - 2, ellipsis: theme.glyphs.ellipsis),
                   attrs: theme.dim, clip: area)
        buffer.put(x: area.x + 1, y: area.y + 1, text: DisplayWidth.truncate(line2, to: area.width - 2, ellipsis: theme.glyphs.ellipsis),
                   attrs: theme.dim, clip: area)
    }

    static func drawAddressInput(_ w: WizardState, in area: Rect, on buffer: inout CellBuffer, theme: Theme) {
        guard w.vips.selected?.isNew == true else {
            buffer.put(x: area.x + 1, y: area.y, text: TUIText.wizardBindsExisting.text, attrs: theme.dim, clip: area)
            return
        }
        TextInput(prompt: TUIText.wizardAddressPrompt.text, text: w.ipText, placeholder: TUIText.wizardAddressPlaceholder.text)
            .draw(in: area.row(0), on: &buffer, theme: theme)
        if let problem = w.ipProblem {
            buffer.put(x: area.x + 1, y: area.y + 1, text: DisplayWidth.truncate(problem, to: area.width - 2, ellipsis: theme.glyphs.ellipsis),
                       attrs: theme.error, clip: area)
        } else if !w.ipText.isEmpty {
            buffer.put(x: area.x + 1, y: area.y + 1, text: TUIText.wizardFreeInSubnet.text, attrs: theme.dim, clip: area)
        }
    }

    static func drawOptions(_ w: WizardState, state: AppState, in area: Rect, on buffer: inout CellBuffer, theme: Theme) {
        func label(_ field: OptionField) -> Attributes { w.field == field ? theme.selection.union(.bold) : theme.label }
        let name = area.row(0)
        buffer.put(x: name.x + 1, y: name.y, text: DisplayWidth.pad(TUIText.wizardName.text, to: 8), attrs: label(.name), clip: name)
        if w.field == .name {
            TextInput(prompt: "", text: w.name, placeholder: TUIText.wizardNameWhenEmpty(state.defaultVIPName(w)))
                .draw(in: Rect(x: name.x + 10, y: name.y, width: name.width - 11, height: 1), on: &buffer, theme: theme)
        } else {
            buffer.put(x: name.x + 10, y: name.y, text: w.name.isEmpty ? TUIText.wizardNameDefault(state.defaultVIPName(w)) : w.name, clip: name)
        }
        let strategy = area.row(1)
        buffer.put(x: strategy.x + 1, y: strategy.y, text: DisplayWidth.pad(TUIText.wizardStrategy.text, to: 8), attrs: label(.strategy), clip: strategy)
        let how = w.strategy == .huawei
            ? TUIText.wizardStrategyHuawei.text
            : TUIText.wizardStrategyOpenStack.text
        buffer.put(x: strategy.x + 10, y: strategy.y, text: DisplayWidth.truncate(how, to: strategy.width - 11, ellipsis: theme.glyphs.ellipsis),
                   clip: strategy)
        let more = area.row(2)
        buffer.put(x: more.x + 1, y: more.y, text: TUIText.wizardAlsoBind(w.chosenMore.count), attrs: label(.moreNICs), clip: more)
        let listArea = Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 3)
        let snapshot = state.wizardMoreNICs(w)
        drawList(snapshot, in: listArea, on: &buffer, theme: theme)
    }

    /// The plan, the apply progress or the result, as lines: PlanPresenter's, the words the
    /// headless commands print.
    static func wizardLines(_ w: WizardState) -> [PlanLine] {
        var out: [PlanLine] = []
        switch w.step {
        case .plan:
            if w.planning { return [PlanLine(TUIText.wizardPlanning.text, .detail)] }
            if let e = w.planError { return [PlanLine(TUIText.wizardCannotPlan(e), .error)] }
            guard let plan = w.plan else { return [] }
            if let notice = w.planNotice { out.append(PlanLine(notice, .warning)) }
            out += PlanPresenter.plan(plan, headline: w.title)
        case .apply, .result:
            if let plan = w.plan {
                for step in plan.steps {
                    out.append(PlanLine("\(PlanPresenter.stepMark(step.id, events: w.events)) \(step.id). \(step.summary)"))
                }
                // Retries can be many (concurrent writers): the latest per step is enough.
                var lastRetry: [Int: Int] = [:]
                for (i, e) in w.events.enumerated() {
                    if case .retrying(let step, _, _) = e { lastRetry[step] = i }
                }
                for (i, e) in w.events.enumerated() {
                    switch e {
                    case .failed, .stopping, .undoFailed: out.append(PlanPresenter.progress(e, in: plan))
                    case .retrying(let step, _, _) where lastRetry[step] == i: out.append(PlanPresenter.progress(e, in: plan))
                    default: break
                    }
                }
            }
            if let r = w.report {
                out.append(PlanLine(""))
                out += PlanPresenter.report(r)
                if w.vipToJumpTo != nil { out.append(PlanLine(TUIText.wizardJumpHint.text, .detail)) }
            } else {
                out.append(PlanLine(TUIText.wizardApplying.text, .detail))
            }
        default:
            break
        }
        return out
    }

    static func drawLines(_ lines: [PlanLine], scroll: Int, in area: Rect, on buffer: inout CellBuffer, theme: Theme) {
        let width = max(1, area.width - 2)
        var wrapped: [(String, PlanLine.Style)] = []
        for line in lines {
            let pieces = DisplayWidth.wrap(line.text, width: width, hangingIndent: 5)
            wrapped += (pieces.isEmpty ? [""] : pieces).map { ($0, line.style) }
        }
        let start = min(max(0, scroll), max(0, wrapped.count - area.height))
        for (i, (text, style)) in wrapped.dropFirst(start).prefix(area.height).enumerated() {
            let attrs: Attributes
            switch style {
            case .normal: attrs = .none
            case .heading: attrs = theme.title
            case .detail: attrs = theme.dim
            case .error: attrs = theme.error
            case .warning: attrs = theme.prompt
            case .change: attrs = theme.hintKey
            }
            buffer.put(x: area.x + 1, y: area.y + i, text: text, attrs: attrs, clip: area)
        }
    }
}
