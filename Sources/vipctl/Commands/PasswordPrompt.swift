import CloudAPI
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a password from the controlling terminal with echo off (like `getpass(3)`). The
/// executable's (CloudAPI only takes a prompt function: `ConfigLoader(passwordPrompt:)`).
/// Not reentrant: one prompt at a time.
enum PasswordPrompt {
    /// Standard input is a terminal and `/dev/tty` can be opened: asking is possible.
    static var terminalAttached: Bool {
        guard isatty(STDIN_FILENO) == 1 else { return false }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Writes `prompt` to `/dev/tty`, reads one line with echo off and returns it without the
    /// line end. Echo is restored on every path, and also when SIGINT, SIGTERM, SIGHUP or SIGQUIT
    /// ends the process during the prompt. Returns nil when there is no terminal or reading fails;
    /// an empty string when the line is empty or input ends.
    static func readWithoutEcho(prompt: String) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)

        write(fd, prompt)
        SavedTerminal.fd.pointee = fd
        SavedTerminal.state.pointee = saved
        let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
        let previous = signals.map { signal($0, restoreTerminalAndReraise) }
        defer {
            var state = saved
            _ = tcsetattr(fd, TCSAFLUSH, &state)
            SavedTerminal.fd.pointee = -1
            for (sig, handler) in zip(signals, previous) { _ = signal(sig, handler) }
            write(fd, "\n")  // the Enter the user typed was not echoed
        }
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { return nil }

        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n == 1 {
                if byte == UInt8(ascii: "\n") { break }
                bytes.append(byte)
            } else if n == 0 {
                break
            } else if errno != EINTR {
                return nil
            }
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        for i in bytes.indices { bytes[i] = 0 }
        return line
    }

    /// Writes to the terminal through the sanitiser: the prompt names a user and a URL from
    /// clouds.yaml.
    private static func write(_ fd: Int32, _ text: String) {
        var rest = Array(Inert.lines(text).utf8)[...]
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { buffer in
                #if canImport(Darwin)
                Darwin.write(fd, buffer.baseAddress, buffer.count)
                #elseif canImport(Glibc)
                Glibc.write(fd, buffer.baseAddress, buffer.count)
                #else
                Musl.write(fd, buffer.baseAddress, buffer.count)
                #endif
            }
            if n > 0 {
                rest = rest.dropFirst(n)
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// What the signal handler restores. Raw memory, allocated once, so the handler touches no
/// Swift runtime machinery beyond plain loads.
private enum SavedTerminal {
    nonisolated(unsafe) static let fd: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: -1)
        return p
    }()
    nonisolated(unsafe) static let state: UnsafeMutablePointer<termios> = {
        let p = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        p.initialize(to: termios())
        return p
    }()
}

private func restoreTerminalAndReraise(_ sig: Int32) {
    let fd = SavedTerminal.fd.pointee
    if fd >= 0 { _ = tcsetattr(fd, TCSAFLUSH, SavedTerminal.state) }
    _ = signal(sig, SIG_DFL)
    _ = raise(sig)
}
