/// An IPv4 (4 bytes) or IPv6 (16 bytes) address, network byte order.
///
/// Text forms: dotted decimal for IPv4 (no leading zeros, which some parsers
/// read as octal); for IPv6 the RFC 4291 forms, with `::` and a trailing
/// dotted IPv4 part, without zone ("%eth0"). `description` is the canonical
/// text, IPv6 compressed as RFC 5952 says.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4([UInt8])
    case v6([UInt8])

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: ":")) {
            guard let parsed = Self.parseV6(bytes[...]) else { return nil }
            self = .v6(parsed)
        } else {
            guard let parsed = Self.parseV4(bytes[...]) else { return nil }
            self = .v4(parsed)
        }
    }

    public var bytes: [UInt8] {
        switch self {
        case .v4(let bytes), .v6(let bytes): return bytes
        }
    }

    public var isV4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// 32 or 128.
    public var bitCount: UInt8 { isV4 ? 32 : 128 }

    public var description: String {
        switch self {
        case .v4(let bytes): return Self.formatV4(bytes[...])
        case .v6(let bytes): return Self.formatV6(bytes)
        }
    }

    // MARK: Parsing

    static func parseV4(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard let value = decimal(part, maxDigits: 3), value <= 255 else { return nil }
            out.append(UInt8(value))
        }
        return out
    }

    /// Decimal digits only, no sign, no leading zero (except "0" itself).
    static func decimal(_ digits: ArraySlice<UInt8>, maxDigits: Int) -> Int? {
        guard !digits.isEmpty, digits.count <= maxDigits,
            digits.count == 1 || digits.first != UInt8(ascii: "0")
        else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    static func parseV6(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let colon = UInt8(ascii: ":")
        // At most one "::"; split the text around it.
        var head = text
        var tail: ArraySlice<UInt8>? = nil
        var index = text.startIndex
        while index < text.endIndex - 1 {
            if text[index] == colon, text[index + 1] == colon {
                if tail != nil { return nil }
                head = text[text.startIndex..<index]
                tail = text[(index + 2)...]
                index += 2
                continue
            }
            index += 1
        }
        guard var headGroups = groups(head, allowV4: tail == nil) else { return nil }
        if let tail {
            guard let tailGroups = groups(tail, allowV4: true) else { return nil }
            // "::" stands for at least one group of zeros.
            guard headGroups.count + tailGroups.count <= 7 else { return nil }
            headGroups += Array(repeating: 0, count: 8 - headGroups.count - tailGroups.count) + tailGroups
        }
        guard headGroups.count == 8 else { return nil }
        return headGroups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// The 16-bit groups of one side of "::" (an empty side has none); the last
    /// may be a dotted IPv4 address, which counts as two groups.
    static func groups(_ text: ArraySlice<UInt8>, allowV4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var out: [UInt16] = []
        for (position, part) in parts.enumerated() {
            if position == parts.count - 1, allowV4, part.contains(UInt8(ascii: ".")) {
                guard let v4 = parseV4(part) else { return nil }
                out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                continue
            }
            guard !part.isEmpty, part.count <= 4 else { return nil }
            var value: UInt16 = 0
            for digit in part {
                guard let nibble = hexValue(digit) else { return nil }
                value = value << 4 | UInt16(nibble)
            }
            out.append(value)
        }
        return out.count <= 8 ? out : nil
    }

    static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    // MARK: Formatting

    static func formatV4(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map(String.init).joined(separator: ".")
    }

    /// RFC 5952: lower case, no leading zeros, the longest run (first on a
    /// tie) of two or more zero groups as "::", IPv4-mapped addresses with a
    /// dotted tail. A payload of the wrong size (the enum cannot prevent it)
    /// prints as hex bytes rather than trapping.
    static func formatV6(_ bytes: [UInt8]) -> String {
        guard bytes.count == 16 else {
            return "<invalid IPv6: " + bytes.map { String($0, radix: 16) }.joined(separator: " ") + ">"
        }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return "::ffff:" + formatV4(bytes[12...])
        }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1
        var bestLength = 1
        var runStart = 0
        var runLength = 0
        for (index, group) in groups.enumerated() {
            if group == 0 {
                if runLength == 0 { runStart = index }
                runLength += 1
                if runLength > bestLength {
                    bestStart = runStart
                    bestLength = runLength
                }
            } else {
                runLength = 0
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let before = hex[..<bestStart].joined(separator: ":")
        let after = hex[(bestStart + bestLength)...].joined(separator: ":")
        return before + "::" + after
    }
}

/// An address with a prefix length, "10.1.2.3/24": an interface address keeps
/// its host bits (use `network` for the masked prefix).
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var length: UInt8

    public init(address: IPAddress, length: UInt8) {
        self.address = address
        self.length = length
    }

    /// "ADDRESS/LENGTH", LENGTH decimal without leading zeros, at most 32
    /// (IPv4) or 128 (IPv6).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")),
            let length = IPAddress.decimal(bytes[(slash + 1)...], maxDigits: 3)
        else { return nil }
        guard let address = IPAddress(String(decoding: bytes[..<slash], as: UTF8.self)),
            length <= Int(address.bitCount)
        else { return nil }
        self.address = address
        self.length = UInt8(length)
    }

    /// The prefix with the host bits cleared ("10.1.2.3/24" -> "10.1.2.0/24").
    public var network: IPPrefix {
        var bytes = address.bytes
        for index in bytes.indices {
            let bitsBefore = index * 8
            if bitsBefore >= Int(length) {
                bytes[index] = 0
            } else if bitsBefore + 8 > Int(length) {
                bytes[index] &= ~UInt8(0xFF >> (Int(length) - bitsBefore))
            }
        }
        let masked: IPAddress = address.isV4 ? .v4(bytes) : .v6(bytes)
        return IPPrefix(address: masked, length: length)
    }

    public var description: String { "\(address)/\(length)" }
}
