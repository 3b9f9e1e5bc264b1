import KubeClient
import KubeRuntime
import KubeRuntimeTesting
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

    @Test func retriesBackOffPerKeyAndForgetResets() async throws {
        let queue = WorkQueue<String>(retryBackoff: Backoff(initial: .milliseconds(40), maximum: .seconds(1), multiplier: 2, jitter: .none))
        try await withTimers(of: queue) {
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

/// Delayed adds on a manual clock: one timer loop, no sleeping in the test.
@Suite struct WorkQueueTimerTests {
    static func queue(_ clock: ManualClock) -> WorkQueue<String> {
        WorkQueue<String>(retryBackoff: Backoff(initial: .seconds(1), maximum: .seconds(4), jitter: .none), clock: ElapsedClock(clock))
    }

    @Test func aDelayedKeyArrivesWhenItsTimeComesAndNotBefore() async throws {
        let clock = ManualClock()
        let queue = Self.queue(clock)
        try await withTimers(of: queue) {
            queue.add("late", after: .seconds(10))
            try await waitUntil { clock.sleeperCount == 1 }
            clock.advance(by: .seconds(9))
            try await waitUntil { clock.sleeperCount == 1 }
            #expect(queue.depth == 0)
            clock.advance(by: .seconds(1))
            #expect(await queue.next() == "late")
        }
    }

    @Test func anEarlierDelayWakesTheTimerAndTheEarlierOfTwoAddsOfAKeyWins() async throws {
        let clock = ManualClock()
        let queue = Self.queue(clock)
        try await withTimers(of: queue) {
            queue.add("a", after: .seconds(60))
            try await waitUntil { clock.sleeperCount == 1 }
            queue.add("b", after: .seconds(5))
            queue.add("a", after: .seconds(5))
            queue.add("a", after: .seconds(30))
            clock.advance(by: .seconds(5))
            let first = await queue.next()
            let second = await queue.next()
            #expect(Set([first, second]) == ["a", "b"])
            queue.done("a")
            queue.done("b")
            clock.advance(by: .seconds(60))
            try await waitUntil { clock.sleeperCount == 0 }
            #expect(queue.depth == 0, "the later add of a was superseded")
        }
    }

    @Test func retriesDoubleOnTheClock() async throws {
        let clock = ManualClock()
        let queue = Self.queue(clock)
        try await withTimers(of: queue) {
            for expected in [1, 2, 4, 4] {
                queue.retry("k")
                try await waitUntil { clock.sleeperCount == 1 }
                clock.advance(by: .seconds(expected) - .milliseconds(1))
                try await waitUntil { clock.sleeperCount == 1 }
                #expect(queue.depth == 0, "not before \(expected) s")
                clock.advance(by: .milliseconds(1))
                #expect(await queue.next() == "k")
                queue.done("k")
            }
        }
    }

    @Test func shutdownEndsTheTimerLoop() async {
        let queue = Self.queue(ManualClock())
        async let timers: Void = queue.runTimers()
        queue.add("x", after: .seconds(1))
        queue.shutDown()
        await timers
    }
}

/// Runs `body` while the queue's timer loop runs; stops the loop after.
func withTimers<Key>(of queue: WorkQueue<Key>, _ body: () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await queue.runTimers() }
        try await body()
        group.cancelAll()
    }
}

/// Yields until `condition` holds (another task reached its next await); fails after many tries.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<100_000 where !condition() { await Task.yield() }
    try #require(condition())
}

@Suite struct WorkQueueCancellationTests {
    @Test func aCancelledWorkerGetsNilAndTheQueueKeepsWorking() async {
        let queue = WorkQueue<String>()
        let worker = Task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(20))
        worker.cancel()
        #expect(await worker.value == nil)
        queue.add("after")
        #expect(queue.depth == 1, "the key went to the queue, not to the cancelled worker")
        #expect(await queue.next() == "after")
    }

    @Test func aWorkerCancelledBeforeItWaitsGetsNilAtOnce() async {
        let queue = WorkQueue<String>()
        let worker = Task {
            while !Task.isCancelled { await Task.yield() }
            return await queue.next()
        }
        worker.cancel()
        #expect(await worker.value == nil)
    }
}
