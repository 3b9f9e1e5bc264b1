import Netlink
import RouteNetlink

/// What an RTM_SETLINK asks: the link, and each change it carries.
struct SetLinkRequest: Equatable {
    var index: Int32
    /// Set when ifi_change selects IFF_UP.
    var up: Bool?
    /// IFLA_MASTER; 0 releases the link.
    var master: Int32?
    var mtu: UInt32?
    /// IFLA_ADDRESS
    var address: [UInt8]?
    /// IFLA_NET_NS_FD: the namespace the link moves to.
    var namespaceDescriptor: Int32?

    init(_ request: NetlinkMessage) throws {
        var cursor = ByteCursor(request.payload)
        let header = try InterfaceInfoHeader(decoding: &cursor)
        index = header.index
        if header.change & IFF.up != 0 { up = header.flags & IFF.up != 0 }
        var reader = AttributeReader(cursor.remaining)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA.master: master = Int32(bitPattern: try attribute.uint32())
            case IFLA.mtu: mtu = try attribute.uint32()
            case IFLA.address: address = Array(attribute.payload)
            case IFLA.netNsFd: namespaceDescriptor = Int32(bitPattern: try attribute.uint32())
            default: continue
            }
        }
    }
}

extension SimulatedNetwork {
    /// One line per request, naming its type, its target and what it asks, so
    /// a test states the exact sequence a command sends as a list of strings.
    static func describe(_ request: NetlinkMessage) throws -> String {
        switch request.header.type {
        case RTM.getLink:
            let link = try LinkMessage(decoding: request.payload)
            if link.index == 0 && link.attributes.name == nil { return "dump links" }
            return link.index != 0 ? "get #\(link.index)" : "get \(link.attributes.name ?? "?")"
        case RTM.newLink:
            let link = try LinkMessage(decoding: request.payload)
            let mtu = link.attributes.mtu.map { " mtu \($0)" } ?? ""
            return "create \(link.attributes.linkInfo?.kind ?? "link") \(link.attributes.name ?? "?")\(mtu)"
        case RTM.setLink:
            let change = try SetLinkRequest(request)
            var parts = ["set #\(change.index)"]
            if let up = change.up { parts.append(up ? "up" : "down") }
            if let master = change.master { parts.append(master == 0 ? "nomaster" : "master #\(master)") }
            if let mtu = change.mtu { parts.append("mtu \(mtu)") }
            if let address = change.address { parts.append("address \(address.map { String($0, radix: 16) }.joined(separator: ":"))") }
            if let descriptor = change.namespaceDescriptor { parts.append("netns \(descriptor == Place.host.descriptor ? "host" : "container")") }
            return parts.joined(separator: " ")
        case RTM.delLink:
            return "delete #\(try LinkMessage(decoding: request.payload).index)"
        case RTM.newAddr:
            let address = try AddressMessage(decoding: request.payload)
            return "add address \(ipText(address.address))/\(address.prefixLength) to #\(address.index)"
        case RTM.newRoute:
            let route = try RouteMessage(decoding: request.payload)
            let gateway = route.gateway.map { " via \(ipText($0))" } ?? ""
            return "add route \(ipText(route.destination ?? [0, 0, 0, 0]))/\(route.destinationPrefixLength)\(gateway) dev #\(route.outputIndex ?? 0)"
        case RTM.getAddr:
            return "dump addresses"
        case RTM.getRoute:
            return "dump routes"
        default:
            return "type \(request.header.type)"
        }
    }

    /// Dotted quad for IPv4; the tests use no IPv6.
    private static func ipText(_ bytes: [UInt8]) -> String {
        bytes.map(String.init).joined(separator: ".")
    }
}
