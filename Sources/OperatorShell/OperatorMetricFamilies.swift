import MetricsExposition

/// Every family the operator exports, with its HELP text and histogram buckets.
///
/// The `controller_runtime_*`, `workqueue_*` and `leader_election_*` families
/// carry controller-runtime's names, labels and buckets, so that dashboards
/// and alerts written for Go operators (and the ones in this repository) read
/// them unchanged; `pf_status_relay_operator_*` are this operator's own.
enum OperatorMetricFamilies {
    /// The `controller` label of the controller families, and the `name` of its work queue.
    static let controllerName = "pflacpmonitor"

    static let reconcileTotal = "controller_runtime_reconcile_total"
    static let reconcileErrors = "controller_runtime_reconcile_errors_total"
    static let reconcileTime = "controller_runtime_reconcile_time_seconds"
    static let activeWorkers = "controller_runtime_active_workers"
    static let maxConcurrentReconciles = "controller_runtime_max_concurrent_reconciles"
    static let queueDepth = "workqueue_depth"
    static let queueAdds = "workqueue_adds_total"
    static let queueRetries = "workqueue_retries_total"
    static let queueDuration = "workqueue_queue_duration_seconds"
    static let workDuration = "workqueue_work_duration_seconds"
    static let leaderStatus = "leader_election_master_status"
    static let buildInfo = "pf_status_relay_operator_build_info"
    static let monitors = "pf_status_relay_operator_monitors"
    static let monitorDegraded = "pf_status_relay_operator_monitor_degraded"
    static let relayPodsDesired = "pf_status_relay_operator_relay_pods_desired"
    static let relayPodsAvailable = "pf_status_relay_operator_relay_pods_available"

    /// controller-runtime's reconcile_time buckets, 5 ms to 60 s (here in milliseconds).
    static let reconcileBuckets: [Duration] = [
        5, 10, 25, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000,
        1250, 1500, 1750, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000, 9000,
        10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000,
    ].map { Duration.milliseconds($0) }

    /// controller-runtime's work queue buckets: 10 ns to 1000 s, by powers of ten.
    static let queueBuckets: [Duration] = [
        .nanoseconds(10), .nanoseconds(100), .microseconds(1), .microseconds(10), .microseconds(100), .milliseconds(1),
        .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(10), .seconds(100), .seconds(1000),
    ]

    static let all: [PrometheusExporter.Family] = [
        .init(reconcileTotal, help: "Total number of reconciliations per controller"),
        .init(reconcileErrors, help: "Total number of reconciliation errors per controller"),
        .init(reconcileTime, help: "Length of time per reconciliation per controller", buckets: reconcileBuckets),
        .init(activeWorkers, help: "Number of currently used workers per controller"),
        .init(maxConcurrentReconciles, help: "Maximum number of concurrent reconciles per controller"),
        .init(queueDepth, help: "Current depth of workqueue"),
        .init(queueAdds, help: "Total number of adds handled by workqueue"),
        .init(queueRetries, help: "Total number of retries handled by workqueue"),
        .init(queueDuration, help: "How long in seconds an item stays in workqueue before being requested", buckets: queueBuckets),
        .init(workDuration, help: "How long in seconds processing an item from workqueue takes.", buckets: queueBuckets),
        .init(leaderStatus, help: "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease."),
        .init(buildInfo, help: "The operator's version; always 1."),
        .init(monitors, help: "PFLACPMonitors by state (ready, progressing, degraded), as this replica last reconciled them."),
        .init(monitorDegraded, help: "1 when the PFLACPMonitor's Degraded condition is True, else 0."),
        .init(relayPodsDesired, help: "Nodes that should run the PFLACPMonitor's pf-status-relay pod (its DaemonSet's desiredNumberScheduled)."),
        .init(relayPodsAvailable, help: "Nodes where the PFLACPMonitor's pf-status-relay pod is available (its DaemonSet's numberAvailable)."),
    ]
}
