import CloudAPI
import TerminalUI

/// Plain aligned tables for the headless commands; widths from TerminalUI's DisplayWidth
/// (CJK counts two columns). Every cell is one line and inert (`Inert.field`): a name holding
/// a newline or an escape sequence is shown escaped and the columns stay aligned.
struct Table {
    var header: [String]
    var rows: [[String]]

    init(header: [String], rows: [[String]]) {
        self.header = header.map(Inert.field)
        self.rows = rows.map { $0.map(Inert.field) }
    }

    func render() -> String {
        var widths = header.map(DisplayWidth.of)
        for r in rows {
            for (i, cell) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, c) in cells.enumerated() {
                let isLast = i == cells.count - 1
                out += c
                if !isLast { out += String(repeating: " ", count: widths[i] - DisplayWidth.of(c) + 2) }
            }
            return out
        }
        var text = line(header) + "\n"
        for r in rows { text += line(r) + "\n" }
        return text
    }
}
