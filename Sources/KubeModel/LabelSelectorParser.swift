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
            throw SelectorError("key: Invalid value: \(GoFormat.quote(key)): \(keyProblems.joined(separator: "; "))")
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
