import JSONValues
import KubeModel

/// What the API server refuses in Roles, ClusterRoles and their bindings
/// (422 with these field causes, worded as its validation's), and the
/// defaults it fills into bindings first.
enum RBACValidation {
    typealias Cause = (field: String, reason: String, message: String)
    static let group = "rbac.authorization.k8s.io"

    /// roleRef.apiGroup, and the apiGroup of User and Group subjects, default to the RBAC group.
    static func defaultBinding(_ object: JSONValue) -> JSONValue {
        var object = object
        if object["roleRef"].objectValue != nil, (object["roleRef"]["apiGroup"].stringValue ?? "").isEmpty {
            object["roleRef"]["apiGroup"] = .string(group)
        }
        if let subjects = object["subjects"].arrayValue {
            object["subjects"] = .array(subjects.map { subject in
                var subject = subject
                let kind = subject["kind"].stringValue
                if (kind == "User" || kind == "Group") && (subject["apiGroup"].stringValue ?? "").isEmpty {
                    subject["apiGroup"] = .string(group)
                }
                return subject
            })
        }
        return object
    }

    static func causes(_ object: JSONValue, previous: JSONValue?, kind: String) -> [Cause] {
        switch kind {
        case "Role": return ruleCauses(object, namespaced: true)
        case "ClusterRole": return ruleCauses(object, namespaced: false)
        case "RoleBinding", "ClusterRoleBinding": return bindingCauses(object, previous: previous, namespaced: kind == "RoleBinding")
        default: return []
        }
    }

    private static func ruleCauses(_ role: JSONValue, namespaced: Bool) -> [Cause] {
        var causes: [Cause] = []
        for (index, rule) in (role["rules"].arrayValue ?? []).enumerated() {
            let path = "rules[\(index)]"
            func strings(_ field: String) -> [String] { (rule[field].arrayValue ?? []).compactMap(\.stringValue) }
            if strings("verbs").isEmpty {
                causes.append(("\(path).verbs", "FieldValueRequired", "Required value: verbs must contain at least one value"))
            }
            let urls = strings("nonResourceURLs")
            if !urls.isEmpty {
                if namespaced {
                    causes.append(("\(path).nonResourceURLs", "FieldValueInvalid",
                                   "Invalid value: \(goStrings(urls)): namespaced rules cannot apply to non-resource URLs"))
                }
                if !strings("apiGroups").isEmpty || !strings("resources").isEmpty || !strings("resourceNames").isEmpty {
                    causes.append(("\(path).nonResourceURLs", "FieldValueInvalid",
                                   "Invalid value: \(goStrings(urls)): rules cannot apply to both regular resources and non-resource URLs"))
                }
                continue
            }
            if strings("apiGroups").isEmpty {
                causes.append(("\(path).apiGroups", "FieldValueRequired", "Required value: resource rules must supply at least one api group"))
            }
            if strings("resources").isEmpty {
                causes.append(("\(path).resources", "FieldValueRequired", "Required value: resource rules must supply at least one resource"))
            }
        }
        return causes
    }

    private static func bindingCauses(_ binding: JSONValue, previous: JSONValue?, namespaced: Bool) -> [Cause] {
        var causes: [Cause] = []
        let roleRef = binding["roleRef"]
        let apiGroup = roleRef["apiGroup"].stringValue ?? ""
        if apiGroup != group {
            causes.append(("roleRef.apiGroup", "FieldValueNotSupported", "Unsupported value: \(GoFormat.quote(apiGroup)): supported values: \"\(group)\""))
        }
        let kind = roleRef["kind"].stringValue ?? ""
        let kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"]
        if !kinds.contains(kind) {
            causes.append(("roleRef.kind", "FieldValueNotSupported",
                           "Unsupported value: \(GoFormat.quote(kind)): supported values: " + kinds.map(GoFormat.quote).joined(separator: ", ")))
        }
        if (roleRef["name"].stringValue ?? "").isEmpty {
            causes.append(("roleRef.name", "FieldValueRequired", "Required value"))
        }
        for (index, subject) in (binding["subjects"].arrayValue ?? []).enumerated() {
            let path = "subjects[\(index)]"
            let name = subject["name"].stringValue ?? ""
            let subjectGroup = subject["apiGroup"].stringValue ?? ""
            if name.isEmpty { causes.append(("\(path).name", "FieldValueRequired", "Required value")) }
            switch subject["kind"].stringValue ?? "" {
            case "ServiceAccount":
                if !subjectGroup.isEmpty {
                    causes.append(("\(path).apiGroup", "FieldValueNotSupported", "Unsupported value: \(GoFormat.quote(subjectGroup)): supported values: \"\""))
                }
                if !namespaced && (subject["namespace"].stringValue ?? "").isEmpty {
                    causes.append(("\(path).namespace", "FieldValueRequired", "Required value"))
                }
            case "User", "Group":
                if subjectGroup != group {
                    causes.append(("\(path).apiGroup", "FieldValueNotSupported", "Unsupported value: \(GoFormat.quote(subjectGroup)): supported values: \"\(group)\""))
                }
            case let other:
                causes.append(("\(path).kind", "FieldValueNotSupported",
                               "Unsupported value: \(GoFormat.quote(other)): supported values: \"ServiceAccount\", \"User\", \"Group\""))
            }
        }
        if let previous, previous["roleRef"] != roleRef {
            causes.append(("roleRef", "FieldValueInvalid", "Invalid value: \(goRoleRef(roleRef)): cannot change roleRef"))
        }
        return causes
    }

    /// Go's `%#v` of a []string, as field errors print slices.
    private static func goStrings(_ values: [String]) -> String {
        "[]string{" + values.map(GoFormat.quote).joined(separator: ", ") + "}"
    }

    private static func goRoleRef(_ ref: JSONValue) -> String {
        "rbac.RoleRef{APIGroup:\(GoFormat.quote(ref["apiGroup"].stringValue ?? "")), Kind:\(GoFormat.quote(ref["kind"].stringValue ?? "")), Name:\(GoFormat.quote(ref["name"].stringValue ?? ""))}"
    }
}
