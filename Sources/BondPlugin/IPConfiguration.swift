import CNI
import Netlink
import RouteNetlink

/// Puts an IPAM result on the bond: its addresses, then its routes (a route
/// without a gateway uses the gateway of the first address of its family, as
/// the reference plugins do). The requests are derived as values first.
enum IPConfiguration {
    static func apply(_ result: CNIResult, to index: Int32, name: String, in pod: NamespaceNetwork) throws(CNIError) {
        for (address, ip) in zip(addresses(of: result, on: index), result.ips) {
            try kernel("add address \(ip.address) to \(name)") { () throws(NetlinkError) in try pod.addresses.add(address) }
        }
        for (message, route) in zip(routes(of: result, on: index), result.routes) {
            let via = gateway(of: route, in: result)?.description ?? name
            try kernel("add route \(route.destination) via \(via)") { () throws(NetlinkError) in try pod.routes.add(message) }
        }
    }

    /// The address requests for `result`'s IPs on link `index`, in order.
    static func addresses(of result: CNIResult, on index: Int32) -> [AddressMessage] {
        result.ips.map { ip in
            AddressMessage(family: family(of: ip.address.address), prefixLength: ip.address.length, index: index,
                           address: ip.address.address.bytes)
        }
    }

    /// The route requests for `result`'s routes through link `index`, in order.
    static func routes(of result: CNIResult, on index: Int32) -> [RouteMessage] {
        result.routes.map { route in
            RouteMessage(
                family: family(of: route.destination.address),
                destinationPrefixLength: route.destination.length,
                // The kernel refuses a destination with host bits set.
                destination: route.destination.length == 0 ? nil : route.destination.network.address.bytes,
                gateway: gateway(of: route, in: result)?.bytes, outputIndex: index, priority: route.priority)
        }
    }

    /// The route's own gateway, else that of the first address of its family.
    private static func gateway(of route: CNIResult.Route, in result: CNIResult) -> IPAddress? {
        route.gateway ?? result.ips.first { $0.gateway != nil && $0.address.address.isV4 == route.destination.address.isV4 }?.gateway
    }

    static func family(of address: IPAddress) -> UInt8 { address.isV4 ? AddressFamily.inet : AddressFamily.inet6 }
}
