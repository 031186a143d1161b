import Foundation
import Testing
import TerminalUI
@testable import ViewModels

/// Copying with OSC 52 through the whole app on the headless driver: the exact bytes a
/// terminal receives, and the status line that says so.
@Suite("App: copy to the clipboard with OSC 52 (headless driver)", .serialized)
@MainActor
struct ClipboardAppTests {
    @Test("the sequence is ESC ] 52 ; c ; base64 BEL")
    func sequence() {
        #expect(OSC52.sequence("hi") == [0x1B, 0x5D, 0x35, 0x32, 0x3B, 0x63, 0x3B, 0x61, 0x47, 0x6B, 0x3D, 0x07])
        for text in ["", "a", "ab", "abc", "192.168.10.100", "数据库主节点", "{\"port\":{\"id\":\"x\"}}"] {
            let payload = String(decoding: OSC52.sequence(text).dropFirst(7).dropLast(), as: UTF8.self)
            #expect(payload == Data(text.utf8).base64EncodedString(), "\(text)")
        }
    }

    @Test(":ports, Y writes OSC 52 with the selected port's id to the terminal, and the status line says copied")
    func copyID() async throws {
        try await AppHarness.with { h in
            try await h.type(":ports")
            try await h.press(.enter)
            let ref = try #require(await h.store.state.currentList?.selectedRef)
            #expect(h.driver.written.isEmpty)
            try await h.press(.char("Y"))
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(5)
            while h.driver.written.isEmpty && clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            let expected = [0x1B, 0x5D] + Array("52;c;".utf8) + Array(Data(ref.id.utf8).base64EncodedString().utf8) + [0x07]
            #expect(h.driver.written == expected)
            #expect(h.screen.last?.contains("copied id (OSC 52): \(ref.id.prefix(20))") == true, "\(h.screen.last ?? "")")
        }
    }
}
