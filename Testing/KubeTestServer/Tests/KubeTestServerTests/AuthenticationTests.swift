import Foundation
import JSONValues
import KubeModel
@testable import KubeTestServer
import Testing

/// Authentication: the admin token, ServiceAccount tokens from the
/// TokenRequest API, TokenReview, SelfSubjectReview, impersonation.
@Suite struct AuthenticationTests {
    /// A server with namespace `ns` and ServiceAccount `ns/sa`.
    static func withAccount(_ body: (KubeTestServer, APIClient) async throws -> Void) async throws {
        try await APIContractTests.withServer { server, client in
            #expect(try await client.request("POST", "/api/v1/namespaces", body: ["metadata": ["name": "ns"]]).status == 201)
            #expect(try await client.request("POST", "/api/v1/namespaces/ns/serviceaccounts", body: ["metadata": ["name": "sa"]]).status == 201)
            try await body(server, client)
        }
    }

    static func tokenRequest(_ seconds: Int64? = nil, audiences: [String]? = nil) -> JSONValue {
        var spec: JSONValue = [:]
        if let seconds { spec["expirationSeconds"] = .int(seconds) }
        if let audiences { spec["audiences"] = .array(audiences.map { .string($0) }) }
        return ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": spec]
    }

    @Test func tokenRequestMintsATokenForAServiceAccount() async throws {
        try await Self.withAccount { _, client in
            let before = Date.now
            let minted = try await client.request("POST", "/api/v1/namespaces/ns/serviceaccounts/sa/token", body: Self.tokenRequest())
            #expect(minted.status == 201)
            #expect(minted.body["kind"] == "TokenRequest")
            #expect(minted.body["apiVersion"] == "authentication.k8s.io/v1")
            #expect(minted.body["spec"]["expirationSeconds"] == 3600)
            #expect(minted.body["spec"]["audiences"] == ["https://kubernetes.default.svc.cluster.local"])
            #expect((minted.body["status"]["token"].stringValue ?? "").count > 20)
            let expires = try Date(minted.body["status"]["expirationTimestamp"].stringValue ?? "", strategy: .iso8601)
            #expect(abs(expires.timeIntervalSince(before) - 3600) < 5)

            let longer = try await client.request("POST", "/api/v1/namespaces/ns/serviceaccounts/sa/token", body: Self.tokenRequest(7200, audiences: ["relay"]))
            #expect(longer.body["spec"]["expirationSeconds"] == 7200)
            #expect(longer.body["spec"]["audiences"] == ["relay"])
            #expect(longer.body["status"]["token"] != minted.body["status"]["token"])

            let short = try await client.request("POST", "/api/v1/namespaces/ns/serviceaccounts/sa/token", body: Self.tokenRequest(599))
            #expect(short.status == 422)
            #expect(short.body["message"] == "TokenRequest.authentication.k8s.io \"sa\" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes")
            let missing = try await client.request("POST", "/api/v1/namespaces/ns/serviceaccounts/nobody/token", body: Self.tokenRequest())
            #expect(missing.status == 404)
            #expect(missing.body["message"] == "serviceaccounts \"nobody\" not found")
            #expect(try await client.request("GET", "/api/v1/namespaces/ns/serviceaccounts/sa/token").status == 405)
            #expect(try await client.request("POST", "/api/v1/namespaces/ns/configmaps/x/token", body: Self.tokenRequest()).status == 404)
            // The ServiceAccount itself is unchanged by the new subresource.
            #expect(try await client.request("GET", "/api/v1/namespaces/ns/serviceaccounts/sa").status == 200)
        }
    }

