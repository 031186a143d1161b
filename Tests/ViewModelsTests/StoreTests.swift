import CloudAPI
import Synchronization
import Testing
@testable import ViewModels

/// Holds a load back until the test opens it.
actor Gate {
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isOpen = false

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for w in waiters { w.resume() }
        waiters = []
    }
}

struct Boom: Error {}

func pages<T: Sendable>(_ pages: [[T]], thenThrow error: (any Error)? = nil) -> AsyncThrowingStream<[T], any Error> {
    AsyncThrowingStream { c in
        for p in pages { c.yield(p) }
        if let error { c.finish(throwing: error) } else { c.finish() }
    }
}

func chunks<T>(_ items: [T], of size: Int) -> [[T]] {
    stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min(items.count, $0 + size)]) }
}

/// Fakes over the fixtures: ports in pages of 5 unless `ports` says otherwise.
func fakeEnvironment(_ c: CloudData, ports: (@Sendable () -> AsyncThrowingStream<[CloudAPI.Port], any Error>)? = nil,
                     subnets: (@Sendable () -> AsyncThrowingStream<[Subnet], any Error>)? = nil,
                     identity: Environment.Identity? = Environment.Identity(user: "alice", project: "ops")) -> Environment
{
    Environment(
        loadNetworks: { pages([c.networks]) },
        loadSubnets: subnets ?? { pages([c.subnets]) },
        loadPorts: ports ?? { pages(chunks(c.ports.array, of: 5)) },
        loadServers: { pages([c.servers.array]) },
        identify: { identity }
    )
}

/// The first state from the store's updates that satisfies `predicate`.
func firstState(_ store: Store, where predicate: (AppState) -> Bool) async -> AppState? {
    for await s in await store.updates() where predicate(s) { return s }
    return nil
}

@Suite("Store: effects through a fake environment", .timeLimit(.minutes(1)))
struct StoreTests {
    @Test("paged loads arrive; waitForIdle returns when every effect is done; the state is what the reducer makes of the pages")
    func pagedLoads() async throws {
        let c = try Fixtures.cloud()
        let store = Store(state: freshState(start: .ports), environment: fakeEnvironment(c))
        await store.send(.launched)
        await store.waitForIdle()
        #expect(await store.pendingEffects == 0)

        var expected = freshState(start: .ports)
        _ = reduce(&expected, .launched)
        _ = reduce(&expected, .identified(user: "alice", project: "ops"))
        _ = reduce(&expected, .pageLoaded(.networks(c.networks), generation: 1, done: false))
        _ = reduce(&expected, .pageLoaded(.networks([]), generation: 1, done: true))
        _ = reduce(&expected, .pageLoaded(.subnets(c.subnets), generation: 1, done: false))
        _ = reduce(&expected, .pageLoaded(.subnets([]), generation: 1, done: true))
        for page in chunks(c.ports.array, of: 5) { _ = reduce(&expected, .pageLoaded(.ports(page), generation: 1, done: false)) }
        _ = reduce(&expected, .pageLoaded(.ports([]), generation: 1, done: true))
        _ = reduce(&expected, .pageLoaded(.servers(c.servers.array), generation: 1, done: false))
        _ = reduce(&expected, .pageLoaded(.servers([]), generation: 1, done: true))
        let state = await store.state
        #expect(state == expected, "\(difference(expected, state))")
        #expect(state.data == c)
        #expect(state.loads == [.networks: .loaded, .subnets: .loaded, .ports: .loaded, .servers: .loaded])
        #expect(state.header.user == "alice")
        #expect(state.statusLine == StatusLine(kind: .info, text: "14 ports"))
    }

