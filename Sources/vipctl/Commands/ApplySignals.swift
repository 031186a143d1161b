import CloudAPI
import Dispatch
import Foundation
import L10n
import VIPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C, SIGTERM and a closed terminal (SIGHUP) during a headless apply: the first asks the
/// apply to stop (the step in flight finishes, what was done is rolled back, the report and
/// the journal are written, then vipctl exits 128+signal); the second is answered with what
/// is going on; the third quits at once and says the cloud may be left partly changed.
final class ApplySignals: @unchecked Sendable {
    let stop: StopSignal
    private let state = Locked<(count: Int, signal: Int32?)>((0, nil))
    /// Touched only by `install` and `uninstall`, on the command's own task.
    private var sources: [any DispatchSourceSignal] = []
    static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    init(stop: StopSignal) { self.stop = stop }

    /// The first signal received, if any.
    var received: Int32? { state.withLock { $0.signal } }

    static func name(_ sig: Int32) -> String {
        switch sig {
        case SIGINT: return CommandText.sigint.text
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return CommandText.sighup.text
        default: return CommandText.signalN(sig)
        }
    }

    func install() {
        // A closed terminal must not kill vipctl on its next write to it.
        signal(SIGPIPE, SIG_IGN)
        var made: [any DispatchSourceSignal] = []
        for sig in ApplySignals.watched {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler { [self] in self.received(sig) }
            src.resume()
            made.append(src)
        }
        sources = made
    }

    func uninstall() {
        for s in sources { s.cancel() }
        sources = []
        for sig in ApplySignals.watched { signal(sig, SIG_DFL) }
    }

    private func received(_ sig: Int32) {
        let n = state.withLock { s -> Int in
            s.count += 1
            if s.signal == nil { s.signal = sig }
            return s.count
        }
        switch n {
        case 1:
            stop.stop(ApplySignals.name(sig))
            VipFlow.stderr("vipctl: " + CommandText.stoppingOnSignal(ApplySignals.name(sig)))
        case 2:
            VipFlow.stderr("vipctl: " + CommandText.stillStopping.text)
        default:
            VipFlow.stderr("vipctl: " + CommandText.quitDuringApply.text)
            _exit(128 + sig)
        }
    }
}
