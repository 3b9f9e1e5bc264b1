import KubeClient
import KubeModel
import KubeTestServer
import Testing

@Suite("Watch")
struct WatchTests {
    @Test("events arrive as they happen: ADDED before the next write, then MODIFIED, DELETED")
    func incremental() async throws {
        try await withServer { server, client in
            let start = try await client.list(.configMaps, namespace: "default")
            let stream = client.watch(.configMaps, namespace: "default", resourceVersion: start.resourceVersion,
                                      allowBookmarks: false, timeoutSeconds: 20)
            var events = stream.makeAsyncIterator()

            _ = try await client.create(.configMaps, namespace: "default", object: configMap("w", data: ["v": "1"]))
            let added = try await events.next()
            #expect(added?.type == .added)
            #expect(added?.object["metadata"]["name"] == "w")
            // Only now, with ADDED in hand, is the next change made.
            let writesBefore = server.requests.all.filter(\.isWrite).count
            #expect(writesBefore == 1)

            _ = try await client.patch(.configMaps, namespace: "default", name: "w", patch: ["data": ["v": "2"]], type: .merge)
            let modified = try await events.next()
            #expect(modified?.type == .modified)
            #expect(modified?.object["data"]["v"] == "2")
            #expect(modified?.resourceVersion != nil)

            _ = try await client.delete(.configMaps, namespace: "default", name: "w")
            let deleted = try await events.next()
            #expect(deleted?.type == .deleted)
        }
    }

    @Test("without a resourceVersion the current objects come first; selectors apply")
    func initialStateAndSelectors() async throws {
        try await withServer { _, client in
            _ = try await client.create(.configMaps, namespace: "default", object: configMap("a", labels: ["team": "net"]))
            _ = try await client.create(.configMaps, namespace: "default", object: configMap("b", labels: ["team": "web"]))
            var events = client.watch(.configMaps, namespace: nil, resourceVersion: nil, labelSelector: "team=net",
                                      allowBookmarks: false, timeoutSeconds: 20).makeAsyncIterator()
            let first = try await events.next()
            #expect(first?.type == .added)
            #expect(first?.object["metadata"]["name"] == "a")
            _ = try await client.create(.configMaps, namespace: "default", object: configMap("c", labels: ["team": "net"]))
            let second = try await events.next()
            #expect(second?.object["metadata"]["name"] == "c")
        }
    }

    @Test("bookmarks arrive with a short bookmark interval")
    func bookmarks() async throws {
        var options = KubeTestServer.Options()
        options.bookmarkInterval = .milliseconds(100)
        try await withServer(options) { _, client in
            let start = try await client.list(.configMaps, namespace: "default")
            var events = client.watch(.configMaps, namespace: "default", resourceVersion: start.resourceVersion,
                                      timeoutSeconds: 10).makeAsyncIterator()
            let clock = ContinuousClock()
            let began = clock.now
            let event = try await events.next()
            #expect(event?.type == .bookmark)
            #expect(event?.resourceVersion?.isEmpty == false)
            #expect(clock.now - began < .seconds(9), "before the watch's own 10 s timeout")
        }
    }

    @Test("a resourceVersion older than the history: an ERROR event with 410 (isGone)")
    func gone() async throws {
        try await withServer { server, client in
            let start = try await client.list(.configMaps, namespace: "default")
            _ = try await client.create(.configMaps, namespace: "default", object: configMap("x"))
            _ = try await client.create(.configMaps, namespace: "default", object: configMap("y"))
            server.compactHistory()
            var events = client.watch(.configMaps, namespace: "default", resourceVersion: start.resourceVersion,
                                      timeoutSeconds: 10).makeAsyncIterator()
            let event = try await events.next()
            #expect(event?.type == .error)
            let error = try #require(event?.error)
            #expect(error.isGone)
            #expect(error.reason == "Expired")
            #expect(!error.isRetryable)
            #expect(try await events.next() == nil)
        }
    }

    @Test("a refused watch ends the stream with the KubeError")
    func refused() async throws {
        try await withServer { server, client in
            let unknown = ResourceDescriptor(group: "example.com", version: "v1", plural: "nothings", kind: "Nothing", namespaced: true)
            do {
                for try await _ in client.watch(unknown, namespace: "default", resourceVersion: nil) {
                    Issue.record("no event expected")
                }
                Issue.record("the stream should have thrown")
            } catch let error as KubeError {
                #expect(error.isNotFound)
            }
            // Watches are not retried, even on a retryable failure.
            server.failNextRequests(1, code: 503)
            let before = client.requestCount
            do {
                for try await _ in client.watch(.configMaps, namespace: "default", resourceVersion: nil, timeoutSeconds: 5) {}
                Issue.record("the stream should have thrown")
            } catch let error as KubeError {
                #expect(error.code == 503)
                #expect(error.isRetryable)
            }
            #expect(client.requestCount - before == 1)
        }
    }

    @Test("the server ending the watch (timeoutSeconds) finishes the stream")
    func serverTimeout() async throws {
        try await withServer { _, client in
            var count = 0
            for try await event in client.watch(.namespaces, namespace: nil, resourceVersion: nil, allowBookmarks: false,
                                                timeoutSeconds: 1) {
                #expect(event.type == .added)
                count += 1
            }
            #expect(count >= 4)
        }
    }

    @Test("cancelling the consumer cancels the request; a restart ends the stream")
    func cancellation() async throws {
        try await withServer { server, client in
            let consumer = Task {
                var seen = 0
                for try await _ in client.watch(.configMaps, namespace: "default", resourceVersion: nil, allowBookmarks: false) {
                    seen += 1
                }
                return seen
            }
            try await Task.sleep(for: .milliseconds(200))
            let clock = ContinuousClock()
            let began = clock.now
            consumer.cancel()
            _ = try? await consumer.value
            #expect(clock.now - began < .seconds(15), "cancellation ends the request rather than waiting out the watch")

            // The watch connection is gone: the client still works normally.
            _ = try await client.list(.configMaps, namespace: "default")

            // Leaving the loop early drops the stream, which cancels the request too.
            _ = try await client.create(.configMaps, namespace: "default", object: configMap("one"))
            for try await event in client.watch(.configMaps, namespace: "default", resourceVersion: nil, allowBookmarks: false) {
                #expect(event.type == .added)
                break
            }
            _ = try await client.list(.configMaps, namespace: "default")

            // A dropped connection finishes (or fails) the stream rather than hanging.
            let stream = client.watch(.configMaps, namespace: "default", resourceVersion: nil, allowBookmarks: false)
            let reader = Task {
                do {
                    for try await _ in stream {}
                    return true
                } catch {
                    return true
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            try await server.restart()
            #expect(await reader.value)
        }
    }
}
