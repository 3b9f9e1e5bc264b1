import JSONValues
import KubeModel

/// The text of a kubeconfig as a `JSONValue` whose scalars are all text
/// (except nulls): the reader parses booleans itself, and a token of digits
/// must stay a string.
enum KubeconfigDocument {
    static func parse(_ text: String) throws(KubeConfigurationError) -> JSONValue {
        #if KubeconfigYAML
        // JSON is YAML, so this reads both kinds of file.
        return try YAMLDocument.parse(text)
        #else
        return try parseJSON(text)
        #endif
    }

    /// How to do without YAML in a build without the KubeconfigYAML trait
    /// (the container image: Yams would pull full Foundation and ICU in).
    static let jsonOnlyAdvice = "this build reads JSON kubeconfig files only: write one with "
        + "`kubectl config view --flatten -o json > kubeconfig.json`, "
        + "or run in the cluster with the in-cluster configuration (the pod's service account, without --kubeconfig)"

    /// A kubeconfig in JSON, as `kubectl config view --flatten -o json` writes it.
    static func parseJSON(_ text: String) throws(KubeConfigurationError) -> JSONValue {
        do {
            return scalarsAsText(try JSONValue.decode(text))
        } catch {
            let first = text.first(where: { !$0.isWhitespace })
            if first == "{" || first == "[" {
                throw KubeConfigurationError(message: "not valid JSON (\(error)); \(jsonOnlyAdvice)")
            }
            throw KubeConfigurationError(message: "not JSON (YAML?); \(jsonOnlyAdvice)")
        }
    }

    /// Booleans and numbers as the text the YAML reader gives for them
    /// (`"insecure-skip-tls-verify": true` reads as "true").
    private static func scalarsAsText(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null, .string: return value
        case .bool(let flag): return .string(flag ? "true" : "false")
        case .int(let number): return .string(String(number))
        case .double(let number): return .string(String(number))
        case .array(let elements): return .array(elements.map(scalarsAsText))
        case .object(let members): return .object(members.mapValues(scalarsAsText))
        }
    }
}
