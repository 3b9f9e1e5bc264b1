public import JSONValues
import KubeModel
import Foundation

/// A CRD version's `schema.openAPIV3Schema` in structural form: every node
/// says what it holds (`type`), so that the server can prune unknown fields,
/// apply defaults and validate objects the way kube-apiserver does.
///
/// The tree is immutable; build it with ``init(json:)``, which refuses
/// schemas kube-apiserver would reject as non-structural.
public final class StructuralSchema: Sendable {
    public enum SchemaType: String, Sendable, Hashable, CaseIterable {
        case object, array, string, integer, number, boolean
    }

    /// `x-kubernetes-list-type`.
    public enum ListType: String, Sendable, Hashable, CaseIterable {
        case atomic, set, map
    }

    /// `additionalProperties`: `true` (any value kept and accepted) or a schema for every value.
    public enum AdditionalProperties: Sendable {
        case any
        case schema(StructuralSchema)
    }

    /// Nil only where the schema allows it (`x-kubernetes-int-or-string`,
    /// `x-kubernetes-preserve-unknown-fields`).
    public let type: SchemaType?
    public let properties: [String: StructuralSchema]
    public let required: [String]
    public let items: StructuralSchema?
    public let additionalProperties: AdditionalProperties?
    public let defaultValue: JSONValue?
    public let nullable: Bool
    public let enumValues: [JSONValue]?
    public let minimum: Double?
    public let maximum: Double?
    public let exclusiveMinimum: Bool
    public let exclusiveMaximum: Bool
    public let multipleOf: Double?
    public let minItems: Int64?
    public let maxItems: Int64?
    public let minLength: Int64?
    public let maxLength: Int64?
    public let minProperties: Int64?
    public let maxProperties: Int64?
    /// The ECMA/RE2-style pattern as written in the CRD (checked to compile at parse time).
    public let pattern: String?
    public let format: String?
    public let description: String?
    public let preserveUnknownFields: Bool
    public let intOrString: Bool
    public let embeddedResource: Bool
    public let listType: ListType?
    public let listMapKeys: [String]

    /// Parses and checks a CRD version's `openAPIV3Schema`.
    public convenience init(json: JSONValue) throws(SchemaError) {
        try self.init(json: json, fieldPath: "openAPIV3Schema")
    }

    /// As ``init(json:)``, naming errors under `fieldPath`
    /// (e.g. `spec.versions[0].schema.openAPIV3Schema`).
    public convenience init(json: JSONValue, fieldPath: String) throws(SchemaError) {
        try self.init(parsing: json, path: fieldPath, position: .root)
        try checkDefaults(path: fieldPath)
    }

    /// Where a node sits; the structural rules differ slightly.
    enum Position {
        case root, property, items, additionalProperties
    }

