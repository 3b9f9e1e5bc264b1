import KubeModel
import OperatorCore
import Testing

@Suite("Events")
struct EventBuilderTests {
    @Test("a core/v1 Event about a monitor, exactly")
    func event() throws {
        let event = EventBuilder.event(
            for: monitorObject(), reason: "Conflict",
            message: "conflicts with PFLACPMonitor default/m1 on nodes [worker-0] for interfaces [ens5f0]",
            type: .warning, now: "2025-07-24T13:35:54Z", instance: "pf-status-relay-operator-7d9f-abcde")
        let expected = try json(
            """
            {
              "apiVersion": "v1",
              "kind": "Event",
              "metadata": {"generateName": "pflacpmonitor-worker-0.", "namespace": "openshift-pf-status-relay-operator"},
              "involvedObject": {
                "apiVersion": "pfstatusrelay.openshift.io/v1alpha1",
                "kind": "PFLACPMonitor",
                "name": "pflacpmonitor-worker-0",
                "namespace": "openshift-pf-status-relay-operator",
                "uid": "6f1c2a4e-0000-4000-8000-000000000001",
                "resourceVersion": "4711"
              },
              "reason": "Conflict",
              "message": "conflicts with PFLACPMonitor default/m1 on nodes [worker-0] for interfaces [ens5f0]",
              "type": "Warning",
              "firstTimestamp": "2025-07-24T13:35:54Z",
              "lastTimestamp": "2025-07-24T13:35:54Z",
              "count": 1,
              "source": {"component": "pf-status-relay-operator"},
              "reportingComponent": "pf-status-relay-operator",
              "reportingInstance": "pf-status-relay-operator-7d9f-abcde"
            }
            """)
        #expect(event == expected, "\(event)")
    }

    @Test("Normal events; another reporting controller; an object without apiVersion and kind")
    func variants() {
        var monitor = monitorObject()
        monitor["apiVersion"] = .null
        monitor["kind"] = .null
        let event = EventBuilder.event(
            for: monitor, reason: "DaemonSetCreated", message: "created", type: .normal, now: "t",
            reportingController: "other", instance: "i")
        #expect(event["type"] == "Normal")
        #expect(event["source"] == ["component": "other"])
        #expect(event["reportingComponent"] == "other")
        #expect(event["involvedObject"]["apiVersion"] == "pfstatusrelay.openshift.io/v1alpha1")
        #expect(event["involvedObject"]["kind"] == "PFLACPMonitor")
        #expect(EventType.allCases.map(\.rawValue) == ["Normal", "Warning"])
    }
}
