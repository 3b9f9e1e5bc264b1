import Testing
import Netlink
import RouteNetlink
import KernelSockets

/// Reads notifications until `match` accepts one, or gives up after `limit` datagrams.
func waitFor(
    _ iterator: inout AsyncStream<SocketEvent<[UInt8]>>.AsyncIterator, limit: Int = 200,
    _ match: (LinkNotification) -> Bool
) async throws -> LinkNotification? {
    for _ in 0..<limit {
        guard let event = await iterator.next() else { return nil }
        guard case let .received(datagram) = event else { continue }
        for message in try NetlinkMessage.decodeAll(datagram) {
            if let notification = try LinkNotification(message), match(notification) { return notification }
        }
    }
    return nil
}

@Suite(.enabled(if: isRoot, "needs root for network namespaces"), .serialized)
struct LinkEventsKernelTests {
    @Test func linkChangesAndDeletionAreNotified() async throws {
        let ns = try NetworkNamespace()
        try ns.ip("link add va type veth peer name vb")
        let socket = try NetlinkSocket.inNetworkNamespace(ns.path, receiveTimeoutMilliseconds: nil)
        try socket.join(group: RTNLGRP.link)
        var events = try socket.notifications().makeAsyncIterator()

        try ns.ip("link set va up")
        let up = try await waitFor(&events) { n in
            if case let .changed(link) = n { return link.attributes.name == "va" && link.header.flags & 0x1 != 0 }
            return false
        }
        #expect(up != nil)

        let index = try ns.index(of: "va")
        try ns.ip("link del va")
        let deleted = try await waitFor(&events) { n in
            if case let .deleted(link) = n { return link.index == index }
            return false
        }
        #expect(deleted?.link.attributes.name == "va")
    }

    /// A tiny receive buffer and a burst of changes: the kernel drops
    /// notifications and says so with ENOBUFS, which surfaces as `.overrun`.
    @Test func lostNotificationsSurfaceAsOverrun() async throws {
        let ns = try NetworkNamespace()
        let socket = try NetlinkSocket.inNetworkNamespace(ns.path, receiveTimeoutMilliseconds: nil)
        try socket.setReceiveBufferSize(1)   // the kernel rounds up to its minimum
        try socket.join(group: RTNLGRP.link)
        // Not reading yet: the burst overflows the buffer.
        let batch = (0..<40).map { "link add o\($0) type veth peer name p\($0)" }.joined(separator: "\n") + "\n"
        try run(["ip", "-n", ns.name, "-batch", "-"], input: batch)
        var events = try socket.notifications().makeAsyncIterator()
        var sawOverrun = false
        for _ in 0..<200 {
            guard let event = await events.next() else { break }
            if case .overrun = event { sawOverrun = true; break }
        }
        #expect(sawOverrun)
    }
}
