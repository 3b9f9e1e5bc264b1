import Foundation
import JSONValues
import KubeModel
import Synchronization

/// What kube-controller-manager would do for the objects in this server:
/// the garbage collector (ownerReferences, foreground deletion) and the
/// namespace controller (a deleted namespace empties, then goes), and, when
/// enabled, a DaemonSet controller whose pods are instantly scheduled and
/// ready on every node its nodeSelector matches (there are no kubelets),
/// and the ClusterRole aggregation controller.
/// A sweep runs after deletions; kicks during a sweep coalesce into one more.
final class ClusterControllers: Sendable {
    private let store: ObjectStore
    private let registry: ResourceRegistry
    private let state = Mutex<(running: Bool, pending: Bool)>((false, false))
    private let simulateDaemonSets: Bool

    init(store: ObjectStore, registry: ResourceRegistry, simulateDaemonSets: Bool) {
        self.store = store
        self.registry = registry
        self.simulateDaemonSets = simulateDaemonSets
    }

    func kick() {
        let start = state.withLock { state -> Bool in
            if state.running { state.pending = true; return false }
            state.running = true
            return true
        }
        guard start else { return }
        Task.detached { [self] in
            while true {
                sweep()
                let again = state.withLock { state -> Bool in
                    if state.pending { state.pending = false; return true }
                    state.running = false
                    return false
                }
                if !again { break }
            }
        }
    }

    /// Runs the controllers until nothing changes (tests call it to settle synchronously).
    func sweep() {
        for _ in 0..<100 where sweepOnce() {}
    }

    private static let namespaces = ResourceKey(group: "", plural: "namespaces")
    private static let nodes = ResourceKey(group: "", plural: "nodes")
    private static let daemonSets = ResourceKey(group: "apps", plural: "daemonsets")

    /// One pass; true when it changed something (another pass may find more).
    private func sweepOnce() -> Bool {
        let everything = store.everything()
        var live: [String: (ResourceKey, ObjectKey, JSONValue)] = [:]
        for entry in everything {
            if let uid = entry.2["metadata"]["uid"].stringValue { live[uid] = entry }
        }
        var changed = false

        for (resource, key, object) in everything {
            let references = object["metadata"]["ownerReferences"].arrayValue ?? []
            guard !references.isEmpty else { continue }
            let owners = references.map { reference -> (reference: JSONValue, owner: JSONValue?) in
                (reference, reference["uid"].stringValue.flatMap { live[$0]?.2 })
            }
            let foregroundOwner = owners.contains { pair in
                guard let owner = pair.owner else { return false }
                return owner["metadata"]["deletionTimestamp"] != .null
                    && (owner["metadata"]["finalizers"].arrayValue ?? []).contains("foregroundDeletion")
            }
            let remaining = owners.filter { $0.owner != nil }
            if remaining.isEmpty || foregroundOwner {
                changed = delete(resource, key, object) || changed
            } else if remaining.count < owners.count {
                var updated = object
                updated["metadata"]["ownerReferences"] = .array(remaining.map(\.reference))
                changed = ((try? store.update(resource, key, updated, expectedRevision: object["metadata"]["resourceVersion"].stringValue)) != nil) || changed
            }
        }

        // Foreground deletion: once no dependent is left, the owner's finalizer goes.
        for (resource, key, object) in everything where object["metadata"]["deletionTimestamp"] != .null {
            let finalizers = (object["metadata"]["finalizers"].arrayValue ?? []).compactMap(\.stringValue)
            guard finalizers.contains("foregroundDeletion"), let uid = object["metadata"]["uid"].stringValue else { continue }
            let hasDependents = store.everything().contains { entry in
                (entry.2["metadata"]["ownerReferences"].arrayValue ?? []).contains { $0["uid"].stringValue == uid }
            }
            if !hasDependents {
                changed = removeFinalizer("foregroundDeletion", resource, key, object) || changed
            }
        }

        // Namespaces being deleted: remove their content, then the namespace.
        for (_, key, namespace) in everything where key.namespace.isEmpty && namespace["kind"].stringValue == "Namespace"
            && namespace["metadata"]["deletionTimestamp"] != .null {
            let content = store.everything().filter { $0.0 != Self.namespaces && $0.1.namespace == key.name }
            for (resource, objectKey, object) in content {
                changed = delete(resource, objectKey, object) || changed
            }
            if content.isEmpty {
                changed = ((try? store.delete(Self.namespaces, key)) != nil) || changed
            }
        }
        if simulateDaemonSets { changed = updateDaemonSetStatuses() || changed }
        changed = RoleAggregation(store: store).aggregate() || changed
        return changed
    }

