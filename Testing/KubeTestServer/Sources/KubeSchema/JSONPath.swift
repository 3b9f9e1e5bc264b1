public import JSONValues
import KubeModel

/// A Kubernetes-flavoured JSONPath as used in printer columns and
/// `kubectl -o jsonpath`: `.a.b`, `.a[0]`, `.a[-1]`, `.a[1:3]`, `.a[*].b`,
/// `.*`, `..name`, `.a['key.with.dots']`, `.a[0,2]` and filters such as
/// `.status.conditions[?(@.type=="Ready")].status` (`==`, `!=`, `<`, `<=`,
/// `>`, `>=`, and a bare `@.field` for existence). A template wrapped in one
/// pair of braces (`{.metadata.name}`) and a leading `$` are accepted.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    let steps: [Step]

    indirect enum Step: Sendable, Hashable {
        case field(String)
        case wildcard
        case index(Int)
        case slice(start: Int?, end: Int?, step: Int?)
        case union([Step])
        case recursive(Step)
        case filter(Filter)
    }

    enum Filter: Sendable, Hashable {
        case exists([Step])
        case compare(Operand, Comparison, Operand)
    }

    enum Operand: Sendable, Hashable {
        case path([Step])
        case literal(JSONValue)
    }

    enum Comparison: String, Sendable, Hashable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    public init(_ text: String) throws(SchemaError) {
        self.text = text
        var body = Substring(text).trimmingWhitespace()
        if body.first == "{" {
            guard body.last == "}" else { throw Self.error(text, "unclosed action") }
            body = body.dropFirst().dropLast().trimmingWhitespace()
            if body.contains("{") || body.contains("}") {
                throw Self.error(text, "only one {...} action is supported")
            }
        }
        var parser = Parser(characters: Array(body), text: text)
        steps = try parser.parsePath(stopAt: [])
    }

    public var description: String { text }

    static func error(_ text: String, _ detail: String) -> SchemaError {
        SchemaError(field: "", message: "invalid JSONPath \(GoFormat.quote(text)): \(detail)")
    }

    /// Every value the path selects, in document order (object members by key
    /// where a wildcard or recursion enumerates them); empty when nothing matches.
    public func evaluate(_ value: JSONValue) -> [JSONValue] {
        Self.apply(steps, to: [value])
    }

    /// The first match, or nil: what a printer column shows.
    public func first(in value: JSONValue) -> JSONValue? {
        evaluate(value).first
    }

    // MARK: Evaluation

    static func apply(_ steps: [Step], to values: [JSONValue]) -> [JSONValue] {
        steps.reduce(values) { current, step in current.flatMap { apply(step, to: $0) } }
    }

    private static func apply(_ step: Step, to value: JSONValue) -> [JSONValue] {
        switch step {
        case .field(let name):
            guard case .object(let members) = value, let member = members[name] else { return [] }
            return [member]
        case .wildcard:
            switch value {
            case .object(let members): return members.keys.sorted().compactMap { members[$0] }
            case .array(let elements): return elements
            default: return []
            }
        case .index(let index):
            guard case .array(let elements) = value else { return [] }
            let resolved = index < 0 ? elements.count + index : index
            return elements.indices.contains(resolved) ? [elements[resolved]] : []
        case .slice(let start, let end, let step):
            guard case .array(let elements) = value else { return [] }
            return slice(elements, start: start, end: end, step: step)
        case .union(let alternatives):
            return alternatives.flatMap { apply($0, to: value) }
        case .recursive(let inner):
            return descendants(of: value).flatMap { apply(inner, to: $0) }
        case .filter(let filter):
            guard case .array(let elements) = value else { return [] }
            return elements.filter { matches(filter, $0) }
        }
    }

    private static func slice(_ elements: [JSONValue], start: Int?, end: Int?, step: Int?) -> [JSONValue] {
        let count = elements.count
        // A step larger than the array behaves like the array's length (and cannot overflow).
        let stride = min(max(step ?? 1, -(count + 1)), count + 1)
        guard stride != 0 else { return [] }
        func clamp(_ index: Int, low: Int, high: Int) -> Int { min(max(index, low), high) }
        func resolve(_ index: Int) -> Int { index < 0 ? index + count : index }
        var result: [JSONValue] = []
        if stride > 0 {
            var index = clamp(resolve(start ?? 0), low: 0, high: count)
            let stop = clamp(resolve(end ?? count), low: 0, high: count)
            while index < stop {
                result.append(elements[index])
                index += stride
            }
        } else {
            var index = clamp(resolve(start ?? count - 1), low: -1, high: count - 1)
            let stop = end.map { clamp(resolve($0), low: -1, high: count - 1) } ?? -1
            while index > stop {
                result.append(elements[index])
                index += stride
            }
        }
        return result
    }

    private static func descendants(of value: JSONValue) -> [JSONValue] {
        var result = [value]
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                if let member = members[key] { result += descendants(of: member) }
            }
        case .array(let elements):
            for element in elements { result += descendants(of: element) }
        default:
            break
        }
        return result
    }

    private static func matches(_ filter: Filter, _ element: JSONValue) -> Bool {
        switch filter {
        case .exists(let path):
            return !apply(path, to: [element]).isEmpty
        case .compare(let left, let comparison, let right):
            guard let lhs = resolve(left, element), let rhs = resolve(right, element) else { return false }
            return compare(lhs, comparison, rhs)
        }
    }

    private static func resolve(_ operand: Operand, _ element: JSONValue) -> JSONValue? {
        switch operand {
        case .literal(let value): return value
        case .path(let path):
            let results = apply(path, to: [element])
            return results.count == 1 ? results[0] : nil
        }
    }

    private static func compare(_ lhs: JSONValue, _ comparison: Comparison, _ rhs: JSONValue) -> Bool {
        switch comparison {
        case .equal: return StructuralSchema.jsonEqual(lhs, rhs)
        case .notEqual: return !StructuralSchema.jsonEqual(lhs, rhs)
        default: break
        }
        let ordering: Int
        if let a = lhs.doubleValue, let b = rhs.doubleValue {
            ordering = a < b ? -1 : (a > b ? 1 : 0)
        } else if let a = lhs.stringValue, let b = rhs.stringValue {
            ordering = a < b ? -1 : (a > b ? 1 : 0)
        } else {
            return false
        }
        switch comparison {
        case .less: return ordering < 0
        case .lessOrEqual: return ordering <= 0
        case .greater: return ordering > 0
        case .greaterOrEqual: return ordering >= 0
        case .equal, .notEqual: return false
        }
    }
}

