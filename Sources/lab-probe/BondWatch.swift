import Netlink
import RouteNetlink
import KernelSockets

// Watches a bond's active slave from the kernel's link events (the bond
// announces a failover with RTM_NEWLINK), for the pod failover measurements.

func watchBond(_ name: String) {
    do {
        let events = try NetlinkSocket(receiveTimeoutMilliseconds: nil)
        try events.setReceiveBufferSize(4 << 20)
        try events.join(group: RTNLGRP.link)
        var last: String?
        func look() throws(NetlinkError) {
            let now = WallClock.nanosecondsSinceEpoch()
            guard let bond = try links.link(named: name) else { return }
            var active = "none"
            if let index = bond.attributes.linkInfo?.bond?.activeSlaveIndex, index != 0,
               let slave = try links.link(index: Int32(bitPattern: index)) {
                active = slave.attributes.name ?? "#\(index)"
            }
            guard active != last else { return }
            last = active
            StandardStreams.writeOutput("{\"event\":\"active_slave\",\"bond\":\"\(name)\",\"slave\":\"\(active)\",\"t\":\(now)}\n")
        }
        try look()
        while true {
            _ = try? events.receive()
            try look()
        }
    } catch {
        fail("watch-bond: \(error)")
    }
}
