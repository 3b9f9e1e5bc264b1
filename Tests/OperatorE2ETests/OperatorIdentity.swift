import Foundation
import JSONValues
import KubeTestServer

// The operator runs as it does in a cluster: with a token of its own
// ServiceAccount, bound to the RBAC that config/rbac ships, against an API
// server that enforces it. Its RBAC, as the server holds it, in the form the
// least-privilege tests compare with the requests the operator made.

enum OperatorIdentity {
    static let serviceAccount = "pf-status-relay-operator"
    static var username: String { "system:serviceaccount:\(Paths.namespace):\(serviceAccount)" }
}

/// One permission: a verb on a resource (with its subresource) of a group, in a
/// namespace ("" for cluster-scoped resources, "*" for a grant in every namespace).
struct Permission: Hashable, Comparable, CustomStringConvertible {
    var verb: String
    var group: String
    var resource: String
    var namespace: String

    var description: String {
        "\(verb) \(group.isEmpty ? "core" : group)/\(resource) \(namespace == "*" ? "(cluster-wide)" : namespace.isEmpty ? "(cluster)" : "in \(namespace)")"
    }

    static func < (a: Permission, b: Permission) -> Bool { a.description < b.description }

    /// Whether a grant covers a permission that was used.
    func covers(_ used: Permission) -> Bool {
        verb == used.verb && group == used.group && resource == used.resource && (namespace == "*" || namespace == used.namespace)
    }
}

/// A rule of a role bound to the operator's ServiceAccount, as stored in the server.
struct BoundRule: CustomStringConvertible {
    /// The role's API path (GET and PUT).
    var rolePath: String
    var roleKind: String
    var roleName: String
    var index: Int
    var rule: JSONValue
    /// Where the binding makes it apply: a namespace, or "*" (ClusterRoleBinding).
    var scope: String

    var description: String { "\(roleKind) \(roleName) rule \(index): \(rule.encodedString())" }

    var permissions: [Permission] {
        var result: [Permission] = []
        for url in rule["nonResourceURLs"].arrayValue ?? [] {
            for verb in rule["verbs"].arrayValue ?? [] {
                result.append(Permission(verb: verb.stringValue ?? "", group: "nonResourceURL", resource: url.stringValue ?? "", namespace: ""))
            }
        }
        for group in rule["apiGroups"].arrayValue ?? [] {
            for resource in rule["resources"].arrayValue ?? [] {
                for verb in rule["verbs"].arrayValue ?? [] {
                    result.append(Permission(verb: verb.stringValue ?? "", group: group.stringValue ?? "",
                                             resource: resource.stringValue ?? "", namespace: scope))
                }
            }
        }
        return result
    }
}

extension JSONValue {
    func encodedString() -> String { String(decoding: encoded(), as: UTF8.self) }
}

extension TestCluster {
    var operatorKubeconfigPath: String { directory.appendingPathComponent("operator-kubeconfig").path }

    /// config/rbac through kubectl (the ServiceAccount, Roles, ClusterRoles and
    /// bindings the product ships), then a token for the ServiceAccount minted
    /// with `kubectl create token` (the TokenRequest API), written to a
    /// kubeconfig the operators run with.
    func installOperatorIdentity() async throws {
        try await kubectlOK(["apply", "-k", packageRoot.appendingPathComponent("config/rbac").path])
        let token = try await kubectlOK(["create", "token", OperatorIdentity.serviceAccount, "-n", Paths.namespace, "--duration=2h"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(" ") else { throw E2EFailure("kubectl create token printed \(token)") }
        var kubeconfig = server.kubeconfig
        kubeconfig.token = token
        kubeconfig.namespace = Paths.namespace
        try kubeconfig.write(to: operatorKubeconfigPath)
    }

    /// Every rule of every role bound to the operator's ServiceAccount, as the server holds them now.
    func operatorRules() async throws -> [BoundRule] {
        let rbac = "/apis/rbac.authorization.k8s.io/v1"
        func bindsTheOperator(_ binding: JSONValue) -> Bool {
            (binding["subjects"].arrayValue ?? []).contains {
                $0["kind"] == "ServiceAccount" && $0["name"] == .string(OperatorIdentity.serviceAccount)
                    && $0["namespace"] == .string(Paths.namespace)
            }
        }
        var rules: [BoundRule] = []
        let bindings = try await mustGet("\(rbac)/namespaces/\(Paths.namespace)/rolebindings")["items"].arrayValue ?? []
        let clusterBindings = try await mustGet("\(rbac)/clusterrolebindings")["items"].arrayValue ?? []
        for (binding, scope) in bindings.map({ ($0, Paths.namespace) }) + clusterBindings.map({ ($0, "*") }) where bindsTheOperator(binding) {
            let kind = binding["roleRef"]["kind"].stringValue ?? ""
            let name = binding["roleRef"]["name"].stringValue ?? ""
            let path = kind == "Role" ? "\(rbac)/namespaces/\(Paths.namespace)/roles/\(name)" : "\(rbac)/clusterroles/\(name)"
            let role = try await mustGet(path)
            for (index, rule) in (role["rules"].arrayValue ?? []).enumerated() {
                rules.append(BoundRule(rolePath: path, roleKind: kind, roleName: name, index: index, rule: rule, scope: scope))
            }
        }
        return rules
    }

    /// Removes one rule from its role (as the admin).
    func remove(_ rule: BoundRule) async throws {
        var role = try await mustGet(rule.rolePath)
        var rules = role["rules"].arrayValue ?? []
        rules.remove(at: rule.index)
        role["rules"] = .array(rules)
        let (status, body) = await call("PUT", rule.rolePath, body: role)
        guard status == 200 else { throw E2EFailure("PUT \(rule.rolePath): \(status) \(body)") }
    }

    /// The requests the operator's ServiceAccount made, as the server logged them.
    var operatorRequests: [RequestLog.Entry] {
        server.requests.all.filter { $0.user == OperatorIdentity.username }
    }
}

extension RequestAttributes {
    var permission: Permission {
        isResourceRequest
            ? Permission(verb: verb, group: apiGroup, resource: combinedResource, namespace: namespace)
            : Permission(verb: verb, group: "nonResourceURL", resource: path, namespace: "")
    }
}

extension RequestLog.Entry {
    /// What was refused: admission's check when admission refused, else the request itself.
    var deniedAttributes: RequestAttributes? {
        guard status == 403 else { return nil }
        return admissionChecks.first { !$0.allowed }?.attributes ?? attributes
    }

    /// What the request was allowed: its own verb on its resource, and the checks admission passed.
    var authorizedPermissions: [Permission] {
        guard status != 401, status != 403, let attributes else { return [] }
        return [attributes.permission] + admissionChecks.filter(\.allowed).map(\.attributes.permission)
    }
}
