import BondCNI
import CNI
import KernelSockets
import Netlink
import RouteNetlink

/// ADD: moves the links into the container when they are on the host, creates
/// the bond, enslaves them (down, master, up), brings the bond up, and gives it
/// the addresses and routes the IPAM plugin allocates. Anything done before a
/// failure is undone, so a failed ADD leaves the links as they were.
struct AddCommand {
    let request: PluginRequest

    func run() throws(CNIError) -> CNIResult {
        let config = request.config
        let netnsPath = try request.requireNetns()
        let bondName = try request.bondName()
        let podNamespace = try openNamespace(netnsPath)
        let pod = try NamespaceNetwork.at(netnsPath)
        var undo = UndoLog()
        do throws(CNIError) {
            if try kernel("look up \(bondName)", { () throws(NetlinkError) in try pod.links.link(named: bondName) }) != nil {
                throw .pluginError("interface \(bondName) already exists in \(netnsPath)")
            }
            if !config.linksInContainer {
                try moveLinksIn(to: podNamespace, pod: pod, undo: &undo)
            }
            let links = try podLinks(pod)
            try checkMTU(links)
            let bond = try createBond(in: pod, links: links, name: bondName, undo: &undo)
            try enslave(links, to: bond, in: pod, undo: &undo)
            try kernel("set \(bondName) up") { () throws(NetlinkError) in try pod.links.setUp(index: bond.index, true) }
            var result = CNIResult(interfaces: [], ips: [], routes: [], dns: config.dns ?? CNIResult.DNS())
            if let ipamType = config.ipamType {
                let ipam = try request.ipam(type: ipamType)
                let allocated = try ipam.add()
                undo.push("release the IPAM allocation") { _ = try ipam.run(.del) }
                try IPConfiguration.apply(allocated, to: bond.index, name: bondName, in: pod)
                result.ips = allocated.ips.map { CNIResult.IPConfig(address: $0.address, gateway: $0.gateway, interface: 0) }
                result.routes = allocated.routes
                if !allocated.dns.isEmpty { result.dns = allocated.dns }
            }
            let current = try kernel("read \(bondName)") { () throws(NetlinkError) in try pod.links.link(index: bond.index) }
            result.interfaces = [CNIResult.Interface(
                name: bondName, mac: formatMAC(current?.attributes.address), sandbox: netnsPath,
                mtu: current?.attributes.mtu
            )]
            undo.discard()
            return result
        } catch {
            let leftovers = undo.run()
            guard leftovers.isEmpty else {
                throw CNIError(code: error.code, message: error.message,
                               details: ([error.details, "undoing failed: "] + leftovers).filter { !$0.isEmpty }.joined(separator: "; "))
            }
            throw error
        }
    }

    /// Links named in the configuration, looked up in the container.
    private func podLinks(_ pod: NamespaceNetwork) throws(CNIError) -> [LinkMessage] {
        var found: [LinkMessage] = []
        for (position, name) in request.config.links.enumerated() {
            guard let link = try kernel("look up link \(name)", { () throws(NetlinkError) in try pod.links.link(named: name) }) else {
                throw .invalidNetworkConfig(
                    "invalid \"links[\(position)].name\": link \(name) does not exist in the container's network namespace")
            }
            if let master = link.attributes.masterIndex, master != 0 {
                throw .invalidNetworkConfig("invalid \"links[\(position)].name\": link \(name) already has a master (ifindex \(master))")
            }
            found.append(link)
        }
        return found
    }

    /// Moves the host's links into the container, remembering how to give them back.
    private func moveLinksIn(to podNamespace: NetworkNamespaceFile, pod: NamespaceNetwork, undo: inout UndoLog) throws(CNIError) {
        let host = try NamespaceNetwork.current()
        let hostNamespace = try request.hostNamespace()
        for (position, name) in request.config.links.enumerated() {
            guard let link = try kernel("look up link \(name)", { () throws(NetlinkError) in try host.links.link(named: name) }) else {
                throw .invalidNetworkConfig(
                    "invalid \"links[\(position)].name\": link \(name) does not exist in the host's network namespace")
            }
            if let master = link.attributes.masterIndex, master != 0 {
                throw .invalidNetworkConfig("invalid \"links[\(position)].name\": link \(name) already has a master (ifindex \(master))")
            }
            let wasUp = link.isUp
            try kernel("move \(name) into the container") { () throws(NetlinkError) in
                try host.links.moveToNamespace(index: link.index, namespaceDescriptor: podNamespace.descriptor)
            }
            undo.push("give \(name) back to the host") {
                guard let moved = try pod.links.link(named: name) else { return }
                try pod.links.setUp(index: moved.index, false)
                try pod.links.moveToNamespace(index: moved.index, namespaceDescriptor: hostNamespace.descriptor)
                if wasUp, let back = try host.links.link(named: name) { try host.links.setUp(index: back.index, true) }
            }
        }
    }

    /// The bond's MTU may not exceed any link's: the kernel would raise the
    /// links' MTU or refuse, neither of which the user asked for.
    private func checkMTU(_ links: [LinkMessage]) throws(CNIError) {
        let mtu = request.config.mtu
        for link in links {
            if let linkMTU = link.attributes.mtu, mtu > linkMTU {
                throw .invalidNetworkConfig(
                    "invalid \"mtu\": \(mtu) is larger than the MTU of link \(link.attributes.name ?? "#\(link.index)") (\(linkMTU))")
            }
        }
    }

    private func createBond(
        in pod: NamespaceNetwork, links: [LinkMessage], name: String, undo: inout UndoLog
    ) throws(CNIError) -> LinkMessage {
        let config = request.config
        var primaryIndex: UInt32?
        if let primary = config.primary, let link = links.first(where: { $0.attributes.name == primary }) {
            primaryIndex = UInt32(bitPattern: link.index)
        }
        let settings = BondSettings.kernelInfo(for: config, primaryIndex: primaryIndex)
        try kernel("create bond \(name)") { () throws(NetlinkError) in
            try pod.links.createBond(name: name, bond: settings, mtu: config.mtu)
        }
        guard let bond = try kernel("look up bond \(name)", { () throws(NetlinkError) in try pod.links.link(named: name) }) else {
            throw .pluginError("bond \(name) vanished right after it was created")
        }
        undo.push("delete bond \(name)") { try pod.links.deleteLink(index: bond.index) }
        return bond
    }

    private func enslave(_ links: [LinkMessage], to bond: LinkMessage, in pod: NamespaceNetwork, undo: inout UndoLog) throws(CNIError) {
        let bondName = bond.attributes.name ?? "bond"
        for link in links {
            let name = link.attributes.name ?? "#\(link.index)"
            let wasUp = link.isUp
            undo.push("restore \(name)") {
                guard let current = try pod.links.link(named: name) else { return }
                if current.attributes.masterIndex ?? 0 != 0 { try pod.links.setMaster(index: current.index, masterIndex: 0) }
                try pod.links.setUp(index: current.index, wasUp)
            }
            try kernel("enslave \(name) to \(bondName)") { () throws(NetlinkError) in
                try pod.links.setUp(index: link.index, false)
                try pod.links.setMaster(index: link.index, masterIndex: bond.index)
                try pod.links.setUp(index: link.index, true)
            }
        }
    }
}
