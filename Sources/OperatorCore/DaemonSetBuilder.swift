public import JSONValues
import KubeModel

/// The DaemonSet that runs the pf-status-relay daemon for one PFLACPMonitor.
///
/// `pf-status-relay-ds-<monitor>` in the monitor's namespace, controlled by
/// the monitor (so it is garbage-collected with it), on the monitor's nodes,
/// in the node's network namespace with only NET_ADMIN and NET_RAW.
public enum DaemonSetBuilder {
    /// Resource requests and limits of the daemon container (it is a small
    /// netlink client; memory is capped so a leak cannot hurt the node).
    public static let resources: JSONValue = [
        "requests": ["cpu": "10m", "memory": "32Mi"],
        "limits": ["memory": "64Mi"],
    ]

    /// The container's security context: least privilege for a netlink client
    /// that writes VF link states and opens AF_PACKET sockets.
    ///
    /// - `runAsUser: 0`: Kubernetes grants added capabilities to the bounding
    ///   set only; without ambient capabilities a non-root process does not
    ///   hold them, and `allowPrivilegeEscalation: false` (no_new_privs) also
    ///   rules out file capabilities. Root in the container, with every other
    ///   capability dropped, a read-only root file system and no escalation, is
    ///   the narrowest identity that has CAP_NET_ADMIN and CAP_NET_RAW.
    ///   `runAsNonRoot` is therefore left unset.
    public static let containerSecurityContext: JSONValue = [
        "privileged": false,
        "allowPrivilegeEscalation": false,
        "readOnlyRootFilesystem": true,
        "runAsUser": 0,
        "capabilities": [
            "add": ["NET_ADMIN", "NET_RAW"],
            "drop": ["ALL"],
        ],
    ]

    public static let podSecurityContext: JSONValue = [
        "seccompProfile": ["type": "RuntimeDefault"]
    ]

    /// Tolerate every taint, so the daemon runs on every selected node
    /// (control-plane, not-ready and unschedulable nodes included).
    public static let tolerations: JSONValue = [["operator": "Exists"]]

    /// The labels of the DaemonSet and of its pods.
    public static func labels(daemonSetName: String) -> JSONValue {
        [
            OperatorNames.appLabel: .string(daemonSetName),
            OperatorNames.nameLabel: .string(OperatorNames.daemonName),
            OperatorNames.managedByLabel: .string(OperatorNames.operatorName),
        ]
    }

    /// The owner reference that makes the monitor the DaemonSet's controller.
    public static func ownerReference(monitorName: String, uid: String) -> JSONValue {
        [
            "apiVersion": .string(OperatorNames.apiVersion),
            "kind": .string(OperatorNames.kind),
            "name": .string(monitorName),
            "uid": .string(uid),
            "controller": true,
            "blockOwnerDeletion": true,
        ]
    }

    /// The DaemonSet for `monitor`, whose spec is validated and defaulted first.
    /// Fails with the spec's errors, or when the monitor lacks name, namespace or uid.
    public static func desired(for monitor: JSONValue, settings: OperatorSettings) -> Result<JSONValue, MonitorSpecErrors> {
        switch MonitorSpec.parse(monitor) {
        case .failure(let errors): return .failure(errors)
        case .success(let spec): return desired(for: monitor, spec: spec, settings: settings)
        }
    }

    /// The DaemonSet for `monitor` with an already parsed `spec`.
    /// Fails when the monitor lacks name, namespace or uid.
    public static func desired(
        for monitor: JSONValue, spec: MonitorSpec, settings: OperatorSettings
    ) -> Result<JSONValue, MonitorSpecErrors> {
        switch MonitorIdentity.parse(monitor) {
        case .failure(let errors): return .failure(errors)
        case .success(let identity): return .success(daemonSet(for: identity.id, ownerUID: identity.uid, spec: spec, settings: settings))
        }
    }

    /// The DaemonSet of the monitor `id`, controlled by the monitor of uid
    /// `ownerUID`; without one (a monitor file that was never stored, for
    /// `render-daemonset`) it has no `metadata.ownerReferences`.
    static func daemonSet(for id: MonitorID, ownerUID: String?, spec: MonitorSpec, settings: OperatorSettings) -> JSONValue {
        let name = OperatorNames.daemonSetName(forMonitor: id.name)
        let labels = labels(daemonSetName: name)

        var container: JSONValue = [
            "name": .string(OperatorNames.containerName),
            "image": .string(settings.image),
            "env": environment(for: spec, metricsPort: settings.relayMetricsPort),
            "resources": resources,
            "securityContext": containerSecurityContext,
        ]
        if let port = settings.relayMetricsPort {
            container["ports"] = metricsPorts(port)
            container["livenessProbe"] = livenessProbe
            container["readinessProbe"] = readinessProbe
        }

        var podSpec: JSONValue = [
            "hostNetwork": true,
            "dnsPolicy": "ClusterFirstWithHostNet",
            "serviceAccountName": .string(settings.serviceAccountName),
            "tolerations": tolerations,
            "securityContext": podSecurityContext,
            "containers": [container],
        ]
        if let nodeSelector = spec.nodeSelector, !nodeSelector.isEmpty {
            podSpec["nodeSelector"] = .object(nodeSelector.mapValues { .string($0) })
        }
        if let priorityClass = settings.priorityClassName {
            podSpec["priorityClassName"] = .string(priorityClass)
        }

        var metadata: JSONValue = [
            "name": .string(name),
            "namespace": .string(id.namespace),
            "labels": labels,
        ]
        if let ownerUID {
            metadata["ownerReferences"] = [ownerReference(monitorName: id.name, uid: ownerUID)]
        }
        return [
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": metadata,
            "spec": [
                "selector": ["matchLabels": [OperatorNames.appLabel: .string(name)]],
                "template": [
                    "metadata": ["labels": labels],
                    "spec": podSpec,
                ],
            ],
        ]
    }

    /// The daemon's environment for `spec`. The LACPDU timeout is left out
    /// when the monitor has none, rather than written as a default: absent is
    /// how the daemon knows early detection is off, and monitors without the
    /// field keep exactly the DaemonSet they had before it existed. The same
    /// goes for the metrics bind address and `metricsPort`.
    static func environment(for spec: MonitorSpec, metricsPort: Int? = nil) -> JSONValue {
        var variables: [JSONValue] = [
            [
                "name": .string(OperatorNames.interfacesVariable),
                "value": .string(spec.interfaces.joined(separator: ",")),
            ],
            [
                "name": .string(OperatorNames.pollingIntervalVariable),
                "value": .string(String(spec.pollingInterval)),
            ],
        ]
        if let timeout = spec.lacpduTimeout {
            variables.append([
                "name": .string(OperatorNames.lacpduTimeoutVariable),
                "value": .string(String(timeout)),
            ])
        }
        if let metricsPort {
            variables += metricsEnvironment(port: metricsPort)
        }
        return .array(variables)
    }

    /// The ServiceAccount the daemon's pods run as, in `namespace`. Shared by
    /// the monitors of a namespace, so it has no owner; the operator creates it
    /// when missing.
    public static func serviceAccount(namespace: String, settings: OperatorSettings) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": [
                "name": .string(settings.serviceAccountName),
                "namespace": .string(namespace),
                "labels": [
                    OperatorNames.nameLabel: .string(OperatorNames.daemonName),
                    OperatorNames.managedByLabel: .string(OperatorNames.operatorName),
                ],
            ],
        ]
    }
}
