/// A VF's link state (IFLA_VF_LINK_STATE_*). `rawValue` is the name iproute2
/// uses (`ip link set PF vf N state auto`).
public enum VFLinkState: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Follow the PF's link.
    case auto
    /// Always up.
    case enable
    /// Always down.
    case disable

    /// IFLA_VF_LINK_STATE_AUTO 0, _ENABLE 1, _DISABLE 2.
    public var kernelValue: UInt32 {
        switch self {
        case .auto: 0
        case .enable: 1
        case .disable: 2
        }
    }

    /// nil for a state this code does not know.
    public init?(kernelValue: UInt32) {
        guard let state = Self.allCases.first(where: { $0.kernelValue == kernelValue }) else { return nil }
        self = state
    }

    public var description: String { rawValue }
}

/// RFC 2863 operational status (IF_OPER_*, IFLA_OPERSTATE). `rawValue` is the
/// name the daemon reports (iproute2's, in lower case).
public enum OperState: String, CaseIterable, Sendable, CustomStringConvertible {
    case unknown
    case notPresent = "notpresent"
    case down
    case lowerLayerDown = "lowerlayerdown"
    case testing
    case dormant
    case up

    /// IF_OPER_UNKNOWN 0 ... IF_OPER_UP 6.
    public var kernelValue: UInt8 {
        switch self {
        case .unknown: 0
        case .notPresent: 1
        case .down: 2
        case .lowerLayerDown: 3
        case .testing: 4
        case .dormant: 5
        case .up: 6
        }
    }

    public init?(kernelValue: UInt8) {
        guard let state = Self.allCases.first(where: { $0.kernelValue == kernelValue }) else { return nil }
        self = state
    }

    public var description: String { rawValue }
}
