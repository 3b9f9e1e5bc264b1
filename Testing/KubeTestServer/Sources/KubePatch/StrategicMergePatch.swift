public import JSONValues

/// Which lists of a kind merge instead of being replaced, for strategic merge
/// patch (`application/strategic-merge-patch+json`). Kubernetes reads this from
/// the `patchStrategy`/`patchMergeKey` tags of the Go types; here it is a table
/// keyed by the path of object keys to the list (list elements add no path
/// component: `spec.containers[*].env` is `["spec", "containers", "env"]`).
/// Lists not in the table are replaced; objects always merge recursively.
public struct PatchStrategy: Sendable, Hashable {
    public enum ListStrategy: Sendable, Hashable {
        /// A list of objects merged element by element, matched by this member.
        case mergeByKey(String)
        /// A list of primitives treated as a set: the patch's values are added.
        case mergePrimitives
    }

    public var lists: [[String]: ListStrategy]

    public init(lists: [[String]: ListStrategy] = [:]) {
        self.lists = lists
    }

    public func listStrategy(at path: [String]) -> ListStrategy? {
        lists[path]
    }

    /// Lists every kind has: owner references, finalizers and status conditions.
    public static let common = PatchStrategy(lists: [
        ["metadata", "ownerReferences"]: .mergeByKey("uid"),
        ["metadata", "finalizers"]: .mergePrimitives,
        ["status", "conditions"]: .mergeByKey("type"),
    ])

    /// The table for a built-in kind; kinds without special lists (and custom
    /// resources) get `common`.
    public static func forKind(_ kind: String) -> PatchStrategy {
        var strategy = common
        if let prefix = podSpecPath(ofKind: kind) {
            strategy.addPodSpec(at: prefix)
        }
        switch kind {
        case "Pod":
            strategy.lists[["status", "podIPs"]] = .mergeByKey("ip")
            strategy.lists[["status", "hostIPs"]] = .mergeByKey("ip")
        case "Service":
            strategy.lists[["spec", "ports"]] = .mergeByKey("port")
        case "ServiceAccount":
            strategy.lists[["secrets"]] = .mergeByKey("name")
        case "Node":
            strategy.lists[["status", "addresses"]] = .mergeByKey("type")
            strategy.lists[["spec", "podCIDRs"]] = .mergePrimitives
        default:
            break
        }
        return strategy
    }

    /// Where the PodSpec sits in kinds that carry one.
    static func podSpecPath(ofKind kind: String) -> [String]? {
        switch kind {
        case "Pod": return ["spec"]
        case "PodTemplate": return ["template", "spec"]
        case "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "ReplicationController", "Job":
            return ["spec", "template", "spec"]
        case "CronJob": return ["spec", "jobTemplate", "spec", "template", "spec"]
        default: return nil
        }
    }

    /// The merging lists of a PodSpec (from core/v1 types.go); `tolerations`,
    /// `envFrom`, `args` and the like are not merged.
    mutating func addPodSpec(at prefix: [String]) {
        for containers in ["containers", "initContainers", "ephemeralContainers"] {
            let path = prefix + [containers]
            lists[path] = .mergeByKey("name")
            lists[path + ["env"]] = .mergeByKey("name")
            lists[path + ["ports"]] = .mergeByKey("containerPort")
            lists[path + ["volumeMounts"]] = .mergeByKey("mountPath")
            lists[path + ["volumeDevices"]] = .mergeByKey("devicePath")
        }
        lists[prefix + ["volumes"]] = .mergeByKey("name")
        lists[prefix + ["imagePullSecrets"]] = .mergeByKey("name")
        lists[prefix + ["hostAliases"]] = .mergeByKey("ip")
        lists[prefix + ["topologySpreadConstraints"]] = .mergeByKey("topologyKey")
        lists[prefix + ["schedulingGates"]] = .mergeByKey("name")
        lists[prefix + ["resourceClaims"]] = .mergeByKey("name")
    }
}

