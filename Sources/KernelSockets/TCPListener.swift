import Netlink

/// A listening TCP socket for a small plain-HTTP endpoint (the daemon's
/// metrics and health), without an event-loop library: one thread of its own
/// accepts a connection, reads the request's head and hands it over; the
/// consumer answers it and the connection is closed. Connections are served
/// one after another, each bounded by a timeout, which suits a scraper and
/// a kubelet's probes and keeps the daemon's footprint small.
public final class TCPListener: Sendable {
    let descriptor: FileDescriptor
    let stopSignal: FileDescriptor
    /// The port bound (the one asked for, or the kernel's choice for 0).
    public let port: UInt16

    /// The longest request head read, and the time a client gets to send it.
    public static let headLimit = 8192
    public static let timeoutMilliseconds = 2000

    /// `host`: an IPv4 or IPv6 address in text ("0.0.0.0" or "::" for all).
    public init(host: String, port: UInt16) throws(SystemCallError) {
        guard let address = SystemCalls.parseIPAddress(host) else {
            throw SystemCallError(operation: "parse address \(host)", errno: Errno.EINVAL)
        }
        let listener = try SystemCalls.openTCPListener(address: address, port: port, backlog: 64)
        descriptor = FileDescriptor(listener.fd)
        self.port = listener.port
        stopSignal = FileDescriptor(try SystemCalls.makeEventDescriptor())
    }

    /// Whether `host` is an address this listener accepts.
    public static func isIPAddress(_ host: String) -> Bool { SystemCalls.parseIPAddress(host) != nil }

    /// Ends the `requests()` stream and its thread.
    public func stop() { SystemCalls.signalEventDescriptor(stopSignal.raw) }

    /// One element per connection that sent a request head (or closed, or
    /// timed out, after sending part of one: the bytes read so far).
    public func requests() throws(SystemCallError) -> AsyncStream<SocketEvent<TCPRequest>> {
        let descriptor = self.descriptor
        return try BlockingReader.stream(threadName: "http \(port)", descriptor: descriptor, stop: stopSignal, buffering: .bufferingOldest(16)) { () throws(SystemCallError) in
            guard let raw = try SystemCalls.acceptConnection(descriptor.raw, timeoutMilliseconds: Self.timeoutMilliseconds) else { return nil }
            let connection = FileDescriptor(raw)
            var head: [UInt8] = []
            while head.count < Self.headLimit, !Self.endsHead(head) {
                // A timeout or a reset ends the reading; what arrived is answered.
                guard let chunk = try? SystemCalls.receiveStream(raw, limit: Self.headLimit - head.count), !chunk.isEmpty else { break }
                head += chunk
            }
            return TCPRequest(head: head, connection: connection)
        }
    }

    private static func endsHead(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes.suffix(4).elementsEqual([13, 10, 13, 10])
    }
}

/// A request head read from one connection; `respond` writes the answer and
/// closes the connection.
public struct TCPRequest: Sendable {
    public let head: [UInt8]
    let connection: FileDescriptor

    /// Sends `bytes` (bounded by the send timeout); the connection closes when
    /// the last copy of this value goes. A client that left is not an error
    /// worth reporting: the next scrape retries.
    public func respond(_ bytes: [UInt8]) {
        try? SystemCalls.sendAll(connection.raw, bytes)
    }
}
