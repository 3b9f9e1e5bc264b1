import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Tests here need root (network namespaces, netlink writes); without it they
/// are reported as skipped, never as passed.
let isRoot = getuid() == 0

enum ShellError: Error, CustomStringConvertible {
    case failed(command: String, status: Int32, output: String)
    var description: String {
        switch self {
        case let .failed(command, status, output): "\(command) exited \(status): \(output)"
        }
    }
}

/// Runs a program and returns its standard output; throws on a non-zero exit.
@discardableResult
func run(_ arguments: [String], input: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    if let input {
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
    } else {
        try process.run()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw ShellError.failed(command: arguments.joined(separator: " "), status: process.terminationStatus, output: text)
    }
    return text
}

/// A fresh network namespace (made with `ip netns add`), deleted with its
/// links when the test is done.
final class NetworkNamespace: Sendable {
    let name: String
    var path: String { "/run/netns/\(name)" }

    private static let counter = Mutex(0)

    init() throws {
        let number = Self.counter.withLock { $0 += 1; return $0 }
        name = "pfsr-test-\(getpid())-\(number)"
        try run(["ip", "netns", "add", name])
        try ip("link set lo up")
    }

    deinit { _ = try? run(["ip", "netns", "del", name]) }

    /// `ip -n NAME ...`
    @discardableResult
    func ip(_ command: String) throws -> String {
        try run(["ip", "-n", name] + command.split(separator: " ").map(String.init))
    }

    /// Link index as the kernel reports it (via iproute2, independent of our code).
    func index(of link: String) throws -> Int32 {
        let output = try ip("-o link show dev \(link)")
        guard let index = Int32(output.prefix { $0 != ":" }) else { throw ShellError.failed(command: "index", status: 0, output: output) }
        return index
    }
}

/// The repository's root, from this file's location.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
