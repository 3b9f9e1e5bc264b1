import BondCNI
import CNI
import Netlink
import RouteNetlink

/// DEL: releases the links, deletes the bond, gives moved links back to the
/// host and releases the IPAM allocation. Idempotent: a missing namespace,
/// bond or link is what a repeated DEL finds, not an error.
struct DeleteCommand {
    let request: PluginRequest
    let system: any PluginSystem

    func run() throws(CNIError) {
        var kernelError: CNIError?
        if let netnsPath = request.environment.netns {
            do throws(CNIError) {
                try dismantle(netnsPath)
            } catch where error.code == CNIError.unknownContainer("").code {
                // The namespace is gone, and the bond with it.
            } catch {
                kernelError = error
            }
        }
        // IPAM is released even when the kernel side failed: an address must
        // not leak because a link misbehaved.
        if let ipamType = request.config.ipamType {
            try system.ipam(type: ipamType, for: request).run(.del)
        }
        if let kernelError { throw kernelError }
    }

    private func dismantle(_ netnsPath: String) throws(CNIError) {
        let pod = try system.network(inNamespace: netnsPath)
        let bondName = try request.bondName()
        if let bond = try kernel("look up \(bondName)", { () throws(NetlinkError) in try pod.links.link(named: bondName) }),
           bond.attributes.linkInfo?.kind == "bond" {
            try kernel("set \(bondName) down") { () throws(NetlinkError) in try pod.links.setUp(index: bond.index, false) }
            for name in request.config.links {
                guard let link = try kernel("look up link \(name)", { () throws(NetlinkError) in try pod.links.link(named: name) }),
                      link.attributes.masterIndex.map({ Int32(bitPattern: $0) }) == bond.index
                else { continue }
                try kernel("release \(name) from \(bondName)") { () throws(NetlinkError) in
                    try pod.links.setUp(index: link.index, false)
                    try pod.links.setMaster(index: link.index, masterIndex: 0)
                    // Links that stay in the container are left up, as they were before ADD.
                    if request.config.linksInContainer { try pod.links.setUp(index: link.index, true) }
                }
            }
            try kernel("delete bond \(bondName)") { () throws(NetlinkError) in
                do throws(NetlinkError) {
                    try pod.links.deleteLink(index: bond.index)
                } catch where error.errno == Errno.ENODEV {
                    // Deleted concurrently: the outcome DEL wants.
                }
            }
        }
        guard !request.config.linksInContainer else { return }
        let hostNamespace = try system.hostNamespace()
        for name in request.config.links {
            guard let link = try kernel("look up link \(name)", { () throws(NetlinkError) in try pod.links.link(named: name) }) else { continue }
            try kernel("give \(name) back to the host") { () throws(NetlinkError) in
                try pod.links.setUp(index: link.index, false)
                try pod.links.moveToNamespace(index: link.index, namespaceDescriptor: hostNamespace.descriptor)
            }
        }
    }
}
