import CNcurses
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts the terminal back (endwin) on every way out of the process while curses is active:
/// fatal signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT, and the crash signals a Swift runtime
/// error or an uncaught error raises: SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE) and
/// `exit` (an atexit hook).
///
/// A handler calls endwin once, puts back the disposition it replaced (so a crash still
/// reaches Swift's backtracer) and raises the signal again. Signals the process inherited as
/// ignored (nohup, or an app that handles SIGINT itself through a dispatch source) stay ignored.
public enum TerminalRestore {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]
    /// Signals the app handles itself (it stops an apply first, then quits through the normal
    /// path, which restores the terminal): `install` leaves them alone. Without this, whether
    /// our handler or the app's dispatch source saw the signal first was a race, and when ours
    /// did, it ended curses early and the final restore was skipped.
    @MainActor private static var leftToApp: Set<Int32> = []

    /// Leaves `signals` to the app (call before the driver starts).
    @MainActor
    public static func leaveToApp(_ signals: [Int32]) { leftToApp = Set(signals) }
    private static let slots = 65

    /// curses is active: endwin still has to run.
    static let active = Atomic<Bool>(false)
    private static let atexitRegistered = Atomic<Bool>(false)
    // Plain memory, never reallocated, so a signal handler can read it without ARC or locks.
    nonisolated(unsafe) private static let saved = UnsafeMutablePointer<sigaction>.allocate(capacity: slots)
    nonisolated(unsafe) private static let installed: UnsafeMutablePointer<Bool> = {
        let p = UnsafeMutablePointer<Bool>.allocate(capacity: slots)
        p.initialize(repeating: false, count: slots)
        return p
    }()

    /// Installs the handlers and the atexit hook. Call before newterm (so ncurses sees our
    /// SIGINT/SIGTERM handlers and does not install its own).
    @MainActor
    static func install() {
        // Touch every static now: a lazy initialiser must not first run inside a handler.
        _ = active.load(ordering: .relaxed)
        _ = saved
        _ = installed
        if !atexitRegistered.exchange(true, ordering: .relaxed) {
            // A global function, not a closure: a closure written here would inherit the main
            // actor, and Swift 6 checks that isolation at run time: exit() on another thread
            // would then crash in dispatch_assert_queue.
            atexit(terminalRestoreAtExit)
        }
        for sig in signals where sig < slots && !leftToApp.contains(sig) {
            var current = sigaction()
            guard sigaction(sig, nil, &current) == 0 else { continue }
            if isIgnore(current) { continue }
            saved[Int(sig)] = current
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            setHandler(&action, terminalRestoreHandler)
            if sigaction(sig, &action, nil) == 0 { installed[Int(sig)] = true }
        }
    }

    /// Puts back the dispositions `install` replaced.
    @MainActor
    static func uninstall() {
        for sig in signals where sig < slots && installed[Int(sig)] {
            sigaction(sig, saved + Int(sig), nil)
            installed[Int(sig)] = false
        }
    }

    /// Runs endwin if curses is still active (at most once).
    static func restoreNow() {
        if active.exchange(false, ordering: .acquiringAndReleasing) { endwin() }
    }

    /// Called from the signal handler.
    fileprivate static func handle(_ sig: Int32) {
        restoreNow()
        if sig >= 0 && sig < slots && installed[Int(sig)] {
            sigaction(sig, saved + Int(sig), nil)
        } else {
            signal(sig, SIG_DFL)
        }
        // Blocked while this handler runs; delivered (to the old disposition) on return.
        raise(sig)
    }

    private static func isIgnore(_ a: sigaction) -> Bool {
        #if os(Linux)
        return unsafeBitCast(a.__sigaction_handler.sa_handler, to: Int.self) == 1
        #else
        return unsafeBitCast(a.__sigaction_u.__sa_handler, to: Int.self) == 1
        #endif
    }

    private static func setHandler(_ a: inout sigaction, _ h: @escaping @convention(c) (Int32) -> Void) {
        #if os(Linux)
        a.__sigaction_handler.sa_handler = h
        #else
        a.__sigaction_u.__sa_handler = h
        #endif
    }
}

// Nonisolated global functions (see `install`): they run on whatever thread the signal or
// exit() happens on.
private func terminalRestoreHandler(_ sig: Int32) {
    TerminalRestore.handle(sig)
}

private func terminalRestoreAtExit() {
    TerminalRestore.restoreNow()
}
