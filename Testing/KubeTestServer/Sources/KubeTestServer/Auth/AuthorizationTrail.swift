import Synchronization

/// An authorization decision made while handling a request, after the
/// request's own (admission's, such as the `finalizers` check of the
/// OwnerReferencesPermissionEnforcement plugin).
public struct AuthorizationCheck: Sendable, Hashable {
    public var attributes: RequestAttributes
    public var allowed: Bool
}

/// The checks one request went through, for the request log: tests that
/// derive what a client needs from what it did see these too.
final class AuthorizationTrail: Sendable {
    private let recorded = Mutex<[AuthorizationCheck]>([])

    func record(_ attributes: RequestAttributes, allowed: Bool) {
        recorded.withLock { $0.append(AuthorizationCheck(attributes: attributes, allowed: allowed)) }
    }

    var checks: [AuthorizationCheck] { recorded.withLock { $0 } }
}
