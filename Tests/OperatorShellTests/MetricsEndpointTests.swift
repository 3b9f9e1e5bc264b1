import Logging
@testable import OperatorShell
import Testing

/// The metrics endpoint's answers for each access decision, and the flags
/// that choose between HTTPS with token review and the loopback-only opt-out.
@Suite struct MetricsEndpointTests {
    typealias FakeReviewer = MetricsAccessTests.FakeReviewer
    struct Unreachable: Error {}

    func endpoint(failing: Bool = false) -> MetricsEndpoint {
        let reviewer = FakeReviewer()
        reviewer.addUser(token: "reader", ReviewedUser(username: "prometheus"), reader: true)
        reviewer.addUser(token: "other", ReviewedUser(username: "other"), reader: false)
        reviewer.setFailing(failing)
        return MetricsEndpoint(metrics: OperatorMetrics(), access: MetricsAccess(reviewer: reviewer, logger: Logger(label: "test")))
    }

    func get(_ endpoint: MetricsEndpoint, _ path: String = "/metrics", token: String?) async -> HTTPEndpoint.Response {
        await endpoint.handle(HTTPEndpoint.Request(method: "GET", path: path, body: [], authorization: token.map { "Bearer \($0)" }))
    }

    @Test func statusPerDecision() async {
        let secured = endpoint()
        let allowed = await get(secured, token: "reader")
        #expect(allowed.status == 200)
        #expect(String(decoding: allowed.body, as: UTF8.self).contains("# TYPE controller_runtime_reconcile_total counter"))
        let missing = await get(secured, token: nil)
        #expect(missing.status == 401)
        #expect(missing.headers.contains { $0.0 == "WWW-Authenticate" && $0.1 == "Bearer" })
        #expect(await get(secured, token: "forged").status == 401)
        #expect(await get(secured, token: "other").status == 403)
        #expect(await get(endpoint(failing: true), token: "reader").status == 500)
        #expect(await get(secured, "/other", token: "reader").status == 404)
    }

    @Test func withoutAccessEveryoneIsServed() async {
        let open = MetricsEndpoint(metrics: OperatorMetrics(), access: nil)
        #expect(await get(open, token: nil).status == 200)
    }

    @Test func insecureMetricsOnlyOnLoopback() throws {
        let common = ["--health-probe-bind-address", ""]
        for address in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "::1:8080"] {
            _ = try OperatorCommand.parse(common + ["--metrics-insecure", "--metrics-bind-address", address])
        }
        for address in [":8080", "0.0.0.0:8080", "10.0.0.1:8080", "[::]:8080"] {
            #expect(throws: (any Error).self, "\(address)") {
                _ = try OperatorCommand.parse(common + ["--metrics-insecure", "--metrics-bind-address", address])
            }
        }
        #expect(throws: (any Error).self, "the default :8443 is every address") {
            _ = try OperatorCommand.parse(common + ["--metrics-insecure"])
        }
        // Metrics off: nothing is exposed, so the flag does no harm.
        _ = try OperatorCommand.parse(common + ["--metrics-insecure", "--metrics-bind-address", "0"])
        _ = try OperatorCommand.parse(common + ["--metrics-bind-address", ":8443"])
    }
}
