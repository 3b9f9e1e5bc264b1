public import JSONValues
public import KubeModel

/// One problem with one field, in the API server's words:
/// `spec.interfaces[1]: Duplicate value: "ens5f0"`.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// The field's path, `spec.interfaces[0]`.
    public let field: String
    /// What is wrong, `Duplicate value: "ens5f0"`.
    public let detail: String

    public init(field: String, detail: String) {
        self.field = field
        self.detail = detail
    }

    /// `Required value` (with an optional explanation after a colon).
    public static func required(_ field: String, _ explanation: String = "") -> FieldError {
        FieldError(field: field, detail: explanation.isEmpty ? "Required value" : "Required value: \(explanation)")
    }

    /// `Invalid value: <value>: <reason>`.
    public static func invalid(_ field: String, _ value: JSONValue, _ reason: String) -> FieldError {
        FieldError(field: field, detail: "Invalid value: \(GoFormat.value(value)): \(reason)")
    }

    /// `Duplicate value: <value>`.
    public static func duplicate(_ field: String, _ value: JSONValue) -> FieldError {
        FieldError(field: field, detail: "Duplicate value: \(GoFormat.value(value))")
    }

    /// The structural-schema form for a value of the wrong JSON type:
    /// `spec.pollingInterval: Invalid value: "string": spec.pollingInterval in body must be of type integer: "string"`.
    public static func wrongType(_ field: String, _ value: JSONValue, expected: String) -> FieldError {
        let found = GoFormat.quote(value.typeName)
        return FieldError(
            field: field, detail: "Invalid value: \(found): \(field) in body must be of type \(expected): \(found)")
    }

    public var description: String { "\(field): \(detail)" }
}

/// Every problem found in a PFLACPMonitor, in field order. Its description is
/// the aggregate form of the API server: the one message, or `[first, second]`.
public struct MonitorSpecErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String {
        if errors.count == 1 { return errors[0].description }
        return "[" + errors.map(\.description).joined(separator: ", ") + "]"
    }
}

/// The nodes a monitor runs on, as a predicate over node labels.
public enum NodeSelection: Sendable, Hashable, CustomStringConvertible {
    /// No selector (or an empty one): every node.
    case everyNode
    /// A pod-style nodeSelector: every pair must be among the node's labels.
    case matchLabels([String: String])
    /// A general label selector.
    case labelSelector(LabelSelector)

    public func matches(_ labels: [String: String]) -> Bool {
        switch self {
        case .everyNode: return true
        case .matchLabels(let required): return required.allSatisfy { labels[$0.key] == $0.value }
        case .labelSelector(let selector): return selector.matches(labels)
        }
    }

    /// True when every node matches whatever its labels.
    public var selectsEveryNode: Bool {
        switch self {
        case .everyNode: return true
        case .matchLabels(let required): return required.isEmpty
        case .labelSelector(let selector): return selector.matchesEverything
        }
    }

    /// A label key and the values one of which a matching node must carry
    /// under it, if the selection has such a term: the conflict resolver uses
    /// it to look only at candidate nodes. Nil when no term narrows that way.
    public var indexableRequirement: (key: String, values: [String])? {
        switch self {
        case .everyNode:
            return nil
        case .matchLabels(let required):
            guard let key = required.keys.min(), let value = required[key] else { return nil }
            return (key, [value])
        case .labelSelector(let selector):
            for requirement in selector.requirements where requirement.op == .equals || requirement.op == .in {
                return (requirement.key, requirement.values)
            }
            return nil
        }
    }

    /// `kubernetes.io/hostname=worker-0` (the label selector string form); empty for every node.
    public var description: String {
        switch self {
        case .everyNode:
            return ""
        case .matchLabels(let required):
            return required.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        case .labelSelector(let selector):
            return selector.description
        }
    }
}

