import Synchronization

/// The operator's Prometheus metrics, rendered in the text exposition format.
/// Hand-written: a few counters and gauges do not need a metrics library.
final class Metrics: Sendable {
    private struct State {
        var reconciles: [String: Int] = [:]
        var reconcileErrors = 0
        var monitorsByState: [String: Int] = [:]
        var isLeader = false
    }

    private let state = Mutex(State())

    func recordReconcile(result: String) {
        state.withLock { $0.reconciles[result, default: 0] += 1 }
    }

    func recordReconcileError() {
        state.withLock { $0.reconcileErrors += 1 }
    }

    func setMonitorsByState(_ counts: [String: Int]) {
        state.withLock { $0.monitorsByState = counts }
    }

    func setLeader(_ leader: Bool) {
        state.withLock { $0.isLeader = leader }
    }

    var exposition: String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = []
        lines.append("# HELP pf_status_relay_operator_reconciles_total Reconciles of PFLACPMonitors, by result.")
        lines.append("# TYPE pf_status_relay_operator_reconciles_total counter")
        for result in ["success", "error", "requeue"] {
            lines.append("pf_status_relay_operator_reconciles_total{result=\"\(result)\"} \(snapshot.reconciles[result] ?? 0)")
        }
        lines.append("# HELP pf_status_relay_operator_reconcile_errors_total Reconciles that failed.")
        lines.append("# TYPE pf_status_relay_operator_reconcile_errors_total counter")
        lines.append("pf_status_relay_operator_reconcile_errors_total \(snapshot.reconcileErrors)")
        lines.append("# HELP pf_status_relay_operator_monitors PFLACPMonitors by state.")
        lines.append("# TYPE pf_status_relay_operator_monitors gauge")
        for state in ["ready", "progressing", "degraded"] {
            lines.append("pf_status_relay_operator_monitors{state=\"\(state)\"} \(snapshot.monitorsByState[state] ?? 0)")
        }
        lines.append("# HELP pf_status_relay_operator_leader 1 when this replica holds the leader lease.")
        lines.append("# TYPE pf_status_relay_operator_leader gauge")
        lines.append("pf_status_relay_operator_leader \(snapshot.isLeader ? 1 : 0)")
        return lines.joined(separator: "\n") + "\n"
    }
}
