public import JSONValues

/// JSON Patch (RFC 6902), the `application/json-patch+json` patch type, with
/// JSON Pointers (RFC 6901). Operations apply in order; the first that fails
/// (a `test` that does not hold included) fails the whole patch.
extension JSONValue {
    public func applyingJSONPatch(_ operations: JSONValue) throws(PatchError) -> JSONValue {
        guard case .array(let list) = operations else {
            throw PatchError("a JSON patch must be an array of operations, not \(operations.typeName)")
        }
        var document = self
        for (index, operation) in list.enumerated() {
            try JSONPatchOperation(operation, index: index).apply(to: &document)
        }
        return document
    }

    /// Deep equality with numbers compared by value (`1` equals `1.0`), as RFC 6902 `test` requires.
    func isJSONEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.int(let left), .int(let right)):
            return left == right
        case (.int, .double), (.double, .int), (.double, .double):
            return doubleValue == other.doubleValue
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isJSONEqual(to: $1) }
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            for (key, value) in left {
                guard let otherValue = right[key], value.isJSONEqual(to: otherValue) else { return false }
            }
            return true
        default:
            return self == other
        }
    }
}

/// A patch that cannot be applied (malformed, or not matching the document).
public struct PatchError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A parsed RFC 6901 pointer: `""` is the whole document, `/a/0/~1b` is `["a", "0", "/b"]`.
struct JSONPointer: Equatable {
    let text: String
    let tokens: [String]

