import KubeModel
public import JSONValues

/// An apps/v1 DaemonSet as stored (or as the operator wants it): typed
/// accessors over the object's JSON, kept whole so that what the API server
/// and other controllers set survives an update.
public struct DaemonSet: StoredObject {
    public static let kind = "DaemonSet"
    public var json: JSONValue

    public init(json: JSONValue) {
        self.json = json
    }

    /// The PFLACPMonitor that owns it (the first owner reference of that kind),
    /// in the DaemonSet's namespace: owner references do not cross namespaces.
    public var owningMonitor: MonitorID? {
        guard let owner = metadata.ownerReferences.first(where: { $0.kind == OperatorNames.kind }), !owner.name.isEmpty,
              !metadata.namespace.isEmpty else { return nil }
        return MonitorID(namespace: metadata.namespace, name: owner.name)
    }

    /// The pod template's nodeSelector.
    public var nodeSelector: [String: String] {
        (json[path: ["spec", "template", "spec", "nodeSelector"]].objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    /// The relay container's environment, by variable name (literal values only).
    public var relayEnvironment: [String: String] {
        let containers = json[path: ["spec", "template", "spec", "containers"]].arrayValue ?? []
        let relay = containers.first { $0["name"].stringValue == OperatorNames.containerName } ?? .null
        var environment: [String: String] = [:]
        for variable in relay["env"].arrayValue ?? [] {
            if let name = variable["name"].stringValue, let value = variable["value"].stringValue { environment[name] = value }
        }
        return environment
    }

    /// Nodes that should run the daemon, as the DaemonSet controller last counted.
    public var desiredNumberScheduled: Int64 { json[path: ["status", "desiredNumberScheduled"]].intValue ?? 0 }
    public var numberReady: Int64 { json[path: ["status", "numberReady"]].intValue ?? 0 }
    /// Nodes whose daemon pod has been ready for the DaemonSet's minReadySeconds.
    public var numberAvailable: Int64 { json[path: ["status", "numberAvailable"]].intValue ?? 0 }
    /// The generation its controller last acted on; behind `metadata.generation` while it rolls out a change.
    public var observedGeneration: Int64? { json[path: ["status", "observedGeneration"]].intValue }
}
