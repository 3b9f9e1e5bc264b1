import Foundation
import JSONValues
import KubeModel
import Logging
import Synchronization

/// The API server's request handling, independent of the transport:
/// discovery, the verbs on every resource, watches, admission, and the
/// controllers a cluster runs next to it (garbage collector, namespaces, CRDs).
final class KubeAPI: Sendable {
    let registry = ResourceRegistry()
    let store: ObjectStore
    let options: KubeTestServer.Options
    let faults = Faults()
    let requestLog = RequestLog()
    let webhooks: ValidatingWebhooks
    let controllers: ClusterControllers
    let tokens = TokenRegistry()
    let logger: Logger
    /// Answers `POST /kube-test-server/faults` (set by the server, which owns restarts).
    let faultEndpoint = Mutex<(@Sendable (JSONValue) async -> APIResponse)?>(nil)

    init(options: KubeTestServer.Options, logger: Logger) {
        self.options = options
        self.logger = logger
        store = ObjectStore(historyLimit: options.watchHistorySize)
        webhooks = ValidatingWebhooks(logger: logger)
        controllers = ClusterControllers(store: store, registry: registry, simulateDaemonSets: options.simulateDaemonSets)
        seedCluster()
    }

    var now: String { Date.now.formatted(.iso8601) }
    var authenticator: Authenticator { Authenticator(adminToken: options.token, tokens: tokens, store: store) }
    var authorizer: RBACAuthorizer { RBACAuthorizer(store: store) }
    var ownerReferencesAdmission: OwnerReferencesAdmission? {
        options.enforceOwnerReferencesPermission ? OwnerReferencesAdmission(authorizer: authorizer, registry: registry) : nil
    }
    var preparation: ObjectPreparation { ObjectPreparation(registry: registry, now: now) }

