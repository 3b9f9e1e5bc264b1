/// JSON string literals, written the way the Go and Foundation encoders whose
/// output the project reproduces write them.
///
/// Every style escapes the quote and the backslash, writes \n, \r and \t
/// short and every other control character below U+0020 as \u00XX, and keeps
/// the rest as it is (UTF-8; invalid UTF-8 cannot occur in a Swift String).
/// The styles differ only in two details, named by `Style`.
public enum JSONQuoting {
    public struct Style: Equatable, Sendable {
        /// \b and \f short rather than \u0008 and \u000c.
        public var shortBackspaceAndFormFeed: Bool
        /// U+2028 and U+2029 escaped (JavaScript reads them as line ends).
        public var escapesLineSeparators: Bool

        /// Go's log/slog JSON handler (like encoding/json, but <, > and & kept).
        public static let slog = Style(shortBackspaceAndFormFeed: false, escapesLineSeparators: true)
        /// Foundation's JSONEncoder with `.withoutEscapingSlashes` (what
        /// `check --json` is held to).
        public static let jsonEncoder = Style(shortBackspaceAndFormFeed: true, escapesLineSeparators: false)
    }

    /// Appends `value` as a JSON string literal in `style`.
    public static func append(_ value: String, to out: inout String, style: Style) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}" where style.shortBackspaceAndFormFeed: out += "\\b"
            case "\u{0C}" where style.shortBackspaceAndFormFeed: out += "\\f"
            case "\u{2028}" where style.escapesLineSeparators: out += "\\u2028"
            case "\u{2029}" where style.escapesLineSeparators: out += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
