import CNI
import Foundation
import JSONValues
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The repository's root, from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `bond` binary of the build these tests belong to (next to the test
/// bundle), else the default `.build/debug/bond`.
let pluginBinary: String = {
    var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
    var candidates: [String] = []
    for _ in 0..<4 {
        candidates.append(directory.appendingPathComponent("bond").path)
        directory = directory.deletingLastPathComponent()
    }
    candidates.append(repositoryRoot.appendingPathComponent(".build/debug/bond").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[candidates.count - 1]
}()

/// What one run of the plugin printed and how it exited.
struct PluginRun {
    var status: Int32
    var output: JSONValue
    var text: String

    var errorCode: Int64? { output["code"].intValue }
    var errorMessage: String { output["msg"].stringValue ?? "" }
}

/// Runs the plugin as a container runtime does: CNI_* variables and the
/// network configuration on stdin.
func runPlugin(_ command: String?, config: String, netns: String? = nil, ifname: String? = "bond0",
               containerID: String? = "test-container", path: String = "/usr/lib/cni",
               extra: [String: String] = [:]) throws -> PluginRun {
    var environment: [String: String] = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "CNI_PATH": path]
    if let command { environment["CNI_COMMAND"] = command }
    if let netns { environment["CNI_NETNS"] = netns }
    if let ifname { environment["CNI_IFNAME"] = ifname }
    if let containerID { environment["CNI_CONTAINERID"] = containerID }
    environment.merge(extra) { $1 }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: pluginBinary)
    process.environment = environment
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    try stdin.fileHandleForWriting.write(contentsOf: Data(config.utf8))
    try stdin.fileHandleForWriting.close()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    let json = (try? JSONValue.decode(Array(data))) ?? .null
    // A crash shows up as an uncaught signal, never as a clean exit status.
    #expect(process.terminationReason == .exit, "the plugin died of a signal: \(text)")
    return PluginRun(status: process.terminationStatus, output: json, text: text)
}

/// A network configuration with `fields` replacing or adding to a valid one.
func bondConfig(_ fields: [String: JSONValue] = [:], removing: [String] = []) -> String {
    var config: [String: JSONValue] = [
        "cniVersion": "1.0.0", "name": "bond-net1", "type": "bond", "mode": "active-backup",
        "failOverMac": 1, "linksInContainer": true, "miimon": "100", "mtu": 1500,
        "links": [["name": "net1"], ["name": "net2"]],
    ]
    config.merge(fields) { $1 }
    for key in removing { config[key] = nil }
    return JSONValue.object(config).jsonString
}

let isRoot = getuid() == 0

enum CommandFailure: Error { case failed(String) }

/// Runs a command (iproute2): its exit status and output (stdout and stderr).
func command(_ arguments: [String]) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data)
}

/// Runs a command, throwing with its output when it fails.
@discardableResult
func shell(_ arguments: String...) throws -> String {
    let (status, data) = try command(arguments)
    let text = String(decoding: data, as: UTF8.self)
    guard status == 0 else { throw CommandFailure.failed("\(arguments.joined(separator: " ")): \(text)") }
    return text
}

/// Unique names per test process, so parallel tests never share a link or namespace.
private let counter = Mutex(0)
func uniqueName(_ prefix: String) -> String {
    let number = counter.withLock { $0 += 1; return $0 }
    return "\(prefix)\(getpid() % 10000)x\(number)"
}

/// A link as iproute2 reports it (independent of the plugin's netlink code).
struct LinkState: Equatable {
    var exists: Bool
    var master: String?
    var up: Bool
}

func linkState(_ name: String, netns: String? = nil) throws -> LinkState {
    var arguments = ["ip"]
    if let netns { arguments += ["-n", netns] }
    arguments += ["-j", "link", "show", "dev", name]
    let (status, data) = try command(arguments)
    guard status == 0 else { return LinkState(exists: false, master: nil, up: false) }
    let link = try JSONValue.decode(Array(data))[0]
    let flags = link["flags"].arrayValue?.compactMap(\.stringValue) ?? []
    return LinkState(exists: true, master: link["master"].stringValue, up: flags.contains("UP"))
}
