import Foundation
import JSONValues
import KubeModel
import KubeTestServer

#if canImport(Glibc)
import Glibc
#endif

// `make bench-operator`: N PFLACPMonitors on N Nodes against the Kubernetes
// API test server. Prints the time from the first creation until every
// DaemonSet exists and until every monitor is Ready, the operator's memory,
// and its request counts. Usage: operator-bench [OPERATOR_BINARY] [N]

let arguments = CommandLine.arguments
let binary = arguments.count > 1 ? arguments[1] : ".build/release/pf-status-relay-operator"
let count = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000
guard FileManager.default.isExecutableFile(atPath: binary) else {
    FileHandle.standardError.write(Data("operator-bench: \(binary) is not an executable (build it first)\n".utf8))
    exit(2)
}

var options = KubeTestServer.Options()
options.watchHistorySize = 200_000
let server = try await KubeTestServer.start(options)
let token = server.token ?? ""

@discardableResult
func call(_ method: String, _ uri: String, _ body: JSONValue? = nil) async -> (Int, JSONValue) {
    let request = APIRequest(method: method, uri: uri, headers: ["authorization": "Bearer \(token)", "content-type": "application/json"],
                             body: body.map { Array($0.encoded()) } ?? [])
    switch await server.handle(request) {
    case .json(let status, let body): return (status, body)
    case .text(let status, _, _): return (status, .null)
    case .watch: return (500, .null)
    }
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("operator-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
let kubeconfig = directory.appendingPathComponent("kubeconfig").path
try server.kubeconfig.write(to: kubeconfig)

// The CRD goes in through kubectl, so its YAML is read by a real YAML parser.
let apply = Process()
apply.executableURL = URL(fileURLWithPath: "/usr/bin/kubectl")
apply.arguments = ["--kubeconfig", kubeconfig, "apply", "-f", "config/crd/bases/pfstatusrelay.openshift.io_pflacpmonitors.yaml"]
apply.standardOutput = FileHandle.nullDevice
try apply.run()
apply.waitUntilExit()
guard apply.terminationStatus == 0 else {
    FileHandle.standardError.write(Data("operator-bench: kubectl apply of the CRD failed (run from the repository root)\n".utf8))
    exit(2)
}
await call("POST", "/api/v1/namespaces", ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bench"]])
for index in 0..<count {
    await call("POST", "/api/v1/nodes", [
        "apiVersion": "v1", "kind": "Node",
        "metadata": ["name": .string("node-\(index)"), "labels": ["kubernetes.io/hostname": .string("node-\(index)")]],
    ])
}

let log = directory.appendingPathComponent("operator.log")
_ = FileManager.default.createFile(atPath: log.path, contents: nil)
let operatorProcess = Process()
operatorProcess.executableURL = URL(fileURLWithPath: binary)
operatorProcess.arguments = ["--kubeconfig", kubeconfig, "--watch-namespace", "bench", "--webhook-port", "0",
                             "--health-probe-bind-address", "", "--metrics-bind-address", "0", "--leader-election-identity", "bench"]
var environment = ProcessInfo.processInfo.environment
environment["PF_STATUS_RELAY_IMAGE"] = "quay.io/example/pf-status-relay:bench"
operatorProcess.environment = environment
operatorProcess.standardOutput = try FileHandle(forWritingTo: log)
try operatorProcess.run()
try await Task.sleep(for: .milliseconds(500))

func memory(_ field: String) -> Int {
    let status = (try? String(contentsOfFile: "/proc/\(operatorProcess.processIdentifier)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
}
let idleRSS = memory("VmRSS")

server.requests.clear()
let start = ContinuousClock.now
for index in 0..<count {
    await call("POST", "/apis/pfstatusrelay.openshift.io/v1alpha1/namespaces/bench/pflacpmonitors", [
        "apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor",
        "metadata": ["name": .string("monitor-\(index)")],
        "spec": ["interfaces": ["ens5f0", "ens5f1"], "nodeSelector": ["kubernetes.io/hostname": .string("node-\(index)")]],
    ])
}
let created = ContinuousClock.now - start

var allDaemonSets: Duration?
var allReady: Duration?
let deadline = ContinuousClock.now + .seconds(600)
while allReady == nil, ContinuousClock.now < deadline {
    try await Task.sleep(for: .milliseconds(100))
    if allDaemonSets == nil {
        let (_, list) = await call("GET", "/apis/apps/v1/namespaces/bench/daemonsets")
        if (list["items"].arrayValue ?? []).count >= count { allDaemonSets = ContinuousClock.now - start }
    }
    let (_, monitors) = await call("GET", "/apis/pfstatusrelay.openshift.io/v1alpha1/namespaces/bench/pflacpmonitors")
    let ready = (monitors["items"].arrayValue ?? []).filter { monitor in
        (monitor["status"]["conditions"].arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }.count
    if ready >= count { allReady = ContinuousClock.now - start }
}
let operatorRequests = server.requests.all.filter { $0.userAgent.hasPrefix("pf-status-relay-operator/") }

func seconds(_ duration: Duration?) -> String {
    guard let duration else { return "not reached in 600 s" }
    return String(format: "%.2f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
}
print("operator-bench: \(count) PFLACPMonitors on \(count) Nodes (kube-test-server in-process, operator \(binary))")
print("  monitors created (in-process API calls)     \(seconds(created))")
print("  all DaemonSets present after                \(seconds(allDaemonSets))")
print("  all monitors Ready after                    \(seconds(allReady))")
print("  operator RSS idle / now / peak              \(idleRSS / 1024) MiB / \(memory("VmRSS") / 1024) MiB / \(memory("VmHWM") / 1024) MiB")
print("  operator requests: \(operatorRequests.count) (writes \(operatorRequests.filter(\.isWrite).count))")
kill(operatorProcess.processIdentifier, SIGKILL)
operatorProcess.waitUntilExit()
try? FileManager.default.removeItem(at: directory)
await server.shutdown()
exit(allReady == nil ? 1 : 0)
