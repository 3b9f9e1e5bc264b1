public import KubeClient
import KubeModel

/// Where a watcher stands between two steps (kube-rs's watcher `State`).
/// Not Sendable: it holds an open watch, read by one task.
public enum WatcherState {
    /// Nothing known (at the start, or after 410 Gone): the next step lists.
    case empty
    /// Listed, or a watch ended: the next step watches from this version.
    case resumable(resourceVersion: String)
    /// A watch is open: the next step reads its next event.
    case watching(resourceVersion: String, events: any AsyncIteratorProtocol<WatchEvent, any Error>)

    /// The version the next watch starts from; nil when a list is due.
    public var resourceVersion: String? {
        switch self {
        case .empty: return nil
        case .resumable(let version), .watching(let version, _): return version
        }
    }

    public var isWatching: Bool {
        if case .watching = self { return true }
        return false
    }
}

/// What one step of a watcher yields. Quiet steps (a watch opened, a watch
/// the server ended) yield nothing.
public enum WatcherStep: Sendable {
    /// A state or change for consumers.
    case event(WatcherEvent)
    /// The server is alive and the version moved on, without a change.
    case bookmark
    /// The list or the watch failed; the next step retries from the same state.
    /// Whoever drives the steps decides how long to wait first.
    case failed(KubeError)
    /// 410 Gone: the history the watch needed is compacted; the next step relists.
    case expired
}

extension Watcher {
    /// One transition: lists when empty, opens a watch when resumable, reads
    /// one event when watching. Never sleeps: backoff is the caller's (see `events()`).
    public func step(from state: WatcherState) async -> (WatcherStep?, WatcherState) {
        switch state {
        case .empty:
            do {
                let list = try await client.listAll(resource, namespace: namespace, labelSelector: labelSelector)
                return (.event(.restarted(list.items)), .resumable(resourceVersion: list.resourceVersion))
            } catch {
                return (.failed(error), .empty)
            }
        case .resumable(let version):
            let stream = client.watch(resource, namespace: namespace, resourceVersion: version, labelSelector: labelSelector,
                                      timeoutSeconds: watchTimeoutSeconds)
            return (nil, .watching(resourceVersion: version, events: stream.makeAsyncIterator()))
        case .watching(let version, var events):
            let event: WatchEvent?
            do {
                event = try await events.next()
            } catch let error as KubeError {
                return error.isGone ? (.expired, .empty) : (.failed(error), .resumable(resourceVersion: version))
            } catch {
                return (.failed(.transport(String(describing: error), request: "watch \(resource.plural)")), .resumable(resourceVersion: version))
            }
            // The server ended the watch (its timeout): resume from where it was.
            guard let event else { return (nil, .resumable(resourceVersion: version)) }
            let next = event.resourceVersion ?? version
            switch event.type {
            case .added, .modified:
                return (.event(.applied(event.object)), .watching(resourceVersion: next, events: events))
            case .deleted:
                return (.event(.deleted(event.object)), .watching(resourceVersion: next, events: events))
            case .bookmark:
                return (.bookmark, .watching(resourceVersion: next, events: events))
            case .error:
                let error = KubeError(status: event.object)
                return error.isGone ? (.expired, .empty) : (.failed(error), .resumable(resourceVersion: version))
            }
        }
    }
}
