#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONValues
import KubeModel
import NIOSSL

extension KubeConfiguration {
    /// Reads a kubeconfig file as kubectl does: the named context (or
    /// `current-context`), its cluster (server, CA from
    /// `certificate-authority-data` or the `certificate-authority` file,
    /// `insecure-skip-tls-verify`), its user (`token`, `tokenFile`, client
    /// certificate and key as data or files) and its namespace. Relative file
    /// paths are relative to the kubeconfig's directory. Without the
    /// KubeconfigYAML trait only kubeconfig files written in JSON are read.
    public static func load(kubeconfigPath: String, context: String? = nil) throws(KubeConfigurationError) -> KubeConfiguration {
        let text = try readFile(kubeconfigPath, what: "kubeconfig")
        let document: JSONValue
        do {
            document = try KubeconfigDocument.parse(text)
        } catch {
            throw KubeConfigurationError(file: kubeconfigPath, message: error.message)
        }
        guard document.objectValue != nil else {
            throw KubeConfigurationError(file: kubeconfigPath, message: "not a kubeconfig (expected a YAML mapping with clusters, users and contexts)")
        }
        let reader = KubeconfigReader(document: document, path: kubeconfigPath)
        return try reader.configuration(context: context)
    }

    /// The contents of a file, or an error naming it.
    static func readFile(_ path: String, what: String, field: String? = nil) throws(KubeConfigurationError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw KubeConfigurationError(
                file: path, field: field, message: exists ? "cannot read the \(what) file" : "the \(what) file does not exist")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Checks that `pem` holds at least one certificate NIOSSL accepts.
    static func validateCertificates(_ pem: String, file: String?, field: String?) throws(KubeConfigurationError) {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
        } catch {
            throw KubeConfigurationError(file: file, field: field, message: "not a PEM certificate: \(error)")
        }
        if certificates.isEmpty {
            throw KubeConfigurationError(file: file, field: field, message: "no PEM certificate found")
        }
    }

    static func validatePrivateKey(_ pem: String, file: String?, field: String?) throws(KubeConfigurationError) {
        do {
            _ = try NIOSSLPrivateKey(bytes: Array(pem.utf8), format: .pem)
        } catch {
            throw KubeConfigurationError(file: file, field: field, message: "not a PEM private key: \(error)")
        }
    }
}

/// Walks one kubeconfig document, naming the entry and field of any error.
private struct KubeconfigReader {
    let document: JSONValue
    let path: String

    /// The kubeconfig's directory ("" for a bare file name), as NSString's
    /// `deletingLastPathComponent` gives it (NSString is not in FoundationEssentials).
    var directory: String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    func configuration(context requested: String?) throws(KubeConfigurationError) -> KubeConfiguration {
        let contextName: String
        if let requested, !requested.isEmpty {
            contextName = requested
        } else if let current = document["current-context"].stringValue, !current.isEmpty {
            contextName = current
        } else {
            throw error("current-context", "no context given and no current-context set")
        }
        let contexts = names(in: "contexts")
        guard let context = entry(in: "contexts", named: contextName, body: "context") else {
            throw error("contexts", "context \"\(contextName)\" not found" + known(contexts))
        }
        let contextField = "contexts[\(contextName)].context"
        guard let clusterName = context["cluster"].stringValue, !clusterName.isEmpty else {
            throw error("\(contextField).cluster", "missing")
        }
        guard let cluster = entry(in: "clusters", named: clusterName, body: "cluster") else {
            throw error("\(contextField).cluster", "cluster \"\(clusterName)\" not found" + known(names(in: "clusters")))
        }
        var configuration = try clusterSettings(cluster, field: "clusters[\(clusterName)].cluster")
        if let userName = context["user"].stringValue, !userName.isEmpty {
            guard let user = entry(in: "users", named: userName, body: "user") else {
                throw error("\(contextField).user", "user \"\(userName)\" not found" + known(names(in: "users")))
            }
            try applyUser(user, field: "users[\(userName)].user", to: &configuration)
        }
        if let namespace = context["namespace"].stringValue, !namespace.isEmpty {
            configuration.namespace = namespace
        }
        return configuration
    }

