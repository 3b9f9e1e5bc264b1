import CoreMetrics
import OperatorCore
import Synchronization

/// The gauges about PFLACPMonitors: how many are in each state, and for each
/// monitor whether it is Degraded and how many relay pods its DaemonSet
/// wants and has available. A monitor's series go when the monitor goes, so
/// that a deleted monitor does not leave a degraded series behind to alert on.
///
/// PFLACPMonitors are namespaced: a monitor's series carry `namespace` and
/// `name`, as kube-state-metrics labels namespaced objects.
final class MonitorMetrics: Sendable {
    private struct Gauges {
        var degraded: Gauge
        var podsDesired: Gauge
        var podsAvailable: Gauge

        func destroy() {
            degraded.destroy()
            podsDesired.destroy()
            podsAvailable.destroy()
        }
    }

    private let factory: any MetricsFactory
    private let byState: [MonitorStatus.State: Gauge]
    private let perMonitor = Mutex<[MonitorID: Gauges]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
        var byState: [MonitorStatus.State: Gauge] = [:]
        for state in MonitorStatus.State.allCases {
            let gauge = Gauge(label: OperatorMetricFamilies.monitors, dimensions: [("state", state.rawValue)], factory: factory)
            gauge.record(0)
            byState[state] = gauge
        }
        self.byState = byState
    }

    /// The number of monitors in each state (a state missing from `counts` has none).
    func setStates(_ counts: [MonitorStatus.State: Int]) {
        for (state, gauge) in byState { gauge.record(counts[state] ?? 0) }
    }

    /// The monitor's series, made on its first update.
    func update(_ id: MonitorID, degraded: Bool, podsDesired: Int64, podsAvailable: Int64) {
        perMonitor.withLock { gauges in
            let monitor = gauges[id] ?? makeGauges(id)
            gauges[id] = monitor
            monitor.degraded.record(degraded ? 1 : 0)
            monitor.podsDesired.record(podsDesired)
            monitor.podsAvailable.record(podsAvailable)
        }
    }

    /// Drops the series of every monitor not in `present` (deleted ones).
    func keepOnly(_ present: Set<MonitorID>) {
        let gone = perMonitor.withLock { gauges in
            let gone = gauges.filter { !present.contains($0.key) }
            for id in gone.keys { gauges[id] = nil }
            return Array(gone.values)
        }
        for gauges in gone { gauges.destroy() }
    }

    private func makeGauges(_ id: MonitorID) -> Gauges {
        let dimensions = [("namespace", id.namespace), ("name", id.name)]
        typealias Families = OperatorMetricFamilies
        return Gauges(
            degraded: Gauge(label: Families.monitorDegraded, dimensions: dimensions, factory: factory),
            podsDesired: Gauge(label: Families.relayPodsDesired, dimensions: dimensions, factory: factory),
            podsAvailable: Gauge(label: Families.relayPodsAvailable, dimensions: dimensions, factory: factory))
    }
}
