public import JSONValues
public import KubeClient
import KubeModel
public import KubeRuntime
import Synchronization

/// An API server in memory (kube-rs's mock service, at the level of objects):
/// stores what the controller writes, numbers resourceVersions, records each
/// call, fails the calls a test scripts, and garbage-collects objects whose
/// controlling owner is deleted, as the API server's garbage collector does.
public final class InMemoryKubeAPI: KubeAPI {
    public struct Call: Sendable, Hashable, CustomStringConvertible {
        public var verb: String
        public var resource: String
        public var namespace: String
        public var name: String
        public var description: String { "\(verb) \(resource) \(namespace)/\(name)" }
    }

    private struct State {
        var objects: [String: JSONValue] = [:]
        var version = 100
        var calls: [Call] = []
        /// "verb resource" → errors to answer, first first.
        var failures: [String: [KubeError]] = [:]
        /// "verb resource" → the error every such call gets until cleared.
        var outages: [String: KubeError] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    static func key(_ resource: ResourceDescriptor, _ namespace: String, _ name: String) -> String {
        "\(resource.plural)/\(namespace)/\(name)"
    }

    // MARK: - Test controls

    /// Stores an object as if someone else created it (no call recorded).
    public func seed(_ resource: ResourceDescriptor, _ object: JSONValue) {
        state.withLock { state in
            let meta = object["metadata"]
            state.objects[Self.key(resource, meta["namespace"].stringValue ?? "", meta["name"].stringValue ?? "")] = object
        }
    }

    public func object(_ resource: ResourceDescriptor, namespace: String, name: String) -> JSONValue? {
        state.withLock { $0.objects[Self.key(resource, namespace, name)] }
    }

    public func objects(_ resource: ResourceDescriptor) -> [JSONValue] {
        state.withLock { state in state.objects.filter { $0.key.hasPrefix("\(resource.plural)/") }.map(\.value) }
    }

    public var calls: [Call] { state.withLock { $0.calls } }

    public func calls(_ verb: String, _ resource: ResourceDescriptor) -> [Call] {
        calls.filter { $0.verb == verb && $0.resource == resource.plural }
    }

    /// The next call of `verb` on `resource` fails with `error`.
    public func failNext(_ verb: String, _ resource: ResourceDescriptor, with error: KubeError) {
        state.withLock { $0.failures["\(verb) \(resource.plural)", default: []].append(error) }
    }

    /// Every call of `verb` on `resource` fails with `error` (nil: none does any more).
    public func failAll(_ verb: String, _ resource: ResourceDescriptor, with error: KubeError?) {
        state.withLock { $0.outages["\(verb) \(resource.plural)"] = error }
    }

    /// Deletes as a user would; owned objects go with it.
    public func deleteAsUser(_ resource: ResourceDescriptor, namespace: String, name: String) {
        state.withLock { state in Self.remove(Self.key(resource, namespace, name), from: &state) }
    }

    public static func status(_ code: Int, _ reason: String, _ message: String = "") -> KubeError {
        KubeError(status: ["kind": "Status", "code": .int(Int64(code)), "reason": .string(reason), "message": .string(message)])
    }

    // MARK: - KubeAPI

    public func get(_ resource: ResourceDescriptor, namespace: String?, name: String) async throws(KubeError) -> JSONValue {
        try record("get", resource, namespace ?? "", name)
        guard let object = object(resource, namespace: namespace ?? "", name: name) else {
            throw Self.status(404, "NotFound", "\(resource.plural) \"\(name)\" not found")
        }
        return object
    }

    public func create(_ resource: ResourceDescriptor, namespace: String?, object: JSONValue) async throws(KubeError) -> JSONValue {
        let namespace = namespace ?? object["metadata"]["namespace"].stringValue ?? ""
        var name = object["metadata"]["name"].stringValue ?? ""
        try record("create", resource, namespace, name)
        return try state.withLock { state throws(KubeError) -> JSONValue in
            state.version += 1
            if name.isEmpty { name = (object["metadata"]["generateName"].stringValue ?? "") + "\(state.version)" }
            let key = Self.key(resource, namespace, name)
            guard state.objects[key] == nil else { throw Self.status(409, "AlreadyExists", "\(resource.plural) \"\(name)\" already exists") }
            var stored = object
            stored["metadata"]["name"] = .string(name)
            stored["metadata"]["namespace"] = namespace.isEmpty ? .null : .string(namespace)
            stored["metadata"]["uid"] = .string("uid-\(state.version)")
            stored["metadata"]["resourceVersion"] = .string(String(state.version))
            stored["metadata"]["generation"] = 1
            state.objects[key] = stored
            return stored
        }
    }

    public func update(_ resource: ResourceDescriptor, object: JSONValue) async throws(KubeError) -> JSONValue {
        try await put("update", resource, object) { _, new in new }
    }

    public func updateStatus(_ resource: ResourceDescriptor, object: JSONValue) async throws(KubeError) -> JSONValue {
        try await put("updateStatus", resource, object) { old, new in
            var stored = old
            stored["status"] = new["status"]
            return stored
        }
    }

    public func delete(_ resource: ResourceDescriptor, namespace: String?, name: String, propagationPolicy: String?) async throws(KubeError) -> JSONValue {
        try record("delete", resource, namespace ?? "", name)
        return try state.withLock { state throws(KubeError) -> JSONValue in
            let key = Self.key(resource, namespace ?? "", name)
            guard let object = state.objects[key] else { throw Self.status(404, "NotFound") }
            Self.remove(key, from: &state)
            return object
        }
    }

    // MARK: - Helpers

    private func put(
        _ verb: String, _ resource: ResourceDescriptor, _ object: JSONValue, merge: (JSONValue, JSONValue) -> JSONValue
    ) async throws(KubeError) -> JSONValue {
        let namespace = object["metadata"]["namespace"].stringValue ?? ""
        let name = object["metadata"]["name"].stringValue ?? ""
        try record(verb, resource, namespace, name)
        return try state.withLock { state throws(KubeError) -> JSONValue in
            let key = Self.key(resource, namespace, name)
            guard let old = state.objects[key] else { throw Self.status(404, "NotFound") }
            if let sent = object["metadata"]["resourceVersion"].stringValue, sent != old["metadata"]["resourceVersion"].stringValue {
                throw Self.status(409, "Conflict", "the object has been modified")
            }
            state.version += 1
            var stored = merge(old, object)
            stored["metadata"]["resourceVersion"] = .string(String(state.version))
            state.objects[key] = stored
            return stored
        }
    }

    private func record(_ verb: String, _ resource: ResourceDescriptor, _ namespace: String, _ name: String) throws(KubeError) {
        let failure = state.withLock { state -> KubeError? in
            state.calls.append(Call(verb: verb, resource: resource.plural, namespace: namespace, name: name))
            let key = "\(verb) \(resource.plural)"
            if let outage = state.outages[key] { return outage }
            guard var queued = state.failures[key], !queued.isEmpty else { return nil }
            let first = queued.removeFirst()
            state.failures[key] = queued
            return first
        }
        if let failure { throw failure }
    }

    /// Removes an object and, transitively, the objects it controls.
    private static func remove(_ key: String, from state: inout State) {
        guard let removed = state.objects.removeValue(forKey: key), let uid = removed["metadata"]["uid"].stringValue else { return }
        let owned = state.objects.filter { entry in
            (entry.value["metadata"]["ownerReferences"].arrayValue ?? []).contains { $0["uid"].stringValue == uid }
        }
        for key in owned.keys { remove(key, from: &state) }
    }
}
