import Foundation
import BuildInfo
import JSONValues
import KubeRuntimeTesting
import OperatorCore
@testable import OperatorShell
import Testing

/// The operator's families as a scrape shows them: controller-runtime's
/// names and labels, every reconcile result from the start, and the
/// per-monitor series made by a reconcile and gone with the monitor.
@Suite struct OperatorMetricsTests {
    typealias Families = OperatorMetricFamilies
    typealias Fixture = MonitorControllerTests

    /// The value of the sample `series` (name and labels as exported), nil when absent.
    static func sample(_ metrics: OperatorMetrics, _ series: String) -> Double? {
        let text = String(decoding: metrics.exposition, as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    static func monitorSeries(_ family: String, _ name: String) -> String {
        #"\#(family){namespace="\#(Fixture.namespace)",name="\#(name)"}"#
    }

    @Test func aFreshRegistryHasEveryControllerFamilyAtZeroWithItsHelp() {
        let metrics = OperatorMetrics(leaseName: "the-lease", version: "1.2.3")
        let text = String(decoding: metrics.exposition, as: UTF8.self)
        for result in ["success", "error", "requeue", "requeue_after"] {
            #expect(Self.sample(metrics, #"controller_runtime_reconcile_total{controller="pflacpmonitor",result="\#(result)"}"#) == 0)
        }
        #expect(Self.sample(metrics, #"controller_runtime_reconcile_errors_total{controller="pflacpmonitor"}"#) == 0)
        #expect(Self.sample(metrics, #"controller_runtime_reconcile_time_seconds_count{controller="pflacpmonitor"}"#) == 0)
        #expect(Self.sample(metrics, #"controller_runtime_max_concurrent_reconciles{controller="pflacpmonitor"}"#) == 2)
        #expect(Self.sample(metrics, #"controller_runtime_active_workers{controller="pflacpmonitor"}"#) == 0)
        #expect(Self.sample(metrics, #"workqueue_depth{name="pflacpmonitor"}"#) == 0)
        #expect(Self.sample(metrics, #"leader_election_master_status{name="the-lease"}"#) == 0)
        #expect(Self.sample(metrics, #"pf_status_relay_operator_build_info{version="1.2.3"}"#) == 1)
        for state in ["ready", "progressing", "degraded"] {
            #expect(Self.sample(metrics, #"pf_status_relay_operator_monitors{state="\#(state)"}"#) == 0)
        }
        let perMonitor: Set = [Families.monitorDegraded, Families.relayPodsDesired, Families.relayPodsAvailable]
        for family in Families.all where !perMonitor.contains(family.name) {
            #expect(text.contains("# HELP \(family.name) \(family.help)\n"), "\(family.name) has its HELP")
        }
        #expect(text.contains(#"controller_runtime_reconcile_time_seconds_bucket{controller="pflacpmonitor",le="60.0"} 0"#))
        #expect(text.contains(#"workqueue_queue_duration_seconds_bucket{name="pflacpmonitor",le="1e-08"} 0"#)
                || text.contains(#"workqueue_queue_duration_seconds_bucket{name="pflacpmonitor",le="0.00000001"} 0"#),
                "controller-runtime's first work queue bucket, 10 ns")
    }

    @Test func aReconcileCountsAndTimesItAndLabelsTheMonitorsSeries() async throws {
        let api = InMemoryKubeAPI()
        let metrics = OperatorMetrics()
        let controller = Fixture.controller(api, monitors: [Fixture.monitor("a", uid: "uid-a", created: "2026-01-01T00:00:00Z",
                                                                             interfaces: ["ens1f0"], hostname: "worker-0")],
                                            nodes: [Fixture.node("worker-0")], metrics: metrics)
        #expect(await controller.queue.next() == Fixture.id("a"))
        await controller.reconcileAndRecord(Fixture.id("a"))
        controller.queue.done(Fixture.id("a"))

        #expect(Self.sample(metrics, #"controller_runtime_reconcile_total{controller="pflacpmonitor",result="success"}"#) == 1)
        #expect(Self.sample(metrics, #"controller_runtime_reconcile_time_seconds_count{controller="pflacpmonitor"}"#) == 1)
        #expect(Self.sample(metrics, #"workqueue_adds_total{name="pflacpmonitor"}"#) == 1, "queued by its verdict")
        #expect(Self.sample(metrics, #"workqueue_work_duration_seconds_count{name="pflacpmonitor"}"#) == 1)
        #expect(Self.sample(metrics, #"workqueue_depth{name="pflacpmonitor"}"#) == 0)
        #expect(Self.sample(metrics, Self.monitorSeries(Families.monitorDegraded, "a")) == 0)
        #expect(Self.sample(metrics, Self.monitorSeries(Families.relayPodsDesired, "a")) == 0, "no status on the new DaemonSet yet")
        #expect(Self.sample(metrics, #"pf_status_relay_operator_monitors{state="progressing"}"#) == 1)
        let text = String(decoding: metrics.exposition, as: UTF8.self)
        for family in Families.all {
            #expect(text.contains("# HELP \(family.name) \(family.help)\n"), "\(family.name) has its HELP")
        }

        // The DaemonSet controller counts the pods; the watch brings the status and queues the monitor.
        let name = OperatorNames.daemonSetName(forMonitor: "a")
        var daemonSet = try #require(api.object(.daemonSets, namespace: Fixture.namespace, name: name))
        daemonSet["status"] = ["desiredNumberScheduled": 3, "numberAvailable": 2, "numberReady": 2, "observedGeneration": 1]
        controller.daemonSetCache.apply(.applied(daemonSet))
        await controller.reconcileAndRecord(Fixture.id("a"))
        #expect(Self.sample(metrics, Self.monitorSeries(Families.relayPodsDesired, "a")) == 3)
        #expect(Self.sample(metrics, Self.monitorSeries(Families.relayPodsAvailable, "a")) == 2)

        // Deleted: its series go (a stale degraded series would alert forever).
        let monitor = try #require(controller.monitorCache.get(namespace: Fixture.namespace, name: "a"))
        controller.monitorCache.apply(.deleted(monitor))
        await controller.reconcileAndRecord(Fixture.id("a"))
        let after = String(decoding: metrics.exposition, as: UTF8.self)
        for family in [Families.monitorDegraded, Families.relayPodsDesired, Families.relayPodsAvailable] {
            #expect(!after.contains(Self.monitorSeries(family, "a")), "\(family) of a deleted monitor")
        }
    }

    @Test func theYoungerOfTwoConflictingMonitorsIsDegraded() async throws {
        let api = InMemoryKubeAPI()
        let metrics = OperatorMetrics()
        let controller = Fixture.controller(api, monitors: [
            Fixture.monitor("old", uid: "uid-o", created: "2026-01-01T00:00:00Z", interfaces: ["ens1f0"], hostname: "worker-0"),
            Fixture.monitor("new", uid: "uid-n", created: "2026-01-02T00:00:00Z", interfaces: ["ens1f0"], hostname: "worker-0"),
        ], nodes: [Fixture.node("worker-0")], metrics: metrics)
        await controller.reconcileAndRecord(Fixture.id("old"))
        await controller.reconcileAndRecord(Fixture.id("new"))
        #expect(Self.sample(metrics, Self.monitorSeries(Families.monitorDegraded, "new")) == 1)
        #expect(Self.sample(metrics, Self.monitorSeries(Families.monitorDegraded, "old")) == 0)
        #expect(Self.sample(metrics, #"pf_status_relay_operator_monitors{state="degraded"}"#) == 1)
    }

    @Test func theLeaderGaugeFollowsLeadership() {
        let metrics = OperatorMetrics(leaseName: "lease")
        metrics.setLeader(true)
        #expect(Self.sample(metrics, #"leader_election_master_status{name="lease"}"#) == 1)
        metrics.setLeader(false)
        #expect(Self.sample(metrics, #"leader_election_master_status{name="lease"}"#) == 0)
    }

    @Test func versionIsTheBuildInfosAndImagesEnvs() throws {
        #expect(OperatorCommand.configuration.version == BuildInfo.version)
        #expect(Self.sample(OperatorMetrics(), #"pf_status_relay_operator_build_info{version="\#(BuildInfo.version)"}"#) == 1)
    }
}

/// README.md's table of the operator's metrics names exactly the families the
/// operator exports (the alert rules and the dashboard are checked against
/// that table by make manifests-check).
@Suite struct OperatorMetricsDocumentationTests {
    @Test func theREADMETableListsEveryFamilyAndNoOther() throws {
        let readme = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "\n### The operator's metrics\n").dropFirst().first)
        let rows = section.components(separatedBy: "\n###").first!.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let documented = Set(rows.map { $0.dropFirst(3).prefix { $0 != "`" } }.map(String.init))
        #expect(documented == Set(OperatorMetricFamilies.all.map(\.name)))
    }
}
