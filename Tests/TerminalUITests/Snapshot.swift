import Foundation
import Testing

/// Text snapshots in `__Snapshots__/NAME.txt` next to this file (NAME may name a folder:
/// `widgets/…`, `render/…`). A missing or different snapshot fails. `VIPCTL_RECORD_SNAPSHOTS=1
/// swift test ...` writes the files that are missing or differ, and that run still fails for
/// each file it wrote (review the files, then run again without it); a run that records can
/// never pass by accident. CI clears the variable (`.ci/run`).
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")

    /// Whether this run records snapshots.
    static var recording: Bool { ProcessInfo.processInfo.environment["VIPCTL_RECORD_SNAPSHOTS"] == "1" }

    /// Replaces the parts of a line that differ between runs (UUIDs, whole or cut) with `#`.
    static func mask(_ line: String) -> String {
        var chars = Array(line)
        var i = 0
        while i < chars.count {
            var j = i
            while j < chars.count, chars[j].isHexDigit && chars[j].isASCII || chars[j] == "-" { j += 1 }
            let run = chars[i..<j]
            let hex = run.filter { $0 != "-" }
            // An id: 8+ hex characters in groups the way UUIDs are written, or cut after 8.
            if hex.count >= 8, run.first != "-", run.contains(where: { $0.isNumber }),
               run.split(separator: "-").first?.count == 8
            {
                for k in i..<j where chars[k] != "-" { chars[k] = "#" }
            }
            i = j == i ? i + 1 : j
        }
        return String(chars)
    }

    static func assertMatches(_ lines: [String], _ name: String, record: Bool = recording, in directory: URL = directory,
                              sourceLocation: SourceLocation = #_sourceLocation)
    {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = lines.joined(separator: "\n") + "\n"
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if record, expected != actual {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                let was = expected == nil ? "missing" : "different"
                Issue.record("recorded \(name).txt (it was \(was)); review it, then run again without VIPCTL_RECORD_SNAPSHOTS",
                             sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not record \(name).txt: \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected else {
            Issue.record("no snapshot \(name).txt; record it with VIPCTL_RECORD_SNAPSHOTS=1 and review it", sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
        let gotRow = row < got.count ? got[row] : "(no row)"
        let wantRow = row < want.count ? want[row] : "(no row)"
        Issue.record(Comment(rawValue: "screen differs from \(name).txt at row \(row):\n got: \(gotRow)\nwant: \(wantRow)\nwhole screen:\n\(actual)"),
                     sourceLocation: sourceLocation)
    }
}
