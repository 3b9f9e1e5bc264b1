public import Logging
import KernelSockets

/// The daemon's settings, from flags and the environment (flags win).
public struct Configuration: Equatable, Sendable {
    public static let interfacesVariable = "PF_STATUS_RELAY_INTERFACES"
    public static let pollingIntervalVariable = "PF_STATUS_RELAY_POLLING_INTERVAL"
    public static let logLevelVariable = "PF_STATUS_RELAY_LOG_LEVEL"
    public static let lacpduTimeoutVariable = "PF_STATUS_RELAY_LACPDU_TIMEOUT"
    public static let metricsBindAddressVariable = "PF_STATUS_RELAY_METRICS_BIND_ADDRESS"
    /// The fast rate's 1 s LACPDU period plus room for scheduling.
    public static let minimumLACPDUTimeoutMilliseconds = 1100
    /// The kernel's own verdict comes at 3000 ms: a longer timeout would never act.
    public static let maximumLACPDUTimeoutMilliseconds = 2999
    public static let defaultPollingIntervalMilliseconds = 1000
    public static let minimumPollingIntervalMilliseconds = 100
    /// One hour: beyond that the safety net is no net at all.
    public static let maximumPollingIntervalMilliseconds = 3_600_000

    /// The PFs to monitor, in the order given, without duplicates.
    public var interfaces: [String]
    public var pollingIntervalMilliseconds: Int
    public var logLevel: Logger.Level
    /// React to polling only, as upstream does (for comparison in benchmarks).
    public var pollOnly: Bool
    /// The opt-in early verdict: LACP is down after this long without a
    /// LACPDU (nil: the kernel's rule alone).
    public var lacpduTimeoutMilliseconds: Int?
    /// Where `/metrics`, `/healthz` and `/readyz` listen (nil: nowhere, the default).
    public var metricsBindAddress: BindAddress?

    public init(
        interfaces: [String], pollingIntervalMilliseconds: Int = 1000, logLevel: Logger.Level = .info,
        pollOnly: Bool = false, lacpduTimeoutMilliseconds: Int? = nil, metricsBindAddress: BindAddress? = nil
    ) {
        self.metricsBindAddress = metricsBindAddress
        self.interfaces = interfaces
        self.pollingIntervalMilliseconds = pollingIntervalMilliseconds
        self.logLevel = logLevel
        self.pollOnly = pollOnly
        self.lacpduTimeoutMilliseconds = lacpduTimeoutMilliseconds
    }

    public var pollingInterval: Duration { .milliseconds(pollingIntervalMilliseconds) }
    public var lacpduTimeout: Duration? { lacpduTimeoutMilliseconds.map { .milliseconds($0) } }

    /// Settings as given on the command line; nil when a flag is absent.
    public struct Flags: Equatable, Sendable {
        public var interfaces: String?
        public var pollingInterval: String?
        public var logLevel: String?
        public var pollOnly: Bool
        public var lacpduTimeout: String?
        public var metricsBindAddress: String?

        public init(
            interfaces: String? = nil, pollingInterval: String? = nil, logLevel: String? = nil,
            pollOnly: Bool = false, lacpduTimeout: String? = nil, metricsBindAddress: String? = nil
        ) {
            self.metricsBindAddress = metricsBindAddress
            self.interfaces = interfaces
            self.pollingInterval = pollingInterval
            self.logLevel = logLevel
            self.pollOnly = pollOnly
            self.lacpduTimeout = lacpduTimeout
        }
    }

