import NIOSSL

/// The client TLS settings for a configuration: trust only its CA (or skip
/// verification when asked to), and present its client certificate.
enum TLSSetup {
    static func configuration(for configuration: KubeConfiguration) throws(KubeError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        // On close, wait at most this long for the server's close_notify (shutdown() waits for it).
        tls.shutdownTimeout = .seconds(1)
        if configuration.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        } else if let pem = configuration.certificateAuthorityPEM {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
            } catch {
                throw .invalidRequest("the certificate authority is not a PEM certificate: \(error)")
            }
            guard !certificates.isEmpty else { throw .invalidRequest("the certificate authority PEM holds no certificate") }
            tls.trustRoots = .certificates(certificates)
        }
        if let client = configuration.clientCertificate {
            do {
                let chain = try NIOSSLCertificate.fromPEMBytes(Array(client.certificatePEM.utf8))
                tls.certificateChain = chain.map { .certificate($0) }
            } catch {
                throw .invalidRequest("the client certificate is not a PEM certificate: \(error)")
            }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(client.privateKeyPEM.utf8), format: .pem))
            } catch {
                throw .invalidRequest("the client key is not a PEM private key: \(error)")
            }
        }
        return tls
    }
}
