import BondCNI
import RouteNetlink

/// The bond's netlink attributes for a validated configuration.
enum BondSettings {
    static func kernelInfo(for config: BondNetworkConfig, primaryIndex: UInt32?) -> BondInfo {
        var info = BondInfo(mode: config.mode.kernelValue, lacpRate: config.lacpRate?.kernelValue, miimon: config.miimon)
        info.updelay = config.updelay
        info.downdelay = config.downdelay
        info.failOverMac = config.failOverMac
        info.xmitHashPolicy = config.xmitHashPolicy?.kernelValue
        info.allSlavesActive = config.allSlavesActive
        info.tlbDynamicLb = config.tlbDynamicLb
        if let interval = config.arpInterval, interval > 0 {
            info.arpInterval = interval
            info.arpIPTargets = config.arpIPTargets.map(\.bytes)
        }
        info.primaryIndex = primaryIndex
        return info
    }
}
