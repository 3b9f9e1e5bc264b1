/// Everything that can go wrong below the domain: malformed bytes from the
/// kernel, a kernel that said no, or a failed system call.
///
/// Each case carries what a person needs to act on it; `description` is one
/// line for logs.
public enum NetlinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes than a structure needs.
    case truncated(what: String, need: Int, have: Int)
    /// A length field or layout that cannot be right.
    case malformed(what: String, detail: String)
    /// A fixed-size attribute whose payload has the wrong length.
    case attributeLength(type: UInt16, expected: Int, actual: Int)
    /// The kernel answered a request with an error (NLMSG_ERROR or a failed NLMSG_DONE).
    /// `extack` is the kernel's extended-ack message when it sent one.
    case kernel(operation: String, errno: Int32, extack: String?)
    /// A system call on a socket failed.
    case system(operation: String, errno: Int32)
    /// A dump was interrupted by a concurrent change (NLM_F_DUMP_INTR) too many times.
    case dumpInterrupted(operation: String, attempts: Int)
    /// The kernel dropped messages for this socket (ENOBUFS on a subscription).
    case overrun

    public var description: String {
        switch self {
        case let .truncated(what, need, have):
            return "truncated \(what): need \(need) bytes, have \(have)"
        case let .malformed(what, detail):
            return "malformed \(what): \(detail)"
        case let .attributeLength(type, expected, actual):
            return "attribute type \(type): expected \(expected) bytes, got \(actual)"
        case let .kernel(operation, errno, extack):
            let base = "\(operation): \(Errno.describe(errno))"
            if let extack, !extack.isEmpty { return "\(base): \(extack)" }
            return base
        case let .system(operation, errno):
            return "\(operation): \(Errno.describe(errno))"
        case let .dumpInterrupted(operation, attempts):
            return "\(operation): dump interrupted by concurrent changes \(attempts) times"
        case .overrun:
            return "netlink receive buffer overrun: events were lost (\(Errno.describe(Errno.ENOBUFS)))"
        }
    }

    /// The errno behind this error, if it came from the kernel or a system call.
    public var errno: Int32? {
        switch self {
        case let .kernel(_, errno, _), let .system(_, errno): return errno
        case .overrun: return Errno.ENOBUFS
        default: return nil
        }
    }
}
