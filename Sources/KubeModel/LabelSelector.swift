public import JSONValues

/// A Kubernetes label selector: the `labelSelector` query parameter
/// (`app=web,tier in (a,b),!canary`) or a metav1.LabelSelector object, reduced
/// to a list of requirements that all must hold (an empty list selects everything).
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equals = "="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
        case greaterThan = "gt"
        case lessThan = "lt"
    }

    /// One term of a selector. Values are kept sorted and without duplicates
    /// (Kubernetes holds them in a set), so equal selectors compare equal.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        public let key: String
        public let op: Operator
        public let values: [String]

        /// Validates like Kubernetes' `labels.NewRequirement`: the key is a
        /// qualified name, values are label values, and the value count fits the operator.
        public init(key: String, op: Operator, values: [String] = []) throws(SelectorError) {
            var problems: [String] = []
            let keyProblems = LabelSyntax.qualifiedNameProblems(key)
            if !keyProblems.isEmpty {
                problems.append("key: Invalid value: \(quoted(key)): \(keyProblems.joined(separator: "; "))")
            }
            switch op {
            case .in, .notIn:
                if values.isEmpty {
                    problems.append("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty")
                }
            case .equals, .notEquals:
                if values.count != 1 {
                    problems.append("values: Invalid value: \(values): exact-match compatibility requires one single value")
                }
            case .exists, .doesNotExist:
                if !values.isEmpty {
                    problems.append("values: Invalid value: \(values): values set must be empty for exists and does not exist")
                }
            case .greaterThan, .lessThan:
                if values.count != 1 {
                    problems.append("values: Invalid value: \(values): for 'Gt', 'Lt' operators, exactly one value is required")
                }
                for (index, value) in values.enumerated() where Int64(value) == nil {
                    problems.append("values[\(index)]: Invalid value: \(quoted(value)): for 'Gt', 'Lt' operators, the value must be an integer")
                }
            }
            for (index, value) in values.enumerated() {
                let valueProblems = LabelSyntax.labelValueProblems(value)
                if !valueProblems.isEmpty {
                    problems.append(
                        "values[\(index)][\(key)]: Invalid value: \(quoted(value)): \(valueProblems.joined(separator: "; "))")
                }
            }
            if !problems.isEmpty {
                throw SelectorError(problems.count == 1 ? problems[0] : "[\(problems.joined(separator: ", "))]")
            }
            self.key = key
            self.op = op
            self.values = Array(Set(values)).sorted()
        }

        public func matches(_ labels: [String: String]) -> Bool {
            switch op {
            case .equals, .in:
                guard let value = labels[key] else { return false }
                return values.contains(value)
            case .notEquals, .notIn:
                guard let value = labels[key] else { return true }
                return !values.contains(value)
            case .exists:
                return labels[key] != nil
            case .doesNotExist:
                return labels[key] == nil
            case .greaterThan, .lessThan:
                // Both sides must be integers; anything else does not match (as in Kubernetes).
                guard let text = labels[key], let actual = Int64(text),
                    let first = values.first, let bound = Int64(first)
                else { return false }
                return op == .greaterThan ? actual > bound : actual < bound
            }
        }

        /// The Kubernetes string form: `a=b`, `a!=b`, `a in (x,y)`, `a`, `!a`, `a>1`.
        public var description: String {
            switch op {
            case .equals: return "\(key)=\(values.first ?? "")"
            case .notEquals: return "\(key)!=\(values.first ?? "")"
            case .in: return "\(key) in (\(values.joined(separator: ",")))"
            case .notIn: return "\(key) notin (\(values.joined(separator: ",")))"
            case .exists: return key
            case .doesNotExist: return "!\(key)"
            case .greaterThan: return "\(key)>\(values.first ?? "")"
            case .lessThan: return "\(key)<\(values.first ?? "")"
            }
        }
    }

    /// Sorted by key (stable for equal keys), as Kubernetes keeps them, so the
    /// string form is canonical.
    public let requirements: [Requirement]

    public static let everything = LabelSelector(requirements: [])

    public init(requirements: [Requirement]) {
        self.requirements = requirements.enumerated()
            .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .map(\.element)
    }

    /// Equality requirements for every label, validated (like `matchLabels`).
    public init(matchLabels: [String: String]) throws(SelectorError) {
        var requirements: [Requirement] = []
        for (key, value) in matchLabels {
            requirements.append(try Requirement(key: key, op: .equals, values: [value]))
        }
        self.init(requirements: requirements)
    }

    /// Parses the query-parameter syntax; the empty string selects everything.
    public init(parsing text: String) throws(SelectorError) {
        var parser = LabelSelectorParser(text)
        do {
            self.init(requirements: try parser.parse())
        } catch {
            throw SelectorError("unable to parse requirement: \(error.message)")
        }
    }

    /// A metav1.LabelSelector: `{matchLabels: {...}, matchExpressions: [{key, operator, values}]}`.
    /// `null`, an absent selector and `{}` select everything.
    public init(json: JSONValue) throws(SelectorError) {
        if json == .null {
            self = .everything
            return
        }
        guard let object = json.objectValue else {
            throw SelectorError("Invalid value: a label selector must be an object, not \(json.typeName)")
        }
        var requirements: [Requirement] = []
        switch object["matchLabels"] {
        case nil, .null?:
            break
        case .object(let labels)?:
            for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
                guard let text = value.stringValue else {
                    throw SelectorError("matchLabels[\(key)]: Invalid value: must be a string, not \(value.typeName)")
                }
                do {
                    requirements.append(try Requirement(key: key, op: .equals, values: [text]))
                } catch {
                    throw SelectorError("matchLabels: \(error.message)")
                }
            }
        case let other?:
            throw SelectorError("matchLabels: Invalid value: must be an object, not \(other.typeName)")
        }
        switch object["matchExpressions"] {
        case nil, .null?:
            break
        case .array(let expressions)?:
            for (index, expression) in expressions.enumerated() {
                requirements.append(try Self.requirement(fromExpression: expression, at: "matchExpressions[\(index)]"))
            }
        case let other?:
            throw SelectorError("matchExpressions: Invalid value: must be an array, not \(other.typeName)")
        }
        self.init(requirements: requirements)
    }

    private static func requirement(fromExpression expression: JSONValue, at path: String) throws(SelectorError)
        -> Requirement
    {
        guard expression.objectValue != nil else {
            throw SelectorError("\(path): Invalid value: must be an object, not \(expression.typeName)")
        }
        guard let key = expression["key"].stringValue, !key.isEmpty else {
            throw SelectorError("\(path).key: Required value")
        }
        let operatorName: String
        switch expression["operator"] {
        case .string(let name): operatorName = name
        case .null: throw SelectorError("\(path).operator: Required value")
        case let other: throw SelectorError("\(path).operator: Invalid value: must be a string, not \(other.typeName)")
        }
        var values: [String] = []
        switch expression["values"] {
        case .null:
            break
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                guard let text = element.stringValue else {
                    throw SelectorError("\(path).values[\(index)]: Invalid value: must be a string, not \(element.typeName)")
                }
                values.append(text)
            }
        case let other:
            throw SelectorError("\(path).values: Invalid value: must be an array, not \(other.typeName)")
        }
        let op: Operator
        switch operatorName {
        case "In", "NotIn":
            guard !values.isEmpty else {
                throw SelectorError("\(path).values: Required value: must be specified when `operator` is 'In' or 'NotIn'")
            }
            op = operatorName == "In" ? .in : .notIn
        case "Exists", "DoesNotExist":
            guard values.isEmpty else {
                throw SelectorError("\(path).values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
            }
            op = operatorName == "Exists" ? .exists : .doesNotExist
        default:
            throw SelectorError(
                "\(path).operator: Unsupported value: \(quoted(operatorName)): supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\""
            )
        }
        do {
            return try Requirement(key: key, op: op, values: values)
        } catch {
            throw SelectorError("\(path).\(error.message)")
        }
    }

    public var matchesEverything: Bool { requirements.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// The single value `key` must equal for a match (`key=v` or `key in (v)`), if any.
    public func requiredValue(for key: String) -> String? {
        for requirement in requirements where requirement.key == key {
            if requirement.op == .equals || requirement.op == .in, requirement.values.count == 1 {
                return requirement.values[0]
            }
        }
        return nil
    }

    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }
}

