import BondCNI
import CNI
import LinkConstants
import RouteNetlink

/// What ADD will do, decided from the request alone before the kernel is
/// touched: where the links come from, the bond to create, the order of the
/// steps and what undoes each. `AddCommand` carries it out.
struct AddPlan: Equatable, Sendable {
    /// The container's network namespace (CNI_NETNS).
    var netns: String
    var bond: BondBlueprint
    /// The links named in the configuration, in enslaving order.
    var links: [String]
    /// Where the links are before ADD: in the container already, or on the host.
    var origin: LinkOrigin
    /// The IPAM plugin whose allocation goes on the bond, if any.
    var ipamType: String?
    /// DNS for the result when IPAM gives none.
    var dns: CNIResult.DNS
    var steps: [AddStep]

    enum LinkOrigin: Equatable, Sendable {
        case container
        /// Moved in by ADD, given back by DEL or by a failed ADD.
        case host
    }
}

/// The bond as ADD creates it.
struct BondBlueprint: Equatable, Sendable {
    var name: String
    var mode: BondMode
    var mtu: UInt32
    /// The bond's IFLA_INFO_DATA (mode, miimon, fail_over_mac, ...), except
    /// the primary's ifindex, which is known only once the links are found.
    var options: BondInfo
    /// The link to prefer, when it is one of the links.
    var primary: String?
}

/// One step of ADD, in the order the plan lists them.
enum AddStep: Equatable, Sendable {
    /// Fails when an interface of the bond's name is already in the container.
    case checkNameIsFree
    /// Moves a host link into the container; `position` is its index in "links".
    case moveIntoContainer(link: String, position: Int)
    /// Finds every link in the container: present, without a master, and with
    /// an MTU no smaller than the bond's.
    case findLinks
    /// balance-tlb and balance-alb only: links with a MAC address an earlier
    /// link has get a new one.
    case giveDistinctMACs
    case createBond
    /// Down, master, up.
    case enslave(link: String)
    case setBondUp
    /// IPAM ADD; its addresses, then its routes, go on the bond.
    case configureAddresses(ipamType: String)

    /// What a failed ADD does to take this step back; nil when nothing is left
    /// to undo (deleting the bond takes its state and addresses with it).
    var undo: AddUndo? {
        switch self {
        // giveDistinctMACs records its undo per link it changes.
        case .checkNameIsFree, .findLinks, .giveDistinctMACs, .setBondUp: nil
        case let .moveIntoContainer(link, _): .giveBackToHost(link: link)
        case .createBond: .deleteBond
        case let .enslave(link): .release(link: link)
        case let .configureAddresses(ipamType): .releaseAllocation(ipamType: ipamType)
        }
    }
}

extension BondMode {
    /// balance-tlb and balance-alb tell the links apart by MAC address (the kernel's alb code).
    var tellsLinksApartByMAC: Bool { self == .balanceTLB || self == .balanceALB }
}

/// The inverse of an `AddStep`, run newest first.
enum AddUndo: Equatable, Sendable {
    /// Down, back to the host's namespace, up again if it was up.
    case giveBackToHost(link: String)
    case deleteBond
    /// Released from the bond, up or down as it was before.
    case release(link: String)
    /// IPAM DEL.
    case releaseAllocation(ipamType: String)
}

extension AddPlan {
    /// The plan for `config`, the bond named `bondName`, in the namespace at `netns`.
    init(config: BondNetworkConfig, bondName: String, netns: String) {
        self.netns = netns
        bond = BondBlueprint(
            name: bondName, mode: config.mode, mtu: config.mtu,
            options: BondSettings.kernelInfo(for: config, primaryIndex: nil),
            primary: config.primary.flatMap { config.links.contains($0) ? $0 : nil }
        )
        links = config.links
        origin = config.linksInContainer ? .container : .host
        ipamType = config.ipamType
        dns = config.dns ?? CNIResult.DNS()
        var steps: [AddStep] = [.checkNameIsFree]
        if origin == .host {
            steps += links.enumerated().map { AddStep.moveIntoContainer(link: $1, position: $0) }
        }
        steps.append(.findLinks)
        if config.mode.tellsLinksApartByMAC { steps.append(.giveDistinctMACs) }
        steps.append(.createBond)
        steps += links.map { AddStep.enslave(link: $0) }
        steps.append(.setBondUp)
        if let ipamType { steps.append(.configureAddresses(ipamType: ipamType)) }
        self.steps = steps
    }

    /// What a failure after the last of `steps` would undo, newest first.
    var undoOrder: [AddUndo] { steps.compactMap(\.undo).reversed() }
}
