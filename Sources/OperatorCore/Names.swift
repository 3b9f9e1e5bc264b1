/// The fixed names of the operator's API and of the objects it makes.
public enum OperatorNames {
    /// The API group of PFLACPMonitor.
    public static let group = "pfstatusrelay.openshift.io"
    /// The served and stored version.
    public static let version = "v1alpha1"
    /// `pfstatusrelay.openshift.io/v1alpha1`.
    public static let apiVersion = "\(group)/\(version)"
    public static let kind = "PFLACPMonitor"
    /// The resource's plural name (URLs, RBAC, admission requests).
    public static let resource = "pflacpmonitors"

    /// The operator's name: `app.kubernetes.io/managed-by`, event source, field manager.
    public static let operatorName = "pf-status-relay-operator"
    /// The node daemon's name: `app.kubernetes.io/name` of its DaemonSets.
    public static let daemonName = "pf-status-relay"
    /// The daemon's container in the pod template.
    public static let containerName = "pf-status-relay"
    /// Every DaemonSet is `pf-status-relay-ds-<monitor name>`.
    public static let daemonSetPrefix = "pf-status-relay-ds-"

    /// The daemon's environment variables (see README.md, "Running the daemon").
    public static let interfacesVariable = "PF_STATUS_RELAY_INTERFACES"
    public static let pollingIntervalVariable = "PF_STATUS_RELAY_POLLING_INTERVAL"
    /// Set only when the monitor asks for early detection (`spec.lacpduTimeout`).
    public static let lacpduTimeoutVariable = "PF_STATUS_RELAY_LACPDU_TIMEOUT"
    /// Set only when the operator has a relay metrics port: `$(HOST_IP):<port>`.
    public static let metricsBindAddressVariable = "PF_STATUS_RELAY_METRICS_BIND_ADDRESS"
    /// The node's address (the downward API's `status.hostIP`), for the bind address.
    public static let hostIPVariable = "HOST_IP"
    /// The daemon container's port for /metrics, /healthz and /readyz, and what its probes name.
    public static let metricsPortName = "metrics"

    public static let nameLabel = "app.kubernetes.io/name"
    public static let managedByLabel = "app.kubernetes.io/managed-by"
    /// `app=<DaemonSet name>`: the DaemonSet's selector and its pods' label.
    public static let appLabel = "app"

    /// A label value has at most 63 bytes, so the monitor's name, which is part
    /// of the `app` label value, has at most 63 - 19 = 44.
    public static let maximumMonitorNameLength = 63 - daemonSetPrefix.utf8.count

    /// The DaemonSet of the monitor named `monitorName` (in the monitor's namespace).
    public static func daemonSetName(forMonitor monitorName: String) -> String {
        daemonSetPrefix + monitorName
    }
}