    @Test func aServiceAccountTokenAuthenticatesAsTheServiceAccount() async throws {
        try await Self.withAccount { server, client in
            let uid = try await client.request("GET", "/api/v1/namespaces/ns/serviceaccounts/sa").body["metadata"]["uid"]
            let token = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            let review: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"]
            let me = try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: review, token: token)
            #expect(me.status == 201)
            #expect(me.body["status"]["userInfo"]["username"] == "system:serviceaccount:ns:sa")
            #expect(me.body["status"]["userInfo"]["uid"] == uid)
            #expect(me.body["status"]["userInfo"]["groups"] == ["system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"])
            let admin = try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: review)
            #expect(admin.body["status"]["userInfo"]["username"] == "kube-test-server:admin")
            #expect(admin.body["status"]["userInfo"]["groups"] == ["system:masters", "system:authenticated"])

            // The request log names the user and what was authorized.
            server.requests.clear()
            _ = try await client.request("GET", "/api/v1/namespaces/ns/configmaps", token: token)
            let entry = try #require(server.requests.all.last)
            #expect(entry.user == "system:serviceaccount:ns:sa")
            #expect(entry.status == 403)
            #expect(entry.attributes == RequestAttributes(isResourceRequest: true, verb: "list", apiVersion: "v1", resource: "configmaps",
                                                         namespace: "ns", path: "/api/v1/namespaces/ns/configmaps"))
        }
    }

    @Test func tokensStopWorkingWithTheirServiceAccountOrWhenExpired() async throws {
        try await Self.withAccount { server, client in
            let token = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            let review: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"]
            #expect(try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: review, token: token).status == 201)
            #expect(try await client.request("DELETE", "/api/v1/namespaces/ns/serviceaccounts/sa").status == 200)
            #expect(try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: review, token: token).status == 401)
            // Recreated under the same name: another uid, the old token stays dead.
            #expect(try await client.request("POST", "/api/v1/namespaces/ns/serviceaccounts", body: ["metadata": ["name": "sa"]]).status == 201)
            #expect(try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: review, token: token).status == 401)
            let fresh = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            #expect(try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: review, token: fresh).status == 201)
            // Expiry: the grant is gone once its time has passed.
            #expect(server.api.tokens.grant(for: fresh) != nil)
            #expect(server.api.tokens.grant(for: fresh, at: .now.addingTimeInterval(3601)) == nil)
            #expect(server.api.tokens.grant(for: fresh, at: .now.addingTimeInterval(3500)) != nil)
        }
    }

    @Test func requestsWithoutAValidTokenAreUnauthorized() async throws {
        try await Self.withAccount { server, client in
            for token: String? in [nil, "", "nope", "kts-sa.forged", (server.token ?? "") + "x"] {
                let answer = try await client.request("GET", "/api/v1/namespaces", token: .some(token))
                #expect(answer.status == 401, "token \(token ?? "none")")
                #expect(answer.body["reason"] == "Unauthorized")
                #expect(answer.body["message"] == "Unauthorized")
            }
            let basic = try await client.request("GET", "/api/v1/namespaces", token: .some(nil), headers: [("Authorization", "Basic YWRtaW46YWRtaW4=")])
            #expect(basic.status == 401)
            for path in ["/healthz", "/livez", "/readyz", "/version"] {
                #expect(try await client.request("GET", path, token: .some(nil)).status == 200, "\(path)")
            }
            #expect(try await client.request("GET", "/api", token: .some(nil)).status == 401)
        }
    }

    @Test func tokenReviewTellsWhoATokenIs() async throws {
        try await Self.withAccount { server, client in
            let token = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            func review(_ token: String, audiences: [String]? = nil) -> JSONValue {
                var spec: JSONValue = ["token": .string(token)]
                if let audiences { spec["audiences"] = .array(audiences.map { .string($0) }) }
                return ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": spec]
            }
            let path = "/apis/authentication.k8s.io/v1/tokenreviews"
            let known = try await client.request("POST", path, body: review(token))
            #expect(known.status == 201)
            #expect(known.body["kind"] == "TokenReview")
            #expect(known.body["status"]["authenticated"] == true)
            #expect(known.body["status"]["user"]["username"] == "system:serviceaccount:ns:sa")
            #expect(known.body["status"]["user"]["groups"] == ["system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"])
            #expect(known.body["status"]["audiences"] == ["https://kubernetes.default.svc.cluster.local"])
            let unknown = try await client.request("POST", path, body: review("garbage"))
            #expect(unknown.status == 201)
            #expect(unknown.body["status"]["authenticated"].boolValue != true)
            #expect(unknown.body["status"]["error"] != .null)
            let otherAudience = try await client.request("POST", path, body: review(token, audiences: ["vault"]))
            #expect(otherAudience.body["status"]["authenticated"].boolValue != true)
            // A token for another audience is for that audience's TokenReviews, not for the API.
            let vaultToken = try await client.request("POST", "/api/v1/namespaces/ns/serviceaccounts/sa/token",
                                                      body: Self.tokenRequest(audiences: ["vault"])).body["status"]["token"].stringValue ?? ""
            let forVault = try await client.request("POST", path, body: review(vaultToken, audiences: ["vault"]))
            #expect(forVault.body["status"]["authenticated"] == true)
            #expect(forVault.body["status"]["audiences"] == ["vault"])
            #expect(try await client.request("GET", "/api", token: vaultToken).status == 401)
            #expect(try await client.request("GET", "/api", token: token).status == 200)

            // Reviews are not stored: only create.
            #expect(try await client.request("GET", path).status == 405)
            // A ServiceAccount needs RBAC create on tokenreviews.
            let denied = try await client.request("POST", path, body: review(token), token: token)
            #expect(denied.status == 403)
            #expect(denied.body["message"] == "tokenreviews.authentication.k8s.io is forbidden: User \"system:serviceaccount:ns:sa\" cannot create resource \"tokenreviews\" in API group \"authentication.k8s.io\" at the cluster scope")
            #expect(denied.body["details"] == ["group": "authentication.k8s.io", "kind": "tokenreviews"])
            try await RBACTests.grantCluster(client, name: "reviewer", rules: [["apiGroups": ["authentication.k8s.io"], "resources": ["tokenreviews"], "verbs": ["create"]]],
                                             subject: ["kind": "ServiceAccount", "name": "sa", "namespace": "ns"])
            #expect(try await client.request("POST", path, body: review(token), token: token).body["status"]["authenticated"] == true)

            // Discovery serves the group, create only.
            let resources = try await client.request("GET", "/apis/authentication.k8s.io/v1").body["resources"].arrayValue ?? []
            #expect(resources.contains { $0["name"] == "tokenreviews" && $0["verbs"] == ["create"] })
            let core = try await client.request("GET", "/api/v1").body["resources"].arrayValue ?? []
            #expect(core.contains { $0["name"] == "serviceaccounts/token" && $0["kind"] == "TokenRequest" })
        }
    }

    @Test func impersonationNeedsPermissionAndActsAsTheOtherUser() async throws {
        try await Self.withAccount { server, client in
            let asAccount = [("Impersonate-User", "system:serviceaccount:ns:sa")]
            let denied = try await client.request("GET", "/api/v1/namespaces/ns/pods", headers: asAccount)
            #expect(denied.status == 403)
            #expect(denied.body["message"] == "pods is forbidden: User \"system:serviceaccount:ns:sa\" cannot list resource \"pods\" in API group \"\" in the namespace \"ns\"")
            let me = try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                              body: ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"],
                                              headers: asAccount + [("Impersonate-Group", "team-a"), ("Impersonate-Group", "team-b")])
            #expect(me.body["status"]["userInfo"]["username"] == "system:serviceaccount:ns:sa")
            #expect(me.body["status"]["userInfo"]["groups"] == ["team-a", "team-b", "system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"])
            // Both groups count for RBAC.
            try await RBACTests.grantCluster(client, name: "team-b-pods", rules: [["apiGroups": [""], "resources": ["pods"], "verbs": ["list"]]],
                                             subject: ["kind": "Group", "name": "team-b"])
            #expect(try await client.request("GET", "/api/v1/namespaces/ns/pods", headers: [("Impersonate-User", "jane"), ("Impersonate-Group", "team-a"), ("Impersonate-Group", "team-b")]).status == 200)
            #expect(try await client.request("GET", "/api/v1/namespaces/ns/pods", headers: [("Impersonate-User", "jane"), ("Impersonate-Group", "team-a")]).status == 403)

            // Without `impersonate`, a ServiceAccount cannot.
            let token = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            let refused = try await client.request("GET", "/api/v1/namespaces/ns/pods", token: token, headers: [("Impersonate-User", "jane")])
            #expect(refused.status == 403)
            #expect(refused.body["message"] == "users \"jane\" is forbidden: User \"system:serviceaccount:ns:sa\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope")
            try await RBACTests.grantCluster(client, name: "impersonator", rules: [["apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"], "resourceNames": ["jane"]]],
                                             subject: ["kind": "ServiceAccount", "name": "sa", "namespace": "ns"])
            #expect(try await client.request("GET", "/api/v1/namespaces/ns/pods", token: token, headers: [("Impersonate-User", "jane"), ("Impersonate-Group", "team-b")]).status == 403,
                    "the group needs its own permission")
            let group = try await client.request("GET", "/api/v1/namespaces/ns/pods", token: token, headers: [("Impersonate-User", "jane"), ("Impersonate-Group", "team-b")])
            #expect(group.body["message"] == "groups \"team-b\" is forbidden: User \"system:serviceaccount:ns:sa\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope")
            let asJane = try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                                  body: ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"], token: token,
                                                  headers: [("Impersonate-User", "jane")])
            #expect(asJane.body["status"]["userInfo"]["username"] == "jane")
            #expect(asJane.body["status"]["userInfo"]["groups"] == ["system:authenticated"])
        }
    }

    @Test func faultInjectionIsForTheAdminOnly() async throws {
        try await Self.withAccount { server, client in
            let token = try await server.serviceAccountToken(namespace: "ns", name: "sa")
            let denied = try await client.request("POST", "/kube-test-server/faults", body: ["failNext": 1], token: token)
            #expect(denied.status == 403)
            #expect(denied.body["message"] == "forbidden: User \"system:serviceaccount:ns:sa\" cannot post path \"/kube-test-server/faults\"")
            #expect(try await client.request("POST", "/kube-test-server/faults", body: ["failNext": 0]).status == 200)
        }
    }

    @Test func aKubeconfigWithAServiceAccountTokenWorksForKubectl() async throws {
        try await Self.withAccount { server, client in
            let directory = try temporaryDirectory("sa-kubeconfig")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("kubeconfig").path
            try server.kubeconfig(token: try await server.serviceAccountToken(namespace: "ns", name: "sa"), namespace: "ns").write(to: path)
            let whoami = try run(KubectlTests.kubectlPath, ["--kubeconfig", path, "--cache-dir", directory.appendingPathComponent("cache").path,
                                                           "auth", "whoami", "-o", "json"])
            #expect(whoami.status == 0, "stderr: \(whoami.stderr)")
            #expect(try JSONValue.decode(whoami.stdout)["status"]["userInfo"]["username"] == "system:serviceaccount:ns:sa")
            let pods = try run(KubectlTests.kubectlPath, ["--kubeconfig", path, "--cache-dir", directory.appendingPathComponent("cache").path, "get", "pods"])
            #expect(pods.status != 0)
            #expect(pods.stderr.contains("pods is forbidden: User \"system:serviceaccount:ns:sa\" cannot list resource \"pods\" in API group \"\" in the namespace \"ns\""),
                    "stderr: \(pods.stderr)")
            // Impersonating a uid needs its own permission; the admin has it.
            let withUID = try await client.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                                   body: ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"],
                                                   headers: [("Impersonate-User", "jane"), ("Impersonate-Uid", "1234")])
            #expect(withUID.body["status"]["userInfo"]["uid"] == "1234")
            let uidOnly = try await client.request("GET", "/api/v1/namespaces", headers: [("Impersonate-Uid", "1234")])
            #expect(uidOnly.status == 500, "a uid without a user")
        }
    }
}

