import JSONValues
import KubeModel
import OperatorCore

/// Parses a JSON fixture; a malformed fixture fails the test that uses it.
func json(_ text: String) throws -> JSONValue {
    try JSONValue.decode(text)
}

/// A stored PFLACPMonitor as the API server returns it.
func monitorObject(
    name: String = "pflacpmonitor-worker-0",
    namespace: String = "openshift-pf-status-relay-operator",
    uid: String = "6f1c2a4e-0000-4000-8000-000000000001",
    generation: Int64 = 2,
    created: String = "2025-07-24T13:30:00Z",
    spec: JSONValue = [
        "interfaces": ["ens5f0", "ens5f1"],
        "pollingInterval": 1000,
        "nodeSelector": ["kubernetes.io/hostname": "worker-0"],
    ]
) -> JSONValue {
    [
        "apiVersion": "pfstatusrelay.openshift.io/v1alpha1",
        "kind": "PFLACPMonitor",
        "metadata": [
            "name": .string(name),
            "namespace": .string(namespace),
            "uid": .string(uid),
            "generation": .int(generation),
            "resourceVersion": "4711",
            "creationTimestamp": .string(created),
        ],
        "spec": spec,
    ]
}

/// A summary for the resolver: `ns/name`, created `created`, with a pod-style selector.
func summary(
    _ name: String, namespace: String = "default", created: String, interfaces: [String],
    nodeSelector: [String: String]? = nil
) -> MonitorSummary {
    MonitorSummary(
        id: MonitorID(namespace: namespace, name: name), uid: "uid-\(namespace)-\(name)", creationTimestamp: created,
        interfaces: interfaces, nodeSelector: nodeSelector)
}

/// A node with its hostname label and any others.
func node(_ name: String, _ labels: [String: String] = [:]) -> NodeSummary {
    var all = labels
    all["kubernetes.io/hostname"] = name
    return NodeSummary(name: name, labels: all)
}

func id(_ name: String, namespace: String = "default") -> MonitorID {
    MonitorID(namespace: namespace, name: name)
}

let sampleSettings = OperatorSettings(image: "quay.io/openshift/pf-status-relay:v0.1.0")
