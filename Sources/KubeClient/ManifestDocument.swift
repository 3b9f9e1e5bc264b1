public import JSONValues
import KubeModel

/// A Kubernetes object as written in a manifest file (`kubectl apply -f`):
/// JSON, or, with the KubeconfigYAML trait, YAML too. Scalars keep their
/// types (`pollingInterval: 1000` is an integer), unlike a kubeconfig's.
public enum ManifestDocument {
    /// Whether this build reads YAML (the KubeconfigYAML trait; the container
    /// image is built without it and reads JSON only).
    public static var readsYAML: Bool {
        #if KubeconfigYAML
        return true
        #else
        return false
        #endif
    }

    /// How to do without YAML in a build without the KubeconfigYAML trait.
    public static let jsonOnlyAdvice = "this build (without the KubeconfigYAML trait) reads JSON only: "
        + "give the object as JSON (for example converted with `yq -o json FILE`)"

    /// One JSON or YAML document; the error says what is wrong with the text.
    public static func parse(_ text: String) throws(ManifestDocumentError) -> JSONValue {
        let json: JSONValue
        do {
            json = try JSONValue.decode(text)
        } catch {
            let first = text.first(where: { !$0.isWhitespace })
            let looksLikeJSON = first == "{" || first == "["
            #if KubeconfigYAML
            // Not JSON: YAML (a superset of JSON; a flow mapping `{a: b}` is
            // YAML too). When neither reads it, the YAML parser's error, which
            // gives the line and column (the JSON decoder's does not).
            do {
                return try YAMLDocument.parse(text, scalars: .typed)
            } catch let yamlError {
                var message = yamlError.message
                if looksLikeJSON, message.hasPrefix(YAMLDocument.errorPrefix) {
                    message = "not valid JSON: " + message.dropFirst(YAMLDocument.errorPrefix.count)
                }
                throw ManifestDocumentError(message: message)
            }
            #else
            if looksLikeJSON {
                throw ManifestDocumentError(message: "not valid JSON (\(error)); \(jsonOnlyAdvice)")
            }
            throw ManifestDocumentError(message: "not JSON (YAML?); \(jsonOnlyAdvice)")
            #endif
        }
        return json
    }
}

/// A manifest that is not one JSON (or YAML) document.
public struct ManifestDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
