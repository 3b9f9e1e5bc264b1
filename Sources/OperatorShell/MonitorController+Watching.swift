import JSONValues
import KubeClient
import KubeModel
import KubeRuntime
import OperatorCore

extension MonitorController {
    /// Feeds the caches from watches until cancelled (every replica: the
    /// webhook reads the caches too), queueing the monitors each change concerns.
    func watch() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watchMonitors() }
            group.addTask { await self.watchDaemonSets() }
            group.addTask { await self.watchNodes() }
        }
    }

    private func watchMonitors() async {
        for await event in Watcher(client: listWatch, resource: Self.monitors, namespace: namespace, logger: logger).events() {
            // Status writes (most events) do not change conflicts; spec, identity and existence do.
            var affectsConflicts = true
            if case .applied(let object) = event, let old = monitorCache.get(ObjectCache.key(of: object)) {
                let (before, after) = (PFLACPMonitor(json: old), PFLACPMonitor(json: object))
                affectsConflicts = before.rawSpec != after.rawSpec || before.metadata.uid != after.metadata.uid
            }
            monitorCache.apply(event)
            Self.objects(in: event).compactMap { PFLACPMonitor(json: $0).id }.forEach(queue.add)
            if affectsConflicts { conflictsChanged() }
        }
    }

    private func watchDaemonSets() async {
        // Unfiltered: a DaemonSet stripped of its labels must still be seen (and repaired).
        for await event in Watcher(client: listWatch, resource: .daemonSets, namespace: namespace, logger: logger).events() {
            daemonSetCache.apply(event)
            Self.objects(in: event).compactMap { DaemonSet(json: $0).owningMonitor }.forEach(queue.add)
        }
    }

    private func watchNodes() async {
        for await event in Watcher(client: listWatch, resource: .nodes, logger: logger).events() {
            // Heartbeats change node status all the time; only labels matter to conflicts.
            var labelsChanged = true
            if case .applied(let object) = event, let node = NodeSummary(node: object), let old = nodeCache.get(node.name) {
                labelsChanged = NodeSummary(node: old)?.labels != node.labels
            }
            nodeCache.apply(event)
            if labelsChanged { conflictsChanged() }
        }
    }

    private static func objects(in event: WatcherEvent) -> [JSONValue] {
        switch event {
        case .restarted(let all): return all
        case .applied(let object), .deleted(let object): return [object]
        }
    }
}
