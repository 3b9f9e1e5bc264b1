import JSONValues
import KubeModel

/// RBAC's escalation prevention: a user may write a Role or ClusterRole only
/// with rules it holds itself (or the `escalate` verb on it), and a binding
/// only to a role whose rules it holds (or the `bind` verb on that role). The
/// rules held are those of the role's scope: a namespace's for Roles and
/// RoleBindings, cluster-wide ones for ClusterRoles and ClusterRoleBindings.
struct EscalationCheck {
    var authorizer: RBACAuthorizer
    var store: ObjectStore

    func check(_ object: JSONValue, target: RequestTarget, user: UserInfo) throws(APIError) {
        guard !user.isMaster, target.resource.group == RBACValidation.group, target.subresource == nil else { return }
        let name = object["metadata"]["name"].stringValue ?? ""
        let namespace = target.resource.namespaced ? (target.namespace ?? "") : ""
        let requested: [PolicyRule]
        switch target.resource.kind {
        case "Role", "ClusterRole":
            if allowed(user, verb: "escalate", resource: target.resource.plural, namespace: namespace, name: name) { return }
            requested = PolicyRule.rules(of: object)
        case "RoleBinding", "ClusterRoleBinding":
            let kind = object["roleRef"]["kind"].stringValue ?? ""
            let roleName = object["roleRef"]["name"].stringValue ?? ""
            let rolePlural = kind == "Role" ? "roles" : "clusterroles"
            if allowed(user, verb: "bind", resource: rolePlural, namespace: kind == "Role" ? namespace : "", name: roleName) { return }
            let role = kind == "Role"
                ? store.get(RBACAuthorizer.roles, ObjectKey(namespace: namespace, name: roleName))
                : store.get(RBACAuthorizer.clusterRoles, ObjectKey(namespace: "", name: roleName))
            requested = role.map(PolicyRule.rules(of:)) ?? []
        default:
            return
        }
        let held = authorizer.rules(of: user, namespace: namespace).map(\.rule)
        let missing = requested.flatMap(Self.breakdown).filter { wanted in !held.contains { Self.covers($0, wanted) } }
        guard !missing.isEmpty else { return }
        let groups = "[" + user.groups.map(GoFormat.quote).joined(separator: " ") + "]"
        let descriptions = Set(Self.compact(missing).map(Self.compactString)).sorted()
        throw APIError.forbidden(group: target.resource.group, resource: target.resource.plural, name: name,
                                 message: "user \(GoFormat.quote(user.username)) (groups=\(groups)) is attempting to grant RBAC permissions not currently held:\n"
                                     + descriptions.joined(separator: "\n"))
    }

    private func allowed(_ user: UserInfo, verb: String, resource: String, namespace: String, name: String) -> Bool {
        authorizer.authorize(user, RequestAttributes(isResourceRequest: true, verb: verb, apiGroup: RBACValidation.group, apiVersion: "v1",
                                                     resource: resource, namespace: namespace, name: name)).allowed
    }

    /// One rule per verb, group, resource and name (or URL), as the API server compares them.
    static func breakdown(_ rule: PolicyRule) -> [PolicyRule] {
        var atoms: [PolicyRule] = []
        for verb in rule.verbs {
            for group in rule.apiGroups {
                for resource in rule.resources {
                    if rule.resourceNames.isEmpty {
                        atoms.append(PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource]))
                    }
                    for name in rule.resourceNames {
                        atoms.append(PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name]))
                    }
                }
            }
            for url in rule.nonResourceURLs {
                atoms.append(PolicyRule(verbs: [verb], nonResourceURLs: [url]))
            }
        }
        return atoms
    }

    /// Whether `owner` grants everything the single-valued `wanted` does.
    static func covers(_ owner: PolicyRule, _ wanted: PolicyRule) -> Bool {
        guard let verb = wanted.verbs.first, owner.verbs.contains("*") || owner.verbs.contains(verb) else { return false }
        if let url = wanted.nonResourceURLs.first {
            return owner.nonResourceURLs.contains { held in
                held == "*" || held == url || (held.hasSuffix("*") && url.hasPrefix(String(held.dropLast())))
            }
        }
        guard let group = wanted.apiGroups.first, let resource = wanted.resources.first else { return false }
        guard owner.apiGroups.contains("*") || owner.apiGroups.contains(group) else { return false }
        let resourceCovered = owner.resources.contains { held in
            held == "*" || held == resource
                || (held.hasPrefix("*/") && resource.contains("/") && resource.hasSuffix(String(held.dropFirst(1))))
        }
        guard resourceCovered else { return false }
        if owner.resourceNames.isEmpty { return true }
        guard let name = wanted.resourceNames.first else { return false }
        return owner.resourceNames.contains(name)
    }

    /// Missing rules merged back where only the verb differs.
    private static func compact(_ rules: [PolicyRule]) -> [PolicyRule] {
        var merged: [PolicyRule] = []
        for rule in rules {
            if let index = merged.firstIndex(where: { $0.apiGroups == rule.apiGroups && $0.resources == rule.resources
                && $0.resourceNames == rule.resourceNames && $0.nonResourceURLs == rule.nonResourceURLs && !$0.resources.isEmpty }) {
                for verb in rule.verbs where !merged[index].verbs.contains(verb) { merged[index].verbs.append(verb) }
            } else {
                merged.append(rule)
            }
        }
        return merged
    }

    /// `{APIGroups:["apps"], Resources:["daemonsets"], Verbs:["delete"]}`, as the API server lists what is missing.
    private static func compactString(_ rule: PolicyRule) -> String {
        func list(_ values: [String]) -> String { "[" + values.map(GoFormat.quote).joined(separator: " ") + "]" }
        var parts: [String] = []
        if !rule.apiGroups.isEmpty { parts.append("APIGroups:" + list(rule.apiGroups)) }
        if !rule.resources.isEmpty { parts.append("Resources:" + list(rule.resources)) }
        if !rule.nonResourceURLs.isEmpty { parts.append("NonResourceURLs:" + list(rule.nonResourceURLs)) }
        if !rule.resourceNames.isEmpty { parts.append("ResourceNames:" + list(rule.resourceNames)) }
        if !rule.verbs.isEmpty { parts.append("Verbs:" + list(rule.verbs)) }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
