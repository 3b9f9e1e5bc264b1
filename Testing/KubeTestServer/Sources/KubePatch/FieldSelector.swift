public import KubeModel

/// A Kubernetes field selector (`fieldSelector=metadata.name=x,status.phase!=Running`).
/// Parsing follows apimachinery's `fields.ParseSelector`: comma-separated terms,
/// operators `=`, `==`, `!=`, and `\` escapes for `\`, `,` and `=` in values.
/// Which field names are allowed depends on the resource, so the server checks
/// `fieldNames` against its own list.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
    }

    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        public let field: String
        public let op: Operator
        public let value: String

        public init(field: String, op: Operator, value: String) {
            self.field = field
            self.op = op
            self.value = value
        }

        /// A missing field compares as the empty string.
        public func matches(_ fields: [String: String]) -> Bool {
            let actual = fields[field] ?? ""
            return op == .equals ? actual == value : actual != value
        }

        public var description: String { "\(field)\(op.rawValue)\(FieldSelector.escape(value))" }
    }

    /// Sorted (field, then operator, then value), so the string form is canonical.
    public let requirements: [Requirement]

    public static let everything = FieldSelector(requirements: [])

    public init(requirements: [Requirement]) {
        self.requirements = requirements.sorted {
            ($0.field, $0.op.rawValue, $0.value) < ($1.field, $1.op.rawValue, $1.value)
        }
    }

    /// Parses the query-parameter syntax; the empty string selects everything.
    /// Whitespace around field names and values is ignored.
    ///
    /// The syntax is read scalar by scalar (Kubernetes reads bytes), never by
    /// `Character`: a combining mark after `,` or `=` would otherwise join it
    /// into one grapheme cluster and hide the separator.
    public init(parsing text: String) throws(SelectorError) {
        var requirements: [Requirement] = []
        for term in Self.splitTerms(text) {
            if term.unicodeScalars.allSatisfy(\.properties.isWhitespace) { continue }
            guard let (lhs, op, rhs) = Self.splitTerm(term) else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            let field = lhs.trimmingWhitespace()
            guard !field.isEmpty else {
                throw SelectorError("invalid selector: '\(text)'; field name missing in '\(term)'")
            }
            let value = try Self.unescape(rhs.trimmingWhitespace())
            requirements.append(Requirement(field: field, op: op, value: value))
        }
        self.init(requirements: requirements)
    }

    public var matchesEverything: Bool { requirements.isEmpty }

    /// The distinct field names the selector uses, sorted (for "field label not supported" checks).
    public var fieldNames: [String] {
        Array(Set(requirements.map(\.field))).sorted()
    }

    public func matches(_ fields: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(fields) }
    }

    /// The value `field` must equal for a match, if the selector pins it (`field=value`).
    public func requiredValue(for field: String) -> String? {
        requirements.first { $0.field == field && $0.op == .equals }?.value
    }

    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }

    // MARK: Syntax

    /// Splits at commas that are not escaped; escapes stay in the terms.
    static func splitTerms(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var terms: [String] = []
        var current = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "," {
                terms.append(String(current))
                current = String.UnicodeScalarView()
                continue
            }
            current.append(scalar)
        }
        terms.append(String(current))
        return terms
    }

    /// Splits at the first operator; `!=` and `==` are tried before `=` at each position.
    static func splitTerm(_ term: String) -> (String, Operator, String)? {
        let scalars = term.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let rest = scalars[index...]
            if rest.starts(with: "!=".unicodeScalars) {
                return (String(scalars[..<index]), .notEquals, String(rest.dropFirst(2)))
            }
            if rest.starts(with: "==".unicodeScalars) {
                return (String(scalars[..<index]), .equals, String(rest.dropFirst(2)))
            }
            if rest.first == "=" {
                return (String(scalars[..<index]), .equals, String(rest.dropFirst()))
            }
            index = scalars.index(after: index)
        }
        return nil
    }

    static func unescape(_ value: String) throws(SelectorError) -> String {
        var result = String.UnicodeScalarView()
        var escaped = false
        for scalar in value.unicodeScalars {
            if escaped {
                guard scalar == "\\" || scalar == "," || scalar == "=" else {
                    throw SelectorError("invalid field selector: invalid escape sequence: \\\(scalar)")
                }
                result.append(scalar)
                escaped = false
                continue
            }
            switch scalar {
            case "\\": escaped = true
            case ",", "=": throw SelectorError("invalid field selector: unescaped character in value: \(scalar)")
            default: result.append(scalar)
            }
        }
        if escaped {
            throw SelectorError("invalid field selector: invalid escape sequence: \\")
        }
        return String(result)
    }

    static func escape(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if scalar == "\\" || scalar == "," || scalar == "=" { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }
}
