import KubeModel
public import JSONValues

// The builders on typed views: the controller's entry points. The JSON forms
// stay as the implementations (and for `render-daemonset`, which reads files).

extension DaemonSetBuilder {
    /// The DaemonSet for `monitor`; fails with its spec's errors, or when it lacks name, namespace or uid.
    public static func desired(for monitor: PFLACPMonitor, settings: OperatorSettings) -> Result<DaemonSet, MonitorSpecErrors> {
        desired(for: monitor.json, settings: settings).map(DaemonSet.init(json:))
    }
}

extension DaemonSetDrift {
    public static func driftedFields(desired: DaemonSet, actual: DaemonSet) -> [String] {
        driftedFields(desired: desired.json, actual: actual.json)
    }

    public static func needsUpdate(desired: DaemonSet, actual: DaemonSet) -> Bool {
        needsUpdate(desired: desired.json, actual: actual.json)
    }

    public static func requiresRecreation(desired: DaemonSet, actual: DaemonSet) -> Bool {
        requiresRecreation(desired: desired.json, actual: actual.json)
    }

    public static func merged(desired: DaemonSet, into actual: DaemonSet) -> DaemonSet {
        DaemonSet(json: merged(desired: desired.json, into: actual.json))
    }
}

extension StatusBuilder {
    /// The status for `monitor` given its verdict and its DaemonSet as stored;
    /// conditions whose status is unchanged keep their transition time.
    public static func status(monitor: PFLACPMonitor, verdict: Verdict, daemonSet: DaemonSet?, now: String) -> MonitorStatus {
        MonitorStatus(status(monitor: monitor.json, verdict: verdict, daemonSet: daemonSet?.json, now: now, previous: monitor.status.json))
    }

    public static func statusChanged(old: MonitorStatus, new: MonitorStatus) -> Bool {
        statusChanged(old: old.json, new: new.json)
    }
}

extension EventBuilder {
    public static func event(
        for monitor: PFLACPMonitor, reason: String, message: String, type: EventType, now: String, instance: String
    ) -> JSONValue {
        event(for: monitor.json, reason: reason, message: message, type: type, now: now, instance: instance)
    }
}

extension MonitorSummary {
    /// The summary of a stored monitor; nil when its spec is invalid (it runs nowhere, so it cannot conflict).
    public init?(_ monitor: PFLACPMonitor) {
        guard case .success(let summary) = MonitorSummary.from(monitor.json) else { return nil }
        self = summary
    }
}
