import JSONValues
import KubeClient

/// The metrics endpoint's reviews, asked of the API server with the operator's
/// own client (its service account, which config/rbac/metrics_auth_role.yaml
/// lets create TokenReviews and SubjectAccessReviews).
struct KubeAccessReviewer: AccessReviewer {
    let client: KubeClient

    func authenticate(token: String) async throws -> ReviewedUser? {
        let review: JSONValue = ["spec": ["token": .string(token)]]
        let status = try await client.create(.tokenReviews, namespace: nil, object: review)["status"]
        guard status["authenticated"].boolValue == true else { return nil }
        let user = status["user"]
        return ReviewedUser(
            username: user["username"].stringValue ?? "", uid: user["uid"].stringValue ?? "",
            groups: Self.strings(user["groups"]),
            extra: (user["extra"].objectValue ?? [:]).mapValues(Self.strings))
    }

    func authorize(_ user: ReviewedUser, verb: String, path: String) async throws -> Bool {
        var spec: JSONValue = [
            "user": .string(user.username),
            "groups": .array(user.groups.map { .string($0) }),
            "nonResourceAttributes": ["path": .string(path), "verb": .string(verb)],
        ]
        if !user.uid.isEmpty { spec["uid"] = .string(user.uid) }
        if !user.extra.isEmpty { spec["extra"] = .object(user.extra.mapValues { .array($0.map { .string($0) }) }) }
        let status = try await client.create(.subjectAccessReviews, namespace: nil, object: ["spec": spec])["status"]
        return status["allowed"].boolValue == true
    }

    private static func strings(_ value: JSONValue) -> [String] {
        (value.arrayValue ?? []).compactMap(\.stringValue)
    }
}
