import Foundation
import JSONValues
import KubeModel
import KubeTestServer
import Testing

/// OwnerReferencesPermissionEnforcement: what the operator's DaemonSets
/// (owned by a PFLACPMonitor with blockOwnerDeletion) need from its RBAC.
@Suite struct OwnerReferencesTests {
    static let daemonSets = "/apis/apps/v1/namespaces/ns/daemonsets"

    static func daemonSet(_ name: String, owner: JSONValue?) -> JSONValue {
        var object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": .string(name)],
            "spec": ["selector": ["matchLabels": ["app": "relay"]],
                     "template": ["metadata": ["labels": ["app": "relay"]], "spec": ["containers": [["name": "relay", "image": "relay:v1"]]]]],
        ]
        if let owner { object["metadata"]["ownerReferences"] = [owner] }
        return object
    }

    /// The ServiceAccount may manage DaemonSets and read monitors, but not set finalizers on them (yet).
    static func withMonitor(_ options: KubeTestServer.Options = .init(),
                            _ body: (KubeTestServer, APIClient, _ token: String, _ owner: JSONValue) async throws -> Void) async throws {
        try await APIContractTests.withServer(options) { server, client in
            #expect(try await client.request("POST", "/api/v1/namespaces", body: ["metadata": ["name": "ns"]]).status == 201)
            #expect(try await client.request("POST", "/api/v1/namespaces/ns/serviceaccounts", body: ["metadata": ["name": "sa"]]).status == 201)
            #expect(try await client.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: APIContractTests.crd).status == 201)
            let monitor = try await client.request("POST", "/apis/pfstatusrelay.openshift.io/v1alpha1/namespaces/ns/pflacpmonitors",
                                                   body: APIContractTests.monitor("m1"))
            #expect(monitor.status == 201)
            try await RBACTests.grantCluster(client, name: "operator", rules: [
                ["apiGroups": ["apps"], "resources": ["daemonsets"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]],
                ["apiGroups": ["pfstatusrelay.openshift.io"], "resources": ["pflacpmonitors"], "verbs": ["get", "list", "watch"]],
            ], subject: RBACTests.account)
            let owner: JSONValue = ["apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor", "name": "m1",
                                    "uid": monitor.body["metadata"]["uid"], "controller": true, "blockOwnerDeletion": true]
            try await body(server, client, try await server.serviceAccountToken(namespace: "ns", name: "sa"), owner)
        }
    }

    @Test func blockOwnerDeletionNeedsUpdateOnTheOwnersFinalizers() async throws {
        try await Self.withMonitor { _, client, token, owner in
            let refused = try await client.request("POST", Self.daemonSets, body: Self.daemonSet("relay", owner: owner), token: token)
            #expect(refused.status == 403)
            #expect(refused.body["message"] == "daemonsets.apps \"relay\" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>")
            #expect(refused.body["details"] == ["name": "relay", "group": "apps", "kind": "daemonsets"])
            // Without blockOwnerDeletion, or without owners, creating needs nothing more.
            var unblocked = owner
            unblocked["blockOwnerDeletion"] = false
            #expect(try await client.request("POST", Self.daemonSets, body: Self.daemonSet("loose", owner: unblocked), token: token).status == 201)
            #expect(try await client.request("POST", Self.daemonSets, body: Self.daemonSet("orphan", owner: nil), token: token).status == 201)
            // Turning it on later is the same check.
            var loose = try await client.request("GET", "\(Self.daemonSets)/loose", token: token).body
            loose["metadata"]["ownerReferences"] = [owner]
            #expect(try await client.request("PUT", "\(Self.daemonSets)/loose", body: loose, token: token).status == 403)

            // The operator's rule: update on pflacpmonitors/finalizers.
            try await RBACTests.grantCluster(client, name: "finalizers", rules: [
                ["apiGroups": ["pfstatusrelay.openshift.io"], "resources": ["pflacpmonitors/finalizers"], "verbs": ["update"]],
            ], subject: RBACTests.account)
            #expect(try await client.request("POST", Self.daemonSets, body: Self.daemonSet("relay", owner: owner), token: token).status == 201)
            #expect(try await client.request("PUT", "\(Self.daemonSets)/loose", body: loose, token: token).status == 200)
            // The admin is never refused.
            #expect(try await client.request("POST", Self.daemonSets, body: Self.daemonSet("by-admin", owner: owner)).status == 201)
        }
    }

    /// The request log keeps admission's checks, so tests that derive a client's
    /// permissions from what it did see the finalizers it needed.
    @Test func theRequestLogKeepsAdmissionsChecks() async throws {
        try await Self.withMonitor { server, client, token, owner in
            server.requests.clear()
            #expect(try await client.request("POST", Self.daemonSets, body: Self.daemonSet("relay", owner: owner), token: token).status == 403)
            let refused = try #require(server.requests.all.last)
            #expect(refused.attributes?.verb == "create" && refused.attributes?.resource == "daemonsets")
            let check = try #require(refused.admissionChecks.first)
            #expect(!check.allowed && refused.admissionChecks.count == 1)
            #expect(check.attributes.verb == "update" && check.attributes.combinedResource == "pflacpmonitors/finalizers")
            #expect(check.attributes.apiGroup == "pfstatusrelay.openshift.io" && check.attributes.namespace == "ns" && check.attributes.name == "m1")
            #expect(try await client.request("POST", Self.daemonSets, body: Self.daemonSet("orphan", owner: nil), token: token).status == 201)
            #expect(server.requests.all.last?.admissionChecks == [], "no owners, no check")
        }
    }

    @Test func finalizersPermissionCanBeLimitedToNamedOwners() async throws {
        try await Self.withMonitor { _, client, token, owner in
            try await RBACTests.grantCluster(client, name: "other-finalizers", rules: [
                ["apiGroups": ["pfstatusrelay.openshift.io"], "resources": ["pflacpmonitors/finalizers"], "verbs": ["update"], "resourceNames": ["m2"]],
            ], subject: RBACTests.account)
            let refused = try await client.request("POST", Self.daemonSets, body: Self.daemonSet("relay", owner: owner), token: token)
            #expect(refused.status == 403)
        }
    }

    @Test func changingOwnerReferencesNeedsDeleteOnTheObject() async throws {
        try await Self.withMonitor { _, client, token, owner in
            #expect(try await client.request("POST", "/api/v1/namespaces/ns/configmaps", body: APIContractTests.configMap("c")).status == 201)
            try await RBACTests.grantCluster(client, name: "maps", rules: [
                ["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "update"]],
            ], subject: RBACTests.account)
            var map = try await client.request("GET", "/api/v1/namespaces/ns/configmaps/c", token: token).body
            map["data"]["k"] = "changed"
            #expect(try await client.request("PUT", "/api/v1/namespaces/ns/configmaps/c", body: map, token: token).status == 200)
            var unblocked = owner
            unblocked["blockOwnerDeletion"] = .null
            map = try await client.request("GET", "/api/v1/namespaces/ns/configmaps/c", token: token).body
            map["metadata"]["ownerReferences"] = [unblocked]
            let refused = try await client.request("PUT", "/api/v1/namespaces/ns/configmaps/c", body: map, token: token)
            #expect(refused.status == 403)
            #expect(refused.body["message"] == "configmaps \"c\" is forbidden: cannot set an ownerRef on a resource you can't delete: , <nil>")
        }
    }

    @Test func theEnforcementCanBeTurnedOff() async throws {
        var options = KubeTestServer.Options()
        options.enforceOwnerReferencesPermission = false
        try await Self.withMonitor(options) { _, client, token, owner in
            let created = try await client.request("POST", Self.daemonSets, body: Self.daemonSet("relay", owner: owner), token: token)
            #expect(created.status == 201)
        }
    }
}
