#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeClient
import JSONValues
import KubeModel
import KubeRuntime
import Logging
import OperatorCore
import Synchronization

/// Reconciles PFLACPMonitors: one DaemonSet each (created, repaired, removed
/// on conflict), conflicts evaluated against real Node labels, status and
/// Events. Reads come from the watch caches; writes go to the API server only
/// when something differs, so a steady state costs no requests.
final class MonitorController: Sendable {
    static let monitors = ResourceDescriptor(group: OperatorNames.group, version: OperatorNames.version,
                                             plural: OperatorNames.resource, kind: OperatorNames.kind, namespaced: true)

    let client: KubeClient
    let settings: OperatorSettings
    let namespace: String?
    let logger: Logger
    let metrics: Metrics
    let identity: String

    let monitorCache = ObjectCache()
    let daemonSetCache = ObjectCache()
    let nodeCache = ObjectCache()
    let queue = WorkQueue<MonitorID>()
    private let verdicts = Mutex<[MonitorID: Verdict]>([:])
    private let conflictsDirty = Mutex(false)

    init(client: KubeClient, settings: OperatorSettings, namespace: String?, identity: String, metrics: Metrics, logger: Logger) {
        self.client = client
        self.settings = settings
        self.namespace = namespace
        self.identity = identity
        self.metrics = metrics
        self.logger = logger
    }

    var cachesSynced: Bool { monitorCache.isSynced && daemonSetCache.isSynced && nodeCache.isSynced }

    // MARK: - Watching (every replica: the webhook reads the caches too)

