import Foundation
import JSONValues
import KubeModel

/// Printers for the built-in kinds the test server serves, with the columns
/// and cells of kube-apiserver's internal printers (`-o wide` columns have priority 1).
extension TablePrinter {
    /// NAME STATUS AGE.
    public static func namespaces() -> TablePrinter {
        TablePrinter(columns: [
            nameColumn,
            Column(name: "Status", type: "string", description: "The status of the namespace") { object, _ in
                .string(object[path: ["status", "phase"]].stringValue ?? "")
            },
            ageColumn,
        ])
    }

    /// NAME STATUS ROLES AGE VERSION (+ INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME).
    public static func nodes() -> TablePrinter {
        TablePrinter(columns: [
            nameColumn,
            Column(name: "Status", type: "string", description: "The status of the node") { object, _ in
                .string(nodeStatus(object))
            },
            Column(name: "Roles", type: "string", description: "The roles of the node") { object, _ in
                .string(nodeRoles(object))
            },
            ageColumn,
            Column(name: "Version", type: "string", description: "Kubelet Version reported by the node.") {
                object, _ in
                .string(object[path: ["status", "nodeInfo", "kubeletVersion"]].stringValue ?? "")
            },
            Column(
                name: "Internal-IP", type: "string", description: "List of addresses reachable to the node.",
                priority: 1
            ) { object, _ in .string(nodeAddress(object, type: "InternalIP")) },
            Column(
                name: "External-IP", type: "string", description: "List of addresses reachable to the node.",
                priority: 1
            ) { object, _ in .string(nodeAddress(object, type: "ExternalIP")) },
            Column(
                name: "OS-Image", type: "string",
                description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
                priority: 1
            ) { object, _ in .string(nodeInfo(object, "osImage")) },
            Column(
                name: "Kernel-Version", type: "string",
                description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
                priority: 1
            ) { object, _ in .string(nodeInfo(object, "kernelVersion")) },
            Column(
                name: "Container-Runtime", type: "string",
                description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
                priority: 1
            ) { object, _ in .string(nodeInfo(object, "containerRuntimeVersion")) },
        ])
    }

    /// NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE (+ CONTAINERS IMAGES SELECTOR).
    public static func daemonSets() -> TablePrinter {
        func count(_ field: String) -> @Sendable (JSONValue, Date) -> JSONValue {
            { object, _ in .int(object[path: ["status", field]].intValue ?? 0) }
        }
        return TablePrinter(columns: [
            nameColumn,
            Column(
                name: "Desired", type: "integer",
                description: "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).",
                cell: count("desiredNumberScheduled")),
            Column(
                name: "Current", type: "integer",
                description: "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.",
                cell: count("currentNumberScheduled")),
            Column(
                name: "Ready", type: "integer",
                description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.",
                cell: count("numberReady")),
            Column(
                name: "Up-to-date", type: "integer",
                description: "The total number of nodes that are running updated daemon pod",
                cell: count("updatedNumberScheduled")),
            Column(
                name: "Available", type: "integer",
                description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
                cell: count("numberAvailable")),
            Column(
                name: "Node Selector", type: "string",
                description: "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"
            ) { object, _ in
                .string(formatLabels(object[path: ["spec", "template", "spec", "nodeSelector"]]))
            },
            ageColumn,
        ] + workloadWideColumns(selectorDescription: "A label query over pods that are managed by the daemon set."))
    }

