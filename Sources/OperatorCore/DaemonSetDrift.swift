public import JSONValues
import KubeModel

/// Compares a DaemonSet as stored with the one the operator wants, on the
/// fields the operator owns only, and builds the object to write back.
///
/// Owned: the labels the operator sets (other labels are left alone), its
/// controller owner reference, the selector, and in the pod template the
/// labels it sets, nodeSelector, hostNetwork, dnsPolicy, serviceAccountName,
/// priorityClassName, tolerations, the pod security context and the container
/// list, whose one container's name, image, env, resources, security context,
/// ports and liveness and readiness probes are owned. Everything the API server defaults
/// (terminationMessagePath, imagePullPolicy, schedulerName, restartPolicy,
/// revisionHistoryLimit, updateStrategy, ...) is never compared, so a stored
/// DaemonSet equal to the desired one up to defaults needs no update.
public enum DaemonSetDrift {
    /// Pod spec members the operator owns: compared exactly, with the value an
    /// absent member stands for.
    static let ownedPodFields: [(key: String, absent: JSONValue)] = [
        ("nodeSelector", .emptyObject),
        ("hostNetwork", false),
        ("dnsPolicy", "ClusterFirst"),
        ("serviceAccountName", ""),
        ("priorityClassName", ""),
        ("tolerations", []),
        ("securityContext", .emptyObject),
    ]

    /// Container members the operator owns (the probe is handled apart: the
    /// server fills in its defaults).
    static let ownedContainerFields: [(key: String, absent: JSONValue)] = [
        ("name", ""),
        ("image", ""),
        ("env", []),
        ("resources", .emptyObject),
        ("securityContext", .emptyObject),
    ]

    /// Container members the operator owns that the API server fills in
    /// (a probe's timeoutSeconds, successThreshold and httpGet.scheme; a port's
    /// protocol): in sync when what the operator sets is there, or when both
    /// leave them out.
    static let defaultedContainerFields = ["ports", "livenessProbe", "readinessProbe"]

    /// The owned fields of `actual` that differ from `desired`, as paths
    /// (`spec.template.spec.containers[pf-status-relay].image`); empty when in sync.
    public static func driftedFields(desired: JSONValue, actual: JSONValue) -> [String] {
        var drifted: [String] = []

        if !containsLabels(desired[path: ["metadata", "labels"]], in: actual[path: ["metadata", "labels"]]) {
            drifted.append("metadata.labels")
        }
        if !ownerReferencesInSync(desired: desired, actual: actual) {
            drifted.append("metadata.ownerReferences")
        }
        if !semanticallyEqual(desired[path: ["spec", "selector"]], actual[path: ["spec", "selector"]]) {
            drifted.append("spec.selector")
        }
        let templateLabels = ["spec", "template", "metadata", "labels"]
        if !containsLabels(desired[path: templateLabels], in: actual[path: templateLabels]) {
            drifted.append("spec.template.metadata.labels")
        }

        let desiredPod = desired[path: ["spec", "template", "spec"]]
        let actualPod = actual[path: ["spec", "template", "spec"]]
        for (key, absent) in ownedPodFields
        where !semanticallyEqual(orDefault(desiredPod[key], absent), orDefault(actualPod[key], absent)) {
            drifted.append("spec.template.spec.\(key)")
        }

        let desiredContainers = desiredPod["containers"].arrayValue ?? []
        let actualContainers = actualPod["containers"].arrayValue ?? []
        let desiredNames = desiredContainers.map { $0["name"].stringValue ?? "" }
        let actualNames = actualContainers.map { $0["name"].stringValue ?? "" }
        if desiredNames != actualNames {
            drifted.append("spec.template.spec.containers")
        }
        for container in desiredContainers {
            let name = container["name"].stringValue ?? ""
            guard let current = actualContainers.first(where: { $0["name"].stringValue == name }) else { continue }
            let prefix = "spec.template.spec.containers[\(name)]"
            for (key, absent) in ownedContainerFields
            where !semanticallyEqual(orDefault(container[key], absent), orDefault(current[key], absent)) {
                drifted.append("\(prefix).\(key)")
            }
            for key in defaultedContainerFields {
                let wanted = container[key]
                let inSync = wanted == .null ? current[key] == .null : isSubset(wanted, of: current[key])
                if !inSync { drifted.append("\(prefix).\(key)") }
            }
        }
        return drifted
    }

    /// Whether the stored DaemonSet must be written to match `desired`.
    public static func needsUpdate(desired: JSONValue, actual: JSONValue) -> Bool {
        !driftedFields(desired: desired, actual: actual).isEmpty
    }

    /// Whether an update cannot reconcile `actual`: its selector differs, and a
    /// DaemonSet's selector is immutable, so it must be deleted and created again.
    public static func requiresRecreation(desired: JSONValue, actual: JSONValue) -> Bool {
        !semanticallyEqual(desired[path: ["spec", "selector"]], actual[path: ["spec", "selector"]])
    }