extension JSONValue {
    /// Applies a strategic merge patch as the API server does (apimachinery's
    /// `strategicpatch.StrategicMergePatch`): objects merge, `null` deletes,
    /// lists merge or are replaced per `strategy`, and the directives `$patch`,
    /// `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`
    /// are carried out and never appear in the result.
    public func applyingStrategicMergePatch(_ patch: JSONValue, strategy: PatchStrategy) throws(PatchError) -> JSONValue {
        guard case .object(let patchMembers) = patch else {
            throw PatchError("a strategic merge patch must be a JSON object, not \(patch.typeName)")
        }
        let original: [String: JSONValue]?
        switch self {
        case .object(let members): original = members
        case .null: original = nil
        default: throw PatchError("the document to patch must be a JSON object, not \(typeName)")
        }
        let merger = StrategicMerger(strategy: strategy)
        return .object(try merger.mergeObject(original, patchMembers, path: []))
    }
}

/// The merge itself; `path` is the list of object keys down to the value at hand.
struct StrategicMerger {
    let strategy: PatchStrategy

    static let directiveKey = "$patch"
    static let retainKeysKey = "$retainKeys"
    static let setElementOrderPrefix = "$setElementOrder"
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList"

    /// Merges an object; `original` nil means there is nothing to merge into
    /// (the patch value is then taken, minus nulls and directives).
    func mergeObject(_ original: [String: JSONValue]?, _ patch: [String: JSONValue], path: [String]) throws(PatchError)
        -> [String: JSONValue]
    {
        if let directive = patch[Self.directiveKey] {
            switch directive {
            case "replace":
                var replacement = patch
                replacement[Self.directiveKey] = nil
                return try mergeObject(nil, replacement, path: path)
            case "delete":
                // As in Kubernetes: the map is emptied, the key that holds it stays.
                return [:]
            default:
                throw PatchError("\(Self.describe(path)): unknown patch type \(directive.jsonString) in map (expected \"replace\" or \"delete\")")
            }
        }

        var result = original ?? [:]
        var retainKeys: JSONValue?
        var orders: [(field: String, order: JSONValue)] = []
        var deletions: [(field: String, values: JSONValue)] = []
        var fields: [(key: String, value: JSONValue)] = []
        for (key, value) in patch.sorted(by: { $0.key < $1.key }) {
            if key == Self.retainKeysKey {
                retainKeys = value
            } else if key.hasPrefix(Self.setElementOrderPrefix) {
                orders.append((try Self.field(of: key, prefix: Self.setElementOrderPrefix, path: path), value))
            } else if key.hasPrefix(Self.deleteFromPrimitiveListPrefix) {
                deletions.append((try Self.field(of: key, prefix: Self.deleteFromPrimitiveListPrefix, path: path), value))
            } else {
                fields.append((key, value))
            }
        }

        if let retainKeys {
            try Self.applyRetainKeys(retainKeys, fields: fields, to: &result, path: path)
        }
        for (key, value) in fields {
            if value == .null {
                result[key] = nil
            } else {
                let current = result.removeValue(forKey: key)
                result[key] = try mergeValue(current, value, path: path + [key])
            }
        }
        for (field, order) in orders {
            try applyElementOrder(order, field: field, original: original?[field], patch: patch[field], to: &result, path: path)
        }
        for (field, values) in deletions {
            guard case .array(let doomed) = values else {
                throw PatchError("\(Self.describe(path + [field])): \(Self.deleteFromPrimitiveListPrefix)/\(field) must be a list, not \(values.typeName)")
            }
            if case .array(let elements)? = result[field] {
                result[field] = .array(elements.filter { element in !doomed.contains { $0.isJSONEqual(to: element) } })
            }
        }
        return result
    }

    func mergeValue(_ original: JSONValue?, _ patch: JSONValue, path: [String]) throws(PatchError) -> JSONValue {
        switch patch {
        case .object(let members):
            return .object(try mergeObject(original?.objectValue, members, path: path))
        case .array(let elements):
            // A value of another type is replaced, as if there were no original list.
            let originalElements = original?.arrayValue ?? []
            switch strategy.listStrategy(at: path) {
            case .mergeByKey(let key)?:
                return .array(try mergeKeyedList(originalElements, elements, key: key, path: path))
            case .mergePrimitives?:
                return .array(Self.mergePrimitiveList(originalElements, elements))
            case nil:
                return .array(try replacementList(elements, path: path))
            }
        default:
            return patch
        }
    }

    // MARK: Lists

