import JSONValues
import KubeModel
import KubeSchema
import Testing

@Suite("Validation")
struct ValidationTests {
    private func errors(spec: JSONValue) throws -> [String] {
        let schema = try Fixtures.monitorSchema()
        return schema.validate(Fixtures.monitor(spec: spec)).map(\.description)
    }

    @Test func aValidObjectHasNoErrors() throws {
        #expect(try errors(spec: ["interfaces": ["ens5f0", "ens5f1"], "pollingInterval": 1000]) == [])
    }

    @Test func requiredValue() throws {
        let schema = try Fixtures.monitorSchema()
        let found = schema.validate(Fixtures.monitor(spec: ["pollingInterval": 1000]))
        #expect(found.map(\.description) == ["spec.interfaces: Required value"])
        let error = try #require(found.first)
        #expect(error.type == .required)
        #expect(error.field == "spec.interfaces")
        #expect(error.message == "Required value")
        #expect(error.causeJSON == ["reason": "FieldValueRequired", "message": "Required value", "field": "spec.interfaces"])
    }

    @Test func minimum() throws {
        let schema = try Fixtures.monitorSchema()
        let found = schema.validate(Fixtures.monitor(spec: ["interfaces": ["a"], "pollingInterval": 500]))
        #expect(found.map(\.description) == [
            "spec.pollingInterval: Invalid value: 500: spec.pollingInterval in body should be greater than or equal to 1000"
        ])
        #expect(found.first?.type == .invalid)
        #expect(found.first?.causeJSON["message"] == "Invalid value: 500: spec.pollingInterval in body should be greater than or equal to 1000")
    }

    @Test func minItems() throws {
        #expect(try errors(spec: ["interfaces": []]) == [
            "spec.interfaces: Invalid value: 0: spec.interfaces in body should have at least 1 items"
        ])
    }

    @Test func minLength() throws {
        #expect(try errors(spec: ["interfaces": [""]]) == [
            #"spec.interfaces[0]: Invalid value: "": spec.interfaces[0] in body should be at least 1 chars long"#
        ])
    }

    @Test func typeMismatch() throws {
        let schema = try Fixtures.monitorSchema()
        let found = schema.validate(Fixtures.monitor(spec: ["interfaces": ["a"], "pollingInterval": "string"]))
        #expect(found.map(\.description) == [
            #"spec.pollingInterval: Invalid value: "string": spec.pollingInterval in body must be of type integer: "string""#
        ])
        #expect(found.first?.type == .typeInvalid)
        #expect(found.first?.causeJSON["reason"] == "FieldValueTypeInvalid")
    }

    @Test func typeMismatchNamesTheActualJSONType() throws {
        #expect(try errors(spec: ["interfaces": "ens5f0"]) == [
            #"spec.interfaces: Invalid value: "string": spec.interfaces in body must be of type array: "string""#
        ])
        #expect(try errors(spec: ["interfaces": ["a"], "pollingInterval": 1.5]) == [
            #"spec.pollingInterval: Invalid value: "number": spec.pollingInterval in body must be of type integer: "number""#
        ])
        #expect(try errors(spec: ["interfaces": [true]]) == [
            #"spec.interfaces[0]: Invalid value: "boolean": spec.interfaces[0] in body must be of type string: "boolean""#
        ])
        #expect(try errors(spec: ["interfaces": [.null]]) == [
            #"spec.interfaces[0]: Invalid value: "null": spec.interfaces[0] in body must be of type string: "null""#
        ])
    }

    @Test func anIntegerMayBeWrittenAsAWholeDouble() throws {
        #expect(try errors(spec: ["interfaces": ["a"], "pollingInterval": .double(1000.0)]) == [])
        #expect(try errors(spec: ["interfaces": ["a"], "pollingInterval": .double(500.0)]) == [
            "spec.pollingInterval: Invalid value: 500: spec.pollingInterval in body should be greater than or equal to 1000"
        ])
    }

    @Test func duplicateInASet() throws {
        let schema = try Fixtures.monitorSchema()
        let found = schema.validate(Fixtures.monitor(spec: ["interfaces": ["a", "a", "b", "a", "b"]]))
        #expect(found.map(\.description) == [
            #"spec.interfaces[1]: Duplicate value: "a""#,
            #"spec.interfaces[4]: Duplicate value: "b""#,
        ])
        #expect(found.first?.type == .duplicate)
        #expect(found.first?.causeJSON == ["reason": "FieldValueDuplicate", "message": #"Duplicate value: "a""#, "field": "spec.interfaces[1]"])
    }

    @Test func additionalPropertiesValuesAreValidated() throws {
        #expect(try errors(spec: ["interfaces": ["a"], "nodeSelector": ["role": 1]]) == [
            #"spec.nodeSelector.role: Invalid value: "integer": spec.nodeSelector.role in body must be of type string: "integer""#
        ])
    }

    @Test func severalErrorsInDocumentOrder() throws {
        #expect(try errors(spec: ["interfaces": ["", "x", "x"], "pollingInterval": 1]) == [
            #"spec.interfaces[0]: Invalid value: "": spec.interfaces[0] in body should be at least 1 chars long"#,
            "spec.pollingInterval: Invalid value: 1: spec.pollingInterval in body should be greater than or equal to 1000",
            #"spec.interfaces[2]: Duplicate value: "x""#,
        ])
    }

    private let keywords = """
        {"type": "object", "properties": {
          "mode": {"type": "string", "enum": ["a", "b"]},
          "level": {"type": "integer", "enum": [1, 2]},
          "name": {"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"},
          "short": {"type": "string", "maxLength": 1},
          "ratio": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1.5},
          "count": {"type": "integer", "maximum": 10, "exclusiveMaximum": true, "multipleOf": 2},
          "big": {"type": "number", "maximum": 1000000},
          "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
          "one": {"type": "array", "maxItems": 1, "items": {"type": "string"}},
          "labels": {"type": "object", "minProperties": 1, "maxProperties": 2, "additionalProperties": {"type": "integer"}},
          "when": {"type": "string", "format": "date-time"},
          "day": {"type": "string", "format": "date"},
          "port": {"x-kubernetes-int-or-string": true},
          "flag": {"type": "boolean"},
          "maybe": {"type": "string", "nullable": true}
        }}
        """

    private func keywordErrors(_ object: JSONValue) throws -> [String] {
        try Fixtures.schema(keywords).validate(object, at: "spec").map(\.description)
    }

    @Test func enumIsUnsupportedValue() throws {
        let schema = try Fixtures.schema(keywords)
        let found = schema.validate(["mode": "x"], at: "spec")
        #expect(found.map(\.description) == [#"spec.mode: Unsupported value: "x": supported values: "a", "b""#])
        #expect(found.first?.type == .notSupported)
        #expect(try keywordErrors(["level": 3]) == [#"spec.level: Unsupported value: 3: supported values: "1", "2""#])
        #expect(try keywordErrors(["mode": "a", "level": 2]) == [])
    }

    @Test func maxLengthIsTooLong() throws {
        let schema = try Fixtures.schema(keywords)
        let found = schema.validate(["name": "abcd"], at: "spec")
        #expect(found.map(\.description) == ["spec.name: Too long: may not be more than 3 bytes"])
        #expect(found.first?.type == .tooLong)
        #expect(try keywordErrors(["short": "ab"]) == ["spec.short: Too long: may not be more than 1 byte"])
    }

    @Test func pattern() throws {
        #expect(try keywordErrors(["name": "AB"]) == [
            #"spec.name: Invalid value: "AB": spec.name in body should match '^[a-z]+$'"#
        ])
    }

    @Test func numberBounds() throws {
        #expect(try keywordErrors(["ratio": 0]) == [
            "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0"
        ])
        #expect(try keywordErrors(["ratio": 1.75]) == [
            "spec.ratio: Invalid value: 1.75: spec.ratio in body should be less than or equal to 1.5"
        ])
        #expect(try keywordErrors(["ratio": 1.5]) == [])
        #expect(try keywordErrors(["count": 10]) == [
            "spec.count: Invalid value: 10: spec.count in body should be less than 10"
        ])
        #expect(try keywordErrors(["count": 3]) == [
            "spec.count: Invalid value: 3: spec.count in body should be a multiple of 2"
        ])
        #expect(try keywordErrors(["big": 2.5e6]) == [
            "spec.big: Invalid value: 2.5e+06: spec.big in body should be less than or equal to 1e+06"
        ])
        #expect(try keywordErrors(["big": 2_000_000]) == [
            "spec.big: Invalid value: 2000000: spec.big in body should be less than or equal to 1000000"
        ])
    }

    @Test func maxItemsIsTooMany() throws {
        let schema = try Fixtures.schema(keywords)
        let found = schema.validate(["tags": ["a", "b", "c"]], at: "spec")
        #expect(found.map(\.description) == ["spec.tags: Too many: 3: must have at most 2 items"])
        #expect(found.first?.type == .tooMany)
        #expect(try keywordErrors(["one": ["a", "b"]]) == ["spec.one: Too many: 2: must have at most 1 item"])
    }

    @Test func propertyCounts() throws {
        #expect(try keywordErrors(["labels": [:]]) == [
            "spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties"
        ])
        // A property-count failure is the only error for that object (values are not checked).
        #expect(try keywordErrors(["labels": ["a": "x", "b": 2, "c": 3]]) == [
            "spec.labels: Too many: 3: must have at most 2 items"
        ])
    }

    @Test func formats() throws {
        #expect(try keywordErrors(["when": "2024-05-01T10:00:00Z", "day": "2024-02-29"]) == [])
        #expect(try keywordErrors(["when": "2024-05-01T10:00:00.123+02:00"]) == [])
        #expect(try keywordErrors(["when": "yesterday"]) == [
            #"spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday""#
        ])
        #expect(try keywordErrors(["day": "2023-02-29"]) == [
            #"spec.day: Invalid value: "2023-02-29": spec.day in body must be of type date: "2023-02-29""#
        ])
    }

    @Test func intOrString() throws {
        #expect(try keywordErrors(["port": 80]) == [])
        #expect(try keywordErrors(["port": "http"]) == [])
        #expect(try keywordErrors(["port": true]) == [
            #"spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean""#
        ])
    }

    @Test func nullable() throws {
        #expect(try keywordErrors(["maybe": .null]) == [])
        #expect(try keywordErrors(["flag": .null]) == [
            #"spec.flag: Invalid value: "null": spec.flag in body must be of type boolean: "null""#
        ])
    }

    @Test func listMapKeysMustBeUnique() throws {
        let schema = try Fixtures.schema(
            """
            {"type": "object", "properties": {"ports": {"type": "array", "x-kubernetes-list-type": "map",
              "x-kubernetes-list-map-keys": ["name", "protocol"],
              "items": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"}, "protocol": {"type": "string", "default": "TCP"}, "port": {"type": "integer"}}}}}}
            """)
        let found = schema.validate(
            ["ports": [["name": "a", "port": 1], ["name": "a", "protocol": "TCP", "port": 2], ["name": "a", "protocol": "UDP"]]],
            at: "spec")
        #expect(found.map(\.description) == [#"spec.ports[1]: Duplicate value: {"name":"a","protocol":"TCP"}"#])
        #expect(schema.validate(["ports": ["x"]], at: "spec").map(\.description) == [
            #"spec.ports[0]: Invalid value: "string": spec.ports[0] in body must be of type object: "string""#,
            #"spec.ports[0]: Invalid value: "x": must be an object for an array of list-type map"#,
        ])
    }

    @Test func embeddedResourcesNeedApiVersionAndKind() throws {
        let schema = try Fixtures.schema(
            #"{"type": "object", "properties": {"template": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true}}}"#
        )
        #expect(schema.validate(["template": ["apiVersion": "v1", "kind": "Pod"]], at: "spec").isEmpty)
        #expect(schema.validate(["template": ["metadata": ["name": "x"]]], at: "spec").map(\.description) == [
            "spec.template.apiVersion: Required value: must not be empty",
            "spec.template.kind: Required value: must not be empty",
        ])
        #expect(schema.validate(["template": ["apiVersion": 1, "kind": ""]], at: "spec").map(\.description) == [
            "spec.template.apiVersion: Invalid value: 1: must be a string",
            #"spec.template.kind: Invalid value: "": must not be empty"#,
        ])
    }

    @Test func nestedRequiredInArrayItems() throws {
        let schema = try Fixtures.schema(
            #"{"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}}"#
        )
        #expect(schema.validate(["items": [["name": "a"], [:]]], at: "spec").map(\.description) == [
            "spec.items[1].name: Required value"
        ])
    }
}

