import MetricsExposition

/// Every family the operator exports, with its HELP text and histogram buckets.
///
/// The `controller_runtime_*`, `workqueue_*` and `leader_election_*` families
/// carry controller-runtime's names, labels and buckets (the HELP texts are
/// this project's own words), so that dashboards
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
        .init(reconcileTotal, help: "Reconciles finished, by controller and result."),
        .init(reconcileErrors, help: "Reconciles that returned an error, by controller."),
        .init(reconcileTime, help: "Seconds each reconcile took, by controller.", buckets: reconcileBuckets),
        .init(activeWorkers, help: "Reconciles running right now, by controller."),
        .init(maxConcurrentReconciles, help: "The most reconciles a controller runs at once."),
        .init(queueDepth, help: "Items waiting in the work queue."),
        .init(queueAdds, help: "Items added to the work queue."),
        .init(queueRetries, help: "Items put back into the work queue to be retried after a delay."),
        .init(queueDuration, help: "Seconds an item waited in the work queue before a worker took it.", buckets: queueBuckets),
        .init(workDuration, help: "Seconds a worker spent on an item of the work queue.", buckets: queueBuckets),
        .init(leaderStatus, help: "1 while this replica holds the lease named by name (it reconciles), 0 while it stands by."),
        .init(buildInfo, help: "The operator's version; always 1."),
        .init(monitors, help: "PFLACPMonitors by state (ready, progressing, degraded), as this replica last reconciled them."),
        .init(monitorDegraded, help: "1 when the PFLACPMonitor's Degraded condition is True, else 0."),
        .init(relayPodsDesired, help: "Nodes that should run the PFLACPMonitor's pf-status-relay pod (its DaemonSet's desiredNumberScheduled)."),
        .init(relayPodsAvailable, help: "Nodes where the PFLACPMonitor's pf-status-relay pod is available (its DaemonSet's numberAvailable)."),
    ]
}