    @Test("the first page is on screen while the rest is still loading")
    func firstPageFirst() async throws {
        let c = try Fixtures.cloud()
        let gate = Gate()
        let env = fakeEnvironment(c, ports: {
            AsyncThrowingStream { cont in
                let task = Task {
                    cont.yield(Array(c.ports.array[0..<5]))
                    await gate.wait()
                    cont.yield(Array(c.ports.array[5...]))
                    cont.finish()
                }
                cont.onTermination = { _ in task.cancel() }
            }
        })
        let store = Store(state: freshState(start: .ports), environment: env)
        await store.send(.launched)
        let early = try #require(await firstState(store) { $0.data.ports.count == 5 })
        #expect(early.loads[.ports] == .loading(progress: 5))
        #expect(early.table?.rows.count == 5)
        #expect(early.table?.matching == 5)
        #expect(await store.pendingEffects >= 1)
        await gate.open()
        await store.waitForIdle()
        let done = await store.state
        #expect(done.loads[.ports] == .loaded)
        #expect(done.data.ports == c.ports.array)
        #expect(done.table?.matching == 14)
    }

    @Test("a failing load: the pages read stay, the status line has the one-line error")
    func failingLoad() async throws {
        let c = try Fixtures.cloud()
        let err = LoadingTests.serverError
        let store = Store(state: freshState(start: .ports),
                          environment: fakeEnvironment(c, ports: { pages([Array(c.ports.array[0..<3])], thenThrow: err) }))
        await store.send(.launched)
        await store.waitForIdle()
        let s = await store.state
        #expect(s.loads == [.networks: .loaded, .subnets: .loaded, .ports: .failed(err), .servers: .loaded])
        #expect(s.data.ports == Array(c.ports.array[0..<3]))
        #expect(s.statusLine == StatusLine(kind: .error, text: "ports: Neutron 500 InternalServerError [req-123]: boom"))
        #expect(s.lastError == err)
    }

    @Test("an error that is not a CloudError becomes a transport error")
    func foreignError() async throws {
        let c = try Fixtures.cloud()
        let store = Store(state: freshState(), environment: fakeEnvironment(c, subnets: { pages([], thenThrow: Boom()) }, identity: nil))
        await store.send(.launched)
        await store.waitForIdle()
        let s = await store.state
        let expected = CloudError.transport(TransportFailure(kind: .other, url: "", detail: "Boom()"))
        #expect(s.loads[.subnets] == .failed(expected))
        #expect(s.errorMessage == "subnets: request to  failed: Boom()")
        #expect(s.header == testHeader)
    }

    @Test("refresh replaces a load still running: the old one is cancelled and its pages never mix in")
    func refreshCancels() async throws {
        let c = try Fixtures.cloud()
        let calls = Mutex(0)
        let env = fakeEnvironment(c, ports: {
            let n = calls.withLock { n in
                n += 1
                return n
            }
            if n == 1 {
                // Never finishes on its own.
                return AsyncThrowingStream { cont in cont.yield(Array(c.ports.array[0..<2])) }
            }
            return pages([c.ports.array])
        })
        let store = Store(state: freshState(start: .ports), environment: env)
        await store.send(.launched)
        _ = await firstState(store) { $0.data.ports.count == 2 }
        await store.send(.refreshed)
        await store.waitForIdle()
        let s = await store.state
        #expect(calls.withLock { $0 } == 2)
        #expect(s.data.ports == c.ports.array)
        #expect(s.generations[.ports] == 2)
        #expect(s.loads[.ports] == .loaded)
    }

    @Test("subscribers get the current state, then each change; quitting ends the stream and the onChange callback sees it all")
    func updatesAndQuit() async throws {
        let seen = Mutex<[AppState]>([])
        let store = Store(state: freshState(), environment: fakeEnvironment(CloudData()), onChange: { s in seen.withLock { $0.append(s) } })
        var updates = await store.updates().makeAsyncIterator()
        #expect(await updates.next() == freshState())
        await store.send(.movedDown)  // nothing to move: no change, no notification
        await store.send(.toggledHelp)
        var help = freshState()
        _ = reduce(&help, .toggledHelp)
        #expect(await updates.next() == help)
        await store.send(.quitRequested)
        var quit = help
        _ = reduce(&quit, .quitRequested)
        #expect(await updates.next() == quit)
        #expect(await updates.next() == nil)
        #expect(seen.withLock { $0 } == [help, quit])
        // A subscriber that comes after the end gets the last state and the end.
        var late = await store.updates().makeAsyncIterator()
        #expect(await late.next() == quit)
        #expect(await late.next() == nil)
    }
}
