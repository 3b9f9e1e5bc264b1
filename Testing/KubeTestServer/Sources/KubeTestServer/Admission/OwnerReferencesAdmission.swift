import JSONValues
import KubeModel

/// The OwnerReferencesPermissionEnforcement admission plugin (on in
/// OpenShift; `Options.enforceOwnerReferencesPermission`, default on):
/// changing an existing object's ownerReferences needs `delete` on it, and
/// newly setting `blockOwnerDeletion: true` on a reference needs `update` on
/// the owner's `finalizers` subresource (the power to hold up the owner's
/// deletion). Creating an object with references needs no delete permission
/// (its creator could have not created it), as in the real plugin.
struct OwnerReferencesAdmission {
    var authorizer: RBACAuthorizer
    var registry: ResourceRegistry

    func admit(_ operation: String, target: RequestTarget, object: JSONValue, oldObject: JSONValue?, user: UserInfo,
               trail: AuthorizationTrail? = nil) throws(APIError) {
        if target.resource.key == ResourceKey(group: "", plural: "pods") && target.subresource == "status" { return }
        let references = object["metadata"]["ownerReferences"].arrayValue ?? []
        let oldReferences = oldObject?["metadata"]["ownerReferences"].arrayValue ?? []
        guard references != oldReferences else { return }
        let name = object["metadata"]["name"].stringValue ?? target.name ?? ""
        let namespace = target.resource.namespaced ? (target.namespace ?? "") : ""
        if operation != "CREATE" {
            let delete = RequestAttributes(isResourceRequest: true, verb: "delete", apiGroup: target.resource.group, apiVersion: target.version,
                                           resource: target.resource.plural, subresource: target.subresource ?? "",
                                           namespace: namespace, name: name)
            let allowed = authorizer.authorize(user, delete).allowed
            trail?.record(delete, allowed: allowed)
            if !allowed {
                throw forbidden(target, name: name, "cannot set an ownerRef on a resource you can't delete: , <nil>")
            }
        }
        let alreadyBlocking = Set(oldReferences.filter { $0["blockOwnerDeletion"].boolValue == true }.compactMap { $0["uid"].stringValue })
        for reference in references where reference["blockOwnerDeletion"].boolValue == true {
            guard let uid = reference["uid"].stringValue, !alreadyBlocking.contains(uid) else { continue }
            let apiVersion = reference["apiVersion"].stringValue ?? ""
            let kind = reference["kind"].stringValue ?? ""
            guard let owner = registry.resource(apiVersion: apiVersion, kind: kind) else {
                let version = ResourceRegistry.split(apiVersion: apiVersion)
                throw forbidden(target, name: name, "cannot set blockOwnerDeletion in this case because cannot find RESTMapping for APIVersion \(apiVersion) Kind \(kind): no matches for kind \(GoFormat.quote(kind)) in version \(GoFormat.quote(version.group.isEmpty ? version.version : apiVersion))")
            }
            let finalizers = RequestAttributes(isResourceRequest: true, verb: "update", apiGroup: owner.group,
                                               apiVersion: ResourceRegistry.split(apiVersion: apiVersion).version,
                                               resource: owner.plural, subresource: "finalizers",
                                               namespace: namespace, name: reference["name"].stringValue ?? "")
            let allowed = authorizer.authorize(user, finalizers).allowed
            trail?.record(finalizers, allowed: allowed)
            if !allowed {
                throw forbidden(target, name: name, "cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>")
            }
        }
    }

    /// admission.NewForbidden: the object's resource and name in front.
    private func forbidden(_ target: RequestTarget, name: String, _ message: String) -> APIError {
        .forbidden(group: target.resource.group, resource: target.resource.plural, name: name, message: message)
    }
}
