public import JSONValues
import KubeModel

/// The REST verbs. Objects go in and come out as JSON; for namespaced
/// resources a namespace is required except to list or watch every namespace.
extension KubeClient {
    public func get(_ resource: ResourceDescriptor, namespace: String?, name: String) async throws(KubeError) -> JSONValue {
        let path = try objectPath(resource, namespace: namespace, name: name, verb: "get")
        return try await send(APICall(method: .get, path: path))
    }

    /// One page (`limit`, `continueToken`) or the whole collection; namespace
    /// nil lists every namespace.
    public func list(
        _ resource: ResourceDescriptor, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil,
        limit: Int? = nil, continueToken: String? = nil, resourceVersion: String? = nil
    ) async throws(KubeError) -> ObjectList {
        var query: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if let limit, limit > 0 { query.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { query.append(("continue", continueToken)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        let call = APICall(method: .get, path: resource.collectionPath(namespace: namespace), query: query)
        return try ObjectList(decoding: try await send(call), resource: resource)
    }

    /// Every page of a list, `pageSize` objects at a time. The resourceVersion
    /// is the first page's (watching from it misses nothing). When a continue
    /// token expires (410) midway, the whole list is read again in one request.
    public func listAll(
        _ resource: ResourceDescriptor, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil,
        pageSize: Int = 500
    ) async throws(KubeError) -> ObjectList {
        var first = try await list(resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector,
                                   limit: pageSize)
        var token = first.continueToken
        while let next = token {
            let page: ObjectList
            do {
                page = try await list(resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector,
                                      limit: pageSize, continueToken: next)
            } catch where error.isGone {
                logger.debug("continue token expired; listing again without pagination",
                             metadata: ["resource": "\(resource)"])
                return try await list(resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
            }
            first.items += page.items
            token = page.continueToken
        }
        first.continueToken = nil
        first.remainingItemCount = nil
        return first
    }

    /// POST: the namespace is `namespace`, else the object's own. apiVersion
    /// and kind are filled in from `resource` when the object lacks them.
    public func create(_ resource: ResourceDescriptor, namespace: String?, object: JSONValue) async throws(KubeError) -> JSONValue {
        let namespace = namespace ?? object["metadata"]["namespace"].stringValue
        if resource.namespaced, namespace?.isEmpty ?? true {
            throw .invalidRequest("create \(resource.qualifiedName): a namespace is required")
        }
        let call = APICall(method: .post, path: resource.collectionPath(namespace: namespace),
                           body: Self.typed(object, resource))
        return try await send(call)
    }

    /// PUT of the whole object (name and namespace from its metadata); the
    /// server refuses it with 409 (`isConflict`) when its resourceVersion is stale.
    public func update(_ resource: ResourceDescriptor, object: JSONValue) async throws(KubeError) -> JSONValue {
        try await put(resource, object: object, subresource: nil)
    }

    /// PUT of the `status` subresource (the server ignores spec changes there).
    public func updateStatus(_ resource: ResourceDescriptor, object: JSONValue) async throws(KubeError) -> JSONValue {
        try await put(resource, object: object, subresource: "status")
    }

    public func patch(
        _ resource: ResourceDescriptor, namespace: String?, name: String, patch: JSONValue, type: PatchType,
        subresource: String? = nil
    ) async throws(KubeError) -> JSONValue {
        let path = try objectPath(resource, namespace: namespace, name: name, subresource: subresource, verb: "patch")
        return try await send(APICall(method: .patch, path: path, body: patch, contentType: type.contentType))
    }

    /// DELETE; answers the object (marked for deletion when finalizers hold
    /// it) or a Status. `preconditionResourceVersion` turns a stale view into a 409.
    public func delete(
        _ resource: ResourceDescriptor, namespace: String?, name: String, propagationPolicy: String? = nil,
        preconditionResourceVersion: String? = nil
    ) async throws(KubeError) -> JSONValue {
        let path = try objectPath(resource, namespace: namespace, name: name, verb: "delete")
        var options: JSONValue? = nil
        if propagationPolicy != nil || preconditionResourceVersion != nil {
            var body: JSONValue = ["kind": "DeleteOptions", "apiVersion": "v1"]
            if let propagationPolicy { body["propagationPolicy"] = .string(propagationPolicy) }
            if let preconditionResourceVersion { body["preconditions"] = ["resourceVersion": .string(preconditionResourceVersion)] }
            options = body
        }
        return try await send(APICall(method: .delete, path: path, body: options))
    }

    // MARK: - Helpers

    private func put(_ resource: ResourceDescriptor, object: JSONValue, subresource: String?) async throws(KubeError) -> JSONValue {
        let verb = subresource == nil ? "update" : "update \(subresource ?? "")"
        guard let name = object["metadata"]["name"].stringValue, !name.isEmpty else {
            throw .invalidRequest("\(verb) \(resource.qualifiedName): the object has no metadata.name")
        }
        let path = try objectPath(resource, namespace: object["metadata"]["namespace"].stringValue, name: name,
                                  subresource: subresource, verb: verb)
        return try await send(APICall(method: .put, path: path, body: Self.typed(object, resource)))
    }

    func objectPath(_ resource: ResourceDescriptor, namespace: String?, name: String, subresource: String? = nil,
                    verb: String) throws(KubeError) -> String
    {
        guard !name.isEmpty else { throw .invalidRequest("\(verb) \(resource.qualifiedName): the name is empty") }
        if resource.namespaced, namespace?.isEmpty ?? true {
            throw .invalidRequest("\(verb) \(resource.qualifiedName) \"\(name)\": a namespace is required")
        }
        return resource.objectPath(namespace: namespace, name: name, subresource: subresource)
    }

    static func typed(_ object: JSONValue, _ resource: ResourceDescriptor) -> JSONValue {
        var object = object
        if object["apiVersion"].isNull { object["apiVersion"] = .string(resource.apiVersion) }
        if object["kind"].isNull { object["kind"] = .string(resource.kind) }
        return object
    }
}
