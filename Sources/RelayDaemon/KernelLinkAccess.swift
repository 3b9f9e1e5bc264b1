public import RelayCore
public import RouteNetlink
import Synchronization

/// `LinkAccess` over rtnetlink: one RTM_GETLINK for the PF (its LACP states and
/// VFs in one reply), one for its master unless that is cached, and one
/// RTM_SETLINK per batch of VF changes.
///
/// The master's bond mode cannot change while the PF is its port (the kernel
/// refuses a mode change on a bond with ports), and its LACP rate only while it
/// is down, which is itself a link event. So a master read is reused for
/// `masterCacheLifetime`, and forgotten at once when a link event names it:
/// looks triggered by LACPDUs then cost a single request.
public final class KernelLinkAccess: LinkAccess {
    public let links: RouteLinks
    public let masterCacheLifetime: Duration
    private let masters = Mutex<[Int32: CachedMaster]>([:])

    private struct CachedMaster {
        var link: LinkMessage?
        var fetched: ContinuousClock.Instant
    }

    public init(links: RouteLinks, masterCacheLifetime: Duration = .seconds(1)) {
        self.links = links
        self.masterCacheLifetime = masterCacheLifetime
    }

    public func observe(pf name: String) async throws -> PFObservation? {
        guard let link = try links.link(named: name) else { return nil }
        var master: LinkMessage?
        if let masterIndex = link.attributes.masterIndex, masterIndex != 0 {
            master = try self.master(index: Int32(bitPattern: masterIndex))
        }
        return PFObservation(link: link, master: master)
    }

    public func setVFLinkStates(_ changes: [VFChange], on pf: PFObservation) async throws {
        let states = changes.map { VFInfo(index: $0.id, linkState: $0.target) }
        try links.setVFLinkStates(states, index: pf.index, name: pf.name)
    }

    /// Drops what is cached about link `index` (a link event named it).
    public func forgetLink(index: Int32) {
        _ = masters.withLock { $0.removeValue(forKey: index) }
    }

    private func master(index: Int32) throws -> LinkMessage? {
        let now = ContinuousClock.now
        let lifetime = masterCacheLifetime
        if let cached = masters.withLock({ $0[index] }), now - cached.fetched < lifetime {
            return cached.link
        }
        let link = try links.link(index: index)
        masters.withLock { $0[index] = CachedMaster(link: link, fetched: now) }
        return link
    }
}