    /// A list that is not merged: the patch's list, with object elements
    /// cleaned of nulls and directives.
    func replacementList(_ elements: [JSONValue], path: [String]) throws(PatchError) -> [JSONValue] {
        var result: [JSONValue] = []
        for element in elements {
            guard case .object(let members) = element else {
                result.append(element)
                continue
            }
            if let directive = members[Self.directiveKey] {
                switch directive {
                case "replace":
                    continue  // the list is replaced anyway
                case "delete":
                    throw PatchError("\(Self.describe(path)): cannot delete an element of a list that is not merged by key")
                default:
                    throw PatchError("\(Self.describe(path)): unknown patch type \(directive.jsonString) in list")
                }
            }
            result.append(.object(try mergeObject(nil, members, path: path)))
        }
        return result
    }

    func mergeKeyedList(_ original: [JSONValue], _ patch: [JSONValue], key: String, path: [String]) throws(PatchError)
        -> [JSONValue]
    {
        var base = original
        var plain: [[String: JSONValue]] = []
        var replace = false
        for element in patch {
            guard case .object(let members) = element else {
                throw PatchError("\(Self.describe(path)): elements of a list merged by \"\(key)\" must be objects, found \(element.typeName)")
            }
            guard let directive = members[Self.directiveKey] else {
                plain.append(members)
                continue
            }
            switch directive {
            case "delete":
                guard let doomed = members[key] else {
                    throw Self.missingMergeKey(members, key: key, path: path)
                }
                base.removeAll { $0.objectValue?[key]?.isJSONEqual(to: doomed) == true }
            case "replace":
                replace = true
            case "merge":
                throw PatchError("\(Self.describe(path)): merging lists cannot yet be specified in the patch")
            default:
                throw PatchError("\(Self.describe(path)): unknown patch type \(directive.jsonString) in list")
            }
        }
        if replace {
            // `{"$patch": "replace"}` as an element: the other elements are the whole list.
            base = []
        }

        var merged = base
        for members in plain {
            guard let identity = members[key] else {
                throw Self.missingMergeKey(members, key: key, path: path)
            }
            if let position = merged.firstIndex(where: { $0.objectValue?[key]?.isJSONEqual(to: identity) == true }) {
                merged[position] = .object(try mergeObject(merged[position].objectValue, members, path: path))
            } else {
                merged.append(.object(try mergeObject(nil, members, path: path)))
            }
        }
        let identify: (JSONValue) -> JSONValue? = { $0.objectValue?[key] }
        return Self.ordered(
            merged, preferred: plain.compactMap { $0[key] }, server: base.map(identify), identify: identify)
    }

    /// A set of primitives: the original's values, then the patch's new ones.
    static func mergePrimitiveList(_ original: [JSONValue], _ patch: [JSONValue]) -> [JSONValue] {
        var merged: [JSONValue] = []
        for value in original + patch where !merged.contains(where: { $0.isJSONEqual(to: value) }) {
            merged.append(value)
        }
        return ordered(merged, preferred: patch, server: original, identify: { $0 })
    }

    /// Orders a merged list as Kubernetes does: elements named in `preferred`
    /// (the patch list, or `$setElementOrder`) in that order, the others
    /// ("server-only") in their order in the live list, and the two sequences
    /// interleaved by live-list position; a patch element that is new goes
    /// before any server-only element it is compared with.
    static func ordered(
        _ merged: [JSONValue], preferred: [JSONValue], server: [JSONValue?], identify: (JSONValue) -> JSONValue?
    ) -> [JSONValue] {
        func position(_ identity: JSONValue?, in list: [JSONValue?]) -> Int? {
            guard let identity else { return nil }
            return list.firstIndex { $0?.isJSONEqual(to: identity) == true }
        }
        var fromPatch: [(element: JSONValue, rank: Int, serial: Int)] = []
        var serverOnly: [(element: JSONValue, rank: Int, serial: Int)] = []
        for (serial, element) in merged.enumerated() {
            let identity = identify(element)
            if let rank = position(identity, in: preferred) {
                fromPatch.append((element, rank, serial))
            } else {
                serverOnly.append((element, position(identity, in: server) ?? Int.max, serial))
            }
        }
        let byRank = { (a: (element: JSONValue, rank: Int, serial: Int), b: (element: JSONValue, rank: Int, serial: Int)) in
            (a.rank, a.serial) < (b.rank, b.serial)
        }
        let right = fromPatch.sorted(by: byRank).map(\.element)
        let left = serverOnly.sorted(by: byRank).map(\.element)

        var result: [JSONValue] = []
        result.reserveCapacity(merged.count)
        var i = 0
        var j = 0
        while i < left.count || j < right.count {
            if j >= right.count {
                result.append(left[i]); i += 1
            } else if i >= left.count {
                result.append(right[j]); j += 1
            } else if let leftPosition = position(identify(left[i]), in: server),
                let rightPosition = position(identify(right[j]), in: server),
                leftPosition < rightPosition
            {
                result.append(left[i]); i += 1
            } else {
                result.append(right[j]); j += 1
            }
        }
        return result
    }

