/// A CNI spec version ("1.0.0"), one of those this plugin implements.
public struct CNIVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public static let supported: [String] = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]
    public static let latest = "1.1.0"

    public let major: Int
    public let minor: Int
    public let patch: Int

    /// A supported version; anything else is error 1 (incompatible version),
    /// naming the versions that are supported.
    public init(_ text: String) throws(CNIError) {
        guard let parsed = CNIVersion(parsing: text) else {
            throw .incompatibleVersion(
                "invalid CNI version \(quoted(text)): expected MAJOR.MINOR.PATCH, one of \(Self.supportedList)")
        }
        guard Self.supported.contains(parsed.description) else {
            throw .incompatibleVersion(
                "unsupported CNI version \(quoted(text)); this plugin supports \(Self.supportedList)")
        }
        self = parsed
    }

    /// Any well-formed "MAJOR.MINOR.PATCH" (decimal, no sign, no leading
    /// zeros), supported or not: result encoding uses it to pick a format.
    init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 9, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || !part.hasPrefix("0"), let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2])
    }

    init(major: Int, minor: Int, patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    static let v0_4_0 = CNIVersion(major: 0, minor: 4, patch: 0)
    static let v1_0_0 = CNIVersion(major: 1, minor: 0, patch: 0)
    static let v1_1_0 = CNIVersion(major: 1, minor: 1, patch: 0)

    /// CHECK exists since 0.4.0.
    public var supportsCheck: Bool { self >= Self.v0_4_0 }
    /// STATUS and GC exist since 1.1.0.
    public var supportsStatusAndGC: Bool { self >= Self.v1_1_0 }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: CNIVersion, rhs: CNIVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    static var supportedList: String { supported.joined(separator: ", ") }
}
