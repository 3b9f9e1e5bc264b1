public import JSONValues
import KubeModel

/// The type of a core/v1 Event.
public enum EventType: String, Sendable, Hashable, CaseIterable {
    case normal = "Normal"
    case warning = "Warning"
}

/// core/v1 Events about PFLACPMonitors, as `kubectl describe` shows them.
public enum EventBuilder {
    /// An Event for `monitor` (a stored object: its name, namespace, uid and
    /// resourceVersion are referenced), created with a generated name
    /// `<monitor>.xxxxx` in the monitor's namespace.
    public static func event(
        for monitor: JSONValue,
        reason: String,
        message: String,
        type: EventType,
        now: String,
        reportingController: String = OperatorNames.operatorName,
        instance: String
    ) -> JSONValue {
        let metadata = PFLACPMonitor(json: monitor).metadata
        let name = metadata.name
        let namespace = metadata.namespace
        var involved: JSONValue = [
            "apiVersion": .string(monitor["apiVersion"].stringValue ?? OperatorNames.apiVersion),
            "kind": .string(monitor["kind"].stringValue ?? OperatorNames.kind),
            "name": .string(name),
            "namespace": .string(namespace),
        ]
        if let uid = metadata.json["uid"].stringValue { involved["uid"] = .string(uid) }
        if let version = metadata.resourceVersion {
            involved["resourceVersion"] = .string(version)
        }
        return [
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": ["generateName": .string("\(name)."), "namespace": .string(namespace)],
            "involvedObject": involved,
            "reason": .string(reason),
            "message": .string(message),
            "type": .string(type.rawValue),
            "firstTimestamp": .string(now),
            "lastTimestamp": .string(now),
            "count": 1,
            "source": ["component": .string(reportingController)],
            "reportingComponent": .string(reportingController),
            "reportingInstance": .string(instance),
        ]
    }
}