/// The validated, defaulted `spec` of a PFLACPMonitor.
///
/// The one parser for the admission webhook and the controller, so that both
/// refuse the same monitors with the same messages.
public struct MonitorSpec: Sendable, Hashable {
    public static let defaultPollingInterval = 1000
    public static let minimumPollingInterval = 1000
    public static let maximumPollingInterval = 3_600_000
    /// The range the daemon accepts in `PF_STATUS_RELAY_LACPDU_TIMEOUT` (its
    /// contract, repeated here so the webhook refuses what the daemon would
    /// refuse at start): over the 1 s between LACPDUs at the fast rate, under
    /// the 3 s after which the kernel itself gives up on the partner.
    public static let minimumLACPDUTimeout = 1100
    public static let maximumLACPDUTimeout = 2999
    /// The kernel's limit for interface names (IFNAMSIZ minus the terminating zero).
    public static let maximumInterfaceNameLength = 15

    /// The PFs to watch, in the order given; non-empty, unique, valid names.
    public var interfaces: [String]
    /// Milliseconds between reads of the LACP state.
    public var pollingInterval: Int
    /// Milliseconds without a received LACPDU after which the daemon treats a
    /// PF's LACP as down (early detection); nil when absent: off, and the
    /// kernel's rule decides.
    public var lacpduTimeout: Int?
    /// The pod nodeSelector; nil when absent (every node).
    public var nodeSelector: [String: String]?

    /// Builds a spec without validation (for tests and summaries); `parse` validates.
    public init(
        interfaces: [String], pollingInterval: Int = MonitorSpec.defaultPollingInterval, lacpduTimeout: Int? = nil,
        nodeSelector: [String: String]? = nil
    ) {
        self.interfaces = interfaces
        self.pollingInterval = pollingInterval
        self.lacpduTimeout = lacpduTimeout
        self.nodeSelector = nodeSelector
    }

    /// The nodes this spec selects.
    public var nodeSelection: NodeSelection {
        guard let nodeSelector, !nodeSelector.isEmpty else { return .everyNode }
        return .matchLabels(nodeSelector)
    }

    /// Validates and defaults the spec of a whole PFLACPMonitor object.
    ///
    /// Besides the CRD's rules (interfaces required, at least one, non-empty,
    /// unique; pollingInterval from 1000 to 3600000, default 1000;
    /// lacpduTimeout from 1100 to 2999, no default; nodeSelector a map of
    /// strings), it refuses what would break the DaemonSet: interface
    /// names the kernel or the daemon's comma-separated variable cannot carry,
    /// nodeSelector pairs that are not valid labels, and monitor names too long
    /// for the `app` label of `pf-status-relay-ds-<name>`.
    public static func parse(_ monitor: JSONValue) -> Result<MonitorSpec, MonitorSpecErrors> {
        var errors: [FieldError] = []
        guard monitor.objectValue != nil else {
            return .failure(MonitorSpecErrors([.wrongType("<root>", monitor, expected: "object")]))
        }

        if case .string(let name) = monitor[path: ["metadata", "name"]],
            name.utf8.count > OperatorNames.maximumMonitorNameLength
        {
            errors.append(
                .invalid(
                    "metadata.name", .string(name),
                    "must be no more than \(OperatorNames.maximumMonitorNameLength) characters, so that the label app=\(OperatorNames.daemonSetPrefix)<name> of its DaemonSet has at most 63"
                ))
        }

        let spec = monitor["spec"]
        if spec != .null, spec.objectValue == nil {
            errors.append(.wrongType("spec", spec, expected: "object"))
            return .failure(MonitorSpecErrors(errors))
        }

        let interfaces = parseInterfaces(spec["interfaces"], into: &errors)
        let pollingInterval = parsePollingInterval(spec["pollingInterval"], into: &errors)
        let lacpduTimeout = parseLACPDUTimeout(spec["lacpduTimeout"], into: &errors)
        let nodeSelector = parseNodeSelector(spec["nodeSelector"], into: &errors)

        if !errors.isEmpty { return .failure(MonitorSpecErrors(errors)) }
        return .success(
            MonitorSpec(interfaces: interfaces, pollingInterval: pollingInterval, lacpduTimeout: lacpduTimeout, nodeSelector: nodeSelector))
    }

