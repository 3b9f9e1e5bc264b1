public import LinkConstants

/// Whether a PF can be monitored: up, and the port of an 802.3ad bond that
/// reports LACP state.
public enum Readiness: Equatable, Sendable {
    case ready
    case notReady(NotReadyReason)

    public init(of observation: PFObservation?) {
        guard let pf = observation else { self = .notReady(.notFound); return }
        guard pf.operState == .up else { self = .notReady(.operStateNotUp(pf.operState)); return }
        guard let master = pf.master else { self = .notReady(.noMaster); return }
        guard master.kind == "bond" else {
            self = .notReady(.masterNotBond(master: master.name ?? "#\(master.index)", kind: master.kind))
            return
        }
        guard master.bondMode == .ieee8023AD else {
            self = .notReady(.bondModeNot8023AD(bond: master.name ?? "#\(master.index)", mode: master.bondMode))
            return
        }
        guard pf.actorState != nil, pf.partnerState != nil else {
            self = .notReady(.noLACPState(bond: master.name ?? "#\(master.index)"))
            return
        }
        self = .ready
    }

    public var isReady: Bool { self == .ready }
}

/// Why a PF is not monitored, in words a node administrator can act on.
public enum NotReadyReason: Equatable, Sendable, CustomStringConvertible {
    case notFound
    case operStateNotUp(OperState)
    case noMaster
    case masterNotBond(master: String, kind: String?)
    case bondModeNot8023AD(bond: String, mode: BondMode?)
    case noLACPState(bond: String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .notFound:
            "interface not found"
        case let .operStateNotUp(state):
            "interface operational state is \(state), not up"
        case .noMaster:
            "interface has no master: it must be the only port of an 802.3ad bond"
        case let .masterNotBond(master, kind):
            "master \(master) is \(kind.map { "a \($0)" } ?? "of unknown kind"), not a bond"
        case let .bondModeNot8023AD(bond, mode):
            "bond \(bond) is in mode \(mode.map(String.init(describing:)) ?? "unknown"), not 802.3ad"
        case let .noLACPState(bond):
            "bond \(bond) reports no LACP state for this port"
        case let .unreadable(error):
            "cannot read interface: \(error)"
        }
    }
}
