public import JSONValues

// The daemon's endpoints (/metrics, /healthz, /readyz), when the operator has
// a relay metrics port (OperatorSettings.relayMetricsPort).
extension DaemonSetBuilder {
    /// `HOST_IP` from the downward API, then the bind address built from it:
    /// with hostNetwork, a wildcard address would listen on every interface of
    /// the node (SR-IOV VFs' networks too); the node's address is the one
    /// Prometheus and the kubelet's probes use. The kubelet expands
    /// `$(HOST_IP)` only from variables listed before, hence the order.
    /// `fieldRef.apiVersion` is written out because the API server would add
    /// it, and the env list is compared exactly for drift.
    static func metricsEnvironment(port: Int) -> [JSONValue] {
        [
            [
                "name": .string(OperatorNames.hostIPVariable),
                "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "status.hostIP"]],
            ],
            [
                "name": .string(OperatorNames.metricsBindAddressVariable),
                "value": .string("$(\(OperatorNames.hostIPVariable)):\(port)"),
            ],
        ]
    }

    /// The named port the probes use. With hostNetwork the host port must
    /// equal the container port (the API server would set it so); it is
    /// written out for the same reason as `fieldRef.apiVersion`, and it lets
    /// the scheduler see the port as taken on the node.
    static func metricsPorts(_ port: Int) -> JSONValue {
        [
            [
                "name": .string(OperatorNames.metricsPortName),
                "containerPort": .int(Int64(port)),
                "hostPort": .int(Int64(port)),
                "protocol": "TCP",
            ],
        ]
    }

    /// Restarts a daemon whose loops stopped (three failures ten seconds apart),
    /// after a short start-up grace.
    public static let livenessProbe: JSONValue = [
        "httpGet": ["path": "/healthz", "port": .string(OperatorNames.metricsPortName)],
        "initialDelaySeconds": 5,
        "periodSeconds": 10,
        "failureThreshold": 3,
    ]

    /// Ready once the daemon watches its PFs: the DaemonSet's numberAvailable,
    /// the monitor's `nodes.ready` and rolling updates follow it.
    public static let readinessProbe: JSONValue = [
        "httpGet": ["path": "/readyz", "port": .string(OperatorNames.metricsPortName)],
        "periodSeconds": 10,
        "failureThreshold": 3,
    ]
}
