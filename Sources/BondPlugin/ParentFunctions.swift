import CNI
import Foundation
import Netlink
import RouteNetlink

/// Finds the physical function (PF) an SR-IOV VF link belongs to, so that
/// the bond's MTU is checked against the PF as well: a VF cannot carry
/// frames larger than its PF's MTU, whatever its own MTU says.
///
/// First through sysfs: the link's parent PCI device (IFLA_PARENT_DEV_NAME,
/// reported in any namespace) and its `physfn/net/` folder, which names the
/// PF's netdev as seen from the plugin's own (the host's) namespace. Then,
/// for drivers or kernels that report no parent, as Bond CNI does it: the host
/// link whose VF list carries the link's MAC address.
struct ParentFunctions {
    /// Where sysfs is mounted: "/sys".
    let sysfs: String
    let host: NamespaceNetwork
    /// The host's links with their VF lists, dumped once when a MAC must be matched.
    private var hostLinks: [LinkMessage]?

    init(sysfs: String, host: NamespaceNetwork) {
        self.sysfs = sysfs
        self.host = host
    }

    /// The PFs of `link`: none for a link that is not a VF (veth, macvlan, a PF).
    mutating func of(_ link: LinkMessage) throws(CNIError) -> [LinkMessage] {
        var found: [LinkMessage] = []
        for name in Self.physfnNames(of: link, sysfs: sysfs) {
            let host = self.host
            if let pf = try kernel("look up PF \(name)", { () throws(NetlinkError) in try host.links.link(named: name) }) {
                found.append(pf)
            }
        }
        guard found.isEmpty, let mac = link.attributes.address, mac.count == 6, mac.contains(where: { $0 != 0 }) else {
            return found
        }
        if hostLinks == nil {
            let host = self.host
            hostLinks = try kernel("list the host's links") { () throws(NetlinkError) in try host.links.links() }
        }
        return (hostLinks ?? []).filter { candidate in
            candidate.attributes.vfs?.contains { $0.mac == mac } ?? false
        }
    }

    /// The names in `<sysfs>/bus/pci/devices/<parent>/physfn/net/`, sorted;
    /// empty when the link has no PCI parent or the parent is not a VF.
    static func physfnNames(of link: LinkMessage, sysfs: String) -> [String] {
        guard link.attributes.parentDeviceBusName == "pci", let device = link.attributes.parentDeviceName,
              !device.isEmpty, !device.contains("/"), device != "..", device != "."
        else { return [] }
        let folder = "\(sysfs)/bus/pci/devices/\(device)/physfn/net"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}