    init(_ text: String) throws(PatchError) {
        self.text = text
        guard !text.isEmpty else {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else {
            throw PatchError("invalid JSON pointer \"\(text)\": must be empty or start with \"/\"")
        }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var afterTilde = false
            for character in raw {
                if afterTilde {
                    switch character {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: throw PatchError("invalid JSON pointer \"\(text)\": \"~\(character)\" is not an escape (use ~0 or ~1)")
                    }
                    afterTilde = false
                } else if character == "~" {
                    afterTilde = true
                } else {
                    token.append(character)
                }
            }
            if afterTilde {
                throw PatchError("invalid JSON pointer \"\(text)\": \"~\" at the end of a reference token")
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The pointer of the first `count` tokens, for messages.
    func prefix(_ count: Int) -> String {
        tokens.prefix(count).map { "/" + $0.replacing("~", with: "~0").replacing("/", with: "~1") }.joined()
    }
}

/// One operation of a JSON patch, validated before it runs.
struct JSONPatchOperation {
    enum Kind: String {
        case add, remove, replace, move, copy, test
    }

    let index: Int
    let kind: Kind
    let path: JSONPointer
    let from: JSONPointer?
    let value: JSONValue?

    init(_ operation: JSONValue, index: Int) throws(PatchError) {
        self.index = index
        guard case .object(let members) = operation else {
            throw PatchError("operation \(index): must be an object, not \(operation.typeName)")
        }
        guard let opValue = members["op"] else {
            throw PatchError("operation \(index): missing \"op\"")
        }
        guard let name = opValue.stringValue, let kind = Kind(rawValue: name) else {
            throw PatchError("operation \(index): unsupported \"op\" \(opValue.jsonString) (expected add, remove, replace, move, copy or test)")
        }
        self.kind = kind
        guard let pathValue = members["path"] else {
            throw PatchError("operation \(index) (\(name)): missing \"path\"")
        }
        guard let pathText = pathValue.stringValue else {
            throw PatchError("operation \(index) (\(name)): \"path\" must be a string, not \(pathValue.typeName)")
        }
        do {
            path = try JSONPointer(pathText)
        } catch {
            throw PatchError("operation \(index) (\(name)): \(error.message)")
        }
        switch kind {
        case .add, .replace, .test:
            // `"value": null` is a value; only a missing member is an error.
            guard let value = members["value"] else {
                throw PatchError("operation \(index) (\(name) \"\(pathText)\"): missing \"value\"")
            }
            self.value = value
            from = nil
        case .move, .copy:
            guard let fromValue = members["from"] else {
                throw PatchError("operation \(index) (\(name) \"\(pathText)\"): missing \"from\"")
            }
            guard let fromText = fromValue.stringValue else {
                throw PatchError("operation \(index) (\(name) \"\(pathText)\"): \"from\" must be a string, not \(fromValue.typeName)")
            }
            do {
                from = try JSONPointer(fromText)
            } catch {
                throw PatchError("operation \(index) (\(name)): \(error.message)")
            }
            value = nil
        case .remove:
            value = nil
            from = nil
        }
    }

    func apply(to document: inout JSONValue) throws(PatchError) {
        do throws(PatchError) {
            switch kind {
            case .add:
                try Self.add(value ?? .null, at: path, in: &document)
            case .remove:
                _ = try Self.remove(at: path, in: &document)
            case .replace:
                if path.tokens.isEmpty {
                    document = value ?? .null
                } else {
                    _ = try Self.remove(at: path, in: &document)
                    try Self.add(value ?? .null, at: path, in: &document)
                }
            case .move:
                guard let from else { return }
                if from == path { _ = try Self.value(at: from, in: document); return }
                if from.tokens.count < path.tokens.count, Array(path.tokens.prefix(from.tokens.count)) == from.tokens {
                    throw PatchError("cannot move \"\(from.text)\" into its own child \"\(path.text)\"")
                }
                let moved = try Self.remove(at: from, in: &document)
                try Self.add(moved, at: path, in: &document)
            case .copy:
                guard let from else { return }
                try Self.add(try Self.value(at: from, in: document), at: path, in: &document)
            case .test:
                let actual = try Self.value(at: path, in: document)
                let expected = value ?? .null
                if !actual.isJSONEqual(to: expected) {
                    throw PatchError("test failed: value at \"\(path.text)\" is \(actual.jsonString), expected \(expected.jsonString)")
                }
            }
        } catch {
            throw PatchError("operation \(index) (\(kind.rawValue) \"\(path.text)\"): \(error.message)")
        }
    }

    // MARK: Pointer operations

    static func value(at pointer: JSONPointer, in document: JSONValue) throws(PatchError) -> JSONValue {
        var current = document
        for (depth, token) in pointer.tokens.enumerated() {
            switch current {
            case .object(let members):
                guard let child = members[token] else {
                    throw PatchError("path \"\(pointer.prefix(depth + 1))\" does not exist")
                }
                current = child
            case .array(let elements):
                let position = try existingIndex(token, count: elements.count, at: pointer.prefix(depth + 1))
                current = elements[position]
            default:
                throw PatchError("path \"\(pointer.prefix(depth + 1))\" does not exist: \"\(pointer.prefix(depth))\" is a \(current.typeName)")
            }
        }
        return current
    }

    /// Runs `change` on the container holding the pointer's last token.
    private static func withParent(
        of pointer: JSONPointer, in document: inout JSONValue, depth: Int = 0,
        _ change: (inout JSONValue, String) throws(PatchError) -> JSONValue?
    ) throws(PatchError) -> JSONValue? {
        let token = pointer.tokens[depth]
        if depth == pointer.tokens.count - 1 {
            return try change(&document, token)
        }
        switch document {
        case .object(var members):
            guard var child = members.removeValue(forKey: token) else {
                throw PatchError("path \"\(pointer.prefix(depth + 1))\" does not exist")
            }
            let result = try withParent(of: pointer, in: &child, depth: depth + 1, change)
            members[token] = child
            document = .object(members)
            return result
        case .array(var elements):
            let position = try existingIndex(token, count: elements.count, at: pointer.prefix(depth + 1))
            var child = elements[position]
            elements[position] = .null
            let result = try withParent(of: pointer, in: &child, depth: depth + 1, change)
            elements[position] = child
            document = .array(elements)
            return result
        default:
            throw PatchError("path \"\(pointer.prefix(depth + 1))\" does not exist: \"\(pointer.prefix(depth))\" is a \(document.typeName)")
        }
    }

    static func add(_ value: JSONValue, at pointer: JSONPointer, in document: inout JSONValue) throws(PatchError) {
        guard !pointer.tokens.isEmpty else {
            document = value
            return
        }
        _ = try withParent(of: pointer, in: &document) { (parent: inout JSONValue, token: String) throws(PatchError) -> JSONValue? in
            switch parent {
            case .object(var members):
                members[token] = value
                parent = .object(members)
            case .array(var elements):
                if token == "-" {
                    elements.append(value)
                } else {
                    guard let position = arrayIndex(token) else {
                        throw PatchError("\"\(token)\" is not an array index")
                    }
                    guard position <= elements.count else {
                        throw PatchError("index \(position) is out of bounds for an array of \(elements.count) elements")
                    }
                    elements.insert(value, at: position)
                }
                parent = .array(elements)
            default:
                throw PatchError("cannot add a member to a \(parent.typeName)")
            }
            return nil
        }
    }

    /// Removes and returns the value at the pointer.
    static func remove(at pointer: JSONPointer, in document: inout JSONValue) throws(PatchError) -> JSONValue {
        guard !pointer.tokens.isEmpty else {
            throw PatchError("cannot remove the whole document")
        }
        let removed = try withParent(of: pointer, in: &document) { (parent: inout JSONValue, token: String) throws(PatchError) -> JSONValue? in
            switch parent {
            case .object(var members):
                guard let old = members.removeValue(forKey: token) else {
                    throw PatchError("path \"\(pointer.text)\" does not exist")
                }
                parent = .object(members)
                return old
            case .array(var elements):
                let position = try existingIndex(token, count: elements.count, at: pointer.text)
                let old = elements.remove(at: position)
                parent = .array(elements)
                return old
            default:
                throw PatchError("path \"\(pointer.text)\" does not exist: its parent is a \(parent.typeName)")
            }
        }
        return removed ?? .null
    }

    /// An RFC 6901 array index: `0` or digits without a leading zero.
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if token.count > 1 && token.hasPrefix("0") { return nil }
        return Int(token)
    }

    private static func existingIndex(_ token: String, count: Int, at pointer: String) throws(PatchError) -> Int {
        guard let position = arrayIndex(token) else {
            if token == "-" {
                throw PatchError("path \"\(pointer)\" does not exist: \"-\" (past the end) is only valid for add")
            }
            throw PatchError("path \"\(pointer)\": \"\(token)\" is not an array index")
        }
        guard position < count else {
            throw PatchError("path \"\(pointer)\" does not exist: index \(position) is out of bounds for an array of \(count) elements")
        }
        return position
    }
}
