public import Netlink

/// Reads and changes links over a NETLINK_ROUTE connection.
///
/// Calls block for as long as the kernel takes to answer (it handles route
/// requests inside the sending system call), which is well under a millisecond.
public struct RouteLinks: Sendable {
    public let connection: NetlinkConnection

    public init(connection: NetlinkConnection) { self.connection = connection }

    /// The link named `name`, or nil when there is none.
    public func link(named name: String) throws(NetlinkError) -> LinkMessage? {
        try single("get link \(name)", payload: LinkRequest.get(name: name))
    }

    /// The link with ifindex `index`, or nil when there is none.
    public func link(index: Int32) throws(NetlinkError) -> LinkMessage? {
        try single("get link #\(index)", payload: LinkRequest.get(index: index))
    }

    /// Every link in the socket's network namespace.
    public func links() throws(NetlinkError) -> [LinkMessage] {
        var links: [LinkMessage] = []
        for message in try connection.dump("dump links", type: RTM.getLink, payload: LinkRequest.get(index: 0))
        where message.header.type == RTM.newLink {
            links.append(try LinkMessage(decoding: message.payload))
        }
        return links
    }

    /// Sets the link state of `states` VFs of the PF `index` in one request.
    /// Not atomic: on error, the entries before the failing one were applied.
    public func setVFLinkStates(_ states: [VFInfo], index: Int32, name: String) throws(NetlinkError) {
        _ = try connection.execute(
            "set vf link state on \(name)", type: RTM.setLink,
            payload: LinkRequest.setVFLinkStates(states, index: index)
        )
    }

    private func single(_ operation: String, payload: [UInt8]) throws(NetlinkError) -> LinkMessage? {
        do throws(NetlinkError) {
            let replies = try connection.execute(operation, type: RTM.getLink, payload: payload)
            guard let reply = replies.first(where: { $0.header.type == RTM.newLink }) else {
                throw NetlinkError.malformed(what: "reply to \(operation)", detail: "no RTM_NEWLINK in the answer")
            }
            return try LinkMessage(decoding: reply.payload)
        } catch let error where error.errno == Errno.ENODEV {
            return nil
        }
    }
}
