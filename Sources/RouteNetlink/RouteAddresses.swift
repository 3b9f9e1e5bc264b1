public import Netlink

/// Reads and changes interface addresses over a NETLINK_ROUTE connection.
public struct RouteAddresses: Sendable {
    public let connection: NetlinkConnection

    public init(connection: NetlinkConnection) { self.connection = connection }

    /// Adds `address` (RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL: an address
    /// already there is EEXIST).
    public func add(_ address: AddressMessage) throws(NetlinkError) {
        _ = try connection.execute(
            "add address \(address.text) to link #\(address.index)", type: RTM.newAddr,
            flags: NLM_F.create | NLM_F.excl, payload: AddressRequest.change(address)
        )
    }

    /// Removes `address` from its link (EADDRNOTAVAIL when it is not there).
    public func delete(_ address: AddressMessage) throws(NetlinkError) {
        _ = try connection.execute(
            "delete address \(address.text) from link #\(address.index)", type: RTM.delAddr,
            payload: AddressRequest.change(address)
        )
    }

    /// The IPv4 and IPv6 addresses of every link, or of link `index` only.
    public func addresses(index: Int32? = nil) throws(NetlinkError) -> [AddressMessage] {
        let operation = index.map { "dump addresses of link #\($0)" } ?? "dump addresses"
        var addresses: [AddressMessage] = []
        for message in try connection.dump(operation, type: RTM.getAddr, payload: AddressRequest.dump(index: index ?? 0))
        where message.header.type == RTM.newAddr {
            let address = try AddressMessage(decoding: message.payload)
            // Kernels without strict checking ignore the index filter; other families are not ours.
            guard address.family == AddressFamily.inet || address.family == AddressFamily.inet6 else { continue }
            if let index, address.index != index { continue }
            addresses.append(address)
        }
        return addresses
    }
}
