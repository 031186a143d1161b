import TerminalUI

/// Plain aligned tables for the headless commands; widths from TerminalUI's DisplayWidth
/// (CJK counts two columns).
struct Table {
    var header: [String]
    var rows: [[String]]

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
