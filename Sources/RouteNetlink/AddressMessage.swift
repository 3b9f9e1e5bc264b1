public import Netlink

/// An interface address: struct ifaddrmsg with IFA_LOCAL / IFA_ADDRESS.
public struct AddressMessage: Equatable, Sendable {
    /// sizeof(struct ifaddrmsg).
    public static let headerLength = 8

    /// ifa_family: `AddressFamily.inet` or `.inet6`.
    public var family: UInt8
    /// ifa_prefixlen
    public var prefixLength: UInt8
    /// ifa_flags (IFA_F_*, the low 8 bits).
    public var flags: UInt8
    /// ifa_scope (RT_SCOPE_*).
    public var scope: UInt8
    /// ifa_index
    public var index: Int32
    /// 4 or 16 bytes in network order: IFA_LOCAL when present, else IFA_ADDRESS.
    public var address: [UInt8]

    public init(family: UInt8, prefixLength: UInt8, index: Int32, address: [UInt8], scope: UInt8 = 0, flags: UInt8 = 0) {
        self.family = family
        self.prefixLength = prefixLength
        self.flags = flags
        self.scope = scope
        self.index = index
        self.address = address
    }

    /// Decodes the payload of RTM_NEWADDR / RTM_DELADDR.
    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkError) {
        var cursor = ByteCursor(payload)
        family = try cursor.uint8("ifaddrmsg.ifa_family")
        prefixLength = try cursor.uint8("ifaddrmsg.ifa_prefixlen")
        flags = try cursor.uint8("ifaddrmsg.ifa_flags")
        scope = try cursor.uint8("ifaddrmsg.ifa_scope")
        index = try cursor.int32("ifaddrmsg.ifa_index")
        var local: Attribute?
        var prefixAddress: Attribute?
        var reader = AttributeReader(cursor.remaining)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFA.local: local = attribute
            case IFA.address: prefixAddress = attribute
            default: continue
            }
        }
        // IFA_LOCAL is this host's address; IFA_ADDRESS is the peer on point-to-point links.
        guard let chosen = local ?? prefixAddress else {
            throw .malformed(what: "address message", detail: "neither IFA_LOCAL nor IFA_ADDRESS")
        }
        if let expected = Self.addressLength(family: family), chosen.payload.count != expected {
            throw .attributeLength(type: chosen.type, expected: expected, actual: chosen.payload.count)
        }
        address = Array(chosen.payload)
    }

    /// 4 for IPv4, 16 for IPv6; nil for families this code does not check.
    static func addressLength(family: UInt8) -> Int? {
        switch family {
        case AddressFamily.inet: return 4
        case AddressFamily.inet6: return 16
        default: return nil
        }
    }

    /// "10.1.2.3/24", for operation names.
    var text: String { "\(IPText.describe(address))/\(prefixLength)" }
}

/// Payloads of the address requests. Built as values so tests can compare
/// them byte for byte.
public enum AddressRequest {
    /// RTM_NEWADDR / RTM_DELADDR: ifaddrmsg, then for IPv4 IFA_LOCAL and
    /// IFA_ADDRESS (the same address, as `ip address add` sends for a
    /// non-point-to-point link), for IPv6 IFA_ADDRESS alone.
    public static func change(_ address: AddressMessage) -> [UInt8] {
        var bytes = header(family: address.family, prefixLength: address.prefixLength, flags: address.flags,
                           scope: address.scope, index: address.index)
        var attributes = AttributeWriter()
        if address.family == AddressFamily.inet { attributes.append(type: IFA.local, payload: address.address) }
        attributes.append(type: IFA.address, payload: address.address)
        bytes += attributes.bytes
        return bytes
    }

    /// RTM_GETADDR dump of every family; a non-zero `index` asks the kernel
    /// (with strict checking) for that link's addresses only.
    public static func dump(index: Int32) -> [UInt8] {
        header(family: AddressFamily.unspecified, prefixLength: 0, flags: 0, scope: 0, index: index)
    }

    private static func header(family: UInt8, prefixLength: UInt8, flags: UInt8, scope: UInt8, index: Int32) -> [UInt8] {
        var bytes: [UInt8] = [family, prefixLength, flags, scope]
        bytes.append(hostOrder: index)
        return bytes
    }
}
