import JSONValues
import KubeModel

/// A schema (or JSONPath, or printer column) that cannot be used, with the
/// offending field in Kubernetes path notation, e.g.
/// `openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields`.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is (`openAPIV3Schema.properties[spec].items`); empty when not about a field.
    public var field: String
    /// What is wrong, in kube-apiserver wording (`Required value: must be specified`).
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }

    static func required(_ field: String, _ detail: String) -> SchemaError {
        SchemaError(field: field, message: "Required value: \(detail)")
    }

    static func forbidden(_ field: String, _ detail: String) -> SchemaError {
        SchemaError(field: field, message: "Forbidden: \(detail)")
    }

    /// `value` is rendered as a field error renders a bad value (strings quoted, JSON otherwise).
    static func invalid(_ field: String, _ value: JSONValue, _ detail: String) -> SchemaError {
        SchemaError(field: field, message: "Invalid value: \(GoFormat.value(value)): \(detail)")
    }

    static func unsupported(_ field: String, _ value: String, supported: [String]) -> SchemaError {
        let list = supported.map { GoFormat.quote($0) }.joined(separator: ", ")
        return SchemaError(field: field, message: "Unsupported value: \(GoFormat.quote(value)): supported values: \(list)")
    }
}