    private init(parsing json: JSONValue, path: String, position: Position) throws(SchemaError) {
        guard let node = json.objectValue else {
            throw SchemaError.invalid(path, json, "must be a schema object")
        }
        let reader = NodeReader(node: node, path: path)

        if node["$ref"] != nil {
            throw SchemaError.forbidden("\(path).$ref", "$ref is not supported")
        }
        preserveUnknownFields = try reader.bool("x-kubernetes-preserve-unknown-fields")
        intOrString = try reader.bool("x-kubernetes-int-or-string")
        embeddedResource = try reader.bool("x-kubernetes-embedded-resource")
        nullable = try reader.bool("nullable")
        description = try reader.string("description")
        format = try reader.string("format")

        // type
        if let typeName = try reader.string("type") {
            guard let parsed = SchemaType(rawValue: typeName) else {
                throw SchemaError.unsupported(
                    "\(path).type", typeName, supported: SchemaType.allCases.map(\.rawValue).sorted())
            }
            type = parsed
        } else {
            type = nil
        }
        if intOrString, let type {
            throw SchemaError.invalid(
                "\(path).type", .string(type.rawValue), "must be empty if x-kubernetes-int-or-string is true")
        }
        if position == .root {
            guard let type else {
                throw SchemaError.required("\(path).type", "must not be empty at the root")
            }
            if type != .object {
                throw SchemaError.invalid("\(path).type", .string(type.rawValue), "must be object at the root")
            }
        } else if type == nil && !intOrString && !preserveUnknownFields {
            let what = position == .items ? "specified array items" : "specified object fields"
            throw SchemaError.required("\(path).type", "must not be empty for \(what)")
        }
        if embeddedResource && type != .object {
            throw SchemaError.invalid(
                "\(path).type", .string(type?.rawValue ?? ""), "must be object if x-kubernetes-embedded-resource is true")
        }

        // properties / additionalProperties
        var properties: [String: StructuralSchema] = [:]
        if let rawProperties = node["properties"] {
            guard let members = rawProperties.objectValue else {
                throw SchemaError.invalid("\(path).properties", rawProperties, "must be an object of schemas")
            }
            if let type, type != .object {
                throw SchemaError.forbidden("\(path).properties", "must only be used with type object")
            }
            for (name, child) in members {
                properties[name] = try StructuralSchema(
                    parsing: child, path: "\(path).properties[\(name)]", position: .property)
            }
        }
        self.properties = properties
        if let rawAdditional = node["additionalProperties"] {
            if node["properties"] != nil {
                throw SchemaError.forbidden(
                    "\(path).additionalProperties", "additionalProperties and properties are mutual exclusive")
            }
            if let type, type != .object {
                throw SchemaError.forbidden("\(path).additionalProperties", "must only be used with type object")
            }
            switch rawAdditional {
            case .bool(true):
                additionalProperties = .any
            case .bool(false):
                throw SchemaError.forbidden("\(path).additionalProperties", "must not be false")
            case .object:
                additionalProperties = .schema(
                    try StructuralSchema(
                        parsing: rawAdditional, path: "\(path).additionalProperties", position: .additionalProperties))
            default:
                throw SchemaError.invalid(
                    "\(path).additionalProperties", rawAdditional, "must be a boolean or a schema")
            }
        } else {
            additionalProperties = nil
        }
        required = try reader.stringList("required") ?? []

        // items
        if let rawItems = node["items"] {
            if let type, type != .array {
                throw SchemaError.forbidden("\(path).items", "must only be used with type array")
            }
            if rawItems.arrayValue != nil {
                throw SchemaError.forbidden("\(path).items", "must be a schema, not an array of schemas")
            }
            items = try StructuralSchema(parsing: rawItems, path: "\(path).items", position: .items)
        } else {
            if type == .array {
                throw SchemaError.required("\(path).items", "must be specified")
            }
            items = nil
        }
        if node["uniqueItems"] == .bool(true) {
            throw SchemaError.forbidden(
                "\(path).uniqueItems",
                "uniqueItems cannot be set to true since the runtime complexity becomes quadratic")
        }

        // value validations
        defaultValue = node["default"]
        if let rawEnum = node["enum"] {
            guard let values = rawEnum.arrayValue else {
                throw SchemaError.invalid("\(path).enum", rawEnum, "must be an array")
            }
            enumValues = values
        } else {
            enumValues = nil
        }
        minimum = try reader.number("minimum")
        maximum = try reader.number("maximum")
        exclusiveMinimum = try reader.bool("exclusiveMinimum")
        exclusiveMaximum = try reader.bool("exclusiveMaximum")
        multipleOf = try reader.number("multipleOf")
        if let multipleOf, multipleOf <= 0 {
            throw SchemaError.invalid("\(path).multipleOf", .double(multipleOf), "must be greater than zero")
        }
        minItems = try reader.count("minItems")
        maxItems = try reader.count("maxItems")
        minLength = try reader.count("minLength")
        maxLength = try reader.count("maxLength")
        minProperties = try reader.count("minProperties")
        maxProperties = try reader.count("maxProperties")
        pattern = try reader.string("pattern")
        if let pattern, Self.compile(pattern) == nil {
            throw SchemaError.invalid("\(path).pattern", .string(pattern), "must be a valid regular expression")
        }

        // list types
        if let rawListType = try reader.string("x-kubernetes-list-type") {
            guard let parsed = ListType(rawValue: rawListType) else {
                throw SchemaError.unsupported(
                    "\(path).x-kubernetes-list-type", rawListType, supported: ListType.allCases.map(\.rawValue))
            }
            if type != .array {
                throw SchemaError.invalid(
                    "\(path).x-kubernetes-list-type", .string(rawListType), "must only be used on type array")
            }
            listType = parsed
        } else {
            listType = nil
        }
        listMapKeys = try reader.stringList("x-kubernetes-list-map-keys") ?? []
        if listType == .map {
            if listMapKeys.isEmpty {
                throw SchemaError.required(
                    "\(path).x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map")
            }
            guard let items, items.type == .object else {
                throw SchemaError.invalid(
                    "\(path).items.type", .string(items?.type?.rawValue ?? ""),
                    "must be object if parent array's x-kubernetes-list-type is map")
            }
            for key in listMapKeys {
                guard let keySchema = items.properties[key] else {
                    throw SchemaError.invalid(
                        "\(path).x-kubernetes-list-map-keys", .array(listMapKeys.map { .string($0) }),
                        "entries must all be names of item properties")
                }
                if keySchema.type == .object || keySchema.type == .array {
                    throw SchemaError.invalid(
                        "\(path).items.properties[\(key)].type", .string(keySchema.type?.rawValue ?? ""),
                        "must be a scalar type if parent array's x-kubernetes-list-type is map")
                }
            }
        } else if !listMapKeys.isEmpty {
            throw SchemaError.forbidden(
                "\(path).x-kubernetes-list-map-keys", "must only be used if x-kubernetes-list-type is map")
        }
    }

