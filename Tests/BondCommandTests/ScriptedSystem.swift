import CNI
import JSONValues
import Synchronization
@testable import BondPlugin

/// The plugin's surroundings for a test: the two namespaces of a
/// `SimulatedNetwork` and an IPAM plugin that answers from a script.
struct ScriptedSystem: PluginSystem {
    static let podPath = "/var/run/netns/pod"

    let network: SimulatedNetwork
    let ipam: ScriptedIPAM
    /// No sysfs: PFs are found by their VFs' MAC addresses.
    let sysfs = "/nonexistent-sysfs"

    func network(inNamespace path: String) throws(CNIError) -> NamespaceNetwork {
        guard path == Self.podPath else { throw .unknownContainer("network namespace \(path) does not exist") }
        return NamespaceNetwork(transport: network.transport(.container))
    }

    func hostNetwork() throws(CNIError) -> NamespaceNetwork {
        NamespaceNetwork(transport: network.transport(.host))
    }

    func namespace(at path: String) throws(CNIError) -> any NamespaceHandle {
        guard path == Self.podPath else { throw .unknownContainer("network namespace \(path) does not exist") }
        return Handle(descriptor: Place.container.descriptor)
    }

    func hostNamespace() throws(CNIError) -> any NamespaceHandle {
        Handle(descriptor: Place.host.descriptor)
    }

    func ipam(type: String, for request: PluginRequest) throws(CNIError) -> any IPAMDelegate {
        ipam.calls.withLock { $0.append("find \(type)") }
        return ipam
    }

    struct Handle: NamespaceHandle {
        let descriptor: Int32
    }
}

/// An IPAM plugin that allocates one IPv4 address with a default route, and
/// logs each command it is given.
final class ScriptedIPAM: IPAMDelegate, Sendable {
    let calls = Mutex<[String]>([])
    let allocation: CNIResult
    /// Commands that fail, with the plugin's error.
    let failing: [CNICommand: CNIError]

    /// `allocation` is what ADD returns: one address and a default route unless given.
    init(failing: [CNICommand: CNIError] = [:], allocation: String? = nil) throws {
        self.allocation = try CNIResult(decoding: JSONValue.decode(Array((allocation ?? #"""
            {"cniVersion":"1.0.0","ips":[{"address":"10.56.217.5/24","gateway":"10.56.217.1"}],
             "routes":[{"dst":"0.0.0.0/0"}]}
            """#).utf8)))
        self.failing = failing
    }

    var log: [String] { calls.withLock { $0 } }
    var supportedVersions: [String] { ["0.3.1", "0.4.0", "1.0.0", "1.1.0"] }

    func add() throws(CNIError) -> CNIResult {
        calls.withLock { $0.append(CNICommand.add.rawValue) }
        if let error = failing[.add] { throw error }
        return allocation
    }

    func run(_ command: CNICommand) throws(CNIError) -> [UInt8] {
        calls.withLock { $0.append(command.rawValue) }
        if let error = failing[command] { throw error }
        return []
    }
}

/// One invocation as a runtime makes it: CNI_* variables and the
/// configuration on stdin, answered by the plugin's own entry point.
struct Invocation {
    let network: SimulatedNetwork
    let ipam: ScriptedIPAM

    func callAsFunction(_ command: String, _ config: String, netns: String = ScriptedSystem.podPath) -> (status: Int32, output: JSONValue) {
        let environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": "c0ffee", "CNI_NETNS": netns,
            "CNI_IFNAME": "bond0", "CNI_PATH": "/opt/cni/bin",
        ]
        let (bytes, status) = BondPluginMain.handle(
            environment: environment, stdin: Array(config.utf8), system: ScriptedSystem(network: network, ipam: ipam))
        return (status, (try? JSONValue.decode(bytes)) ?? .null)
    }
}
