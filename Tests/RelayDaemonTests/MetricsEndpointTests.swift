import MetricsExposition
import RelayCore
import Testing
@testable import RelayDaemon

/// What the daemon's endpoint answers (the socket is the lab's and the kernel
/// integration tests' business): paths, methods, health and readiness.
@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    let start = ContinuousClock.now

    func endpoint(health: DaemonHealth, netlink: String? = nil) -> MetricsEndpoint {
        let exporter = PrometheusExporter.relay()
        let metrics = RelayMetrics(names: ["pf0", "pf1"], version: "1", factory: exporter)
        return MetricsEndpoint(exporter: exporter, metrics: metrics, health: health, netlinkCheck: { netlink })
    }

    func request(_ line: String) -> [UInt8] { Array("\(line)\r\nHost: node\r\n\r\n".utf8) }

    @Test("request lines: method, path without the query; anything else is refused")
    func requestLines() {
        #expect(HTTPRequestLine(head: request("GET /metrics?x=1 HTTP/1.1")) == HTTPRequestLine(head: request("GET /metrics HTTP/1.0")))
        #expect(HTTPRequestLine(head: request("GET /metrics HTTP/1.1"))?.path == "/metrics")
        for bad in ["get /metrics HTTP/1.1", "GET metrics HTTP/1.1", "GET /metrics HTTP/2", "GET  /metrics HTTP/1.1", "GET /metrics"] {
            #expect(HTTPRequestLine(head: request(bad)) == nil, "\(bad)")
        }
        #expect(HTTPRequestLine(head: []) == nil)
        #expect(HTTPRequestLine(head: [0x16, 0x03, 0x01, 0x00]) == nil)   // a TLS hello
    }

    @Test("/metrics in the text format; 400, 404 and 405 for the rest")
    func paths() {
        let health = DaemonHealth(names: ["pf0"], pollingInterval: .seconds(1), subscription: true, now: start)
        let endpoint = endpoint(health: health)
        let (metrics, isHead) = endpoint.respond(to: request("GET /metrics HTTP/1.1"))
        #expect(metrics.status == 200 && !isHead)
        #expect(metrics.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(String(decoding: metrics.body, as: UTF8.self).contains("# TYPE pf_status_relay_lacp_up gauge"))
        #expect(endpoint.respond(to: request("HEAD /metrics HTTP/1.1")).isHead)
        #expect(endpoint.respond(to: request("GET /nothing HTTP/1.1")).0.status == 404)
        #expect(endpoint.respond(to: request("POST /metrics HTTP/1.1")).0.status == 405)
        #expect(endpoint.respond(to: Array("garbage".utf8)).0.status == 400)
        let wire = String(decoding: HTTPResponse.text(200, "OK", "ok\n").serialized(includeBody: false), as: UTF8.self)
        #expect(wire == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
    }

    @Test("/readyz waits for every PF's first look")
    func readiness() {
        let health = DaemonHealth(names: ["pf0", "pf1"], pollingInterval: .seconds(1), subscription: true, now: start)
        let endpoint = endpoint(health: health)
        let before = endpoint.respond(to: request("GET /readyz HTTP/1.1")).0
        #expect(before.status == 503)
        #expect(String(decoding: before.body, as: UTF8.self) == "not looked at yet: pf0, pf1\n")
        health.looked(at: ["pf0"])
        health.looked(at: ["pf1"])
        #expect(endpoint.respond(to: request("GET /readyz HTTP/1.1")).0.status == 200)
    }

    @Test("/healthz: a silent loop, a lost subscription or a failed netlink request is unhealthy")
    func liveness() {
        let health = DaemonHealth(names: ["pf0"], pollingInterval: .seconds(1), subscription: true, now: start)
        // Not subscribed yet.
        #expect(health.livenessProblems(netlink: nil, now: start) == ["link event subscription is down"])
        health.subscription(active: true)
        #expect(health.livenessProblems(netlink: nil, now: start + .seconds(7)).isEmpty)
        #expect(health.livenessProblems(netlink: nil, now: start + .seconds(9)) == ["evaluation loop silent for 9000 ms, more than 8000 ms"])
        #expect(health.livenessProblems(netlink: "EPERM", now: start) == ["netlink request failed: EPERM"])
        // Poll-only: no subscription to lose.
        let pollOnly = DaemonHealth(names: ["pf0"], pollingInterval: .seconds(1), subscription: false, now: start)
        pollOnly.subscription(active: false)
        #expect(pollOnly.livenessProblems(netlink: nil, now: start).isEmpty)
        health.loopWaiting()
        let unhealthy = endpoint(health: health, netlink: "timed out").respond(to: request("GET /healthz HTTP/1.1")).0
        #expect(unhealthy.status == 503)
        #expect(String(decoding: unhealthy.body, as: UTF8.self) == "netlink request failed: timed out\n")
        #expect(endpoint(health: health).respond(to: request("GET /healthz HTTP/1.1")).0.status == 200)
    }
}
