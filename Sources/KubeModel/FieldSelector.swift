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
    public init(parsing text: String) throws(SelectorError) {
        var requirements: [Requirement] = []
        for term in Self.splitTerms(text) {
            if term.allSatisfy(\.isWhitespace) { continue }
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
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                terms.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        terms.append(current)
        return terms
    }

    /// Splits at the first operator; `!=` and `==` are tried before `=` at each position.
    static func splitTerm(_ term: String) -> (String, Operator, String)? {
        var index = term.startIndex
        while index < term.endIndex {
            let rest = term[index...]
            if rest.hasPrefix("!=") {
                return (String(term[..<index]), .notEquals, String(rest.dropFirst(2)))
            }
            if rest.hasPrefix("==") {
                return (String(term[..<index]), .equals, String(rest.dropFirst(2)))
            }
            if rest.hasPrefix("=") {
                return (String(term[..<index]), .equals, String(rest.dropFirst()))
            }
            index = term.index(after: index)
        }
        return nil
    }

    static func unescape(_ value: String) throws(SelectorError) -> String {
        var result = ""
        var escaped = false
        for character in value {
            if escaped {
                guard character == "\\" || character == "," || character == "=" else {
                    throw SelectorError("invalid field selector: invalid escape sequence: \\\(character)")
                }
                result.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case ",", "=": throw SelectorError("invalid field selector: unescaped character in value: \(character)")
            default: result.append(character)
            }
        }
        if escaped {
            throw SelectorError("invalid field selector: invalid escape sequence: \\")
        }
        return result
    }

    static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            if character == "\\" || character == "," || character == "=" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let characters = Array(self)
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
            let last = characters.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(characters[first...last])
    }
}
