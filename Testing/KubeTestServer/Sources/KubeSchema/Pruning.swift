public import JSONValues
import KubeModel

extension StructuralSchema {
    /// Drops every field the schema does not specify, as kube-apiserver does
    /// on create and update, and returns the dropped fields' paths
    /// (`spec.foo`, `spec.items[0].bar`) in document order, so that the server
    /// can refuse them under `fieldValidation=Strict` (`unknown field "spec.foo"`).
    ///
    /// - Below `x-kubernetes-preserve-unknown-fields: true` unknown fields stay,
    ///   but declared properties are still pruned inside.
    /// - At the resource root (and in `x-kubernetes-embedded-resource` objects)
    ///   `apiVersion`, `kind` and an object `metadata` are always kept.
    /// - `additionalProperties: true` keeps every member as is.
    @discardableResult
    public func prune(_ value: inout JSONValue, isResourceRoot: Bool = true) -> [String] {
        var pruned: [String] = []
        Self.prune(&value, schema: self, path: "", isResourceRoot: isResourceRoot, pruned: &pruned)
        return pruned
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// `schema == nil` means: nothing is specified here, drop every object member below.
    private static func prune(
        _ value: inout JSONValue, schema: StructuralSchema?, path: String, isResourceRoot: Bool, pruned: inout [String]
    ) {
        if let schema, schema.preserveUnknownFields {
            skipPrune(&value, schema: schema, path: path, pruned: &pruned)
            return
        }
        switch value {
        case .object(var members):
            guard let schema else {
                for key in members.keys.sorted() { pruned.append(join(path, key)) }
                value = .object([:])
                return
            }
            let keepsResourceFields = isResourceRoot || schema.embeddedResource
            for key in members.keys.sorted() {
                if keepsResourceFields {
                    if key == "apiVersion" || key == "kind" { continue }
                    if key == "metadata", members[key]?.objectValue != nil { continue }
                }
                guard var child = members[key] else { continue }
                if let property = schema.properties[key] {
                    prune(&child, schema: property, path: join(path, key), isResourceRoot: false, pruned: &pruned)
                    members[key] = child
                } else if let additional = schema.additionalProperties {
                    if case .schema(let childSchema) = additional {
                        prune(&child, schema: childSchema, path: join(path, key), isResourceRoot: false, pruned: &pruned)
                        members[key] = child
                    }
                } else {
                    pruned.append(join(path, key))
                    members[key] = nil
                }
            }
            value = .object(members)
        case .array(var elements):
            for index in elements.indices {
                prune(
                    &elements[index], schema: schema?.items, path: "\(path)[\(index)]", isResourceRoot: false,
                    pruned: &pruned)
            }
            value = .array(elements)
        default:
            break
        }
    }

    /// Below preserve-unknown-fields: keep unknown members, prune inside known ones.
    private static func skipPrune(_ value: inout JSONValue, schema: StructuralSchema, path: String, pruned: inout [String]) {
        switch value {
        case .object(var members):
            for key in members.keys.sorted() {
                if schema.embeddedResource && (key == "apiVersion" || key == "kind" || key == "metadata") { continue }
                guard var child = members[key], let childSchema = schema.schema(forMember: key) else { continue }
                prune(&child, schema: childSchema, path: join(path, key), isResourceRoot: false, pruned: &pruned)
                members[key] = child
            }
            value = .object(members)
        case .array(var elements):
            guard let items = schema.items else { return }
            for index in elements.indices {
                skipPrune(&elements[index], schema: items, path: "\(path)[\(index)]", pruned: &pruned)
            }
            value = .array(elements)
        default:
            break
        }
    }
}
