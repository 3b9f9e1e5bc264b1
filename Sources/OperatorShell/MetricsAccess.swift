import KubeModel
import Logging
import Synchronization

/// The user a bearer token belongs to, as a TokenReview answers it.
struct ReviewedUser: Sendable, Hashable {
    var username: String
    var uid: String = ""
    var groups: [String] = []
    var extra: [String: [String]] = [:]
}

/// The two questions the metrics endpoint asks the API server, behind a
/// protocol so that MetricsAccess can be tested with a fake.
protocol AccessReviewer: Sendable {
    /// The token's user, or nil when the token is not valid; throws when there is no answer.
    func authenticate(token: String) async throws -> ReviewedUser?
    /// Whether `user` may `verb` the non-resource URL `path`; throws when there is no answer.
    func authorize(_ user: ReviewedUser, verb: String, path: String) async throws -> Bool
}

/// Who may read /metrics, as controller-runtime's secure metrics decide it:
/// the request's bearer token is authenticated (TokenReview), and its user must
/// be allowed `get` on the non-resource URL (SubjectAccessReview).
///
/// Decisions are cached for a short while: Prometheus scrapes every few
/// seconds with the same token, and two API calls per scrape would load the
/// API server for nothing. Denials are kept shorter than grants so that a
/// newly bound reader gets in soon. The cache is keyed by a salted SHA-256 of
/// the token, so tokens are never kept in memory past the request, and it is
/// bounded (a flood of different tokens cannot grow it). Failures to get an
/// answer are not cached.
final class MetricsAccess: Sendable {
    enum Decision: Sendable, Equatable {
        case allowed
        /// No bearer token, or one the API server does not accept (401).
        case unauthenticated
        /// A valid token whose user may not read the path (403).
        case forbidden
        /// The API server could not be asked (500).
        case failed
    }

    private struct Entry {
        var decision: Decision
        var expires: ContinuousClock.Instant
    }

    let path: String
    let allowedTTL: Duration
    let deniedTTL: Duration
    let capacity: Int
    private let reviewer: any AccessReviewer
    private let now: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger
    private let salt: [UInt8]
    private let cache = Mutex([[UInt8]: Entry]())

    init(
        reviewer: any AccessReviewer, path: String = "/metrics", allowedTTL: Duration = .seconds(30),
        deniedTTL: Duration = .seconds(10), capacity: Int = 256,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }, logger: Logger
    ) {
        self.reviewer = reviewer
        self.path = path
        self.allowedTTL = allowedTTL
        self.deniedTTL = deniedTTL
        self.capacity = max(1, capacity)
        self.now = now
        self.logger = logger
        var generator = SystemRandomNumberGenerator()
        self.salt = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The decision for a request with this `Authorization` header value.
    func decide(authorization: String?) async -> Decision {
        guard let token = Self.bearerToken(authorization) else { return .unauthenticated }
        let key = SHA256.hash(salt + Array(token.utf8))
        let instant = now()
        if let cached = cache.withLock({ $0[key] }), cached.expires > instant { return cached.decision }
        let decision: Decision
        do {
            decision = try await review(token: token)
        } catch {
            logger.error("metrics access could not be reviewed", metadata: ["error": "\(error)"])
            return .failed
        }
        store(decision, key: key, at: instant)
        return decision
    }

    private func review(token: String) async throws -> Decision {
        guard let user = try await reviewer.authenticate(token: token) else {
            logger.debug("metrics request with a token that is not valid")
            return .unauthenticated
        }
        guard try await reviewer.authorize(user, verb: "get", path: path) else {
            logger.debug("metrics request forbidden", metadata: ["user": "\(user.username)"])
            return .forbidden
        }
        return .allowed
    }

    private func store(_ decision: Decision, key: [UInt8], at instant: ContinuousClock.Instant) {
        let expires = instant + (decision == .allowed ? allowedTTL : deniedTTL)
        cache.withLock { entries in
            if entries[key] == nil, entries.count >= capacity {
                entries = entries.filter { $0.value.expires > instant }
                if entries.count >= capacity, let soonest = entries.min(by: { $0.value.expires < $1.value.expires }) {
                    entries[soonest.key] = nil
                }
            }
            entries[key] = Entry(decision: decision, expires: expires)
        }
    }

    /// The token of `Bearer TOKEN` (the scheme in any case), or nil.
    static func bearerToken(_ authorization: String?) -> String? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = String(parts[1]).trimmingWhitespace()
        return token.isEmpty ? nil : token
    }

    /// The cache's keys, for tests.
    var cachedKeys: [[UInt8]] { cache.withLock { Array($0.keys) } }
}
