import AsyncHTTPClient
import Foundation
import JSONValues
import KubeModel
import KubeTestServer
import NIOCore
import NIOSSL
import Synchronization

/// A finished child process.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum TestFailure: Error, CustomStringConvertible {
    case message(String)
    var description: String {
        switch self { case .message(let text): return text }
    }
}

/// Runs a program to completion (with a deadline), capturing its output.
func run(_ executable: String, _ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 60) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Drain both pipes while waiting so a chatty child never blocks.
    let outData = LockedData()
    let errData = LockedData()
    let readers = DispatchGroup()
    for (pipe, sink) in [(out, outData), (err, errData)] {
        readers.enter()
        DispatchQueue.global().async {
            sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
            readers.leave()
        }
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        _ = readers.wait(timeout: .now() + 5)
        throw TestFailure.message("\(executable) \(arguments.joined(separator: " ")) did not finish in \(Int(timeout)) s; stderr: \(errData.text)")
    }
    process.waitUntilExit()
    _ = readers.wait(timeout: .now() + 5)
    return ProcessResult(status: process.terminationStatus, stdout: outData.text, stderr: errData.text)
}

final class LockedData: Sendable {
    private let data = Mutex(Data())
    func set(_ value: Data) { data.withLock { $0 = value } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func temporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kts-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// An HTTPS client that trusts the server's CA and sends its token.
struct APIClient {
    let server: KubeTestServer
    let http: HTTPClient

    init(_ server: KubeTestServer) throws {
        self.server = server
        var tls = TLSConfiguration.makeClientConfiguration()
        if let pem = server.certificateAuthority?.certificatePEM {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
        }
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    }

    func shutdown() async throws { try await http.shutdown() }

    func request(_ method: String, _ path: String, body: JSONValue? = nil, contentType: String = "application/json",
                 token: String?? = .none, accept: String? = nil, headers: [(String, String)] = []) async throws -> (status: Int, body: JSONValue) {
        var request = HTTPClientRequest(url: server.url + path)
        request.method = .init(rawValue: method)
        let bearer: String? = token ?? server.token
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let accept { request.headers.add(name: "Accept", value: accept) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body.encoded()))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let text = Array(buffer: bytes)
        return (Int(response.status.code), text.isEmpty ? .null : ((try? JSONValue.decode(text)) ?? .string(String(decoding: text, as: UTF8.self))))
    }

    /// Opens a watch and collects events until `until` says stop, the stream ends, or `timeout` passes.
    func watch(_ path: String, timeout: Duration = .seconds(20), until: @escaping @Sendable ([JSONValue]) -> Bool = { _ in false })
        async throws -> (events: [JSONValue], ended: Bool)
    {
        var request = HTTPClientRequest(url: server.url + path)
        if let token = server.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await http.execute(request, timeout: .seconds(Int64(timeout.components.seconds) + 5))
        let box = EventBox()
        let reader = Task {
            var pending: [UInt8] = []
            do {
                for try await chunk in response.body {
                    pending += Array(buffer: chunk)
                    while let newline = pending.firstIndex(of: 10) {
                        let line = Array(pending[..<newline])
                        pending.removeFirst(newline + 1)
                        if let event = try? JSONValue.decode(line) { box.append(event) }
                    }
                }
            } catch {}
            box.end()
        }
        defer { reader.cancel() }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (events, ended) = box.snapshot
            if ended || until(events) { return (events, ended) }
            try await Task.sleep(for: .milliseconds(20))
        }
        let (events, _) = box.snapshot
        return (events, false)
    }
}

final class EventBox: Sendable {
    private let state = Mutex<([JSONValue], Bool)>(([], false))
    func append(_ event: JSONValue) { state.withLock { $0.0.append(event) } }
    func end() { state.withLock { $0.1 = true } }
    var snapshot: ([JSONValue], Bool) { state.withLock { $0 } }
}
