/// A bonding mode. `rawValue` is its name as iproute2, sysfs and Bond CNI
/// configurations spell it; `kernelValue` is BOND_MODE_* (IFLA_BOND_MODE).
public enum BondMode: String, CaseIterable, Sendable, CustomStringConvertible {
    case balanceRR = "balance-rr"
    case activeBackup = "active-backup"
    case balanceXOR = "balance-xor"
    case broadcast
    case ieee8023AD = "802.3ad"
    case balanceTLB = "balance-tlb"
    case balanceALB = "balance-alb"

    /// BOND_MODE_ROUNDROBIN 0 ... BOND_MODE_ALB 6.
    public var kernelValue: UInt8 {
        switch self {
        case .balanceRR: 0
        case .activeBackup: 1
        case .balanceXOR: 2
        case .broadcast: 3
        case .ieee8023AD: 4
        case .balanceTLB: 5
        case .balanceALB: 6
        }
    }

    /// nil for a mode this code does not know (a newer kernel's).
    public init?(kernelValue: UInt8) {
        guard let mode = Self.allCases.first(where: { $0.kernelValue == kernelValue }) else { return nil }
        self = mode
    }

    public var description: String { rawValue }
}

/// How often an 802.3ad bond asks its partner for LACPDUs
/// (IFLA_BOND_AD_LACP_RATE). `rawValue` is the name iproute2 and Bond CNI use.
public enum LACPRate: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Every 30 seconds; a failure takes 90 seconds to detect.
    case slow
    /// Every second; a failure takes 3 seconds to detect.
    case fast

    /// 0 slow, 1 fast.
    public var kernelValue: UInt8 { self == .slow ? 0 : 1 }

    public init?(kernelValue: UInt8) {
        switch kernelValue {
        case 0: self = .slow
        case 1: self = .fast
        default: return nil
        }
    }

    public var description: String { rawValue }
}
