public import JSONValues
import KubeModel

/// Why `render-daemonset` has no DaemonSet for a document.
public struct RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The DaemonSet the operator would create for a PFLACPMonitor written in a
/// file, without a cluster (`pf-status-relay-operator render-daemonset`): to
/// see what the operator deploys, and for the lab, which runs the daemon with
/// exactly that environment and those capabilities.
///
/// The DaemonSet is ``DaemonSetBuilder``'s, from the same validated spec
/// (``MonitorSpec``, so an invalid monitor gets the webhook's messages). A
/// manifest usually has neither namespace nor uid: the namespace is the one
/// given, else the monitor's, else `default`; without a uid there is no owner,
/// so `metadata.ownerReferences` is left out.
public enum DaemonSetRenderer {
    /// The namespace when neither the caller nor the monitor names one (kubectl's).
    public static let defaultNamespace = "default"

    /// The DaemonSet for `monitor` (a whole PFLACPMonitor object), in
    /// `namespace` when given (else its own, else `default`).
    public static func daemonSet(
        for monitor: JSONValue, namespace: String? = nil, settings: OperatorSettings
    ) -> Result<JSONValue, RenderError> {
        guard monitor.objectValue != nil else {
            return .failure(RenderError("expected a \(OperatorNames.kind) object, got \(monitor.typeName)"))
        }
        let kind = monitor["kind"]
        guard kind.stringValue == OperatorNames.kind else {
            return .failure(RenderError("expected kind \(OperatorNames.kind), got \(describe(kind))"))
        }
        let apiVersion = monitor["apiVersion"]
        guard apiVersion.stringValue == OperatorNames.apiVersion else {
            return .failure(RenderError("expected apiVersion \(OperatorNames.apiVersion), got \(describe(apiVersion))"))
        }

        let fromMonitor = monitor[path: ["metadata", "namespace"]].stringValue ?? ""
        let resolved = namespace ?? (fromMonitor.isEmpty ? defaultNamespace : fromMonitor)
        let namespaceProblems = namespaceProblems(resolved)
        if !namespaceProblems.isEmpty {
            let error = FieldError.invalid("metadata.namespace", .string(resolved), namespaceProblems.joined(separator: "; "))
            return .failure(RenderError(invalid(monitor, MonitorSpecErrors([error]))))
        }
        var placed = monitor
        placed[path: ["metadata", "namespace"]] = .string(resolved)

        let spec: MonitorSpec
        switch MonitorSpec.parse(placed) {
        case .failure(let errors): return .failure(RenderError(invalid(placed, errors)))
        case .success(let parsed): spec = parsed
        }
        switch MonitorIdentity.parse(placed, requiringUID: false) {
        case .failure(let errors):
            return .failure(RenderError(invalid(placed, errors)))
        case .success(let identity):
            let owner = identity.uid.isEmpty ? nil : identity.uid
            return .success(DaemonSetBuilder.daemonSet(for: identity.id, ownerUID: owner, spec: spec, settings: settings))
        }
    }

    /// The same as indented JSON with sorted keys and a trailing newline.
    public static func render(
        _ monitor: JSONValue, namespace: String? = nil, settings: OperatorSettings
    ) -> Result<String, RenderError> {
        daemonSet(for: monitor, namespace: namespace, settings: settings).map { $0.prettyJSONString + "\n" }
    }

    /// The webhook's words (and kubectl's) for an invalid monitor.
    private static func invalid(_ monitor: JSONValue, _ errors: MonitorSpecErrors) -> String {
        let name = monitor[path: ["metadata", "name"]].stringValue ?? ""
        return "\(OperatorNames.kind) \(GoFormat.quote(name)) is invalid: \(errors.description)"
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "none"
        case .string(let text): return GoFormat.quote(text)
        default: return value.jsonString
        }
    }

    /// A namespace name is a lowercase RFC 1123 label (the API server's messages).
    static func namespaceProblems(_ namespace: String) -> [String] {
        var problems: [String] = []
        if namespace.utf8.count > 63 { problems.append("must be no more than 63 characters") }
        let bytes = Array(namespace.utf8)
        func lowerAlphanumeric(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) }
        let valid = bytes.first.map(lowerAlphanumeric) == true && bytes.last.map(lowerAlphanumeric) == true
            && bytes.allSatisfy { lowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        if !valid {
            problems.append(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            )
        }
        return problems
    }
}
