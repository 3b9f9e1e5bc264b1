/// An LACP port state (IEEE 802.1AX actor/partner state octet), as the
/// bonding driver reports it for a port.
public struct LACPPortState: OptionSet, Equatable, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let activity = LACPPortState(rawValue: 1 << 0)
    /// Short timeout: the port asks for LACPDUs every second (fast rate).
    public static let timeout = LACPPortState(rawValue: 1 << 1)
    public static let aggregation = LACPPortState(rawValue: 1 << 2)
    public static let synchronization = LACPPortState(rawValue: 1 << 3)
    public static let collecting = LACPPortState(rawValue: 1 << 4)
    public static let distributing = LACPPortState(rawValue: 1 << 5)
    public static let defaulted = LACPPortState(rawValue: 1 << 6)
    public static let expired = LACPPortState(rawValue: 1 << 7)

    /// What a port needs for traffic to flow through it.
    public static let operational: LACPPortState = [.aggregation, .synchronization, .collecting, .distributing]
    /// Signs that the port is not talking to a live partner.
    public static let failed: LACPPortState = [.defaulted, .expired]

    /// Has every operational flag and no failure flag.
    public var isOperational: Bool { isSuperset(of: .operational) && isDisjoint(with: .failed) }

    private static let names: [(LACPPortState, String)] = [
        (.activity, "activity"), (.timeout, "timeout"), (.aggregation, "aggregation"),
        (.synchronization, "synchronization"), (.collecting, "collecting"),
        (.distributing, "distributing"), (.defaulted, "defaulted"), (.expired, "expired"),
    ]

    /// The set flags by name, in bit order.
    public var flagNames: [String] { Self.names.filter { contains($0.0) }.map(\.1) }
}

/// LACP is up on a port when both its actor and its partner are operational.
public func isLACPUp(actor: LACPPortState, partner: LACPPortState) -> Bool {
    actor.isOperational && partner.isOperational
}
