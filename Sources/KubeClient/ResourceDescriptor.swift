/// Identifies a Kubernetes resource type on the API server: which group and
/// version serve it, its plural path segment, its kind and whether objects
/// live in namespaces. The client builds every request path from one.
public struct ResourceDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The API group; empty for the core group (served under `/api`).
    public var group: String
    public var version: String
    /// The resource name in paths ("pods", "daemonsets").
    public var plural: String
    public var kind: String
    public var namespaced: Bool

    public init(group: String, version: String, plural: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `/api/v1` or `/apis/GROUP/VERSION`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The collection path: every namespace (namespace nil) or one namespace.
    /// For cluster-scoped resources the namespace is ignored.
    public func collectionPath(namespace: String? = nil) -> String {
        var path = groupVersionPath
        if namespaced, let namespace, !namespace.isEmpty {
            path += "/namespaces/\(PercentEncoding.pathSegment(namespace))"
        }
        return path + "/\(plural)"
    }

    /// The path of one object, or of one of its subresources (`status`, `scale`).
    public func objectPath(namespace: String? = nil, name: String, subresource: String? = nil) -> String {
        var path = collectionPath(namespace: namespace) + "/\(PercentEncoding.pathSegment(name))"
        if let subresource, !subresource.isEmpty { path += "/\(subresource)" }
        return path
    }

    /// `plural.group` as kubectl spells it ("daemonsets.apps", "pods").
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    public var description: String { "\(qualifiedName)/\(version)" }
}

extension ResourceDescriptor {
    public static let namespaces = core("namespaces", "Namespace", namespaced: false)
    public static let nodes = core("nodes", "Node", namespaced: false)
    public static let pods = core("pods", "Pod")
    public static let services = core("services", "Service")
    public static let serviceAccounts = core("serviceaccounts", "ServiceAccount")
    public static let secrets = core("secrets", "Secret")
    public static let configMaps = core("configmaps", "ConfigMap")
    public static let events = core("events", "Event")
    public static let daemonSets = ResourceDescriptor(group: "apps", version: "v1", plural: "daemonsets", kind: "DaemonSet", namespaced: true)
    public static let deployments = ResourceDescriptor(group: "apps", version: "v1", plural: "deployments", kind: "Deployment", namespaced: true)
    public static let leases = ResourceDescriptor(
        group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease", namespaced: true)
    public static let validatingWebhookConfigurations = ResourceDescriptor(
        group: "admissionregistration.k8s.io", version: "v1", plural: "validatingwebhookconfigurations",
        kind: "ValidatingWebhookConfiguration", namespaced: false)
    public static let customResourceDefinitions = ResourceDescriptor(
        group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions",
        kind: "CustomResourceDefinition", namespaced: false)

    private static func core(_ plural: String, _ kind: String, namespaced: Bool = true) -> ResourceDescriptor {
        ResourceDescriptor(group: "", version: "v1", plural: plural, kind: kind, namespaced: namespaced)
    }
}

extension ResourceDescriptor {
    /// Create-only reviews (the answer is in the created object's status): the
    /// metrics endpoint authenticates tokens and authorizes their users with them.
    public static let tokenReviews = ResourceDescriptor(
        group: "authentication.k8s.io", version: "v1", plural: "tokenreviews", kind: "TokenReview", namespaced: false)
    public static let subjectAccessReviews = ResourceDescriptor(
        group: "authorization.k8s.io", version: "v1", plural: "subjectaccessreviews", kind: "SubjectAccessReview",
        namespaced: false)
}
