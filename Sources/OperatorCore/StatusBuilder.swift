public import JSONValues
import KubeModel

/// The status of a PFLACPMonitor: `Ready` and `Degraded` conditions,
/// `observedGeneration`, `degraded` and `errorMessage` (mirroring `Degraded`),
/// and the node counts of its DaemonSet.
public enum StatusBuilder {
    public static let readyCondition = "Ready"
    public static let degradedCondition = "Degraded"

    /// Condition reasons.
    public enum Reason {
        public static let allNodesReady = "AllNodesReady"
        public static let nodesNotReady = "NodesNotReady"
        public static let noMatchingNodes = "NoMatchingNodes"
        public static let daemonSetNotFound = "DaemonSetNotFound"
        public static let daemonSetUpdating = "DaemonSetUpdating"
        public static let conflict = "Conflict"
        public static let invalidSpec = "InvalidSpec"
        public static let missingConfiguration = "MissingConfiguration"
        public static let asExpected = "AsExpected"
    }

    /// The status for `monitor` given the resolver's `verdict` and its
    /// DaemonSet as stored (nil when there is none). `previous` is the current
    /// `status` (`.null` when none): a condition whose status is unchanged keeps
    /// its `lastTransitionTime`, a changed one gets `now`.
    ///
    /// Ready is True when the monitor is admitted and its DaemonSet's
    /// controller has observed the DaemonSet's generation, selects at least one
    /// node and has the daemon ready on all of them. Degraded is True when the
    /// monitor is not applied: a conflict, an invalid spec, or an operator
    /// without its configuration.
    public static func status(
        monitor: JSONValue, verdict: Verdict, daemonSet: JSONValue?, now: String, previous: JSONValue
    ) -> JSONValue {
        let typed = PFLACPMonitor(json: monitor)
        let generation = typed.metadata.generation
        let stored = daemonSet.map(DaemonSet.init(json:))
        let desired = stored?.desiredNumberScheduled ?? 0
        let ready = stored?.numberReady ?? 0

        let readiness: (status: Bool, reason: String, message: String)
        let degradation: (status: Bool, reason: String, message: String)
        switch verdict {
        case .admitted:
            degradation = (false, Reason.asExpected, "")
            readiness = admittedReadiness(monitor: typed, daemonSet: stored, desired: desired, ready: ready)
        case .conflict(let conflict):
            degradation = (true, Reason.conflict, conflict.message)
            readiness = (false, Reason.conflict, "not applied: \(conflict.message)")
        case .invalidSpec:
            let message = verdict.message ?? ""
            degradation = (true, Reason.invalidSpec, message)
            readiness = (false, Reason.invalidSpec, "not applied: \(message)")
        case .misconfigured(let problem):
            degradation = (true, Reason.missingConfiguration, problem)
            readiness = (false, Reason.missingConfiguration, "not applied: \(problem)")
        }

        let previousConditions = MonitorStatus(previous).conditions
        func condition(_ type: String, _ state: (status: Bool, reason: String, message: String)) -> JSONValue {
            let status = state.status ? "True" : "False"
            let before = previousConditions.first { $0.type == type }
            var transition = now
            if let before, before.status == status, let kept = before.lastTransitionTime {
                transition = kept
            }
            var result: JSONValue = [
                "type": .string(type),
                "status": .string(status),
                "reason": .string(state.reason),
                "message": .string(state.message),
                "lastTransitionTime": .string(transition),
            ]
            if let generation { result["observedGeneration"] = .int(generation) }
            return result
        }

        var status: JSONValue = [
            "conditions": [condition(readyCondition, readiness), condition(degradedCondition, degradation)],
            "degraded": .bool(degradation.status),
            "errorMessage": .string(degradation.status ? degradation.message : ""),
            "nodes": ["desired": .int(desired), "ready": .int(ready)],
        ]
        if let generation { status["observedGeneration"] = .int(generation) }
        return status
    }

    private static func admittedReadiness(
        monitor: PFLACPMonitor, daemonSet: DaemonSet?, desired: Int64, ready: Int64
    ) -> (status: Bool, reason: String, message: String) {
        let name = OperatorNames.daemonSetName(forMonitor: monitor.metadata.name)
        guard let daemonSet, daemonSet.json.objectValue != nil else {
            return (false, Reason.daemonSetNotFound, "the DaemonSet \(name) does not exist yet")
        }
        let generation = daemonSet.metadata.generation ?? 0
        let observed = daemonSet.observedGeneration ?? 0
        if observed < generation {
            return (
                false, Reason.daemonSetUpdating,
                "the DaemonSet \(name) is at generation \(generation), its controller has observed \(observed)"
            )
        }
        if desired <= 0 {
            let selector = monitor.spec.map(\.nodeSelection.description)
            let text: String
            switch selector {
            case .success(let description) where !description.isEmpty:
                text = "no node matches the nodeSelector \(description)"
            default:
                text = "no node can run the relay daemon"
            }
            return (false, Reason.noMatchingNodes, text)
        }
        if ready < desired {
            return (false, Reason.nodesNotReady, "the relay daemon is ready on \(ready) of \(desired) nodes")
        }
        return (true, Reason.allNodesReady, "the relay daemon is ready on \(ready) of \(desired) nodes")
    }

    /// Whether `new` differs from `old` in any way that matters on the wire
    /// (number representation and null members aside), so that an unchanged
    /// status is not written again.
    public static func statusChanged(old: JSONValue, new: JSONValue) -> Bool {
        !semanticallyEqual(old, new)
    }
}
