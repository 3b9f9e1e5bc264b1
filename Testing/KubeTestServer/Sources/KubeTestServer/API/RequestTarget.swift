/// What a resource URL names: `/api/v1/namespaces/NS/PLURAL/NAME/SUBRESOURCE`
/// or `/apis/GROUP/VERSION/...`, resolved against the served resources.
struct RequestTarget: Sendable {
    var resource: ResourceType
    var version: String
    /// Nil: all namespaces (or a cluster-scoped resource).
    var namespace: String?
    var name: String?
    var subresource: String?

    var apiVersion: String { resource.apiVersion(version) }
    var objectKey: ObjectKey? { name.map { ObjectKey(namespace: namespace ?? "", name: $0) } }

    enum Resolution {
        case target(RequestTarget)
        case discovery
        case unknown
    }

    static func resolve(path: String, registry: ResourceRegistry) -> Resolution {
        let segments = path.split(separator: "/").map(String.init)
        let group: String
        let version: String
        let rest: ArraySlice<String>
        if segments.first == "api" {
            guard segments.count >= 2 else { return .discovery }
            group = ""
            version = segments[1]
            rest = segments[2...]
        } else if segments.first == "apis" {
            guard segments.count >= 3 else { return .discovery }
            group = segments[1]
            version = segments[2]
            rest = segments[3...]
        } else {
            return .unknown
        }
        guard let first = rest.first else { return .discovery }
        var parts = Array(rest)
        var namespace: String?
        // namespaces/NS/PLURAL... is a namespaced request unless PLURAL is
        // not a namespaced resource here (then it is the Namespace's own subresource).
        if first == "namespaces", parts.count >= 3,
           let inner = registry.resource(group: group, version: version, plural: parts[2]), inner.namespaced {
            namespace = parts[1]
            parts = Array(parts[2...])
        }
        guard let resource = registry.resource(group: group, version: version, plural: parts[0]) else { return .unknown }
        guard parts.count <= 3 else { return .unknown }
        if parts.count == 3, !subresources(of: resource).contains(parts[2]) { return .unknown }
        return .target(RequestTarget(
            resource: resource, version: version, namespace: namespace,
            name: parts.count > 1 ? parts[1] : nil, subresource: parts.count > 2 ? parts[2] : nil))
    }

    /// The subresources served: status (when the kind has one; `perform` answers 404 otherwise),
    /// and a ServiceAccount's `token` (the TokenRequest API).
    static func subresources(of resource: ResourceType) -> Set<String> {
        resource.key == ResourceKey(group: "", plural: "serviceaccounts") ? ["status", "token"] : ["status"]
    }
}
