import JSONValues

/// One rule of a Role or ClusterRole, matched as the RBAC authorizer does:
/// `*` in verbs, apiGroups and resources; `*/subresource`; resourceNames only
/// admitting requests that carry one of the names; nonResourceURLs exact, `*`,
/// or ending in `*` for a prefix. (`pods/*` is literal in the real server: it
/// does not grant every subresource, so here neither.)
struct PolicyRule: Sendable, Hashable {
    var verbs: [String]
    var apiGroups: [String]
    var resources: [String]
    var resourceNames: [String]
    var nonResourceURLs: [String]

    init(verbs: [String], apiGroups: [String] = [], resources: [String] = [], resourceNames: [String] = [], nonResourceURLs: [String] = []) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }

    init(json: JSONValue) {
        func strings(_ field: String) -> [String] { (json[field].arrayValue ?? []).compactMap(\.stringValue) }
        self.init(verbs: strings("verbs"), apiGroups: strings("apiGroups"), resources: strings("resources"),
                  resourceNames: strings("resourceNames"), nonResourceURLs: strings("nonResourceURLs"))
    }

    var json: JSONValue {
        var rule: JSONValue = ["verbs": .array(verbs.map { .string($0) })]
        if !apiGroups.isEmpty || !resources.isEmpty { rule["apiGroups"] = .array(apiGroups.map { .string($0) }) }
        if !resources.isEmpty { rule["resources"] = .array(resources.map { .string($0) }) }
        if !resourceNames.isEmpty { rule["resourceNames"] = .array(resourceNames.map { .string($0) }) }
        if !nonResourceURLs.isEmpty { rule["nonResourceURLs"] = .array(nonResourceURLs.map { .string($0) }) }
        return rule
    }

    static func rules(of role: JSONValue) -> [PolicyRule] {
        (role["rules"].arrayValue ?? []).map(PolicyRule.init(json:))
    }

    func allows(_ request: RequestAttributes) -> Bool {
        guard verbs.contains("*") || verbs.contains(request.verb) else { return false }
        if !request.isResourceRequest {
            return nonResourceURLs.contains { url in
                url == "*" || url == request.path || (url.hasSuffix("*") && request.path.hasPrefix(String(url.dropLast())))
            }
        }
        guard apiGroups.contains("*") || apiGroups.contains(request.apiGroup) else { return false }
        let combined = request.combinedResource
        let resourceMatches = resources.contains { resource in
            resource == "*" || resource == combined || (!request.subresource.isEmpty && resource == "*/" + request.subresource)
        }
        guard resourceMatches else { return false }
        return resourceNames.isEmpty || resourceNames.contains(request.name)
    }
}
