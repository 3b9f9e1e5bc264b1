#if canImport(FoundationEssentials)
public import FoundationEssentials  // ProcessInfo in a default argument
#else
public import Foundation
#endif
import KubeModel

extension KubeConfiguration {
    /// The configuration of a pod: the API server from `KUBERNETES_SERVICE_HOST`
    /// and `KUBERNETES_SERVICE_PORT`, the service account's token (re-read as
    /// the kubelet rotates it), CA bundle and namespace.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = "/var/run/secrets/kubernetes.io/serviceaccount"
    ) throws(KubeConfigurationError) -> KubeConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"]?.trimmingWhitespace(), !host.isEmpty else {
            throw KubeConfigurationError(field: "KUBERNETES_SERVICE_HOST", message: "not set (not running in a pod?)")
        }
        guard let port = environment["KUBERNETES_SERVICE_PORT"]?.trimmingWhitespace(), !port.isEmpty else {
            throw KubeConfigurationError(field: "KUBERNETES_SERVICE_PORT", message: "not set (not running in a pod?)")
        }
        guard let number = Int(port), (1...65535).contains(number) else {
            throw KubeConfigurationError(field: "KUBERNETES_SERVICE_PORT", message: "\"\(port)\" is not a port number")
        }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host

        let directory = serviceAccountDirectory.hasSuffix("/") ? String(serviceAccountDirectory.dropLast()) : serviceAccountDirectory
        let tokenPath = directory + "/token"
        let token = try readFile(tokenPath, what: "service account token")
        if token.trimmingWhitespace().isEmpty {
            throw KubeConfigurationError(file: tokenPath, message: "the service account token is empty")
        }
        let caPath = directory + "/ca.crt"
        let certificateAuthority = try readFile(caPath, what: "service account CA")
        try validateCertificates(certificateAuthority, file: caPath, field: nil)

        var namespace = "default"
        if let data = FileManager.default.contents(atPath: directory + "/namespace") {
            let text = String(decoding: data, as: UTF8.self).trimmingWhitespace()
            if !text.isEmpty { namespace = text }
        } else if let fromEnvironment = environment["POD_NAMESPACE"], !fromEnvironment.isEmpty {
            namespace = fromEnvironment
        }
        return KubeConfiguration(
            server: "https://\(bracketed):\(number)", certificateAuthorityPEM: certificateAuthority,
            credentials: .tokenFile(tokenPath), namespace: namespace)
    }
}
