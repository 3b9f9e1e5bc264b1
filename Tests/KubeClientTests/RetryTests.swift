import Foundation
import KubeClient
import KubeModel
import KubeTestServer
import Testing

@Suite("Retries and authentication")
struct RetryTests {
    @Test("two 500s: the get succeeds on the third attempt")
    func retriesServerErrors() async throws {
        try await withServer { server, client in
            server.failNextRequests(2, code: 500)
            let before = client.requestCount
            let namespace = try await client.get(.namespaces, namespace: nil, name: "default")
            #expect(namespace["metadata"]["name"] == "default")
            #expect(client.requestCount - before == 3)
        }
    }

    @Test("writes are retried too")
    func retriesWrites() async throws {
        try await withServer { server, client in
            server.failNextRequests(1, code: 503)
            _ = try await client.create(.configMaps, namespace: "default", object: configMap("retried"))
            #expect(server.requests.all.filter { $0.method == "POST" }.map(\.status) == [503, 201])
        }
    }

    @Test("persistent 503s: fails after the policy's attempts, as retryable")
    func givesUp() async throws {
        let policy = RetryPolicy(maxAttempts: 3, backoff: Backoff(initial: .milliseconds(1), maximum: .milliseconds(5)))
        try await withServer(retryPolicy: policy) { server, client in
            server.failNextRequests(10, code: 503)
            let before = client.requestCount
            let error = await expectKubeError { () async throws(KubeError) in
                try await client.get(.namespaces, namespace: nil, name: "default")
            }
            #expect(error?.isRetryable == true)
            #expect(error?.code == 503)
            #expect(client.requestCount - before == 3)
        }
    }

    @Test("429 waits the Retry-After the server asks for")
    func honoursRetryAfter() async throws {
        try await withServer { server, client in
            server.failNextRequests(1, code: 429)
            let clock = ContinuousClock()
            let began = clock.now
            _ = try await client.get(.namespaces, namespace: nil, name: "default")
            let elapsed = clock.now - began
            #expect(elapsed >= .milliseconds(950))
            #expect(elapsed < .seconds(30), "waited once, not repeatedly")
            let statuses = server.requests.all.suffix(2).map(\.status)
            #expect(statuses == [429, 200])
        }
    }

    @Test("transport failures are retryable; a slow answer times out")
    func transport() async throws {
        let server = try await KubeTestServer.start(logger: testLogger)
        let stopped = try configuration(for: server)
        await server.shutdown()
        let client = KubeClient(configuration: stopped,
                                retryPolicy: RetryPolicy(maxAttempts: 2, backoff: Backoff(initial: .milliseconds(1))),
                                logger: testLogger)
        let error = await expectKubeError { () async throws(KubeError) in
            try await client.get(.namespaces, namespace: nil, name: "default")
        }
        #expect(error?.kind == .transport)
        #expect(error?.isRetryable == true)
        #expect(client.requestCount == 2)
        #expect(error?.description.contains("GET /api/v1/namespaces/default") == true)
        try await client.shutdown()

        let slow = try await KubeTestServer.start(logger: testLogger)
        slow.setResponseDelay(.seconds(2))
        let impatient = KubeClient(configuration: try configuration(for: slow), retryPolicy: .never,
                                   requestTimeout: .milliseconds(300), logger: testLogger)
        let timedOut = await expectKubeError { () async throws(KubeError) in
            try await impatient.get(.namespaces, namespace: nil, name: "default")
        }
        #expect(timedOut?.kind == .transport)
        try await impatient.shutdown()
        await slow.shutdown()
    }

    @Test("a wrong token is a 401; a rotated token file is re-read after a 401")
    func tokenFileRotation() async throws {
        let server = try await KubeTestServer.start(logger: testLogger)
        let directory = try temporaryDirectory("token")
        let tokenPath = directory + "/token"
        try write("wrong-token\n", to: tokenPath)
        var rotating = try configuration(for: server)
        rotating.credentials = .tokenFile(tokenPath)
        let client = KubeClient(configuration: rotating, retryPolicy: fastRetries, logger: testLogger)

        let unauthorized = await expectKubeError { () async throws(KubeError) in
            try await client.get(.namespaces, namespace: nil, name: "default")
        }
        #expect(unauthorized?.isUnauthorized == true)
        #expect(unauthorized?.isRetryable == false)

        try write((server.token ?? "") + "\n", to: tokenPath)
        let before = client.requestCount
        let namespace = try await client.get(.namespaces, namespace: nil, name: "default")
        #expect(namespace["metadata"]["name"] == "default")
        // The cached (wrong) token got a 401, the file was re-read, the request sent again.
        #expect(client.requestCount - before == 2)
        // From then on the new token is used directly.
        _ = try await client.get(.namespaces, namespace: nil, name: "default")
        #expect(client.requestCount - before == 3)

        // Watches re-read it too.
        try write("wrong-token\n", to: tokenPath)
        let watcher = KubeClient(configuration: rotating, retryPolicy: fastRetries, logger: testLogger)
        _ = await expectKubeError { () async throws(KubeError) in try await watcher.get(.namespaces, namespace: nil, name: "default") }
        try write((server.token ?? "") + "\n", to: tokenPath)
        var events = watcher.watch(.namespaces, namespace: nil, resourceVersion: nil, allowBookmarks: false, timeoutSeconds: 5)
            .makeAsyncIterator()
        #expect(try await events.next()?.type == .added)
        try await watcher.shutdown()

        try await client.shutdown()
        await server.shutdown()
    }
}
