import AsyncHTTPClient
import JSONValues
import KubeModel
import Logging
import NIOCore

extension KubeClient {
    /// The changes to a collection as they happen, one JSON line per event.
    /// From `resourceVersion` (nil or "0": the current objects first, as
    /// ADDED events). BOOKMARKs come when `allowBookmarks`; an ERROR event
    /// carries a Status (`event.error?.isGone` for a resourceVersion the
    /// server no longer has). The sequence ends when the server ends the watch
    /// (`timeoutSeconds`), and throws a `KubeError` for a non-200 answer or a
    /// broken connection. It is not retried. The request is sent when
    /// iteration starts, in the iterating task: cancelling that task, or
    /// dropping the iterator, cancels it.
    public func watch(
        _ resource: ResourceDescriptor, namespace: String?, resourceVersion: String?, labelSelector: String? = nil,
        fieldSelector: String? = nil, allowBookmarks: Bool = true, timeoutSeconds: Int? = nil
    ) -> WatchEvents {
        var query: [(String, String)] = [("watch", "true")]
        if let resourceVersion, !resourceVersion.isEmpty { query.append(("resourceVersion", resourceVersion)) }
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
        if let timeoutSeconds { query.append(("timeoutSeconds", String(timeoutSeconds))) }
        return WatchEvents(client: self, call: APICall(method: .get, path: resource.collectionPath(namespace: namespace), query: query))
    }

    /// Sends the watch request; answers the body of a 200 (a refused token is refreshed once).
    func openWatch(_ call: APICall) async throws(KubeError) -> HTTPClientResponse.Body {
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
            if status == 200 { return response.body }
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

    static func event(_ line: ArraySlice<UInt8>, call: APICall) throws(KubeError) -> WatchEvent {
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
