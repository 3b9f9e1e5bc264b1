import KubeClient
import JSONValues
import KubeModel
import KubeTestServer
import Testing

@Suite("REST verbs")
struct VerbTests {
    @Test("create, get, list with selectors")
    func createGetList() async throws {
        try await withServer { _, client in
            let created = try await client.create(.configMaps, namespace: "default",
                                                  object: configMap("alpha", data: ["k": "v"], labels: ["app": "relay"]))
            #expect(created["metadata"]["uid"].stringValue?.isEmpty == false)
            // apiVersion and kind are filled in; the namespace comes from the object.
            let bare: JSONValue = ["metadata": ["name": "beta", "namespace": "default", "labels": ["app": "other"]]]
            _ = try await client.create(.configMaps, namespace: nil, object: bare)

            let fetched = try await client.get(.configMaps, namespace: "default", name: "alpha")
            #expect(fetched["data"]["k"] == "v")
            #expect(fetched["kind"] == "ConfigMap")

            let selected = try await client.list(.configMaps, namespace: "default", labelSelector: "app in (relay, x)")
            #expect(selected.items.map { $0["metadata"]["name"].stringValue ?? "" } == ["alpha"])
            #expect(selected.items.first?["apiVersion"] == "v1")
            #expect(!selected.resourceVersion.isEmpty)
            let negated = try await client.list(.configMaps, namespace: nil, labelSelector: "app!=relay,app")
            #expect(negated.items.map { $0["metadata"]["name"].stringValue ?? "" } == ["beta"])
            let byName = try await client.list(.configMaps, namespace: "default", fieldSelector: "metadata.name=beta")
            #expect(byName.items.count == 1)

            let missing = await expectKubeError { () async throws(KubeError) in
                try await client.get(.configMaps, namespace: "default", name: "gamma")
            }
            #expect(missing?.isNotFound == true)
            #expect(missing?.reason == "NotFound")
            #expect(missing?.description.contains("configmaps \"gamma\" not found") == true)

            let twice = await expectKubeError { () async throws(KubeError) in
                try await client.create(.configMaps, namespace: "default", object: configMap("alpha"))
            }
            #expect(twice?.isAlreadyExists == true)
            #expect(twice?.isConflict == false)

            let noNamespace = await expectKubeError { () async throws(KubeError) in
                try await client.get(.configMaps, namespace: nil, name: "alpha")
            }
            #expect(noNamespace?.kind == .invalidRequest)
        }
    }

    @Test("pagination: limit and continue, and listAll")
    func pagination() async throws {
        try await withServer { _, client in
            for index in 0..<7 {
                _ = try await client.create(.configMaps, namespace: "default", object: configMap("page-\(index)"))
            }
            let first = try await client.list(.configMaps, namespace: "default", limit: 3)
            #expect(first.items.count == 3)
            #expect(first.continueToken != nil)
            #expect(first.remainingItemCount == 4)
            let second = try await client.list(.configMaps, namespace: "default", limit: 3, continueToken: first.continueToken)
            #expect(second.items.count == 3)
            let third = try await client.list(.configMaps, namespace: "default", limit: 3, continueToken: second.continueToken)
            #expect(third.items.count == 1)
            #expect(third.continueToken == nil)

            let before = client.requestCount
            let all = try await client.listAll(.configMaps, namespace: "default", pageSize: 2)
            #expect(client.requestCount - before == 4)
            let names = all.items.compactMap { $0["metadata"]["name"].stringValue }.filter { $0.hasPrefix("page-") }
            #expect(names == (0..<7).map { "page-\($0)" })
            #expect(all.continueToken == nil)
            #expect(all.resourceVersion == first.resourceVersion)
        }
    }

    @Test("update: optimistic concurrency (409 isConflict), no retry")
    func updateConflict() async throws {
        try await withServer { _, client in
            let created = try await client.create(.configMaps, namespace: "default", object: configMap("cm", data: ["v": "1"]))
            var changed = created
            changed["data"]["v"] = "2"
            let updated = try await client.update(.configMaps, object: changed)
            #expect(updated["data"]["v"] == "2")
            #expect(updated["metadata"]["resourceVersion"] != created["metadata"]["resourceVersion"])

            var stale = created
            stale["data"]["v"] = "3"
            let before = client.requestCount
            let conflict = await expectKubeError { () async throws(KubeError) in try await client.update(.configMaps, object: stale) }
            #expect(conflict?.isConflict == true)
            #expect(conflict?.isRetryable == false)
            #expect(conflict?.code == 409)
            #expect(client.requestCount - before == 1)

            let nameless = await expectKubeError { () async throws(KubeError) in
                try await client.update(.configMaps, object: ["metadata": ["namespace": "default"]])
            }
            #expect(nameless?.kind == .invalidRequest)
        }
    }

