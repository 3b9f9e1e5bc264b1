import JSONValues

/// Who a request acts as, after authentication and impersonation: what RBAC
/// subjects match and what reviews and admission webhooks are told.
public struct UserInfo: Sendable, Hashable {
    public var username: String
    public var uid: String
    public var groups: [String]

    public init(username: String, uid: String = "", groups: [String] = []) {
        self.username = username
        self.uid = uid
        self.groups = groups
    }

    /// The admin token's user. `system:masters` skips authorization, as on a real cluster.
    public static let admin = UserInfo(username: "kube-test-server:admin", groups: ["system:masters", "system:authenticated"])

    static let mastersGroup = "system:masters"
    var isMaster: Bool { groups.contains(Self.mastersGroup) }

    /// A ServiceAccount's user: the username RBAC's ServiceAccount subjects match, and its groups.
    static func serviceAccount(namespace: String, name: String, uid: String) -> UserInfo {
        UserInfo(username: "system:serviceaccount:\(namespace):\(name)", uid: uid,
                 groups: serviceAccountGroups(namespace: namespace) + ["system:authenticated"])
    }

    static func serviceAccountGroups(namespace: String) -> [String] {
        ["system:serviceaccounts", "system:serviceaccounts:\(namespace)"]
    }

    /// `system:serviceaccount:NS:NAME` split, or nil for other usernames.
    static func serviceAccountName(_ username: String) -> (namespace: String, name: String)? {
        let prefix = "system:serviceaccount:"
        guard username.hasPrefix(prefix) else { return nil }
        let parts = username.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    var json: [String: JSONValue] {
        var user: [String: JSONValue] = ["username": .string(username), "groups": .array(groups.map { .string($0) })]
        if !uid.isEmpty { user["uid"] = .string(uid) }
        return user
    }
}
