import ArgumentParser
import TerminalUI

/// `vipctl keys`: the key list as Markdown, generated from the UI's keybinding table (the
/// README's keys section is this output; a test keeps them equal).
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the terminal UI's keys as Markdown (the README's key list)."
    )

    func run() {
        Console.out(AppKeys.markdown)
    }
}