    /// Resolves flags over the environment. `duplicates` lists interfaces
    /// given more than once (dropped; worth a warning).
    public static func resolve(
        flags: Flags, environment: [String: String]
    ) throws(ConfigurationError) -> (configuration: Configuration, duplicates: [String]) {
        let (interfaces, duplicates) = try parseInterfaces(
            flags.interfaces.map { ($0, "--interfaces") } ?? environment[interfacesVariable].map { ($0, interfacesVariable) }
        )
        let interval = try parsePollingInterval(
            flags.pollingInterval.map { ($0, "--polling-interval") }
                ?? environment[pollingIntervalVariable].map { ($0, pollingIntervalVariable) }
        )
        let level = try parseLogLevel(
            flags.logLevel.map { ($0, "--log-level") } ?? environment[logLevelVariable].map { ($0, logLevelVariable) }
        )
        let lacpduTimeoutSource = flags.lacpduTimeout.map { ($0, "--lacpdu-timeout") }
            ?? environment[lacpduTimeoutVariable].map { ($0, lacpduTimeoutVariable) }
        let lacpduTimeout = try parseLACPDUTimeout(lacpduTimeoutSource)
        if lacpduTimeout != nil, flags.pollOnly, let (_, source) = lacpduTimeoutSource {
            throw .lacpduTimeoutWithPollOnly(source: source)
        }
        let metricsAddress = try BindAddress.parse(
            flags.metricsBindAddress.map { ($0, "--metrics-bind-address") }
                ?? environment[metricsBindAddressVariable].map { ($0, metricsBindAddressVariable) }
        )
        let configuration = Configuration(
            interfaces: interfaces, pollingIntervalMilliseconds: interval, logLevel: level,
            pollOnly: flags.pollOnly, lacpduTimeoutMilliseconds: lacpduTimeout, metricsBindAddress: metricsAddress
        )
        return (configuration, duplicates)
    }

    /// Comma-separated names: entries trimmed, empty entries dropped, duplicates dropped.
    static func parseInterfaces(_ given: (value: String, source: String)?) throws(ConfigurationError) -> ([String], [String]) {
        guard let given else { throw .missingInterfaces }
        var interfaces: [String] = []
        var duplicates: [String] = []
        for entry in given.value.split(separator: ",", omittingEmptySubsequences: false) {
            let name = entry.trimmingWhitespace()
            if name.isEmpty { continue }
            if let problem = interfaceNameProblem(name) {
                throw .invalidInterface(name: name, source: given.source, problem: problem)
            }
            if !interfaces.contains(name) {
                interfaces.append(name)
            } else if !duplicates.contains(name) {
                duplicates.append(name)
            }
        }
        guard !interfaces.isEmpty else { throw .emptyInterfaces(source: given.source) }
        return (interfaces, duplicates)
    }

    /// What the kernel would refuse in an interface name (dev_valid_name).
    static func interfaceNameProblem(_ name: String) -> String? {
        if name.utf8.count > 15 { return "longer than 15 bytes" }
        if name == "." || name == ".." { return "not a valid name" }
        if name.contains("/") || name.contains(":") { return "contains '/' or ':'" }
        if name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
            return "contains whitespace or control characters"
        }
        return nil
    }

    static func parsePollingInterval(_ given: (value: String, source: String)?) throws(ConfigurationError) -> Int {
        guard let given else { return defaultPollingIntervalMilliseconds }
        guard let milliseconds = wholeMilliseconds(given.value, in: minimumPollingIntervalMilliseconds...maximumPollingIntervalMilliseconds) else {
            throw .invalidPollingInterval(value: given.value, source: given.source)
        }
        return milliseconds
    }

    /// Whole milliseconds in range; an empty value (an unset field rendered
    /// as "") means off, like the variable's absence.
    static func parseLACPDUTimeout(_ given: (value: String, source: String)?) throws(ConfigurationError) -> Int? {
        guard let given else { return nil }
        if given.value.trimmingWhitespace().isEmpty { return nil }
        guard let milliseconds = wholeMilliseconds(given.value, in: minimumLACPDUTimeoutMilliseconds...maximumLACPDUTimeoutMilliseconds) else {
            throw .invalidLACPDUTimeout(value: given.value, source: given.source)
        }
        return milliseconds
    }

    /// A whole number of milliseconds in `range`, spaces around it allowed.
    private static func wholeMilliseconds(_ value: String, in range: ClosedRange<Int>) -> Int? {
        guard let milliseconds = Int(value.trimmingWhitespace()), range.contains(milliseconds) else { return nil }
        return milliseconds
    }

    static func parseLogLevel(_ given: (value: String, source: String)?) throws(ConfigurationError) -> Logger.Level {
        guard let given else { return .info }
        switch given.value.trimmingWhitespace().lowercased() {
        case "debug": return .debug
        case "info": return .info
        case "warn", "warning": return .warning
        case "error": return .error
        default: throw .invalidLogLevel(value: given.value, source: given.source)
        }
    }
}

