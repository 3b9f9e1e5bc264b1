import KubeModel
public import JSONValues

/// A PFLACPMonitor (`pfstatusrelay.openshift.io/v1alpha1`) as stored: typed
/// accessors over the object's JSON. The JSON is the one source of truth, so
/// fields a newer CRD adds survive a read-modify-write (a status update
/// sends back everything it read).
public struct PFLACPMonitor: StoredObject {
    public static let kind = "PFLACPMonitor"
    public var json: JSONValue

    public init(json: JSONValue) {
        self.json = json
    }

    /// `namespace/name`; nil without a name.
    public var id: MonitorID? { MonitorID(object: json) }

    /// The spec validated and defaulted (the webhook's rules).
    public var spec: Result<MonitorSpec, MonitorSpecErrors> { MonitorSpec.parse(json) }

    /// The spec as stored, for change detection (a status write leaves it alone).
    public var rawSpec: JSONValue { json["spec"] }

    public var status: MonitorStatus {
        get { MonitorStatus(json["status"]) }
        set { json["status"] = newValue.json }
    }
}

/// A PFLACPMonitor's `status`, typed over its JSON (`.null` when none yet).
public struct MonitorStatus: Sendable, Hashable {
    /// Summarizes a monitor for the `monitors by state` gauge.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case ready
        case degraded
        case progressing
    }

    public var json: JSONValue

    public init(_ json: JSONValue) {
        self.json = json
    }

    public var isDegraded: Bool { json["degraded"].boolValue == true }
    public var errorMessage: String { json["errorMessage"].stringValue ?? "" }

    public var conditions: [Condition] {
        (json["conditions"].arrayValue ?? []).map(Condition.init)
    }

    /// The status of the condition of `type` (`"True"`, `"False"`), nil when absent.
    public func condition(_ type: String) -> String? {
        conditions.first { $0.type == type }?.status
    }

    public var state: State {
        if isDegraded { return .degraded }
        return condition(StatusBuilder.readyCondition) == "True" ? .ready : .progressing
    }
}

/// One metav1.Condition of a status.
public struct Condition: Sendable, Hashable {
    public var json: JSONValue

    public init(_ json: JSONValue) {
        self.json = json
    }

    public var type: String { json["type"].stringValue ?? "" }
    /// `"True"`, `"False"` or `"Unknown"`.
    public var status: String { json["status"].stringValue ?? "" }
    public var reason: String { json["reason"].stringValue ?? "" }
    public var message: String { json["message"].stringValue ?? "" }
    public var lastTransitionTime: String? { json["lastTransitionTime"].stringValue }
}
