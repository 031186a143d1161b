import CloudAPI
import Foundation
import TerminalUI
import TestSupport
import Testing

/// The TUI draws a hostile name the way the headless commands print it: through `Inert`,
/// visibly escaped, one cell per column, nothing raw in any cell.
@Suite("App screens with hostile names", .serialized)
@MainActor
struct HostileNameScreenTests {
    @Test("the ports list shows an escape-laden name escaped; no cell holds a control or format character; columns aligned")
    func portsList() async throws {
        try await AppHarness.with(width: 120, height: 30) { h in
            let token = try await h.sim.token()
            let prod = try await h.sim.firstNetwork(named: "prod-net", token: token)
            let name = "ev\u{1B}]0;pwned\u{07}\u{1B}[31m\u{202E}il\u{200B}"
            let port = try await h.sim.makePort(token: token, network: prod.id, extra: [("name", .string(name))])
            try await h.press(.char(":"))
            try await h.type("ports")
            try await h.press(.enter)
            try await h.press(.char("r"))
            try await h.press(.char("/"))
            try await h.type("pwn")
            try await h.press(.enter)
            let row = try #require(h.screen.firstIndex { $0.contains("ev\\e") }, "\(h.screen.joined(separator: "\n"))")
            #expect(h.screen[row].contains("ev\\e]0;pwn"), "\(h.screen[row])")
            let buffer = h.driver.screenBuffer
            for y in 0..<buffer.height {
                for x in 0..<buffer.width {
                    #expect(!buffer[x: x, y: y].text.unicodeScalars.contains(where: Inert.escapes), "cell \(x),\(y)")
                }
            }
            // The next column starts where the header's does.
            let header = try #require(h.screen.first { $0.contains("NAME") && $0.contains("DEVICE OWNER") })
            let ownerAt = header.distance(from: header.startIndex, to: try #require(header.range(of: "FIXED IPS")).lowerBound)
            let line = h.screen[row]
            let cells = Array(line)
            #expect(cells.count > ownerAt && cells[ownerAt - 1] == " " && cells[ownerAt] != " ", "\(header)\n\(line)")
            #expect(port.id.count == 36)
        }
    }
}
