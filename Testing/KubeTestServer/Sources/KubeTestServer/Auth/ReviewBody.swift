import JSONValues
import KubeModel

/// The body of a TokenRequest or a review: JSON, or the protobuf kubectl's
/// typed clients send for built-in kinds (the only protobuf this server reads).
enum ReviewBody {
    static func decode(_ request: APIRequest, target: RequestTarget, kind: String) throws(APIError) -> JSONValue {
        var object: JSONValue
        if request.contentType == ProtobufReviews.contentType {
            object = try ProtobufReviews.decode(request.body, kind: kind)
        } else {
            object = try ObjectPreparation.decodeObject(request.body, contentType: request.contentType, target: target)
        }
        if let given = object["kind"].stringValue, given != kind {
            throw .badRequest("the kind in the data (\(given)) does not match the expected kind (\(kind))")
        }
        return object
    }

    /// What a review answers: the request as sent, kind and apiVersion set, its status filled.
    static func answer(_ input: JSONValue, kind: String, apiVersion: String, status: JSONValue) -> APIResponse {
        var object = input
        object["kind"] = .string(kind)
        object["apiVersion"] = .string(apiVersion)
        var metadata = input["metadata"]
        metadata["creationTimestamp"] = .null
        object["metadata"] = metadata.objectValue == nil ? .emptyObject : metadata
        object["status"] = status
        return .json(status: 201, body: object)
    }
}
