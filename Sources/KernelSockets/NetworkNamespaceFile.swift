/// An open network namespace file (CNI_NETNS, /run/netns/NAME,
/// /proc/self/ns/net), held for as long as this object lives.
///
/// Its `descriptor` is what IFLA_NET_NS_FD takes to move a link into that
/// namespace; holding it also keeps the namespace alive.
public final class NetworkNamespaceFile: Sendable {
    private let file: FileDescriptor
    public let path: String

    /// Opens `path` read-only and close-on-exec. A missing file is a
    /// `SystemCallError` with errno ENOENT naming the path.
    public init(path: String) throws(SystemCallError) {
        file = FileDescriptor(try SystemCalls.openReadOnly(path))
        self.path = path
    }

    /// The process's own namespace (/proc/self/ns/net: that of its main
    /// thread, not of a thread that entered another namespace).
    public static func current() throws(SystemCallError) -> NetworkNamespaceFile {
        try NetworkNamespaceFile(path: "/proc/self/ns/net")
    }

    public var descriptor: Int32 { file.raw }
}
