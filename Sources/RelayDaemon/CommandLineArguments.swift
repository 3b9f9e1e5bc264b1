/// The daemon's command line, parsed by hand: a generic argument parser would
/// bring Foundation into an image with a 15 MiB budget, and two subcommands
/// with five options need little. Pure: no I/O, no environment.
///
///     pf-status-relay [run] [--interfaces NAMES] [--polling-interval MS] [--log-level LEVEL]
///                           [--poll-only | --lacpdu-timeout MS]
///     pf-status-relay check [NAME ...] [--interfaces NAMES] [--polling-interval MS] [--log-level LEVEL] [--json]
///     pf-status-relay help [run | check]
///     pf-status-relay --version
///     pf-status-relay completion bash|zsh|fish
///     pf-status-relay man
///
/// Options take `--flag value` or `--flag=value`; given twice, the last wins.
/// `-h` or `--help` anywhere asks for help. After `--`, every argument is a name.
enum Invocation: Equatable {
    case help(HelpTopic)
    case run(Configuration.Flags)
    case check(CheckRequest)
    /// `--version` or `version`: print the release and exit.
    case version
    /// `completion SHELL`: print a completion script.
    case completion(Shell)
    /// `man`: print the manual page.
    case manual
}

/// What `check` was asked for.
struct CheckRequest: Equatable {
    /// PFs named on the command line; when given they replace --interfaces.
    var names: [String] = []
    var settings = Configuration.Flags()
    var json = false

    /// The settings to resolve: names given as arguments win over --interfaces.
    var flags: Configuration.Flags {
        var flags = settings
        if !names.isEmpty { flags.interfaces = names.joined(separator: ",") }
        return flags
    }
}

/// Which help text to print; also which one a usage error points to.
enum HelpTopic: Equatable, CaseIterable {
    case root, run, check

    /// The command line that prints this topic's help, without `--help`.
    var command: String {
        switch self {
        case .root: "pf-status-relay"
        case .run: "pf-status-relay run"
        case .check: "pf-status-relay check"
        }
    }
}

/// A command line that cannot be understood (exit code 64, EX_USAGE): one
/// line naming the problem and where to read the usage.
struct UsageError: Error, Equatable, CustomStringConvertible {
    var problem: String
    var topic: HelpTopic

    var description: String { "\(problem) (see '\(topic.command) --help')" }
}

enum CommandLineArguments {
    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var rest = arguments[...]
        let topic: HelpTopic
        if rest.first == "--version" || rest.first == "version" {
            if let stray = rest.dropFirst().first {
                throw UsageError(problem: "unexpected argument '\(stray)' after '\(rest.first!)'", topic: .root)
            }
            return .version
        }
        switch rest.first {
        case "completion":
            let words = rest.dropFirst()
            guard let word = words.first, words.count == 1, let shell = Shell(rawValue: word) else {
                throw UsageError(problem: "completion needs one shell: bash, zsh or fish", topic: .root)
            }
            return .completion(shell)
        case "man":
            if let stray = rest.dropFirst().first { throw UsageError(problem: "unexpected argument '\(stray)' after 'man'", topic: .root) }
            return .manual
        case "help":
            return try parseHelp(rest.dropFirst())
        case "run":
            topic = .run
            rest = rest.dropFirst()
        case "check":
            topic = .check
            rest = rest.dropFirst()
        case let word? where !word.hasPrefix("-"):
            // A name where a subcommand is expected is far more likely a typo
            // of one than a PF meant for `run`, which takes none.
            throw UsageError(problem: "unknown subcommand '\(word)' (expected run, check, help, version, completion or man)", topic: .root)
        default:
            topic = .root  // `run`, the default, without its name
        }

        // Help wins over any other problem on the line, as users expect when
        // they add --help to a command that failed.
        if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            return .help(topic)
        }

        let allowed = CommandLineOption.allowed(in: topic)
        var settings = Configuration.Flags()
        var json = false
        var names: [String] = []
        var onlyNamesFollow = false
        while let argument = rest.popFirst() {
            if onlyNamesFollow || !argument.hasPrefix("-") || argument == "-" {
                names.append(argument)
                continue
            }
            if argument == "--" {
                onlyNamesFollow = true
                continue
            }
            // `--flag=value`: the value is everything after the first "=".
            let equals = argument.hasPrefix("--") ? argument.firstIndex(of: "=") : nil
            let spelled = equals.map { String(argument[..<$0]) } ?? argument
            let inlineValue = equals.map { String(argument[argument.index(after: $0)...]) }
            guard let option = CommandLineOption(rawValue: spelled), allowed.contains(option) else {
                throw UsageError(problem: "unknown option '\(spelled)'", topic: topic)
            }
            guard option.takesValue else {
                if inlineValue != nil {
                    throw UsageError(problem: "option '\(spelled)' takes no value, got '\(argument)'", topic: topic)
                }
                if option == .json { json = true } else { settings.pollOnly = true }
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if let next = rest.first, !next.hasPrefix("-") {
                // A following option is not taken as a value (a forgotten
                // value would silently swallow the next flag); `--flag=-x`
                // passes a value that starts with a dash.
                value = next
                rest = rest.dropFirst()
            } else {
                throw UsageError(problem: "missing value for '\(option.usage)'", topic: topic)
            }
            switch option {
            case .interfaces: settings.interfaces = value
            case .pollingInterval: settings.pollingInterval = value
            case .logLevel: settings.logLevel = value
            case .lacpduTimeout: settings.lacpduTimeout = value
            case .metricsBindAddress: settings.metricsBindAddress = value
            case .pollOnly, .json: break
            }
        }

        if topic == .check {
            return .check(CheckRequest(names: names, settings: settings, json: json))
        }
        if let stray = names.first {
            throw UsageError(problem: "unexpected argument '\(stray)': run takes no names, use --interfaces", topic: topic)
        }
        return .run(settings)
    }

    /// `help`, `help run`, `help check`.
    private static func parseHelp(_ arguments: ArraySlice<String>) throws(UsageError) -> Invocation {
        let words = arguments.filter { $0 != "-h" && $0 != "--help" }
        guard let word = words.first else { return .help(.root) }
        guard words.count == 1 else {
            throw UsageError(problem: "unexpected argument '\(words[words.startIndex + 1])' after 'help \(word)'", topic: .root)
        }
        switch word {
        case "run": return .help(.run)
        case "check": return .help(.check)
        case "help": return .help(.root)
        default: throw UsageError(problem: "unknown subcommand '\(word)' (expected run or check)", topic: .root)
        }
    }
}
