public import Netlink

/// Reads and changes routes of the main table over a NETLINK_ROUTE connection.
public struct RouteTable: Sendable {
    public let connection: NetlinkConnection

    public init(connection: NetlinkConnection) { self.connection = connection }

    /// Adds `route` (RTM_NEWROUTE with NLM_F_CREATE | NLM_F_EXCL: the same
    /// route already there is EEXIST).
    public func add(_ route: RouteMessage) throws(NetlinkError) {
        _ = try connection.execute(
            "add route \(route.text)", type: RTM.newRoute, flags: NLM_F.create | NLM_F.excl,
            payload: RouteRequest.add(route)
        )
    }

    /// Deletes the route matching `route` (ESRCH when there is none).
    public func delete(_ route: RouteMessage) throws(NetlinkError) {
        _ = try connection.execute("delete route \(route.text)", type: RTM.delRoute, payload: RouteRequest.delete(route))
    }

    /// The routes of `family` in the main table.
    public func routes(family: UInt8) throws(NetlinkError) -> [RouteMessage] {
        var routes: [RouteMessage] = []
        for message in try connection.dump("dump routes", type: RTM.getRoute, payload: RouteRequest.dump(family: family))
        where message.header.type == RTM.newRoute {
            let route = try RouteMessage(decoding: message.payload)
            if route.family == family, route.table == RT_TABLE.main { routes.append(route) }
        }
        return routes
    }
}
