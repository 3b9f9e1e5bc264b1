import Foundation
import KubeClient
import JSONValues
import KubeModel
import KubeRuntime
import KubeTestServer
import Logging
import Synchronization
import Testing

/// The watcher and the leader elector against the Kubernetes API test server
/// over HTTPS: restarts, expired history, lease handover.
@Suite struct WatcherAndLeaseTests {
    static func client(_ server: KubeTestServer) -> KubeClient {
        let configuration = KubeConfiguration(server: server.url, certificateAuthorityPEM: server.certificateAuthority?.certificatePEM,
                                              credentials: .token(server.token ?? ""))
        return KubeClient(configuration: configuration, userAgent: "runtime-tests",
                          retryPolicy: RetryPolicy(maxAttempts: 2, backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(100))),
                          logger: Logger(label: "test"))
    }

    static func configMap(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "default"], "data": ["k": "v"]]
    }

    /// Collects watcher output into a cache until `condition` holds (or fails after a deadline).
    static func eventually(_ what: String, timeout: Duration = .seconds(15), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw WatchFailure(what: what) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct WatchFailure: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    @Test func theWatcherListsWatchesAndRecoversFromRestartsAndExpiredHistory() async throws {
        let server = try await KubeTestServer.start()
        let client = Self.client(server)
        _ = try await client.create(.configMaps, namespace: "default", object: Self.configMap("before"))
        let cache = ObjectCache()
        let restarts = Shared(0)
        let watcher = Watcher(client: client, resource: .configMaps, namespace: "default",
                              backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(200)), logger: Logger(label: "test"))
        let consumer = Task {
            for await event in watcher.events() {
                if case .restarted = event { restarts.withLock { $0 += 1 } }
                cache.apply(event)
            }
        }
        try await Self.eventually("the initial list") { cache.get(namespace: "default", name: "before") != nil }
        #expect(restarts.withLock { $0 } == 1)

        _ = try await client.create(.configMaps, namespace: "default", object: Self.configMap("live"))
        try await Self.eventually("a live ADDED") { cache.get(namespace: "default", name: "live") != nil }

        // A restart drops the watch: the watcher resumes from its resourceVersion (no relist needed).
        try await server.restart()
        _ = try await client.create(.configMaps, namespace: "default", object: Self.configMap("after-restart"))
        try await Self.eventually("a change after the restart") { cache.get(namespace: "default", name: "after-restart") != nil }

        // Expired history: a change elsewhere moves the revision past the watcher's,
        // the history is compacted, and the watch dropped; resuming gets 410 and the watcher relists.
        _ = try await client.create(.secrets, namespace: "default",
                                    object: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "elsewhere", "namespace": "default"]])
        server.compactHistory()
        try await server.restart()
        _ = try await client.delete(.configMaps, namespace: "default", name: "live")
        try await Self.eventually("the relist after 410") { cache.get(namespace: "default", name: "live") == nil }
        #expect(restarts.withLock { $0 } >= 2, "a relist happened")

        consumer.cancel()
        try await client.shutdown()
        await server.shutdown()
    }

    @Test func oneLeaderAtATimeAndHandoverOnRelease() async throws {
        let server = try await KubeTestServer.start()
        let clients = [Self.client(server), Self.client(server)]
        let leading = Shared<[String]>([])
        func elector(_ index: Int) -> LeaderElector {
            var configuration = LeaderElector.Configuration(namespace: "default", name: "test-leader", identity: "replica-\(index)")
            configuration.leaseDuration = .seconds(2)
            configuration.renewDeadline = .milliseconds(1500)
            configuration.retryPeriod = .milliseconds(200)
            return LeaderElector(client: clients[index], configuration: configuration, logger: Logger(label: "test"))
        }
        let electors = [elector(0), elector(1)]
        var tasks: [Task<Void, Never>] = []
        for index in 0..<2 {
            let elector = electors[index]
            tasks.append(Task {
                await elector.run {
                    leading.withLock { $0.append("replica-\(index)") }
                    while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
                }
            })
        }
        try await Self.eventually("a leader") { !leading.withLock { $0 }.isEmpty }
        try await Task.sleep(for: .seconds(3))
        let first = try #require(leading.withLock { $0.first })
        #expect(leading.withLock { $0 } == [first], "the other replica never led while the lease was renewed")
        #expect(electors.filter(\.isLeader).count == 1)
        let lease = try await clients[0].get(.leases, namespace: "default", name: "test-leader")
        #expect(lease["spec"]["holderIdentity"].stringValue == first)

        // The leader stops (gracefully): it releases the lease and the other takes over quickly.
        let leaderIndex = first == "replica-0" ? 0 : 1
        tasks[leaderIndex].cancel()
        await tasks[leaderIndex].value
        try await Self.eventually("the handover", timeout: .seconds(5)) { leading.withLock { $0 }.count == 2 }
        let after = try await clients[0].get(.leases, namespace: "default", name: "test-leader")
        #expect(after["spec"]["holderIdentity"].stringValue == "replica-\(1 - leaderIndex)")
        #expect(after["spec"]["leaseTransitions"].intValue ?? 0 >= 1)

        tasks[1 - leaderIndex].cancel()
        await tasks[1 - leaderIndex].value
        for client in clients { try await client.shutdown() }
        await server.shutdown()
    }

    @Test func aLeaderThatCannotRenewStopsLeading() async throws {
        let server = try await KubeTestServer.start()
        let client = Self.client(server)
        var configuration = LeaderElector.Configuration(namespace: "default", name: "fragile", identity: "only")
        configuration.leaseDuration = .seconds(2)
        configuration.renewDeadline = .milliseconds(600)
        configuration.retryPeriod = .milliseconds(100)
        let elector = LeaderElector(client: client, configuration: configuration, logger: Logger(label: "test"))
        let stopped = Shared(false)
        let task = Task {
            await elector.run {
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                stopped.withLock { $0 = true }
            }
        }
        try await Self.eventually("leadership") { elector.isLeader }
        // Every request fails for a while: renewal fails past the deadline.
        server.failNextRequests(1000, code: 503)
        try await Self.eventually("leading work cancelled", timeout: .seconds(5)) { stopped.withLock { $0 } }
        server.failNextRequests(0)
        task.cancel()
        await task.value
        try await client.shutdown()
        await server.shutdown()
    }
}

/// A value shared between tasks (a Mutex that closures can capture).
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout sending Value) -> sending Result) -> sending Result { mutex.withLock(body) }
}
