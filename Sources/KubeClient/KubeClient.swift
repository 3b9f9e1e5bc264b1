import AsyncHTTPClient
import KubeModel
public import Logging
import NIOCore
import Synchronization

/// A small typed Kubernetes client: the REST verbs on JSON objects, watches
/// as async streams, bearer tokens (re-read from rotating files), TLS with
/// the cluster's CA, and retries with backoff for 429, 5xx and transport
/// failures (never for 404, 409 or 422, never for watches).
public final class KubeClient: Sendable {
    public let configuration: KubeConfiguration
    public let userAgent: String
    public let retryPolicy: RetryPolicy
    /// The deadline of one request (watches have none).
    public let requestTimeout: Duration
    let logger: Logger
    let http: HTTPClient
    let tokens: TokenSource
    /// Set when the configuration cannot be used (bad PEM): every request fails with it.
    let setupError: KubeError?
    private let sent = Atomic<Int>(0)
    private let isShutDown = Atomic<Bool>(false)

    /// Most lists and objects are far smaller; this bounds memory on a bad answer.
    static let maximumBodySize = 256 << 20

    public init(configuration: KubeConfiguration, userAgent: String = "pf-status-relay-operator",
                retryPolicy: RetryPolicy = .default, requestTimeout: Duration = .seconds(30), logger: Logger)
    {
        self.configuration = configuration
        self.userAgent = userAgent
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
        self.logger = logger
        tokens = TokenSource(configuration.credentials)

        var settings = HTTPClient.Configuration()
        // Watches hold an HTTP/1 connection each: leave room for several plus requests.
        settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        settings.timeout = .init(connect: .seconds(10))
        // A refused connection or failed TLS handshake is reported at once;
        // the retry policy (or the watcher above a watch) decides about retrying.
        settings.connectionPool.retryConnectionEstablishment = false
        settings.redirectConfiguration = .disallow
        var setupError: KubeError?
        if configuration.baseURL.hasPrefix("https://") {
            do {
                settings.tlsConfiguration = try TLSSetup.configuration(for: configuration)
            } catch {
                setupError = error
            }
        } else if !configuration.baseURL.hasPrefix("http://") {
            setupError = .invalidRequest("the server \"\(configuration.server)\" is not an http:// or https:// URL")
        }
        self.setupError = setupError
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
    }

    deinit {
        // A client dropped without shutdown() still releases its connections
        // (an HTTPClient deinitialized before shutdown traps). deinit cannot
        // await: the future-returning shutdown starts it without a task.
        if !isShutDown.load(ordering: .acquiring) {
            _ = http.shutdown() as EventLoopFuture<Void>
        }
    }

    /// Closes every connection; ongoing watches end. Call once, when done.
    public func shutdown() async throws {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try await http.shutdown()
    }

    /// HTTP requests sent so far (retries and watches included).
    public var requestCount: Int { sent.load(ordering: .relaxed) }

    func countRequest() { sent.add(1, ordering: .relaxed) }
}
