/// Where a binding applies: everywhere, or on one screen (or overlay) by name.
public enum KeyContext: Hashable, Sendable {
    case global
    case screen(String)
}

/// One entry of the key table: the keys, what the action is called and does, where it
/// applies, and — evaluated against the current state — the action to send and why it is
/// disabled right now.
public struct KeyBinding<State, Action>: Sendable {
    public var keys: [Key]
    /// A short name, e.g. "open", "filter".
    public var name: String
    /// What it does, for help and the README.
    public var description: String
    public var context: KeyContext
    /// When it is disabled, in words, for the README (the live reason comes from `disabledReason`).
    public var disabledWhen: String?
    /// The action for this state, or nil when the binding does not apply (the key then falls
    /// through to the next binding, e.g. a global one).
    public var action: @Sendable (State) -> Action?
    /// Why the binding cannot be used in this state, or nil when it can.
    public var disabledReason: @Sendable (State) -> String?

    public init(_ keys: [Key], name: String, description: String, context: KeyContext = .global,
                disabledWhen: String? = nil,
                disabledReason: @escaping @Sendable (State) -> String? = { _ in nil },
                action: @escaping @Sendable (State) -> Action?)
    {
        self.keys = keys
        self.name = name
        self.description = description
        self.context = context
        self.disabledWhen = disabledWhen
        self.action = action
        self.disabledReason = disabledReason
    }

    /// The keys as shown to users: `j, Down`.
    public var keyLabel: String { keys.map(\.label).joined(separator: ", ") }
}

/// What pressing a key does in a state.
public enum KeyResolution<Action> {
    /// Send this action.
    case action(Action)
    /// The key belongs to a binding that is disabled now, for this reason (show it).
    case disabled(name: String, reason: String)
    /// Nothing is bound to the key here.
    case unbound
}

extension KeyResolution: Equatable where Action: Equatable {}
extension KeyResolution: Sendable where Action: Sendable {}

/// One line of help.
public struct HelpEntry: Hashable, Sendable {
    public var keys: [Key]
    public var name: String
    public var description: String
    public var context: KeyContext
    /// Why it is disabled right now, or nil.
    public var disabledReason: String?

    public init(keys: [Key], name: String, description: String, context: KeyContext, disabledReason: String?) {
        self.keys = keys
        self.name = name
        self.description = description
        self.context = context
        self.disabledReason = disabledReason
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: ", ") }
}

/// A titled group of help lines.
public struct HelpSection: Hashable, Sendable {
    public var title: String
    public var entries: [HelpEntry]

    public init(title: String, entries: [HelpEntry]) {
        self.title = title
        self.entries = entries
    }
}

/// The key table: resolves keys to actions for a state and screen, and produces the help
/// screen and the README's key list from the same bindings.
///
/// Resolution: the current screen's bindings for the key first, then the global ones, in
/// table order. A disabled binding answers `.disabled` (it shadows later ones); a binding
/// whose `action` is nil is skipped.
public struct KeyMap<State, Action>: Sendable {
    public let bindings: [KeyBinding<State, Action>]

    public init(_ bindings: [KeyBinding<State, Action>]) {
        self.bindings = bindings
    }

    /// The screens named by the bindings, in table order.
    public var screens: [String] {
        var seen: [String] = []
        for b in bindings {
            if case .screen(let s) = b.context, !seen.contains(s) { seen.append(s) }
        }
        return seen
    }

    private func candidates(for key: Key, screen: String) -> [KeyBinding<State, Action>] {
        let own = bindings.filter { $0.context == .screen(screen) && $0.keys.contains(key) }
        let global = bindings.filter { $0.context == .global && $0.keys.contains(key) }
        return own + global
    }

    /// What `key` does on `screen` in `state`.
    public func resolve(_ key: Key, in state: State, screen: String) -> KeyResolution<Action> {
        for b in candidates(for: key, screen: screen) {
            if let reason = b.disabledReason(state) { return .disabled(name: b.name, reason: reason) }
            if let action = b.action(state) { return .action(action) }
        }
        return .unbound
    }

    /// The action of the binding `resolve` would pick, whether or not it is disabled now (for
    /// apps whose reducer refuses disabled actions itself and says why); nil when unbound.
    public func action(for key: Key, in state: State, screen: String) -> Action? {
        for b in candidates(for: key, screen: screen) {
            if let action = b.action(state) { return action }
        }
        return nil
    }

