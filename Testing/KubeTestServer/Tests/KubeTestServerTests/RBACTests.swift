import Foundation
import JSONValues
import KubeModel
import KubeTestServer
import Testing

/// RBAC authorization of non-admin users: rule matching, bindings, the
/// 403 messages, the access reviews, aggregation and the bootstrap policy.
@Suite struct RBACTests {
    static let rbac = "/apis/rbac.authorization.k8s.io/v1"

    /// A ClusterRole with `rules` and a ClusterRoleBinding of it to `subject`.
    static func grantCluster(_ client: APIClient, name: String, rules: [JSONValue], subject: JSONValue) async throws {
        let role = try await client.request("POST", "\(rbac)/clusterroles", body: ["metadata": ["name": .string(name)], "rules": .array(rules)])
        #expect(role.status == 201, "\(role.body)")
        let binding = try await client.request("POST", "\(rbac)/clusterrolebindings", body: [
            "metadata": ["name": .string(name)], "subjects": [subject],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(name)],
        ])
        #expect(binding.status == 201, "\(binding.body)")
    }

    /// A RoleBinding in `namespace` of `roleKind`/`role` to `subject`.
    static func bind(_ client: APIClient, namespace: String, name: String, roleKind: String, role: String, subject: JSONValue) async throws {
        let binding = try await client.request("POST", "\(rbac)/namespaces/\(namespace)/rolebindings", body: [
            "metadata": ["name": .string(name)], "subjects": [subject],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": .string(roleKind), "name": .string(role)],
        ])
        #expect(binding.status == 201, "\(binding.body)")
    }

    static let account: JSONValue = ["kind": "ServiceAccount", "name": "sa", "namespace": "ns"]

    /// SubjectAccessReview (by the admin) for the ServiceAccount ns/sa.
    static func can(_ client: APIClient, _ verb: String, _ resource: String, group: String = "", subresource: String = "",
                    namespace: String = "", name: String = "", user: String = "system:serviceaccount:ns:sa",
                    groups: [String] = ["system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"]) async throws -> Bool {
        let review: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
            "spec": ["user": .string(user), "groups": .array(groups.map { .string($0) }),
                     "resourceAttributes": ["verb": .string(verb), "group": .string(group), "resource": .string(resource),
                                            "subresource": .string(subresource), "namespace": .string(namespace), "name": .string(name)]],
        ]
        let answer = try await client.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: review)
        #expect(answer.status == 201, "\(answer.body)")
        return answer.body["status"]["allowed"] == true
    }

    static func canPath(_ client: APIClient, _ verb: String, _ path: String) async throws -> Bool {
        let review: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
            "spec": ["user": "system:serviceaccount:ns:sa", "groups": ["system:serviceaccounts", "system:authenticated"],
                     "nonResourceAttributes": ["verb": .string(verb), "path": .string(path)]],
        ]
        return try await client.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: review).body["status"]["allowed"] == true
    }
}
