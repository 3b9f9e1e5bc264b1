public import Netlink

/// A NETLINK_ROUTE (or other protocol) socket: the real `NetlinkTransport`.
///
/// Extended acks and strict checking are turned on, so the kernel explains
/// refused requests and rejects requests it would otherwise half-understand.
///
/// Opening and configuring the socket throw `SystemCallError`; `send` and
/// `receive`, the transport, throw `NetlinkError` as the protocol layer expects.
public final class NetlinkSocket: NetlinkTransport {
    let descriptor: FileDescriptor
    public let portID: UInt32

    /// Opens a socket in the calling thread's network namespace.
    /// `receiveTimeoutMilliseconds` bounds how long a request waits for its answer.
    public init(protocol netlinkProtocol: Int32 = 0, receiveTimeoutMilliseconds: Int? = 5000) throws(SystemCallError) {
        let (fd, portID) = try SystemCalls.openNetlink(protocol: netlinkProtocol)
        descriptor = FileDescriptor(fd)
        self.portID = portID
        try SystemCalls.setOption(fd, level: SystemCalls.SOL_NETLINK, name: SystemCalls.NETLINK_EXT_ACK, value: 1, operation: "enable extended acks")
        // Older kernels lack strict checking; requests still work without it.
        try? SystemCalls.setOption(fd, level: SystemCalls.SOL_NETLINK, name: SystemCalls.NETLINK_GET_STRICT_CHK, value: 1, operation: "enable strict checking")
        if let receiveTimeoutMilliseconds {
            try SystemCalls.setReceiveTimeout(fd, milliseconds: receiveTimeoutMilliseconds)
        }
    }

    /// Opens a socket inside the network namespace at `path` (e.g. /run/netns/NAME)
    /// without moving any thread of the caller there.
    public static func inNetworkNamespace(
        _ path: String, protocol netlinkProtocol: Int32 = 0, receiveTimeoutMilliseconds: Int? = 5000
    ) throws(SystemCallError) -> NetlinkSocket {
        try SystemCalls.inNetworkNamespace(path) { () throws(SystemCallError) in
            try NetlinkSocket(protocol: netlinkProtocol, receiveTimeoutMilliseconds: receiveTimeoutMilliseconds)
        }
    }

    public func send(_ datagram: [UInt8]) throws(NetlinkError) {
        do throws(SystemCallError) {
            try SystemCalls.sendToKernel(descriptor.raw, datagram)
        } catch {
            throw error.netlinkError
        }
    }

    public func receive() throws(NetlinkError) -> [UInt8] {
        do throws(SystemCallError) {
            return try SystemCalls.receiveDatagram(descriptor.raw, operation: "receive netlink answer")
        } catch {
            throw error.netlinkError
        }
    }

    /// Joins a multicast group (e.g. RTNLGRP_LINK) to receive its notifications.
    public func join(group: UInt32) throws(SystemCallError) {
        try SystemCalls.setOption(
            descriptor.raw, level: SystemCalls.SOL_NETLINK, name: SystemCalls.NETLINK_ADD_MEMBERSHIP,
            value: Int32(bitPattern: group), operation: "join netlink group \(group)"
        )
    }

    /// Sets the socket's receive buffer, beyond rmem_max when privileged
    /// (SO_RCVBUFFORCE), so bursts of notifications are not dropped.
    public func setReceiveBufferSize(_ bytes: Int) throws(SystemCallError) {
        let value = Int32(clamping: bytes)
        do {
            try SystemCalls.setOption(descriptor.raw, level: 1, name: SystemCalls.SO_RCVBUFFORCE, value: value, operation: "set receive buffer")
        } catch {
            try SystemCalls.setOption(descriptor.raw, level: 1, name: 8 /* SO_RCVBUF */, value: value, operation: "set receive buffer")
        }
    }

    /// Notifications received by this socket, read on a thread of their own
    /// (or by `shared`'s thread, with other sockets). The stream ends, and the
    /// reading stops, when the consumer stops iterating.
    public func notifications(on shared: SharedReader? = nil) throws(SystemCallError) -> AsyncStream<SocketEvent<[UInt8]>> {
        let descriptor = self.descriptor
        let read = { @Sendable () throws(SystemCallError) -> [UInt8]? in
            try SystemCalls.receiveDatagram(descriptor.raw, operation: "receive netlink notification")
        }
        if let shared {
            return try BlockingReader.stream(on: shared, descriptor: descriptor, buffering: .unbounded, read: read).stream
        }
        let stop = FileDescriptor(try SystemCalls.makeEventDescriptor())
        return try BlockingReader.stream(threadName: "netlink events", descriptor: descriptor, stop: stop, buffering: .unbounded, read: read)
    }
}

/// One item read from a socket by a background reader.
public enum SocketEvent<Payload: Sendable>: Sendable {
    case received(Payload)
    /// The kernel dropped datagrams for this socket (ENOBUFS): state must be re-read.
    case overrun
    /// Reading failed for good; the stream ends after this.
    case failed(SystemCallError)
}
