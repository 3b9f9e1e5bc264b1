import Netlink
import RouteNetlink
import LinkConstants
import KernelSockets

// Measures what the lab's NIC model (VFModel.swift) adds: the time from a VF
// link state request on the PF to the carrier change of the pod's device,
// seen as the kernel's RTM_NEWLINK in the pod's namespace.

func measureVFLatency(pf: String, vf: UInt32, namespace: String, device: String, rounds: Int) {
    do {
        guard let pfLink = try links.link(named: pf) else { fail("no interface \(pf)") }
        let path = "/run/netns/\(namespace)"
        let podLinks = RouteLinks(connection: NetlinkConnection(transport: try NetlinkSocket.inNetworkNamespace(path)))
        guard let target = try podLinks.link(named: device) else { fail("no \(device) in namespace \(namespace)") }
        let events = try NetlinkSocket.inNetworkNamespace(path, receiveTimeoutMilliseconds: 2000)
        try events.join(group: RTNLGRP.link)

        /// Waits for the device's carrier to become `wanted`; false on timeout.
        func awaitCarrier(_ wanted: Bool) -> Bool {
            while true {
                guard let datagram = try? events.receive() else { return false }
                for message in (try? NetlinkMessage.decodeAll(datagram)) ?? [] {
                    guard let link = (try? LinkNotification(message))?.link, link.index == target.index else { continue }
                    if (link.header.flags & IFF.lowerUp != 0) == wanted { return true }
                }
            }
        }

        var samples: [Int64] = []
        for round in 0..<(rounds * 2) {
            let state: VFLinkState = round % 2 == 0 ? .disable : .auto
            let began = WallClock.nanosecondsSinceEpoch()
            try links.setVFLinkStates([VFInfo(index: vf, linkState: state)], index: pfLink.index, name: pf)
            guard awaitCarrier(state == .auto) else { fail("\(device) in \(namespace) did not follow VF \(vf) of \(pf) to \(state) within 2 s") }
            samples.append((WallClock.nanosecondsSinceEpoch() - began) / 1000)
        }
        let sorted = samples.sorted()
        let at = { (p: Int) in sorted[min(sorted.count - 1, (sorted.count * p) / 100)] }
        StandardStreams.writeOutput(
            "{\"event\":\"vf_model_latency\",\"n\":\(sorted.count),\"median_us\":\(at(50)),\"p90_us\":\(at(90)),\"max_us\":\(sorted.last ?? 0)}\n")
    } catch {
        fail("vf latency: \(error)")
    }
}
