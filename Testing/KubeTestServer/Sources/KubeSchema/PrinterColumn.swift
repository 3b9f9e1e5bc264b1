public import Foundation
public import JSONValues
import KubeModel

/// One of a CRD version's `additionalPrinterColumns`.
public struct PrinterColumn: Sendable, Hashable {
    public static let supportedTypes = ["boolean", "date", "integer", "number", "string"]
    public static let supportedFormats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"]

    public var name: String
    /// `integer`, `number`, `string`, `boolean` or `date`.
    public var type: String
    public var format: String
    public var description: String
    public var priority: Int
    /// The JSONPath as written in the CRD (`.spec.interfaces`).
    public var jsonPath: String
    let path: JSONPath

    public init(
        name: String, type: String, format: String = "", description: String = "", priority: Int = 0,
        jsonPath: String
    ) throws(SchemaError) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
        self.jsonPath = jsonPath
        path = try Self.checked(jsonPath, field: "jsonPath")
        try check(field: "")
    }

    /// Parses one entry of `additionalPrinterColumns`; `field` names it in errors
    /// (e.g. `spec.versions[0].additionalPrinterColumns[1]`).
    public init(json: JSONValue, field: String = "additionalPrinterColumns[0]") throws(SchemaError) {
        func string(_ key: String) throws(SchemaError) -> String? {
            let raw = json[key]
            if raw == .null { return nil }
            guard let text = raw.stringValue else {
                throw SchemaError.invalid("\(field).\(key)", raw, "must be a string")
            }
            return text
        }
        guard json.objectValue != nil else { throw SchemaError.invalid(field, json, "must be an object") }
        guard let name = try string("name"), !name.isEmpty else {
            throw SchemaError.required("\(field).name", "")
        }
        guard let type = try string("type"), !type.isEmpty else {
            throw SchemaError.required("\(field).type", "")
        }
        guard let jsonPath = try string("jsonPath"), !jsonPath.isEmpty else {
            throw SchemaError.required("\(field).jsonPath", "")
        }
        let rawPriority = json["priority"]
        var priority = 0
        if rawPriority != .null {
            guard let number = rawPriority.intValue, number >= 0, number <= Int64(Int32.max) else {
                throw SchemaError.invalid("\(field).priority", rawPriority, "must be a non-negative integer")
            }
            priority = Int(number)
        }
        self.name = name
        self.type = type
        self.format = try string("format") ?? ""
        self.description = try string("description") ?? ""
        self.priority = priority
        self.jsonPath = jsonPath
        path = try Self.checked(jsonPath, field: "\(field).jsonPath")
        try check(field: field)
    }

    /// Parses a whole `additionalPrinterColumns` array (absent → empty).
    public static func list(json: JSONValue, field: String = "additionalPrinterColumns") throws(SchemaError)
        -> [PrinterColumn]
    {
        if json == .null { return [] }
        guard let elements = json.arrayValue else { throw SchemaError.invalid(field, json, "must be an array") }
        var columns: [PrinterColumn] = []
        for (index, element) in elements.enumerated() {
            columns.append(try PrinterColumn(json: element, field: "\(field)[\(index)]"))
        }
        return columns
    }

    private static func checked(_ jsonPath: String, field: String) throws(SchemaError) -> JSONPath {
        do {
            return try JSONPath(jsonPath)
        } catch {
            throw SchemaError.invalid(field, .string(jsonPath), "must be a simple json path (\(error.message))")
        }
    }

    private func check(field: String) throws(SchemaError) {
        let prefix = field.isEmpty ? "" : "\(field)."
        if !Self.supportedTypes.contains(type) {
            throw SchemaError.unsupported("\(prefix)type", type, supported: Self.supportedTypes)
        }
        if !format.isEmpty && !Self.supportedFormats.contains(format) {
            throw SchemaError.unsupported("\(prefix)format", format, supported: Self.supportedFormats)
        }
    }

    /// The cell kube-apiserver's CRD table convertor computes for `object`:
    /// the first JSONPath match; `string` columns print it as text (arrays and
    /// objects as compact JSON), `date` columns show the age of the timestamp
    /// at `now` (`5m`, `3d4h`; `<invalid>` if it is not RFC 3339), other types
    /// pass the JSON value when it has the column's type, and anything missing
    /// or mismatched is null.
    public func cell(for object: JSONValue, now: Date = Date()) -> JSONValue {
        guard let value = path.first(in: object), value != .null else { return .null }
        switch type {
        case "string":
            return .string(GoFormat.text(value))
        case "integer":
            switch value {
            case .int: return value
            case .double(let number): return .int(GoFormat.truncatedInt64(number))
            default: return .null
            }
        case "number":
            switch value {
            case .int(let number): return .double(Double(number))
            case .double: return value
            default: return .null
            }
        case "boolean":
            if case .bool = value { return value }
            return .null
        case "date":
            guard let text = value.stringValue else { return .null }
            guard let seconds = TimeText.parse(text) else { return "<invalid>" }
            return .string(TimeText.age(since: seconds, now: now))
        default:
            return .null
        }
    }
}
