#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeModel
import OperatorCore
import Testing

@Suite("Typed views of stored objects")
struct TypedViewsTests {
    @Test func aMonitorDecodesEncodesAndKeepsFieldsItDoesNotModel() throws {
        var object = monitorObject()
        object["spec"]["futureField"] = ["nested": true]
        object["metadata"]["annotations"] = ["example.com/note": "kept"]
        let monitor = try JSONDecoder().decode(PFLACPMonitor.self, from: Data(object.encoded()))
        #expect(monitor.id == MonitorID(namespace: "openshift-pf-status-relay-operator", name: "pflacpmonitor-worker-0"))
        #expect(monitor.metadata.uid == "6f1c2a4e-0000-4000-8000-000000000001")
        #expect(monitor.metadata.generation == 2)
        #expect(!monitor.metadata.isBeingDeleted)
        #expect(try monitor.spec.get().interfaces == ["ens5f0", "ens5f1"])
        #expect(monitor.status.state == .progressing, "no status yet")

        var updated = monitor
        updated.status = MonitorStatus(["degraded": true, "errorMessage": "boom"])
        let again = try JSONDecoder().decode(PFLACPMonitor.self, from: JSONEncoder().encode(updated))
        #expect(again.json["spec"]["futureField"] == ["nested": true])
        #expect(again.json["metadata"]["annotations"]["example.com/note"] == "kept")
        #expect(again.status.isDegraded)
        #expect(again.status.state == .degraded)
        #expect(again.status.errorMessage == "boom")
    }

    @Test func aMonitorThatIsNotAnObjectDoesNotDecode() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PFLACPMonitor.self, from: Data("[1]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DaemonSet.self, from: Data("\"x\"".utf8)) }
    }

    @Test func theDesiredDaemonSetReadsBackThroughItsView() throws {
        let monitor = PFLACPMonitor(json: monitorObject())
        let daemonSet = try DaemonSetBuilder.desired(for: monitor, settings: sampleSettings).get()
        #expect(daemonSet.owningMonitor == monitor.id)
        #expect(daemonSet.metadata.ownerReferences.map(\.isController) == [true])
        #expect(daemonSet.nodeSelector == ["kubernetes.io/hostname": "worker-0"])
        #expect(daemonSet.relayEnvironment == [
            "PF_STATUS_RELAY_INTERFACES": "ens5f0,ens5f1", "PF_STATUS_RELAY_POLLING_INTERVAL": "1000",
        ])
        #expect(daemonSet.desiredNumberScheduled == 0 && daemonSet.numberReady == 0 && daemonSet.observedGeneration == nil)
    }

    @Test func readinessAndConditionsComeFromTheStatus() {
        let status = MonitorStatus([
            "conditions": [
                ["type": "Ready", "status": "True", "reason": "AllNodesReady", "lastTransitionTime": "2026-01-01T00:00:00Z"],
                ["type": "Degraded", "status": "False"],
            ],
        ])
        #expect(status.state == .ready)
        #expect(status.condition("Degraded") == "False")
        #expect(status.conditions.first?.reason == "AllNodesReady")
        #expect(status.conditions.first?.lastTransitionTime == "2026-01-01T00:00:00Z")
        #expect(status.condition("Other") == nil)
    }
}
