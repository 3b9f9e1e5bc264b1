import JSONValues
import KubeModel
import KubeSchema
import Testing

@Suite("Pruning")
struct PruningTests {
    @Test func dropsUnknownFieldsAndReportsTheirPaths() throws {
        let schema = try Fixtures.monitorSchema()
        var object = Fixtures.monitor(
            spec: ["interfaces": ["ens5f0"], "foo": 1, "nodeSelector": ["role": "worker"], "bar": ["x": 1]],
            extra: ["extra": true])
        let pruned = schema.prune(&object)
        #expect(pruned == ["extra", "spec.bar", "spec.foo"])
        #expect(object["spec"] == ["interfaces": ["ens5f0"], "nodeSelector": ["role": "worker"]])
        #expect(object["extra"] == .null)
    }

    @Test func keepsApiVersionKindAndMetadataAtTheRoot() throws {
        let schema = try Fixtures.monitorSchema()
        var object = Fixtures.monitor(spec: ["interfaces": ["a"]])
        object["metadata"] = ["name": "x", "labels": ["a": "b"], "annotations": ["k": "v"]]
        let before = object
        #expect(schema.prune(&object).isEmpty)
        #expect(object == before)
    }

    @Test func notAtTheResourceRootApiVersionIsPruned() throws {
        let schema = try Fixtures.monitorSchema()
        var object: JSONValue = ["apiVersion": "v1", "kind": "X", "spec": ["interfaces": ["a"]]]
        let pruned = schema.prune(&object, isResourceRoot: false)
        #expect(pruned == ["apiVersion", "kind"])
        #expect(object == ["spec": ["interfaces": ["a"]]])
    }

    @Test func preserveUnknownFieldsKeepsEverythingBelow() throws {
        let schema = try Fixtures.monitorSchema()
        var object = Fixtures.monitor(
            spec: ["interfaces": ["a"]],
            extra: ["status": ["anything": ["deep": [1, 2]], "conditions": [["type": "Ready"]]]])
        #expect(schema.prune(&object).isEmpty)
        #expect(object[path: ["status", "anything", "deep"]] == [1, 2])
    }

    @Test func preserveUnknownFieldsStillPrunesInsideDeclaredProperties() throws {
        let schema = try Fixtures.schema(
            #"{"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {"spec": {"type": "object", "properties": {"a": {"type": "string"}}}}}"#
        )
        var object: JSONValue = ["spec": ["a": "x", "b": "y"], "other": ["c": 1]]
        #expect(schema.prune(&object) == ["spec.b"])
        #expect(object == ["spec": ["a": "x"], "other": ["c": 1]])
    }

    @Test func prunesInsideArrayItemsAndAdditionalProperties() throws {
        let schema = try Fixtures.schema(
            """
            {"type": "object", "properties": {
              "list": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
              "byName": {"type": "object", "additionalProperties": {"type": "object", "properties": {"v": {"type": "integer"}}}},
              "free": {"type": "object", "additionalProperties": true}
            }}
            """)
        var object: JSONValue = [
            "list": [["name": "a", "x": 1], ["name": "b"], ["y": 2]],
            "byName": ["k1": ["v": 1, "w": 2]],
            "free": ["anything": ["goes": true]],
        ]
        let pruned = schema.prune(&object, isResourceRoot: false)
        #expect(pruned == ["byName.k1.w", "list[0].x", "list[2].y"])
        #expect(object["list"] == [["name": "a"], ["name": "b"], [:]])
        #expect(object["byName"] == ["k1": ["v": 1]])
        #expect(object["free"] == ["anything": ["goes": true]])
    }

    @Test func embeddedResourcesKeepTheirTypeMeta() throws {
        let schema = try Fixtures.schema(
            #"{"type": "object", "properties": {"template": {"type": "object", "x-kubernetes-embedded-resource": true, "properties": {"spec": {"type": "object", "properties": {"a": {"type": "string"}}}}}}}"#
        )
        var object: JSONValue = [
            "template": [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": ["a": "x", "b": "y"], "z": 1,
            ]
        ]
        #expect(schema.prune(&object, isResourceRoot: false) == ["template.spec.b", "template.z"])
        #expect(object["template"] == ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": ["a": "x"]])
    }
}

