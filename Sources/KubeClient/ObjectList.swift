public import JSONValues
import KubeModel

/// One page of a list: the objects, the resourceVersion to watch from, and
/// the token for the next page when the server paginated.
public struct ObjectList: Sendable, Hashable {
    public var items: [JSONValue]
    public var resourceVersion: String
    /// Nil (or empty) when this is the last page.
    public var continueToken: String?
    /// How many objects the following pages hold, when the server says.
    public var remainingItemCount: Int?

    public init(items: [JSONValue], resourceVersion: String, continueToken: String? = nil, remainingItemCount: Int? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }

    /// Reads a `*List` answer; items get the list's apiVersion and `resource`'s
    /// kind when they lack them (the API server leaves them out).
    public init(decoding list: JSONValue, resource: ResourceDescriptor) throws(KubeError) {
        guard list.objectValue != nil, let items = list["items"].arrayValue ?? (list["items"].isNull ? [] : nil) else {
            throw .decoding("expected a list with an items array, got \(Self.summary(list))")
        }
        let apiVersion = list["apiVersion"].stringValue ?? resource.apiVersion
        self.items = items.map { item in
            var item = item
            if item["apiVersion"].isNull { item["apiVersion"] = .string(apiVersion) }
            if item["kind"].isNull { item["kind"] = .string(resource.kind) }
            return item
        }
        resourceVersion = list["metadata"]["resourceVersion"].stringValue ?? ""
        let token = list["metadata"]["continue"].stringValue ?? ""
        continueToken = token.isEmpty ? nil : token
        remainingItemCount = list["metadata"]["remainingItemCount"].intValue.map { Int($0) }
    }

    private static func summary(_ value: JSONValue) -> String {
        let text = value.jsonString
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
