import JSONValues
import KubeModel
import KubeSchema

/// The PFLACPMonitor CRD's schema (the main fixture).
enum Fixtures {
    static let monitorSchemaJSON = """
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "required": ["interfaces"],
              "properties": {
                "interfaces": {
                  "type": "array",
                  "minItems": 1,
                  "items": {"type": "string", "minLength": 1},
                  "x-kubernetes-list-type": "set"
                },
                "pollingInterval": {"type": "integer", "minimum": 1000, "default": 1000},
                "nodeSelector": {"type": "object", "additionalProperties": {"type": "string"}}
              }
            },
            "status": {
              "type": "object",
              "x-kubernetes-preserve-unknown-fields": true
            }
          }
        }
        """

    static func monitorSchema() throws -> StructuralSchema {
        try StructuralSchema(json: JSONValue.decode(monitorSchemaJSON))
    }

    static func schema(_ json: String) throws -> StructuralSchema {
        try StructuralSchema(json: JSONValue.decode(json))
    }

    static func monitor(spec: JSONValue, extra: [String: JSONValue] = [:]) -> JSONValue {
        var object: JSONValue = [
            "apiVersion": "pfstatusrelay.openshift.io/v1alpha1",
            "kind": "PFLACPMonitor",
            "metadata": ["name": "x", "namespace": "default"],
            "spec": spec,
        ]
        for (key, value) in extra { object[key] = value }
        return object
    }
}