    /// The object to PUT: `actual` (resourceVersion, uid, status, server
    /// defaults and every field the operator does not own kept) with the
    /// operator's fields taken from `desired`.
    public static func merged(desired: JSONValue, into actual: JSONValue) -> JSONValue {
        var result = actual
        result["apiVersion"] = desired["apiVersion"]
        result["kind"] = desired["kind"]

        let labelsPath = ["metadata", "labels"]
        result[path: labelsPath] = overlay(desired[path: labelsPath], on: actual[path: labelsPath])
        result[path: ["metadata", "ownerReferences"]] = mergedOwnerReferences(desired: desired, actual: actual)
        result[path: ["spec", "selector"]] = desired[path: ["spec", "selector"]]
        let templateLabels = ["spec", "template", "metadata", "labels"]
        result[path: templateLabels] = overlay(desired[path: templateLabels], on: actual[path: templateLabels])

        let podPath = ["spec", "template", "spec"]
        let desiredPod = desired[path: podPath]
        var pod = actual[path: podPath]
        if pod.objectValue == nil { pod = .emptyObject }
        for (key, _) in ownedPodFields {
            pod[key] = desiredPod[key]
        }
        let actualContainers = pod["containers"].arrayValue ?? []
        let containers = (desiredPod["containers"].arrayValue ?? []).map { container -> JSONValue in
            let name = container["name"].stringValue ?? ""
            var merged = actualContainers.first(where: { $0["name"].stringValue == name }) ?? .emptyObject
            for (key, _) in ownedContainerFields {
                merged[key] = container[key]
            }
            for key in defaultedContainerFields {
                let wanted = container[key]
                if wanted == .null || !isSubset(wanted, of: merged[key]) {
                    merged[key] = wanted
                }
            }
            return merged
        }
        pod["containers"] = .array(containers)
        result[path: podPath] = pod
        return result
    }

    // MARK: - Owner references

    /// Ours must be there as built; no other PFLACPMonitor may claim to control
    /// the DaemonSet (a stale reference to a deleted monitor of the same name).
    private static func ownerReferencesInSync(desired: JSONValue, actual: JSONValue) -> Bool {
        let wanted = desired[path: ["metadata", "ownerReferences"]].arrayValue ?? []
        let present = actual[path: ["metadata", "ownerReferences"]].arrayValue ?? []
        for reference in wanted {
            guard let match = present.first(where: { $0["uid"] == reference["uid"] }), isSubset(reference, of: match) else {
                return false
            }
        }
        let wantedUIDs = Set(wanted.map { $0["uid"] })
        return !present.contains { isStaleControllerReference($0, keeping: wantedUIDs) }
    }

    private static func mergedOwnerReferences(desired: JSONValue, actual: JSONValue) -> JSONValue {
        let wanted = desired[path: ["metadata", "ownerReferences"]].arrayValue ?? []
        let wantedUIDs = Set(wanted.map { $0["uid"] })
        var references = (actual[path: ["metadata", "ownerReferences"]].arrayValue ?? []).filter {
            !isStaleControllerReference($0, keeping: wantedUIDs)
        }
        for reference in wanted {
            if let index = references.firstIndex(where: { $0["uid"] == reference["uid"] }) {
                references[index] = overlay(reference, on: references[index])
            } else {
                references.append(reference)
            }
        }
        return references.isEmpty ? .null : .array(references)
    }

    private static func isStaleControllerReference(_ reference: JSONValue, keeping uids: Set<JSONValue>) -> Bool {
        guard reference["controller"] == true, reference["kind"] == .string(OperatorNames.kind),
            let apiVersion = reference["apiVersion"].stringValue,
            apiVersion.hasPrefix(OperatorNames.group + "/")
        else { return false }
        return !uids.contains(reference["uid"])
    }

    // MARK: - Comparison helpers

    private static func orDefault(_ value: JSONValue, _ absent: JSONValue) -> JSONValue {
        value == .null ? absent : value
    }

    /// Every label of `wanted` is in `present` with the same value.
    private static func containsLabels(_ wanted: JSONValue, in present: JSONValue) -> Bool {
        guard let wantedLabels = wanted.objectValue else { return true }
        return wantedLabels.allSatisfy { present[$0.key] == $0.value }
    }

    /// `base` with the members of `top` set over it (objects only; otherwise `top`).
    private static func overlay(_ top: JSONValue, on base: JSONValue) -> JSONValue {
        guard let members = top.objectValue else { return base == .null ? top : base }
        var result = base.objectValue ?? [:]
        for (key, value) in members { result[key] = value }
        return .object(result)
    }
}

/// JSON equality up to representation: numbers compare by value (1000 and
/// 1000.0 are equal) and a member set to null is the same as an absent one.
public func semanticallyEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.object(let left), .object(let right)):
        let keys = Set(left.keys).union(right.keys)
        return keys.allSatisfy { semanticallyEqual(left[$0] ?? .null, right[$0] ?? .null) }
    case (.array(let left), .array(let right)):
        return left.count == right.count && zip(left, right).allSatisfy { semanticallyEqual($0, $1) }
    case (.int, .double), (.double, .int), (.double, .double):
        return lhs.doubleValue == rhs.doubleValue
    default:
        return lhs == rhs
    }
}

/// Whether every member `wanted` sets is in `present` with an equal value
/// (recursively for objects, and for arrays element by element, of the same
/// length: a list of ports gains defaults, never elements). Server defaults
/// added to `present` do not count.
func isSubset(_ wanted: JSONValue, of present: JSONValue) -> Bool {
    if case .array(let wantedElements) = wanted {
        guard case .array(let presentElements) = present, presentElements.count == wantedElements.count else { return false }
        return zip(wantedElements, presentElements).allSatisfy { isSubset($0, of: $1) }
    }
    guard case .object(let members) = wanted else { return semanticallyEqual(wanted, present) }
    guard case .object = present else { return false }
    return members.allSatisfy { key, value in
        value == .null ? present[key] == .null : isSubset(value, of: present[key])
    }
}

/// Whether the stored DaemonSet `actual` must be written to match `desired`
/// (owned fields only; see ``DaemonSetDrift``).
public func needsUpdate(desired: JSONValue, actual: JSONValue) -> Bool {
    DaemonSetDrift.needsUpdate(desired: desired, actual: actual)
}

/// The object to PUT to bring `actual` in line with `desired` (see ``DaemonSetDrift/merged(desired:into:)``).
public func merged(desired: JSONValue, into actual: JSONValue) -> JSONValue {
    DaemonSetDrift.merged(desired: desired, into: actual)
}
