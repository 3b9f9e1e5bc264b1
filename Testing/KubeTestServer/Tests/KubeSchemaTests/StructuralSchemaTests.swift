import JSONValues
import KubeModel
import Testing

@testable import KubeSchema

@Suite("Structural schema parsing")
struct StructuralSchemaTests {
    @Test func parsesTheMonitorSchema() throws {
        let schema = try Fixtures.monitorSchema()
        #expect(schema.type == .object)
        let spec = try #require(schema.properties["spec"])
        #expect(spec.required == ["interfaces"])
        let interfaces = try #require(spec.properties["interfaces"])
        #expect(interfaces.type == .array)
        #expect(interfaces.minItems == 1)
        #expect(interfaces.listType == .set)
        #expect(interfaces.items?.type == .string)
        #expect(interfaces.items?.minLength == 1)
        let polling = try #require(spec.properties["pollingInterval"])
        #expect(polling.type == .integer)
        #expect(polling.minimum == 1000)
        #expect(polling.defaultValue == .int(1000))
        let nodeSelector = try #require(spec.properties["nodeSelector"])
        guard case .schema(let valueSchema)? = nodeSelector.additionalProperties else {
            Issue.record("nodeSelector.additionalProperties should be a schema")
            return
        }
        #expect(valueSchema.type == .string)
        #expect(schema.properties["status"]?.preserveUnknownFields == true)
    }

    @Test func parsesValueValidationKeywords() throws {
        let schema = try Fixtures.schema(
            """
            {"type": "object", "properties": {
              "mode": {"type": "string", "enum": ["a", "b"], "pattern": "^[a-z]+$", "maxLength": 3,
                       "format": "date-time", "description": "the mode", "nullable": true},
              "ratio": {"type": "number", "maximum": 1.5, "exclusiveMaximum": true, "minimum": 0,
                        "exclusiveMinimum": true, "multipleOf": 0.5},
              "labels": {"type": "object", "minProperties": 1, "maxProperties": 2,
                         "additionalProperties": true},
              "port": {"x-kubernetes-int-or-string": true},
              "template": {"type": "object", "x-kubernetes-embedded-resource": true,
                           "x-kubernetes-preserve-unknown-fields": true},
              "ports": {"type": "array", "maxItems": 4, "x-kubernetes-list-type": "map",
                        "x-kubernetes-list-map-keys": ["name"],
                        "items": {"type": "object", "required": ["name"],
                                  "properties": {"name": {"type": "string"}, "port": {"type": "integer"}}}}
            }}
            """)
        let mode = try #require(schema.properties["mode"])
        #expect(mode.enumValues == ["a", "b"])
        #expect(mode.pattern == "^[a-z]+$")
        #expect(mode.maxLength == 3)
        #expect(mode.format == "date-time")
        #expect(mode.description == "the mode")
        #expect(mode.nullable)
        let ratio = try #require(schema.properties["ratio"])
        #expect(ratio.maximum == 1.5)
        #expect(ratio.exclusiveMaximum)
        #expect(ratio.minimum == 0)
        #expect(ratio.exclusiveMinimum)
        #expect(ratio.multipleOf == 0.5)
        let labels = try #require(schema.properties["labels"])
        #expect(labels.minProperties == 1)
        #expect(labels.maxProperties == 2)
        if case .any? = labels.additionalProperties {} else { Issue.record("additionalProperties: true expected") }
        let port = try #require(schema.properties["port"])
        #expect(port.intOrString)
        #expect(port.type == nil)
        #expect(schema.properties["template"]?.embeddedResource == true)
        let ports = try #require(schema.properties["ports"])
        #expect(ports.listType == .map)
        #expect(ports.listMapKeys == ["name"])
        #expect(ports.maxItems == 4)
    }

