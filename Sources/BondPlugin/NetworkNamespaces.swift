import CNI
import KernelSockets
import Netlink
import RouteNetlink

/// Route-netlink access to one network namespace: its links, addresses and routes.
struct NamespaceNetwork {
    let links: RouteLinks
    let addresses: RouteAddresses
    let routes: RouteTable

    init(connection: NetlinkConnection) {
        links = RouteLinks(connection: connection)
        addresses = RouteAddresses(connection: connection)
        routes = RouteTable(connection: connection)
    }

    /// The plugin's own namespace (the host's, where links come from when
    /// they are not in the container yet).
    static func current() throws(CNIError) -> NamespaceNetwork {
        do throws(SystemCallError) {
            return NamespaceNetwork(connection: NetlinkConnection(transport: try NetlinkSocket()))
        } catch {
            throw .ioFailure("cannot open a route netlink socket", details: error.description)
        }
    }

    /// The container's namespace at `path`, reached without moving any thread
    /// of the plugin there for longer than it takes to open the socket.
    static func at(_ path: String) throws(CNIError) -> NamespaceNetwork {
        do throws(SystemCallError) {
            return NamespaceNetwork(connection: NetlinkConnection(transport: try NetlinkSocket.inNetworkNamespace(path)))
        } catch {
            throw namespaceError(path, error)
        }
    }

    static func namespaceError(_ path: String, _ error: SystemCallError) -> CNIError {
        if error.errno == Errno.ENOENT {
            return .unknownContainer("network namespace \(path) does not exist", details: error.description)
        }
        return .ioFailure("cannot enter network namespace \(path)", details: error.description)
    }
}

/// Opens a network namespace file, with the same errors as `NamespaceNetwork.at`.
func openNamespace(_ path: String) throws(CNIError) -> NetworkNamespaceFile {
    do throws(SystemCallError) {
        return try NetworkNamespaceFile(path: path)
    } catch {
        throw NamespaceNetwork.namespaceError(path, error)
    }
}

/// Runs one kernel operation, turning its failure into a CNI error that says
/// what the plugin was doing.
func kernel<T>(_ what: @autoclosure () -> String, _ body: () throws(NetlinkError) -> T) throws(CNIError) -> T {
    do throws(NetlinkError) {
        return try body()
    } catch {
        throw .pluginError("failed to \(what())", details: error.description)
    }
}

/// "aa:bb:cc:dd:ee:ff", as CNI results spell MAC addresses.
func formatMAC(_ bytes: [UInt8]?) -> String? {
    guard let bytes, !bytes.isEmpty else { return nil }
    let digits: [Character] = Array("0123456789abcdef")
    return bytes.map { String([digits[Int($0 >> 4)], digits[Int($0 & 0xf)]]) }.joined(separator: ":")
}
