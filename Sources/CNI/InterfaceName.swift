import JSONValues

/// Linux network interface names, as the kernel's `dev_valid_name` accepts
/// them: 1...15 bytes (IFNAMSIZ - 1), not "." or "..", no '/', ':' or
/// whitespace. Control characters are refused as well: a NUL would silently
/// truncate the name in the kernel, and the others are never intended.
public enum InterfaceName {
    public static let maximumLength = 15

    /// What is wrong with `name`, or nil when it is a valid interface name.
    public static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "an interface name must not be empty" }
        if bytes.count > maximumLength {
            return "\(quoted(name)) is \(bytes.count) bytes long; interface names have at most \(maximumLength)"
        }
        if name == "." || name == ".." { return "\(quoted(name)) is not allowed as an interface name" }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "/"), UInt8(ascii: ":"):
                return "\(quoted(name)) contains '\(Character(Unicode.Scalar(byte)))', which interface names must not contain"
            case UInt8(ascii: " "), 0x09...0x0D:
                return "\(quoted(name)) contains whitespace, which interface names must not contain"
            case 0x00...0x1F, 0x7F:
                return "\(quoted(name)) contains a control character, which interface names must not contain"
            default:
                continue
            }
        }
        return nil
    }

    public static func isValid(_ name: String) -> Bool { problem(with: name) == nil }
}

/// A value for a message, quoted and escaped as a JSON string.
package func quoted(_ text: String) -> String { JSONValue.string(text).jsonString }
