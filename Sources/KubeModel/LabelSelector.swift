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
                problems.append("key: Invalid value: \(GoFormat.quote(key)): \(keyProblems.joined(separator: "; "))")
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
                    problems.append("values[\(index)]: Invalid value: \(GoFormat.quote(value)): for 'Gt', 'Lt' operators, the value must be an integer")
                }
            }
            for (index, value) in values.enumerated() {
                let valueProblems = LabelSyntax.labelValueProblems(value)
                if !valueProblems.isEmpty {
                    problems.append(
                        "values[\(index)][\(key)]: Invalid value: \(GoFormat.quote(value)): \(valueProblems.joined(separator: "; "))")
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
                "\(path).operator: Unsupported value: \(GoFormat.quote(operatorName)): supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\""
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