@Suite("Defaulting")
struct DefaultingTests {
    @Test func defaultsAnAbsentProperty() throws {
        let schema = try Fixtures.monitorSchema()
        var object = Fixtures.monitor(spec: ["interfaces": ["ens5f0"]])
        schema.applyDefaults(&object)
        #expect(object[path: ["spec", "pollingInterval"]] == .int(1000))
    }

    @Test func keepsAGivenValue() throws {
        let schema = try Fixtures.monitorSchema()
        var object = Fixtures.monitor(spec: ["interfaces": ["ens5f0"], "pollingInterval": 2500])
        schema.applyDefaults(&object)
        #expect(object[path: ["spec", "pollingInterval"]] == .int(2500))
    }

    @Test func doesNotCreateAnAbsentParentWithoutItsOwnDefault() throws {
        let schema = try Fixtures.monitorSchema()
        var object: JSONValue = ["apiVersion": "a/v1", "kind": "K", "metadata": ["name": "x"]]
        schema.applyDefaults(&object)
        #expect(object["spec"] == .null)
    }

    @Test func aDefaultedObjectGetsItsNestedDefaults() throws {
        let schema = try Fixtures.schema(
            """
            {"type": "object", "properties": {"spec": {"type": "object", "default": {},
              "properties": {
                "timeouts": {"type": "object", "default": {"read": 5},
                             "properties": {"read": {"type": "integer"}, "write": {"type": "integer", "default": 10}}},
                "name": {"type": "string", "default": "n"}
              }}}}
            """)
        var object: JSONValue = [:]
        schema.applyDefaults(&object)
        #expect(object == ["spec": ["name": "n", "timeouts": ["read": 5, "write": 10]]])
    }

    @Test func defaultsInsideArrayItemsAndAdditionalProperties() throws {
        let schema = try Fixtures.schema(
            """
            {"type": "object", "properties": {
              "ports": {"type": "array", "items": {"type": "object", "properties": {
                 "name": {"type": "string"}, "protocol": {"type": "string", "default": "TCP"}}}},
              "limits": {"type": "object", "additionalProperties": {"type": "object", "properties": {
                 "max": {"type": "integer", "default": 3}}}}
            }}
            """)
        var object: JSONValue = [
            "ports": [["name": "a"], ["name": "b", "protocol": "UDP"]],
            "limits": ["cpu": [:], "mem": ["max": 7]],
        ]
        schema.applyDefaults(&object)
        #expect(object["ports"] == [["name": "a", "protocol": "TCP"], ["name": "b", "protocol": "UDP"]])
        #expect(object["limits"] == ["cpu": ["max": 3], "mem": ["max": 7]])
    }

    @Test func nullNonNullableFieldsAreDroppedOrDefaulted() throws {
        let schema = try Fixtures.schema(
            """
            {"type": "object", "properties": {
              "a": {"type": "string"},
              "b": {"type": "string", "default": "dflt"},
              "c": {"type": "string", "nullable": true},
              "d": {"type": "string", "nullable": true, "default": "x"},
              "list": {"type": "array", "items": {"type": "string", "default": "item"}}
            }}
            """)
        var object: JSONValue = .object(["a": .null, "b": .null, "c": .null, "d": .null, "list": [.null, "v"]])
        schema.applyDefaults(&object)
        #expect(object == .object(["b": "dflt", "c": .null, "d": .null, "list": ["item", "v"]]))
    }

    @Test func admitPrunesThenDefaultsThenValidates() throws {
        let schema = try Fixtures.monitorSchema()
        var object = Fixtures.monitor(spec: ["interfaces": ["ens5f0", "ens5f1"], "unknown": 1])
        let (pruned, errors) = schema.admit(&object)
        #expect(pruned == ["spec.unknown"])
        #expect(errors.isEmpty)
        #expect(object["spec"] == ["interfaces": ["ens5f0", "ens5f1"], "pollingInterval": 1000])
    }
}
