import Logging

/// JSON encoding of strings and metadata values the way slog writes them.
enum JSONText {
    /// A JSON string literal. Like encoding/json: control characters, quote and
    /// backslash escaped; U+2028 and U+2029 escaped; invalid UTF-8 cannot occur
    /// in a Swift String. Unlike json.Marshal, slog does not escape <, > and &.
    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Integers and booleans given as `.stringConvertible` are written as JSON
    /// numbers and booleans (slog writes `"id":0`); arrays and dictionaries nest.
    static func appendValue(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case let .string(text):
            appendString(text, to: &out)
        case let .stringConvertible(convertible):
            if convertible is any BinaryInteger || convertible is Bool {
                out += convertible.description
            } else {
                appendString(convertible.description, to: &out)
            }
        case let .array(values):
            out += "["
            for (offset, element) in values.enumerated() {
                if offset > 0 { out += "," }
                appendValue(element, to: &out)
            }
            out += "]"
        case let .dictionary(dictionary):
            out += "{"
            for (offset, key) in dictionary.keys.sorted().enumerated() {
                if offset > 0 { out += "," }
                appendString(key, to: &out)
                out += ":"
                appendValue(dictionary[key]!, to: &out)
            }
            out += "}"
        }
    }
}
