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
/// Events. Reads come from the watch caches; writes go through `api` only
/// when something differs, so a steady state costs no requests.
///
/// The loops (watching, conflict verdicts, reconciling) are run by the
/// services in OperatorServices.swift; tests call `refreshVerdicts()` and
/// `reconcile(_:)` directly with an in-memory `KubeAPI`.
final class MonitorController: Sendable {
    static let monitors = ResourceDescriptor(group: OperatorNames.group, version: OperatorNames.version,
                                             plural: OperatorNames.resource, kind: OperatorNames.kind, namespaced: true)
    /// How long to wait for the caches, or for the first verdicts, before looking again.
    static let notSyncedDelay = Duration.milliseconds(200)
    static let noVerdictDelay = Duration.milliseconds(500)
    /// A DaemonSet created by someone else (or by a previous leader) that the watch has not delivered yet.
    static let cacheLagDelay = Duration.milliseconds(500)

    let api: any KubeAPI
    let listWatch: any KubeListWatch
    let settings: OperatorSettings
    let namespace: String?
    let logger: Logger
    let metrics: OperatorMetrics
    let identity: String
    /// RFC 3339 "now" for conditions and Events; injected so tests control it.
    let timestamp: @Sendable () -> String

    let monitorCache = ObjectCache()
    let daemonSetCache = ObjectCache()
    let nodeCache = ObjectCache()
    let queue: WorkQueue<MonitorID>
    let verdicts = Mutex<[MonitorID: Verdict]>([:])
    /// Wakes the conflict loop; holding at most one signal coalesces a burst of changes into one computation.
    let conflictSignals: AsyncStream<Void>
    let conflictSignal: AsyncStream<Void>.Continuation
    let knownServiceAccounts = Mutex<Set<String>>([])

