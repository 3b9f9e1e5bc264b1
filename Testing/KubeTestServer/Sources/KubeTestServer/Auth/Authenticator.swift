import Foundation
import JSONValues
import KubeModel

/// Bearer-token authentication: the admin token (cluster admin, as the
/// `system:masters` client certificate of a real cluster) and ServiceAccount
/// tokens from the TokenRequest API. No `Authorization` header, or a token
/// nobody issued, is a 401, as with anonymous authentication turned off.
struct Authenticator: Sendable {
    var adminToken: String?
    var tokens: TokenRegistry
    var store: ObjectStore

    /// The API server's default audience (`--api-audiences`), given to tokens requested without any.
    static let defaultAudiences = ["https://kubernetes.default.svc.cluster.local"]

    enum Outcome {
        case authenticated(UserInfo, audiences: [String])
        case failed(String)
    }

    /// The user of a request; the admin when the server runs without authentication.
    func authenticate(_ request: APIRequest) -> UserInfo? {
        guard adminToken != nil else { return .admin }
        guard let header = request.headers["authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        // Only tokens meant for the API server itself: one minted for other audiences
        // (`spec.audiences: [vault]`) is for TokenReview by those, not for API requests.
        if case .authenticated(let user, let audiences) = review(token), audiences.contains(where: Self.defaultAudiences.contains) {
            return user
        }
        return nil
    }

    /// Who `token` stands for (what TokenReview answers).
    func review(_ token: String) -> Outcome {
        if let adminToken, !token.isEmpty, token == adminToken {
            return .authenticated(.admin, audiences: Self.defaultAudiences)
        }
        guard let grant = tokens.grant(for: token) else { return .failed("invalid bearer token") }
        // A token dies with its ServiceAccount: deleted, or deleted and created again (another uid).
        let account = store.get(ResourceKey(group: "", plural: "serviceaccounts"),
                                ObjectKey(namespace: grant.namespace, name: grant.serviceAccount))
        guard let account, account["metadata"]["uid"].stringValue == grant.uid,
              account["metadata"]["deletionTimestamp"] == .null else {
            return .failed("invalid bearer token, service account \(grant.namespace)/\(grant.serviceAccount) has been deleted or recreated")
        }
        return .authenticated(.serviceAccount(namespace: grant.namespace, name: grant.serviceAccount, uid: grant.uid),
                              audiences: grant.audiences)
    }
}
