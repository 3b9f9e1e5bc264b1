import JSONValues
import KubeModel

/// The discovery documents (`/version`, `/api`, `/apis`, per group-version
/// resource lists) and a minimal OpenAPI v3: enough for kubectl to map kinds
/// to URLs and to know that the server validates fields itself.
struct Discovery {
    var registry: ResourceRegistry
    static let kubernetesVersion = (major: "1", minor: "32", git: "v1.32.0")

    func document(for path: String) -> JSONValue? {
        let segments = path.split(separator: "/").map(String.init)
        switch segments.count {
        case 1 where segments[0] == "version":
            return [
                "major": .string(Self.kubernetesVersion.major), "minor": .string(Self.kubernetesVersion.minor),
                "gitVersion": .string(Self.kubernetesVersion.git + "+kube-test-server"), "gitCommit": "", "gitTreeState": "clean",
                "buildDate": "2026-01-01T00:00:00Z", "goVersion": "n/a", "compiler": "swift", "platform": "linux/amd64",
            ]
        case 1 where segments[0] == "api":
            return ["kind": "APIVersions", "versions": ["v1"],
                    "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": ""]]]
        case 1 where segments[0] == "apis":
            return ["kind": "APIGroupList", "apiVersion": "v1",
                    "groups": .array(registry.groupVersions().filter { !$0.group.isEmpty }.map(groupDocument))]
        case 2 where segments[0] == "api":
            return segments[1] == "v1" ? resourceList(group: "", version: "v1") : nil
        case 2 where segments[0] == "apis":
            return registry.groupVersions().first { $0.group == segments[1] }.map(groupDocument)
        case 3 where segments[0] == "apis":
            return registry.groupVersions().contains { $0.group == segments[1] && $0.versions.contains(segments[2]) }
                ? resourceList(group: segments[1], version: segments[2]) : nil
        default:
            break
        }
        if segments.first == "openapi", segments.count >= 2, segments[1] == "v3" {
            return openAPIV3(Array(segments.dropFirst(2)))
        }
        return nil
    }

    private func groupDocument(_ entry: (group: String, versions: [String])) -> JSONValue {
        let versions: [JSONValue] = entry.versions.map { ["groupVersion": .string("\(entry.group)/\($0)"), "version": .string($0)] }
        return ["kind": "APIGroup", "apiVersion": "v1", "name": .string(entry.group), "versions": .array(versions),
                "preferredVersion": versions.first ?? .null]
    }

    private func resourceList(group: String, version: String) -> JSONValue {
        var resources: [JSONValue] = []
        for type in registry.all where type.group == group && type.versions.contains(version) {
            var entry: JSONValue = [
                "name": .string(type.plural), "singularName": .string(type.singular), "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind),
                "verbs": type.isReview ? ["create"] : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            ]
            if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map { .string($0) }) }
            if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map { .string($0) }) }
            resources.append(entry)
            if type.hasStatusSubresource {
                resources.append(["name": .string(type.plural + "/status"), "singularName": "", "namespaced": .bool(type.namespaced),
                                  "kind": .string(type.kind), "verbs": ["get", "patch", "update"]])
            }
            if type.key == ResourceKey(group: "", plural: "serviceaccounts") {
                resources.append(["name": "serviceaccounts/token", "singularName": "", "namespaced": true, "group": "authentication.k8s.io",
                                  "version": "v1", "kind": "TokenRequest", "verbs": ["create"]])
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
                "resources": .array(resources)]
    }

    /// `/openapi/v3` lists one document per group-version; each declares the
    /// PATCH operations with their `fieldValidation` parameter, which is what
    /// kubectl checks before leaving field validation to the server.
    private func openAPIV3(_ rest: [String]) -> JSONValue? {
        let groupVersions = registry.groupVersions().flatMap { entry in entry.versions.map { (entry.group, $0) } }
        func pathKey(_ group: String, _ version: String) -> String { group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)" }
        if rest.isEmpty {
            var paths: [String: JSONValue] = [:]
            for (group, version) in groupVersions {
                let key = pathKey(group, version)
                let hash = String(UInt64(bitPattern: Int64(gvDocument(group: group, version: version).jsonString.hashValue)), radix: 16)
                paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash)")]
            }
            return ["paths": .object(paths)]
        }
        let requested = rest.joined(separator: "/")
        guard let (group, version) = groupVersions.first(where: { pathKey($0.0, $0.1) == requested }) else { return nil }
        return gvDocument(group: group, version: version)
    }

    private func gvDocument(group: String, version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for type in registry.all where type.group == group && type.versions.contains(version) && !type.isReview {
            let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
            let path = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.plural)/{name}" : "\(prefix)/\(type.plural)/{name}"
            let gvk: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(type.kind)]
            let parameters: JSONValue = [
                ["name": "fieldValidation", "in": "query", "schema": ["type": "string"]],
                ["name": "dryRun", "in": "query", "schema": ["type": "string"]],
            ]
            paths[path] = [
                "get": ["x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": "get"],
                "put": ["x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": "put", "parameters": parameters],
                "patch": ["x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": "patch", "parameters": parameters],
            ]
        }
        return ["openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string(Self.kubernetesVersion.git)],
                "paths": .object(paths), "components": ["schemas": [:]]]
    }
}