    /// The namespaces every cluster starts with.
    private func seedCluster() {
        guard let namespaces = registry.resource(ResourceKey(group: "", plural: "namespaces")) else { return }
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            let target = RequestTarget(resource: namespaces, version: "v1", namespace: nil, name: nil, subresource: nil)
            if let object = try? preparation.prepareCreate(["metadata": ["name": .string(name)]], target: target, strictFields: false) {
                _ = try? store.create(namespaces.key, ObjectKey(namespace: "", name: name), object)
            }
        }
        BootstrapPolicy.seed(into: self)
    }

    /// Answers a request; `authenticated` skips authentication (the server's own in-process calls).
    func handle(_ request: APIRequest, authenticated: UserInfo? = nil) async -> APIResponse {
        var request = request
        let attributes = RequestAttributes(method: request.method, path: request.path, query: request.query)
        let (response, user) = await route(&request, attributes, authenticated: authenticated)
        requestLog.record(request, status: response.statusCode, user: user, attributes: attributes)
        if options.logRequests {
            logger.info("\(request.method) \(request.path)\(request.query.isEmpty ? "" : "?" + request.query.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "&")) \(response.statusCode)\(user.isEmpty ? "" : " " + user)")
        }
        return response
    }

    /// Paths answered without credentials (a real cluster's system:public-info-viewer, for anyone).
    static let openPaths: Set<String> = ["/healthz", "/livez", "/readyz", "/version"]

    /// Authentication, impersonation, authorization (before the body is read, as the
    /// API server's filters run), then the request itself. Also returns the username.
    private func route(_ request: inout APIRequest, _ attributes: RequestAttributes, authenticated: UserInfo?) async -> (APIResponse, String) {
        switch request.path {
        case "/healthz", "/livez", "/readyz":
            return (.text(status: 200, contentType: "text/plain", body: "ok"), "")
        case "/version" where request.headers["authorization"] == nil:
            return (Discovery(registry: registry).document(for: request.path).map { .json(status: 200, body: $0) } ?? .error(.pathNotFound(request.path)), "")
        default:
            break
        }
        guard let authenticated = authenticated ?? authenticator.authenticate(request) else {
            return (.error(.unauthorized), "")
        }
        do {
            request.user = try Impersonation(authorizer: authorizer).resolve(request, requester: authenticated)
        } catch {
            return (.error(error), authenticated.username)
        }
        let user = request.user
        if let injected = await faults.beforeRequest() {
            return (.error(injected), user.username)
        }
        if request.path == "/kube-test-server/faults" {
            // Test machinery, not an API: only the cluster admin may break the cluster.
            guard user.isMaster else { return (.error(.forbidden(attributes, user: user.username)), user.username) }
            guard request.method == "POST" else { return (.error(.pathNotFound(request.path)), user.username) }
            guard let body = try? JSONValue.decode(request.body), body.objectValue != nil else {
                return (.error(.badRequest("expected a JSON object such as {\"failNext\": 2, \"code\": 500}")), user.username)
            }
            guard let endpoint = faultEndpoint.withLock({ $0 }) else { return (.error(.pathNotFound(request.path)), user.username) }
            return (await endpoint(body), user.username)
        }
        if !authorizer.authorize(user, attributes).allowed {
            return (.error(.forbidden(attributes, user: user.username)), user.username)
        }
        if let document = Discovery(registry: registry).document(for: request.path) {
            return (request.method == "GET" ? .json(status: 200, body: document) : .error(.methodNotAllowed("the server does not allow this method on the requested resource")), user.username)
        }
        switch RequestTarget.resolve(path: request.path, registry: registry) {
        case .unknown, .discovery:
            return (.error(.pathNotFound(request.path)), user.username)
        case .target(let target):
            do {
                return (try await perform(request, on: target), user.username)
            } catch {
                return (.error(error), user.username)
            }
        }
    }

    private func perform(_ request: APIRequest, on target: RequestTarget) async throws(APIError) -> APIResponse {
        if target.resource.namespaced, target.name != nil, target.namespace == nil {
            throw .pathNotFound(request.path)
        }
        if target.subresource == "status", !target.resource.hasStatusSubresource {
            throw .pathNotFound(request.path)
        }
        if target.subresource == "token" { return try createToken(target, request) }
        if target.resource.isReview {
            guard request.method == "POST", target.name == nil else {
                throw .methodNotAllowed("the server does not allow this method on the requested resource")
            }
            switch target.resource.kind {
            case "TokenReview": return try tokenReview(target, request)
            case "SelfSubjectReview": return try selfSubjectReview(target, request)
            case "SelfSubjectRulesReview": return try rulesReview(target, request)
            default: return try accessReview(target, request)
            }
        }
        switch (request.method, target.name) {
        case ("GET", .some):
            return try get(target, request)
        case ("GET", .none):
            return request.flag("watch") ? try watch(target, request) : try list(target, request)
        case ("POST", .none):
            return try await create(target, request)
        case ("PUT", .some):
            return try await update(target, request)
        case ("PATCH", .some):
            return try await patch(target, request)
        case ("DELETE", .some):
            return try await delete(target, request)
        case ("DELETE", .none):
            return try await deleteCollection(target, request)
        default:
            throw .methodNotAllowed("the server does not allow this method on the requested resource")
        }
    }

    /// An object as a client of `target`'s version sees it.
    func present(_ object: JSONValue, _ target: RequestTarget) -> JSONValue {
        var object = object
        object["apiVersion"] = .string(target.apiVersion)
        object["kind"] = .string(target.resource.kind)
        return object
    }
}

/// Every request the server answered, for tests that count reads and writes.
public final class RequestLog: Sendable {
    public struct Entry: Sendable {
        public var method: String
        public var path: String
        public var query: [String: String]
        public var userAgent: String
        public var status: Int
        /// Who the request acted as (after impersonation); "" when it was not authenticated.
        public var user: String = ""
        /// What authorization judged (nil for requests answered before, such as /healthz).
        public var attributes: RequestAttributes?
        /// The checks admission made after that (owner references' `delete` and `finalizers`).
        public var admissionChecks: [AuthorizationCheck] = []

        /// The Kubernetes verb: get, list, watch, create, update, patch, delete,
        /// deletecollection, parsed as authorization parses it (also for
        /// requests answered before authorization).
        public var verb: String {
            (attributes ?? RequestAttributes(method: method, path: path, query: query)).verb
        }

        public var isWrite: Bool { ["POST", "PUT", "PATCH", "DELETE"].contains(method) }
    }

    private let entries = Mutex<[Entry]>([])

    func record(_ request: APIRequest, status: Int, user: String, attributes: RequestAttributes) {
        let entry = Entry(method: request.method, path: request.path, query: request.query,
                          userAgent: request.headers["user-agent"] ?? "", status: status, user: user,
                          attributes: user.isEmpty ? nil : attributes, admissionChecks: request.trail.checks)
        entries.withLock { $0.append(entry) }
    }

    public var all: [Entry] { entries.withLock { $0 } }
    public func clear() { entries.withLock { $0 = [] } }
}
