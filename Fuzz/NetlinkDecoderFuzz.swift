// libFuzzer target for the netlink codec (modules Netlink and RouteNetlink).
//
// Built and run by scripts/fuzz.sh, not by SwiftPM:
//   swiftc -sanitize=fuzzer,address ... -module-name FuzzNetlink -parse-as-library
//
// Every property below is checked with `check`, which calls fatalError when it
// fails, so libFuzzer records the input as a crash. Decoding errors (thrown
// NetlinkError values) are fine: only traps, memory errors and broken round
// trips are findings.
//
// Properties:
//  1. NetlinkMessage.decodeAll never crashes; when it succeeds, re-encoding the
//     messages and decoding them again gives the same header fields and payloads,
//     and encode(decode(encode(x))) == encode(x) byte for byte.
//  2. AttributeReader, walked recursively over every payload (each attribute
//     payload treated as possibly nested, up to `maxDepth`), never crashes; when
//     a level reads completely, re-encoding it with AttributeWriter.append(_:)
//     and reading it again gives equal attributes, and a second round gives
//     identical bytes.
//  3. The typed decoders (LinkMessage, LinkNotification, KernelAck, VFInfo,
//     LinkAttributes, LinkInfo, BondInfo, BondSlaveInfo, AddressMessage,
//     RouteMessage) never crash.
//  5. Encoders round-trip what the decoders read: BondInfo.encode (all but the
//     decode-only active port), AddressRequest.change and RouteRequest.add give
//     bytes that decode to the same value.
//  In addition, every decoder gives the same result (value or error) on a copy
//  of its input that sits at a non-zero index of a larger array, which catches
//  ArraySlice code that assumes startIndex == 0.

import Netlink
import RouteNetlink
import LACPWire

/// How deep the blind attribute walk recurses.
let maxDepth = 8

/// Fields of struct nlmsghdr-sized prefixes after which attributes may start
/// in a message payload: 0 (raw), 4 (NLMSG_DONE's int), 16 (struct ifinfomsg),
/// 20 (struct nlmsgerr with a capped request header).
let attributeOffsets = [0, 4, 16, 20]

func fuzzOne(_ bytes: [UInt8]) {
    let whole = bytes[...]

    // 1. Datagram framing and its round trip.
    let messages = checkMessages(bytes)

    // 4. The input as a frame captured by a LACPDU tap: parsing never traps,
    // and what it reads are the octets at the documented offsets.
    if let pdu = LACPDU(frame: bytes) {
        check(bytes.count >= 54 && pdu.actorState == bytes[32] && pdu.partnerState == bytes[52], "LACPDU states read from the wrong offsets")
    }

    // 2 and 3 on the raw input, as if it were a payload of any kind.
    walkAttributes(whole, depth: 0)
    checkTypedDecoders(whole)
    for flags in [0, NLM_F.capped, NLM_F.ackTLVs, NLM_F.capped | NLM_F.ackTLVs] {
        for type in [NLMSG.error, NLMSG.done, RTM.newLink, RTM.delLink] {
            checkMessageDecoders(NetlinkMessage(type: type, flags: flags, sequence: 1, portID: 0, payload: bytes))
        }
    }

    // 2 and 3 on every message the datagram held.
    for message in messages ?? [] {
        for offset in attributeOffsets where offset <= message.payload.count {
            walkAttributes(message.payload.dropFirst(offset), depth: 0)
        }
        checkTypedDecoders(message.payload)
        checkTypedDecoders(message.payload.dropFirst(InterfaceInfoHeader.length))
        checkMessageDecoders(message)
    }
}

// MARK: - 1. Messages

