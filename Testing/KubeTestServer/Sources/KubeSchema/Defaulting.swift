public import JSONValues
import KubeModel

extension StructuralSchema {
    /// Applies `default`s as kube-apiserver does after pruning:
    ///
    /// - a `null` member whose schema is not `nullable` is dropped, or replaced
    ///   by the default when there is one (`null` array items likewise get the
    ///   items' default);
    /// - an absent property with a default gets a copy of it;
    /// - recursively, also inside array items and `additionalProperties`
    ///   values, and inside values that were just defaulted (a defaulted object
    ///   gets its own nested defaults).
    public func applyDefaults(_ value: inout JSONValue) {
        Self.dropNonNullableNulls(&value, schema: self)
        Self.applyDefaults(&value, schema: self)
    }

    private static func dropNonNullableNulls(_ value: inout JSONValue, schema: StructuralSchema) {
        switch value {
        case .object(var members):
            for key in members.keys.sorted() {
                guard var child = members[key], let childSchema = schema.schema(forMember: key) else { continue }
                if child == .null && !childSchema.nullable && childSchema.defaultValue == nil {
                    members[key] = nil
                } else {
                    dropNonNullableNulls(&child, schema: childSchema)
                    members[key] = child
                }
            }
            value = .object(members)
        case .array(var elements):
            guard let items = schema.items else { return }
            for index in elements.indices {
                dropNonNullableNulls(&elements[index], schema: items)
            }
            value = .array(elements)
        default:
            break
        }
    }

    private static func applyDefaults(_ value: inout JSONValue, schema: StructuralSchema) {
        switch value {
        case .object(var members):
            for (key, property) in schema.properties {
                guard let defaultValue = property.defaultValue else { continue }
                if let present = members[key], present != .null || property.nullable { continue }
                members[key] = defaultValue
            }
            for key in members.keys.sorted() {
                guard var child = members[key], let childSchema = schema.schema(forMember: key) else { continue }
                if schema.properties[key] == nil, child == .null, !childSchema.nullable,
                    let defaultValue = childSchema.defaultValue
                {
                    child = defaultValue
                }
                applyDefaults(&child, schema: childSchema)
                members[key] = child
            }
            value = .object(members)
        case .array(var elements):
            guard let items = schema.items else { return }
            for index in elements.indices {
                if elements[index] == .null, !items.nullable, let defaultValue = items.defaultValue {
                    elements[index] = defaultValue
                }
                applyDefaults(&elements[index], schema: items)
            }
            value = .array(elements)
        default:
            break
        }
    }
}
