import KubeRuntime
import KubeRuntimeTesting
import Synchronization
import Testing

/// The queue reports what client-go's workqueue reports, at the same points:
/// an add of a key not already waiting, the wait of a taken key, the work
/// until done, and every delayed add as a retry.
@Suite struct WorkQueueMetricsTests {
    /// Records the reports as (event, depth after it) and durations.
    final class Recorder: WorkQueueMetrics {
        enum Event: Equatable {
            case added
            case started(waited: Duration)
            case finished(worked: Duration)
            case retried
        }

        let events = Mutex<[Event]>([])
        var all: [Event] { events.withLock { $0 } }
        /// The depth the reports add up to, as a `workqueue_depth` gauge would show it.
        var depth: Int {
            all.reduce(0) { depth, event in
                switch event {
                case .added: depth + 1
                case .started: depth - 1
                default: depth
                }
            }
        }

        func added() { events.withLock { $0.append(.added) } }
        func started(waited: Duration) { events.withLock { $0.append(.started(waited: waited)) } }
        func finished(worked: Duration) { events.withLock { $0.append(.finished(worked: worked)) } }
        func retried() { events.withLock { $0.append(.retried) } }
    }

    @Test func addsWaitsAndWorkAreReportedOncePerKey() async {
        let clock = ManualClock()
        let recorder = Recorder()
        let queue = WorkQueue<String>(clock: ElapsedClock(clock), metrics: recorder)
        queue.add("a")
        queue.add("a")
        queue.add("b")
        #expect(recorder.all == [.added, .added], "a key already waiting is not added again")
        #expect(recorder.depth == queue.depth)

        clock.advance(by: .seconds(2))
        #expect(await queue.next() == "a")
        #expect(recorder.all.last == .started(waited: .seconds(2)))
        queue.add("a")
        #expect(recorder.all.last == .added, "added while processed: it waits to run again")
        #expect(recorder.depth == 2, "b, and a again")

        clock.advance(by: .seconds(3))
        queue.done("a")
        #expect(recorder.all.last == .finished(worked: .seconds(3)))
        #expect(recorder.all.filter { $0 == .added }.count == 3, "queued again by done without a second add")
        #expect(await queue.next() == "b")
        #expect(await queue.next() == "a")
        #expect(recorder.all.last == .started(waited: .seconds(3)), "a waited from its add during processing")
        #expect(recorder.depth == 0)
    }

    @Test func aKeyHandedToAParkedWorkerWaitedNothing() async throws {
        let recorder = Recorder()
        let queue = WorkQueue<Int>(metrics: recorder)
        async let taken = queue.next()
        try await Task.sleep(for: .milliseconds(50))
        queue.add(7)
        #expect(await taken == 7)
        #expect(recorder.all == [.added, .started(waited: .zero)])
    }

    @Test func everyDelayedAddIsARetry() async throws {
        let clock = ManualClock()
        let recorder = Recorder()
        let queue = WorkQueue<String>(clock: ElapsedClock(clock), metrics: recorder)
        queue.add("now", after: .zero)
        queue.add("later", after: .seconds(1))
        queue.retry("failed")
        #expect(recorder.all == [.retried, .added, .retried, .retried], "the zero delay is added at once")
        queue.shutDown()
        queue.add("late", after: .seconds(1))
        #expect(recorder.all.count == 4, "nothing after shutdown")
    }
}
