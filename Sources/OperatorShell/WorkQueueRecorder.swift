import CoreMetrics
import Metrics
import KubeRuntime

/// The work queue's reports as client-go's `workqueue_*` families, for the
/// queue `name` (its controller's name, as controller-runtime names it).
struct WorkQueueRecorder: WorkQueueMetrics {
    private let depth: Meter
    private let adds: Counter
    private let retries: Counter
    private let queueDuration: CoreMetrics.Timer
    private let workDuration: CoreMetrics.Timer

    init(name: String, factory: any MetricsFactory) {
        typealias Families = OperatorMetricFamilies
        let dimensions = [("name", name)]
        depth = Meter(label: Families.queueDepth, dimensions: dimensions, factory: factory)
        depth.set(0)
        adds = Counter(label: Families.queueAdds, dimensions: dimensions, factory: factory)
        retries = Counter(label: Families.queueRetries, dimensions: dimensions, factory: factory)
        queueDuration = CoreMetrics.Timer(label: Families.queueDuration, dimensions: dimensions, factory: factory)
        workDuration = CoreMetrics.Timer(label: Families.workDuration, dimensions: dimensions, factory: factory)
    }

    func added() {
        adds.increment()
        depth.increment()
    }

    func started(waited: Duration) {
        depth.decrement()
        queueDuration.record(duration: waited)
    }

    func finished(worked: Duration) {
        workDuration.record(duration: worked)
    }

    func retried() {
        retries.increment()
    }
}
