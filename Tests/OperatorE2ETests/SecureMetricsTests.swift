import Foundation
import JSONValues
import KubeTestServer
import Testing

extension OperatorE2ETests {
    /// /metrics as controller-runtime's secure metrics serve it: HTTPS with the
    /// metrics Service's certificate (verified with the cluster's CA), only to
    /// a bearer token the API server authenticates (TokenReview) whose user may
    /// get /metrics (SubjectAccessReview).
    @Test func metricsAreServedOverHTTPSToAuthenticatedReadersOnly() async throws {
        try await TestCluster.with("secure-metrics") { cluster in
            try await cluster.installBasics()
            let (certDirectory, caFile) = try cluster.writeMetricsCertificate()
            let instance = try await cluster.startOperator(.init(identity: "metrics", metricsCertDirectory: certDirectory))
            _ = try await cluster.eventually("/readyz to be 200") { () async throws -> Bool? in
                try await instance.health("/readyz").status == 200 ? true : nil
            }

            let anonymous = try await cluster.eventually("/metrics to answer over HTTPS") { () async throws -> (status: Int, body: String)? in
                let answer = try await instance.secureMetrics(caFile: caFile, token: nil)
                return answer.status == 0 ? nil : answer
            }
            cluster.check(anonymous.status == 401, "no token: \(anonymous)")
            cluster.check(!anonymous.body.contains("pf_status_relay_operator"), "no metrics without a token: \(anonymous.body)")
            let plain = try await instance.metrics()
            cluster.check(plain.status != 200, "plain HTTP is not served: \(plain)")
            let forged = try await instance.secureMetrics(caFile: caFile, token: "not-a-token")
            cluster.check(forged.status != 200 && !forged.body.contains("pf_status_relay_operator"), "a forged token: \(forged)")
        }
    }
}
