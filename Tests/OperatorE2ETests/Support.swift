import Foundation
import Glibc
import JSONValues
import KubeModel
import KubeTestServer
import Synchronization
import Testing

// Support for driving the operator binary against an in-process
// KubeTestServer: child processes, kubectl, free ports, polling with a
// deadline, and the API paths the scenarios read and write.

struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

struct E2EFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let kubectlPath = "/usr/bin/kubectl"
let curlPath = "/usr/bin/curl"
let python3Path = "/usr/bin/python3"
let daemonImage = "quay.io/example/pf-status-relay:test"

/// The operator binary of the build these tests belong to: next to the test
/// bundle (`<scratch>/x86_64-unknown-linux-gnu/debug/`, which `<scratch>/debug`
/// points at), else the default `.build/debug/`.
let operatorBinary: String = {
    var candidates: [URL] = []
    let argument0 = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    var directory = argument0.deletingLastPathComponent()
    // On Darwin the bundle is a directory (`X.xctest/Contents/MacOS/X`); walk up to the build directory.
    for _ in 0..<4 {
        candidates.append(directory.appendingPathComponent("pf-status-relay-operator"))
        directory = directory.deletingLastPathComponent()
    }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("pf-status-relay-operator"))
    candidates.append(packageRoot.appendingPathComponent(".build/debug/pf-status-relay-operator"))
    return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? packageRoot.appendingPathComponent(".build/debug/pf-status-relay-operator").path
}()

func makeTemporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pfsr-e2e-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

final class DataSink: Sendable {
    private let data = Mutex(Data())
    func set(_ value: Data) { data.withLock { $0 = value } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// Runs a program to completion without blocking a Swift-concurrency thread
/// (the in-process API server answers on those threads too), capturing its output.
func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
    stdin: String? = nil, timeout: Duration = .seconds(60)
) async throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    let outData = DataSink()
    let errData = DataSink()
    let readers = DispatchGroup()
    for (handle, sink) in [(out.fileHandleForReading, outData), (err.fileHandleForReading, errData)] {
        readers.enter()
        DispatchQueue.global().async {
            sink.set(handle.readDataToEndOfFile())
            readers.leave()
        }
    }
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
        if ContinuousClock.now > deadline {
            kill(process.processIdentifier, SIGKILL)
            throw E2EFailure("\(executable) \(arguments.joined(separator: " ")) did not finish in \(timeout); stderr: \(errData.text)")
        }
        try await Task.sleep(for: .milliseconds(10))
    }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        readers.notify(queue: .global()) { continuation.resume() }
    }
    return ProcessResult(status: process.terminationStatus, stdout: outData.text, stderr: errData.text)
}

/// Ports free at the time of asking (bound on every address, then released).
func freePorts(_ count: Int) async throws -> [Int] {
    let script = """
        import socket
        sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(\(count))]
        for s in sockets: s.bind(("0.0.0.0", 0))
        print(" ".join(str(s.getsockname()[1]) for s in sockets))
        """
    let result = try await runProcess(python3Path, ["-c", script])
    let ports = result.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    guard result.status == 0, ports.count == count else { throw E2EFailure("no free ports: \(result.stderr)") }
    return ports
}

/// A GET with curl (FoundationNetworking is not reliable here): the status (0 when
/// the connection failed) and the body.
func httpGet(_ url: String, curlArguments: [String] = []) async throws -> (status: Int, body: String) {
    let result = try await runProcess(curlPath, ["-s", "-m", "5", "-o", "-", "-w", "\n%{http_code}"] + curlArguments + [url],
                                      timeout: .seconds(10))
    var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let status = Int(lines.popLast() ?? "") ?? 0
    return (status, lines.joined(separator: "\n"))
}

// MARK: - API paths

enum Paths {
    static let group = "pfstatusrelay.openshift.io"
    /// The operator's own namespace, as installed: it watches its namespace, and its Roles are there.
    static let namespace = "pf-status-relay-operator-system"
    static let monitors = "/apis/\(group)/v1alpha1/namespaces/\(namespace)/pflacpmonitors"
    static func monitor(_ name: String) -> String { "\(monitors)/\(name)" }
    static let daemonSets = "/apis/apps/v1/namespaces/\(namespace)/daemonsets"
    static func daemonSetName(_ monitor: String) -> String { "pf-status-relay-ds-\(monitor)" }
    static func daemonSet(forMonitor monitor: String) -> String { "\(daemonSets)/\(daemonSetName(monitor))" }
    static let nodes = "/api/v1/nodes"
    static func node(_ name: String) -> String { "\(nodes)/\(name)" }
    static let events = "/api/v1/namespaces/\(namespace)/events"
    static let serviceAccount = "/api/v1/namespaces/\(namespace)/serviceaccounts/pf-status-relay"
    static let lease = "/apis/coordination.k8s.io/v1/namespaces/\(namespace)/leases/pf-status-relay-operator-leader"
}

