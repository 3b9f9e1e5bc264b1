import Testing
@testable import Netlink

/// Byte fixtures follow struct nlattr: u16 nla_len (header + payload, no
/// padding), u16 nla_type, payload, zero padding to 4 bytes. Host order is
/// little-endian.
@Suite struct AttributeCodecTests {
    @Test func writesLengthTypePayloadAndPadding() {
        var writer = AttributeWriter()
        writer.append(type: 3, string: "eth0")          // IFLA_IFNAME
        writer.append(type: 16, uint8: 6)               // IFLA_OPERSTATE
        writer.append(type: 29, uint32: 9)              // IFLA_EXT_MASK
        #expect(writer.bytes == [
            9, 0, 3, 0, 0x65, 0x74, 0x68, 0x30, 0, 0, 0, 0,   // len 9 = 4 + "eth0\0", padded to 12
            5, 0, 16, 0, 6, 0, 0, 0,                          // len 5, padded to 8
            8, 0, 29, 0, 9, 0, 0, 0,                          // len 8, no padding
        ])
    }

    @Test func nestedAttributesCarryTheNestedFlag() throws {
        var writer = AttributeWriter()
        writer.appendNested(type: 18) { info in info.append(type: 1, string: "bond") }
        #expect(writer.bytes == [
            16, 0, 18, 0x80,            // len 16, IFLA_LINKINFO | NLA_F_NESTED (0x8000)
            9, 0, 1, 0, 0x62, 0x6F, 0x6E, 0x64, 0, 0, 0, 0,
        ])
        var reader = AttributeReader(writer.bytes[...])
        let outer = try #require(try reader.next())
        #expect(outer.type == 18)
        #expect(outer.isFlaggedNested)
        #expect(try reader.next() == nil)
        var inner = outer.nested()
        let kind = try #require(try inner.next())
        #expect(kind.type == 1)
        #expect(kind.string() == "bond")
    }

    @Test func readsTypedValues() throws {
        var writer = AttributeWriter()
        writer.append(type: 1, uint8: 0xAB)
        writer.append(type: 2, uint16: 0xBEEF)
        writer.append(type: 3, uint32: 0xDEAD_BEEF)
        var reader = AttributeReader(writer.bytes[...])
        let attributes = try reader.all()
        #expect(attributes.count == 3)
        #expect(try attributes[0].uint8() == 0xAB)
        #expect(try attributes[1].uint16() == 0xBEEF)
        #expect(try attributes[2].uint32() == 0xDEAD_BEEF)
        #expect(try attributes[2].int32() == Int32(bitPattern: 0xDEAD_BEEF))
    }

    @Test func wrongFixedLengthNamesTheAttribute() throws {
        let bytes: [UInt8] = [6, 0, 21, 0, 1, 0, 0, 0]   // u16 payload where a u32 is expected
        var reader = AttributeReader(bytes[...])
        let attribute = try #require(try reader.next())
        #expect(throws: NetlinkError.attributeLength(type: 21, expected: 4, actual: 2)) { try attribute.uint32() }
        #expect(throws: NetlinkError.attributeLength(type: 21, expected: 1, actual: 2)) { try attribute.uint8() }
    }

    @Test func lastAttributeMayOmitItsPadding() throws {
        let bytes: [UInt8] = [5, 0, 16, 0, 6]             // no trailing padding at the very end
        var reader = AttributeReader(bytes[...])
        #expect(try reader.next()?.uint8() == 6)
        #expect(try reader.next() == nil)
    }

    @Test func zeroLengthPayloadIsAllowed() throws {
        let bytes: [UInt8] = [4, 0, 7, 0]                 // a flag attribute
        var reader = AttributeReader(bytes[...])
        let flag = try #require(try reader.next())
        #expect(flag.payload.isEmpty)
        #expect(flag.string() == "")
    }

    @Test(arguments: [
        ([1, 0, 3] as [UInt8], NetlinkError.truncated(what: "attribute header", need: 4, have: 3)),
        ([3, 0, 3, 0], NetlinkError.malformed(what: "attribute type 3", detail: "nla_len 3 is shorter than its header")),
        ([0, 0, 3, 0], NetlinkError.malformed(what: "attribute type 3", detail: "nla_len 0 is shorter than its header")),
        ([12, 0, 3, 0, 1, 2], NetlinkError.truncated(what: "attribute type 3", need: 12, have: 6)),
        ([0xFF, 0xFF, 3, 0x80, 1, 2, 3, 4], NetlinkError.truncated(what: "attribute type 3", need: 65535, have: 8)),
    ])
    func malformedInputIsAnErrorNotACrash(bytes: [UInt8], expected: NetlinkError) {
        var reader = AttributeReader(bytes[...])
        #expect(throws: expected) { try reader.all() }
    }

    @Test func stringStopsAtTheFirstNul() throws {
        let attribute = Attribute(rawType: 3, payload: [0x61, 0x62, 0, 0x63][...])
        #expect(attribute.string() == "ab")
        let unterminated = Attribute(rawType: 3, payload: [0x61, 0x62][...])
        #expect(unterminated.string() == "ab")
    }

    @Test func decodedAttributesReencodeToTheSameBytes() throws {
        var writer = AttributeWriter()
        writer.append(type: 3, string: "ens1f0")
        writer.appendNested(type: 22) { list in
            list.appendNested(type: 1) { vf in vf.append(type: 5, payload: [0, 0, 0, 0, 2, 0, 0, 0]) }
        }
        var reader = AttributeReader(writer.bytes[...])
        var again = AttributeWriter()
        for attribute in try reader.all() { again.append(attribute) }
        #expect(again.bytes == writer.bytes)
    }

    @Test func byteCursorReportsWhatWasTruncated() throws {
        var cursor = ByteCursor([1, 2, 3][...])
        #expect(throws: NetlinkError.truncated(what: "nlmsg_len", need: 4, have: 3)) { try cursor.uint32("nlmsg_len") }
        var cursor64 = ByteCursor([1, 0, 0, 0, 0, 0, 0, 0x80][...])
        #expect(try cursor64.uint64("x") == 0x8000_0000_0000_0001)
    }
}
