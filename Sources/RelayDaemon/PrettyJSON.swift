import JSONQuoting

/// A JSON document for `check --json`, written without Foundation's
/// JSONEncoder (the daemon's image has no room for Foundation). Only what the
/// report needs: strings, integers, booleans, arrays and objects; an absent
/// optional is left out of its object, as synthesized Encodable does.
enum PrettyJSON: Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([PrettyJSON])
    case object([String: PrettyJSON])

    /// An object from its members; nil values are omitted rather than written as null.
    static func members(_ members: KeyValuePairs<String, PrettyJSON?>) -> PrettyJSON {
        var object: [String: PrettyJSON] = [:]
        for (key, value) in members {
            if let value { object[key] = value }
        }
        return .object(object)
    }

    /// Two spaces per level, keys sorted (stable output for diffs and tests),
    /// empty arrays and objects on one line. No trailing newline.
    var text: String {
        var out = ""
        write(to: &out, indent: "")
        return out
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case let .string(value):
            JSONQuoting.append(value, to: &out, style: .jsonEncoder)
        case let .integer(value):
            out += String(value)
        case let .boolean(value):
            out += value ? "true" : "false"
        case let .array(elements):
            guard !elements.isEmpty else { out += "[]"; return }
            let inner = indent + "  "
            out += "[\n"
            for (offset, element) in elements.enumerated() {
                out += inner
                element.write(to: &out, indent: inner)
                out += offset == elements.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case let .object(members):
            guard !members.isEmpty else { out += "{}"; return }
            let inner = indent + "  "
            let sorted = members.sorted { $0.key < $1.key }
            out += "{\n"
            for (offset, member) in sorted.enumerated() {
                out += inner
                JSONQuoting.append(member.key, to: &out, style: .jsonEncoder)
                out += ": "
                member.value.write(to: &out, indent: inner)
                out += offset == sorted.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }
}
