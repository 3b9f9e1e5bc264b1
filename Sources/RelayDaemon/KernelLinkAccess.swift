public import RelayCore
public import RouteNetlink

/// `LinkAccess` over rtnetlink: two RTM_GETLINK requests per look (the PF,
/// then its master) and one RTM_SETLINK per batch of VF changes.
public struct KernelLinkAccess: LinkAccess {
    public let links: RouteLinks

    public init(links: RouteLinks) { self.links = links }

    public func observe(pf name: String) async throws -> PFObservation? {
        guard let link = try links.link(named: name) else { return nil }
        var master: LinkMessage?
        if let masterIndex = link.attributes.masterIndex, masterIndex != 0 {
            master = try links.link(index: Int32(bitPattern: masterIndex))
        }
        return PFObservation(link: link, master: master)
    }

    public func setVFLinkStates(_ changes: [VFChange], on pf: PFObservation) async throws {
        let states = changes.map { VFInfo(index: $0.id, linkState: $0.target.kernelValue) }
        try links.setVFLinkStates(states, index: pf.index, name: pf.name)
    }
}
