public import KubeClient
public import JSONValues
import KubeModel
public import Logging

/// What a watcher reports: a full state (after a list or a relist), or one change.
public enum WatcherEvent: Sendable {
    case restarted([JSONValue])
    case applied(JSONValue)
    case deleted(JSONValue)
}

/// An endless list+watch of one resource, after kube-rs's `watcher`: it lists,
/// watches from the list's resourceVersion (bookmarks keep that fresh),
/// resumes after a watch ends, relists after 410 Gone, and backs off with
/// jitter after errors. The transitions are `step(from:)` (WatcherState.swift);
/// `events()` drives them and applies the backoff, so the steps stay testable
/// one by one. Consumers see a consistent sequence of states.
public struct Watcher: Sendable {
    public var client: any KubeListWatch
    public var resource: ResourceDescriptor
    public var namespace: String?
    public var labelSelector: String?
    public var backoff: Backoff
    public var watchTimeoutSeconds: Int
    public var logger: Logger

    public init(
        client: any KubeListWatch, resource: ResourceDescriptor, namespace: String? = nil, labelSelector: String? = nil,
        backoff: Backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30)), watchTimeoutSeconds: Int = 290, logger: Logger
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.backoff = backoff
        self.watchTimeoutSeconds = watchTimeoutSeconds
        self.logger = logger
    }

    /// The events, read in the consuming task (no task of its own, so
    /// cancelling the consumer stops the watch); ends when that task is cancelled.
    public func events() -> Events {
        Events(watcher: self)
    }

    public struct Events: AsyncSequence {
        public typealias Element = WatcherEvent
        public typealias Failure = Never
        let watcher: Watcher

        public func makeAsyncIterator() -> Iterator {
            Iterator(watcher: watcher)
        }

        /// Steps the watcher until it yields an event, sleeping the backoff after failures.
        public struct Iterator: AsyncIteratorProtocol {
            let watcher: Watcher
            var state = WatcherState.empty
            var backoff: WatcherBackoff

            init(watcher: Watcher) {
                self.watcher = watcher
                backoff = WatcherBackoff(watcher.backoff)
            }

            public mutating func next() async -> WatcherEvent? {
                while !Task.isCancelled {
                    let (step, next) = await watcher.step(from: state)
                    state = next
                    let delay = backoff.delay(after: step)
                    switch step {
                    case .event(let event)?:
                        return event
                    case .expired?:
                        watcher.logger.debug("watch history expired, relisting", metadata: ["resource": "\(watcher.resource.plural)"])
                    case .failed(let error)?:
                        if Task.isCancelled { return nil }
                        watcher.logger.debug(state.resourceVersion != nil ? "watch failed" : "list failed",
                                             metadata: ["resource": "\(watcher.resource.plural)", "error": "\(error)"])
                    case .bookmark?, nil:
                        break
                    }
                    if let delay { try? await Task.sleep(for: delay) }
                }
                return nil
            }
        }
    }
}
