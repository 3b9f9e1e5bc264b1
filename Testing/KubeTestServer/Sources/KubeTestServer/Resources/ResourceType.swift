import KubeModel
import KubeSchema

/// One kind the server serves: where it lives in the URL space, how it is
/// named in discovery, and what the server does on writes to it.
public struct ResourceType: Sendable {
    public var group: String
    /// Versions served, preferred (storage) version first.
    public var versions: [String]
    public var kind: String
    public var plural: String
    public var singular: String
    public var namespaced: Bool
    public var shortNames: [String] = []
    public var categories: [String] = []
    /// Writes to the main resource keep the stored status; `/status` changes only status.
    public var hasStatusSubresource: Bool = false
    public var isCustom: Bool = false
    /// A review (TokenReview, SubjectAccessReview...): create-only, answered, never stored.
    public var isReview: Bool = false
    /// Custom resources: the structural schema per version (defaulting, pruning, validation).
    var schemas: [String: StructuralSchema] = [:]
    var printer: TablePrinter = .standard()

    public var listKind: String { kind + "List" }
    public var key: ResourceKey { ResourceKey(group: group, plural: plural) }
    public var preferredVersion: String { versions.first ?? "v1" }

    public func apiVersion(_ version: String) -> String {
        group.isEmpty ? version : "\(group)/\(version)"
    }

    /// `pflacpmonitors.pfstatusrelay.openshift.io`, `daemonsets.apps`, `pods` — as error messages name resources.
    public var qualifiedResource: String { group.isEmpty ? plural : "\(plural).\(group)" }
    /// `PFLACPMonitor.pfstatusrelay.openshift.io` — as 422 messages name kinds.
    public var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    public init(
        group: String, versions: [String], kind: String, plural: String, singular: String? = nil,
        namespaced: Bool, shortNames: [String] = [], categories: [String] = [], hasStatusSubresource: Bool = false
    ) {
        self.group = group
        self.versions = versions
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.hasStatusSubresource = hasStatusSubresource
    }
}

/// Identity of a resource across its versions: objects are stored once per (group, plural).
public struct ResourceKey: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var plural: String
    public init(group: String, plural: String) {
        self.group = group
        self.plural = plural
    }
    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }
}
