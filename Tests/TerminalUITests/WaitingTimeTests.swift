import CloudAPI
import TerminalUI
import Testing
import ViewModels

/// Issue 10: a server that accepts and never answers must not cost a silent wait. The status
/// bar shows how long vipctl has been waiting, from ticks the view model counts (no clock, no
/// terminal).
@Suite("Renderer: the time spent waiting for the cloud")
struct WaitingTimeTests {
    @Test("the status bar shows \"waiting N s for the cloud\" while loads run, from the state's ticks")
    func waitingShown() {
        var s = AppState(header: Header(cloud: "hcs", region: "r", project: "p", user: "u", mode: .live), size: TerminalSize(width: 80, height: 24))
        _ = reduce(&s, .resized(width: 80, height: 24))
        _ = reduce(&s, .launched)
        for _ in 0..<72 { _ = reduce(&s, .tick) }
        let lines = AppRenderer.render(s, theme: .monochrome()).lines()
        #expect(lines[23].contains("loading networks, subnets, ports, servers; waiting 7 s for the cloud"), "\(lines[23])")
        for _ in 0..<50 { _ = reduce(&s, .tick) }
        let later = AppRenderer.render(s, theme: .monochrome()).lines()
        #expect(later[23].contains("waiting 12 s for the cloud"), "\(later[23])")
    }
}
