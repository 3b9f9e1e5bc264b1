import JSONValues
import KubeModel

/// authorization.k8s.io: SubjectAccessReview (may this user...?),
/// SelfSubjectAccessReview (may I...? `kubectl auth can-i`),
/// LocalSubjectAccessReview (a SubjectAccessReview confined to one namespace)
/// and SelfSubjectRulesReview (what may I do here? `kubectl auth can-i --list`).
extension KubeAPI {
    func accessReview(_ target: RequestTarget, _ request: APIRequest) throws(APIError) -> APIResponse {
        let kind = target.resource.kind
        let input = try ReviewBody.decode(request, target: target, kind: kind)
        let spec = input["spec"]
        let user: UserInfo
        switch kind {
        case "SelfSubjectAccessReview":
            user = request.user
        default:
            let username = spec["user"].stringValue ?? ""
            let groups = (spec["groups"].arrayValue ?? []).compactMap(\.stringValue)
            if username.isEmpty && groups.isEmpty {
                throw .invalid(target.resource, name: "", causes: [
                    ("spec.user", "FieldValueInvalid", "Invalid value: \"\": at least one of user or group must be specified"),
                ])
            }
            user = UserInfo(username: username, uid: spec["uid"].stringValue ?? "", groups: groups)
        }
        let resource = spec["resourceAttributes"]
        let nonResource = spec["nonResourceAttributes"]
        if (resource == .null) == (nonResource == .null) {
            throw .invalid(target.resource, name: "", causes: [
                ("spec.resourceAttributes", "FieldValueInvalid",
                 "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified"),
            ])
        }
        let attributes: RequestAttributes
        if resource != .null {
            attributes = RequestAttributes(
                isResourceRequest: true, verb: resource["verb"].stringValue ?? "", apiGroup: resource["group"].stringValue ?? "",
                apiVersion: resource["version"].stringValue ?? "", resource: resource["resource"].stringValue ?? "",
                subresource: resource["subresource"].stringValue ?? "", namespace: resource["namespace"].stringValue ?? "",
                name: resource["name"].stringValue ?? "")
        } else {
            if kind == "LocalSubjectAccessReview" {
                throw .invalid(target.resource, name: "", causes: [
                    ("spec.nonResourceAttributes", "FieldValueInvalid", "Invalid value: \"\(nonResource)\": disallowed on this kind of request"),
                ])
            }
            attributes = RequestAttributes(isResourceRequest: false, verb: nonResource["verb"].stringValue ?? "",
                                           path: nonResource["path"].stringValue ?? "")
        }
        if kind == "LocalSubjectAccessReview", attributes.namespace != (target.namespace ?? "") {
            throw .badRequest("spec.resourceAttributes.namespace must match namespace: \(target.namespace ?? "")")
        }
        let decision = authorizer.authorize(user, attributes)
        var status: JSONValue = ["allowed": .bool(decision.allowed)]
        if !decision.reason.isEmpty { status["reason"] = .string(decision.reason) }
        var answered = input
        if kind == "LocalSubjectAccessReview" { answered["metadata"]["namespace"] = .string(target.namespace ?? "") }
        return ReviewBody.answer(answered, kind: kind, apiVersion: "authorization.k8s.io/v1", status: status)
    }

    func rulesReview(_ target: RequestTarget, _ request: APIRequest) throws(APIError) -> APIResponse {
        let input = try ReviewBody.decode(request, target: target, kind: "SelfSubjectRulesReview")
        let namespace = input["spec"]["namespace"].stringValue ?? ""
        var resourceRules: [JSONValue] = []
        var nonResourceRules: [JSONValue] = []
        var seen = Set<PolicyRule>()
        for grant in authorizer.rules(of: request.user, namespace: namespace) where seen.insert(grant.rule).inserted {
            let rule = grant.rule
            if !rule.resources.isEmpty {
                var entry: JSONValue = ["verbs": .array(rule.verbs.map { .string($0) }),
                                        "apiGroups": .array(rule.apiGroups.map { .string($0) }),
                                        "resources": .array(rule.resources.map { .string($0) })]
                if !rule.resourceNames.isEmpty { entry["resourceNames"] = .array(rule.resourceNames.map { .string($0) }) }
                resourceRules.append(entry)
            }
            if !rule.nonResourceURLs.isEmpty {
                nonResourceRules.append(["verbs": .array(rule.verbs.map { .string($0) }),
                                         "nonResourceURLs": .array(rule.nonResourceURLs.map { .string($0) })])
            }
        }
        return ReviewBody.answer(input, kind: "SelfSubjectRulesReview", apiVersion: "authorization.k8s.io/v1", status: [
            "resourceRules": .array(resourceRules), "nonResourceRules": .array(nonResourceRules), "incomplete": false,
        ])
    }
}
