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

    /// A JSON array written a page at a time: the bytes are exactly those of
    /// `json(encodeJSON(array))`, but only one page is held (`vipctl ports` at 100,000 ports).
    struct JSONArrayStream: ~Copyable {
        private var written = 0
        private let encoder: JSONEncoder

        init() {
            encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        }

        /// Appends `items` to the array on stdout.
        mutating func write<T: Encodable>(_ items: [T]) {
            var out: [UInt8] = []
            for item in items {
                out += written == 0 ? Array("[\n".utf8) : Array(",\n".utf8)
                written += 1
                let element = (try? encoder.encode(item)) ?? Data("null".utf8)
                // An element inside the array: every line that is not empty two columns in.
                var lineStart = true
                for byte in element {
                    if lineStart && byte != UInt8(ascii: "\n") { out += [0x20, 0x20] }
                    out.append(byte)
                    lineStart = byte == UInt8(ascii: "\n")
                }
            }
            if !out.isEmpty { FileHandle.standardOutput.write(Inert.json(Data(out))) }
        }

        /// Closes the array (an empty one reads `[` and `]` with an empty line between, as
        /// JSONEncoder writes it) and ends the line.
        consuming func finish() {
            FileHandle.standardOutput.write(Data((written == 0 ? "[\n\n]\n" : "\n]\n").utf8))
        }
    }
}
