import JSONValues
import KubeModel

/// `?watch=true`: ADDED/MODIFIED/DELETED/BOOKMARK events as JSON lines, from a
/// resourceVersion (or from the current state), until timeoutSeconds.
extension KubeAPI {
    func watch(_ target: RequestTarget, _ request: APIRequest) throws(APIError) -> APIResponse {
        let filter = try ObjectFilter(request, namespace: target.namespace)
        let requested = request.query["resourceVersion"] ?? ""
        let sendInitial = request.query["sendInitialEvents"] == "true"
        let bookmarks = request.flag("allowWatchBookmarks")
        let timeout = request.query["timeoutSeconds"].flatMap(Int.init).map { Duration.seconds(max(1, $0)) }
            ?? options.defaultWatchTimeout

        var initial: [JSONValue] = []
        let start: Int64
        if requested.isEmpty || requested == "0" || sendInitial {
            // "Get state and start at most recent": synthetic ADDED for what exists.
            let (objects, revision) = store.list(target.resource.key, namespace: target.namespace)
            initial = objects.filter { filter.matches($0.1) }.map { event("ADDED", present($0.1, target), target, request) }
            start = revision
        } else {
            guard let revision = Int64(requested) else {
                throw .badRequest("invalid resource version: \(requested)")
            }
            start = revision
        }
        guard let subscription = store.subscribe(target.resource.key, after: start) else {
            let gone = APIError.gone("too old resource version: \(requested) (\(store.compactedRevision))")
            return .watch(AsyncStream { continuation in
                continuation.yield(["type": "ERROR", "object": gone.status])
                continuation.finish()
            })
        }
        if sendInitial && bookmarks {
            initial.append(["type": "BOOKMARK", "object": bookmark(String(start), target, initialEventsEnd: true)])
        }

        let store = self.store
        let interval = options.bookmarkInterval
        let (output, continuation) = AsyncStream<JSONValue>.makeStream(bufferingPolicy: .unbounded)
        let pump = Task {
            for line in initial { continuation.yield(line) }
            for await change in subscription.stream {
                if let line = self.line(for: change, target: target, filter: filter, bookmarks: bookmarks, request: request) {
                    continuation.yield(line)
                }
            }
            continuation.finish()
        }
        let ticker = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                store.requestProgress(subscription.id)
            }
        }
        let deadline = Task {
            try await Task.sleep(for: timeout)
            store.unsubscribe(subscription.id)
        }
        continuation.onTermination = { _ in
            store.unsubscribe(subscription.id)
            pump.cancel()
            ticker.cancel()
            deadline.cancel()
        }
        return .watch(output)
    }

    /// The event a watcher with `filter` sees for a change, if any: an update
    /// that moves an object into or out of the selection is an ADDED or DELETED.
    private func line(for change: StoreEvent, target: RequestTarget, filter: ObjectFilter, bookmarks: Bool, request: APIRequest) -> JSONValue? {
        if change.kind == .bookmark {
            return bookmarks ? ["type": "BOOKMARK", "object": bookmark(String(change.revision), target, initialEventsEnd: false)] : nil
        }
        if let namespace = target.namespace, change.object["metadata"]["namespace"].stringValue != namespace { return nil }
        let matchesNow = filter.matches(change.object)
        let matchedBefore = change.previous.map(filter.matches) ?? false
        let type: String
        switch change.kind {
        case .added: type = "ADDED"; if !matchesNow { return nil }
        case .deleted: type = "DELETED"; if !matchedBefore && !matchesNow { return nil }
        case .modified:
            switch (matchedBefore, matchesNow) {
            case (true, true): type = "MODIFIED"
            case (false, true): type = "ADDED"
            case (true, false): type = "DELETED"
            case (false, false): return nil
            }
        case .bookmark: return nil
        }
        return event(type, present(change.object, target), target, request)
    }

    private func event(_ type: String, _ object: JSONValue, _ target: RequestTarget, _ request: APIRequest) -> JSONValue {
        let body = request.wantsTable ? table([object], target, request, listMetadata: ["resourceVersion": object["metadata"]["resourceVersion"]]) : object
        return ["type": .string(type), "object": body]
    }

    private func bookmark(_ revision: String, _ target: RequestTarget, initialEventsEnd: Bool) -> JSONValue {
        var metadata: JSONValue = ["resourceVersion": .string(revision)]
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        return ["kind": .string(target.resource.kind), "apiVersion": .string(target.apiVersion), "metadata": metadata]
    }
}
