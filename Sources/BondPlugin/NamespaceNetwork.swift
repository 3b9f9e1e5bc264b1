import CNI
import Netlink
import RouteNetlink

/// Route-netlink access to one network namespace: its links, addresses and routes.
/// Built on any transport: a socket opened in the namespace, or a scripted kernel in tests.
struct NamespaceNetwork {
    let links: RouteLinks
    let addresses: RouteAddresses
    let routes: RouteTable

    init(connection: NetlinkConnection) {
        links = RouteLinks(connection: connection)
        addresses = RouteAddresses(connection: connection)
        routes = RouteTable(connection: connection)
    }

    init(transport: any NetlinkTransport) {
        self.init(connection: NetlinkConnection(transport: transport))
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
