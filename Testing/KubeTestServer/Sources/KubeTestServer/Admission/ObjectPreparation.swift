import Foundation
import JSONValues
import KubeModel
import KubeSchema

/// What the API server does to an object between decoding and storage:
/// metadata it owns, status handling, generation, defaults, schemas and
/// validation. Pure functions of (request, stored object); no I/O.
struct ObjectPreparation {
    var registry: ResourceRegistry
    var now: String

    typealias Cause = (field: String, reason: String, message: String)

    /// Decodes a request body into an object of the target's kind.
    static func decodeObject(_ body: [UInt8], contentType: String, target: RequestTarget) throws(APIError) -> JSONValue {
        guard contentType == "application/json" || contentType.isEmpty else {
            // kubectl's typed generators (`create namespace NAME`) send protobuf; this server speaks JSON only.
            throw .unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json (got \(contentType); this test server does not decode protobuf)")
        }
        let object: JSONValue
        do {
            object = try JSONValue.decode(body)
        } catch {
            throw .badRequest("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (\(error.description))")
        }
        guard object.objectValue != nil else {
            throw .badRequest("the body of the request must be a JSON object, got \(object.typeName)")
        }
        return object
    }

    func checkTypeAndNamespace(_ object: JSONValue, target: RequestTarget) throws(APIError) {
        if let kind = object["kind"].stringValue, kind != target.resource.kind {
            throw .badRequest("the kind in the data (\(kind)) does not match the expected kind (\(target.resource.kind))")
        }
        if let apiVersion = object["apiVersion"].stringValue, apiVersion != target.apiVersion {
            throw .badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(target.apiVersion))")
        }
        if target.resource.namespaced, let namespace = object["metadata"]["namespace"].stringValue, !namespace.isEmpty,
           namespace != target.namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
    }

    /// A new object, ready to store (or refused).
    func prepareCreate(_ input: JSONValue, target: RequestTarget, strictFields: Bool) throws(APIError) -> JSONValue {
        let resource = target.resource
        try checkTypeAndNamespace(input, target: target)
        var object = input
        object["apiVersion"] = .string(target.apiVersion)
        object["kind"] = .string(resource.kind)
        var name = object["metadata"]["name"].stringValue ?? ""
        if name.isEmpty, let prefix = object["metadata"]["generateName"].stringValue, !prefix.isEmpty {
            name = prefix + ObjectNames.generatedSuffix()
            object["metadata"]["name"] = .string(name)
        }
        if name.isEmpty {
            throw .invalid(resource, name: "", causes: [("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")])
        }
        let problem: String?
        switch (resource.group, resource.kind) {
        case ("", "Namespace"): problem = ObjectNames.labelProblem(name)
        case ("rbac.authorization.k8s.io", _): problem = ObjectNames.pathSegmentProblem(name)
        default: problem = ObjectNames.subdomainProblem(name)
        }
        if let problem {
            throw .invalid(resource, name: name, causes: [("metadata.name", "FieldValueInvalid", "Invalid value: \"\(name)\": \(problem)")])
        }
        if resource.namespaced {
            object["metadata"]["namespace"] = .string(target.namespace ?? "")
        } else {
            object["metadata"]["namespace"] = .null
        }
        object["metadata"]["uid"] = .string(UUID().uuidString.lowercased())
        object["metadata"]["creationTimestamp"] = .string(now)
        object["metadata"]["deletionTimestamp"] = .null
        object["metadata"]["deletionGracePeriodSeconds"] = .null
        object["metadata"]["generation"] = 1
        object["metadata"]["resourceVersion"] = .null
        object["metadata"]["managedFields"] = .null
        if resource.hasStatusSubresource && resource.kind != "Namespace" { object["status"] = .null }
        object = try applySchemaAndDefaults(object, target: target, strictFields: strictFields)
        try validateBuiltin(object, previous: nil, resource: resource)
        return object
    }

    /// The object an update (PUT, PATCH) stores, given what is stored now.
    func prepareUpdate(
        _ input: JSONValue, current: JSONValue, target: RequestTarget, strictFields: Bool
    ) throws(APIError) -> JSONValue {
        let resource = target.resource
        try checkTypeAndNamespace(input, target: target)
        let name = target.name ?? ""
        if let bodyName = input["metadata"]["name"].stringValue, !bodyName.isEmpty, bodyName != name {
            throw .badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        var object: JSONValue
        if target.subresource == "status" {
            // Only status changes through /status.
            object = current
            object["status"] = input["status"]
        } else {
            object = input
            object["apiVersion"] = .string(target.apiVersion)
            object["kind"] = .string(resource.kind)
            object["metadata"]["name"] = .string(name)
            if resource.namespaced { object["metadata"]["namespace"] = current["metadata"]["namespace"] }
            // Fields only the server sets.
            for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
                object["metadata"][field] = current["metadata"][field]
            }
            object["metadata"]["managedFields"] = .null
            if resource.hasStatusSubresource { object["status"] = current["status"] }
            object = try applySchemaAndDefaults(object, target: target, strictFields: strictFields)
            if Self.specChanged(current, object) {
                object["metadata"]["generation"] = .int((current["metadata"]["generation"].intValue ?? 0) + 1)
            }
        }
        if target.subresource == "status" && resource.isCustom {
            object = try applySchemaAndDefaults(object, target: target, strictFields: strictFields)
        }
        try validateBuiltin(object, previous: current, resource: resource)
        object["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"]
        return object
    }

    /// Everything but metadata and status counts as spec for `generation`.
    static func specChanged(_ old: JSONValue, _ new: JSONValue) -> Bool {
        func body(_ object: JSONValue) -> JSONValue {
            var object = object
            for field in ["metadata", "status", "apiVersion", "kind"] { object[field] = .null }
            return object
        }
        return body(old) != body(new)
    }

    /// Custom resources: pruning, defaulting and validation against the CRD's schema.
    private func applySchemaAndDefaults(_ object: JSONValue, target: RequestTarget, strictFields: Bool) throws(APIError) -> JSONValue {
        let resource = target.resource
        guard resource.isCustom else {
            return BuiltinDefaults.apply(kind: resource.kind, to: object)
        }
        guard let schema = resource.schemas[target.version] else { return object }
        let name = object["metadata"]["name"].stringValue ?? ""
        var value = object
        let prunedPaths = schema.prune(&value)
        if strictFields && !prunedPaths.isEmpty {
            let fields = prunedPaths.map { "unknown field \"\($0)\"" }.joined(separator: ", ")
            throw APIError.badRequest("\(resource.kind) in version \"\(target.version)\" cannot be handled as a \(resource.kind): strict decoding error: \(fields)")
        }
        schema.applyDefaults(&value)
        let errors = schema.validate(value)
        if !errors.isEmpty {
            throw APIError.invalid(resource, name: name, causes: errors.map { ($0.field, $0.type.rawValue, $0.message) })
        }
        return value
    }

    /// The invariants of built-in kinds that controllers trip over.
    private func validateBuiltin(_ object: JSONValue, previous: JSONValue?, resource: ResourceType) throws(APIError) {
        let name = object["metadata"]["name"].stringValue ?? ""
        var causes: [Cause] = []
        switch (resource.group, resource.kind) {
        case ("apps", "DaemonSet"), ("apps", "Deployment"):
            let spec = object["spec"]
            if spec["selector"] == .null {
                causes.append(("spec.selector", "FieldValueRequired", "Required value"))
            } else if let selector = try? LabelSelector(json: spec["selector"]) {
                let labels = (spec["template"]["metadata"]["labels"].objectValue ?? [:]).compactMapValues(\.stringValue)
                if selector.matchesEverything {
                    causes.append(("spec.selector", "FieldValueInvalid", "Invalid value: \(spec["selector"]): empty selector is invalid for deployment"))
                } else if !selector.matches(labels) {
                    causes.append(("spec.template.metadata.labels", "FieldValueInvalid",
                                   "Invalid value: \(spec["template"]["metadata"]["labels"]): `selector` does not match template `labels`"))
                }
            } else {
                causes.append(("spec.selector", "FieldValueInvalid", "Invalid value: \(spec["selector"]): invalid label selector"))
            }
            let containers = spec["template"]["spec"]["containers"].arrayValue ?? []
            if containers.isEmpty {
                causes.append(("spec.template.spec.containers", "FieldValueRequired", "Required value"))
            }
            for (index, container) in containers.enumerated() {
                if (container["name"].stringValue ?? "").isEmpty {
                    causes.append(("spec.template.spec.containers[\(index)].name", "FieldValueRequired", "Required value"))
                }
                if (container["image"].stringValue ?? "").isEmpty {
                    causes.append(("spec.template.spec.containers[\(index)].image", "FieldValueRequired", "Required value"))
                }
            }
            if let previous, previous["spec"]["selector"] != spec["selector"] {
                causes.append(("spec.selector", "FieldValueInvalid", "Invalid value: \(spec["selector"]): field is immutable"))
            }
        case ("rbac.authorization.k8s.io", _):
            causes = RBACValidation.causes(object, previous: previous, kind: resource.kind)
        case ("coordination.k8s.io", "Lease"):
            if let seconds = object["spec"]["leaseDurationSeconds"].intValue, seconds <= 0 {
                causes.append(("spec.leaseDurationSeconds", "FieldValueInvalid", "Invalid value: \(seconds): must be greater than 0"))
            }
        default:
            break
        }
        if !causes.isEmpty { throw .invalid(resource, name: name, causes: causes) }
    }
}