    /// Defaults must themselves be valid against their schema (kube-apiserver
    /// refuses the CRD otherwise).
    private func checkDefaults(path: String) throws(SchemaError) {
        if let defaultValue {
            if let first = validate(defaultValue, at: "\(path).default").first {
                throw SchemaError(field: first.field, message: first.message)
            }
        }
        for (name, child) in properties.sorted(by: { $0.key < $1.key }) {
            try child.checkDefaults(path: "\(path).properties[\(name)]")
        }
        if let items {
            try items.checkDefaults(path: "\(path).items")
        }
        if case .schema(let child) = additionalProperties {
            try child.checkDefaults(path: "\(path).additionalProperties")
        }
    }

    static func compile(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern)
    }

    /// The schema for the member `key` of an object: a declared property or `additionalProperties`.
    func schema(forMember key: String) -> StructuralSchema? {
        if let property = properties[key] { return property }
        if case .schema(let child) = additionalProperties { return child }
        return nil
    }
}

/// Typed access to schema keywords with kube-apiserver-like errors on wrong JSON kinds.
private struct NodeReader {
    let node: [String: JSONValue]
    let path: String

    func bool(_ key: String) throws(SchemaError) -> Bool {
        guard let raw = node[key] else { return false }
        guard let flag = raw.boolValue else { throw SchemaError.invalid("\(path).\(key)", raw, "must be a boolean") }
        return flag
    }

    func string(_ key: String) throws(SchemaError) -> String? {
        guard let raw = node[key] else { return nil }
        guard let text = raw.stringValue else { throw SchemaError.invalid("\(path).\(key)", raw, "must be a string") }
        return text
    }

    func number(_ key: String) throws(SchemaError) -> Double? {
        guard let raw = node[key] else { return nil }
        guard let number = raw.doubleValue else {
            throw SchemaError.invalid("\(path).\(key)", raw, "must be a number")
        }
        return number
    }

    func count(_ key: String) throws(SchemaError) -> Int64? {
        guard let raw = node[key] else { return nil }
        guard let number = raw.intValue, number >= 0 else {
            throw SchemaError.invalid("\(path).\(key)", raw, "must be a non-negative integer")
        }
        return number
    }

    func stringList(_ key: String) throws(SchemaError) -> [String]? {
        guard let raw = node[key] else { return nil }
        guard let elements = raw.arrayValue else {
            throw SchemaError.invalid("\(path).\(key)", raw, "must be an array of strings")
        }
        var strings: [String] = []
        for element in elements {
            guard let text = element.stringValue else {
                throw SchemaError.invalid("\(path).\(key)", raw, "must be an array of strings")
            }
            strings.append(text)
        }
        return strings
    }
}
