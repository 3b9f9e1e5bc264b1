import Foundation
import JSONValues
import KubeTestServer
import Testing

extension OperatorE2ETests {
    /// `--relay-metrics-port`: the DaemonSet gives the daemon the node's
    /// address to listen on, its metrics port and both probes, the API server
    /// accepts and stores them (adding its defaults: probe timeouts, scheme,
    /// the fieldRef's apiVersion), and those defaults are no drift: in a
    /// steady state the operator writes nothing.
    @Test func aRelayMetricsPortGivesTheDaemonItsProbesWithoutDrift() async throws {
        try await TestCluster.with("relay-port") { cluster in
            try await cluster.installBasics()
            _ = try await cluster.startOperator(.init(identity: "relay-port", extraArguments: ["--relay-metrics-port", "9808"]))
            try await cluster.create(Paths.monitors, monitorObject("alpha", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
            _ = try await cluster.eventually("alpha to be Ready") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("alpha"))) ? true : nil
            }
            let daemonSet = try await cluster.mustGet(Paths.daemonSet(forMonitor: "alpha"))
            let container = daemonSet[path: ["spec", "template", "spec", "containers"]][0]
            cluster.check(envValue(daemonSet, "PF_STATUS_RELAY_METRICS_BIND_ADDRESS") == "$(HOST_IP):9808", "env: \(container["env"])")
            let hostIP = (container["env"].arrayValue ?? []).first { $0["name"] == "HOST_IP" }
            cluster.check(hostIP?[path: ["valueFrom", "fieldRef", "fieldPath"]] == "status.hostIP", "HOST_IP: \(String(describing: hostIP))")
            cluster.check(container["ports"][0]["name"] == "metrics" && container["ports"][0]["hostPort"] == 9808, "ports: \(container["ports"])")
            cluster.check(container[path: ["livenessProbe", "httpGet", "path"]] == "/healthz"
                          && container[path: ["readinessProbe", "httpGet", "path"]] == "/readyz"
                          && container[path: ["readinessProbe", "httpGet", "port"]] == "metrics", "probes: \(container)")

            try await Task.sleep(for: .seconds(1))
            cluster.server.requests.clear()
            try await Task.sleep(for: .seconds(2))
            let writes = cluster.operatorWrites()
            cluster.check(writes.isEmpty, "writes in a steady state:\n\(describe(writes))")
            // A reconcile of the stored DaemonSet (a label on the monitor queues it) finds nothing to update.
            _ = try await cluster.patch(Paths.monitor("alpha"), ["metadata": ["labels": ["touched": "yes"]]])
            try await Task.sleep(for: .seconds(2))
            let updates = cluster.operatorWrites().filter { $0.path.contains("/daemonsets") }
            cluster.check(updates.isEmpty, "the server's defaults are no drift:\n\(describe(updates))")
        }
    }
}
