import Testing
@testable import TerminalUI

/// The buffer's text, one line per row (trailing spaces trimmed), joined with newlines.
func text(_ b: CellBuffer) -> String { b.lines().joined(separator: "\n") }

/// One character per column describing the attributes of row `y`:
/// `R` reverse+bold, `r` reverse, `d` dim, `b` bold, `u` underline, `.` plain.
func style(_ b: CellBuffer, row y: Int) -> String {
    String((0..<b.width).map { x -> Character in
        let a = b[x: x, y: y].attrs
        if a.reverse { return a.bold ? "R" : "r" }
        if a.dim { return "d" }
        if a.bold { return "b" }
        if a.underline { return "u" }
        return "."
    })
}

/// Checks the wide-character invariant: every width-2 cell is followed by a continuation,
/// every continuation follows a width-2 cell with the same attributes.
func wideInvariantHolds(_ b: CellBuffer) -> Bool {
    for y in 0..<b.height {
        for x in 0..<b.width {
            let c = b[x: x, y: y]
            if c.width == 2 {
                guard x + 1 < b.width, b[x: x + 1, y: y].isContinuation, b[x: x + 1, y: y].attrs == c.attrs else { return false }
            }
            if c.isContinuation {
                guard x > 0, b[x: x - 1, y: y].width == 2 else { return false }
            }
            if c.width == 1 && DisplayWidth.of(c.text) != 1 { return false }
        }
    }
    return true
}

let mono = Theme.monochrome()
let colorTheme = Theme.color()

/// Ports as a screen would show them: CJK names, a long name, many rows.
let portColumns = [
    TableColumn("Name", width: .flex(min: 8)),
    TableColumn("ID", width: .auto(min: 8, max: 13)),
    TableColumn("Fixed IPs", width: .auto(min: 9)),
    TableColumn("Pairs", width: .auto(min: 5), alignment: .right),
    TableColumn("Src/Dst", width: .auto(min: 4)),
    TableColumn("Status", width: .auto(min: 4)),
]

let portRows: [[String]] = [
    ["数据库主节点", "6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f", "192.168.10.11", "2", "off", "ACTIVE"],
    ["数据库备节点", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "192.168.10.12", "2", "off", "ACTIVE"],
    ["keepalived-vip", "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a", "192.168.10.100", "0", "on", "DOWN"],
    ["负载均衡器-外网入口-华北区域-生产环境", "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", "10.20.0.5, 10.20.0.6", "1", "on", "ACTIVE"],
    ["web-frontend-01", "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "10.0.0.5", "0", "on", "BUILD"],
] + (1...25).map { i in
    let n = i < 10 ? "0\(i)" : "\(i)"
    return ["node-\(n)", "\(n)aa00bb-0000-4000-8000-0000000000\(n)", "10.0.1.\(i)", "0", "on", "ACTIVE"]
}
