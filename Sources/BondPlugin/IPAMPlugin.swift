import CNI
import Foundation
import JSONValues

/// The IPAM plugin named by the configuration's `ipam.type`, run as the CNI
/// spec says a delegated plugin is run: found in CNI_PATH, given the same
/// environment (CNI_COMMAND set to the delegated command) and the same network
/// configuration on stdin.
///
/// One exception: a plugin that does not speak the configuration's version
/// (Debian's host-local stops at 1.0.0) is given the newest older version it
/// does speak, and its result is converted back, rather than failing a 1.1.0
/// network for want of a field the bond never asks IPAM for.
struct IPAMPlugin {
    let type: String
    let executable: String
    let environment: [String: String]
    /// The versions the plugin answered VERSION with; empty when it gave none.
    let supportedVersions: [String]
    /// The network configuration as the plugin is given it (see `negotiate`).
    let configuration: [UInt8]

    /// Finds `type` in the CNI_PATH folders; error 50 (plugin not available) when absent.
    init(type: String, paths: [String], environment: [String: String], configuration: [UInt8]) throws(CNIError) {
        guard !type.contains("/"), !type.isEmpty else {
            throw .invalidNetworkConfig("invalid \"ipam.type\": \"\(type)\" is not a plugin name")
        }
        let candidates = paths.map { $0.hasSuffix("/") ? $0 + type : $0 + "/" + type }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            let searched = paths.isEmpty ? "CNI_PATH is empty" : "searched \(paths.joined(separator: ":"))"
            throw .pluginNotAvailable("IPAM plugin \"\(type)\" not found", details: searched)
        }
        self.type = type
        executable = found
        self.environment = environment
        // Asked once per invocation: every command below is sent in a version the plugin speaks.
        supportedVersions = Self.versions(of: found, environment: environment, configuration: configuration)
        self.configuration = Self.negotiate(configuration, spoken: supportedVersions)
    }

    /// ADD: the addresses, routes and DNS the IPAM plugin allocated.
    func add() throws(CNIError) -> CNIResult {
        let output = try run(.add)
        let document: JSONValue
        do throws(JSONDecodingError) {
            document = try JSONValue.decode(output)
        } catch {
            throw .decodingFailure("IPAM plugin \(type) printed a result that is not JSON", details: error.description)
        }
        do throws(CNIError) {
            return try CNIResult(decoding: document)
        } catch {
            throw CNIError(code: error.code, message: "IPAM plugin \(type) returned an invalid result: \(error.message)", details: error.details)
        }
    }

    /// DEL, CHECK, STATUS and GC print nothing on success.
    @discardableResult
    func run(_ command: CNICommand) throws(CNIError) -> [UInt8] {
        var environment = self.environment
        environment["CNI_COMMAND"] = command.rawValue
        let (status, output) = try Self.execute(executable, environment: environment, input: configuration)
        guard status == 0 else { throw failure(command, output: output) }
        return output
    }

    /// The configuration in a version the plugin speaks: unchanged when it
    /// speaks the configuration's own (or says nothing about its versions).
    private static func negotiate(_ configuration: [UInt8], spoken: [String]) -> [UInt8] {
        guard let document = try? JSONValue.decode(configuration),
              let requested = document["cniVersion"].stringValue.flatMap({ try? CNIVersion($0) })
        else { return configuration }
        guard !spoken.isEmpty, !spoken.contains(requested.description) else { return configuration }
        let older = spoken.compactMap { try? CNIVersion($0) }.filter { $0 < requested }
        guard let best = older.max(), best.supportsCheck, case .object(var members) = document else { return configuration }
        members["cniVersion"] = .string(best.description)
        return Array(JSONValue.object(members).encoded())
    }

    /// The plugin's VERSION answer, given the network configuration as stdin.
    private static func versions(of executable: String, environment: [String: String], configuration: [UInt8]) -> [String] {
        var environment = environment
        environment["CNI_COMMAND"] = CNICommand.version.rawValue
        guard let (status, output) = try? execute(executable, environment: environment, input: configuration), status == 0,
              let answer = try? JSONValue.decode(output), let versions = answer["supportedVersions"].arrayValue
        else { return [] }
        return versions.compactMap(\.stringValue)
    }

    /// The plugin's own error object, passed on with its code, or a
    /// description of what it printed when it gave none.
    private func failure(_ command: CNICommand, output: [UInt8]) -> CNIError {
        if let answer = try? JSONValue.decode(output), let code = answer["code"].intValue,
           code >= 0, code <= Int64(UInt32.max) {
            let message = answer["msg"].stringValue ?? "failed"
            return CNIError(code: UInt32(code), message: "IPAM plugin \(type) \(command.rawValue): \(message)",
                            details: answer["details"].stringValue ?? "")
        }
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .pluginError("IPAM plugin \(type) \(command.rawValue) failed", details: text)
    }

    private static func execute(_ executable: String, environment: [String: String], input: [UInt8]) throws(CNIError) -> (Int32, [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = []
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        // The IPAM plugin's diagnostics go where ours go: the runtime's log.
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw .pluginNotAvailable("cannot run IPAM plugin \(executable)", details: "\(error)")
        }
        // The configuration is written from another thread so that a plugin
        // answering before it has read all of a large input cannot deadlock us.
        let writer = stdin.fileHandleForWriting
        let bytes = Data(input)
        let feeding = Thread {
            try? writer.write(contentsOf: bytes)
            try? writer.close()
        }
        feeding.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(output))
    }
}