/// Bad settings: one line that says what to fix.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case missingInterfaces
    case emptyInterfaces(source: String)
    case invalidInterface(name: String, source: String, problem: String)
    case invalidPollingInterval(value: String, source: String)
    case invalidLogLevel(value: String, source: String)
    case invalidLACPDUTimeout(value: String, source: String)
    case lacpduTimeoutWithPollOnly(source: String)
    /// The LACPDU timeout needs the taps, which need CAP_NET_RAW.
    case lacpduTimeoutWithoutRawSockets(error: String)
    case invalidMetricsBindAddress(value: String, source: String, problem: String)
    /// The address parsed but the socket could not listen there (in use, not local, ...).
    case metricsEndpointFailed(address: String, error: String)

    public var description: String {
        switch self {
        case .missingInterfaces:
            "no interfaces to monitor: set \(Configuration.interfacesVariable) or --interfaces to a comma-separated list of PFs (e.g. \"ens1f0,ens1f1\")"
        case let .emptyInterfaces(source):
            "\(source) names no interface: give a comma-separated list of PFs (e.g. \"ens1f0,ens1f1\")"
        case let .invalidInterface(name, source, problem):
            "\(source): invalid interface name \"\(name)\": \(problem)"
        case let .invalidPollingInterval(value, source):
            "\(source) must be a whole number of milliseconds from \(Configuration.minimumPollingIntervalMilliseconds) to \(Configuration.maximumPollingIntervalMilliseconds), got \"\(value)\""
        case let .invalidLogLevel(value, source):
            "\(source) must be one of debug, info, warn, error; got \"\(value)\""
        case let .invalidLACPDUTimeout(value, source):
            "\(source) must be a whole number of milliseconds from \(Configuration.minimumLACPDUTimeoutMilliseconds) to \(Configuration.maximumLACPDUTimeoutMilliseconds) (the fast LACP rate sends every 1000 ms; the kernel decides at 3000 ms), got \"\(value)\""
        case let .lacpduTimeoutWithPollOnly(source):
            "\(source) needs the LACPDU taps, which --poll-only turns off: drop one of them"
        case let .lacpduTimeoutWithoutRawSockets(error):
            "the LACPDU timeout (--lacpdu-timeout, \(Configuration.lacpduTimeoutVariable)) needs CAP_NET_RAW to watch LACPDUs: grant it or unset the timeout (\(error))"
        case let .invalidMetricsBindAddress(value, source, problem):
            "\(source) must be ADDRESS:PORT (e.g. 127.0.0.1:9808, :9808 for every IPv4 address, [::1]:9808), or empty for off: \(problem), got \"\(value)\""
        case let .metricsEndpointFailed(address, error):
            "cannot listen on \(address) for metrics and health: \(error)"
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[first...last])
        return result
    }
}

/// An IP address and a TCP port to listen on.
public struct BindAddress: Equatable, Sendable, CustomStringConvertible {
    /// An IPv4 or IPv6 address in text; "0.0.0.0" for every IPv4 address.
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `ADDRESS:PORT`, `[IPV6]:PORT`, `IPV6:PORT` (the port after the last
    /// colon) or `:PORT` (every IPv4 address); empty
    /// means off (nil), like the setting's absence. Addresses only: a host
    /// name would make the daemon's start depend on name resolution.
    static func parse(_ given: (value: String, source: String)?) throws(ConfigurationError) -> BindAddress? {
        guard let given else { return nil }
        let text = given.value.trimmingWhitespace()
        if text.isEmpty { return nil }
        func invalid(_ problem: String) -> ConfigurationError {
            .invalidMetricsBindAddress(value: given.value, source: given.source, problem: problem)
        }
        guard let colon = text.lastIndex(of: ":") else { throw invalid("no port") }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        // The port follows the last colon, so an IPv6 address may also come
        // without brackets (the operator writes $(HOST_IP):PORT, whatever
        // the node's address family).
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        guard let port = UInt16(portText), port > 0 else { throw invalid("the port must be a number from 1 to 65535") }
        guard TCPListener.isIPAddress(host) else { throw invalid("\"\(host)\" is not an IP address") }
        return BindAddress(host: host, port: port)
    }
}
