/// What a work queue reports about itself, as client-go's workqueue reports
/// to its `MetricsProvider`: the same events at the same points, so that the
/// usual `workqueue_*` families mean here what they mean for a Go controller.
/// KubeRuntime stays free of any metrics library; the process wires an
/// implementation that records them (the operator's, over swift-metrics).
///
/// Called outside the queue's lock, possibly from several tasks at once.
public protocol WorkQueueMetrics: Sendable {
    /// A key entered the queue (it was not already waiting): adds + 1, depth + 1.
    /// A key added while it is being processed counts here too: it waits to run again.
    func added()
    /// A worker took a key that had waited `waited` since it was added: depth - 1.
    func started(waited: Duration)
    /// A worker finished a key it had worked on for `worked`.
    func finished(worked: Duration)
    /// A delayed add (client-go counts every `AddAfter`, rate-limited or not, as a retry).
    func retried()
}

/// Reports nothing: the default, for queues nobody observes (tests, tools).
public struct NoWorkQueueMetrics: WorkQueueMetrics {
    public init() {}
    public func added() {}
    public func started(waited: Duration) {}
    public func finished(worked: Duration) {}
    public func retried() {}
}
