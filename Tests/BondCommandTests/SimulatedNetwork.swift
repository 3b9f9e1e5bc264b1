import Netlink
import NetlinkTesting
import RouteNetlink
import Synchronization

/// Where a link is: the two network namespaces a CNI plugin deals with.
enum Place: Sendable, Hashable {
    case host, container

    /// The descriptor a `ScriptedSystem` hands out for this namespace, so a
    /// move request (IFLA_NET_NS_FD) says where it sends the link.
    var descriptor: Int32 { self == .host ? 200 : 100 }
}

/// A link as the simulated kernel keeps it.
struct SimulatedLink: Sendable, Equatable {
    var index: Int32
    var name: String
    var place: Place
    var up = true
    var mtu: UInt32 = 1500
    var masterIndex: Int32 = 0
    var kind: String?
    var bond: BondInfo?
    var mac: [UInt8] = [0x02, 0, 0, 0, 0, 0]
    /// A PF's VFs, by their administrative MAC (reported in IFLA_VFINFO_LIST).
    var vfMACs: [[UInt8]] = []
}

/// Two network namespaces behind scripted kernels: the requests ADD, CHECK
/// and DEL send are answered from, and change, a small model of links,
/// addresses and routes, so a test reads what the plugin asked and what it
/// left behind. Every request is logged, in order, as a line of text
/// (`describe`); a test can make any request fail with an errno.
final class SimulatedNetwork: Sendable {
    private struct State {
        var links: [SimulatedLink] = []
        var nextIndex: Int32 = 10
        var log: [(place: Place, line: String, message: NetlinkMessage)] = []
        var addresses: [Place: [[UInt8]]] = [:]
        var routes: [Place: [[UInt8]]] = [:]
        var failures: [Place: [String: Int32]] = [:]
    }

    private let state = Mutex(State())

    init(_ links: [SimulatedLink]) {
        state.withLock { $0.links = links }
    }

    /// A transport into `place`'s namespace.
    func transport(_ place: Place) -> ScriptedKernel {
        ScriptedKernel { [self] request in answer(request, in: place) }
    }

    /// The request described by `line` (see `describe`), sent in `place`, fails with `errno`.
    func fail(_ line: String, in place: Place = .container, errno: Int32) {
        state.withLock { $0.failures[place, default: [:]][line] = errno }
    }

    /// The requests sent in `place`, one line each, in order.
    func requests(in place: Place = .container) -> [String] {
        state.withLock { $0.log.filter { $0.place == place }.map(\.line) }
    }

    /// The messages sent in `place`, for assertions on flags and attributes.
    func messages(in place: Place = .container) -> [NetlinkMessage] {
        state.withLock { $0.log.filter { $0.place == place }.map(\.message) }
    }

    func link(_ name: String) -> SimulatedLink? {
        state.withLock { $0.links.first { $0.name == name } }
    }

    func removeLink(_ name: String) {
        state.withLock { $0.links.removeAll { $0.name == name } }
    }

    func update(_ name: String, _ change: (inout SimulatedLink) -> Void) {
        state.withLock { state in
            if let position = state.links.firstIndex(where: { $0.name == name }) { change(&state.links[position]) }
        }
    }

    private func answer(_ request: NetlinkMessage, in place: Place) -> [[UInt8]] {
        let line = (try? Self.describe(request)) ?? "undecodable type \(request.header.type)"
        return state.withLock { state in
            state.log.append((place, line, request))
            if let errno = state.failures[place]?[line] { return [KernelReply.error(errno, to: request)] }
            do {
                return try Self.apply(request, in: place, to: &state)
            } catch {
                return [KernelReply.error(Errno.EINVAL, message: "\(error)", to: request)]
            }
        }
    }
}

