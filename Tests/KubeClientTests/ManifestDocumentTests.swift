import KubeClient
import KubeModel
import Testing

/// Manifest files (a PFLACPMonitor for `render-daemonset`): JSON always, YAML
/// with the KubeconfigYAML trait, scalars with their types.
@Suite("Manifest documents")
struct ManifestDocumentTests {
    func parseError(_ text: String) -> String? {
        do {
            _ = try ManifestDocument.parse(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("JSON keeps its types")
    func json() throws {
        let document = try ManifestDocument.parse(#"{"kind": "PFLACPMonitor", "spec": {"interfaces": ["ens5f0"], "pollingInterval": 1000, "x": true, "y": null, "z": "1000"}}"#)
        #expect(document == [
            "kind": "PFLACPMonitor",
            "spec": ["interfaces": ["ens5f0"], "pollingInterval": 1000, "x": true, "y": .null, "z": "1000"],
        ])
    }

    #if KubeconfigYAML
    @Test("YAML scalars as YAML resolves them: plain numbers and booleans typed, quoted ones text")
    func yaml() throws {
        #expect(ManifestDocument.readsYAML)
        let document = try ManifestDocument.parse(
            """
            apiVersion: pfstatusrelay.openshift.io/v1alpha1
            kind: PFLACPMonitor
            metadata:
              name: pflacpmonitor-worker-0
              creationTimestamp: 2025-07-24T13:30:00Z
            spec:
              interfaces:
                - ens5f0
                - "ens5f1"
              pollingInterval: 1000
              nodeSelector:
                kubernetes.io/hostname: worker-0
                quoted: "1000"
                flag: true
                ratio: 1.5
                nothing: ~
            """)
        #expect(document == [
            "apiVersion": "pfstatusrelay.openshift.io/v1alpha1",
            "kind": "PFLACPMonitor",
            "metadata": ["name": "pflacpmonitor-worker-0", "creationTimestamp": "2025-07-24T13:30:00Z"],
            "spec": [
                "interfaces": ["ens5f0", "ens5f1"],
                "pollingInterval": 1000,
                "nodeSelector": [
                    "kubernetes.io/hostname": "worker-0", "quoted": "1000", "flag": true, "ratio": 1.5, "nothing": .null,
                ],
            ],
        ])
        #expect(parseError("spec: [unclosed\n")?.hasPrefix("not valid YAML") == true)
    }
    #else
    @Test("without the KubeconfigYAML trait YAML gets one clear error")
    func yamlRefused() {
        #expect(!ManifestDocument.readsYAML)
        let yaml = parseError("kind: PFLACPMonitor\n")
        #expect(yaml?.hasPrefix("not JSON (YAML?)") == true)
        #expect(yaml?.contains("reads JSON only") == true)
        let flow = parseError("{kind: PFLACPMonitor}\n")
        #expect(flow?.hasPrefix("not valid JSON") == true)
        #expect(flow?.contains("reads JSON only") == true)
    }
    #endif
}
