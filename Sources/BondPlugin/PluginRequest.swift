import BondCNI
import CNI

/// One invocation: the CNI environment, the raw network configuration (passed
/// to the IPAM plugin unchanged) and its parsed form. A pure value.
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
}
