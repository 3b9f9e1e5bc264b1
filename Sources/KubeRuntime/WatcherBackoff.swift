public import KubeClient

/// How long a watcher waits after a step, kept apart from the steps
/// (kube-rs's watcher + backoff): failures in a row wait longer and longer;
/// an event or a bookmark (the server is healthy again) starts over. A 410
/// relists at once: the history is gone, the server is not failing.
public struct WatcherBackoff: Sendable {
    public var backoff: Backoff
    /// Failures since the last sign of health.
    public private(set) var failures = 0

    public init(_ backoff: Backoff) {
        self.backoff = backoff
    }

    /// The wait before the next step, nil for none.
    public mutating func delay(after step: WatcherStep?) -> Duration? {
        switch step {
        case .event?, .bookmark?:
            failures = 0
            return nil
        case .failed?:
            failures += 1
            return backoff.delay(attempt: failures)
        case .expired?, nil:
            return nil
        }
    }
}
