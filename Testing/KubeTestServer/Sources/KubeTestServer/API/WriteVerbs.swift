import JSONValues
import KubeModel
import KubePatch

/// create, update, patch, delete and deletecollection.
extension KubeAPI {
    func create(_ target: RequestTarget, _ request: APIRequest) async throws(APIError) -> APIResponse {
        guard target.subresource == nil else { throw .methodNotAllowed("create is not supported on subresources") }
        let input = try ObjectPreparation.decodeObject(request.body, contentType: request.contentType, target: target)
        if target.resource.namespaced {
            guard let namespace = target.namespace else { throw .pathNotFound(request.path) }
            try requireLiveNamespace(namespace, for: target.resource, name: input["metadata"]["name"].stringValue ?? "")
        }
        var object = try preparation.prepareCreate(input, target: target, strictFields: strictFields(request))
        if target.resource.kind == "CustomResourceDefinition" && target.resource.group == "apiextensions.k8s.io" {
            let defined = try CustomResourceDefinitions.resourceType(from: object)
            if let existing = registry.resource(defined.key), !existing.isCustom {
                throw .invalid(target.resource, name: object["metadata"]["name"].stringValue ?? "",
                               causes: [("spec.names.plural", "FieldValueInvalid", "Invalid value: \"\(defined.plural)\": conflicts with a built-in resource")])
            }
            object["status"] = CustomResourceDefinitions.establishedStatus(for: object, now: now)
        }
        try EscalationCheck(authorizer: authorizer, store: store).check(object, target: target, user: request.user)
        try ownerReferencesAdmission?.admit("CREATE", target: target, object: object, oldObject: nil, user: request.user, trail: request.trail)
        try await webhooks.admit(operation: "CREATE", target: target, object: object, oldObject: nil, request: request, api: self)
        guard let key = target.objectKey ?? objectKey(of: object, target) else { throw .badRequest("object has no name") }
        if request.isDryRun { return .json(status: 201, body: present(object, target)) }
        let stored: JSONValue
        do {
            stored = try store.create(target.resource.key, key, object)
        } catch {
            throw .alreadyExists(target.resource, name: key.name)
        }
        afterWrite(target.resource, stored)
        return .json(status: 201, body: present(stored, target))
    }

    func update(_ target: RequestTarget, _ request: APIRequest) async throws(APIError) -> APIResponse {
        let input = try ObjectPreparation.decodeObject(request.body, contentType: request.contentType, target: target)
        guard let key = target.objectKey, let current = store.get(target.resource.key, key) else {
            throw .notFound(target.resource, name: target.name ?? "")
        }
        let revision = input["metadata"]["resourceVersion"].stringValue ?? ""
        if revision.isEmpty && target.resource.isCustom {
            throw .invalid(target.resource, name: key.name, causes: [
                ("metadata.resourceVersion", "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update"),
            ])
        }
        if !revision.isEmpty && revision != current["metadata"]["resourceVersion"].stringValue {
            throw .conflict(target.resource, name: key.name)
        }
        let prepared = try preparation.prepareUpdate(input, current: current, target: target, strictFields: strictFields(request))
        return try await commitUpdate(prepared, current: current, target: target, request: request)
    }

    func patch(_ target: RequestTarget, _ request: APIRequest) async throws(APIError) -> APIResponse {
        let patchDocument: JSONValue
        do {
            patchDocument = try JSONValue.decode(request.body)
        } catch {
            throw .badRequest("error decoding patch: \(error.description)")
        }
        // Without a resourceVersion in the patch, a concurrent write is retried, as the API server does.
        for _ in 0..<8 {
            guard let key = target.objectKey, let current = store.get(target.resource.key, key) else {
                throw .notFound(target.resource, name: target.name ?? "")
            }
            let patched = try applyPatch(patchDocument, contentType: request.contentType, to: present(current, target), target: target)
            let precondition = patched["metadata"]["resourceVersion"].stringValue
            if let precondition, precondition != current["metadata"]["resourceVersion"].stringValue {
                throw .conflict(target.resource, name: key.name)
            }
            let prepared = try preparation.prepareUpdate(patched, current: current, target: target, strictFields: strictFields(request))
            do {
                return try await commitUpdate(prepared, current: current, target: target, request: request)
            } catch let error where error.reason == "Conflict" && precondition == nil {
                continue
            }
        }
        throw .conflict(target.resource, name: target.name ?? "")
    }

    private func applyPatch(_ patch: JSONValue, contentType: String, to object: JSONValue, target: RequestTarget) throws(APIError) -> JSONValue {
        switch contentType {
        case "application/merge-patch+json":
            return object.applyingMergePatch(patch)
        case "application/json-patch+json":
            do {
                return try object.applyingJSONPatch(patch)
            } catch {
                throw APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request: \(error)")
            }
        case "application/strategic-merge-patch+json":
            if target.resource.isCustom {
                throw .unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
            }
            do {
                return try object.applyingStrategicMergePatch(patch, strategy: .forKind(target.resource.kind))
            } catch {
                throw APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request: \(error)")
            }
        default:
            throw .unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (server-side apply is not supported by this test server)")
        }
    }