    private func clusterSettings(_ cluster: JSONValue, field: String) throws(KubeConfigurationError) -> KubeConfiguration {
        guard let server = cluster["server"].stringValue, !server.isEmpty else {
            throw error("\(field).server", "missing")
        }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
            throw error("\(field).server", "\"\(server)\" is not an http:// or https:// URL")
        }
        var configuration = KubeConfiguration(server: server)
        if let flag = cluster["insecure-skip-tls-verify"].stringValue {
            configuration.insecureSkipTLSVerify = try boolean(flag, field: "\(field).insecure-skip-tls-verify")
        }
        if let data = cluster["certificate-authority-data"].stringValue, !data.isEmpty {
            let pem = try base64(data, field: "\(field).certificate-authority-data")
            try KubeConfiguration.validateCertificates(pem, file: path, field: "\(field).certificate-authority-data")
            configuration.certificateAuthorityPEM = pem
        } else if let file = cluster["certificate-authority"].stringValue, !file.isEmpty {
            let resolved = resolve(file)
            let pem = try KubeConfiguration.readFile(resolved, what: "certificate authority", field: "\(field).certificate-authority in \(path)")
            try KubeConfiguration.validateCertificates(pem, file: resolved, field: "\(field).certificate-authority in \(path)")
            configuration.certificateAuthorityPEM = pem
        }
        return configuration
    }

    private func applyUser(_ user: JSONValue, field: String, to configuration: inout KubeConfiguration) throws(KubeConfigurationError) {
        if let token = user["token"].stringValue, !token.isEmpty {
            configuration.credentials = .token(token.trimmingWhitespace())
        } else if let file = user["tokenFile"].stringValue, !file.isEmpty {
            let resolved = resolve(file)
            _ = try KubeConfiguration.readFile(resolved, what: "token", field: "\(field).tokenFile in \(path)")
            configuration.credentials = .tokenFile(resolved)
        }

        let certificate = try pemValue(user, dataKey: "client-certificate-data", fileKey: "client-certificate", field: field)
        let key = try pemValue(user, dataKey: "client-key-data", fileKey: "client-key", field: field)
        switch (certificate, key) {
        case (nil, nil):
            break
        case (.some(let certificate), .some(let key)):
            try KubeConfiguration.validateCertificates(certificate.pem, file: certificate.file, field: certificate.field)
            try KubeConfiguration.validatePrivateKey(key.pem, file: key.file, field: key.field)
            configuration.clientCertificate = .init(certificatePEM: certificate.pem, privateKeyPEM: key.pem)
        case (.some, nil):
            throw error("\(field).client-key-data", "a client certificate is given without its key")
        case (nil, .some):
            throw error("\(field).client-certificate-data", "a client key is given without its certificate")
        }

        if case .none = configuration.credentials, configuration.clientCertificate == nil {
            for unsupported in ["exec", "auth-provider", "username"] where !user[unsupported].isNull {
                throw error("\(field).\(unsupported)", "not supported by this client (use a token, tokenFile or client certificate)")
            }
        }
    }

    /// A PEM given inline (base64 `dataKey`) or as a file (`fileKey`).
    private func pemValue(_ user: JSONValue, dataKey: String, fileKey: String, field: String) throws(KubeConfigurationError)
        -> (pem: String, file: String, field: String)?
    {
        if let data = user[dataKey].stringValue, !data.isEmpty {
            return (try base64(data, field: "\(field).\(dataKey)"), path, "\(field).\(dataKey)")
        }
        if let file = user[fileKey].stringValue, !file.isEmpty {
            let resolved = resolve(file)
            let what = fileKey == "client-key" ? "client key" : "client certificate"
            return (try KubeConfiguration.readFile(resolved, what: what, field: "\(field).\(fileKey) in \(path)"), resolved,
                    "\(field).\(fileKey) in \(path)")
        }
        return nil
    }

    // MARK: - Helpers

    /// The `body` member of the entry named `name` in the list `list`.
    private func entry(in list: String, named name: String, body: String) -> JSONValue? {
        guard let entries = document[list].arrayValue else { return nil }
        guard let found = entries.first(where: { $0["name"].stringValue == name }) else { return nil }
        return found[body].isNull ? .emptyObject : found[body]
    }

    private func names(in list: String) -> [String] {
        (document[list].arrayValue ?? []).compactMap { $0["name"].stringValue }
    }

    private func known(_ names: [String]) -> String {
        names.isEmpty ? " (the kubeconfig has none)" : " (known: \(names.joined(separator: ", ")))"
    }

    private func resolve(_ file: String) -> String {
        var file = file
        if file.hasPrefix("~/") { file = FileManager.default.homeDirectoryForCurrentUser.path + String(file.dropFirst(1)) }
        if file.hasPrefix("/") || directory.isEmpty { return file }
        return directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }

    private func base64(_ text: String, field: String) throws(KubeConfigurationError) -> String {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else {
            throw error(field, "not valid base64")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func boolean(_ text: String, field: String) throws(KubeConfigurationError) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw error(field, "\"\(text)\" is not a boolean")
        }
    }

    private func error(_ field: String, _ message: String) -> KubeConfigurationError {
        KubeConfigurationError(file: path, field: field, message: message)
    }
}
