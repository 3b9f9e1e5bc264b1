import BuildInfo
import CoreMetrics
import MetricsExposition

/// The operator's metrics, recorded through swift-metrics into one
/// exporter (its own, not the global MetricsSystem, so that each test and
/// each process has its own registry) whose text `/metrics` serves.
final class OperatorMetrics: Sendable {
    /// The controller's workers: `controller_runtime_max_concurrent_reconciles`.
    static let workers = 2

    let exporter = PrometheusExporter(families: OperatorMetricFamilies.all)
    let reconciles: ReconcileMetrics
    let workQueue: WorkQueueRecorder
    let monitors: MonitorMetrics
    private let leader: Gauge

    /// `leaseName` labels the leadership gauge, as client-go's `name`.
    init(leaseName: String = OperatorCommand.defaultLeaseName, version: String = BuildInfo.version) {
        let controller = OperatorMetricFamilies.controllerName
        reconciles = ReconcileMetrics(controller: controller, workers: Self.workers, factory: exporter)
        workQueue = WorkQueueRecorder(name: controller, factory: exporter)
        monitors = MonitorMetrics(factory: exporter)
        leader = Gauge(label: OperatorMetricFamilies.leaderStatus, dimensions: [("name", leaseName)], factory: exporter)
        leader.record(0)
        Gauge(label: OperatorMetricFamilies.buildInfo, dimensions: [("version", version)], factory: exporter).record(1)
    }

    /// Whether this replica reconciles: it holds the Lease, or leader election is off.
    func setLeader(_ isLeader: Bool) {
        leader.record(isLeader ? 1 : 0)
    }

    /// Every family, in the text exposition format.
    var exposition: [UInt8] { exporter.exposition() }
}
