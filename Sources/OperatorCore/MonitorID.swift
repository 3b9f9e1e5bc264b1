public import JSONValues
import KubeModel

/// A PFLACPMonitor's key: `namespace/name`. Ordered by namespace, then name.
public struct MonitorID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let namespace: String
    public let name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The id in an object's metadata; nil without a name (the namespace may be empty).
    public init?(object: JSONValue) {
        let metadata = ObjectMeta(object["metadata"])
        guard !metadata.name.isEmpty else { return nil }
        self.init(namespace: metadata.namespace, name: metadata.name)
    }

    public static func < (lhs: MonitorID, rhs: MonitorID) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }

    public var description: String { "\(namespace)/\(name)" }
}

/// What the operator needs of a monitor's metadata to own objects for it.
struct MonitorIdentity {
    let id: MonitorID
    let uid: String

    /// Name, namespace and uid are required: a stored object always has them.
    /// `requiringUID: false` is for a monitor that was never stored (a file
    /// given to `render-daemonset`): its uid is then empty when absent.
    static func parse(_ monitor: JSONValue, requiringUID: Bool = true) -> Result<MonitorIdentity, MonitorSpecErrors> {
        var errors: [FieldError] = []
        let metadata = ObjectMeta(monitor["metadata"])
        let (name, namespace, uid) = (metadata.name, metadata.namespace, metadata.uid)
        if name.isEmpty { errors.append(.required("metadata.name")) }
        if namespace.isEmpty { errors.append(.required("metadata.namespace")) }
        if uid.isEmpty && requiringUID { errors.append(.required("metadata.uid")) }
        if !errors.isEmpty { return .failure(MonitorSpecErrors(errors)) }
        return .success(MonitorIdentity(id: MonitorID(namespace: namespace, name: name), uid: uid))
    }
}
