import JSONValues
import KubeModel
import OperatorCore
import Testing

/// `render-daemonset`'s pure part: a PFLACPMonitor document in, the operator's
/// DaemonSet (or the webhook's error) out.
@Suite("Rendering a monitor file's DaemonSet")
struct DaemonSetRendererTests {
    /// The guide's monitor as a manifest has it: no namespace, no uid.
    static let guideMonitor: JSONValue = [
        "apiVersion": "pfstatusrelay.openshift.io/v1alpha1",
        "kind": "PFLACPMonitor",
        "metadata": [
            "labels": ["app.kubernetes.io/name": "pf-status-relay-operator"],
            "name": "pflacpmonitor-worker-0",
        ],
        "spec": [
            "interfaces": ["ens5f0", "ens5f1"],
            "pollingInterval": 1000,
            "nodeSelector": ["kubernetes.io/hostname": "worker-0"],
        ],
    ]

    func render(_ monitor: JSONValue, namespace: String? = nil) -> Result<JSONValue, RenderError> {
        DaemonSetRenderer.daemonSet(for: monitor, namespace: namespace, settings: sampleSettings)
    }

    func failure(_ monitor: JSONValue, namespace: String? = nil) -> String? {
        if case .failure(let error) = render(monitor, namespace: namespace) { return error.message }
        return nil
    }

    @Test("without a uid: the operator's DaemonSet for the stored monitor, without ownerReferences")
    func withoutOwner() throws {
        let rendered = try render(Self.guideMonitor, namespace: "openshift-pf-status-relay-operator").get()
        var expected = try DaemonSetBuilder.desired(for: monitorObject(), settings: sampleSettings).get()
        expected[path: ["metadata", "ownerReferences"]] = .null
        #expect(rendered == expected)
        #expect(rendered[path: ["metadata", "ownerReferences"]] == .null)
    }

    @Test("with a uid (a stored monitor): exactly the operator's DaemonSet, owner included")
    func withOwner() throws {
        let stored = monitorObject()
        let rendered = try render(stored).get()
        #expect(rendered == (try DaemonSetBuilder.desired(for: stored, settings: sampleSettings).get()))
        #expect(rendered[path: ["metadata", "ownerReferences"]][0]["uid"] == "6f1c2a4e-0000-4000-8000-000000000001")
    }

