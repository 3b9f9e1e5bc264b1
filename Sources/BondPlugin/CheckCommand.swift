import BondCNI
import CNI
import Netlink
import RouteNetlink
import LinkConstants

/// CHECK: the bond ADD made is still there as `prevResult` describes it:
/// its kind, mode and slaves, its MTU, and the addresses and routes; then the
/// IPAM plugin checks its own allocation.
struct CheckCommand {
    let request: PluginRequest
    let system: any PluginSystem

    func run() throws(CNIError) {
        let config = request.config
        guard (try? CNIVersion(config.cniVersion))?.supportsCheck == true else {
            throw .incompatibleVersion("CHECK needs cniVersion 0.4.0 or later, the configuration has \(config.cniVersion)")
        }
        guard let previous = config.prevResult else {
            throw .invalidNetworkConfig("CHECK needs \"prevResult\", the result of ADD")
        }
        let netnsPath = try request.requireNetns()
        let bondName = try request.bondName()
        let pod = try system.network(inNamespace: netnsPath)
        guard let bond = try kernel("look up \(bondName)", { () throws(NetlinkError) in try pod.links.link(named: bondName) }) else {
            throw failed("\(bondName) does not exist in \(netnsPath)")
        }
        guard let info = bond.attributes.linkInfo, info.kind == "bond" else {
            throw failed("\(bondName) is a \(bond.attributes.linkInfo?.kind ?? "device of unknown kind"), not a bond")
        }
        if let mode = info.bond?.mode, mode != config.mode.kernelValue {
            throw failed("\(bondName) is in mode \(BondMode(kernelValue: mode)?.rawValue ?? "\(mode)"), the configuration says \(config.mode.rawValue)")
        }
        if let mtu = bond.attributes.mtu, mtu != config.mtu {
            throw failed("\(bondName) has MTU \(mtu), the configuration says \(config.mtu)")
        }
        if !bond.isUp { throw failed("\(bondName) is down") }
        for name in config.links {
            guard let link = try kernel("look up link \(name)", { () throws(NetlinkError) in try pod.links.link(named: name) }) else {
                throw failed("link \(name) does not exist in \(netnsPath)")
            }
            guard link.attributes.masterIndex.map({ Int32(bitPattern: $0) }) == bond.index else {
                throw failed("link \(name) is not enslaved to \(bondName)")
            }
        }
        if let interface = previous.interfaces.first, interface.name != bondName {
            throw failed("prevResult describes interface \(interface.name), not \(bondName)")
        }
        try checkAddresses(previous, bond: bond, name: bondName, pod: pod)
        try checkRoutes(previous, name: bondName, pod: pod)
        if let ipamType = config.ipamType {
            try system.ipam(type: ipamType, for: request).run(.check)
        }
    }

    private func checkAddresses(_ previous: CNIResult, bond: LinkMessage, name: String, pod: NamespaceNetwork) throws(CNIError) {
        let present = try kernel("list the addresses of \(name)") { () throws(NetlinkError) in
            try pod.addresses.addresses(index: bond.index)
        }
        for ip in previous.ips {
            let found = present.contains {
                $0.address == ip.address.address.bytes && $0.prefixLength == ip.address.length
            }
            if !found { throw failed("address \(ip.address) is missing from \(name)") }
        }
    }

    private func checkRoutes(_ previous: CNIResult, name: String, pod: NamespaceNetwork) throws(CNIError) {
        // One dump per address family, whatever the number of routes.
        var tables: [UInt8: [RouteMessage]] = [:]
        for route in previous.routes {
            let family = IPConfiguration.family(of: route.destination.address)
            if tables[family] == nil {
                tables[family] = try kernel("list the routes") { () throws(NetlinkError) in try pod.routes.routes(family: family) }
            }
            let destination = route.destination.length == 0 ? nil : route.destination.network.address.bytes
            let found = (tables[family] ?? []).contains { existing in
                existing.destinationPrefixLength == route.destination.length
                    && existing.destination == destination
                    && (route.gateway == nil || existing.gateway == route.gateway?.bytes)
            }
            if !found { throw failed("route to \(route.destination) is missing") }
        }
    }

    private func failed(_ message: String) -> CNIError { .pluginError("CHECK failed: \(message)") }
}
