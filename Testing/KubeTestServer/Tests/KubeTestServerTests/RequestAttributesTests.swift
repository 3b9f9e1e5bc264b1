import JSONValues
@testable import KubeTestServer
import Testing

/// What authorization sees of a request: verbs, names and scopes parsed from
/// the URL as the API server's RequestInfo does.
@Suite struct RequestAttributesTests {
    static func attributes(_ method: String, _ uri: String) -> RequestAttributes {
        let request = APIRequest(method: method, uri: uri)
        return RequestAttributes(method: request.method, path: request.path, query: request.query)
    }

    @Test(arguments: [
        ("GET", "/apis/apps/v1/namespaces/ns/daemonsets/x", "get", "apps", "daemonsets", "", "ns", "x"),
        ("HEAD", "/apis/apps/v1/namespaces/ns/daemonsets/x", "get", "apps", "daemonsets", "", "ns", "x"),
        ("GET", "/apis/apps/v1/namespaces/ns/daemonsets", "list", "apps", "daemonsets", "", "ns", ""),
        ("GET", "/apis/apps/v1/daemonsets", "list", "apps", "daemonsets", "", "", ""),
        ("GET", "/api/v1/nodes?watch=true", "watch", "", "nodes", "", "", ""),
        ("GET", "/api/v1/nodes?watch=1&resourceVersion=5", "watch", "", "nodes", "", "", ""),
        ("GET", "/api/v1/nodes?watch=false", "list", "", "nodes", "", "", ""),
        ("GET", "/api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name%3Dsettings", "list", "", "configmaps", "", "ns", "settings"),
        ("GET", "/api/v1/namespaces/ns/configmaps?watch=true&fieldSelector=metadata.name%3D%3Dsettings", "watch", "", "configmaps", "", "ns", "settings"),
        ("POST", "/api/v1/namespaces/ns/configmaps", "create", "", "configmaps", "", "ns", ""),
        ("PUT", "/api/v1/namespaces/ns/configmaps/c", "update", "", "configmaps", "", "ns", "c"),
        ("PATCH", "/apis/x.io/v1/namespaces/ns/widgets/w/status", "patch", "x.io", "widgets", "status", "ns", "w"),
        ("DELETE", "/api/v1/namespaces/ns/configmaps/c", "delete", "", "configmaps", "", "ns", "c"),
        ("DELETE", "/api/v1/namespaces/ns/configmaps", "deletecollection", "", "configmaps", "", "ns", ""),
        ("POST", "/api/v1/namespaces/ns/serviceaccounts/sa/token", "create", "", "serviceaccounts", "token", "ns", "sa"),
        // A namespace is named in both the name and the namespace; its own subresources stay its own.
        ("GET", "/api/v1/namespaces/ns", "get", "", "namespaces", "", "ns", "ns"),
        ("PUT", "/api/v1/namespaces/ns/finalize", "update", "", "namespaces", "finalize", "ns", "ns"),
        ("GET", "/api/v1/namespaces", "list", "", "namespaces", "", "", ""),
    ])
    func resourceRequests(method: String, uri: String, verb: String, group: String, resource: String, subresource: String,
                          namespace: String, name: String) {
        let parsed = Self.attributes(method, uri)
        #expect(parsed.isResourceRequest)
        #expect(parsed.verb == verb)
        #expect(parsed.apiGroup == group)
        #expect(parsed.resource == resource)
        #expect(parsed.subresource == subresource)
        #expect(parsed.namespace == namespace)
        #expect(parsed.name == name)
    }

    @Test(arguments: [("GET", "/api", "get"), ("GET", "/api/v1", "get"), ("GET", "/apis", "get"), ("GET", "/apis/apps", "get"),
                      ("GET", "/apis/apps/v1", "get"), ("GET", "/openapi/v3", "get"), ("GET", "/version", "get"),
                      ("POST", "/kube-test-server/faults", "post"), ("PUT", "/metrics", "put")])
    func nonResourceRequests(method: String, path: String, verb: String) {
        let parsed = Self.attributes(method, path)
        #expect(!parsed.isResourceRequest)
        #expect(parsed.verb == verb)
        #expect(parsed.path == path)
    }

    @Test func withoutATokenOptionEveryoneIsTheAdmin() async throws {
        var options = KubeTestServer.Options()
        options.token = nil
        options.useTLS = false
        let server = try await KubeTestServer.start(options)
        let client = try APIClient(server)
        let list = try await client.request("GET", "/api/v1/namespaces")
        #expect(list.status == 200)
        #expect(server.requests.all.last?.user == "kube-test-server:admin")
        let created = try await client.request("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles",
                                               body: ["metadata": ["name": "anything"], "rules": [["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]]]])
        #expect(created.status == 201)
        try await client.shutdown()
        await server.shutdown()
    }
}
