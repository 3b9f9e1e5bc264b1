public import JSONValues
public import KubeClient
import KubeModel

/// The object verbs a controller writes with: the seam between reconciling
/// and HTTP. `KubeClient` is the implementation; tests use an in-memory one.
public protocol KubeAPI: Sendable {
    func get(_ resource: ResourceDescriptor, namespace: String?, name: String) async throws(KubeError) -> JSONValue
    func create(_ resource: ResourceDescriptor, namespace: String?, object: JSONValue) async throws(KubeError) -> JSONValue
    func update(_ resource: ResourceDescriptor, object: JSONValue) async throws(KubeError) -> JSONValue
    func updateStatus(_ resource: ResourceDescriptor, object: JSONValue) async throws(KubeError) -> JSONValue
    func delete(_ resource: ResourceDescriptor, namespace: String?, name: String, propagationPolicy: String?) async throws(KubeError) -> JSONValue
}

/// What a watcher reads with: the whole collection, then its changes.
public protocol KubeListWatch: Sendable {
    func listAll(_ resource: ResourceDescriptor, namespace: String?, labelSelector: String?) async throws(KubeError) -> ObjectList
    func watch(
        _ resource: ResourceDescriptor, namespace: String?, resourceVersion: String?, labelSelector: String?, timeoutSeconds: Int?
    ) -> any AsyncSequence<WatchEvent, any Error>
}

extension KubeClient: KubeAPI {
    public func delete(
        _ resource: ResourceDescriptor, namespace: String?, name: String, propagationPolicy: String?
    ) async throws(KubeError) -> JSONValue {
        try await delete(resource, namespace: namespace, name: name, propagationPolicy: propagationPolicy, preconditionResourceVersion: nil)
    }
}

extension KubeClient: KubeListWatch {
    public func listAll(_ resource: ResourceDescriptor, namespace: String?, labelSelector: String?) async throws(KubeError) -> ObjectList {
        try await listAll(resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: nil, pageSize: 500)
    }

    public func watch(
        _ resource: ResourceDescriptor, namespace: String?, resourceVersion: String?, labelSelector: String?, timeoutSeconds: Int?
    ) -> any AsyncSequence<WatchEvent, any Error> {
        // Bookmarks keep the resourceVersion fresh, so a resumed watch rarely meets 410.
        watch(resource, namespace: namespace, resourceVersion: resourceVersion, labelSelector: labelSelector,
              fieldSelector: nil, allowBookmarks: true, timeoutSeconds: timeoutSeconds)
    }
}
