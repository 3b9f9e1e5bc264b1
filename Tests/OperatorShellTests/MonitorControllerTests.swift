import JSONValues
import KubeClient
import KubeModel
import KubeRuntime
import KubeRuntimeTesting
import Logging
import OperatorCore
@testable import OperatorShell
import Testing

/// The controller against an in-memory API: the caches are fed as the
/// watches would feed them, verdicts computed, one key reconciled. No server,
/// no sockets, no sleeping (the end-to-end tests cover the real thing).
@Suite struct MonitorControllerTests {
    static let namespace = "relay"
    static let settings = OperatorSettings(image: "quay.io/openshift/pf-status-relay:v0.1.0")

    static func monitor(_ name: String, uid: String, created: String, interfaces: [String], hostname: String) -> JSONValue {
        [
            "apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace), "uid": .string(uid), "generation": 1,
                "resourceVersion": "10", "creationTimestamp": .string(created),
            ],
            "spec": [
                "interfaces": .array(interfaces.map(JSONValue.string)), "pollingInterval": 2000,
                "nodeSelector": ["kubernetes.io/hostname": .string(hostname)],
            ],
        ]
    }

    static func node(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "labels": ["kubernetes.io/hostname": .string(name)]]]
    }

    /// A controller whose caches hold `monitors` (also stored in `api`), no DaemonSet, and `nodes`; verdicts computed.
    static func controller(_ api: InMemoryKubeAPI, monitors: [JSONValue], nodes: [JSONValue], queue: WorkQueue<MonitorID>? = nil,
                           metrics: OperatorMetrics = OperatorMetrics()) -> MonitorController
    {
        for monitor in monitors { api.seed(MonitorController.monitors, monitor) }
        let controller = MonitorController(
            api: api, listWatch: NoListWatch(), settings: settings, namespace: nil, identity: "test", metrics: metrics,
            logger: Logger(label: "test"), queue: queue, timestamp: { "2026-01-01T00:00:00Z" })
        controller.monitorCache.apply(.restarted(monitors))
        controller.daemonSetCache.apply(.restarted([]))
        controller.nodeCache.apply(.restarted(nodes))
        controller.refreshVerdicts()
        return controller
    }

    static func id(_ name: String) -> MonitorID { MonitorID(namespace: namespace, name: name) }

    @Test func aNewMonitorGetsItsDaemonSetWithTheDaemonsEnvironmentAndNodeSelector() async throws {
        let api = InMemoryKubeAPI()
        let controller = Self.controller(api, monitors: [Self.monitor("a", uid: "uid-a", created: "2026-01-01T00:00:00Z",
                                                                       interfaces: ["ens1f0", "ens1f1"], hostname: "worker-0")],
                                         nodes: [Self.node("worker-0")])

        #expect(try await controller.reconcile(Self.id("a")) == .done)

        let stored = try #require(api.object(.daemonSets, namespace: Self.namespace, name: OperatorNames.daemonSetName(forMonitor: "a")))
        let daemonSet = DaemonSet(json: stored)
        #expect(daemonSet.relayEnvironment == [
            OperatorNames.interfacesVariable: "ens1f0,ens1f1", OperatorNames.pollingIntervalVariable: "2000",
        ])
        #expect(daemonSet.nodeSelector == ["kubernetes.io/hostname": "worker-0"])
        #expect(daemonSet.owningMonitor == Self.id("a"))
        #expect(daemonSet.metadata.ownerReferences.first?.uid == "uid-a")
        #expect(api.calls("create", .serviceAccounts).count == 1)
        #expect(api.calls("create", .events).count == 1, "a Created event")

        let monitor = PFLACPMonitor(json: try #require(api.object(MonitorController.monitors, namespace: Self.namespace, name: "a")))
        #expect(monitor.status.condition(StatusBuilder.readyCondition) == "False", "its controller has not counted nodes yet")
        #expect(!monitor.status.isDegraded)

        // Reconciling again with the caches up to date writes nothing.
        let writes = api.calls.count
        #expect(try await controller.reconcile(Self.id("a")) == .done)
        #expect(api.calls.count == writes)
    }

    @Test func aDaemonSetTheCacheHasNotSeenYetIsWaitedForNotRead() async throws {
        let api = InMemoryKubeAPI()
        let controller = Self.controller(api, monitors: [Self.monitor("a", uid: "uid-a", created: "2026-01-01T00:00:00Z",
                                                                       interfaces: ["ens1f0"], hostname: "worker-0")],
                                         nodes: [Self.node("worker-0")])
        // Stored (by a previous leader, say) but not yet delivered by the watch.
        let name = OperatorNames.daemonSetName(forMonitor: "a")
        api.seed(.daemonSets, ["apiVersion": "apps/v1", "kind": "DaemonSet",
                               "metadata": ["name": .string(name), "namespace": .string(Self.namespace)]])

        #expect(try await controller.reconcile(Self.id("a")) == .requeue(after: MonitorController.cacheLagDelay))
        #expect(api.calls("create", .daemonSets).count == 1)
        #expect(api.calls("get", .daemonSets).isEmpty, "the operator's RBAC has no get on DaemonSets")
        #expect(api.calls("updateStatus", MonitorController.monitors).isEmpty, "no status from a DaemonSet it has not seen")
    }

    @Test func theLaterOfTwoConflictingMonitorsReportsTheConflictAndGetsNoDaemonSet() async throws {
        let api = InMemoryKubeAPI()
        let controller = Self.controller(api, monitors: [
            Self.monitor("first", uid: "uid-1", created: "2026-01-01T00:00:00Z", interfaces: ["ens1f0"], hostname: "worker-0"),
            Self.monitor("second", uid: "uid-2", created: "2026-01-02T00:00:00Z", interfaces: ["ens1f0"], hostname: "worker-0"),
        ], nodes: [Self.node("worker-0")])

        #expect(try await controller.reconcile(Self.id("first")) == .done)
        #expect(try await controller.reconcile(Self.id("second")) == .done)

        #expect(api.object(.daemonSets, namespace: Self.namespace, name: OperatorNames.daemonSetName(forMonitor: "first")) != nil)
        #expect(api.object(.daemonSets, namespace: Self.namespace, name: OperatorNames.daemonSetName(forMonitor: "second")) == nil)
        let second = PFLACPMonitor(json: try #require(api.object(MonitorController.monitors, namespace: Self.namespace, name: "second")))
        #expect(second.status.isDegraded)
        #expect(second.status.errorMessage.contains("\(Self.namespace)/first"), "names the monitor it conflicts with")
        #expect(second.status.errorMessage.contains("ens1f0"))
        #expect(api.calls("create", .events).count == 2, "Created for the first, Conflict for the second")
    }

    @Test func aDeletedMonitorsDaemonSetGoesWithItAndIsNotRecreated() async throws {
        let api = InMemoryKubeAPI()
        let controller = Self.controller(api, monitors: [Self.monitor("a", uid: "uid-a", created: "2026-01-01T00:00:00Z",
                                                                       interfaces: ["ens1f0"], hostname: "worker-0")],
                                         nodes: [Self.node("worker-0")])
        #expect(try await controller.reconcile(Self.id("a")) == .done)
        let name = OperatorNames.daemonSetName(forMonitor: "a")
        let daemonSet = try #require(api.object(.daemonSets, namespace: Self.namespace, name: name))

        // The owner reference the controller set is what lets the garbage collector remove it.
        let monitor = try #require(api.object(MonitorController.monitors, namespace: Self.namespace, name: "a"))
        api.deleteAsUser(MonitorController.monitors, namespace: Self.namespace, name: "a")
        #expect(api.object(.daemonSets, namespace: Self.namespace, name: name) == nil)
        controller.monitorCache.apply(.deleted(monitor))
        controller.daemonSetCache.apply(.deleted(daemonSet))
        controller.refreshVerdicts()

        let writes = api.calls.count
        #expect(try await controller.reconcile(Self.id("a")) == .done)
        #expect(api.calls.count == writes, "nothing is recreated for a monitor that is gone")
    }

    @Test func anAPIErrorRetriesTheMonitorWithBackoff() async throws {
        let clock = ManualClock()
        let queue = WorkQueue<MonitorID>(retryBackoff: Backoff(initial: .seconds(1), maximum: .seconds(8), jitter: .none),
                                         clock: ElapsedClock(clock))
        let api = InMemoryKubeAPI()
        let controller = Self.controller(api, monitors: [Self.monitor("a", uid: "uid-a", created: "2026-01-01T00:00:00Z",
                                                                       interfaces: ["ens1f0"], hostname: "worker-0")],
                                         nodes: [Self.node("worker-0")], queue: queue)
        api.failNext("create", .daemonSets, with: InMemoryKubeAPI.status(500, "InternalError"))
        #expect(await queue.next() == Self.id("a"), "queued by the verdict")
        await controller.reconcileAndRecord(Self.id("a"))
        queue.done(Self.id("a"))

        #expect(queue.failures(of: Self.id("a")) == 1)
        #expect(queue.depth == 0, "not at once: after the backoff")
        #expect(api.object(.daemonSets, namespace: Self.namespace, name: OperatorNames.daemonSetName(forMonitor: "a")) == nil)
        let exposition = String(decoding: controller.metrics.exposition, as: UTF8.self)
        #expect(exposition.contains(#"controller_runtime_reconcile_errors_total{controller="pflacpmonitor"} 1"#))
        #expect(exposition.contains(#"controller_runtime_reconcile_total{controller="pflacpmonitor",result="error"} 1"#))

        try await withTimers(of: queue) {
            try await waitUntil { clock.sleeperCount == 1 }
            clock.advance(by: .seconds(1))
            #expect(await queue.next() == Self.id("a"), "back after one backoff step")
        }
        await controller.reconcileAndRecord(Self.id("a"))
        #expect(queue.failures(of: Self.id("a")) == 0, "success forgets the failures")
        #expect(api.object(.daemonSets, namespace: Self.namespace, name: OperatorNames.daemonSetName(forMonitor: "a")) != nil)
    }

    @Test func reconcilingResumesWhenLeadershipComesBack() async throws {
        let api = InMemoryKubeAPI()
        let controller = Self.controller(api, monitors: [Self.monitor("a", uid: "uid-a", created: "2026-01-01T00:00:00Z",
                                                                       interfaces: ["ens1f0"], hostname: "worker-0")],
                                         nodes: [Self.node("worker-0")])
        let name = OperatorNames.daemonSetName(forMonitor: "a")
        for term in 1...2 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await controller.reconcileLoop() }
                try await waitUntil { api.object(.daemonSets, namespace: Self.namespace, name: name) != nil }
                group.cancelAll()  // leadership lost
            }
            #expect(api.calls("create", .daemonSets).count == term)
            // Meanwhile the DaemonSet is deleted; its watch event queues the monitor.
            let daemonSet = try #require(api.object(.daemonSets, namespace: Self.namespace, name: name))
            api.deleteAsUser(.daemonSets, namespace: Self.namespace, name: name)
            controller.daemonSetCache.apply(.deleted(daemonSet))
            controller.queue.add(Self.id("a"))
        }
    }

    @Test func theConflictLoopCoalescesABurstOfChangesAndQueuesChangedVerdicts() async throws {
        let api = InMemoryKubeAPI()
        let controller = Self.controller(api, monitors: [], nodes: [Self.node("worker-0")])
        let monitor = Self.monitor("a", uid: "uid-a", created: "2026-01-01T00:00:00Z", interfaces: ["ens1f0"], hostname: "worker-0")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await controller.conflictLoop() }
            controller.monitorCache.apply(.applied(monitor))
            for _ in 0..<1000 { controller.conflictsChanged() }  // never blocks: one pending signal at most
            try await waitUntil { controller.verdict(for: Self.id("a")) == .admitted }
            #expect(await controller.queue.next() == Self.id("a"), "a new verdict queues the monitor")
            group.cancelAll()
        }
    }

    @Test func aMonitorWithoutAVerdictYetIsRequeued() async throws {
        let api = InMemoryKubeAPI()
        let controller = Self.controller(api, monitors: [], nodes: [])
        let late = Self.monitor("late", uid: "uid-l", created: "2026-01-01T00:00:00Z", interfaces: ["ens1f0"], hostname: "worker-0")
        controller.monitorCache.apply(.applied(late))
        #expect(try await controller.reconcile(Self.id("late")) == .requeue(after: MonitorController.noVerdictDelay))
        #expect(api.calls.isEmpty)
    }
}

/// The controller's watchers are not run in these tests.
struct NoListWatch: KubeListWatch {
    func listAll(_ resource: ResourceDescriptor, namespace: String?, labelSelector: String?) async throws(KubeError) -> ObjectList {
        throw .invalidRequest("not watched in this test")
    }

    func watch(_ resource: ResourceDescriptor, namespace: String?, resourceVersion: String?, labelSelector: String?,
               timeoutSeconds: Int?) -> any AsyncSequence<WatchEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: KubeError.invalidRequest("not watched in this test")) }
    }
}

/// Runs `body` while the queue's timer loop runs; stops the loop after.
func withTimers<Key>(of queue: WorkQueue<Key>, _ body: () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await queue.runTimers() }
        try await body()
        group.cancelAll()
    }
}

/// Yields until `condition` holds (the other task got to its next await); fails after many tries.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<10_000 where !condition() { await Task.yield() }
    try #require(condition())
}
