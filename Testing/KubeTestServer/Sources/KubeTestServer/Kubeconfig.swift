import Foundation

/// The client configuration kubectl and the operator read (`--kubeconfig`).
public struct Kubeconfig: Sendable {
    public var server: String
    public var token: String?
    public var certificateAuthorityPEM: String?
    public var namespace: String = "default"

    public var yaml: String {
        var cluster = "    server: \(server)\n"
        if let certificateAuthorityPEM {
            cluster += "    certificate-authority-data: \(Data(certificateAuthorityPEM.utf8).base64EncodedString())\n"
        }
        let user = token.map { "    token: \($0)\n" } ?? "    {}\n"
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: kube-test-server
              cluster:
            \(cluster)users:
            - name: kube-test-server-admin
              user:
            \(user)contexts:
            - name: kube-test-server
              context:
                cluster: kube-test-server
                user: kube-test-server-admin
                namespace: \(namespace)
            current-context: kube-test-server

            """
    }

    public func write(to path: String) throws {
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
