public import KubeClient
import Synchronization

/// Keys waiting to be reconciled, as client-go's workqueue: a key is queued at
/// most once, never handed to two workers at the same time, and a key added
/// while it is being processed is processed again afterwards. Delayed adds
/// wait in one timer loop (`runTimers()`, WorkQueue+Timers.swift), not a task each.
/// It reports adds, waits, work and retries to a `WorkQueueMetrics`.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    struct State {
        var queue: [Key] = []
        var head = 0
        var queued: Set<Key> = []
        var processing: Set<Key> = []
        var dirty: Set<Key> = []
        /// Workers parked in `next()`, by a number that lets cancellation find its own.
        var waiters: [(id: Int, continuation: CheckedContinuation<Key?, Never>)] = []
        var nextWaiterID = 0
        var failures: [Key: Int] = [:]
        var isShutDown = false
        /// Delayed keys and when they are due (elapsed time of `clock`).
        var delayed: [Key: Duration] = [:]
        /// The timer loop, parked until the delayed keys change.
        var timerWaiter: CheckedContinuation<Void, Never>?
        var timerChanged = false
        var timerCancelled = false
        /// When each waiting key was added, and when each key in process was taken (elapsed time of `clock`).
        var addedAt: [Key: Duration] = [:]
        var startedAt: [Key: Duration] = [:]
    }

    /// What happened under the lock that the metrics must hear, and the worker to wake.
    struct Outcome {
        var added = false
        var waited: Duration?
        var worked: Duration?
        var waiter: CheckedContinuation<Key?, Never>?
    }

    let state = Mutex(State())
    let clock: ElapsedClock
    let metrics: any WorkQueueMetrics
    private let retryBackoff: Backoff

    public init(
        retryBackoff: Backoff = Backoff(initial: .milliseconds(5), maximum: .seconds(60)), clock: ElapsedClock = .continuous,
        metrics: any WorkQueueMetrics = NoWorkQueueMetrics()
    ) {
        self.retryBackoff = retryBackoff
        self.clock = clock
        self.metrics = metrics
    }

    public func add(_ key: Key) {
        let now = clock.elapsed()
        let outcome = state.withLock { state -> Outcome in
            guard !state.isShutDown else { return Outcome() }
            if state.processing.contains(key) {
                // Runs again after `done`; it waits from now on, as client-go counts it.
                guard state.dirty.insert(key).inserted else { return Outcome() }
                state.addedAt[key] = now
                return Outcome(added: true)
            }
            guard !state.queued.contains(key) else { return Outcome() }
            state.addedAt[key] = now
            var outcome = Self.enqueue(key, now: now, in: &state)
            outcome.added = true
            return outcome
        }
        report(outcome, key: key)
    }

    /// Hands the key to a parked worker, or appends it to the queue.
    private static func enqueue(_ key: Key, now: Duration, in state: inout State) -> Outcome {
        guard !state.waiters.isEmpty else {
            state.queued.insert(key)
            state.queue.append(key)
            return Outcome()
        }
        state.processing.insert(key)
        let waited = state.addedAt.removeValue(forKey: key).map { now - $0 } ?? .zero
        state.startedAt[key] = now
        return Outcome(waited: waited, waiter: state.waiters.removeFirst().continuation)
    }

    /// Tells the metrics, outside the lock, and wakes the worker the key went to.
    private func report(_ outcome: Outcome, key: Key) {
        if outcome.added { metrics.added() }
        if let worked = outcome.worked { metrics.finished(worked: worked) }
        if let waited = outcome.waited { metrics.started(waited: waited) }
        outcome.waiter?.resume(returning: key)
    }

    /// Adds the key after a per-key exponential backoff (a failed reconcile).
    public func retry(_ key: Key) {
        let attempt = state.withLock { state -> Int in
            state.failures[key, default: 0] += 1
            return state.failures[key, default: 1]
        }
        add(key, after: retryBackoff.delay(attempt: attempt))
    }

    /// Failed attempts recorded for the key since it last succeeded.
    public func failures(of key: Key) -> Int {
        state.withLock { $0.failures[key] ?? 0 }
    }

    /// Clears the key's failure count (a reconcile succeeded).
    public func forget(_ key: Key) {
        _ = state.withLock { $0.failures.removeValue(forKey: key) }
    }

    /// The next key to process; nil once the queue is shut down, or when the
    /// waiting task is cancelled (the queue stays usable: a replica that
    /// loses and regains leadership reconciles again with the same queue).
    public func next() async -> Key? {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                let now = clock.elapsed()
                var waited: Duration?
                let key = state.withLock { state -> Key?? in
                    if state.head < state.queue.count {
                        let key = state.queue[state.head]
                        state.head += 1
                        if state.head > 256 && state.head * 2 > state.queue.count {
                            state.queue.removeFirst(state.head)
                            state.head = 0
                        }
                        state.queued.remove(key)
                        state.processing.insert(key)
                        waited = state.addedAt.removeValue(forKey: key).map { now - $0 } ?? .zero
                        state.startedAt[key] = now
                        return .some(key)
                    }
                    // Checked under the lock the cancellation handler takes, so no waiter is left parked.
                    if state.isShutDown || Task.isCancelled { return .some(nil) }
                    state.waiters.append((id, continuation))
                    return .none
                }
                if let waited { metrics.started(waited: waited) }
                if let key { continuation.resume(returning: key) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Key?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Marks the key processed; requeues it if it was added meanwhile.
    public func done(_ key: Key) {
        let now = clock.elapsed()
        let outcome = state.withLock { state -> Outcome in
            state.processing.remove(key)
            let worked = state.startedAt.removeValue(forKey: key).map { now - $0 }
            var outcome = Outcome()
            // Added while it was processed: counted as an add then, so queued again without counting.
            if state.dirty.remove(key) != nil, !state.isShutDown, !state.queued.contains(key) {
                outcome = Self.enqueue(key, now: now, in: &state)
            }
            outcome.worked = worked
            return outcome
        }
        report(outcome, key: key)
    }

    /// Wakes every waiting worker with nil and ends the timer loop; later adds are ignored.
    public func shutDown() {
        let (waiters, timer) = state.withLock { state in
            state.isShutDown = true
            defer { state.waiters = []; state.timerWaiter = nil }
            return (state.waiters, state.timerWaiter)
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
        timer?.resume()
    }

    /// Keys waiting (not counting those being processed).
    public var depth: Int { state.withLock { $0.queue.count - $0.head } }
}
