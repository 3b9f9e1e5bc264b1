extension WorkQueue {
    /// Adds the key after a delay (periodic resyncs, waiting on something
    /// external, retries). An earlier pending add of the key wins. The key
    /// arrives only while `runTimers()` runs.
    public func add(_ key: Key, after delay: Duration) {
        guard !state.withLock({ $0.isShutDown }) else { return }
        // client-go's delaying queue counts every AddAfter as a retry, a zero delay included.
        metrics.retried()
        guard delay > .zero else { return add(key) }
        let due = clock.elapsed() + delay
        let timer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.isShutDown else { return nil }
            if let earlier = state.delayed[key], earlier <= due { return nil }
            state.delayed[key] = due
            // The timer loop may be sleeping towards a later deadline: wake it to look again.
            state.timerChanged = true
            defer { state.timerWaiter = nil }
            return state.timerWaiter
        }
        timer?.resume()
    }

    /// The one timer of the queue: moves delayed keys into it when they are
    /// due, until cancelled or shut down. Run it once, beside the workers.
    public func runTimers() async {
        while !Task.isCancelled {
            let now = clock.elapsed()
            let (due, earliest, stopped) = state.withLock { state -> ([Key], Duration?, Bool) in
                let due = state.delayed.filter { $0.value <= now }.map(\.key)
                for key in due { state.delayed[key] = nil }
                state.timerChanged = false
                return (due, state.delayed.values.min(), state.isShutDown)
            }
            for key in due { add(key) }
            if stopped { return }
            // Sleep to the earliest deadline, or until an add brings an earlier one.
            await withTaskGroup(of: Void.self) { group in
                if let earliest { group.addTask { try? await self.clock.sleepUntil(earliest) } }
                group.addTask { await self.timerChange() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Returns when an add changed the delayed keys (or at once if one did
    /// since the loop last looked), on shutdown, or on cancellation.
    private func timerChange() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.timerChanged || state.isShutDown || state.timerCancelled { return true }
                    state.timerWaiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
            state.withLock { $0.timerCancelled = false }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                // Seen by the operation if it has not parked yet.
                state.timerCancelled = true
                defer { state.timerWaiter = nil }
                return state.timerWaiter
            }
            waiter?.resume()
        }
    }
}
