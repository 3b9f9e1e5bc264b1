#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeModel
import Synchronization

/// The bearer token for each request. A token file (a projected service
/// account token the kubelet rotates) is re-read at most once a minute, or at
/// once when the server answers 401; the last good token is kept while the
/// file is briefly missing.
final class TokenSource: Sendable {
    private enum Source {
        case none
        case fixed(String)
        case file(String)
    }

    private struct Cache {
        var token: String?
        var readAt: ContinuousClock.Instant?
    }

    private let source: Source
    private let refreshInterval: Duration
    private let cache = Mutex(Cache())

    init(_ credentials: KubeConfiguration.Credentials, refreshInterval: Duration = .seconds(60)) {
        switch credentials {
        case .none: source = .none
        case .token(let token): source = .fixed(token)
        case .tokenFile(let path): source = .file(path)
        }
        self.refreshInterval = refreshInterval
    }

    /// The token to send now, nil for none.
    func token() throws(KubeError) -> String? {
        switch source {
        case .none: return nil
        case .fixed(let token): return token
        case .file(let path):
            let now = ContinuousClock.now
            let cached = cache.withLock { cache -> String? in
                guard let token = cache.token, let readAt = cache.readAt, now - readAt < refreshInterval else { return nil }
                return token
            }
            if let cached { return cached }
            return try reload(path)
        }
    }

    /// After a 401 answered `used`: re-reads the file; true when the token
    /// changed, so that the request is worth sending again.
    func refreshAfterUnauthorized(used: String?) -> Bool {
        guard case .file(let path) = source else { return false }
        guard let fresh = try? reload(path) else { return false }
        return fresh != used
    }

    private func reload(_ path: String) throws(KubeError) -> String {
        let read = FileManager.default.contents(atPath: path)
            .map { String(decoding: $0, as: UTF8.self).trimmingWhitespace() }
        let now = ContinuousClock.now
        return try cache.withLock { cache throws(KubeError) -> String in
            if let read, !read.isEmpty {
                cache.token = read
                cache.readAt = now
                return read
            }
            // Keep the last token while the file is being replaced.
            if let token = cache.token { return token }
            throw .invalidRequest("cannot read the bearer token file \(path)")
        }
    }
}
