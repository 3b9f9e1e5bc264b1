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
/// jitter after errors. Consumers see a consistent sequence of states.
public struct Watcher: Sendable {
    public var client: KubeClient
    public var resource: ResourceDescriptor
    public var namespace: String?
    public var labelSelector: String?
    public var backoff: Backoff
    public var watchTimeoutSeconds: Int
    public var logger: Logger

    public init(
        client: KubeClient, resource: ResourceDescriptor, namespace: String? = nil, labelSelector: String? = nil,
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

    /// Runs until the consuming task is cancelled.
    public func events() -> AsyncStream<WatcherEvent> {
        AsyncStream(bufferingPolicy: .unbounded) { continuation in
            let task = Task { await run(continuation) }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func run(_ output: AsyncStream<WatcherEvent>.Continuation) async {
        var resourceVersion: String?
        var failures = 0
        while !Task.isCancelled {
            if resourceVersion == nil {
                do {
                    let list = try await client.listAll(resource, namespace: namespace, labelSelector: labelSelector)
                    output.yield(.restarted(list.items))
                    resourceVersion = list.resourceVersion
                    failures = 0
                } catch {
                    logger.debug("list failed", metadata: ["resource": "\(resource.plural)", "error": "\(error)"])
                    await pause(&failures)
                    continue
                }
            }
            do {
                let stream = client.watch(resource, namespace: namespace, resourceVersion: resourceVersion,
                                          labelSelector: labelSelector, allowBookmarks: true, timeoutSeconds: watchTimeoutSeconds)
                for try await event in stream {
                    switch event.type {
                    case .added, .modified:
                        output.yield(.applied(event.object))
                    case .deleted:
                        output.yield(.deleted(event.object))
                    case .bookmark:
                        break
                    case .error:
                        throw KubeError(status: event.object)
                    }
                    if let version = event.object["metadata"]["resourceVersion"].stringValue, event.type != .error {
                        resourceVersion = version
                    }
                    failures = 0
                }
            } catch let error as KubeError where error.isGone {
                logger.debug("watch history expired, relisting", metadata: ["resource": "\(resource.plural)"])
                resourceVersion = nil
            } catch {
                if Task.isCancelled { break }
                logger.debug("watch failed", metadata: ["resource": "\(resource.plural)", "error": "\(error)"])
                await pause(&failures)
            }
        }
        output.finish()
    }

    private func pause(_ failures: inout Int) async {
        failures += 1
        let delay = backoff.delay(attempt: failures)
        try? await Task.sleep(for: delay)
    }
}
