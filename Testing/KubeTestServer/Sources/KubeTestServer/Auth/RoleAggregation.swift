import JSONValues
import KubeModel

/// The clusterrole-aggregation controller: a ClusterRole with an
/// aggregationRule gets as rules those of every ClusterRole its selectors
/// match (by name order, duplicates dropped). Runs after ClusterRole writes
/// and in every controller sweep.
struct RoleAggregation {
    var store: ObjectStore

    /// True when it rewrote a role.
    @discardableResult
    func aggregate() -> Bool {
        var changed = false
        // Aggregated roles feed others (edit into admin): repeat until nothing moves.
        for _ in 0..<5 {
            guard aggregateOnce() else { break }
            changed = true
        }
        return changed
    }

    private func aggregateOnce() -> Bool {
        let roles = store.list(RBACAuthorizer.clusterRoles, namespace: nil).objects
        var changed = false
        for (key, role) in roles where role["aggregationRule"] != .null && role["metadata"]["deletionTimestamp"] == .null {
            let selectors = (role["aggregationRule"]["clusterRoleSelectors"].arrayValue ?? []).compactMap { try? LabelSelector(json: $0) }
            var rules: [JSONValue] = []
            for (otherKey, other) in roles where otherKey != key {
                let labels = (other["metadata"]["labels"].objectValue ?? [:]).compactMapValues(\.stringValue)
                guard selectors.contains(where: { $0.matches(labels) }) else { continue }
                for rule in other["rules"].arrayValue ?? [] where !rules.contains(rule) { rules.append(rule) }
            }
            guard role["rules"] != .array(rules) && !(role["rules"] == .null && rules.isEmpty) else { continue }
            var updated = role
            updated["rules"] = .array(rules)
            if (try? store.update(RBACAuthorizer.clusterRoles, key, updated, expectedRevision: role["metadata"]["resourceVersion"].stringValue)) != nil {
                changed = true
            }
        }
        return changed
    }
}
