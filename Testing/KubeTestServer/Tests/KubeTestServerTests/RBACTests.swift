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

    @Test func rulesMatchAsTheRBACAuthorizerDoes() async throws {
        try await AuthenticationTests.withAccount { _, client in
            #expect(try await Self.can(client, "list", "daemonsets", group: "apps", namespace: "ns") == false)
            // verbs, groups, resources; a ClusterRoleBinding grants everywhere.
            try await Self.grantCluster(client, name: "ds-read", rules: [["apiGroups": ["apps"], "resources": ["daemonsets"], "verbs": ["get", "list"]]],
                                        subject: Self.account)
            #expect(try await Self.can(client, "list", "daemonsets", group: "apps", namespace: "ns"))
            #expect(try await Self.can(client, "get", "daemonsets", group: "apps", namespace: "other", name: "x"))
            #expect(try await Self.can(client, "list", "daemonsets", group: "apps"), "cluster scope too")
            #expect(try await Self.can(client, "watch", "daemonsets", group: "apps", namespace: "ns") == false)
            #expect(try await Self.can(client, "list", "daemonsets", group: "extensions", namespace: "ns") == false)
            #expect(try await Self.can(client, "list", "deployments", group: "apps", namespace: "ns") == false)
            #expect(try await Self.can(client, "get", "daemonsets", group: "apps", subresource: "status", namespace: "ns", name: "x") == false,
                    "a resource does not grant its subresources")

            // `*` verbs and groups; subresources: exact, `*/status`, and `resource/*` (literal in the real server).
            try await Self.grantCluster(client, name: "wild", rules: [
                ["apiGroups": ["*"], "resources": ["leases"], "verbs": ["*"]],
                ["apiGroups": ["apps"], "resources": ["deployments/status"], "verbs": ["update"]],
                ["apiGroups": [""], "resources": ["*/status"], "verbs": ["get"]],
                ["apiGroups": [""], "resources": ["services/*"], "verbs": ["get"]],
            ], subject: Self.account)
            #expect(try await Self.can(client, "deletecollection", "leases", group: "coordination.k8s.io", namespace: "ns"))
            #expect(try await Self.can(client, "watch", "leases", group: "anything.example.com"))
            #expect(try await Self.can(client, "update", "deployments", group: "apps", subresource: "status", namespace: "ns", name: "d"))
            #expect(try await Self.can(client, "update", "deployments", group: "apps", namespace: "ns", name: "d") == false)
            #expect(try await Self.can(client, "get", "pods", subresource: "status", namespace: "ns", name: "p"))
            #expect(try await Self.can(client, "get", "pods", namespace: "ns", name: "p") == false)
            #expect(try await Self.can(client, "get", "services", subresource: "status", namespace: "ns", name: "s"), "via */status")
            #expect(try await Self.can(client, "get", "services", subresource: "proxy", namespace: "ns", name: "s") == false,
                    "services/* names the subresource \"*\" only")

            // resourceNames: only requests that carry a name.
            try await Self.grantCluster(client, name: "one-map", rules: [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "update", "create"], "resourceNames": ["settings"]]],
                                        subject: Self.account)
            #expect(try await Self.can(client, "get", "configmaps", namespace: "ns", name: "settings"))
            #expect(try await Self.can(client, "update", "configmaps", namespace: "ns", name: "settings"))
            #expect(try await Self.can(client, "get", "configmaps", namespace: "ns", name: "other") == false)
            #expect(try await Self.can(client, "list", "configmaps", namespace: "ns") == false)
            #expect(try await Self.can(client, "create", "configmaps", namespace: "ns") == false)

            // A Role through a RoleBinding: its namespace only. A ClusterRole through a RoleBinding: likewise.
            let role = try await client.request("POST", "\(Self.rbac)/namespaces/ns/roles", body: [
                "metadata": ["name": "secrets"], "rules": [["apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]]]])
            #expect(role.status == 201)
            try await Self.bind(client, namespace: "ns", name: "secrets", roleKind: "Role", role: "secrets", subject: Self.account)
            #expect(try await Self.can(client, "get", "secrets", namespace: "ns", name: "s"))
            #expect(try await Self.can(client, "get", "secrets", namespace: "default", name: "s") == false)
            #expect(try await Self.can(client, "get", "secrets", name: "s") == false)
            let events = try await client.request("POST", "\(Self.rbac)/clusterroles", body: [
                "metadata": ["name": "events"], "rules": [["apiGroups": [""], "resources": ["events"], "verbs": ["create"]]]])
            #expect(events.status == 201)
            // A ServiceAccount subject without a namespace in a RoleBinding is one of the binding's namespace.
            try await Self.bind(client, namespace: "ns", name: "events", roleKind: "ClusterRole", role: "events", subject: ["kind": "ServiceAccount", "name": "sa"])
            #expect(try await Self.can(client, "create", "events", namespace: "ns"))
            #expect(try await Self.can(client, "create", "events", namespace: "default") == false)
            #expect(try await Self.can(client, "create", "events") == false)
            #expect(try await Self.can(client, "create", "events", namespace: "ns", user: "system:serviceaccount:other:sa", groups: []) == false)

            // Group and User subjects.
            try await Self.grantCluster(client, name: "nodes", rules: [["apiGroups": [""], "resources": ["nodes"], "verbs": ["list"]]],
                                        subject: ["kind": "Group", "name": "system:serviceaccounts:ns"])
            #expect(try await Self.can(client, "list", "nodes"))
            #expect(try await Self.can(client, "list", "nodes", user: "jane", groups: ["system:authenticated"]) == false)
            try await Self.grantCluster(client, name: "jane", rules: [["apiGroups": [""], "resources": ["nodes"], "verbs": ["watch"]]],
                                        subject: ["kind": "User", "name": "jane"])
            #expect(try await Self.can(client, "watch", "nodes", user: "jane", groups: []))
            #expect(try await Self.can(client, "watch", "nodes") == false)

            // Non-resource URLs: exact, prefix with a trailing `*`; bootstrap discovery for every authenticated user.
            #expect(try await Self.canPath(client, "get", "/apis/apps/v1"))
            #expect(try await Self.canPath(client, "get", "/version"))
            #expect(try await Self.canPath(client, "get", "/metrics") == false)
            try await Self.grantCluster(client, name: "metrics", rules: [["nonResourceURLs": ["/metrics", "/debug/*"], "verbs": ["get"]]], subject: Self.account)
            #expect(try await Self.canPath(client, "get", "/metrics"))
            #expect(try await Self.canPath(client, "get", "/metrics/extra") == false)
            #expect(try await Self.canPath(client, "get", "/debug/pprof/heap"))
            #expect(try await Self.canPath(client, "post", "/metrics") == false)
        }
    }

    @Test func deniedRequestsGetTheAPIServersForbiddenMessages() async throws {
        try await AuthenticationTests.withAccount { server, client in
            let token = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            let user = "User \"system:serviceaccount:ns:sa\""
            let cases: [(String, String, String, JSONValue)] = [
                ("GET", "/apis/apps/v1/namespaces/ns/daemonsets",
                 "daemonsets.apps is forbidden: \(user) cannot list resource \"daemonsets\" in API group \"apps\" in the namespace \"ns\"",
                 ["group": "apps", "kind": "daemonsets"]),
                ("GET", "/apis/apps/v1/namespaces/ns/daemonsets/x",
                 "daemonsets.apps \"x\" is forbidden: \(user) cannot get resource \"daemonsets\" in API group \"apps\" in the namespace \"ns\"",
                 ["name": "x", "group": "apps", "kind": "daemonsets"]),
                ("GET", "/api/v1/nodes?watch=true",
                 "nodes is forbidden: \(user) cannot watch resource \"nodes\" in API group \"\" at the cluster scope", ["kind": "nodes"]),
                ("PUT", "/apis/apps/v1/namespaces/ns/daemonsets/x/status",
                 "daemonsets.apps \"x\" is forbidden: \(user) cannot update resource \"daemonsets/status\" in API group \"apps\" in the namespace \"ns\"",
                 ["name": "x", "group": "apps", "kind": "daemonsets"]),
                ("DELETE", "/api/v1/namespaces/ns/configmaps",
                 "configmaps is forbidden: \(user) cannot deletecollection resource \"configmaps\" in API group \"\" in the namespace \"ns\"",
                 ["kind": "configmaps"]),
                ("GET", "/metrics", "forbidden: \(user) cannot get path \"/metrics\"", [:]),
                // Authorization comes before the resource is looked up, and before the body is read.
                ("POST", "/apis/pfstatusrelay.openshift.io/v1alpha1/namespaces/ns/pflacpmonitors",
                 "pflacpmonitors.pfstatusrelay.openshift.io is forbidden: \(user) cannot create resource \"pflacpmonitors\" in API group \"pfstatusrelay.openshift.io\" in the namespace \"ns\"",
                 ["group": "pfstatusrelay.openshift.io", "kind": "pflacpmonitors"]),
            ]
            for (method, path, message, details) in cases {
                let answer = try await client.request(method, path, body: method == "PUT" || method == "POST" ? .string("not an object") : nil, token: token)
                #expect(answer.status == 403, "\(method) \(path)")
                #expect(answer.body["reason"] == "Forbidden")
                #expect(answer.body["message"].stringValue == message)
                #expect(answer.body["details"] == details, "\(method) \(path)")
            }
            // The admin's requests are unchanged; the log keeps the 403s with their user.
            #expect(try await client.request("GET", "/apis/apps/v1/namespaces/ns/daemonsets").status == 200)
            let denied = server.requests.all.filter { $0.status == 403 }
            #expect(denied.count == cases.count)
            #expect(denied.allSatisfy { $0.user == "system:serviceaccount:ns:sa" })
            #expect(denied.first?.attributes?.resource == "daemonsets")
            #expect(server.requests.all.last?.user == "kube-test-server:admin")
        }
    }

    @Test func accessReviewsAnswerAndNeedTheirOwnPermission() async throws {
        try await AuthenticationTests.withAccount { server, client in
            let token = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            try await Self.grantCluster(client, name: "relay", rules: [["apiGroups": ["apps"], "resources": ["daemonsets"], "verbs": ["list"]]], subject: Self.account)
            func selfReview(_ attributes: JSONValue, nonResource: Bool = false) -> JSONValue {
                ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
                 "spec": [nonResource ? "nonResourceAttributes" : "resourceAttributes": attributes]]
            }
            let path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
            let allowed = try await client.request("POST", path, body: selfReview(["verb": "list", "group": "apps", "resource": "daemonsets", "namespace": "ns"]), token: token)
            #expect(allowed.status == 201)
            #expect(allowed.body["kind"] == "SelfSubjectAccessReview")
            #expect(allowed.body["status"]["allowed"] == true)
            #expect(allowed.body["status"]["reason"] == "RBAC: allowed by ClusterRoleBinding \"relay\" of ClusterRole \"relay\" to ServiceAccount \"sa/ns\"")
            let denied = try await client.request("POST", path, body: selfReview(["verb": "delete", "group": "apps", "resource": "daemonsets", "namespace": "ns"]), token: token)
            #expect(denied.body["status"]["allowed"] == false)
            #expect(denied.body["status"]["denied"].boolValue != true)
            let discovery = try await client.request("POST", path, body: selfReview(["verb": "get", "path": "/apis"], nonResource: true), token: token)
            #expect(discovery.body["status"]["allowed"] == true)
            #expect(discovery.body["status"]["reason"] == "RBAC: allowed by ClusterRoleBinding \"system:discovery\" of ClusterRole \"system:discovery\" to Group \"system:authenticated\"")
            let both = try await client.request("POST", path, body: ["kind": "SelfSubjectAccessReview", "spec": [:]], token: token)
            #expect(both.status == 422)

            // A RoleBinding's reason names it as NAME/NAMESPACE.
            try await Self.bind(client, namespace: "ns", name: "view-here", roleKind: "ClusterRole", role: "view", subject: Self.account)
            let viaRoleBinding = try await client.request("POST", path, body: selfReview(["verb": "get", "resource": "pods", "namespace": "ns", "name": "p"]), token: token)
            #expect(viaRoleBinding.body["status"]["reason"] == "RBAC: allowed by RoleBinding \"view-here/ns\" of ClusterRole \"view\" to ServiceAccount \"sa/ns\"")

            // SubjectAccessReview needs RBAC; LocalSubjectAccessReview stays in its namespace.
            let review: JSONValue = ["apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                                     "spec": ["user": "jane", "resourceAttributes": ["verb": "get", "resource": "pods", "namespace": "ns"]]]
            let forbidden = try await client.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: review, token: token)
            #expect(forbidden.status == 403)
            #expect(forbidden.body["message"] == "subjectaccessreviews.authorization.k8s.io is forbidden: User \"system:serviceaccount:ns:sa\" cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope")
            let admin = try await client.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: review)
            #expect(admin.status == 201)
            #expect(admin.body["status"]["allowed"] == false)
            var local = review
            local["kind"] = "LocalSubjectAccessReview"
            local["spec"]["user"] = "system:serviceaccount:ns:sa"
            let localAnswer = try await client.request("POST", "/apis/authorization.k8s.io/v1/namespaces/ns/localsubjectaccessreviews", body: local)
            #expect(localAnswer.status == 201)
            #expect(localAnswer.body["status"]["allowed"] == true)
            #expect(try await client.request("POST", "/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews", body: local).status == 400)
            let noUser = try await client.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                                                  body: ["kind": "SubjectAccessReview", "spec": ["resourceAttributes": ["verb": "get", "resource": "pods"]]])
            #expect(noUser.status == 422)

            // SelfSubjectRulesReview lists what the caller may do in a namespace.
            let rules = try await client.request("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                                                 body: ["kind": "SelfSubjectRulesReview", "spec": ["namespace": "ns"]], token: token)
            #expect(rules.status == 201)
            #expect(rules.body["status"]["resourceRules"].arrayValue?.contains { $0["resources"] == ["daemonsets"] && $0["verbs"] == ["list"] } == true)
            #expect(rules.body["status"]["nonResourceRules"].arrayValue?.isEmpty == false)
        }
    }

    @Test func aggregatedClusterRolesCollectTheRulesOfTheirLabelledRoles() async throws {
        try await AuthenticationTests.withAccount { server, client in
            let editor: JSONValue = [
                "metadata": ["name": "monitor-editor", "labels": ["rbac.authorization.k8s.io/aggregate-to-edit": "true",
                                                                  "rbac.authorization.k8s.io/aggregate-to-admin": "true"]],
                "rules": [["apiGroups": ["pfstatusrelay.openshift.io"], "resources": ["pflacpmonitors"], "verbs": ["get", "list", "create"]]],
            ]
            #expect(try await client.request("POST", "\(Self.rbac)/clusterroles", body: editor).status == 201)
            server.settleControllers()
            let rule: JSONValue = ["apiGroups": ["pfstatusrelay.openshift.io"], "resources": ["pflacpmonitors"], "verbs": ["get", "list", "create"]]
            for name in ["edit", "admin"] {
                let role = try await client.request("GET", "\(Self.rbac)/clusterroles/\(name)")
                #expect(role.body["rules"].arrayValue?.contains(rule) == true, "\(name)")
                #expect(role.body["aggregationRule"] != .null)
            }
            #expect(try await client.request("GET", "\(Self.rbac)/clusterroles/view").body["rules"].arrayValue?.contains(rule) == false)
            // Bound through edit in one namespace, the ServiceAccount may create monitors there.
            try await Self.bind(client, namespace: "ns", name: "editors", roleKind: "ClusterRole", role: "edit", subject: Self.account)
            #expect(try await Self.can(client, "create", "pflacpmonitors", group: "pfstatusrelay.openshift.io", namespace: "ns"))
            #expect(try await Self.can(client, "create", "configmaps", namespace: "ns"), "edit holds view's and edit's own rules")
            #expect(try await Self.can(client, "create", "pflacpmonitors", group: "pfstatusrelay.openshift.io", namespace: "default") == false)
            // Removing the label (or the role) takes the rules away again.
            #expect(try await client.request("DELETE", "\(Self.rbac)/clusterroles/monitor-editor").status == 200)
            server.settleControllers()
            #expect(try await Self.can(client, "create", "pflacpmonitors", group: "pfstatusrelay.openshift.io", namespace: "ns") == false)
            // The bootstrap roles carry the real ones' label.
            let admin = try await client.request("GET", "\(Self.rbac)/clusterroles/cluster-admin")
            #expect(admin.body["metadata"]["labels"]["kubernetes.io/bootstrapping"] == "rbac-defaults")
        }
    }

    @Test func invalidRBACObjectsAreRefused() async throws {
        try await AuthenticationTests.withAccount { _, client in
            func refusal(_ path: String, _ body: JSONValue, method: String = "POST") async throws -> String {
                let answer = try await client.request(method, path, body: body)
                #expect(answer.status == 422, "\(body)")
                #expect(answer.body["reason"] == "Invalid")
                return answer.body["message"].stringValue ?? ""
            }
            let bindings = "\(Self.rbac)/namespaces/ns/rolebindings"
            func binding(_ name: String, kind: String = "Role", apiGroup: String = "rbac.authorization.k8s.io", role: String = "r",
                         subject: JSONValue = ["kind": "User", "name": "jane"]) -> JSONValue {
                ["metadata": ["name": .string(name)], "roleRef": ["apiGroup": .string(apiGroup), "kind": .string(kind), "name": .string(role)],
                 "subjects": [subject]]
            }
            #expect(try await refusal(bindings, binding("a", kind: "Secret"))
                    == "RoleBinding.rbac.authorization.k8s.io \"a\" is invalid: roleRef.kind: Unsupported value: \"Secret\": supported values: \"Role\", \"ClusterRole\"")
            #expect(try await refusal(bindings, binding("b", apiGroup: "example.com"))
                    == "RoleBinding.rbac.authorization.k8s.io \"b\" is invalid: roleRef.apiGroup: Unsupported value: \"example.com\": supported values: \"rbac.authorization.k8s.io\"")
            #expect(try await refusal(bindings, binding("c", role: ""))
                    == "RoleBinding.rbac.authorization.k8s.io \"c\" is invalid: roleRef.name: Required value")
            #expect(try await refusal(bindings, binding("d", subject: ["kind": "Robot", "name": "r2"]))
                    == "RoleBinding.rbac.authorization.k8s.io \"d\" is invalid: subjects[0].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"")
            #expect(try await refusal("\(Self.rbac)/clusterrolebindings", binding("e", kind: "Role"))
                    == "ClusterRoleBinding.rbac.authorization.k8s.io \"e\" is invalid: roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"")
            #expect(try await refusal("\(Self.rbac)/clusterrolebindings", binding("f", kind: "ClusterRole", subject: ["kind": "ServiceAccount", "name": "sa"]))
                    == "ClusterRoleBinding.rbac.authorization.k8s.io \"f\" is invalid: subjects[0].namespace: Required value")

            // roleRef is immutable.
            let created = try await client.request("POST", bindings, body: binding("g"))
            #expect(created.status == 201)
            #expect(created.body["subjects"][0]["apiGroup"] == "rbac.authorization.k8s.io", "defaulted")
            var changed = created.body
            changed["roleRef"]["name"] = "other"
            #expect(try await refusal("\(bindings)/g", changed, method: "PUT")
                    == "RoleBinding.rbac.authorization.k8s.io \"g\" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"other\"}: cannot change roleRef")
            var subjects = created.body
            subjects["subjects"] = [["kind": "Group", "name": "team"]]
            #expect(try await client.request("PUT", "\(bindings)/g", body: subjects).status == 200, "subjects may change")

            // Rules.
            #expect(try await refusal("\(Self.rbac)/namespaces/ns/roles", ["metadata": ["name": "h"], "rules": [["apiGroups": [""], "resources": ["pods"]]]])
                    == "Role.rbac.authorization.k8s.io \"h\" is invalid: rules[0].verbs: Required value: verbs must contain at least one value")
            #expect(try await refusal("\(Self.rbac)/namespaces/ns/roles", ["metadata": ["name": "i"], "rules": [["nonResourceURLs": ["/metrics"], "verbs": ["get"]]]])
                    == "Role.rbac.authorization.k8s.io \"i\" is invalid: rules[0].nonResourceURLs: Invalid value: []string{\"/metrics\"}: namespaced rules cannot apply to non-resource URLs")
            let neither = try await refusal("\(Self.rbac)/clusterroles", ["metadata": ["name": "j"], "rules": [["verbs": ["get"]]]])
            #expect(neither == "ClusterRole.rbac.authorization.k8s.io \"j\" is invalid: [rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[0].resources: Required value: resource rules must supply at least one resource]")
            #expect(try await client.request("POST", "\(Self.rbac)/clusterroles", body: ["metadata": ["name": "k"], "rules": [["nonResourceURLs": ["/metrics"], "verbs": ["get"]]]]).status == 201)
        }
    }

    @Test func usersCannotGrantPermissionsTheyDoNotHold() async throws {
        try await AuthenticationTests.withAccount { server, client in
            let token = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            // May manage Roles and RoleBindings in ns, and read pods there.
            let manager = try await client.request("POST", "\(Self.rbac)/namespaces/ns/roles", body: [
                "metadata": ["name": "manager"], "rules": [
                    ["apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"], "verbs": ["create", "update", "get"]],
                    ["apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]],
                ]])
            #expect(manager.status == 201)
            try await Self.bind(client, namespace: "ns", name: "manager", roleKind: "Role", role: "manager", subject: Self.account)

            let within: JSONValue = ["metadata": ["name": "pod-reader"], "rules": [["apiGroups": [""], "resources": ["pods"], "verbs": ["get"]]]]
            #expect(try await client.request("POST", "\(Self.rbac)/namespaces/ns/roles", body: within, token: token).status == 201)
            let beyond: JSONValue = ["metadata": ["name": "pod-deleter"], "rules": [["apiGroups": [""], "resources": ["pods"], "verbs": ["get", "delete", "patch"]]]]
            let refused = try await client.request("POST", "\(Self.rbac)/namespaces/ns/roles", body: beyond, token: token)
            #expect(refused.status == 403)
            #expect(refused.body["message"] == """
                roles.rbac.authorization.k8s.io "pod-deleter" is forbidden: user "system:serviceaccount:ns:sa" (groups=["system:serviceaccounts" "system:serviceaccounts:ns" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:
                {APIGroups:[""], Resources:["pods"], Verbs:["delete" "patch"]}
                """)

            // Bindings: to a role whose rules it holds, yes; to cluster-admin, no (unless it may `bind` it).
            try await Self.bind(client, namespace: "ns", name: "readers", roleKind: "Role", role: "pod-reader", subject: ["kind": "User", "name": "jane"])
            let binding: JSONValue = ["metadata": ["name": "admins"], "subjects": [["kind": "User", "name": "jane"]],
                                      "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"]]
            #expect(try await client.request("POST", "\(Self.rbac)/namespaces/ns/rolebindings", body: binding, token: token).status == 403)
            try await Self.grantCluster(client, name: "binder", rules: [["apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"],
                                                                          "verbs": ["bind"], "resourceNames": ["cluster-admin"]]], subject: Self.account)
            #expect(try await client.request("POST", "\(Self.rbac)/namespaces/ns/rolebindings", body: binding, token: token).status == 201)
            // The admin is never checked.
            #expect(try await client.request("POST", "\(Self.rbac)/namespaces/ns/roles", body: beyond).status == 201)
        }
    }
}

