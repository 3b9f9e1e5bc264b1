public import JSONValues
import KubeModel

/// Why a request failed: the API server answered with an error (a `Status`
/// object: code, reason, message, details), the request never got an answer
/// (transport), the answer was not what Kubernetes sends (decoding), or the
/// request could not be made at all (configuration, invalid arguments).
public struct KubeError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The server answered with a non-success HTTP status.
        case status
        /// No answer: connection refused or reset, TLS failure, timeout.
        case transport
        /// The answer could not be decoded.
        case decoding
        /// The client could not make the request (bad configuration or arguments).
        case invalidRequest
        /// The calling task was cancelled.
        case cancelled
    }

    public let kind: Kind
    /// The HTTP status code (also `Status.code`); 0 when there was no answer.
    public let code: Int
    /// `Status.reason` ("NotFound", "Conflict", "Expired"); empty when absent.
    public let reason: String
    public let message: String
    /// `Status.details` (name, group, kind, causes, retryAfterSeconds); `.null` when absent.
    public let details: JSONValue
    /// The `Retry-After` header of the answer, in seconds.
    public let retryAfterHeader: Int?
    /// What was asked ("GET /api/v1/namespaces/x/pods/y"), for messages.
    public let request: String

    public init(kind: Kind, code: Int = 0, reason: String = "", message: String, details: JSONValue = .null,
                retryAfterHeader: Int? = nil, request: String = "")
    {
        self.kind = kind
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.retryAfterHeader = retryAfterHeader
        self.request = request
    }

    /// An error from a `Status` object (an error answer's body, or a watch
    /// `ERROR` event's object). `httpCode` is used when the Status has no code.
    public init(status: JSONValue, httpCode: Int? = nil, retryAfterHeader: Int? = nil, request: String = "") {
        let code = status["code"].intValue.map { Int($0) } ?? httpCode ?? 0
        self.init(
            kind: .status, code: code, reason: status["reason"].stringValue ?? "",
            message: status["message"].stringValue ?? "", details: status["details"],
            retryAfterHeader: retryAfterHeader, request: request)
    }

    public static func transport(_ message: String, request: String = "") -> KubeError {
        KubeError(kind: .transport, message: message, request: request)
    }

    public static func decoding(_ message: String, request: String = "") -> KubeError {
        KubeError(kind: .decoding, message: message, request: request)
    }

    public static func invalidRequest(_ message: String, request: String = "") -> KubeError {
        KubeError(kind: .invalidRequest, message: message, request: request)
    }

    public static func cancelled(request: String = "") -> KubeError {
        KubeError(kind: .cancelled, message: "cancelled", request: request)
    }

    // MARK: - Classification

    public var isNotFound: Bool { kind == .status && code == 404 }
    /// 409 with reason Conflict: a stale resourceVersion (re-read and retry).
    public var isConflict: Bool { kind == .status && code == 409 && reason != "AlreadyExists" }
    public var isAlreadyExists: Bool { kind == .status && code == 409 && reason == "AlreadyExists" }
    /// 410: a watch or continue token older than the server's history (relist).
    public var isGone: Bool { kind == .status && code == 410 }
    public var isUnauthorized: Bool { kind == .status && code == 401 }
    public var isForbidden: Bool { kind == .status && code == 403 }
    /// 422: the object failed validation (details.causes names the fields).
    public var isInvalid: Bool { kind == .status && code == 422 }

    /// Worth trying again unchanged: 429, 5xx, or no answer at all.
    public var isRetryable: Bool {
        switch kind {
        case .transport: return true
        case .status: return code == 429 || (500...599).contains(code)
        case .decoding, .invalidRequest, .cancelled: return false
        }
    }

    /// How long the server asked us to wait: the `Retry-After` header, else
    /// `Status.details.retryAfterSeconds`.
    public var retryAfter: Duration? {
        if let seconds = retryAfterHeader, seconds >= 0 { return .seconds(seconds) }
        if let seconds = details["retryAfterSeconds"].intValue, seconds >= 0 { return .seconds(seconds) }
        return nil
    }

    /// `details.causes` of a 422: (field, reason, message) per invalid field.
    public var causes: [(field: String, reason: String, message: String)] {
        (details["causes"].arrayValue ?? []).map {
            ($0["field"].stringValue ?? "", $0["reason"].stringValue ?? "", $0["message"].stringValue ?? "")
        }
    }

    public var description: String {
        let prefix = request.isEmpty ? "" : "\(request): "
        switch kind {
        case .status:
            let reason = self.reason.isEmpty ? "" : " \(self.reason)"
            return "\(prefix)\(code)\(reason): \(message)"
        case .transport: return "\(prefix)transport error: \(message)"
        case .decoding: return "\(prefix)undecodable response: \(message)"
        case .invalidRequest: return "\(prefix)invalid request: \(message)"
        case .cancelled: return "\(prefix)cancelled"
        }
    }

    /// The same error, attributed to `request`.
    func attributed(to request: String) -> KubeError {
        KubeError(kind: kind, code: code, reason: reason, message: message, details: details,
                  retryAfterHeader: retryAfterHeader, request: request)
    }
}
