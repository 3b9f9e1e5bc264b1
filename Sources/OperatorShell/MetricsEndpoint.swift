import MetricsExposition

/// What the metrics endpoint answers: the exposition at /metrics, to any
/// request when `access` is nil (the loopback-only `--metrics-insecure`), else
/// only to the requests MetricsAccess allows.
struct MetricsEndpoint: Sendable {
    let metrics: OperatorMetrics
    let access: MetricsAccess?

    func handle(_ request: HTTPEndpoint.Request) async -> HTTPEndpoint.Response {
        guard request.path == "/metrics" else { return .text(404, "not found") }
        if let access {
            switch await access.decide(authorization: request.authorization) {
            case .allowed: break
            case .unauthenticated:
                var response = HTTPEndpoint.Response.text(401, "Unauthorized")
                response.headers = [("WWW-Authenticate", "Bearer")]
                return response
            case .forbidden: return .text(403, "Forbidden: get on /metrics is not allowed")
            case .failed: return .text(500, "Internal Server Error: the access review failed")
            }
        }
        return HTTPEndpoint.Response(status: 200, contentType: PrometheusExporter.contentType, body: metrics.exposition)
    }
}
