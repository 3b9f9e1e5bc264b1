public import Logging

/// A swift-log handler that writes one JSON object per line in the format of
/// Go's log/slog JSON handler, so log pipelines built for the Go daemon keep
/// working:
///
///     {"time":"2024-04-11T14:42:18.27643209Z","level":"INFO","msg":"lacp is up","interface":"ens6f0np0"}
///
/// `time` is UTC, RFC 3339 with nanoseconds and trailing zeros trimmed (Go's
/// RFC3339Nano); then `level`, `msg`, and the attributes. swift-log hands
/// metadata over as a dictionary, which has no order, so attributes follow
/// `attributeOrder` (the order upstream's calls pass them), then any other
/// keys alphabetically.
public struct SlogJSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let write: @Sendable (String) -> Void
    private let clock: @Sendable () -> Int64

    /// Keys in the order upstream passes them: "vf link state was set" gives id, state, interface.
    public static let attributeOrder = ["id", "state", "count", "interface", "interfaces", "error"]

    /// - Parameters:
    ///   - write: receives each complete line, newline included (one write per line keeps lines whole).
    ///   - clock: nanoseconds since the Unix epoch.
    public init(
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        clock: @escaping @Sendable () -> Int64,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.clock = clock
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error, merged["error"] == nil { merged["error"] = "\(error)" }
        write(Self.format(time: clock(), level: event.level, message: event.message.description, attributes: merged))
    }

    /// One log line, newline included.
    public static func format(time: Int64, level: Logger.Level, message: String, attributes: Logger.Metadata) -> String {
        var line = "{\"time\":\""
        line += RFC3339.format(nanosecondsSinceEpoch: time)
        line += "\",\"level\":\""
        line += slogLevel(level)
        line += "\",\"msg\":"
        JSONText.appendString(message, to: &line)
        for key in orderedKeys(attributes) {
            line += ","
            JSONText.appendString(key, to: &line)
            line += ":"
            JSONText.appendValue(attributes[key]!, to: &line)
        }
        line += "}\n"
        return line
    }

    /// slog's level names. swift-log's trace and notice have no slog twin.
    static func slogLevel(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "DEBUG-4"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "INFO+2"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "ERROR+4"
        }
    }

    static func orderedKeys(_ attributes: Logger.Metadata) -> [String] {
        let known = attributeOrder.filter { attributes[$0] != nil }
        let others = attributes.keys.filter { !attributeOrder.contains($0) }.sorted()
        return known + others
    }
}
