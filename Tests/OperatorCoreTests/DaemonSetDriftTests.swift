import JSONValues
import KubeModel
import OperatorCore
import Testing

@Suite("DaemonSet drift and the object to write back")
struct DaemonSetDriftTests {
    static func desired(settings: OperatorSettings = sampleSettings) throws -> JSONValue {
        try DaemonSetBuilder.desired(for: monitorObject(), settings: settings).get()
    }

    /// The desired DaemonSet as the API server stores it: with defaults,
    /// server metadata, status, and a label someone else added.
    static func stored() throws -> JSONValue {
        var object = try desired()
        object[path: ["metadata", "uid"]] = "ds-uid-1"
        object[path: ["metadata", "resourceVersion"]] = "9001"
        object[path: ["metadata", "generation"]] = 1
        object[path: ["metadata", "creationTimestamp"]] = "2025-07-24T13:31:00Z"
        object[path: ["metadata", "annotations"]] = ["deprecated.daemonset.template.generation": "1"]
        object[path: ["metadata", "labels", "team"]] = "networking"
        object[path: ["metadata", "managedFields"]] = [["manager": "pf-status-relay-operator", "operation": "Update"]]
        object[path: ["spec", "revisionHistoryLimit"]] = 10
        object[path: ["spec", "updateStrategy"]] = [
            "type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0],
        ]
        object[path: ["spec", "template", "metadata", "creationTimestamp"]] = .null
        var pod = object[path: ["spec", "template", "spec"]]
        pod["restartPolicy"] = "Always"
        pod["terminationGracePeriodSeconds"] = 30
        pod["schedulerName"] = "default-scheduler"
        pod["serviceAccount"] = "pf-status-relay"
        var container = pod["containers"][0]
        container["terminationMessagePath"] = "/dev/termination-log"
        container["terminationMessagePolicy"] = "File"
        container["imagePullPolicy"] = "IfNotPresent"
        // A number read back as a double is the same number.
        container[path: ["securityContext", "runAsUser"]] = .double(0)
        pod["containers"] = [container]
        object[path: ["spec", "template", "spec"]] = pod
        object["status"] = ["desiredNumberScheduled": 1, "numberReady": 1, "observedGeneration": 1]
        return object
    }

    @Test("server defaults, server metadata, status and foreign labels are no drift")
    func inSync() throws {
        let desired = try Self.desired()
        #expect(DaemonSetDrift.driftedFields(desired: desired, actual: desired).isEmpty)
        #expect(!needsUpdate(desired: desired, actual: try Self.stored()))
        #expect(DaemonSetDrift.driftedFields(desired: desired, actual: try Self.stored()).isEmpty)
        #expect(!DaemonSetDrift.requiresRecreation(desired: desired, actual: try Self.stored()))
    }

