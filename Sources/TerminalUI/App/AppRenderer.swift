import L10n
import VIPCore
import ViewModels

/// The app's screens as a pure function of the state: `render(state, theme)` is the whole
/// frame. The drivers only flush what it returns, so every screen is testable as text.
///
/// Layout (rows): 0 header (cloud, region, project, user, mode); 1 title / breadcrumb, or the
/// filter or command input while one is typed; 2 column titles; 3...h-2 rows; h-1 status line.
public enum AppRenderer {
    public static func render(_ state: AppState, theme: Theme) -> CellBuffer {
        var buffer = CellBuffer(width: max(0, state.size.width), height: max(0, state.size.height))
        guard state.size.width > 0, state.size.height > 0 else { return buffer }
        if state.tooSmall {
            TooSmall.draw(on: &buffer, hint: TUIText.tooSmallHint.text, theme: theme)
            return buffer
        }
        let w = state.size.width
        let h = state.size.height
        header(state, theme: theme).draw(in: Rect(x: 0, y: 0, width: w, height: 1), on: &buffer, theme: theme)
        titleLine(state, in: Rect(x: 0, y: 1, width: w, height: 1), on: &buffer, theme: theme)
        let body = Rect(x: 0, y: 2, width: w, height: h - 3)
        if let wizard = state.wizard {
            drawWizard(wizard, state: state, in: body, on: &buffer, theme: theme)
        } else if let detail = state.detail {
            drawDetail(detail, in: body, on: &buffer, theme: theme)
        } else if let table = state.table {
            if state.stack.last == .root(.doctor), body.height > DoctorState.paneRows + 2 {
                let paneHeight = DoctorState.paneRows
                let tableArea = Rect(x: 0, y: body.y, width: w, height: body.height - paneHeight)
                tableView(table, width: w, theme: theme).draw(in: tableArea, on: &buffer, theme: theme)
                drawFinding(state.doctor.selected, in: Rect(x: 0, y: body.y + tableArea.height, width: w, height: paneHeight),
                            on: &buffer, theme: theme)
            } else {
                tableView(table, width: w, theme: theme).draw(in: body, on: &buffer, theme: theme)
            }
        }
        statusBar(state).draw(in: Rect(x: 0, y: h - 1, width: w, height: 1), on: &buffer, theme: theme)

        switch state.overlay {
        case .help:
            let area = Rect(x: 0, y: 1, width: w, height: h - 2)
            HelpOverlay(title: TUIText.helpTitle.text, sections: AppKeys.help(for: state), scrollOffset: state.helpScroll,
                        footer: TUIText.helpFooter.text)
                .draw(in: area, on: &buffer, theme: theme)
        case .errorDetails:
            let lines = state.errorDetails.map { $0.label.isEmpty ? $0.value : TUIText.labelValue($0.label, $0.value) }
            Dialog(title: TUIText.errorDetailsTitle.text, lines: lines.isEmpty ? [TUIText.noError.text] : lines,
                   buttons: [TUIText.escCloses.text],
                   style: .error, maxTextWidth: max(20, w - 12))
                .draw(in: Rect(x: 0, y: 1, width: w, height: h - 2), on: &buffer, theme: theme)
        case .export(let format, let scroll):
            // A page of lines from `scroll`, each cut to the width (j/k scroll); `Y` copies all of it.
            let all = (state.exportText ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let room = AppKeys.exportPageSize(state)
            let textWidth = max(20, w - 8)
            let lines = all.dropFirst(scroll).prefix(room).map { DisplayWidth.truncate($0, to: textWidth, ellipsis: theme.glyphs.ellipsis) }
            let title = ExportText.overlayTitle(format.rawValue) + (all.count > room ? " \(scroll + 1)-\(scroll + lines.count)/\(all.count)" : "")
            Dialog(title: title, lines: Array(lines), buttons: [ExportText.overlayKeys.text], maxTextWidth: textWidth)
                .draw(in: Rect(x: 0, y: 1, width: w, height: h - 2), on: &buffer, theme: theme)
        case .filter, .command, nil:
            break
        }
        return buffer
    }

    /// The selected finding in full under the doctor's table: a rule, then what, why and the
    /// fix, each wrapped to the width (cut to the pane's rows).
    static func drawFinding(_ finding: Finding?, in area: Rect, on buffer: inout CellBuffer, theme: Theme) {
        guard area.height > 1, area.width > 4 else { return }
        _ = buffer.put(x: area.x, y: area.y, text: String(repeating: theme.glyphs.box.horizontal, count: area.width),
                       attrs: theme.border, clip: area)
        guard let f = finding else { return }
        let width = area.width - 2
        var lines: [(String, Attributes)] = []
        for line in DisplayWidth.wrap(TUIText.labelValue(f.severity.text, f.what), width: width, hangingIndent: 2) {
            lines.append((line, theme.title))
        }
        for line in DisplayWidth.wrap(TUIText.labelValue(DoctorText.why.text, f.why), width: width, hangingIndent: 2) {
            lines.append((line, Attributes.none))
        }
        let fix = TUIText.labelValue(DoctorText.fix.text, f.fixText ?? DoctorText.noFix.text)
        for line in DisplayWidth.wrap(fix, width: width, hangingIndent: 2) {
            lines.append((line, Attributes.none))
        }
        for (i, (text, attrs)) in lines.prefix(area.height - 1).enumerated() {
            _ = buffer.put(x: area.x + 1, y: area.y + 1 + i, text: text, attrs: attrs, clip: area)
        }
    }

    // MARK: header

    static func header(_ state: AppState, theme: Theme) -> HeaderBar {
        let hd = state.header
        var left = [TUIText.headerCloud(hd.cloud)]
        if let r = hd.region, !r.isEmpty { left.append(TUIText.headerRegion(r)) }
        left.append(TUIText.headerProject(hd.project.flatMap { $0.isEmpty ? nil : $0 } ?? "?"))
        left.append(TUIText.headerUser(hd.user.flatMap { $0.isEmpty ? nil : $0 } ?? "?"))
        return HeaderBar(left: left, mode: badge(hd.mode), warning: hd.insecure ? TUIText.insecure.text : nil)
    }

    static func badge(_ mode: Mode) -> ModeBadge {
        switch mode {
        case .live: return .live
        case .readOnly: return .readOnly
        case .demo: return .demo
        }
    }

    // MARK: title line

    static func titleLine(_ state: AppState, in row: Rect, on buffer: inout CellBuffer, theme: Theme) {
        buffer.fill(row)
        if let typed = state.filterInput {
            TextInput(prompt: TUIText.filterPrompt(state.title), text: typed, placeholder: TUIText.filterPlaceholder.text)
                .draw(in: row, on: &buffer, theme: theme)
            return
        }
        if let typed = state.commandInput {
            TextInput(prompt: " :", text: typed, placeholder: TUIText.commandPlaceholder.text)
                .draw(in: row, on: &buffer, theme: theme)
            return
        }
        var right = ""
        if let t = state.table {
            let position = t.matching > 0 ? "\((t.selection ?? 0) + 1)/\(t.matching)" : "0/0"
            right = t.filter.isEmpty ? position : "/\(t.filter)  \(position)"
        } else if let d = state.detail {
            right = d.showsRawJSON ? TUIText.rawJSON.text : TUIText.fields.text
        }
        let rightWidth = DisplayWidth.of(right)
        let crumbs = state.breadcrumbs.joined(separator: " › ")
        let room = max(0, row.width - 2 - (rightWidth > 0 ? rightWidth + 3 : 0))
        // Keep the end of the breadcrumb (the screen you are on) when it is cut.
        var text = crumbs
        if DisplayWidth.of(text) > room {
            let ell = theme.glyphs.ellipsis
            var chars = Array(text)
            while !chars.isEmpty && DisplayWidth.of(String(chars)) + DisplayWidth.of(ell) > room { chars.removeFirst() }
            text = ell + String(chars)
        }
        buffer.put(x: row.x + 1, y: row.y, text: text, attrs: theme.title, clip: row)
        if rightWidth > 0 {
            buffer.put(x: row.maxX - 1 - rightWidth, y: row.y, text: right, attrs: theme.dim, clip: row)
        }
    }

    // MARK: lists

    /// The column that holds what a list is about (pools, IPs, bound servers): it takes the
    /// spare width and gives way last.
    static func isMain(_ c: Column) -> Bool {
        [.pools, .fixedIPs, .ips, .summary, .boundServers, .boundServersCheck].contains(c.key)
            || c.key == FindingRow.mainColumn
    }

    /// Column widths for `width` cells: every column as wide as its content (other columns
    /// capped near their preferred width); when that does not fit, the id gives way first
    /// (down to 8, then hidden), then the other columns (widest first, down to 6), and the
    /// main column last (down to 20). Spare width goes to the main column. nil marks a hidden
    /// column.
    static func columnWidths(_ columns: [Column], content: [Int], width: Int) -> [Int?] {
        let n = columns.count
        guard n > 0 else { return [] }
        let idIndex = columns.firstIndex { $0.key == .id }
        let main = columns.firstIndex(where: isMain)
        let want = columns.indices.map { i -> Int in
            if i == main || i == idIndex { return content[i] }
            return min(content[i], max(columns[i].width, 12))
        }
        var widths: [Int?] = want.map { Optional($0) }
        func used() -> Int {
            let shown = widths.compactMap { $0 }
            return shown.reduce(0, +) + 2 * max(0, shown.count - 1) + 1
        }
        if let id = idIndex, used() > width {
            let over = used() - width
            if want[id] - over >= 8 { widths[id] = want[id] - over } else { widths[id] = nil }
        }
        // The main column keeps at least 35% of the width while the others give way.
        let mainFloor = main.map { min(want[$0], max(20, width * 35 / 100)) } ?? 0
        if let m = main, used() > width {
            widths[m] = max(mainFloor, want[m] - (used() - width))
        }
        if used() > width {
            // Shrink the others (not main, not id), widest first, down to 6.
            let others = columns.indices.filter { $0 != main && $0 != idIndex }
            // Addresses and times stay whole longest: cut short they are useless.
            let floors = others.map { i -> Int in
                let t = columns[i].key
                return min([.address, .cidr, .gateway].contains(t) ? 15 : t == .time ? 19 : t == .name ? 12 : 6, want[i])
            }
            let shrunk = WidthFitting.shrink(others.map { want[$0] }, floors: floors,
                                             to: max(0, others.map { want[$0] }.reduce(0, +) - (used() - width)))
            for (k, i) in others.enumerated() { widths[i] = shrunk[k] }
        }
        if let m = main, let w = widths[m], used() > width { widths[m] = max(10, w - (used() - width)) }
        if used() < width, let m = main, let w = widths[m] {
            widths[m] = w + width - used()
        }
        return widths
    }

    static func tableView(_ t: TableSnapshot, width: Int, theme: Theme) -> TableView<[[String]]> {
        let all = AppKeys.displayOrder(t.columns)
        var content = all.map { DisplayWidth.of(t.columns[$0].title) + 1 }
        let nameIndex = t.columns.firstIndex { $0.key == .name }
        for row in t.measure + t.rows {
            for (k, i) in all.enumerated() where i < row.count {
                // An empty name may show the id's start: "(1234abcd)".
                let w = i == nameIndex && row[i].isEmpty ? 10 : DisplayWidth.of(row[i])
                if w > content[k] { content[k] = w }
            }
        }
        let widths = columnWidths(all.map { t.columns[$0] }, content: content, width: width)
        let order = all.indices.filter { widths[$0] != nil }.map { all[$0] }
        let columns = all.indices.compactMap { k -> TableColumn? in
            guard let w = widths[k] else { return nil }
            let c = t.columns[all[k]]
            return TableColumn(c.title, width: .fixed(w), alignment: c.alignment == .right ? .right : .left)
        }
        var rows = t.rows.map { row in order.map { $0 < row.count ? row[$0] : "" } }
        // With the id hidden, a row without a name would be anonymous: show the id's start.
        if let id = t.columns.firstIndex(where: { $0.key == .id }), !order.contains(id),
           let name = order.firstIndex(where: { t.columns[$0].key == .name })
        {
            for (r, row) in t.rows.enumerated() where rows[r][name].isEmpty && id < row.count {
                rows[r][name] = "(" + String(row[id].prefix(8)) + ")"
            }
        }
        let empty = t.total == 0 ? TUIText.emptyList.text : TUIText.noRowMatches(t.filter)
        let sortColumn = order.firstIndex(of: t.sort.column)
        return TableView(columns: columns, rows: rows, selected: t.selection.map { $0 - t.firstRow }, scrollOffset: 0,
                         sort: sortColumn.map { ($0, t.sort.ascending) }, emptyText: empty)
    }

    // MARK: detail view

    static func drawDetail(_ d: DetailState, in area: Rect, on buffer: inout CellBuffer, theme: Theme) {
        buffer.fill(area)
        guard area.height > 1 else { return }
        let head = area.row(0)
        buffer.fill(head, attrs: theme.tableHeader)
        let rows = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        let inner = Rect(x: rows.x + 1, y: rows.y, width: rows.width - 2, height: rows.height)
        if d.showsRawJSON {
            buffer.put(x: head.x + 1, y: head.y, text: TUIText.rawJSONHeader.text, attrs: theme.tableHeader, clip: head)
            let position = "\(min(d.json.count, d.scroll + 1))-\(min(d.json.count, d.scroll + rows.height))/\(d.json.count)"
            buffer.put(x: head.maxX - 1 - DisplayWidth.of(position), y: head.y, text: position, attrs: theme.tableHeader, clip: head)
            for (i, line) in d.json.dropFirst(d.scroll).prefix(rows.height).enumerated() {
                let y = rows.y + i
                let selected = d.scroll + i == d.cursor
                if selected { buffer.fill(rows.row(i), attrs: theme.selection) }
                buffer.put(x: inner.x, y: y, text: DisplayWidth.truncate(line, to: inner.width, ellipsis: theme.glyphs.ellipsis),
                           attrs: selected ? theme.selection : .none, clip: inner)
            }
            return
        }
        let labelWidth = min(max(5, d.view.lines.map { DisplayWidth.of($0.label) }.max() ?? 0), max(8, inner.width / 3))
        buffer.put(x: head.x + 1, y: head.y, text: DisplayWidth.pad(TUIText.fieldHeader.text, to: labelWidth) + "  " + TUIText.valueHeader.text,
                   attrs: theme.tableHeader, clip: head)
        let link = theme.glyphs.box == .ascii ? " >" : " ›"
        for (i, line) in d.view.lines.dropFirst(d.scroll).prefix(rows.height).enumerated() {
            let y = rows.y + i
            let selected = d.scroll + i == d.cursor
            let base: Attributes = selected ? theme.selection : .none
            if selected { buffer.fill(rows.row(i), attrs: base) }
            buffer.put(x: inner.x, y: y, text: DisplayWidth.fit(line.label, to: labelWidth, ellipsis: theme.glyphs.ellipsis),
                       attrs: base.union(theme.label), clip: inner)
            let valueRoom = inner.width - labelWidth - 2
            let suffix = line.link == nil ? "" : link
            let value = DisplayWidth.truncate(line.value, to: max(0, valueRoom - DisplayWidth.of(suffix)), ellipsis: theme.glyphs.ellipsis)
            let x = buffer.put(x: inner.x + labelWidth + 2, y: y, text: value,
                               attrs: line.link == nil ? base : base.union(.underline), clip: inner)
            if !suffix.isEmpty { buffer.put(x: x, y: y, text: suffix, attrs: base.union(theme.hintKey), clip: inner) }
        }
    }

    // MARK: status line

    static func statusBar(_ state: AppState) -> StatusBar {
        let s = state.statusLine
        return StatusBar(message: s.text, isError: s.kind == .error, spinnerFrame: s.spinnerFrame, hints: hints(state))
    }

    static func hints(_ state: AppState) -> [Hint] {
        switch AppKeys.context(state) {
        case .filter: return [Hint("Enter", TUIText.hintKeep.text), Hint("Esc", TUIText.hintCancel.text)]
        case .command: return [Hint("Enter", TUIText.hintGo.text), Hint("Esc", TUIText.hintCancel.text)]
        case .help: return [Hint("Esc", TUIText.hintClose.text)]
        case .errors: return [Hint("Esc", TUIText.hintClose.text)]
        case .export: return [Hint("Y", ToolKeyText.hintCopy.text), Hint("Esc", TUIText.hintClose.text)]
        case .detail:
            return [Hint("Enter", TUIText.hintFollow.text), Hint("y", "JSON"), Hint("Esc", TUIText.hintBack.text),
                    Hint("?", TUIText.hintHelp.text)]
        case .wizard:
            switch state.wizard?.step {
            case .plan: return [Hint("a", TUIText.hintApply.text), Hint("Esc", TUIText.hintBack.text)]
            case .apply: return []
            case .result:
                // Enter jumps to the VIP only when the run left one; else it closes.
                return state.wizard?.vipToJumpTo != nil ? [Hint("Enter", TUIText.hintJumpToVIP.text), Hint("Esc", TUIText.hintClose.text)]
                    : [Hint("Enter", TUIText.hintClose.text), Hint("Esc", TUIText.hintClose.text)]
            case .options: return [Hint("Tab", TUIText.hintField.text), Hint("Space", TUIText.hintSwitch.text),
                                    Hint("Enter", TUIText.hintPlan.text)]
            default: return [Hint("Enter", TUIText.hintNext.text), Hint("Esc", TUIText.hintBack.text)]
            }
        case .doctor:
            return [Hint("Enter", ToolKeyText.hintFix.text), Hint("d", ToolKeyText.hintPort.text),
                    Hint("r", ToolKeyText.hintCheckAgain.text), Hint("?", TUIText.hintHelp.text)]
        case .networks, .ports, .servers, .vips, .journal:
            var out: [Hint] = []
            if state.lastError != nil { out.append(Hint("e", TUIText.hintError.text)) }
            out += [Hint("Enter", TUIText.hintOpen.text), Hint("/", TUIText.hintFilter.text), Hint(":", TUIText.hintJump.text),
                    Hint("?", TUIText.hintHelp.text)]
            return out
        }
    }
}
