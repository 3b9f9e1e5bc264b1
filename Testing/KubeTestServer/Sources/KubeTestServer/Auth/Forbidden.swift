import JSONValues
import KubeModel

extension APIError {
    /// The 403 of a denied request, worded as the API server's: `daemonsets.apps "x" is forbidden: User "u"
    /// cannot get resource "daemonsets" in API group "apps" in the namespace "ns"`, or for a path,
    /// `forbidden: User "u" cannot get path "/metrics"`; `reason` (admission's explanation) is appended.
    static func forbidden(_ request: RequestAttributes, user: String, reason: String = "") -> APIError {
        var message: String
        if request.isResourceRequest {
            let scope = request.namespace.isEmpty ? "at the cluster scope" : "in the namespace \(GoFormat.quote(request.namespace))"
            message = "User \(GoFormat.quote(user)) cannot \(request.verb) resource \(GoFormat.quote(request.combinedResource)) in API group \(GoFormat.quote(request.apiGroup)) \(scope)"
        } else {
            message = "User \(GoFormat.quote(user)) cannot \(request.verb) path \(GoFormat.quote(request.path))"
        }
        if !reason.isEmpty { message += ": " + reason }
        return forbidden(group: request.apiGroup, resource: request.isResourceRequest ? request.resource : "",
                         name: request.name, message: message)
    }

    /// `apierrors.NewForbidden`: the qualified resource and name in front, details {name, group, kind=resource}.
    static func forbidden(group: String, resource: String, name: String, message: String) -> APIError {
        let qualified = group.isEmpty ? resource : "\(resource).\(group)"
        let text: String
        if resource.isEmpty && group.isEmpty {
            text = "forbidden: \(message)"
        } else if name.isEmpty {
            text = "\(qualified) is forbidden: \(message)"
        } else {
            text = "\(qualified) \(GoFormat.quote(name)) is forbidden: \(message)"
        }
        var details: JSONValue = [:]
        if !name.isEmpty { details["name"] = .string(name) }
        if !group.isEmpty { details["group"] = .string(group) }
        if !resource.isEmpty { details["kind"] = .string(resource) }
        return APIError(code: 403, reason: "Forbidden", message: text, details: details)
    }
}
