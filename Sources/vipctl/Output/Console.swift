import CloudAPI
import Foundation

/// The only way vipctl's commands write to stdout and stderr. Every byte goes through `Inert`
/// (the sanitiser the TUI draws through too): text vipctl lays out keeps its newlines, and any
/// control or invisible format character that came with a name, a message or a header is
/// written as a visible escape. JSON keeps JSON's own escapes and gets `\u` escapes for the
/// characters JSONEncoder leaves raw (DEL, C1 controls, bidi and other format characters).
/// scripts/test.sh rejects a write to stdout or stderr anywhere else in Sources/vipctl.
enum Console {
    static func out(_ text: String) { FileHandle.standardOutput.write(Data(Inert.lines(text).utf8)) }

    static func err(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data(Inert.lines(text + (newline ? "\n" : "")).utf8))
    }

    /// One line on stderr: `text` cannot span lines, whatever it holds.
    static func errLine(_ text: String) { FileHandle.standardError.write(Data((Inert.field(text) + "\n").utf8)) }

    /// A JSON document on stdout, followed by a newline.
    static func json(_ data: Data) { FileHandle.standardOutput.write(Inert.json(data) + Data("\n".utf8)) }

    static func encodeJSON<T: Encodable>(_ value: T) -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? enc.encode(value)) ?? Data("null".utf8)
    }
}
