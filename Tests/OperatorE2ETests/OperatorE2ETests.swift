import Foundation
import JSONValues
import KubeModel
import KubeTestServer
import Testing

/// The operator binary end to end against the in-process API server (real
/// HTTPS, watches, garbage collection, webhooks) and the real kubectl.
/// Serialized: the scenarios time things (steady state, failover), and two
/// cores do not leave room for several operators at once.
@Suite(.serialized)
struct OperatorE2ETests {
    /// Scenarios 1, 2, 3, 4, 7 and 10: the DaemonSet as built, status, events,
    /// spec changes, repair of drift, a quiet steady state, garbage
    /// collection, health and metrics.
    @Test func reconcilesAMonitorIntoItsDaemonSet() async throws {
        let started = ContinuousClock.now
        try await TestCluster.with("lifecycle") { cluster in
            try await cluster.installBasics()
            let instance = try await cluster.startOperator(.init(identity: "solo"))

            // 10 (first half): alive at once, ready once its caches are synced.
            let healthz = try await cluster.eventually("/healthz to answer") { () async throws -> (status: Int, body: String)? in
                let answer = try await instance.health("/healthz")
                return answer.status == 0 ? nil : answer
            }
            cluster.check(healthz.status == 200 && healthz.body == "ok", "/healthz: \(healthz)")
            _ = try await cluster.eventually("/readyz to be 200") { () async throws -> Bool? in
                try await instance.health("/readyz").status == 200 ? true : nil
            }

            // 1: a monitor on worker-0 for ens5f0 and ens5f1.
            let monitor = try await cluster.create(Paths.monitors, monitorObject(
                "alpha", interfaces: ["ens5f0", "ens5f1"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
            let uid = try #require(monitor["metadata"]["uid"].stringValue)
            let dsName = Paths.daemonSetName("alpha")
            let daemonSet = try await cluster.eventually("the DaemonSet of alpha") {
                try await cluster.get(Paths.daemonSet(forMonitor: "alpha"))
            }
            let labels: JSONValue = [
                "app": .string(dsName), "app.kubernetes.io/name": "pf-status-relay",
                "app.kubernetes.io/managed-by": "pf-status-relay-operator",
            ]
            let metadata = daemonSet["metadata"]
            cluster.check(metadata["name"] == .string(dsName) && metadata["namespace"] == .string(Paths.namespace), "name: \(metadata)")
            cluster.check(metadata["labels"] == labels, "labels: \(metadata["labels"])")
            let expectedOwner: JSONValue = [
                "apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor", "name": "alpha",
                "uid": .string(uid), "controller": true, "blockOwnerDeletion": true,
            ]
            cluster.check(metadata["ownerReferences"] == [expectedOwner], "ownerReferences: \(metadata["ownerReferences"])")
            cluster.check(daemonSet["spec"]["selector"] == ["matchLabels": ["app": .string(dsName)]], "selector: \(daemonSet["spec"]["selector"])")
            let template = daemonSet["spec"]["template"]
            cluster.check(template["metadata"]["labels"] == labels, "pod labels: \(template["metadata"]["labels"])")
            let pod = template["spec"]
            cluster.check(pod["nodeSelector"] == ["kubernetes.io/hostname": "worker-0"], "nodeSelector: \(pod["nodeSelector"])")
            cluster.check(pod["hostNetwork"] == true, "hostNetwork: \(pod["hostNetwork"])")
            cluster.check(pod["dnsPolicy"] == "ClusterFirstWithHostNet", "dnsPolicy: \(pod["dnsPolicy"])")
            cluster.check(pod["serviceAccountName"] == "pf-status-relay", "serviceAccountName: \(pod["serviceAccountName"])")
            cluster.check(pod["tolerations"] == [["operator": "Exists"]], "tolerations: \(pod["tolerations"])")
            cluster.check(pod["securityContext"]["seccompProfile"] == ["type": "RuntimeDefault"], "pod securityContext: \(pod["securityContext"])")
            cluster.check(pod["containers"].arrayValue?.count == 1, "containers: \(pod["containers"])")
            let container = pod["containers"][0]
            cluster.check(container["name"] == "pf-status-relay", "container name: \(container["name"])")
            cluster.check(container["image"] == .string(daemonImage), "image: \(container["image"])")
            let expectedEnv: JSONValue = [
                ["name": "PF_STATUS_RELAY_INTERFACES", "value": "ens5f0,ens5f1"],
                ["name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "1000"],
            ]
            cluster.check(container["env"] == expectedEnv, "env: \(container["env"])")
            let expectedSecurity: JSONValue = [
                "privileged": false, "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsUser": 0,
                "capabilities": ["add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]],
            ]
            cluster.check(container["securityContext"] == expectedSecurity, "container securityContext: \(container["securityContext"])")
            let expectedResources: JSONValue = ["requests": ["cpu": "10m", "memory": "32Mi"], "limits": ["memory": "64Mi"]]
            cluster.check(container["resources"] == expectedResources, "resources: \(container["resources"])")

            let account = try await cluster.get(Paths.serviceAccount)
            cluster.check(account != nil, "the ServiceAccount \(Paths.namespace)/pf-status-relay exists")
            cluster.check(account?["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "pf-status-relay-operator",
                          "ServiceAccount labels: \(account?["metadata"]["labels"] ?? .null)")

            let ready = try await cluster.eventually("alpha to be Ready") { () async throws -> JSONValue? in
                let current = try await cluster.mustGet(Paths.monitor("alpha"))
                return isReady(current) ? current : nil
            }
            cluster.check(ready["status"]["nodes"] == ["desired": 1, "ready": 1], "nodes: \(ready["status"]["nodes"])")
            cluster.check(ready["status"]["observedGeneration"] == 1 && ready["metadata"]["generation"] == 1, "generation: \(ready)")
            cluster.check(condition(ready, "Ready")["reason"] == "AllNodesReady", "Ready: \(condition(ready, "Ready"))")
            cluster.check(condition(ready, "Degraded")["status"] == "False", "Degraded: \(condition(ready, "Degraded"))")
            cluster.check(ready["status"]["errorMessage"] == "", "errorMessage: \(ready["status"]["errorMessage"])")

            let events = try await cluster.mustGet(Paths.events)["items"].arrayValue ?? []
            let created = events.first { $0["involvedObject"]["name"] == "alpha" && $0["reason"] == "Created" }
            cluster.check(created != nil, "a Created event for alpha; events: \(events)")
            if let created {
                cluster.check(created["type"] == "Normal" && created["involvedObject"]["uid"] == .string(uid)
                              && created["involvedObject"]["kind"] == "PFLACPMonitor"
                              && created["source"]["component"] == "pf-status-relay-operator"
                              && (created["message"].stringValue ?? "").contains(dsName), "event: \(created)")
            }

            // 2: the spec changes: a slower polling interval and a third interface.
            let edited = try await cluster.patch(Paths.monitor("alpha"), ["spec": ["pollingInterval": 2000, "interfaces": ["ens5f0", "ens5f1", "ens5f2"]]])
            let generation = try #require(edited["metadata"]["generation"].intValue)
            cluster.check(generation == 2, "a spec change bumps the generation: \(generation)")
            let updated = try await cluster.eventually("the DaemonSet to follow the spec") { () async throws -> JSONValue? in
                guard let current = try await cluster.get(Paths.daemonSet(forMonitor: "alpha")) else { return nil }
                return envValue(current, "PF_STATUS_RELAY_INTERFACES") == "ens5f0,ens5f1,ens5f2"
                    && envValue(current, "PF_STATUS_RELAY_POLLING_INTERVAL") == "2000" ? current : nil
            }
            cluster.check(updated["metadata"]["uid"] == daemonSet["metadata"]["uid"], "updated in place, not recreated")
            let observed = try await cluster.eventually("status.observedGeneration to reach \(generation)") { () async throws -> JSONValue? in
                let current = try await cluster.mustGet(Paths.monitor("alpha"))
                return isReady(current) && current["status"]["observedGeneration"].intValue == generation ? current : nil
            }
            cluster.check(condition(observed, "Ready")["observedGeneration"].intValue == generation, "Ready condition: \(condition(observed, "Ready"))")

            // 3: drift is repaired. Deleted: created again.
            let beforeDelete = try await cluster.mustGet(Paths.daemonSet(forMonitor: "alpha"))
            try await cluster.delete(Paths.daemonSet(forMonitor: "alpha"))
            let recreated = try await cluster.eventually("the deleted DaemonSet to be recreated") { () async throws -> JSONValue? in
                guard let current = try await cluster.get(Paths.daemonSet(forMonitor: "alpha")) else { return nil }
                return current["metadata"]["uid"] != beforeDelete["metadata"]["uid"] ? current : nil
            }
            cluster.check(envValue(recreated, "PF_STATUS_RELAY_INTERFACES") == "ens5f0,ens5f1,ens5f2", "recreated as wanted: \(recreated)")

            // Image edited: restored.
            try await cluster.patch(Paths.daemonSet(forMonitor: "alpha"),
                                    [["op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "quay.io/evil/relay:latest"]],
                                    type: "application/json-patch+json")
            _ = try await cluster.eventually("the image to be restored") { () async throws -> Bool? in
                let current = try await cluster.mustGet(Paths.daemonSet(forMonitor: "alpha"))
                return current["spec"]["template"]["spec"]["containers"][0]["image"] == .string(daemonImage) ? true : nil
            }

            // Labels stripped: restored.
            try await cluster.patch(Paths.daemonSet(forMonitor: "alpha"), ["metadata": ["labels": [
                "app": .null, "app.kubernetes.io/name": .null, "app.kubernetes.io/managed-by": .null,
            ]]])
            let stripped = try await cluster.mustGet(Paths.daemonSet(forMonitor: "alpha"))
            let strippedLabels = stripped["metadata"]["labels"]
            cluster.check(strippedLabels == .null || strippedLabels == .emptyObject || strippedLabels["app"] == .null,
                          "the test really stripped the labels: \(strippedLabels)")
            _ = try await cluster.eventually("the labels to be restored") { () async throws -> Bool? in
                let current = try await cluster.mustGet(Paths.daemonSet(forMonitor: "alpha"))
                return current["metadata"]["labels"] == labels ? true : nil
            }
            let repairEvents = (try await cluster.mustGet(Paths.events)["items"].arrayValue ?? []).filter { $0["involvedObject"]["name"] == "alpha" }
            cluster.check(repairEvents.contains { $0["reason"] == "Updated" }, "an Updated event; events: \(repairEvents.map { $0["reason"] })")

            // 4: steady state: once converged, nothing is written.
            _ = try await cluster.eventually("alpha to be Ready again") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("alpha"))) ? true : nil
            }
            try await Task.sleep(for: .seconds(1))
            cluster.server.requests.clear()
            try await Task.sleep(for: .seconds(5))
            let quietWrites = cluster.operatorWrites()
            cluster.check(quietWrites.isEmpty, "writes in a steady state:\n\(describe(quietWrites))")
            let reads = cluster.server.requests.all.filter { $0.userAgent.hasPrefix("pf-status-relay-operator/") && !$0.isWrite && $0.verb != "watch" }
            print("steady state, 5 s: \(quietWrites.count) writes, \(reads.count) non-watch reads by the operator")

            // 10 (second half): metrics after reconciles.
            let metrics = try await instance.metrics()
            cluster.check(metrics.status == 200, "/metrics: \(metrics.status)")
            let successes = sample(metrics.body, #"controller_runtime_reconcile_total{controller="pflacpmonitor",result="success"}"#) ?? 0
            cluster.check(successes > 0, "reconcile_total{result=success} > 0; /metrics:\n\(metrics.body)")
            cluster.check(metrics.body.contains("# TYPE controller_runtime_reconcile_total counter"), "metrics: \(metrics.body)")
            let readyz = try await instance.health("/readyz")
            cluster.check(readyz.status == 200, "/readyz: \(readyz)")
            cluster.check(try await instance.health("/nothing").status == 404, "unknown health path: 404")

            // 7: the monitor deleted, its DaemonSet goes with it (the server's garbage collector).
            try await cluster.delete(Paths.monitor("alpha"))
            _ = try await cluster.eventually("the DaemonSet to be garbage-collected", timeout: .seconds(10)) { () async throws -> Bool? in
                try await cluster.get(Paths.daemonSet(forMonitor: "alpha")) == nil ? true : nil
            }
            try await Task.sleep(for: .seconds(1))
            cluster.check(try await cluster.get(Paths.daemonSet(forMonitor: "alpha")) == nil, "the DaemonSet is not recreated for a deleted monitor")
            cluster.check(try await cluster.get(Paths.monitor("alpha")) == nil, "the monitor is gone")
            cluster.check(instance.process.isRunning, "the operator is still running")

            // 11: the kubelet's SIGTERM stops it gracefully (its services
            // stopped in order, exit status 0), in seconds, not at the grace
            // period's SIGKILL.
            let signalled = ContinuousClock.now
            Glibc.kill(instance.pid, SIGTERM)
            _ = try await cluster.eventually("the operator to exit after SIGTERM", timeout: .seconds(10)) { () async throws -> Bool? in
                instance.process.isRunning ? nil : true
            }
            cluster.check(instance.process.terminationReason == .exit && instance.process.terminationStatus == 0,
                          "exit after SIGTERM: \(instance.process.terminationReason.rawValue) \(instance.process.terminationStatus)")
            cluster.check(instance.logLines.contains { $0["msg"] == "stopped" }, "\"stopped\" logged; log:\n\(instance.log)")
            print("operator: exited \(instance.process.terminationStatus) \(ContinuousClock.now - signalled) after SIGTERM")
        }
        print("lifecycle scenario: \(ContinuousClock.now - started)")
    }

    /// Scenarios 5 and 6: a younger monitor sharing an interface on a node is
    /// degraded and gets no DaemonSet; the admission webhook (through kubectl)
    /// refuses conflicting and invalid monitors and accepts others; when node
    /// labels change so the conflict disappears, the degraded monitor recovers.
    @Test func conflictsAreDegradedRefusedAndRecovered() async throws {
        let started = ContinuousClock.now
        try await TestCluster.with("conflicts") { cluster in
            try await cluster.installBasics(extraLabels: ["worker-0": ["relay.example.com/pool": "a"]])
            try cluster.writeWebhookCertificate()
            let webhookPort = try await freePorts(1)[0]
            let instance = try await cluster.startOperator(.init(identity: "solo", webhookPort: webhookPort))
            _ = try await cluster.eventually("/readyz to be 200") { () async throws -> Bool? in
                try await instance.health("/readyz").status == 200 ? true : nil
            }

            // 5: alpha (older) and bravo (younger) both list ens5f0 on worker-0.
            try await cluster.create(Paths.monitors, monitorObject(
                "alpha", interfaces: ["ens5f0", "ens5f1"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
            _ = try await cluster.eventually("alpha to be Ready") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("alpha"))) ? true : nil
            }
            try await Task.sleep(for: .milliseconds(1100))  // creation timestamps have a resolution of one second
            try await cluster.create(Paths.monitors, monitorObject(
                "bravo", interfaces: ["ens5f0", "ens6f0"], nodeSelector: ["relay.example.com/pool": "a"]))
            let degraded = try await cluster.eventually("bravo to be Degraded") { () async throws -> JSONValue? in
                let current = try await cluster.mustGet(Paths.monitor("bravo"))
                return current["status"]["degraded"] == true ? current : nil
            }
            let message = degraded["status"]["errorMessage"].stringValue ?? ""
            cluster.check(message.contains("\(Paths.namespace)/alpha") && message.contains("worker-0") && message.contains("ens5f0"),
                          "errorMessage names the winner, the node and the interface: \(message)")
            cluster.check(!message.contains("ens6f0"), "only the shared interface is named: \(message)")
            let degradedCondition = condition(degraded, "Degraded")
            cluster.check(degradedCondition["status"] == "True" && degradedCondition["reason"] == "Conflict", "Degraded: \(degradedCondition)")
            cluster.check(condition(degraded, "Ready")["status"] == "False", "Ready: \(condition(degraded, "Ready"))")
            cluster.check(degraded["status"]["observedGeneration"] == degraded["metadata"]["generation"], "observedGeneration: \(degraded["status"])")
            try await Task.sleep(for: .milliseconds(500))
            cluster.check(try await cluster.get(Paths.daemonSet(forMonitor: "bravo")) == nil, "no DaemonSet for the losing monitor")
            let alpha = try await cluster.mustGet(Paths.monitor("alpha"))
            cluster.check(isReady(alpha), "the winner stays Ready: \(alpha["status"])")
            let bravoEvents = (try await cluster.mustGet(Paths.events)["items"].arrayValue ?? []).filter { $0["involvedObject"]["name"] == "bravo" }
            cluster.check(bravoEvents.contains { $0["type"] == "Warning" && $0["reason"] == "Conflict" }, "a Conflict warning; events: \(bravoEvents)")

            // The webhook: Service (to the operator's port) and configuration from config/webhook, through kubectl.
            _ = try await cluster.eventually("the webhook to listen") { () -> Bool? in
                instance.logLines.contains { $0["msg"] == "listening" && $0["endpoint"] == "webhook" } ? true : nil
            }
            let caBundle = try await cluster.installWebhook(port: webhookPort)
            let configuration = try await cluster.mustGet(
                "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/pf-status-relay-operator-validating-webhook")
            cluster.check(configuration["webhooks"][0]["clientConfig"]["caBundle"] == .string(caBundle), "caBundle stored")

            // A third monitor conflicting with alpha is refused, naming alpha.
            let charlie = try await cluster.kubectl(["create", "-f", "-"], stdin: monitorYAML(
                "charlie", interfaces: ["ens5f1"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
            cluster.check(charlie.status != 0, "charlie refused: \(charlie)")
            cluster.check(charlie.stderr.contains("admission webhook \"vpflacpmonitor.pfstatusrelay.openshift.io\" denied the request"),
                          "stderr names the webhook: \(charlie.stderr)")
            cluster.check(charlie.stderr.contains("\(Paths.namespace)/alpha") && charlie.stderr.contains("worker-0") && charlie.stderr.contains("ens5f1"),
                          "stderr names the winner, node and interface: \(charlie.stderr)")
            cluster.check(try await cluster.get(Paths.monitor("charlie")) == nil, "charlie was not stored")

            // Invalid for the operator but not for the CRD schema: a comma in an interface name
            // (the daemon's variable is comma-separated) and a name over the kernel's 15 bytes.
            let invalid = try await cluster.kubectl(["create", "-f", "-"], stdin: monitorYAML(
                "delta", interfaces: ["ens7f0,ens7f1", "averyverylongifname"], nodeSelector: ["kubernetes.io/hostname": "worker-1"]))
            cluster.check(invalid.status != 0, "the invalid monitor is refused: \(invalid)")
            cluster.check(invalid.stderr.contains("denied the request") && invalid.stderr.contains("spec.interfaces[0]")
                          && invalid.stderr.contains("spec.interfaces[1]") && invalid.stderr.contains("15 bytes"),
                          "stderr explains the invalid interfaces: \(invalid.stderr)")
            cluster.check(try await cluster.get(Paths.monitor("delta")) == nil, "the invalid monitor was not stored")
            // What the schema refuses never reaches the webhook.
            let slow = try await cluster.kubectl(["create", "-f", "-"], stdin: monitorYAML(
                "delta", interfaces: ["ens7f0"], nodeSelector: ["kubernetes.io/hostname": "worker-1"]) + "  pollingInterval: 500\n")
            cluster.check(slow.status != 0 && slow.stderr.contains("greater than or equal to 1000") && !slow.stderr.contains("admission webhook"),
                          "the schema refuses pollingInterval 500: \(slow.stderr)")
            // A repeated interface: refused with the API server's words (by the schema's list-type
            // set where the server implements it, else by the webhook).
            let duplicate = try await cluster.kubectl(["create", "-f", "-"], stdin: monitorYAML(
                "delta", interfaces: ["ens7f0", "ens7f0"], nodeSelector: ["kubernetes.io/hostname": "worker-1"]))
            cluster.check(duplicate.status != 0 && duplicate.stderr.contains("spec.interfaces[1]: Duplicate value: \"ens7f0\""),
                          "a repeated interface is refused: \(duplicate.stderr)")
            let duplicateByWebhook = duplicate.stderr.contains("admission webhook")
            print("repeated interface refused by \(duplicateByWebhook ? "the webhook" : "the CRD schema"): \(duplicate.stderr)")
            let denials = instance.logLines.filter { $0["msg"] == "admission denied" }
            cluster.check(denials.count == (duplicateByWebhook ? 3 : 2), "the operator logged its denials: \(denials)")

            // A monitor that conflicts with nobody is accepted and applied.
            let echo = try await cluster.kubectl(["create", "-f", "-"], stdin: monitorYAML(
                "echo", interfaces: ["ens7f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
            cluster.check(echo.status == 0 && echo.stdout.contains("created"), "echo accepted: \(echo)")
            _ = try await cluster.eventually("echo to be Ready") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("echo"))) ? true : nil
            }
            // An UPDATE that would make echo share ens5f0 with the older alpha is refused too.
            let update = try await cluster.kubectl(["patch", "pflm", "echo", "-n", Paths.namespace, "--type=merge",
                                                    "-p", #"{"spec":{"interfaces":["ens7f0","ens5f0"]}}"#])
            cluster.check(update.status != 0 && update.stderr.contains("denied the request") && update.stderr.contains("\(Paths.namespace)/alpha"),
                          "a conflicting update is refused: \(update)")
            let echo2 = try await cluster.mustGet(Paths.monitor("echo"))
            cluster.check(echo2["spec"]["interfaces"] == ["ens7f0"] && echo2["metadata"]["generation"] == 1, "echo unchanged: \(echo2["spec"])")

            // 6: worker-0 leaves pool a and worker-1 joins it: bravo now shares no node with alpha.
            try await cluster.patch(Paths.node("worker-0"), ["metadata": ["labels": ["relay.example.com/pool": .null]]])
            try await cluster.patch(Paths.node("worker-1"), ["metadata": ["labels": ["relay.example.com/pool": "a"]]])
            let recovered = try await cluster.eventually("bravo to recover") { () async throws -> JSONValue? in
                let current = try await cluster.mustGet(Paths.monitor("bravo"))
                return isReady(current) ? current : nil
            }
            cluster.check(condition(recovered, "Degraded")["status"] == "False" && recovered["status"]["errorMessage"] == "",
                          "not degraded any more: \(recovered["status"])")
            let bravoSet = try await cluster.get(Paths.daemonSet(forMonitor: "bravo"))
            cluster.check(bravoSet?["spec"]["template"]["spec"]["nodeSelector"] == ["relay.example.com/pool": "a"], "bravo's DaemonSet: \(bravoSet ?? .null)")
            cluster.check(envValue(bravoSet ?? .null, "PF_STATUS_RELAY_INTERFACES") == "ens5f0,ens6f0", "bravo's interfaces")
            cluster.check(isReady(try await cluster.mustGet(Paths.monitor("alpha"))), "alpha is still Ready")
        }
        print("conflict scenario: \(ContinuousClock.now - started)")
    }

    /// Early detection: `spec.lacpduTimeout: 1500` passes the CRD schema and
    /// the webhook and reaches the DaemonSet as PF_STATUS_RELAY_LACPDU_TIMEOUT;
    /// a change or removal of the field updates the DaemonSet in place. 1000
    /// and "x" are refused by the schema with the API server's messages,
    /// before the webhook is called; asked directly, the webhook refuses them
    /// too, in the operator's words.
    @Test func lacpduTimeoutReachesTheDaemonSetAndOutOfRangeIsRefused() async throws {
        let started = ContinuousClock.now
        try await TestCluster.with("lacpdu-timeout") { cluster in
            try await cluster.installBasics()
            try cluster.writeWebhookCertificate()
            let webhookPort = try await freePorts(1)[0]
            let instance = try await cluster.startOperator(.init(identity: "solo", webhookPort: webhookPort))
            _ = try await cluster.eventually("the webhook to listen") { () -> Bool? in
                instance.logLines.contains { $0["msg"] == "listening" && $0["endpoint"] == "webhook" } ? true : nil
            }
            try await cluster.installWebhook(port: webhookPort)
            let worker0 = ["kubernetes.io/hostname": "worker-0"]

            // Refused by the CRD schema (the shipped one, from config/), with the API server's messages.
            let refusals: [(value: JSONValue, yaml: String, message: String)] = [
                (1000, "1000", "spec.lacpduTimeout: Invalid value: 1000: spec.lacpduTimeout in body should be greater than or equal to 1100"),
                (3000, "3000", "spec.lacpduTimeout: Invalid value: 3000: spec.lacpduTimeout in body should be less than or equal to 2999"),
                ("x", "x", #"spec.lacpduTimeout: Invalid value: "string": spec.lacpduTimeout in body must be of type integer: "string""#),
            ]
            for refusal in refusals {
                let (status, body) = await cluster.call(
                    "POST", Paths.monitors, body: monitorObject("early", interfaces: ["ens5f0"], lacpduTimeout: refusal.value, nodeSelector: worker0))
                cluster.check(status == 422 && body["reason"] == "Invalid", "\(refusal.yaml): \(status) \(body)")
                cluster.check(body["message"] == .string(#"PFLACPMonitor.pfstatusrelay.openshift.io "early" is invalid: "# + refusal.message),
                              "\(refusal.yaml): message \(body["message"])")
                let fields = (body["details"]["causes"].arrayValue ?? []).map { $0["field"] }
                cluster.check(fields == ["spec.lacpduTimeout"], "\(refusal.yaml): causes \(body["details"])")
                let viaKubectl = try await cluster.kubectl(["create", "-f", "-"], stdin: monitorYAML(
                    "early", interfaces: ["ens5f0"], nodeSelector: worker0) + "  lacpduTimeout: \(refusal.yaml)\n")
                cluster.check(viaKubectl.status != 0 && viaKubectl.stderr.contains(refusal.message) && !viaKubectl.stderr.contains("admission webhook"),
                              "kubectl, \(refusal.yaml): \(viaKubectl.stderr)")
            }
            cluster.check(try await cluster.get(Paths.monitor("early")) == nil, "no refused monitor was stored")
            // The schema's bounds are the operator's (MonitorSpec: 1100 to 2999, integers only).
            for (value, accepted) in [(JSONValue.int(1099), false), (1100, true), (2999, true), (3000, false), ("1500", false), (1500.5, false)] {
                let (status, body) = await cluster.call(
                    "POST", Paths.monitors + "?dryRun=All", body: monitorObject("bounds", interfaces: ["ens9f0"], lacpduTimeout: value))
                cluster.check((status == 201) == accepted && (accepted || status == 422), "lacpduTimeout \(value): \(status) \(body["message"])")
            }

            // 1500: accepted (schema and webhook), and in the daemon's environment.
            try await cluster.kubectlOK(["create", "-f", "-"], stdin: monitorYAML(
                "early", interfaces: ["ens5f0"], nodeSelector: worker0) + "  lacpduTimeout: 1500\n")
            let stored = try await cluster.mustGet(Paths.monitor("early"))
            cluster.check(stored["spec"]["lacpduTimeout"] == 1500 && stored["spec"]["pollingInterval"] == 1000, "stored spec: \(stored["spec"])")
            let daemonSet = try await cluster.eventually("early's DaemonSet") {
                try await cluster.get(Paths.daemonSet(forMonitor: "early"))
            }
            let expectedEnv: JSONValue = [
                ["name": "PF_STATUS_RELAY_INTERFACES", "value": "ens5f0"],
                ["name": "PF_STATUS_RELAY_POLLING_INTERVAL", "value": "1000"],
                ["name": "PF_STATUS_RELAY_LACPDU_TIMEOUT", "value": "1500"],
            ]
            let env = daemonSet[path: ["spec", "template", "spec", "containers"]][0]["env"]
            cluster.check(env == expectedEnv, "env: \(env)")
            _ = try await cluster.eventually("early to be Ready") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("early"))) ? true : nil
            }

            // Changed: the DaemonSet follows, in place.
            try await cluster.patch(Paths.monitor("early"), ["spec": ["lacpduTimeout": 2500]])
            let changed = try await cluster.eventually("the DaemonSet to carry 2500") { () async throws -> JSONValue? in
                let current = try await cluster.mustGet(Paths.daemonSet(forMonitor: "early"))
                return envValue(current, "PF_STATUS_RELAY_LACPDU_TIMEOUT") == "2500" ? current : nil
            }
            cluster.check(changed["metadata"]["uid"] == daemonSet["metadata"]["uid"], "updated in place, not recreated")

            // Removed: early detection off, so no variable at all.
            try await cluster.patch(Paths.monitor("early"), ["spec": ["lacpduTimeout": .null]])
            let removed = try await cluster.eventually("the variable to be removed") { () async throws -> JSONValue? in
                let current = try await cluster.mustGet(Paths.daemonSet(forMonitor: "early"))
                let names = current[path: ["spec", "template", "spec", "containers"]][0]["env"].arrayValue?.map { $0["name"] } ?? []
                return names.contains("PF_STATUS_RELAY_LACPDU_TIMEOUT") ? nil : current
            }
            cluster.check(envValue(removed, "PF_STATUS_RELAY_POLLING_INTERVAL") == "1000"
                          && envValue(removed, "PF_STATUS_RELAY_INTERFACES") == "ens5f0", "env: \(removed)")
            cluster.check(removed["metadata"]["uid"] == daemonSet["metadata"]["uid"], "updated in place, not recreated")

            // An edit to 1000 is refused the same way; nothing changes.
            let (status, body) = await cluster.call("PATCH", Paths.monitor("early"), body: ["spec": ["lacpduTimeout": 1000]],
                                                    contentType: "application/merge-patch+json")
            cluster.check(status == 422 && (body["message"].stringValue ?? "").hasSuffix(refusals[0].message), "edit to 1000: \(status) \(body)")

            // The webhook itself, asked as the API server would ask it (the schema
            // keeps such a monitor from reaching it through the API server).
            for (value, message) in [
                (JSONValue.int(1000), "spec.lacpduTimeout: Invalid value: 1000: must be at least 1100"),
                ("x", #"spec.lacpduTimeout: Invalid value: "string": spec.lacpduTimeout in body must be of type integer: "string""#),
            ] {
                var object = monitorObject("late", interfaces: ["ens6f0"], lacpduTimeout: value, nodeSelector: worker0)
                object[path: ["metadata", "uid"]] = "6f1c2a4e-0000-4000-8000-00000000000a"
                object[path: ["metadata", "creationTimestamp"]] = "2026-01-01T00:00:00Z"
                let review: JSONValue = [
                    "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                    "request": [
                        "uid": "0d7e8f6a-0000-4000-8000-000000000001", "operation": "CREATE",
                        "kind": ["group": "pfstatusrelay.openshift.io", "version": "v1alpha1", "kind": "PFLACPMonitor"],
                        "name": "late", "namespace": .string(Paths.namespace), "object": object,
                    ],
                ]
                // -k: the certificate names the webhook Service, not 127.0.0.1.
                let answer = try await runProcess(curlPath, [
                    "-s", "-k", "-m", "5", "-H", "Content-Type: application/json", "--data-binary", "@-",
                    "https://127.0.0.1:\(webhookPort)/validate-pfstatusrelay-openshift-io-v1alpha1-pflacpmonitor",
                ], stdin: String(decoding: review.encoded(), as: UTF8.self), timeout: .seconds(10))
                let response = (try? JSONValue.decode(answer.stdout))?["response"] ?? .null
                cluster.check(response["allowed"] == false && response["status"]["code"] == 403
                              && response["status"]["message"] == .string(#"PFLACPMonitor "late" is invalid: "# + message),
                              "the webhook's answer for \(value): \(answer)")
            }
        }
        print("lacpduTimeout scenario: \(ContinuousClock.now - started)")
    }

    /// Scenario 8: the API server restarts (every watch dropped) and its
    /// history is compacted: the operator relists after 410 Gone, reconnects,
    /// and applies a monitor created afterwards.
    @Test func survivesARestartAndExpiredHistory() async throws {
        let started = ContinuousClock.now
        try await TestCluster.with("restart") { cluster in
            try await cluster.installBasics()
            let instance = try await cluster.startOperator(.init(identity: "solo", logLevel: "debug"))
            try await cluster.create(Paths.monitors, monitorObject(
                "alpha", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
            _ = try await cluster.eventually("alpha to be Ready") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("alpha"))) ? true : nil
            }
            // A write no watch of the operator sees, then history forgotten: every watch's
            // resourceVersion is now older than the oldest retained one.
            try await cluster.create("/api/v1/namespaces/\(Paths.namespace)/configmaps",
                                     ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "bump"]])
            cluster.server.compactHistory()
            try await cluster.server.restart()
            cluster.server.compactHistory()
            cluster.server.requests.clear()

            try await cluster.create(Paths.monitors, monitorObject(
                "bravo", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-1"]))
            _ = try await cluster.eventually("bravo's DaemonSet after the restart") {
                try await cluster.get(Paths.daemonSet(forMonitor: "bravo"))
            }
            _ = try await cluster.eventually("bravo to be Ready") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("bravo"))) ? true : nil
            }
            let relists = instance.logLines.filter { $0["msg"] == "watch history expired, relisting" }
            cluster.check(!relists.isEmpty, "the operator relisted after 410 Gone")
            let relisted = Set(relists.compactMap { $0["resource"].stringValue })
            print("relisted after 410: \(relisted.sorted())")
            let lists = cluster.server.requests.all.filter {
                $0.userAgent.hasPrefix("pf-status-relay-operator/") && $0.method == "GET" && $0.verb != "watch"
                    && $0.path.hasSuffix("/pflacpmonitors")
            }
            cluster.check(!lists.isEmpty, "monitors were listed again after the restart")
            cluster.check(instance.process.isRunning, "the operator is still running")
        }
        print("restart scenario: \(ContinuousClock.now - started)")
    }

    /// Scenario 9: two replicas with leader election; only the Lease holder
    /// writes; when it is killed the other takes over and reconciles.
    @Test func onlyTheLeaderWritesAndAFollowerTakesOver() async throws {
        let started = ContinuousClock.now
        try await TestCluster.with("leader") { cluster in
            try await cluster.installBasics()
            var replicas = [
                "replica-a": try await cluster.startOperator(.init(identity: "replica-a", leaderElect: true)),
                "replica-b": try await cluster.startOperator(.init(identity: "replica-b", leaderElect: true)),
            ]
            let leader = try await cluster.eventually("a Lease holder") { () async throws -> String? in
                guard let lease = try await cluster.get(Paths.lease) else { return nil }
                return lease["spec"]["holderIdentity"].stringValue.flatMap { replicas[$0] == nil ? nil : $0 }
            }
            let follower = leader == "replica-a" ? "replica-b" : "replica-a"
            for (name, replica) in replicas {
                _ = try await cluster.eventually("\(name) /readyz") { () async throws -> Bool? in
                    try await replica.health("/readyz").status == 200 ? true : nil
                }
            }
            cluster.server.requests.clear()
            try await cluster.create(Paths.monitors, monitorObject(
                "alpha", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-0"]))
            _ = try await cluster.eventually("alpha to be Ready") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("alpha"))) ? true : nil
            }
            try await Task.sleep(for: .seconds(1))
            let leaderWrites = cluster.operatorWrites(identity: leader)
            let followerWrites = cluster.operatorWrites(identity: follower)
            cluster.check(followerWrites.isEmpty, "the follower \(follower) wrote:\n\(describe(followerWrites))")
            cluster.check(leaderWrites.contains { $0.method == "POST" && $0.path.hasSuffix("/daemonsets") },
                          "the leader \(leader) created the DaemonSet:\n\(describe(leaderWrites))")
            let lease = try await cluster.mustGet(Paths.lease)
            cluster.check(lease["spec"]["holderIdentity"] == .string(leader), "the leader still holds the Lease: \(lease)")
            cluster.check(lease["spec"]["leaseDurationSeconds"] == 3, "lease duration: \(lease["spec"])")
            let leaderGauge = try await replicas[leader]?.metrics().body ?? ""
            let followerGauge = try await replicas[follower]?.metrics().body ?? ""
            let leaderSeries = #"leader_election_master_status{name="pf-status-relay-operator-leader"}"#
            cluster.check(sample(leaderGauge, leaderSeries) == 1, "leader gauge on the leader:\n\(leaderGauge)")
            cluster.check(sample(followerGauge, leaderSeries) == 0, "leader gauge on the follower:\n\(followerGauge)")

            // The leader dies without releasing the Lease.
            let killedAt = ContinuousClock.now
            await replicas[leader]?.kill()
            replicas[leader] = nil
            _ = try await cluster.eventually("\(follower) to take the Lease", timeout: .seconds(15)) { () async throws -> Bool? in
                try await cluster.get(Paths.lease)?["spec"]["holderIdentity"] == .string(follower) ? true : nil
            }
            let takeover = ContinuousClock.now - killedAt
            print("failover: \(follower) holds the Lease \(takeover) after \(leader) was killed")
            cluster.check(takeover < .seconds(10), "takeover within 10 s: \(takeover)")

            cluster.server.requests.clear()
            try await cluster.create(Paths.monitors, monitorObject(
                "bravo", interfaces: ["ens5f0"], nodeSelector: ["kubernetes.io/hostname": "worker-1"]))
            _ = try await cluster.eventually("bravo to be Ready under the new leader") { () async throws -> Bool? in
                isReady(try await cluster.mustGet(Paths.monitor("bravo"))) ? true : nil
            }
            let newWrites = cluster.operatorWrites(identity: follower)
            cluster.check(newWrites.contains { $0.method == "POST" && $0.path.hasSuffix("/daemonsets") },
                          "the new leader created bravo's DaemonSet:\n\(describe(newWrites))")
            cluster.check(isReady(try await cluster.mustGet(Paths.monitor("alpha"))), "alpha stays Ready")
        }
        print("leader election scenario: \(ContinuousClock.now - started)")
    }

    /// Scenario 11: without the daemon's image the operator refuses to start.
    /// The webhook's certificate comes from a mounted secret that is updated in
    /// place when it rotates: new connections get the new certificate, no restart.
    @Test func webhookCertificatesAreReloadedWhenTheFilesChange() async throws {
        try await TestCluster.with("certificate-reload") { cluster in
            try await cluster.installBasics(nodes: [])
            let authority = try #require(cluster.server.certificateAuthority)
            let certs = cluster.directory.appendingPathComponent("certs")
            try FileManager.default.createDirectory(at: certs, withIntermediateDirectories: true)
            func install(_ commonName: String) throws -> String {
                let (certificate, key) = try authority.issueServerCertificate(commonName: commonName, dnsNames: [commonName])
                try Data(key.utf8).write(to: certs.appendingPathComponent("tls.key"))
                try Data(certificate.utf8).write(to: certs.appendingPathComponent("tls.crt"))
                return certificate
            }
            func compact(_ pem: String) -> String { pem.filter { !$0.isWhitespace } }
            let first = try install("first.relay.svc")
            let port = try await freePorts(1)[0]
            let instance = try await cluster.startOperator(.init(identity: "certs", webhookPort: port))
            // python3's ssl module fetches the certificate the webhook serves (no verification needed to read it).
            func served() async throws -> String? {
                let result = try await runProcess("/usr/bin/env", ["python3", "-c",
                    "import ssl,sys; print(ssl.get_server_certificate(('127.0.0.1', int(sys.argv[1]))))", String(port)])
                return result.status == 0 ? compact(result.stdout) : nil
            }
            _ = try await cluster.eventually("the first certificate to be served") { () async throws -> Bool? in
                try await served() == compact(first) ? true : nil
            }
            let second = try install("second.relay.svc")
            _ = try await cluster.eventually("the renewed certificate to be served", timeout: .seconds(15)) { () async throws -> Bool? in
                try await served() == compact(second) ? true : nil
            }
            cluster.check(instance.process.isRunning, "the operator kept running")
            cluster.check(instance.logLines.filter { $0["msg"] == "webhook certificate loaded" }.count >= 2,
                          "both loads were logged: \(instance.log)")
        }
    }

    @Test func refusesToStartWithoutTheDaemonImage() async throws {
        print("operator binary: \(operatorBinary)")
        #expect(FileManager.default.isExecutableFile(atPath: operatorBinary), "\(operatorBinary) (swift build)")
        let directory = try makeTemporaryDirectory("settings")
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try Data("""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:1
            users:
            - name: u
              user:
                token: x
            contexts:
            - name: c
              context:
                cluster: c
                user: u
            current-context: c

            """.utf8).write(to: URL(fileURLWithPath: kubeconfig))
        let arguments = ["--kubeconfig", kubeconfig, "--watch-namespace", "relay", "--health-probe-bind-address", "",
                         "--metrics-bind-address", "", "--webhook-port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["PF_STATUS_RELAY_IMAGE"] = nil
        let missing = try await runProcess(operatorBinary, arguments, environment: environment, timeout: .seconds(20))
        #expect(missing.status == 2, "exit code: \(missing)")
        #expect(missing.stderr.contains("PF_STATUS_RELAY_IMAGE is not set"), "stderr: \(missing.stderr)")

        environment["PF_STATUS_RELAY_IMAGE"] = "  "
        let empty = try await runProcess(operatorBinary, arguments, environment: environment, timeout: .seconds(20))
        #expect(empty.status == 2, "exit code: \(empty)")
        #expect(empty.stderr.contains("PF_STATUS_RELAY_IMAGE is empty"), "stderr: \(empty.stderr)")
    }
}
