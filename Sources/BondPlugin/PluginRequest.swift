import BondCNI
import CNI
import KernelSockets
import Netlink

/// One invocation: the CNI environment, the raw network configuration (passed
/// to the IPAM plugin unchanged) and its parsed form.
struct PluginRequest {
    let environment: CNIEnvironment
    let rawEnvironment: [String: String]
    let stdin: [UInt8]
    let config: BondNetworkConfig

    func requireNetns() throws(CNIError) -> String {
        guard let netns = environment.netns else {
            throw .invalidEnvironment("CNI_NETNS is required for \(environment.command.rawValue)")
        }
        return netns
    }

    /// `ifname` in the configuration (Bond CNI's override), else CNI_IFNAME.
    func bondName() throws(CNIError) -> String {
        if let name = config.bondName { return name }
        guard let name = environment.ifname else {
            throw .invalidEnvironment("CNI_IFNAME is required for \(environment.command.rawValue)")
        }
        return name
    }

    func ipam(type: String) throws(CNIError) -> IPAMPlugin {
        try IPAMPlugin(type: type, paths: environment.paths, environment: rawEnvironment, configuration: stdin)
    }

    /// The plugin's own namespace, where links moved from the host go back to.
    func hostNamespace() throws(CNIError) -> NetworkNamespaceFile {
        do throws(SystemCallError) {
            return try NetworkNamespaceFile.current()
        } catch {
            throw .ioFailure("cannot open the host's network namespace", details: error.description)
        }
    }
}