    /// NAME READY UP-TO-DATE AVAILABLE AGE (+ CONTAINERS IMAGES SELECTOR).
    public static func deployments() -> TablePrinter {
        TablePrinter(columns: [
            nameColumn,
            Column(name: "Ready", type: "string", description: "Number of the pod with ready state") { object, _ in
                let ready = object[path: ["status", "readyReplicas"]].intValue ?? 0
                let desired = object[path: ["spec", "replicas"]].intValue ?? 0
                return .string("\(ready)/\(desired)")
            },
            Column(
                name: "Up-to-date", type: "string",
                description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec."
            ) { object, _ in .int(object[path: ["status", "updatedReplicas"]].intValue ?? 0) },
            Column(
                name: "Available", type: "string",
                description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."
            ) { object, _ in .int(object[path: ["status", "availableReplicas"]].intValue ?? 0) },
            ageColumn,
        ] + workloadWideColumns(
            selectorDescription: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."))
    }

    /// NAME DATA AGE.
    public static func configMaps() -> TablePrinter {
        TablePrinter(columns: [
            nameColumn,
            Column(
                name: "Data", type: "string",
                description: "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."
            ) { object, _ in
                let data = object["data"].objectValue?.count ?? 0
                let binary = object["binaryData"].objectValue?.count ?? 0
                return .int(Int64(data + binary))
            },
            ageColumn,
        ])
    }

    // MARK: Helpers

    private static func workloadWideColumns(selectorDescription: String) -> [Column] {
        [
            Column(
                name: "Containers", type: "string", description: "Names of each container in the template.",
                priority: 1
            ) { object, _ in .string(templateContainers(object).map { $0["name"].stringValue ?? "" }.joined(separator: ",")) },
            Column(
                name: "Images", type: "string", description: "Images referenced by each container in the template.",
                priority: 1
            ) { object, _ in .string(templateContainers(object).map { $0["image"].stringValue ?? "" }.joined(separator: ",")) },
            Column(name: "Selector", type: "string", description: selectorDescription, priority: 1) { object, _ in
                .string(formatLabelSelector(object[path: ["spec", "selector"]]))
            },
        ]
    }

    private static func templateContainers(_ object: JSONValue) -> [JSONValue] {
        object[path: ["spec", "template", "spec", "containers"]].arrayValue ?? []
    }

    /// `labels.FormatLabels`: `a=b,c=d` sorted by key, `<none>` when empty.
    static func formatLabels(_ labels: JSONValue) -> String {
        guard let members = labels.objectValue, !members.isEmpty else { return "<none>" }
        return members.keys.sorted().map { "\($0)=\(members[$0]?.stringValue ?? "")" }.joined(separator: ",")
    }

    /// `metav1.FormatLabelSelector`: requirements sorted by key
    /// (`app=x,tier in (a,b),!legacy`), `<none>` when empty.
    static func formatLabelSelector(_ selector: JSONValue) -> String {
        var requirements: [(key: String, text: String)] = []
        for (key, value) in selector["matchLabels"].objectValue ?? [:] {
            requirements.append((key, "\(key)=\(value.stringValue ?? "")"))
        }
        for expression in selector["matchExpressions"].arrayValue ?? [] {
            let key = expression["key"].stringValue ?? ""
            let values = (expression["values"].arrayValue ?? []).compactMap(\.stringValue).sorted()
            switch expression["operator"].stringValue ?? "" {
            case "In": requirements.append((key, "\(key) in (\(values.joined(separator: ",")))"))
            case "NotIn": requirements.append((key, "\(key) notin (\(values.joined(separator: ",")))"))
            case "Exists": requirements.append((key, key))
            case "DoesNotExist": requirements.append((key, "!\(key)"))
            default: return "<error>"
            }
        }
        if requirements.isEmpty { return "<none>" }
        return requirements.sorted { $0.key < $1.key }.map(\.text).joined(separator: ",")
    }

    private static func nodeStatus(_ node: JSONValue) -> String {
        var states: [String] = []
        let conditions = node[path: ["status", "conditions"]].arrayValue ?? []
        if let ready = conditions.first(where: { $0["type"].stringValue == "Ready" }) {
            states.append(ready["status"].stringValue == "True" ? "Ready" : "NotReady")
        } else {
            states.append("Unknown")
        }
        if node[path: ["spec", "unschedulable"]].boolValue == true {
            states.append("SchedulingDisabled")
        }
        return states.joined(separator: ",")
    }

    private static func nodeRoles(_ node: JSONValue) -> String {
        var roles: Set<String> = []
        for (key, value) in node[path: ["metadata", "labels"]].objectValue ?? [:] {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", let role = value.stringValue, !role.isEmpty {
                roles.insert(role)
            }
        }
        return roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")
    }

    private static func nodeAddress(_ node: JSONValue, type: String) -> String {
        let addresses = node[path: ["status", "addresses"]].arrayValue ?? []
        return addresses.first(where: { $0["type"].stringValue == type })?["address"].stringValue ?? "<none>"
    }

    private static func nodeInfo(_ node: JSONValue, _ field: String) -> String {
        let value = node[path: ["status", "nodeInfo", field]].stringValue ?? ""
        return value.isEmpty ? "<unknown>" : value
    }
}
