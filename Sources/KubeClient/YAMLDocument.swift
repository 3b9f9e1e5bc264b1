// Only with the KubeconfigYAML trait: Yams imports full Foundation and its
// resolver uses NSRegularExpression, which links ICU.
#if KubeconfigYAML
import KubeModel
import Yams

/// Reads a YAML document into a `JSONValue` with every scalar kept as text
/// (a kubeconfig token of digits must stay a string), except plain nulls.
enum YAMLDocument {
    static func parse(_ text: String) throws(KubeConfigurationError) -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw KubeConfigurationError(message: "not valid YAML: \(error)")
        }
        guard let root else { return .null }
        return convert(root)
    }

    private static func convert(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return node.null != nil ? .null : .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map(convert))
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                members[key.string ?? key.scalar?.string ?? ""] = convert(value)
            }
            return .object(members)
        case .alias:
            return .null
        }
    }
}
#endif
