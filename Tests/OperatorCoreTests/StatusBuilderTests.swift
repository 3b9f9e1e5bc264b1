import JSONValues
import KubeModel
import OperatorCore
import Testing

@Suite("Monitor status")
struct StatusBuilderTests {
    let monitor = monitorObject(generation: 3)
    let t0 = "2025-07-24T13:30:00Z"
    let t1 = "2025-07-24T13:35:00Z"

    func daemonSet(desired: Int64, ready: Int64, generation: Int64 = 2, observed: Int64 = 2) -> JSONValue {
        [
            "metadata": ["name": "pf-status-relay-ds-pflacpmonitor-worker-0", "generation": .int(generation)],
            "status": [
                "desiredNumberScheduled": .int(desired), "numberReady": .int(ready), "currentNumberScheduled": .int(desired),
                "numberMisscheduled": 0, "observedGeneration": .int(observed),
            ],
        ]
    }

    @Test("all nodes ready: the whole status, exactly")
    func ready() throws {
        let status = StatusBuilder.status(monitor: monitor, verdict: .admitted, daemonSet: daemonSet(desired: 3, ready: 3), now: t0, previous: .null)
        let expected = try json(
            """
            {
              "conditions": [
                {"type": "Ready", "status": "True", "reason": "AllNodesReady", "message": "the relay daemon is ready on 3 of 3 nodes",
                 "observedGeneration": 3, "lastTransitionTime": "2025-07-24T13:30:00Z"},
                {"type": "Degraded", "status": "False", "reason": "AsExpected", "message": "",
                 "observedGeneration": 3, "lastTransitionTime": "2025-07-24T13:30:00Z"}
              ],
              "observedGeneration": 3,
              "degraded": false,
              "errorMessage": "",
              "nodes": {"desired": 3, "ready": 3}
            }
            """)
        #expect(status == expected, "\(status)")
    }

    static let readiness: [(String, JSONValue?, String, String)] = [
        ("no DaemonSet yet", nil, "DaemonSetNotFound", "the DaemonSet pf-status-relay-ds-pflacpmonitor-worker-0 does not exist yet"),
        ("some nodes not ready", ["metadata": ["generation": 1], "status": ["desiredNumberScheduled": 3, "numberReady": 1, "observedGeneration": 1]], "NodesNotReady", "the relay daemon is ready on 1 of 3 nodes"),
        ("no matching nodes", ["metadata": ["generation": 1], "status": ["desiredNumberScheduled": 0, "numberReady": 0, "observedGeneration": 1]], "NoMatchingNodes", "no node matches the nodeSelector kubernetes.io/hostname=worker-0"),
        ("generation not observed", ["metadata": ["generation": 2], "status": ["desiredNumberScheduled": 3, "numberReady": 3, "observedGeneration": 1]], "DaemonSetUpdating", "the DaemonSet pf-status-relay-ds-pflacpmonitor-worker-0 is at generation 2, its controller has observed 1"),
        ("no status yet", ["metadata": ["generation": 1]], "DaemonSetUpdating", "the DaemonSet pf-status-relay-ds-pflacpmonitor-worker-0 is at generation 1, its controller has observed 0"),
    ]

    @Test("Ready is False with a reason while the daemon is not ready everywhere", arguments: 0..<readiness.count)
    func notReady(index: Int) {
        let (name, daemonSet, reason, message) = Self.readiness[index]
        let status = StatusBuilder.status(monitor: monitor, verdict: .admitted, daemonSet: daemonSet, now: t0, previous: .null)
        let ready = status["conditions"][0]
        #expect(ready["type"] == "Ready", "\(name)")
        #expect(ready["status"] == "False", "\(name)")
        #expect(ready["reason"] == .string(reason), "\(name)")
        #expect(ready["message"] == .string(message), "\(name)")
        // Not being ready yet is not degradation.
        #expect(status["degraded"] == false, "\(name)")
        #expect(status["conditions"][1]["status"] == "False", "\(name)")
        let desired = daemonSet?[path: ["status", "desiredNumberScheduled"]].intValue ?? 0
        #expect(status["nodes"] == ["desired": .int(desired), "ready": .int(daemonSet?[path: ["status", "numberReady"]].intValue ?? 0)], "\(name)")
    }

    @Test("no selector and no node: a message without a selector")
    func noNodesAtAll() {
        let everywhere = monitorObject(spec: ["interfaces": ["ens5f0"]])
        let status = StatusBuilder.status(monitor: everywhere, verdict: .admitted, daemonSet: daemonSet(desired: 0, ready: 0), now: t0, previous: .null)
        #expect(status["conditions"][0]["message"] == "no node can run the relay daemon")
    }