func monitorObject(
    _ name: String, interfaces: [String], pollingInterval: Int? = nil, lacpduTimeout: JSONValue? = nil,
    nodeSelector: [String: String]? = nil
) -> JSONValue {
    var spec: JSONValue = ["interfaces": .array(interfaces.map { .string($0) })]
    if let pollingInterval { spec["pollingInterval"] = .int(Int64(pollingInterval)) }
    if let lacpduTimeout { spec["lacpduTimeout"] = lacpduTimeout }
    if let nodeSelector { spec["nodeSelector"] = .object(nodeSelector.mapValues { .string($0) }) }
    return [
        "apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor",
        "metadata": ["name": .string(name), "namespace": .string(Paths.namespace)],
        "spec": spec,
    ]
}

/// The same monitor as YAML, for kubectl.
func monitorYAML(_ name: String, interfaces: [String], nodeSelector: [String: String]) -> String {
    var text = """
        apiVersion: pfstatusrelay.openshift.io/v1alpha1
        kind: PFLACPMonitor
        metadata:
          name: \(name)
          namespace: \(Paths.namespace)
        spec:
          interfaces:

        """
    for interface in interfaces { text += "    - \"\(interface)\"\n" }
    text += "  nodeSelector:\n"
    for (key, value) in nodeSelector.sorted(by: { $0.key < $1.key }) { text += "    \(key): \(value)\n" }
    return text
}

/// The monitor's condition of `type`, or null.
func condition(_ monitor: JSONValue, _ type: String) -> JSONValue {
    (monitor["status"]["conditions"].arrayValue ?? []).first { $0["type"].stringValue == type } ?? .null
}

/// Ready=True, status describing the current generation, as many ready nodes as desired.
func isReady(_ monitor: JSONValue, nodes: Int64 = 1) -> Bool {
    let generation = monitor["metadata"]["generation"].intValue
    return condition(monitor, "Ready")["status"] == "True"
        && monitor["status"]["observedGeneration"].intValue == generation && generation != nil
        && monitor["status"]["nodes"]["desired"].intValue == nodes
        && monitor["status"]["nodes"]["ready"].intValue == nodes
        && monitor["status"]["degraded"].boolValue == false
}

func envValue(_ daemonSet: JSONValue, _ name: String) -> String? {
    let env = daemonSet[path: ["spec", "template", "spec", "containers"]][0]["env"].arrayValue ?? []
    return env.first { $0["name"].stringValue == name }?["value"].stringValue
}

// MARK: - The cluster

/// One in-process API server, its kubeconfig, kubectl and the operators started against it.
final class TestCluster: Sendable {
    let server: KubeTestServer
    let directory: URL
    let name: String
    private let operators = Mutex<[(pid: Int32, name: String, log: String, stderr: String)]>([])
    private let failed = Mutex(false)

    var kubeconfigPath: String { directory.appendingPathComponent("kubeconfig").path }

    private init(server: KubeTestServer, directory: URL, name: String) {
        self.server = server
        self.directory = directory
        self.name = name
    }

    /// Runs `body` against a fresh cluster; afterwards every operator is killed
    /// and the server stopped. On failure, the operators' logs are printed.
    static func with<T>(_ name: String, _ body: (TestCluster) async throws -> T) async throws -> T {
        let server = try await KubeTestServer.start()
        let directory = try makeTemporaryDirectory(name)
        let cluster = TestCluster(server: server, directory: directory, name: name)
        try server.kubeconfig.write(to: cluster.kubeconfigPath)
        do {
            let result = try await body(cluster)
            await cluster.stop(printLogs: cluster.failed.withLock { $0 })
            return result
        } catch {
            print("[\(name)] failed: \(error)")
            await cluster.stop(printLogs: true)
            throw error
        }
    }

    private func stop(printLogs: Bool) async {
        let all = operators.withLock { $0 }
        for instance in all { kill(instance.pid, SIGKILL) }
        if printLogs {
            for instance in all { print(logTail(instance.name, path: instance.log, stderrPath: instance.stderr, lines: 80)) }
        }
        await server.shutdown()
        if !printLogs { try? FileManager.default.removeItem(at: directory) }
    }