    /// Stores an update unless it changes nothing; finishes a deletion whose last finalizer went.
    private func commitUpdate(_ prepared: JSONValue, current: JSONValue, target: RequestTarget, request: APIRequest) async throws(APIError) -> APIResponse {
        var object = prepared
        guard let key = target.objectKey else { throw .badRequest("object has no name") }
        if target.resource.kind == "CustomResourceDefinition" && target.resource.group == "apiextensions.k8s.io" && target.subresource == nil {
            _ = try CustomResourceDefinitions.resourceType(from: object)
            object["status"] = CustomResourceDefinitions.establishedStatus(for: object, now: current["status"]["conditions"][0]["lastTransitionTime"].stringValue ?? now)
        }
        if object == current {
            return .json(status: 200, body: present(current, target))
        }
        try EscalationCheck(authorizer: authorizer, store: store).check(object, target: target, user: request.user)
        try ownerReferencesAdmission?.admit("UPDATE", target: target, object: object, oldObject: current, user: request.user, trail: request.trail)
        try await webhooks.admit(operation: "UPDATE", target: target, object: object, oldObject: current, request: request, api: self)
        if request.isDryRun { return .json(status: 200, body: present(object, target)) }
        let expected = current["metadata"]["resourceVersion"].stringValue
        if object["metadata"]["deletionTimestamp"] != .null && (object["metadata"]["finalizers"].arrayValue ?? []).isEmpty {
            do {
                let deleted = try store.delete(target.resource.key, key, expectedRevision: expected)
                afterDelete(target.resource, deleted)
                return .json(status: 200, body: present(deleted, target))
            } catch {
                throw .conflict(target.resource, name: key.name)
            }
        }
        do {
            let stored = try store.update(target.resource.key, key, object, expectedRevision: expected)
            afterWrite(target.resource, stored)
            return .json(status: 200, body: present(stored, target))
        } catch .notFound {
            throw .notFound(target.resource, name: key.name)
        } catch {
            throw .conflict(target.resource, name: key.name)
        }
    }

