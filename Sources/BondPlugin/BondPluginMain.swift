import Foundation
import BondCNI
import CNI
import JSONValues

/// The `bond` plugin's entry point: one CNI command per process, chosen by
/// CNI_COMMAND, with the network configuration on stdin. Results go to stdout;
/// errors go to stdout too, as the CNI error object, with exit status 1.
public enum BondPluginMain {
    /// Runs the command the environment names against the kernel; returns the exit status.
    public static func main() -> Int32 {
        let input = Array(FileHandle.standardInput.readDataToEndOfFile())
        let (output, status) = handle(environment: ProcessInfo.processInfo.environment, stdin: input)
        if !output.isEmpty {
            FileHandle.standardOutput.write(Data(output + [UInt8(ascii: "\n")]))
        }
        return status
    }

    /// One invocation, from its inputs to what it prints and its exit status.
    public static func handle(environment: [String: String], stdin: [UInt8]) -> (output: [UInt8], status: Int32) {
        handle(environment: environment, stdin: stdin, system: ProcessSystem())
    }

    /// One invocation over `system`: the process's namespaces and IPAM plugin, or a test's script.
    static func handle(environment: [String: String], stdin: [UInt8], system: any PluginSystem) -> (output: [UInt8], status: Int32) {
        // Errors are answered in the configuration's version when it names a
        // supported one, even if something else in it is invalid.
        var version = CNIVersion.latest
        if let requested = (try? JSONValue.decode(stdin))?["cniVersion"].stringValue,
           CNIVersion.supported.contains(requested) {
            version = requested
        }
        do throws(CNIError) {
            let cni = try CNIEnvironment(environment)
            if cni.command == .version {
                let requested = (try? JSONValue.decode(stdin))?["cniVersion"].stringValue
                return (Array(VersionInfo.json(requested: requested).encoded()), 0)
            }
            let config = try BondNetworkConfig(decoding: stdin)
            let request = PluginRequest(environment: cni, rawEnvironment: environment, stdin: stdin, config: config)
            switch cni.command {
            case .add:
                let result = try AddCommand(request: request, system: system).run()
                return (Array(result.json(cniVersion: config.cniVersion).encoded()), 0)
            case .del:
                try DeleteCommand(request: request, system: system).run()
            case .check:
                try CheckCommand(request: request, system: system).run()
            case .status, .gc:
                try IPAMOnlyCommand(command: cni.command, request: request, system: system).run()
            case .version:
                break
            }
            return ([], 0)
        } catch {
            return (Array(error.json(cniVersion: version).encoded()), 1)
        }
    }
}
