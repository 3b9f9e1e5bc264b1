import Testing
import JSONValues
@testable import KubePatch

@Suite("Strategic merge patch")
struct StrategicMergePatchTests {
    let daemonSet = PatchStrategy.forKind("DaemonSet")

    func apply(_ original: String, _ patch: String, kind: String = "DaemonSet") throws -> JSONValue {
        try json(original).applyingStrategicMergePatch(json(patch), strategy: .forKind(kind))
    }

    func names(_ value: JSONValue, _ path: [String]) -> [String] {
        value[path: path].arrayValue?.compactMap { $0["name"].stringValue } ?? []
    }

    static let liveDaemonSet = #"""
        {"apiVersion": "apps/v1", "kind": "DaemonSet",
         "metadata": {"name": "agent", "namespace": "kube-system", "labels": {"app": "agent"},
                      "annotations": {"deprecated.daemonset.template.generation": "1"}},
         "spec": {"selector": {"matchLabels": {"app": "agent"}},
                  "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
                  "template": {"metadata": {"labels": {"app": "agent"}},
                               "spec": {"containers": [
                                           {"name": "agent", "image": "agent:1.0",
                                            "env": [{"name": "LOG", "value": "info"}, {"name": "MODE", "value": "fast"}],
                                            "ports": [{"containerPort": 9100, "name": "metrics"}],
                                            "volumeMounts": [{"name": "host", "mountPath": "/host"}]},
                                           {"name": "sidecar", "image": "sidecar:1.0"}],
                                        "volumes": [{"name": "host", "hostPath": {"path": "/"}}],
                                        "tolerations": [{"operator": "Exists"}]}}}}
        """#

    // MARK: What kubectl apply sends

    @Test("kubectl apply of a changed DaemonSet: element order, env merged by name, a container deleted")
    func kubectlApplyDaemonSet() throws {
        // The three-way patch kubectl apply computes when the applied config
        // changes the image and LOG, adds TZ, drops MODE, drops the sidecar and
        // adds a new container.
        let patch = #"""
            {"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{...}"}},
             "spec": {"template": {"spec": {
                "$setElementOrder/containers": [{"name": "agent"}, {"name": "reloader"}],
                "containers": [
                    {"name": "agent", "image": "agent:2.0",
                     "$setElementOrder/env": [{"name": "LOG"}, {"name": "TZ"}],
                     "env": [{"name": "LOG", "value": "debug"}, {"name": "TZ", "value": "UTC"},
                             {"$patch": "delete", "name": "MODE"}]},
                    {"name": "reloader", "image": "reloader:1.0"},
                    {"$patch": "delete", "name": "sidecar"}]}}}}
            """#
        let result = try apply(Self.liveDaemonSet, patch)
        let containers = ["spec", "template", "spec", "containers"]
        #expect(names(result, containers) == ["agent", "reloader"])
        let agent = result[path: containers].arrayValue?.first ?? .null
        #expect(agent["image"] == "agent:2.0")
        #expect(agent["env"] == (try json(#"[{"name": "LOG", "value": "debug"}, {"name": "TZ", "value": "UTC"}]"#)))
        // Fields the patch does not mention survive.
        #expect(agent["ports"] == (try json(#"[{"containerPort": 9100, "name": "metrics"}]"#)))
        #expect(agent["volumeMounts"] == (try json(#"[{"name": "host", "mountPath": "/host"}]"#)))
        #expect(result[path: ["spec", "template", "spec", "volumes"]].arrayValue?.count == 1)
        #expect(result[path: ["metadata", "annotations", "deprecated.daemonset.template.generation"]] == "1")
        #expect(result[path: ["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"]] == "{...}")
        #expect(result[path: ["spec", "template", "spec", "containers"]].arrayValue?.last == ["name": "reloader", "image": "reloader:1.0"])
        #expect(!result.jsonString.contains("$"), "no directive may survive: \(result.jsonString)")
    }

    @Test("$setElementOrder alone reorders a list")
    func reorderOnly() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"{"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "sidecar"}, {"name": "agent"}]}}}}"#)
        #expect(names(result, ["spec", "template", "spec", "containers"]) == ["sidecar", "agent"])
        // Content is untouched by reordering.
        #expect(result[path: ["spec", "template", "spec", "containers"]].arrayValue?.last?["env"].arrayValue?.count == 2)
    }

    @Test("elements only on the server keep their place relative to the live list")
    func serverOnlyElements() throws {
        // An injected container before the applied ones stays first.
        let injectedFirst = #"""
            {"spec": {"template": {"spec": {"containers": [{"name": "injected"}, {"name": "app", "image": "a:1"}]}}}}
            """#
        let patch = #"""
            {"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "app"}, {"name": "new"}],
                                            "containers": [{"name": "new", "image": "n:1"}]}}}}
            """#
        let first = try apply(injectedFirst, patch)
        #expect(names(first, ["spec", "template", "spec", "containers"]) == ["injected", "app", "new"])

        // After the applied ones it stays after "app", and new patch elements
        // go before it (Kubernetes' interleaving: a new element has no live position).
        let injectedLast = #"""
            {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "a:1"}, {"name": "injected"}]}}}}
            """#
        let last = try apply(injectedLast, patch)
        #expect(names(last, ["spec", "template", "spec", "containers"]) == ["app", "new", "injected"])
    }

    @Test("kubectl patch (strategic): a container is changed by name, others kept")
    func kubectlPatchImage() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"{"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "image": "sidecar:2.0"}]}}}}"#)
        let containers = result[path: ["spec", "template", "spec", "containers"]].arrayValue ?? []
        #expect(containers.count == 2)
        #expect(containers.map { $0["name"] } == ["agent", "sidecar"])
        #expect(containers[1]["image"] == "sidecar:2.0")
        #expect(containers[0]["env"].arrayValue?.count == 2)
    }

    @Test("a new element without $setElementOrder goes before the live ones, as in Kubernetes")
    func newElementOrder() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"{"spec": {"template": {"spec": {"containers": [{"name": "extra", "image": "x"}]}}}}"#)
        #expect(names(result, ["spec", "template", "spec", "containers"]) == ["extra", "agent", "sidecar"])
        // Merged and new elements both follow the patch's order.
        let both = try apply(
            Self.liveDaemonSet,
            #"{"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "image": "s:2"}, {"name": "extra"}]}}}}"#)
        #expect(names(both, ["spec", "template", "spec", "containers"]) == ["agent", "sidecar", "extra"])
    }

    @Test("ports merge by containerPort, volumeMounts by mountPath, volumes by name")
    func otherMergeKeys() throws {
        let patch = #"""
            {"spec": {"template": {"spec": {
                "containers": [{"name": "agent",
                                "ports": [{"containerPort": 9100, "protocol": "TCP"}, {"containerPort": 8080}],
                                "volumeMounts": [{"mountPath": "/host", "readOnly": true}]}],
                "volumes": [{"name": "cache", "emptyDir": {}}]}}}}
            """#
        let result = try apply(Self.liveDaemonSet, patch)
        let agent = result[path: ["spec", "template", "spec", "containers"]].arrayValue?.first ?? .null
        #expect(agent["ports"] == (try json(
            #"[{"containerPort": 9100, "name": "metrics", "protocol": "TCP"}, {"containerPort": 8080}]"#)))
        #expect(agent["volumeMounts"] == (try json(#"[{"name": "host", "mountPath": "/host", "readOnly": true}]"#)))
        #expect(names(result, ["spec", "template", "spec", "volumes"]) == ["cache", "host"])
    }

    @Test("lists without a merge strategy are replaced (tolerations, args)")
    func replacedLists() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"""
            {"spec": {"template": {"spec": {"tolerations": [{"key": "gpu", "operator": "Exists", "effect": null}],
                                            "containers": [{"name": "agent", "args": ["--x"]}]}}}}
            """#)
        #expect(result[path: ["spec", "template", "spec", "tolerations"]] == [["key": "gpu", "operator": "Exists"]])
        #expect(result[path: ["spec", "template", "spec", "containers"]].arrayValue?.first?["args"] == ["--x"])
    }

    // MARK: Maps

    @Test("maps merge recursively and null deletes")
    func mapsAndNull() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"""
            {"metadata": {"labels": {"tier": "node", "app": null}, "annotations": null},
             "spec": {"updateStrategy": {"rollingUpdate": {"maxSurge": 0}}, "missing": null}}
            """#)
        #expect(result[path: ["metadata", "labels"]] == ["tier": "node"])
        #expect(result[path: ["metadata"]].objectValue?["annotations"] == nil)
        #expect(result[path: ["spec", "updateStrategy"]] == (try json(
            #"{"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}"#)))
        #expect(result["spec"].objectValue?["missing"] == nil)
    }

    @Test("a new map from the patch loses its nulls")
    func newMapDropsNulls() throws {
        let result = try apply(#"{"a": 1}"#, #"{"b": {"c": null, "d": {"e": null, "f": 1}}}"#, kind: "ConfigMap")
        #expect(result == (try json(#"{"a": 1, "b": {"d": {"f": 1}}}"#)))
    }

    @Test("a value of another type is replaced by the patch's")
    func typeChange() throws {
        let result = try apply(#"{"a": "s", "b": {"x": 1}, "c": [1]}"#, #"{"a": {"k": 1}, "b": "now", "c": {"d": null}}"#, kind: "X")
        #expect(result == (try json(#"{"a": {"k": 1}, "b": "now", "c": {}}"#)))
    }

    @Test("$patch: replace in a map replaces the whole map")
    func replaceMap() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"{"spec": {"updateStrategy": {"$patch": "replace", "type": "OnDelete"}}}"#)
        #expect(result[path: ["spec", "updateStrategy"]] == ["type": "OnDelete"])
        #expect(result[path: ["spec", "selector", "matchLabels", "app"]] == "agent")
    }

    @Test("$patch: delete in a map empties it (Kubernetes keeps the key with {})")
    func deleteMap() throws {
        let result = try apply(Self.liveDaemonSet, #"{"metadata": {"labels": {"$patch": "delete"}}}"#)
        #expect(result[path: ["metadata"]].objectValue?["labels"] == .emptyObject)
        #expect(result[path: ["metadata", "name"]] == "agent")
    }

    @Test("$retainKeys drops the keys it does not list")
    func retainKeys() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"{"spec": {"updateStrategy": {"$retainKeys": ["type"], "type": "OnDelete"}}}"#)
        #expect(result[path: ["spec", "updateStrategy"]] == ["type": "OnDelete"])

        let volume = try apply(
            Self.liveDaemonSet,
            #"""
            {"spec": {"template": {"spec": {"volumes": [
                {"name": "host", "$retainKeys": ["name", "emptyDir"], "emptyDir": {"medium": "Memory"}}]}}}}
            """#)
        #expect(volume[path: ["spec", "template", "spec", "volumes"]] == [["name": "host", "emptyDir": ["medium": "Memory"]]])
    }

    @Test("$retainKeys must list every field the patch sets")
    func retainKeysMismatch() throws {
        let error = #expect(throws: PatchError.self) {
            try apply(Self.liveDaemonSet, #"{"spec": {"updateStrategy": {"$retainKeys": ["type"], "rollingUpdate": {}}}}"#)
        }
        #expect(error?.message == #"strategic merge patch at spec.updateStrategy: field "rollingUpdate" is in the patch but not in $retainKeys"#)
    }

    // MARK: List directives

    @Test("$patch: replace as a list element replaces the whole list")
    func replaceList() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"""
            {"spec": {"template": {"spec": {"containers": [{"$patch": "replace"}, {"name": "only", "image": "o:1", "env": null}]}}}}
            """#)
        #expect(result[path: ["spec", "template", "spec", "containers"]] == [["name": "only", "image": "o:1"]])
    }

    @Test("a delete directive for a missing element is harmless")
    func deleteMissing() throws {
        let result = try apply(
            Self.liveDaemonSet,
            #"{"spec": {"template": {"spec": {"containers": [{"name": "ghost", "$patch": "delete"}]}}}}"#)
        #expect(names(result, ["spec", "template", "spec", "containers"]) == ["agent", "sidecar"])
    }

    @Test("finalizers are a merged set; $deleteFromPrimitiveList removes values")
    func finalizers() throws {
        let original = #"{"metadata": {"name": "x", "finalizers": ["a", "b"]}}"#
        let added = try apply(original, #"{"metadata": {"finalizers": ["c", "a"]}}"#, kind: "ConfigMap")
        #expect(added[path: ["metadata", "finalizers"]] == ["c", "a", "b"])

        let applied = try apply(
            original,
            #"""
            {"metadata": {"$setElementOrder/finalizers": ["b", "c"], "finalizers": ["c"],
                          "$deleteFromPrimitiveList/finalizers": ["a"]}}
            """#, kind: "ConfigMap")
        #expect(applied[path: ["metadata", "finalizers"]] == ["b", "c"])
        #expect(applied["metadata"].objectValue?.keys.sorted() == ["finalizers", "name"])

        let deleted = try apply(original, #"{"metadata": {"$deleteFromPrimitiveList/finalizers": ["b", "zzz"]}}"#, kind: "ConfigMap")
        #expect(deleted[path: ["metadata", "finalizers"]] == ["a"])
    }

    @Test("other primitive lists are replaced")
    func primitiveReplace() throws {
        let result = try apply(#"{"spec": {"args": ["a", "b"]}}"#, #"{"spec": {"args": ["c"]}}"#, kind: "Pod")
        #expect(result[path: ["spec", "args"]] == ["c"])
    }

    @Test("status.conditions merge by type and ownerReferences by uid, for any kind")
    func commonLists() throws {
        let original = #"""
            {"metadata": {"ownerReferences": [{"uid": "1", "name": "a"}, {"uid": "2", "name": "b"}]},
             "status": {"conditions": [{"type": "Ready", "status": "False"}, {"type": "Synced", "status": "True"}]}}
            """#
        let patch = #"""
            {"metadata": {"ownerReferences": [{"uid": "2", "controller": true}]},
             "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Up"}]}}
            """#
        for kind in ["Deployment", "Widget"] {
            let result = try apply(original, patch, kind: kind)
            #expect(result[path: ["status", "conditions"]] == (try json(
                #"[{"type": "Ready", "status": "True", "reason": "Up"}, {"type": "Synced", "status": "True"}]"#)))
            #expect(result[path: ["metadata", "ownerReferences"]] == (try json(
                #"[{"uid": "1", "name": "a"}, {"uid": "2", "name": "b", "controller": true}]"#)))
        }
    }

    @Test("per-kind tables: Service ports, ServiceAccount secrets, Node addresses, Pod and Deployment containers")
    func kindTables() throws {
        let service = try apply(
            #"{"spec": {"ports": [{"port": 80, "targetPort": 8080}, {"port": 443}]}}"#,
            #"{"spec": {"ports": [{"port": 80, "name": "http"}]}}"#, kind: "Service")
        #expect(service[path: ["spec", "ports"]] == (try json(#"[{"port": 80, "targetPort": 8080, "name": "http"}, {"port": 443}]"#)))

        let account = try apply(#"{"secrets": [{"name": "a"}]}"#, #"{"secrets": [{"name": "b"}]}"#, kind: "ServiceAccount")
        #expect(account["secrets"] == [["name": "b"], ["name": "a"]])

        let node = try apply(
            #"{"status": {"addresses": [{"type": "InternalIP", "address": "10.0.0.1"}, {"type": "Hostname", "address": "n"}]}}"#,
            #"{"status": {"addresses": [{"type": "InternalIP", "address": "10.0.0.2"}]}}"#, kind: "Node")
        #expect(node[path: ["status", "addresses"]] == (try json(
            #"[{"type": "InternalIP", "address": "10.0.0.2"}, {"type": "Hostname", "address": "n"}]"#)))

        let pod = try apply(
            #"{"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "b"}]}}"#,
            #"{"spec": {"containers": [{"name": "a", "image": "2"}]}}"#, kind: "Pod")
        #expect(pod[path: ["spec", "containers"]] == [["name": "a", "image": "2"], ["name": "b"]])

        // A Service's ports in another kind are just a list: replaced.
        let other = try apply(
            #"{"spec": {"ports": [{"port": 80}, {"port": 443}]}}"#, #"{"spec": {"ports": [{"port": 80, "name": "x"}]}}"#, kind: "ConfigMap")
        #expect(other[path: ["spec", "ports"]] == [["port": 80, "name": "x"]])

        for kind in ["Deployment", "StatefulSet", "ReplicaSet", "Job"] {
            let strategy = PatchStrategy.forKind(kind)
            #expect(strategy.listStrategy(at: ["spec", "template", "spec", "containers"]) == .mergeByKey("name"))
            #expect(strategy.listStrategy(at: ["spec", "template", "spec", "initContainers", "env"]) == .mergeByKey("name"))
            #expect(strategy.listStrategy(at: ["spec", "template", "spec", "containers", "volumeDevices"]) == .mergeByKey("devicePath"))
            #expect(strategy.listStrategy(at: ["spec", "template", "spec", "imagePullSecrets"]) == .mergeByKey("name"))
            #expect(strategy.listStrategy(at: ["spec", "template", "spec", "tolerations"]) == nil)
        }
        #expect(PatchStrategy.forKind("CronJob").listStrategy(at: ["spec", "jobTemplate", "spec", "template", "spec", "containers"]) == .mergeByKey("name"))
        #expect(PatchStrategy.forKind("ConfigMap") == .common)
    }

    @Test("merge keys match numerically (80 and 80.0 are the same port)")
    func numericMergeKey() throws {
        let result = try apply(
            #"{"spec": {"containers": [{"name": "a", "ports": [{"containerPort": 80}]}]}}"#,
            #"{"spec": {"containers": [{"name": "a", "ports": [{"containerPort": 80.0, "name": "http"}]}]}}"#, kind: "Pod")
        #expect(result[path: ["spec", "containers"]].arrayValue?.first?["ports"].arrayValue?.count == 1)
    }

    @Test("patching an empty or null document builds it from the patch")
    func emptyOriginal() throws {
        let patch = try json(#"{"metadata": {"name": "x", "finalizers": ["f"]}, "spec": {"containers": [{"name": "a", "env": [{"name": "E", "value": null}]}]}}"#)
        let fromNull = try JSONValue.null.applyingStrategicMergePatch(patch, strategy: .forKind("Pod"))
        #expect(fromNull == (try json(#"{"metadata": {"name": "x", "finalizers": ["f"]}, "spec": {"containers": [{"name": "a", "env": [{"name": "E"}]}]}}"#)))
        #expect(try JSONValue.emptyObject.applyingStrategicMergePatch(patch, strategy: .forKind("Pod")) == fromNull)
    }

    // MARK: Errors

    @Test(
        "malformed patches are errors",
        arguments: [
            (#"{"spec": {"$patch": "merge"}}"#, #"strategic merge patch at spec: unknown patch type "merge" in map (expected "replace" or "delete")"#),
            (#"{"$patch": 1}"#, #"strategic merge patch: unknown patch type 1 in map (expected "replace" or "delete")"#),
            (#"{"spec": {"template": {"spec": {"containers": [{"name": "agent", "$patch": "remove"}]}}}}"#,
             #"strategic merge patch at spec.template.spec.containers: unknown patch type "remove" in list"#),
            (#"{"spec": {"template": {"spec": {"containers": [{"$patch": "merge"}]}}}}"#,
             "strategic merge patch at spec.template.spec.containers: merging lists cannot yet be specified in the patch"),
            (#"{"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}"#,
             #"strategic merge patch at spec.template.spec.containers: map {"image":"x"} does not contain declared merge key: name"#),
            (#"{"spec": {"template": {"spec": {"containers": [{"$patch": "delete", "image": "x"}]}}}}"#,
             #"strategic merge patch at spec.template.spec.containers: map {"$patch":"delete","image":"x"} does not contain declared merge key: name"#),
            (#"{"spec": {"template": {"spec": {"containers": ["agent"]}}}}"#,
             #"strategic merge patch at spec.template.spec.containers: elements of a list merged by "name" must be objects, found string"#),
            (#"{"spec": {"template": {"spec": {"tolerations": [{"key": "x", "$patch": "delete"}]}}}}"#,
             "strategic merge patch at spec.template.spec.tolerations: cannot delete an element of a list that is not merged by key"),
            (#"{"spec": {"template": {"spec": {"$setElementOrder/containers": [{"image": "x"}]}}}}"#,
             #"strategic merge patch at spec.template.spec.containers: $setElementOrder/containers element {"image":"x"} does not contain declared merge key: name"#),
            (#"{"spec": {"template": {"spec": {"$setElementOrder/containers": {"name": "x"}}}}}"#,
             "strategic merge patch at spec.template.spec.containers: $setElementOrder/containers must be a list, not object"),
            (#"{"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "sidecar"}, {"name": "agent"}], "containers": [{"name": "agent"}, {"name": "sidecar"}]}}}}"#,
             #"strategic merge patch at spec.template.spec.containers: the order in the patch list [{"name":"agent"},{"name":"sidecar"}] doesn't match $setElementOrder/containers [{"name":"sidecar"},{"name":"agent"}]"#),
            (#"{"spec": {"$setElementOrder": []}}"#,
             #"strategic merge patch at spec: invalid patch directive "$setElementOrder" (expected $setElementOrder/<field>)"#),
            (#"{"metadata": {"$deleteFromPrimitiveList/finalizers": "a"}}"#,
             "strategic merge patch at metadata.finalizers: $deleteFromPrimitiveList/finalizers must be a list, not string"),
            (#"{"spec": {"updateStrategy": {"$retainKeys": "type"}}}"#,
             "strategic merge patch at spec.updateStrategy: $retainKeys must be a list of strings, not string"),
            (#"[]"#, "a strategic merge patch must be a JSON object, not array"),
        ])
    func errors(patch: String, message: String) throws {
        let error = #expect(throws: PatchError.self) { try apply(Self.liveDaemonSet, patch) }
        #expect(error?.message == message)
    }

    @Test("the document must be an object")
    func documentMustBeObject() {
        let error = #expect(throws: PatchError.self) {
            try JSONValue.array([]).applyingStrategicMergePatch([:], strategy: .common)
        }
        #expect(error?.message == "the document to patch must be a JSON object, not array")
    }
}
