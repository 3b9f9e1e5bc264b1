import JSONValues
import KubeModel
import KubeSchema

/// Turns a CustomResourceDefinition object into the resource it defines,
/// refusing definitions the real API server would refuse.
enum CustomResourceDefinitions {
    static func resourceType(from crd: JSONValue) throws(APIError) -> ResourceType {
        let crdType = BuiltinResources.all.first { $0.kind == "CustomResourceDefinition" }
        let name = crd["metadata"]["name"].stringValue ?? ""
        var causes: [(field: String, reason: String, message: String)] = []
        func require(_ value: String?, _ field: String) -> String {
            guard let value, !value.isEmpty else {
                causes.append((field, "FieldValueRequired", "Required value"))
                return ""
            }
            return value
        }
        let spec = crd["spec"]
        let group = require(spec["group"].stringValue, "spec.group")
        let names = spec["names"]
        let plural = require(names["plural"].stringValue, "spec.names.plural")
        let kind = require(names["kind"].stringValue, "spec.names.kind")
        let scope = require(spec["scope"].stringValue, "spec.scope")
        if !scope.isEmpty && scope != "Namespaced" && scope != "Cluster" {
            causes.append(("spec.scope", "FieldValueNotSupported",
                           "Unsupported value: \"\(scope)\": supported values: \"Cluster\", \"Namespaced\""))
        }
        if !plural.isEmpty && plural != plural.lowercased() {
            causes.append(("spec.names.plural", "FieldValueInvalid",
                           "Invalid value: \"\(plural)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"))
        }
        if !plural.isEmpty && !group.isEmpty && name != "\(plural).\(group)" {
            causes.append(("metadata.name", "FieldValueInvalid",
                           "Invalid value: \"\(name)\": must be spec.names.plural+\".\"+spec.group"))
        }
        let versionList = spec["versions"].arrayValue ?? []
        if versionList.isEmpty {
            causes.append(("spec.versions", "FieldValueRequired", "Required value"))
        }
        let storageCount = versionList.filter { $0["storage"].boolValue == true }.count
        if !versionList.isEmpty && storageCount != 1 {
            causes.append(("spec.versions", "FieldValueInvalid",
                           "Invalid value: \(versionList.count): must have exactly one version marked as storage version"))
        }
        var served: [String] = []
        var schemas: [String: StructuralSchema] = [:]
        var hasStatus = false
        var columns: [PrinterColumn] = []
        for (index, version) in versionList.enumerated() {
            let versionName = require(version["name"].stringValue, "spec.versions[\(index)].name")
            let schemaJSON = version["schema"]["openAPIV3Schema"]
            if schemaJSON == .null {
                causes.append(("spec.versions[\(index)].schema.openAPIV3Schema", "FieldValueRequired",
                               "Required value: schemas are required"))
            } else {
                do {
                    schemas[versionName] = try StructuralSchema(json: schemaJSON)
                } catch {
                    causes.append(("spec.versions[\(index)].schema.openAPIV3Schema", "FieldValueInvalid",
                                   "Invalid value: \"\": \(error)"))
                }
            }
            if version["served"].boolValue == true {
                // The storage version first: it is the preferred one in discovery.
                if version["storage"].boolValue == true { served.insert(versionName, at: 0) } else { served.append(versionName) }
            }
            if version["storage"].boolValue == true {
                hasStatus = version["subresources"]["status"] != .null
                columns = (version["additionalPrinterColumns"].arrayValue ?? []).compactMap { try? PrinterColumn(json: $0) }
            }
        }
        if !causes.isEmpty, let crdType {
            throw APIError.invalid(crdType, name: name, causes: causes)
        }
        var type = ResourceType(
            group: group, versions: served, kind: kind, plural: plural,
            singular: names["singular"].stringValue ?? kind.lowercased(),
            namespaced: scope == "Namespaced",
            shortNames: (names["shortNames"].arrayValue ?? []).compactMap(\.stringValue),
            categories: (names["categories"].arrayValue ?? []).compactMap(\.stringValue),
            hasStatusSubresource: hasStatus)
        type.isCustom = true
        type.schemas = schemas
        type.printer = TablePrinter.forCustomResource(columns: columns)
        return type
    }

    /// The status the apiextensions controller would write: names accepted, established.
    static func establishedStatus(for crd: JSONValue, now: String) -> JSONValue {
        let names = crd["spec"]["names"]
        var accepted = names
        if accepted["singular"] == .null, let kind = names["kind"].stringValue { accepted["singular"] = .string(kind.lowercased()) }
        if accepted["listKind"] == .null, let kind = names["kind"].stringValue { accepted["listKind"] = .string(kind + "List") }
        let stored = (crd["spec"]["versions"].arrayValue ?? []).filter { $0["storage"].boolValue == true }.compactMap { $0["name"] }
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            ["type": .string(type), "status": "True", "reason": .string(reason), "message": .string(message),
             "lastTransitionTime": .string(now)]
        }
        return [
            "acceptedNames": accepted,
            "storedVersions": .array(stored),
            "conditions": [
                condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
            ],
        ]
    }
}
