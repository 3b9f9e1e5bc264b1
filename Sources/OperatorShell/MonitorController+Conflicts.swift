import KubeRuntime
import OperatorCore

extension MonitorController {
    /// Asks the conflict loop for fresh verdicts. Never blocks: the signal
    /// buffer holds one, so changes made while a computation runs add up to one more.
    func conflictsChanged() {
        conflictSignal.yield()
    }

    /// Recomputes the verdicts each time conflicts may have changed, until
    /// cancelled (the loop ends with the watching it serves).
    func conflictLoop() async {
        for await _ in conflictSignals {
            if Task.isCancelled { return }
            refreshVerdicts()
        }
    }

    /// Recomputes every verdict from the caches and queues the monitors whose verdict changed.
    func refreshVerdicts() {
        let fresh = ConflictResolver.resolve(monitors: monitorSummaries, nodes: nodeSummaries)
        let changed = verdicts.withLock { current -> [MonitorID] in
            let ids = Set(current.keys).union(fresh.keys)
            let changed = ids.filter { current[$0] != fresh[$0] }
            current = fresh
            return Array(changed)
        }
        changed.forEach(queue.add)
    }
}
