public import JSONValues
import KubeModel

/// A failed request as the API server reports it: a `Status` object with a
/// reason and code that clients (client-go, kubectl) branch on.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var code: Int
    public var reason: String
    public var message: String
    public var details: JSONValue = .null

    public init(code: Int, reason: String, message: String, details: JSONValue = .null) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    public var description: String { "\(code) \(reason): \(message)" }

    public var status: JSONValue {
        var status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(Int64(code)),
        ]
        if details != .null { status["details"] = details }
        return status
    }

    static func detailsFor(_ resource: ResourceType?, name: String?) -> JSONValue {
        var details: JSONValue = [:]
        if let name, !name.isEmpty { details["name"] = .string(name) }
        if let resource {
            if !resource.group.isEmpty { details["group"] = .string(resource.group) }
            details["kind"] = .string(resource.plural)
        }
        return details
    }

    static func notFound(_ resource: ResourceType, name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(resource.qualifiedResource) \"\(name)\" not found",
                 details: detailsFor(resource, name: name))
    }

    static func namespaceNotFound(_ namespace: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "namespaces \"\(namespace)\" not found",
                 details: ["name": .string(namespace), "kind": "namespaces"])
    }

    static func alreadyExists(_ resource: ResourceType, name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(resource.qualifiedResource) \"\(name)\" already exists",
                 details: detailsFor(resource, name: name))
    }

    static func conflict(_ resource: ResourceType, name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(resource.qualifiedResource) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
            details: detailsFor(resource, name: name))
    }

    static func invalid(_ resource: ResourceType, name: String, causes: [(field: String, reason: String, message: String)]) -> APIError {
        let lines = causes.map { "\($0.field): \($0.message)" }
        let joined = lines.count == 1 ? lines[0] : "[" + lines.joined(separator: ", ") + "]"
        var details = detailsFor(resource, name: name)
        details["kind"] = .string(resource.kind)
        details["causes"] = .array(causes.map { ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)] })
        return APIError(code: 422, reason: "Invalid", message: "\(resource.qualifiedKind) \"\(name)\" is invalid: \(joined)",
                        details: details)
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func methodNotAllowed(_ message: String) -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    static func unsupportedMediaType(_ message: String) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType", message: message)
    }

    static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static func forbidden(_ resource: ResourceType?, name: String, message: String) -> APIError {
        let what = resource.map { "\($0.qualifiedResource) \"\(name)\"" } ?? "\"\(name)\""
        return APIError(code: 403, reason: "Forbidden", message: "\(what) is forbidden: \(message)",
                        details: detailsFor(resource, name: name))
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    static func pathNotFound(_ path: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    static func tooManyRequests() -> APIError {
        APIError(code: 429, reason: "TooManyRequests", message: "too many requests, please try again later",
                 details: ["retryAfterSeconds": 1])
    }
}
