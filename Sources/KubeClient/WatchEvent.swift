public import JSONValues
import KubeModel

/// One line of a watch: what happened and the object it happened to. A
/// BOOKMARK carries only a resourceVersion; an ERROR carries a `Status`
/// (410 Expired when the resourceVersion is older than the server's history).
public struct WatchEvent: Sendable, Hashable {
    public enum EventType: String, Sendable, Hashable, CaseIterable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
        case error = "ERROR"
    }

    public var type: EventType
    public var object: JSONValue

    public init(type: EventType, object: JSONValue) {
        self.type = type
        self.object = object
    }

    /// Reads one `{"type": ..., "object": ...}` line.
    public init(decoding line: JSONValue) throws(KubeError) {
        guard let typeName = line["type"].stringValue else {
            throw .decoding("watch event without a type: \(String(line.jsonString.prefix(200)))")
        }
        guard let type = EventType(rawValue: typeName) else {
            throw .decoding("unknown watch event type \"\(typeName)\"")
        }
        self.init(type: type, object: line["object"])
    }

    /// The object's `metadata.resourceVersion` (for bookmarks too).
    public var resourceVersion: String? { object["metadata"]["resourceVersion"].stringValue }

    /// For an ERROR event: its Status as an error (`isGone` for 410 Expired).
    public var error: KubeError? {
        guard type == .error else { return nil }
        return KubeError(status: object, httpCode: 500, request: "watch")
    }
}
