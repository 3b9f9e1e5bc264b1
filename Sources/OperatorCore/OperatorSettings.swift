import KubeModel

/// A setting of the operator that is missing or wrong; the message names the
/// environment variable and what it must hold.
public struct SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment variable at fault.
    public let variable: String
    public let message: String

    public init(variable: String, message: String) {
        self.variable = variable
        self.message = message
    }

    public var description: String { message }
}

/// How the operator builds the daemon's DaemonSets.
public struct OperatorSettings: Sendable, Hashable {
    public static let imageVariable = "PF_STATUS_RELAY_IMAGE"
    public static let serviceAccountVariable = "PF_STATUS_RELAY_SERVICE_ACCOUNT"
    public static let priorityClassVariable = "PF_STATUS_RELAY_PRIORITY_CLASS"
    public static let relayMetricsPortVariable = "PF_STATUS_RELAY_METRICS_PORT"
    /// The port the documentation recommends for the daemon's endpoints: free
    /// of the usual host-network ports (node exporter's 9100, kubelet's 10250, ...).
    public static let recommendedRelayMetricsPort = 9808
    public static let defaultServiceAccountName = "pf-status-relay"

    /// The pf-status-relay daemon's image.
    public var image: String
    /// The ServiceAccount the daemon's pods run as, in the monitor's namespace.
    public var serviceAccountName: String
    /// The pods' priority class (for example `system-node-critical`); none when nil.
    public var priorityClassName: String?
    /// The node port of the daemon's /metrics, /healthz and /readyz; nil
    /// (the default) leaves them off, with no probes and no port in the
    /// DaemonSet, which is then exactly what it was before the setting existed.
    /// The daemon runs in the node's network namespace, so the port is the
    /// node's: it must be free on every selected node.
    public var relayMetricsPort: Int?

    public init(
        image: String,
        serviceAccountName: String = OperatorSettings.defaultServiceAccountName,
        priorityClassName: String? = nil,
        relayMetricsPort: Int? = nil
    ) {
        self.image = image
        self.serviceAccountName = serviceAccountName
        self.priorityClassName = priorityClassName
        self.relayMetricsPort = relayMetricsPort
    }

    /// Reads `PF_STATUS_RELAY_IMAGE` (required), `PF_STATUS_RELAY_SERVICE_ACCOUNT`
    /// (default `pf-status-relay`), `PF_STATUS_RELAY_PRIORITY_CLASS` (optional)
    /// and `PF_STATUS_RELAY_METRICS_PORT` (optional, 1 to 65535; 0 is off).
    /// Values are trimmed; an empty optional value counts as unset.
    public static func fromEnvironment(_ environment: [String: String]) throws(SettingsError) -> OperatorSettings {
        func value(_ name: String) -> String? {
            guard let raw = environment[name] else { return nil }
            let trimmed = raw.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }

        guard let image = value(imageVariable) else {
            let state = environment[imageVariable] == nil ? "is not set" : "is empty"
            throw SettingsError(
                variable: imageVariable,
                message: "\(imageVariable) \(state): it must name the image of the pf-status-relay daemon, for example quay.io/openshift/pf-status-relay:latest"
            )
        }
        if image.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            throw SettingsError(
                variable: imageVariable,
                message: "\(imageVariable) must be an image reference without whitespace, got \(GoFormat.quote(image))")
        }

        let serviceAccount = value(serviceAccountVariable) ?? defaultServiceAccountName
        let accountProblems = LabelSyntax.dnsSubdomainProblems(serviceAccount[...])
        if !accountProblems.isEmpty {
            throw SettingsError(
                variable: serviceAccountVariable,
                message: "\(serviceAccountVariable) must be a ServiceAccount name, got \(GoFormat.quote(serviceAccount)): \(accountProblems.joined(separator: "; "))"
            )
        }

        let priorityClass = value(priorityClassVariable)
        if let priorityClass {
            let classProblems = LabelSyntax.dnsSubdomainProblems(priorityClass[...])
            if !classProblems.isEmpty {
                throw SettingsError(
                    variable: priorityClassVariable,
                    message: "\(priorityClassVariable) must be a PriorityClass name, got \(GoFormat.quote(priorityClass)): \(classProblems.joined(separator: "; "))"
                )
            }
        }
        let port = try relayMetricsPort(value(relayMetricsPortVariable))
        return OperatorSettings(image: image, serviceAccountName: serviceAccount, priorityClassName: priorityClass, relayMetricsPort: port)
    }

    /// A port from 1 to 65535; nil for none or 0 (off).
    static func relayMetricsPort(_ text: String?) throws(SettingsError) -> Int? {
        guard let text else { return nil }
        guard let port = Int(text), (0...65535).contains(port) else {
            throw SettingsError(
                variable: relayMetricsPortVariable,
                message: "\(relayMetricsPortVariable) must be a port from 1 to 65535, or 0 for none (\(recommendedRelayMetricsPort) is recommended), got \(GoFormat.quote(text))")
        }
        return port == 0 ? nil : port
    }
}
