public import Netlink

/// Creating, configuring and deleting links. Each call is one request,
/// acknowledged by the kernel before it returns; a refusal is a
/// `NetlinkError.kernel` carrying the errno and the kernel's extended ack.
extension RouteLinks {
    /// Creates the bond `name` (RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL, so
    /// an existing link of that name is EEXIST, not reconfigured).
    public func createBond(name: String, bond: BondInfo, mtu: UInt32?) throws(NetlinkError) {
        _ = try connection.execute(
            "create bond \(name)", type: RTM.newLink, flags: NLM_F.create | NLM_F.excl,
            payload: LinkRequest.createBond(name: name, bond: bond, mtu: mtu)
        )
    }

    /// Makes `masterIndex` the master of link `index`; 0 releases it ("nomaster").
    public func setMaster(index: Int32, masterIndex: Int32) throws(NetlinkError) {
        let operation = masterIndex == 0
            ? "release link #\(index) from its master"
            : "set master of link #\(index) to #\(masterIndex)"
        _ = try connection.execute(operation, type: RTM.setLink, payload: LinkRequest.setMaster(index: index, masterIndex: masterIndex))
    }

    /// Sets link `index` administratively up or down.
    public func setUp(index: Int32, _ up: Bool) throws(NetlinkError) {
        _ = try connection.execute(
            "set link #\(index) \(up ? "up" : "down")", type: RTM.setLink, payload: LinkRequest.setUp(index: index, up)
        )
    }

    public func setCarrier(index: Int32, _ carrier: Bool) throws(NetlinkError) {
        _ = try connection.execute(
            "set carrier \(carrier ? "on" : "off") on link #\(index)", type: RTM.setLink, payload: LinkRequest.setCarrier(index: index, carrier)
        )
    }

    /// Sets the link-layer address of link `index` (6 bytes for Ethernet).
    public func setAddress(index: Int32, _ address: [UInt8]) throws(NetlinkError) {
        _ = try connection.execute("set address of link #\(index)", type: RTM.setLink, payload: LinkRequest.setAddress(index: index, address))
    }

    public func setMTU(index: Int32, _ mtu: UInt32) throws(NetlinkError) {
        _ = try connection.execute("set mtu \(mtu) on link #\(index)", type: RTM.setLink, payload: LinkRequest.setMTU(index: index, mtu))
    }

    /// Moves link `index` into the network namespace open as `namespaceDescriptor`
    /// (see `NetworkNamespaceFile`). The descriptor only has to stay open until this returns.
    public func moveToNamespace(index: Int32, namespaceDescriptor: Int32) throws(NetlinkError) {
        _ = try connection.execute(
            "move link #\(index) to another network namespace", type: RTM.setLink,
            payload: LinkRequest.moveToNamespace(index: index, namespaceDescriptor: namespaceDescriptor)
        )
    }

    /// Deletes link `index` (a veth takes its peer with it).
    public func deleteLink(index: Int32) throws(NetlinkError) {
        _ = try connection.execute("delete link #\(index)", type: RTM.delLink, payload: LinkRequest.delete(index: index))
    }
}
