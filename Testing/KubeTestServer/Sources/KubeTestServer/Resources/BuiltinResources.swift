import KubeSchema

/// The built-in kinds the server stores (the subset the operator and kubectl need).
enum BuiltinResources {
    static let all: [ResourceType] = {
        var types: [ResourceType] = [
            ResourceType(group: "", versions: ["v1"], kind: "Namespace", plural: "namespaces", namespaced: false,
                         shortNames: ["ns"], hasStatusSubresource: true),
            ResourceType(group: "", versions: ["v1"], kind: "Node", plural: "nodes", namespaced: false,
                         shortNames: ["no"], hasStatusSubresource: true),
            ResourceType(group: "", versions: ["v1"], kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true,
                         shortNames: ["sa"]),
            ResourceType(group: "", versions: ["v1"], kind: "Secret", plural: "secrets", namespaced: true),
            ResourceType(group: "", versions: ["v1"], kind: "ConfigMap", plural: "configmaps", namespaced: true,
                         shortNames: ["cm"]),
            ResourceType(group: "", versions: ["v1"], kind: "Service", plural: "services", namespaced: true,
                         shortNames: ["svc"], categories: ["all"], hasStatusSubresource: true),
            ResourceType(group: "", versions: ["v1"], kind: "Event", plural: "events", namespaced: true,
                         shortNames: ["ev"]),
            ResourceType(group: "", versions: ["v1"], kind: "Pod", plural: "pods", namespaced: true,
                         shortNames: ["po"], categories: ["all"], hasStatusSubresource: true),
            ResourceType(group: "apps", versions: ["v1"], kind: "DaemonSet", plural: "daemonsets", namespaced: true,
                         shortNames: ["ds"], categories: ["all"], hasStatusSubresource: true),
            ResourceType(group: "apps", versions: ["v1"], kind: "Deployment", plural: "deployments", namespaced: true,
                         shortNames: ["deploy"], categories: ["all"], hasStatusSubresource: true),
            ResourceType(group: "rbac.authorization.k8s.io", versions: ["v1"], kind: "Role", plural: "roles",
                         namespaced: true),
            ResourceType(group: "rbac.authorization.k8s.io", versions: ["v1"], kind: "RoleBinding", plural: "rolebindings",
                         namespaced: true),
            ResourceType(group: "rbac.authorization.k8s.io", versions: ["v1"], kind: "ClusterRole", plural: "clusterroles",
                         namespaced: false),
            ResourceType(group: "rbac.authorization.k8s.io", versions: ["v1"], kind: "ClusterRoleBinding",
                         plural: "clusterrolebindings", namespaced: false),
            ResourceType(group: "coordination.k8s.io", versions: ["v1"], kind: "Lease", plural: "leases", namespaced: true),
            ResourceType(group: "events.k8s.io", versions: ["v1"], kind: "Event", plural: "events", namespaced: true,
                         shortNames: ["ev"]),
            ResourceType(group: "admissionregistration.k8s.io", versions: ["v1"], kind: "ValidatingWebhookConfiguration",
                         plural: "validatingwebhookconfigurations", namespaced: false),
            ResourceType(group: "apiextensions.k8s.io", versions: ["v1"], kind: "CustomResourceDefinition",
                         plural: "customresourcedefinitions", namespaced: false, shortNames: ["crd", "crds"],
                         hasStatusSubresource: true),
        ]
        // The reviews: create-only and never stored (answered by Auth/).
        let reviews: [(group: String, kind: String, plural: String, namespaced: Bool)] = [
            ("authentication.k8s.io", "TokenReview", "tokenreviews", false),
            ("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", false),
            ("authorization.k8s.io", "SubjectAccessReview", "subjectaccessreviews", false),
            ("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false),
            ("authorization.k8s.io", "LocalSubjectAccessReview", "localsubjectaccessreviews", true),
            ("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false),
        ]
        for review in reviews {
            var type = ResourceType(group: review.group, versions: ["v1"], kind: review.kind, plural: review.plural,
                                    namespaced: review.namespaced)
            type.isReview = true
            types.append(type)
        }
        for index in types.indices {
            types[index].printer = printer(for: types[index].kind)
        }
        return types
    }()

    private static func printer(for kind: String) -> TablePrinter {
        switch kind {
        case "Namespace": return .namespaces()
        case "Node": return .nodes()
        case "DaemonSet": return .daemonSets()
        case "Deployment": return .deployments()
        case "ConfigMap": return .configMaps()
        default: return .standard()
        }
    }
}