/// A selector (label or field) that could not be parsed or is invalid; the
/// message reads like the Kubernetes API server's.
public struct SelectorError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

// MARK: - Syntax of label keys and values

/// The character rules of apimachinery's `IsQualifiedName` and `IsValidLabelValue`.
/// Kubernetes label key and value rules (apimachinery's `IsQualifiedName`,
/// `IsValidLabelValue`, `IsDNS1123Subdomain`), with the API server's messages.
public enum LabelSyntax {
    static let nameRule =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, or empty when `allowEmpty`.
    static func isNamePart(_ text: Substring, allowEmpty: Bool = false) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last else { return allowEmpty }
        guard isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// A lowercase RFC 1123 subdomain: dot-separated labels of `[a-z0-9]([-a-z0-9]*[a-z0-9])?`.
    public static func dnsSubdomainProblems(_ text: Substring) -> [String] {
        var problems: [String] = []
        if text.utf8.count > 253 { problems.append("must be no more than 253 characters") }
        let labelsValid = text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last else { return false }
            func lowerAlnum(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) }
            return lowerAlnum(first) && lowerAlnum(last) && bytes.allSatisfy { lowerAlnum($0) || $0 == UInt8(ascii: "-") }
        }
        if !labelsValid {
            problems.append(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            )
        }
        return problems
    }

    /// Problems with a label key (an optional DNS subdomain prefix and `/`, then a name of at most 63 bytes).
    public static func qualifiedNameProblems(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        var problems: [String] = []
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                problems.append("prefix part must be non-empty")
            } else {
                problems += dnsSubdomainProblems(prefix).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + nameRule + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            problems.append("name part must be non-empty")
        } else {
            if name.utf8.count > 63 { problems.append("name part must be no more than 63 bytes") }
            if !isNamePart(name) { problems.append("name part " + nameRule) }
        }
        return problems
    }

    /// Problems with a label value (empty, or at most 63 bytes of the name characters).
    public static func labelValueProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > 63 { problems.append("must be no more than 63 bytes") }
        if !isNamePart(value[...], allowEmpty: true) {
            problems.append(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
            )
        }
        return problems
    }
}

