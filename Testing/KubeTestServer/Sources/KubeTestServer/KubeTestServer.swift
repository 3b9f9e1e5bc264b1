import Foundation
import JSONValues
import KubeModel
public import Logging
import NIOCore
import NIOSSL
import Synchronization

/// A Kubernetes API server for tests, in the spirit of controller-runtime's
/// envtest: HTTPS with bearer tokens (the admin's, ServiceAccount tokens from
/// the TokenRequest API), RBAC authorization as the real server's,
/// discovery, generic storage, watches, CRDs with schemas, garbage collection
/// and validating webhooks, plus fault injection. Use it in-process (`start`) or as the `kube-test-server` binary.
public final class KubeTestServer: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        /// 0: any free port.
        public var port = 0
        public var useTLS = true
        /// The admin's bearer token: user `kube-test-server:admin` in `system:masters`, which RBAC
        /// never restricts. Nil: no authentication (every request is the cluster admin).
        public var token: String? = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        /// Changes retained for watches to resume from; older resourceVersions get 410 Gone.
        public var watchHistorySize = 10_000
        /// How often watches that allow bookmarks get one (a real server: about a minute).
        public var bookmarkInterval: Duration = .seconds(5)
        /// Watches without timeoutSeconds end after this.
        public var defaultWatchTimeout: Duration = .seconds(1800)
        /// Where webhook Services are reached; nil: the Service's targetPort on loopback.
        /// Play the DaemonSet controller: status as if pods ran ready on every selected node.
        public var simulateDaemonSets = true
        /// The OwnerReferencesPermissionEnforcement admission plugin, which OpenShift enables:
        /// setting ownerReferences needs `delete` on the object, and `blockOwnerDeletion: true`
        /// needs `update` on the owner's `finalizers`. Only non-admin users are ever refused.
        public var enforceOwnerReferencesPermission = true
        /// Log one line per request (method, path, query, status).
        public var logRequests = false
        public var serviceResolver: (@Sendable (_ namespace: String, _ name: String, _ port: Int) -> (String, Int)?)?

        public init() {}
    }

    public let options: Options
    public let certificateAuthority: CertificateAuthority?
    let api: KubeAPI
    private let frontend: HTTPFrontend
    private let serving = Mutex<Task<Void, Never>?>(nil)
    private let boundPort = Mutex(0)

    public var port: Int { boundPort.withLock { $0 } }
    public var url: String { "\(options.useTLS ? "https" : "http")://\(options.host):\(port)" }
    public var token: String? { options.token }
    public var requests: RequestLog { api.requestLog }

    private init(options: Options, certificateAuthority: CertificateAuthority?, tls: NIOSSLContext?, logger: Logger) {
        self.options = options
        self.certificateAuthority = certificateAuthority
        api = KubeAPI(options: options, logger: logger)
        frontend = HTTPFrontend(api: api, tls: tls, logger: logger)
    }

    /// Starts listening; returns once the port accepts connections.
    public static func start(_ options: Options = Options(), logger: Logger = Logger(label: "kube-test-server")) async throws -> KubeTestServer {
        var authority: CertificateAuthority?
        var context: NIOSSLContext?
        if options.useTLS {
            let ca = try CertificateAuthority()
            let (certificatePEM, keyPEM) = try ca.issueServerCertificate(
                commonName: "kube-apiserver", dnsNames: ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"],
                ipAddresses: ["127.0.0.1", "::1"])
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)))
            context = try NIOSSLContext(configuration: configuration)
            authority = ca
        }
        let server = KubeTestServer(options: options, certificateAuthority: authority, tls: context, logger: logger)
        let weakServer = WeakReference(server)
        server.api.faultEndpoint.withLock { endpoint in
            endpoint = { body in await weakServer.value?.applyFaults(body) ?? .error(.internalError("server gone")) }
        }
        try await server.listen(port: options.port)
        return server
    }

    private func listen(port: Int) async throws {
        let listener = try await frontend.bind(host: options.host, port: port)
        boundPort.withLock { $0 = listener.channel.localAddress?.port ?? port }
        let frontend = self.frontend
        serving.withLock { $0 = Task { await frontend.serve(listener) } }
    }

    /// A kubeconfig for this server (cluster admin via the bearer token).
    public var kubeconfig: Kubeconfig {
        Kubeconfig(server: url, token: options.token, certificateAuthorityPEM: certificateAuthority?.certificatePEM)
    }

    /// A kubeconfig that authenticates with `token` (e.g. from `serviceAccountToken`).
    public func kubeconfig(token: String, namespace: String = "default") -> Kubeconfig {
        var config = kubeconfig.with(token: token)
        config.namespace = namespace
        return config
    }

    /// A token for ServiceAccount `namespace/name`, as a TokenRequest by the admin
    /// would mint (`kubectl create token`); it authenticates as
    /// `system:serviceaccount:NAMESPACE:NAME` until it expires or the ServiceAccount goes.
    public func serviceAccountToken(namespace: String, name: String, expirationSeconds: Int = 3600) async throws -> String {
        let body: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                               "spec": ["expirationSeconds": .int(Int64(expirationSeconds))]]
        let request = APIRequest(method: "POST", uri: "/api/v1/namespaces/\(namespace)/serviceaccounts/\(name)/token",
                                 headers: ["content-type": "application/json"], body: Array(body.encoded()))
        let response = await api.handle(request, authenticated: .admin)
        guard case .json(let status, let answer) = response, status == 201, let token = answer["status"]["token"].stringValue else {
            if case .json(let status, let answer) = response {
                throw APIError(code: status, reason: answer["reason"].stringValue ?? "", message: answer["message"].stringValue ?? "")
            }
            throw APIError.internalError("unexpected answer to a TokenRequest")
        }
        return token
    }

    /// Stops listening and drops every connection and watch.
    public func shutdown() async {
        let task = serving.withLock { task in
            defer { task = nil }
            return task
        }
        api.store.finishAllSubscriptions()
        task?.cancel()
        await task?.value
    }

    // MARK: - Fault injection

    /// A restart: every connection and watch is dropped, then the server
    /// listens again on the same port with the same state (as if etcd-backed).
    public func restart() async throws {
        let port = self.port
        await shutdown()
        try await listen(port: port)
    }

    /// The next `count` requests are answered with `code` (500, 503 or 429).
    public func failNextRequests(_ count: Int, code: Int = 500) {
        api.faults.failNext(count, code: code)
    }

    /// Every response waits this long first.
    public func setResponseDelay(_ delay: Duration) {
        api.faults.setDelay(delay)
    }

    /// Forgets watch history: resuming from any earlier resourceVersion gets 410 Gone.
    public func compactHistory() {
        api.store.compact()
    }

    public func setWatchHistorySize(_ size: Int) {
        api.store.setHistoryLimit(size)
    }

    /// The HTTP form of fault injection, for clients of the `kube-test-server`
    /// binary: `{"failNext": N, "code": 500|503|429, "delayMilliseconds": M,
    /// "compactHistory": true, "watchHistorySize": N, "restart": true}`.
    func applyFaults(_ body: JSONValue) async -> APIResponse {
        if let count = body["failNext"].intValue {
            failNextRequests(Int(count), code: Int(body["code"].intValue ?? 500))
        }
        if let milliseconds = body["delayMilliseconds"].intValue {
            setResponseDelay(.milliseconds(max(0, milliseconds)))
        }
        if let size = body["watchHistorySize"].intValue { setWatchHistorySize(Int(size)) }
        if body["compactHistory"].boolValue == true { compactHistory() }
        if body["restart"].boolValue == true {
            // After this answer is written: the restart drops this connection too.
            Task {
                try? await Task.sleep(for: .milliseconds(50))
                try? await self.restart()
            }
        }
        return .json(status: 200, body: ["kind": "Status", "apiVersion": "v1", "status": "Success", "metadata": [:]])
    }

    // MARK: - In-process access

    /// Answers a request without HTTP (authentication is as for any client).
    public func handle(_ request: APIRequest) async -> APIResponse {
        await api.handle(request)
    }

    /// Runs the garbage collector and namespace controller until they are idle.
    public func settleControllers() {
        api.controllers.sweep()
    }

    public var currentResourceVersion: Int64 { api.store.currentRevision }
}

/// Lets the API call back into its server without keeping it alive.
private final class WeakReference<Value: AnyObject & Sendable>: Sendable {
    weak let value: Value?
    init(_ value: Value) { self.value = value }
}
