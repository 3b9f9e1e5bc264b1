import KubeModel
import KubeSchema
import Synchronization

/// Every kind served right now: the built-ins plus one entry per established
/// CustomResourceDefinition. Discovery and routing read it; CRD writes change it.
public final class ResourceRegistry: Sendable {
    private let custom = Mutex<[ResourceKey: ResourceType]>([:])
    private let builtins: [ResourceKey: ResourceType]

    init() {
        builtins = Dictionary(BuiltinResources.all.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var all: [ResourceType] {
        let customTypes = custom.withLock { Array($0.values) }
        return BuiltinResources.all + customTypes.sorted { $0.qualifiedResource < $1.qualifiedResource }
    }

    public func resource(_ key: ResourceKey) -> ResourceType? {
        builtins[key] ?? custom.withLock { $0[key] }
    }

    /// The resource at `/apis/GROUP/VERSION/PLURAL` (or `/api/v1/PLURAL`), if that version is served.
    public func resource(group: String, version: String, plural: String) -> ResourceType? {
        guard let type = resource(ResourceKey(group: group, plural: plural)), type.versions.contains(version) else {
            return nil
        }
        return type
    }

    /// The resource for an object's `apiVersion` and `kind` (owner references, webhooks).
    public func resource(apiVersion: String, kind: String) -> ResourceType? {
        let (group, version) = Self.split(apiVersion: apiVersion)
        return all.first { $0.group == group && $0.kind == kind && $0.versions.contains(version) }
    }

    public func groupVersions() -> [(group: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for type in all {
            if versions[type.group] == nil { order.append(type.group) }
            for version in type.versions where !(versions[type.group] ?? []).contains(version) {
                versions[type.group, default: []].append(version)
            }
        }
        return order.map { ($0, versions[$0] ?? []) }
    }

    func install(_ type: ResourceType) {
        custom.withLock { $0[type.key] = type }
    }

    func remove(_ key: ResourceKey) {
        _ = custom.withLock { $0.removeValue(forKey: key) }
    }

    static func split(apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}