    init(api: any KubeAPI, listWatch: any KubeListWatch, settings: OperatorSettings, namespace: String?, identity: String,
         metrics: OperatorMetrics, logger: Logger, queue: WorkQueue<MonitorID>? = nil,
         timestamp: @escaping @Sendable () -> String = { Date.now.formatted(.iso8601) }) {
        self.api = api
        self.listWatch = listWatch
        self.settings = settings
        self.namespace = namespace
        self.identity = identity
        self.metrics = metrics
        self.logger = logger
        self.queue = queue ?? WorkQueue(metrics: metrics.workQueue)
        self.timestamp = timestamp
        (conflictSignals, conflictSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    var cachesSynced: Bool { monitorCache.isSynced && daemonSetCache.isSynced && nodeCache.isSynced }

    func monitor(_ id: MonitorID) -> PFLACPMonitor? {
        monitorCache.get(namespace: id.namespace, name: id.name).map(PFLACPMonitor.init(json:))
    }

    func daemonSet(of id: MonitorID) -> DaemonSet? {
        daemonSetCache.get(namespace: id.namespace, name: OperatorNames.daemonSetName(forMonitor: id.name)).map(DaemonSet.init(json:))
    }

    var monitorSummaries: [MonitorSummary] { monitorCache.all.compactMap { MonitorSummary(PFLACPMonitor(json: $0)) } }
    var nodeSummaries: [NodeSummary] { nodeCache.all.compactMap(NodeSummary.init(node:)) }

    func verdict(for id: MonitorID) -> Verdict? {
        verdicts.withLock { $0[id] }
    }

    // MARK: - Reconciling (the leader only)

    /// Runs `workers` reconcile loops and the queue's timer until cancelled
    /// (leadership lost, or the process stopping). The queue outlives it:
    /// keys queued meanwhile are reconciled when leadership comes back.
    func reconcileLoop(workers: Int = OperatorMetrics.workers) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.queue.runTimers() }
            for _ in 0..<workers {
                group.addTask {
                    while let id = await self.queue.next() {
                        if Task.isCancelled { self.queue.done(id); break }
                        self.metrics.reconciles.workerStarted()
                        await self.reconcileAndRecord(id)
                        self.metrics.reconciles.workerFinished()
                        self.queue.done(id)
                    }
                }
            }
        }
    }

    /// One reconcile with its error policy: success forgets the key's
    /// failures, a requeue comes back after its delay, an error retries with backoff.
    func reconcileAndRecord(_ id: MonitorID) async {
        guard cachesSynced else {
            queue.add(id, after: Self.notSyncedDelay)
            return
        }
        let started = ContinuousClock.now
        do {
            let action = try await reconcile(id)
            queue.forget(id)
            switch action {
            case .done:
                metrics.reconciles.record(.success, took: ContinuousClock.now - started)
            case .requeue(let delay):
                metrics.reconciles.record(.requeueAfter, took: ContinuousClock.now - started)
                queue.add(id, after: delay)
            }
        } catch {
            metrics.reconciles.record(.error, took: ContinuousClock.now - started)
            logger.warning("reconcile failed", metadata: ["monitor": "\(id)", "error": "\(error)"])
            queue.retry(id)
        }
        updateMonitorGauges(id)
    }

    /// One pass for one monitor: its DaemonSet as the verdict wants it, then its status.
    /// Requeues while the monitor's verdict is not computed yet.
    func reconcile(_ id: MonitorID) async throws(KubeError) -> ReconcileAction {
        guard let monitor = monitor(id), !monitor.metadata.isBeingDeleted else { return .done }
        guard let verdict = verdict(for: id) else { return .requeue(after: Self.noVerdictDelay) }
        var daemonSet = daemonSet(of: id)

        switch verdict {
        case .admitted:
            switch DaemonSetBuilder.desired(for: monitor, settings: settings) {
            case .failure:
                daemonSet = try await removeDaemonSet(daemonSet, of: monitor, reason: "InvalidSpec")
            case .success(let desired):
                guard let ensured = try await ensureDaemonSet(desired, actual: daemonSet, of: monitor) else {
                    return .requeue(after: Self.cacheLagDelay)
                }
                daemonSet = ensured
            }
        default:
            daemonSet = try await removeDaemonSet(daemonSet, of: monitor, reason: "Conflict")
        }

        let previous = monitor.status
        let status = StatusBuilder.status(monitor: monitor, verdict: verdict, daemonSet: daemonSet, now: timestamp())
        if StatusBuilder.statusChanged(old: previous, new: status) {
            var updated = monitor
            updated.status = status
            let stored = try await api.updateStatus(Self.monitors, object: updated.json)
            monitorCache.applyOwnWrite(stored)
            if !previous.isDegraded, status.isDegraded {
                await event(for: monitor, reason: verdict.isAdmitted ? "Degraded" : "Conflict", message: status.errorMessage, type: .warning)
            }
        }
        return .done
    }

    /// The gauges after a reconcile of `id`, from the caches: monitors by
    /// state, and the monitor's own series (gone with the monitor; any other
    /// monitor gone while no reconcile saw it goes too).
    private func updateMonitorGauges(_ id: MonitorID) {
        var counts: [MonitorStatus.State: Int] = [:]
        var present: Set<MonitorID> = []
        for object in monitorCache.all {
            let monitor = PFLACPMonitor(json: object)
            counts[monitor.status.state, default: 0] += 1
            if let id = monitor.id, !monitor.metadata.isBeingDeleted { present.insert(id) }
        }
        metrics.monitors.setStates(counts)
        metrics.monitors.keepOnly(present)
        guard present.contains(id), let monitor = monitor(id) else { return }
        let daemonSet = daemonSet(of: id)
        metrics.monitors.update(id, degraded: monitor.status.condition(StatusBuilder.degradedCondition) == "True",
                                podsDesired: daemonSet?.desiredNumberScheduled ?? 0, podsAvailable: daemonSet?.numberAvailable ?? 0)
    }
}
