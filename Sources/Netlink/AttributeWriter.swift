/// Builds a sequence of netlink attributes, computing lengths and padding.
///
/// Nested attributes are written with NLA_F_NESTED set, as current kernels
/// expect under strict checking.
public struct AttributeWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func append(type: UInt16, payload: [UInt8]) {
        let length = Attribute.headerLength + payload.count
        precondition(length <= Int(UInt16.max), "attribute too long for nla_len")
        bytes.append(hostOrder: UInt16(length))
        bytes.append(hostOrder: type)
        bytes.append(contentsOf: payload)
        bytes.padToAlignment()
    }

    public mutating func append(type: UInt16, uint8 value: UInt8) { append(type: type, payload: [value]) }

    public mutating func append(type: UInt16, uint16 value: UInt16) {
        var payload: [UInt8] = []; payload.append(hostOrder: value); append(type: type, payload: payload)
    }

    public mutating func append(type: UInt16, uint32 value: UInt32) {
        var payload: [UInt8] = []; payload.append(hostOrder: value); append(type: type, payload: payload)
    }

    /// A NUL-terminated string.
    public mutating func append(type: UInt16, string value: String) {
        append(type: type, payload: Array(value.utf8) + [0])
    }

    /// An attribute with NLA_F_NESTED whose payload is built by `body`.
    public mutating func appendNested(type: UInt16, _ body: (inout AttributeWriter) -> Void) {
        var inner = AttributeWriter()
        body(&inner)
        append(type: type | Attribute.nestedFlag, payload: inner.bytes)
    }

    /// Re-encodes a decoded attribute as it was (its type flags included).
    public mutating func append(_ attribute: Attribute) {
        append(type: attribute.rawType, payload: Array(attribute.payload))
    }
}