/// A Go-style `%q` rendering for messages.
fileprivate func quoted(_ text: String) -> String { LabelSyntax.quoted(text) }

extension LabelSyntax {
    /// A Go-style `%q` rendering for messages.
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
}

// MARK: - Parser

/// Tokenizer and recursive-descent parser for the selector string syntax,
/// following apimachinery's `labels.Parse` (same tokens, same error texts).
struct LabelSelectorParser {
    enum Token: Equatable {
        case identifier(String)
        case endOfString
        case doesNotExist  // !
        case equals  // =
        case doubleEquals  // ==
        case notEquals  // !=
        case greaterThan  // >
        case lessThan  // <
        case openParenthesis
        case closeParenthesis
        case comma
        case inKeyword
        case notInKeyword

        var literal: String {
            switch self {
            case .identifier(let text): return text
            case .endOfString: return ""
            case .doesNotExist: return "!"
            case .equals: return "="
            case .doubleEquals: return "=="
            case .notEquals: return "!="
            case .greaterThan: return ">"
            case .lessThan: return "<"
            case .openParenthesis: return "("
            case .closeParenthesis: return ")"
            case .comma: return ","
            case .inKeyword: return "in"
            case .notInKeyword: return "notin"
            }
        }

        /// In value position the keywords `in` and `notin` are plain identifiers.
        var asValue: Token {
            switch self {
            case .inKeyword, .notInKeyword: return .identifier(literal)
            default: return self
            }
        }

        var isIdentifier: Bool {
            if case .identifier = self { return true }
            return false
        }
    }

    private var tokens: [Token] = []
    private var position = 0

    init(_ text: String) {
        tokens = Self.tokenize(text)
    }

