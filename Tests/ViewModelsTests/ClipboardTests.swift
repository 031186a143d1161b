import CloudAPI
import Foundation
import L10n
import Testing
import VIPCore
@testable import ViewModels

@Suite("Reducer: copy to the clipboard (OSC 52) and the export overlay")
struct ClipboardTests {
    typealias JF = JournalFixtures

    @Test("Y, I, J copy the selected row's id, IP and JSON: an effect for the driver and a line on the status bar")
    func copySelection() throws {
        var s = try loadedState(start: .ports)
        let ref = try #require(s.currentList?.selectedRef)
        let port = try #require(s.data.ports.first { $0.id == ref.id })
        #expect(reduce(&s, .copiedSelection(.id)) == [.copyToClipboard(port.id)])
        #expect(s.notice == "copied id (OSC 52): \(port.id)")
        let ip = try #require(port.fixedIPs.first?.ipAddress)
        #expect(reduce(&s, .copiedSelection(.ip)) == [.copyToClipboard(ip)])
        #expect(s.notice == "copied IP (OSC 52): \(ip)")
        let effects = reduce(&s, .copiedSelection(.json))
        guard case .copyToClipboard(let json)? = effects.first else {
            Issue.record("no copy effect: \(effects)")
            return
        }
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["id"] as? String == port.id)
        // In Chinese, the status line says so in the vendor's words.
        L10n.with(.zh) {
            #expect(reduce(&s, .copiedSelection(.id)) == [.copyToClipboard(port.id)])
            #expect(s.notice?.contains("剪贴板") == true)
        }
    }

    @Test("nothing to copy: no effect, and the status line says so")
    func nothingToCopy() throws {
        var s = try loadedState(start: .ports)
        s.stack = [.root(.journal)]
        #expect(reduce(&s, .copiedSelection(.ip)) == [])
        #expect(s.notice == "nothing to copy here")
    }

    @Test("E on the journal shows the run as openstack commands; o/c/t/p switch the format; Y copies it; Esc closes")
    func exportOverlay() throws {
        var s = try loadedState(start: .ports)
        #expect(reduce(&s, .openedExport) == [])
        #expect(s.notice == "no plan or journal run to export here")
        #expect(s.overlay == nil)
        _ = reduce(&s, .startedCommand)
        _ = reduce(&s, .typedCommand("journal"))
        _ = reduce(&s, .ranCommand)
        _ = reduce(&s, .journalLoaded(JF.listing, generation: s.journal.generation))
        _ = reduce(&s, .jumpedToBottom)  // the bind run: it changed vip-web's pairs
        #expect(s.selectedJournalRun?.runID == JF.bindID)
        _ = reduce(&s, .openedExport)
        #expect(s.overlay == .export(.openstack))
        let cli = try #require(s.exportText)
        #expect(cli.contains("openstack port set --allowed-address ip-address=192.168.10.11 vip-web"))
        // Other keys are refused while it is open.
        #expect(reduce(&s, .movedDown) == [])
        #expect(s.notice == "close the export first")
        _ = reduce(&s, .choseExportFormat(.curl))
        #expect(s.overlay == .export(.curl))
        let curl = try #require(s.exportText)
        #expect(curl.contains("$OS_TOKEN"))
        #expect(reduce(&s, .copiedExport) == [.copyToClipboard(curl)])
        #expect(s.notice?.hasPrefix("copied export (OSC 52): ") == true)
        _ = reduce(&s, .wentBack)
        #expect(s.overlay == nil)
        #expect(reduce(&s, .copiedExport) == [])
        #expect(s.notice == "the export is not open")
    }
}