    /// Feeds the caches from watches until cancelled, queueing the monitors each change concerns.
    func watch() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in Watcher(client: self.client, resource: Self.monitors, namespace: self.namespace, logger: self.logger).events() {
                    // Status writes (most events) do not change conflicts; spec, identity and existence do.
                    var affectsConflicts = true
                    if case .applied(let monitor) = event, let old = self.monitorCache.get(ObjectCache.key(of: monitor)) {
                        affectsConflicts = old["spec"] != monitor["spec"] || old["metadata"]["uid"] != monitor["metadata"]["uid"]
                    }
                    self.monitorCache.apply(event)
                    self.monitorsChanged(event, affectsConflicts: affectsConflicts)
                }
            }
            group.addTask {
                // Unfiltered: a DaemonSet stripped of its labels must still be seen (and repaired).
                let watcher = Watcher(client: self.client, resource: .daemonSets, namespace: self.namespace, logger: self.logger)
                for await event in watcher.events() {
                    self.daemonSetCache.apply(event)
                    for owner in Self.owners(event) { self.queue.add(owner) }
                }
            }
            group.addTask {
                for await event in Watcher(client: self.client, resource: .nodes, logger: self.logger).events() {
                    // Heartbeats change node status all the time; only labels matter to conflicts.
                    var labelsChanged = true
                    if case .applied(let node) = event, let name = node["metadata"]["name"].stringValue,
                       let old = self.nodeCache.get(name) {
                        labelsChanged = old["metadata"]["labels"] != node["metadata"]["labels"]
                    }
                    self.nodeCache.apply(event)
                    if labelsChanged { self.recomputeConflicts() }
                }
            }
        }
    }

    private func monitorsChanged(_ event: WatcherEvent, affectsConflicts: Bool) {
        switch event {
        case .restarted(let objects):
            objects.compactMap { MonitorID(object: $0) }.forEach(queue.add)
        case .applied(let object), .deleted(let object):
            if let id = MonitorID(object: object) { queue.add(id) }
        }
        if affectsConflicts { recomputeConflicts() }
    }

    private static func owners(_ event: WatcherEvent) -> [MonitorID] {
        let objects: [JSONValue]
        switch event {
        case .restarted(let all): objects = all
        case .applied(let object), .deleted(let object): objects = [object]
        }
        return objects.compactMap { object in
            let owner = (object["metadata"]["ownerReferences"].arrayValue ?? []).first { $0["kind"].stringValue == OperatorNames.kind }
            guard let name = owner?["name"].stringValue, let namespace = object["metadata"]["namespace"].stringValue else { return nil }
            return MonitorID(namespace: namespace, name: name)
        }
    }

    /// Recomputes every verdict (coalesced: one computation runs at a time and
    /// picks up changes made meanwhile) and queues the monitors whose verdict changed.
    func recomputeConflicts() {
        let start = conflictsDirty.withLock { dirty -> Bool in
            defer { dirty = true }
            return !dirty
        }
        guard start else { return }
        Task.detached { [self] in
            while true {
                conflictsDirty.withLock { $0 = false }
                let summaries = monitorCache.all.compactMap { try? MonitorSummary.from($0).get() }
                let nodes = nodeCache.all.compactMap(NodeSummary.init(node:))
                let fresh = ConflictResolver.resolve(monitors: summaries, nodes: nodes)
                let changed = verdicts.withLock { current -> [MonitorID] in
                    let ids = Set(current.keys).union(fresh.keys)
                    let changed = ids.filter { current[$0] != fresh[$0] }
                    current = fresh
                    return Array(changed)
                }
                changed.forEach(queue.add)
                // Another change arrived while computing: compute again; else stop.
                let again = conflictsDirty.withLock { dirty -> Bool in
                    if dirty { return true }
                    dirty = false
                    return false
                }
                if !again { break }
            }
        }
    }

    func verdict(for id: MonitorID) -> Verdict? {
        verdicts.withLock { $0[id] }
    }

    // MARK: - Reconciling (the leader only)

    /// Runs `workers` reconcile loops until cancelled.
    func reconcileLoop(workers: Int = 2) async {
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                for _ in 0..<workers {
                    group.addTask {
                        while let id = await self.queue.next() {
                            if Task.isCancelled { self.queue.done(id); break }
                            await self.reconcileAndRecord(id)
                            self.queue.done(id)
                        }
                    }
                }
            }
        } onCancel: {
            queue.shutDown()
        }
    }

    private func reconcileAndRecord(_ id: MonitorID) async {
        guard cachesSynced else {
            queue.add(id, after: .milliseconds(200))
            return
        }
        do {
            let outcome = try await reconcile(id)
            queue.forget(id)
            metrics.recordReconcile(result: outcome)
            if outcome == "requeue" { queue.add(id, after: .milliseconds(500)) }
        } catch {
            metrics.recordReconcile(result: "error")
            metrics.recordReconcileError()
            logger.warning("reconcile failed", metadata: ["monitor": "\(id)", "error": "\(error)"])
            queue.retry(id)
        }
        updateStateGauge()
    }

    /// One pass for one monitor; returns "success" or "requeue" (waiting on conflicts to be computed).
    func reconcile(_ id: MonitorID) async throws(KubeError) -> String {
        guard let monitor = monitorCache.get(namespace: id.namespace, name: id.name) else { return "success" }
        if monitor["metadata"]["deletionTimestamp"] != .null { return "success" }
        guard let verdict = verdict(for: id) else { return "requeue" }
        let daemonSetName = OperatorNames.daemonSetName(forMonitor: id.name)
        var daemonSet = daemonSetCache.get(namespace: id.namespace, name: daemonSetName)

        switch verdict {
        case .admitted:
            switch DaemonSetBuilder.desired(for: monitor, settings: settings) {
            case .failure:
                daemonSet = try await removeDaemonSet(daemonSet, of: monitor, reason: "InvalidSpec")
            case .success(let desired):
                daemonSet = try await ensureDaemonSet(desired, actual: daemonSet, of: monitor)
            }
        default:
            daemonSet = try await removeDaemonSet(daemonSet, of: monitor, reason: "Conflict")
        }

        let previous = monitor["status"]
        let status = StatusBuilder.status(monitor: monitor, verdict: verdict, daemonSet: daemonSet, now: Self.now, previous: previous)
        if StatusBuilder.statusChanged(old: previous, new: status) {
            var updated = monitor
            updated["status"] = status
            let stored = try await client.updateStatus(Self.monitors, object: updated)
            monitorCache.applyOwnWrite(stored)
            if previous["degraded"].boolValue != true, status["degraded"].boolValue == true {
                await event(for: monitor, reason: verdict.isAdmitted ? "Degraded" : "Conflict",
                            message: status["errorMessage"].stringValue ?? "", type: .warning)
            }
        }
        return "success"
    }

    private func ensureDaemonSet(_ desired: JSONValue, actual: JSONValue?, of monitor: JSONValue) async throws(KubeError) -> JSONValue {
        let namespace = monitor["metadata"]["namespace"].stringValue ?? ""
        try await ensureServiceAccount(namespace: namespace)
        var current = actual
        if current == nil {
            do {
                let created = try await client.create(.daemonSets, namespace: namespace, object: desired)
                daemonSetCache.applyOwnWrite(created)
                await event(for: monitor, reason: "Created", message: "created DaemonSet \(namespace)/\(created["metadata"]["name"].stringValue ?? "")", type: .normal)
                return created
            } catch let error where error.isAlreadyExists {
                // The cache lags behind the API server: compare with what is there.
                let existing = try await client.get(.daemonSets, namespace: namespace, name: desired["metadata"]["name"].stringValue ?? "")
                daemonSetCache.applyOwnWrite(existing)
                current = existing
            }
        }
        guard let actual = current else { return desired }
        if DaemonSetDrift.requiresRecreation(desired: desired, actual: actual) {
            _ = try await client.delete(.daemonSets, namespace: namespace, name: actual["metadata"]["name"].stringValue ?? "",
                                        propagationPolicy: "Background")
            daemonSetCache.apply(.deleted(actual))
            let created = try await client.create(.daemonSets, namespace: namespace, object: desired)
            daemonSetCache.applyOwnWrite(created)
            await event(for: monitor, reason: "Recreated", message: "recreated DaemonSet \(namespace)/\(created["metadata"]["name"].stringValue ?? "") (its selector changed)", type: .normal)
            return created
        }
        guard DaemonSetDrift.needsUpdate(desired: desired, actual: actual) else { return actual }
        let fields = DaemonSetDrift.driftedFields(desired: desired, actual: actual)
        let updated = try await client.update(.daemonSets, object: DaemonSetDrift.merged(desired: desired, into: actual))
        daemonSetCache.applyOwnWrite(updated)
        await event(for: monitor, reason: "Updated",
                    message: "updated DaemonSet \(namespace)/\(updated["metadata"]["name"].stringValue ?? ""): \(fields.joined(separator: ", "))", type: .normal)
        return updated
    }

    private func removeDaemonSet(_ daemonSet: JSONValue?, of monitor: JSONValue, reason: String) async throws(KubeError) -> JSONValue? {
        guard let daemonSet else { return nil }
        let namespace = daemonSet["metadata"]["namespace"].stringValue ?? ""
        let name = daemonSet["metadata"]["name"].stringValue ?? ""
        do {
            _ = try await client.delete(.daemonSets, namespace: namespace, name: name, propagationPolicy: "Background")
        } catch let error where error.isNotFound {}
        daemonSetCache.apply(.deleted(daemonSet))
        let why = reason == "Conflict" ? "the monitor is in conflict" : "the monitor's spec is invalid"
        await event(for: monitor, reason: "DaemonSetRemoved", message: "removed DaemonSet \(namespace)/\(name): \(why)", type: .warning)
        return nil
    }

    private let knownServiceAccounts = Mutex<Set<String>>([])

    private func ensureServiceAccount(namespace: String) async throws(KubeError) {
        if knownServiceAccounts.withLock({ $0.contains(namespace) }) { return }
        let account = DaemonSetBuilder.serviceAccount(namespace: namespace, settings: settings)
        do {
            _ = try await client.create(.serviceAccounts, namespace: namespace, object: account)
        } catch {
            guard error.isAlreadyExists else { throw error }
        }
        _ = knownServiceAccounts.withLock { $0.insert(namespace) }
    }

    private func event(for monitor: JSONValue, reason: String, message: String, type: EventType) async {
        let namespace = monitor["metadata"]["namespace"].stringValue ?? ""
        let event = EventBuilder.event(for: monitor, reason: reason, message: message, type: type, now: Self.now, instance: identity)
        do {
            _ = try await client.create(.events, namespace: namespace, object: event)
        } catch {
            logger.debug("event not recorded", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
        logger.info("\(message)", metadata: ["monitor": "\(namespace)/\(monitor["metadata"]["name"].stringValue ?? "")", "reason": "\(reason)"])
    }

    private func updateStateGauge() {
        var counts: [String: Int] = [:]
        for monitor in monitorCache.all {
            let state: String
            if monitor["status"]["degraded"].boolValue == true {
                state = "degraded"
            } else if (monitor["status"]["conditions"].arrayValue ?? []).contains(where: { $0["type"] == "Ready" && $0["status"] == "True" }) {
                state = "ready"
            } else {
                state = "progressing"
            }
            counts[state, default: 0] += 1
        }
        metrics.setMonitorsByState(counts)
    }

    static var now: String { Date.now.formatted(.iso8601) }
}
