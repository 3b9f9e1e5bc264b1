public import JSONValues

/// The error object a plugin prints on stdout (and exits non-zero with), per
/// the CNI spec: `{"cniVersion", "code", "msg", "details"}`.
public struct CNIError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: UInt32
    public var message: String
    public var details: String

    public init(code: UInt32, message: String, details: String = "") {
        self.code = code
        self.message = message
        self.details = details
    }

    /// The spec's error object; `details` is left out when empty.
    public func json(cniVersion: String) -> JSONValue {
        var members: [String: JSONValue] = [
            "cniVersion": .string(cniVersion),
            "code": .int(Int64(code)),
            "msg": .string(message),
        ]
        if !details.isEmpty { members["details"] = .string(details) }
        return .object(members)
    }

    public var description: String {
        details.isEmpty ? "CNI error \(code): \(message)" : "CNI error \(code): \(message) (\(details))"
    }
}

// The well-known codes of the spec (1-99 are reserved to it; 100+ are free).
extension CNIError {
    public static func incompatibleVersion(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 1, message: msg, details: details)
    }
    public static func unsupportedField(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 2, message: msg, details: details)
    }
    public static func unknownContainer(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 3, message: msg, details: details)
    }
    public static func invalidEnvironment(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 4, message: msg, details: details)
    }
    public static func ioFailure(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 5, message: msg, details: details)
    }
    public static func decodingFailure(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 6, message: msg, details: details)
    }
    public static func invalidNetworkConfig(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 7, message: msg, details: details)
    }
    public static func tryAgainLater(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 11, message: msg, details: details)
    }
    /// STATUS: the plugin cannot service ADD requests.
    public static func pluginNotAvailable(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 50, message: msg, details: details)
    }
    /// STATUS: not available, and existing containers may have limited connectivity.
    public static func pluginNotAvailableLimitedConnectivity(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 51, message: msg, details: details)
    }
    /// A plugin-specific failure (outside the spec's reserved 1-99).
    public static func pluginError(_ msg: String, details: String = "") -> CNIError {
        CNIError(code: 999, message: msg, details: details)
    }
}
