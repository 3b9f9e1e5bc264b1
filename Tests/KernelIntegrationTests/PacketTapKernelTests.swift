import Testing
import Foundation
import KernelSockets
import Synchronization

/// Sends one Ethernet frame with `ethertype` out of `interface` in `ns`
/// (python3's AF_PACKET, so the test does not depend on our own code to send).
func sendFrame(in ns: NetworkNamespace, interface: String, ethertype: UInt16) throws {
    let script = """
    import socket
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind(("\(interface)", 0))
    frame = bytes.fromhex("0180c2000002") + bytes.fromhex("020000000001") + (\(ethertype)).to_bytes(2, "big") + bytes(110)
    s.send(frame)
    """
    try run(["ip", "netns", "exec", ns.name, "python3", "-c", script])
}

/// Reads `stream` until `count` arrivals or the deadline.
func arrivals(_ stream: AsyncStream<SocketEvent<[UInt8]>>, count: Int, within timeout: Duration) async -> Int {
    await withTaskGroup(of: Int.self) { group in
        group.addTask {
            var seen = 0
            for await event in stream {
                // What arrives is the frame itself: check it is the slow-protocols one.
                if case let .received(frame) = event, frame.count >= 14, frame[12] == 0x88, frame[13] == 0x09 { seen += 1 }
                if seen >= count { break }
            }
            return seen
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return -1
        }
        var result = 0
        for await value in group {
            if value >= 0 { result = value; group.cancelAll(); break }
            group.cancelAll()
        }
        return result
    }
}

@Suite(.enabled(if: isRoot, "needs root for network namespaces and raw sockets"), .serialized)
struct PacketTapKernelTests {
    func pair() throws -> NetworkNamespace {
        let ns = try NetworkNamespace()
        try ns.ip("link add va type veth peer name vb")
        try ns.ip("link set va up")
        try ns.ip("link set vb up")
        return ns
    }

    @Test func incomingSlowProtocolFramesAreSeen() async throws {
        let ns = try pair()
        let tap = try SystemNamespaceTap.open(ns, interface: "va")
        let stream = try tap.arrivals()
        try sendFrame(in: ns, interface: "vb", ethertype: 0x8809)
        try sendFrame(in: ns, interface: "vb", ethertype: 0x8809)
        #expect(await arrivals(stream, count: 2, within: .seconds(10)) == 2)
    }

    @Test func otherEthertypesAndOutgoingFramesAreFilteredInTheKernel() async throws {
        let ns = try pair()
        let tap = try SystemNamespaceTap.open(ns, interface: "va")
        let stream = try tap.arrivals()
        try sendFrame(in: ns, interface: "vb", ethertype: 0x0800)   // IPv4: not LACP
        try sendFrame(in: ns, interface: "va", ethertype: 0x8809)   // our own, outgoing
        try sendFrame(in: ns, interface: "vb", ethertype: 0x8809)   // the only one to see
        // Exactly one arrives: wait for a second one that must not come.
        #expect(await arrivals(stream, count: 2, within: .seconds(2)) == 1)
    }

    /// What the LACPDU timeout relies on: a frame the reader has not read yet
    /// is visible (no verdict of silence then), and frames carry the kernel's
    /// receive time.
    @Test func unreadFramesAreSeenAndReadFramesCarryTheKernelsReceiveTime() async throws {
        try PacketTap.checkPermission()
        let ns = try pair()
        let tap = try SystemNamespaceTap.open(ns, interface: "va")
        #expect(!tap.hasUnreadFrame)
        try sendFrame(in: ns, interface: "vb", ethertype: 0x8809)
        let deadline = ContinuousClock.now + .seconds(5)
        while !tap.hasUnreadFrame && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(tap.hasUnreadFrame)

        let times = Mutex<[Int64?]>([])
        let stream = try tap.arrivals(onThread: { _ in
            times.withLock { $0.append(tap.lastFrameTime) }
            return true
        })
        let sent = Int64(Date().timeIntervalSince1970 * 1e9)
        try sendFrame(in: ns, interface: "vb", ethertype: 0x8809)
        #expect(await arrivals(stream, count: 2, within: .seconds(10)) == 2)
        #expect(!tap.hasUnreadFrame)
        let seen = times.withLock { $0 }
        #expect(seen.count == 2)
        // The first read turns the time stamps on; the second frame has one,
        // taken by the kernel after we sent it (and not long after).
        if let stamp = seen.last ?? nil {
            #expect(stamp >= sent && stamp - sent < 10_000_000_000)
        } else {
            Issue.record("no kernel receive time for the second frame")
        }
    }

