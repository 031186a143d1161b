/// Counts the requests a piece of work sends and the sequential round trips they took, as the
/// code that sends them sees it: every request passes `CloudSession.send`, which reports to
/// each meter active in the sending task (a task-local, inherited by child tasks, `async let`
/// and `Task {}`: the token a request waits for is counted where it was asked for).
///
/// A request's depth is one more than the deepest request that had finished when it was
/// sent; the round trips are the deepest depth: requests in flight together count once,
/// a request sent after another's answer counts after it.
public final class RoundTripMeter: Sendable {
    @TaskLocal public static var active: [RoundTripMeter] = []

    private struct State {
        var finishedDepth = 0
        var requests = 0
    }

    private let state = Locked(State())

    public init() {}

    /// Round trips on the critical path so far.
    public var roundTrips: Int { state.withLock { $0.finishedDepth } }
    /// Requests sent so far.
    public var requests: Int { state.withLock { $0.requests } }

    /// Runs `body` with this meter counting what it sends (on top of any meter already active).
    public func measure<T, E: Error>(_ body: () async throws(E) -> T) async throws(E) -> T {
        let meters = RoundTripMeter.active + [self]
        let r: Result<T, E> = await RoundTripMeter.$active.withValue(meters) {
            do throws(E) { return .success(try await body()) } catch { return .failure(error) }
        }
        return try r.get()
    }

    func begin() -> Int {
        state.withLock {
            $0.requests += 1
            return $0.finishedDepth + 1
        }
    }

    func end(_ depth: Int) {
        state.withLock { $0.finishedDepth = max($0.finishedDepth, depth) }
    }

    /// Called by `CloudSession.send` around every request.
    static func sending<T>(_ body: () async throws(CloudError) -> T) async throws(CloudError) -> T {
        let meters = active
        if meters.isEmpty { return try await body() }
        let depths = meters.map { $0.begin() }
        defer { for (m, d) in zip(meters, depths) { m.end(d) } }
        return try await body()
    }
}
