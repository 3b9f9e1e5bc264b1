import Logging
@testable import OperatorShell
import Synchronization
import Testing

/// Who may read /metrics: the decisions from TokenReview and
/// SubjectAccessReview answers (a fake reviewer), and their cache.
@Suite struct MetricsAccessTests {
    struct ReviewFailed: Error {}

    /// Tokens it knows, users it allows, and every question it was asked.
    final class FakeReviewer: AccessReviewer {
        private struct State {
            var users: [String: ReviewedUser] = [:]
            var readers: Set<String> = []
            var failing = false
            var authentications = 0
            var authorizations: [(user: ReviewedUser, verb: String, path: String)] = []
        }

        private let state = Mutex(State())

        func addUser(token: String, _ user: ReviewedUser, reader: Bool) {
            state.withLock {
                $0.users[token] = user
                if reader { $0.readers.insert(user.username) }
            }
        }

        func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
        var authentications: Int { state.withLock { $0.authentications } }
        var authorizations: [(user: ReviewedUser, verb: String, path: String)] { state.withLock { $0.authorizations } }

        func authenticate(token: String) async throws -> ReviewedUser? {
            try state.withLock {
                $0.authentications += 1
                if $0.failing { throw ReviewFailed() }
                return $0.users[token]
            }
        }

        func authorize(_ user: ReviewedUser, verb: String, path: String) async throws -> Bool {
            try state.withLock {
                $0.authorizations.append((user, verb, path))
                if $0.failing { throw ReviewFailed() }
                return $0.readers.contains(user.username)
            }
        }
    }

    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(by duration: Duration) { instant.withLock { $0 += duration } }
    }

    let reviewer = FakeReviewer()
    let clock = ManualClock()
    let prometheus = ReviewedUser(
        username: "system:serviceaccount:monitoring:prometheus", uid: "1234",
        groups: ["system:serviceaccounts", "system:authenticated"], extra: ["authentication.kubernetes.io/pod-name": ["prometheus-0"]])

    func makeAccess(capacity: Int = 256) -> MetricsAccess {
        reviewer.addUser(token: "reader-token", prometheus, reader: true)
        reviewer.addUser(token: "other-token", ReviewedUser(username: "someone"), reader: false)
        let clock = self.clock
        return MetricsAccess(reviewer: reviewer, allowedTTL: .seconds(30), deniedTTL: .seconds(10), capacity: capacity,
                             now: { clock.now }, logger: Logger(label: "test"))
    }

    @Test func aReaderIsAllowedAfterBothReviews() async {
        let access = makeAccess()
        #expect(await access.decide(authorization: "Bearer reader-token") == .allowed)
        let asked = reviewer.authorizations
        #expect(asked.count == 1)
        #expect(asked.first?.user == prometheus, "the whole user (uid, groups, extra) is authorized")
        #expect(asked.first?.verb == "get" && asked.first?.path == "/metrics")
    }

    @Test func noTokenOrAnotherSchemeIsUnauthenticatedWithoutAsking() async {
        let access = makeAccess()
        for header in [nil, "", "Bearer", "Bearer   ", "Basic dXNlcjpwYXNz", "reader-token"] {
            #expect(await access.decide(authorization: header) == .unauthenticated, "\(header ?? "nil")")
        }
        #expect(reviewer.authentications == 0)
    }

    @Test func theSchemeIsCaseInsensitive() async {
        let access = makeAccess()
        #expect(await access.decide(authorization: "bearer reader-token") == .allowed)
    }

    @Test func anUnknownTokenIsUnauthenticated() async {
        let access = makeAccess()
        #expect(await access.decide(authorization: "Bearer forged") == .unauthenticated)
        #expect(reviewer.authorizations.isEmpty, "no SubjectAccessReview for a token that is not valid")
    }

    @Test func aUserWithoutTheRightIsForbidden() async {
        let access = makeAccess()
        #expect(await access.decide(authorization: "Bearer other-token") == .forbidden)
    }

    @Test func anAPIServerFailureFailsAndIsNotCached() async {
        let access = makeAccess()
        reviewer.setFailing(true)
        #expect(await access.decide(authorization: "Bearer reader-token") == .failed)
        #expect(access.cachedKeys.isEmpty)
        reviewer.setFailing(false)
        #expect(await access.decide(authorization: "Bearer reader-token") == .allowed)
    }

    @Test func decisionsAreCachedUntilTheyExpire() async {
        let access = makeAccess()
        #expect(await access.decide(authorization: "Bearer reader-token") == .allowed)
        #expect(await access.decide(authorization: "Bearer other-token") == .forbidden)
        #expect(reviewer.authentications == 2)

        clock.advance(by: .seconds(9))
        #expect(await access.decide(authorization: "Bearer reader-token") == .allowed)
        #expect(await access.decide(authorization: "Bearer other-token") == .forbidden)
        #expect(reviewer.authentications == 2, "both answered from the cache")

        // Denials last 10 s, grants 30 s.
        clock.advance(by: .seconds(2))
        #expect(await access.decide(authorization: "Bearer other-token") == .forbidden)
        #expect(await access.decide(authorization: "Bearer reader-token") == .allowed)
        #expect(reviewer.authentications == 3, "only the denial was reviewed again")

        clock.advance(by: .seconds(20))
        reviewer.setFailing(true)
        #expect(await access.decide(authorization: "Bearer reader-token") == .failed, "the grant expired: asked again")
    }

    @Test func theCacheIsBounded() async {
        let access = makeAccess(capacity: 3)
        for index in 0..<10 {
            #expect(await access.decide(authorization: "Bearer unknown-\(index)") == .unauthenticated)
            clock.advance(by: .milliseconds(10))
        }
        #expect(access.cachedKeys.count == 3)
        // The newest entries stay.
        let before = reviewer.authentications
        #expect(await access.decide(authorization: "Bearer unknown-9") == .unauthenticated)
        #expect(reviewer.authentications == before)
    }

    @Test func tokensAreNotKeptInTheClear() async {
        let access = makeAccess()
        let token = "reader-token"
        #expect(await access.decide(authorization: "Bearer \(token)") == .allowed)
        let keys = access.cachedKeys
        #expect(keys.count == 1)
        for key in keys {
            #expect(key.count == 32, "a SHA-256 digest")
            #expect(key != Array(token.utf8))
            #expect(key != SHA256.hash(token.utf8), "salted")
            #expect(!String(decoding: key, as: UTF8.self).contains(token))
        }
    }
}

@Suite struct SHA256Tests {
    func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The FIPS 180-2 examples, plus lengths around the padding boundary.
    @Test func knownDigests() {
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.hash("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let padding = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
        ]
        for (length, digest) in padding {
            #expect(hex(SHA256.hash([UInt8](repeating: 0x61, count: length))) == digest, "\(length) bytes")
        }
    }
}
