import CloudAPI
import Testing
@testable import ViewModels

@Suite("Store: notices of the cloud session reach the status line", .timeLimit(.minutes(1)))
struct CloudNoticeStoreTests {
    @Test("a notice posted while a list loads (invalid UTF-8 repaired) is shown in the status line; the lists still load")
    func noticeAfterLoad() async throws {
        let c = try Fixtures.cloud()
        let pending = Locked(["Neutron's answer to GET /v2.0/ports held invalid UTF-8 (2 bytes shown as \u{FFFD}); the rest was read as sent"])
        var env = fakeEnvironment(c)
        env.cloudNotices = {
            pending.withLock { lines in
                let out = lines
                lines = []
                return out
            }
        }
        let store = Store(state: freshState(start: .ports), environment: env)
        await store.send(.launched)
        await store.waitForIdle()
        let state = await store.state
        #expect(state.statusLine == StatusLine(kind: .notice,
                                               text: "Neutron's answer to GET /v2.0/ports held invalid UTF-8 (2 bytes shown as \u{FFFD}); the rest was read as sent"))
        #expect(state.data == c)
        #expect(state.loads == [.networks: .loaded, .subnets: .loaded, .ports: .loaded, .servers: .loaded])
    }
}