    /// `$setElementOrder/<field>`: the order kubectl apply wants for a merged
    /// list (it lists every element of the applied configuration, by merge key).
    func applyElementOrder(
        _ order: JSONValue, field: String, original: JSONValue?, patch: JSONValue?,
        to result: inout [String: JSONValue], path: [String]
    ) throws(PatchError) {
        let fieldPath = path + [field]
        guard case .array(let orderList) = order else {
            throw PatchError("\(Self.describe(fieldPath)): \(Self.setElementOrderPrefix)/\(field) must be a list, not \(order.typeName)")
        }
        guard case .array(let current)? = result[field], let listStrategy = strategy.listStrategy(at: fieldPath) else {
            return  // removed, absent, or a list that is replaced: nothing to order
        }
        let originalList = original?.arrayValue ?? []
        let patchList = (patch?.arrayValue ?? []).filter { $0.objectValue?[Self.directiveKey] == nil }
        let identify: (JSONValue) -> JSONValue?
        let orderIdentities: [JSONValue]
        switch listStrategy {
        case .mergeByKey(let key):
            identify = { $0.objectValue?[key] }
            var identities: [JSONValue] = []
            for element in orderList {
                guard let identity = element.objectValue?[key] else {
                    throw PatchError("\(Self.describe(fieldPath)): \(Self.setElementOrderPrefix)/\(field) element \(element.jsonString) does not contain declared merge key: \(key)")
                }
                identities.append(identity)
            }
            orderIdentities = identities
        case .mergePrimitives:
            identify = { $0 }
            orderIdentities = orderList
        }

        // The patch list must follow the same relative order (deletions aside).
        let patchIdentities = patchList.compactMap(identify)
        var matched = 0
        for identity in orderIdentities where matched < patchIdentities.count {
            if patchIdentities[matched].isJSONEqual(to: identity) { matched += 1 }
        }
        if !orderIdentities.isEmpty && matched < patchIdentities.count {
            throw PatchError(
                "\(Self.describe(fieldPath)): the order in the patch list \(JSONValue.array(patchList).jsonString) doesn't match \(Self.setElementOrderPrefix)/\(field) \(order.jsonString)"
            )
        }
        result[field] = .array(
            Self.ordered(current, preferred: orderIdentities, server: originalList.map(identify), identify: identify))
    }

    // MARK: Directives and messages

    static func applyRetainKeys(
        _ directive: JSONValue, fields: [(key: String, value: JSONValue)], to result: inout [String: JSONValue],
        path: [String]
    ) throws(PatchError) {
        guard case .array(let elements) = directive else {
            throw PatchError("\(describe(path)): \(retainKeysKey) must be a list of strings, not \(directive.typeName)")
        }
        var retained: Set<String> = []
        for element in elements {
            guard let name = element.stringValue else {
                throw PatchError("\(describe(path)): \(retainKeysKey) must be a list of strings, found \(element.typeName)")
            }
            retained.insert(name)
        }
        for (key, value) in fields where value != .null && !retained.contains(key) {
            throw PatchError("\(describe(path)): field \"\(key)\" is in the patch but not in \(retainKeysKey)")
        }
        result = result.filter { retained.contains($0.key) }
    }

    /// The list field a `$directive/<field>` key is about.
    static func field(of key: String, prefix: String, path: [String]) throws(PatchError) -> String {
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == prefix, !parts[1].isEmpty else {
            throw PatchError("\(describe(path)): invalid patch directive \"\(key)\" (expected \(prefix)/<field>)")
        }
        return String(parts[1])
    }

    static func missingMergeKey(_ members: [String: JSONValue], key: String, path: [String]) -> PatchError {
        PatchError("\(describe(path)): map \(JSONValue.object(members).jsonString) does not contain declared merge key: \(key)")
    }

    static func describe(_ path: [String]) -> String {
        path.isEmpty ? "strategic merge patch" : "strategic merge patch at \(path.joined(separator: "."))"
    }
}