@Suite("Field errors and Status")
struct FieldErrorTests {
    @Test func statusMessageForOneError() {
        let message = FieldError.statusMessage(
            kind: "PFLACPMonitor.pfstatusrelay.openshift.io", name: "x", errors: [.required("spec.interfaces")])
        #expect(message == #"PFLACPMonitor.pfstatusrelay.openshift.io "x" is invalid: spec.interfaces: Required value"#)
    }

    @Test func statusMessageForSeveralErrorsUsesBracketsAndDeduplicates() {
        let errors: [FieldError] = [
            .required("spec.a"),
            .invalid("spec.b", value: 500, detail: "spec.b in body should be greater than or equal to 1000"),
            .required("spec.a"),
        ]
        let message = FieldError.statusMessage(kind: "PFLACPMonitor.pfstatusrelay.openshift.io", name: "x", errors: errors)
        #expect(
            message
                == #"PFLACPMonitor.pfstatusrelay.openshift.io "x" is invalid: [spec.a: Required value, spec.b: Invalid value: 500: spec.b in body should be greater than or equal to 1000]"#
        )
        #expect(FieldError.statusMessage(kind: "ConfigMap", name: "c", errors: []) == #"ConfigMap "c" is invalid"#)
    }

    @Test func invalidStatusIsA422() {
        let status = FieldError.invalidStatus(
            group: "pfstatusrelay.openshift.io", kind: "PFLACPMonitor", name: "x",
            errors: [.required("spec.interfaces")])
        #expect(status["kind"] == "Status")
        #expect(status["code"] == 422)
        #expect(status["reason"] == "Invalid")
        #expect(status["status"] == "Failure")
        #expect(status["message"] == #"PFLACPMonitor.pfstatusrelay.openshift.io "x" is invalid: spec.interfaces: Required value"#)
        #expect(status["details"] == [
            "name": "x", "group": "pfstatusrelay.openshift.io", "kind": "PFLACPMonitor",
            "causes": [["reason": "FieldValueRequired", "message": "Required value", "field": "spec.interfaces"]],
        ])
    }

    @Test func valuesAreRenderedLikeGo() {
        #expect(FieldError.invalid("f", value: "a\"b\n", detail: "d").message == #"Invalid value: "a\"b\n": d"#)
        #expect(FieldError.invalid("f", value: true, detail: "d").message == "Invalid value: true: d")
        #expect(FieldError.invalid("f", value: 0.5, detail: "d").message == "Invalid value: 0.5: d")
        #expect(FieldError.invalid("f", value: ["b": 1, "a": [1, "x"]], detail: "d").message == #"Invalid value: {"a":[1,"x"],"b":1}: d"#)
        #expect(FieldError.invalid("f", value: .null, detail: "d").message == "Invalid value: null: d")
        #expect(FieldError.forbidden("f", detail: "nope").description == "f: Forbidden: nope")
        #expect(FieldError.notSupported("f", value: "x", supported: []).message == #"Unsupported value: "x""#)
    }
}
