import Foundation
import Synchronization

/// ServiceAccount tokens the TokenRequest API minted. Tokens are opaque
/// random strings (a real server signs JWTs; nothing here needs to read
/// claims from a token itself), remembered with what they were bound to.
final class TokenRegistry: Sendable {
    struct Grant: Sendable {
        var namespace: String
        var serviceAccount: String
        /// The ServiceAccount's uid when minted: a recreated ServiceAccount does not inherit tokens.
        var uid: String
        var expires: Date
        var audiences: [String]
    }

    private let grants = Mutex<[String: Grant]>([:])

    /// A new token for `grant`.
    func mint(_ grant: Grant) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "kts-sa." + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        grants.withLock { grants in
            // Expired grants go as new ones come, so a long test run does not accumulate them.
            let now = Date.now
            grants = grants.filter { $0.value.expires > now }
            grants[token] = grant
        }
        return token
    }

    /// What `token` was minted for, if it was and has not expired.
    func grant(for token: String, at now: Date = .now) -> Grant? {
        guard let grant = grants.withLock({ $0[token] }), grant.expires > now else { return nil }
        return grant
    }
}
