/// The daemon's options: how they are typed, which subcommand takes them,
/// and what they mean. The parser, the shell completions and the man page
/// are all made from this one list (the help texts are written out by hand,
/// and a test checks that they name every option).
enum CommandLineOption: String, CaseIterable {
    case interfaces = "--interfaces"
    case pollingInterval = "--polling-interval"
    case logLevel = "--log-level"
    case pollOnly = "--poll-only"
    case lacpduTimeout = "--lacpdu-timeout"
    case metricsBindAddress = "--metrics-bind-address"
    case json = "--json"

    /// The options `topic`'s subcommand takes, in the order the help lists them.
    static func allowed(in topic: HelpTopic) -> [CommandLineOption] {
        switch topic {
        case .check: [.interfaces, .pollingInterval, .logLevel, .json]
        case .root, .run: [.interfaces, .pollingInterval, .logLevel, .pollOnly, .lacpduTimeout, .metricsBindAddress]
        }
    }

    /// Flags are on or off; the others need a value.
    var takesValue: Bool { valueName != nil }

    /// The placeholder of its value, as the help writes it.
    var valueName: String? {
        switch self {
        case .interfaces: "names"
        case .pollingInterval, .lacpduTimeout: "ms"
        case .logLevel: "level"
        case .metricsBindAddress: "address:port"
        case .pollOnly, .json: nil
        }
    }

    /// How usage errors name it, as the help does.
    var usage: String { valueName.map { "\(rawValue) <\($0)>" } ?? rawValue }

    /// The values a shell can offer (nil: free text).
    var choices: [String]? { self == .logLevel ? ["debug", "info", "warn", "error"] : nil }

    /// The environment variable it overrides, if any.
    var variable: String? {
        switch self {
        case .interfaces: Configuration.interfacesVariable
        case .pollingInterval: Configuration.pollingIntervalVariable
        case .logLevel: Configuration.logLevelVariable
        case .lacpduTimeout: Configuration.lacpduTimeoutVariable
        case .metricsBindAddress: Configuration.metricsBindAddressVariable
        case .pollOnly, .json: nil
        }
    }

    /// One sentence or two, for the man page and the completions.
    var summary: String {
        switch self {
        case .interfaces:
            "Comma-separated PFs to monitor."
        case .pollingInterval:
            "Milliseconds between polls, \(Configuration.minimumPollingIntervalMilliseconds) to \(Configuration.maximumPollingIntervalMilliseconds); default \(Configuration.defaultPollingIntervalMilliseconds)."
        case .logLevel:
            "debug, info, warn or error; default info."
        case .pollOnly:
            "React to polling only, like upstream (no link events, no LACPDU hints). For comparisons."
        case .lacpduTimeout:
            "Treat a PF's LACP as down after this long without a LACPDU, \(Configuration.minimumLACPDUTimeoutMilliseconds) to \(Configuration.maximumLACPDUTimeoutMilliseconds), before the kernel's own verdict at 3000 ms; default off. Fast LACP rate only; needs CAP_NET_RAW."
        case .metricsBindAddress:
            "Serve /metrics (Prometheus), /healthz and /readyz over plain HTTP at this address (127.0.0.1:9808, or :9808 for every IPv4 address); default off."
        case .json:
            "Print JSON instead of text."
        }
    }
}
