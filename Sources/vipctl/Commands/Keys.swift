import ArgumentParser
import L10n
import TerminalUI

/// `vipctl keys`: the key list as Markdown, generated from the UI's keybinding table (the
/// README's keys section is this output; a test keeps them equal).
struct Keys: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpText.keys.text) }

    func run() {
        Console.out(AppKeys.markdown)
    }
}
