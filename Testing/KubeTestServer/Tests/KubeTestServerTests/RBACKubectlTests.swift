import Foundation
import JSONValues
import KubeModel
import Testing

/// The real kubectl against the `kube-test-server` binary as a ServiceAccount:
/// `create token`, `auth can-i` with the token and with `--as`, `auth whoami`,
/// denials, and the aggregated view of the bootstrap roles.
@Suite(.serialized)
struct RBACKubectlTests {
    @Test func kubectlAuthenticatesAndIsAuthorizedLikeAgainstAClusterWithRBAC() throws {
        let cluster = try KubectlTests.Cluster()
        defer { _ = cluster.stop() }
        try cluster.ok(["apply", "-f", "-"], stdin: """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: relay
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: operator
              namespace: relay
            """)

        // kubectl create token (TokenRequest, sent as protobuf).
        let token = try cluster.ok(["create", "token", "operator", "-n", "relay", "--duration=2h"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count > 20)
        let short = try cluster.kubectl(["create", "token", "operator", "-n", "relay", "--duration=5m"])
        #expect(short.status != 0)
        #expect(short.stderr.contains("may not specify a duration less than 10 minutes"), "stderr: \(short.stderr)")
        let missing = try cluster.kubectl(["create", "token", "nobody", "-n", "relay"])
        #expect(missing.stderr.contains("serviceaccounts \"nobody\" not found"), "stderr: \(missing.stderr)")

        let whoami = try cluster.ok(["--token", token, "auth", "whoami"])
        #expect(whoami.contains("system:serviceaccount:relay:operator"))
        #expect(whoami.contains("system:serviceaccounts:relay"))

        // can-i with the token and, as the admin, with --as: no, then yes once bound.
        func canI(_ arguments: [String]) throws -> String {
            try cluster.kubectl(["auth", "can-i"] + arguments).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let asOperator = ["--as=system:serviceaccount:relay:operator"]
        #expect(try canI(["list", "daemonsets", "-n", "relay", "--token", token]) == "no")
        #expect(try canI(["list", "daemonsets", "-n", "relay"] + asOperator) == "no")
        #expect(try canI(["list", "daemonsets", "-n", "relay"]) == "yes", "the admin")
        let denied = try cluster.kubectl(["--token", token, "get", "daemonsets", "-n", "relay"])
        #expect(denied.status != 0)
        #expect(denied.stderr.contains("daemonsets.apps is forbidden: User \"system:serviceaccount:relay:operator\" cannot list resource \"daemonsets\" in API group \"apps\" in the namespace \"relay\""),
                "stderr: \(denied.stderr)")

        try cluster.ok(["apply", "-f", "-"], stdin: """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: daemonsets
              namespace: relay
            rules:
              - apiGroups: [apps]
                resources: [daemonsets]
                verbs: [get, list, watch]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: daemonsets
              namespace: relay
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: daemonsets
            subjects:
              - kind: ServiceAccount
                name: operator
                namespace: relay
            """)
        #expect(try canI(["list", "daemonsets", "-n", "relay", "--token", token]) == "yes")
        #expect(try canI(["list", "daemonsets", "-n", "relay"] + asOperator) == "yes")
        #expect(try canI(["list", "daemonsets", "-n", "default", "--token", token]) == "no")
        #expect(try canI(["delete", "daemonsets", "-n", "relay"] + asOperator) == "no")
        #expect(try canI(["get", "daemonsets/x", "-n", "relay", "--token", token]) == "yes")
        #expect(try cluster.kubectl(["--token", token, "get", "daemonsets", "-n", "relay"]).status == 0)
        let list = try cluster.ok(["auth", "can-i", "--list", "-n", "relay", "--token", token])
        #expect(list.contains("daemonsets.apps"), "can-i --list: \(list)")

        // A bad RBAC object is refused with the API server's message.
        let bad = try cluster.kubectl(["apply", "-f", "-"], stdin: """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: bad
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: daemonsets
            subjects:
              - kind: ServiceAccount
                name: operator
            """)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("roleRef.kind: Unsupported value: \"Role\""), "stderr: \(bad.stderr)")
        #expect(bad.stderr.contains("subjects[0].namespace: Required value"), "stderr: \(bad.stderr)")

        // Aggregation: a role labelled for view shows up in view's rules.
        try cluster.ok(["apply", "-f", "-"], stdin: """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: monitor-viewer
              labels:
                rbac.authorization.k8s.io/aggregate-to-view: "true"
            rules:
              - apiGroups: [pfstatusrelay.openshift.io]
                resources: [pflacpmonitors]
                verbs: [get, list, watch]
            """)
        var view = JSONValue.null
        for _ in 0..<50 {
            view = try cluster.json(["get", "clusterrole", "view"])
            if view["rules"].arrayValue?.contains(where: { $0["resources"] == ["pflacpmonitors"] }) == true { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(view["rules"].arrayValue?.contains(where: { $0["resources"] == ["pflacpmonitors"] }) == true, "view: \(view)")

        // A ServiceAccount is not the admin: no fault injection.
        let faults = try cluster.kubectl(["--token", token, "create", "--raw", "/kube-test-server/faults", "-f", "-"], stdin: #"{"failNext": 1}"#)
        #expect(faults.status != 0)
        #expect(faults.stderr.contains("forbidden"), "stderr: \(faults.stderr)")
        // Nor can a wrong token do anything.
        #expect(try cluster.kubectl(["--token", token + "x", "get", "namespaces"]).stderr.contains("Unauthorized"))
    }

    /// The operator's shipped RBAC (config/rbac), applied with kubectl, judged by this server's authorizer.
    @Test func theShippedOperatorRBACGrantsWhatTheOperatorDoesAndNoMore() throws {
        let cluster = try KubectlTests.Cluster()
        defer { _ = cluster.stop() }
        let repository = packageRoot.deletingLastPathComponent().deletingLastPathComponent()
        try cluster.ok(["apply", "-f", "-"], stdin: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: pf-status-relay-operator-system\n")
        try cluster.ok(["apply", "-k", repository.appendingPathComponent("config/rbac").path])
        let operatorUser = "--as=system:serviceaccount:pf-status-relay-operator-system:pf-status-relay-operator"
        func canI(_ arguments: [String]) throws -> String {
            try cluster.kubectl(["auth", "can-i", operatorUser] + arguments).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // Resource names the server does not serve yet (no CRD here) are checked as given: `--subresource`.
        // Namespaced: what it changes, only in its own namespace; cluster-wide: read Nodes, review tokens and access.
        let own = "pf-status-relay-operator-system"
        let expectations: [([String], String)] = [
            (["watch", "nodes"], "yes"),
            (["get", "nodes"], "no"),
            (["update", "nodes"], "no"),
            (["create", "daemonsets.apps", "-n", own], "yes"),
            (["delete", "daemonsets.apps", "-n", own], "yes"),
            (["get", "daemonsets.apps", "-n", own], "no"),
            (["create", "daemonsets.apps", "-n", "relay"], "no"),
            (["create", "serviceaccounts", "-n", own], "yes"),
            (["delete", "serviceaccounts", "-n", own], "no"),
            (["create", "secrets", "-n", own], "no"),
            (["create", "events", "-n", own], "yes"),
            (["patch", "events", "-n", own], "no"),
            (["create", "leases.coordination.k8s.io", "-n", own], "yes"),
            (["delete", "leases.coordination.k8s.io", "-n", own], "no"),
            (["create", "leases.coordination.k8s.io", "-n", "relay"], "no"),
            (["create", "tokenreviews.authentication.k8s.io"], "yes"),
            (["create", "subjectaccessreviews.authorization.k8s.io"], "yes"),
        ]
        for (arguments, answer) in expectations {
            #expect(try canI(arguments) == answer, "can-i \(arguments.joined(separator: " "))")
        }
        // The custom resource through SubjectAccessReviews (kubectl needs the CRD to map the name).
        func review(_ verb: String, _ resource: String, subresource: String = "", namespace: String = own) throws -> Bool {
            let body: JSONValue = ["apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": [
                "user": "system:serviceaccount:pf-status-relay-operator-system:pf-status-relay-operator",
                "groups": ["system:serviceaccounts", "system:authenticated"],
                "resourceAttributes": ["verb": .string(verb), "group": "pfstatusrelay.openshift.io", "resource": .string(resource),
                                       "subresource": .string(subresource), "namespace": .string(namespace), "name": "m1"]]]
            return try JSONValue.decode(try cluster.ok(["create", "--raw", "/apis/authorization.k8s.io/v1/subjectaccessreviews", "-f", "-"],
                                                       stdin: body.jsonString))["status"]["allowed"] == true
        }
        #expect(try review("update", "pflacpmonitors", subresource: "finalizers"), "blockOwnerDeletion on the DaemonSets it owns")
        #expect(try review("update", "pflacpmonitors", subresource: "status"))
        #expect(try review("update", "pflacpmonitors", subresource: "status", namespace: "relay") == false, "its own namespace only")
        #expect(try review("patch", "pflacpmonitors", subresource: "status") == false, "it updates status, never patches it")
        #expect(try review("update", "pflacpmonitors") == false, "it never changes a monitor")
        #expect(try review("delete", "pflacpmonitors") == false, "it never deletes monitors")
        #expect(try review("create", "pflacpmonitors") == false)
        // The editor role is aggregated into edit and admin.
        var edit = JSONValue.null
        for _ in 0..<50 {
            edit = try cluster.json(["get", "clusterrole", "edit"])
            if edit["rules"].arrayValue?.contains(where: { $0["resources"] == ["pflacpmonitors"] }) == true { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(edit["rules"].arrayValue?.contains(where: { $0["resources"] == ["pflacpmonitors"] && $0["verbs"].arrayValue?.contains("create") == true }) == true)
    }
}

