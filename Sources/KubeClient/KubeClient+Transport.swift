import AsyncHTTPClient
import JSONValues
import KubeModel
import Logging
import NIOCore

/// One REST call: method, path, query and optional JSON body.
struct APICall: Sendable, CustomStringConvertible {
    enum Method: String, Sendable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    var method: Method
    var path: String
    var query: [(String, String)] = []
    var body: JSONValue? = nil
    var contentType = "application/json"

    var description: String { "\(method.rawValue) \(path)" }

    var pathAndQuery: String {
        query.isEmpty ? path : path + "?" + PercentEncoding.queryString(query)
    }
}

/// What came back: status, the Retry-After header, the body.
struct RawResponse: Sendable {
    var status: Int
    var retryAfter: Int?
    var body: [UInt8]
}

extension KubeClient {
    /// Sends `call`, retrying retryable failures per the policy (and once
    /// after a 401 when the token file had a newer token); decodes the JSON answer.
    func send(_ call: APICall) async throws(KubeError) -> JSONValue {
        var attempt = 1
        var refreshedToken = false
        while true {
            let token = try bearerToken(for: call)
            do {
                return try await sendOnce(call, token: token)
            } catch {
                if error.isUnauthorized, !refreshedToken, tokens.refreshAfterUnauthorized(used: token) {
                    refreshedToken = true
                    logger.debug("retrying with a re-read token after 401", metadata: ["request": "\(call)"])
                    continue
                }
                guard let delay = retryPolicy.delay(after: error, attempt: attempt) else { throw error }
                logger.debug("retrying after a retryable failure", metadata: [
                    "request": "\(call)", "attempt": "\(attempt)", "delay": "\(delay)", "error": "\(error)",
                ])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw .cancelled(request: call.description)
                }
                attempt += 1
            }
        }
    }

    func bearerToken(for call: APICall) throws(KubeError) -> String? {
        if let setupError { throw setupError.attributed(to: call.description) }
        do {
            return try tokens.token()
        } catch {
            throw error.attributed(to: call.description)
        }
    }

    /// One attempt: the decoded 2xx body, or the error the answer stands for.
    private func sendOnce(_ call: APICall, token: String?) async throws(KubeError) -> JSONValue {
        let response = try await exchange(call, token: token)
        guard (200..<300).contains(response.status) else {
            throw Self.error(from: response, call: call)
        }
        if response.body.isEmpty { return .null }
        do {
            return try JSONValue.decode(response.body)
        } catch {
            throw .decoding("\(error.description) in a \(response.status) answer", request: call.description)
        }
    }

    /// Sends the request and reads the whole answer within the request timeout.
    private func exchange(_ call: APICall, token: String?) async throws(KubeError) -> RawResponse {
        let request = makeRequest(call, token: token)
        let timeout = requestTimeout
        let http = self.http
        countRequest()
        do {
            return try await Self.withTimeout(timeout) {
                let response = try await http.execute(request, timeout: Self.timeAmount(timeout))
                let body = try await response.body.collect(upTo: Self.maximumBodySize)
                return RawResponse(status: Int(response.status.code), retryAfter: Self.retryAfter(response),
                                   body: Array(buffer: body))
            }
        } catch {
            throw transportError(error, call: call)
        }
    }

    func makeRequest(_ call: APICall, token: String?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.baseURL + call.pathAndQuery)
        switch call.method {
        case .get: request.method = .GET
        case .post: request.method = .POST
        case .put: request.method = .PUT
        case .patch: request.method = .PATCH
        case .delete: request.method = .DELETE
        }
        request.headers.add(name: "User-Agent", value: userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: call.contentType)
            request.body = .bytes(ByteBuffer(bytes: body.encoded()))
        }
        return request
    }

    /// Maps what AsyncHTTPClient (or the timeout) threw onto a KubeError.
    func transportError(_ error: any Error, call: APICall) -> KubeError {
        if let error = error as? KubeError { return error.attributed(to: call.description) }
        if Task.isCancelled || error is CancellationError {
            return .cancelled(request: call.description)
        }
        if error is RequestTimeout {
            return .transport("no answer within \(requestTimeout)", request: call.description)
        }
        return .transport(String(describing: error), request: call.description)
    }

    /// The error an unsuccessful answer stands for: its Status when it has one.
    static func error(from response: RawResponse, call: APICall) -> KubeError {
        if let status = try? JSONValue.decode(response.body), status["kind"].stringValue == "Status" {
            var error = KubeError(status: status, httpCode: response.status, retryAfterHeader: response.retryAfter,
                                  request: call.description)
            if error.code != response.status {
                error = KubeError(kind: .status, code: response.status, reason: error.reason, message: error.message,
                                  details: error.details, retryAfterHeader: response.retryAfter, request: call.description)
            }
            return error
        }
        let text = String(decoding: response.body.prefix(1024), as: UTF8.self)
        return KubeError(kind: .status, code: response.status, reason: reasonPhrase(response.status),
                         message: text.isEmpty ? "the server answered \(response.status)" : text,
                         retryAfterHeader: response.retryAfter, request: call.description)
    }

    static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 415: return "UnsupportedMediaType"
        case 422: return "Invalid"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return ""
        }
    }

    static func retryAfter(_ response: HTTPClientResponse) -> Int? {
        guard let value = response.headers.first(name: "Retry-After") else { return nil }
        return Int(value.trimmingWhitespace())
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    struct RequestTimeout: Error {}

    /// Runs `operation`, cancelling it after `timeout`.
    static func withTimeout<Value: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> Value)
        async throws -> Value
    {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw RequestTimeout() }
            return value
        }
    }
}
