public import JSONValues
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
    public static let defaultServiceAccountName = "pf-status-relay"

    /// The pf-status-relay daemon's image.
    public var image: String
    /// The ServiceAccount the daemon's pods run as, in the monitor's namespace.
    public var serviceAccountName: String
    /// The pods' priority class (for example `system-node-critical`); none when nil.
    public var priorityClassName: String?
    /// The container's liveness probe. The daemon has no health endpoint yet,
    /// so there is none; set this (a core/v1 Probe) once it has one, and the
    /// DaemonSet carries it and drift detection compares it.
    public var daemonLivenessProbe: JSONValue?

    public init(
        image: String,
        serviceAccountName: String = OperatorSettings.defaultServiceAccountName,
        priorityClassName: String? = nil,
        daemonLivenessProbe: JSONValue? = nil
    ) {
        self.image = image
        self.serviceAccountName = serviceAccountName
        self.priorityClassName = priorityClassName
        self.daemonLivenessProbe = daemonLivenessProbe
    }

    /// Reads `PF_STATUS_RELAY_IMAGE` (required), `PF_STATUS_RELAY_SERVICE_ACCOUNT`
    /// (default `pf-status-relay`) and `PF_STATUS_RELAY_PRIORITY_CLASS` (optional).
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
        return OperatorSettings(image: image, serviceAccountName: serviceAccount, priorityClassName: priorityClass)
    }
}