/// Decodes the datagram; when that works, checks the encode/decode round trip.
func checkMessages(_ bytes: [UInt8]) -> [NetlinkMessage]? {
    let first: [NetlinkMessage]
    do throws(NetlinkError) {
        first = try NetlinkMessage.decodeAll(bytes)
    } catch {
        // The same error from a slice that does not start at index 0.
        check(
            Result { () throws(NetlinkError) in try NetlinkMessage.decodeAll(shifted(bytes[...])) }
                == .failure(error),
            "decodeAll fails differently on a shifted slice"
        )
        return nil
    }
    check(
        (try? NetlinkMessage.decodeAll(shifted(bytes[...]))) == first,
        "decodeAll differs on a shifted slice"
    )

    var consumed = 0
    for message in first {
        check(Int(message.header.length) == NetlinkHeader.length + message.payload.count,
              "nlmsg_len \(message.header.length) does not match payload of \(message.payload.count)")
        check(message.payload.startIndex >= 0 && message.payload.endIndex <= bytes.count,
              "payload \(message.payload.indices) outside the datagram of \(bytes.count)")
        consumed += netlinkAlign(Int(message.header.length))
    }
    check(consumed >= bytes.count && consumed - bytes.count < 4,
          "messages cover \(consumed) bytes of a \(bytes.count)-byte datagram")

    let encoded = first.flatMap { $0.encoded() }
    check(encoded.count % 4 == 0, "encoded datagram of \(encoded.count) bytes is not aligned")
    let second: [NetlinkMessage]
    do throws(NetlinkError) {
        second = try NetlinkMessage.decodeAll(encoded)
    } catch {
        fatalError("fuzz property violated: re-encoded datagram does not decode: \(error)")
    }
    check(second.count == first.count, "re-encoded datagram has \(second.count) messages, not \(first.count)")
    for (index, (a, b)) in zip(first, second).enumerated() {
        check(a.header.type == b.header.type, "message \(index): type \(a.header.type) became \(b.header.type)")
        check(a.header.flags == b.header.flags, "message \(index): flags \(a.header.flags) became \(b.header.flags)")
        check(a.header.sequence == b.header.sequence, "message \(index): sequence changed")
        check(a.header.portID == b.header.portID, "message \(index): port ID changed")
        check(a.payload.elementsEqual(b.payload), "message \(index): payload changed")
        check(Int(b.header.length) == NetlinkHeader.length + b.payload.count, "message \(index): nlmsg_len not recomputed")
    }
    let reencoded = second.flatMap { $0.encoded() }
    check(reencoded == encoded, "encode(decode(encode(x))) != encode(x)")
    return first
}

// MARK: - 2. Attributes

/// Reads `bytes` as attributes, recursing into every payload, and checks the
/// AttributeWriter round trip of each level that reads completely.
func walkAttributes(_ bytes: ArraySlice<UInt8>, depth: Int) {
    var reader = AttributeReader(bytes)
    var attributes: [Attribute] = []
    var complete = true
    do throws(NetlinkError) {
        while let attribute = try reader.next() { attributes.append(attribute) }
    } catch {
        complete = false
    }

    // Same attributes (or the same error) from a copy at another index.
    var shiftedReader = AttributeReader(shifted(bytes))
    let shiftedResult = Result { () throws(NetlinkError) in try shiftedReader.all() }
    if complete {
        check(shiftedResult == .success(attributes), "AttributeReader differs on a shifted slice")
    } else {
        check((try? shiftedResult.get()) == nil, "AttributeReader succeeds only on a shifted slice")
    }

    var end = bytes.startIndex
    for attribute in attributes {
        check(attribute.payload.startIndex >= end && attribute.payload.endIndex <= bytes.endIndex,
              "attribute payload \(attribute.payload.indices) outside \(bytes.indices)")
        end = attribute.payload.endIndex
        checkGetters(attribute)
        if depth < maxDepth {
            walkAttributes(attribute.payload, depth: depth + 1)
        }
    }
    guard complete else { return }

    var writer = AttributeWriter()
    for attribute in attributes { writer.append(attribute) }
    check(writer.bytes.count % 4 == 0, "AttributeWriter output of \(writer.bytes.count) bytes is not aligned")
    var again = AttributeReader(writer.bytes[...])
    let reread: [Attribute]
    do throws(NetlinkError) {
        reread = try again.all()
    } catch {
        fatalError("fuzz property violated: re-encoded attributes do not read: \(error)")
    }
    check(reread == attributes, "re-encoded attributes read back differently")
    var secondWriter = AttributeWriter()
    for attribute in reread { secondWriter.append(attribute) }
    check(secondWriter.bytes == writer.bytes, "second attribute round trip changed the bytes")
}

/// The typed getters never trap, and agree with the payload when its length fits.
func checkGetters(_ attribute: Attribute) {
    let payload = attribute.payload
    let u8 = try? attribute.uint8()
    let u16 = try? attribute.uint16()
    let u32 = try? attribute.uint32()
    let i32 = try? attribute.int32()
    check((u8 != nil) == (payload.count == 1), "uint8 on a \(payload.count)-byte payload")
    check((u16 != nil) == (payload.count == 2), "uint16 on a \(payload.count)-byte payload")
    check((u32 != nil) == (payload.count == 4), "uint32 on a \(payload.count)-byte payload")
    check(i32.map { UInt32(bitPattern: $0) } == u32, "int32 and uint32 disagree")
    if let u16 {
        check(u16 == UInt16(payload[payload.startIndex]) | UInt16(payload[payload.startIndex + 1]) << 8,
              "uint16 is not little-endian")
    }
    if let u32 {
        var expected: UInt32 = 0
        for (shift, byte) in payload.enumerated() { expected |= UInt32(byte) << (8 * UInt32(shift)) }
        check(u32 == expected, "uint32 is not little-endian")
    }
    _ = attribute.string()
    check(attribute.type == attribute.rawType & Attribute.typeMask, "type keeps flag bits")
}

