import BondCNI
import CNI
import Netlink
import RouteNetlink

/// The host's netlink and its namespace, where links come from and go back to.
struct HostSide {
    let network: NamespaceNetwork
    let namespace: any NamespaceHandle
}

/// What ADD has found and done so far, and how to take it back. Each method
/// carries out one `AddStep` and records its undo before or as it acts.
struct AddProgress {
    let plan: AddPlan
    let pod: NamespaceNetwork
    /// Held open until ADD ends: moves into the container go through it.
    let podNamespace: any NamespaceHandle
    /// The host's side, opened by the first move.
    var host: HostSide?
    var undo = UndoLog()
    private(set) var links: [LinkMessage] = []
    private(set) var bond: LinkMessage?
    private(set) var allocation: CNIResult?

    init(plan: AddPlan, pod: NamespaceNetwork, podNamespace: any NamespaceHandle) {
        self.plan = plan
        self.pod = pod
        self.podNamespace = podNamespace
    }

    func checkNameIsFree() throws(CNIError) {
        let pod = self.pod, name = plan.bond.name
        if try kernel("look up \(name)", { () throws(NetlinkError) in try pod.links.link(named: name) }) != nil {
            throw .pluginError("interface \(name) already exists in \(plan.netns)")
        }
    }

    /// Moves a host link into the container, remembering how to give it back.
    mutating func moveIntoContainer(_ name: String, position: Int, from host: HostSide) throws(CNIError) {
        let hostNetwork = host.network, hostNamespace = host.namespace
        let link = try Self.freeLink(name, position: position, in: hostNetwork, where: "the host's")
        let wasUp = link.isUp
        let descriptor = podNamespace.descriptor
        try kernel("move \(name) into the container") { () throws(NetlinkError) in
            try hostNetwork.links.moveToNamespace(index: link.index, namespaceDescriptor: descriptor)
        }
        let pod = self.pod
        undo.push("give \(name) back to the host") {
            guard let moved = try pod.links.link(named: name) else { return }
            try pod.links.setUp(index: moved.index, false)
            try pod.links.moveToNamespace(index: moved.index, namespaceDescriptor: hostNamespace.descriptor)
            if wasUp, let back = try hostNetwork.links.link(named: name) { try hostNetwork.links.setUp(index: back.index, true) }
        }
    }