// MARK: - Parsing

private struct Parser {
    let characters: [Character]
    let text: String
    var position = 0

    init(characters: [Character], text: String) {
        self.characters = characters
        self.text = text
    }

    private var current: Character? { position < characters.count ? characters[position] : nil }

    private func peek(_ offset: Int) -> Character? {
        position + offset < characters.count ? characters[position + offset] : nil
    }

    private func fail(_ detail: String) -> SchemaError { JSONPath.error(text, detail) }

    private mutating func skipSpaces() {
        while let character = current, character == " " || character == "\t" { position += 1 }
    }

    /// Steps until the end or one of `stopAt` (not consumed).
    mutating func parsePath(stopAt: Set<Character>) throws(SchemaError) -> [JSONPath.Step] {
        var steps: [JSONPath.Step] = []
        if current == "$" || current == "@" { position += 1 }
        // Tolerate a first field without its leading dot ("metadata.name").
        if let character = current, !stopAt.contains(character), character != ".", character != "[",
            !Self.isTerminator(character)
        {
            steps.append(.field(try parseName()))
        }
        while let character = current, !stopAt.contains(character) {
            switch character {
            case ".":
                position += 1
                if current == "." {
                    position += 1
                    if current == "*" {
                        position += 1
                        steps.append(.recursive(.wildcard))
                    } else if current == "[" {
                        steps.append(.recursive(try parseBracket()))
                    } else {
                        let name = try parseName()
                        guard !name.isEmpty else { throw fail("missing name after '..'") }
                        steps.append(.recursive(.field(name)))
                    }
                } else if current == "*" {
                    position += 1
                    steps.append(.wildcard)
                } else if current == nil || current.map({ stopAt.contains($0) || $0 == "[" }) == true {
                    // "." alone: the current value.
                    continue
                } else {
                    let name = try parseName()
                    guard !name.isEmpty else {
                        throw fail("unexpected \(GoFormat.quote(String(current ?? " "))) after '.'")
                    }
                    steps.append(.field(name))
                }
            case "[":
                steps.append(try parseBracket())
            case " ", "\t":
                skipSpaces()
                if let next = current, !stopAt.contains(next) {
                    throw fail("unexpected \(GoFormat.quote(String(next)))")
                }
            default:
                throw fail("unexpected \(GoFormat.quote(String(character)))")
            }
        }
        return steps
    }

