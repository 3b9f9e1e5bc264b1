import Foundation
import KubeClient
import KubeModel
import KubeTestServer
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("the kubeconfig the server writes loads and works over HTTPS")
    func kubeconfigOverTLS() async throws {
        try await withServer { server, client in
            let configuration = client.configuration
            #expect(configuration.server == server.url)
            #expect(configuration.credentials == .token(server.token ?? ""))
            #expect(configuration.certificateAuthorityPEM == server.certificateAuthority?.certificatePEM)
            #expect(configuration.namespace == "default")
            #expect(!configuration.insecureSkipTLSVerify)
            let namespace = try await client.get(.namespaces, namespace: nil, name: "kube-system")
            #expect(namespace["metadata"]["name"] == "kube-system")
            #expect(server.requests.all.last?.userAgent == "pf-status-relay-operator")
        }
    }

    @Test("plain HTTP without a token (--insecure-http)")
    func insecureHTTP() async throws {
        var options = KubeTestServer.Options()
        options.useTLS = false
        options.token = nil
        try await withServer(options) { server, client in
            #expect(client.configuration.server.hasPrefix("http://"))
            #expect(client.configuration.credentials == .none)
            #expect(client.configuration.certificateAuthorityPEM == nil)
            let list = try await client.list(.namespaces, namespace: nil)
            #expect(list.items.count >= 4)
        }
    }

    @Test("only the configured CA is trusted; insecure-skip-tls-verify skips verification")
    func trust() async throws {
        let server = try await KubeTestServer.start(logger: testLogger)
        defer { Task { await server.shutdown() } }
        let otherCA = try CertificateAuthority(commonName: "someone-else")

        var wrongCA = try configuration(for: server)
        wrongCA.certificateAuthorityPEM = otherCA.certificatePEM
        let refused = KubeClient(configuration: wrongCA, retryPolicy: .never, logger: testLogger)
        let error = await expectKubeError { () async throws(KubeError) in try await refused.get(.namespaces, namespace: nil, name: "default") }
        #expect(error?.kind == .transport)
        try await refused.shutdown()

        var insecure = wrongCA
        insecure.certificateAuthorityPEM = nil
        insecure.insecureSkipTLSVerify = true
        let skipping = KubeClient(configuration: insecure, retryPolicy: .never, logger: testLogger)
        let namespace = try await skipping.get(.namespaces, namespace: nil, name: "default")
        #expect(namespace["metadata"]["name"] == "default")
        try await skipping.shutdown()

        // A configuration that cannot be used fails every request, saying why.
        var garbled = wrongCA
        garbled.certificateAuthorityPEM = "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n"
        let unusable = KubeClient(configuration: garbled, logger: testLogger)
        let setup = await expectKubeError { () async throws(KubeError) in try await unusable.get(.namespaces, namespace: nil, name: "default") }
        #expect(setup?.kind == .invalidRequest)
        #expect(setup?.description.contains("certificate authority") == true)
        #expect(unusable.requestCount == 0)
        try await unusable.shutdown()
    }

    @Test("a client certificate and key in the kubeconfig are loaded and presented")
    func clientCertificate() async throws {
        let server = try await KubeTestServer.start(logger: testLogger)
        defer { Task { await server.shutdown() } }
        let ca = try CertificateAuthority(commonName: "client-ca")
        let (certificate, key) = try ca.issueServerCertificate(commonName: "operator", dnsNames: ["operator"])
        let directory = try temporaryDirectory("clientcert")
        try write(server.certificateAuthority?.certificatePEM ?? "", to: directory + "/ca.crt")
        try write(key, to: directory + "/client.key")
        let yaml = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: \(server.url)
                certificate-authority: ca.crt
            users:
            - name: operator
              user:
                token: \(server.token ?? "")
                client-certificate-data: \(Data(certificate.utf8).base64EncodedString())
                client-key: client.key
            contexts:
            - name: test
              context: {cluster: test, user: operator, namespace: pf-system}
            current-context: test
            """
        try write(yaml, to: directory + "/config")
        let configuration = try KubeConfiguration.load(kubeconfigPath: directory + "/config")
        #expect(configuration.clientCertificate == .init(certificatePEM: certificate, privateKeyPEM: key))
        #expect(configuration.certificateAuthorityPEM == server.certificateAuthority?.certificatePEM)
        #expect(configuration.namespace == "pf-system")
        let client = KubeClient(configuration: configuration, logger: testLogger)
        _ = try await client.get(.namespaces, namespace: nil, name: "default")
        try await client.shutdown()
    }

    @Test("contexts are chosen by name; scalars stay strings; tokenFile and insecure flags are read")
    func contexts() throws {
        let directory = try temporaryDirectory("contexts")
        try write("token-from-file\n", to: directory + "/token")
        let yaml = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: a
              cluster: {server: "https://a.example:6443", insecure-skip-tls-verify: true}
            - name: b
              cluster: {server: "https://b.example/prefix/"}
            users:
            - name: digits
              user: {token: 0123456789}
            - name: file
              user: {tokenFile: token}
            contexts:
            - name: one
              context: {cluster: a, user: digits}
            - name: two
              context: {cluster: b, user: file, namespace: ops}
            current-context: one
            """
        try write(yaml, to: directory + "/config")
        let one = try KubeConfiguration.load(kubeconfigPath: directory + "/config")
        #expect(one.server == "https://a.example:6443")
        #expect(one.insecureSkipTLSVerify)
        #expect(one.credentials == .token("0123456789"))
        #expect(one.namespace == "default")
        let two = try KubeConfiguration.load(kubeconfigPath: directory + "/config", context: "two")
        #expect(two.server == "https://b.example/prefix/")
        #expect(two.credentials == .tokenFile(directory + "/token"))
        #expect(two.namespace == "ops")
        #expect(!two.insecureSkipTLSVerify)
    }

    @Test("kubeconfig errors name the file and the problem")
    func kubeconfigErrors() throws {
        let directory = try temporaryDirectory("errors")
        let missing = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: directory + "/nope")
        }
        #expect(missing?.file == directory + "/nope")
        #expect(missing?.description.contains("does not exist") == true)

        let yaml = """
            clusters:
            - name: c
              cluster: {server: "https://x:6443", certificate-authority-data: "not*base64!"}
            users:
            - name: u
              user: {token: t}
            contexts:
            - name: good
              context: {cluster: c, user: u}
            - name: lost
              context: {cluster: elsewhere, user: u}
            current-context: good
            """
        try write(yaml, to: directory + "/config")
        let noContext = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: directory + "/config", context: "staging")
        }
        #expect(noContext?.description.contains("context \"staging\" not found") == true)
        #expect(noContext?.description.contains("known: good, lost") == true)
        #expect(noContext?.file == directory + "/config")

        let badBase64 = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: directory + "/config")
        }
        #expect(badBase64?.field == "clusters[c].cluster.certificate-authority-data")
        #expect(badBase64?.description.contains("not valid base64") == true)

        let noCluster = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: directory + "/config", context: "lost")
        }
        #expect(noCluster?.description.contains("cluster \"elsewhere\" not found") == true)

        try write("current-context: x\nclusters: [\n", to: directory + "/broken")
        let broken = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: directory + "/broken")
        }
        #expect(broken?.description.contains("not valid YAML") == true)

        try write("clusters: []\n", to: directory + "/nocurrent")
        let noCurrent = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: directory + "/nocurrent")
        }
        #expect(noCurrent?.field == "current-context")

        let notPEM = Data("hello".utf8).base64EncodedString()
        try write(yaml.replacingOccurrences(of: "not*base64!", with: notPEM), to: directory + "/notpem")
        let notCertificate = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: directory + "/notpem")
        }
        #expect(notCertificate?.description.contains("certificate-authority-data") == true)
    }

    @Test("in-cluster configuration from environment and service account files")
    func inCluster() async throws {
        let server = try await KubeTestServer.start(logger: testLogger)
        defer { Task { await server.shutdown() } }
        let directory = try temporaryDirectory("serviceaccount")
        try write((server.token ?? "") + "\n", to: directory + "/token")
        try write(server.certificateAuthority?.certificatePEM ?? "", to: directory + "/ca.crt")
        try write("kube-system\n", to: directory + "/namespace")
        let environment = ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": String(server.port)]
        let configuration = try KubeConfiguration.inCluster(environment: environment, serviceAccountDirectory: directory)
        #expect(configuration.server == "https://127.0.0.1:\(server.port)")
        #expect(configuration.credentials == .tokenFile(directory + "/token"))
        #expect(configuration.namespace == "kube-system")
        let client = KubeClient(configuration: configuration, logger: testLogger)
        let namespace = try await client.get(.namespaces, namespace: nil, name: configuration.namespace)
        #expect(namespace["metadata"]["name"] == "kube-system")
        try await client.shutdown()

        let ipv6 = try KubeConfiguration.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00:10:96::1", "KUBERNETES_SERVICE_PORT": "443"],
            serviceAccountDirectory: directory)
        #expect(ipv6.server == "https://[fd00:10:96::1]:443")

        let outside = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.inCluster(environment: [:], serviceAccountDirectory: directory)
        }
        #expect(outside?.field == "KUBERNETES_SERVICE_HOST")
        let noToken = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.inCluster(environment: environment, serviceAccountDirectory: directory + "/missing")
        }
        #expect(noToken?.file == directory + "/missing/token")
    }
}
