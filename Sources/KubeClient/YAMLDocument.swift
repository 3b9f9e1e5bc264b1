// Only with the KubeconfigYAML trait: Yams imports full Foundation and its
// resolver uses NSRegularExpression, which links ICU.
#if KubeconfigYAML
import JSONValues
import KubeModel
import Yams

/// Reads a YAML document into a `JSONValue`.
enum YAMLDocument {
    /// What becomes of scalars.
    enum Scalars {
        /// Every scalar kept as text (a kubeconfig token of digits must stay a
        /// string), except plain nulls.
        case text
        /// As YAML resolves them, as kubectl reads a manifest: plain `1000` an
        /// integer, `true` a boolean, `~` null; quoted scalars and anything
        /// else (timestamps included) text.
        case typed
    }

    static let errorPrefix = "not valid YAML: "

    static func parse(_ text: String, scalars: Scalars = .text) throws(KubeConfigurationError) -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw KubeConfigurationError(message: errorPrefix + "\(error)")
        }
        guard let root else { return .null }
        return convert(root, scalars: scalars)
    }

    private static func convert(_ node: Node, scalars: Scalars) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if node.null != nil { return .null }
            return scalars == .typed ? typed(scalar, tag: node.tag) : .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map { convert($0, scalars: scalars) })
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                members[key.string ?? key.scalar?.string ?? ""] = convert(value, scalars: scalars)
            }
            return .object(members)
        case .alias:
            return .null
        }
    }

    /// A scalar by its resolved tag (the node's); text when the tag's value does not construct.
    private static func typed(_ scalar: Node.Scalar, tag: Tag) -> JSONValue {
        switch Tag.Name(rawValue: tag.rawValue) {
        case .bool:
            if let flag = Bool.construct(from: scalar) { return .bool(flag) }
        case .int:
            if let number = Int64.construct(from: scalar) { return .int(number) }
        case .float:
            if let number = Double.construct(from: scalar), number.isFinite { return .double(number) }
        default:
            break
        }
        return .string(scalar.string)
    }
}
#endif