    @Test("a conflict degrades the monitor, with the resolver's message")
    func conflict() throws {
        let verdict = Verdict.conflict(MonitorConflict(winner: MonitorID(namespace: "default", name: "m1"), nodes: ["worker-0"], interfaces: ["ens5f0"]))
        let status = StatusBuilder.status(monitor: monitor, verdict: verdict, daemonSet: nil, now: t0, previous: .null)
        let message = "conflicts with PFLACPMonitor default/m1 on nodes [worker-0] for interfaces [ens5f0]"
        #expect(status["degraded"] == true)
        #expect(status["errorMessage"] == .string(message))
        #expect(status["conditions"][1] == ["type": "Degraded", "status": "True", "reason": "Conflict", "message": .string(message), "observedGeneration": 3, "lastTransitionTime": .string(t0)])
        #expect(status["conditions"][0]["status"] == "False")
        #expect(status["conditions"][0]["reason"] == "Conflict")
        #expect(status["conditions"][0]["message"] == .string("not applied: " + message))
        #expect(status["nodes"] == ["desired": 0, "ready": 0])
    }

    @Test("an invalid spec and a missing configuration degrade the monitor")
    func otherDegradations() {
        let errors = MonitorSpecErrors([.required("spec.interfaces")])
        let invalid = StatusBuilder.status(monitor: monitor, verdict: .invalidSpec(errors), daemonSet: nil, now: t0, previous: .null)
        #expect(invalid["errorMessage"] == "invalid spec: spec.interfaces: Required value")
        #expect(invalid["conditions"][1]["reason"] == "InvalidSpec")
        #expect(invalid["conditions"][0]["reason"] == "InvalidSpec")

        let problem = "PF_STATUS_RELAY_IMAGE is not set: it must name the image of the pf-status-relay daemon, for example quay.io/openshift/pf-status-relay:latest"
        let unconfigured = StatusBuilder.status(monitor: monitor, verdict: .misconfigured(problem), daemonSet: nil, now: t0, previous: .null)
        #expect(unconfigured["degraded"] == true)
        #expect(unconfigured["errorMessage"] == .string(problem))
        #expect(unconfigured["conditions"][1]["reason"] == "MissingConfiguration")
    }

    @Test("lastTransitionTime is kept while a condition's status stays, and moves when it changes")
    func transitions() {
        let first = StatusBuilder.status(monitor: monitor, verdict: .admitted, daemonSet: daemonSet(desired: 2, ready: 1), now: t0, previous: .null)
        // Same statuses, another reason and message: times are kept.
        let second = StatusBuilder.status(monitor: monitor, verdict: .admitted, daemonSet: nil, now: t1, previous: first)
        #expect(second["conditions"][0]["lastTransitionTime"] == .string(t0))
        #expect(second["conditions"][0]["reason"] == "DaemonSetNotFound")
        #expect(second["conditions"][1]["lastTransitionTime"] == .string(t0))
        // Ready flips to True: its time moves, Degraded's stays.
        let third = StatusBuilder.status(monitor: monitor, verdict: .admitted, daemonSet: daemonSet(desired: 2, ready: 2), now: t1, previous: second)
        #expect(third["conditions"][0]["status"] == "True")
        #expect(third["conditions"][0]["lastTransitionTime"] == .string(t1))
        #expect(third["conditions"][1]["lastTransitionTime"] == .string(t0))
        // A conflict: both flip.
        let verdict = Verdict.conflict(MonitorConflict(winner: MonitorID(namespace: "a", name: "b"), nodes: ["n"], interfaces: ["i"]))
        let fourth = StatusBuilder.status(monitor: monitor, verdict: verdict, daemonSet: nil, now: "2025-07-24T14:00:00Z", previous: third)
        #expect(fourth["conditions"][0]["lastTransitionTime"] == "2025-07-24T14:00:00Z")
        #expect(fourth["conditions"][1]["lastTransitionTime"] == "2025-07-24T14:00:00Z")
    }

    @Test("statusChanged: no write for an equal status, a write for any difference")
    func changed() {
        let status = StatusBuilder.status(monitor: monitor, verdict: .admitted, daemonSet: daemonSet(desired: 2, ready: 2), now: t0, previous: .null)
        let again = StatusBuilder.status(monitor: monitor, verdict: .admitted, daemonSet: daemonSet(desired: 2, ready: 2), now: t1, previous: status)
        #expect(!StatusBuilder.statusChanged(old: status, new: again))
        // As read back from the server (a number as a double) it is still equal.
        var readBack = status
        readBack["observedGeneration"] = .double(3)
        #expect(!StatusBuilder.statusChanged(old: readBack, new: again))

        let moreNodes = StatusBuilder.status(monitor: monitor, verdict: .admitted, daemonSet: daemonSet(desired: 3, ready: 2), now: t1, previous: status)
        #expect(StatusBuilder.statusChanged(old: status, new: moreNodes))
        let newGeneration = StatusBuilder.status(monitor: monitorObject(generation: 4), verdict: .admitted, daemonSet: daemonSet(desired: 2, ready: 2), now: t1, previous: status)
        #expect(StatusBuilder.statusChanged(old: status, new: newGeneration))
        #expect(StatusBuilder.statusChanged(old: .null, new: status))
    }

    @Test("a monitor without generation gets no observedGeneration")
    func noGeneration() {
        var bare = monitorObject()
        bare[path: ["metadata", "generation"]] = .null
        let status = StatusBuilder.status(monitor: bare, verdict: .admitted, daemonSet: nil, now: t0, previous: .null)
        #expect(status["observedGeneration"] == .null)
        #expect(status["conditions"][0]["observedGeneration"] == .null)
    }
}
