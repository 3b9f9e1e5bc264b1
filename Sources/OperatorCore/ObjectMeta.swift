import KubeModel
public import JSONValues

/// The metadata of a stored object, typed, over its JSON (which is kept whole,
/// so members this operator does not model survive a read-modify-write).
public struct ObjectMeta: Sendable, Hashable {
    public var json: JSONValue

    public init(_ json: JSONValue) {
        self.json = json
    }

    public var name: String {
        get { json["name"].stringValue ?? "" }
        set { json["name"] = .string(newValue) }
    }

    /// Empty for cluster-scoped objects.
    public var namespace: String {
        get { json["namespace"].stringValue ?? "" }
        set { json["namespace"] = .string(newValue) }
    }

    /// Empty for an object that was never stored.
    public var uid: String { json["uid"].stringValue ?? "" }
    public var resourceVersion: String? { json["resourceVersion"].stringValue }
    public var generation: Int64? { json["generation"].intValue }
    public var creationTimestamp: String? { json["creationTimestamp"].stringValue }
    /// Set once deletion was requested and finalizers (or the garbage collector) hold the object.
    public var isBeingDeleted: Bool { json["deletionTimestamp"] != .null }

    /// Labels whose values are strings (the API server stores nothing else).
    public var labels: [String: String] {
        (json["labels"].objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    public var ownerReferences: [OwnerReference] {
        (json["ownerReferences"].arrayValue ?? []).map(OwnerReference.init)
    }
}

/// One `metadata.ownerReferences` entry.
public struct OwnerReference: Sendable, Hashable {
    public var json: JSONValue

    public init(_ json: JSONValue) {
        self.json = json
    }

    public var apiVersion: String { json["apiVersion"].stringValue ?? "" }
    public var kind: String { json["kind"].stringValue ?? "" }
    public var name: String { json["name"].stringValue ?? "" }
    public var uid: String { json["uid"].stringValue ?? "" }
    public var isController: Bool { json["controller"].boolValue ?? false }
}