    private static func isTerminator(_ character: Character) -> Bool {
        ".[](){}=!<>,'\" \t\n".contains(character)
    }

    private mutating func parseName() throws(SchemaError) -> String {
        var name = ""
        while let character = current {
            if character == "\\" {
                guard let escaped = peek(1) else { throw fail("dangling escape") }
                name.append(escaped)
                position += 2
                continue
            }
            if Self.isTerminator(character) { break }
            name.append(character)
            position += 1
        }
        return name
    }

    private mutating func parseBracket() throws(SchemaError) -> JSONPath.Step {
        position += 1  // "["
        skipSpaces()
        let step: JSONPath.Step
        switch current {
        case "*":
            position += 1
            step = .wildcard
        case "?":
            position += 1
            skipSpaces()
            guard current == "(" else { throw fail("expected '(' after '?'") }
            position += 1
            step = .filter(try parseFilter())
            skipSpaces()
            guard current == ")" else { throw fail("unclosed filter") }
            position += 1
        case "'", "\"":
            var names: [JSONPath.Step] = []
            while true {
                names.append(.field(try parseQuoted()))
                skipSpaces()
                guard current == "," else { break }
                position += 1
                skipSpaces()
            }
            step = names.count == 1 ? names[0] : .union(names)
        default:
            step = try parseIndexes()
        }
        skipSpaces()
        guard current == "]" else { throw fail("expected ']'") }
        position += 1
        return step
    }

    private mutating func parseQuoted() throws(SchemaError) -> String {
        guard let quote = current, quote == "'" || quote == "\"" else { throw fail("expected a quoted string") }
        position += 1
        var value = ""
        while let character = current, character != quote {
            if character == "\\", let escaped = peek(1) {
                value.append(escaped)
                position += 2
                continue
            }
            value.append(character)
            position += 1
        }
        guard current == quote else { throw fail("unterminated string") }
        position += 1
        return value
    }

    private mutating func parseInteger() throws(SchemaError) -> Int? {
        skipSpaces()
        var digits = ""
        if current == "-" || current == "+" {
            digits.append(current ?? "-")
            position += 1
        }
        while let character = current, character.isASCII, character.isNumber {
            digits.append(character)
            position += 1
        }
        skipSpaces()
        if digits.isEmpty { return nil }
        guard let value = Int(digits) else { throw fail("invalid number \(GoFormat.quote(digits))") }
        return value
    }

    private mutating func parseIndexes() throws(SchemaError) -> JSONPath.Step {
        var alternatives: [JSONPath.Step] = []
        while true {
            let start = try parseInteger()
            if current == ":" {
                position += 1
                let end = try parseInteger()
                var step: Int?
                if current == ":" {
                    position += 1
                    step = try parseInteger()
                }
                alternatives.append(.slice(start: start, end: end, step: step))
            } else {
                guard let start else { throw fail("expected an index, a slice, '*', a filter or a quoted name") }
                alternatives.append(.index(start))
            }
            guard current == "," else { break }
            position += 1
        }
        return alternatives.count == 1 ? alternatives[0] : .union(alternatives)
    }

    private mutating func parseFilter() throws(SchemaError) -> JSONPath.Filter {
        skipSpaces()
        let left = try parseOperand()
        skipSpaces()
        var symbol = ""
        while let character = current, "=!<>".contains(character) {
            symbol.append(character)
            position += 1
        }
        if symbol.isEmpty {
            guard case .path(let path) = left else { throw fail("a filter needs a comparison or an @ path") }
            return .exists(path)
        }
        guard let comparison = JSONPath.Comparison(rawValue: symbol) else {
            throw fail("unsupported operator \(GoFormat.quote(symbol))")
        }
        skipSpaces()
        let right = try parseOperand()
        return .compare(left, comparison, right)
    }

    private mutating func parseOperand() throws(SchemaError) -> JSONPath.Operand {
        switch current {
        case "@":
            return .path(try parsePath(stopAt: ["=", "!", "<", ">", ")", " ", "\t"]))
        case "'", "\"":
            return .literal(.string(try parseQuoted()))
        default:
            var token = ""
            while let character = current, !"=!<>) \t".contains(character) {
                token.append(character)
                position += 1
            }
            switch token {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "nil", "null": return .literal(.null)
            default:
                if let integer = Int64(token) { return .literal(.int(integer)) }
                if let number = Double(token) { return .literal(.double(number)) }
                throw fail("unrecognized operand \(GoFormat.quote(token))")
            }
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
