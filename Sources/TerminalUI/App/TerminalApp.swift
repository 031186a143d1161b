import ViewModels

/// The app loop: keys from the driver go through the keybinding table into the store; every
/// changed state is rendered and flushed; a timer ticks the spinner. API calls run in the
/// store's effect tasks, never on this loop, so input is never blocked by the network.
@MainActor
public final class TerminalApp {
    public let driver: any TerminalDriver
    public let store: Store
    private let tickInterval: Duration
    /// Keys taken from the driver and applied to the store.
    public private(set) var keysHandled = 0
    /// The last state drawn.
    public private(set) var renderedState: AppState?
    public private(set) var framesDrawn = 0
    /// Texts handed to the driver's clipboard.
    public private(set) var clipboardWrites = 0
    /// Set once `.launched` was sent, and once the loop ended.
    public private(set) var launched = false
    public private(set) var finished = false
    private var theme = Theme.monochrome()

    public init(driver: any TerminalDriver, store: Store, tickInterval: Duration = .milliseconds(100)) {
        self.driver = driver
        self.store = store
        self.tickInterval = tickInterval
    }

    /// Starts the driver, runs until the user quits or input ends, and restores the terminal
    /// (also when this task is cancelled). Throws when the driver cannot start (no terminal,
    /// unknown `TERM`): nothing was drawn then.
    public func run() async throws(TerminalError) {
        try driver.start()
        defer { driver.stop() }
        theme = Theme.forTerminal(driver.capabilities)
        let size = driver.size()
        await store.send(.resized(width: size.width, height: size.height))
        if let notice = driver.capabilities.notice { await store.send(.noticed(notice)) }
        let updates = await store.updates()
        let renderer = Task { @MainActor [weak self] in
            for await state in updates {
                guard let self else { return }
                self.draw(state)
            }
        }
        let clipboard = await store.clipboardRequests()
        let copier = Task { @MainActor [weak self] in
            for await text in clipboard {
                guard let self else { return }
                self.driver.copyToClipboard(text)
                self.clipboardWrites += 1
            }
        }
        await store.send(.launched)
        launched = true
        let store = self.store
        let interval = tickInterval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await store.send(.tick)
            }
        }
        for await key in driver.keys {
            if Task.isCancelled { break }
            if key == .resize {
                let s = driver.size()
                await store.send(.resized(width: s.width, height: s.height))
            } else {
                await store.send(resolving: { AppKeys.action(for: key, in: $0) })
            }
            keysHandled += 1
            if await store.state.shouldQuit { break }
        }
        ticker.cancel()
        copier.cancel()
        if await !store.state.shouldQuit { await store.send(.quitRequested) }
        await renderer.value
        finished = true
    }

    private func draw(_ state: AppState) {
        guard !state.shouldQuit else {
            // A quit that came without a key (an apply that finished after Q, a signal) ends
            // the key loop too.
            driver.stop()
            return
        }
        driver.flush(AppRenderer.render(state, theme: theme))
        renderedState = state
        framesDrawn += 1
    }

    /// For tests: returns once `keys` keys have been handled, no effect is running, and the
    /// screen shows the store's current state.
    public func waitUntilIdle(keys: Int, timeout: Duration = .seconds(20)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if finished { return true }
            if launched && keysHandled >= keys {
                await store.waitForIdle()
                let current = await store.state
                if renderedState == current, await store.pendingEffects == 0 { return true }
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return false
    }
}
