public import Netlink

/// A route: struct rtmsg with RTA_DST, RTA_GATEWAY, RTA_OIF, RTA_PRIORITY and RTA_TABLE.
public struct RouteMessage: Equatable, Sendable {
    /// sizeof(struct rtmsg).
    public static let headerLength = 12

    /// rtm_family: `AddressFamily.inet` or `.inet6`.
    public var family: UInt8
    /// rtm_dst_len; 0 with no destination is the default route.
    public var destinationPrefixLength: UInt8
    /// RTA_DST in network order; nil for the default route.
    public var destination: [UInt8]?
    /// RTA_GATEWAY in network order.
    public var gateway: [UInt8]?
    /// RTA_OIF: the output link.
    public var outputIndex: Int32?
    /// RTA_PRIORITY: the metric.
    public var priority: UInt32?
    /// RTA_TABLE, or rtm_table when absent; `RT_TABLE.main` (254) is the main table.
    public var table: UInt32
    /// rtm_scope: `RT_SCOPE.universe` (0) through a gateway, `.link` (253) on the link.
    public var scope: UInt8
    /// rtm_protocol: `RTPROT.boot` (3) for routes a tool adds.
    public var routeProtocol: UInt8
    /// rtm_type: `RTN.unicast` (1).
    public var type: UInt8

    /// A unicast route in the main table, as `ip route add` makes it (protocol
    /// boot); scope link when there is no gateway, universe otherwise.
    public init(
        family: UInt8, destinationPrefixLength: UInt8, destination: [UInt8]?, gateway: [UInt8]?,
        outputIndex: Int32?, priority: UInt32? = nil
    ) {
        self.family = family
        self.destinationPrefixLength = destinationPrefixLength
        self.destination = destination
        self.gateway = gateway
        self.outputIndex = outputIndex
        self.priority = priority
        table = RT_TABLE.main
        scope = gateway == nil ? RT_SCOPE.link : RT_SCOPE.universe
        routeProtocol = RTPROT.boot
        type = RTN.unicast
    }

    /// Decodes the payload of RTM_NEWROUTE / RTM_DELROUTE. Attributes this
    /// code does not read (RTA_MULTIPATH, RTA_PREFSRC, metrics, ...) are skipped.
    public init(decoding payload: ArraySlice<UInt8>) throws(NetlinkError) {
        var cursor = ByteCursor(payload)
        family = try cursor.uint8("rtmsg.rtm_family")
        destinationPrefixLength = try cursor.uint8("rtmsg.rtm_dst_len")
        try cursor.skip(2, what: "rtmsg.rtm_src_len and rtm_tos")
        table = UInt32(try cursor.uint8("rtmsg.rtm_table"))
        routeProtocol = try cursor.uint8("rtmsg.rtm_protocol")
        scope = try cursor.uint8("rtmsg.rtm_scope")
        type = try cursor.uint8("rtmsg.rtm_type")
        try cursor.skip(4, what: "rtmsg.rtm_flags")
        let length = AddressMessage.addressLength(family: family)
        var reader = AttributeReader(cursor.remaining)
        while let attribute = try reader.next() {
            switch attribute.type {
            case RTA.dst: destination = try Self.address(attribute, length: length)
            case RTA.gateway: gateway = try Self.address(attribute, length: length)
            case RTA.oif: outputIndex = try attribute.int32()
            case RTA.priority: priority = try attribute.uint32()
            case RTA.table: table = try attribute.uint32()
            default: continue
            }
        }
    }

    private static func address(_ attribute: Attribute, length: Int?) throws(NetlinkError) -> [UInt8] {
        if let length, attribute.payload.count != length {
            throw .attributeLength(type: attribute.type, expected: length, actual: attribute.payload.count)
        }
        return Array(attribute.payload)
    }

    /// "default via 10.0.0.1 dev #3", for operation names.
    var text: String {
        var parts: [String] = []
        if let destination {
            parts.append("\(IPText.describe(destination))/\(destinationPrefixLength)")
        } else {
            parts.append(destinationPrefixLength == 0 ? "default" : "(none)/\(destinationPrefixLength)")
        }
        if let gateway { parts.append("via \(IPText.describe(gateway))") }
        if let outputIndex { parts.append("dev #\(outputIndex)") }
        if let priority { parts.append("metric \(priority)") }
        if table != RT_TABLE.main { parts.append("table \(table)") }
        return parts.joined(separator: " ")
    }
}

/// Payloads of the route requests. Built as values so tests can compare them
/// byte for byte.
public enum RouteRequest {
    /// RTM_NEWROUTE: rtmsg (tables above 255 go in RTA_TABLE, with rtm_table
    /// RT_TABLE_UNSPEC), then RTA_DST, RTA_GATEWAY, RTA_OIF, RTA_PRIORITY as set.
    public static func add(_ route: RouteMessage) -> [UInt8] {
        encode(route, routeProtocol: route.routeProtocol, scope: route.scope, type: route.type)
    }

    /// RTM_DELROUTE: as `add`, but with protocol, scope and type unspecified
    /// (as `ip route del` sends them), so the kernel matches the route by
    /// destination, gateway, link, metric and table, whoever added it.
    public static func delete(_ route: RouteMessage) -> [UInt8] {
        encode(route, routeProtocol: RTPROT.unspec, scope: RT_SCOPE.nowhere, type: RTN.unspec)
    }

    /// RTM_GETROUTE dump of one family (every table; the caller filters).
    public static func dump(family: UInt8) -> [UInt8] {
        [family] + [UInt8](repeating: 0, count: RouteMessage.headerLength - 1)
    }

    private static func encode(_ route: RouteMessage, routeProtocol: UInt8, scope: UInt8, type: UInt8) -> [UInt8] {
        let smallTable = route.table < 256
        var bytes: [UInt8] = [
            route.family, route.destinationPrefixLength, 0, 0,
            smallTable ? UInt8(route.table) : UInt8(RT_TABLE.unspec), routeProtocol, scope, type,
        ]
        bytes.append(hostOrder: UInt32(0))   // rtm_flags
        var attributes = AttributeWriter()
        if let destination = route.destination { attributes.append(type: RTA.dst, payload: destination) }
        if let gateway = route.gateway { attributes.append(type: RTA.gateway, payload: gateway) }
        if let outputIndex = route.outputIndex { attributes.append(type: RTA.oif, uint32: UInt32(bitPattern: outputIndex)) }
        if let priority = route.priority { attributes.append(type: RTA.priority, uint32: priority) }
        if !smallTable { attributes.append(type: RTA.table, uint32: route.table) }
        return bytes + attributes.bytes
    }
}
