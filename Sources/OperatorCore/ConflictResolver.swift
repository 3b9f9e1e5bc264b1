public import JSONValues
public import KubeModel

/// What the conflict resolver needs of a PFLACPMonitor.
public struct MonitorSummary: Sendable, Hashable {
    public var id: MonitorID
    public var uid: String
    /// RFC 3339; an empty or unparsable value sorts after every valid one.
    public var creationTimestamp: String
    public var interfaces: [String]
    public var nodeSelection: NodeSelection

    public init(id: MonitorID, uid: String, creationTimestamp: String, interfaces: [String], nodeSelection: NodeSelection) {
        self.id = id
        self.uid = uid
        self.creationTimestamp = creationTimestamp
        self.interfaces = interfaces
        self.nodeSelection = nodeSelection
    }

    /// With a pod-style nodeSelector; nil or empty selects every node.
    public init(id: MonitorID, uid: String, creationTimestamp: String, interfaces: [String], nodeSelector: [String: String]?) {
        let selection: NodeSelection = (nodeSelector?.isEmpty ?? true) ? .everyNode : .matchLabels(nodeSelector ?? [:])
        self.init(id: id, uid: uid, creationTimestamp: creationTimestamp, interfaces: interfaces, nodeSelection: selection)
    }

    /// With a label selector; an empty one selects every node.
    public init(id: MonitorID, uid: String, creationTimestamp: String, interfaces: [String], nodeSelector: LabelSelector) {
        self.init(
            id: id, uid: uid, creationTimestamp: creationTimestamp, interfaces: interfaces,
            nodeSelection: nodeSelector.matchesEverything ? .everyNode : .labelSelector(nodeSelector))
    }

    /// The summary of a stored PFLACPMonitor; fails when its spec is invalid
    /// (an invalid monitor runs nowhere, so it cannot conflict) or it has no name.
    public static func from(_ monitor: JSONValue) -> Result<MonitorSummary, MonitorSpecErrors> {
        guard let id = MonitorID(object: monitor) else {
            return .failure(MonitorSpecErrors([.required("metadata.name")]))
        }
        switch MonitorSpec.parse(monitor) {
        case .failure(let errors):
            return .failure(errors)
        case .success(let spec):
            return .success(
                MonitorSummary(
                    id: id,
                    uid: ObjectMeta(monitor["metadata"]).uid,
                    creationTimestamp: ObjectMeta(monitor["metadata"]).creationTimestamp ?? "",
                    interfaces: spec.interfaces,
                    nodeSelection: spec.nodeSelection))
        }
    }

    /// The key monitors are ranked by: creation time, then namespace/name.
    var age: Timestamp? { Timestamp(creationTimestamp) }
}

/// A node as the resolver sees it.
public struct NodeSummary: Sendable, Hashable {
    public var name: String
    public var labels: [String: String]

    public init(name: String, labels: [String: String]) {
        self.name = name
        self.labels = labels
    }

    /// A core/v1 Node's name and labels (labels that are not strings are skipped); nil without a name.
    public init?(node: JSONValue) {
        let metadata = ObjectMeta(node["metadata"])
        guard !metadata.name.isEmpty else { return nil }
        self.init(name: metadata.name, labels: metadata.labels)
    }
}

/// Why a monitor is not applied: it lists an interface that an older,
/// applied monitor lists too, on a node both select.
public struct MonitorConflict: Sendable, Hashable, CustomStringConvertible {
    /// At most this many nodes (and interfaces, and other winners) are named in messages.
    public static let listLimit = 5

    /// The oldest applied monitor this one conflicts with.
    public let winner: MonitorID
    /// The nodes both select, sorted.
    public let nodes: [String]
    /// The interfaces both list, sorted.
    public let interfaces: [String]
    /// Further applied monitors this one conflicts with, oldest first.
    public let otherWinners: [MonitorID]

    public init(winner: MonitorID, nodes: [String], interfaces: [String], otherWinners: [MonitorID] = []) {
        self.winner = winner
        self.nodes = nodes
        self.interfaces = interfaces
        self.otherWinners = otherWinners
    }

    /// `conflicts with PFLACPMonitor default/m1 on nodes [worker-0] for interfaces [ens5f0]`,
    /// long lists cut to their first five and `and N more`.
    public var message: String {
        var text = "conflicts with \(OperatorNames.kind) \(winner) on nodes \(Self.list(nodes)) for interfaces \(Self.list(interfaces))"
        if !otherWinners.isEmpty {
            let plural = otherWinners.count == 1 ? "" : "s"
            text += ", and with \(otherWinners.count) more \(OperatorNames.kind)\(plural) \(Self.list(otherWinners.map(\.description)))"
        }
        return text
    }

    public var description: String { message }

    /// `[a, b, c, d, e, and 3 more]`.
    static func list(_ items: [String]) -> String {
        guard items.count > listLimit else { return "[" + items.joined(separator: ", ") + "]" }
        return "[" + items.prefix(listLimit).joined(separator: ", ") + ", and \(items.count - listLimit) more]"
    }
}

/// What the operator does with a monitor.
public enum Verdict: Sendable, Hashable {
    /// The monitor is applied: its DaemonSet runs.
    case admitted
    /// The monitor loses to an older one; it gets no DaemonSet.
    case conflict(MonitorConflict)
    /// The monitor's spec is invalid; it gets no DaemonSet.
    case invalidSpec(MonitorSpecErrors)
    /// The operator cannot apply any monitor (for example, no daemon image is configured).
    case misconfigured(String)

    public var isAdmitted: Bool { self == .admitted }

