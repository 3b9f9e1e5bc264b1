/// The parts of an LACPDU (IEEE 802.1AX, slow protocols subtype 1) the relay
/// reads from a captured Ethernet frame: the state octets the sender reports
/// for itself (actor) and for us (partner).
///
/// Layout after the 14-byte Ethernet header: subtype, version, then the actor
/// TLV (type 1, length 20: system priority, system, key, port priority, port,
/// state, reserved) and the partner TLV (type 2, length 20, same fields).
public struct LACPDU: Equatable, Sendable {
    public static let ethertype: UInt16 = 0x8809
    static let subtype: UInt8 = 0x01
    static let actorTLV: UInt8 = 0x01
    static let partnerTLV: UInt8 = 0x02
    static let informationLength: UInt8 = 20

    /// The sender's own port state.
    public var actorState: UInt8
    /// The sender's view of our port state.
    public var partnerState: UInt8

    public init(actorState: UInt8, partnerState: UInt8) {
        self.actorState = actorState
        self.partnerState = partnerState
    }

    /// nil when the frame is not an LACPDU (a marker PDU, another slow protocol,
    /// a truncated or malformed frame).
    public init?(frame: [UInt8]) {
        guard frame.count >= 54,
              UInt16(frame[12]) << 8 | UInt16(frame[13]) == Self.ethertype,
              frame[14] == Self.subtype,
              frame[16] == Self.actorTLV, frame[17] == Self.informationLength,
              frame[36] == Self.partnerTLV, frame[37] == Self.informationLength
        else { return nil }
        actorState = frame[32]
        partnerState = frame[52]
    }
}
