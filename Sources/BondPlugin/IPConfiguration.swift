import CNI
import Netlink
import RouteNetlink

/// Puts an IPAM result on the bond: its addresses, then its routes (a route
/// without a gateway uses the gateway of the first address of its family, as
/// the reference plugins do).
enum IPConfiguration {
    static func apply(_ result: CNIResult, to index: Int32, name: String, in pod: NamespaceNetwork) throws(CNIError) {
        for ip in result.ips {
            let address = AddressMessage(
                family: family(of: ip.address.address), prefixLength: ip.address.length, index: index,
                address: ip.address.address.bytes)
            try kernel("add address \(ip.address) to \(name)") { () throws(NetlinkError) in try pod.addresses.add(address) }
        }
        for route in result.routes {
            let gateway = route.gateway ?? result.ips.first { $0.gateway != nil && $0.address.address.isV4 == route.destination.address.isV4 }?.gateway
            let message = RouteMessage(
                family: family(of: route.destination.address),
                destinationPrefixLength: route.destination.length,
                // The kernel refuses a destination with host bits set.
                destination: route.destination.length == 0 ? nil : route.destination.network.address.bytes,
                gateway: gateway?.bytes, outputIndex: index, priority: route.priority)
            try kernel("add route \(route.destination) via \(gateway?.description ?? name)") { () throws(NetlinkError) in
                try pod.routes.add(message)
            }
        }
    }

    static func family(of address: IPAddress) -> UInt8 { address.isV4 ? AddressFamily.inet : AddressFamily.inet6 }
}
