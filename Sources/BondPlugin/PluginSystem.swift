import CNI

/// Everything the commands reach outside their own logic: a netlink
/// transport inside each network namespace, a handle that moves links into
/// a namespace, and the IPAM plugin.
///
/// The process implements it with sockets, namespace files and exec
/// (`ProcessSystem`); tests implement it with scripted kernels, so ADD, CHECK
/// and DEL run unchanged over bytes. The seam sits where `setns` and `exec`
/// would be, the two things a unit test cannot do.
protocol PluginSystem {
    /// Route netlink in the container's namespace at `path`; an
    /// `unknownContainer` error when that namespace does not exist.
    func network(inNamespace path: String) throws(CNIError) -> NamespaceNetwork
    /// Route netlink in the plugin's own (the host's) namespace.
    func hostNetwork() throws(CNIError) -> NamespaceNetwork
    /// The container's namespace, held open so links can be moved into it.
    func namespace(at path: String) throws(CNIError) -> any NamespaceHandle
    /// The plugin's own namespace, where links moved from the host go back to.
    func hostNamespace() throws(CNIError) -> any NamespaceHandle
    /// Where sysfs is mounted ("/sys"): a VF's PF is found there.
    var sysfs: String { get }
    /// The IPAM plugin `type`, to be given the request's environment and configuration.
    func ipam(type: String, for request: PluginRequest) throws(CNIError) -> any IPAMDelegate
}

/// An open network namespace: its descriptor is what IFLA_NET_NS_FD takes.
/// It must stay open (the handle alive) until the move is acknowledged.
protocol NamespaceHandle {
    var descriptor: Int32 { get }
}

/// The delegated IPAM plugin, as the commands use it.
protocol IPAMDelegate {
    /// The versions it answered VERSION with; empty when it gave none.
    var supportedVersions: [String] { get }
    /// ADD: the addresses, routes and DNS it allocated.
    func add() throws(CNIError) -> CNIResult
    /// DEL, CHECK, STATUS and GC, which print nothing on success.
    @discardableResult
    func run(_ command: CNICommand) throws(CNIError) -> [UInt8]
}