    func delete(_ target: RequestTarget, _ request: APIRequest) async throws(APIError) -> APIResponse {
        guard target.subresource == nil else { throw .methodNotAllowed("delete is not supported on subresources") }
        guard let key = target.objectKey, let current = store.get(target.resource.key, key) else {
            throw .notFound(target.resource, name: target.name ?? "")
        }
        let options = request.body.isEmpty ? JSONValue.emptyObject : ((try? JSONValue.decode(request.body)) ?? .emptyObject)
        if let uid = options["preconditions"]["uid"].stringValue, uid != current["metadata"]["uid"].stringValue {
            throw APIError(code: 409, reason: "Conflict",
                           message: "Operation cannot be fulfilled on \(target.resource.qualifiedResource) \"\(key.name)\": Precondition failed: UID in precondition: \(uid), UID in object meta: \(current["metadata"]["uid"].stringValue ?? "")")
        }
        if let revision = options["preconditions"]["resourceVersion"].stringValue,
           revision != current["metadata"]["resourceVersion"].stringValue {
            throw .conflict(target.resource, name: key.name)
        }
        let policy = request.query["propagationPolicy"] ?? options["propagationPolicy"].stringValue ?? "Background"
        guard ["Background", "Foreground", "Orphan"].contains(policy) else {
            throw .badRequest("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
        }
        try await webhooks.admit(operation: "DELETE", target: target, object: nil, oldObject: current, request: request, api: self)
        if request.isDryRun || options["dryRun"].arrayValue?.contains("All") == true {
            return .json(status: 200, body: present(current, target))
        }
        if policy == "Orphan" { orphanDependents(of: current) }

        var finalizers = (current["metadata"]["finalizers"].arrayValue ?? []).compactMap(\.stringValue)
        if policy == "Foreground" && !finalizers.contains("foregroundDeletion") { finalizers.append("foregroundDeletion") }
        let isNamespace = target.resource.key == ResourceKey(group: "", plural: "namespaces")
        if isNamespace || !finalizers.isEmpty {
            // Graceful deletion: mark it; controllers or finalizer owners finish the job.
            if current["metadata"]["deletionTimestamp"] != .null && !isNamespace {
                return .json(status: 202, body: present(current, target))
            }
            var marked = current
            marked["metadata"]["deletionTimestamp"] = current["metadata"]["deletionTimestamp"] == .null ? .string(now) : current["metadata"]["deletionTimestamp"]
            marked["metadata"]["deletionGracePeriodSeconds"] = 0
            if !finalizers.isEmpty { marked["metadata"]["finalizers"] = .array(finalizers.map { .string($0) }) }
            if isNamespace { marked["status"]["phase"] = "Terminating" }
            do {
                let stored = try store.update(target.resource.key, key, marked, expectedRevision: current["metadata"]["resourceVersion"].stringValue)
                controllers.kick()
                return .json(status: isNamespace ? 200 : 202, body: present(stored, target))
            } catch {
                throw .conflict(target.resource, name: key.name)
            }
        }
        if target.resource.kind == "CustomResourceDefinition" && target.resource.group == "apiextensions.k8s.io" {
            removeCustomResources(definedBy: current)
        }
        do {
            let deleted = try store.delete(target.resource.key, key)
            afterDelete(target.resource, deleted)
            return .json(status: 200, body: present(deleted, target))
        } catch {
            throw .notFound(target.resource, name: key.name)
        }
    }

    func deleteCollection(_ target: RequestTarget, _ request: APIRequest) async throws(APIError) -> APIResponse {
        let filter = try ObjectFilter(request, namespace: target.namespace)
        let (all, _) = store.list(target.resource.key, namespace: target.namespace)
        var deleted: [JSONValue] = []
        for (key, object) in all where filter.matches(object) {
            var single = target
            single.name = key.name
            single.namespace = target.resource.namespaced ? key.namespace : nil
            var one = request
            one.query["labelSelector"] = nil
            one.query["fieldSelector"] = nil
            do {
                if case .json(_, let body) = try await delete(single, one) { deleted.append(body) }
            } catch where error.code == 404 {
                continue
            }
        }
        return .json(status: 200, body: [
            "kind": .string(target.resource.listKind), "apiVersion": .string(target.apiVersion),
            "metadata": ["resourceVersion": .string(String(store.currentRevision))], "items": .array(deleted),
        ])
    }

    private func strictFields(_ request: APIRequest) -> Bool {
        request.query["fieldValidation"] == "Strict"
    }

    private func objectKey(of object: JSONValue, _ target: RequestTarget) -> ObjectKey? {
        guard let name = object["metadata"]["name"].stringValue else { return nil }
        return ObjectKey(namespace: target.resource.namespaced ? (target.namespace ?? "") : "", name: name)
    }

    private func requireLiveNamespace(_ namespace: String, for resource: ResourceType, name: String) throws(APIError) {
        guard let object = store.get(ResourceKey(group: "", plural: "namespaces"), ObjectKey(namespace: "", name: namespace)) else {
            throw .namespaceNotFound(namespace)
        }
        if object["metadata"]["deletionTimestamp"] != .null {
            throw APIError.forbidden(resource, name: name,
                                     message: "unable to create new content in namespace \(namespace) because it is being terminated")
        }
    }

    /// CRDs install their resource when written; everything may matter to controllers.
    func afterWrite(_ resource: ResourceType, _ object: JSONValue) {
        if resource.kind == "CustomResourceDefinition" && resource.group == "apiextensions.k8s.io",
           object["metadata"]["deletionTimestamp"] == .null,
           let type = try? CustomResourceDefinitions.resourceType(from: object) {
            registry.install(type)
        }
        if resource.key == RBACAuthorizer.clusterRoles { RoleAggregation(store: store).aggregate() }
        if object["metadata"]["deletionTimestamp"] != .null || resource.key == ResourceKey(group: "apps", plural: "daemonsets")
            || resource.key == ResourceKey(group: "", plural: "nodes") {
            controllers.kick()
        }
    }

    func afterDelete(_ resource: ResourceType, _ object: JSONValue) {
        if resource.kind == "CustomResourceDefinition" && resource.group == "apiextensions.k8s.io" {
            removeCustomResources(definedBy: object)
        }
        if resource.key == RBACAuthorizer.clusterRoles { RoleAggregation(store: store).aggregate() }
        controllers.kick()
    }

    private func removeCustomResources(definedBy crd: JSONValue) {
        guard let type = try? CustomResourceDefinitions.resourceType(from: crd) else { return }
        for (key, _) in store.list(type.key, namespace: nil).objects {
            _ = try? store.delete(type.key, key)
        }
        registry.remove(type.key)
    }

    private func orphanDependents(of owner: JSONValue) {
        guard let uid = owner["metadata"]["uid"].stringValue else { return }
        for (resourceKey, key, object) in store.everything() {
            let references = object["metadata"]["ownerReferences"].arrayValue ?? []
            guard references.contains(where: { $0["uid"].stringValue == uid }) else { continue }
            var updated = object
            let kept = references.filter { $0["uid"].stringValue != uid }
            updated["metadata"]["ownerReferences"] = kept.isEmpty ? .null : .array(kept)
            _ = try? store.update(resourceKey, key, updated, expectedRevision: object["metadata"]["resourceVersion"].stringValue)
        }
    }
}