    static let edits: [(String, @Sendable (inout JSONValue) -> Void, [String])] = [
        ("image edited", { $0[path: ["spec", "template", "spec", "containers"]] = containerEdit($0) { $0["image"] = "evil:1" } }, ["spec.template.spec.containers[pf-status-relay].image"]),
        (
            "env edited",
            { $0[path: ["spec", "template", "spec", "containers"]] = containerEdit($0) { $0["env"] = [["name": "PF_STATUS_RELAY_INTERFACES", "value": "ens5f0"], ["name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "1000"]] } },
            ["spec.template.spec.containers[pf-status-relay].env"]
        ),
        (
            "env variable added",
            { $0[path: ["spec", "template", "spec", "containers"]] = containerEdit($0) { $0["env"] = .array(($0["env"].arrayValue ?? []) + [["name": "X", "value": "1"]]) } },
            ["spec.template.spec.containers[pf-status-relay].env"]
        ),
        ("label removed", { $0[path: ["metadata", "labels", "app.kubernetes.io/managed-by"]] = .null }, ["metadata.labels"]),
        ("label changed", { $0[path: ["metadata", "labels", "app"]] = "other" }, ["metadata.labels"]),
        ("pod label removed", { $0[path: ["spec", "template", "metadata", "labels", "app.kubernetes.io/name"]] = .null }, ["spec.template.metadata.labels"]),
        ("owner reference removed", { $0[path: ["metadata", "ownerReferences"]] = .null }, ["metadata.ownerReferences"]),
        (
            "owner reference not controller",
            { $0[path: ["metadata", "ownerReferences"]] = [["apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor", "name": "pflacpmonitor-worker-0", "uid": "6f1c2a4e-0000-4000-8000-000000000001", "controller": false, "blockOwnerDeletion": true]] },
            ["metadata.ownerReferences"]
        ),
        (
            "stale controller reference of a deleted monitor",
            { $0[path: ["metadata", "ownerReferences"]] = .array(($0[path: ["metadata", "ownerReferences"]].arrayValue ?? []) + [["apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor", "name": "pflacpmonitor-worker-0", "uid": "old-uid", "controller": true]]) },
            ["metadata.ownerReferences"]
        ),
        ("selector changed", { $0[path: ["spec", "selector"]] = ["matchLabels": ["app": "x"]] }, ["spec.selector"]),
        ("nodeSelector changed", { $0[path: ["spec", "template", "spec", "nodeSelector"]] = ["kubernetes.io/hostname": "worker-1"] }, ["spec.template.spec.nodeSelector"]),
        ("nodeSelector removed", { $0[path: ["spec", "template", "spec", "nodeSelector"]] = .null }, ["spec.template.spec.nodeSelector"]),
        ("hostNetwork removed", { $0[path: ["spec", "template", "spec", "hostNetwork"]] = .null }, ["spec.template.spec.hostNetwork"]),
        ("dnsPolicy changed", { $0[path: ["spec", "template", "spec", "dnsPolicy"]] = "ClusterFirst" }, ["spec.template.spec.dnsPolicy"]),
        ("serviceAccountName changed", { $0[path: ["spec", "template", "spec", "serviceAccountName"]] = "default" }, ["spec.template.spec.serviceAccountName"]),
        ("priorityClassName added", { $0[path: ["spec", "template", "spec", "priorityClassName"]] = "high" }, ["spec.template.spec.priorityClassName"]),
        ("tolerations removed", { $0[path: ["spec", "template", "spec", "tolerations"]] = .null }, ["spec.template.spec.tolerations"]),
        ("pod securityContext changed", { $0[path: ["spec", "template", "spec", "securityContext"]] = ["runAsNonRoot": true] }, ["spec.template.spec.securityContext"]),
        (
            "container made privileged",
            { $0[path: ["spec", "template", "spec", "containers"]] = containerEdit($0) { $0[path: ["securityContext", "privileged"]] = true } },
            ["spec.template.spec.containers[pf-status-relay].securityContext"]
        ),
        (
            "resources changed",
            { $0[path: ["spec", "template", "spec", "containers"]] = containerEdit($0) { $0[path: ["resources", "limits", "memory"]] = "1Gi" } },
            ["spec.template.spec.containers[pf-status-relay].resources"]
        ),
        (
            "liveness probe added by someone",
            { $0[path: ["spec", "template", "spec", "containers"]] = containerEdit($0) { $0["livenessProbe"] = ["exec": ["command": ["true"]]] } },
            ["spec.template.spec.containers[pf-status-relay].livenessProbe"]
        ),
        (
            "sidecar added",
            { $0[path: ["spec", "template", "spec", "containers"]] = .array(($0[path: ["spec", "template", "spec", "containers"]].arrayValue ?? []) + [["name": "sidecar", "image": "x"]]) },
            ["spec.template.spec.containers"]
        ),
        ("container renamed", { $0[path: ["spec", "template", "spec", "containers"]] = containerEdit($0) { $0["name"] = "relay" } }, ["spec.template.spec.containers"]),
        ("containers removed", { $0[path: ["spec", "template", "spec", "containers"]] = .null }, ["spec.template.spec.containers"]),
        (
            "two edits at once",
            {
                $0[path: ["metadata", "labels", "app"]] = .null
                $0[path: ["spec", "template", "spec", "containers"]] = containerEdit($0) { $0["image"] = "evil:1" }
            },
            ["metadata.labels", "spec.template.spec.containers[pf-status-relay].image"]
        ),
    ]

    static func containerEdit(_ object: JSONValue, _ edit: (inout JSONValue) -> Void) -> JSONValue {
        var containers = object[path: ["spec", "template", "spec", "containers"]].arrayValue ?? []
        edit(&containers[0])
        return .array(containers)
    }

    @Test("an edit of an owned field is drift, and merging repairs it keeping everything else", arguments: 0..<edits.count)
    func drift(index: Int) throws {
        let (name, edit, fields) = Self.edits[index]
        let desired = try Self.desired()
        let stored = try Self.stored()
        var actual = stored
        edit(&actual)
        #expect(needsUpdate(desired: desired, actual: actual), "\(name)")
        #expect(DaemonSetDrift.driftedFields(desired: desired, actual: actual) == fields, "\(name)")

        let repaired = merged(desired: desired, into: actual)
        #expect(!needsUpdate(desired: desired, actual: repaired), "\(name): \(DaemonSetDrift.driftedFields(desired: desired, actual: repaired))")
        // Server fields and fields the operator does not own survive.
        #expect(repaired[path: ["metadata", "resourceVersion"]] == "9001", "\(name)")
        #expect(repaired[path: ["metadata", "uid"]] == "ds-uid-1")
        #expect(repaired[path: ["metadata", "labels", "team"]] == "networking")
        #expect(repaired[path: ["spec", "revisionHistoryLimit"]] == 10)
        #expect(repaired["status"] == stored["status"])
        #expect(repaired[path: ["spec", "template", "spec", "schedulerName"]] == "default-scheduler")
    }

    @Test("merging into an in-sync object changes nothing")
    func mergeIdempotent() throws {
        var stored = try Self.stored()
        // With integer numbers, the merge is the identity.
        stored[path: ["spec", "template", "spec", "containers"]] = Self.containerEdit(stored) {
            $0[path: ["securityContext", "runAsUser"]] = 0
        }
        #expect(merged(desired: try Self.desired(), into: stored) == stored)
    }

    @Test("merging keeps server defaults of the container and drops foreign containers and stale owners")
    func mergeDetails() throws {
        let desired = try Self.desired()
        var actual = try Self.stored()
        actual[path: ["spec", "template", "spec", "containers"]] = .array(
            (Self.containerEdit(actual) { $0["image"] = "old:0" }.arrayValue ?? []) + [["name": "sidecar", "image": "x"]])
        actual[path: ["metadata", "ownerReferences"]] = [
            ["apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor", "name": "pflacpmonitor-worker-0", "uid": "old-uid", "controller": true],
            ["apiVersion": "v1", "kind": "ConfigMap", "name": "keep-me", "uid": "cm-1"],
        ]
        let repaired = merged(desired: desired, into: actual)
        let containers = repaired[path: ["spec", "template", "spec", "containers"]].arrayValue ?? []
        #expect(containers.count == 1)
        #expect(containers.first?["image"] == "quay.io/openshift/pf-status-relay:v0.1.0")
        #expect(containers.first?["imagePullPolicy"] == "IfNotPresent")
        #expect(containers.first?["terminationMessagePath"] == "/dev/termination-log")
        #expect(
            repaired[path: ["metadata", "ownerReferences"]]
                == [
                    ["apiVersion": "v1", "kind": "ConfigMap", "name": "keep-me", "uid": "cm-1"],
                    desired[path: ["metadata", "ownerReferences"]][0],
                ])
    }

    @Test("a DaemonSet that lost every owned field is rebuilt from desired")
    func mergeIntoBare() throws {
        let desired = try Self.desired()
        let bare: JSONValue = ["metadata": ["name": "pf-status-relay-ds-pflacpmonitor-worker-0", "resourceVersion": "5"]]
        let repaired = merged(desired: desired, into: bare)
        #expect(!needsUpdate(desired: desired, actual: repaired))
        #expect(repaired[path: ["metadata", "resourceVersion"]] == "5")
    }

    @Test("probes and ports: server-defaulted fields are no drift, a changed probe or port is")
    func probes() throws {
        let desired = try Self.desired(settings: OperatorSettings(image: "quay.io/openshift/pf-status-relay:v0.1.0", relayMetricsPort: 9808))
        var actual = desired
        actual[path: ["spec", "template", "spec", "containers"]] = Self.containerEdit(actual) {
            // What the API server adds.
            for probe in ["livenessProbe", "readinessProbe"] {
                $0[path: [probe, "httpGet", "scheme"]] = "HTTP"
                $0[path: [probe, "timeoutSeconds"]] = 1
                $0[path: [probe, "successThreshold"]] = 1
            }
        }
        #expect(!needsUpdate(desired: desired, actual: actual))
        #expect(merged(desired: desired, into: actual) == actual)

        var changed = actual
        changed[path: ["spec", "template", "spec", "containers"]] = Self.containerEdit(changed) {
            $0[path: ["readinessProbe", "httpGet", "path"]] = "/healthz"
            $0["ports"] = [["name": "metrics", "containerPort": 9100, "hostPort": 9100, "protocol": "TCP"]]
        }
        #expect(DaemonSetDrift.driftedFields(desired: desired, actual: changed) == [
            "spec.template.spec.containers[pf-status-relay].ports", "spec.template.spec.containers[pf-status-relay].readinessProbe",
        ])
        #expect(!needsUpdate(desired: desired, actual: merged(desired: desired, into: changed)))

        var extraPort = actual
        extraPort[path: ["spec", "template", "spec", "containers"]] = Self.containerEdit(extraPort) {
            $0["ports"] = .array(($0["ports"].arrayValue ?? []) + [["containerPort": 1, "protocol": "TCP"]])
        }
        #expect(DaemonSetDrift.driftedFields(desired: desired, actual: extraPort) == ["spec.template.spec.containers[pf-status-relay].ports"])

        // The port turned off: ports, probes and the variables go.
        let plain = try Self.desired()
        #expect(DaemonSetDrift.driftedFields(desired: plain, actual: actual) == [
            "spec.template.spec.containers[pf-status-relay].env", "spec.template.spec.containers[pf-status-relay].ports",
            "spec.template.spec.containers[pf-status-relay].livenessProbe", "spec.template.spec.containers[pf-status-relay].readinessProbe",
        ])
        let repaired = merged(desired: plain, into: actual)[path: ["spec", "template", "spec", "containers"]][0]
        #expect(repaired["livenessProbe"] == .null && repaired["readinessProbe"] == .null && repaired["ports"] == .null)
        #expect(repaired["env"] == plain[path: ["spec", "template", "spec", "containers"]][0]["env"])
    }

    @Test("a spec change of the monitor is drift of the env and nodeSelector")
    func specChange() throws {
        let stored = try Self.stored()
        let newSpec: JSONValue = ["interfaces": ["ens5f0"], "pollingInterval": 5000, "nodeSelector": ["role": "edge"]]
        let desired = try DaemonSetBuilder.desired(for: monitorObject(spec: newSpec), settings: sampleSettings).get()
        #expect(
            DaemonSetDrift.driftedFields(desired: desired, actual: stored) == [
                "spec.template.spec.nodeSelector", "spec.template.spec.containers[pf-status-relay].env",
            ])
        let repaired = merged(desired: desired, into: stored)
        #expect(repaired[path: ["spec", "template", "spec", "nodeSelector"]] == ["role": "edge"])
        #expect(
            repaired[path: ["spec", "template", "spec", "containers"]][0]["env"]
                == [
                    ["name": "PF_STATUS_RELAY_INTERFACES", "value": "ens5f0"],
                    ["name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "5000"],
                ])
    }

    @Test("setting, changing and removing lacpduTimeout is drift of the env only, repaired in place")
    func lacpduTimeoutChange() throws {
        func desired(_ timeout: JSONValue) throws -> JSONValue {
            var spec: JSONValue = ["interfaces": ["ens5f0", "ens5f1"], "nodeSelector": ["kubernetes.io/hostname": "worker-0"]]
            spec["lacpduTimeout"] = timeout
            return try DaemonSetBuilder.desired(for: monitorObject(spec: spec), settings: sampleSettings).get()
        }
        func timeoutVariable(_ daemonSet: JSONValue) -> JSONValue? {
            daemonSet[path: ["spec", "template", "spec", "containers"]][0]["env"].arrayValue?
                .first { $0["name"] == "PF_STATUS_RELAY_LACPDU_TIMEOUT" }?["value"]
        }
        let env = ["spec.template.spec.containers[pf-status-relay].env"]

        // Set on a monitor whose DaemonSet was made without it.
        var stored = try Self.stored()
        let with1500 = try desired(1500)
        #expect(DaemonSetDrift.driftedFields(desired: with1500, actual: stored) == env)
        #expect(!DaemonSetDrift.requiresRecreation(desired: with1500, actual: stored))
        stored = merged(desired: with1500, into: stored)
        #expect(timeoutVariable(stored) == "1500")
        #expect(!needsUpdate(desired: with1500, actual: stored))

        // Changed.
        let with2500 = try desired(2500)
        #expect(DaemonSetDrift.driftedFields(desired: with2500, actual: stored) == env)
        stored = merged(desired: with2500, into: stored)
        #expect(timeoutVariable(stored) == "2500")

        // Removed: the variable goes, back to the DaemonSet of a monitor that never had it.
        let without = try desired(.null)
        #expect(DaemonSetDrift.driftedFields(desired: without, actual: stored) == env)
        stored = merged(desired: without, into: stored)
        #expect(timeoutVariable(stored) == nil)
        #expect(!needsUpdate(desired: try Self.desired(), actual: stored))
    }

    @Test("a different selector needs the DaemonSet to be recreated")
    func recreation() throws {
        var actual = try Self.stored()
        actual[path: ["spec", "selector"]] = ["matchLabels": ["app": "something-else"]]
        #expect(DaemonSetDrift.requiresRecreation(desired: try Self.desired(), actual: actual))
    }

    @Test("semantic equality: numbers by value, null members as absent")
    func equality() {
        #expect(semanticallyEqual(["a": 1, "b": .null], ["a": 1.0]))
        #expect(!semanticallyEqual(["a": 1], ["a": 1.5]))
        #expect(!semanticallyEqual([1, 2], [2, 1]))
        #expect(!semanticallyEqual("1", 1))
    }
}