    /// Each non-structural schema and the exact error kube-apiserver-style parsing reports.
    @Test(arguments: [
        (
            #"{"properties": {"spec": {"type": "object"}}}"#,
            "openAPIV3Schema.type: Required value: must not be empty at the root"
        ),
        (
            #"{"type": "string"}"#,
            #"openAPIV3Schema.type: Invalid value: "string": must be object at the root"#
        ),
        (
            #"{"type": "object", "properties": {"spec": {"properties": {"a": {"type": "string"}}}}}"#,
            "openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields"
        ),
        (
            #"{"type": "object", "properties": {"list": {"type": "array", "items": {"minLength": 1}}}}"#,
            "openAPIV3Schema.properties[list].items.type: Required value: must not be empty for specified array items"
        ),
        (
            #"{"type": "object", "properties": {"m": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "string"}}}}"#,
            "openAPIV3Schema.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"
        ),
        (
            #"{"type": "object", "properties": {"m": {"type": "object", "additionalProperties": false}}}"#,
            "openAPIV3Schema.properties[m].additionalProperties: Forbidden: must not be false"
        ),
        (
            #"{"type": "object", "properties": {"list": {"type": "array"}}}"#,
            "openAPIV3Schema.properties[list].items: Required value: must be specified"
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "float"}}}"#,
            #"openAPIV3Schema.properties[x].type: Unsupported value: "float": supported values: "array", "boolean", "integer", "number", "object", "string""#
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "string", "x-kubernetes-int-or-string": true}}}"#,
            #"openAPIV3Schema.properties[x].type: Invalid value: "string": must be empty if x-kubernetes-int-or-string is true"#
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "string", "x-kubernetes-embedded-resource": true}}}"#,
            #"openAPIV3Schema.properties[x].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true"#
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "string", "pattern": "(["}}}"#,
            #"openAPIV3Schema.properties[x].pattern: Invalid value: "([": must be a valid regular expression"#
        ),
        (
            ##"{"type": "object", "properties": {"x": {"$ref": "#/definitions/y"}}}"##,
            "openAPIV3Schema.properties[x].$ref: Forbidden: $ref is not supported"
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}}}"#,
            "openAPIV3Schema.properties[x].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}, "x-kubernetes-list-type": "map"}}}"#,
            "openAPIV3Schema.properties[x].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["id"]}}}"#,
            #"openAPIV3Schema.properties[x].x-kubernetes-list-map-keys: Invalid value: ["id"]: entries must all be names of item properties"#
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "bag"}}}"#,
            #"openAPIV3Schema.properties[x].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map""#
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "string", "x-kubernetes-list-type": "set"}}}"#,
            #"openAPIV3Schema.properties[x].x-kubernetes-list-type: Invalid value: "set": must only be used on type array"#
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "string", "items": {"type": "string"}}}}"#,
            "openAPIV3Schema.properties[x].items: Forbidden: must only be used with type array"
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "integer", "minimum": "ten"}}}"#,
            #"openAPIV3Schema.properties[x].minimum: Invalid value: "ten": must be a number"#
        ),
        (
            #"{"type": "object", "properties": {"x": {"type": "integer", "minimum": 5, "default": 1}}}"#,
            "openAPIV3Schema.properties[x].default: Invalid value: 1: openAPIV3Schema.properties[x].default in body should be greater than or equal to 5"
        ),
    ])
    func refusesNonStructuralSchemas(json: String, expected: String) throws {
        let value = try JSONValue.decode(json)
        #expect(throws: SchemaError.self) { try StructuralSchema(json: value) }
        do {
            _ = try StructuralSchema(json: value)
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func errorsCanBeNamedUnderTheCRDField() throws {
        let value = try JSONValue.decode(#"{"type": "object", "properties": {"spec": {}}}"#)
        do {
            _ = try StructuralSchema(json: value, fieldPath: "spec.versions[0].schema.openAPIV3Schema")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "spec.versions[0].schema.openAPIV3Schema.properties[spec].type")
            #expect(error.message == "Required value: must not be empty for specified object fields")
        }
    }

    @Test func preserveUnknownFieldsAndIntOrStringMayOmitType() throws {
        let schema = try Fixtures.schema(
            #"{"type": "object", "properties": {"any": {"x-kubernetes-preserve-unknown-fields": true}, "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]}}}"#
        )
        #expect(schema.properties["any"]?.type == nil)
        #expect(schema.properties["port"]?.intOrString == true)
    }
}