    @Test("the namespace: the one given, else the monitor's, else default")
    func namespace() throws {
        #expect(try render(Self.guideMonitor).get()[path: ["metadata", "namespace"]] == "default")
        var placed = Self.guideMonitor
        placed[path: ["metadata", "namespace"]] = "relay"
        #expect(try render(placed).get()[path: ["metadata", "namespace"]] == "relay")
        #expect(try render(placed, namespace: "other").get()[path: ["metadata", "namespace"]] == "other")
        #expect(
            failure(Self.guideMonitor, namespace: "Bad_NS")
                == #"PFLACPMonitor "pflacpmonitor-worker-0" is invalid: metadata.namespace: Invalid value: "Bad_NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#
        )
    }

    @Test("what the daemon gets: environment, capabilities, host network, nodes")
    func daemonView() throws {
        let pod = try render(Self.guideMonitor).get()[path: ["spec", "template", "spec"]]
        let container = pod["containers"][0]
        #expect(container["env"] == [
            ["name": "PF_STATUS_RELAY_INTERFACES", "value": "ens5f0,ens5f1"],
            ["name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "1000"],
        ])
        #expect(container[path: ["securityContext", "capabilities"]] == ["add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]])
        #expect(container["image"] == "quay.io/openshift/pf-status-relay:v0.1.0")
        #expect(pod["hostNetwork"] == true)
        #expect(pod["nodeSelector"] == ["kubernetes.io/hostname": "worker-0"])
    }

    @Test("lacpduTimeout reaches the daemon's environment, and refused out of range with the webhook's message")
    func lacpduTimeout() throws {
        var monitor = Self.guideMonitor
        monitor[path: ["spec", "lacpduTimeout"]] = 1500
        let env = try render(monitor).get()[path: ["spec", "template", "spec", "containers"]][0]["env"]
        #expect(env.arrayValue?.last == ["name": "PF_STATUS_RELAY_LACPDU_TIMEOUT", "value": "1500"])
        monitor[path: ["spec", "lacpduTimeout"]] = "x"
        #expect(
            failure(monitor)
                == #"PFLACPMonitor "pflacpmonitor-worker-0" is invalid: spec.lacpduTimeout: Invalid value: "string": spec.lacpduTimeout in body must be of type integer: "string""#
        )
    }

    @Test("an invalid spec gets the webhook's message")
    func invalidSpec() {
        var monitor = Self.guideMonitor
        monitor[path: ["metadata", "name"]] = "m3"
        monitor["spec"] = ["interfaces": ["ens5f0", "ens5f0"], "pollingInterval": 500]
        let message = #"PFLACPMonitor "m3" is invalid: [spec.interfaces[1]: Duplicate value: "ens5f0", spec.pollingInterval: Invalid value: 500: must be at least 1000]"#
        #expect(failure(monitor) == message)

        // The same words as the admission webhook's denial.
        var stored = monitor
        stored[path: ["metadata", "namespace"]] = "default"
        let review: JSONValue = [
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": [
                "uid": "1", "operation": "CREATE", "object": stored,
                "kind": ["group": "pfstatusrelay.openshift.io", "version": "v1alpha1", "kind": "PFLACPMonitor"],
            ],
        ]
        let denial = AdmissionReviewer.review(review, monitors: [], nodes: [])
        #expect(denial[path: ["response", "status", "message"]] == .string(message))

        var empty = Self.guideMonitor
        empty[path: ["spec", "interfaces"]] = []
        #expect(
            failure(empty)
                == #"PFLACPMonitor "pflacpmonitor-worker-0" is invalid: spec.interfaces: Required value: at least one interface must be listed"#)

        var nameless = Self.guideMonitor
        nameless["metadata"] = .null
        #expect(failure(nameless) == #"PFLACPMonitor "" is invalid: metadata.name: Required value"#)
    }

    @Test("only a PFLACPMonitor of pfstatusrelay.openshift.io/v1alpha1")
    func wrongObject() {
        var deployment = Self.guideMonitor
        deployment["kind"] = "Deployment"
        #expect(failure(deployment) == #"expected kind PFLACPMonitor, got "Deployment""#)
        var kindless = Self.guideMonitor
        kindless["kind"] = .null
        #expect(failure(kindless) == "expected kind PFLACPMonitor, got none")
        var oldVersion = Self.guideMonitor
        oldVersion["apiVersion"] = "pfstatusrelay.openshift.io/v1"
        #expect(failure(oldVersion) == #"expected apiVersion pfstatusrelay.openshift.io/v1alpha1, got "pfstatusrelay.openshift.io/v1""#)
        #expect(failure(["a", "b"]) == "expected a PFLACPMonitor object, got array")
        #expect(failure(.null) == "expected a PFLACPMonitor object, got null")
    }

    @Test("the text: indented JSON, sorted keys, a trailing newline, the DaemonSet when read back")
    func text() throws {
        let text = try DaemonSetRenderer.render(Self.guideMonitor, settings: sampleSettings).get()
        #expect(text.hasSuffix("}\n"))
        #expect(!text.hasSuffix("\n\n"))
        #expect(text.hasPrefix("{\n  \"apiVersion\""))
        #expect(text.contains(#""image" : "quay.io/openshift/pf-status-relay:v0.1.0""#))
        #expect(try JSONValue.decode(text) == (try render(Self.guideMonitor).get()))
        let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topKeys == ["apiVersion", "kind", "metadata", "spec"])
    }
}
