import KernelSockets
import Logging
import MetricsExposition
import Netlink
import RelayCore
import RouteNetlink

/// `--metrics-bind-address`: plain HTTP, served one request at a time off a
/// thread of its own (TCPListener), so that scrapes and probes never hold up
/// the evaluation loop.
///   /metrics  the Prometheus text format
///   /healthz  200 when the evaluation loop turns, the link event
///             subscription is up and a netlink request answers; else 503
///   /readyz   200 once every configured PF has been looked at; else 503
struct MetricsEndpointService: DaemonService {
    let listener: TCPListener
    let endpoint: MetricsEndpoint
    let logger: Logger

    func run() async throws {
        let requests = try listener.requests()
        defer { listener.stop() }
        logger.info("serving metrics and health", metadata: ["port": .stringConvertible(listener.port)])
        for await event in requests {
            switch event {
            case let .received(request):
                let (response, isHead) = endpoint.respond(to: request.head)
                request.respond(response.serialized(includeBody: !isHead))
            case .overrun:
                break
            case let .failed(error):
                logger.error("metrics endpoint stopped accepting connections", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}

/// What the endpoint answers, apart from the socket (tested directly).
struct MetricsEndpoint: Sendable {
    let exporter: PrometheusExporter
    let metrics: RelayMetrics
    let health: DaemonHealth
    /// The last LACPDU each PF's tap saw (empty without taps).
    var lastLACPDUs: @Sendable () -> [String: ContinuousClock.Instant?] = { [:] }
    /// One netlink request: nil when the kernel answered, else the error.
    var netlinkCheck: @Sendable () -> String? = MetricsEndpoint.askKernel

    /// The response, and whether it answers a HEAD (headers only).
    func respond(to head: [UInt8]) -> (HTTPResponse, isHead: Bool) {
        guard let line = HTTPRequestLine(head: head) else { return (.text(400, "Bad Request", "bad request\n"), false) }
        let isHead = line.method == "HEAD"
        guard line.method == "GET" || isHead else { return (.text(405, "Method Not Allowed", "only GET and HEAD\n"), false) }
        switch line.path {
        case "/metrics":
            metrics.updateLACPDUAges(lastSeen: lastLACPDUs())
            return (HTTPResponse(status: 200, reason: "OK", contentType: PrometheusExporter.contentType, body: exporter.exposition()), isHead)
        case "/healthz":
            let problems = health.livenessProblems(netlink: netlinkCheck())
            if problems.isEmpty { return (.text(200, "OK", "ok\n"), isHead) }
            return (.text(503, "Service Unavailable", problems.joined(separator: "\n") + "\n"), isHead)
        case "/readyz":
            let waiting = health.notYetLookedAt()
            if waiting.isEmpty { return (.text(200, "OK", "ok\n"), isHead) }
            return (.text(503, "Service Unavailable", "not looked at yet: \(waiting.joined(separator: ", "))\n"), isHead)
        default:
            return (.text(404, "Not Found", "not found: /metrics, /healthz and /readyz are served\n"), isHead)
        }
    }

    /// Reads the loopback link (index 1) on a socket of its own.
    static func askKernel() -> String? {
        do {
            let socket = try NetlinkSocket(receiveTimeoutMilliseconds: 1000)
            _ = try RouteLinks(connection: NetlinkConnection(transport: socket)).link(index: 1)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