    /// The DaemonSet controller's status, as if every selected node ran a ready pod at once.
    private func updateDaemonSetStatuses() -> Bool {
        let nodeLabels = store.list(Self.nodes, namespace: nil).objects.map { node in
            (node.1["metadata"]["labels"].objectValue ?? [:]).compactMapValues(\.stringValue)
        }
        // Nodes by "key=value": a one-label selector (the usual hostname pin) is a lookup, not a scan.
        var nodesByLabel: [String: Int] = [:]
        for labels in nodeLabels {
            for (key, value) in labels { nodesByLabel["\(key)=\(value)", default: 0] += 1 }
        }
        var changed = false
        for (key, daemonSet) in store.list(Self.daemonSets, namespace: nil).objects where daemonSet["metadata"]["deletionTimestamp"] == .null {
            let selector = (daemonSet["spec"]["template"]["spec"]["nodeSelector"].objectValue ?? [:]).compactMapValues(\.stringValue)
            let scheduled: Int64
            switch selector.count {
            case 0: scheduled = Int64(nodeLabels.count)
            case 1: scheduled = Int64(selector.first.map { nodesByLabel["\($0.key)=\($0.value)"] ?? 0 } ?? 0)
            default: scheduled = Int64(nodeLabels.filter { labels in selector.allSatisfy { labels[$0.key] == $0.value } }.count)
            }
            var status: JSONValue = [
                "currentNumberScheduled": .int(scheduled), "desiredNumberScheduled": .int(scheduled),
                "numberAvailable": .int(scheduled), "numberMisscheduled": 0, "numberReady": .int(scheduled),
                "updatedNumberScheduled": .int(scheduled),
                "observedGeneration": daemonSet["metadata"]["generation"],
            ]
            if scheduled == 0 { status["numberAvailable"] = .null }
            guard daemonSet["status"] != status else { continue }
            var updated = daemonSet
            updated["status"] = status
            changed = ((try? store.update(Self.daemonSets, key, updated, expectedRevision: daemonSet["metadata"]["resourceVersion"].stringValue)) != nil) || changed
        }
        return changed
    }

    /// Deletes as a background-propagation delete would; finalizers make it graceful.
    private func delete(_ resource: ResourceKey, _ key: ObjectKey, _ object: JSONValue) -> Bool {
        let finalizers = object["metadata"]["finalizers"].arrayValue ?? []
        if finalizers.isEmpty {
            return (try? store.delete(resource, key)) != nil
        }
        guard object["metadata"]["deletionTimestamp"] == .null else { return false }
        var marked = object
        marked["metadata"]["deletionTimestamp"] = .string(Date.now.formatted(.iso8601))
        marked["metadata"]["deletionGracePeriodSeconds"] = 0
        return (try? store.update(resource, key, marked, expectedRevision: object["metadata"]["resourceVersion"].stringValue)) != nil
    }

    private func removeFinalizer(_ finalizer: String, _ resource: ResourceKey, _ key: ObjectKey, _ object: JSONValue) -> Bool {
        let remaining = (object["metadata"]["finalizers"].arrayValue ?? []).filter { $0.stringValue != finalizer }
        if remaining.isEmpty {
            return (try? store.delete(resource, key, expectedRevision: object["metadata"]["resourceVersion"].stringValue)) != nil
        }
        var updated = object
        updated["metadata"]["finalizers"] = .array(remaining)
        return (try? store.update(resource, key, updated, expectedRevision: object["metadata"]["resourceVersion"].stringValue)) != nil
    }
}
