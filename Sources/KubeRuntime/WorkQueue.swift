public import KubeClient
import Synchronization

/// Keys waiting to be reconciled, as client-go's workqueue: a key is queued at
/// most once, never handed to two workers at the same time, and a key added
/// while it is being processed is processed again afterwards. Delayed adds
/// wait in one timer loop (`runTimers()`, WorkQueue+Timers.swift), not a task each.
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
    }

    let state = Mutex(State())
    let clock: ElapsedClock
    private let retryBackoff: Backoff

    public init(retryBackoff: Backoff = Backoff(initial: .milliseconds(5), maximum: .seconds(60)), clock: ElapsedClock = .continuous) {
        self.retryBackoff = retryBackoff
        self.clock = clock
    }

    public func add(_ key: Key) {
        let waiter = state.withLock { state -> CheckedContinuation<Key?, Never>? in
            guard !state.isShutDown else { return nil }
            if state.processing.contains(key) {
                state.dirty.insert(key)
                return nil
            }
            guard !state.queued.contains(key) else { return nil }
            if !state.waiters.isEmpty {
                state.processing.insert(key)
                return state.waiters.removeFirst().continuation
            }
            state.queued.insert(key)
            state.queue.append(key)
            return nil
        }
        waiter?.resume(returning: key)
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
                        return .some(key)
                    }
                    // Checked under the lock the cancellation handler takes, so no waiter is left parked.
                    if state.isShutDown || Task.isCancelled { return .some(nil) }
                    state.waiters.append((id, continuation))
                    return .none
                }
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
        let again = state.withLock { state -> Bool in
            state.processing.remove(key)
            return state.dirty.remove(key) != nil
        }
        if again { add(key) }
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
