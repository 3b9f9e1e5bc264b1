import JSONValues
import KubeModel

/// The part of a real cluster's bootstrap RBAC policy that tests meet:
/// cluster-admin (bound to system:masters), the aggregated admin/edit/view
/// roles, discovery and public info for every authenticated user, and
/// system:basic-user (self reviews). Labelled and annotated as the real ones.
enum BootstrapPolicy {
    static let discoveryURLs = ["/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version", "/version/"]
    static let publicInfoURLs = ["/healthz", "/livez", "/readyz", "/version", "/version/"]

    static var clusterRoles: [JSONValue] {
        [
            role("cluster-admin", rules: [
                PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
                PolicyRule(verbs: ["*"], nonResourceURLs: ["*"]),
            ]),
            aggregated("admin", into: ["admin"]),
            aggregated("edit", into: ["admin", "edit"]),
            aggregated("view", into: ["admin", "edit", "view"]),
            // What admin, edit and view aggregate beyond the API's own kinds: here, nothing but the
            // shape (the real roles list every built-in resource; tests grant what they need).
            role("system:aggregate-to-view", rules: [
                PolicyRule(verbs: ["get", "list", "watch"], apiGroups: [""],
                           resources: ["configmaps", "endpoints", "persistentvolumeclaims", "pods", "services", "serviceaccounts", "events"]),
                PolicyRule(verbs: ["get", "list", "watch"], apiGroups: ["apps"], resources: ["daemonsets", "deployments", "replicasets", "statefulsets"]),
            ], labels: ["rbac.authorization.k8s.io/aggregate-to-view": "true"]),
            role("system:aggregate-to-edit", rules: [
                PolicyRule(verbs: ["create", "delete", "deletecollection", "patch", "update"], apiGroups: [""],
                           resources: ["configmaps", "pods", "services", "serviceaccounts", "secrets"]),
                PolicyRule(verbs: ["create", "delete", "deletecollection", "patch", "update"], apiGroups: ["apps"],
                           resources: ["daemonsets", "deployments"]),
            ], labels: ["rbac.authorization.k8s.io/aggregate-to-edit": "true"]),
            role("system:aggregate-to-admin", rules: [
                PolicyRule(verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                           apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"]),
                PolicyRule(verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["localsubjectaccessreviews"]),
            ], labels: ["rbac.authorization.k8s.io/aggregate-to-admin": "true"]),
            role("system:discovery", rules: [PolicyRule(verbs: ["get"], nonResourceURLs: discoveryURLs)]),
            role("system:public-info-viewer", rules: [PolicyRule(verbs: ["get"], nonResourceURLs: publicInfoURLs)]),
            role("system:basic-user", rules: [
                PolicyRule(verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
                PolicyRule(verbs: ["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"]),
            ]),
        ]
    }

    static var clusterRoleBindings: [JSONValue] {
        [
            binding("cluster-admin", groups: ["system:masters"]),
            binding("system:discovery", groups: ["system:authenticated"]),
            binding("system:basic-user", groups: ["system:authenticated"]),
            binding("system:public-info-viewer", groups: ["system:authenticated", "system:unauthenticated"]),
        ]
    }

    static func seed(into api: KubeAPI) {
        let sets: [(String, [JSONValue])] = [("clusterroles", clusterRoles), ("clusterrolebindings", clusterRoleBindings)]
        for (plural, objects) in sets {
            guard let type = api.registry.resource(ResourceKey(group: "rbac.authorization.k8s.io", plural: plural)) else { continue }
            let target = RequestTarget(resource: type, version: "v1", namespace: nil, name: nil, subresource: nil)
            for object in objects {
                guard let prepared = try? api.preparation.prepareCreate(object, target: target, strictFields: false),
                      let name = prepared["metadata"]["name"].stringValue else { continue }
                _ = try? api.store.create(type.key, ObjectKey(namespace: "", name: name), prepared)
            }
        }
        RoleAggregation(store: api.store).aggregate()
    }

    private static func metadata(_ name: String, labels: [String: String] = [:]) -> JSONValue {
        var allLabels = labels
        allLabels["kubernetes.io/bootstrapping"] = "rbac-defaults"
        return ["name": .string(name), "labels": .object(allLabels.mapValues { .string($0) }),
                "annotations": ["rbac.authorization.kubernetes.io/autoupdate": "true"]]
    }

    private static func role(_ name: String, rules: [PolicyRule], labels: [String: String] = [:]) -> JSONValue {
        ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": metadata(name, labels: labels),
         "rules": .array(rules.map(\.json))]
    }

    /// admin, edit, view: their rules are whatever the roles labelled for them hold;
    /// edit aggregates into admin and view into edit, through the same labels.
    private static func aggregated(_ name: String, into: [String]) -> JSONValue {
        var labels: [String: String] = [:]
        for target in into where target != name { labels["rbac.authorization.k8s.io/aggregate-to-\(target)"] = "true" }
        return ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": metadata(name, labels: labels),
                "aggregationRule": ["clusterRoleSelectors": [["matchLabels": ["rbac.authorization.k8s.io/aggregate-to-\(name)": "true"]]]],
                "rules": []]
    }

    private static func binding(_ name: String, groups: [String]) -> JSONValue {
        ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": metadata(name),
         "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(name)],
         "subjects": .array(groups.map { ["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string($0)] })]
    }
}
