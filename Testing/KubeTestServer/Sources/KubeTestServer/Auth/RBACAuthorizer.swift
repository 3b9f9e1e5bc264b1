import JSONValues
import KubeModel

/// The RBAC authorizer over the stored Roles, ClusterRoles and their
/// bindings: ClusterRoleBindings grant their ClusterRole everywhere;
/// RoleBindings grant a Role of their namespace, or a ClusterRole, in their
/// namespace only. `system:masters` is allowed everything before RBAC is asked,
/// as the real server's privileged-group authorizer does.
struct RBACAuthorizer: Sendable {
    var store: ObjectStore

    struct Decision: Sendable {
        var allowed: Bool
        /// `RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to User "u"`; empty when denied.
        var reason: String
    }

    /// A rule and the binding it came through, for reasons and rule listings.
    struct Grant {
        var rule: PolicyRule
        var source: String
    }

    static let roles = ResourceKey(group: "rbac.authorization.k8s.io", plural: "roles")
    static let clusterRoles = ResourceKey(group: "rbac.authorization.k8s.io", plural: "clusterroles")
    static let roleBindings = ResourceKey(group: "rbac.authorization.k8s.io", plural: "rolebindings")
    static let clusterRoleBindings = ResourceKey(group: "rbac.authorization.k8s.io", plural: "clusterrolebindings")

    func authorize(_ user: UserInfo, _ request: RequestAttributes) -> Decision {
        if user.isMaster { return Decision(allowed: true, reason: "") }
        var found: Grant?
        visitRules(of: user, namespace: request.namespace) { grant in
            guard grant.rule.allows(request) else { return true }
            found = grant
            return false
        }
        return found.map { Decision(allowed: true, reason: "RBAC: allowed by \($0.source)") } ?? Decision(allowed: false, reason: "")
    }

    /// Every rule granted to `user` in `namespace` (cluster-wide ones included).
    func rules(of user: UserInfo, namespace: String) -> [Grant] {
        var grants: [Grant] = []
        visitRules(of: user, namespace: namespace) { grants.append($0); return true }
        return grants
    }

    /// Calls `visit` with each granted rule until it returns false. Order as
    /// the real authorizer: ClusterRoleBindings, then the namespace's RoleBindings.
    private func visitRules(of user: UserInfo, namespace: String, _ visit: (Grant) -> Bool) {
        for (_, binding) in store.list(Self.clusterRoleBindings, namespace: nil).objects {
            guard let subject = matchingSubject(binding, user, bindingNamespace: "") else { continue }
            guard binding["roleRef"]["kind"].stringValue == "ClusterRole", let roleName = binding["roleRef"]["name"].stringValue,
                  let role = store.get(Self.clusterRoles, ObjectKey(namespace: "", name: roleName)) else { continue }
            let source = "ClusterRoleBinding \(quote(binding["metadata"]["name"].stringValue ?? "")) of ClusterRole \(quote(roleName)) to \(describe(subject, bindingNamespace: ""))"
            for rule in PolicyRule.rules(of: role) where !visit(Grant(rule: rule, source: source)) { return }
        }
        guard !namespace.isEmpty else { return }
        for (_, binding) in store.list(Self.roleBindings, namespace: namespace).objects {
            guard let subject = matchingSubject(binding, user, bindingNamespace: namespace) else { continue }
            let kind = binding["roleRef"]["kind"].stringValue ?? ""
            guard let roleName = binding["roleRef"]["name"].stringValue else { continue }
            let role: JSONValue?
            switch kind {
            case "Role": role = store.get(Self.roles, ObjectKey(namespace: namespace, name: roleName))
            case "ClusterRole": role = store.get(Self.clusterRoles, ObjectKey(namespace: "", name: roleName))
            default: role = nil
            }
            guard let role else { continue }
            let bindingName = (binding["metadata"]["name"].stringValue ?? "") + "/" + namespace
            let source = "RoleBinding \(quote(bindingName)) of \(kind) \(quote(roleName)) to \(describe(subject, bindingNamespace: namespace))"
            for rule in PolicyRule.rules(of: role) where !visit(Grant(rule: rule, source: source)) { return }
        }
    }

    /// The binding's first subject that is `user`.
    private func matchingSubject(_ binding: JSONValue, _ user: UserInfo, bindingNamespace: String) -> JSONValue? {
        (binding["subjects"].arrayValue ?? []).first { subject in
            let name = subject["name"].stringValue ?? ""
            switch subject["kind"].stringValue {
            case "User": return name == user.username
            case "Group": return user.groups.contains(name)
            case "ServiceAccount":
                // A RoleBinding's ServiceAccount subject without a namespace means one of the binding's namespace.
                let namespace = subject["namespace"].stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? bindingNamespace
                return !namespace.isEmpty && user.username == "system:serviceaccount:\(namespace):\(name)"
            default: return false
            }
        }
    }

    private func describe(_ subject: JSONValue, bindingNamespace: String) -> String {
        let kind = subject["kind"].stringValue ?? ""
        let name = subject["name"].stringValue ?? ""
        if kind == "ServiceAccount" {
            let namespace = subject["namespace"].stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? bindingNamespace
            return "\(kind) \(quote(name + "/" + namespace))"
        }
        return "\(kind) \(quote(name))"
    }

    private func quote(_ text: String) -> String { GoFormat.quote(text) }
}
