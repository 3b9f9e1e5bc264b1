public import JSONValues

/// A Kubernetes object as stored, seen through typed accessors over its JSON.
/// The JSON is the one source of truth, so fields the operator does not model
/// (or a newer API adds) survive a read-modify-write.
public protocol StoredObject: Sendable, Hashable, Codable {
    /// The kind, for decoding errors.
    static var kind: String { get }
    var json: JSONValue { get set }
    init(json: JSONValue)
}

extension StoredObject {
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        guard json.objectValue != nil else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a \(Self.kind) is a JSON object"))
        }
        self.init(json: json)
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    public var metadata: ObjectMeta {
        get { ObjectMeta(json["metadata"]) }
        set { json["metadata"] = newValue.json }
    }
}
