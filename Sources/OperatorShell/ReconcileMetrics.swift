import CoreMetrics
import Metrics

/// controller-runtime's metrics of one controller: reconciles by result,
/// errors, reconcile time, workers busy and the most that may be.
struct ReconcileMetrics: Sendable {
    /// controller-runtime's `result` label: an error, `Requeue: true`, `RequeueAfter > 0`, or done.
    /// This reconcile answers done or `requeue(after:)` only, so `requeue` stays 0;
    /// it is exported anyway, as controller-runtime exports every result.
    enum Result: String, CaseIterable, Sendable {
        case success
        case error
        case requeue
        case requeueAfter = "requeue_after"
    }

    private let totals: [Result: Counter]
    private let errors: Counter
    private let time: CoreMetrics.Timer
    private let activeWorkers: Meter

    init(controller: String, workers: Int, factory: any MetricsFactory) {
        typealias Families = OperatorMetricFamilies
        let dimensions = [("controller", controller)]
        // Every result at 0 from the start, as controller-runtime does: rate() and
        // alerts see a series before the first error rather than none.
        var totals: [Result: Counter] = [:]
        for result in Result.allCases {
            totals[result] = Counter(label: Families.reconcileTotal, dimensions: dimensions + [("result", result.rawValue)], factory: factory)
        }
        self.totals = totals
        errors = Counter(label: Families.reconcileErrors, dimensions: dimensions, factory: factory)
        time = CoreMetrics.Timer(label: Families.reconcileTime, dimensions: dimensions, factory: factory)
        activeWorkers = Meter(label: Families.activeWorkers, dimensions: dimensions, factory: factory)
        activeWorkers.set(0)
        Gauge(label: Families.maxConcurrentReconciles, dimensions: dimensions, factory: factory).record(workers)
    }

    /// One reconcile's outcome and how long it took; an error counts in the errors total too.
    func record(_ result: Result, took duration: Duration) {
        totals[result]?.increment()
        if result == .error { errors.increment() }
        time.record(duration: duration)
    }

    /// A worker began, or finished, one reconcile.
    func workerStarted() { activeWorkers.increment() }
    func workerFinished() { activeWorkers.decrement() }
}