    private func logTail(_ name: String, path: String, stderrPath: String, lines: Int) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        let tail = text.split(separator: "\n").suffix(lines).joined(separator: "\n")
        return "----- operator \(name) (\(path)), last \(lines) lines -----\n\(tail)\n----- stderr -----\n\(stderr)\n-----"
    }

    /// The last lines of every operator's log, for failure messages.
    func diagnostics(lines: Int = 30) -> String {
        operators.withLock { $0 }.map { logTail($0.name, path: $0.log, stderrPath: $0.stderr, lines: lines) }.joined(separator: "\n")
    }

    /// Records an issue (and makes the cluster print the operators' logs at the end) unless `condition` holds.
    func check(_ condition: Bool, _ comment: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard !condition else { return }
        failed.withLock { $0 = true }
        Issue.record(Comment(rawValue: comment()), sourceLocation: sourceLocation)
    }

    /// A timeout the test expected is not a failure: the logs need not be printed for it.
    func expectedTimeoutSeen() {
        failed.withLock { $0 = false }
    }

    /// Polls `probe` until it returns a value or `timeout` passes (then throws, with the operators' logs).
    func eventually<T>(
        _ what: String, timeout: Duration = .seconds(20), interval: Duration = .milliseconds(100),
        _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try await probe() { return value }
            if ContinuousClock.now > deadline {
                failed.withLock { $0 = true }
                throw E2EFailure("timed out after \(timeout) waiting for \(what)")
            }
            try await Task.sleep(for: interval)
        }
    }

    // MARK: API access (in-process, authenticated as any client)

    func call(_ method: String, _ uri: String, body: JSONValue? = nil, contentType: String = "application/json") async -> (status: Int, body: JSONValue) {
        var headers = ["Authorization": "Bearer \(server.token ?? "")", "Accept": "application/json"]
        var bytes: [UInt8] = []
        if let body {
            headers["Content-Type"] = contentType
            bytes = Array(body.encoded())
        }
        let response = await server.handle(APIRequest(method: method, uri: uri, headers: headers, body: bytes))
        switch response {
        case .json(let status, let body): return (status, body)
        case .text(let status, _, let body): return (status, .string(body))
        case .watch: return (200, .null)
        }
    }

    /// The object, or nil when it does not exist.
    func get(_ uri: String) async throws -> JSONValue? {
        let (status, body) = await call("GET", uri)
        if status == 404 { return nil }
        guard status == 200 else { throw E2EFailure("GET \(uri): \(status) \(body)") }
        return body
    }

    func mustGet(_ uri: String) async throws -> JSONValue {
        guard let object = try await get(uri) else { throw E2EFailure("GET \(uri): not found") }
        return object
    }

    @discardableResult
    func create(_ collection: String, _ object: JSONValue) async throws -> JSONValue {
        let (status, body) = await call("POST", collection, body: object)
        guard status == 201 || status == 200 else { throw E2EFailure("POST \(collection): \(status) \(body)") }
        return body
    }

    @discardableResult
    func patch(_ uri: String, _ patch: JSONValue, type: String = "application/merge-patch+json") async throws -> JSONValue {
        let (status, body) = await call("PATCH", uri, body: patch, contentType: type)
        guard status == 200 else { throw E2EFailure("PATCH \(uri): \(status) \(body)") }
        return body
    }

    func delete(_ uri: String) async throws {
        let (status, body) = await call("DELETE", uri)
        guard status == 200 || status == 202 else { throw E2EFailure("DELETE \(uri): \(status) \(body)") }
    }

    // MARK: kubectl

    func kubectl(_ arguments: [String], stdin: String? = nil) async throws -> ProcessResult {
        try await runProcess(kubectlPath, ["--kubeconfig", kubeconfigPath, "--cache-dir", directory.appendingPathComponent("kube-cache").path] + arguments,
                             stdin: stdin)
    }

    @discardableResult
    func kubectlOK(_ arguments: [String], stdin: String? = nil) async throws -> String {
        let result = try await kubectl(arguments, stdin: stdin)
        guard result.status == 0 else {
            throw E2EFailure("kubectl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    // MARK: Fixtures

    /// The operator's namespace, its ServiceAccount and RBAC from config/rbac and
    /// the CRD from config/crd (through kubectl), a token of that ServiceAccount
    /// for the operators to run with, and nodes with `kubernetes.io/hostname` plus `extraLabels`.
    func installBasics(nodes: [String] = ["worker-0", "worker-1"], extraLabels: [String: [String: String]] = [:]) async throws {
        try await create("/api/v1/namespaces", ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(Paths.namespace)]])
        try await installOperatorIdentity()
        let crd = packageRoot.appendingPathComponent("config/crd/bases/pfstatusrelay.openshift.io_pflacpmonitors.yaml").path
        try await kubectlOK(["create", "-f", crd])
        _ = try await eventually("the PFLACPMonitor API to be served", timeout: .seconds(10)) { () async -> Bool? in
            await call("GET", "/apis/\(Paths.group)/v1alpha1").status == 200 ? true : nil
        }
        for node in nodes {
            var labels: [String: JSONValue] = ["kubernetes.io/hostname": .string(node)]
            for (key, value) in extraLabels[node] ?? [:] { labels[key] = .string(value) }
            try await create(Paths.nodes, ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(node), "labels": .object(labels)]])
        }
    }

    // MARK: The webhook

    /// A serving certificate for the webhook Service, signed by the server's CA,
    /// in `certs/` (the operator's `--webhook-cert-dir`).
    func writeWebhookCertificate() throws {
        try writeServingCertificate(service: "pf-status-relay-operator-webhook-service", into: "certs")
    }

    /// A serving certificate for the metrics Service, signed by the server's
    /// CA, in `metrics-certs/` (give it as the operator's `--metrics-cert-dir`),
    /// and the CA in `ca.crt` for scrapers' `--cacert`.
    func writeMetricsCertificate() throws -> (directory: String, caFile: String) {
        let directory = try writeServingCertificate(service: "pf-status-relay-operator-metrics-service", into: "metrics-certs")
        let caFile = self.directory.appendingPathComponent("ca.crt")
        try Data(try #require(server.certificateAuthority).certificatePEM.utf8).write(to: caFile)
        return (directory, caFile.path)
    }

    /// The DNS name scrapers reach the metrics Service by (the name its certificate is for).
    static let metricsHost = "pf-status-relay-operator-metrics-service.\(Paths.namespace).svc"

    @discardableResult
    private func writeServingCertificate(service: String, into name: String) throws -> String {
        let authority = try #require(server.certificateAuthority)
        let (certificate, key) = try authority.issueServerCertificate(
            commonName: service, dnsNames: ["\(service).\(Paths.namespace).svc", "\(service).\(Paths.namespace).svc.cluster.local"])
        let certs = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: certs, withIntermediateDirectories: true)
        try Data(certificate.utf8).write(to: certs.appendingPathComponent("tls.crt"))
        try Data(key.utf8).write(to: certs.appendingPathComponent("tls.key"))
        return certs.path
    }

    /// The Service (to the operator's `webhookPort`) and the webhook
    /// configuration from config/webhook, through kubectl, with the CA bundle
    /// of the server's CA. Returns the caBundle.
    @discardableResult
    func installWebhook(port webhookPort: Int) async throws -> String {
        let authority = try #require(server.certificateAuthority)
        let serviceYAML = try String(contentsOf: packageRoot.appendingPathComponent("config/webhook/service.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "namespace: pf-status-relay-operator-system", with: "namespace: \(Paths.namespace)")
            .replacingOccurrences(of: "targetPort: 9443", with: "targetPort: \(webhookPort)")
        try await kubectlOK(["create", "-f", "-"], stdin: serviceYAML)
        let caBundle = Data(authority.certificatePEM.utf8).base64EncodedString()
        let webhookYAML = try String(contentsOf: packageRoot.appendingPathComponent("config/webhook/manifests.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "namespace: pf-status-relay-operator-system", with: "namespace: \(Paths.namespace)")
            .replacingOccurrences(of: "    clientConfig:\n", with: "    clientConfig:\n      caBundle: \(caBundle)\n")
        check(webhookYAML.contains("caBundle: ") && webhookYAML.contains("namespace: \(Paths.namespace)"), "manifest edited: \(webhookYAML)")
        try await kubectlOK(["create", "-f", "-"], stdin: webhookYAML)
        return caBundle
    }

    // MARK: The operator

    struct OperatorOptions {
        var identity: String
        var leaderElect = false
        var webhookPort = 0
        var logLevel = "info"
        /// tls.crt and tls.key for HTTPS /metrics with token authentication;
        /// nil serves plain HTTP without it (`--metrics-insecure`, on loopback).
        var metricsCertDirectory: String? = nil
        var extraArguments: [String] = []
    }

    /// Starts the operator binary, as its ServiceAccount (installBasics() minted
    /// the token); it is SIGKILLed when the cluster stops.
    func startOperator(_ options: OperatorOptions) async throws -> OperatorInstance {
        guard FileManager.default.isExecutableFile(atPath: operatorBinary) else {
            throw E2EFailure("\(operatorBinary) is missing: build the package first (swift build)")
        }
        guard FileManager.default.fileExists(atPath: operatorKubeconfigPath) else {
            throw E2EFailure("no token for the operator's ServiceAccount: installBasics() first")
        }
        let ports = try await freePorts(2)
        let certDirectory = directory.appendingPathComponent("certs").path
        try FileManager.default.createDirectory(atPath: certDirectory, withIntermediateDirectories: true)
        let logPath = directory.appendingPathComponent("operator-\(options.identity).log").path
        let stderrPath = directory.appendingPathComponent("operator-\(options.identity).stderr").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        guard let logHandle = FileHandle(forWritingAtPath: logPath), let stderrHandle = FileHandle(forWritingAtPath: stderrPath) else {
            throw E2EFailure("cannot open \(logPath)")
        }
        var arguments = [
            "--kubeconfig", operatorKubeconfigPath, "--watch-namespace", Paths.namespace,
            "--health-probe-bind-address", "127.0.0.1:\(ports[0])", "--metrics-bind-address", "127.0.0.1:\(ports[1])",
            "--webhook-port", String(options.webhookPort), "--webhook-cert-dir", certDirectory,
            "--leader-election-identity", options.identity, "--log-level", options.logLevel,
        ]
        if options.leaderElect { arguments += ["--leader-elect", "--lease-duration-seconds", "3"] }
        if let metricsCertDirectory = options.metricsCertDirectory {
            arguments += ["--metrics-cert-dir", metricsCertDirectory]
        } else {
            arguments += ["--metrics-insecure"]
        }
        arguments += options.extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["PF_STATUS_RELAY_IMAGE"] = daemonImage
        let process = Process()
        process.executableURL = URL(fileURLWithPath: operatorBinary)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = logHandle
        process.standardError = stderrHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? logHandle.close()
        try? stderrHandle.close()
        let pid = process.processIdentifier
        operators.withLock { $0.append((pid, options.identity, logPath, stderrPath)) }
        return OperatorInstance(process: process, identity: options.identity, logPath: logPath,
                                healthPort: ports[0], metricsPort: ports[1])
    }

    /// Writes by the operator replicas (user agent `pf-status-relay-operator/...`), optionally of one identity.
    func operatorWrites(identity: String? = nil) -> [RequestLog.Entry] {
        let prefix = identity.map { "pf-status-relay-operator/\($0)" } ?? "pf-status-relay-operator/"
        return server.requests.all.filter { entry in
            entry.isWrite && (identity == nil ? entry.userAgent.hasPrefix(prefix) : entry.userAgent == prefix)
        }
    }
}

func describe(_ entries: [RequestLog.Entry]) -> String {
    entries.map { "\($0.method) \($0.path) \($0.status) [\($0.userAgent)]" }.joined(separator: "\n")
}

/// A running operator process (SIGKILL only: children of Swift-concurrency
/// threads may have SIGTERM blocked).
final class OperatorInstance {
    let process: Process
    let identity: String
    let logPath: String
    let healthPort: Int
    let metricsPort: Int

    init(process: Process, identity: String, logPath: String, healthPort: Int, metricsPort: Int) {
        self.process = process
        self.identity = identity
        self.logPath = logPath
        self.healthPort = healthPort
        self.metricsPort = metricsPort
    }

    var pid: Int32 { process.processIdentifier }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The log as JSON lines (lines that are not JSON are skipped).
    var logLines: [JSONValue] {
        log.split(separator: "\n").compactMap { try? JSONValue.decode(String($0)) }
    }

    func kill() async {
        Glibc.kill(process.processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    func health(_ path: String) async throws -> (status: Int, body: String) {
        try await httpGet("http://127.0.0.1:\(healthPort)\(path)")
    }

    func metrics() async throws -> (status: Int, body: String) {
        try await httpGet("http://127.0.0.1:\(metricsPort)/metrics")
    }

    /// GET /metrics over HTTPS, as Prometheus scrapes it through the metrics
    /// Service: the certificate verified with `caFile` for the Service's name
    /// (resolved to this process), with `token` as the bearer token.
    func secureMetrics(caFile: String, token: String?) async throws -> (status: Int, body: String) {
        let host = TestCluster.metricsHost
        var arguments = ["--cacert", caFile, "--resolve", "\(host):\(metricsPort):127.0.0.1"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        return try await httpGet("https://\(host):\(metricsPort)/metrics", curlArguments: arguments)
    }
}