// MARK: - 3. Typed decoders

func checkTypedDecoders(_ bytes: ArraySlice<UInt8>) {
    let moved = shifted(bytes)
    same("LinkMessage", bytes, moved) { b throws(NetlinkError) in try LinkMessage(decoding: b) }
    same("LinkAttributes", bytes, moved) { b throws(NetlinkError) in try LinkAttributes(decoding: b) }
    same("LinkInfo", bytes, moved) { b throws(NetlinkError) in try LinkInfo(decoding: b) }
    same("BondInfo", bytes, moved) { b throws(NetlinkError) in try BondInfo(decoding: b) }
    same("BondSlaveInfo", bytes, moved) { b throws(NetlinkError) in try BondSlaveInfo(decoding: b) }
    same("VFInfo.decodeList", bytes, moved) { b throws(NetlinkError) in try VFInfo.decodeList(b) }
    same("AddressMessage", bytes, moved) { b throws(NetlinkError) in try AddressMessage(decoding: b) }
    same("RouteMessage", bytes, moved) { b throws(NetlinkError) in try RouteMessage(decoding: b) }
    checkEncoders(bytes)
    same("InterfaceInfoHeader", bytes, moved) { b throws(NetlinkError) in
        var cursor = ByteCursor(b)
        return try InterfaceInfoHeader(decoding: &cursor)
    }
}

// MARK: - 5. Encoders

/// Whatever decodes is encoded by the request builders and decoded again to the same value.
func checkEncoders(_ bytes: ArraySlice<UInt8>) {
    if let bond = try? BondInfo(decoding: bytes) {
        var writer = AttributeWriter()
        bond.encode(into: &writer)
        var expected = bond
        expected.activeSlaveIndex = nil
        let again = Result { () throws(NetlinkError) in try BondInfo(decoding: writer.bytes[...]) }
        check(again == .success(expected), "BondInfo encode/decode round trip: \(bond) became \(again)")
    }
    if let address = try? AddressMessage(decoding: bytes) {
        let again = Result { () throws(NetlinkError) in try AddressMessage(decoding: AddressRequest.change(address)[...]) }
        check(again == .success(address), "AddressMessage round trip: \(address) became \(again)")
    }
    if let route = try? RouteMessage(decoding: bytes) {
        let again = Result { () throws(NetlinkError) in try RouteMessage(decoding: RouteRequest.add(route)[...]) }
        check(again == .success(route), "RouteMessage round trip: \(route) became \(again)")
    }
}

func checkMessageDecoders(_ message: NetlinkMessage) {
    let moved = shifted(message.payload)
    let header = message.header
    func at(_ payload: ArraySlice<UInt8>) -> NetlinkMessage { NetlinkMessage(header: header, payload: payload) }
    same("KernelAck(decodingError:)", message.payload, moved) { b throws(NetlinkError) in
        try KernelAck(decodingError: at(b))
    }
    same("KernelAck(decodingDone:)", message.payload, moved) { b throws(NetlinkError) in
        try KernelAck(decodingDone: at(b))
    }
    same("LinkNotification", message.payload, moved) { b throws(NetlinkError) in
        try LinkNotification(at(b))
    }
}

/// Runs `decode` on `a` and on `b` (the same bytes at another index) and
/// checks that both give the same value or the same error.
func same<T: Equatable>(
    _ what: String, _ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>,
    _ decode: (ArraySlice<UInt8>) throws(NetlinkError) -> T
) {
    let first = Result { () throws(NetlinkError) in try decode(a) }
    let second = Result { () throws(NetlinkError) in try decode(b) }
    check(first == second, "\(what) differs on a shifted slice: \(first) vs \(second)")
}

// MARK: - Helpers

/// A copy of `bytes` whose indices start at 7, inside a larger array with
/// junk before and after it.
func shifted(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    let padding = 7
    var storage = [UInt8](repeating: 0xA5, count: padding)
    storage.append(contentsOf: bytes)
    storage.append(contentsOf: [0x5A, 0x5A, 0x5A])
    return storage[padding..<(padding + bytes.count)]
}
