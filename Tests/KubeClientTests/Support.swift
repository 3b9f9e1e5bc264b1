import Foundation
import KubeClient
import JSONValues
import KubeModel
import KubeTestServer
import Logging
import Testing

/// Retries that take milliseconds, so failure tests stay fast.
let fastRetries = RetryPolicy(maxAttempts: 5, backoff: Backoff(initial: .milliseconds(5), maximum: .milliseconds(20)))

let testLogger: Logger = {
    var logger = Logger(label: "kube-client-tests")
    logger.logLevel = .critical
    return logger
}()

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func temporaryDirectory(_ name: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kc-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
}

/// The configuration a test server's own kubeconfig gives, read through `KubeConfiguration.load`.
func configuration(for server: KubeTestServer) throws -> KubeConfiguration {
    let directory = try temporaryDirectory("kubeconfig")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/kubeconfig"
    try server.kubeconfig.write(to: path)
    return try KubeConfiguration.load(kubeconfigPath: path)
}

/// Runs `body` with a fresh server and a client for it; shuts both down after.
func withServer<Result>(
    _ options: KubeTestServer.Options = .init(), retryPolicy: RetryPolicy = fastRetries,
    _ body: (KubeTestServer, KubeClient) async throws -> Result
) async throws -> Result {
    let server = try await KubeTestServer.start(options, logger: testLogger)
    let client = KubeClient(configuration: try configuration(for: server), retryPolicy: retryPolicy, logger: testLogger)
    do {
        let result = try await body(server, client)
        try await client.shutdown()
        await server.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        await server.shutdown()
        throw error
    }
}

func configMap(_ name: String, namespace: String = "default", data: [String: String] = [:], labels: [String: String] = [:]) -> JSONValue {
    var object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(namespace)]]
    if !data.isEmpty { object["data"] = .object(data.mapValues { .string($0) }) }
    if !labels.isEmpty { object["metadata"]["labels"] = .object(labels.mapValues { .string($0) }) }
    return object
}

/// Expects `body` to throw a KubeError and returns it.
func expectKubeError<T>(_ body: () async throws(KubeError) -> T, sourceLocation: SourceLocation = #_sourceLocation) async -> KubeError? {
    do {
        _ = try await body()
        Issue.record("expected a KubeError", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Expects `body` to throw a KubeConfigurationError and returns it.
func expectConfigurationError<T>(_ body: () throws(KubeConfigurationError) -> T, sourceLocation: SourceLocation = #_sourceLocation)
    -> KubeConfigurationError?
{
    do {
        _ = try body()
        Issue.record("expected a KubeConfigurationError", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
