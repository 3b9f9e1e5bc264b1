/// Moves whole netlink datagrams to and from the kernel.
///
/// The real one is a socket (KernelSockets); tests use a scripted kernel.
/// Everything above this boundary is pure and testable with bytes.
public protocol NetlinkTransport: Sendable {
    /// Sends one datagram to the kernel.
    func send(_ datagram: [UInt8]) throws(NetlinkError)
    /// Receives one whole datagram, however large.
    func receive() throws(NetlinkError) -> [UInt8]
    /// The port ID the kernel assigned to this socket (nl_pid).
    var portID: UInt32 { get }
}
