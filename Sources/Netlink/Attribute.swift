/// One netlink attribute (struct nlattr): a type and its payload.
///
/// The typed getters check the payload length and report the attribute type
/// and the length they saw when it is wrong.
public struct Attribute: Equatable, Sendable {
    /// NLA_F_NESTED: set by the sender on attributes that carry attributes.
    public static let nestedFlag: UInt16 = 1 << 15
    /// NLA_F_NET_BYTEORDER.
    public static let networkByteOrderFlag: UInt16 = 1 << 14
    /// NLA_TYPE_MASK.
    public static let typeMask: UInt16 = ~(nestedFlag | networkByteOrderFlag)
    /// sizeof(struct nlattr).
    public static let headerLength = 4

    /// nla_type as sent, flags included.
    public let rawType: UInt16
    public let payload: ArraySlice<UInt8>

    public init(rawType: UInt16, payload: ArraySlice<UInt8>) {
        self.rawType = rawType
        self.payload = payload
    }

    /// The type with the NLA_F_* flags removed.
    public var type: UInt16 { rawType & Attribute.typeMask }
    /// Whether the sender set NLA_F_NESTED (older kernels do not set it on every nested attribute).
    public var isFlaggedNested: Bool { rawType & Attribute.nestedFlag != 0 }

    public static func == (lhs: Attribute, rhs: Attribute) -> Bool {
        lhs.rawType == rhs.rawType && lhs.payload.elementsEqual(rhs.payload)
    }

    private func fixed(_ length: Int) throws(NetlinkError) -> ByteCursor {
        guard payload.count == length else {
            throw .attributeLength(type: type, expected: length, actual: payload.count)
        }
        return ByteCursor(payload)
    }

    public func uint8() throws(NetlinkError) -> UInt8 {
        var cursor = try fixed(1); return try cursor.uint8("u8 attribute")
    }

    public func uint16() throws(NetlinkError) -> UInt16 {
        var cursor = try fixed(2); return try cursor.uint16("u16 attribute")
    }

    public func uint32() throws(NetlinkError) -> UInt32 {
        var cursor = try fixed(4); return try cursor.uint32("u32 attribute")
    }

    public func int32() throws(NetlinkError) -> Int32 {
        Int32(bitPattern: try uint32())
    }

    /// A NUL-terminated string (NLA_NUL_STRING / NLA_STRING): everything before the first NUL.
    public func string() -> String {
        let end = payload.firstIndex(of: 0) ?? payload.endIndex
        return String(decoding: payload[payload.startIndex..<end], as: UTF8.self)
    }

    /// The attributes nested inside this one.
    public func nested() -> AttributeReader { AttributeReader(payload) }
}
