import Foundation
import KubeClient
import JSONValues
import KubeModel
import KubeTestServer
import Testing

/// Kubeconfig files in JSON are read with and without the KubeconfigYAML
/// trait (the container image is built without it); YAML ones only with it.
@Suite("Kubeconfig formats")
struct KubeconfigFormatTests {
    /// The test server's kubeconfig as `kubectl config view --flatten -o json`
    /// writes one: booleans as JSON booleans, a second cluster and context.
    static func jsonKubeconfig(server: KubeTestServer, tokenDigits: String = "0123456789") -> JSONValue {
        let kubeconfig = server.kubeconfig
        var cluster: JSONValue = ["server": .string(kubeconfig.server)]
        if let pem = kubeconfig.certificateAuthorityPEM {
            cluster["certificate-authority-data"] = .string(Data(pem.utf8).base64EncodedString())
        }
        return [
            "kind": "Config", "apiVersion": "v1", "preferences": [:],
            "clusters": [
                ["name": "test", "cluster": cluster],
                ["name": "lab", "cluster": ["server": "https://lab.example:6443", "insecure-skip-tls-verify": true]],
            ],
            "users": [
                ["name": "admin", "user": ["token": .string(kubeconfig.token ?? "")]],
                ["name": "digits", "user": ["token": .string(tokenDigits)]],
                ["name": "file", "user": ["tokenFile": "token"]],
            ],
            "contexts": [
                ["name": "test", "context": ["cluster": "test", "user": "admin", "namespace": "pf-system"]],
                ["name": "lab", "context": ["cluster": "lab", "user": "digits"]],
                ["name": "lab-file", "context": ["cluster": "lab", "user": "file"]],
            ],
            "current-context": "test",
        ]
    }

    @Test("a JSON kubeconfig is read and works against the server")
    func json() async throws {
        let server = try await KubeTestServer.start(logger: testLogger)
        defer { Task { await server.shutdown() } }
        let directory = try temporaryDirectory("json")
        try write("token-from-file\n", to: directory + "/token")
        try write(Self.jsonKubeconfig(server: server).jsonString, to: directory + "/config.json")

        let current = try KubeConfiguration.load(kubeconfigPath: directory + "/config.json")
        #expect(current.server == server.url)
        #expect(current.certificateAuthorityPEM == server.certificateAuthority?.certificatePEM)
        #expect(current.credentials == .token(server.token ?? ""))
        #expect(current.namespace == "pf-system")
        #expect(!current.insecureSkipTLSVerify)
        let client = KubeClient(configuration: current, retryPolicy: fastRetries, logger: testLogger)
        let namespace = try await client.get(.namespaces, namespace: nil, name: "kube-system")
        #expect(namespace["metadata"]["name"] == "kube-system")
        try await client.shutdown()

        let lab = try KubeConfiguration.load(kubeconfigPath: directory + "/config.json", context: "lab")
        #expect(lab.insecureSkipTLSVerify)
        #expect(lab.credentials == .token("0123456789"))
        #expect(lab.namespace == "default")
        let file = try KubeConfiguration.load(kubeconfigPath: directory + "/config.json", context: "lab-file")
        #expect(file.credentials == .tokenFile(directory + "/token"))
    }

    @Test("a JSON kubeconfig's errors name the file and field")
    func jsonErrors() throws {
        let directory = try temporaryDirectory("json-errors")
        let document: JSONValue = [
            "clusters": [["name": "c", "cluster": ["server": "https://x:6443", "insecure-skip-tls-verify": "maybe"]]],
            "contexts": [["name": "c", "context": ["cluster": "c"]]],
            "current-context": "c",
        ]
        try write(document.jsonString, to: directory + "/config")
        let notBoolean = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: directory + "/config")
        }
        #expect(notBoolean?.file == directory + "/config")
        #expect(notBoolean?.field == "clusters[c].cluster.insecure-skip-tls-verify")
    }

    #if !KubeconfigYAML
    @Test("without the KubeconfigYAML trait a YAML kubeconfig gets one clear error")
    func yamlRefused() throws {
        let directory = try temporaryDirectory("yaml-refused")
        let path = directory + "/config"
        try write("apiVersion: v1\nkind: Config\nclusters: []\n", to: path)
        let yaml = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: path)
        }
        #expect(yaml?.file == path)
        #expect(yaml?.description.contains("this build reads JSON kubeconfig files only") == true)
        #expect(yaml?.description.contains("kubectl config view --flatten -o json") == true)
        #expect(yaml?.description.contains("in-cluster configuration") == true)

        // A YAML flow mapping looks like JSON but is not.
        try write("{clusters: []}\n", to: path)
        let flow = expectConfigurationError { () throws(KubeConfigurationError) in
            try KubeConfiguration.load(kubeconfigPath: path)
        }
        #expect(flow?.description.contains("not valid JSON") == true)
        #expect(flow?.description.contains("this build reads JSON kubeconfig files only") == true)
    }
    #endif
}