    /// The links in the container; the bond's MTU may not exceed any link's,
    /// nor the MTU of a VF link's PF: the kernel would raise the links' MTU or
    /// refuse, and a PF drops what it cannot carry, none of which the user asked for.
    mutating func findLinks(parents: inout ParentFunctions) throws(CNIError) {
        links = []
        for (position, name) in plan.links.enumerated() {
            links.append(try Self.freeLink(name, position: position, in: pod, where: "the container's"))
        }
        let mtu = plan.bond.mtu
        for link in links {
            let name = link.attributes.name ?? "#\(link.index)"
            if let linkMTU = link.attributes.mtu, mtu > linkMTU {
                throw .invalidNetworkConfig("invalid \"mtu\": \(mtu) is larger than the MTU of link \(name) (\(linkMTU))")
            }
            for pf in try parents.of(link) {
                if let pfMTU = pf.attributes.mtu, mtu > pfMTU {
                    throw .invalidNetworkConfig(
                        "invalid \"mtu\": \(mtu) is larger than the MTU of \(pf.attributes.name ?? "#\(pf.index)") (\(pfMTU)), the PF of link \(name)")
                }
            }
        }
    }

    /// balance-tlb and balance-alb tell the links apart by their MAC address:
    /// a link whose MAC an earlier link already has gets a new, locally
    /// administered one (Bond CNI does the same), given back by a failed ADD.
    mutating func giveDistinctMACs() throws(CNIError) {
        var seen: Set<[UInt8]> = []
        for position in links.indices {
            let link = links[position]
            guard let original = link.attributes.address, original.count == 6, !seen.insert(original).inserted else { continue }
            var fresh = Self.randomLocalMAC()
            while seen.contains(fresh) { fresh = Self.randomLocalMAC() }
            seen.insert(fresh)
            let pod = self.pod, index = link.index, wasUp = link.isUp, name = link.attributes.name ?? "#\(link.index)"
            undo.push("give \(name) its MAC address back") {
                try pod.links.setUp(index: index, false)
                try pod.links.setAddress(index: index, original)
                try pod.links.setUp(index: index, wasUp)
            }
            // Down first: not every driver changes the address of a running link.
            try kernel("give \(name) the MAC address \(formatMAC(fresh) ?? "")") { () throws(NetlinkError) in
                try pod.links.setUp(index: index, false)
                try pod.links.setAddress(index: index, fresh)
            }
            links[position].attributes.address = fresh
        }
    }

    /// 02:xx:xx:xx:xx:xx: locally administered, unicast.
    static func randomLocalMAC() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return [0x02] + (0..<5).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    mutating func createBond() throws(CNIError) {
        let pod = self.pod, name = plan.bond.name, mtu = plan.bond.mtu
        var options = plan.bond.options
        if let primary = plan.bond.primary, let link = links.first(where: { $0.attributes.name == primary }) {
            options.primaryIndex = UInt32(bitPattern: link.index)
        }
        try kernel("create bond \(name)") { () throws(NetlinkError) in
            try pod.links.createBond(name: name, bond: options, mtu: mtu)
        }
        guard let created = try kernel("look up bond \(name)", { () throws(NetlinkError) in try pod.links.link(named: name) }) else {
            throw .pluginError("bond \(name) vanished right after it was created")
        }
        bond = created
        undo.push("delete bond \(name)") { try pod.links.deleteLink(index: created.index) }
    }

    mutating func enslave(_ name: String) throws(CNIError) {
        let bond = try createdBond()
        guard let link = links.first(where: { $0.attributes.name == name }) else {
            throw .pluginError("link \(name) was not looked up before it was enslaved")
        }
        let pod = self.pod, wasUp = link.isUp
        // Pushed first: an enslaving that fails halfway is taken back too.
        undo.push("restore \(name)") {
            guard let current = try pod.links.link(named: name) else { return }
            if current.attributes.masterIndex ?? 0 != 0 { try pod.links.setMaster(index: current.index, masterIndex: 0) }
            try pod.links.setUp(index: current.index, wasUp)
        }
        try kernel("enslave \(name) to \(plan.bond.name)") { () throws(NetlinkError) in
            try pod.links.setUp(index: link.index, false)
            try pod.links.setMaster(index: link.index, masterIndex: bond.index)
            try pod.links.setUp(index: link.index, true)
        }
    }

    func setBondUp() throws(CNIError) {
        let bond = try createdBond(), pod = self.pod
        try kernel("set \(plan.bond.name) up") { () throws(NetlinkError) in try pod.links.setUp(index: bond.index, true) }
    }

    mutating func configureAddresses(from ipam: any IPAMDelegate) throws(CNIError) {
        let bond = try createdBond()
        let allocated = try ipam.add()
        undo.push("release the IPAM allocation") { try ipam.run(.del) }
        // A pod network without an address is a misconfiguration, not a
        // success (Bond CNI's rule too); the undo above releases whatever it holds.
        if allocated.ips.isEmpty {
            throw .invalidNetworkConfig(
                "invalid \"ipam\": IPAM plugin \(plan.ipamType ?? "") returned no IP addresses; the bond needs at least one")
        }
        try IPConfiguration.apply(allocated, to: bond.index, name: plan.bond.name, in: pod)
        allocation = allocated
    }

    /// The result ADD prints: the bond as the kernel now reports it, and the allocation.
    func result() throws(CNIError) -> CNIResult {
        let bond = try createdBond(), pod = self.pod, name = plan.bond.name
        var result = CNIResult(interfaces: [], ips: [], routes: [], dns: plan.dns)
        if let allocation {
            result.ips = allocation.ips.map { CNIResult.IPConfig(address: $0.address, gateway: $0.gateway, interface: 0) }
            result.routes = allocation.routes
            if !allocation.dns.isEmpty { result.dns = allocation.dns }
        }
        let current = try kernel("read \(name)") { () throws(NetlinkError) in try pod.links.link(index: bond.index) }
        result.interfaces = [CNIResult.Interface(
            name: name, mac: formatMAC(current?.attributes.address), sandbox: plan.netns, mtu: current?.attributes.mtu
        )]
        return result
    }

    private func createdBond() throws(CNIError) -> LinkMessage {
        guard let bond else { throw .pluginError("bond \(plan.bond.name) was not created before this step") }
        return bond
    }

    /// The link `name` in `network`, which must exist and have no master.
    private static func freeLink(_ name: String, position: Int, in network: NamespaceNetwork, where place: String) throws(CNIError) -> LinkMessage {
        guard let link = try kernel("look up link \(name)", { () throws(NetlinkError) in try network.links.link(named: name) }) else {
            throw .invalidNetworkConfig(
                "invalid \"links[\(position)].name\": link \(name) does not exist in \(place) network namespace")
        }
        if let master = link.attributes.masterIndex, master != 0 {
            throw .invalidNetworkConfig("invalid \"links[\(position)].name\": link \(name) already has a master (ifindex \(master))")
        }
        return link
    }
}