    /// The daemon's arrangement: every PF's tap and the netlink subscription
    /// read by one SharedReader thread. Each stream gets its own frames, a
    /// stopped tap leaves the others reading, and the thread goes with the
    /// last socket.
    @Test func oneSharedThreadReadsSeveralTapsAndTheLinkEvents() async throws {
        let ns = try pair()
        try ns.ip("link add vc type veth peer name vd")
        try ns.ip("link set vc up")
        try ns.ip("link set vd up")
        let reader = try SharedReader(threadName: "test sockets")
        let tapA = try SystemNamespaceTap.open(ns, interface: "va")
        let tapC = try SystemNamespaceTap.open(ns, interface: "vc")
        let streamA = try tapA.arrivals(on: reader)
        let streamC = try tapC.arrivals(on: reader)
        let events = try NetlinkSocket.inNetworkNamespace(ns.path, receiveTimeoutMilliseconds: nil)
        try events.join(group: 1)  // RTNLGRP_LINK
        var notifications = try events.notifications(on: reader).makeAsyncIterator()
        #expect(reader.count == 3)
        #expect(threads(named: "test sockets") == 1)
        #expect(threads(named: "tap if") == 0)

        try sendFrame(in: ns, interface: "vb", ethertype: 0x8809)
        try sendFrame(in: ns, interface: "vd", ethertype: 0x8809)
        try sendFrame(in: ns, interface: "vd", ethertype: 0x8809)
        #expect(await arrivals(streamA, count: 1, within: .seconds(10)) == 1)
        #expect(await arrivals(streamC, count: 2, within: .seconds(10)) == 2)
        try ns.ip("link set vd mtu 1400")
        if case .received = await notifications.next() {} else { Issue.record("no link notification on the shared thread") }

        // Tap A stopped: its stream ends, tap C still reads.
        tapA.stop()
        var afterStop = 0
        for await _ in streamA { afterStop += 1 }
        #expect(afterStop == 0)
        try sendFrame(in: ns, interface: "vd", ethertype: 0x8809)
        #expect(await arrivals(streamC, count: 1, within: .seconds(10)) == 1)

        // The last sockets gone, so is the thread.
        tapC.stop()
        notifications = AsyncStream<SocketEvent<[UInt8]>>.makeStream().stream.makeAsyncIterator()
        let deadline = ContinuousClock.now + .seconds(5)
        while (reader.count > 0 || threads(named: "test sockets") > 0) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(reader.count == 0)
        #expect(threads(named: "test sockets") == 0)
    }

    /// Threads of this process whose name starts with `prefix`.
    func threads(named prefix: String) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            ((try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? "").hasPrefix(prefix)
        }.count
    }

    @Test func stopEndsTheStream() async throws {
        let ns = try pair()
        let tap = try SystemNamespaceTap.open(ns, interface: "va")
        let stream = try tap.arrivals()
        tap.stop()
        var count = 0
        for await _ in stream { count += 1 }
        #expect(count == 0)
    }
}

/// A packet tap needs the interface's ifindex in the namespace where the
/// socket lives; the test process stays in the host namespace, so the tap
/// is opened through a helper thread in the namespace.
enum SystemNamespaceTap {
    static func open(_ ns: NetworkNamespace, interface: String) throws -> PacketTap {
        try PacketTap.inNetworkNamespace(ns.path, interfaceIndex: try ns.index(of: interface))
    }
}
