import Netlink

/// A failed system call of this module (socket, bind, setsockopt, eventfd,
/// pthread_create, open, setns, rename, ...): what was being done and the
/// errno, so callers can match it (ENOENT for a missing namespace file).
///
/// Not a `NetlinkError`: opening a packet socket or entering a namespace is
/// not netlink. Only `NetlinkSocket`'s `send` and `receive`, the netlink
/// transport, report theirs as `NetlinkError.system`.
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    /// "open /run/netns/x: no such file or directory (ENOENT)"
    public var description: String { "\(operation): \(Errno.describe(errno))" }

    /// The same failure as the netlink transport reports it.
    var netlinkError: NetlinkError { .system(operation: operation, errno: errno) }
}
