import Foundation
import JSONValues
import KubeTestServer
import Testing

/// Least privilege, proven against an API server that enforces RBAC: the
/// operator runs with a token of its ServiceAccount and exactly the RBAC of
/// config/rbac. Every rule is needed (without it some behaviour fails, with a
/// 403 the rule would have allowed), and the rules grant nothing the operator
/// does not use. In the serialized suite: each run starts an operator.
extension OperatorE2ETests {
    /// What the operator does with its permissions, step by step: leader
    /// election, a monitor's ServiceAccount, DaemonSet (owned, with
    /// blockOwnerDeletion), event and status, a node joining, a spec change,
    /// a conflict taking a DaemonSet away, and a scrape of /metrics. Throws at the first step that
    /// does not happen within `timeout`.
    static func exerciseEveryPermission(_ cluster: TestCluster, timeout: Duration) async throws {
        // worker-1 is in pool a; worker-0 joins it at the end.
        try await cluster.patch(Paths.node("worker-1"), ["metadata": ["labels": ["relay.example.com/pool": "a"]]])
        let (certDirectory, caFile) = try cluster.writeMetricsCertificate()
        let instance = try await cluster.startOperator(.init(identity: "least", leaderElect: true, metricsCertDirectory: certDirectory))
        _ = try await cluster.eventually("the leader lease", timeout: timeout) {
            try await cluster.get(Paths.lease)?["spec"]["holderIdentity"] == "least" ? true : nil
        }
        try await cluster.create(Paths.monitors, monitorObject(
            "alpha", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
        _ = try await cluster.eventually("alpha to be Ready", timeout: timeout) { () async throws -> Bool? in
            isReady(try await cluster.mustGet(Paths.monitor("alpha"))) ? true : nil
        }
        _ = try await cluster.eventually("the daemon's ServiceAccount", timeout: timeout) { try await cluster.get(Paths.serviceAccount) }
        _ = try await cluster.eventually("alpha's Created event", timeout: timeout) { () async throws -> Bool? in
            let events = try await cluster.mustGet(Paths.events)["items"].arrayValue ?? []
            return events.contains { $0["involvedObject"]["name"] == "alpha" && $0["reason"] == "Created" } ? true : nil
        }
        try await cluster.patch(Paths.monitor("alpha"), ["spec": ["pollingInterval": 2000]])
        _ = try await cluster.eventually("alpha's DaemonSet updated", timeout: timeout) { () async throws -> Bool? in
            envValue(try await cluster.get(Paths.daemonSet(forMonitor: "alpha")) ?? .null, "PF_STATUS_RELAY_POLLING_INTERVAL") == "2000" ? true : nil
        }
        // Creation timestamps have a resolution of one second: bravo must be the younger.
        try await Task.sleep(for: .milliseconds(1100))
        try await cluster.create(Paths.monitors, monitorObject(
            "bravo", interfaces: ["ens5f0"], nodeSelector: ["relay.example.com/pool": "a"]))
        _ = try await cluster.eventually("bravo's DaemonSet", timeout: timeout) { try await cluster.get(Paths.daemonSet(forMonitor: "bravo")) }
        try await cluster.patch(Paths.node("worker-0"), ["metadata": ["labels": ["relay.example.com/pool": "a"]]])
        _ = try await cluster.eventually("bravo to lose its DaemonSet to the older alpha", timeout: timeout) { () async throws -> Bool? in
            try await cluster.get(Paths.daemonSet(forMonitor: "bravo")) == nil ? true : nil
        }
        _ = try await cluster.eventually("bravo Degraded, counting both nodes", timeout: timeout) { () async throws -> Bool? in
            let bravo = try await cluster.mustGet(Paths.monitor("bravo"))
            return bravo["status"]["degraded"] == true ? true : nil
        }
        // A scrape of /metrics: the operator reviews the scraper's token and access.
        let reader = try await cluster.metricsReaderToken()
        _ = try await cluster.eventually("a reader's scrape of /metrics", timeout: timeout) { () async throws -> Bool? in
            try await instance.secureMetrics(caFile: caFile, token: reader).status == 200 ? true : nil
        }
    }

    /// Remove any one rule of the operator's RBAC and something it does fails,
    /// denied with a 403 the rule would have allowed: no rule is dead weight.
    @Test func everyRuleOfTheShippedRBACIsNeeded() async throws {
        let rules = try await TestCluster.with("rbac-rules") { cluster in
            try await cluster.installBasics()
            return try await cluster.operatorRules()
        }
        #expect(rules.count >= 8, "the rules bound to the operator: \(rules)")
        for (position, rule) in rules.enumerated() {
            try await TestCluster.with("rbac-without-\(position)") { cluster in
                try await cluster.installBasics()
                let current = try await cluster.operatorRules()
                let target = try #require(current.first { $0.rolePath == rule.rolePath && $0.index == rule.index })
                try await cluster.remove(target)
                var failure: (any Error)?
                do {
                    try await Self.exerciseEveryPermission(cluster, timeout: .seconds(6))
                } catch {
                    failure = error
                    cluster.expectedTimeoutSeen()
                }
                cluster.check(failure != nil, "without \(rule), the operator still did everything: the rule is not needed")
                let denied = cluster.operatorRequests.filter { $0.status == 403 }
                let matching = denied.filter { entry in
                    guard let attributes = entry.deniedAttributes else { return false }
                    return rule.permissions.contains { $0.covers(attributes.permission) }
                }
                cluster.check(!matching.isEmpty, "without \(rule) (\(failure.map { "\($0)" } ?? "no failure")), no 403 the rule would have allowed; denied: \(describe(denied))")
                print("without \(rule): \(failure.map { "\($0)" } ?? "-"); denied \(matching.count) request(s), first \(matching.first.map { "\($0.method) \($0.path)" } ?? "-")")
            }
        }
    }

    /// The operator's requests, with every permission doing its job, cover
    /// everything the shipped RBAC grants it (verb by verb), and none was denied.
    @Test func theShippedRBACGrantsNoMoreThanTheOperatorUses() async throws {
        try await TestCluster.with("rbac-usage") { cluster in
            try await cluster.installBasics()
            try await Self.exerciseEveryPermission(cluster, timeout: .seconds(30))
            let requests = cluster.operatorRequests
            cluster.check(!requests.isEmpty, "the server logged the operator's requests under its ServiceAccount")
            let denied = requests.filter { $0.status == 401 || $0.status == 403 }
            cluster.check(denied.isEmpty, "requests denied with the shipped RBAC: \(describe(denied))")
            let used = Set(requests.flatMap(\.authorizedPermissions))
            let granted = Set(try await cluster.operatorRules().flatMap(\.permissions))
            let unused = granted.filter { grant in !used.contains { grant.covers($0) } }.sorted()
            cluster.check(unused.isEmpty, "granted but never used: \(unused); used: \(used.sorted())")
            let ungranted = used.filter { use in !granted.contains { $0.covers(use) } }.sorted()
            cluster.check(ungranted.isEmpty, "used without a grant: \(ungranted)")
            print("the operator used \(used.count) permissions; granted \(granted.count): \(granted.sorted())")
        }
    }
}
