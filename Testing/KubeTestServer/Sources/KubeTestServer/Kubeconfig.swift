import Foundation

/// The client configuration kubectl and the operator read (`--kubeconfig`).
public struct Kubeconfig: Sendable {
    public var server: String
    public var token: String?
    public var certificateAuthorityPEM: String?
    public var namespace: String = "default"
    /// The kubeconfig's user entry (the credential's name; kubectl shows it in `config view`).
    public var userName = "kube-test-server-admin"

    public init(server: String, token: String?, certificateAuthorityPEM: String?, namespace: String = "default",
                userName: String = "kube-test-server-admin") {
        self.server = server
        self.token = token
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.namespace = namespace
        self.userName = userName
    }

    /// The same cluster with another bearer token (a ServiceAccount's, from `KubeTestServer.serviceAccountToken`).
    public func with(token: String, userName: String = "kube-test-server-user") -> Kubeconfig {
        var copy = self
        copy.token = token
        copy.userName = userName
        return copy
    }

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
            - name: \(userName)
              user:
            \(user)contexts:
            - name: kube-test-server
              context:
                cluster: kube-test-server
                user: \(userName)
                namespace: \(namespace)
            current-context: kube-test-server

            """
    }

    public func write(to path: String) throws {
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
