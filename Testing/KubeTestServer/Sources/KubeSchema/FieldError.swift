public import JSONValues
import KubeModel

/// One field-level validation failure, as kube-apiserver reports it in a 422
/// `Status` (`details.causes`) and in the status message.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// The cause reasons of `metav1.CauseType` (`field.ErrorType`).
    public enum ErrorType: String, Sendable, Hashable, CaseIterable {
        case notFound = "FieldValueNotFound"
        case required = "FieldValueRequired"
        case duplicate = "FieldValueDuplicate"
        case invalid = "FieldValueInvalid"
        case notSupported = "FieldValueNotSupported"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case internalError = "InternalError"
        case typeInvalid = "FieldValueTypeInvalid"

        /// The words that start the message ("Required value", "Invalid value", ...).
        public var label: String {
            switch self {
            case .notFound: return "Not found"
            case .required: return "Required value"
            case .duplicate: return "Duplicate value"
            case .invalid, .typeInvalid: return "Invalid value"
            case .notSupported: return "Unsupported value"
            case .forbidden: return "Forbidden"
            case .tooLong: return "Too long"
            case .tooMany: return "Too many"
            case .internalError: return "Internal error"
            }
        }
    }

    /// The field path, e.g. `spec.pollingInterval` or `spec.interfaces[1]`.
    public var field: String
    public var type: ErrorType
    /// The message without the field (`field.Error.ErrorBody()`), e.g.
    /// `Invalid value: 500: spec.pollingInterval in body should be greater than or equal to 1000`.
    public var message: String

    public init(field: String, type: ErrorType, message: String) {
        self.field = field
        self.type = type
        self.message = message
    }

    /// Builds the message as `field.Error` does: the label, then the bad value
    /// (unless `value` is nil: omitted), then the detail.
    public init(field: String, type: ErrorType, value: JSONValue?, detail: String) {
        var body = type.label
        switch type {
        case .required, .forbidden, .tooLong, .internalError:
            break
        default:
            if let value { body += ": " + GoFormat.value(value) }
        }
        if !detail.isEmpty { body += ": " + detail }
        self.init(field: field, type: type, message: body)
    }

    /// The full line, `spec.interfaces: Required value`.
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }

    /// The entry for `Status.details.causes`.
    public var causeJSON: JSONValue {
        ["reason": .string(type.rawValue), "message": .string(message), "field": .string(field)]
    }

    // MARK: Constructors mirroring k8s.io/apimachinery/pkg/util/validation/field

    public static func required(_ field: String, detail: String = "") -> FieldError {
        FieldError(field: field, type: .required, value: nil, detail: detail)
    }

    public static func invalid(_ field: String, value: JSONValue, detail: String) -> FieldError {
        FieldError(field: field, type: .invalid, value: value, detail: detail)
    }

    public static func typeInvalid(_ field: String, value: JSONValue, detail: String) -> FieldError {
        FieldError(field: field, type: .typeInvalid, value: value, detail: detail)
    }

    public static func duplicate(_ field: String, value: JSONValue) -> FieldError {
        FieldError(field: field, type: .duplicate, value: value, detail: "")
    }

    public static func forbidden(_ field: String, detail: String) -> FieldError {
        FieldError(field: field, type: .forbidden, value: nil, detail: detail)
    }

    /// `Unsupported value: "x": supported values: "a", "b"`.
    public static func notSupported(_ field: String, value: JSONValue, supported: [String]) -> FieldError {
        let detail =
            supported.isEmpty ? "" : "supported values: " + supported.map { GoFormat.quote($0) }.joined(separator: ", ")
        return FieldError(field: field, type: .notSupported, value: value, detail: detail)
    }

    /// `Too long: may not be more than 5 bytes` (the value is never shown).
    public static func tooLong(_ field: String, maxLength: Int64) -> FieldError {
        let detail =
            maxLength >= 0 ? "may not be more than \(maxLength) \(maxLength == 1 ? "byte" : "bytes")" : "value is too long"
        return FieldError(field: field, type: .tooLong, value: nil, detail: detail)
    }

    /// `Too many: 3: must have at most 2 items`.
    public static func tooMany(_ field: String, actual: Int64, max: Int64) -> FieldError {
        let detail = max >= 0 ? "must have at most \(max) \(max == 1 ? "item" : "items")" : "has too many items"
        return FieldError(field: field, type: .tooMany, value: actual >= 0 ? .int(actual) : nil, detail: detail)
    }

    // MARK: Status

    /// The message of a 422 `Invalid` Status:
    /// `PFLACPMonitor.pfstatusrelay.openshift.io "x" is invalid: [spec.a: Required value, spec.b: ...]`
    /// (no brackets for a single error; repeated lines are reported once).
    /// `kind` is the qualified kind (`Kind.group`, or `Kind` for the core group).
    public static func statusMessage(kind: String, name: String, errors: [FieldError]) -> String {
        var seen: Set<String> = []
        var lines: [String] = []
        for error in errors where seen.insert(error.description).inserted {
            lines.append(error.description)
        }
        let head = "\(kind) \(GoFormat.quote(name)) is invalid"
        switch lines.count {
        case 0: return head
        case 1: return "\(head): \(lines[0])"
        default: return "\(head): [\(lines.joined(separator: ", "))]"
        }
    }

    /// The whole 422 `Status` kube-apiserver returns for these errors.
    public static func invalidStatus(group: String, kind: String, name: String, errors: [FieldError]) -> JSONValue {
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        var details: JSONValue = ["name": .string(name), "kind": .string(kind)]
        if !group.isEmpty { details["group"] = .string(group) }
        if !errors.isEmpty { details["causes"] = .array(errors.map(\.causeJSON)) }
        return [
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": [:],
            "status": "Failure",
            "message": .string(statusMessage(kind: qualified, name: name, errors: errors)),
            "reason": "Invalid",
            "details": details,
            "code": 422,
        ]
    }
}
