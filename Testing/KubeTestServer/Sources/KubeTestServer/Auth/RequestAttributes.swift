/// What authorization judges, parsed from the URL alone as the API server's
/// RequestInfo is (before knowing whether the resource exists): a resource
/// request (`/api/v1/...`, `/apis/GROUP/VERSION/...` with a resource) or a
/// non-resource request (discovery, `/version`, `/healthz`, anything else).
public struct RequestAttributes: Sendable, Hashable {
    public var isResourceRequest: Bool
    /// get, list, watch, create, update, patch, delete, deletecollection;
    /// for non-resource requests the lowercased HTTP method.
    public var verb: String
    public var apiGroup: String = ""
    public var apiVersion: String = ""
    public var resource: String = ""
    public var subresource: String = ""
    public var namespace: String = ""
    public var name: String = ""
    public var path: String

    public init(isResourceRequest: Bool, verb: String, apiGroup: String = "", apiVersion: String = "", resource: String = "",
                subresource: String = "", namespace: String = "", name: String = "", path: String = "") {
        self.isResourceRequest = isResourceRequest
        self.verb = verb
        self.apiGroup = apiGroup
        self.apiVersion = apiVersion
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
        self.path = path
    }

    /// `resource` or `resource/subresource`, as RBAC rules name it.
    public var combinedResource: String { subresource.isEmpty ? resource : "\(resource)/\(subresource)" }

    /// The subresources of a Namespace itself: `namespaces/NS/status` is not a resource called "status".
    private static let namespaceSubresources: Set<String> = ["status", "finalize"]

    init(method: String, path: String, query: [String: String]) {
        let method = method.uppercased()
        self.path = path
        var parts = path.split(separator: "/").map(String.init)
        isResourceRequest = false
        verb = method.lowercased()
        guard parts.count >= 3, parts[0] == "api" || parts[0] == "apis" else { return }
        let prefix = parts.removeFirst()
        if prefix == "apis" {
            // /apis/GROUP/VERSION alone is discovery.
            guard parts.count >= 3 else { return }
            apiGroup = parts.removeFirst()
        }
        apiVersion = parts.removeFirst()
        isResourceRequest = true
        switch method {
        case "POST": verb = "create"
        case "GET", "HEAD": verb = "get"
        case "PUT": verb = "update"
        case "PATCH": verb = "patch"
        case "DELETE": verb = "delete"
        default: verb = ""
        }
        if parts.first == "namespaces", parts.count > 1 {
            namespace = parts[1]
            if parts.count > 2, !Self.namespaceSubresources.contains(parts[2]) {
                parts = Array(parts[2...])
            }
        }
        if let first = parts.first { resource = first }
        if parts.count >= 2 { name = parts[1] }
        if parts.count >= 3 { subresource = parts[2] }
        if name.isEmpty && verb == "get" {
            let watch = query["watch"].map { ["true", "1", "t", "T", "TRUE", "True"].contains($0) } ?? false
            verb = watch ? "watch" : "list"
            // `fieldSelector=metadata.name=x` makes a list or watch one of a named object.
            if let selector = query["fieldSelector"] { name = Self.exactName(in: selector) ?? "" }
        }
        if name.isEmpty && verb == "delete" { verb = "deletecollection" }
    }

    /// The name a field selector pins (`metadata.name=x` or `metadata.name==x`), if it is the selector's only name term.
    private static func exactName(in selector: String) -> String? {
        var found: String?
        for term in selector.split(separator: ",") {
            for op in ["==", "="] {
                let prefix = "metadata.name" + op
                if term.hasPrefix(prefix) {
                    found = String(term.dropFirst(prefix.count))
                    break
                }
            }
        }
        guard let found, !found.isEmpty, !found.contains("/"), found != ".", found != ".." else { return nil }
        return found
    }
}
