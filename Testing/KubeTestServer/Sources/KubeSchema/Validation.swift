public import JSONValues
import KubeModel
import Foundation

extension StructuralSchema {
    /// Validates an object (already pruned and defaulted) against the schema,
    /// returning kube-apiserver's field errors: first the OpenAPI value
    /// validations in document order (properties sorted by name, then the
    /// object's missing required properties), then the
    /// `x-kubernetes-list-type` duplicates, then embedded-resource checks.
    public func validate(_ value: JSONValue) -> [FieldError] {
        validate(value, at: "")
    }

    /// As ``validate(_:)`` for a value found at `path` (`spec.template`).
    public func validate(_ value: JSONValue, at path: String) -> [FieldError] {
        var errors: [FieldError] = []
        validateValue(value, path: path, into: &errors)
        validateListTypes(value, path: path, into: &errors)
        validateEmbeddedResources(value, path: path, into: &errors)
        return errors
    }

    /// Prunes, defaults and validates, in the server's order.
    public func admit(_ value: inout JSONValue) -> (pruned: [String], errors: [FieldError]) {
        let pruned = prune(&value)
        applyDefaults(&value)
        return (pruned, validate(value))
    }

    // MARK: OpenAPI value validation

    private static func child(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The name used inside messages ("spec.x in body ...").
    private static func name(_ path: String) -> String { path }

    private func validateValue(_ value: JSONValue, path: String, into errors: inout [FieldError]) {
        if value == .null {
            if nullable { return }
            if let expected = expectedTypeName {
                errors.append(typeError(path: path, actual: "null", expected: expected))
            }
            return
        }
        if let expected = expectedTypeName, !accepts(value) {
            errors.append(typeError(path: path, actual: value.typeName, expected: expected))
            return
        }
        switch value {
        case .string(let text):
            validateString(text, path: path, into: &errors)
        case .int, .double:
            validateNumber(value, path: path, into: &errors)
        case .array(let elements):
            validateArray(elements, path: path, into: &errors)
        default:
            break
        }
        if let enumValues, !enumValues.contains(where: { Self.jsonEqual($0, value) }) {
            let supported = enumValues.map { $0.stringValue ?? $0.jsonString }
            errors.append(.notSupported(path, value: value, supported: supported))
        }
        if case .object(let members) = value {
            validateObject(members, path: path, into: &errors)
        }
    }

    /// The type named in type errors; nil when any value is accepted.
    private var expectedTypeName: String? {
        if intOrString { return "integer,string" }
        return type?.rawValue
    }

    private func accepts(_ value: JSONValue) -> Bool {
        if intOrString {
            if case .string = value { return true }
            return value.isInteger
        }
        guard let type else { return true }
        switch (type, value) {
        case (.object, .object), (.array, .array), (.string, .string), (.boolean, .bool): return true
        case (.number, .int), (.number, .double): return true
        case (.integer, _): return value.isInteger
        default: return false
        }
    }

    private func typeError(path: String, actual: String, expected: String) -> FieldError {
        .typeInvalid(
            path, value: .string(actual),
            detail: "\(Self.name(path)) in body must be of type \(expected): \(GoFormat.quote(actual))")
    }

    private func validateString(_ text: String, path: String, into errors: inout [FieldError]) {
        let length = Int64(text.unicodeScalars.count)
        if let maxLength, length > maxLength {
            errors.append(.tooLong(path, maxLength: maxLength))
        }
        if let minLength, length < minLength {
            errors.append(
                .invalid(path, value: .string(text), detail: "\(Self.name(path)) in body should be at least \(minLength) chars long"))
        }
        if let pattern, let regex = Self.compile(pattern) {
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            if regex.firstMatch(in: text, options: [], range: range) == nil {
                errors.append(
                    .invalid(path, value: .string(text), detail: "\(Self.name(path)) in body should match '\(pattern)'"))
            }
        }
        if let format, !Self.stringMatchesFormat(text, format: format) {
            errors.append(
                .typeInvalid(
                    path, value: .string(text),
                    detail: "\(Self.name(path)) in body must be of type \(format): \(GoFormat.quote(text))"))
        }
    }

    /// The formats checked (others are accepted as kube-apiserver accepts unknown ones).
    static func stringMatchesFormat(_ text: String, format: String) -> Bool {
        switch format {
        case "date-time", "datetime":
            return TimeText.parse(text) != nil
        case "date":
            return TimeText.parseDate(text)
        default:
            return true
        }
    }

    private func validateNumber(_ value: JSONValue, path: String, into errors: inout [FieldError]) {
        let name = Self.name(path)
        switch value {
        case .int(let number):
            // As kube-openapi: an integer value is compared with the bounds truncated to integers.
            if let multipleOf {
                let factor = GoFormat.truncatedInt64(multipleOf)
                if factor > 0, number % factor != 0 {
                    errors.append(.invalid(path, value: value, detail: "\(name) in body should be a multiple of \(factor)"))
                }
            }
            if let maximum {
                let bound = GoFormat.truncatedInt64(maximum)
                if exclusiveMaximum ? number >= bound : number > bound {
                    let relation = exclusiveMaximum ? "less than" : "less than or equal to"
                    errors.append(.invalid(path, value: value, detail: "\(name) in body should be \(relation) \(bound)"))
                }
            }
            if let minimum {
                let bound = GoFormat.truncatedInt64(minimum)
                if exclusiveMinimum ? number <= bound : number < bound {
                    let relation = exclusiveMinimum ? "greater than" : "greater than or equal to"
                    errors.append(.invalid(path, value: value, detail: "\(name) in body should be \(relation) \(bound)"))
                }
            }
        case .double(let number):
            if let multipleOf {
                let quotient = multipleOf < 1 ? (1 / multipleOf) * number : number / multipleOf
                if quotient.rounded() != quotient {
                    errors.append(
                        .invalid(path, value: value, detail: "\(name) in body should be a multiple of \(GoFormat.float(multipleOf))"))
                }
            }
            if let maximum, exclusiveMaximum ? number >= maximum : number > maximum {
                let relation = exclusiveMaximum ? "less than" : "less than or equal to"
                errors.append(
                    .invalid(path, value: value, detail: "\(name) in body should be \(relation) \(GoFormat.float(maximum))"))
            }
            if let minimum, exclusiveMinimum ? number <= minimum : number < minimum {
                let relation = exclusiveMinimum ? "greater than" : "greater than or equal to"
                errors.append(
                    .invalid(path, value: value, detail: "\(name) in body should be \(relation) \(GoFormat.float(minimum))"))
            }
        default:
            break
        }
    }

    private func validateArray(_ elements: [JSONValue], path: String, into errors: inout [FieldError]) {
        if let items {
            for (index, element) in elements.enumerated() {
                items.validateValue(element, path: "\(path)[\(index)]", into: &errors)
            }
        }
        let count = Int64(elements.count)
        if let minItems, count < minItems {
            errors.append(
                .invalid(path, value: .int(count), detail: "\(Self.name(path)) in body should have at least \(minItems) items"))
        }
        if let maxItems, count > maxItems {
            errors.append(.tooMany(path, actual: count, max: maxItems))
        }
    }

    private func validateObject(_ members: [String: JSONValue], path: String, into errors: inout [FieldError]) {
        let count = Int64(members.count)
        // As kube-openapi: a property-count failure is the only error reported for the object.
        if let minProperties, count < minProperties {
            errors.append(
                .invalid(
                    path, value: .int(count), detail: "\(Self.name(path)) in body should have at least \(minProperties) properties"))
            return
        }
        if let maxProperties, count > maxProperties {
            errors.append(.tooMany(path, actual: count, max: maxProperties))
            return
        }
        if case .schema(let additional) = additionalProperties {
            for key in members.keys.sorted() where properties[key] == nil {
                if let member = members[key] {
                    additional.validateValue(member, path: Self.child(path, key), into: &errors)
                }
            }
        }
        for key in properties.keys.sorted() {
            if let member = members[key], let property = properties[key] {
                property.validateValue(member, path: Self.child(path, key), into: &errors)
            }
        }
        for key in required where members[key] == nil {
            errors.append(.required(Self.child(path, key)))
        }
    }

    /// Equality as `reflect.DeepEqual` after JSON decoding, with numbers compared by value.
    static func jsonEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            return Double(a) == b
        default:
            return lhs == rhs
        }
    }

    // MARK: x-kubernetes-list-type

    private func validateListTypes(_ value: JSONValue, path: String, into errors: inout [FieldError]) {
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                guard let member = members[key], let childSchema = schema(forMember: key) else { continue }
                childSchema.validateListTypes(member, path: Self.child(path, key), into: &errors)
            }
        case .array(let elements):
            switch listType {
            case .set:
                validateSet(elements, path: path, into: &errors)
            case .map:
                validateMapList(elements, path: path, into: &errors)
            case .atomic, nil:
                break
            }
            if let items {
                for (index, element) in elements.enumerated() {
                    items.validateListTypes(element, path: "\(path)[\(index)]", into: &errors)
                }
            }
        default:
            break
        }
    }

    /// Each repeated value is reported once, at its second occurrence.
    private func validateSet(_ elements: [JSONValue], path: String, into errors: inout [FieldError]) {
        var seen: [JSONValue: Int] = [:]
        for (index, element) in elements.enumerated() {
            let times = seen[element, default: 0]
            seen[element] = times + 1
            if times == 1 {
                errors.append(.duplicate("\(path)[\(index)]", value: element))
            }
        }
    }

    private func validateMapList(_ elements: [JSONValue], path: String, into errors: inout [FieldError]) {
        for (index, element) in elements.enumerated() where element.objectValue == nil {
            errors.append(
                .invalid("\(path)[\(index)]", value: element, detail: "must be an object for an array of list-type map"))
            return
        }
        var seen: [JSONValue: Int] = [:]
        for (index, element) in elements.enumerated() {
            var keyValues: [String: JSONValue] = [:]
            var complete = true
            for key in listMapKeys {
                let present = element[key]
                if present != .null {
                    keyValues[key] = present
                } else if let defaultValue = items?.properties[key]?.defaultValue {
                    keyValues[key] = defaultValue
                } else {
                    complete = false
                }
            }
            guard complete else { continue }
            let tuple = JSONValue.object(keyValues)
            let times = seen[tuple, default: 0]
            seen[tuple] = times + 1
            if times == 1 {
                errors.append(.duplicate("\(path)[\(index)]", value: tuple))
            }
        }
    }

    // MARK: x-kubernetes-embedded-resource

    private func validateEmbeddedResources(_ value: JSONValue, path: String, into errors: inout [FieldError]) {
        switch value {
        case .object(let members):
            if embeddedResource {
                validateEmbeddedHeader(members, path: path, into: &errors)
            }
            for key in members.keys.sorted() {
                if embeddedResource && (key == "apiVersion" || key == "kind" || key == "metadata") { continue }
                guard let member = members[key], let childSchema = schema(forMember: key) else { continue }
                childSchema.validateEmbeddedResources(member, path: Self.child(path, key), into: &errors)
            }
        case .array(let elements):
            guard let items else { return }
            for (index, element) in elements.enumerated() {
                items.validateEmbeddedResources(element, path: "\(path)[\(index)]", into: &errors)
            }
        default:
            break
        }
    }

    private func validateEmbeddedHeader(_ members: [String: JSONValue], path: String, into errors: inout [FieldError]) {
        let apiVersionPath = Self.child(path, "apiVersion")
        let kindPath = Self.child(path, "kind")
        switch members["apiVersion"] {
        case nil:
            errors.append(.required(apiVersionPath, detail: "must not be empty"))
        case .string(let apiVersion)?:
            if apiVersion.isEmpty {
                errors.append(.invalid(apiVersionPath, value: .string(apiVersion), detail: "must not be empty"))
            } else if apiVersion.split(separator: "/", omittingEmptySubsequences: false).count > 2
                || apiVersion.hasPrefix("/") || apiVersion.hasSuffix("/")
            {
                errors.append(
                    .invalid(
                        apiVersionPath, value: .string(apiVersion),
                        detail: "unexpected GroupVersion string: \(apiVersion)"))
            }
        case let other?:
            errors.append(.invalid(apiVersionPath, value: other, detail: "must be a string"))
        }
        switch members["kind"] {
        case nil:
            errors.append(.required(kindPath, detail: "must not be empty"))
        case .string(let kind)?:
            if kind.isEmpty {
                errors.append(.invalid(kindPath, value: .string(kind), detail: "must not be empty"))
            }
        case let other?:
            errors.append(.invalid(kindPath, value: other, detail: "must be a string"))
        }
        if let metadata = members["metadata"], metadata != .null, metadata.objectValue == nil {
            errors.append(.invalid(Self.child(path, "metadata"), value: metadata, detail: "must be an object"))
        }
    }
}

extension JSONValue {
    /// An integer in JSON terms: an int, or a double without a fractional part.
    var isInteger: Bool {
        switch self {
        case .int: return true
        case .double(let number): return number.isFinite && number.rounded() == number
        default: return false
        }
    }
}
