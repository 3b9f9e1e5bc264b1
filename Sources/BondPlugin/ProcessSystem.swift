import CNI
import KernelSockets
import Netlink

/// The real `PluginSystem`: netlink sockets opened inside namespaces,
/// namespace files, and the IPAM plugin run from CNI_PATH.
struct ProcessSystem: PluginSystem {
    let sysfs = "/sys"

    func network(inNamespace path: String) throws(CNIError) -> NamespaceNetwork {
        // The socket is opened on a thread that enters the namespace only for
        // that call; the socket stays in the namespace it was created in.
        do throws(SystemCallError) {
            return NamespaceNetwork(transport: try NetlinkSocket.inNetworkNamespace(path))
        } catch {
            throw Self.namespaceError(path, error)
        }
    }

    func hostNetwork() throws(CNIError) -> NamespaceNetwork {
        do throws(SystemCallError) {
            return NamespaceNetwork(transport: try NetlinkSocket())
        } catch {
            throw .ioFailure("cannot open a route netlink socket", details: error.description)
        }
    }

    func namespace(at path: String) throws(CNIError) -> any NamespaceHandle {
        do throws(SystemCallError) {
            return try NetworkNamespaceFile(path: path)
        } catch {
            throw Self.namespaceError(path, error)
        }
    }

    func hostNamespace() throws(CNIError) -> any NamespaceHandle {
        do throws(SystemCallError) {
            return try NetworkNamespaceFile.current()
        } catch {
            throw .ioFailure("cannot open the host's network namespace", details: error.description)
        }
    }

    func ipam(type: String, for request: PluginRequest) throws(CNIError) -> any IPAMDelegate {
        try IPAMPlugin(type: type, paths: request.environment.paths, environment: request.rawEnvironment, configuration: request.stdin)
    }

    /// A missing namespace is the runtime's "unknown container" (DEL takes it as done).
    static func namespaceError(_ path: String, _ error: SystemCallError) -> CNIError {
        if error.errno == Errno.ENOENT {
            return .unknownContainer("network namespace \(path) does not exist", details: error.description)
        }
        return .ioFailure("cannot enter network namespace \(path)", details: error.description)
    }
}

extension NetworkNamespaceFile: NamespaceHandle {}
extension IPAMPlugin: IPAMDelegate {}