    /// Help for `screen` in `state`: the screen's own bindings, then the global ones (without
    /// keys the screen rebinds; a global binding with no key left is left out). Each entry
    /// says why it is disabled now, if it is.
    public func help(for state: State, screen: String, screenTitle: String? = nil,
                     globalTitle: String = "Global") -> [HelpSection]
    {
        let own = bindings.filter { $0.context == .screen(screen) }
        let shadowed = Set(own.flatMap(\.keys))
        let ownEntries = own.map { entry($0, keys: $0.keys, state: state) }
        let globalEntries = bindings.filter { $0.context == .global }.compactMap { b -> HelpEntry? in
            let keys = b.keys.filter { !shadowed.contains($0) }
            return keys.isEmpty ? nil : entry(b, keys: keys, state: state)
        }
        var sections: [HelpSection] = []
        if !ownEntries.isEmpty { sections.append(HelpSection(title: screenTitle ?? screen, entries: ownEntries)) }
        if !globalEntries.isEmpty { sections.append(HelpSection(title: globalTitle, entries: globalEntries)) }
        return sections
    }

    private func entry(_ b: KeyBinding<State, Action>, keys: [Key], state: State) -> HelpEntry {
        HelpEntry(keys: keys, name: b.name, description: b.description, context: b.context,
                  disabledReason: b.disabledReason(state))
    }

    /// Keys bound more than once in the same context, one line each, e.g.
    /// `ports: j bound to down, jump`. Empty for a sound table.
    public func conflicts() -> [String] {
        var out: [String] = []
        let contexts: [KeyContext] = [.global] + screens.map { .screen($0) }
        for ctx in contexts {
            var names: [Key: [String]] = [:]
            var order: [Key] = []
            for b in bindings where b.context == ctx {
                for k in b.keys {
                    if names[k] == nil { order.append(k) }
                    names[k, default: []].append(b.name)
                }
            }
            for k in order {
                if let n = names[k], n.count > 1 {
                    out.append("\(Self.contextName(ctx)): \(k.label) bound to \(n.joined(separator: ", "))")
                }
            }
        }
        return out
    }

    private static func contextName(_ c: KeyContext) -> String {
        switch c {
        case .global: "global"
        case .screen(let s): s
        }
    }

    /// The key list as Markdown: one `###` section per context (global first, then screens in
    /// table order) with a table of keys, name, description and, when any binding has one,
    /// when it is disabled. Deterministic, so a test can compare it with the README.
    /// `headers`: the column titles (keys, action, description, disabled when).
    public func markdown(globalTitle: String = "Everywhere",
                         headers: [String] = ["Keys", "Action", "Description", "Disabled when"],
                         screenTitle: (String) -> String = { $0 }) -> String
    {
        let withWhen = bindings.contains { $0.disabledWhen != nil }
        var out: [String] = []
        let contexts: [(KeyContext, String)] = [(.global, globalTitle)] + screens.map { (.screen($0), screenTitle($0)) }
        for (ctx, title) in contexts {
            let rows = bindings.filter { $0.context == ctx }
            guard !rows.isEmpty else { continue }
            if !out.isEmpty { out.append("") }
            out.append("### \(Self.escape(title))")
            out.append("")
            let titles = withWhen ? headers.prefix(4) : headers.prefix(3)
            out.append("| " + titles.map(Self.escape).joined(separator: " | ") + " |")
            out.append(withWhen ? "|---|---|---|---|" : "|---|---|---|")
            for b in rows {
                var cells = [b.keys.map { Self.code($0.label) }.joined(separator: ", "), Self.escape(b.name),
                             Self.escape(b.description)]
                if withWhen { cells.append(Self.escape(b.disabledWhen ?? "")) }
                out.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `text` as a Markdown code span that survives a table cell.
    static func code(_ text: String) -> String {
        let t = text.replacingAll("|", with: "\\|")
        return text.contains("`") ? "`` \(t) ``" : "`\(t)`"
    }

    /// `text` safe inside a Markdown table cell.
    static func escape(_ text: String) -> String {
        text.replacingAll("\\", with: "\\\\").replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
