/// Text of raw IP addresses for operation names in errors ("add address
/// 10.1.2.3/24 to link #4"). Not a parser: the bytes come from the caller.
enum IPText {
    static func describe(_ bytes: [UInt8]) -> String {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16: return describeV6(bytes)
        default: return bytes.isEmpty ? "(none)" : bytes.map { hex($0, width: 2) }.joined(separator: ":")
        }
    }

    /// RFC 5952 form: lowercase, no leading zeros, the longest run of two or
    /// more zero groups (the first of equal runs) written as "::".
    private static func describeV6(_ bytes: [UInt8]) -> String {
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var best = (start: -1, length: 0)
        var run = (start: -1, length: 0)
        for (position, group) in groups.enumerated() {
            if group == 0 {
                run = run.start < 0 ? (position, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else {
                run = (-1, 0)
            }
        }
        let text = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return text.joined(separator: ":") }
        let head = text[0..<best.start].joined(separator: ":")
        let tail = text[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    private static func hex(_ byte: UInt8, width: Int) -> String {
        let digits = String(byte, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
