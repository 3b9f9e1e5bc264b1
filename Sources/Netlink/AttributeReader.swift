/// Iterates over the attributes in a byte slice, checking each length,
/// alignment and bound.
///
/// ```swift
/// var reader = AttributeReader(payload)
/// while let attribute = try reader.next() {
///     switch attribute.type { ... default: continue }   // unknown types come from newer kernels
/// }
/// ```
public struct AttributeReader: Sendable {
    private var cursor: ByteCursor

    public init(_ bytes: ArraySlice<UInt8>) { cursor = ByteCursor(bytes) }

    public mutating func next() throws(NetlinkError) -> Attribute? {
        if cursor.isAtEnd { return nil }
        let available = cursor.remaining.count
        var header = ByteCursor(try cursor.bytes(Attribute.headerLength, what: "attribute header"))
        let length = Int(try header.uint16("nla_len"))
        let rawType = try header.uint16("nla_type")
        guard length >= Attribute.headerLength else {
            throw .malformed(what: "attribute type \(rawType & Attribute.typeMask)", detail: "nla_len \(length) is shorter than its header")
        }
        guard length <= available else {
            throw .truncated(what: "attribute type \(rawType & Attribute.typeMask)", need: length, have: available)
        }
        let payload = try cursor.bytes(length - Attribute.headerLength, what: "attribute payload")
        // The last attribute may omit its padding; otherwise skip it.
        let padding = min(netlinkAlign(length) - length, cursor.remaining.count)
        try cursor.skip(padding, what: "attribute padding")
        return Attribute(rawType: rawType, payload: payload)
    }

    /// All remaining attributes, in order.
    public mutating func all() throws(NetlinkError) -> [Attribute] {
        var result: [Attribute] = []
        while let attribute = try next() { result.append(attribute) }
        return result
    }
}
