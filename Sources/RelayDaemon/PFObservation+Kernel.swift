import RouteNetlink
import LinkConstants
import RelayCore

extension PFObservation {
    /// The domain's view of a PF link message and its master's.
    init(link: LinkMessage, master: LinkMessage?) {
        let attributes = link.attributes
        let slave = attributes.linkInfo?.slaveKind == "bond" ? attributes.linkInfo?.bondSlave : nil
        self.init(
            name: attributes.name ?? "#\(link.index)",
            index: link.index,
            operState: Self.operState(attributes, flags: link.header.flags),
            master: attributes.masterIndex.flatMap { $0 == 0 ? nil : MasterObservation(index: Int32(bitPattern: $0), link: master) },
            slaveKind: attributes.linkInfo?.slaveKind,
            actorState: slave?.actorOperPortState.map { LACPPortState(rawValue: UInt16($0)) },
            partnerState: slave?.partnerOperPortState.map { LACPPortState(rawValue: $0) },
            vfs: (attributes.vfs ?? []).map { VF(id: $0.index, linkState: $0.linkState) }
        )
    }

    /// IFLA_OPERSTATE. A driver without carrier reporting leaves it "unknown";
    /// the kernel's documentation says to treat that as up when the link is
    /// administratively and physically up, so we do.
    static func operState(_ attributes: LinkAttributes, flags: UInt32) -> OperState {
        switch attributes.operState {
        case .unknown, nil:
            flags & IFF.up != 0 && flags & IFF.lowerUp != 0 ? .up : .unknown
        case let state?:
            state
        }
    }
}

extension MasterObservation {
    init(index: Int32, link: LinkMessage?) {
        let info = link?.attributes.linkInfo
        let bond = info?.kind == "bond" ? info?.bond : nil
        let mode = bond?.mode.flatMap(BondMode.init(kernelValue:))
        self.init(
            index: index,
            name: link?.attributes.name,
            kind: info?.kind,
            bondMode: mode,
            // The kernel reports a LACP rate for bonds of every mode; it means something only in 802.3ad.
            lacpRate: mode == .ieee8023AD ? bond?.lacpRate.flatMap(LACPRate.init(kernelValue:)) : nil
        )
    }
}
