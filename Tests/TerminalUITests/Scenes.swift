@testable import TerminalUI

/// Whole screens built from the widgets, as the app will lay them out: a header bar, the
/// body, and a status line.
enum Scenes {
    static let header = HeaderBar(left: ["vipctl", "huawei-cn", "cn-north-4", "生产项目", "admin"], mode: .readOnly)
    static let hints = [Hint("?", "help"), Hint("/", "filter"), Hint("q", "back")]

    static func frame(_ w: Int, _ h: Int, theme: Theme, status: StatusBar? = StatusBar(message: "30 ports", hints: hints),
                      body: (inout CellBuffer, Rect) -> Void) -> CellBuffer
    {
        var b = CellBuffer(width: w, height: h)
        header.draw(in: b.bounds.row(0), on: &b, theme: theme)
        body(&b, Rect(x: 0, y: 1, width: w, height: h - 2))
        status?.draw(in: b.bounds.row(h - 1), on: &b, theme: theme)
        return b
    }

    static func ports(_ w: Int, _ h: Int, selected: Int = 1, offset: Int = 0, theme: Theme = mono) -> CellBuffer {
        frame(w, h, theme: theme) { b, r in
            TableView(columns: portColumns, rows: portRows, selected: selected, scrollOffset: offset, sort: (0, true))
                .draw(in: r, on: &b, theme: theme)
        }
    }

    static let fields: [DetailPane.Field] = [
        .init("Name", "数据库主节点"),
        .init("ID", "6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f"),
        .init("Status", "ACTIVE"),
        .init("Device owner", "compute:cn-north-4a"),
        .init("Fixed IPs", "192.168.10.11 (subnet db-subnet 192.168.10.0/24)\n192.168.10.21 (subnet db-subnet 192.168.10.0/24)"),
        .init("Allowed address pairs",
              "192.168.10.100 fa:16:3e:11:22:33, 192.168.10.101 fa:16:3e:11:22:34, 192.168.10.102 fa:16:3e:11:22:35"),
        .init("Source/dest check", "off"),
        .init("Description", "主数据库服务器的网卡，承载虚拟 IP 192.168.10.100，由 keepalived 管理，切换时请先检查备节点状态。"),
    ]

    static func detail(_ w: Int, _ h: Int, offset: Int = 0) -> CellBuffer {
        frame(w, h, theme: mono, status: StatusBar(message: "port 数据库主节点", hints: [Hint("J", "JSON"), Hint("Esc", "back")])) { b, r in
            DetailPane(title: "Port 数据库主节点", content: .fields(fields), scrollOffset: offset).draw(in: r, on: &b, theme: mono)
        }
    }

    static let json = """
    {
      "port": {
        "id": "6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f",
        "name": "数据库主节点",
        "allowed_address_pairs": [
          {"ip_address": "192.168.10.100", "mac_address": "fa:16:3e:11:22:33"}
        ],
        "description": "a long description that certainly does not fit on one line of an 80 column terminal at all"
      }
    }
    """

    static func detailJSON(_ w: Int, _ h: Int, offset: Int) -> CellBuffer {
        frame(w, h, theme: mono, status: StatusBar(message: "port 数据库主节点 · raw JSON")) { b, r in
            DetailPane(title: "Port 数据库主节点 (JSON)", content: .text(json), scrollOffset: offset)
                .draw(in: Rect(x: r.x, y: r.y, width: r.width, height: min(r.height, 8)), on: &b, theme: mono)
        }
    }

    static func dialog(_ w: Int, _ h: Int) -> CellBuffer {
        var b = ports(w, h, selected: 0)
        Dialog(title: "Unbind VIP 192.168.10.100?",
               lines: ["This removes 192.168.10.100 from the allowed address pairs of 数据库主节点 (port 6f1c2d3e).", "",
                       "Nothing else changes."],
               buttons: ["Unbind", "Cancel"], selectedButton: 1)
            .draw(in: b.bounds, on: &b, theme: mono)
        return b
    }

    static func filter(_ w: Int, _ h: Int) -> CellBuffer {
        var b = frame(w, h, theme: mono, status: nil) { b, r in
            TableView(columns: portColumns, rows: Array(portRows.prefix(2)), selected: 0).draw(in: r, on: &b, theme: mono)
        }
        TextInput(prompt: "/", text: "数据库", cursor: 2).draw(in: b.bounds.row(h - 1), on: &b, theme: mono)
        return b
    }

    static let helpSections = [
        HelpSection(title: "Ports", entries: [
            HelpEntry(keys: [.enter], name: "open", description: "Open the selected port", context: .screen("ports"),
                      disabledReason: nil),
            HelpEntry(keys: [.char("b")], name: "bind", description: "Bind a VIP to this port", context: .screen("ports"),
                      disabledReason: "read-only mode"),
            HelpEntry(keys: [.char("s")], name: "sort", description: "Sort by the next column", context: .screen("ports"),
                      disabledReason: nil),
        ]),
        HelpSection(title: "Global", entries: [
            HelpEntry(keys: [.char("j"), .down], name: "down", description: "Move down", context: .global, disabledReason: nil),
            HelpEntry(keys: [.char("k"), .up], name: "up", description: "Move up", context: .global, disabledReason: nil),
            HelpEntry(keys: [.char("r")], name: "refresh", description: "Reload the list from the cloud", context: .global,
                      disabledReason: "a refresh is already running (started 3 s ago)"),
            HelpEntry(keys: [.char("Q"), .ctrl("c")], name: "quit", description: "Quit vipctl", context: .global,
                      disabledReason: nil),
        ]),
    ]

    static func help(_ w: Int, _ h: Int) -> CellBuffer {
        var b = ports(w, h)
        HelpOverlay(sections: helpSections, footer: "Esc closes").draw(in: b.bounds, on: &b, theme: mono)
        return b
    }

    static func error(_ w: Int, _ h: Int) -> CellBuffer {
        frame(w, h, theme: mono,
              status: StatusBar(message: "HTTP 409 IpAddressInUse: IP 192.168.10.100 is already allocated (req-4f2a9c1e)",
                                isError: true, hints: [Hint("e", "details")])) { b, r in
            TableView(columns: portColumns, rows: [[String]](), emptyText: "(no ports)").draw(in: r, on: &b, theme: mono)
        }
    }
}
