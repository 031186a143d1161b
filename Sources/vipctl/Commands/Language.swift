import L10n

/// `--lang en|zh`, accepted anywhere on the command line (before or after the subcommand):
/// taken out of the arguments before ArgumentParser sees them, and the language decided once,
/// before anything is printed.
enum Language {
    /// The arguments without `--lang X` / `--lang=X`, and the flag's value when given.
    static func split(_ arguments: [String]) -> (rest: [String], flag: String?) {
        var rest: [String] = []
        var flag: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            if argument == "--lang" {
                flag = index + 1 < arguments.count ? arguments[index + 1] : ""
                index += 2
                continue
            }
            if argument.hasPrefix("--lang=") {
                flag = String(argument.dropFirst("--lang=".count))
                index += 1
                continue
            }
            rest.append(argument)
            index += 1
        }
        return (rest, flag)
    }
}
