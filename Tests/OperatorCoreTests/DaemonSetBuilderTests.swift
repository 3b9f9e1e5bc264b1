import JSONValues
import KubeModel
import OperatorCore
import Testing

@Suite("The desired DaemonSet")
struct DaemonSetBuilderTests {
    static let expectedSample = """
        {
          "apiVersion": "apps/v1",
          "kind": "DaemonSet",
          "metadata": {
            "name": "pf-status-relay-ds-pflacpmonitor-worker-0",
            "namespace": "openshift-pf-status-relay-operator",
            "labels": {
              "app": "pf-status-relay-ds-pflacpmonitor-worker-0",
              "app.kubernetes.io/name": "pf-status-relay",
              "app.kubernetes.io/managed-by": "pf-status-relay-operator"
            },
            "ownerReferences": [{
              "apiVersion": "pfstatusrelay.openshift.io/v1alpha1",
              "kind": "PFLACPMonitor",
              "name": "pflacpmonitor-worker-0",
              "uid": "6f1c2a4e-0000-4000-8000-000000000001",
              "controller": true,
              "blockOwnerDeletion": true
            }]
          },
          "spec": {
            "selector": {"matchLabels": {"app": "pf-status-relay-ds-pflacpmonitor-worker-0"}},
            "template": {
              "metadata": {
                "labels": {
                  "app": "pf-status-relay-ds-pflacpmonitor-worker-0",
                  "app.kubernetes.io/name": "pf-status-relay",
                  "app.kubernetes.io/managed-by": "pf-status-relay-operator"
                }
              },
              "spec": {
                "nodeSelector": {"kubernetes.io/hostname": "worker-0"},
                "hostNetwork": true,
                "dnsPolicy": "ClusterFirstWithHostNet",
                "serviceAccountName": "pf-status-relay",
                "tolerations": [{"operator": "Exists"}],
                "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                "containers": [{
                  "name": "pf-status-relay",
                  "image": "quay.io/openshift/pf-status-relay:v0.1.0",
                  "env": [
                    {"name": "PF_STATUS_RELAY_INTERFACES", "value": "ens5f0,ens5f1"},
                    {"name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "1000"}
                  ],
                  "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"memory": "64Mi"}},
                  "securityContext": {
                    "privileged": false,
                    "allowPrivilegeEscalation": false,
                    "readOnlyRootFilesystem": true,
                    "runAsUser": 0,
                    "capabilities": {"add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]}
                  }
                }]
              }
            }
          }
        }
        """

    @Test("the sample monitor's DaemonSet, exactly")
    func sample() throws {
        let desired = try DaemonSetBuilder.desired(for: monitorObject(), settings: sampleSettings).get()
        let expected = try json(Self.expectedSample)
        #expect(desired == expected, "got \(desired.jsonString)")
    }

    @Test("without nodeSelector every node is selected; pollingInterval and interfaces go to the environment")
    func noSelector() throws {
        let monitor = monitorObject(name: "all", spec: ["interfaces": ["ens1f0np0", "ens2f0np0", "ens3f0"], "pollingInterval": 2500])
        let desired = try DaemonSetBuilder.desired(for: monitor, settings: sampleSettings).get()
        let pod = desired[path: ["spec", "template", "spec"]]
        #expect(pod["nodeSelector"] == .null)
        #expect(
            pod["containers"][0]["env"]
                == [
                    ["name": "PF_STATUS_RELAY_INTERFACES", "value": "ens1f0np0,ens2f0np0,ens3f0"],
                    ["name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "2500"],
                ])
        #expect(desired[path: ["metadata", "name"]] == "pf-status-relay-ds-all")
        #expect(desired[path: ["spec", "selector"]] == ["matchLabels": ["app": "pf-status-relay-ds-all"]])
        // The default polling interval is written out too.
        let defaulted = try DaemonSetBuilder.desired(for: monitorObject(spec: ["interfaces": ["a"]]), settings: sampleSettings).get()
        #expect(defaulted[path: ["spec", "template", "spec", "containers"]][0]["env"][1]["value"] == "1000")
    }

    @Test("lacpduTimeout becomes PF_STATUS_RELAY_LACPDU_TIMEOUT, and no such variable when absent")
    func lacpduTimeout() throws {
        func env(_ spec: JSONValue) throws -> JSONValue {
            try DaemonSetBuilder.desired(for: monitorObject(spec: spec), settings: sampleSettings).get()[
                path: ["spec", "template", "spec", "containers"]][0]["env"]
        }
        #expect(
            try env(["interfaces": ["ens5f0"], "lacpduTimeout": 1500])
                == [
                    ["name": "PF_STATUS_RELAY_INTERFACES", "value": "ens5f0"],
                    ["name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "1000"],
                    ["name": "PF_STATUS_RELAY_LACPDU_TIMEOUT", "value": "1500"],
                ])
        #expect(OperatorNames.lacpduTimeoutVariable == "PF_STATUS_RELAY_LACPDU_TIMEOUT")
        // Absent and null alike: off, so the variable is not written (not even empty).
        for spec: JSONValue in [["interfaces": ["ens5f0"]], ["interfaces": ["ens5f0"], "lacpduTimeout": .null]] {
            let names = try env(spec).arrayValue?.map { $0["name"] } ?? []
            #expect(names == ["PF_STATUS_RELAY_INTERFACES", "PF_STATUS_RELAY_POLLING_INTERVAL"])
        }
        // An out-of-range value gives the webhook's error, not a DaemonSet.
        let refused = DaemonSetBuilder.desired(for: monitorObject(spec: ["interfaces": ["a"], "lacpduTimeout": 1000]), settings: sampleSettings)
        #expect(refused.failureDescription == "spec.lacpduTimeout: Invalid value: 1000: must be at least 1100")
    }

