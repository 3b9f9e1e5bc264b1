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

    /// CNI_IFNAME, as the spec says: a configuration's "ifname" is ignored.
    func bondName() throws(CNIError) -> String {
        guard let name = environment.ifname else {
            throw .invalidEnvironment("CNI_IFNAME is required for \(environment.command.rawValue)")
        }
        return name
    }
}