    static func isSpecial(_ character: Character) -> Bool {
        "=!(),><".contains(character)
    }

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            if isSpecial(character) {
                let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
                switch (character, next) {
                case ("!", "="?): tokens.append(.notEquals); index += 2
                case ("=", "="?): tokens.append(.doubleEquals); index += 2
                case ("!", _): tokens.append(.doesNotExist); index += 1
                case ("=", _): tokens.append(.equals); index += 1
                case ("(", _): tokens.append(.openParenthesis); index += 1
                case (")", _): tokens.append(.closeParenthesis); index += 1
                case (",", _): tokens.append(.comma); index += 1
                case (">", _): tokens.append(.greaterThan); index += 1
                default: tokens.append(.lessThan); index += 1
                }
                continue
            }
            var word = ""
            while index < characters.count, !characters[index].isWhitespace, !isSpecial(characters[index]) {
                word.append(characters[index])
                index += 1
            }
            switch word {
            case "in": tokens.append(.inKeyword)
            case "notin": tokens.append(.notInKeyword)
            default: tokens.append(.identifier(word))
            }
        }
        return tokens
    }

    private func peek() -> Token {
        position < tokens.count ? tokens[position].asValue : .endOfString
    }

    /// The next token; in operator position keywords stay keywords.
    private mutating func next(operatorPosition: Bool = false) -> Token {
        guard position < tokens.count else { return .endOfString }
        let token = tokens[position]
        position += 1
        return operatorPosition ? token : token.asValue
    }

    private static let binaryOperators = "in, notin, =, ==, !=, gt, lt"

    mutating func parse() throws(SelectorError) -> [LabelSelector.Requirement] {
        var requirements: [LabelSelector.Requirement] = []
        while true {
            let token = peek()
            switch token {
            case .identifier, .doesNotExist:
                requirements.append(try parseRequirement())
                let after = next()
                switch after {
                case .endOfString:
                    return requirements
                case .comma:
                    let following = peek()
                    if !following.isIdentifier && following != .doesNotExist {
                        throw SelectorError("found '\(following.literal)', expected: identifier after ','")
                    }
                default:
                    throw SelectorError("found '\(after.literal)', expected: ',' or 'end of string'")
                }
            case .endOfString:
                return requirements
            default:
                throw SelectorError("found '\(token.literal)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelSelector.Requirement {
        var token = next()
        var negated = false
        if token == .doesNotExist {
            negated = true
            token = next()
        }
        guard case .identifier(let key) = token else {
            throw SelectorError("found '\(token.literal)', expected: identifier")
        }
        let keyProblems = LabelSyntax.qualifiedNameProblems(key)
        if !keyProblems.isEmpty {
            throw SelectorError("key: Invalid value: \(quoted(key)): \(keyProblems.joined(separator: "; "))")
        }
        let following = peek()
        if negated || following == .endOfString || following == .comma {
            // `!key` is complete by itself; a following operator is reported by the caller.
            return try LabelSelector.Requirement(key: key, op: negated ? .doesNotExist : .exists)
        }
        let operatorToken = next(operatorPosition: true)
        let op: LabelSelector.Operator
        var values: [String]
        switch operatorToken {
        case .inKeyword, .notInKeyword:
            op = operatorToken == .inKeyword ? .in : .notIn
            values = try parseValueList()
        case .equals, .doubleEquals, .notEquals, .greaterThan, .lessThan:
            switch operatorToken {
            case .notEquals: op = .notEquals
            case .greaterThan: op = .greaterThan
            case .lessThan: op = .lessThan
            default: op = .equals
            }
            values = [try parseExactValue()]
        default:
            throw SelectorError("found '\(operatorToken.literal)', expected: \(Self.binaryOperators)")
        }
        return try LabelSelector.Requirement(key: key, op: op, values: values)
    }

    /// `(a, b, c)`; empty positions (`()`, `(a,)`) stand for the empty value, as in Kubernetes.
    private mutating func parseValueList() throws(SelectorError) -> [String] {
        let open = next()
        guard open == .openParenthesis else {
            throw SelectorError("found '\(open.literal)', expected: '('")
        }
        var values: [String] = []
        var expectingValue = true
        while true {
            let token = next()
            switch token {
            case .identifier(let value) where expectingValue:
                values.append(value)
                expectingValue = false
            case .comma:
                if expectingValue { values.append("") }
                expectingValue = true
            case .closeParenthesis:
                if expectingValue { values.append("") }
                return values
            default:
                let expected = expectingValue ? "',', ')' or identifier" : "',' or ')'"
                throw SelectorError("found '\(token.literal)', expected: \(expected)")
            }
        }
    }

    /// The value after `=`, `!=`, `>`, `<`; nothing before `,` or the end means the empty value.
    private mutating func parseExactValue() throws(SelectorError) -> String {
        let following = peek()
        if following == .endOfString || following == .comma { return "" }
        let token = next()
        guard case .identifier(let value) = token else {
            throw SelectorError("found '\(token.literal)', expected: identifier")
        }
        return value
    }
}
