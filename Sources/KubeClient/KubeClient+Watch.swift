import AsyncHTTPClient
import JSONValues
import KubeModel
import Logging
import NIOCore

extension KubeClient {
    /// Streams the changes to a collection as they happen, one JSON line per
    /// event. From `resourceVersion` (nil or "0": the current objects first,
    /// as ADDED events). BOOKMARKs come when `allowBookmarks`; an ERROR event
    /// carries a Status (`event.error?.isGone` for a resourceVersion the
    /// server no longer has). The stream finishes when the server ends the
    /// watch (`timeoutSeconds`), and throws a `KubeError` for a non-200 answer
    /// or a broken connection. It is not retried; cancelling the consumer (or
    /// dropping the stream) cancels the request.
    public func watch(
        _ resource: ResourceDescriptor, namespace: String?, resourceVersion: String?, labelSelector: String? = nil,
        fieldSelector: String? = nil, allowBookmarks: Bool = true, timeoutSeconds: Int? = nil
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        var query: [(String, String)] = [("watch", "true")]
        if let resourceVersion, !resourceVersion.isEmpty { query.append(("resourceVersion", resourceVersion)) }
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
        if let timeoutSeconds { query.append(("timeoutSeconds", String(timeoutSeconds))) }
        let call = APICall(method: .get, path: resource.collectionPath(namespace: namespace), query: query)

        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let task = Task {
            do {
                try await self.runWatch(call) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func runWatch(_ call: APICall, emit: (WatchEvent) -> Void) async throws(KubeError) {
        var refreshedToken = false
        while true {
            let token = try bearerToken(for: call)
            let request = makeRequest(call, token: token)
            countRequest()
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, deadline: .distantFuture)
            } catch {
                throw transportError(error, call: call)
            }
            let status = Int(response.status.code)
            if status == 200 {
                try await stream(response.body, call: call, emit: emit)
                return
            }
            let body: [UInt8]
            do {
                let timeout = requestTimeout
                body = try await Self.withTimeout(timeout) {
                    Array(buffer: try await response.body.collect(upTo: 1 << 20))
                }
            } catch {
                body = []
            }
            let error = Self.error(from: RawResponse(status: status, retryAfter: Self.retryAfter(response), body: body),
                                   call: call)
            if error.isUnauthorized, !refreshedToken, tokens.refreshAfterUnauthorized(used: token) {
                refreshedToken = true
                continue
            }
            throw error
        }
    }

    /// Splits the body into lines as its chunks arrive and emits one event per line.
    private func stream(_ body: HTTPClientResponse.Body, call: APICall, emit: (WatchEvent) -> Void) async throws(KubeError) {
        var splitter = LineSplitter()
        do {
            for try await chunk in body {
                for line in try splitter.append(chunk.readableBytesView) {
                    emit(try Self.event(line, call: call))
                }
            }
        } catch let error as KubeError {
            throw error
        } catch {
            throw transportError(error, call: call)
        }
        if let rest = splitter.finish() {
            emit(try Self.event(rest, call: call))
        }
    }

    private static func event(_ line: ArraySlice<UInt8>, call: APICall) throws(KubeError) -> WatchEvent {
        let json: JSONValue
        do {
            json = try JSONValue.decode(line)
        } catch {
            throw .decoding("watch line: \(error.description)", request: call.description)
        }
        do {
            return try WatchEvent(decoding: json)
        } catch {
            throw error.attributed(to: call.description)
        }
    }
}
