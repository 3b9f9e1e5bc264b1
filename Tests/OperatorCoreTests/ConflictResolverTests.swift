import Foundation
import KubeModel
import OperatorCore
import Testing


@Suite("Conflicts between monitors")
struct ConflictResolverTests {
    let workers = (0..<3).map { node("worker-\($0)", ["node-role.kubernetes.io/worker": ""]) }

    @Test("no shared interface: both run, even on the same nodes")
    func noSharedInterface() {
        let verdicts = ConflictResolver.resolve(
            monitors: [
                summary("m1", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"]),
                summary("m2", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f1"]),
            ], nodes: workers)
        #expect(verdicts == [id("m1"): .admitted, id("m2"): .admitted])
    }

    @Test("a shared interface on disjoint node sets is no conflict")
    func disjointNodes() {
        let verdicts = ConflictResolver.resolve(
            monitors: [
                summary("m1", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]),
                summary("m2", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-1"]),
            ], nodes: workers)
        #expect(verdicts == [id("m1"): .admitted, id("m2"): .admitted])
    }

    @Test("a shared interface on a shared node: the older wins, the message names it, the nodes and the interfaces")
    func olderWins() {
        let verdicts = ConflictResolver.resolve(
            monitors: [
                summary("m2", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f1", "ens5f0", "ens6f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]),
                summary("m1", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0", "ens5f1"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]),
            ], nodes: workers)
        #expect(verdicts[id("m1")] == .admitted)
        let expected = MonitorConflict(winner: id("m1"), nodes: ["worker-0"], interfaces: ["ens5f0", "ens5f1"])
        #expect(verdicts[id("m2")] == .conflict(expected))
        #expect(
            verdicts[id("m2")]?.message
                == "conflicts with PFLACPMonitor default/m1 on nodes [worker-0] for interfaces [ens5f0, ens5f1]")
    }

    @Test("an absent or empty selector means every node")
    func everyNode() {
        let verdicts = ConflictResolver.resolve(
            monitors: [
                summary("all", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"]),
                summary("empty", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: [:]),
                summary("one", created: "2025-01-03T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-2"]),
            ], nodes: workers)
        #expect(verdicts[id("all")] == .admitted)
        #expect(verdicts[id("empty")] == .conflict(MonitorConflict(winner: id("all"), nodes: ["worker-0", "worker-1", "worker-2"], interfaces: ["ens5f0"])))
        #expect(verdicts[id("one")] == .conflict(MonitorConflict(winner: id("all"), nodes: ["worker-2"], interfaces: ["ens5f0"])))
    }

    @Test("only existing nodes count: selectors that could overlap but match no common node do not conflict")
    func existingNodesOnly() {
        let monitors = [
            summary("all", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"]),
            summary("ghost", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-9"]),
        ]
        #expect(ConflictResolver.resolve(monitors: monitors, nodes: workers)[id("ghost")] == .admitted)
        // With no nodes at all, nothing conflicts.
        #expect(ConflictResolver.resolve(monitors: monitors + [summary("all2", created: "2025-01-03T00:00:00Z", interfaces: ["ens5f0"])], nodes: []).values.allSatisfy { $0 == .admitted })
    }

    @Test(
        "age first, then namespace/name",
        arguments: [
            // (first, second, winner)
            (("b", "default", "2025-01-01T00:00:00Z"), ("a", "default", "2025-01-02T00:00:00Z"), "default/b"),
            (("b", "default", "2025-01-01T00:00:00Z"), ("a", "default", "2025-01-01T00:00:00Z"), "default/a"),
            (("a", "zeta", "2025-01-01T00:00:00Z"), ("z", "alpha", "2025-01-01T00:00:00Z"), "alpha/z"),
            // Sub-second precision and time zones are honoured.
            (("a", "default", "2025-01-01T00:00:00.5Z"), ("b", "default", "2025-01-01T00:00:00.25Z"), "default/b"),
            (("a", "default", "2025-01-01T01:00:00+02:00"), ("b", "default", "2025-01-01T00:00:00Z"), "default/a"),
            // A missing timestamp ranks after every valid one.
            (("a", "default", ""), ("b", "default", "2030-01-01T00:00:00Z"), "default/b"),
        ] as [((String, String, String), (String, String, String), String)])
    func tieBreak(first: (String, String, String), second: (String, String, String), winner: String) {
        let monitors = [first, second].map { summary($0.0, namespace: $0.1, created: $0.2, interfaces: ["ens5f0"]) }
        let verdicts = ConflictResolver.resolve(monitors: monitors, nodes: workers)
        let admitted = verdicts.filter { $0.value == .admitted }.map(\.key.description)
        #expect(admitted == [winner])
        let loser = verdicts.first { $0.value != .admitted }
        if case .conflict(let conflict)? = loser?.value {
            #expect(conflict.winner.description == winner)
        } else {
            Issue.record("expected one loser, got \(verdicts)")
        }
        // The order the monitors are given in does not matter.
        #expect(ConflictResolver.resolve(monitors: monitors.reversed(), nodes: workers) == verdicts)
    }

    @Test("a chain: A beats B, B would beat C, but B does not run, so C does")
    func chain() {
        let nodes = [node("n1"), node("n2")]
        let a = summary("a", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "n1"])
        let b = summary("b", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f0"])
        let c = summary("c", created: "2025-01-03T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "n2"])
        let verdicts = ConflictResolver.resolve(monitors: [c, b, a], nodes: nodes)
        #expect(verdicts[id("a")] == .admitted)
        #expect(verdicts[id("b")] == .conflict(MonitorConflict(winner: id("a"), nodes: ["n1"], interfaces: ["ens5f0"])))
        #expect(verdicts[id("c")] == .admitted)

        // When A goes away, B wins and C loses to it.
        let without = ConflictResolver.resolve(monitors: [b, c], nodes: nodes)
        #expect(without[id("b")] == .admitted)
        #expect(without[id("c")] == .conflict(MonitorConflict(winner: id("b"), nodes: ["n2"], interfaces: ["ens5f0"])))
    }

    @Test("a monitor losing to several winners names the oldest, and counts the others")
    func severalWinners() {
        let nodes = (0..<8).map { node("w\($0)") }
        var monitors = (0..<8).map {
            summary("per-node-\($0)", created: "2025-01-01T00:00:0\($0)Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "w\($0)"])
        }
        monitors.append(summary("everywhere", created: "2025-02-01T00:00:00Z", interfaces: ["ens5f0"]))
        let verdicts = ConflictResolver.resolve(monitors: monitors, nodes: nodes)
        #expect(verdicts.values.filter { $0 == .admitted }.count == 8)
        guard case .conflict(let conflict)? = verdicts[id("everywhere")] else {
            Issue.record("expected a conflict")
            return
        }
        #expect(conflict.winner == id("per-node-0"))
        #expect(conflict.nodes == ["w0"])
        #expect(conflict.otherWinners == (1..<8).map { id("per-node-\($0)") })
        #expect(
            conflict.message
                == "conflicts with PFLACPMonitor default/per-node-0 on nodes [w0] for interfaces [ens5f0], and with 7 more PFLACPMonitors [default/per-node-1, default/per-node-2, default/per-node-3, default/per-node-4, default/per-node-5, and 2 more]"
        )
    }

    @Test("long node lists are cut to five and a count")
    func longNodeList() {
        let nodes = (0..<12).map { node(String(format: "worker-%02d", $0)) }
        let verdicts = ConflictResolver.resolve(
            monitors: [
                summary("m1", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"]),
                summary("m2", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f0"]),
            ], nodes: nodes.reversed())
        #expect(
            verdicts[id("m2")]?.message
                == "conflicts with PFLACPMonitor default/m1 on nodes [worker-00, worker-01, worker-02, worker-03, worker-04, and 7 more] for interfaces [ens5f0]"
        )
        guard case .conflict(let conflict)? = verdicts[id("m2")] else { return }
        #expect(conflict.nodes.count == 12)
    }

    @Test("node labels decide: relabelling a node changes the verdict")
    func relabel() {
        let monitors = [
            summary("m1", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]),
            summary("edge", created: "2025-01-02T00:00:00Z", interfaces: ["ens5f0"], nodeSelector: ["role": "edge"]),
        ]
        let labelled = [node("worker-0", ["role": "edge"]), node("worker-1", ["role": "edge"])]
        #expect(
            ConflictResolver.resolve(monitors: monitors, nodes: labelled)[id("edge")]
                == .conflict(MonitorConflict(winner: id("m1"), nodes: ["worker-0"], interfaces: ["ens5f0"])))
        let relabelled = [node("worker-0", ["role": "core"]), node("worker-1", ["role": "edge"])]
        #expect(ConflictResolver.resolve(monitors: monitors, nodes: relabelled)[id("edge")] == .admitted)
    }

    @Test("label selectors with set-based requirements")
    func labelSelectors() throws {
        let nodes = [node("a", ["zone": "z1"]), node("b", ["zone": "z2"]), node("c", ["zone": "z3"])]
        let inZones = try LabelSelector(parsing: "zone in (z1,z2)")
        let notZ1 = try LabelSelector(parsing: "zone!=z1")
        let monitors = [
            MonitorSummary(id: id("old"), uid: "1", creationTimestamp: "2025-01-01T00:00:00Z", interfaces: ["p0"], nodeSelector: inZones),
            MonitorSummary(id: id("new"), uid: "2", creationTimestamp: "2025-01-02T00:00:00Z", interfaces: ["p0"], nodeSelector: notZ1),
            MonitorSummary(id: id("any"), uid: "3", creationTimestamp: "2025-01-03T00:00:00Z", interfaces: ["p1"], nodeSelector: LabelSelector.everything),
        ]
        let verdicts = ConflictResolver.resolve(monitors: monitors, nodes: nodes)
        #expect(verdicts[id("old")] == .admitted)
        #expect(verdicts[id("new")] == .conflict(MonitorConflict(winner: id("old"), nodes: ["b"], interfaces: ["p0"])))
        #expect(verdicts[id("any")] == .admitted)
        #expect(monitors[2].nodeSelection == .everyNode)
    }

    @Test("summaries from stored objects")
    func summariesFromJSON() throws {
        let monitor = monitorObject()
        let parsed = try MonitorSummary.from(monitor).get()
        #expect(
            parsed
                == MonitorSummary(
                    id: MonitorID(namespace: "openshift-pf-status-relay-operator", name: "pflacpmonitor-worker-0"),
                    uid: "6f1c2a4e-0000-4000-8000-000000000001", creationTimestamp: "2025-07-24T13:30:00Z",
                    interfaces: ["ens5f0", "ens5f1"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
        #expect(MonitorSummary.from(monitorObject(spec: ["interfaces": []])).failureDescription != nil)
        #expect(MonitorSummary.from(["spec": ["interfaces": ["a"]]]).failureDescription == "metadata.name: Required value")

        let nodeJSON = try json(#"{"metadata":{"name":"worker-0","labels":{"kubernetes.io/hostname":"worker-0","weird":1}}}"#)
        #expect(NodeSummary(node: nodeJSON) == NodeSummary(name: "worker-0", labels: ["kubernetes.io/hostname": "worker-0"]))
        #expect(NodeSummary(node: ["metadata": [:]]) == nil)
        #expect(MonitorID(object: monitor)?.description == "openshift-pf-status-relay-operator/pflacpmonitor-worker-0")
    }

    /// Realistic scale: 1000 nodes, 1000 monitors each selecting one node by
    /// hostname with two interfaces; a tenth of them duplicate another's node
    /// and interface and must lose.
    @Test("1000 monitors x 1000 nodes")
    func scale() {
        let nodes = (0..<1000).map { node("worker-\($0)", ["node-role.kubernetes.io/worker": "", "topology.kubernetes.io/zone": "zone-\($0 % 3)"]) }
        let monitors = (0..<1000).map { index -> MonitorSummary in
            let target = index % 10 == 9 ? index - 1 : index
            return summary(
                "monitor-\(index)", namespace: "ns-\(index % 7)",
                created: "2025-01-01T00:\(String(format: "%02d", index / 60 % 60)):\(String(format: "%02d", index % 60))Z",
                interfaces: ["ens5f0", index % 2 == 0 ? "ens5f1" : "ens6f0"],
                nodeSelector: ["kubernetes.io/hostname": "worker-\(target)"])
        }
        let start = ContinuousClock.now
        let verdicts = ConflictResolver.resolve(monitors: monitors, nodes: nodes)
        let elapsed = ContinuousClock.now - start
        print("ConflictResolver: 1000 monitors x 1000 nodes (one node each, two interfaces) resolved in \(elapsed)")
        #expect(verdicts.count == 1000)
        #expect(verdicts.values.filter { $0 == .admitted }.count == 900)
        #expect(
            verdicts[MonitorID(namespace: "ns-\(19 % 7)", name: "monitor-19")]
                == .conflict(MonitorConflict(winner: MonitorID(namespace: "ns-\(18 % 7)", name: "monitor-18"), nodes: ["worker-18"], interfaces: ["ens5f0"])))
        #expect(elapsed < .seconds(60), "a guard against a blow-up; the figure above is the measurement")

        // The worst case for pairs: every monitor selects every node with the same interface.
        let crowd = (0..<1000).map { summary("crowd-\($0)", created: "2025-01-01T00:00:00Z", interfaces: ["ens5f0", "ens5f1"]) }
        let crowdStart = ContinuousClock.now
        let crowdVerdicts = ConflictResolver.resolve(monitors: crowd, nodes: nodes)
        let crowdElapsed = ContinuousClock.now - crowdStart
        print("ConflictResolver: 1000 monitors x 1000 nodes (all nodes each, same interfaces) resolved in \(crowdElapsed)")
        #expect(crowdVerdicts.values.filter { $0 == .admitted }.count == 1)
        #expect(crowdVerdicts[id("crowd-0")] == .admitted)
        #expect(crowdElapsed < .seconds(20))
    }
}