    private static func parseInterfaces(_ value: JSONValue, into errors: inout [FieldError]) -> [String] {
        let field = "spec.interfaces"
        guard value != .null else {
            errors.append(.required(field))
            return []
        }
        guard let elements = value.arrayValue else {
            errors.append(.wrongType(field, value, expected: "array"))
            return []
        }
        if elements.isEmpty {
            errors.append(.required(field, "at least one interface must be listed"))
            return []
        }
        var names: [String] = []
        var seen: Set<String> = []
        for (index, element) in elements.enumerated() {
            let path = "\(field)[\(index)]"
            guard let name = element.stringValue else {
                errors.append(.wrongType(path, element, expected: "string"))
                continue
            }
            let problems = interfaceNameProblems(name)
            if !problems.isEmpty {
                errors.append(.invalid(path, element, problems.joined(separator: "; ")))
                continue
            }
            if !seen.insert(name).inserted {
                errors.append(.duplicate(path, element))
                continue
            }
            names.append(name)
        }
        return names
    }

    /// What makes `name` unusable as a PF name: the kernel's rules for
    /// interface names (`dev_valid_name`), and no comma, which separates the
    /// names in the daemon's environment variable.
    public static func interfaceNameProblems(_ name: String) -> [String] {
        if name.isEmpty { return ["must not be empty"] }
        var problems: [String] = []
        if name.utf8.count > maximumInterfaceNameLength {
            problems.append("must be no more than \(maximumInterfaceNameLength) bytes (the kernel's limit for interface names)")
        }
        if name == "." || name == ".." {
            problems.append("must not be \".\" or \"..\"")
        }
        let forbidden = name.unicodeScalars.contains { scalar in
            scalar == "/" || scalar == ":" || scalar == "," || scalar.properties.isWhitespace
        }
        if forbidden {
            problems.append("must not contain '/', ':', ',' or whitespace")
        }
        return problems
    }

    private static func parsePollingInterval(_ value: JSONValue, into errors: inout [FieldError]) -> Int {
        guard value != .null else { return defaultPollingInterval }
        return parseMilliseconds(
            value, field: "spec.pollingInterval", range: minimumPollingInterval...maximumPollingInterval, into: &errors)
            ?? defaultPollingInterval
    }

    /// Absent (or null) stays nil: early detection is off unless asked for.
    private static func parseLACPDUTimeout(_ value: JSONValue, into errors: inout [FieldError]) -> Int? {
        guard value != .null else { return nil }
        return parseMilliseconds(
            value, field: "spec.lacpduTimeout", range: minimumLACPDUTimeout...maximumLACPDUTimeout, into: &errors)
    }

    /// A whole number of milliseconds within `range`, with the CRD schema's
    /// checks (`type: integer`, `minimum`, `maximum`) in the webhook's words;
    /// nil after recording the error.
    private static func parseMilliseconds(
        _ value: JSONValue, field: String, range: ClosedRange<Int>, into errors: inout [FieldError]
    ) -> Int? {
        guard let number = value.intValue else {
            errors.append(.wrongType(field, value, expected: "integer"))
            return nil
        }
        if number < Int64(range.lowerBound) {
            errors.append(.invalid(field, value, "must be at least \(range.lowerBound)"))
            return nil
        }
        if number > Int64(range.upperBound) {
            errors.append(.invalid(field, value, "must be at most \(range.upperBound)"))
            return nil
        }
        return Int(number)
    }

    private static func parseNodeSelector(_ value: JSONValue, into errors: inout [FieldError]) -> [String: String]? {
        let field = "spec.nodeSelector"
        guard value != .null else { return nil }
        guard let members = value.objectValue else {
            errors.append(.wrongType(field, value, expected: "object"))
            return nil
        }
        var selector: [String: String] = [:]
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            guard let text = member.stringValue else {
                errors.append(.wrongType("\(field)[\(key)]", member, expected: "string"))
                continue
            }
            let keyProblems = LabelSyntax.qualifiedNameProblems(key)
            if !keyProblems.isEmpty {
                errors.append(.invalid(field, .string(key), keyProblems.joined(separator: "; ")))
            }
            let valueProblems = LabelSyntax.labelValueProblems(text)
            if !valueProblems.isEmpty {
                errors.append(.invalid(field, member, valueProblems.joined(separator: "; ")))
            }
            selector[key] = text
        }
        return selector
    }
}
