import Foundation
import JSONValues
import KubeModel
import Testing

/// The real kubectl (v1.32, the independent client) against the
/// `kube-test-server` binary, through the kubeconfig the binary writes.
@Suite(.serialized)
struct KubectlTests {
    static let kubectlPath = "/usr/bin/kubectl"

    /// A running `kube-test-server` process and a kubectl bound to it.
    final class Cluster {
        let process = Process()
        let directory: URL
        let kubeconfig: String
        let startupSeconds: Double

        init() throws {
            directory = try temporaryDirectory("kubectl")
            kubeconfig = directory.appendingPathComponent("kubeconfig").path
            let binary = packageRoot.appendingPathComponent(".build/debug/kube-test-server").path
            guard FileManager.default.isExecutableFile(atPath: binary) else {
                throw TestFailure.message("\(binary) is missing: build the package first (swift build)")
            }
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["--kubeconfig", kubeconfig, "--bookmark-seconds", "1"]
            process.standardOutput = FileHandle.nullDevice
            let started = Date()
            try process.run()
            while !FileManager.default.fileExists(atPath: kubeconfig) {
                guard process.isRunning, Date().timeIntervalSince(started) < 20 else {
                    throw TestFailure.message("kube-test-server did not write its kubeconfig")
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            startupSeconds = Date().timeIntervalSince(started)
        }

        func kubectl(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 60) throws -> ProcessResult {
            try run(KubectlTests.kubectlPath,
                    ["--kubeconfig", kubeconfig, "--cache-dir", directory.appendingPathComponent("cache").path] + arguments,
                    stdin: stdin, timeout: timeout)
        }

        /// kubectl that must succeed; returns its stdout.
        @discardableResult
        func ok(_ arguments: [String], stdin: String? = nil) throws -> String {
            let result = try kubectl(arguments, stdin: stdin)
            guard result.status == 0 else {
                throw TestFailure.message("kubectl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
            }
            return result.stdout
        }

        func json(_ arguments: [String]) throws -> JSONValue {
            try JSONValue.decode(try ok(arguments + ["-o", "json"]))
        }

        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
            return process.terminationStatus
        }
    }

    @Test func kubectlDrivesTheServerThroughItsKubeconfig() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.kubectlPath), "kubectl v1.32 is expected at /usr/bin/kubectl")
        let cluster = try Cluster()
        print("kube-test-server: kubeconfig written \(Int(cluster.startupSeconds * 1000)) ms after exec")
        #expect(cluster.startupSeconds < 5)

        // Discovery and the server version.
        let version = try JSONValue.decode(try cluster.ok(["version", "-o", "json"]))
        #expect(version["serverVersion"]["minor"] == "32")
        #expect(try cluster.ok(["api-resources"]).contains("daemonsets"))

