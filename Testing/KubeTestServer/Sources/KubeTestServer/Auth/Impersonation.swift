/// `Impersonate-User`, `Impersonate-Group` (repeatable) and `Impersonate-Uid`:
/// the authenticated user acts as another once RBAC lets it `impersonate`
/// that user (or ServiceAccount), each group and the uid, as the API
/// server's impersonation filter does. `kubectl --as` and `--as-group` send them.
struct Impersonation {
    var authorizer: RBACAuthorizer

    /// The user to act as: `requester` itself without impersonation headers.
    func resolve(_ request: APIRequest, requester: UserInfo) throws(APIError) -> UserInfo {
        let username = request.headers["impersonate-user"]
        let groups = request.headerValues("impersonate-group")
        let uid = request.headers["impersonate-uid"]
        let extras = request.headerNames.contains { $0.hasPrefix("impersonate-extra-") }
        guard let username else {
            if !groups.isEmpty || uid != nil || extras {
                throw .internalError("requested impersonation of groups, uid or extra without impersonating a user")
            }
            return requester
        }
        var checks: [RequestAttributes] = []
        var impersonated = UserInfo(username: username, uid: uid ?? "", groups: groups)
        if let account = UserInfo.serviceAccountName(username) {
            checks.append(RequestAttributes(isResourceRequest: true, verb: "impersonate", apiVersion: "v1", resource: "serviceaccounts",
                                            namespace: account.namespace, name: account.name))
            for group in UserInfo.serviceAccountGroups(namespace: account.namespace) where !impersonated.groups.contains(group) {
                impersonated.groups.append(group)
            }
        } else {
            checks.append(RequestAttributes(isResourceRequest: true, verb: "impersonate", apiVersion: "v1", resource: "users", name: username))
        }
        for group in groups {
            checks.append(RequestAttributes(isResourceRequest: true, verb: "impersonate", apiVersion: "v1", resource: "groups", name: group))
        }
        if let uid {
            checks.append(RequestAttributes(isResourceRequest: true, verb: "impersonate", apiGroup: "authentication.k8s.io",
                                            apiVersion: "v1", resource: "uids", name: uid))
        }
        for check in checks where !authorizer.authorize(requester, check).allowed {
            throw .forbidden(check, user: requester.username)
        }
        if username != "system:anonymous" && !impersonated.groups.contains("system:authenticated") {
            impersonated.groups.append("system:authenticated")
        }
        return impersonated
    }
}
