// bond-cni-installer: the entry point of the bond-cni image. A DaemonSet runs
// it on every node to put the `bond` CNI plugin into the node's CNI binary
// directory (a hostPath mount), as CNI plugin images usually do, but without a
// shell in the image.
//
//   bond-cni-installer [--source /bond] [--target /host/opt/cni/bin] [--once]
//
// The plugin is written next to its final name and renamed over it, so a
// container runtime that runs the plugin while it is being replaced sees the
// old file or the new one, never half of one. Then the installer waits until it
// is stopped (a DaemonSet's container must keep running), unless --once.
import FoundationEssentials
import KernelSockets

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct InstallerError: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32
}

struct Options {
    var source = "/bond"
    var target = "/host/opt/cni/bin"
    var once = false

    static let usage = """
        USAGE: bond-cni-installer [--source PATH] [--target DIR] [--once]

        Copies the bond CNI plugin into a node's CNI binary directory, atomically.

        OPTIONS:
          --source PATH   the plugin to install (default: /bond)
          --target DIR    the node's CNI binary directory, mounted from the host
                          (default: /host/opt/cni/bin)
          --once          exit after copying instead of waiting to be stopped
          -h, --help      show this help

        """

    /// nil when help was asked for.
    static func parse(_ arguments: [String]) throws(InstallerError) -> Options? {
        var options = Options()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            let (flag, inlineValue) = split(argument)
            func value() throws(InstallerError) -> String {
                if let inlineValue { return inlineValue }
                guard let next = remaining.popFirst(), !next.hasPrefix("--") else {
                    throw InstallerError(description: "\(flag) needs a value (see --help)", exitCode: 64)
                }
                return next
            }
            switch flag {
            case "-h", "--help": return nil
            case "--source": options.source = try value()
            case "--target": options.target = try value()
            case "--once": options.once = true
            default: throw InstallerError(description: "unknown argument \"\(argument)\" (see --help)", exitCode: 64)
            }
        }
        return options
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}

/// Copies `source` into `directory` under the same file name; returns the installed path and its size.
func install(source: String, into directory: String) throws(InstallerError) -> (path: String, bytes: Int) {
    let files = FileManager.default
    var isDirectory = false
    guard files.fileExists(atPath: source, isDirectory: &isDirectory), !isDirectory else {
        throw InstallerError(description: "the plugin \(source) does not exist", exitCode: 2)
    }
    guard files.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory else {
        throw InstallerError(description: "the target directory \(directory) does not exist (mount the node's CNI binary directory there)", exitCode: 2)
    }
    let name = source.split(separator: "/").last.map(String.init) ?? "bond"
    let destination = directory + "/" + name
    let temporary = directory + "/." + name + ".installing-\(getpid())"
    do {
        // copyItem streams the file: the plugin is ~60 MB and the installer's
        // container has a 64 MiB memory limit.
        try? files.removeItem(atPath: temporary)
        try files.copyItem(atPath: source, toPath: temporary)
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temporary)
        let size = (try files.attributesOfItem(atPath: temporary)[.size] as? UInt).map { Int($0) } ?? 0
        // One rename replaces the old plugin: a runtime never runs half a file.
        try FileSystem.replace(destination, with: temporary)
        return (destination, size)
    } catch let error as InstallerError {
        throw error
    } catch {
        try? files.removeItem(atPath: temporary)
        throw InstallerError(description: "cannot install \(source) into \(directory): \(error)", exitCode: 1)
    }
}

func writeError(_ text: String) {
    StandardStreams.writeError("bond-cni-installer: error: \(text)\n")
}

do {
    guard let options = try Options.parse(Array(CommandLine.arguments.dropFirst())) else {
        print(Options.usage, terminator: "")
        exit(0)
    }
    let installed = try install(source: options.source, into: options.target)
    print("bond-cni-installer: installed \(options.source) as \(installed.path) (\(installed.bytes) bytes)")
    if options.once { exit(0) }
    // As PID 1 of a container, a signal without a handler is ignored: handle
    // SIGTERM and SIGINT so that stopping the pod ends the installer at once.
    signal(SIGTERM) { _ in _exit(0) }
    signal(SIGINT) { _ in _exit(0) }
    while true { pause() }
} catch {
    writeError(error.description)
    exit(error.exitCode)
}