    /// Why the monitor is not applied; nil when it is.
    public var message: String? {
        switch self {
        case .admitted: return nil
        case .conflict(let conflict): return conflict.message
        case .invalidSpec(let errors): return "invalid spec: \(errors.description)"
        case .misconfigured(let problem): return problem
        }
    }
}

/// Decides which monitors are applied when several list the same interface on
/// the same node.
///
/// Two monitors conflict when they share an interface and at least one
/// existing node matches both node selections (a missing or empty selection
/// matches every node). Monitors are taken oldest first (creation time, then
/// namespace/name); each is admitted unless it conflicts with a monitor
/// admitted before it. A monitor that lost does not run, so it blocks nobody:
/// with A older than B older than C, A and B in conflict, B and C in conflict
/// but not A and C, B loses to A and C is admitted.
///
/// Cost: nodes are indexed once by the label keys selections require, so a
/// monitor's node set costs its candidate nodes, not every node; admitted
/// monitors claim (interface, node) pairs, so checking a monitor costs its
/// interfaces times its nodes, whatever the number of monitors.
public enum ConflictResolver {
    public static func resolve(monitors: [MonitorSummary], nodes: [NodeSummary]) -> [MonitorID: Verdict] {
        var nodeSet = IndexedNodes(nodes)

        let ages = monitors.map(\.age)
        let order = monitors.indices.sorted { left, right in
            let leftAge = ages[left]
            let rightAge = ages[right]
            if leftAge != rightAge {
                guard let leftAge else { return false }
                guard let rightAge else { return true }
                return leftAge < rightAge
            }
            return monitors[left].id < monitors[right].id
        }

        // claims[interface][node] = position in `order` of the admitted monitor using it, or -1.
        var claims: [String: [Int32]] = [:]
        var verdicts: [MonitorID: Verdict] = [:]
        verdicts.reserveCapacity(monitors.count)

        for (position, index) in order.enumerated() {
            let monitor = monitors[index]
            let interfaces = Array(Set(monitor.interfaces)).sorted()
            let selected = nodeSet.matching(monitor.nodeSelection)

            // First pass, cheap: which admitted monitors claim a pair this one needs.
            var firstWinner = Int32.max
            var winners: Set<Int32> = []
            var lastSeen: Int32 = -1
            for interface in interfaces {
                guard let owners = claims[interface] else { continue }
                for node in selected {
                    let owner = owners[Int(node)]
                    guard owner >= 0 else { continue }
                    if owner != lastSeen {
                        winners.insert(owner)
                        lastSeen = owner
                    }
                    if owner < firstWinner { firstWinner = owner }
                }
            }

            if winners.isEmpty {
                verdicts[monitor.id] = .admitted
                guard !selected.isEmpty else { continue }
                for interface in interfaces {
                    for node in selected {
                        claims[interface, default: Array(repeating: -1, count: nodeSet.count)][Int(node)] = Int32(position)
                    }
                }
                continue
            }

            // Second pass, for the message: what is shared with the oldest winner.
            var isShared = [Bool](repeating: false, count: selected.count)
            var sharedInterfaces: [String] = []
            for interface in interfaces {
                guard let owners = claims[interface] else { continue }
                var shared = false
                for (offset, node) in selected.enumerated() where owners[Int(node)] == firstWinner {
                    isShared[offset] = true
                    shared = true
                }
                if shared { sharedInterfaces.append(interface) }
            }
            // `selected` is ascending, and nodes are numbered by name: the names come out sorted.
            let sharedNodes = selected.indices.filter { isShared[$0] }.map { nodeSet.names[Int(selected[$0])] }
            verdicts[monitor.id] = .conflict(
                MonitorConflict(
                    winner: monitors[order[Int(firstWinner)]].id,
                    nodes: sharedNodes,
                    interfaces: sharedInterfaces,
                    otherWinners: winners.subtracting([firstWinner]).sorted().map { monitors[order[Int($0)]].id }))
        }
        return verdicts
    }
}

/// The nodes sorted by name, with label indexes built on demand.
struct IndexedNodes {
    let names: [String]
    let labels: [[String: String]]
    private var indexes: [String: [String: [Int32]]] = [:]

    var count: Int { names.count }

    init(_ nodes: [NodeSummary]) {
        var byName: [String: [String: String]] = [:]
        for node in nodes where byName[node.name] == nil {
            byName[node.name] = node.labels
        }
        let sorted = byName.sorted { $0.key < $1.key }
        names = sorted.map(\.key)
        labels = sorted.map(\.value)
    }

    /// The nodes (positions, ascending, so also by name) the selection matches.
    mutating func matching(_ selection: NodeSelection) -> [Int32] {
        if selection.selectsEveryNode { return (0..<Int32(count)).map { $0 } }
        guard let (key, values) = selection.indexableRequirement else {
            return (0..<Int32(count)).filter { selection.matches(labels[Int($0)]) }
        }
        let index = index(for: key)
        var candidates: [Int32] = []
        for value in values {
            candidates += index[value] ?? []
        }
        if values.count > 1 { candidates = Array(Set(candidates)).sorted() }
        return candidates.filter { selection.matches(labels[Int($0)]) }
    }

    private mutating func index(for key: String) -> [String: [Int32]] {
        if let existing = indexes[key] { return existing }
        var built: [String: [Int32]] = [:]
        for (position, nodeLabels) in labels.enumerated() {
            if let value = nodeLabels[key] { built[value, default: []].append(Int32(position)) }
        }
        indexes[key] = built
        return built
    }
}
