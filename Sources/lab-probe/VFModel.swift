import Netlink
import RouteNetlink
import LinkConstants
import KernelSockets

// The lab's model of an SR-IOV NIC's firmware. netdevsim's VFs are not network
// devices, so each VF a pod uses is stood in for by a netdevsim port in the
// pod (net1), cabled to a port of the switch. A real NIC tells the VF's
// driver its link is down when its link state says so; here the pod-side
// port's carrier is set (IFLA_CARRIER, which the lab's netdevsim patch lets
// user space do):
//   enable: carrier on; disable: carrier off; auto: the PF's own carrier.
// Driven by the kernel's RTM_NEWLINK for the PF (sent after every VF change,
// by do_setlink's notification), never by a timer.

/// One VF the model drives: VF `vf` of PF `pf` is the network device
/// `device` in the namespace `namespace` (a name under /run/netns).
struct ModelledVF {
    let pf: String
    let vf: UInt32
    let namespace: String
    let device: String

    /// PF:VF=NAMESPACE/DEVICE, e.g. pf0:0=pod/net1.
    init?(_ text: String) {
        let sides = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard sides.count == 2 else { return nil }
        let left = sides[0].split(separator: ":").map(String.init)
        let right = sides[1].split(separator: "/").map(String.init)
        guard left.count == 2, right.count == 2, let vf = UInt32(left[1]), !left[0].isEmpty, !right[0].isEmpty, !right[1].isEmpty else { return nil }
        (pf, self.vf, namespace, device) = (left[0], vf, right[0], right[1])
    }
}

/// The carrier a VF in `state` has on a PF in `pf`'s condition.
func vfCarrier(_ state: VFLinkState?, pf: LinkMessage) -> Bool {
    switch state {
    case .enable: return true
    case .disable: return false
    case .auto, nil: return pf.isUp && pf.header.flags & IFF.lowerUp != 0
    }
}

func runVFModel(_ specifications: [String]) {
    var vfs: [ModelledVF] = []
    for text in specifications {
        guard let vf = ModelledVF(text) else { fail("expected PF:VF=NETNS/DEVICE, got \(text)") }
        vfs.append(vf)
    }
    guard !vfs.isEmpty else { fail("usage: vf-model PF:VF=NETNS/DEVICE...") }
    do {
        let events = try NetlinkSocket(receiveTimeoutMilliseconds: nil)
        try events.setReceiveBufferSize(4 << 20)
        try events.join(group: RTNLGRP.link)
        // One connection per namespace of the VFs' devices, opened in place.
        var devices: [String: RouteLinks] = [:]
        var deviceIndex: [Int: Int32] = [:]
        for (i, vf) in vfs.enumerated() {
            if devices[vf.namespace] == nil {
                devices[vf.namespace] = RouteLinks(connection: NetlinkConnection(transport: try NetlinkSocket.inNetworkNamespace("/run/netns/\(vf.namespace)")))
            }
            guard let link = try devices[vf.namespace]!.link(named: vf.device) else { fail("no \(vf.device) in namespace \(vf.namespace)") }
            deviceIndex[i] = link.index
        }
        var carrier: [Int: Bool] = [:]
        let pfNames = Set(vfs.map { $0.pf })
        var pfIndex: [Int32: String] = [:]

        /// Re-reads `name` and gives each of its modelled VFs the carrier its state asks for.
        func apply(_ name: String, cause: String, received: Int64) throws(NetlinkError) {
            guard let pf = try links.link(named: name) else { return }
            let read = WallClock.nanosecondsSinceEpoch()
            pfIndex[pf.index] = name
            let states = Dictionary((pf.attributes.vfs ?? []).map { ($0.index, $0.linkState) }, uniquingKeysWith: { a, _ in a })
            for (i, vf) in vfs.enumerated() where vf.pf == name {
                let wanted = vfCarrier(states[vf.vf] ?? nil, pf: pf)
                // Set even when unchanged (a no-op for the kernel): taking the
                // device down and up turns its carrier on whatever the VF says.
                let setting = WallClock.nanosecondsSinceEpoch()
                try devices[vf.namespace]!.setCarrier(index: deviceIndex[i]!, wanted)
                guard carrier[i] != wanted else { continue }
                carrier[i] = wanted
                let done = WallClock.nanosecondsSinceEpoch()
                let state = states[vf.vf].flatMap { $0.map { "\($0)" } } ?? "unknown"
                StandardStreams.writeOutput(
                    "{\"event\":\"vf_carrier\",\"pf\":\"\(name)\",\"vf\":\(vf.vf),\"state\":\"\(state)\",\"carrier\":\(wanted),\"cause\":\"\(cause)\",\"received\":\(received),\"t\":\(done),\"took_us\":\((done - received) / 1000),\"read_us\":\((read - received) / 1000),\"set_us\":\((done - setting) / 1000)}\n")
            }
        }

        for name in pfNames.sorted() { try apply(name, cause: "start", received: WallClock.nanosecondsSinceEpoch()) }
        StandardStreams.writeOutput("{\"event\":\"ready\",\"vfs\":\(vfs.count)}\n")
        while true {
            let datagram: [UInt8]
            do throws(NetlinkError) {
                datagram = try events.receive()
            } catch {
                // ENOBUFS: notifications were lost; read every PF again.
                let now = WallClock.nanosecondsSinceEpoch()
                for name in pfNames.sorted() { try apply(name, cause: "resync", received: now) }
                continue
            }
            let received = WallClock.nanosecondsSinceEpoch()
            var touched: Set<String> = []
            for message in (try? NetlinkMessage.decodeAll(datagram)) ?? [] {
                guard let notification = try? LinkNotification(message) else { continue }
                let link = notification.link
                if let name = link.attributes.name, pfNames.contains(name) { touched.insert(name) }
                else if let name = pfIndex[link.index] { touched.insert(name) }
            }
            for name in touched.sorted() { try apply(name, cause: "event", received: received) }
        }
    } catch {
        fail("vf model: \(error)")
    }
}