        // Namespace, CRD (established), custom resource from YAML.
        try cluster.ok(["create", "-f", "-"], stdin: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: relay\n")
        try cluster.ok(["apply", "-f", "-"], stdin: Fixtures.crd)
        try cluster.ok(["wait", "--for", "condition=established", "--timeout=20s", "crd/pflacpmonitors.pfstatusrelay.openshift.io"])
        #expect(try cluster.ok(["api-resources", "--api-group", "pfstatusrelay.openshift.io"]).contains("pflacpmonitors"))
        try cluster.ok(["create", "-n", "relay", "-f", "-"], stdin: Fixtures.monitor("m1", interfaces: ["ens5f0", "ens5f1"]))

        // get: the table with the CRD's printer columns, and JSON with server-set fields.
        let table = try cluster.ok(["get", "pflacpmonitors", "-n", "relay"])
        let lines = table.split(separator: "\n")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "INTERFACES", "INTERVAL", "DEGRADED"])
        #expect(lines.dropFirst().first?.contains("m1") == true)
        #expect(table.contains("[\"ens5f0\",\"ens5f1\"]"))
        #expect(table.contains("1000"))
        let created = try cluster.json(["get", "pflm", "m1", "-n", "relay"])
        #expect(created["spec"]["pollingInterval"] == 1000, "the schema default was applied")
        #expect(created["metadata"]["generation"] == 1)
        #expect((created["metadata"]["uid"].stringValue ?? "").count == 36)
        #expect(created["metadata"]["creationTimestamp"].stringValue?.hasSuffix("Z") == true)

        // get -w sees a change made by patch --type=merge.
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: Self.kubectlPath)
        watcher.arguments = ["--kubeconfig", cluster.kubeconfig, "get", "pflacpmonitors", "-n", "relay", "-w",
                             "--output-watch-events", "--request-timeout=0"]
        let watchOutput = Pipe()
        watcher.standardOutput = watchOutput
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
        Thread.sleep(forTimeInterval: 1.5)
        try cluster.ok(["patch", "pflacpmonitor", "m1", "-n", "relay", "--type=merge", "-p", #"{"spec":{"pollingInterval":2000}}"#])
        Thread.sleep(forTimeInterval: 1.5)
        watcher.terminate()
        watcher.waitUntilExit()
        let watched = String(decoding: watchOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let events = watched.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(events.first == ["EVENT", "NAME", "INTERFACES", "INTERVAL", "DEGRADED"], "watched: \(watched)")
        #expect(events.contains { $0.first == "ADDED" && $0.count > 3 && $0[1] == "m1" && $0[3] == "1000" }, "watched: \(watched)")
        #expect(events.contains { $0.first == "MODIFIED" && $0.count > 3 && $0[1] == "m1" && $0[3] == "2000" }, "watched: \(watched)")
        let patched = try cluster.json(["get", "pflm", "m1", "-n", "relay"])
        #expect(patched["spec"]["pollingInterval"] == 2000)
        #expect(patched["metadata"]["generation"] == 2, "a spec change bumps generation")

        // replace with the current object edited; a stale resourceVersion conflicts.
        var edited = patched
        edited["spec"]["interfaces"] = ["ens5f0"]
        try cluster.ok(["replace", "-f", "-"], stdin: edited.jsonString)
        #expect(try cluster.json(["get", "pflm", "m1", "-n", "relay"])["spec"]["interfaces"] == ["ens5f0"])
        let stale = try cluster.kubectl(["replace", "-f", "-"], stdin: edited.jsonString)
        #expect(stale.status != 0)
        #expect(stale.stderr.contains("the object has been modified"), "stderr: \(stale.stderr)")

        // apply of a custom resource: create, then change (a merge patch from last-applied).
        try cluster.ok(["apply", "-n", "relay", "-f", "-"], stdin: Fixtures.monitor("m2", interfaces: ["ens6f0"], pollingInterval: 3000))
        let reapplied = try cluster.ok(["apply", "-n", "relay", "-f", "-"], stdin: Fixtures.monitor("m2", interfaces: ["ens6f0", "ens6f1"]))
        #expect(reapplied.contains("configured"))
        let applied = try cluster.json(["get", "pflm", "m2", "-n", "relay"])
        #expect(applied["spec"]["interfaces"] == ["ens6f0", "ens6f1"])
        #expect(applied["spec"]["pollingInterval"] == 1000, "the field dropped from the manifest was removed, then defaulted")
        #expect(applied["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] != .null)
        #expect(try cluster.ok(["apply", "-n", "relay", "-f", "-"], stdin: Fixtures.monitor("m2", interfaces: ["ens6f0", "ens6f1"])).contains("unchanged"))

        // apply of a built-in kind twice: the second is a strategic merge patch.
        try cluster.ok(["apply", "-n", "relay", "-f", "-"], stdin: Fixtures.daemonSet)
        let changedDaemonSet = Fixtures.daemonSet.replacingOccurrences(of: "pf-status-relay:v1", with: "pf-status-relay:v2")
        #expect(try cluster.ok(["apply", "-n", "relay", "-f", "-"], stdin: changedDaemonSet).contains("configured"))
        let daemonSet = try cluster.json(["get", "daemonset", "relay", "-n", "relay"])
        #expect(daemonSet["spec"]["template"]["spec"]["containers"][0]["image"] == "quay.io/example/pf-status-relay:v2")
        #expect(daemonSet["spec"]["template"]["spec"]["containers"].arrayValue?.count == 1)
        #expect(daemonSet["spec"]["template"]["spec"]["containers"][0]["env"].arrayValue?.count == 2)
        #expect(daemonSet["spec"]["updateStrategy"]["type"] == "RollingUpdate", "server defaults are filled in")

        // Invalid custom resources are refused with the field and the rule.
        let invalid = try cluster.kubectl(["create", "-n", "relay", "-f", "-"], stdin: Fixtures.monitor("bad", interfaces: ["ens5f0"], pollingInterval: 500))
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("spec.pollingInterval"), "stderr: \(invalid.stderr)")
        #expect(invalid.stderr.contains("greater than or equal to 1000"), "stderr: \(invalid.stderr)")
        let empty = try cluster.kubectl(["create", "-n", "relay", "-f", "-"], stdin: Fixtures.monitor("bad", interfaces: []))
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("spec.interfaces"), "stderr: \(empty.stderr)")
        let unknown = try cluster.kubectl(["create", "-n", "relay", "-f", "-"],
                                          stdin: Fixtures.monitor("bad", interfaces: ["a"], extra: "  color: blue\n"))
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown field \"spec.color\""), "stderr: \(unknown.stderr)")
        #expect(try cluster.kubectl(["get", "pflm", "bad", "-n", "relay"]).status != 0, "nothing invalid was stored")

        // delete.
        #expect(try cluster.ok(["delete", "pflacpmonitor", "m1", "-n", "relay"]).contains("deleted"))
        let missing = try cluster.kubectl(["get", "pflm", "m1", "-n", "relay"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("NotFound") && missing.stderr.contains("\"m1\" not found"), "stderr: \(missing.stderr)")

        // Without the token: refused.
        let anonymous = try run(Self.kubectlPath, ["--kubeconfig", cluster.kubeconfig, "--token", "wrong", "get", "namespaces"])
        #expect(anonymous.status != 0)
        #expect(anonymous.stderr.contains("Unauthorized"), "stderr: \(anonymous.stderr)")

        // Fault injection over HTTP (for clients of the binary): a failure, then a restart.
        try cluster.ok(["create", "--raw", "/kube-test-server/faults", "-f", "-"], stdin: #"{"failNext": 2, "code": 503}"#)
        // Two: kubectl asks for /version first (and ignores its failure).
        let failed = try cluster.kubectl(["get", "--raw", "/api/v1/namespaces/relay"])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("injected failure"), "stderr: \(failed.stderr)")
        try cluster.ok(["create", "--raw", "/kube-test-server/faults", "-f", "-"], stdin: #"{"restart": true}"#)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try cluster.ok(["get", "pflm", "-n", "relay", "-o", "name"]).contains("m2"), "state survives a restart")

        #expect(cluster.stop() == 0, "SIGTERM ends the server cleanly")
    }
}
