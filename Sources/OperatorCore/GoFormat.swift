import KubeModel

/// Renderings as Go's `%q` and `%v` write them, for API-server-like messages.
enum GoFormat {
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A value in a field error: strings quoted, numbers and booleans bare, the rest as JSON.
    static func value(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .int(let number): return String(number)
        case .double(let number):
            if let whole = value.intValue { return String(whole) }
            return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array, .object: return value.jsonString
        }
    }
}
