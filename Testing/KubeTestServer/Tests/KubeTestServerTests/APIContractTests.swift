import Foundation
import JSONValues
import KubeModel
import KubeTestServer
import Testing

/// The REST contract over HTTPS: metadata, verbs, optimistic concurrency,
/// status subresource, selectors, pagination, errors as Status objects.
@Suite struct APIContractTests {
    static func withServer(_ options: KubeTestServer.Options = .init(), _ body: (KubeTestServer, APIClient) async throws -> Void) async throws {
        let server = try await KubeTestServer.start(options)
        let client = try APIClient(server)
        do {
            try await body(server, client)
        } catch {
            try? await client.shutdown()
            await server.shutdown()
            throw error
        }
        try await client.shutdown()
        await server.shutdown()
    }

    static let crd = try! JSONValue.decode(#"""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"pflacpmonitors.pfstatusrelay.openshift.io"},
         "spec":{"group":"pfstatusrelay.openshift.io","scope":"Namespaced",
           "names":{"kind":"PFLACPMonitor","plural":"pflacpmonitors","singular":"pflacpmonitor"},
           "versions":[{"name":"v1alpha1","served":true,"storage":true,"subresources":{"status":{}},
             "schema":{"openAPIV3Schema":{"type":"object","properties":{
               "spec":{"type":"object","required":["interfaces"],"properties":{
                 "interfaces":{"type":"array","minItems":1,"items":{"type":"string","minLength":1}},
                 "pollingInterval":{"type":"integer","minimum":1000,"default":1000}}},
               "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
        """#)

    static let monitors = "/apis/pfstatusrelay.openshift.io/v1alpha1/namespaces/default/pflacpmonitors"

    static func monitor(_ name: String, _ interfaces: [String] = ["ens5f0"]) -> JSONValue {
        ["apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor",
         "metadata": ["name": .string(name)], "spec": ["interfaces": .array(interfaces.map { .string($0) })]]
    }

    static func configMap(_ name: String, labels: [String: String] = [:]) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap",
         "metadata": ["name": .string(name), "labels": .object(labels.mapValues { .string($0) })], "data": ["k": "v"]]
    }

    @Test func startsQuicklyAndRefusesRequestsWithoutTheToken() async throws {
        let started = ContinuousClock.now
        let server = try await KubeTestServer.start()
        let elapsed = ContinuousClock.now - started
        print("kube-test-server: in-process start (CA, certificate, listener) took \(elapsed)")
        #expect(elapsed < .seconds(30), "a hang guard; the figure above is the measurement")
        let client = try APIClient(server)
        let anonymous = try await client.request("GET", "/api/v1/namespaces", token: .some(nil))
        #expect(anonymous.status == 401)
        #expect(anonymous.body["reason"] == "Unauthorized")
        #expect(anonymous.body["kind"] == "Status")
        let wrong = try await client.request("GET", "/api/v1/namespaces", token: "nope")
        #expect(wrong.status == 401)
        let namespaces = try await client.request("GET", "/api/v1/namespaces")
        #expect(namespaces.status == 200)
        let names = namespaces.body["items"].arrayValue?.compactMap { $0["metadata"]["name"].stringValue }
        #expect(names == ["default", "kube-node-lease", "kube-public", "kube-system"])
        try await client.shutdown()
        await server.shutdown()
    }

    @Test func discoveryFollowsCustomResourceDefinitions() async throws {
        try await Self.withServer { _, client in
            let groupsBefore = try await client.request("GET", "/apis")
            #expect(groupsBefore.body["groups"].arrayValue?.contains { $0["name"] == "apps" } == true)
            #expect(groupsBefore.body["groups"].arrayValue?.contains { $0["name"] == "pfstatusrelay.openshift.io" } == false)
            #expect(try await client.request("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: nil).status == 200)
            let created = try await client.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: Self.crd)
            #expect(created.status == 201)
            #expect(created.body["status"]["conditions"].arrayValue?.contains { $0["type"] == "Established" && $0["status"] == "True" } == true)
            let list = try await client.request("GET", "/apis/pfstatusrelay.openshift.io/v1alpha1")
            let resources = list.body["resources"].arrayValue ?? []
            #expect(resources.contains { $0["name"] == "pflacpmonitors" && $0["kind"] == "PFLACPMonitor" && $0["namespaced"] == true })
            #expect(resources.contains { $0["name"] == "pflacpmonitors/status" })
            let apps = try await client.request("GET", "/apis/apps/v1")
            #expect(apps.body["resources"].arrayValue?.contains { $0["name"] == "daemonsets" } == true)
            #expect(try await client.request("GET", "/api/v1").body["resources"].arrayValue?.contains { $0["name"] == "nodes" && $0["namespaced"] == false } == true)

            let deleted = try await client.request("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/pflacpmonitors.pfstatusrelay.openshift.io")
            #expect(deleted.status == 200)
            #expect(try await client.request("GET", "/apis/pfstatusrelay.openshift.io/v1alpha1").status == 404)
            #expect(try await client.request("GET", Self.monitors).status == 404)
        }
    }

    @Test func metadataGenerationAndOptimisticConcurrency() async throws {
        try await Self.withServer { _, client in
            _ = try await client.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: Self.crd)
            let created = try await client.request("POST", Self.monitors, body: Self.monitor("m"))
            #expect(created.status == 201)
            let meta = created.body["metadata"]
            #expect(meta["generation"] == 1)
            #expect(meta["namespace"] == "default")
            #expect(meta["uid"].stringValue?.count == 36)
            let firstVersion = try #require(meta["resourceVersion"].stringValue.flatMap { Int64($0) })
            #expect(created.body["spec"]["pollingInterval"] == 1000)

            let duplicate = try await client.request("POST", Self.monitors, body: Self.monitor("m"))
            #expect(duplicate.status == 409)
            #expect(duplicate.body["reason"] == "AlreadyExists")

            // Update with the current resourceVersion: generation moves on a spec change only.
            var updated = created.body
            updated["spec"]["pollingInterval"] = 5000
            let put = try await client.request("PUT", Self.monitors + "/m", body: updated)
            #expect(put.status == 200)
            #expect(put.body["metadata"]["generation"] == 2)
            #expect(Int64(put.body["metadata"]["resourceVersion"].stringValue ?? "") ?? 0 > firstVersion)
            var labelled = put.body
            labelled["metadata"]["labels"] = ["team": "net"]
            let relabelled = try await client.request("PUT", Self.monitors + "/m", body: labelled)
            #expect(relabelled.body["metadata"]["generation"] == 2, "metadata changes do not bump generation")

            // The stale object: 409 Conflict with the API server's message.
            let stale = try await client.request("PUT", Self.monitors + "/m", body: updated)
            #expect(stale.status == 409)
            #expect(stale.body["reason"] == "Conflict")
            #expect(stale.body["message"].stringValue?.contains("the object has been modified") == true)

            // A no-op update writes nothing.
            let before = relabelled.body["metadata"]["resourceVersion"]
            let same = try await client.request("PUT", Self.monitors + "/m", body: relabelled.body)
            #expect(same.body["metadata"]["resourceVersion"] == before)

            // Status: ignored on the main resource, the only thing /status changes.
            var withStatus = same.body
            withStatus["status"] = ["degraded": true]
            withStatus["spec"]["pollingInterval"] = 7000
            let main = try await client.request("PUT", Self.monitors + "/m", body: withStatus)
            #expect(main.body["status"] == .null)
            #expect(main.body["spec"]["pollingInterval"] == 7000)
            var statusUpdate = main.body
            statusUpdate["status"] = ["degraded": true]
            statusUpdate["spec"]["pollingInterval"] = 9000
            let status = try await client.request("PUT", Self.monitors + "/m/status", body: statusUpdate)
            #expect(status.status == 200)
            #expect(status.body["status"]["degraded"] == true)
            #expect(status.body["spec"]["pollingInterval"] == 7000, "spec is ignored on /status")
            #expect(status.body["metadata"]["generation"] == 3)
            let statusPatch = try await client.request("PATCH", Self.monitors + "/m/status", body: ["status": ["degraded": false]],
                                                       contentType: "application/merge-patch+json")
            #expect(statusPatch.body["status"]["degraded"] == false)

            // Validation: 422 with field causes.
            var invalid = Self.monitor("bad", [])
            invalid["spec"]["pollingInterval"] = 10
            let refused = try await client.request("POST", Self.monitors, body: invalid)
            #expect(refused.status == 422)
            #expect(refused.body["reason"] == "Invalid")
            let fields = refused.body["details"]["causes"].arrayValue?.compactMap { $0["field"].stringValue } ?? []
            #expect(fields.contains("spec.interfaces"))
            #expect(fields.contains("spec.pollingInterval"))

            // Unknown fields: pruned by default, refused under fieldValidation=Strict.
            var extra = Self.monitor("extra")
            extra["spec"]["color"] = "blue"
            let pruned = try await client.request("POST", Self.monitors, body: extra)
            #expect(pruned.status == 201)
            #expect(pruned.body["spec"]["color"] == .null)
            extra["metadata"]["name"] = "strict"
            let strict = try await client.request("POST", Self.monitors + "?fieldValidation=Strict", body: extra)
            #expect(strict.status == 400)
            #expect(strict.body["message"].stringValue?.contains("unknown field \"spec.color\"") == true)

            let missing = try await client.request("GET", Self.monitors + "/nope")
            #expect(missing.status == 404)
            #expect(missing.body["reason"] == "NotFound")
            #expect(missing.body["message"] == "pflacpmonitors.pfstatusrelay.openshift.io \"nope\" not found")
            #expect(missing.body["details"]["group"] == "pfstatusrelay.openshift.io")
        }
    }

    @Test func patchesOfEveryType() async throws {
        try await Self.withServer { _, client in
            let path = "/api/v1/namespaces/default/configmaps"
            _ = try await client.request("POST", path, body: Self.configMap("c", labels: ["a": "1"]))
            let merge = try await client.request("PATCH", path + "/c", body: ["metadata": ["labels": ["a": .null, "b": "2"]]],
                                                 contentType: "application/merge-patch+json")
            #expect(merge.body["metadata"]["labels"] == ["b": "2"])
            let jsonPatch = try await client.request("PATCH", path + "/c", body: [["op": "add", "path": "/data/x", "value": "y"]],
                                                     contentType: "application/json-patch+json")
            #expect(jsonPatch.body["data"] == ["k": "v", "x": "y"])
            let failedTest = try await client.request("PATCH", path + "/c", body: [["op": "test", "path": "/data/x", "value": "z"]],
                                                      contentType: "application/json-patch+json")
            #expect(failedTest.status == 422)
            let strategic = try await client.request("PATCH", path + "/c", body: ["data": ["k": .null]],
                                                     contentType: "application/strategic-merge-patch+json")
            #expect(strategic.body["data"] == ["x": "y"])
            let stalePatch = try await client.request("PATCH", path + "/c", body: ["metadata": ["resourceVersion": "1"], "data": ["q": "r"]],
                                                      contentType: "application/merge-patch+json")
            #expect(stalePatch.status == 409)
            let apply = try await client.request("PATCH", path + "/c", body: ["data": ["q": "r"]], contentType: "application/apply-patch+yaml")
            #expect(apply.status == 415)
        }
    }

    @Test func selectorsAndPagination() async throws {
        try await Self.withServer { _, client in
            let path = "/api/v1/namespaces/default/configmaps"
            for index in 0..<7 {
                _ = try await client.request("POST", path, body: Self.configMap("cm-\(index)", labels: ["parity": index % 2 == 0 ? "even" : "odd"]))
            }
            let even = try await client.request("GET", path + "?labelSelector=parity%3Deven")
            #expect(even.body["items"].arrayValue?.count == 4)
            let notIn = try await client.request("GET", path + "?labelSelector=parity%20notin%20(even)")
            #expect(notIn.body["items"].arrayValue?.count == 3)
            let exists = try await client.request("GET", path + "?labelSelector=parity")
            #expect(exists.body["items"].arrayValue?.count == 7)
            let absent = try await client.request("GET", path + "?labelSelector=!parity")
            #expect(absent.body["items"].arrayValue?.count == 0)
            let byName = try await client.request("GET", "/api/v1/configmaps?fieldSelector=metadata.name%3Dcm-3")
            #expect(byName.body["items"].arrayValue?.compactMap { $0["metadata"]["name"].stringValue } == ["cm-3"])
            let badField = try await client.request("GET", path + "?fieldSelector=spec.color%3Dred")
            #expect(badField.status == 400)
            let badLabel = try await client.request("GET", path + "?labelSelector=a%20in%20(")
            #expect(badLabel.status == 400)

            var names: [String] = []
            var token = ""
            var pages = 0
            repeat {
                let page = try await client.request("GET", path + "?limit=3" + (token.isEmpty ? "" : "&continue=\(token)"))
                names += page.body["items"].arrayValue?.compactMap { $0["metadata"]["name"].stringValue } ?? []
                token = page.body["metadata"]["continue"].stringValue ?? ""
                pages += 1
            } while !token.isEmpty && pages < 10
            #expect(pages == 3)
            #expect(names == (0..<7).map { "cm-\($0)" })
        }
    }

    @Test func namespacesMustExistAndDeletingOneEmptiesIt() async throws {
        try await Self.withServer { server, client in
            let missing = try await client.request("POST", "/api/v1/namespaces/ghost/configmaps", body: Self.configMap("c"))
            #expect(missing.status == 404)
            #expect(missing.body["message"] == "namespaces \"ghost\" not found")
            _ = try await client.request("POST", "/api/v1/namespaces", body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "temp"]])
            _ = try await client.request("POST", "/api/v1/namespaces/temp/configmaps", body: Self.configMap("c"))
            let deleting = try await client.request("DELETE", "/api/v1/namespaces/temp")
            #expect(deleting.status == 200)
            server.settleControllers()
            #expect(try await client.request("GET", "/api/v1/namespaces/temp/configmaps/c").status == 404)
            #expect(try await client.request("GET", "/api/v1/namespaces/temp").status == 404)
        }
    }

    @Test func garbageCollectionAndFinalizers() async throws {
        try await Self.withServer { server, client in
            _ = try await client.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: Self.crd)
            let owner = try await client.request("POST", Self.monitors, body: Self.monitor("owner"))
            let uid = try #require(owner.body["metadata"]["uid"].stringValue)
            var dependent = Self.configMap("dependent")
            dependent["metadata"]["ownerReferences"] = [[
                "apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor", "name": "owner",
                "uid": .string(uid), "controller": true, "blockOwnerDeletion": true,
            ]]
            _ = try await client.request("POST", "/api/v1/namespaces/default/configmaps", body: dependent)
            var orphanDependent = Self.configMap("kept")
            orphanDependent["metadata"]["ownerReferences"] = dependent["metadata"]["ownerReferences"]
            _ = try await client.request("POST", "/api/v1/namespaces/default/configmaps", body: orphanDependent)

            // A finalizer holds the deletion until it is removed.
            _ = try await client.request("PATCH", Self.monitors + "/owner", body: ["metadata": ["finalizers": ["example.com/hold"]]],
                                         contentType: "application/merge-patch+json")
            let marked = try await client.request("DELETE", Self.monitors + "/owner")
            #expect(marked.status == 202)
            #expect(marked.body["metadata"]["deletionTimestamp"] != .null)
            #expect(try await client.request("GET", Self.monitors + "/owner").status == 200)
            server.settleControllers()
            #expect(try await client.request("GET", "/api/v1/namespaces/default/configmaps/dependent").status == 200,
                    "dependents stay while the owner exists")
            _ = try await client.request("PATCH", Self.monitors + "/owner", body: ["metadata": ["finalizers": .null]],
                                         contentType: "application/merge-patch+json")
            #expect(try await client.request("GET", Self.monitors + "/owner").status == 404, "the last finalizer gone: deleted")
            server.settleControllers()
            #expect(try await client.request("GET", "/api/v1/namespaces/default/configmaps/dependent").status == 404,
                    "background garbage collection removed the dependent")

            // Orphan propagation keeps dependents and drops their reference.
            let second = try await client.request("POST", Self.monitors, body: Self.monitor("second"))
            var child = Self.configMap("child")
            child["metadata"]["ownerReferences"] = [[
                "apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor", "name": "second",
                "uid": second.body["metadata"]["uid"],
            ]]
            _ = try await client.request("POST", "/api/v1/namespaces/default/configmaps", body: child)
            _ = try await client.request("DELETE", Self.monitors + "/second?propagationPolicy=Orphan")
            server.settleControllers()
            let orphan = try await client.request("GET", "/api/v1/namespaces/default/configmaps/child")
            #expect(orphan.status == 200)
            #expect(orphan.body["metadata"]["ownerReferences"] == .null)
        }
    }

    @Test func foregroundDeletionDeleteCollectionAndDryRun() async throws {
        try await Self.withServer { server, client in
            let configMaps = "/api/v1/namespaces/default/configmaps"
            let owner = try await client.request("POST", configMaps, body: Self.configMap("owner"))
            var child = Self.configMap("child")
            child["metadata"]["ownerReferences"] = [["apiVersion": "v1", "kind": "ConfigMap", "name": "owner",
                                                     "uid": owner.body["metadata"]["uid"], "blockOwnerDeletion": true]]
            child["metadata"]["finalizers"] = ["example.com/slow"]
            _ = try await client.request("POST", configMaps, body: child)

            // Foreground: the owner waits (foregroundDeletion finalizer) until its dependent is gone.
            let deleting = try await client.request("DELETE", configMaps + "/owner", body: ["propagationPolicy": "Foreground"])
            #expect(deleting.status == 202)
            #expect(deleting.body["metadata"]["finalizers"] == ["foregroundDeletion"])
            server.settleControllers()
            #expect(try await client.request("GET", configMaps + "/owner").status == 200, "held by a dependent with a finalizer")
            #expect(try await client.request("GET", configMaps + "/child").body["metadata"]["deletionTimestamp"] != .null)
            _ = try await client.request("PATCH", configMaps + "/child", body: ["metadata": ["finalizers": .null]],
                                         contentType: "application/merge-patch+json")
            server.settleControllers()
            #expect(try await client.request("GET", configMaps + "/child").status == 404)
            #expect(try await client.request("GET", configMaps + "/owner").status == 404)

            // dryRun: validated, answered, not stored.
            let dry = try await client.request("POST", configMaps + "?dryRun=All", body: Self.configMap("dry"))
            #expect(dry.status == 201)
            #expect(try await client.request("GET", configMaps + "/dry").status == 404)

            // deletecollection honours the label selector.
            for (name, team) in [("a", "x"), ("b", "x"), ("c", "y")] {
                _ = try await client.request("POST", configMaps, body: Self.configMap(name, labels: ["team": team]))
            }
            let collection = try await client.request("DELETE", configMaps + "?labelSelector=team%3Dx")
            #expect(collection.status == 200)
            let left = try await client.request("GET", configMaps).body["items"].arrayValue?.compactMap { $0["metadata"]["name"].stringValue }
            #expect(left == ["c"])

            // Writes into a namespace being deleted are Forbidden.
            _ = try await client.request("POST", "/api/v1/namespaces", body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "closing"]])
            _ = try await client.request("POST", "/api/v1/namespaces/closing/configmaps", body: Self.configMap("held"))
            _ = try await client.request("PATCH", "/api/v1/namespaces/closing/configmaps/held", body: ["metadata": ["finalizers": ["example.com/hold"]]],
                                         contentType: "application/merge-patch+json")
            _ = try await client.request("DELETE", "/api/v1/namespaces/closing")
            server.settleControllers()
            let refused = try await client.request("POST", "/api/v1/namespaces/closing/configmaps", body: Self.configMap("late"))
            #expect(refused.status == 403)
            #expect(refused.body["reason"] == "Forbidden")
            #expect(refused.body["message"].stringValue?.contains("because it is being terminated") == true)
            #expect(try await client.request("GET", "/api/v1/namespaces/closing").body["status"]["phase"] == "Terminating")
        }
    }

    @Test func refusesMalformedRequestsWithStatusObjects() async throws {
        try await Self.withServer { _, client in
            let configMaps = "/api/v1/namespaces/default/configmaps"
            var request = try await client.request("POST", configMaps, body: .string("not an object"))
            #expect(request.status == 400)
            #expect(request.body["kind"] == "Status")
            request = try await client.request("POST", configMaps, body: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "x"]])
            #expect(request.status == 400)
            #expect(request.body["message"].stringValue?.contains("does not match the expected kind") == true)
            request = try await client.request("POST", configMaps, body: Self.configMap("Not_A_Name"))
            #expect(request.status == 422)
            #expect(request.body["details"]["causes"][0]["field"] == "metadata.name")
            request = try await client.request("POST", configMaps, body: Self.configMap("p"), contentType: "application/vnd.kubernetes.protobuf")
            #expect(request.status == 415)
            request = try await client.request("GET", "/apis/nosuch.example.com/v1/things")
            #expect(request.status == 404)
            request = try await client.request("GET", configMaps + "?watch=true&resourceVersion=abc")
            #expect(request.status == 400)
            var generated = Self.configMap("")
            generated["metadata"]["generateName"] = "gen-"
            request = try await client.request("POST", configMaps, body: generated)
            #expect(request.status == 201)
            #expect(request.body["metadata"]["name"].stringValue?.hasPrefix("gen-") == true)
            #expect(request.body["metadata"]["name"].stringValue?.count == 9)
            // A DaemonSet whose selector does not match its template is Invalid.
            let daemonSet: JSONValue = [
                "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "ds"],
                "spec": ["selector": ["matchLabels": ["app": "a"]],
                         "template": ["metadata": ["labels": ["app": "b"]], "spec": ["containers": [["name": "c", "image": "i"]]]]],
            ]
            request = try await client.request("POST", "/apis/apps/v1/namespaces/default/daemonsets", body: daemonSet)
            #expect(request.status == 422)
            #expect(request.body["details"]["causes"][0]["field"] == "spec.template.metadata.labels")
        }
    }

    @Test func injectedFaultsAndRestart() async throws {
        try await Self.withServer { server, client in
            server.failNextRequests(2, code: 500)
            #expect(try await client.request("GET", "/api/v1/namespaces").status == 500)
            #expect(try await client.request("GET", "/api/v1/namespaces").status == 500)
            #expect(try await client.request("GET", "/api/v1/namespaces").status == 200)
            server.failNextRequests(1, code: 429)
            let throttled = try await client.request("GET", "/api/v1/namespaces")
            #expect(throttled.status == 429)
            #expect(throttled.body["reason"] == "TooManyRequests")

            server.setResponseDelay(.milliseconds(300))
            let start = ContinuousClock.now
            _ = try await client.request("GET", "/api/v1/namespaces")
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            server.setResponseDelay(.zero)

            _ = try await client.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("survivor"))
            let port = server.port
            // A watch open across the restart ends; the data and the port stay.
            async let watched = client.watch("/api/v1/namespaces/default/configmaps?watch=true", timeout: .seconds(10))
            try await Task.sleep(for: .milliseconds(500))
            try await server.restart()
            let result = try await watched
            #expect(result.ended, "the restart dropped the watch")
            #expect(server.port == port)
            #expect(try await client.request("GET", "/api/v1/namespaces/default/configmaps/survivor").status == 200)
        }
    }

    @Test func countsRequestsForSteadyStateChecks() async throws {
        try await Self.withServer { server, client in
            server.requests.clear()
            _ = try await client.request("GET", "/api/v1/namespaces")
            _ = try await client.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("c"))
            let entries = server.requests.all
            #expect(entries.count == 2)
            #expect(entries.filter(\.isWrite).count == 1)
            #expect(entries.last?.status == 201)
        }
    }
}
