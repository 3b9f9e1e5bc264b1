import Foundation
import JSONValues
import KubeModel
import Testing

/// `pf-status-relay-operator render-daemonset`, the real binary: the DaemonSet
/// the operator would create for a monitor file, without a cluster (the lab
/// runs the daemon with its environment and capabilities).
@Suite("render-daemonset")
struct RenderDaemonSetTests {
    /// The guide's monitor (docs): no namespace, no uid.
    static let guideYAML = """
        apiVersion: pfstatusrelay.openshift.io/v1alpha1
        kind: PFLACPMonitor
        metadata:
          labels:
            app.kubernetes.io/name: pf-status-relay-operator
          name: pflacpmonitor-worker-0
        spec:
          interfaces:
            - ens5f0
            - ens5f1
          pollingInterval: 1000
          nodeSelector:
            kubernetes.io/hostname: worker-0

        """

    static let guideJSON = """
        {"apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor",
         "metadata": {"name": "pflacpmonitor-worker-0", "namespace": "relay"},
         "spec": {"interfaces": ["ens5f0", "ens5f1"], "pollingInterval": 1000,
                  "nodeSelector": {"kubernetes.io/hostname": "worker-0"}}}
        """

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PF_STATUS_RELAY_IMAGE"] = daemonImage
        return environment
    }

    func render(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil) async throws -> ProcessResult {
        #expect(FileManager.default.isExecutableFile(atPath: operatorBinary), "\(operatorBinary) (swift build)")
        return try await runProcess(operatorBinary, ["render-daemonset"] + arguments, environment: environment ?? self.environment,
                                    stdin: stdin, timeout: .seconds(20))
    }

    func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// What the daemon runs with, as the operator's DaemonSet gives it.
    func expectDaemonView(_ result: ProcessResult, namespace: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 0, "exit code \(result.status), stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.hasSuffix("}\n"), sourceLocation: sourceLocation)
        let daemonSet = try JSONValue.decode(result.stdout)
        #expect(daemonSet["kind"] == "DaemonSet", sourceLocation: sourceLocation)
        #expect(daemonSet[path: ["metadata", "name"]] == "pf-status-relay-ds-pflacpmonitor-worker-0", sourceLocation: sourceLocation)
        #expect(daemonSet[path: ["metadata", "namespace"]] == .string(namespace), sourceLocation: sourceLocation)
        #expect(daemonSet[path: ["metadata", "ownerReferences"]] == .null, "no uid, no owner", sourceLocation: sourceLocation)
        #expect(envValue(daemonSet, "PF_STATUS_RELAY_INTERFACES") == "ens5f0,ens5f1", sourceLocation: sourceLocation)
        #expect(envValue(daemonSet, "PF_STATUS_RELAY_POLLING_INTERVAL") == "1000", sourceLocation: sourceLocation)
        let pod = daemonSet[path: ["spec", "template", "spec"]]
        let container = pod["containers"][0]
        #expect(container["image"] == .string(daemonImage), sourceLocation: sourceLocation)
        #expect(container[path: ["securityContext", "capabilities", "add"]] == ["NET_ADMIN", "NET_RAW"], sourceLocation: sourceLocation)
        #expect(container[path: ["securityContext", "capabilities", "drop"]] == ["ALL"], sourceLocation: sourceLocation)
        #expect(container[path: ["securityContext", "privileged"]] == false, sourceLocation: sourceLocation)
        #expect(pod["hostNetwork"] == true, sourceLocation: sourceLocation)
        #expect(pod["nodeSelector"] == ["kubernetes.io/hostname": "worker-0"], sourceLocation: sourceLocation)
    }

    @Test func aRelayMetricsPortAddsTheBindAddressThePortAndTheProbes() async throws {
        let off = try JSONValue.decode(try await render(["-"], stdin: Self.guideJSON).stdout)
        let plain = off[path: ["spec", "template", "spec", "containers"]][0]
        #expect(plain["ports"] == .null && plain["livenessProbe"] == .null && plain["readinessProbe"] == .null, "off by default: \(plain)")

        var environment = self.environment
        environment["PF_STATUS_RELAY_METRICS_PORT"] = "9808"
        let result = try await render(["-"], stdin: Self.guideJSON, environment: environment)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let container = try JSONValue.decode(result.stdout)[path: ["spec", "template", "spec", "containers"]][0]
        #expect(envValue(["spec": ["template": ["spec": ["containers": [container]]]]], "PF_STATUS_RELAY_METRICS_BIND_ADDRESS") == "$(HOST_IP):9808")
        #expect(container["ports"] == [["containerPort": 9808, "hostPort": 9808, "name": "metrics", "protocol": "TCP"]])
        #expect(container[path: ["livenessProbe", "httpGet"]] == ["path": "/healthz", "port": "metrics"])
        #expect(container[path: ["readinessProbe", "httpGet"]] == ["path": "/readyz", "port": "metrics"])

        environment["PF_STATUS_RELAY_METRICS_PORT"] = "http"
        let refused = try await render(["-"], stdin: Self.guideJSON, environment: environment)
        #expect(refused.status == 2 && refused.stderr.contains("PF_STATUS_RELAY_METRICS_PORT must be a port"), "\(refused)")
    }

    @Test func rendersTheGuidesMonitorFromJSONAndStandardInput() async throws {
        let directory = try makeTemporaryDirectory("render-json")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(Self.guideJSON, "monitor.json", in: directory)
        try expectDaemonView(try await render([path]), namespace: "relay")
        try expectDaemonView(try await render(["--namespace", "openshift-pf-status-relay-operator", path]),
                             namespace: "openshift-pf-status-relay-operator")
        try expectDaemonView(try await render(["-"], stdin: Self.guideJSON), namespace: "relay")
    }

    #if KubeconfigYAML
    @Test func rendersTheGuidesMonitorFromYAML() async throws {
        let directory = try makeTemporaryDirectory("render-yaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(Self.guideYAML, "monitor.yaml", in: directory)
        try expectDaemonView(try await render([path]), namespace: "default")
        let placed = try await render(["--namespace", "openshift-pf-status-relay-operator", path])
        try expectDaemonView(placed, namespace: "openshift-pf-status-relay-operator")
        try expectDaemonView(try await render(["-"], stdin: Self.guideYAML), namespace: "default")

        // The same DaemonSet from either format.
        let json = try await render(["--namespace", "openshift-pf-status-relay-operator",
                                     try write(Self.guideJSON, "monitor.json", in: directory)])
        #expect(json.stdout == placed.stdout)
    }
    #endif

    @Test func badInputIsOneLineAndExitCodeTwo() async throws {
        let directory = try makeTemporaryDirectory("render-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        func expectRefused(_ result: ProcessResult, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(result.status == 2, "exit code \(result.status), stderr: \(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
            #expect(result.stderr == "pf-status-relay-operator: \(message)\n", sourceLocation: sourceLocation)
        }

        let missing = directory.appendingPathComponent("absent.yaml").path
        expectRefused(try await render([missing]), "\(missing): no such file")

        let slow = try write(Self.guideJSON.replacingOccurrences(of: "\"pollingInterval\": 1000", with: "\"pollingInterval\": 500"),
                             "slow.json", in: directory)
        expectRefused(try await render([slow]),
                      #"\#(slow): PFLACPMonitor "pflacpmonitor-worker-0" is invalid: spec.pollingInterval: Invalid value: 500: must be at least 1000"#)

        let none = try write(Self.guideJSON.replacingOccurrences(of: #"["ens5f0", "ens5f1"]"#, with: "[]"), "none.json", in: directory)
        expectRefused(try await render([none]),
                      #"\#(none): PFLACPMonitor "pflacpmonitor-worker-0" is invalid: spec.interfaces: Required value: at least one interface must be listed"#)

        let deployment = try write(#"{"apiVersion": "apps/v1", "kind": "Deployment"}"#, "deployment.json", in: directory)
        expectRefused(try await render([deployment]), #"\#(deployment): expected kind PFLACPMonitor, got "Deployment""#)

        let broken = try write(#"{"kind": "#, "broken.json", in: directory)
        let unparsable = try await render([broken])
        #expect(unparsable.status == 2)
        #expect(unparsable.stderr.hasPrefix("pf-status-relay-operator: \(broken): not valid "), "stderr: \(unparsable.stderr)")
        #expect(unparsable.stderr.filter { $0 == "\n" }.count == 1, "one line: \(unparsable.stderr)")

        expectRefused(try await render(["-"], stdin: ""), "standard input: empty: expected a PFLACPMonitor")

        var noImage = environment
        noImage["PF_STATUS_RELAY_IMAGE"] = nil
        let unset = try await render([slow], environment: noImage)
        #expect(unset.status == 2)
        #expect(unset.stderr.hasPrefix("pf-status-relay-operator: PF_STATUS_RELAY_IMAGE is not set"), "stderr: \(unset.stderr)")
    }

    @Test func lacpduTimeoutIsInTheEnvironmentOnlyWhenSet() async throws {
        let directory = try makeTemporaryDirectory("render-lacpdu")
        defer { try? FileManager.default.removeItem(at: directory) }
        let early = try write(Self.guideJSON.replacingOccurrences(of: "\"pollingInterval\": 1000", with: "\"pollingInterval\": 1000, \"lacpduTimeout\": 1500"),
                              "early.json", in: directory)
        let rendered = try await render([early])
        try expectDaemonView(rendered, namespace: "relay")
        let daemonSet = try JSONValue.decode(rendered.stdout)
        #expect(envValue(daemonSet, "PF_STATUS_RELAY_LACPDU_TIMEOUT") == "1500")

        let plain = try JSONValue.decode(try await render(["-"], stdin: Self.guideJSON).stdout)
        #expect(envValue(plain, "PF_STATUS_RELAY_LACPDU_TIMEOUT") == nil)

        let tooShort = try write(Self.guideJSON.replacingOccurrences(of: "\"pollingInterval\": 1000", with: "\"lacpduTimeout\": 1000"),
                                 "short.json", in: directory)
        let refused = try await render([tooShort])
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == #"pf-status-relay-operator: \#(tooShort): PFLACPMonitor "pflacpmonitor-worker-0" is invalid: spec.lacpduTimeout: Invalid value: 1000: must be at least 1100"# + "\n")
    }

    @Test func theOperatorsOwnHelpIsUnchanged() async throws {
        let help = try await runProcess(operatorBinary, ["--help"], environment: environment, timeout: .seconds(20))
        #expect(help.status == 0)
        for option in ["--kubeconfig", "--leader-elect", "--health-probe-bind-address", "--webhook-cert-dir", "--watch-namespace"] {
            #expect(help.stdout.contains(option), "\(option) in: \(help.stdout)")
        }
        #expect(help.stdout.contains("render-daemonset"), "the subcommand is listed: \(help.stdout)")
        let subcommandHelp = try await render(["--help"])
        #expect(subcommandHelp.status == 0)
        #expect(subcommandHelp.stdout.contains("ownerReferences"), "\(subcommandHelp.stdout)")
    }
}