extension SimulatedNetwork {
    private static func apply(_ request: NetlinkMessage, in place: Place, to state: inout State) throws -> [[UInt8]] {
        let ack = [KernelReply.ack(to: request)]
        func position(_ index: Int32) -> Int? {
            state.links.firstIndex { $0.index == index && $0.place == place }
        }
        switch request.header.type {
        case RTM.getLink:
            let asked = try LinkMessage(decoding: request.payload)
            if asked.index == 0 && asked.attributes.name == nil {
                return dump(RTM.newLink, state.links.filter { $0.place == place }.map(payload(of:)), to: request)
            }
            let found = state.links.first {
                $0.place == place && (asked.index != 0 ? $0.index == asked.index : $0.name == asked.attributes.name)
            }
            guard let found else { return [KernelReply.error(Errno.ENODEV, to: request)] }
            return [KernelReply.message(RTM.newLink, payload: payload(of: found), to: request)] + ack
        case RTM.newLink:
            let created = try LinkMessage(decoding: request.payload)
            guard let name = created.attributes.name else { return [KernelReply.error(Errno.EINVAL, to: request)] }
            if state.links.contains(where: { $0.place == place && $0.name == name }) {
                return [KernelReply.error(Errno.EEXIST, to: request)]
            }
            var link = SimulatedLink(index: state.nextIndex, name: name, place: place, up: false)
            link.mtu = created.attributes.mtu ?? 1500
            link.kind = created.attributes.linkInfo?.kind
            link.bond = created.attributes.linkInfo?.bond
            link.mac = [0x02, 0, 0, 0, 0, UInt8(truncatingIfNeeded: state.nextIndex)]
            state.nextIndex += 1
            state.links.append(link)
            return ack
        case RTM.setLink:
            let change = try SetLinkRequest(request)
            guard let at = position(change.index) else { return [KernelReply.error(Errno.ENODEV, to: request)] }
            if let up = change.up { state.links[at].up = up }
            if let master = change.master { state.links[at].masterIndex = master }
            if let mtu = change.mtu { state.links[at].mtu = mtu }
            if let address = change.address { state.links[at].mac = address }
            if let descriptor = change.namespaceDescriptor {
                state.links[at].place = descriptor == Place.host.descriptor ? .host : .container
                // The kernel closes a device it moves to another namespace.
                state.links[at].up = false
            }
            return ack
        case RTM.delLink:
            let index = try LinkMessage(decoding: request.payload).index
            guard let at = position(index) else { return [KernelReply.error(Errno.ENODEV, to: request)] }
            state.links.remove(at: at)
            // A deleted bond releases its ports.
            for other in state.links.indices where state.links[other].place == place && state.links[other].masterIndex == index {
                state.links[other].masterIndex = 0
            }
            return ack
        case RTM.newAddr:
            state.addresses[place, default: []].append(Array(request.payload))
            return ack
        case RTM.newRoute:
            state.routes[place, default: []].append(Array(request.payload))
            return ack
        case RTM.getAddr:
            return dump(RTM.newAddr, state.addresses[place] ?? [], to: request)
        case RTM.getRoute:
            return dump(RTM.newRoute, state.routes[place] ?? [], to: request)
        default:
            return [KernelReply.error(Errno.EOPNOTSUPP, to: request)]
        }
    }

    private static func dump(_ type: UInt16, _ payloads: [[UInt8]], to request: NetlinkMessage) -> [[UInt8]] {
        payloads.map { KernelReply.message(type, flags: NLM_F.multi, payload: $0, to: request) } + [KernelReply.done(to: request)]
    }

    /// RTM_NEWLINK as the kernel reports `link`.
    static func payload(of link: SimulatedLink) -> [UInt8] {
        var header = InterfaceInfoHeader(index: link.index)
        header.deviceType = 1  // ARPHRD_ETHER
        header.flags = link.up ? IFF.up : 0
        var bytes: [UInt8] = []
        header.encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.ifname, string: link.name)
        attributes.append(type: IFLA.mtu, uint32: link.mtu)
        attributes.append(type: IFLA.address, payload: link.mac)
        if !link.vfMACs.isEmpty {
            attributes.appendNested(type: IFLA.vfinfoList) { list in
                for (vf, mac) in link.vfMACs.enumerated() {
                    list.appendNested(type: IFLA_VF_INFO.info) { info in
                        var bytes: [UInt8] = []
                        bytes.append(hostOrder: UInt32(vf))
                        info.append(type: IFLA_VF.mac, payload: bytes + mac + [UInt8](repeating: 0, count: 26))
                    }
                }
            }
        }
        if link.masterIndex != 0 { attributes.append(type: IFLA.master, uint32: UInt32(bitPattern: link.masterIndex)) }
        if let kind = link.kind {
            attributes.appendNested(type: IFLA.linkinfo) { info in
                info.append(type: IFLA_INFO.kind, string: kind)
                if let bond = link.bond { info.appendNested(type: IFLA_INFO.data) { bond.encode(into: &$0) } }
            }
        }
        return bytes + attributes.bytes
    }
}
