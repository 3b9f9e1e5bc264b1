public import JSONValues
import KubeModel
import Synchronization

/// The latest state of every object a watcher delivered, by namespace/name
/// (kube-rs's reflector store): reads come from memory, not the API server.
public final class ObjectCache: Sendable {
    private struct State {
        var objects: [String: JSONValue] = [:]
        var synced = false
    }

    private let state = Mutex(State())

    public init() {}

    public static func key(namespace: String?, name: String) -> String {
        guard let namespace, !namespace.isEmpty else { return name }
        return "\(namespace)/\(name)"
    }

    public static func key(of object: JSONValue) -> String {
        key(namespace: object["metadata"]["namespace"].stringValue, name: object["metadata"]["name"].stringValue ?? "")
    }

    public func apply(_ event: WatcherEvent) {
        state.withLock { state in
            switch event {
            case .restarted(let objects):
                state.objects = Dictionary(objects.map { (Self.key(of: $0), $0) }, uniquingKeysWith: { _, last in last })
                state.synced = true
            case .applied(let object):
                state.objects[Self.key(of: object)] = object
            case .deleted(let object):
                state.objects[Self.key(of: object)] = nil
            }
        }
    }

    /// Records the result of this process's own write, unless the watch already
    /// delivered a later version (a write's answer can arrive after the watch event
    /// of a subsequent change). resourceVersions are compared as integers, as
    /// every API server in practice issues them; otherwise the write wins.
    public func applyOwnWrite(_ object: JSONValue) {
        let key = Self.key(of: object)
        state.withLock { state in
            if let cached = state.objects[key],
               let cachedVersion = cached["metadata"]["resourceVersion"].stringValue.flatMap({ Int64($0) }),
               let writtenVersion = object["metadata"]["resourceVersion"].stringValue.flatMap({ Int64($0) }),
               cachedVersion > writtenVersion {
                return
            }
            state.objects[key] = object
        }
    }

    public func get(_ key: String) -> JSONValue? { state.withLock { $0.objects[key] } }
    public func get(namespace: String?, name: String) -> JSONValue? { get(Self.key(namespace: namespace, name: name)) }
    public var all: [JSONValue] { state.withLock { Array($0.objects.values) } }
    public var count: Int { state.withLock { $0.objects.count } }
    /// True once a full list arrived (before that, absence means nothing).
    public var isSynced: Bool { state.withLock { $0.synced } }
}
