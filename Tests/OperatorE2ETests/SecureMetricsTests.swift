import Foundation
import JSONValues
import KubeTestServer
import Testing

extension OperatorE2ETests {
    /// /metrics as controller-runtime's secure metrics serve it: HTTPS with the
    /// metrics Service's certificate (verified with the cluster's CA), only to
    /// a bearer token the API server authenticates (TokenReview) whose user may
    /// get /metrics (SubjectAccessReview): Prometheus' ServiceAccount bound to
    /// config/rbac's metrics-reader ClusterRole gets the metrics, another
    /// ServiceAccount 403, no token or a forged one 401. The operator runs as
    /// its ServiceAccount: config/rbac's metrics-auth ClusterRole lets it review.
    @Test func metricsAreServedOverHTTPSToAuthenticatedReadersOnly() async throws {
        try await TestCluster.with("secure-metrics") { cluster in
            try await cluster.installBasics()
            let prometheus = try await cluster.metricsReaderToken()
            try await cluster.create("/api/v1/namespaces/\(Paths.namespace)/serviceaccounts", [
                "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "intruder"],
            ])
            let intruder = try await cluster.server.serviceAccountToken(namespace: Paths.namespace, name: "intruder")

            let (certDirectory, caFile) = try cluster.writeMetricsCertificate()
            let instance = try await cluster.startOperator(.init(identity: "metrics", metricsCertDirectory: certDirectory))
            _ = try await cluster.eventually("/readyz to be 200") { () async throws -> Bool? in
                try await instance.health("/readyz").status == 200 ? true : nil
            }
            // A monitor reconciled before the scrape, so that it shows reconciles and the per-monitor series.
            try await cluster.create(Paths.monitors, monitorObject("alpha", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
            _ = try await cluster.eventually("alpha to be Ready") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("alpha"))) ? true : nil
            }

            let scraped = try await cluster.eventually("/metrics to answer over HTTPS") { () async throws -> (status: Int, body: String)? in
                let answer = try await instance.secureMetrics(caFile: caFile, token: prometheus)
                return answer.status == 0 ? nil : answer
            }
            cluster.check(scraped.status == 200, "Prometheus' token: \(scraped)")
            try await checkOperatorScrape(scraped.body, cluster: cluster)
            let again = try await instance.secureMetrics(caFile: caFile, token: prometheus)
            cluster.check(again.status == 200, "Prometheus' token again (cached): \(again)")

            let forbidden = try await instance.secureMetrics(caFile: caFile, token: intruder)
            cluster.check(forbidden.status == 403, "a token whose account is not bound: \(forbidden)")
            let anonymous = try await instance.secureMetrics(caFile: caFile, token: nil)
            cluster.check(anonymous.status == 401, "no token: \(anonymous)")
            let forged = try await instance.secureMetrics(caFile: caFile, token: "not-a-token")
            cluster.check(forged.status == 401, "a forged token: \(forged)")
            for answer in [forbidden, anonymous, forged] {
                cluster.check(!answer.body.contains("controller_runtime_") && !answer.body.contains("pf_status_relay_operator"),
                              "no metrics without the right: \(answer.body)")
            }
            let plain = try await instance.metrics()
            cluster.check(plain.status != 200, "plain HTTP is not served: \(plain)")

            // The reviews, each asked once: the second scrape came from the cache.
            let reviews = cluster.server.requests.all.filter { $0.method == "POST" && $0.path.hasSuffix("reviews") }
            let tokenReviews = reviews.filter { $0.path == "/apis/authentication.k8s.io/v1/tokenreviews" }.count
            let accessReviews = reviews.filter { $0.path == "/apis/authorization.k8s.io/v1/subjectaccessreviews" }.count
            cluster.check(tokenReviews == 3 && accessReviews == 2,
                          "3 TokenReviews (prometheus, intruder, forged) and 2 SubjectAccessReviews: \(describe(reviews))")
        }
    }
}

/// The families the alert rules, the dashboard and README's tables name, each
/// in a real scrape after a monitor was reconciled.
let operatorFamilies = [
    "controller_runtime_reconcile_total", "controller_runtime_reconcile_errors_total", "controller_runtime_reconcile_time_seconds",
    "controller_runtime_active_workers", "controller_runtime_max_concurrent_reconciles",
    "workqueue_depth", "workqueue_adds_total", "workqueue_retries_total", "workqueue_queue_duration_seconds", "workqueue_work_duration_seconds",
    "leader_election_master_status", "pf_status_relay_operator_build_info", "pf_status_relay_operator_monitors",
    "pf_status_relay_operator_monitor_degraded", "pf_status_relay_operator_relay_pods_desired", "pf_status_relay_operator_relay_pods_available",
]

/// A scrape of an operator that reconciled the Ready monitor `alpha` on one
/// node: promtool accepts it, every family is there with its HELP, and the
/// reconcile shows in the counters and the histogram.
func checkOperatorScrape(_ body: String, cluster: TestCluster, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    if let promtool = try await promtoolCheckMetrics(body, sourceLocation: sourceLocation) {
        cluster.check(promtool.status == 0, "promtool check metrics: exit \(promtool.status)\n\(promtool.stdout)\(promtool.stderr)\n/metrics:\n\(body)",
                      sourceLocation: sourceLocation)
    }
    for family in operatorFamilies {
        cluster.check(body.contains("# HELP \(family) ") && body.contains("# TYPE \(family) "), "\(family) in /metrics:\n\(body)",
                      sourceLocation: sourceLocation)
    }
    let controller = #"controller="pflacpmonitor""#
    cluster.check((sample(body, #"controller_runtime_reconcile_total{\#(controller),result="success"}"#) ?? 0) > 0,
                  "reconcile_total{result=success} > 0:\n\(body)", sourceLocation: sourceLocation)
    cluster.check((sample(body, #"controller_runtime_reconcile_time_seconds_count{\#(controller)}"#) ?? 0) > 0,
                  "reconcile_time_seconds_count > 0:\n\(body)", sourceLocation: sourceLocation)
    let alpha = #"{namespace="\#(Paths.namespace)",name="alpha"}"#
    cluster.check(sample(body, "pf_status_relay_operator_monitor_degraded" + alpha) == 0, "alpha not degraded:\n\(body)",
                  sourceLocation: sourceLocation)
    cluster.check(sample(body, "pf_status_relay_operator_relay_pods_desired" + alpha) == 1
                  && sample(body, "pf_status_relay_operator_relay_pods_available" + alpha) == 1,
                  "alpha's one relay pod desired and available:\n\(body)", sourceLocation: sourceLocation)
}

/// The value of the sample `series` (name and labels exactly as exported), nil when absent.
func sample(_ body: String, _ series: String) -> Double? {
    body.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
}

extension TestCluster {
    /// A token of ServiceAccount `prometheus`, bound to config/rbac's
    /// metrics-reader ClusterRole as docs/operator-install.md says.
    func metricsReaderToken() async throws -> String {
        try await create("/api/v1/namespaces/\(Paths.namespace)/serviceaccounts", [
            "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "prometheus"],
        ])
        try await create("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": ["name": "pf-status-relay-operator-metrics-reader"],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "pf-status-relay-operator-metrics-reader"],
            "subjects": [["kind": "ServiceAccount", "name": "prometheus", "namespace": .string(Paths.namespace)]],
        ])
        return try await server.serviceAccountToken(namespace: Paths.namespace, name: "prometheus")
    }
}
