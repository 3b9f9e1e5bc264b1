/// The classic BPF program of the LACPDU tap (struct sock_filter entries).
public enum LACPDUFilter {
    public struct Instruction: Equatable, Sendable {
        public let code: UInt16
        public let jumpIfTrue: UInt8
        public let jumpIfFalse: UInt8
        public let k: UInt32
    }

    /// ETH_P_SLOW: slow protocols (LACP, marker).
    public static let slowProtocolsEthertype: UInt32 = 0x8809
    /// PACKET_OUTGOING: the host's own frames, seen by taps on the way out.
    static let packetOutgoing: UInt32 = 4
    /// SKF_AD_OFF + SKF_AD_PKTTYPE: the ancillary "packet type" field.
    static let ancillaryPacketType: UInt32 = 0xFFFF_F000 + 4
    /// Bytes kept of each frame: only the arrival matters.
    public static let snapLength: UInt32 = 128

    // Opcodes (BPF_CLASS | BPF_SIZE | BPF_MODE).
    static let loadHalfAbsolute: UInt16 = 0x28   // BPF_LD | BPF_H | BPF_ABS
    static let loadByteAbsolute: UInt16 = 0x30   // BPF_LD | BPF_B | BPF_ABS
    static let jumpIfEqual: UInt16 = 0x15        // BPF_JMP | BPF_JEQ | BPF_K
    static let returnConstant: UInt16 = 0x06     // BPF_RET | BPF_K

    public static let program: [Instruction] = [
        // 0: A = ethertype (offset 12)
        Instruction(code: loadHalfAbsolute, jumpIfTrue: 0, jumpIfFalse: 0, k: 12),
        // 1: not 0x8809 -> drop (5)
        Instruction(code: jumpIfEqual, jumpIfTrue: 0, jumpIfFalse: 3, k: slowProtocolsEthertype),
        // 2: A = packet type
        Instruction(code: loadByteAbsolute, jumpIfTrue: 0, jumpIfFalse: 0, k: ancillaryPacketType),
        // 3: outgoing -> drop (5), else accept (4)
        Instruction(code: jumpIfEqual, jumpIfTrue: 1, jumpIfFalse: 0, k: packetOutgoing),
        // 4: accept, keeping snapLength bytes
        Instruction(code: returnConstant, jumpIfTrue: 0, jumpIfFalse: 0, k: snapLength),
        // 5: drop
        Instruction(code: returnConstant, jumpIfTrue: 0, jumpIfFalse: 0, k: 0),
    ]
}
