import Logging
import JSONQuoting

/// JSON encoding of strings and metadata values the way slog writes them.
enum JSONText {
    /// A JSON string literal, as slog escapes it.
    static func appendString(_ value: String, to out: inout String) {
        JSONQuoting.append(value, to: &out, style: .slog)
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
