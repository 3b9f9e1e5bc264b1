/// Where the API server is and how to talk to it: what kubectl reads from a
/// kubeconfig context, or a pod from its service account.
public struct KubeConfiguration: Sendable, Hashable {
    /// How requests authenticate.
    public enum Credentials: Sendable, Hashable {
        case none
        /// A fixed bearer token.
        case token(String)
        /// A bearer token read from a file (a projected service account token):
        /// re-read at most once a minute, and at once after a 401.
        case tokenFile(String)
    }

    /// A TLS client certificate and its private key, both PEM.
    public struct ClientCertificate: Sendable, Hashable {
        public var certificatePEM: String
        public var privateKeyPEM: String

        public init(certificatePEM: String, privateKeyPEM: String) {
            self.certificatePEM = certificatePEM
            self.privateKeyPEM = privateKeyPEM
        }
    }

    /// `https://host:port`, possibly with a path prefix.
    public var server: String
    /// The CA bundle to trust (and only it); nil: the system's trust roots.
    public var certificateAuthorityPEM: String?
    public var insecureSkipTLSVerify: Bool
    public var credentials: Credentials
    public var clientCertificate: ClientCertificate?
    /// The namespace of the context (or of the pod); "default" otherwise.
    public var namespace: String

    public init(server: String, certificateAuthorityPEM: String? = nil, insecureSkipTLSVerify: Bool = false,
                credentials: Credentials = .none, clientCertificate: ClientCertificate? = nil, namespace: String = "default")
    {
        self.server = server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.credentials = credentials
        self.clientCertificate = clientCertificate
        self.namespace = namespace
    }

    /// The server URL without a trailing slash, to which request paths are appended.
    var baseURL: String {
        var url = server
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// A configuration that cannot be used, naming the file and field at fault.
public struct KubeConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kubeconfig or service account file, when one is at fault.
    public var file: String?
    /// The field (`users[admin].user.client-key-data`) or variable at fault.
    public var field: String?
    public var message: String

    public init(file: String? = nil, field: String? = nil, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = ""
        if let file { text += file + ": " }
        if let field { text += field + ": " }
        return text + message
    }
}