    @Test("service account and priority class come from the settings")
    func configurable() throws {
        let settings = OperatorSettings(image: "img:1", serviceAccountName: "relay", priorityClassName: "system-node-critical")
        let pod = try DaemonSetBuilder.desired(for: monitorObject(), settings: settings).get()[path: ["spec", "template", "spec"]]
        #expect(pod["serviceAccountName"] == "relay")
        #expect(pod["priorityClassName"] == "system-node-critical")
        #expect(pod["containers"][0]["image"] == "img:1")

        let plain = try DaemonSetBuilder.desired(for: monitorObject(), settings: sampleSettings).get()
        #expect(plain[path: ["spec", "template", "spec", "priorityClassName"]] == .null)
    }

    @Test("with a relay metrics port: the node's address to bind, the named port, and probes on it")
    func relayMetricsPort() throws {
        var settings = sampleSettings
        settings.relayMetricsPort = 9808
        let container = try DaemonSetBuilder.desired(for: monitorObject(), settings: settings).get()[
            path: ["spec", "template", "spec", "containers"]][0]
        let expected = try json("""
            {
              "name": "pf-status-relay",
              "image": "quay.io/openshift/pf-status-relay:v0.1.0",
              "env": [
                {"name": "PF_STATUS_RELAY_INTERFACES", "value": "ens5f0,ens5f1"},
                {"name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "1000"},
                {"name": "HOST_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.hostIP"}}},
                {"name": "PF_STATUS_RELAY_METRICS_BIND_ADDRESS", "value": "$(HOST_IP):9808"}
              ],
              "ports": [{"name": "metrics", "containerPort": 9808, "hostPort": 9808, "protocol": "TCP"}],
              "livenessProbe": {
                "httpGet": {"path": "/healthz", "port": "metrics"},
                "initialDelaySeconds": 5, "periodSeconds": 10, "failureThreshold": 3
              },
              "readinessProbe": {
                "httpGet": {"path": "/readyz", "port": "metrics"},
                "periodSeconds": 10, "failureThreshold": 3
              },
              "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"memory": "64Mi"}},
              "securityContext": {
                "privileged": false,
                "allowPrivilegeEscalation": false,
                "readOnlyRootFilesystem": true,
                "runAsUser": 0,
                "capabilities": {"add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]}
              }
            }
            """)
        #expect(container == expected)
        // The kubelet expands $(HOST_IP) only from a variable defined earlier in the list.
        let names = container["env"].arrayValue?.compactMap(\.["name"].stringValue) ?? []
        #expect(try #require(names.firstIndex(of: "HOST_IP")) < #require(names.firstIndex(of: "PF_STATUS_RELAY_METRICS_BIND_ADDRESS")))

        // Off (the default): the container has none of it.
        let plain = try DaemonSetBuilder.desired(for: monitorObject(), settings: sampleSettings).get()[
            path: ["spec", "template", "spec", "containers"]][0]
        #expect(Set((plain.objectValue ?? [:]).keys) == ["name", "image", "env", "resources", "securityContext"])
        #expect(plain["env"].arrayValue?.count == 2)
    }

    @Test("an invalid spec or missing metadata gives errors, not a DaemonSet")
    func failures() throws {
        let invalid = DaemonSetBuilder.desired(for: monitorObject(spec: ["interfaces": []]), settings: sampleSettings)
        #expect(invalid.failureDescription == "spec.interfaces: Required value: at least one interface must be listed")

        var anonymous = monitorObject()
        anonymous["metadata"] = ["name": "m"]
        let noIdentity = DaemonSetBuilder.desired(for: anonymous, settings: sampleSettings)
        #expect(noIdentity.failureDescription == "[metadata.namespace: Required value, metadata.uid: Required value]")
    }

    @Test("the daemon's ServiceAccount")
    func serviceAccount() throws {
        let account = DaemonSetBuilder.serviceAccount(namespace: "ns1", settings: sampleSettings)
        #expect(
            account
                == (try json(
                    #"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"pf-status-relay","namespace":"ns1","labels":{"app.kubernetes.io/name":"pf-status-relay","app.kubernetes.io/managed-by":"pf-status-relay-operator"}}}"#
                )))
    }
}
