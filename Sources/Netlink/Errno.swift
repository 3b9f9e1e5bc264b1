/// Linux errno values this project meets, with their names and texts.
///
/// Kept here (not taken from libc's strerror) so the codec stays free of
/// system calls and error texts are the same on every machine.
public enum Errno {
    public static let EPERM: Int32 = 1
    public static let ENOENT: Int32 = 2
    public static let ESRCH: Int32 = 3
    public static let EINTR: Int32 = 4
    public static let EIO: Int32 = 5
    public static let EBADF: Int32 = 9
    public static let EAGAIN: Int32 = 11
    public static let ENOMEM: Int32 = 12
    public static let EACCES: Int32 = 13
    public static let EBUSY: Int32 = 16
    public static let EEXIST: Int32 = 17
    public static let ENODEV: Int32 = 19
    public static let EINVAL: Int32 = 22
    public static let ERANGE: Int32 = 34
    public static let EMSGSIZE: Int32 = 90
    public static let EPROTONOSUPPORT: Int32 = 93
    public static let EOPNOTSUPP: Int32 = 95
    public static let EAFNOSUPPORT: Int32 = 97
    public static let EADDRNOTAVAIL: Int32 = 99
    public static let ENETDOWN: Int32 = 100
    public static let ENETUNREACH: Int32 = 101
    public static let ENOBUFS: Int32 = 105
    public static let ETIMEDOUT: Int32 = 110

    private static let known: [Int32: (name: String, text: String)] = [
        EPERM: ("EPERM", "operation not permitted"),
        ENOENT: ("ENOENT", "no such file or directory"),
        ESRCH: ("ESRCH", "no such process"),
        EINTR: ("EINTR", "interrupted system call"),
        EIO: ("EIO", "input/output error"),
        EBADF: ("EBADF", "bad file descriptor"),
        EAGAIN: ("EAGAIN", "resource temporarily unavailable"),
        ENOMEM: ("ENOMEM", "cannot allocate memory"),
        EACCES: ("EACCES", "permission denied"),
        EBUSY: ("EBUSY", "device or resource busy"),
        EEXIST: ("EEXIST", "file exists"),
        ENODEV: ("ENODEV", "no such device"),
        EINVAL: ("EINVAL", "invalid argument"),
        ERANGE: ("ERANGE", "numerical result out of range"),
        EMSGSIZE: ("EMSGSIZE", "message too long"),
        EPROTONOSUPPORT: ("EPROTONOSUPPORT", "protocol not supported"),
        EOPNOTSUPP: ("EOPNOTSUPP", "operation not supported"),
        EAFNOSUPPORT: ("EAFNOSUPPORT", "address family not supported by protocol"),
        EADDRNOTAVAIL: ("EADDRNOTAVAIL", "cannot assign requested address"),
        ENETDOWN: ("ENETDOWN", "network is down"),
        ENETUNREACH: ("ENETUNREACH", "network is unreachable"),
        ENOBUFS: ("ENOBUFS", "no buffer space available"),
        ETIMEDOUT: ("ETIMEDOUT", "connection timed out"),
    ]

    /// "no such device (ENODEV)", or "errno 200" for one this table does not know.
    public static func describe(_ errno: Int32) -> String {
        if let entry = known[errno] { return "\(entry.text) (\(entry.name))" }
        return "errno \(errno)"
    }
}
