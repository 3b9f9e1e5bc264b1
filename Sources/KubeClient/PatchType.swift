/// The patch formats the API server accepts, by their content types.
public enum PatchType: String, Sendable, Hashable, CaseIterable {
    /// RFC 7386 JSON merge patch.
    case merge = "application/merge-patch+json"
    /// RFC 6902 JSON patch (a list of operations).
    case json = "application/json-patch+json"
    /// Kubernetes strategic merge patch (built-in kinds only).
    case strategic = "application/strategic-merge-patch+json"

    public var contentType: String { rawValue }
}
