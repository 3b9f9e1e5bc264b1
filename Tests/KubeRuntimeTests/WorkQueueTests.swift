import KubeClient
import KubeRuntime
import Synchronization
import Testing

@Suite struct WorkQueueTests {
    @Test func aKeyIsQueuedOnceAndHandedToOneWorkerAtATime() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        queue.add("a")
        queue.add("b")
        #expect(queue.depth == 2, "duplicates collapse")
        let first = await queue.next()
        #expect(first == "a")
        queue.add("a")
        #expect(queue.depth == 1, "a key being processed is not queued again yet")
        let second = await queue.next()
        #expect(second == "b")
        queue.done("a")
        #expect(queue.depth == 1, "added while processing: queued again when done")
        let third = await queue.next()
        #expect(third == "a")
        queue.done("a")
        queue.done("b")
        #expect(queue.depth == 0)
    }

    @Test func waitingWorkersWakeOnAddAndOnShutdown() async {
        let queue = WorkQueue<Int>()
        async let waiting = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        queue.add(7)
        #expect(await waiting == 7)
        async let stopped = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        queue.shutDown()
        #expect(await stopped == nil)
        queue.add(8)
        #expect(queue.depth == 0, "adds after shutdown are ignored")
    }

    @Test func retriesBackOffPerKeyAndForgetResets() async {
        let queue = WorkQueue<String>(retryBackoff: Backoff(initial: .milliseconds(40), maximum: .seconds(1), multiplier: 2, jitter: .none))
        let start = ContinuousClock.now
        queue.retry("k")
        #expect(await queue.next() == "k")
        queue.done("k")
        let first = ContinuousClock.now - start
        queue.retry("k")
        #expect(await queue.next() == "k")
        queue.done("k")
        let second = ContinuousClock.now - start - first
        #expect(first >= .milliseconds(40))
        #expect(second >= .milliseconds(80), "the second failure waits twice as long")
        #expect(queue.failures(of: "k") == 2)
        queue.forget("k")
        #expect(queue.failures(of: "k") == 0, "forget resets the backoff")
        queue.retry("k")
        #expect(queue.failures(of: "k") == 1, "the next failure starts again from the initial delay")
        #expect(await queue.next() == "k")
    }
}

@Suite struct ObjectCacheTests {
    @Test func appliesEventsAndKeepsTheNewerOfAWriteAndAWatchEvent() {
        let cache = ObjectCache()
        #expect(!cache.isSynced)
        cache.apply(.restarted([["metadata": ["name": "a", "namespace": "n", "resourceVersion": "5"]]]))
        #expect(cache.isSynced)
        #expect(cache.get(namespace: "n", name: "a")?["metadata"]["resourceVersion"] == "5")
        cache.apply(.applied(["metadata": ["name": "a", "namespace": "n", "resourceVersion": "9"]]))
        cache.applyOwnWrite(["metadata": ["name": "a", "namespace": "n", "resourceVersion": "7"]])
        #expect(cache.get("n/a")?["metadata"]["resourceVersion"] == "9", "a stale write answer does not win")
        cache.applyOwnWrite(["metadata": ["name": "a", "namespace": "n", "resourceVersion": "12"]])
        #expect(cache.get("n/a")?["metadata"]["resourceVersion"] == "12")
        cache.apply(.deleted(["metadata": ["name": "a", "namespace": "n"]]))
        #expect(cache.count == 0)
        cache.apply(.applied(["metadata": ["name": "node-1"]]))
        #expect(cache.get(namespace: nil, name: "node-1") != nil)
    }
}