    @Test("updateStatus writes the status subresource only")
    func statusUpdate() async throws {
        try await withServer { _, client in
            let deployment: JSONValue = [
                "metadata": ["name": "web", "namespace": "default"],
                "spec": [
                    "replicas": 1, "selector": ["matchLabels": ["app": "web"]],
                    "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "c", "image": "nginx"]]]],
                ],
            ]
            let created = try await client.create(.deployments, namespace: "default", object: deployment)
            var withStatus = created
            withStatus["status"] = ["observedGeneration": 1, "replicas": 1]
            withStatus["spec"]["replicas"] = 5
            let updated = try await client.updateStatus(.deployments, object: withStatus)
            #expect(updated["status"]["replicas"] == 1)
            #expect(updated["spec"]["replicas"] == 1)
            let fetched = try await client.get(.deployments, namespace: "default", name: "web")
            #expect(fetched["status"]["observedGeneration"] == 1)
        }
    }

    @Test("patch: merge, JSON patch, strategic merge, and the status subresource")
    func patches() async throws {
        try await withServer { _, client in
            _ = try await client.create(.configMaps, namespace: "default", object: configMap("p", data: ["a": "1", "b": "2"]))
            let merged = try await client.patch(.configMaps, namespace: "default", name: "p",
                                                patch: ["data": ["a": "10", "b": .null]], type: .merge)
            #expect(merged["data"] == ["a": "10"])
            let jsonPatched = try await client.patch(
                .configMaps, namespace: "default", name: "p",
                patch: [["op": "add", "path": "/data/c", "value": "3"], ["op": "test", "path": "/data/a", "value": "10"]], type: .json)
            #expect(jsonPatched["data"] == ["a": "10", "c": "3"])

            let pod: JSONValue = [
                "metadata": ["name": "pod", "namespace": "default"],
                "spec": ["containers": [["name": "main", "image": "busybox"], ["name": "side", "image": "busybox"]]],
            ]
            _ = try await client.create(.pods, namespace: "default", object: pod)
            let strategic = try await client.patch(
                .pods, namespace: "default", name: "pod",
                patch: ["spec": ["containers": [["name": "side", "image": "alpine"]]]], type: .strategic)
            let containers = strategic["spec"]["containers"].arrayValue ?? []
            #expect(containers.map { $0["name"].stringValue ?? "" } == ["main", "side"])
            #expect(containers.last?["image"] == "alpine")

            let status = try await client.patch(.pods, namespace: "default", name: "pod",
                                                patch: ["status": ["phase": "Running"]], type: .merge, subresource: "status")
            #expect(status["status"]["phase"] == "Running")

            let failed = await expectKubeError { () async throws(KubeError) in
                try await client.patch(.configMaps, namespace: "default", name: "p",
                                       patch: [["op": "test", "path": "/data/a", "value": "nope"]], type: .json)
            }
            #expect(failed?.kind == .status)
            #expect(failed?.isRetryable == false)
        }
    }

    @Test("delete: preconditions, propagation policy, not found")
    func deletes() async throws {
        try await withServer { _, client in
            let created = try await client.create(.configMaps, namespace: "default", object: configMap("gone"))
            let stale = await expectKubeError { () async throws(KubeError) in
                try await client.delete(.configMaps, namespace: "default", name: "gone", preconditionResourceVersion: "1")
            }
            #expect(stale?.isConflict == true)
            _ = try await client.delete(.configMaps, namespace: "default", name: "gone", propagationPolicy: "Foreground",
                                        preconditionResourceVersion: created["metadata"]["resourceVersion"].stringValue)
            // Foreground deletion marks the object; the server's collector finishes it.
            var remaining = true
            for _ in 0..<100 where remaining {
                do {
                    _ = try await client.get(.configMaps, namespace: "default", name: "gone")
                } catch let error as KubeError where error.isNotFound {
                    remaining = false
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(!remaining)
            let before = client.requestCount
            let missing = await expectKubeError { () async throws(KubeError) in
                try await client.delete(.configMaps, namespace: "default", name: "gone")
            }
            #expect(missing?.isNotFound == true)
            #expect(client.requestCount - before == 1)

            let invalid = await expectKubeError { () async throws(KubeError) in
                try await client.delete(.configMaps, namespace: "default", name: "x", propagationPolicy: "Sometimes")
            }
            #expect(invalid?.code == 404 || invalid?.code == 400)
        }
    }

    @Test("cluster-scoped resources and custom resources")
    func clusterScoped() async throws {
        try await withServer { _, client in
            let namespace = try await client.create(.namespaces, namespace: nil, object: ["metadata": ["name": "pf-system"]])
            #expect(namespace["metadata"]["name"] == "pf-system")
            let crd: JSONValue = [
                "metadata": ["name": "widgets.example.com"],
                "spec": [
                    "group": "example.com", "scope": "Namespaced",
                    "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"],
                    "versions": [[
                        "name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                        "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                    ]],
                ],
            ]
            _ = try await client.create(.customResourceDefinitions, namespace: nil, object: crd)
            let widgets = ResourceDescriptor(group: "example.com", version: "v1", plural: "widgets", kind: "Widget", namespaced: true)
            var created: JSONValue = .null
            for _ in 0..<50 {
                do {
                    created = try await client.create(widgets, namespace: "pf-system",
                                                      object: ["metadata": ["name": "w"], "spec": ["size": 3]])
                    break
                } catch let error as KubeError where error.isNotFound {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(created["apiVersion"] == "example.com/v1")
            #expect(created["kind"] == "Widget")
            let listed = try await client.list(widgets, namespace: nil)
            #expect(listed.items.count == 1)
        }
    }
}
