public import JSONValues
import KubeModel
import Synchronization

/// Where an object lives inside its resource.
public struct ObjectKey: Sendable, Hashable, Comparable {
    public var namespace: String
    public var name: String
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }
    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

/// One change, as watches deliver it.
public struct StoreEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED"
        /// Not a change: "every event up to `revision` was delivered" (a progress notification).
        case bookmark = "BOOKMARK"
    }
    public var kind: Kind
    public var resource: ResourceKey
    public var revision: Int64
    public var object: JSONValue
    /// The object before the change (selectors decide whether a watcher sees an update as ADDED/DELETED).
    public var previous: JSONValue?
}

/// What the etcd behind a real API server provides: objects per resource, one
/// global revision counter, compare-and-swap writes, and a bounded history
/// that watches resume from (older revisions are "compacted": 410 Gone).
final class ObjectStore: Sendable {
    enum WriteError: Error {
        case alreadyExists
        case notFound
        case revisionMismatch
    }

    struct Subscription: Sendable {
        let id: Int
        let resource: ResourceKey
        let continuation: AsyncStream<StoreEvent>.Continuation
    }

    private struct State {
        var revision: Int64 = 1
        var objects: [ResourceKey: [ObjectKey: JSONValue]] = [:]
        var history: [StoreEvent] = []
        var historyStart = 0
        /// Watches may resume from any revision >= this one.
        var compactedRevision: Int64 = 0
        var historyLimit: Int
        var subscriptions: [Int: Subscription] = [:]
        var nextSubscription = 0
    }

    private let state: Mutex<State>

    init(historyLimit: Int) {
        state = Mutex(State(historyLimit: max(1, historyLimit)))
    }

    var currentRevision: Int64 { state.withLock { $0.revision } }
    var compactedRevision: Int64 { state.withLock { $0.compactedRevision } }

    func get(_ resource: ResourceKey, _ key: ObjectKey) -> JSONValue? {
        state.withLock { $0.objects[resource]?[key] }
    }

    /// Objects of a resource (optionally one namespace), sorted by namespace and name, and the revision they were read at.
    func list(_ resource: ResourceKey, namespace: String?) -> (objects: [(ObjectKey, JSONValue)], revision: Int64) {
        state.withLock { state in
            let all = state.objects[resource] ?? [:]
            let selected = all.filter { namespace == nil || $0.key.namespace == namespace }
            return (selected.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, state.revision)
        }
    }

    func count(_ resource: ResourceKey) -> Int {
        state.withLock { $0.objects[resource]?.count ?? 0 }
    }

    /// Stores a new object, stamping its resourceVersion.
    func create(_ resource: ResourceKey, _ key: ObjectKey, _ object: JSONValue) throws(WriteError) -> JSONValue {
        try state.withLock { (state) throws(WriteError) -> JSONValue in
            if state.objects[resource]?[key] != nil { throw .alreadyExists }
            let stored = Self.stamp(object, &state)
            state.objects[resource, default: [:]][key] = stored
            Self.record(StoreEvent(kind: .added, resource: resource, revision: state.revision, object: stored), &state)
            return stored
        }
    }

    /// Replaces an object if it still has `expectedRevision` (nil: unconditionally).
    func update(_ resource: ResourceKey, _ key: ObjectKey, _ object: JSONValue, expectedRevision: String?) throws(WriteError) -> JSONValue {
        try state.withLock { (state) throws(WriteError) -> JSONValue in
            guard let current = state.objects[resource]?[key] else { throw .notFound }
            if let expectedRevision, current["metadata"]["resourceVersion"].stringValue != expectedRevision {
                throw .revisionMismatch
            }
            let stored = Self.stamp(object, &state)
            state.objects[resource, default: [:]][key] = stored
            Self.record(StoreEvent(kind: .modified, resource: resource, revision: state.revision, object: stored, previous: current), &state)
            return stored
        }
    }

    /// Removes an object; the DELETED event carries the deletion's revision.
    func delete(_ resource: ResourceKey, _ key: ObjectKey, expectedRevision: String? = nil) throws(WriteError) -> JSONValue {
        try state.withLock { (state) throws(WriteError) -> JSONValue in
            guard let current = state.objects[resource]?[key] else { throw .notFound }
            if let expectedRevision, current["metadata"]["resourceVersion"].stringValue != expectedRevision {
                throw .revisionMismatch
            }
            state.objects[resource]?[key] = nil
            let stamped = Self.stamp(current, &state)
            Self.record(StoreEvent(kind: .deleted, resource: resource, revision: state.revision, object: stamped, previous: current), &state)
            return stamped
        }
    }

    /// Every stored object of every resource (the garbage collector's view).
    func everything() -> [(ResourceKey, ObjectKey, JSONValue)] {
        state.withLock { state in
            state.objects.flatMap { resource, objects in objects.map { (resource, $0.key, $0.value) } }
        }
    }

    /// Starts a stream of changes to `resource` after `revision`: the retained
    /// history first, then live events. Nil when `revision` was compacted away.
    func subscribe(_ resource: ResourceKey, after revision: Int64?) -> (stream: AsyncStream<StoreEvent>, id: Int, revision: Int64)? {
        state.withLock { state in
            if let revision, revision < state.compactedRevision { return nil }
            let (stream, continuation) = AsyncStream<StoreEvent>.makeStream(bufferingPolicy: .unbounded)
            if let revision {
                for event in state.history[state.historyStart...] where event.resource == resource && event.revision > revision {
                    continuation.yield(event)
                }
            }
            let id = state.nextSubscription
            state.nextSubscription += 1
            state.subscriptions[id] = Subscription(id: id, resource: resource, continuation: continuation)
            return (stream, id, state.revision)
        }
    }

    /// Queues a bookmark behind every event already delivered to the subscription.
    func requestProgress(_ id: Int) {
        state.withLock { state in
            guard let subscription = state.subscriptions[id] else { return }
            subscription.continuation.yield(
                StoreEvent(kind: .bookmark, resource: subscription.resource, revision: state.revision, object: .null))
        }
    }

    func unsubscribe(_ id: Int) {
        let subscription = state.withLock { $0.subscriptions.removeValue(forKey: id) }
        subscription?.continuation.finish()
    }

    /// Ends every watch (a restarting API server drops them all).
    func finishAllSubscriptions() {
        let all = state.withLock { state in
            defer { state.subscriptions = [:] }
            return Array(state.subscriptions.values)
        }
        for subscription in all { subscription.continuation.finish() }
    }

    /// Forgets all history: a watch from any earlier revision gets 410 Gone.
    func compact() {
        state.withLock { state in
            state.compactedRevision = state.revision
            state.history = []
            state.historyStart = 0
        }
    }

    func setHistoryLimit(_ limit: Int) {
        state.withLock { $0.historyLimit = max(1, limit) }
    }

    private static func stamp(_ object: JSONValue, _ state: inout State) -> JSONValue {
        state.revision += 1
        var stamped = object
        stamped["metadata"]["resourceVersion"] = .string(String(state.revision))
        return stamped
    }

    private static func record(_ event: StoreEvent, _ state: inout State) {
        state.history.append(event)
        let retained = state.history.count - state.historyStart
        if retained > state.historyLimit {
            state.compactedRevision = state.history[state.historyStart].revision
            state.historyStart += 1
            // Drop the dead prefix now and then rather than on every write.
            if state.historyStart > 1024 && state.historyStart * 2 > state.history.count {
                state.history.removeFirst(state.historyStart)
                state.historyStart = 0
            }
        }
        for subscription in state.subscriptions.values where subscription.resource == event.resource {
            subscription.continuation.yield(event)
        }
    }
}
